"""Run the course for a class on one machine: JupyterHub, one JupyterLab per student.

Run as root, with the system's Python (only the standard library is used)::

    python3 instructors/hub/classroom.py install                  # once; again after a change
    python3 instructors/hub/classroom.py add-instructor turing
    python3 instructors/hub/classroom.py add-students ada grace   # or --file roster.txt
    python3 instructors/hub/classroom.py start                    # the hub, in the foreground
    python3 instructors/hub/classroom.py link [--exercises] [--lesson 01_one_neuron]
    python3 instructors/hub/classroom.py remove-users ada grace

Everything lives under one folder, the hub root (``--root``, ``NN_HUB_ROOT``; default
``/opt/nn-course``), readable by everyone except ``state/``::

    venv/          the course environment of every single-user server (and of the hub):
                   nnlib (editable, from course/), JupyterLab, nbgrader, nbgitpuller, JupyterHub
    course/        the course as published: a git repository the students pull with nbgitpuller;
                   its nnlib/ and data/ are the ones every kernel imports and reads
    exercises/     the exercise versions of the lessons, a git repository for nbgitpuller
    exchange/      nbgrader's exchange (mode 1777: everyone writes, only owners delete)
    student-config/  added to the students' Jupyter config path: nbgrader's instructor tools off
    gitconfig      the servers' system git config: course/ and exercises/ are safe to pull
    state/         root only: the hub's database, cookie secret and the two passwords

Students and instructors are local Unix users with private (700) home folders, members of the
groups ``nn-students`` and ``nn-instructors`` (``NN_HUB_STUDENTS``, ``NN_HUB_INSTRUCTORS``).
The hub reads both groups at every login, so users added during the term need no restart.
``instructors/README.md`` walks through a term with these commands.
"""

import argparse
import hashlib
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"

DEFAULT_ROOT = "/opt/nn-course"
DEFAULT_URL = "http://:8000"
STUDENTS, INSTRUCTORS = "nn-students", "nn-instructors"
SYSTEM_PYTHON = "/usr/bin/python3"
EXTRAS = "instructor,hub"
COURSE_FOLDER, EXERCISES_FOLDER = "nn-course", "nn-exercises"  # where nbgitpuller puts them
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
STUDENT_PASSWORD_LENGTH, ADMIN_PASSWORD_LENGTH = 12, 40  # JupyterHub: at least 8 and 32


class Hub:
    """The paths and group names of one installation."""

    def __init__(self, root=None):
        self.root = Path(root or os.environ.get("NN_HUB_ROOT") or DEFAULT_ROOT).resolve()
        self.venv = self.root / "venv"
        self.python = self.venv / "bin" / "python"
        self.course = self.root / "course"
        self.exercises = self.root / "exercises"
        self.exchange = self.root / "exchange"
        self.student_config = self.root / "student-config"
        self.gitconfig = self.root / "gitconfig"
        self.state = self.root / "state"
        self.students = os.environ.get("NN_HUB_STUDENTS", STUDENTS)
        self.instructors = os.environ.get("NN_HUB_INSTRUCTORS", INSTRUCTORS)

    def env(self):
        """The settings jupyterhub_config.py reads."""
        return {"NN_HUB_ROOT": str(self.root), "NN_HUB_STUDENTS": self.students,
                "NN_HUB_INSTRUCTORS": self.instructors}

    def password(self, kind):
        """The shared password of the students (kind 'student') or instructors ('admin')."""
        return (self.state / f"{kind}-password").read_text(encoding="utf-8").strip()


# ---- small helpers ---------------------------------------------------------------------------

def run(cmd, **kwargs):
    """Run a command, echoing it; stop with its output when it fails."""
    print("+", " ".join(str(part) for part in cmd), flush=True)
    result = subprocess.run([str(part) for part in cmd], check=False, **kwargs)
    if result.returncode != 0:
        sys.exit(f"classroom: command failed (exit {result.returncode}): {cmd[0]} ...")
    return result


def git(repo, *args, capture=False):
    cmd = ["git", "-C", str(repo), "-c", "user.name=nn-course",
           "-c", "user.email=nn-course@localhost", *args]
    if capture:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return subprocess.run(cmd, check=True)


def as_user(hub, name, cmd, cwd=None, env=None):
    """Run ``cmd`` as the Unix user ``name`` with the environment of their JupyterLab terminal."""
    entry = pwd.getpwnam(name)
    base = {"HOME": entry.pw_dir, "USER": name, "LOGNAME": name, "SHELL": entry.pw_shell,
            "LANG": "C.UTF-8", "PATH": f"{hub.venv}/bin:/usr/local/bin:/usr/bin:/bin"}
    base.update(env or {})
    return subprocess.run([str(part) for part in cmd], cwd=cwd or entry.pw_dir, env=base,
                          user=entry.pw_uid, group=entry.pw_gid,
                          extra_groups=os.getgrouplist(name, entry.pw_gid), umask=0o022,
                          check=False, capture_output=True, text=True)


def need_root():
    if os.geteuid() != 0:
        sys.exit("classroom: run this as root (it creates users and writes the hub's folders).")


def course_id(course):
    """The nbgrader course id, from the course's nbgrader_config.py."""
    text = (Path(course) / "instructors" / "nbgrader_config.py").read_text(encoding="utf-8")
    return re.search(r"""CourseDirectory\.course_id\s*=\s*["']([^"']+)""", text).group(1)


def snapshot(files, repo, message):
    """Make the git repository ``repo`` hold exactly ``files`` ({relative path: source}).

    The change is recorded as one commit on ``main`` (nothing when nothing changed), so that
    nbgitpuller, which merges, brings each student's copy up to date. Untracked files in
    ``repo`` (the datasets, the editable install's metadata) are left alone.
    """
    if not (repo / ".git").exists():
        repo.mkdir(parents=True, exist_ok=True)
        git(repo, "init", "-q", "-b", "main")
    old = set(filter(None, git(repo, "ls-files", "-z", capture=True).split("\0")))
    for rel in old - set(files):
        (repo / rel).unlink(missing_ok=True)
    for rel, source in files.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(0o755 if os.access(source, os.X_OK) else 0o644)
    git(repo, "add", "-A")
    if subprocess.run(["git", "-C", str(repo), "diff", "--cached", "--quiet"]).returncode:
        git(repo, "commit", "-q", "-m", message)


def checkout_files(checkout):
    """The files of ``checkout`` that `git add -A` would record (ignored ones left out)."""
    out = git(checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
              capture=True)
    return {rel: checkout / rel for rel in out.split("\0") if rel and (checkout / rel).is_file()}


def _stamp(*paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# ---- install ---------------------------------------------------------------------------------

def install(hub, python=SYSTEM_PYTHON, data=True):
    """Create or update everything under the hub root (idempotent)."""
    need_root()
    os.umask(0o022)
    for folder, mode in [(hub.root, 0o755), (hub.state, 0o700), (hub.exchange, 0o1777)]:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    for kind, length in [("student", STUDENT_PASSWORD_LENGTH), ("admin", ADMIN_PASSWORD_LENGTH)]:
        path = hub.state / f"{kind}-password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(length)[:length] + "\n", encoding="utf-8")
            path.chmod(0o600)

    publish(hub, exercises=False)
    _install_venv(hub, python)
    cid = course_id(hub.course)
    config_dir = hub.venv / "etc" / "jupyter"
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "nbgrader_config.py").write_text(
        "# Written by instructors/hub/classroom.py install: nbgrader's exchange, for every user.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {cid!r}\n"
        f"c.Exchange.root = {str(hub.exchange)!r}\n", encoding="utf-8")
    settings = hub.venv / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "overrides.json", settings / "overrides.json")
    shutil.rmtree(hub.student_config, ignore_errors=True)
    shutil.copytree(HERE / "student-config", hub.student_config)
    safe = "".join(f"\tdirectory = {repo}\n\tdirectory = {repo}/.git\n"
                   for repo in (hub.course, hub.exercises))
    hub.gitconfig.write_text("# The published course belongs to root; let every user pull it.\n"
                             f"[safe]\n{safe}", encoding="utf-8")
    publish(hub, course=False)
    if data:
        _fetch_data(hub)
    _install_proxy()
    print(f"\nInstalled in {hub.root}. Passwords (give the first to the students): "
          f"{hub.state}/student-password, {hub.state}/admin-password (instructors).")


def _install_venv(hub, python):
    """The course environment: a venv on the system Python, so that every user can run it."""
    if not hub.python.exists():
        probe = subprocess.run([python, "-c", "import ensurepip, venv"], capture_output=True)
        if probe.returncode != 0:
            sys.exit(f"classroom: {python} cannot create virtual environments; "
                     "install Debian's python3-venv (apt-get install python3-venv).")
        run([python, "-m", "venv", hub.venv])
    constraints = hub.course / "constraints.txt"
    stamp = hub.venv / ".installed"
    wanted = _stamp(hub.course / "pyproject.toml", constraints)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    pip = [hub.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--upgrade", "pip"])
    run([*pip, "-c", constraints, "-e", f"{hub.course}[{EXTRAS}]"])
    stamp.write_text(wanted)


def _fetch_data(hub):
    """The datasets, into the published course's data/ (read by every kernel)."""
    env = dict(os.environ, TQDM_DISABLE="1")
    local = CHECKOUT / "data"
    if not env.get("NNLIB_DATA_MIRROR") and any((local / name).is_dir()
                                                 for name in ("mnist", "catvnoncat")):
        env["NNLIB_DATA_MIRROR"] = str(local)
    run([hub.python, "-m", "nnlib.datasets", "fetch", "--data-dir", hub.course / "data"],
        env=env, cwd=hub.root)


def _install_proxy():
    """configurable-http-proxy, from the npm registry, into instructors/hub/node_modules."""
    lock = HERE / "package-lock.json"
    stamp = HERE / "node_modules" / ".installed"
    if PROXY.exists() and stamp.exists() and stamp.read_text() == _stamp(lock):
        return
    run(["npm", "ci", "--prefix", HERE, "--no-audit", "--no-fund", "--loglevel=error"])
    stamp.write_text(_stamp(lock))


def publish(hub, course=True, exercises=True):
    """Copy the course from this checkout to the hub, then build its exercise versions."""
    need_root()
    os.umask(0o022)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if course:
        snapshot(checkout_files(CHECKOUT), hub.course, f"The course as of {stamp}")
        print(f"published the course to {hub.course}")
    if exercises:
        with tempfile.TemporaryDirectory() as tmp:
            run([hub.python, hub.course / "tools" / "make_assignments.py", "--out", tmp],
                stdout=subprocess.DEVNULL, cwd=hub.root)
            release = Path(tmp) / "release"
            files = {str(p.relative_to(release)): p for p in sorted(release.glob("*/*.ipynb"))}
            files["README.md"] = HERE / "exercises-README.md"
            snapshot(files, hub.exercises, f"The exercise versions as of {stamp}")
        print(f"published the exercise versions to {hub.exercises}")


# ---- users -----------------------------------------------------------------------------------

def add_users(hub, names, group):
    """Create local users in ``group`` with private home folders (existing users join it)."""
    need_root()
    bad = [n for n in names if not USERNAME.match(n)]
    if bad:
        sys.exit(f"classroom: invalid user name(s) {bad}: use lower-case letters, digits, '-' "
                 "and '_', starting with a letter, at most 32 characters.")
    if subprocess.run(["getent", "group", group], capture_output=True).returncode != 0:
        run(["groupadd", group])
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, name])
        else:
            run(["usermod", "--append", "--groups", group, name])
        home = Path(pwd.getpwnam(name).pw_dir)
        home.chmod(0o700)  # Debian's default (755) would let students read each other's work


def add_instructor(hub, name, lessons=()):
    """An instructor: a user in the instructors' group with an nbgrader course folder."""
    add_users(hub, [name], hub.instructors)
    home = Path(pwd.getpwnam(name).pw_dir)
    course_dir = home / "course"
    result = as_user(hub, name, ["python", hub.course / "tools" / "make_assignments.py", "--db",
                            "--out", course_dir, *lessons])
    if result.returncode != 0:
        sys.exit(f"classroom: building {course_dir} failed:\n{result.stdout}{result.stderr}")
    config = home / ".jupyter" / "nbgrader_config.py"
    result = as_user(hub, name, ["python", "-c", (
        "import pathlib, sys; p = pathlib.Path(sys.argv[1]); p.parent.mkdir(exist_ok=True); "
        "p.write_text(sys.argv[2])"), config, (
        "# Written by instructors/hub/classroom.py: the formgrader's course folder.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n")])
    if result.returncode != 0:
        sys.exit(f"classroom: writing {config} failed:\n{result.stderr}")
    print(f"{name}: course folder {course_dir}; log in with the instructors' password "
          f"({hub.state}/admin-password)")


def remove_users(hub, names):
    """Delete users and their home folders; their running processes are ended first."""
    need_root()
    for name in names:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            print(f"{name}: no such user")
            continue
        for pid in _pids_of(uid):
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        run(["userdel", "--remove", name], stderr=subprocess.DEVNULL)


def _pids_of(uid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


# ---- the hub and the links -------------------------------------------------------------------

def start_command(hub, url=DEFAULT_URL):
    """The command line and environment that run the hub in the foreground."""
    env = {**{k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ")},
           "PATH": f"{hub.venv}/bin:/usr/local/bin:/usr/bin:/bin", **hub.env(),
           "NN_HUB_BIND_URL": url}
    return [str(hub.venv / "bin" / "jupyterhub"), "-f", str(CONFIG)], env


def nbgitpuller_link(hub_url, repo, folder, open_path="", branch="main"):
    """A link that pulls ``repo`` into ``~/folder`` of whoever opens it, then opens ``open_path``.

    Opening it again later brings the latest version in and keeps the student's own changes
    (nbgitpuller merges; see its documentation for the rules).
    """
    query = {"repo": repo, "branch": branch, "targetpath": folder,
             "urlpath": f"lab/tree/{folder}/{open_path}".rstrip("/")}
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote)}"


def course_link(hub, hub_url, exercises=False, lesson=None, repo=None, branch="main"):
    """The nbgitpuller link of the course (lessons with solutions) or of its exercise versions."""
    if exercises:
        open_path = f"{lesson}/{lesson}.ipynb" if lesson else ""
        return nbgitpuller_link(hub_url, repo or str(hub.exercises), EXERCISES_FOLDER, open_path,
                                branch)
    open_path = f"notebooks/{lesson}.ipynb" if lesson else "notebooks/README.md"
    return nbgitpuller_link(hub_url, repo or str(hub.course), COURSE_FOLDER, open_path, branch)


def _public_url(url):
    if url:
        return url
    host = subprocess.run(["hostname", "-f"], capture_output=True, text=True).stdout.strip()
    return f"http://{host or 'localhost'}:8000"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", help=f"the hub root (default: NN_HUB_ROOT or {DEFAULT_ROOT})")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("install", help="create or update the course environment and folders")
    p.add_argument("--python", default=SYSTEM_PYTHON,
                   help=f"the Python of the course environment (default {SYSTEM_PYTHON})")
    p.add_argument("--no-data", action="store_true", help="do not fetch the datasets")
    sub.add_parser("publish", help="publish the course from this checkout, and its exercises")
    p = sub.add_parser("add-students", help="create student accounts")
    p.add_argument("names", nargs="*")
    p.add_argument("--file", help="a roster: one user name per line")
    p = sub.add_parser("add-instructor", help="create an instructor with an nbgrader course")
    p.add_argument("name")
    p.add_argument("lessons", nargs="*", help="only these lessons (default: all)")
    p = sub.add_parser("remove-users", help="delete users and their home folders")
    p.add_argument("names", nargs="+")
    p = sub.add_parser("start", help="run the hub in the foreground (Ctrl-C stops it)")
    p.add_argument("--url", default=DEFAULT_URL,
                   help=f"address the hub listens on (default {DEFAULT_URL}: every interface)")
    p = sub.add_parser("link", help="print an nbgitpuller link to share with the students")
    p.add_argument("--url", help="the hub's public address (default http://<hostname>:8000)")
    p.add_argument("--exercises", action="store_true", help="the exercise versions")
    p.add_argument("--lesson", help="open this lesson, e.g. 01_one_neuron")
    p.add_argument("--repo", help="pull from this git URL instead of the hub's copy")
    p.add_argument("--branch", default="main", help="the branch to pull (default main)")
    args = parser.parse_args(argv)
    hub = Hub(args.root)

    if args.command == "install":
        install(hub, python=args.python, data=not args.no_data)
    elif args.command == "publish":
        publish(hub)
    elif args.command == "add-students":
        names = list(args.names)
        if args.file:
            names += [line.strip() for line in Path(args.file).read_text().splitlines()
                      if line.strip() and not line.startswith("#")]
        add_users(hub, names, hub.students)
        print(f"{len(names)} student(s) in the group {hub.students}; they log in with the "
              f"students' password ({hub.state}/student-password)")
    elif args.command == "add-instructor":
        add_instructor(hub, args.name, args.lessons)
    elif args.command == "remove-users":
        remove_users(hub, args.names)
    elif args.command == "start":
        need_root()
        cmd, env = start_command(hub, args.url)
        os.chdir(hub.state)
        os.execve(cmd[0], cmd, env)
    elif args.command == "link":
        print(course_link(hub, _public_url(args.url), args.exercises, args.lesson, args.repo,
                          args.branch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
