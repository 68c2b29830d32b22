#!/usr/bin/env python3
"""Writes GGUF headers (no tensor data) from tensor lists, for tests/data/gguf (docs/gguf.md).

Each tests/data/gguf/<name>.json holds a published file's metadata keys and tensor list, copied from its source
(a gguf_dump.py listing, a model page's tensor table), with the file's size as its host lists it. This script
writes <name>.gguf: the same header a converter would write, tensor offsets laid out as ggml lays them out
(each tensor padded to the alignment), and nothing after it. The reader is then given the listed file size, as
if the header were the start of the real (sparse) file.

  scripts/make_gguf_fixtures.py            write every tests/data/gguf/*.gguf
  scripts/make_gguf_fixtures.py --check    fail when a .gguf differs from what its .json writes

Spec (JSON): {"version": 3, "alignment": 32 (optional), "metadata": [[key, type, value], ...],
"tensors": ["<elements> | <ne0>, <ne1>, <ne2>, <ne3> | <TYPE> | <name>", ...] (gguf_dump.py's columns; a name with
blk.{L} repeats for each of "layers" layers, in its place among the others)}.
Metadata types: u8 i8 u16 i16 u32 i32 f32 bool string u64 i64 f64, and "array:<type>" with a list value
(or, for "array:string", a count: that many empty strings would be the vocabulary; the fixtures leave it out).
"""
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "gguf"

# ggml.h enum ggml_type and ggml.c type_traits (block elements, block bytes); core/src/gguf.cpp holds the same
# table, which tests/test_gguf.cpp checks against ggml's numbers.
GGML_TYPES = {
    "F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q4_1": (3, 32, 20), "Q5_0": (6, 32, 22),
    "Q5_1": (7, 32, 24), "Q8_0": (8, 32, 34), "Q8_1": (9, 32, 36), "Q2_K": (10, 256, 84), "Q3_K": (11, 256, 110),
    "Q4_K": (12, 256, 144), "Q5_K": (13, 256, 176), "Q6_K": (14, 256, 210), "Q8_K": (15, 256, 292),
    "IQ2_XXS": (16, 256, 66), "IQ2_XS": (17, 256, 74), "IQ3_XXS": (18, 256, 98), "IQ1_S": (19, 256, 50),
    "IQ4_NL": (20, 32, 18), "IQ3_S": (21, 256, 110), "IQ2_S": (22, 256, 82), "IQ4_XS": (23, 256, 136),
    "I8": (24, 1, 1), "I16": (25, 1, 2), "I32": (26, 1, 4), "I64": (27, 1, 8), "F64": (28, 1, 8),
    "IQ1_M": (29, 256, 56), "BF16": (30, 1, 2), "TQ1_0": (34, 256, 54), "TQ2_0": (35, 256, 66),
    "MXFP4": (39, 32, 17), "NVFP4": (40, 64, 36), "Q1_0": (41, 128, 18), "Q2_0": (42, 64, 18),
}
VALUE_TYPES = {"u8": (0, "<B"), "i8": (1, "<b"), "u16": (2, "<H"), "i16": (3, "<h"), "u32": (4, "<I"),
               "i32": (5, "<i"), "f32": (6, "<f"), "bool": (7, "<?"), "string": (8, None), "u64": (10, "<Q"),
               "i64": (11, "<q"), "f64": (12, "<d")}


def gguf_string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def value_bytes(typ, value):
    if typ.startswith("array:"):
        elem = typ[6:]
        code = VALUE_TYPES[elem][0]
        if elem == "string" and isinstance(value, int):
            items = [""] * value
        else:
            items = value
        return struct.pack("<IIQ", 9, code, len(items)) + b"".join(value_bytes(elem, v)[4:] for v in items)
    code, fmt = VALUE_TYPES[typ]
    if typ == "string":
        return struct.pack("<I", code) + gguf_string(value)
    return struct.pack("<I", code) + struct.pack(fmt, value)


def parse_tensor(line):
    """'<elements> | d0, d1, d2, d3 | TYPE | name' -> (name, dims, type); gguf_dump.py pads dims with 1s."""
    cols = [c.strip() for c in line.split("|")]
    if len(cols) != 4:
        raise ValueError(f"tensor line needs 4 '|' columns: {line!r}")
    n_elem, dims, typ, name = cols
    ne = [int(d) for d in dims.split(",")]
    n_dims = len(ne)
    while n_dims > 1 and ne[n_dims - 1] == 1:
        n_dims -= 1
    count = 1
    for d in ne:
        count *= d
    if count != int(n_elem):
        raise ValueError(f"{name}: {dims} is {count} elements, the line says {n_elem}")
    return name, ne[:n_dims], typ


def expand(spec):
    """Tensor lines; the lines naming blk.{L} stand for layers 0..spec["layers"]-1 (layer by layer), in the place
    they hold: lines before them come first, lines after them last."""
    lines = spec["tensors"]
    marked = [i for i, t in enumerate(lines) if "{L}" in t]
    if not marked:
        return list(lines)
    first, last = marked[0], marked[-1]
    per_layer = lines[first:last + 1]
    layers = [t.replace("{L}", str(il)) for il in range(spec.get("layers", 0)) for t in per_layer]
    return lines[:first] + layers + lines[last + 1:]


def tensor_bytes(ne, typ):
    _, blck, size = GGML_TYPES[typ]
    if ne[0] % blck:
        raise ValueError(f"row of {ne[0]} not a multiple of {typ}'s block {blck}")
    n = ne[0] // blck * size
    for d in ne[1:]:
        n *= d
    return n


def pad(x, a):
    return (x + a - 1) // a * a


def write_header(spec):
    version = spec.get("version", 3)
    align = spec.get("alignment", 32)
    kv = spec["metadata"]
    tensors = [parse_tensor(t) for t in expand(spec)]
    out = bytearray(b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kv)))
    for key, typ, value in kv:
        out += gguf_string(key) + value_bytes(typ, value)
    offset = 0
    for name, ne, typ in tensors:
        out += gguf_string(name) + struct.pack("<I", len(ne)) + b"".join(struct.pack("<q", d) for d in ne)
        out += struct.pack("<IQ", GGML_TYPES[typ][0], offset)
        offset = pad(offset + tensor_bytes(ne, typ), align)
    out += b"\0" * (pad(len(out), align) - len(out))
    return bytes(out), len(out), offset


def main(argv):
    check = "--check" in argv
    bad = 0
    for spec_path in sorted(DATA.glob("*.json")):
        spec = json.loads(spec_path.read_text())
        if "tensors" not in spec:
            continue
        header, data_offset, data_bytes = write_header(spec)
        target = spec_path.with_suffix(".gguf")
        if check:
            if not target.exists() or target.read_bytes() != header:
                print(f"{target.name}: differs from what {spec_path.name} writes; run scripts/make_gguf_fixtures.py")
                bad += 1
            continue
        target.write_bytes(header)
        print(f"{target.name}: {len(expand(spec))} tensors, header {data_offset} bytes, data {data_bytes} bytes")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
