#!/usr/bin/env python3
"""Write the constants `headroom-accuracy --fit` refits on every row into core/src/speed.cpp's llama.cpp rows.

usage: bench/apply_fit.py [build-dir]     (default: build; rebuild headroom-accuracy and run again until it prints
                                            "fixed point": the prefill, expert and attention terms depend on each other)
The shipped constants are the fit's fixed point; docs/accuracy.md's in-sample column is computed with them, and
scripts/approve-golden then rewrites the golden reports and that page.
"""
import pathlib, re, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build")
if not build.is_absolute():
    build = root / build
fit = subprocess.run([str(build / "bench" / "headroom-accuracy"), "--fit"], capture_output=True, text=True, check=True).stdout
p = root / "core" / "src" / "speed.cpp"
s = p.read_text()
changed = False
for cal, var in (("llama.cpp/cuda", "kLlamaCuda"), ("llama.cpp/metal", "kLlamaMetal"), ("llama.cpp/rocm", "kLlamaRocm"),
                 ("llama.cpp/vulkan", "kLlamaVulkan"), ("llama.cpp/cuda-hbm", "kLlamaCudaHbm")):
    lines = [l for l in fit.splitlines() if l.split() and l.split()[0] == cal]
    if not lines:
        continue
    line = lines[0]
    def got(key, default):
        m = re.search(key + r" ([\d.]+)", line)
        return m.group(1) if m else default
    pat = re.compile(r'(constexpr Calibration ' + var + r'\s*\{"' + re.escape(cal) + r'",\s*)([\d.]+), ([\d.]+), ([\d.]+), (true|false), ([\d.]+),'
                     r'(\s*)("[a-z_]+")(?:, ([\d.]+))?(?:, ([\d.]+))?(?:, ([\d.]+))?(, true|, false)?\}')
    m = pat.search(s)
    if not m:
        sys.exit(f"{var} ({cal}) not found in {p}")
    new = (f'{m.group(1)}{got("bw_eff", m.group(2))}, {got("layer_us", m.group(3))}, {got("prefill_util", m.group(4))}, '
           f'{m.group(5)}, {m.group(6)},{m.group(7)}{m.group(8)}, {got("expert_pad", m.group(9) or "0.0")}, '
           f'{got("moe_layer_us", m.group(10) or "0.0")}, {got("attn_eff", m.group(11) or "1.0")}{m.group(12) or ""}}}')
    changed |= new != m.group(0)
    s = s[:m.start()] + new + s[m.end():]
p.write_text(s)
print("changed: rebuild and run again" if changed else "fixed point")
