"""End to end: a class on the course's JupyterHub, as instructors/README.md runs a term.

Run as root by `make hub-test` (a few minutes). On 127.0.0.1 only, in its own hub root
(``NN_HUB_TEST_ROOT``, default /opt/nn-course-test) with its own groups and users:

1. `classroom.py install`, `add-instructor`, `add-students`, `start`: two students and an
   instructor; everybody logs in through the hub's REST API and gets a server, wrong
   passwords and strangers are refused.
2. One student logs in through the login page in headless Chromium and opens the nbgitpuller
   link of the exercise versions (screenshots in build/hub-test/).
3. The other pulls the course with its nbgitpuller link and runs lesson 1 in a kernel of their
   server; the lesson's headline number comes out.
4. Students see nbgrader's Assignment List but none of its instructor tools; the instructor has
   the formgrader.
5. The instructor releases lesson 1, both students fetch it and submit (one correct, one
   blank), the instructor collects, autogrades, returns feedback and exports the grades:
   full marks and zero, with no warning from nbgrader.
6. Students cannot read each other's homes, nor the instructor's course folder.

Everything the test made (users, groups, processes, folders) is removed at the end, even when a
step fails; the course environment (venv/) is kept for the next run. The time of each step is
printed at the end.
"""

import csv
import importlib.util
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
websocket = pytest.importorskip("websocket")

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
_spec = importlib.util.spec_from_file_location("classroom", HERE / "classroom.py")
classroom = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(classroom)

ROOT = Path(os.environ.get("NN_HUB_TEST_ROOT", "/opt/nn-course-test"))
STUDENTS, INSTRUCTORS = "nnt-students", "nnt-instructors"
ADA, GRACE, TEACHER = "nnt-ada", "nnt-grace", "nnt-turing"  # ada answers, grace submits blank
LESSON = "01_one_neuron"
HEADLINE = "0.9990889488055994"  # lesson 1: y = neuron(x, w, b)
ARTIFACTS = CHECKOUT / "build" / "hub-test"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="creates users: run as root")


class Class:
    """The running hub of the test, its users' API sessions and the timings."""

    def __init__(self, url):
        self.url = url
        self.hub = classroom.Hub(ROOT)
        self.sessions, self.timings, self.notes, self.memory = {}, [], [], 0.0

    @contextmanager
    def timed(self, what):
        start = time.monotonic()
        yield
        self.timings.append((what, time.monotonic() - start))

    def server(self, user):
        return f"{self.url}/user/{user}"

    def api(self, user):
        return self.sessions[user]


def _free_port():
    """A public port whose neighbours for the proxy API (+1) and the hub (+81) are free too."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 81 < 65536 and all(_port_free(p) for p in (port, port + 1, port + 81)):
            return port
    raise RuntimeError("no free ports on 127.0.0.1")


def _port_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def classroom_cmd(*args):
    """Run classroom.py as the guide does, with the test's root and groups."""
    env = dict(os.environ, NN_HUB_STUDENTS=STUDENTS, NN_HUB_INSTRUCTORS=INSTRUCTORS)
    result = subprocess.run([sys.executable, HERE / "classroom.py", "--root", ROOT, *args],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, \
        f"classroom.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _remove_everything():
    """Users, groups and folders of this test (from this run or an interrupted one)."""
    for name in ("jupyterhub.pid", "proxy.pid"):  # a hub left running by an interrupted run
        _kill_from(ROOT / "state" / name)
    names = [n for n in (ADA, GRACE, TEACHER) if _user_exists(n)]
    if names:
        classroom_cmd("remove-users", *names)
    for group in (STUDENTS, INSTRUCTORS):
        subprocess.run(["groupdel", group], capture_output=True, check=False)
    for name in ("course", "exercises", "exchange", "student-config", "state", "gitconfig"):
        path = ROOT / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _user_exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _stop(process):
    """End the hub (it stops the servers and the proxy), then anything left by its id."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    _kill_from(ROOT / "state" / "proxy.pid")


def _kill_from(pid_file):
    """Kill the process named in a pid file, if it is still the hub or its proxy."""
    try:
        pid = int(pid_file.read_text().strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        if b"jupyterhub" in command or b"configurable-http-proxy" in command:
            os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):  # no file, or no such process any more
        pass


@pytest.fixture(scope="module")
def klass():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _remove_everything()
    klass = Class(f"http://127.0.0.1:{_free_port()}")
    process = None
    try:
        with klass.timed("install (course environment, proxy, exercises, datasets)"):
            classroom_cmd("install")
        with klass.timed("add an instructor (nbgrader course of lesson 1)"):
            classroom_cmd("add-instructor", TEACHER, LESSON)
        with klass.timed("add two students"):
            classroom_cmd("add-students", ADA, GRACE)
        cmd, env = classroom.start_command(klass.hub, klass.url)
        env.update(NN_HUB_STUDENTS=STUDENTS, NN_HUB_INSTRUCTORS=INSTRUCTORS)
        log = open(ARTIFACTS / "hub.log", "w")  # noqa: SIM115 (closed below)
        with klass.timed("start the hub"):
            process = subprocess.Popen(cmd, env=env, cwd=klass.hub.state, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            _wait_for(lambda: _get(f"{klass.url}/hub/api/").status_code == 200, 60,
                      "the hub to answer", process)
        yield klass
    finally:
        if process is not None:
            _stop(process)
            log.close()
        print("\n\nhub test timings (s):")
        for what, seconds in klass.timings:
            print(f"  {seconds:6.1f}  {what}")
        for note in klass.notes:
            print(f"  {note}")
        _remove_everything()


def _get(url, **kwargs):
    try:
        return requests.get(url, timeout=10, **kwargs)
    except requests.ConnectionError:
        return requests.Response()


def _wait_for(condition, seconds, what, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the hub stopped while waiting for {what}; "
                                 f"see {ARTIFACTS}/hub.log")
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _login(klass, user, password):
    """A token from the hub's REST API, for a user name and password."""
    return requests.post(f"{klass.url}/hub/api/users/{user}/tokens", timeout=30,
                         json={"auth": {"username": user, "password": password},
                               "note": "hub test"})


def _start_server(klass, user):
    session = klass.api(user)
    response = session.post(f"{klass.url}/hub/api/users/{user}/server", timeout=30)
    assert response.status_code in (201, 202), response.text

    def ready():
        model = session.get(f"{klass.url}/hub/api/users/{user}", timeout=10).json()
        server = model["servers"].get("")
        return bool(server and server["ready"])

    _wait_for(ready, 300, f"{user}'s server")


# ---- 1. log in -------------------------------------------------------------------------------

def test_everybody_logs_in_through_the_rest_api(klass):
    student_pw, admin_pw = klass.hub.password("student"), klass.hub.password("admin")
    for user, password in [(ADA, student_pw), (GRACE, student_pw), (TEACHER, admin_pw)]:
        response = _login(klass, user, password)
        assert response.status_code == 201, f"{user}: {response.status_code} {response.text}"
        session = requests.Session()
        session.headers["Authorization"] = f"token {response.json()['token']}"
        klass.sessions[user] = session
    assert _login(klass, ADA, "not the password").status_code == 403
    assert _login(klass, TEACHER, student_pw).status_code == 403  # students' password: no
    assert _login(klass, "root", student_pw).status_code == 403  # not in the class
    assert klass.api(TEACHER).get(f"{klass.url}/hub/api/users/{TEACHER}").json()["admin"]
    assert not klass.api(ADA).get(f"{klass.url}/hub/api/users/{ADA}").json()["admin"]
    for user in (ADA, TEACHER):
        with klass.timed(f"start {user}'s server"):
            _start_server(klass, user)
    klass.notes.append(f"CPU time to start {ADA}'s server: {_cpu_seconds(ADA):.1f} s "
                       f"(a class of 30 at once on {os.cpu_count()} cores: about "
                       f"{30 * _cpu_seconds(ADA) / os.cpu_count():.0f} s for the last one)")
    klass.notes.append(f"memory of {ADA}'s idle server: {_memory_mib(ADA):.0f} MiB")


# ---- 2. the login page, in a browser -----------------------------------------------------------

def test_a_student_logs_in_through_the_login_page_and_pulls_the_exercises(klass):
    sync_api = pytest.importorskip("playwright.sync_api")
    link = classroom.course_link(klass.hub, klass.url, exercises=True, lesson=LESSON)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(180_000)
            page.goto(f"{klass.url}/hub/login")
            page.screenshot(path=ARTIFACTS / "login.png")
            with klass.timed(f"log in {GRACE} in Chromium, server started, lab open"):
                page.fill("#username_input", GRACE)
                page.fill("#password_input", klass.hub.password("student"))
                page.click("#login_submit")
                page.wait_for_url(re.compile(f"/user/{GRACE}/lab"))
                page.wait_for_selector(".jp-LabShell")
            with klass.timed("open the exercises' nbgitpuller link in Chromium"):
                page.goto(link)
                page.wait_for_url(re.compile(f"/user/{GRACE}/lab/tree/"))
                page.locator(".jp-Notebook").get_by_text("NotImplementedError").first.wait_for()
                page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for()
            page.screenshot(path=ARTIFACTS / "exercise-in-lab.png")
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            menu = page.locator(".lm-Menu-content").first
            menu.wait_for()
            page.screenshot(path=ARTIFACTS / "student-nbgrader-menu.png")
            items = menu.inner_text()
            assert "Assignment List" in items and "Formgrader" not in items, items
        finally:
            browser.close()
    pulled = Path(pwd.getpwnam(GRACE).pw_dir) / "nn-exercises" / LESSON / f"{LESSON}.ipynb"
    assert pulled.is_file()
    assert "raise NotImplementedError()" in pulled.read_text()  # the exercise version
    # the browser's login gave grace a server; her API session uses a token from the API
    response = _login(klass, GRACE, klass.hub.password("student"))
    klass.sessions[GRACE] = requests.Session()
    klass.sessions[GRACE].headers["Authorization"] = f"token {response.json()['token']}"


# ---- 3. the course, pulled and run -------------------------------------------------------------

def test_the_course_link_pulls_the_lessons(klass):
    link = classroom.course_link(klass.hub, klass.url, lesson=LESSON)
    session = klass.api(ADA)
    with klass.timed(f"pull the course into {ADA}'s home (nbgitpuller)"):
        # what the hub's user-redirect does for a logged-in browser: on to the user's server
        page = session.get(link.replace("/hub/user-redirect/", f"/user/{ADA}/"), timeout=60)
        assert page.status_code == 200, page.url
        # the page's script then follows this event stream while git clones
        api = page.url.replace("/git-pull?", "/git-pull/api?")
        events = session.get(api, stream=True, timeout=300)
        phases = [json.loads(line[len("data:"):]) for line in events.iter_lines(decode_unicode=True)
                  if line and line.startswith("data:")]
    assert phases and phases[-1]["phase"] == "finished", phases[-3:]
    model = session.get(f"{klass.server(ADA)}/api/contents/nn-course/notebooks/{LESSON}.ipynb",
                        params={"content": 0}, timeout=30)
    assert model.status_code == 200, model.text


def test_lesson_1_runs_in_a_students_server(klass):
    path = f"nn-course/notebooks/{LESSON}.ipynb"
    with klass.timed(f"run lesson 1 in a kernel of {ADA}'s server"):
        outputs = _run_notebook(klass, ADA, path)
    assert HEADLINE in outputs, outputs[-2000:]
    klass.notes.append(f"memory of {ADA}'s server and kernel after lesson 1: "
                       f"{klass.memory:.0f} MiB")


def _run_notebook(klass, user, path):
    """Run every code cell of a notebook in a new kernel of ``user``'s server; their output."""
    session, base = klass.api(user), klass.server(user)
    notebook = session.get(f"{base}/api/contents/{path}", timeout=30).json()["content"]
    kernel = session.post(f"{base}/api/sessions", timeout=60, json={
        "path": path, "type": "notebook", "name": path, "kernel": {"name": "python3"}}).json()
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel['kernel']['id']}/channels"
    ws = websocket.create_connection(ws_url, timeout=600, header=[
        f"Authorization: {session.headers['Authorization']}"])
    texts = []
    try:
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code" and cell["source"].strip():
                texts.append(_execute(ws, cell["source"]))
        klass.memory = _memory_mib(user)
    finally:
        ws.close()
        session.delete(f"{base}/api/sessions/{kernel['id']}", timeout=30)
    return "\n".join(texts)


def _processes(user):
    """The /proc folders of a user's processes."""
    uid = pwd.getpwnam(user).pw_uid
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if folder.stat().st_uid == uid:
                found.append(folder)
        except OSError:
            pass
    return found


def _memory_mib(user):
    """The resident memory of all of a user's processes."""
    total = 0
    for folder in _processes(user):
        try:
            match = re.search(r"^VmRSS:\s+(\d+) kB", (folder / "status").read_text(), re.M)
        except OSError:
            continue
        total += int(match.group(1)) if match else 0
    return total / 1024


def _cpu_seconds(user):
    """The CPU time (user and system) that a user's running processes have used."""
    ticks = 0
    for folder in _processes(user):
        try:
            fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def _execute(ws, code):
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    text, replied, idle = [], False, False
    while not (replied and idle):
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            text.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            text.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            raise AssertionError(f"cell failed: {content['ename']}: {content['evalue']}\n{code}")
        elif kind == "execute_reply":
            replied = True
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    return "".join(text)


# ---- 4. who sees which tools -------------------------------------------------------------------

INSTRUCTOR_PLUGINS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list"]


def _disabled_plugins(klass, user):
    page = klass.api(user).get(f"{klass.server(user)}/lab", timeout=60).text
    match = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)
    return json.loads(match.group(1))["disabledExtensions"]


def test_students_have_the_assignment_list_but_no_instructor_tools(klass):
    for student in (ADA, GRACE):
        assert set(INSTRUCTOR_PLUGINS) <= set(_disabled_plugins(klass, student))
        assert klass.api(student).get(f"{klass.server(student)}/formgrader",
                                      timeout=30).status_code == 404
        listing = klass.api(student).get(f"{klass.server(student)}/assignments", timeout=60,
                                         params={"course_id": "nn-from-scratch"})
        assert listing.status_code == 200 and listing.json()["success"], listing.text
    assert not set(INSTRUCTOR_PLUGINS) & set(_disabled_plugins(klass, TEACHER))
    formgrader = klass.api(TEACHER).get(f"{klass.server(TEACHER)}/formgrader", timeout=60)
    assert formgrader.status_code == 200
    # the formgrader finds the instructor's course folder (CourseDirectory.root)
    assignments = klass.api(TEACHER).get(f"{klass.server(TEACHER)}/formgrader/api/assignments",
                                         timeout=60)
    assert LESSON in [a["name"] for a in assignments.json()], assignments.text


# ---- 5. an assignment, from release to grades ------------------------------------------------

def _as_teacher(klass, *command):
    """A command in the instructor's course folder, as in a terminal of their lab."""
    course = Path(pwd.getpwnam(TEACHER).pw_dir) / "course"
    result = classroom.as_user(klass.hub, TEACHER, command, cwd=course)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def _assignment_action(klass, user, action):
    response = klass.api(user).post(f"{klass.server(user)}/assignments/{action}", timeout=300,
                                    data={"course_id": "nn-from-scratch", "assignment_id": LESSON})
    assert response.status_code == 200, response.text
    result = response.json()
    assert not (isinstance(result, dict) and result.get("success") is False), result
    return result


def _answer(klass, user):
    """Write the lesson's solutions into the student's fetched notebook, as a learner would."""
    session, path = klass.api(user), f"{LESSON}/{LESSON}.ipynb"
    model = session.get(f"{klass.server(user)}/api/contents/{path}", timeout=30).json()
    source = Path(pwd.getpwnam(TEACHER).pw_dir) / "course" / "source" / LESSON / f"{LESSON}.ipynb"
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: c["source"]
                 for c in json.loads(source.read_text())["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    answered = 0
    for cell in model["content"]["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            solution = "".join(solutions[grade_id]).split("\n")
            cell["source"] = "\n".join(line for line in solution if "### " not in line)
            answered += 1
    assert answered == 2
    response = session.put(f"{klass.server(user)}/api/contents/{path}", timeout=30, json={
        "type": "notebook", "format": "json", "content": model["content"]})
    assert response.status_code == 200, response.text


def test_an_assignment_is_released_submitted_graded_and_returned(klass):
    with klass.timed("release lesson 1"):
        _as_teacher(klass, "nbgrader", "release_assignment", LESSON)
    with klass.timed("two students fetch it, one answers, both submit"):
        for student in (ADA, GRACE):
            _assignment_action(klass, student, "fetch")
        _answer(klass, ADA)
        for student in (ADA, GRACE):
            _assignment_action(klass, student, "submit")
    with klass.timed("collect"):
        _as_teacher(klass, "nbgrader", "collect", LESSON)
    with klass.timed("autograde both submissions"):
        log = _as_teacher(klass, "nbgrader", "autograde", LESSON)
    assert "has changed" not in log and "not recognized" not in log, log
    with klass.timed("generate and release the feedback, export the grades"):
        _as_teacher(klass, "nbgrader", "generate_feedback", LESSON)
        _as_teacher(klass, "nbgrader", "release_feedback", LESSON)
        _as_teacher(klass, "nbgrader", "export", "--to", "grades.csv")
    grades_csv = Path(pwd.getpwnam(TEACHER).pw_dir) / "course" / "grades.csv"
    rows = {row["student_id"]: row for row in csv.DictReader(grades_csv.open())}
    assert (rows[ADA]["score"], rows[ADA]["max_score"]) == ("2.0", "2.0"), rows
    assert (rows[GRACE]["score"], rows[GRACE]["max_score"]) == ("0.0", "2.0"), rows
    shutil.copyfile(grades_csv, ARTIFACTS / "grades.csv")
    _assignment_action(klass, ADA, "fetch_feedback")
    feedback = klass.api(ADA).get(f"{klass.server(ADA)}/api/contents/{LESSON}/feedback",
                                  timeout=30)
    assert feedback.status_code == 200 and feedback.json()["content"], feedback.text


# ---- 6. privacy ---------------------------------------------------------------------------------

def test_students_cannot_read_each_other_or_the_instructors_solutions(klass):
    grace_home = pwd.getpwnam(GRACE).pw_dir
    teacher_source = Path(pwd.getpwnam(TEACHER).pw_dir) / "course" / "source"
    assert (teacher_source / LESSON).is_dir()
    for command in (["ls", grace_home], ["cat", f"{grace_home}/{LESSON}/{LESSON}.ipynb"],
                    ["ls", teacher_source]):
        result = classroom.as_user(klass.hub, ADA, command)
        assert result.returncode != 0 and "Permission denied" in result.stderr, command
    # nor through the hub: a student's token opens no other server
    response = klass.api(ADA).get(f"{klass.server(GRACE)}/api/contents", timeout=30,
                                  allow_redirects=False)
    assert response.status_code in (302, 403), response.status_code
