"""The benchmark's core: what a bench page and a bench seeder are, and the gunicorn it runs on.

A BenchPage names a page, how to find a representative URL in the seeded
data, and who is logged in to load it (None: a visitor); a page answered to a
form (public tracking) gives the form's fields, and is sent as a POST.

A bench seeder `fn(bench: BenchSeed) -> None` tops its app's rows up to the
sizes asked for with bulk inserts, spread over the bench communities.
"""

import os
import random
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# A form value that the benchmark replaces with a fresh one on every request (a visit id made on a phone).
UNIQUE = "benchUNIQUEvalue"


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: Callable[[], str]
    user: Callable[[], object] = lambda: None
    order: int = 50
    form: Callable[[], dict] | None = None  # POST these fields (with a CSRF token) instead of a GET


@dataclass
class BenchSeed:
    """What `manage.py seed_bench` hands each app's bench seeder."""

    sizes: dict[str, int]  # requests, notices, members, meetings: totals wanted in the database
    communities: list  # the demo community first
    weights: list[float]  # each community's share of the rows
    staff: dict = field(default_factory=dict)  # community pk -> [admin, staff, staff]
    users: dict = field(default_factory=dict)  # the demo logins by key
    stdout: object = None
    rng: random.Random = field(default_factory=lambda: random.Random(8))

    def split(self, total: int) -> list[tuple[object, int]]:
        """`total` rows shared out over the communities by weight (the demo community gets the rest)."""
        shares = [int(total * weight) for weight in self.weights]
        shares[0] += total - sum(shares)
        return list(zip(self.communities, shares, strict=True))

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"  {text}")


# The server as deployed ("warm"), and with every cache off so each page is rendered afresh ("fresh").
WARM_ENV: dict[str, str] = {}
FRESH_ENV = {"CACHE_URL": "dummy://", "PUBLIC_PAGE_CACHE_SECONDS": "0"}


def start_gunicorn(port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """gunicorn with 2 workers and production settings (DEBUG off), once it answers /healthz."""
    env = {
        k: v for k, v in os.environ.items() if k != "GONGJIAN_TESTING"
    }  # a test running the bench: not for the server
    env.update(
        DEBUG="0",
        # The bench signs its sessions with this process's key; the server must read them.
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        AXES_ENABLED="0",
        TRACK_ATTEMPTS=str(10**9),
        OPEN311_READS_PER_MINUTE="0",
        DEVTOOLS="1",  # the floor view lives in devtools
    )
    env.update(extra_env or {})
    # Collected with the server's settings, so the hashed manifest exists.
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=settings.BASE_DIR, check=True)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "portal.wsgi",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--access-logfile=/dev/null",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 30 seconds")


def demo_login(key: str):
    """A demo login by its seed_demo key (admin, staff, staff2, resident): who loads a page in the bench."""
    from portal.models import User

    from ..demo.core import CORE_USERS

    phone = next(phone for k, phone, *_rest in CORE_USERS if k == key)
    return User.objects.get(phone=phone)


# The portal's own pages; each app's are in devtools/bench/<app>.py.
PAGES = [
    BenchPage("floor", lambda: "/bench-floor", order=0),
    BenchPage("home", lambda: "/", order=1),
    BenchPage("open figures", lambda: "/open/", order=90),
]
