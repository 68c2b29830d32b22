#!/usr/bin/env python3
"""scripts/import_rental_feed.py on a small made-up gpu_prices.json history: the newest day's live records only, the
Vast.ai minimum as the row (its median in the note), an older row from another source replaced and named, a newer one
kept, reference records ignored, an unknown live provider stops it. Run by CTest (import_rental_feed); standard library
and git only."""
import json
import os
import shutil
import tempfile
import unittest

from importer_fixture import git, run_importer, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "import_rental_feed.py")
RENTALS = os.path.join(ROOT, "core", "data", "rentals.json")
URL = "https://github.com/fenggg1988/gpu-price-tracker/blob/"


def rec(provider, gpu, price, source="live", **extra):
    r = {"provider": provider, "gpu_model": gpu, "price_per_hour_usd": price, "category": "current", "source": source}
    r.update(extra)
    r["scrape_time"] = "2026-08-22T02:13:48Z"
    return r


class ImportRentalFeed(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.repo = os.path.join(self.tmp, "feed")
        os.makedirs(self.repo)
        self.git("init", "-q")
        # The table, with the fixture's premises whatever the real rows say today: vast/h100-sxm older and from
        # another source, runpod/h100-sxm newer than the feed, no vast/a100-80gb-sxm row.
        with open(RENTALS, encoding="utf-8") as f:
            doc = json.load(f)
        rows = [r for r in doc["rentals"] if r["id"] not in ("vast/h100-sxm", "runpod/h100-sxm", "vast/a100-80gb-sxm")]
        base = {"platform_name": "", "currency": "USD", "billing": "marketplace, lowest listing",
                "quote": "q", "note": "old; earlier: 2.5 USD on 2026-01 (https://example.com/older)"}
        rows.append(dict(base, id="vast/h100-sxm", platform="vast", platform_name="Vast.ai", gpu="h100-sxm",
                         per_gpu_hour=1.85, date="2026-05", source="https://example.com/may"))
        rows.append(dict(base, id="runpod/h100-sxm", platform="runpod", platform_name="RunPod", gpu="h100-sxm",
                         per_gpu_hour=3.99, date="2026-11-09", source="https://example.com/nov", note="n"))
        doc["rentals"] = rows
        self.rentals = os.path.join(self.tmp, "rentals.json")
        write_table(self.rentals, doc)

    def git(self, *args):
        return git(self.repo, *args)

    def commit(self, history):
        self.text = json.dumps({"last_updated": "2026-08-22T02:13:48Z", "history": history}, ensure_ascii=False, indent=2)
        with open(os.path.join(self.repo, "gpu_prices.json"), "w", encoding="utf-8") as f:
            f.write(self.text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "daily")
        return self.git("rev-parse", "HEAD")

    def run_script(self, *extra):
        return run_importer(SCRIPT, self.repo, "--rentals", self.rentals, "rentals", *extra)

    def test_newest_day_live_rows(self):
        self.commit({"2026-08-21": [rec("Vast.ai (min)", "H100 SXM 80GB", 1.2)]})
        head = self.commit({
            "2026-08-21": [rec("Vast.ai (min)", "H100 SXM 80GB", 1.2)],
            "2026-08-22": [rec("Vast.ai (min)", "H100 SXM 80GB", 1.387, extra={"sample_size": 14}),
                           rec("Vast.ai (median)", "H100 SXM 80GB", 2.002, extra={"sample_size": 14}),
                           rec("RunPod (Secure)", "H100 SXM 80GB", 3.29),
                           rec("Vast.ai (min)", "A100 SXM 80GB", 0.835, extra={"sample_size": 13}),
                           rec("Lambda Labs", "H100 SXM 80GB", 3.99, source="reference", as_of="2026-06-23"),
                           rec("Some Cloud", "H100 SXM 80GB", 0.5, source="reference", as_of="2026-06-23")]})
        with open(self.rentals, encoding="utf-8") as f:
            before = {x["id"]: x for x in json.load(f)["rentals"]}
        r, after = self.run_script()                  # a dry run writes nothing
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"update +vast/h100-sxm +\$1\.387 +2026-08-22")
        self.assertRegex(r.stdout, r"keep +runpod/h100-sxm ")     # the table's 2026-11-09 row is newer
        self.assertRegex(r.stdout, r"new +vast/a100-80gb-sxm +\$0\.835")
        self.assertNotIn("Lambda", r.stdout)                      # reference records are not read
        self.assertEqual(after, before)
        r, after = self.run_script("--write")
        self.assertEqual(r.returncode, 0, r.stderr)
        h = after["vast/h100-sxm"]
        self.assertEqual((h["per_gpu_hour"], h["date"], h["currency"], h["gpu"]), (1.387, "2026-08-22", "USD", "h100-sxm"))
        self.assertEqual(h["source"], f"{URL}{head}/gpu_prices.json")
        self.assertEqual(h["billing"], "marketplace, lowest listing")
        for part in h["quote"].split(" ... "):                   # each quoted cell is a line of the file
            self.assertIn(part, self.text)
        self.assertIn('"price_per_hour_usd": 1.387', h["quote"])
        self.assertIn("2.002 USD", h["note"])                      # the median, named as such
        self.assertIn("median", h["note"])
        self.assertIn("earlier: 1.85 USD on 2026-05 (https://example.com/may), 2.5 USD on 2026-01", h["note"])
        a = after["vast/a100-80gb-sxm"]
        self.assertEqual((a["per_gpu_hour"], a["platform"], a["platform_name"]), (0.835, "vast", "Vast.ai"))
        self.assertNotIn("earlier", a["note"])
        self.assertEqual(after["runpod/h100-sxm"], before["runpod/h100-sxm"])
        changed = sorted(i for i in after if after[i] != before.get(i))
        self.assertEqual(changed, ["vast/a100-80gb-sxm", "vast/h100-sxm"])
        ids = [x for x in after]
        self.assertEqual(len(ids), len(set(ids)))
        r, again = self.run_script("--write")   # a second run finds nothing to do
        self.assertEqual(again, after)
        self.assertRegex(r.stdout, r"same +vast/h100-sxm ")

    def test_an_unknown_live_provider_stops_it(self):
        self.commit({"2026-08-22": [rec("Made Up Cloud", "H100 SXM 80GB", 1.0)]})
        r, _ = self.run_script()
        self.assertEqual(r.returncode, 1)
        self.assertIn("Made Up Cloud", r.stderr)

    def test_an_unknown_gpu_stops_it(self):
        self.commit({"2026-08-22": [rec("RunPod (Secure)", "H100 PCIe 80GB", 2.0)]})
        r, _ = self.run_script()
        self.assertEqual(r.returncode, 1)
        self.assertIn("H100 PCIe 80GB", r.stderr)


if __name__ == "__main__":
    unittest.main()
