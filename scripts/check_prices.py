#!/usr/bin/env python3
"""Check headroom's price tables (docs/prices.md): core/data/apis.json, core/data/rentals.json and the
price_* fields of core/data/devices.json.

    python3 scripts/check_prices.py [DATA_DIR]      (default: core/data beside this script)

Every price needs a date (YYYY-MM or YYYY-MM-DD, a real month and day, not after the tables' as_of) and an
https source; currencies are USD or CNY; prices are positive and plausible; ids are unique and well formed;
`model` and `gpu` name catalog entries. Rows older than a year before as_of are printed as notes.
Exit 0 when all is well, 1 with one line per problem naming file, row id and field. Standard library only.
"""
import datetime
import json
import os
import re
import sys

ID = re.compile(r"[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*")
LOWER = re.compile(r"[a-z0-9][a-z0-9._-]*")
URL = re.compile(r"https://[^\s;]+")
SOURCES = re.compile(r"https://\S+(; https://\S+)*")   # several URLs are separated by "; "
CURRENCIES = ("USD", "CNY")
API_KEYS = {"id", "provider", "provider_name", "provider_name_zh", "model_name", "model", "currency", "input_per_mtok",
            "cached_input_per_mtok", "output_per_mtok", "date", "source", "quote", "note"}
API_REQUIRED = {"id", "provider", "provider_name", "model_name", "currency", "input_per_mtok", "output_per_mtok",
                "date", "source"}
RENTAL_KEYS = {"id", "platform", "platform_name", "platform_name_zh", "gpu", "currency", "per_gpu_hour", "billing",
               "date", "source", "quote", "note"}
RENTAL_REQUIRED = {"id", "platform", "platform_name", "gpu", "currency", "per_gpu_hour", "date", "source"}
# Plausible ranges: per million tokens in either currency; per GPU-hour by currency.
PER_MTOK = (0, 1000)
PER_HOUR = {"USD": (0.01, 1000), "CNY": (0.05, 10000)}
# Device street prices: (price key, date key, source key, unit, range).
DEVICE_PRICES = [
    ("price_us_usd", "price_us_date", "price_us_source", "USD", (1, 10_000_000)),
    ("price_cny", "price_cny_date", "price_cny_source", "CNY", (1, 100_000_000)),
    ("price_used_usd", "price_used_date", "price_used_source", "USD", (1, 10_000_000)),
]


class Checker:
    def __init__(self):
        self.errors, self.notes = [], []

    def err(self, path, row, field, msg):
        self.errors.append(f"{path}: {row}: '{field}' {msg}")

    def note(self, path, row, msg):
        self.notes.append(f"note: {path}: {row}: {msg}")


def parse_date(s):
    """A date 'YYYY-MM' or 'YYYY-MM-DD' -> (first day, last day) it may mean, or None when malformed."""
    if not isinstance(s, str):
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", s)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    try:
        if m.group(3):
            d = datetime.date(y, mo, int(m.group(3)))
            return d, d
        first = datetime.date(y, mo, 1)
    except ValueError:
        return None
    nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and v not in (float("inf"), float("-inf"))


def check_dated(c, path, rid, row, date_key, source_key, as_of):
    d = row.get(date_key)
    if d in (None, ""):
        c.err(path, rid, date_key, "is missing: every price needs the date its source states (YYYY-MM or YYYY-MM-DD)")
    else:
        span = parse_date(d)
        if span is None:
            c.err(path, rid, date_key, f"{d!r} is not a date: accepted YYYY-MM or YYYY-MM-DD with a real month and day")
        elif span[0] > as_of:
            c.err(path, rid, date_key, f"{d} is after the tables' as_of {as_of.isoformat()}")
        elif span[1] < as_of.replace(year=as_of.year - 1) if not (as_of.month == 2 and as_of.day == 29) \
                else span[1] < as_of - datetime.timedelta(days=366):
            c.note(path, rid, f"{date_key} {d} is more than a year before {as_of.isoformat()}")
    s = row.get(source_key)
    if s in (None, ""):
        c.err(path, rid, source_key, "is missing: every price needs the https URL of the page it was read on")
    elif not isinstance(s, str) or not SOURCES.fullmatch(s):
        c.err(path, rid, source_key, f"{s!r} is not an https URL (several: separated by '; ')")


def check_range(c, path, rid, row, key, lo, hi, unit, required=True, lo_open=False):
    v = row.get(key)
    if v is None:
        if required:
            c.err(path, rid, key, "is missing")
        return
    if not number(v):
        c.err(path, rid, key, f"{v!r} is not a number")
    elif (v <= lo if lo_open else v < lo) or v > hi:
        c.err(path, rid, key, f"{v} is outside {'(' if lo_open else '['}{lo}, {hi}] {unit}")


def load(c, path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        c.err(path, "-", "file", f"cannot be read: {e.strerror}")
    except json.JSONDecodeError as e:
        c.err(path, "-", "file", f"is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")
    return None


def table(c, path, doc, list_key, keys, required, as_of_required=True):
    """The rows of apis.json / rentals.json, and the as_of date; None when the file's shape is wrong."""
    if not isinstance(doc, dict):
        c.err(path, "-", "file", "must be a JSON object")
        return None, None
    for k in doc:
        if k not in ("schema", "about", "as_of", list_key):
            c.err(path, "-", k, f"is not a known top-level key; accepted: schema, about, as_of, {list_key}")
    span = parse_date(doc.get("as_of"))
    if span is None or span[0] != span[1]:
        c.err(path, "-", "as_of", f"{doc.get('as_of')!r} must be the day the table was checked, YYYY-MM-DD")
        as_of = None
    else:
        as_of = span[0]
    rows = doc.get(list_key)
    if not isinstance(rows, list) or not rows:
        c.err(path, "-", list_key, "must be a non-empty list")
        return None, as_of
    good = []
    for n, r in enumerate(rows):
        if not isinstance(r, dict):
            c.err(path, f"row {n + 1}", "-", "must be an object")
            continue
        rid = r.get("id") if isinstance(r.get("id"), str) and r.get("id") else f"row {n + 1}"
        for k in r:
            if k not in keys:
                c.err(path, rid, k, "is not a known key; accepted: " + ", ".join(sorted(keys)))
        for k in sorted(required - {"date", "source"}):   # date and source: check_dated says it in full
            if r.get(k) in (None, ""):
                c.err(path, rid, k, "is missing")
        for k in ("provider_name", "provider_name_zh", "model_name", "platform_name", "platform_name_zh", "billing",
                  "quote", "note"):
            if k in r and not isinstance(r[k], str):
                c.err(path, rid, k, "must be a string")
        good.append((rid, r))
    return good, as_of


def check_ids(c, path, rows, prefix_key):
    seen = set()
    for rid, r in rows:
        i = r.get("id")
        if not isinstance(i, str) or not ID.fullmatch(i):
            c.err(path, rid, "id", f"{i!r} must be {prefix_key}/name: lowercase letters, digits, '.', '_', '-' and one '/'")
            continue
        if i in seen:
            c.err(path, rid, "id", "is a duplicate: one row per id")
        seen.add(i)
        p = r.get(prefix_key)
        if not isinstance(p, str) or not LOWER.fullmatch(p):
            c.err(path, rid, prefix_key, f"{p!r} must be lowercase letters, digits, '.', '_', '-'")
        elif not i.startswith(p + "/"):
            c.err(path, rid, "id", f"must start with the {prefix_key} '{p}/'")


def check_currency(c, path, rid, r):
    if r.get("currency") not in CURRENCIES:
        c.err(path, rid, "currency", f"{r.get('currency')!r} is not accepted; accepted: USD, CNY")
        return False
    return True


def catalog_ids(c, data_dir):
    models, devices = set(), None
    for name in ("models.json", "models-generated.json"):
        p = os.path.join(data_dir, name)
        if os.path.exists(p):
            doc = load(c, p)
            if isinstance(doc, dict):
                models |= {m.get("id") for m in doc.get("models", []) if isinstance(m, dict)}
    p = os.path.join(data_dir, "devices.json")
    doc = load(c, p) if os.path.exists(p) else None
    if isinstance(doc, dict) and isinstance(doc.get("devices"), list):
        devices = doc["devices"]
    return models, devices


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    here = os.path.dirname(os.path.abspath(__file__))
    data_dir = os.path.normpath(argv[1] if len(argv) == 2 else os.path.join(here, "..", "core", "data"))
    c = Checker()
    models, devices = catalog_ids(c, data_dir)
    device_ids = {d.get("id") for d in devices} if devices else set()
    as_ofs = []
    counts = {}

    p = os.path.join(data_dir, "apis.json")
    doc = load(c, p)
    apis, as_of_a = table(c, p, doc, "apis", API_KEYS, API_REQUIRED) if doc is not None else (None, None)
    p2 = os.path.join(data_dir, "rentals.json")
    doc2 = load(c, p2)
    rentals, as_of_r = table(c, p2, doc2, "rentals", RENTAL_KEYS, RENTAL_REQUIRED) if doc2 is not None else (None, None)
    as_of = max([d for d in (as_of_a, as_of_r) if d] or [datetime.date.today()])

    if apis is not None:
        check_ids(c, p, apis, "provider")
        for rid, r in apis:
            check_currency(c, p, rid, r)
            unit = f"{r.get('currency', '')} per million tokens"
            check_range(c, p, rid, r, "input_per_mtok", *PER_MTOK, unit, lo_open=False)
            check_range(c, p, rid, r, "output_per_mtok", *PER_MTOK, unit, lo_open=True)
            check_range(c, p, rid, r, "cached_input_per_mtok", *PER_MTOK, unit, required=False)
            if number(r.get("cached_input_per_mtok")) and number(r.get("input_per_mtok")) \
                    and r["cached_input_per_mtok"] > r["input_per_mtok"]:
                c.err(p, rid, "cached_input_per_mtok", "is above input_per_mtok (a cache hit costs at most a miss)")
            if "model" in r and models and r["model"] not in models:
                c.err(p, rid, "model", f"{r['model']!r} is not a catalog model id (core/data/models*.json); "
                                       "omit 'model' when the catalog has no such model")
            check_dated(c, p, rid, r, "date", "source", as_of)
        counts["apis"] = len(apis)

    if rentals is not None:
        check_ids(c, p2, rentals, "platform")
        for rid, r in rentals:
            if check_currency(c, p2, rid, r):
                lo, hi = PER_HOUR[r["currency"]]
                check_range(c, p2, rid, r, "per_gpu_hour", lo, hi, f"{r['currency']} per GPU-hour")
            if devices is not None and r.get("gpu") not in device_ids:
                c.err(p2, rid, "gpu", f"{r.get('gpu')!r} is not a catalog device id (core/data/devices.json)")
            check_dated(c, p2, rid, r, "date", "source", as_of)
        counts["rentals"] = len(rentals)

    if devices is not None:
        p3 = os.path.join(data_dir, "devices.json")
        n = 0
        for d in devices:
            rid = d.get("id", "?")
            for price, date, source, unit, (lo, hi) in DEVICE_PRICES:
                present = [k for k in (price, date, source) if d.get(k) not in (None, "", 0)]
                if not present:
                    continue
                n += price in present
                if price not in present:
                    c.err(p3, rid, price, f"is missing while {', '.join(present)} is given: the three go together")
                    continue
                check_range(c, p3, rid, d, price, lo, hi, unit)
                check_dated(c, p3, rid, d, date, source, as_of)
        counts["device prices"] = n

    for line in c.notes:
        print(line)
    for line in c.errors:
        print(line, file=sys.stderr)
    if c.errors:
        print(f"check_prices: {len(c.errors)} problem(s)", file=sys.stderr)
        return 1
    print("check_prices: ok: " + ", ".join(f"{v} {k}" for k, v in counts.items()) +
          f"; as_of {as_of.isoformat()}; {len(c.notes)} row(s) older than a year")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
