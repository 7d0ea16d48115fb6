"""Every lesson, run in JupyterLab in headless Chromium as a learner runs it.

Each lesson (a copy of it) is opened in JupyterLab, its outputs cleared through Edit > Clear
Outputs of All Cells, then Run > Run All Cells; once the kernel is idle the page must show every
code cell numbered, no error or stderr output (except in cells tagged raises-exception), plots as
images (as many as tests/browser/lessons.toml says), every formula typeset by MathJax with no
"Math input error", and the lesson's headline line. A screenshot of each lesson is kept in
build/browser/. A planted bug must make the same checks fail, naming the cell.
"""

import json
import re

import pytest
from _course import LESSONS, expectations, expected_for, read_notebook
from _jupyterlab import run_notebook


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_in_jupyterlab(lesson, lab, page, screenshots):
    expected = expected_for(lesson)
    try:
        problems, seconds = run_notebook(page, lab, f"lessons/{lesson.name}",
                                         read_notebook(lesson), expected,
                                         timeout=expected.get("timeout", 600),
                                         screenshot=screenshots / f"{lesson.stem}.png")
    finally:
        lab.shut_down_kernels()
    print(f"{lesson.stem}: Run All Cells took {seconds:.0f} s")
    assert not problems, "\n".join(problems)


def test_the_table_lists_only_existing_lessons():
    stale = sorted(set(expectations()) - {p.stem for p in LESSONS})
    assert not stale, f"tests/browser/lessons.toml lists lessons not in notebooks/: {stale}"


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def plant_bug(notebook):
    """Break the first function a learner writes: its solution returns 0.5 whatever the input.
    Returns the index of the graded cell that checks it."""
    cells = notebook["cells"]
    index = next(i for i, c in enumerate(cells) if c["cell_type"] == "code"
                 and c.get("metadata", {}).get("nbgrader", {}).get("solution"))
    src = _source(cells[index])
    indent = re.search(r"^([ \t]*)### BEGIN SOLUTION", src, re.MULTILINE).group(1)
    cells[index]["source"] = re.sub(r"[ \t]*### BEGIN SOLUTION.*?### END SOLUTION",
                                    f"{indent}return 0.5  # a planted bug", src, flags=re.S)
    return next(i for i in range(index + 1, len(cells))
                if cells[i].get("metadata", {}).get("nbgrader", {}).get("grade"))


def test_a_planted_bug_fails_with_a_message_naming_the_cell(lab, page, screenshots):
    lesson = next(p for p in LESSONS if '"solution": true' in p.read_text(encoding="utf-8"))
    notebook = read_notebook(lesson)
    graded = plant_bug(notebook)
    folder = lab.root / "planted"
    folder.mkdir(exist_ok=True)
    (folder / lesson.name).write_text(json.dumps(notebook), encoding="utf-8")
    try:
        problems, _ = run_notebook(page, lab, f"planted/{lesson.name}", notebook,
                                   expected_for(lesson),
                                   screenshot=screenshots / f"planted-{lesson.stem}.png")
    finally:
        lab.shut_down_kernels()
    report = "\n".join(problems)
    print(report)
    first_line = next(line.strip() for line in _source(notebook["cells"][graded]).splitlines()
                      if line.strip())
    cell = f"cell {graded + 1}/{len(notebook['cells'])}"
    assert any(cell in p and first_line[:70] in p and "AssertionError" in p
               for p in problems), report
    assert "did not run" in report and "headline line not in the outputs" in report, report
