#!/usr/bin/env python3
"""元 prices quoted in dated posts of public git repositories into core/data/devices.json (docs/prices.md).

    python3 scripts/import_quoted_cn_prices.py MIRROR [MIRROR ...] [--write] [--devices core/data/devices.json]

Each MIRROR is a clone (or bare mirror) of a repository QUOTES cites (`fetch github:OWNER/NAME`). A row of QUOTES is a
price a person wrote in a dated post, copied here by hand: the device, the price in 元, the date, the repository, the
commit and path of the file, and the exact text. The script checks what can be checked by reading the file: that it
holds the text verbatim at that commit, that the text names the price (digits, "1,234", or "7.5万"), and that a post
whose file name starts with a date (Jekyll's YYYY-MM-DD-name) has the row's date. The row's source is the file at the
commit. What the number means (new or used, which configuration, rounded or not) is the human reading in the row's
"reading", repeated in docs/prices.md; the script cannot check it.

Prints one line per row: "new" (no 元 price yet), "update" (a row from the same file with another value or date, or
an older row from elsewhere), "same", "keep" (a 元 price from elsewhere with a date at least as new stays), "skip"
(no mirror given holds the commit) or "bad" (the file does not hold the text, the text does not name the price, or
the dates disagree: then nothing is written and the script exits 1). With --write, "new" and "update" rows are
written (price_cny, price_cny_date, price_cny_source, after the device's US street or launch price). Standard
library only; git must be on PATH.
"""
import argparse
import json
import os
import re
import subprocess
import sys

from price_rows import DATA, action, git_dir, set_fields, write_changed

QUOTES = [
    {
        "device": "m3-ultra-512gb",
        "price": 75000,
        "date": "2025-03-08",
        "repo": "Mabbs/mabbs.github.io",
        "commit": "bb46247e973b46f9b64d640905f30ab2c2acb676",
        "path": "_posts/2025-03-08-llm2.md",
        "quote": "最近几天苹果出了新的Mac Studio，最高配的M3 Ultra可以选配512GiB的内存，可以轻松跑DeepSeek-R1 671b "
                 "Q4_K的版本，然后价格最低仅需7.5万CNY",
        "reading": "the lowest Apple China price of a Mac Studio with the 512 GB M3 Ultra, three days after its "
                   "announcement, rounded by the author to 7.5万 (75,000) 元",
    },
]


def amounts(text):
    """The 元 amounts a text names: '7.5万' -> 75000, '16,499' or '16499' -> 16499."""
    out = set()
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*万", text):
        out.add(round(float(m.group(1)) * 10000))
    for m in re.finditer(r"\d{1,3}(?:,\d{3})+|\d+", text):
        out.add(int(m.group(0).replace(",", "")))
    return out


def show(mirror, commit, path):
    """The file at commit in mirror, or None when the mirror lacks the commit or the path."""
    r = subprocess.run(["git", "--git-dir", git_dir(mirror), "show", f"{commit}:{path}"], capture_output=True)
    return r.stdout.decode("utf-8") if r.returncode == 0 else None


def check(row, mirrors):
    """('ok', source) or ('skip' | 'bad', why) for one QUOTES row."""
    text = next((t for t in (show(m, row["commit"], row["path"]) for m in mirrors) if t is not None), None)
    if text is None:
        return "skip", f"no mirror given holds {row['repo']}@{row['commit'][:8]}:{row['path']}"
    if row["quote"] not in text:
        return "bad", f"{row['path']} at {row['commit'][:8]} does not hold the quoted text"
    if row["price"] not in amounts(row["quote"]):
        return "bad", f"the quoted text names no {row['price']}"
    m = re.match(r"(\d{4}-\d{2}-\d{2})-", os.path.basename(row["path"]))
    if m and m.group(1) != row["date"]:
        return "bad", f"the post is dated {m.group(1)} by its file name, the row {row['date']}"
    return "ok", f"https://github.com/{row['repo']}/blob/{row['commit']}/{row['path']}"


def main(quotes=QUOTES):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mirrors", nargs="+", help="git directories of the repositories QUOTES cites")
    ap.add_argument("--devices", default=os.path.join(DATA, "devices.json"))
    ap.add_argument("--write", action="store_true", help="write the 'new' and 'update' rows into devices.json")
    a = ap.parse_args()
    with open(a.devices, encoding="utf-8") as f:
        catalog = json.load(f)
    by_id = {d["id"]: d for d in catalog["devices"]}
    plan, bad = [], 0
    for row in quotes:
        if row["device"] not in by_id:
            print(f"bad     {row['device']}: not a catalog device")
            bad += 1
            continue
        status, what = check(row, a.mirrors)
        if status != "ok":
            print(f"{status:7} {row['device']:15} {what}")
            bad += status == "bad"
            continue
        d = by_id[row["device"]]
        old = (d.get("price_cny"), d.get("price_cny_date"), d.get("price_cny_source"))
        new = (row["price"], row["date"], what)
        act = action(old, new, what)
        print(f"{act:7} {row['device']:15} {row['price']:>6} 元 {row['date']}  {row['quote']!r}  "
              f"(now: {old[0]} {old[1]})")
        plan.append((act, d, new))
    if bad:
        print(f"error: {bad} row(s) do not match their source; nothing written", file=sys.stderr)
        return 1
    changed = 0
    for act, d, (price, date, source) in plan:
        if a.write and act in ("new", "update"):
            set_fields(d, {"price_cny": price, "price_cny_date": date, "price_cny_source": source},
                       ("price_us_source", "price_usd"))
            changed += 1
    return write_changed(a.devices, catalog, changed)


if __name__ == "__main__":
    sys.exit(main())
