"""The course's website (`make book`, build/book/html), served on 127.0.0.1, read in Chromium.

Every lesson has a page with its stored outputs: the headline line, its plots as images that
load, every formula typeset by MathJax from the site itself (no request leaves the site), and a
link to the next lesson. No internal link is broken (pages and #anchors), the landing page links
every lesson, and every page links the credits when the README has them.
"""

import re

import pytest
from _course import LESSONS, ROOT, expected_for
from _website import SITE, Site, broken_links, check_page


@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no website in {SITE}: build it with `make book` "
                    "(`make test-browser` does)", pytrace=False)
    with Site() as served:
        yield served


def _page_path(lesson):
    return f"notebooks/{lesson.stem}.html"


def _has_math(lesson):
    return "$" in lesson.read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_page_renders_with_plots_and_maths(lesson, site, page, screenshots):
    expected = expected_for(lesson)
    problems, state = check_page(page, site, _page_path(lesson), expected, _has_math(lesson),
                                 screenshot=screenshots / f"site-{lesson.stem}.png")
    position = LESSONS.index(lesson)
    if position + 1 < len(LESSONS):
        following = LESSONS[position + 1].stem
        if not state["next"] or not state["next"].endswith(f"{following}.html"):
            problems.append(f"{_page_path(lesson)}: its 'next' link goes to {state['next']}, "
                            f"not to {following}")
    if re.search(r"^#{1,3} +Credits\s*$", (ROOT / "README.md").read_text(encoding="utf-8"),
                 re.MULTILINE) and not any(link.endswith("README.html#credits")
                                           for link in state["links"]):
        problems.append(f"{_page_path(lesson)}: no link to the credits (README.html#credits)")
    assert not problems, "\n".join(problems)


def test_no_internal_link_is_broken_and_every_lesson_is_reachable(site):
    problems, pages = broken_links(site)
    missing = [lesson.stem for lesson in LESSONS
               if site.url(_page_path(lesson)) not in pages]
    assert not missing, f"lesson pages not reachable from index.html: {missing}"
    assert not problems, "broken links:\n" + "\n".join(problems)


def test_the_landing_page_maps_every_lesson(site, page):
    page.goto(site.url("index.html"), wait_until="networkidle")
    assert page.url.endswith("README.html")
    links = page.eval_on_selector_all("article a[href]",
                                      "as => as.map(a => a.getAttribute('href'))")
    missing = [lesson.stem for lesson in LESSONS
               if not any(link.split("#")[0].endswith(_page_path(lesson)) for link in links)]
    assert not missing, f"README.html (the landing page) does not link these lessons: {missing}"
