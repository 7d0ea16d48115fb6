"""Build the exercise (student) versions of the lessons with nbgrader.

Usage (from the repository root; `make assignments` runs the first line)::

    python tools/make_assignments.py                    # all lessons with exercises
    python tools/make_assignments.py --out DIR 01_one_neuron 05_logistic_regression_cats
    python tools/make_assignments.py --db               # also record them in DIR/gradebook.db
    python tools/make_assignments.py --check            # only validate the exercise metadata
    python tools/make_assignments.py --exercises        # for self-learners: notebooks/exercises/

The output folder is an nbgrader course directory: ``source/<lesson>/<lesson>.ipynb`` (a copy of
the lesson), ``release/<lesson>/<lesson>.ipynb`` (the student version: solutions replaced by
stubs, hidden tests removed, outputs cleared) and ``nbgrader_config.py`` (from instructors/).
Folders made by grading (submitted/, autograded/, feedback/, gradebook.db) are left alone.
Lessons without exercises are skipped. nbgrader comes with the project's `instructor` extra.

With ``--exercises`` (``make exercises``) the same student versions go, one notebook per lesson,
into ``notebooks/exercises/`` (or ``--out``) for self-learners, beside the lessons in JupyterLab.
A notebook there that the learner has changed since it was written is kept as it is.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONFIG = ROOT / "instructors" / "nbgrader_config.py"
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"
EXERCISES = NOTEBOOKS / "exercises"
#: In the exercises folder: the SHA-256 of each notebook as written, to recognise a learner's work.
EXERCISES_RECORD = ".generated.json"
EXERCISES_README = """# Exercises

The lessons with the solutions taken out, for learning on your own (`make exercises` wrote them;
the complete lessons are in the folder above). Where a lesson has you write a function, its
body reads

```python
    # YOUR CODE HERE
    raise NotImplementedError()
```

Replace those two lines with your code and run the cell, then the check in the cell after it:
it tries your function on several cases and prints one line when all of them pass
(`check_sigmoid: all 6 cases passed.`), or says which case failed, what was expected and, for a
common mistake, gives a hint. Until you write the function, the check fails with "not written yet".
*Run > Run All Cells* stops at the first check that fails: work down the lesson one exercise at
a time. The graders' extra cases are left out here; to try your function on them too, run
`checks.check_sigmoid(sigmoid, hidden=True)` (with the check and function of that exercise).

Running `make exercises` again brings new lessons and updates the notebooks you have not
changed; a notebook you have changed is kept as it is (delete it to get a fresh copy).
"""

SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def lesson_notebooks(folder=NOTEBOOKS):
    """The lesson notebooks (``NN_name.ipynb``) in reading order."""
    return sorted(Path(folder).glob(LESSON_PATTERN))


def nbgrader_cells(path):
    """``(index, cell, nbgrader metadata)`` for every cell of a notebook with nbgrader metadata."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return [(i, cell, cell["metadata"]["nbgrader"]) for i, cell in enumerate(cells)
            if "nbgrader" in cell.get("metadata", {})]


def has_exercises(path):
    """True when the notebook has at least one solution cell."""
    return any(meta.get("solution") for _, _, meta in nbgrader_cells(path))


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def validate(paths):
    """Problems with the nbgrader metadata of the given lessons, as readable strings.

    Checked: every nbgrader cell has a grade_id, unique across the whole course and prefixed
    with ``l<NN>_`` (the lesson number); graded cells are locked code cells with positive points;
    code solution cells wrap their answer in BEGIN/END SOLUTION; hidden tests are delimited in
    pairs and leave a visible check in front of them; schema_version is 3.
    """
    problems, seen = [], {}
    for path in paths:
        path = Path(path)
        prefix = f"l{path.name[:2]}_"
        for index, cell, meta in nbgrader_cells(path):
            where = f"{path.name} cell {index}"
            grade_id = meta.get("grade_id")
            if not grade_id:
                problems.append(f"{where}: nbgrader metadata without a grade_id")
                continue
            where = f"{where} ({grade_id})"
            if grade_id in seen:
                problems.append(f"{where}: grade_id already used in {seen[grade_id]}")
            seen[grade_id] = where
            if not grade_id.startswith(prefix):
                problems.append(f"{where}: grade_id should start with {prefix!r}")
            if meta.get("schema_version") != 3:
                problems.append(f"{where}: schema_version should be 3")
            problems += _cell_problems(where, cell, meta)
    return problems


def _cell_problems(where, cell, meta):
    problems = []
    src = _source(cell)
    code = cell["cell_type"] == "code"
    if meta.get("grade"):
        points = meta.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
            problems.append(f"{where}: graded cell without positive points (got {points!r})")
        if code and not meta.get("solution") and not meta.get("locked"):
            problems.append(f"{where}: graded test cell should be locked")
    if meta.get("solution") and code:
        if src.count(SOLUTION_BEGIN) != 1 or src.count(SOLUTION_END) != 1 or (
            src.find(SOLUTION_BEGIN) > src.find(SOLUTION_END)
        ):
            problems.append(f"{where}: solution cell needs one {SOLUTION_BEGIN} ... {SOLUTION_END}")
    if not meta.get("solution") and SOLUTION_BEGIN in src:
        problems.append(f"{where}: BEGIN SOLUTION in a cell that is not a solution cell")
    if src.count(HIDDEN_BEGIN) != src.count(HIDDEN_END):
        problems.append(f"{where}: unbalanced {HIDDEN_BEGIN} / {HIDDEN_END}")
    elif HIDDEN_BEGIN in src:
        visible = re.sub(f"{HIDDEN_BEGIN}.*?{HIDDEN_END}", "", src, flags=re.S)
        if "check" not in visible:
            problems.append(f"{where}: nothing is checked outside the hidden tests")
    return problems


def nbgrader_command():
    """The nbgrader command line, run with this interpreter (its bin folder first on PATH)."""
    try:
        import nbgrader  # noqa: F401
    except ImportError:
        sys.exit(
            "make_assignments: nbgrader is not installed in this environment. Install the "
            "instructor tools with: pip install -e '.[instructor]' (make assignments does it)."
        )
    return [sys.executable, "-m", "nbgrader"]


def nbgrader_env():
    """The environment for nbgrader: it runs `alembic` from the interpreter's bin folder."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    return env


def run_nbgrader(args, course_dir):
    """Run ``nbgrader <args>`` in ``course_dir``; raise RuntimeError with its output on failure."""
    cmd = [*nbgrader_command(), *args, f"--course-dir={course_dir}"]
    result = subprocess.run(cmd, cwd=course_dir, env=nbgrader_env(), capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:2])} failed (exit {result.returncode}):\n{result.stdout}\n"
            f"{result.stderr}"
        )
    return result


def build(out_dir, notebooks=None, db=False, quiet=True):
    """Generate the student versions of ``notebooks`` (default: every lesson) into ``out_dir``.

    ``source/`` and ``release/`` are rebuilt from scratch; one nbgrader run generates every
    assignment. Returns the list of generated ``release/<lesson>/<lesson>.ipynb`` paths.
    Raises ValueError when the exercise metadata is invalid (see :func:`validate`).
    """
    out_dir = Path(out_dir).resolve()
    paths = [Path(p) for p in (notebooks if notebooks is not None else lesson_notebooks())]
    problems = validate(paths)
    if problems:
        raise ValueError("invalid exercise metadata:\n  " + "\n  ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CONFIG, out_dir / "nbgrader_config.py")
    for folder in ("source", "release"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    lessons = []
    for path in paths:
        if not has_exercises(path):
            if not quiet:
                print(f"{path.stem}: no exercises, skipped")
            continue
        (out_dir / "source" / path.stem).mkdir(parents=True)
        shutil.copyfile(path, out_dir / "source" / path.stem / path.name)
        lessons.append(path)
    if lessons:  # "*": every folder of source/, in one (slow to start) nbgrader process
        run_nbgrader(["generate_assignment", "*", "--force"] + ([] if db else ["--no-db"]),
                     out_dir)
    released = [out_dir / "release" / path.stem / path.name for path in lessons]
    missing = [str(p) for p in released if not p.exists()]
    if missing:
        raise RuntimeError(f"nbgrader did not write {missing}")
    if not quiet:
        for path in released:
            print(f"{path.stem}: {path.relative_to(out_dir)}")
    return released


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def install_exercises(released, out_dir=EXERCISES, quiet=True):
    """Copy student notebooks into ``out_dir`` without overwriting a learner's work.

    A notebook is (re)written when it is missing, or still exactly as last written (its SHA-256
    is in ``out_dir/.generated.json``); one changed since is kept. ``README.md`` is rewritten.
    Returns ``(written, kept)``, two lists of paths in ``out_dir``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    record_path = out_dir / EXERCISES_RECORD
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    written, kept = [], []
    for source in released:
        source = Path(source)
        target, new = out_dir / source.name, source.read_bytes()
        if target.exists():
            old = target.read_bytes()
            if old != new and _digest(old) != record.get(target.name):
                kept.append(target)
                continue
        target.write_bytes(new)
        record[target.name] = _digest(new)
        written.append(target)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(EXERCISES_README, encoding="utf-8")
    if not quiet:
        for path in written:
            print(f"{path.stem}: written")
        for path in kept:
            print(f"{path.stem}: kept (you have changed it; delete it to get a fresh copy)")
    return written, kept


def build_exercises(out_dir=EXERCISES, notebooks=None, quiet=True):
    """The student versions of ``notebooks`` (default: every lesson with exercises), generated
    by nbgrader as for :func:`build`, installed flat in ``out_dir`` by
    :func:`install_exercises`. Returns ``(written, kept)``."""
    with tempfile.TemporaryDirectory(prefix="exercises-") as course:
        released = build(course, notebooks, quiet=True)
        return install_exercises(released, out_dir, quiet=quiet)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*",
                        help="lesson names (e.g. 01_one_neuron); default: all of notebooks/")
    parser.add_argument("--out", default=None,
                        help="course directory to build (default: assignments/; with "
                             "--exercises: notebooks/exercises/)")
    parser.add_argument("--exercises", action="store_true",
                        help="write the student versions for self-learners, one notebook per "
                             "lesson, keeping the ones the learner has changed")
    parser.add_argument("--db", action="store_true",
                        help="record the assignments in the course's gradebook.db (needed by "
                             "nbgrader autograde)")
    parser.add_argument("--check", action="store_true",
                        help="only validate the exercise metadata of the lessons")
    args = parser.parse_args(argv)
    paths = lesson_notebooks()
    if args.lessons:
        wanted = {name.removesuffix(".ipynb") for name in args.lessons}
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            parser.error(f"unknown lesson(s) {sorted(unknown)}; choose from "
                         f"{[p.stem for p in paths]}")
        paths = [p for p in paths if p.stem in wanted]
    if args.check:
        problems = validate(paths)
        print("\n".join(problems) or f"exercise metadata of {len(paths)} lesson(s): OK")
        return 1 if problems else 0
    try:
        if args.exercises:
            out = Path(args.out or EXERCISES)
            written, kept = build_exercises(out, paths, quiet=False)
            print(f"{len(written) + len(kept)} exercise notebook(s) in {out}; open them in "
                  "JupyterLab (make lab), next to the lessons")
            return 0
        out = Path(args.out or ROOT / "assignments")
        released = build(out, paths, db=args.db, quiet=False)
    except (ValueError, RuntimeError) as err:
        print(f"make_assignments: {err}", file=sys.stderr)
        return 1
    print(f"{len(released)} student notebook(s) in {out / 'release'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
