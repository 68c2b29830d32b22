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

# Host RAM tier (offload: CPU layers; cpu-moe: routed experts on the CPU). The rest of each token's time is
# kept as predicted; host time = host_bytes / (host_bw * host_eff) + cpu_moe_layers * cpu_moe_us.
# host_eff is fitted on the layer-offload rows (median error), then cpu_moe_us on the cpu-moe rows.
import pathlib, re
src = (pathlib.Path(__file__).resolve().parent.parent / "core/src/speed.cpp").read_text()
cur_us = float(re.search(r"kCpuMoeLayerUs = ([\d.]+)", src).group(1))
off = [r for r in rows if r["group"] == "offload" and r["host_s"] > 0 and not r["holdout"]]
held_out = [r for r in rows if r["group"] == "offload" and r["host_s"] > 0 and r["holdout"]]
for r in off:
    r["rest_s"] = 1.0 / r["predicted"] - r["host_s"] / r["host_eff"] - r["cpu_moe_layers"] * cur_us * 1e-6

def host_pred(r, he, us):
    return 1.0 / (r["rest_s"] + r["host_s"] / he + r["cpu_moe_layers"] * us * 1e-6)

layer_rows = [r for r in off if r["cpu_moe_layers"] == 0]
moe_rows = [r for r in off if r["cpu_moe_layers"] > 0]
if len(layer_rows) >= 3:
    he = min((0.30 + 0.01 * i for i in range(61)),
             key=lambda e: statistics.median(abs(host_pred(r, e, 0) / r["measured"] - 1) for r in layer_rows))
    loo = []   # leave-one-out over the layer-offload rows
    for k, held in enumerate(layer_rows):
        train = [r for i, r in enumerate(layer_rows) if i != k]
        e = min((0.30 + 0.01 * i for i in range(61)),
                key=lambda e: statistics.median(abs(host_pred(r, e, 0) / r["measured"] - 1) for r in train))
        loo.append(abs(host_pred(held, e, 0) / held["measured"] - 1))
    print(f"host: kHostBwEff = {he:.2f}   (median error {statistics.median(abs(host_pred(r, he, 0) / r['measured'] - 1) for r in layer_rows) * 100:.1f}% "
          f"on {len(layer_rows)} layer-offload rows; leave-one-out {statistics.median(loo) * 100:.1f}%)")
    # cpu-moe: only rows whose figure is decode alone (not an end-to-end average with the prompt in it).
    clean = [r for r in moe_rows if not r.get("includes_prompt")]
    us = cur_us
    if clean:
        us = min((5.0 * i for i in range(101)),
                 key=lambda u: statistics.median(abs(host_pred(r, he, u) / r["measured"] - 1) for r in clean))
        print(f"host: kCpuMoeLayerUs = {us:.0f}   (fitted on {len(clean)} cpu-moe row(s); all cpu-moe rows: " +
              ", ".join(f"{r['id']} {(host_pred(r, he, us) / r['measured'] - 1) * 100:+.0f}%" for r in moe_rows) + ")")
    for r in held_out:   # other hosts, never fitted on: predicted with the constants above
        r["rest_s"] = 1.0 / r["predicted"] - r["host_s"] / r["host_eff"] - r["cpu_moe_layers"] * cur_us * 1e-6
    if held_out:
        print("host: held-out rows (other machines): " +
              ", ".join(f"{r['id']} {(host_pred(r, he, us) / r['measured'] - 1) * 100:+.0f}%" for r in held_out))

# vLLM: bandwidth share and per-layer cost stay assumed (0.80, 3 us); the fixed cost per decode step
# (scheduler, sampler, Python) is fitted on the CUDA rows, then the ROCm rows' per-layer cost (RCCL
# all-reduce latency and kernels) with that step cost. Latency rows (e2e) include their prefill.
# {"name", bw_eff, layer_us, prefill_util, validated, step_us, ...} as written in speed.cpp
cal_re = r'\{"(vllm/\w+)",\s*[\d.]+,\s*([\d.]+),\s*[\d.]+,\s*(?:true|false),\s*([\d.]+)'
cur_layer = {c: float(l) for c, l, _ in re.findall(cal_re, src)}
cur_step = {c: float(st) for c, _, st in re.findall(cal_re, src)}
assert cur_step, "could not read the vLLM calibrations from speed.cpp"

def vllm_pred(r, step_us, layer_us):
    base = r["step_s"] - (cur_step.get(r["calibration"], 0) + r["layers"] * cur_layer.get(r["calibration"], 0)) * 1e-6
    t = base + (step_us + r["layers"] * layer_us) * 1e-6
    return r["gen"] / (r["ttft_s"] + r["gen"] * t) if r["metric"] == "latency_s" else 1.0 / t

vl = [r for r in rows if r["group"] == "vllm_decode" and not r["holdout"]]
cuda = [r for r in vl if r["calibration"] == "vllm/cuda"]
rocm = [r for r in vl if r["calibration"] == "vllm/rocm"]
if cuda:
    lay = cur_layer.get("vllm/cuda", 3.0)
    # least squares: with a handful of rows a median has no unique minimum
    step = min((25.0 * i for i in range(161)),
               key=lambda u: sum((vllm_pred(r, u, lay) / r["measured"] - 1) ** 2 for r in cuda))
    print(f"vllm/cuda: step_us = {step:.0f} (layer_us {lay:.0f} kept)   " +
          ", ".join(f"{r['id']} {(vllm_pred(r, step, lay) / r['measured'] - 1) * 100:+.0f}%" for r in cuda))
    if rocm:
        lay_r = min((1.0 * i for i in range(201)),
                    key=lambda u: sum((vllm_pred(r, step, u) / r["measured"] - 1) ** 2 for r in rocm))
        print(f"vllm/rocm: layer_us = {lay_r:.0f} (step_us {step:.0f})   " +
              ", ".join(f"{r['id']} {(vllm_pred(r, step, lay_r) / r['measured'] - 1) * 100:+.0f}%" for r in rocm))
