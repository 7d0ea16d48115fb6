"""JupyterLab as a learner meets it: a server started like `make lab`, driven in Chromium.

`Lab` starts JupyterLab (tools/lab.py's command and Jupyter configuration) on 127.0.0.1 with a
token, in fresh configuration, runtime, data, settings and workspace folders, and stops it by
its process id. `run_notebook` opens a notebook, clears every output through the Edit menu,
runs Run > Run All Cells, waits until the kernel is idle, and returns what a learner would call
wrong, one readable line each, naming the cell.
"""

import difflib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import lab as course_lab  # noqa: E402  (tools/lab.py: the command `make lab` runs)

#: Where the test's JupyterLab differs from a new learner's: no news, no autosave (the run must
#: leave the notebook unchanged), and every cell kept in the page (JupyterLab otherwise renders
#: only the cells near the viewport).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
#: The learner's environment has none of these (CI sets TQDM_DISABLE for the nbval run).
NOT_A_LEARNERS = ("TQDM_DISABLE", "MPLBACKEND", "JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH",
                  "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                  "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server serving ``root``; use as a context manager."""

    def __init__(self, root, home, startup_timeout=90):
        self.root, self.home = Path(root), Path(home)
        self.port, self.token = free_port(), os.urandom(12).hex()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / "jupyterlab.log"
        self.startup_timeout = startup_timeout
        self.process = None

    def environment(self):
        env = {k: v for k, v in os.environ.items() if k not in NOT_A_LEARNERS}
        folders = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
                   "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTERLAB_SETTINGS_DIR": "settings",
                   "JUPYTERLAB_WORKSPACES_DIR": "workspaces", "IPYTHONDIR": "ipython"}
        for name, folder in folders.items():
            (self.home / folder).mkdir(parents=True, exist_ok=True)
            env[name] = str(self.home / folder)
        for plugin, values in SETTINGS.items():
            path = self.home / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        (self.home / "config" / "jupyter_server_config.json").write_text(
            json.dumps({"LabApp": {"news_url": None}}), encoding="utf-8")
        return course_lab.lab_environment(env)

    def command(self):
        return course_lab.lab_command(
            ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}"],
            notebook_dir=self.root)

    def __enter__(self):
        self.home.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(self.command(), env=self.environment(), stdout=log,
                                        stderr=subprocess.STDOUT, cwd=self.root,
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n"
                                   f"{self.log()}")
            try:
                self.api("GET", "status")
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout} s:\n"
                           f"{self.log()}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """Stop the server started here, by its process id (its process group: the server and
        the kernels it started)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self, lines=40):
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def api(self, method, path):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def url(self, relative_path):
        """The notebook's address, in a workspace of its own: JupyterLab would otherwise reopen
        (and start kernels for) the notebooks opened before."""
        workspace = re.sub(r"[^A-Za-z0-9]+", "-", relative_path).strip("-")
        return f"{self.base}/lab/workspaces/{workspace}/tree/{relative_path}?token={self.token}"


# ---- driving a notebook -----------------------------------------------------------------------

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_STATE = """() => {
  const panel = document.querySelector('%s');
  if (!panel) return null;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map(p => p.textContent.trim());
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator')
      || document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {status: indicator ? indicator.getAttribute('data-status') : null,
          busy: prompts.filter(p => p.includes('*')).length,
          numbered: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
          outputs: panel.querySelectorAll('.jp-OutputArea-output').length,
          math: panel.querySelectorAll('mjx-container').length};
}""" % PANEL
_CELLS = """() => [...document.querySelectorAll('%s .jp-Notebook .jp-Cell')].map(cell => {
  const kind = cell.classList.contains('jp-CodeCell') ? 'code'
      : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw';
  const prompt = (cell.querySelector('.jp-InputPrompt') || {}).textContent || '';
  const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')].map(out => ({
      mime: out.getAttribute('data-mime-type') || '',
      text: out.innerText,
      images: [...out.querySelectorAll('img')].map(img => img.complete && img.naturalWidth > 0)
          .concat(out.matches('.jp-RenderedSVG') ? [true] : [])}));
  let raw = '';
  const md = kind === 'markdown' ? cell.querySelector('.jp-RenderedMarkdown') : null;
  if (md) {
    const copy = md.cloneNode(true);
    copy.querySelectorAll('mjx-container, code, pre').forEach(e => e.remove());
    raw = copy.textContent;
  }
  return {kind, prompt: prompt.trim(), outputs, raw,
          math: cell.querySelectorAll('mjx-container').length,
          mathErrors: [...cell.querySelectorAll('mjx-merror')]
              .map(e => e.getAttribute('data-mjx-error') || e.textContent)};
})""" % PANEL

RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{")
WIDGET_REPR = re.compile(r"^\s*(HBox|VBox|IntProgress|FloatProgress|Output|Label|HTML)\(")


def menu(page, top, item, attempts=20):
    """Click ``item`` in the main menu ``top`` (e.g. "Edit", "Clear Outputs of All Cells"),
    waiting (menu closed again) while JupyterLab still shows it disabled."""
    for _ in range(attempts):
        page.locator("#jp-MainMenu .lm-MenuBar-itemLabel",
                     has_text=re.compile(rf"^{top}$")).click()
        entry = page.locator(".lm-Menu .lm-Menu-item",
                             has=page.locator(".lm-Menu-itemLabel",
                                              has_text=re.compile(rf"^{re.escape(item)}$"))).first
        entry.wait_for(state="visible", timeout=10_000)
        if "lm-mod-disabled" not in (entry.get_attribute("class") or ""):
            entry.click()
            return
        page.keyboard.press("Escape")
        time.sleep(0.5)
    raise RuntimeError(f"{top} > {item} stayed disabled")


def _wait(page, done, timeout, interval=0.5):
    """Poll the notebook's state until ``done(state)`` holds twice in a row; the last state."""
    deadline, hits, state = time.monotonic() + timeout, 0, None
    while time.monotonic() < deadline:
        state = page.evaluate(_STATE)
        hits = hits + 1 if state and done(state) else 0
        if hits >= 2:
            return state, True
        time.sleep(interval)
    return state, False


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _name(index, total, cell, dom):
    first = next((line.strip() for line in _source(cell).splitlines() if line.strip()), "")
    prompt = f" {dom['prompt'].rstrip(':')}" if dom.get("prompt") else ""
    return f"cell {index + 1}/{total}{prompt} `{first[:70]}`"


def _tail(text, lines=6, chars=700):
    kept = "\n".join(line for line in text.strip().splitlines()[-lines:])
    return (kept[-chars:]).replace("\n", "\n      ")


def run_notebook(page, lab, relative_path, notebook, expected, timeout=600, screenshot=None):
    """Run ``relative_path`` (under the server's root) in JupyterLab.

    ``notebook`` is the notebook's JSON (for sources and tags); ``expected`` holds ``headline``
    (a full output line that must appear) and ``images`` (how many plots). Returns
    ``(problems, seconds)``: readable lines naming the cells, and how long Run All took.
    """
    page.goto(lab.url(relative_path))
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=90_000)
    state, ready = _wait(page, lambda s: s["status"] == "idle", 90)
    if not ready:
        return [f"{relative_path}: the kernel did not start within 90 s (status {state})"], 0.0

    # Focus the notebook with a click beside its first cell (a click on the cell could follow a
    # link in it).
    page.locator(f"{PANEL} .jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
    for _ in range(3):  # a click that lands while JupyterLab is still settling is lost
        menu(page, "Edit", "Clear Outputs of All Cells")
        state, cleared = _wait(page, lambda s: s["outputs"] == 0 and s["numbered"] == 0, 10)
        if cleared:
            break
    if not cleared:
        return [f"{relative_path}: Edit > Clear Outputs of All Cells left outputs ({state})"], 0.0

    started = time.monotonic()

    def running(s):
        return bool(s["busy"] or s["status"] == "busy" or s["numbered"])

    for _ in range(3):
        menu(page, "Run", "Run All Cells")
        state, began = _wait(page, running, 30, interval=0.2)
        if began:
            break
    state, done = _wait(page, lambda s: s["status"] == "idle" and s["busy"] == 0, timeout)
    problems = [] if done else [
        f"{relative_path}: Run All Cells did not finish within {timeout} s ({state})"]
    _settle_math(page)
    elapsed = time.monotonic() - started

    cells = page.evaluate(_CELLS)
    problems += check_cells(relative_path, notebook, cells, expected)
    if screenshot is not None:
        take_screenshot(page, screenshot)
    return problems, elapsed


def _settle_math(page, timeout=30):
    """Wait until MathJax stops adding typeset formulas."""
    last, stable, deadline = -1, 0, time.monotonic() + timeout
    while time.monotonic() < deadline and stable < 3:
        count = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        stable = stable + 1 if count == last else 0
        last = count
        time.sleep(0.4)


def check_cells(name, notebook, cells, expected):
    """The problems a learner would see in the page's cells (see run_notebook)."""
    source_cells = notebook["cells"]
    total = len(source_cells)
    if len(cells) != total:
        return [f"{name}: JupyterLab shows {len(cells)} cells, the notebook has {total}"]
    problems, not_run, lines, images, broken = [], [], [], 0, []
    for index, (cell, dom) in enumerate(zip(source_cells, cells, strict=True)):
        where = _name(index, total, cell, dom)
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code":
            if _source(cell).strip() and not re.fullmatch(r"\[\d+\]:", dom["prompt"]):
                not_run.append(where)
            for out in dom["outputs"]:
                lines += [line.rstrip() for line in out["text"].splitlines()]
                images += len(out["images"])
                broken += [where] * out["images"].count(False)
                if out["mime"] == "application/vnd.jupyter.stderr" \
                        and "raises-exception" not in tags:
                    line = re.search(r"^-*> *\d+ (.+)$", out["text"], re.MULTILINE)
                    at = f" at `{line.group(1).strip()}`" if line else ""
                    problems.append(f"{name}, {where}: error or stderr output{at}:\n      "
                                    f"{_tail(out['text'])}")
                elif re.match(r"^<Figure size \d+x\d+ with \d+ Axes>$", out["text"].strip()):
                    problems.append(f"{name}, {where}: a plot shown as text, "
                                    f"not as an image: {out['text'].strip()}")
                elif WIDGET_REPR.match(out["text"]) or "Error displaying widget" in out["text"]:
                    problems.append(f"{name}, {where}: a widget shown as text: "
                                    f"{out['text'].strip()[:120]}")
        for error in dom["mathErrors"]:
            problems.append(f"{name}, {where}: MathJax error: {error}")
        raw = RAW_TEX.search(dom["raw"])
        if raw:
            problems.append(f"{name}, {where}: maths not typeset: {raw.group(0)[:80]!r}")
        if "Math input error" in dom["raw"] or any("Math input error" in o["text"]
                                                   for o in dom["outputs"]):
            problems.append(f"{name}, {where}: Math input error")
    if not_run:
        problems.append(f"{name}: {len(not_run)} code cell(s) did not run, first {not_run[0]}"
                        " (Run All Cells stops at the first error)")
    headline = expected["headline"]
    if headline not in lines:
        near = difflib.get_close_matches(headline, lines, n=3, cutoff=0.6)
        problems.append(f"{name}: headline line not in the outputs: {headline!r}"
                        + (f"; similar lines: {near}" if near else ""))
    if images != expected["images"]:
        problems.append(f"{name}: {images} image(s) in the outputs, expected "
                        f"{expected['images']} (tests/browser/lessons.toml)")
    for where in broken:
        problems.append(f"{name}, {where}: an image that does not load")
    return problems


def take_screenshot(page, path, width=1280, max_height=16000):
    """The whole notebook: one picture, continued in ``<name>-2.png``, ... when the notebook is
    taller than ``max_height`` pixels (Chromium's limit for one capture)."""
    height = page.evaluate("""() => {  // to the last cell's end (not the padding below it)
        const outer = document.querySelector('%s .jp-WindowedPanel-outer');
        const cells = document.querySelectorAll('%s .jp-Notebook .jp-Cell');
        if (!outer || !cells.length) return document.body.scrollHeight;
        const last = cells[cells.length - 1].getBoundingClientRect();
        return last.bottom - outer.getBoundingClientRect().top + outer.scrollTop; }"""
                           % (PANEL, PANEL))
    size, height = page.viewport_size, int(height)
    window = min(max_height, height + 200)
    page.set_viewport_size({"width": width, "height": window})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{path.stem}-[0-9]*.png"):
        stale.unlink()
    tops = [0]
    while tops[-1] + window < height + 200:
        tops.append(tops[-1] + window - 300)
    for part, top in enumerate(tops, start=1):
        page.evaluate("""(top) => document.querySelectorAll('%s .jp-WindowedPanel-outer')
            .forEach(outer => { outer.scrollTop = top; })""" % PANEL, top)
        time.sleep(1)
        page.screenshot(path=str(path if part == 1 else path.with_name(f"{path.stem}-{part}.png")))
    page.set_viewport_size(size)
