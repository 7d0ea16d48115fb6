"""What the browser tests share: the lessons, their table of expectations, Chromium's flags."""

import json
import os
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
TABLE = Path(__file__).resolve().parent / "lessons.toml"
SCREENSHOTS = ROOT / "build" / "browser"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless, and nothing that reaches out to the internet on its own.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


def expectations():
    """The table of tests/browser/lessons.toml: ``{lesson stem: {"headline", "images", ...}}``."""
    return tomllib.loads(TABLE.read_text(encoding="utf-8"))


def expected_for(lesson):
    """The table's entry for a lesson; fails the test, saying what to add, when it has none."""
    entry = expectations().get(lesson.stem)
    if entry is None or "headline" not in entry or "images" not in entry:
        pytest.fail(f"{lesson.name} has no complete entry in tests/browser/lessons.toml: add\n"
                    f"[{lesson.stem}]\nheadline = \"<a full output line stating its result>\"\n"
                    f"images = <how many plots its outputs hold>", pytrace=False)
    return entry


def read_notebook(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
