#!/usr/bin/env bash
# scripts/stream-matrix.sh as a GPU machine would run it, minus the GPU: its cmake configure
# (CONFIGURE_ONLY=1 into a scratch build folder) and its matrix loop on the CPU backend.
# usage: matrix_test.sh SCRIPT BINARY WORKDIR
set -u
script=$1 bin=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

BUILD_DIR="$dir/build" CONFIGURE_ONLY=1 bash "$script" >"$dir/configure.log" 2>&1
check "the script's cmake configure succeeds" "[ $? -eq 0 ]" || cat "$dir/configure.log"
check "it configures headroom-stream without the CLI and the tests" \
  "grep -q 'headroom-stream' '$dir/build/Makefile' 2>/dev/null || grep -rq 'headroom-stream' '$dir/build/cuda' 2>/dev/null"

BIN="$bin" BACKEND=cpu MATRIX=tiny bash "$script" "$dir/out" >"$dir/run.log" 2>&1
rc=$?
check "the tiny matrix on the CPU backend exits 0" "[ $rc -eq 0 ]" || cat "$dir/run.log"
check "matrix.json lists every run, each with a claims file" "python3 - '$dir/out' <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
idx = json.loads((out / 'matrix.json').read_text())
assert idx['schema'] == 'headroom.claims-index/1'
names = [r['name'] for r in idx['runs']]
assert names == ['tiny-int8', 'tiny-int4-budget'], names
for r in idx['runs']:
    d = json.loads((out / r['claims']).read_text())
    assert d['schema'] == 'headroom.claims/1' and d['backend'] == 'cpu'
    assert d['correctness']['streamed_equals_resident'] is True
    assert any(x.get('status') == 'ok' and x['tokens_per_s'] > 0 for x in d['results'])
PY"
check "the summary prints each placement" "grep -q 'stream .*tok/s' '$dir/run.log' && ! grep -q 'summary failed' '$dir/run.log'"
check "weights files are removed unless KEEP_WEIGHTS=1" "[ -z \"\$(ls -A '$dir/out/weights')\" ]"
exit $fail
