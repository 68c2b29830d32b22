#!/usr/bin/env python3
"""US street prices from United-Compute/gpu-price-tracker into core/data/devices.json (docs/prices.md).

    python3 scripts/import_tracker_prices.py TRACKER_GIT_DIR [--write] [--devices core/data/devices.json]

TRACKER_GIT_DIR is a clone (or bare mirror) of https://github.com/United-Compute/gpu-price-tracker. Its data/<Card>.json
files hold {"gpu_name": ..., "prices": {"YYYY-MM-DDTHH:MM:SS": dollars, ...}}: the Amazon Buy Box price on each day the
tracker's daily job read it. Newer commits may carry an emptied file (the tracker's job stopped filling them), so for
each file this reads the newest commit whose file still has prices, and takes the newest dated price there: the row's
price is that value, its date the key's day, and its source the file at that commit (the commit that last carried it).

Prints one line per tracker file: the catalog device it maps to, the price and date found, the row now in
devices.json and what would happen: "new" (no US price yet), "update" (a tracker row with an older date or another
value), "same", "keep" (the device's US price comes from another source with a date at least as new: it stays), or
"skip" (no catalog device, or no price in any commit). With --write, "new" and "update" rows are written (price_us_usd,
price_us_date, price_us_source, after price_usd or else before launch) and nothing else in the file changes.
Standard library only; git must be on PATH.
"""
import json
import subprocess
import sys

from price_rows import git, importer_args, open_mirror, update_device, write_changed

REPO_URL = "https://github.com/United-Compute/gpu-price-tracker"
# Tracker file (data/<name>.json) -> catalog device id; None: the catalog has no such board. Each was compared by
# name and memory with the tracker README's table (its VRAM column; the 4060 Ti file is the 8 GB card).
MAP = {
    "AMD_Radeon_Instinct_MI300X": "mi300x",
    "NVIDIA_A100_40GB_PCle": "a100-40gb-pcie",
    "NVIDIA_A100_80GB_PCle": "a100-80gb-pcie",
    "NVIDIA_A100_80GB_SXM": "a100-80gb-sxm",
    "NVIDIA_A100_SXM4_40_GB": "a100-40gb-sxm",
    "NVIDIA_A10G": "a10g",
    "NVIDIA_A10_PCIe": "a10",
    "NVIDIA_A30_PCIe": None,
    "NVIDIA_A40_PCIe": "a40",
    "NVIDIA_B200_SXM_192_GB": "b200",
    "NVIDIA_GH200": None,
    "NVIDIA_GeForce_RTX_3070": "rtx-3070",
    "NVIDIA_GeForce_RTX_3090": "rtx-3090",
    "NVIDIA_GeForce_RTX_3090_Ti": "rtx-3090-ti",
    "NVIDIA_GeForce_RTX_4060_Ti": "rtx-4060-ti-8gb",
    "NVIDIA_GeForce_RTX_4070": "rtx-4070",
    "NVIDIA_GeForce_RTX_4070_Ti": "rtx-4070-ti",
    "NVIDIA_GeForce_RTX_4080": "rtx-4080",
    "NVIDIA_GeForce_RTX_4080_SUPER": "rtx-4080-super",
    "NVIDIA_GeForce_RTX_4090": "rtx-4090",
    "NVIDIA_GeForce_RTX_5080": "rtx-5080",
    "NVIDIA_GeForce_RTX_5090": "rtx-5090",
    "NVIDIA_H100_PCIe_80_GB": "h100-pcie",
    "NVIDIA_H100_PCIe_96_GB": None,
    "NVIDIA_H100_SXM5_80_GB": "h100-sxm",
    "NVIDIA_H200_SXM_141_GB": "h200-sxm",
    "NVIDIA_L4": "l4",
    "NVIDIA_L40": "l40",
    "NVIDIA_L40S": "l40s",
    "NVIDIA_Quadro_RTX_6000": None,
    "NVIDIA_RTX_2000_Ada_Generation": None,
    "NVIDIA_RTX_4000_Ada_Generation": None,
    "NVIDIA_RTX_4000_SFF_Ada_Generation": None,
    "NVIDIA_RTX_5000_Ada_Generation": None,
    "NVIDIA_RTX_6000_Ada_Generation": "rtx-6000-ada",
    "NVIDIA_RTX_A2000": None,
    "NVIDIA_RTX_A4000": None,
    "NVIDIA_RTX_A4500": None,
    "NVIDIA_RTX_A5000": None,
    "NVIDIA_RTX_A6000": "rtx-a6000",
    "NVIDIA_Tesla_P100_PCIe_16_GB": "tesla-p100-pcie-16gb",
    "NVIDIA_Tesla_P4": None,
    "NVIDIA_Tesla_T4": "t4",
    "NVIDIA_Tesla_V100_SXM2_16_GB": "v100-sxm2",
    "NVIDIA_Tesla_V100_SXM2_32_GB": "v100-sxm2-32gb",
    "Nvidia_GeForce_RTX_2080": "rtx-2080",
    "Quadro_RTX_5000": None,
}


def newest_price(repo, path):
    """(price, 'YYYY-MM-DD', commit) from the newest commit whose file has prices, or None."""
    for commit in git(repo, "log", "--format=%H", "HEAD", "--", path).split():
        try:
            doc = json.loads(git(repo, "show", f"{commit}:{path}"))
        except (subprocess.CalledProcessError, json.JSONDecodeError):
            continue   # deleted or unreadable in this commit
        prices = doc.get("prices") or {}
        good = {k: v for k, v in prices.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0}
        if good:
            key = max(good)   # ISO timestamps sort by time
            return good[key], key[:10], commit
    return None


def main():
    a = importer_args(__doc__, "git directory of a United-Compute/gpu-price-tracker clone or mirror", "devices")
    repo, head = open_mirror(a.mirror, "tracker")
    with open(a.devices, encoding="utf-8") as f:
        text = f.read()
    catalog = json.loads(text)
    by_id = {d["id"]: d for d in catalog["devices"]}
    files = sorted(p[len("data/"):-len(".json")] for p in git(repo, "ls-tree", "--name-only", "HEAD", "data/").split()
                   if p.endswith(".json"))
    unknown = [f for f in files if f not in MAP]
    if unknown:
        print("error: tracker files not in MAP (decide which catalog device each is): " + ", ".join(unknown),
              file=sys.stderr)
        return 1
    changed = 0
    for name in files:
        dev_id = MAP[name]
        if dev_id is not None and dev_id not in by_id:
            print(f"error: MAP names {dev_id!r} for {name}, not a catalog device", file=sys.stderr)
            return 1
        found = newest_price(repo, f"data/{name}.json")
        if dev_id is None or found is None:
            why = "no catalog device" if dev_id is None else "no price in any commit"
            print(f"skip    {name}: {why}")
            continue
        price, date, commit = found
        source = f"{REPO_URL}/blob/{commit}/data/{name}.json"
        # After price_usd (the launch price) where there is one, else before launch, as the other rows.
        what, old = update_device(by_id[dev_id], {"price_us_usd": price, "price_us_date": date, "price_us_source": source},
                                  ("price_usd",), REPO_URL, a.write)
        print(f"{what:7} {dev_id:22} ${price:<10} {date}  commit {commit[:10]}  (now: {old[0]} {old[1]})")
        changed += a.write and what in ("new", "update")
    return write_changed(a.devices, catalog, changed)


if __name__ == "__main__":
    sys.exit(main())
