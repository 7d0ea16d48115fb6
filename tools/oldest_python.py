"""Print the path of the oldest Python on this machine that the course admits.

Usage: ``python3 tools/oldest_python.py`` (``make test-oldest`` runs it). The course admits the
Pythons of ``requires-python`` in pyproject.toml (e.g. ``>=3.11``); the candidates are every
``python3`` and ``python3.N`` found on ``PATH``, in ``/usr/bin`` and ``/usr/local/bin`` and in
pyenv's versions folder. A candidate counts only when it runs, is admitted and can make a virtual
environment (``venv`` and ``ensurepip``; Debian ships them apart, in ``python3-venv``). The
admitted ones found are listed on stderr; exit status 1 when there is none.
"""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^python3(\.\d+)?$")
PROBE = ("import sys, venv, ensurepip; "
         "print('.'.join(map(str, sys.version_info[:3])), sys.executable)")


def minimum_version(pyproject=ROOT / "pyproject.toml"):
    """The lower bound of ``requires-python`` (``>=3.11`` gives ``(3, 11, 0)``)."""
    spec = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]["requires-python"]
    match = re.search(r">=\s*(\d+(?:\.\d+)*)", spec)
    if not match:
        raise ValueError(f"requires-python {spec!r} has no '>=' lower bound")
    parts = [int(p) for p in match.group(1).split(".")]
    return tuple((parts + [0, 0])[:3])


def candidates():
    """Paths of the Python executables to try, without duplicates (same real file)."""
    folders = os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin", "/usr/local/bin"]
    folders += sorted(str(p) for p in Path.home().glob(".pyenv/versions/*/bin"))
    seen, found = set(), []
    for folder in folders:
        if not folder or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).iterdir()):
            if NAME.match(path.name) and os.access(path, os.X_OK):
                real = path.resolve()
                if real not in seen:
                    seen.add(real)
                    found.append(path)
    return found


def probe(path):
    """``((major, minor, micro), path)`` for a Python that can make a venv, else None."""
    try:
        result = subprocess.run([str(path), "-c", PROBE], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    version = result.stdout.split()[0]
    return tuple(int(p) for p in version.split(".")), path


def main():
    minimum = minimum_version()
    found = [item for item in map(probe, candidates()) if item is not None]
    admitted = sorted((item for item in found if item[0] >= minimum), key=lambda item: item[0])
    if not admitted:
        print(f"no Python {'.'.join(map(str, minimum))} or newer that can make a virtual "
              "environment was found", file=sys.stderr)
        return 1
    listed = ", ".join(f"{'.'.join(map(str, version))} ({path})" for version, path in admitted)
    print(f"admitted Pythons found: {listed}", file=sys.stderr)
    print(admitted[0][1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
