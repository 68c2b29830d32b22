#!/usr/bin/env python3
"""Fit the speed model's per-backend constants (core/src/speed.cpp) to the published measurements.

usage: bench/fit_speed.py [build-dir]      (runs <build>/bench/headroom-accuracy --rows)

Decode, single device, all on GPU: time per token = bytes_per_token / (peak_bw * bw_eff) + n_layer * layer_us,
with bw_eff in 0.50..0.95 (physical) and layer_us in 0..150, chosen by grid search to minimise the median
relative error (the figure docs/accuracy.md publishes). Prefill: utilisation = median(measured /
predicted-at-100%), per backend.
Prints the constants; copy them into speed.cpp and regenerate docs/accuracy.md.
"""
import json, statistics, subprocess, sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
rows = [json.loads(l) for l in subprocess.run([f"{build}/bench/headroom-accuracy", "--rows"],
                                              capture_output=True, text=True, check=True).stdout.splitlines()]

def predicted(r, e, us):
    return 1.0 / (r["bytes_over_bw"] / e + r["layers"] * us * 1e-6)

def median_err(dec, e, us):
    return statistics.median(abs(predicted(r, e, us) / r["measured"] - 1) for r in dec)

def fit(dec):
    best = None
    for e in [0.50 + 0.01 * i for i in range(46)]:
        for us in [0.5 * i for i in range(301)]:
            err = median_err(dec, e, us)
            if best is None or err < best[0]:
                best = (err, e, us)
    return best[1], best[2]

for cal in sorted({r["calibration"] for r in rows}):
    dec = [r for r in rows if r["calibration"] == cal and r["group"] == "dense_decode"]
    pre = [r for r in rows if r["calibration"] == cal and r["group"] == "prefill"]
    if len(dec) >= 4:
        e, us = fit(dec)
        print(f"{cal}: decode bw_eff = {e:.2f}, layer_us = {us:.1f}   (median error {median_err(dec, e, us) * 100:.1f}% on {len(dec)} rows)")
    if len(pre) >= 4:
        util = statistics.median(r["measured"] / r["prefill_at_full_util"] for r in pre)
        print(f"{cal}: prefill_util = {util:.3f}   ({len(pre)} rows)")

# Out-of-sample check: 5-fold cross-validation of the decode fit (folds by row order), so the published
# error is not only the in-sample one.
for cal in sorted({r["calibration"] for r in rows}):
    dec = [r for r in rows if r["calibration"] == cal and r["group"] == "dense_decode"]
    if len(dec) < 10:
        continue
    held = []
    for k in range(5):
        train = [r for i, r in enumerate(dec) if i % 5 != k]
        e, us = fit(train)
        held += [abs(predicted(r, e, us) / r["measured"] - 1) for i, r in enumerate(dec) if i % 5 == k]
    print(f"{cal}: decode 5-fold cross-validated median error {statistics.median(held) * 100:.1f}% "
          f"({sum(h <= 0.25 for h in held) * 100 // len(held)}% within 25%)")
