"""The project's own files agree with each other: dependencies, CI entry point, README commands,
and the results the lesson map and the browser test expect with the lessons' stored outputs."""

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_dependencies():
    """The conda (non-pip) requirement strings of environment.yml."""
    deps, in_deps = [], False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped:
            continue
        if re.match(r"^\S", stripped):
            in_deps = stripped.startswith("dependencies:")
            continue
        match = re.match(r"^  - (\S.*)$", stripped)  # top-level list items only (not pip's)
        if in_deps and match:
            deps.append(match.group(1).strip())
    return deps


def _split(requirement):
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject = dict(_split(r) for r in _pyproject()["project"]["dependencies"])
    conda = dict(_split(r) for r in _conda_dependencies())
    python = conda.pop("python", None)
    conda.pop("pip", None)
    assert python == ">=" + _pyproject()["project"]["requires-python"].lstrip(">=")
    assert conda == pyproject, (
        "environment.yml and pyproject.toml disagree; update both.\n"
        f"only in environment.yml: {sorted(set(conda.items()) - set(pyproject.items()))}\n"
        f"only in pyproject.toml: {sorted(set(pyproject.items()) - set(conda.items()))}"
    )


def test_the_course_dependency_set_is_complete():
    names = {_split(r)[0] for r in _pyproject()["project"]["dependencies"]}
    required = {"numpy", "matplotlib", "seaborn", "jupyterlab", "h5py", "scikit-learn", "nbval",
                "pytest", "ipykernel"}
    assert required <= names, f"missing from pyproject.toml: {sorted(required - names)}"


def test_constraints_pin_every_declared_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    declared = list(project["dependencies"]) + extras["dev"] + extras["instructor"] \
        + extras["browser"] + extras["book"]
    missing = [r for r in declared if _split(r)[0] not in pins]
    assert not missing, f"constraints.txt has no pin for {missing}"


@pytest.mark.parametrize("requirement", _pyproject()["project"]["optional-dependencies"]["bench"])
def test_torch_is_pinned_to_an_exact_cpu_release(requirement):
    # A bare "torch" requirement pulls a multi-GB GPU build; the benchmark extra pins a release.
    if _split(requirement)[0] == "torch":
        assert _split(requirement)[1].startswith("==")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test\b", ci, re.MULTILINE)


# ----- what the course's own pages say a lesson shows, the lesson shows -------------------------

def _notebook_text(name):
    """A stored notebook's sources and text outputs, as one string."""
    notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def _lesson_map():
    """(notebook name, description) for every row of the lesson map in notebooks/README.md."""
    text = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| *\d+ *\| *\[(\w+)\]\(\1\.ipynb\) *\| *(.+?) *\|$", text, re.MULTILINE)


def test_the_lesson_map_covers_every_lesson():
    names = sorted(name for name, _ in _lesson_map())
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert names == lessons


@pytest.mark.parametrize("name, description", _lesson_map(), ids=[n for n, _ in _lesson_map()])
def test_the_lesson_map_states_only_numbers_its_lesson_shows(name, description):
    # every decimal number and percentage in the row is in the lesson (stored outputs or text),
    # which nbval re-runs: a re-run that changes a result cannot leave the map behind
    numbers = re.findall(r"(?<![\w.])\d+(?:\.\d+)?%|(?<![\w.])\d+\.\d+(?![\w.])", description)
    text = _notebook_text(name)
    assert [n for n in numbers if n not in text] == []


def test_the_browser_test_expects_headlines_the_notebooks_print():
    lessons = tomllib.loads((ROOT / "tests" / "browser" / "lessons.toml").read_text("utf-8"))
    missing = [name for name, spec in lessons.items()
               if spec["headline"] not in _notebook_text(name)]
    assert missing == []
