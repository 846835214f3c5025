"""Pages the benchmark drives (`manage.py bench`), contributed by each app.

A BenchPage names a page, how to find a representative URL in the seeded
data, and who is logged in to load it (None: a visitor).
"""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: Callable[[], str]
    user: Callable[[], object] = lambda: None
    order: int = 50


_pages: dict[str, BenchPage] = {}


def register_bench_page(page: BenchPage) -> None:
    _pages[page.name] = page


def bench_pages() -> list[BenchPage]:
    return sorted(_pages.values(), key=lambda p: (p.order, p.name))


def start_gunicorn(port: int) -> subprocess.Popen:
    """gunicorn with 2 workers and production settings (DEBUG off), once it answers /healthz."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-use-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        AXES_ENABLED="0",
    )
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


def _register_portal_pages() -> None:
    register_bench_page(BenchPage("floor", lambda: "/bench-floor", order=0))
    register_bench_page(BenchPage("home", lambda: "/", order=1))
    # Served from the figures cache most of the time, as visitors see it.
    register_bench_page(BenchPage("open figures", lambda: "/open/", order=2))


_register_portal_pages()
