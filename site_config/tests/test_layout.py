"""`make test` collects every test file of the project."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Run by `make smoke` and `make resilience` against the production stack, not by `make test`.
ELSEWHERE = {"smoke", "resilience"}
SKIPPED_DIRS = {".venv", "node_modules", ".git", "artifacts", "var"}


def test_every_test_file_is_under_a_collected_path():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    collected = set(config["testpaths"])
    uncollected = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("test_*.py")
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
        and path.relative_to(ROOT).parts[0] not in collected | ELSEWHERE
    )
    assert uncollected == []
