#!/usr/bin/env bash
# Builds headroom: native (build/: core, CLI, tests, CUDA target when nvcc is found) and
# wasm (build-wasm/: the embind module + the static site in build-wasm/site/).
# Usage: scripts/build.sh [native|wasm]...   (default: both). Does not install anything.
set -euo pipefail

_hr_build_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

headroom_build_native() {
  local root cuda=()
  root=$(_hr_build_root)
  if [ -x /usr/local/cuda/bin/nvcc ]; then
    cuda=(-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc)
  fi
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release "${cuda[@]}"
  cmake --build "$root/build" -j"$(nproc)"
}

headroom_build_wasm() {
  local root
  root=$(_hr_build_root)
  # Optimized em++ links run an acorn-based optimizer that lives in Debian's node path.
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  # The native CLI (built first) prerenders the page's default result; absent, the page renders it.
  emcmake cmake -S "$root" -B "$root/build-wasm" -DCMAKE_BUILD_TYPE=Release -DHEADROOM_NATIVE_CLI="$root/build/native-cli/headroom"
  cmake --build "$root/build-wasm" -j"$(nproc)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  targets=("$@")
  [ "${#targets[@]}" -gt 0 ] || targets=(native wasm)
  for t in "${targets[@]}"; do
    case "$t" in
      native) headroom_build_native ;;
      wasm) headroom_build_wasm ;;
      *) echo "usage: scripts/build.sh [native|wasm]..." >&2; exit 2 ;;
    esac
  done
fi
