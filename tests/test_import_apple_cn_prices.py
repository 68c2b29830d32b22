#!/usr/bin/env python3
"""scripts/import_apple_cn_prices.py on made-up apple.com.cn snapshots: the configuration MAP names is read with the
snapshot's day and cited at the commit (a mirror's HEAD, or --commit for a folder of copies); a newer 元 price from
another source stays, an older one is replaced; a configuration missing from the snapshot is skipped; a snapshot the
script does not understand stops it and writes nothing. Run by CTest (import_apple_cn_prices); standard library and
git only."""
import json
import os
import shutil
import tempfile
import unittest

from importer_fixture import commit_all, run_importer, write_table

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "import_apple_cn_prices.py")
DEVICES = os.path.join(ROOT, "core", "data", "devices.json")
URL = "https://github.com/joalbukrek/apple-price-index/blob/"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
CNY = ("price_cny", "price_cny_date", "price_cny_source")


def variant(fam, key, price, text=None):
    return {"familySlug": fam, "variantKey": key, "title": f"{fam} | {key}", "displayedPrice": price,
            "displayedPriceText": text or f"RMB {price:,}", "countryCode": "cn"}


def snapshot(fam, day, variants):
    return {"schemaVersion": 2, "savedAt": f"{day}T16:30:23.200Z",
            "familyUrl": f"https://www.apple.com.cn/shop/buy-mac/{fam}", "variants": variants}


class ImportAppleCnPrices(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        # The fixture's premises whatever the real rows say: m4-32gb and m4-max-36gb without a 元 price, m4-24gb's from
        # elsewhere and newer than the snapshot, m4-16gb's from elsewhere and older.
        with open(DEVICES, encoding="utf-8") as f:
            doc = json.load(f)
        for d in doc["devices"]:
            if d["id"] in ("m4-32gb", "m4-max-36gb"):
                for k in CNY:
                    d.pop(k, None)
            if d["id"] == "m4-24gb":
                d.update(price_cny=7499, price_cny_date="2026-05-06", price_cny_source="https://example.com/newer")
            if d["id"] == "m4-16gb":
                d.update(price_cny=4499, price_cny_date="2024-10-29", price_cny_source="https://example.com/older")
        self.devices = os.path.join(self.tmp, "devices.json")
        write_table(self.devices, doc)
        self.mini = snapshot("mac-mini", "2026-04-05", [
            variant("mac-mini", "m4-10-10-16gb-256gb-1gb_per_second", 4599),
            variant("mac-mini", "m4-10-10-24gb-256gb-1gb_per_second", 5999),
            variant("mac-mini", "m4-10-10-32gb-256gb-1gb_per_second", 7499),
            variant("mac-mini", "m4-10-10-32gb-512gb-1gb_per_second", 8999)])   # not the base storage: not read
        self.studio = snapshot("mac-studio", "2026-04-06", [variant("mac-studio", "m4max-14-32-36gb-512gb", 16499)])
        self.mbp = snapshot("macbook-pro", "2026-04-05", [])   # no configuration MAP names: its rows are skipped

    def write_copies(self, folder, mini=None, studio=None):
        os.makedirs(folder, exist_ok=True)
        for name, doc in (("mac-mini", mini or self.mini), ("mac-studio", studio or self.studio),
                          ("macbook-pro", self.mbp)):
            with open(os.path.join(folder, f"cn__cn__{name}.json"), "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)

    def run_script(self, source, *extra):
        return run_importer(SCRIPT, source, "--devices", self.devices, "devices", *extra)

    def test_copies_cited_at_the_named_commit(self):
        folder = os.path.join(self.tmp, "copies")
        self.write_copies(folder)
        with open(self.devices, encoding="utf-8") as f:
            before = {d["id"]: d for d in json.load(f)["devices"]}
        r, after = self.run_script(folder, "--commit", COMMIT)   # a dry run writes nothing
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"new +m4-32gb +7499 元 2026-04-05")
        self.assertRegex(r.stdout, r"keep +m4-24gb ")            # the row from elsewhere (2026-05-06) is newer
        self.assertRegex(r.stdout, r"update +m4-16gb +4599 元")   # the row from elsewhere (2024-10-29) is older
        self.assertRegex(r.stdout, r"skip +m4-pro-48gb +mac-mini m4pro-12-16-48gb-512gb-1gb_per_second: not in")
        self.assertRegex(r.stdout, r"skip +m5-max-128gb +macbook-pro ")
        self.assertEqual(after, before)
        r, after = self.run_script(folder, "--commit", COMMIT, "--write")
        self.assertEqual(r.returncode, 0, r.stderr)
        m4 = after["m4-32gb"]
        self.assertEqual((m4["price_cny"], m4["price_cny_date"]), (7499, "2026-04-05"))
        self.assertEqual(m4["price_cny_source"], f"{URL}{COMMIT}/data/catalogs/cn__cn__mac-mini.json; "
                                                 "https://www.apple.com.cn/shop/buy-mac/mac-mini")
        keys = list(m4)   # after the launch price (the Macs have no US street price)
        self.assertEqual(keys.index("price_usd") + 1, keys.index("price_cny"))
        studio = after["m4-max-36gb"]
        self.assertEqual((studio["price_cny"], studio["price_cny_date"]), (16499, "2026-04-06"))
        self.assertEqual((after["m4-16gb"]["price_cny"], after["m4-16gb"]["price_cny_date"]), (4599, "2026-04-05"))
        self.assertEqual(after["m4-24gb"]["price_cny_source"], "https://example.com/newer")
        # Run again: this source's rows are now "same", nothing more is written.
        r, again = self.run_script(folder, "--commit", COMMIT, "--write")
        self.assertRegex(r.stdout, r"same +m4-32gb ")
        self.assertNotIn("wrote", r.stdout)
        self.assertEqual(again, after)

    def test_mirror_cited_at_its_head(self):
        repo = os.path.join(self.tmp, "apple-price-index")
        self.write_copies(os.path.join(repo, "data", "catalogs"))
        head = commit_all(repo, "snapshot")
        r, after = self.run_script(repo, "--write")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(after["m4-32gb"]["price_cny_source"].startswith(f"{URL}{head}/data/catalogs/cn__cn__mac-mini"))
        r, _ = self.run_script(repo, "--commit", COMMIT)   # a commit that is not the mirror's HEAD is refused
        self.assertEqual(r.returncode, 1)

    def test_refuses_what_it_does_not_understand(self):
        with open(self.devices, encoding="utf-8") as f:
            before = f.read()
        cases = {
            "text": dict(mini=snapshot("mac-mini", "2026-04-05", [
                variant("mac-mini", "m4-10-10-32gb-256gb-1gb_per_second", 7499, "RMB 7,999")])),
            "page": dict(studio=dict(self.studio, familyUrl="https://www.apple.com/shop/buy-mac/mac-studio")),
            "day": dict(studio=dict(self.studio, savedAt="soon")),
        }
        for name, docs in cases.items():
            folder = os.path.join(self.tmp, name)
            self.write_copies(folder, **docs)
            r, _ = self.run_script(folder, "--commit", COMMIT, "--write")
            self.assertEqual(r.returncode, 1, name)
            self.assertIn("error:", r.stderr, name)
        folder = os.path.join(self.tmp, "no-commit")
        self.write_copies(folder)
        r, _ = self.run_script(folder, "--write")   # copies without the commit they came from
        self.assertEqual(r.returncode, 1)
        with open(self.devices, encoding="utf-8") as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    unittest.main()
