"""Sessions and limits across processes: a real gunicorn with 3 workers, each named by a test-only header.

Every worker must have served the session before logout; after logout every worker answers the
replayed cookie with the login redirect. A reference's tracking lock set through one worker is
refused by each of the others.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

WORKERS = 3
PASSWORD = "Multi-proc-2026"
SETUP = f"""
from portal.models import Community, User
from django.contrib.auth.models import Group
from services.models import ServiceRequest
c = Community.objects.create(name="红星社区", code="HX")
u = User.objects.create_user("13900000002", "{PASSWORD}", real_name="李秀梅", community=c)
u.groups.add(Group.objects.get_or_create(name="staff")[0])
ServiceRequest.file(community=c, submitted_by=None, form_token=None, applicant_name="刘大爷",
                    applicant_phone="13712345678", description="楼道灯坏了")
print(ServiceRequest.objects.get().reference)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, cookies: dict, data: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        page = response.read().decode()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        conn.close()
        return response.status, response.headers, page, {k: v.value for k, v in jar.items()}

    def until_every_worker(self, call, limit: int = 600) -> dict[str, list]:
        """Repeat `call` (returning (worker, outcome)) until each worker has answered at least twice.

        Calls go out several at a time: one after another, a fast answer lets the same idle worker
        win every accept(), so the others might never be asked.
        """
        seen: dict[str, list] = {}
        with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
            for _ in range(0, limit, WORKERS * 2):
                for worker, outcome in pool.map(lambda _i: call(), range(WORKERS * 2)):
                    seen.setdefault(worker, []).append(outcome)
                if len(seen) == WORKERS and all(len(v) >= 2 for v in seen.values()):
                    return seen
        answered = {worker: len(outcomes) for worker, outcomes in seen.items()}
        raise AssertionError(f"answers per worker {answered} ({WORKERS} workers) in {limit} requests")


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed")
    db = tmp_path_factory.mktemp("mp") / "db.sqlite3"
    env = dict(os.environ)
    for name in ("DATABASE_URL", "CACHE_URL", "LIMITS_REDIS_URL"):
        env.pop(name, None)
    env.update(
        DEBUG="0",
        SECRET_KEY="multi-process-test-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{db}",
        WORKER_HEADER="1",
        STAFF_SECOND_FACTOR="0",
        SMS_BACKEND="portal.sms.ConsoleBackend",
        STATIC_MANIFEST="0",
    )
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    run = {"env": env, "cwd": settings.BASE_DIR, "check": True, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "-v0"], **run)
    reference = subprocess.run([*manage, "shell", "-c", SETUP], **run).stdout.strip().splitlines()[-1]
    port = _free_port()
    command = [str(gunicorn), "portal.wsgi", f"--workers={WORKERS}", f"--bind=127.0.0.1:{port}", "--log-level=warning"]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    srv = Server(port)
    srv.reference = reference
    try:
        for _ in range(60):
            try:
                if srv.request("GET", "/healthz", {})[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not start")
        yield srv
    finally:
        process.terminate()
        process.wait(10)


def test_logout_ends_the_session_in_every_worker(server):
    status, _h, page, cookies = server.request("GET", "/accounts/login/", {})
    csrf = {"csrftoken": cookies["csrftoken"]}
    login = {"csrfmiddlewaretoken": _token(page), "username": "13900000002", "password": PASSWORD}
    status, _h, _p, set_cookies = server.request("POST", "/accounts/login/", csrf, login)
    assert status == 302 and "sessionid" in set_cookies
    session = {"sessionid": set_cookies["sessionid"], "csrftoken": set_cookies.get("csrftoken", cookies["csrftoken"])}

    pages = {}

    def desk():
        status, headers, page, _c = server.request("GET", "/services/desk/", session)
        pages[headers["X-Worker"]] = page
        return headers["X-Worker"], status

    before = server.until_every_worker(desk)
    assert all(status == 200 for answers in before.values() for status in answers), before

    token = _token(next(iter(pages.values())))
    status, _h, _p, _c = server.request("POST", "/accounts/logout/", session, {"csrfmiddlewaretoken": token})
    assert status == 302

    def replay():
        status, headers, _page, _c = server.request("GET", "/services/desk/", {"sessionid": session["sessionid"]})
        return headers["X-Worker"], (status, headers.get("Location", ""))

    after = server.until_every_worker(replay)
    for answers in after.values():
        assert all(status == 302 and loc.startswith("/accounts/login/") for status, loc in answers), after


def test_a_tracking_lock_set_through_one_worker_is_refused_by_every_other(server):
    status, _h, page, cookies = server.request("GET", "/services/track/", {})
    csrf = {"csrftoken": cookies["csrftoken"]}
    token = _token(page)
    wrong = {"csrfmiddlewaretoken": token, "ref": server.reference, "digits": "0000"}
    setter = None
    for _ in range(5):
        status, headers, _p, _c = server.request("POST", "/services/track/", csrf, wrong)
        assert status == 200
        setter = headers["X-Worker"]
    right = {"csrfmiddlewaretoken": token, "ref": server.reference, "digits": "5678"}

    def look_up():
        status, headers, _page, _c = server.request("POST", "/services/track/", csrf, right)
        return headers["X-Worker"], status

    answers = server.until_every_worker(look_up)
    others = {worker: statuses for worker, statuses in answers.items() if worker != setter}
    assert len(others) == WORKERS - 1
    assert all(status == 429 for statuses in answers.values() for status in statuses), answers


def test_the_worker_header_exists_only_when_a_test_asks_for_it():
    assert "portal.middleware.WorkerHeaderMiddleware" not in settings.MIDDLEWARE
