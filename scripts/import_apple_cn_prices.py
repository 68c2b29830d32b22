#!/usr/bin/env python3
"""Apple China (apple.com.cn) prices of the Mac mini, Mac Studio and MacBook Pro into core/data/devices.json
(docs/prices.md).

    python3 scripts/import_apple_cn_prices.py SOURCE [--commit SHA] [--write] [--devices core/data/devices.json]

SOURCE is a clone (or bare mirror) of https://github.com/joalbukrek/apple-price-index, whose files are read at HEAD, or
a folder holding copies of its data/catalogs/cn__cn__mac-mini.json, cn__cn__mac-studio.json and
cn__cn__macbook-pro.json; then --commit names the repository commit the copies were taken from (the rows cite the
files at that commit). Each file is a snapshot of one Apple Store China buy page ("familyUrl", e.g. https://www.apple.com.cn/shop/buy-mac/mac-studio) taken at
"savedAt", expanded into every memory and storage configuration through the store's configurator: one "variant" per
configuration, with its "title" and the price the store displayed ("displayedPrice", "displayedPriceText":
"RMB 16,499"). For each catalog device in MAP this reads the one configuration named there (the base configuration
that has the device's chip, GPU cores and memory, with the smallest storage sold with it): the row's price is that
configuration's displayed price in 元, its date the snapshot's day, its source the file at the commit followed by the
buy page.

Prints one line per MAP entry: the device, the price and day read, the configuration's title and displayed price,
the Chinese price now in devices.json and what would happen: "new" (no 元 price yet), "update" (a row from this
source with another value or day, or an older row from elsewhere), "same", "keep" (the device's 元 price comes from
another source with a date at least as new: it stays), or "skip" (the configuration is not in the snapshot, as the
512 GB M3 Ultra, which Apple no longer sold then). With --write, "new" and "update" rows are written (price_cny,
price_cny_date, price_cny_source, after the device's US street or launch price) and nothing else in the file
changes. A file that is not an apple.com.cn snapshot, or a configuration whose displayed text disagrees with its
price, stops the script. Standard library only; git must be on PATH for a mirror.
"""
import argparse
import json
import os
import re
import sys

from price_rows import DATA, git, git_dir, update_device, write_changed

REPO_URL = "https://github.com/joalbukrek/apple-price-index"
STORE = "https://www.apple.com.cn/"
# (buy page, configuration "variantKey") -> catalog device id. Each is the cheapest configuration with the device's
# chip bin (CPU-GPU cores in the key) and memory: Apple's base storage for it (the Mac Studio's M3 Ultra starts at
# 1 TB). The catalog's M4 Pro devices are the 12-core CPU / 16-core GPU bin; its 36 GB M4 Max is the 14/32 bin, and
# 48/64/128 GB come only with the 16/40 bin.
MAP = {
    ("mac-mini", "m4-10-10-16gb-256gb-1gb_per_second"): "m4-16gb",
    ("mac-mini", "m4-10-10-24gb-256gb-1gb_per_second"): "m4-24gb",
    ("mac-mini", "m4-10-10-32gb-256gb-1gb_per_second"): "m4-32gb",
    ("mac-mini", "m4pro-12-16-24gb-512gb-1gb_per_second"): "m4-pro-24gb",
    ("mac-mini", "m4pro-12-16-48gb-512gb-1gb_per_second"): "m4-pro-48gb",
    ("mac-mini", "m4pro-12-16-64gb-512gb-1gb_per_second"): "m4-pro-64gb",
    ("mac-studio", "m4max-14-32-36gb-512gb"): "m4-max-36gb",
    ("mac-studio", "m4max-16-40-48gb-512gb"): "m4-max-48gb",
    ("mac-studio", "m4max-16-40-64gb-512gb"): "m4-max-64gb",
    ("mac-studio", "m4max-16-40-128gb-512gb"): "m4-max-128gb",
    ("mac-studio", "m3ultra-28-60-96gb-1tb"): "m3-ultra-96gb",
    ("mac-studio", "m3ultra-28-60-256gb-1tb"): "m3-ultra-256gb",
    ("mac-studio", "m3ultra-32-80-512gb-1tb"): "m3-ultra-512gb",
    # The M5 Pro / Max devices: the 14-inch MacBook Pro (the cheaper chassis), standard display, with the catalog's GPU
    # bin (M5 Pro 18-core CPU / 20-core GPU, M5 Max 18 / 40) and memory, at its base storage (1 TB; 2 TB for the Max).
    # The plain M5 devices are not mapped: their cheapest Mac (MacBook Air or Pro) is not settled in the catalog.
    ("macbook-pro", "14inch-standard-m5pro-18-20-48gb-1tb"): "m5-pro-48gb",
    ("macbook-pro", "14inch-standard-m5pro-18-20-64gb-1tb"): "m5-pro-64gb",
    ("macbook-pro", "14inch-standard-m5max-18-40-128gb-2tb"): "m5-max-128gb",
}


class SnapshotError(Exception):
    pass


def snapshots(source, commit):
    """({buy page: parsed file}, commit): the files at a mirror's HEAD, or the copies in a folder at `commit`."""
    families = sorted({fam for fam, _ in MAP})
    path = lambda fam: f"data/catalogs/cn__cn__{fam}.json"
    if os.path.isdir(os.path.join(source, ".git")) or os.path.isfile(os.path.join(source, "HEAD")):
        repo = git_dir(source)
        head = git(repo, "rev-parse", "HEAD").strip()
        if commit and commit != head:
            raise SnapshotError(f"--commit {commit} is not the mirror's HEAD {head}")
        print(f"apple-price-index HEAD {head} ({git(repo, 'log', '-1', '--format=%cs', 'HEAD').strip()})")
        return {fam: json.loads(git(repo, "show", f"{head}:{path(fam)}")) for fam in families}, head
    if not commit or not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise SnapshotError("a folder of copies needs --commit, the 40-hex commit they were taken from")
    out = {}
    for fam in families:
        with open(os.path.join(source, os.path.basename(path(fam))), encoding="utf-8") as f:
            out[fam] = json.load(f)
    print(f"apple-price-index copies in {source}, taken at {commit}")
    return out, commit


def read_rows(docs, commit):
    """[(device id, price, day, source, title + displayed text) or (device id, None, reason)] for MAP, checked."""
    rows = []
    for fam, doc in sorted(docs.items()):
        page = doc.get("familyUrl", "")
        if page != f"{STORE}shop/buy-mac/{fam}":
            raise SnapshotError(f"cn__cn__{fam}.json: familyUrl {page!r} is not the apple.com.cn {fam} buy page")
        day = str(doc.get("savedAt", ""))[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise SnapshotError(f"cn__cn__{fam}.json: savedAt {doc.get('savedAt')!r} is not a date")
        variants = {v.get("variantKey"): v for v in doc.get("variants", [])}
        source = f"{REPO_URL}/blob/{commit}/data/catalogs/cn__cn__{fam}.json; {page}"
        for (f, key), dev_id in MAP.items():
            if f != fam:
                continue
            v = variants.get(key)
            if v is None:
                rows.append((dev_id, None, f"{fam} {key}: not in the {day} snapshot"))
                continue
            price, text = v.get("displayedPrice"), v.get("displayedPriceText")
            if (v.get("countryCode") != "cn" or v.get("familySlug") != fam or not isinstance(price, int) or price <= 0
                    or text != f"RMB {price:,}"):
                raise SnapshotError(f"cn__cn__{fam}.json: {key}: not a China price this script understands "
                                    f"(countryCode {v.get('countryCode')!r}, displayedPrice {price!r}, "
                                    f"displayedPriceText {text!r})")
            rows.append((dev_id, price, day, source, f"{v.get('title')}: {text}"))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="git directory of a joalbukrek/apple-price-index clone or mirror, or a folder of "
                                   "copies of its data/catalogs/cn__cn__mac-mini.json and cn__cn__mac-studio.json")
    ap.add_argument("--commit", help="with a folder of copies: the repository commit they were taken from")
    ap.add_argument("--devices", default=os.path.join(DATA, "devices.json"))
    ap.add_argument("--write", action="store_true", help="write the 'new' and 'update' rows into devices.json")
    a = ap.parse_args()
    try:
        rows = read_rows(*snapshots(a.source, a.commit))
    except (SnapshotError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    with open(a.devices, encoding="utf-8") as f:
        catalog = json.load(f)
    by_id = {d["id"]: d for d in catalog["devices"]}
    missing = sorted(set(MAP.values()) - set(by_id))
    if missing:
        print(f"error: MAP names {missing}, not catalog devices", file=sys.stderr)
        return 1
    changed = 0
    for row in rows:
        if row[1] is None:
            print(f"skip    {row[0]:15} {row[2]}")
            continue
        dev_id, price, day, source, quote = row
        what, old = update_device(by_id[dev_id], {"price_cny": price, "price_cny_date": day, "price_cny_source": source},
                                  ("price_us_source", "price_usd"), REPO_URL, a.write)
        print(f"{what:7} {dev_id:15} {price:>6} 元 {day}  {quote!r}  (now: {old[0]} {old[1]})")
        changed += a.write and what in ("new", "update")
    return write_changed(a.devices, catalog, changed)


if __name__ == "__main__":
    sys.exit(main())
