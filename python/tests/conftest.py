"""Shared fixtures: the repository's labeled pages and the zhclean binary."""

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "data" / "pages"


def page_paths() -> list[Path]:
    return sorted(p for p in PAGES.glob("*.txt") if not p.name.endswith(".gold.txt"))


@pytest.fixture(scope="session")
def pages() -> dict[str, str]:
    """The labeled pages shipped in data/pages, by name."""
    paths = page_paths()
    if not paths:
        pytest.skip("data/pages not found")
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def find_binary() -> str | None:
    """The zhclean binary: $ZHCLEAN_BIN, else the repository's own build, else PATH."""
    if os.environ.get("ZHCLEAN_BIN"):
        return os.environ["ZHCLEAN_BIN"]
    for profile in ("release", "debug"):
        p = REPO / "target" / profile / "zhclean"
        if p.is_file():
            return str(p)
    return shutil.which("zhclean")


@pytest.fixture(scope="session")
def zhclean_bin() -> str:
    b = find_binary()
    if b is None:
        pytest.skip("no zhclean binary (cargo build, or set ZHCLEAN_BIN)")
    return b
