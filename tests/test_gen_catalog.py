#!/usr/bin/env python3
"""scripts/gen_catalog.py: the real catalogs pass; each kind of data typo stops it with a message naming
the entry and the field. Run by CTest (gen_catalog); standard library only."""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "scripts", "gen_catalog.py")
DATA = os.path.join(ROOT, "core", "data")


def load(name):
    with open(os.path.join(DATA, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


class GenCatalog(unittest.TestCase):
    def run_gen(self, edit=None, extra=()):
        """Runs the generator on a copy of core/data after edit(docs) changed it; (exit code, stderr, out dir)."""
        docs = {n: load(n) for n in ("models", "models-generated", "devices", "formats", "presets", "apis", "rentals", "modelscope")}
        if edit:
            edit(docs)
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        for n, d in docs.items():
            with open(os.path.join(tmp, n + ".json"), "w", encoding="utf-8") as f:
                json.dump(d, f)
        p = subprocess.run([sys.executable, GEN, tmp, "--cpp", os.path.join(tmp, "out.hpp"),
                            "--provenance", os.path.join(tmp, "provenance.json"), *extra],
                           capture_output=True, text=True)
        return p.returncode, p.stderr, tmp

    def refused(self, edit, *words):
        rc, err, _ = self.run_gen(edit)
        self.assertEqual(rc, 1, err)
        for w in words:
            self.assertIn(w, err)

    def test_the_catalogs_pass_and_provenance_stays_out_on_request(self):
        rc, err, out = self.run_gen(extra=["--no-provenance"])
        self.assertEqual(rc, 0, err)
        with open(os.path.join(out, "out.hpp"), encoding="utf-8") as f:
            cpp = f.read()
        device = load("devices")["devices"][0]
        self.assertIn(json.dumps(device["source"])[1:-1], cpp)   # reports carry source: it stays
        self.assertNotIn(device["verification"][:40], cpp)
        with open(os.path.join(out, "provenance.json"), encoding="utf-8") as f:
            prov = json.load(f)
        self.assertEqual(prov["schema"], "headroom.provenance/1")
        self.assertEqual(prov["devices"][device["id"]]["verification"], device["verification"])
        self.assertEqual(prov["devices"][device["id"]]["as_of"], device["as_of"])
        model = load("models")["models"][0]
        self.assertEqual(prov["models"][model["id"]]["source"], model["source"])

    def test_mem_gb_is_refused_with_its_new_name(self):
        def edit(d):
            e = d["devices"]["devices"][3]
            e["mem_gb"] = e.pop("mem_gib")
        self.refused(edit, "'mem_gb' was renamed mem_gib", "GiB")

    def test_memory_in_another_unit(self):
        def edit(d):
            d["devices"]["devices"][0]["mem_gib"] = 24576   # MiB by mistake
        self.refused(edit, d_id(0), "'mem_gib' must be 0.5..4096 GiB")

    def test_unknown_key(self):
        def edit(d):
            d["models"]["models"][1]["n_heads"] = 32   # the second hand-kept model
        self.refused(edit, "model '" + load("models")["models"][1]["id"] + "'", "unknown key 'n_heads'")

    def test_unknown_nested_key(self):
        def edit(d):
            m = next(m for m in d["models"]["models"] if "moe" in m)
            m["moe"]["n_experts"] = 8
        self.refused(edit, "unknown key 'moe.n_experts'")

    def test_wrong_type(self):
        def edit(d):
            d["models"]["models"][0]["n_layer"] = "32"
        self.refused(edit, "'n_layer' must be an integer")

    def test_a_model_in_both_lists_is_refused(self):
        def edit(d):
            d["models"]["models"].append(d["models-generated"]["models"][0])
        self.refused(edit, "duplicate id", "delete the hand-kept entry")

    def test_a_layer_string_must_cover_every_layer(self):
        def edit(d):
            m = next(m for m in d["models-generated"]["models"] if "hybrid" in m)
            m["hybrid"]["layer_mixer"] = m["hybrid"]["layer_mixer"][:-1]
        self.refused(edit, "hybrid.layer_mixer must have n_layer")

    def test_a_flag_is_not_a_number(self):
        def edit(d):
            d["devices"]["devices"][0]["unified_memory"] = 0
        self.refused(edit, "'unified_memory' must be true or false")

    def test_missing_required_field(self):
        def edit(d):
            del d["devices"]["devices"][2]["mem_bw_gbps"]
        self.refused(edit, "'mem_bw_gbps' is required")

    def test_duplicate_id(self):
        def edit(d):
            d["devices"]["devices"].append(copy.deepcopy(d["devices"]["devices"][0]))
        self.refused(edit, "duplicate id")

    def test_inconsistent_shape(self):
        def edit(d):
            d["models"]["models"][2]["n_head_kv"] = 7
        self.refused(edit, "n_head must be a multiple of n_head_kv")

    def test_unknown_ggml_type(self):
        def edit(d):
            f = next(f for f in d["formats"]["weight_formats"] if f["kind"] == "gguf")
            f["ggml_type"] = "Q4_Z"
        self.refused(edit, "unknown ggml_type 'Q4_Z'")

    def test_bad_date(self):
        def edit(d):
            d["models"]["models"][0]["as_of"] = "Nov 2026"
        self.refused(edit, "'as_of' must be YYYY-MM")

    def test_duplicate_preset(self):
        def edit(d):
            d["presets"]["presets"].append(copy.deepcopy(d["presets"]["presets"][0]))
        self.refused(edit, "presets.json", "duplicate id")

    def test_api_price_without_source(self):
        def edit(d):
            del d["apis"]["apis"][0]["source"]
        self.refused(edit, "apis.json", "'source' is required")

    def test_api_price_without_date(self):
        def edit(d):
            del d["apis"]["apis"][0]["date"]
        self.refused(edit, "apis.json", "'date' is required")

    def test_rental_of_unknown_gpu(self):
        def edit(d):
            d["rentals"]["rentals"][0]["gpu"] = "rtx-9999"
        self.refused(edit, "rentals.json", "not a catalog device id")

    def test_device_price_without_source(self):
        def edit(d):
            dev = next(x for x in d["devices"]["devices"] if x.get("price_cny"))
            del dev["price_cny_source"]
        self.refused(edit, "go together")

    def test_price_after_as_of(self):
        def edit(d):
            d["rentals"]["rentals"][0]["date"] = "2099-01-01"
        self.refused(edit, "after the price tables' as_of")

    def test_modelscope_unknown_model(self):
        def edit(d):
            d["modelscope"]["repos"][0]["model"] = "no-such-model"
        self.refused(edit, "modelscope.json", "not a catalog model id")

    # A repository's former id (renamed_from): compiled into renamed_repos, its source into provenance.json.
    def test_a_former_repo_id_is_compiled_and_sourced(self):
        rc, err, out = self.run_gen()
        self.assertEqual(rc, 0, err)
        with open(os.path.join(out, "out.hpp"), encoding="utf-8") as f:
            cpp = f.read()
        self.assertIn('{"meta-llama/meta-llama-3.1-8b-instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct", ', cpp)
        with open(os.path.join(out, "provenance.json"), encoding="utf-8") as f:
            prov = json.load(f)
        r = prov["models"]["llama-3.1-8b-instruct"]["renamed_from"][0]
        self.assertEqual(r["hf_repo"], "meta-llama/Meta-Llama-3.1-8B-Instruct")
        self.assertIn("https://github.com/meta-llama/llama-models/commit/", r["source"])
        self.assertNotIn("renamed_from", prov["models"]["llama-3-8b"])   # Llama 3 kept its names

    def renamed(self, d, model_id="llama-3.1-8b"):
        return next(m for m in d["models-generated"]["models"] if m["id"] == model_id)["renamed_from"]

    def test_a_former_repo_id_needs_a_source(self):
        def edit(d):
            del self.renamed(d)[0]["source"]
        self.refused(edit, "model 'llama-3.1-8b'", "'renamed_from' #0", "'source' is required")

    def test_a_former_repo_id_is_owner_and_name(self):
        def edit(d):
            self.renamed(d)[0]["hf_repo"] = "Meta-Llama-3.1-8B"
        self.refused(edit, "'hf_repo' must be Owner/Name")

    def test_a_former_repo_id_is_no_current_one(self):
        def edit(d):
            self.renamed(d)[0]["hf_repo"] = "META-LLAMA/Llama-3.1-8B-Instruct"   # another model's repository, in another case
        self.refused(edit, "model 'llama-3.1-8b'", "is the current repository of 'llama-3.1-8b-instruct'")

    def test_a_former_repo_id_names_one_model(self):
        def edit(d):
            self.renamed(d, "llama-3.1-70b")[0]["hf_repo"] = "meta-llama/Meta-Llama-3.1-8B"
        self.refused(edit, "'renamed_from' 'meta-llama/Meta-Llama-3.1-8B' is listed twice")


def d_id(i):
    return "device '" + load("devices")["devices"][i]["id"] + "'"


if __name__ == "__main__":
    unittest.main()
