#!/usr/bin/env python3
"""Compiles the catalogs (core/data/*.json, the edited source) into C++ tables; run by the build.

  gen_catalog.py DATA_DIR --cpp OUT.hpp [--no-provenance]   tables that core/src/catalog.cpp turns into the Catalog
  gen_catalog.py DATA_DIR --provenance OUT.json             every entry's source, as_of and verification

Every entry is checked first (required fields, types, units, ranges, unknown keys, duplicate ids): a data
typo stops the build with a message naming the file, the entry and the field. --no-provenance (the wasm
build) leaves the prose that no report shows (as_of, verification) out of the tables; the page fetches it
from provenance.json when asked. `source` stays: every report carries model.source and device.source, and
the wasm module's reports are the CLI's to the byte. Standard library only.
"""
import argparse
import collections
import json
import os
import re
import sys

PROSE = ("as_of", "verification")   # provenance no report shows: left out with --no-provenance


class DataError(Exception):
    pass


def fail(where, message):
    raise DataError(f"{where}: {message}")


# ---- columns ------------------------------------------------------------------------------------------
# One column: its JSON key (a "moe.n_expert" path reads a nested object), the C++ member of the row,
# its type (str, int, num, bool, or an enum/lookup emitted by the table's own code), whether it is
# required, its default when absent, and a check of its value (a unit's plausible range).

class Col:
    def __init__(self, key, ctype, required=False, default=None, check=None, member=None, compiled=True, rows=None, also=None):
        self.key, self.ctype, self.required, self.default, self.check = key, ctype, required, default, check
        # other paths to the same member (a shape field attention kinds share): a string or a tuple of them
        self.also = (also,) if isinstance(also, str) else tuple(also or ())
        self.member = member or key.split(".")[-1]
        self.compiled = compiled   # False: validated, kept in provenance.json, never in the tables
        self.rows = rows           # ctype "rows": a list of objects, each read with these columns


def positive(v):
    return None if v > 0 else "must be positive"


def non_negative(v):
    return None if v >= 0 else "must be 0 or more"


def within(lo, hi, unit):
    def check(v):
        return None if lo <= v <= hi else f"must be {lo}..{hi} {unit} (got {v}: another unit?)"
    return check


def one_of(*values):
    def check(v):
        return None if v in values else "must be one of " + ", ".join(map(str, values))
    return check


def matches(pattern, what):
    def check(v):
        return None if re.fullmatch(pattern, v) else f"must be {what}"
    return check


def not_empty(v):
    return None if v else "must not be empty"


YEAR_MONTH = matches(r"\d{4}-(0[1-9]|1[0-2])", "YYYY-MM")
DATE = matches(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", "YYYY-MM-DD")
PRICE_DATE = matches(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?", "YYYY-MM or YYYY-MM-DD")
URLS = matches(r"https?://\S+(; https?://\S+)*", "a URL (several: separated by '; ')")
REPO_ID = matches(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*", "Owner/Name")
LOWER_ID = matches(r"[a-z0-9][a-z0-9._-]*", "lowercase letters, digits, '.', '_' and '-'")
TFLOPS = within(0.1, 100000, "TFLOPS")
BITS = within(1, 64, "bits")            # bits per weight or per cache element
EXTRA_BITS = within(0, 64, "bits")      # a group's scale, zero point or g_idx bits: 0 when it has none

# A repository id the model was published under before its owner renamed it (Hugging Face redirects the old id):
# each with where the rename is written down, so an old id typed still finds the model (docs/recommend.md).
RENAMED_FROM = [
    Col("hf_repo", "str", True, check=REPO_ID),
    Col("source", "str", True, check=URLS),
    Col("as_of", "str", True, check=YEAR_MONTH),
    Col("quote", "str", default=""),
]

MODEL = [
    Col("id", "str", True, check=LOWER_ID),
    Col("name", "str", True, check=not_empty),
    Col("family", "str", default=""),
    Col("hf_repo", "str", default=""),
    # Compiled as a table of its own (renamed_repos); the sources go to provenance.json.
    Col("renamed_from", "rows", default=(), compiled=False, rows=RENAMED_FROM),
    Col("modelscope_repo", "str", default=""),   # filled from core/data/modelscope.json, never in a model entry
    Col("release_date", "str", default="", check=DATE),
    Col("source", "str", True, check=not_empty),
    Col("as_of", "str", True, check=YEAR_MONTH),
    Col("verification", "str", default=""),
    Col("params_b_nominal", "num", True, check=within(0.01, 100000, "billion parameters")),
    Col("params_official", "int64", default=0, check=non_negative),
    Col("params_active_official", "int64", default=0, check=non_negative),
    Col("n_layer", "int", True, check=positive),
    Col("n_embd", "int", True, check=positive),
    Col("n_ff", "int", True, check=non_negative),
    Col("n_head", "int", True, check=positive),
    Col("n_head_kv", "int", True, check=positive),
    Col("head_dim", "int", True, check=positive),
    Col("n_vocab", "int", True, check=positive),
    Col("tied_embeddings", "bool", True),
    Col("max_ctx", "int64", True, check=positive),
    Col("qkv_bias", "bool", default=False),
    Col("o_bias", "bool", default=False),
    Col("qk_norm", "bool", default=False),
    Col("attn_sinks", "bool", default=False),
    Col("n_norm_per_layer", "int", default=2, check=non_negative),
    # Mixture of experts: the object is optional, its first three keys required when it is there.
    Col("moe.n_expert", "int", True, 0, positive),
    Col("moe.n_expert_used", "int", True, 0, positive),
    Col("moe.n_ff_expert", "int", True, 0, positive),
    Col("moe.n_ff_shared", "int", default=0, check=non_negative),
    Col("moe.n_layer_dense_lead", "int", default=0, check=non_negative),
    Col("moe.expert_bias", "bool", default=False),
    Col("moe.router_bias", "bool", default=False),
    Col("moe.gguf_experts_mxfp4", "bool", default=False),
    Col("moe.dense_fp8", "bool", default=False),
    # Multi-head latent attention.
    Col("mla.q_lora_rank", "int", True, 0, non_negative, also="compressed.q_lora_rank"),
    Col("mla.kv_lora_rank", "int", True, 0, positive),
    Col("mla.qk_nope_head_dim", "int", True, 0, positive),
    Col("mla.qk_rope_head_dim", "int", True, 0, positive, also="compressed.qk_rope_head_dim"),
    Col("mla.v_head_dim", "int", True, 0, positive),
    Col("mla.index_n_heads", "int", default=0, check=non_negative, also=("compressed.index_n_heads", "hybrid.index_n_heads")),
    Col("mla.index_head_dim", "int", default=0, check=non_negative, also=("compressed.index_head_dim", "hybrid.index_head_dim")),
    # DeepSeek-V4's compressed attention (docs/sizing.md, "DeepSeek-V4"); its query rank, rotary width and indexer
    # shape are the mla columns' members, read from this object too.
    Col("compressed.ratio_sparse", "int", default=0, check=non_negative, member="kv_ratio_sparse"),
    Col("compressed.ratio_heavy", "int", default=0, check=non_negative, member="kv_ratio_heavy"),
    Col("compressed.index_topk", "int", default=0, check=non_negative, also=("mla.index_topk", "hybrid.index_topk")),
    Col("compressed.o_groups", "int", True, 0, positive),
    Col("compressed.o_lora_rank", "int", True, 0, positive),
    Col("compressed.hc_mult", "int", default=0, check=non_negative),
    Col("compressed.n_layer_hash", "int", default=0, check=non_negative),
    # Sliding-window attention.
    Col("swa.window", "int64", True, 0, positive, member="swa_window", also="compressed.window"),
    Col("swa.n_layer_swa", "int", True, 0, positive),
    # Hybrids (docs/sizing.md, "Hybrid layers"): per-layer kinds and the shapes of the non-attention mixers.
    Col("hybrid.layer_mixer", "str", default="", check=matches(r"[AaBSLMmPXCKH-]+", "a string of A, a, B, S, L, M, m, P, X, C, K, H, -")),
    Col("hybrid.layer_ffn", "str", default="", check=matches(r"[DE-]+", "a string of D, E, -")),
    Col("hybrid.lin_n_head_k", "int", default=0, check=non_negative),
    Col("hybrid.lin_n_head_v", "int", default=0, check=non_negative),
    Col("hybrid.lin_head_dim_k", "int", default=0, check=non_negative),
    Col("hybrid.lin_head_dim_v", "int", default=0, check=non_negative),
    Col("hybrid.ssm_n_head", "int", default=0, check=non_negative),
    Col("hybrid.ssm_head_dim", "int", default=0, check=non_negative),
    Col("hybrid.ssm_d_state", "int", default=0, check=non_negative),
    Col("hybrid.ssm_n_group", "int", default=0, check=non_negative),
    Col("hybrid.conv_kernel", "int", default=0, check=non_negative),
    Col("hybrid.ssm_state_f32", "bool", default=False),
    Col("hybrid.lin_kda", "bool", default=False),
    Col("hybrid.ssm_norm", "bool", default=True),
    Col("hybrid.ssm_d_inner", "int", default=0, check=non_negative),
    Col("hybrid.ssm_dt_rank", "int", default=0, check=non_negative),
    Col("hybrid.cross_attn_tokens", "int64", default=0, check=non_negative),
    Col("ffn_gated", "bool", default=True),
    Col("ffn_bias", "bool", default=False),
    Col("encoder_only", "bool", default=False),
    Col("params_extra", "int64", default=0, check=non_negative),
    Col("attn_output_gate", "bool", default=False),
    Col("moe.shared_expert_gate", "bool", default=False),
    Col("mtp.n_layer", "int", default=0, check=non_negative, member="n_layer_mtp"),
    Col("mtp.params", "int64", default=0, check=non_negative, member="params_mtp"),
    Col("params_vision", "int64", default=0, check=non_negative),
    # Gemma 3n (docs/sizing.md): per-layer embeddings, AltUp, LAuReL, layers that reuse an earlier layer's KV.
    Col("ple.n_embd", "int", default=0, check=non_negative, member="n_embd_per_layer"),
    Col("ple.n_vocab", "int", default=0, check=non_negative, member="n_vocab_per_layer"),
    Col("altup_n", "int", default=0, check=non_negative),
    Col("laurel_rank", "int", default=0, check=non_negative),
    Col("n_layer_kv_shared", "int", default=0, check=non_negative),
    # Gemma 4 (docs/sizing.md): the global layers' head width and KV heads, K as V, KV-shared layers' weights and MLP.
    Col("head_dim_global", "int", default=0, check=non_negative),
    Col("n_head_kv_global", "int", default=0, check=non_negative),
    Col("n_ff_kv_shared", "int", default=0, check=non_negative),
    Col("attn_k_eq_v", "bool", default=False),
    Col("kv_shared_weights", "bool", default=True),
    Col("moe.router_scales", "bool", default=False),
]

DEVICE = [
    Col("id", "str", True, check=LOWER_ID),
    Col("name", "str", True, check=not_empty),
    Col("vendor", "vendor", True, check=one_of("nvidia", "amd", "apple", "intel", "cpu", "huawei", "moorethreads", "hygon")),
    Col("category", "str", True,
        check=one_of("consumer", "laptop", "workstation", "datacenter", "apple", "apu", "desktop-soc", "embedded", "cpu")),
    # GiB: memory chips come in binary sizes, so a "24GB" card has 24 x 2^30 bytes (docs/devices.md).
    Col("mem_gib", "num", True, check=within(0.5, 4096, "GiB")),
    Col("mem_bw_gbps", "num", True, check=within(1, 100000, "GB/s")),
    Col("fp16_tflops", "num", default=0, check=TFLOPS),
    Col("fp16_acc16_tflops", "num", default=0, check=TFLOPS),
    Col("fp32_tflops", "num", default=0, check=TFLOPS),
    Col("int8_tops", "num", default=0, check=within(0.1, 1000000, "TOPS")),
    Col("power_w", "num", default=0, check=within(1, 10000, "W")),
    Col("pcie_gen", "num", default=0, check=one_of(1, 2, 3, 4, 5, 6, 7)),
    Col("pcie_lanes", "int", default=0, check=one_of(1, 2, 4, 8, 16)),
    Col("p2p_gbps", "num", default=0, check=within(1, 100000, "GB/s per direction")),
    Col("p2p_source", "str", default="", check=not_empty, compiled=False),
    # NVIDIA's CUDA compute capability (developer.nvidia.com/cuda-gpus; docs/devices.md): which engines run on the card.
    Col("cuda_cc", "num", default=0, check=within(3, 20, "compute capability")),
    Col("cuda_cc_source", "str", default="", check=not_empty, compiled=False),
    Col("price_usd", "num", default=0, check=within(1, 10000000, "USD")),   # launch price (MSRP); its source is `source`
    # Dated market prices, each with the page it was read on (docs/prices.md): the US street price today,
    # the Chinese market's (JD.com-style retail, in CNY) and a typical second-hand price.
    Col("price_us_usd", "num", default=0, check=within(1, 10000000, "USD")),
    Col("price_us_date", "str", default="", check=PRICE_DATE),
    Col("price_us_source", "str", default="", check=URLS),
    Col("price_cny", "num", default=0, check=within(1, 100000000, "CNY")),
    Col("price_cny_date", "str", default="", check=PRICE_DATE),
    Col("price_cny_source", "str", default="", check=URLS),
    Col("price_used_usd", "num", default=0, check=within(1, 10000000, "USD")),
    Col("price_used_date", "str", default="", check=PRICE_DATE),
    Col("price_used_source", "str", default="", check=URLS),
    # Unified-memory APUs: the share of system memory the GPU may use by default (docs/devices.md).
    Col("gpu_share_linux", "num", default=0, check=within(0.01, 1, "share of memory")),
    Col("gpu_share_windows", "num", default=0, check=within(0.01, 1, "share of memory")),
    Col("launch", "str", True, check=YEAR_MONTH),
    Col("unified_memory", "bool", True),
    # CPU hosts: sockets, each with its own memory channels (mem_bw_gbps is the sum over them).
    Col("sockets", "int", default=1, check=one_of(1, 2, 4, 8)),
    Col("source", "str", True, check=not_empty),
    Col("as_of", "str", True, check=YEAR_MONTH),
    Col("verification", "str", default=""),
]
# The same weights on ModelScope (core/data/modelscope.json): a catalog model's repository there, with its source.
MODELSCOPE = [
    Col("model", "str", True, check=LOWER_ID),
    Col("modelscope_repo", "str", True, check=REPO_ID),
    Col("source", "str", True, check=URLS),
    Col("quote", "str", default=""),
]

CURRENCY = one_of("USD", "CNY")
PER_MTOK = within(0, 1000, "per million tokens")

# A provider's price for a model, per million tokens in its own currency (core/data/apis.json, docs/prices.md).
API = [
    Col("id", "str", True, check=matches(r"[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*", "provider/model, lowercase")),
    Col("provider", "str", True, check=LOWER_ID),
    Col("provider_name", "str", True, check=not_empty),
    Col("provider_name_zh", "str", default=""),
    Col("model_name", "str", True, check=not_empty),
    Col("model", "str", default=""),          # the catalog model it serves, when the catalog has it
    Col("currency", "str", True, check=CURRENCY),
    Col("input_per_mtok", "num", True, check=PER_MTOK),
    Col("cached_input_per_mtok", "num", default=0, check=PER_MTOK),
    Col("output_per_mtok", "num", True, check=PER_MTOK),
    Col("date", "str", True, check=PRICE_DATE),
    Col("source", "str", True, check=URLS),
    Col("quote", "str", default="", compiled=False),
    Col("note", "str", default="", compiled=False),
]

# Renting one GPU for an hour on a platform (core/data/rentals.json, docs/prices.md).
RENTAL = [
    Col("id", "str", True, check=matches(r"[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*", "platform/gpu, lowercase")),
    Col("platform", "str", True, check=LOWER_ID),
    Col("platform_name", "str", True, check=not_empty),
    Col("platform_name_zh", "str", default=""),
    Col("gpu", "str", True, check=LOWER_ID),   # a catalog device id
    Col("currency", "str", True, check=CURRENCY),
    Col("per_gpu_hour", "num", True, check=within(0.01, 10000, "per GPU-hour")),
    Col("billing", "str", default=""),
    Col("date", "str", True, check=PRICE_DATE),
    Col("source", "str", True, check=URLS),
    Col("quote", "str", default="", compiled=False),
    Col("note", "str", default="", compiled=False),
]

RENAMED = {"mem_gb": "mem_gib (memory in GiB, 2^30 bytes: the vendor's \"24GB\" is 24)"}

GGML_TYPE = [
    Col("name", "str", True, check=matches(r"[A-Z0-9_]+", "an uppercase ggml type name")),
    Col("block_elements", "int", True, check=positive),
    Col("block_bytes", "int", True, check=positive),
]

WEIGHT_FORMAT = [
    Col("id", "str", True, check=LOWER_ID),
    Col("kind", "kind", True, check=one_of("float", "gguf", "grouped")),
    Col("nominal_bits", "num", True, check=BITS),
    Col("bits", "num", default=16, check=BITS),
    Col("scale_bits", "num", default=0, check=EXTRA_BITS),
    Col("zero_bits", "num", default=0, check=EXTRA_BITS),
    Col("g_idx_bits", "num", default=0, check=EXTRA_BITS),
    Col("keep_bits", "num", default=16, check=BITS),
    Col("group_size", "int64", default=0, check=non_negative),
    Col("experts_only", "bool", default=False),
    Col("ggml_type", "ggml", default=None),   # gguf only: the mix's default type, as an index into ggml_types
    Col("source", "str", True, check=not_empty),
]

KV_FORMAT = [
    Col("id", "str", True, check=LOWER_ID),
    Col("bits", "num", True, check=BITS),
    Col("source", "str", True, check=not_empty),
]

# Each column type: the JSON values it accepts, how a message names them, and its member's C++ type
# (vendor, kind and ggml are strings in the JSON that the table's code turns into an enum or an index).
ColType = collections.namedtuple("ColType", "accepts noun cpp")
TYPES = {
    "str": ColType(str, "a string", "const char*"),
    "int": ColType(int, "an integer", "int"),
    "int64": ColType(int, "an integer", "int64_t"),
    "num": ColType((int, float), "a number", "double"),
    "bool": ColType(bool, "true or false", "bool"),
    "vendor": ColType(str, "a string", "Vendor"),
    "kind": ColType(str, "a string", "FormatKind"),
    "ggml": ColType(str, "a string", "int"),
    "rows": ColType(list, "a list of objects", None),
}


# ---- reading and checking -----------------------------------------------------------------------------

def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f, object_pairs_hook=no_duplicate_keys(path))
    except json.JSONDecodeError as e:
        fail(path, f"not valid JSON: {e}")


def no_duplicate_keys(path):
    def hook(pairs):
        keys = [k for k, _ in pairs]
        for k in keys:
            if keys.count(k) > 1:
                fail(path, f"key '{k}' given twice in one object")
        return dict(pairs)
    return hook


def top(path, doc, schema, lists, extra=(), schema_optional=False):
    if not isinstance(doc, dict):
        fail(path, "expected a JSON object")
    if doc.get("schema") != schema and not (schema_optional and "schema" not in doc):
        fail(path, f"'schema' must be \"{schema}\", got {doc.get('schema')!r}")
    for k in doc:
        if k != "schema" and k not in lists and k not in extra:
            fail(path, f"unknown top-level key '{k}'; accepted: schema, " + ", ".join(list(lists) + list(extra)))
    for k in lists:
        if not isinstance(doc.get(k), list) or not doc[k]:
            fail(path, f"'{k}' must be a non-empty list")


def read_entry(where, e, cols):
    """The entry's value for every column, checked; nested objects are optional as a whole."""
    if not isinstance(e, dict):
        fail(where, "an entry must be a JSON object")
    paths = [k for c in cols for k in (c.key, *c.also)]
    groups = {k.split(".")[0] for k in paths if "." in k}
    known = {k for k in paths if "." not in k} | groups
    for k in e:
        if k in RENAMED:
            fail(where, f"'{k}' was renamed {RENAMED[k]}")
        if k not in known:
            fail(where, f"unknown key '{k}'; accepted: " + ", ".join(sorted(known)))
    for g in groups:
        if g in e:
            if not isinstance(e[g], dict):
                fail(where, f"'{g}' must be an object")
            sub = {k.split(".")[1] for k in paths if k.startswith(g + ".")}
            for k in e[g]:
                if k not in sub:
                    fail(where, f"unknown key '{g}.{k}'; accepted: " + ", ".join(sorted(sub)))
    row = {}
    for c in cols:
        parts = c.key.split(".")
        obj = e if len(parts) == 1 else e.get(parts[0])
        for other in c.also:   # read from another path where that has it
            if obj is not None and parts[-1] in obj:
                break
            alt = other.split(".")
            alt_obj = e if len(alt) == 1 else e.get(alt[0])
            if alt_obj is not None and alt[-1] in alt_obj:
                parts, obj = alt, alt_obj
        if obj is None or parts[-1] not in obj:   # a nested column's object absent: its defaults
            if c.required and (len(parts) == 1 or obj is not None):
                fail(where, f"'{c.key}' is required")
            row[c.key] = c.default
            continue
        v = obj[parts[-1]]
        t = TYPES[c.ctype]
        # bool is an int in Python: refuse true for a number and 1 for a flag.
        if not isinstance(v, t.accepts) or (isinstance(v, bool) and c.ctype != "bool"):
            fail(where, f"'{c.key}' must be {t.noun}, got {json.dumps(v)}")
        if c.ctype == "int" and not -2**31 <= v < 2**31 or c.ctype == "int64" and not -2**63 <= v < 2**63:
            fail(where, f"'{c.key}' is out of range for its C++ type")
        if c.check:
            why = c.check(v)
            if why:
                fail(where, f"'{c.key}' {why}")
        if c.ctype == "rows":
            v = [read_entry(f"{where}: '{c.key}' #{i}", x, c.rows) for i, x in enumerate(v)]
        row[c.key] = v
    return row


def entries(path, doc, key, cols, what):
    rows, seen = [], set()
    for i, e in enumerate(doc[key]):
        label = e.get("id", e.get("name", e.get("model", f"#{i}"))) if isinstance(e, dict) else f"#{i}"
        where = f"{path}: {what} '{label}'"
        row = read_entry(where, e, cols)
        ident = row.get("id", row.get("name", row.get("model")))
        if ident in seen:
            fail(where, "duplicate id")
        seen.add(ident)
        row["_where"] = where
        rows.append(row)
    return rows


def check_model(m):
    where = m["_where"]
    if m["n_head"] % m["n_head_kv"]:
        fail(where, "n_head must be a multiple of n_head_kv")
    if m["moe.n_expert"] and m["moe.n_expert_used"] > m["moe.n_expert"]:
        fail(where, "moe.n_expert_used must be at most moe.n_expert")
    if m["moe.n_layer_dense_lead"] >= m["n_layer"]:
        fail(where, "moe.n_layer_dense_lead must be below n_layer")
    if m["swa.n_layer_swa"] > m["n_layer"]:
        fail(where, "swa.n_layer_swa must be at most n_layer")
    for k in ("hybrid.layer_mixer", "hybrid.layer_ffn"):
        if m[k] and len(m[k]) != m["n_layer"]:
            fail(where, f"{k} must have n_layer ({m['n_layer']}) characters")
    if m["params_active_official"] > m["params_official"]:
        fail(where, "params_active_official must be at most params_official")


def check_device(d):
    where = d["_where"]
    if bool(d["p2p_gbps"]) != bool(d["p2p_source"]):
        fail(where, "p2p_gbps and p2p_source go together")
    if bool(d["cuda_cc"]) != bool(d["cuda_cc_source"]):
        fail(where, "cuda_cc and cuda_cc_source go together")
    if d["vendor"] == "nvidia" and not d["cuda_cc"]:
        fail(where, "an NVIDIA device needs cuda_cc (its CUDA compute capability) with cuda_cc_source")
    for m in ("us", "cny", "used"):
        price = "price_cny" if m == "cny" else f"price_{m}_usd"
        date, source = f"price_{m}_date", f"price_{m}_source"
        if not (bool(d[price]) == bool(d[date]) == bool(d[source])):
            fail(where, f"{price}, {date} and {source} go together")
    if (d["gpu_share_linux"] or d["gpu_share_windows"]) and d["category"] != "apu":
        fail(where, "gpu_share_linux and gpu_share_windows are for unified-memory APUs (category apu)")
    if d["fp16_acc16_tflops"] and d["fp16_acc16_tflops"] < d["fp16_tflops"]:
        fail(where, "fp16_acc16_tflops, where given, is at least fp16_tflops")


def load(data_dir):
    p = lambda name: os.path.join(data_dir, name + ".json")
    models_doc, devices_doc, formats_doc, presets_doc = (read_json(p(n)) for n in ("models", "devices", "formats", "presets"))
    top(p("models"), models_doc, "headroom.models/1", ["models"])
    # Models generated from saved Hugging Face configs (scripts/gen_models.py): the same columns, checked alike.
    gen_doc = read_json(p("models-generated"))
    top(p("models-generated"), gen_doc, "headroom.models-generated/1", ["models"], ["generated_by", "not_understood"])
    top(p("devices"), devices_doc, "headroom.devices/1", ["devices"])
    top(p("formats"), formats_doc, "headroom.formats/1", ["ggml_types", "weight_formats", "kv_formats"], ["ggml_types_source"])
    top(p("presets"), presets_doc, "headroom.presets/1", ["presets"])
    # Price tables: each dated row with its source; as_of is the day the table was last checked (docs/prices.md).
    apis_doc, rentals_doc, ms_doc = read_json(p("apis")), read_json(p("rentals")), read_json(p("modelscope"))
    top(p("modelscope"), ms_doc, "headroom.modelscope/1", ["repos"], ["about"])
    top(p("apis"), apis_doc, "headroom.apis/1", ["apis"], ["about", "as_of"], schema_optional=True)
    top(p("rentals"), rentals_doc, "headroom.rentals/1", ["rentals"], ["about", "as_of"], schema_optional=True)

    cat = {
        "models": entries(p("models-generated"), gen_doc, "models", MODEL, "model") + entries(p("models"), models_doc, "models", MODEL, "model"),
        "devices": entries(p("devices"), devices_doc, "devices", DEVICE, "device"),
        "ggml_types": entries(p("formats"), formats_doc, "ggml_types", GGML_TYPE, "ggml type"),
        "weight_formats": entries(p("formats"), formats_doc, "weight_formats", WEIGHT_FORMAT, "weight format"),
        "kv_formats": entries(p("formats"), formats_doc, "kv_formats", KV_FORMAT, "kv format"),
        "ggml_types_source": formats_doc.get("ggml_types_source", ""),
        "apis": entries(p("apis"), apis_doc, "apis", API, "api"),
        "rentals": entries(p("rentals"), rentals_doc, "rentals", RENTAL, "rental"),
    }
    as_of = []
    for path, doc in ((p("apis"), apis_doc), (p("rentals"), rentals_doc)):
        v = doc.get("as_of")
        if not isinstance(v, str) or DATE(v):
            fail(path, "'as_of' (the day the table was checked) must be YYYY-MM-DD")
        as_of.append(v)
    cat["prices_as_of"] = max(as_of)
    seen = set()
    for m in cat["models"]:   # the hand-kept and the generated lists together: one entry per id
        if m["id"] in seen:
            fail(m["_where"], "duplicate id (core/data/models.json and models-generated.json both have it: "
                              "delete the hand-kept entry once a saved config generates it)")
        seen.add(m["id"])
    for m in cat["models"]:
        check_model(m)
    for d in cat["devices"]:
        check_device(d)
    model_ids, device_ids = {m["id"] for m in cat["models"]}, {d["id"] for d in cat["devices"]}
    by_id = {m["id"]: m for m in cat["models"]}
    for m in cat["models"]:
        if m["modelscope_repo"]:
            fail(m["_where"], "'modelscope_repo' belongs in core/data/modelscope.json, with its source")
    seen_ms = set()
    for r in entries(p("modelscope"), ms_doc, "repos", MODELSCOPE, "repo"):
        if r["model"] not in by_id:
            fail(r["_where"], f"'model' {r['model']!r} is not a catalog model id")
        if r["model"] in seen_ms:
            fail(r["_where"], "a second repository for the same model")
        seen_ms.add(r["model"])
        by_id[r["model"]]["modelscope_repo"] = r["modelscope_repo"]
    # A former repository id resolves to one model, and never shadows a current id (Hugging Face's or ModelScope's).
    current = {m[k].lower(): m["id"] for m in cat["models"] for k in ("hf_repo", "modelscope_repo") if m[k]}
    renamed = {}
    for row, m in enumerate(cat["models"]):
        for r in m["renamed_from"]:
            key = r["hf_repo"].lower()
            if key in current:
                fail(m["_where"], f"'renamed_from' {r['hf_repo']!r} is the current repository of {current[key]!r}")
            if key in renamed:
                fail(m["_where"], f"'renamed_from' {r['hf_repo']!r} is listed twice")
            renamed[key] = (r["hf_repo"], row)
    cat["renamed_repos"] = [{"key": k, "repo": repo, "row": row} for k, (repo, row) in sorted(renamed.items())]
    for a in cat["apis"]:
        if a["model"] and a["model"] not in model_ids:
            fail(a["_where"], f"'model' {a['model']!r} is not a catalog model id")
        if not a["id"].startswith(a["provider"] + "/"):
            fail(a["_where"], "'id' must start with the provider and '/'")
    for r in cat["rentals"]:
        if r["gpu"] not in device_ids:
            fail(r["_where"], f"'gpu' {r['gpu']!r} is not a catalog device id")
        if not r["id"].startswith(r["platform"] + "/"):
            fail(r["_where"], "'id' must start with the platform and '/'")
    for row in cat["apis"] + cat["rentals"] + cat["devices"]:
        for k in ("date", "price_us_date", "price_cny_date", "price_used_date"):
            if row.get(k) and row[k] > cat["prices_as_of"]:
                fail(row["_where"], f"'{k}' {row[k]} is after the price tables' as_of {cat['prices_as_of']}")
    ggml = [t["name"] for t in cat["ggml_types"]]
    for f in cat["weight_formats"]:
        if (f["kind"] == "gguf") != (f["ggml_type"] is not None):
            fail(f["_where"], "'ggml_type' is required for kind gguf and only there")
        if f["ggml_type"] is not None and f["ggml_type"] not in ggml:
            fail(f["_where"], f"unknown ggml_type '{f['ggml_type']}'; accepted: " + ", ".join(ggml))

    # Presets stay JSON (read on first use by preset_json, never at start-up); only their ids are checked here.
    ids = set()
    for i, pr in enumerate(presets_doc["presets"]):
        where = f"{p('presets')}: preset #{i}"
        if not isinstance(pr, dict):
            fail(where, "must be an object")
        for k in ("id", "title", "source"):
            if not isinstance(pr.get(k), str) or not pr[k]:
                fail(where, f"'{k}' must be a non-empty string")
        if pr["id"] in ids:
            fail(where, f"duplicate id '{pr['id']}'")
        ids.add(pr["id"])
        if not isinstance(pr.get("builds"), list) or not pr["builds"]:
            fail(where, "'builds' must be a non-empty list")
    cat["presets_json"] = json.dumps(presets_doc, ensure_ascii=False, separators=(",", ":"))
    return cat


# ---- C++ ----------------------------------------------------------------------------------------------

def c_str(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)   # UTF-8 source text
    return '"' + "".join(out) + '"'


def c_value(c, v, ggml):
    if c.ctype == "str":
        return c_str(v)
    if c.ctype == "bool":
        return "true" if v else "false"
    if c.ctype in ("int", "int64"):
        return str(v)
    if c.ctype == "num":
        return repr(float(v))   # shortest text that reads back as the same double
    if c.ctype == "vendor":
        return "Vendor::" + v
    if c.ctype == "kind":
        return "FormatKind::" + {"float": "float_"}.get(v, v)
    if c.ctype == "ggml":
        return str(ggml.index(v)) if v is not None else "-1"
    raise AssertionError(c.ctype)


def table(name, row_type, cols, rows, ggml, strip):
    cols = [c for c in cols if c.compiled]
    struct = f"struct {row_type} {{\n" + "".join(f"    {TYPES[c.ctype].cpp} {c.member};\n" for c in cols) + "};\n"
    lines = []
    for r in rows:
        vals = [c_value(c, "" if c.key in strip else r[c.key], ggml) for c in cols]
        lines.append("    {" + ", ".join(vals) + "},\n")
    return struct + f"inline constexpr {row_type} {name}[] = {{\n" + "".join(lines) + "};\n"


def assign(name, target, row_type, cols):
    """Row -> catalog entry, member by member: a new column reaches the struct without hand-copying."""
    body = "".join(f"    e.{c.member} = r.{c.member};\n" for c in cols if c.compiled)
    return f"inline void {name}({target}& e, const {row_type}& r) {{\n{body}}}\n"


def fnv1a(text):
    """FNV-1a, 32 bits, over the UTF-8 bytes: core/src/catalog.cpp's fnv1a() hashes a looked-up id the same way."""
    h = 0x811C9DC5
    for b in text.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def index(name, rows, key):
    """The ids as an open-addressing hash table (FNV-1a, linear probing, at most half full, a power of two long), laid
    out here: Catalog::find_* look an id up in it without building a map at start-up. An empty slot has row -1."""
    n = 1
    while n < 2 * len(rows):
        n *= 2
    slots = [None] * n
    for i, r in enumerate(rows):
        h = fnv1a(r[key]) & (n - 1)
        while slots[h] is not None:
            h = (h + 1) & (n - 1)
        slots[h] = (r[key], i)
    body = "".join(f"    {{{c_str(e[0])}, {e[1]}}},\n" if e else "    {},\n" for e in slots)
    return f"inline constexpr IdSlot {name}[] = {{\n{body}}};\n"


def write_cpp(cat, path, provenance):
    strip = () if provenance else PROSE
    ggml = [t["name"] for t in cat["ggml_types"]]
    parts = [
        "// Generated by scripts/gen_catalog.py from core/data/*.json"
        + ("" if provenance else " (--no-provenance: as_of and verification left out)") + ". Do not edit.\n",
        "// Read by core/src/catalog.cpp only: each row becomes one catalog entry, member by member.\n",
        "#pragma once\n#include <cstdint>\n\n#include \"headroom/catalog.hpp\"\n\nnamespace headroom::gen {\n\n",
        table("models", "ModelRow", MODEL, cat["models"], ggml, strip),
        assign("assign_model", "Model", "ModelRow", MODEL), "\n",
        table("devices", "DeviceRow", DEVICE, cat["devices"], ggml, strip),
        assign("assign_device", "Device", "DeviceRow", [c for c in DEVICE if c.key != "mem_gib"]), "\n",
        table("ggml_types", "GgmlTypeRow", GGML_TYPE, cat["ggml_types"], ggml, strip), "\n",
        table("weight_formats", "WeightFormatRow", WEIGHT_FORMAT, cat["weight_formats"], ggml, strip), "\n",
        table("kv_formats", "KvFormatRow", KV_FORMAT, cat["kv_formats"], ggml, strip), "\n",
        "struct IdSlot {\n    const char* id = nullptr;\n    int row = -1;\n};\n",
        index("model_index", cat["models"], "id"),
        "// A model's former repository ids (renamed_from), lower case, sorted: the row of the model each now names.\n",
        "struct RenamedRepoRow {\n    const char* key;\n    const char* repo;\n    int row;\n};\n",
        "inline constexpr RenamedRepoRow renamed_repos[] = {\n"
        + "".join(f"    {{{c_str(r['key'])}, {c_str(r['repo'])}, {r['row']}}},\n" for r in cat["renamed_repos"])
        + ("" if cat["renamed_repos"] else "    {\"\", \"\", -1},\n") + "};\n",
        index("device_index", cat["devices"], "id"),
        index("ggml_type_index", cat["ggml_types"], "name"),
        index("weight_format_index", cat["weight_formats"], "id"),
        index("kv_format_index", cat["kv_formats"], "id"), "\n",
        table("apis", "ApiRow", API, cat["apis"], ggml, strip),
        assign("assign_api", "ApiPrice", "ApiRow", API),
        index("api_index", cat["apis"], "id"), "\n",
        table("rentals", "RentalRow", RENTAL, cat["rentals"], ggml, strip),
        assign("assign_rental", "RentalPrice", "RentalRow", RENTAL),
        index("rental_index", cat["rentals"], "id"),
        f"inline constexpr const char* prices_as_of = {c_str(cat['prices_as_of'])};\n\n",
        "// core/data/presets.json, minified: parsed on first use by preset_json, never at start-up.\n",
        f"inline constexpr const char* presets_json = {c_str(cat['presets_json'])};\n\n",
        "}  // namespace headroom::gen\n",
    ]
    write(path, "".join(parts))


def write_provenance(cat, path):
    def prov(rows, keys):
        return {r.get("id", r.get("name")): {k: r[k] for k in keys if r.get(k)} for r in rows}
    doc = {
        "schema": "headroom.provenance/1",
        "models": prov(cat["models"], ("source", "as_of", "verification", "renamed_from")),
        "devices": prov(cat["devices"], ("source", "as_of", "verification", "p2p_source", "cuda_cc_source")),
        "weight_formats": prov(cat["weight_formats"], ("source",)),
        "kv_formats": prov(cat["kv_formats"], ("source",)),
        "apis": prov(cat["apis"], ("source", "quote", "note")),
        "rentals": prov(cat["rentals"], ("source", "quote", "note")),
        "ggml_types_source": cat["ggml_types_source"],
    }
    write(path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


def write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", help="core/data")
    ap.add_argument("--cpp", help="write the C++ tables here")
    ap.add_argument("--no-provenance", action="store_true", help="leave as_of and verification out of the tables")
    ap.add_argument("--provenance", help="write provenance.json here")
    args = ap.parse_args()
    try:
        cat = load(args.data_dir)
    except DataError as e:
        print(f"gen_catalog.py: catalog error: {e}", file=sys.stderr)
        return 1
    if args.cpp:
        write_cpp(cat, args.cpp, not args.no_provenance)
    if args.provenance:
        write_provenance(cat, args.provenance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
