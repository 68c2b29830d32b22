#!/usr/bin/env python3
"""scripts/import_quoted_cn_prices.py on a made-up dated post in a temporary git repository: a quote the file holds,
naming the price, in a post of the row's date, is written and cited at the commit; a quote the file does not hold, a
price the quote does not name, or a date the post's file name contradicts stops it; a commit no mirror holds is
skipped. Run by CTest (import_quoted_cn_prices); standard library and git only."""
import contextlib
import importlib.util
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

from importer_fixture import commit_all, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
spec = importlib.util.spec_from_file_location("iq", os.path.join(ROOT, "scripts", "import_quoted_cn_prices.py"))
iq = importlib.util.module_from_spec(spec)
spec.loader.exec_module(iq)
DEVICES = os.path.join(ROOT, "core", "data", "devices.json")
POST = "_posts/2025-03-08-llm.md"
QUOTE = "最高配的M3 Ultra可以选配512GiB的内存，然后价格最低仅需7.5万CNY"


class ImportQuotedCnPrices(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.repo = os.path.join(self.tmp, "blog")
        os.makedirs(os.path.join(self.repo, "_posts"))
        with open(os.path.join(self.repo, POST), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: x\n---\n但最近几天苹果出了新的Mac Studio，{QUOTE}。\n")
        self.commit = commit_all(self.repo, "post")
        with open(DEVICES, encoding="utf-8") as f:   # the fixture's premise: the device has no 元 price yet
            doc = json.load(f)
        for d in doc["devices"]:
            if d["id"] == "m3-ultra-512gb":
                for k in ("price_cny", "price_cny_date", "price_cny_source"):
                    d.pop(k, None)
        self.devices = os.path.join(self.tmp, "devices.json")
        write_table(self.devices, doc)

    def row(self, **change):
        row = {"device": "m3-ultra-512gb", "price": 75000, "date": "2025-03-08", "repo": "someone/blog",
               "commit": self.commit, "path": POST, "quote": QUOTE, "reading": "test"}
        row.update(change)
        return row

    def run_main(self, quotes, *args):
        out, err = io.StringIO(), io.StringIO()
        argv, sys.argv = sys.argv, ["import_quoted_cn_prices.py", *args, "--devices", self.devices]
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = iq.main(quotes)
        finally:
            sys.argv = argv
        with open(self.devices, encoding="utf-8") as f:
            return rc, out.getvalue(), {d["id"]: d for d in json.load(f)["devices"]}

    def test_amounts(self):
        self.assertIn(75000, iq.amounts("价格最低仅需7.5万CNY"))
        self.assertIn(16499, iq.amounts("RMB 16,499 起"))
        self.assertNotIn(16000, iq.amounts("RMB 16,499 起"))

    def test_checked_quote_is_written_and_cited(self):
        rc, out, before = self.run_main([self.row()], self.repo)   # a dry run writes nothing
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"new +m3-ultra-512gb +75000 元 2025-03-08")
        self.assertNotIn("price_cny", before["m3-ultra-512gb"])
        rc, out, after = self.run_main([self.row()], self.repo, "--write")
        self.assertEqual(rc, 0)
        d = after["m3-ultra-512gb"]
        self.assertEqual((d["price_cny"], d["price_cny_date"]), (75000, "2025-03-08"))
        self.assertEqual(d["price_cny_source"], f"https://github.com/someone/blog/blob/{self.commit}/{POST}")
        rc, out, _ = self.run_main([self.row()], self.repo, "--write")
        self.assertRegex(out, r"same +m3-ultra-512gb")
        self.assertNotIn("wrote", out)

    def test_refuses_a_row_its_source_does_not_bear_out(self):
        for change in ({"quote": QUOTE.replace("7.5", "6.5")},   # not in the file
                       {"price": 74249},                           # not named by the quote
                       {"date": "2025-03-09"}):                    # not the post's date
            rc, out, after = self.run_main([self.row(**change)], self.repo, "--write")
            self.assertEqual(rc, 1, change)
            self.assertRegex(out, r"bad +m3-ultra-512gb", change)
            self.assertNotIn("price_cny", after["m3-ultra-512gb"], change)

    def test_skips_a_commit_no_mirror_holds(self):
        rc, out, after = self.run_main([self.row(commit="0" * 40)], self.repo, "--write")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"skip +m3-ultra-512gb +no mirror given holds")
        self.assertNotIn("price_cny", after["m3-ultra-512gb"])


if __name__ == "__main__":
    unittest.main()
