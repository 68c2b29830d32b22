#!/usr/bin/env python3
"""scripts/import_ebay_used_prices.py on a small made-up copy of the eBay tables: the newest month with enough sales,
its month read from the price column (the year before the folder's when the column's month is later), cited at HEAD;
a newer used price from another source stays; an ambiguous name, a thin month and a month-less table are not used.
Run by CTest (import_ebay_used_prices); standard library and git only."""
import json
import os
import shutil
import tempfile
import unittest

from importer_fixture import git, run_importer, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "import_ebay_used_prices.py")
DEVICES = os.path.join(ROOT, "core", "data", "devices.json")
URL = "https://github.com/buttke/ebay-2021-2023-gpu-prices/blob/"
USED = ("price_used_usd", "price_used_date", "price_used_source")


class ImportEbayUsedPrices(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.repo = os.path.join(self.tmp, "ebay")
        os.makedirs(os.path.join(self.repo, "data"))
        self.git("init", "-q")
        # The fixture's premises whatever the real rows say today: the 4090, 3080 and A770 16GB without a used price,
        # the 3090's from another source and newer.
        with open(DEVICES, encoding="utf-8") as f:
            doc = json.load(f)
        for d in doc["devices"]:
            if d["id"] in ("rtx-4090", "rtx-3080-10gb", "arc-a770-16gb", "rtx-3060-12gb"):
                for k in USED:
                    d.pop(k, None)
            if d["id"] == "rtx-3090":
                d.update(price_used_usd=750, price_used_date="2026-05", price_used_source="https://example.com/used")
        self.devices = os.path.join(self.tmp, "devices.json")
        write_table(self.devices, doc)

    def git(self, *args):
        return git(self.repo, *args)

    def table(self, folder, header, rows):
        os.makedirs(os.path.join(self.repo, "data", folder), exist_ok=True)
        with open(os.path.join(self.repo, "data", folder, "table_0.csv"), "w") as f:
            f.write(f"GPU,{header},QTY Sold,Retail Price\n" + "".join(f"{r}\n" for r in rows))

    def commit(self):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "tables")
        return self.git("rev-parse", "HEAD")

    def run_script(self, *extra):
        return run_importer(SCRIPT, self.repo, "--devices", self.devices, "devices", *extra)

    def test_newest_month_with_enough_sales(self):
        self.table("Old_2022_page", "Avg eBay Price", ['GeForce RTX 4090,"$9,999",500,"$1,599"'])   # no month: unread
        self.table("September_2023_page", "Sept eBay Price",
                   ['GeForce RTX 4090,"$1,603",220,"$1,649"', "GeForce RTX 3080,$414,842,$829",
                    "Intel Arc A770 16GB,$309,25,$280", "GeForce RTX 3090,$730,577,$1377"])
        self.table("November_2023", "October eBay Price",
                   ['GeForce RTX 4090,"$1,704",304,"$1,649"', "GeForce RTX 3080,$401,849,$829",
                    "Intel Arc A770 16GB,$311,3,$280",     # 3 sold: the September average is used
                    "GeForce RTX 3060,$218,560,$250",      # 8 or 12 GB: not placed
                    "GeForce RTX 3090,$704,765,$1377"])
        self.table("January_2024", "Dec eBay Price", ["GeForce RTX 3080,$399,700,$829"])   # December of 2023
        head = self.commit()
        with open(self.devices, encoding="utf-8") as f:
            before = {d["id"]: d for d in json.load(f)["devices"]}
        r, after = self.run_script()                       # a dry run writes nothing
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"new +rtx-4090 +\$1704 +2023-10")
        self.assertRegex(r.stdout, r"new +rtx-3080-10gb +\$399 +2023-12")
        self.assertRegex(r.stdout, r"new +arc-a770-16gb +\$309 +2023-09")
        self.assertRegex(r.stdout, r"keep +rtx-3090 ")
        self.assertRegex(r.stdout, r"skip +GeForce RTX 3060: no single catalog device")
        self.assertIn("1 tables headed 'Avg eBay Price'", r.stdout)
        self.assertEqual(after, before)
        r, after = self.run_script("--write")
        self.assertEqual(r.returncode, 0, r.stderr)
        g = after["rtx-4090"]
        self.assertEqual((g["price_used_usd"], g["price_used_date"]), (1704, "2023-10"))
        self.assertEqual(g["price_used_source"], f"{URL}{head}/data/November_2023/table_0.csv")
        keys = list(g)     # right after the device's other price fields
        self.assertEqual(keys.index("price_used_usd"), keys.index(
            "price_cny_source" if "price_cny_source" in g else "price_us_source") + 1)
        self.assertEqual(after["rtx-3090"], before["rtx-3090"])
        self.assertNotIn("price_used_usd", after["rtx-3060-12gb"])
        changed = sorted(i for i in after if after[i] != before[i])
        self.assertEqual(changed, ["arc-a770-16gb", "rtx-3080-10gb", "rtx-4090"])
        r, again = self.run_script("--write")   # a second run finds nothing to do
        self.assertEqual(again, after)
        self.assertRegex(r.stdout, r"same +rtx-4090 ")


if __name__ == "__main__":
    unittest.main()
