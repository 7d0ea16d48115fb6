"""JupyterHub for a class taking the course, on one machine (see instructors/README.md).

`classroom.py start` runs the hub with this file and the settings below in its environment:

    NN_HUB_ROOT          the hub root made by `classroom.py install` (default /opt/nn-course)
    NN_HUB_BIND_URL      where the hub listens (default http://:8000, every interface)
    NN_HUB_STUDENTS      Unix group of the students (default nn-students)
    NN_HUB_INSTRUCTORS   Unix group of the instructors (default nn-instructors)

Who may log in: the members of the two groups, read at every login. Students share one
password (state/student-password), instructors another of 40 characters (state/admin-password)
and are the hub's administrators. Each user gets a JupyterLab running as their own Unix user,
in their (private) home folder, from the course environment; students' labs have nbgrader's
Assignment List but none of its instructor tools.
"""

import grp
import os
from pathlib import Path
from secrets import compare_digest
from urllib.parse import urlparse

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

c = get_config()  # noqa: F821 (JupyterHub provides get_config when it loads this file)

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("NN_HUB_ROOT", "/opt/nn-course"))
VENV, STATE = ROOT / "venv", ROOT / "state"
STUDENTS = os.environ.get("NN_HUB_STUDENTS", "nn-students")
INSTRUCTORS = os.environ.get("NN_HUB_INSTRUCTORS", "nn-instructors")
BIND_URL = os.environ.get("NN_HUB_BIND_URL", "http://:8000")


def members(group):
    """The user names in a Unix group (none when the group does not exist)."""
    try:
        return set(grp.getgrnam(group).gr_mem)
    except KeyError:
        return set()


class CourseAuthenticator(SharedPasswordAuthenticator):
    """Shared passwords, one for the students' group and one for the instructors' group.

    The groups are read at every login: `classroom.py add-students` during the term needs no
    restart, and nobody outside the two groups can log in. An instructor needs the
    instructors' password, so the students' password never opens an instructor's lab.
    """

    any_allow_config = True

    def check_allowed(self, username, authentication=None):
        return username in members(STUDENTS) | members(INSTRUCTORS)

    async def authenticate(self, handler, data):
        name = self.normalize_username(data["username"])
        instructor = name in members(INSTRUCTORS)
        if instructor:
            password = self.admin_password
        elif name in members(STUDENTS):
            password = self.user_password
        else:
            return None
        if password and compare_digest(data["password"].encode(), password.encode()):
            return {"name": name, "admin": instructor}
        return None


def _password(kind):
    return (STATE / f"{kind}-password").read_text(encoding="utf-8").strip()


c.JupyterHub.authenticator_class = CourseAuthenticator
c.CourseAuthenticator.user_password = _password("student")
c.CourseAuthenticator.admin_password = _password("admin")
# The users known at start-up are listed in the admin panel before their first login (and can
# get an API token at once); later ones are added by their first login.
c.CourseAuthenticator.admin_users = members(INSTRUCTORS)
c.CourseAuthenticator.allowed_users = members(STUDENTS) | members(INSTRUCTORS)

# The network: the public address, and the hub's and the proxy's own ports on loopback (8081 and
# 8001 for the default public port 8000). Put TLS in front (a reverse proxy, or
# c.JupyterHub.ssl_cert / ssl_key) before students log in from another network.
port = urlparse(BIND_URL).port or 8000
c.JupyterHub.bind_url = BIND_URL
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 81}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.template_vars = {
    "announcement_login": "Neural networks from scratch: sign in with your user name and the "
                          "class password.",
}

# One JupyterLab per user, as that Unix user, from the course environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"


def _jupyter_config_path(spawner):
    """Students get student-config/ (nbgrader's instructor tools off); instructors nothing."""
    return "" if spawner.user.name in members(INSTRUCTORS) else str(ROOT / "student-config")


c.Spawner.environment = {
    "PATH": f"{VENV}/bin:/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "JUPYTER_CONFIG_PATH": _jupyter_config_path,
    # The published course belongs to root; git refuses to pull from another user's
    # repository unless it is listed as safe.
    "GIT_CONFIG_SYSTEM": str(ROOT / "gitconfig"),
    "NBGITPULLER_APP": "lab",
}

# Start-up time. A lab takes about 3 s of CPU to start (5-9 s on an idle 2-core machine). When
# a whole class of 30 logs in at once on 2 cores, the labs alone need some 45 s of both cores,
# and with the hub's own work and every browser loading JupyterLab the last students wait past
# JupyterHub's default limit of 60 s. Allow 5 minutes (and 2 for the first answer of a started
# lab); on a bigger machine, or when students arrive over a few minutes, they are not reached.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 120

# Memory: an idle lab takes about 150 MiB, a lab after lesson 1 about 280 MiB, the MNIST
# lessons more. Kernels idle for an hour are shut down, and so is a lab nobody used for three hours
# (the student's files stay; the next login starts it again).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=3600",
    "--MappingKernelManager.cull_interval=300",
    "--ServerApp.shutdown_no_activity_timeout=10800",
]
