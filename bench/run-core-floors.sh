#!/usr/bin/env bash
# Measures issue 2's floors on this machine: evaluate latency, the catalog sweep, and the CLI's cold start.
# usage: bench/run-core-floors.sh [build-dir]   (default: build, as scripts/test makes it)
set -euo pipefail
build=${1:-build}
cmake --build "$build" --target headroom-bench headroom -j"$(nproc)" >/dev/null
"$build/bench/headroom-bench"
python3 - "$build/native-cli/headroom" <<'PY'
import resource, statistics, subprocess, sys, time
cli = sys.argv[1]
cmd = [cli, "size", "--model", "llama-3.1-70b", "--quant", "q4_k_m", "--ctx", "32768", "--gpu", "rtx-4090", "--gpus", "2", "--json"]

def runs(c, n=60):
    """Wall time and the child's CPU time (user + system, from rusage) of n cold processes, in ms."""
    wall, cpu = [], []
    for _ in range(n):
        r0, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        wall.append((time.perf_counter() - t) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000)
    return statistics.median(wall), statistics.median(cpu)

w, c = runs(cmd)
tw, tc = runs(["true"])
print(f"cli      `headroom size ... --json` as a whole process, median of 60: CPU {c:.2f} ms (floor 3 ms), wall {w:.1f} ms; "
      f"`true` the same way: CPU {tc:.2f} ms, wall {tw:.1f} ms")
PY
