#!/usr/bin/env bash
# Measures issue 2's floors on this machine: evaluate latency, the catalog sweep, and the CLI's cold start.
# usage: bench/run-core-floors.sh [build-dir]   (default: build, as scripts/test makes it)
set -euo pipefail
build=${1:-build}
cmake --build "$build" --target headroom-bench headroom -j"$(nproc)" >/dev/null
"$build/bench/headroom-bench"
python3 - "$build/native-cli/headroom" <<'PY'
import statistics, subprocess, sys, time
cli = sys.argv[1]
cmd = [cli, "size", "--model", "llama-3.1-70b", "--quant", "q4_k_m", "--ctx", "32768", "--gpu", "rtx-4090", "--gpus", "2", "--json"]
runs = []
for _ in range(50):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    runs.append((time.perf_counter() - t) * 1000)
t = time.perf_counter(); subprocess.run(["true"]); spawn = (time.perf_counter() - t) * 1000
print(f"cli      `headroom size ... --json` as a whole process: median {statistics.median(runs):.1f} ms, "
      f"max {max(runs):.1f} ms (spawning `true`: {spawn:.1f} ms)")
PY
