#!/usr/bin/env python3
"""Generate core/data/models-generated.json from the saved Hugging Face configs in core/data/hf/.

Each model is a folder core/data/hf/<Org>/<Repo>/ holding config.json (the repository's file, as read) and
meta.json (catalog id, name, family, release date, where the config was read and when, the published
parameter counts with their source; optionally renamed_from, the repository's former ids with their sources).
The shape comes from the core itself (`headroom shape --config`, the same parser `--config` uses), so nothing
here interprets a config: this script only joins the two files.
A config the core does not fully understand (`headroom shape` exits 3) is left out of the catalog and
listed in the output's "not_understood", with what the core did not understand.

    scripts/gen_models.py build/native-cli/headroom            # rewrite core/data/models-generated.json
    scripts/gen_models.py build/native-cli/headroom --check    # exit 1 when the file is not up to date
"""
import argparse
import glob
import re
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HF = os.path.join(ROOT, "core", "data", "hf")
OUT = os.path.join(ROOT, "core", "data", "models-generated.json")
META_KEYS = {"hf_repo", "id", "name", "family", "release_date", "release_date_source", "config_url", "config_source",
             "read_on", "params_total_published", "params_active_published", "params_source", "params_precision",
             "includes", "notes"}


def fail(where, message):
    print(f"gen_models.py: {where}: {message}", file=sys.stderr)
    sys.exit(1)


def entry(cli, folder):
    meta_path = os.path.join(folder, "meta.json")
    if not os.path.exists(meta_path):
        fail(os.path.relpath(folder, ROOT), "config.json without meta.json (where it was read, its published counts)")
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    where = os.path.relpath(meta_path, ROOT)
    missing = META_KEYS - set(meta)
    if missing:
        fail(where, "missing keys: " + ", ".join(sorted(missing)))
    repo = os.path.relpath(folder, HF).replace(os.sep, "/")
    if meta["hf_repo"] != repo:
        fail(where, f"hf_repo '{meta['hf_repo']}' is not the folder's '{repo}'")
    r = subprocess.run([cli, "shape", "--config", os.path.join(folder, "config.json")], capture_output=True, text=True)
    if r.returncode not in (0, 3):   # a config the core refuses (a key it needs is missing): not understood either
        return None, {"id": meta["id"], "hf_repo": repo, "not_understood": (r.stderr or r.stdout).strip()[:300]}
    shape = json.loads(r.stdout)
    if r.returncode == 3:
        return None, {"id": meta["id"], "hf_repo": repo, "not_understood": shape["unknown_architecture"]}
    e = {"id": meta["id"], "name": meta["name"], "family": meta["family"], "hf_repo": repo}
    if meta.get("renamed_from"):   # optional: the repository's former ids, each with its source (gen_catalog.py checks them)
        e["renamed_from"] = meta["renamed_from"]
    if meta["release_date"]:
        e["release_date"] = meta["release_date"]
    e["source"] = meta["config_url"]
    e["as_of"] = meta["read_on"][:7]
    e["verification"] = f"config.json read {meta['read_on']} from {meta['config_source']}"
    # Say what the parameter check rests on: an exact count, a rounded label, or nothing published.
    pub = meta["params_total_published"]
    if not pub:
        e["verification"] += "; no published parameter count found"
    elif len(str(int(pub)).rstrip("0")) < 3:
        e["verification"] += f"; parameters published only as a size label ({pub / 1e9:g}B)"
    if meta["params_total_published"]:
        e["params_official"] = int(meta["params_total_published"])
    if meta["params_active_published"]:
        e["params_active_official"] = int(meta["params_active_published"])
    e.update(shape)
    # params_b_nominal is the size in the model's name ("7B" -> 7: the seeds' rule of thumb uses it); the count
    # the core computed (3 significant digits) where the name has none.
    size = re.search(r"(?<![A-Za-z0-9.])[Ee]?(\d+(?:\.\d+)?)[Bb](?![A-Za-z])", meta["name"])
    if size and not re.match(r"[Ee]", size.group(0)):
        e["params_b_nominal"] = float(size.group(1)) if "." in size.group(1) else int(size.group(1))
    return e, None


def generate(cli):
    models, skipped = [], []
    for folder in sorted(os.path.dirname(p) for p in glob.glob(os.path.join(HF, "*", "*", "meta.json"))):
        e, s = entry(cli, folder)
        (models if e else skipped).append(e or s)
    ids = [m["id"] for m in models]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        fail("core/data/hf", "two folders give the same id: " + ", ".join(dup))
    doc = {
        "schema": "headroom.models-generated/1",
        "generated_by": "scripts/gen_models.py from core/data/hf/*/*/{config,meta}.json; do not edit",
        "models": models,
        "not_understood": skipped,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cli", help="the headroom CLI built from this tree")
    ap.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = ap.parse_args()
    text = generate(args.cli)
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("gen_models.py: core/data/models-generated.json is out of date; run scripts/gen_models.py", file=sys.stderr)
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    doc = json.loads(text)
    print(f"{len(doc['models'])} models, {len(doc['not_understood'])} not understood")
    return 0


if __name__ == "__main__":
    sys.exit(main())
