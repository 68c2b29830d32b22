#!/usr/bin/env bash
# headroom-stream end to end on the CPU backend, its argument errors, and --backend cuda's verdict.
# usage: cli_test.sh BINARY TINY_CONFIG WORKDIR
set -u
bin=$1 cfg=$2 dir=$3
mkdir -p "$dir"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# the whole matrix on the CPU backend: exit 0, a claims file, streamed == resident
"$bin" --backend cpu --config "$cfg" --tokens 6 --quant int8 --weights-file "$dir/w.bin" --out "$dir/claims.json" --quiet
check "cpu run exits 0" "[ $? -eq 0 ]"
check "claims file is valid and consistent" "python3 - '$dir/claims.json' <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['schema'] == 'headroom.claims/1', d['schema']
assert d['backend'] == 'cpu'
for k in ('h2d_pinned_gbps', 'h2d_pageable_gbps', 'disk_read_gbps'):
    assert d['links'][k] > 0, k
names = [r['placement'] for r in d['results']]
assert names == ['resident', 'stream', 'stream-serial', 'pageable', 'disk'], names
for r in d['results']:
    for k in ('tokens_per_s', 'bound_tokens_per_s', 'bytes_per_token'):
        assert r[k] > 0, (r['placement'], k)
    if r['placement'] != 'resident':
        assert r['overlap_efficiency'] > 0 and r['copy_only_s'] > 0 and r['compute_only_s'] > 0
        assert r['slowdown_vs_resident'] > 0
c = d['correctness']
assert c['streamed_equals_resident'] is True and c['max_abs_diff'] == 0
assert 'nan' not in open(sys.argv[1]).read().lower()
PY"

# a budget too small for two slots is bad input naming the option
"$bin" --backend cpu --config "$cfg" --gpu-mem-budget 64KiB --weights-file "$dir/w.bin" --out "$dir/x.json" --quiet 2>"$dir/err"
check "tiny budget exits 2" "[ $? -eq 2 ] && grep -q -- --gpu-mem-budget '$dir/err'"
"$bin" --backend cpu --config "$cfg" --placement stream --gpu-mem-budget 1MiB --tokens 3 --weights-file "$dir/w1.bin" --out "$dir/b.json" --quiet
check "a budget that fits 2 slots runs" "[ $? -eq 0 ] && grep -q '\"n_slots\": 2' '$dir/b.json'"

for bad in "--backend tpu" "--quant int3" "--placement cloud" "--tokens x" "--layers 99" "--config /nonexistent.json"; do
  if [[ $bad == --config* ]]; then args="$bad"; else args="--config $cfg $bad"; fi
  "$bin" --backend cpu $args --out "$dir/x.json" --quiet 2>"$dir/err"
  rc=$?
  opt=${bad%% *}
  check "bad '$bad' exits 2 naming $opt" "[ $rc -eq 2 ] && grep -q -- '$opt' '$dir/err'"
done
"$bin" --help | grep -q -- --gpu-mem-budget
check "--help lists the options" "[ $? -eq 0 ]"

# --backend cuda: without a usable GPU a plain explanation and a non-zero exit; with one, the run
# must pass, including the CUDA-vs-CPU check
"$bin" --backend cuda --config "$cfg" --tokens 6 --weights-file "$dir/w.bin" --out "$dir/cuda.json" --quiet 2>"$dir/err"
rc=$?
if [ $rc -eq 0 ]; then
  check "cuda run matches the cpu reference" "python3 -c \"import json;d=json.load(open('$dir/cuda.json'));assert d['correctness']['cuda_vs_cpu']['pass'] and d['correctness']['streamed_equals_resident']\""
else
  cat "$dir/err"
  check "cuda without a GPU exits 1 saying why" "[ $rc -eq 1 ] && grep -q 'no usable GPU' '$dir/err'"
fi
exit $fail
