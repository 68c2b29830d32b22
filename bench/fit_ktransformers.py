#!/usr/bin/env python3
"""Fit KTransformers' CPU-kernel constants (core/src/speed.cpp, KtKernel) to its published runs.

usage: bench/fit_ktransformers.py [build-dir]      (runs <build>/bench/headroom-accuracy --rows)

Rows: group "ktransformers" of tests/data/speed_measurements.json. Fitted on the rows without "holdout" (KTransformers'
own DeepSeek-V3 runs on a Xeon Gold 6454S, one and two sockets); the held-out rows (a later version on that machine,
other machines from other authors) are printed with the fitted constants, never fitted on.

Decode: a token's time = rest + host_s / host_eff + cpu_moe_layers x cpu_moe_us, with `rest` (the GPU part) as the core
predicts it; host_eff in 0.20..0.95 and cpu_moe_us in 0..1000 by least squares of the log error (two unknowns, two
fitted rows: the one-socket and the two-socket run, so exactly determined; the held-out rows test it).
Prefill: per prompt token = rest + cpu_s / util, cpu_s (the CPU experts' FLOPs at the kernel's peak) solved from the
core's prediction at the shipped util and at util 1 (`prefill_at_full_util`); util per kernel (llamafile for GGUF
experts, AMX for int8 and bf16) as the median of what the fitted rows imply. Copy the printed constants into speed.cpp,
rebuild and run again until they stop moving (prefill reads the experts at host_eff).
"""
import json, math, statistics, subprocess, sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
rows = [json.loads(l) for l in subprocess.run([f"{build}/bench/headroom-accuracy", "--rows"],
                                              capture_output=True, text=True, check=True).stdout.splitlines()]
kt = [r for r in rows if r["group"] == "ktransformers" and r.get("predicted", 0) > 0]
if not kt:
    sys.exit("no evaluated ktransformers rows")
# The shipped constants (speed.cpp's KtKernel rows) and each row's kernel (its experts' format, as kt_kernel picks it).
import pathlib, re
root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "core/src/speed.cpp").read_text()
shipped = {m.group(1): tuple(map(float, m.group(2, 3, 4)))
           for m in re.finditer(r'constexpr KtKernel \w+\{"(\w+)", ([\d.]+), ([\d.]+), ([\d.]+),', src)}
quant = {r["id"]: r["quant"] for r in json.loads((root / "tests/data/speed_measurements.json").read_text())["rows"]}
for r in kt:
    q = quant[r["id"]].lower()
    r["kt_kernel"] = "amx_int8" if q == "int8" else "amx_bf16" if q == "bf16" else "llamafile"
    r["kt_cpu_moe_us"], r["prefill_util"] = shipped[r["kt_kernel"]][1], shipped[r["kt_kernel"]][2]

def err(p, m):
    return p / m - 1

dec = [r for r in kt if r["metric"] == "decode_tokens_per_s"]
for r in dec:   # the GPU part and everything else, as predicted with the shipped constants
    r["rest_s"] = 1.0 / r["predicted"] - r["host_s"] / r["host_eff"] - r["n_cpu_moe"] * r["kt_cpu_moe_us"] * 1e-6

def dec_pred(r, he, us):
    return 1.0 / (r["rest_s"] + r["host_s"] / he + r["n_cpu_moe"] * us * 1e-6)

fit_dec = [r for r in dec if not r["holdout"]]
best = min(((0.20 + 0.01 * i, 5.0 * k) for i in range(76) for k in range(201)),
           key=lambda c: sum(math.log(dec_pred(r, *c) / r["measured"]) ** 2 for r in fit_dec))
he, us = best
print(f"decode: host_eff = {he:.2f}, cpu_moe_us = {us:.0f}   (fitted on {len(fit_dec)} rows: " +
      ", ".join(f"{r['id']} {err(dec_pred(r, he, us), r['measured']) * 100:+.0f}%" for r in fit_dec) + ")")
held = [r for r in dec if r["holdout"]]
if held:
    e = [abs(err(dec_pred(r, he, us), r["measured"])) for r in held]
    print(f"decode held out ({len(held)} rows, median {statistics.median(e) * 100:.1f}%): " +
          ", ".join(f"{r['id']} {err(dec_pred(r, he, us), r['measured']) * 100:+.0f}%" for r in held))

pre = [r for r in kt if r["metric"] == "prefill_tokens_per_s"]
by_kernel = {}
for r in pre:
    shipped = r["prefill_util"]
    cpu_s = (1.0 / r["predicted"] - 1.0 / r["prefill_at_full_util"]) / (1.0 / shipped - 1.0)
    r["cpu_s"], r["rest_s"] = cpu_s, 1.0 / r["prefill_at_full_util"] - cpu_s
    by_kernel.setdefault(r["kt_kernel"], []).append(r)
for kernel, rs in sorted(by_kernel.items()):
    fit_rows = [r for r in rs if not r["holdout"]]
    implied = [r["cpu_s"] / (1.0 / r["measured"] - r["rest_s"]) for r in fit_rows if 1.0 / r["measured"] > r["rest_s"]]
    if not implied:
        continue
    util = statistics.median(implied)
    pred = lambda r: 1.0 / (r["rest_s"] + r["cpu_s"] / util)
    print(f"prefill {kernel}: prefill_util = {util:.3f}   (median of {len(implied)} fitted rows: " +
          ", ".join(f"{r['id']} {err(pred(r), r['measured']) * 100:+.0f}%" for r in fit_rows) + ")")
    held = [r for r in rs if r["holdout"]]
    if held:
        e = [abs(err(pred(r), r["measured"])) for r in held]
        print(f"prefill {kernel} held out ({len(held)} rows, median {statistics.median(e) * 100:.1f}%): " +
              ", ".join(f"{r['id']} {err(pred(r), r['measured']) * 100:+.0f}%" for r in held))
