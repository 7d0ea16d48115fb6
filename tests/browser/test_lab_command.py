"""`make lab` itself: it opens JupyterLab offline, as root, without the instructors' extensions.

`make lab` is started with LAB_OPTIONS (a port, no browser, a token) while the datasets cannot be
fetched (an empty data folder and a mirror nobody answers at); the server must answer on its
port, the output must say which lessons need which data, say --allow-root when run as root, and
show nothing of nbgrader. The test stops the server it started, by its process id.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import lab as course_lab  # tools/lab.py (on sys.path through _jupyterlab)
from _course import ROOT
from _jupyterlab import NOT_A_LEARNERS, free_port

from nnlib.datasets import DATASETS


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except OSError:
        return None, ""


def test_make_lab_opens_offline_and_as_root_without_nbgrader(tmp_path):
    port, token = free_port(), os.urandom(12).hex()
    env = {k: v for k, v in os.environ.items() if k not in NOT_A_LEARNERS}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(tmp_path / name.lower())
    env["NNLIB_DATA_DIR"] = str(tmp_path / "no-data")
    env["NNLIB_DATA_MIRROR"] = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    venv = os.path.relpath(sys.prefix, ROOT)
    options = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
               f"--ServerApp.port_retries=0 --IdentityProvider.token={token}")
    log_path = tmp_path / "make-lab.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(["make", "--no-print-directory", "lab", f"VENV={venv}",
                                    f"LAB_OPTIONS={options}"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, status = time.monotonic() + 180, None
        while time.monotonic() < deadline and process.poll() is None:
            status, _ = _answers(f"http://127.0.0.1:{port}/api/status?token={token}")
            if status == 200:
                break
            time.sleep(1)
        page_status, page = _answers(f"http://127.0.0.1:{port}/lab?token={token}")
        time.sleep(1)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    output = log_path.read_text(errors="replace")
    assert status == 200 and page_status == 200, f"JupyterLab did not answer:\n{output[-3000:]}"
    assert "JupyterLab opens anyway" in output, output[-3000:]
    for name, lessons in course_lab.lessons_needing(list(DATASETS)).items():
        assert re.search(rf"{name}: needed by lessons? {', '.join(lessons)}\b", output), output
    assert "make data" in output and "NNLIB_DATA_MIRROR" in output
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        assert "Running as root: starting JupyterLab with --allow-root." in output
    else:
        assert "--allow-root" not in output
    assert "nbgrader" not in output, "nbgrader's extensions load in the learner's JupyterLab"
    assert '"@jupyter/nbgrader"' in re.search(r'"disabledExtensions": \[[^]]*\]', page).group(0)
