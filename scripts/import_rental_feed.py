#!/usr/bin/env python3
"""RunPod and Vast.ai rental prices from fenggg1988/gpu-price-tracker into core/data/rentals.json (docs/prices.md).

    python3 scripts/import_rental_feed.py FEED_GIT_DIR [--write] [--rentals core/data/rentals.json]

FEED_GIT_DIR is a clone (or bare mirror) of https://github.com/fenggg1988/gpu-price-tracker. Its gpu_prices.json is
{"last_updated": ..., "history": {"YYYY-MM-DD": [record, ...]}}, one bucket a day, written by the tracker's daily
workflow (scrape_gpu_prices.py). A record is {"provider", "gpu_model", "price_per_hour_usd", "source", ...}. Only
"live" records are read (the scraper's API reads), from the newest day's bucket of the file at HEAD:
  - "RunPod (Secure)" / "RunPod (Community)": RunPod's GraphQL gpuTypes securePrice / communityPrice, the on-demand
    price of one GPU in Secure / Community Cloud;
  - "Vast.ai (min)": the cheapest dph_total ($/h) among the up to 25 cheapest rentable 1-GPU offers of Vast.ai's
    bundles API for that GPU name; "Vast.ai (median)" (the median of the cheapest 90% of those offers) is named in
    the row's note only.
"reference" records (the tracker's hand-kept list prices for AWS, Lambda, Modal, ..., with an as_of date and no
page) are not read. Each row is dated by the bucket's day and cites gpu_prices.json at HEAD; its quote is the
record's one-line cells as the file writes them.

Prints one line per record: the row id, the price and date, the row now in rentals.json and what would happen:
"new" (no row with that id), "update" (the feed's row with another value, or another source's older row: it is
replaced and named in the note), "same", "keep" (a row from another source at least as new stays), or "skip" (a
provider or GPU this script does not import). A live record of a provider or GPU it does not know stops it (exit 1):
decide what it is first. With --write, "new" and "update" rows are written and nothing else in the file changes.
Standard library only; git must be on PATH.
"""
import json
import sys

from price_rows import action, git, importer_args, open_mirror, write_changed

REPO_URL = "https://github.com/fenggg1988/gpu-price-tracker"
FILE = "gpu_prices.json"
# Feed gpu_model -> catalog device id. Each names form factor and memory; the scraper queries RunPod ids "NVIDIA H100
# 80GB HBM3", "NVIDIA A100-SXM4-80GB", "NVIDIA H200", "NVIDIA B200" and Vast.ai gpu_name "H100 SXM", "A100 SXM4"
# (>= 80 GB), "H200", "B200" (its TARGETS list).
GPUS = {
    "H100 SXM 80GB": "h100-sxm",
    "A100 SXM 80GB": "a100-80gb-sxm",
    "H200 SXM 141GB": "h200-sxm",
    "B200 SXM 180GB": "b200",
}
# Live provider -> (platform, id suffix, billing); None: read only for another row's note.
PROVIDERS = {
    "RunPod (Secure)": ("runpod", "", "on-demand (Secure Cloud)"),
    "RunPod (Community)": ("runpod", "-community", "on-demand (Community Cloud)"),
    "Vast.ai (min)": ("vast", "", "marketplace, lowest listing"),
    "Vast.ai (median)": None,
}
PLATFORM_NAMES = {"runpod": "RunPod", "vast": "Vast.ai"}
QUOTE_KEYS = ("provider", "gpu_model", "price_per_hour_usd", "source", "scrape_time")


def quote(rec):
    """The record's one-line cells as json.dump (the tracker's writer, indent 2) prints them, in the file's order;
    each is a line of the file, joined by " ... " (the sample size, on lines of its own, is in the note)."""
    return " ... ".join(f"{json.dumps(k)}: {json.dumps(rec[k], ensure_ascii=False)}" for k in QUOTE_KEYS if k in rec)


def note(rec, day, median):
    if rec["provider"].startswith("Vast.ai"):
        n = rec.get("extra", {}).get("sample_size")
        text = (f"fenggg1988/gpu-price-tracker, live read of Vast.ai's bundles API on {day} (scrape_time "
                f"{rec.get('scrape_time')}): the minimum dph_total (total $/h of the offer) among {n} rentable 1-GPU "
                f"offers (the up to 25 cheapest, unverified hosts included)")
        if median is not None:
            text += (f"; the same read's 'Vast.ai (median)' is {median} USD (median of the cheapest 90% of those "
                     f"offers, not of the whole market)")
        return text + ("; the scraper's query names no offer type (the vastai CLI sends on-demand unless told "
                       "otherwise), so on-demand vs interruptible is not stated")
    return (f"fenggg1988/gpu-price-tracker, live read of RunPod's GraphQL API on {day} (scrape_time "
            f"{rec.get('scrape_time')}): gpuTypes {'securePrice' if 'Secure' in rec['provider'] else 'communityPrice'},"
            f" per GPU")


def earlier(old):
    """'earlier: ...' naming a replaced row, followed by the earlier prices its own note named."""
    text = f"earlier: {old['per_gpu_hour']} {old['currency']} on {old['date']} ({old['source']})"
    prev = old.get("note", "").split("earlier: ", 1)
    return text + (", " + prev[1] if len(prev) == 2 else "")


def main():
    a = importer_args(__doc__, "git directory of a fenggg1988/gpu-price-tracker clone or mirror", "rentals")
    repo, head = open_mirror(a.mirror, "feed")
    doc = json.loads(git(repo, "show", f"HEAD:{FILE}"))
    day = max(doc["history"])
    records = [r for r in doc["history"][day] if r.get("source") == "live"]
    print(f"newest day {day}: {len(records)} live records")
    unknown = sorted({f"provider {r['provider']!r}" for r in records if r["provider"] not in PROVIDERS} |
                     {f"gpu_model {r['gpu_model']!r}" for r in records if r["gpu_model"] not in GPUS})
    if unknown:
        print("error: live records this script cannot place (decide what each is): " + ", ".join(unknown),
              file=sys.stderr)
        return 1
    with open(a.rentals, encoding="utf-8") as f:
        table = json.load(f)
    rows = table["rentals"]
    by_id = {r["id"]: r for r in rows}
    medians = {r["gpu_model"]: r["price_per_hour_usd"] for r in records if r["provider"] == "Vast.ai (median)"}
    source = f"{REPO_URL}/blob/{head}/{FILE}"
    changed = 0
    for rec in records:
        how = PROVIDERS[rec["provider"]]
        price = rec.get("price_per_hour_usd")
        if how is None or not isinstance(price, (int, float)) or isinstance(price, bool) or price <= 0:
            print(f"skip    {rec['provider']} {rec['gpu_model']}: "
                  + ("named in the lowest listing's note" if how is None else f"no price ({price!r})"))
            continue
        platform, suffix, billing = how
        gpu = GPUS[rec["gpu_model"]]
        rid = f"{platform}/{gpu}{suffix}"
        old = by_id.get(rid)
        old_t = (old["per_gpu_hour"], old["date"], old["source"]) if old else (None, None, None)
        what = action(old_t, (price, day, source), REPO_URL)
        print(f"{what:7} {rid:30} ${price:<8} {day}  (now: {old_t[0]} {old_t[1]})")
        if not (a.write and what in ("new", "update")):
            continue
        row = {"id": rid, "platform": platform, "platform_name": PLATFORM_NAMES[platform], "gpu": gpu,
               "currency": "USD", "per_gpu_hour": price, "billing": billing, "date": day, "source": source,
               "quote": quote(rec), "note": note(rec, day, medians.get(rec["gpu_model"]))}
        if old is not None and not str(old["source"]).startswith(REPO_URL):
            row["note"] += "; " + earlier(old)
        elif old is not None and "earlier: " in old.get("note", ""):
            row["note"] += "; earlier: " + old["note"].split("earlier: ", 1)[1]
        if old is not None:
            rows[rows.index(old)] = row
        else:   # after the platform's last row (the table is grouped by platform), else at the end
            at = max((i for i, r in enumerate(rows) if r["platform"] == platform), default=len(rows) - 1) + 1
            rows.insert(at, row)
        by_id[rid] = row
        changed += 1
    return write_changed(a.rentals, table, changed)


if __name__ == "__main__":
    sys.exit(main())
