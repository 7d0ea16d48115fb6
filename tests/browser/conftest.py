"""Fixtures of the browser tests (`make test-browser`): Chromium, JupyterLab, the website.

Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by the playwright package; no
browser is ever downloaded. Screenshots go to build/browser/ (git-ignored).
"""

import shutil
from pathlib import Path

import pytest
from _course import CHROMIUM, CHROMIUM_FLAGS, NOTEBOOKS, SCREENSHOTS, VIEWPORT
from _jupyterlab import Lab


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test-browser` installs Debian's chromium "
                    "package (or set CHROMIUM=/path/to/chromium)", pytrace=False)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab serving a temporary folder: lessons/ holds a copy of notebooks/ (so nothing a
    run does can touch the lessons), and tests may add folders of their own beside it."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(NOTEBOOKS, root / "lessons",
                    ignore=shutil.ignore_patterns("exercises", ".ipynb_checkpoints"))
    with Lab(root, tmp_path_factory.mktemp("lab-home")) as server:
        yield server


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
