"""Benchmark the key pages under load on a real server, next to a trivial floor view.

Every page is measured twice in one run, each time next to the floor: first on
a gunicorn (2 workers, DEBUG off, 127.0.0.1) with every cache off, so each
answer is rendered afresh ("fresh"), then on one configured as deployed
("warm": the public page cache for visitors, cached sessions and figures).
Each page gets two uncounted seconds of the same load, then wrk drives it at a
fixed concurrency for a fixed time (logged in where the page needs it). One
table: req/s, p99 and ratio to the floor of each server, SQL queries of a
fresh render and of a repeat visit with the caches on, response bytes, errors.
`--soak N` adds an N-second mixed load on the warm server and reports 5xx
responses and the workers' memory at start and end. The report is also
written as JSON. Speed targets are judged here, never in tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.crypto import get_random_string
from django.utils.http import urlencode

from ...bench import PAGES
from ...bench.core import FRESH_ENV, UNIQUE, WARM_ENV, BenchPage, start_gunicorn


@dataclass
class Load:
    """What wrk measured for one page on one server."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Result:
    page: str
    path: str
    fresh_rps: float
    fresh_ratio_to_floor: float
    fresh_p50_ms: float
    fresh_p99_ms: float
    warm_rps: float
    warm_ratio_to_floor: float
    warm_p50_ms: float
    warm_p99_ms: float
    queries: int  # a fresh render, every cache off
    queries_warm: int  # the same page again, with the server's caches on (a repeat visit)
    bytes: int
    errors: int


# Every page is driven through this script: it sends the page's method, body and cookies, and counts
# answers other than 200 in each wrk thread (a page that redirects to the login is not measured).
PAGE_LUA = """
wrk.method = %s
wrk.body = %s
local cookie = %s
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
if wrk.method == "POST" then wrk.headers["Content-Type"] = "application/x-www-form-urlencoded" end
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
function init(args) other = 0 end
function response(status, headers, body) if status ~= 200 then other = other + 1 end end
-- A form value of UNIQUE becomes a fresh one on every request (devtools/bench/core.py); other pages: wrk's loop.
if string.find(wrk.body or "", "benchUNIQUEvalue", 1, true) then
  local sent = 0
  function request()
    sent = sent + 1
    local fresh = string.format("b%%x-%%d-%%d", os.time(), tid or 0, sent)
    return wrk.format(nil, nil, nil, (string.gsub(wrk.body, "benchUNIQUEvalue", fresh)))
  end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("other") end
  io.write(string.format("NON200 %%d\\n", n))
end
"""
DUMMY_CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LATENCY_RE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SOAK_LUA = """
local paths = {%s}
local cookies = {%s}
local i = 0
local fivexx = 0
request = function()
  i = i + 1
  local n = (i %% #paths) + 1
  local headers = {}
  if cookies[n] ~= "" then headers["Cookie"] = cookies[n] end
  return wrk.format("GET", paths[n], headers)
end
response = function(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("FIVEXX %%d\\n", fivexx))
end
"""


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {pct: float(value) * UNIT_MS[unit] for pct, value, unit in LATENCY_RE.findall(output)}
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors:.*?timeout (\d+)", output):
        errors += int(match.group(1))
    return rps, latencies.get("50", 0.0), latencies.get("99", 0.0), errors


def session_cookie(user) -> str:
    if user is None:
        return ""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "portal.backends.PortalBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["portal_last_seen"] = int(time.time()) + 24 * 3600  # the idle timeout must not end a bench session
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def worker_memory_kb(master_pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+)", status.read_text())
            if match:
                sizes.append(int(match.group(1)))
    return sizes


class Command(BaseCommand):
    help = "Load-test the key pages on gunicorn with wrk and print a report (see README: Performance)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per page")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--warmup", type=int, default=2, help="seconds of uncounted load before each page")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--soak", type=int, default=0, help="seconds of mixed load after the pages")
        parser.add_argument("--output", default="bench-report.json")
        parser.add_argument("--only", default="", help="comma-separated page names")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian package 'wrk'); `make bench` installs it.")
        if connection.vendor != "postgresql":
            self.stderr.write("Note: not on PostgreSQL; figures will not be representative.")
        pages = list(PAGES)
        if options["only"]:
            wanted = set(options["only"].split(","))
            pages = [p for p in pages if p.name in wanted or p.name == "floor"]
        base = f"http://127.0.0.1:{options['port']}"
        rendered = {page.name: self.render_in_process(page) for page in pages}
        self.stdout.write("fresh (every cache off):")
        fresh = self.run_server(FRESH_ENV, lambda server: {p.name: self.load(p, base, options) for p in pages}, options)
        self.stdout.write("warm (as deployed):")
        warm_loads = {}

        def warm_run(server):
            warm_loads.update({p.name: self.load(p, base, options) for p in pages})
            return self.soak(pages, base, options, server.pid) if options["soak"] else None

        soak = self.run_server(WARM_ENV, warm_run, options)
        report = {
            "database": connection.vendor,
            "concurrency": options["concurrency"],
            "duration_s": options["duration"],
            "pages": [asdict(r) for r in self.results(pages, rendered, fresh, warm_loads)],
        }
        if soak:
            report["soak"] = soak
        self.print_table(report)
        Path(options["output"]).write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(f"Report written to {options['output']}")

    def run_server(self, env: dict, work, options):
        try:
            server = start_gunicorn(options["port"], env)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        try:
            return work(server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def results(self, pages, rendered: dict, fresh: dict[str, Load], warm: dict[str, Load]) -> list[Result]:
        fresh_floor = fresh.get("floor", Load(1, 0, 0, 0)).rps or 1
        warm_floor = warm.get("floor", Load(1, 0, 0, 0)).rps or 1
        results = []
        for page in pages:
            f, w = fresh[page.name], warm[page.name]
            path, queries, queries_warm, size = rendered[page.name]
            results.append(
                Result(
                    page.name,
                    path,
                    f.rps,
                    round(f.rps / fresh_floor, 3),
                    f.p50_ms,
                    f.p99_ms,
                    w.rps,
                    round(w.rps / warm_floor, 3),
                    w.p50_ms,
                    w.p99_ms,
                    queries,
                    queries_warm,
                    size,
                    f.errors + w.errors,
                )
            )
        return results

    def render_in_process(self, page: BenchPage) -> tuple[str, int, int, int]:
        """The page's path, its queries rendered afresh and on a repeat visit with the caches on, its size."""
        user = page.user()
        path = page.path()
        client = Client(SERVER_NAME="127.0.0.1")
        if user is not None:
            client.force_login(user)
        form = page.form() if page.form else None

        def load():
            if form is None:
                return client.get(path)
            return client.post(path, {k: uuid.uuid4().hex if v == UNIQUE else v for k, v in form.items()})

        with override_settings(CACHES=DUMMY_CACHES, PUBLIC_PAGE_CACHE_SECONDS=0):
            load()  # warm up
            with CaptureQueriesContext(connection) as captured:
                response = load()
            # Counted at once: the next request clears the connection's query log.
            queries = len(captured)
        if response.status_code != 200:
            raise CommandError(f"{page.name}: {path} answered {response.status_code} in-process")
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=30):
            load()
            with CaptureQueriesContext(connection) as captured:
                load()
            queries_warm = len(captured)
        return path, queries, queries_warm, len(response.content)

    def load(self, page: BenchPage, base: str, options) -> Load:
        user = page.user()
        path = page.path()
        form = page.form() if page.form else None
        script = self.page_script(form, session_cookie(user))
        try:
            # The same load for a moment first, not counted: every worker has compiled the page's templates
            # (and, on the warm server, filled its caches), as a server that has been up a while has.
            if options["warmup"]:
                warm = ["wrk", "-t2", f"-c{options['concurrency']}", f"-d{options['warmup']}s"]
                subprocess.run([*warm, "-s", script, base + path], capture_output=True, check=True)
            command = ["wrk", "-t2", f"-c{options['concurrency']}", f"-d{options['duration']}s", "--latency"]
            output = subprocess.run(
                [*command, "-s", script, base + path], capture_output=True, text=True, check=True
            ).stdout
        finally:
            os.unlink(script)
        rps, p50, p99, errors = parse_wrk(output)
        errors += int(re.search(r"NON200 (\d+)", output).group(1))
        self.stdout.write(f"  {page.name:<22} {rps:>9.1f} req/s  p99 {p99:>7.1f} ms")
        return Load(rps, p50, p99, errors)

    def page_script(self, form: dict | None, cookie: str) -> str:
        """The wrk script for one page; a form goes as a POST with a CSRF token matching its cookie."""
        method, body = "GET", ""
        if form is not None:
            token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
            method, body = "POST", urlencode({**form, "csrfmiddlewaretoken": token})
            cookie = "; ".join(c for c in (f"{settings.CSRF_COOKIE_NAME}={token}", cookie) if c)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(PAGE_LUA % (json.dumps(method), json.dumps(body), json.dumps(cookie)))
        return script.name

    def soak(self, pages: list[BenchPage], base: str, options, master_pid: int) -> dict:
        paths = ", ".join(json.dumps(p.path()) for p in pages)
        cookies = ", ".join(json.dumps(session_cookie(p.user())) for p in pages)
        memory_start = worker_memory_kb(master_pid)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(SOAK_LUA % (paths, cookies))
        command = ["wrk", "-t1", f"-c{options['concurrency']}", f"-d{options['soak']}s", "--latency", "-s", script.name]
        output = subprocess.run([*command, base + "/"], capture_output=True, text=True, check=True).stdout
        os.unlink(script.name)
        rps, p50, p99, _errors = parse_wrk(output)
        fivexx = int(re.search(r"FIVEXX (\d+)", output).group(1))
        return {
            "seconds": options["soak"],
            "rps": rps,
            "p50_ms": p50,
            "p99_ms": p99,
            "responses_5xx": fivexx,
            "worker_rss_kb_start": memory_start,
            "worker_rss_kb_end": worker_memory_kb(master_pid),
        }

    def print_table(self, report: dict) -> None:
        self.stdout.write("")
        columns = [("page", "<22"), ("fresh/s", ">8"), ("p99 ms", ">7"), ("÷floor", ">7")]
        columns += [("warm/s", ">8"), ("p99 ms", ">7"), ("÷floor", ">7"), ("SQL", ">4"), ("warm", ">4")]
        columns += [("bytes", ">7"), ("err", ">4")]
        header = " ".join(f"{name:{spec}}" for name, spec in columns)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in report["pages"]:
            self.stdout.write(
                f"{r['page']:<22} {r['fresh_rps']:>8.1f} {r['fresh_p99_ms']:>7.1f} {r['fresh_ratio_to_floor']:>7.3f} "
                f"{r['warm_rps']:>8.1f} {r['warm_p99_ms']:>7.1f} {r['warm_ratio_to_floor']:>7.3f} "
                f"{r['queries']:>4} {r['queries_warm']:>4} {r['bytes']:>7} {r['errors']:>4}"
            )
        if soak := report.get("soak"):
            self.stdout.write(
                f"\nsoak {soak['seconds']} s: {soak['rps']:.1f} req/s, p99 {soak['p99_ms']:.1f} ms, "
                f"5xx: {soak['responses_5xx']}, worker RSS KB start {soak['worker_rss_kb_start']} "
                f"end {soak['worker_rss_kb_end']}"
            )
