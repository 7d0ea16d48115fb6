"""The exercise versions of the lessons: metadata, generation, student runs and autograding.

What runs, and why (a few minutes in all, mostly nbgrader and kernel start-ups):

- Every lesson: its nbgrader metadata is valid (unique grade_ids across the course, points on
  graded cells, BEGIN/END SOLUTION in solution cells) and matches the exercise table below, and
  `tools/make_assignments.py` generates its student version (solutions replaced by stubs,
  hidden tests removed, outputs cleared).
- Every lesson with exercises: its student version, installed for self-learners as
  `make exercises` does, runs with errors allowed and every graded cell fails with
  "not written yet" (and `make exercises` keeps a notebook the learner has changed); the
  lesson itself, submitted as a learner's work, is autograded by nbgrader (hidden tests
  included) with full marks. A submission of lesson 01
  with one wrong answer loses exactly that cell's points and its feedback shows the hint.
- Light lessons run from the first cell to the last. Heavy lessons (05, 07, 08: after their
  exercises they train on the cat photos or on MNIST for one to several minutes) run only up
  to and including their last graded cell, for the student version and for the submission:
  that is everything grading depends on, and their full runs are the notebook tests' job.
"""

import importlib.util
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("nbgrader")

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_assignments",
                                               ROOT / "tools" / "make_assignments.py")
make_assignments = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_assignments)

LESSONS = make_assignments.lesson_notebooks()
WITH_EXERCISES = [p for p in LESSONS if make_assignments.has_exercises(p)]
# Each lesson's exercise contract lives beside its check answers, in tests/checks_lessonNN.py.
_ANSWER_MODULES = {
    p.stem[len("checks_lesson"):]: importlib.import_module(p.stem)
    for p in sorted(Path(__file__).parent.glob("checks_lesson*.py"))
}
#: lesson numbers that train for a minute or more after the exercises
HEAVY = {n for n, module in _ANSWER_MODULES.items() if module.HEAVY}
#: The exercise contract: lesson number -> {graded cell id: (check called, points)}.
EXERCISES = {n: module.EXERCISES for n, module in _ANSWER_MODULES.items() if module.EXERCISES}

#: One wrong answer submitted for lesson 01: (solution cell, its wrong code, hint in feedback).
WRONG_CELL = "l01_neuron"
WRONG_CODE = '''def neuron(x, w, b):
    """Forgets the sigmoid."""
    import numpy as np
    return float(np.dot(w, x) + b)
'''
WRONG_HINT = "The activation is missing"


def _ids(paths):
    return [p.stem for p in paths]


def _graded(nb):
    """The graded cells of a notebook (nbformat node), in order."""
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and c.cell_type == "code"]


def _execute(nb, folder):
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    return nb


def _runnable(path, nb):
    """``nb`` itself for a light lesson; cut after its last graded cell for a heavy one."""
    return _up_to_last_graded(nb) if path.name[:2] in HEAVY else nb


def _up_to_last_graded(nb):
    """The notebook cut after its last graded cell (the training comes later)."""
    last = max(i for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade"))
    nb.cells = nb.cells[: last + 1]
    return nb


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def _text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


# ----- metadata ---------------------------------------------------------------------------------

def test_there_are_lessons_with_exercises():
    assert WITH_EXERCISES, "no lesson in notebooks/ has nbgrader exercise cells"


def test_exercise_metadata_of_the_whole_course_is_valid():
    assert make_assignments.validate(LESSONS) == []


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=_ids(WITH_EXERCISES))
def test_graded_cells_follow_the_exercise_contract(path):
    graded = {meta["grade_id"]: (cell, meta) for _, cell, meta in
              make_assignments.nbgrader_cells(path) if meta.get("grade")}
    contract = EXERCISES.get(path.name[:2], {})
    assert set(graded) == set(contract)
    for grade_id, (check, points) in contract.items():
        cell, meta = graded[grade_id]
        assert meta["points"] == points, grade_id
        assert f"checks.{check}(" in make_assignments._source(cell), grade_id
        solution_id = grade_id.removesuffix("_test")
        assert solution_id in {m["grade_id"] for _, _, m in make_assignments.nbgrader_cells(path)}


def _notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "01_demo.ipynb"
    nbformat.write(nb, path)
    return path


def _cell(code, **meta):
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["nbgrader"] = {"schema_version": 3, "solution": False, "grade": False,
                                 "locked": False, "task": False, **meta}
    return cell


@pytest.mark.parametrize(("cells", "problem"), [
    ([_cell("x = 1", grade_id="l01_a", solution=True)], "needs one ### BEGIN SOLUTION"),
    ([_cell("check(f)", grade_id="l01_a_test", grade=True, locked=True)], "positive points"),
    ([_cell("check(f)", grade_id="l01_a_test", grade=True, points=1)], "should be locked"),
    ([_cell("check(f)", grade_id="l01_t", grade=True, locked=True, points=1),
      _cell("check(g)", grade_id="l01_t", grade=True, locked=True, points=1)], "already used"),
    ([_cell("check(f)", grade_id="l02_t", grade=True, locked=True, points=1)], "start with 'l01_'"),
    ([_cell("### BEGIN HIDDEN TESTS\ncheck(f)\n", grade_id="l01_t", grade=True, locked=True,
            points=1)], "unbalanced"),
    ([_cell("### BEGIN HIDDEN TESTS\ncheck(f)\n### END HIDDEN TESTS", grade_id="l01_t",
            grade=True, locked=True, points=1)], "nothing is checked outside the hidden"),
    ([_cell("check(f)", solution=False)], "without a grade_id"),
])
def test_validate_reports_broken_metadata(tmp_path, cells, problem):
    problems = make_assignments.validate([_notebook(tmp_path, cells)])
    assert any(problem in p for p in problems), problems


# ----- generation and the student versions -----------------------------------------------------

@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """Student versions of every lesson with exercises, installed like `make exercises` does
    (the notebooks that `make assignments` puts in release/, one folder for all)."""
    folder = tmp_path_factory.mktemp("exercises")
    written, kept = make_assignments.build_exercises(folder, WITH_EXERCISES)
    assert not kept
    return {p.stem: p for p in written}


def test_make_exercises_keeps_the_learners_work_and_updates_the_rest(tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    first, second = release / "01_a.ipynb", release / "02_b.ipynb"
    first.write_text("first, version 1")
    second.write_text("second, version 1")
    out = tmp_path / "exercises"
    written, kept = make_assignments.install_exercises([first, second], out)
    assert (written, kept) == ([out / "01_a.ipynb", out / "02_b.ipynb"], [])
    (out / "01_a.ipynb").write_text("the learner's answer")
    first.write_text("first, version 2")
    second.write_text("second, version 2")
    written, kept = make_assignments.install_exercises([first, second], out)
    assert (written, kept) == ([out / "02_b.ipynb"], [out / "01_a.ipynb"])
    assert (out / "01_a.ipynb").read_text() == "the learner's answer"
    assert (out / "02_b.ipynb").read_text() == "second, version 2"
    assert "YOUR CODE HERE" in (out / "README.md").read_text()


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=_ids(WITH_EXERCISES))
def test_student_version_has_stubs_no_hidden_tests_no_outputs(path, released):
    student = nbformat.read(released[path.stem], as_version=4)
    source = nbformat.read(path, as_version=4)
    assert len(student.cells) == len(source.cells)
    for cell in student.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None
        assert "### BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source
        if meta.get("solution"):
            assert "raise NotImplementedError()" in cell.source
        if meta.get("grade"):
            assert "hidden=True" not in cell.source and "checks.check_" in cell.source


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=_ids(WITH_EXERCISES))
def test_student_version_runs_and_every_graded_cell_fails(path, released):
    student = _runnable(path, nbformat.read(released[path.stem], as_version=4))
    _execute(student, released[path.stem].parent)
    code = [c for c in student.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "the run stopped early"
    graded = _graded(student)
    assert graded
    for cell in graded:
        errors = _errors(cell)
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert errors and errors[0].ename == "AssertionError", grade_id
        assert "not written yet" in errors[0].evalue, (grade_id, errors[0].evalue)


# ----- autograding -------------------------------------------------------------------------------

def _submit(course, student, path, nb):
    folder = course / "submitted" / student / path.stem
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / path.name)


def _with_wrong_answer(path):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == WRONG_CELL)
    cell.source = WRONG_CODE
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course graded by nbgrader: "complete" submits the lessons, "one_wrong" lesson 01 with
    one wrong answer. Returns (course dir, {(student, lesson): {grade_id: (score, max)}})."""
    from nbgrader.api import Gradebook

    course = tmp_path_factory.mktemp("grading")
    make_assignments.build(course, WITH_EXERCISES, db=True)
    for path in WITH_EXERCISES:
        _submit(course, "complete", path, _runnable(path, nbformat.read(path, as_version=4)))
    lesson01 = next(p for p in WITH_EXERCISES if p.name.startswith("01_"))
    _submit(course, "one_wrong", lesson01, _with_wrong_answer(lesson01))
    make_assignments.run_nbgrader(["autograde", "*"], course)
    make_assignments.run_nbgrader(["generate_feedback", "*"], course)
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in ("complete", "one_wrong"):
            for path in WITH_EXERCISES if student == "complete" else [lesson01]:
                nb = gradebook.find_submission_notebook(path.stem, path.stem, student)
                scores[student, path.stem] = {
                    g.name: (g.score, g.max_score) for g in nb.grades if g.max_score
                }
    return course, scores


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=_ids(WITH_EXERCISES))
def test_autograding_the_lesson_gives_full_marks(path, graded):
    course, scores = graded
    cells = scores["complete", path.stem]
    assert cells and all(score == maximum for score, maximum in cells.values()), cells
    autograded = nbformat.read(
        course / "autograded" / "complete" / path.stem / path.name, as_version=4)
    for cell in _graded(autograded):  # the hidden tests ran too, and passed
        assert not _errors(cell)
        assert "hidden=True" in cell.source
        assert re.search(r"check_\w+: all \d+ cases passed\.", _text(cell))


def test_one_wrong_answer_loses_exactly_its_points_and_feedback_shows_the_hint(graded):
    course, scores = graded
    lesson = next(p for p in WITH_EXERCISES if p.name.startswith("01_"))
    cells = scores["one_wrong", lesson.stem]
    wrong_test = f"{WRONG_CELL}_test"
    assert cells[wrong_test][0] == 0 < cells[wrong_test][1]
    assert all(score == maximum for name, (score, maximum) in cells.items() if name != wrong_test)
    total, maximum = (sum(v[i] for v in cells.values()) for i in (0, 1))
    assert total == maximum - cells[wrong_test][1]
    feedback = (course / "feedback" / "one_wrong" / lesson.stem / f"{lesson.stem}.html")
    html = feedback.read_text(encoding="utf-8")
    assert WRONG_HINT in html and "check_neuron: case" in html
