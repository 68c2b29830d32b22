"""What the price importers share (import_tracker_prices.py, import_ebay_used_prices.py): reading a git mirror,
deciding what a dated row does to a device's price fields, and writing those fields into devices.json in place."""
import argparse
import json
import os
import subprocess

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "data")


def git_dir(path):
    """A clone's .git directory, or the path itself (a bare mirror)."""
    return os.path.join(path, ".git") if os.path.isdir(os.path.join(path, ".git")) else path


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def importer_args(doc, mirror_help, table):
    """An importer's command line: the mirror it reads, --write, and the table it writes (--devices or --rentals:
    core/data/<table>.json)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("mirror", help=mirror_help)
    ap.add_argument(f"--{table}", default=os.path.join(DATA, f"{table}.json"))
    ap.add_argument("--write", action="store_true", help=f"write the 'new' and 'update' rows into {table}.json")
    return ap.parse_args()


def open_mirror(path, label):
    """A mirror's git directory and HEAD commit, said as it is read."""
    repo = git_dir(path)
    head = git(repo, "rev-parse", "HEAD").strip()
    print(f"{label} HEAD {head} ({git(repo, 'log', '-1', '--format=%cs', 'HEAD').strip()})")
    return repo, head


def action(old, new, repo_url):
    """What a (price, date, source) row read from repo_url does to the device's current one: new (none yet),
    same, update, or keep (a price from another source that is as new or newer stays)."""
    if old[0] is None:
        return "new"
    if not str(old[2]).startswith(repo_url):
        return "keep" if str(old[1]) >= new[1] else "update"
    return "same" if tuple(old) == tuple(new) else "update"


def set_fields(device, row, after):
    """Sets row's fields in device (a dict, keys kept in order): right after the first of `after` the device has,
    else before its launch field, else at the end."""
    keys = [k for k in device if k not in row]
    anchor = next((k for k in after if k in keys), None)
    rebuilt = {}
    for k in keys:
        if anchor is None and k == "launch":
            rebuilt.update(row)
        rebuilt[k] = device[k]
        if k == anchor:
            rebuilt.update(row)
    for k, v in row.items():
        rebuilt.setdefault(k, v)
    device.clear()
    device.update(rebuilt)


def write_devices(path, catalog):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")


def update_device(device, fields, after, repo_url, write):
    """One price row read from repo_url: fields are the device's (price, date, source) keys in that order, with the
    values read. Compares them with the device's current ones (action); with write, sets them (set_fields, after)
    when new or an update. Returns (what, old): action's word and the current values."""
    old = tuple(device.get(k) for k in fields)
    what = action(old, tuple(fields.values()), repo_url)
    if write and what in ("new", "update"):
        set_fields(device, fields, after)
    return what, old


def write_changed(path, doc, changed):
    """Writes doc (the devices or rentals table) when rows changed, and says so. The importers' exit status: 0."""
    if changed:
        write_devices(path, doc)
        print(f"wrote {changed} rows to {path}")
    return 0
