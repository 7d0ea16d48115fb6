"""Open the course in JupyterLab: what `make lab` runs, inside the course's environment.

Usage (from the repository root; `make lab` runs the first line)::

    python tools/lab.py                                  # fetch the datasets, open JupyterLab
    python tools/lab.py --port 8890 --no-browser         # any further option goes to JupyterLab

1. The datasets are fetched (``python -m nnlib.datasets fetch``: a no-op once they are present).
   When that fails (no network, no mirror), a warning says which lessons need which dataset and
   how to get it later, and JupyterLab opens anyway: the other lessons need no download.
2. JupyterLab starts in ``notebooks/`` with the course's Jupyter configuration
   (``tools/lab_config/``, first on ``JUPYTER_CONFIG_PATH``): the instructors' nbgrader
   extensions, installed beside the test tools, stay out of the learner's JupyterLab.
3. Run as root (a container, many cloud machines), JupyterLab refuses to start unless given
   ``--allow-root``; it is added, and the output says so.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LAB_CONFIG = Path(__file__).resolve().parent / "lab_config"
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"


def running_as_root():
    """True for user id 0 (where the platform has user ids)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_environment(environ=None):
    """``environ`` (default: this process's) with the course's Jupyter configuration first on
    ``JUPYTER_CONFIG_PATH``."""
    env = dict(os.environ if environ is None else environ)
    paths = [str(LAB_CONFIG)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)
                                 if p and p != str(LAB_CONFIG)]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return env


def lab_command(options=(), notebook_dir=NOTEBOOKS):
    """The JupyterLab command line, run with this interpreter."""
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebook_dir}"]
    if running_as_root() and "--allow-root" not in options:
        command.append("--allow-root")
    return command + list(options)


def _code(path):
    import json

    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")


def lessons_needing(datasets, notebooks=NOTEBOOKS):
    """``{dataset: [lesson numbers]}``: the lessons whose code loads each named dataset
    (``load_<name>(`` or the name in quotes)."""
    needs = {}
    for path in sorted(Path(notebooks).glob(LESSON_PATTERN)):
        code = _code(path)
        for name in datasets:
            if re.search(rf"\bload_{re.escape(name)}\s*\(|[\"']{re.escape(name)}[\"']", code):
                needs.setdefault(name, []).append(path.name[:2])
    return needs


def missing_datasets():
    """Names of the registered datasets with a file missing from the data directory; None when
    nnlib cannot tell (then every downloaded dataset is assumed missing)."""
    try:
        from nnlib.datasets import DATASETS, default_data_dir

        root = Path(default_data_dir())
        return [name for name, dataset in DATASETS.items()
                if any(not (root / name / spec.filename).is_file() for spec in dataset.files)]
    except Exception:  # noqa: BLE001 (a warning must never stop JupyterLab from opening)
        return None


def offline_warning(missing, notebooks=NOTEBOOKS):
    """The lines printed when the datasets could not be fetched."""
    lessons = sorted(p.name[:2] for p in Path(notebooks).glob(LESSON_PATTERN))
    if missing is None:
        try:
            from nnlib.datasets import DATASETS

            missing = list(DATASETS)
        except Exception:  # noqa: BLE001
            missing = []
    needs = lessons_needing(missing, notebooks)
    affected = sorted({n for numbers in needs.values() for n in numbers})
    lines = ["", "WARNING: some datasets could not be downloaded (see the messages above).",
             "JupyterLab opens anyway."]
    for name in missing:
        numbers = needs.get(name)
        if numbers:
            lines.append(f"  {name}: needed by lesson{'s' if len(numbers) > 1 else ''} "
                         f"{', '.join(numbers)}")
    free = [n for n in lessons if n not in affected]
    if free:
        lines.append(f"  Lessons {', '.join(free)} need no download and run now.")
    lines += [
        "  To get the data: connect to the internet and run `make data`, or, with a copy of the",
        "  data on this machine or a classroom server, `NNLIB_DATA_MIRROR=/folder/or/url make "
        "data`",
        "  (see data/README.md). Then restart the lesson's kernel.",
        "",
    ]
    return lines


def fetch_datasets():
    """Run the dataset download; True when every dataset is present afterwards."""
    result = subprocess.run([sys.executable, "-m", "nnlib.datasets", "fetch"], check=False)
    return result.returncode == 0


def main(argv=None):
    options = list(sys.argv[1:] if argv is None else argv)
    if not fetch_datasets():
        print("\n".join(offline_warning(missing_datasets())), flush=True)
    command = lab_command(options)
    if "--allow-root" in command and "--allow-root" not in options:
        print("Running as root: starting JupyterLab with --allow-root.", flush=True)
    print(f"Starting JupyterLab in {NOTEBOOKS.relative_to(ROOT)}/ "
          "(stop it with Ctrl-C, twice) ...", flush=True)
    env = lab_environment()
    if os.name == "posix":
        os.execve(command[0], command, env)  # JupyterLab takes this process's place and PID
    return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
