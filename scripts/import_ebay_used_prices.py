#!/usr/bin/env python3
"""Used (eBay) prices from buttke/ebay-2021-2023-gpu-prices into core/data/devices.json (docs/prices.md).

    python3 scripts/import_ebay_used_prices.py EBAY_GIT_DIR [--write] [--devices core/data/devices.json]

EBAY_GIT_DIR is a clone (or bare mirror) of https://github.com/buttke/ebay-2021-2023-gpu-prices, which keeps the tables
of Tom's Hardware's "eBay Historical GPU Prices" pages (https://www.tomshardware.com/news/gpus-historical-ebay-pricing:
the average price of the sold eBay listings of each card in one month, junk listings removed) as
data/<page title>/table_N.csv. Each table's first columns are "GPU", "<Month> eBay Price" and "QTY Sold"; the month
is the column's ("October", "Oct", "Sept"; a column headed "Avg eBay Price" names none and is not read), the year
the folder name's (the year before when the column's month is later than the folder's, as a
January page of December's prices would be). For each card this takes the newest month with at least MIN_SOLD sales:
the row's price is that average, its date the month (YYYY-MM), and its source the table file at the repository's HEAD.

Prints one line per card the tables name: the catalog device it maps to, the price, month and number sold, the used
price now in devices.json and what would happen: "new" (no used price yet), "update" (a row from this source with
another value or month), "same", "keep" (the device's used price comes from another source with a date at least as
new: it stays), or "skip" (no catalog device, an ambiguous name, or fewer than MIN_SOLD sales in every month). With
--write, "new" and "update" rows are written (price_used_usd, price_used_date, price_used_source, after the device's
other price fields) and nothing else in the file changes. Standard library only; git must be on PATH.
"""
import csv
import io
import json
import re
import sys

from price_rows import git, importer_args, open_mirror, update_device, write_changed

REPO_URL = "https://github.com/buttke/ebay-2021-2023-gpu-prices"
MIN_SOLD = 5   # an "average" of fewer sales is one or two listings
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
# The tables' "GPU" cell -> catalog device id; None: no catalog device, or the name does not say which one (memory).
# A card not listed here is skipped and named, so a new name in the tables is seen, never guessed.
MAP = {
    "GeForce RTX 4090": "rtx-4090",
    "GeForce RTX 4080": "rtx-4080",
    "GeForce RTX 4070 Ti": "rtx-4070-ti",
    "GeForce RTX 4070": "rtx-4070",
    "GeForce RTX 4060 Ti 16GB": "rtx-4060-ti-16gb",
    # The tables list the 16 GB card on its own row ("4060 Ti 16GB", retail $430) from its launch; this row (retail
    # $370) is the 8 GB card.
    "GeForce RTX 4060 Ti": "rtx-4060-ti-8gb",
    "GeForce RTX 4060": "rtx-4060",
    "GeForce RTX 3090 Ti": "rtx-3090-ti",
    "GeForce RTX 3090": "rtx-3090",
    "GeForce RTX 3080 Ti": "rtx-3080-ti",
    "GeForce RTX 3080 12GB": "rtx-3080-12gb",
    "GeForce RTX 3080": "rtx-3080-10gb",   # the 12 GB card has its own row
    "GeForce RTX 3070 Ti": "rtx-3070-ti",
    "GeForce RTX 3070": "rtx-3070",
    "GeForce RTX 3060 Ti": "rtx-3060-ti",
    "GeForce RTX 3060": None,   # sold with 12 GB and (from late 2022) 8 GB; the name does not say which
    "GeForce RTX 3050": None,   # 8 GB desktop, but also a 6 GB card later; not placed
    "GeForce RTX 2080 Ti": "rtx-2080-ti",
    "GeForce RTX 2080": "rtx-2080",
    "Radeon RX 7900 XTX": "rx-7900-xtx",
    "Radeon RX 7900 XT": "rx-7900-xt",
    "Intel Arc A770 16GB": "arc-a770-16gb",
    "Intel Arc A770 8GB": "arc-a770-8gb",
}


def dollars(cell):
    """'$1,704' -> 1704; '—' or anything else -> None."""
    m = re.fullmatch(r"\$([0-9][0-9,]*(?:\.[0-9]+)?)", cell.strip())
    return None if m is None else float(m.group(1).replace(",", ""))


def month_of(path, header):
    """'YYYY-MM' of a table: the month named in its price column, the year in its folder name; None if unclear."""
    folder = path.split("/")[1]
    fm = re.match(r"([A-Za-z]+)_+(\d{4})", folder)
    col = header.lower().split()[0] if header else ""   # "October", "Oct", "Sept"; "Avg" names no month

    def number(word):   # month index from the full name or its first three letters, else None
        return next((i for i, m in enumerate(MONTHS) if len(word) >= 3 and m.startswith(word[:3])
                     and (word == m or m.startswith(word))), None)

    if not fm or number(fm.group(1).lower()) is None or number(col) is None or "ebay price" not in header.lower():
        return None
    year, folder_month, month = int(fm.group(2)), number(fm.group(1).lower()), number(col)
    if month > folder_month:
        year -= 1
    return f"{year}-{month + 1:02d}"


def readings(repo, head):
    """{gpu name: [(month, price, sold, path, price cell)]} from every table at head."""
    out, monthless = {}, 0
    for path in git(repo, "ls-tree", "-r", "--name-only", head, "data/").splitlines():
        if not path.endswith(".csv"):
            continue
        rows = list(csv.reader(io.StringIO(git(repo, "show", f"{head}:{path}"))))
        if not rows or len(rows[0]) < 3 or rows[0][0] != "GPU" or rows[0][2] != "QTY Sold":
            print(f"warning: {path}: not a GPU / eBay Price / QTY Sold table, not read", file=sys.stderr)
            continue
        month = month_of(path, rows[0][1])
        if month is None and rows[0][1] == "Avg eBay Price":
            monthless += 1   # the older pages: the column names no month
            continue
        if month is None:
            print(f"warning: {path}: month not clear from {rows[0][1]!r}, not read", file=sys.stderr)
            continue
        for row in rows[1:]:
            if len(row) < 3:
                continue
            price = dollars(row[1])
            sold = int(row[2]) if row[2].strip().isdigit() else 0
            if price is not None and price > 0:
                out.setdefault(row[0].strip(), []).append((month, price, sold, path, row[1].strip()))
    if monthless:
        print(f"note: {monthless} tables headed 'Avg eBay Price' name no month, not read")
    return out


def main():
    a = importer_args(__doc__, "git directory of a buttke/ebay-2021-2023-gpu-prices clone or mirror", "devices")
    repo, head = open_mirror(a.mirror, "eBay tables")
    with open(a.devices, encoding="utf-8") as f:
        catalog = json.load(f)
    by_id = {d["id"]: d for d in catalog["devices"]}
    for dev_id in MAP.values():
        if dev_id is not None and dev_id not in by_id:
            print(f"error: MAP names {dev_id!r}, not a catalog device", file=sys.stderr)
            return 1
    changed = 0
    for name, found in sorted(readings(repo, head).items()):
        dev_id = MAP.get(name)
        enough = [r for r in found if r[2] >= MIN_SOLD]
        if dev_id is None or not enough:
            why = ("not in MAP" if name not in MAP else "no single catalog device" if dev_id is None
                   else f"fewer than {MIN_SOLD} sold in every month")
            print(f"skip    {name}: {why}")
            continue
        month, price, sold, path, cell = max(enough, key=lambda r: r[0])
        source = f"{REPO_URL}/blob/{head}/{path}"
        price = int(price) if price == int(price) else price
        # After the last of the device's other price fields (CNY, US street, launch), else before launch.
        what, old = update_device(by_id[dev_id], {"price_used_usd": price, "price_used_date": month, "price_used_source": source},
                                  ("price_cny_source", "price_us_source", "price_usd"), REPO_URL, a.write)
        print(f"{what:7} {dev_id:18} ${price:<7} {month}  {sold:4} sold  {cell!r:10} (now: {old[0]} {old[1]})")
        changed += a.write and what in ("new", "update")
    return write_changed(a.devices, catalog, changed)


if __name__ == "__main__":
    sys.exit(main())
