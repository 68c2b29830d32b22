#!/usr/bin/env python3
"""scripts/import_tracker_prices.py on a small made-up tracker history: the newest dated price of the newest commit
whose file still has prices, cited at that commit; a newer price from another source stays; a tracker file the
script cannot place stops it. Run by CTest (import_tracker_prices); standard library and git only."""
import json
import os
import shutil
import tempfile
import unittest

from importer_fixture import git, run_importer, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "import_tracker_prices.py")
DEVICES = os.path.join(ROOT, "core", "data", "devices.json")
URL = "https://github.com/United-Compute/gpu-price-tracker/blob/"


class ImportTrackerPrices(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.repo = os.path.join(self.tmp, "tracker")
        os.makedirs(os.path.join(self.repo, "data"))
        self.git("init", "-q")
        # The catalog, with the fixture's premises whatever the real rows say today: the L40 without a US price, the
        # 5090's from another source and newer than the tracker's.
        with open(DEVICES, encoding="utf-8") as f:
            doc = json.load(f)
        for d in doc["devices"]:
            if d["id"] == "l40":
                for k in ("price_us_usd", "price_us_date", "price_us_source"):
                    d.pop(k, None)
            if d["id"] == "rtx-5090":
                d.update(price_us_usd=4262, price_us_date="2026-08", price_us_source="https://example.com/report")
        self.devices = os.path.join(self.tmp, "devices.json")
        write_table(self.devices, doc)

    def git(self, *args):
        return git(self.repo, *args)

    def commit(self, files):
        for name, prices in files.items():
            with open(os.path.join(self.repo, "data", name + ".json"), "w") as f:
                json.dump({"gpu_name": name, "prices": prices}, f)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "update")
        return self.git("rev-parse", "HEAD")

    def run_script(self, *extra):
        return run_importer(SCRIPT, self.repo, "--devices", self.devices, "devices", *extra)

    def test_newest_price_of_the_last_commit_that_has_one(self):
        first = self.commit({"NVIDIA_L40": {"2025-01-01T10:00:00": 100.0},
                             "NVIDIA_GeForce_RTX_5090": {"2025-06-08T10:00:00": 3442.0}})
        second = self.commit({"NVIDIA_L40": {"2025-01-01T10:00:00": 100.0, "2025-02-08T09:00:00": 6999.0},
                              "NVIDIA_GeForce_RTX_5090": {"2025-06-08T10:00:00": 3442.0}})
        self.commit({"NVIDIA_L40": {}, "NVIDIA_GeForce_RTX_5090": {}})   # the tracker's later, emptied files
        self.assertNotEqual(first, second)
        with open(self.devices, encoding="utf-8") as f:
            before = {d["id"]: d for d in json.load(f)["devices"]}
        r, after = self.run_script()                       # a dry run writes nothing
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"new +l40 +\$6999.0 +2025-02-08")
        self.assertRegex(r.stdout, r"keep +rtx-5090 ")     # the 5090's price from elsewhere is newer (2026-08)
        self.assertEqual(after, before)
        r, after = self.run_script("--write")
        self.assertEqual(r.returncode, 0, r.stderr)
        l40 = after["l40"]
        self.assertEqual((l40["price_us_usd"], l40["price_us_date"]), (6999.0, "2025-02-08"))
        self.assertEqual(l40["price_us_source"], f"{URL}{second}/data/NVIDIA_L40.json")
        keys = list(l40)   # no launch price: before "launch", as the other rows without one
        self.assertEqual(keys.index("price_us_source") + 1, keys.index("launch"))
        self.assertEqual(after["rtx-5090"], before["rtx-5090"])
        changed = [i for i in after if after[i] != before[i]]
        self.assertEqual(changed, ["l40"])
        r, again = self.run_script("--write")   # a second run finds nothing to do
        self.assertEqual(again, after)
        self.assertRegex(r.stdout, r"same +l40 ")

    def test_a_file_without_a_catalog_mapping_stops_it(self):
        self.commit({"NVIDIA_Made_Up_Card": {"2025-01-01T10:00:00": 1.0}})
        r, _ = self.run_script()
        self.assertEqual(r.returncode, 1)
        self.assertIn("NVIDIA_Made_Up_Card", r.stderr)


if __name__ == "__main__":
    unittest.main()
