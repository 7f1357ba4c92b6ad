"""Issue 10, "split by area what passes ~800 lines": no product module grows past 800 lines (tests and
migrations aside). The import contracts themselves run as `.venv/bin/lint-imports` in `.ci/run`."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 800


def test_no_product_module_is_over_800_lines():
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    product = [f for f in files if "/migrations/" not in f and "/tests/" not in f and not f.startswith("tests/")
               and not Path(f).name.startswith("test_")]
    assert product, "git ls-files found no modules"
    too_long = {f: n for f in product if (n := len((ROOT / f).read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert too_long == {}, "split these by area (see health/services/): " + repr(too_long)
