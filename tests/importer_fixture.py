"""What the price importers' tests (tests/test_import_*.py) share: git with a test identity, a table written as
the importers write it (scripts/price_rows.py write_devices), and an importer run on a table, read back by id."""
import json
import os
import subprocess
import sys

ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com")


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, env=ENV).stdout.strip()


def commit_all(repo, message):
    """Commits everything in repo (initialised first when it is not a repository yet); returns the commit."""
    if not os.path.isdir(os.path.join(repo, ".git")):
        git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def write_table(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def run_importer(script, source, flag, path, key, *extra):
    """Runs script on source with `flag path` (--devices or --rentals); returns (the run, path's key rows by id)."""
    r = subprocess.run([sys.executable, script, source, flag, path, *extra], capture_output=True, text=True)
    with open(path, encoding="utf-8") as f:
        return r, {x["id"]: x for x in json.load(f)[key]}
