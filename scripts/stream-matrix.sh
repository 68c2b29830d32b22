#!/usr/bin/env bash
# Runs headroom-stream's whole matrix on a GPU machine and writes the claims files.
#
#   scripts/stream-matrix.sh [OUT_DIR]        (default: claims/<gpu-name>/)
#
# Env: BUILD_DIR (default build-stream), WEIGHTS_DIR (default $OUT_DIR/weights: put it on the
# disk you want measured), KEEP_WEIGHTS=1 to keep the weights files (tens of GB), QUICK=1 for a
# short smoke run. Needs nvcc, a CUDA driver and a GPU; exits non-zero on the first failed run.
# For CI and dry runs: BIN=path (skip the build), BACKEND=cpu with MATRIX=tiny (the test shape),
# CONFIGURE_ONLY=1 (only the cmake configure this script uses).
# Never commit a claims file that was not measured on the hardware it names.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-stream}
backend=${BACKEND:-cuda}
matrix=${MATRIX:-full}
[ "${QUICK:-0}" = 1 ] && matrix=quick

configure() {
  local nvcc
  nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  # Only the core (for catalog models) and headroom-stream: no CLI, no tests.
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_COMPILER="$nvcc" \
    -DHEADROOM_BUILD_CLI=OFF -DHEADROOM_BUILD_TESTS=OFF >/dev/null
}
if [ "${CONFIGURE_ONLY:-0}" = 1 ]; then
  configure
  echo "configured $build" >&2
  exit 0
fi

if [ "$backend" = cuda ]; then
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,pcie.link.gen.max,pcie.link.width.max --format=csv || true
  gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr ' /' '__' || true)
  gpu=${gpu:-unknown-gpu}
else
  gpu=$backend
fi
out=${1:-$root/claims/$gpu}
weights=${WEIGHTS_DIR:-$out/weights}
mkdir -p "$out" "$weights"

if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  configure
  cmake --build "$build" --target headroom-stream -j"$(nproc)"
  bin=$build/cuda/headroom-stream
fi

# name | arguments. Each run decodes its tokens once per placement; the big ones are cut or
# shortened so the whole matrix stays within minutes (the disk placement reads every byte per token).
case "$matrix" in
  tiny)
    runs=(
      "tiny-int8|--config $root/cuda/tests/tiny_config.json --quant int8 --tokens 4"
      "tiny-int4-budget|--config $root/cuda/tests/tiny_config.json --quant int4 --tokens 4 --gpu-mem-budget 1MiB --placement resident,stream,disk"
    ) ;;
  quick)
    runs=(
      "llama-3.2-1b-f16|--model llama-3.2-1b --quant f16 --tokens 8"
    ) ;;
  full)
    runs=(
      "llama-3.2-1b-f16|--model llama-3.2-1b --quant f16 --tokens 32"
      "llama-3.1-8b-f16|--model llama-3.1-8b --quant f16 --tokens 16"
      "llama-3.1-8b-int8|--model llama-3.1-8b --quant int8 --tokens 16"
      "llama-3.1-8b-int4-4gib|--model llama-3.1-8b --quant int4 --tokens 16 --gpu-mem-budget 4GiB"
      "llama-3.1-70b-int4-4gib|--model llama-3.1-70b --quant int4 --tokens 8 --gpu-mem-budget 4GiB --placement resident,stream,stream-serial,pageable"
      "llama-3.1-70b-int4-4gib-disk-20l|--model llama-3.1-70b --quant int4 --layers 20 --tokens 4 --gpu-mem-budget 4GiB --placement resident,stream,disk"
    ) ;;
  *) echo "MATRIX must be tiny, quick or full" >&2; exit 2 ;;
esac
quiet=()
[ "$backend" = cpu ] && quiet=(--quiet)

index="$out/matrix.json"
echo '{"schema": "headroom.claims-index/1", "runs": [' > "$index"
first=1
for r in "${runs[@]}"; do
  name=${r%%|*} args=${r#*|}
  echo "== $name: headroom-stream --backend $backend $args" >&2
  # shellcheck disable=SC2086
  "$bin" --backend "$backend" $args --weights-file "$weights/$name.bin" --out "$out/$name.json" ${quiet[@]+"${quiet[@]}"}
  [ "${KEEP_WEIGHTS:-0}" = 1 ] || rm -f "$weights/$name.bin"
  [ $first = 1 ] || echo ',' >> "$index"
  first=0
  printf '  {"name": "%s", "args": "%s", "claims": "%s.json"}' "$name" "$args" "$name" >> "$index"
done
printf '\n]}\n' >> "$index"

python3 - "$out" <<'PY' || echo "stream-matrix: the summary failed (the claims files are written)" >&2
import json, pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):
    d = json.loads(p.read_text())
    if d.get('schema') != 'headroom.claims/1':
        continue
    print(f"\n{p.name}: {d['machine']['device']['name']}, pinned {d['links']['h2d_pinned_gbps']:.1f} GB/s, "
          f"pageable {d['links']['h2d_pageable_gbps']:.1f} GB/s, disk {d['links']['disk_read_gbps']:.2f} GB/s")
    for r in d['results']:
        if r.get('status') != 'ok':
            print(f"  {r['placement']:14s} skipped: {r.get('reason')}")
            continue
        ov = r.get('overlap_efficiency')
        print(f"  {r['placement']:14s} {r['tokens_per_s']:9.2f} tok/s  bound {r['bound_tokens_per_s']:9.2f} "
              f"({r['achieved_vs_bound']*100:5.1f}%)" + (f"  overlap {ov*100:5.1f}%" if ov else ""))
    print("  floors:", {k: v['pass'] for k, v in d['floors'].items() if isinstance(v, dict)})
PY
echo "claims written to $out (index: $index)" >&2
