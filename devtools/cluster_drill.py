"""The cluster drill: the production layout of deploy/ on 127.0.0.1, its promises checked under faults.

It starts, from the files in deploy/ themselves, nginx in front of two gunicorn servers (A and B),
its own Redis (cache and broker, on a free port so it can be stopped), a Celery worker and beat, and
stand-in mail and SMS gateways, against the local PostgreSQL (a database of its own). Then:

1. across servers: log in through A, act through B, log out through A, replay the cookie on B; an
   upload made through A downloads through B; a tracking lock set through A holds on B;
2. under a steady, bounded load of filings, status changes and page views through nginx: kill -9
   server A (and start it again, as systemd would), kill -9 the Celery worker while it delivers (and
   start it again), stop Redis for ten seconds, restart PostgreSQL (with --restart-postgres);
3. reports requests sent, 5xx answers (allowed only inside a fault's window), writes acknowledged
   against rows in the database, notifications created against delivered (duplicates counted), and
   the time to recover from each fault.
All traffic goes to 127.0.0.1; the load is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests

from . import drill_gateways

BASE = Path(__file__).resolve().parent.parent
DEPLOY = BASE / "deploy"
PASSWORD = "Drill-pass-2026"
STAFF_PHONE, RESIDENT_PHONE = "13900000001", "13900000002"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def unit_command(unit: str, replacements: dict[str, str]) -> list[str]:
    """The ExecStart of a deploy/systemd unit, with the machine's paths put in."""
    text = (DEPLOY / "systemd" / unit).read_text()
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))[len("ExecStart=") :]
    for old, new in replacements.items():
        line = line.replace(old, new)
    return shlex.split(line)


def render_site(values: dict[str, str]) -> str:
    """deploy/nginx-site.conf.template with ${NAME} filled in, as envsubst with a variable list does."""
    template = (DEPLOY / "nginx-site.conf.template").read_text()
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


# --- the processes -------------------------------------------------------------------------------------


@dataclass
class Cluster:
    work: Path
    database: str
    restart_postgres: bool
    ports: dict = field(default_factory=dict)
    procs: dict = field(default_factory=dict)
    mail: drill_gateways.Recorder = field(default_factory=lambda: drill_gateways.Recorder(delay=0.3))
    sms: drill_gateways.Recorder = field(default_factory=lambda: drill_gateways.Recorder(delay=0.3))

    # The units say Restart=always with RestartSec=2: the drill restarts these the same way.
    supervised = ("a", "b", "worker", "beat")

    def __post_init__(self):
        self.restarts: Counter = Counter()
        self.stopping = threading.Event()
        for name in ("nginx", "a", "b", "redis", "smtp", "sms"):
            self.ports[name] = free_port()
        self.media = self.work / "media"
        self.media.mkdir()
        self.replacements = {"/srv/gongjian/.venv/bin/": str(Path(sys.executable).parent) + "/", "0.0.0.0": HOST}
        self.replacements["/var/lib/gongjian/celerybeat-schedule"] = str(self.work / "celerybeat-schedule")

    @property
    def db_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"

    def env(self) -> dict:
        redis = f"redis://{HOST}:{self.ports['redis']}"
        env = dict(os.environ)
        for name in ("DEBUG", "CACHE_URL", "CELERY_BROKER_URL", "MEDIA_S3_BUCKET"):
            env.pop(name, None)
        env.update(
            SECRET_KEY="cluster-drill-only-" + "x" * 40,
            ALLOWED_HOSTS=HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{self.ports['nginx']}",
            DATABASE_URL=self.db_url,
            CACHE_URL=f"{redis}/1",
            CELERY_BROKER_URL=f"{redis}/0",
            MEDIA_ROOT=str(self.media),
            MEDIA_SERVE="nginx",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(self.ports["smtp"]),
            SMS_BACKEND="devtools.drill_gateways.StandInSmsBackend",
            SMS_ENDPOINT=f"http://{HOST}:{self.ports['sms']}/send",
            STAFF_SECOND_FACTOR="0",
            OUTBOX_SWEEP_SECONDS="3",
            GUNICORN_WORKERS="2",
            TRUSTED_PROXY_COUNT="0",
            PYTHONUNBUFFERED="1",
        )
        return env

    def log(self, name: str):
        return open(self.work / f"{name}.log", "ab")

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        proc = subprocess.Popen(
            command, cwd=BASE, env=self.env(), stdout=self.log(name), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE, env=self.env(), check=True, stdout=self.log("manage")
        )

    # -- starting
    def prepare_database(self) -> None:
        admin = psycopg2.connect(self.db_url.rsplit("/", 1)[0] + "/postgres")
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            cur.execute(f"CREATE DATABASE \"{self.database}\" ENCODING 'UTF8' TEMPLATE template0")
        admin.close()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("shell", "-c", "from devtools.cluster_drill import seed; seed()")
        self.manage("collectstatic", "--noinput", "-v0")

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            ["redis-server", "--port", str(self.ports["redis"]), "--bind", HOST, "--save", "", "--appendonly", "no"],
        )
        wait_for_port(self.ports["redis"])

    def start_web(self, name: str) -> None:
        self.spawn(name, unit_command("gongjian-web@.service", {**self.replacements, "%i": str(self.ports[name])}))
        wait_for_port(self.ports[name], 60)

    def start_worker(self) -> None:
        self.spawn("worker", unit_command("gongjian-worker.service", self.replacements))

    def start_beat(self) -> None:
        self.spawn("beat", unit_command("gongjian-beat.service", self.replacements))

    def start_nginx(self) -> None:
        servers = " ".join(f"server {HOST}:{self.ports[name]} max_fails=1 fail_timeout=3s;" for name in ("a", "b"))
        site = render_site(
            {
                "SERVER_NAME": HOST,
                "LISTEN": f"{HOST}:{self.ports['nginx']}",
                "APP_SERVERS": servers,
                "APP_DIR": str(BASE),
                "MEDIA_ROOT": str(self.media),
            }
        )
        (self.work / "site.conf").write_text(site)
        temp = self.work / "nginx-temp"
        temp.mkdir()
        main = f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.work}/nginx-access.log;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    include {self.work}/site.conf;
}}
"""
        (self.work / "nginx.conf").write_text(main)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-t", "-c", str(self.work / "nginx.conf")], check=True, capture_output=True)
        self.spawn("nginx", [nginx, "-c", str(self.work / "nginx.conf")])
        wait_for_port(self.ports["nginx"])

    def start(self) -> None:
        self.prepare_database()
        self.smtp = drill_gateways.start_mail(self.ports["smtp"], self.mail)
        self.sms_server = drill_gateways.start_sms(self.ports["sms"], self.sms)
        self.start_redis()
        self.start_web("a")
        self.start_web("b")
        self.start_worker()
        self.start_beat()
        self.start_nginx()
        threading.Thread(target=self.supervise, daemon=True).start()

    def supervise(self) -> None:
        """Start again any supervised process that exited, two seconds later, as systemd would."""
        starters = {"a": lambda: self.start_web("a"), "b": lambda: self.start_web("b")}
        starters |= {"worker": self.start_worker, "beat": self.start_beat}
        while not self.stopping.wait(0.5):
            for name in self.supervised:
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None and not self.stopping.is_set():
                    time.sleep(2)
                    self.restarts[name] += 1
                    starters[name]()

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.get(name)
        if proc and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            proc.wait(30)

    def stop(self) -> None:
        self.stopping.set()
        for name in ("nginx", "beat", "worker", "a", "b", "redis"):
            self.kill(name, signal.SIGTERM)
        if getattr(self, "smtp", None):
            self.smtp.stop()
        if getattr(self, "sms_server", None):
            self.sms_server.shutdown()

    # -- reading the database
    def query(self, sql: str, args=()) -> list:
        for _ in range(60):
            try:
                with psycopg2.connect(self.db_url) as conn, conn.cursor() as cur:
                    cur.execute(sql, args)
                    return cur.fetchall()
            except psycopg2.OperationalError:
                time.sleep(1)
        raise RuntimeError("PostgreSQL did not answer")


def seed() -> None:
    """The drill's community: a staff member, a resident with an e-mail address, one service."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from portal.access import STAFF_GROUP
    from portal.models import Community, User
    from services.models import ServiceItem

    community = Community.objects.create(name="演练社区", code="YL", address="演练路1号", phone="0431-1234567")
    staff = User.objects.create_user(phone=STAFF_PHONE, password=PASSWORD, real_name="演练员工", community=community)
    staff.email = "staff@drill.example"
    staff.save()
    staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    User.objects.create_user(
        phone=RESIDENT_PHONE,
        password=PASSWORD,
        real_name="演练居民",
        community=community,
        email="resident@drill.example",
        phone_verified_at=timezone.now(),
    )
    ServiceItem.objects.create(community=community, name="演练事项", time_limit_days=5, materials="居民身份证")


# --- a browser without a browser ---------------------------------------------------------------------------


class Browser:
    """Cookies kept by hand: the session cookie is Secure (TLS ends at the edge) and we speak HTTP to nginx."""

    def __init__(self, port: int):
        self.base = f"http://{HOST}:{port}"
        self.port = port
        self.cookies: dict[str, str] = {}

    def at(self, port: int) -> Browser:
        other = Browser(port)
        other.cookies = self.cookies
        return other

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",  # what the TLS edge adds
            "Referer": f"https://{HOST}:{self.port}/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, files=None) -> requests.Response:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, data=data, files=files)

    def login(self, phone: str) -> requests.Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": phone, "password": PASSWORD})


def location(response) -> str:
    return urlsplit(response.headers.get("Location", "")).path


def item_pk(browser: Browser) -> str:
    page = browser.get("/services/apply/").text
    return re.search(r'name="item"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1)


def file_request(browser: Browser, item: str, description: str, files=None, on_behalf: str = ""):
    data = {"kind": "service", "item": item, "description": description, "form_token": str(uuid.uuid4())}
    if on_behalf:
        data |= {"channel": "phone", "applicant_name": "来电居民", "applicant_phone": on_behalf, "sms_updates": "on"}
    response = browser.post("/services/apply/", data, files=files)
    match = re.match(r"^/services/requests/([^/]+)/$", location(response))
    return response, (match.group(1) if response.status_code == 302 and match else None)


# --- 1. across servers -----------------------------------------------------------------------------------------


def across_servers(cluster: Cluster) -> list[tuple[str, bool, str]]:
    a, b = cluster.ports["a"], cluster.ports["b"]
    checks = []

    staff = Browser(a)
    staff.login(STAFF_PHONE)
    on_b = staff.at(b).get("/work/")
    checks.append(("logged in through A, a staff page through B", on_b.status_code == 200, str(on_b.status_code)))
    old_cookies = dict(staff.cookies)
    out = staff.post("/accounts/logout/", {})
    replay = Browser(b)
    replay.cookies = old_cookies
    again = replay.get("/work/")
    ok = again.status_code == 302 and location(again).startswith("/accounts/login/")
    checks.append(
        (
            "logged out through A, the old cookie replayed on B",
            ok,
            f"logout {out.status_code}, then {again.status_code} → {location(again)}",
        )
    )

    resident = Browser(a)
    resident.login(RESIDENT_PHONE)
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    _response, ref = file_request(
        resident, item_pk(resident), "drill-upload", files={"document": ("材料清单.pdf", pdf, "application/pdf")}
    )
    page = resident.at(b).get(f"/services/requests/{ref}/").text
    link = re.search(rf"/services/requests/{ref}/files/\d+/", page)
    via_b = resident.at(b).get(link.group(0)) if link else None
    accel = via_b.headers.get("X-Accel-Redirect", "") if via_b is not None else ""
    stored = cluster.media / accel.removeprefix("/protected-media/") if accel else None
    via_nginx = resident.at(cluster.ports["nginx"]).get(link.group(0)) if link else None
    ok = bool(
        stored
        and stored.is_file()
        and stored.read_bytes() == pdf
        and via_nginx is not None
        and via_nginx.content == pdf
        and "filename*=utf-8''%E6%9D%90" in via_nginx.headers.get("Content-Disposition", "")
        and "材料" not in accel
    )
    checks.append(
        ("uploaded through A, downloaded through B (X-Accel-Redirect, original name)", ok, accel or "no link")
    )
    public = Browser(cluster.ports["nginx"]).get("/protected-media/" + accel.removeprefix("/protected-media/"))
    checks.append(("the internal media location refuses a browser", public.status_code == 404, str(public.status_code)))

    visitor_a, visitor_b = Browser(a), Browser(b)
    before = visitor_b.post("/services/track/", {"ref": ref, "digits": RESIDENT_PHONE[-4:]})
    for _ in range(5):
        visitor_a.post("/services/track/", {"ref": ref, "digits": "0000"})
    after = visitor_b.post("/services/track/", {"ref": ref, "digits": RESIDENT_PHONE[-4:]})
    ok = before.status_code == 200 and after.status_code == 429
    checks.append(
        (
            "5 wrong digits through A lock the look-up on B",
            ok,
            f"right digits on B: {before.status_code} before, {after.status_code} after",
        )
    )
    return checks


# --- 2. load and faults -------------------------------------------------------------------------------------


@dataclass
class Tally:
    started: float = field(default_factory=time.monotonic)
    answers: list = field(default_factory=list)  # (t, kind, status)
    filed: set = field(default_factory=set)  # descriptions of filings acknowledged
    accepted: set = field(default_factory=set)  # references whose acceptance was acknowledged
    to_accept: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, status: int) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), kind, status))


class Load:
    """A steady, bounded load through nginx: residents file, staff accept, callers phone in, visitors read."""

    def __init__(self, cluster: Cluster, max_requests: int, pause: float = 0.08):
        self.cluster, self.max_requests, self.pause = cluster, max_requests, pause
        self.tally = Tally()
        self.stop = threading.Event()
        self.n = 0

    def _go(self, browser, kind: str, method: str, path: str, **kwargs):
        if self.stop.is_set() or len(self.tally.answers) >= self.max_requests:
            self.stop.set()
            return None
        try:
            response = browser.post(path, **kwargs) if method == "POST" else browser.get(path)
            status = response.status_code
        except requests.RequestException:
            response, status = None, 599  # no answer at all counts as a server error
        self.tally.note(kind, status)
        time.sleep(self.pause)
        return response if status < 500 else None

    def resident(self):
        browser = Browser(self.cluster.ports["nginx"])
        browser.login(RESIDENT_PHONE)
        item = item_pk(browser)
        while not self.stop.is_set():
            self.n += 1
            description = f"drill-{uuid.uuid4()}"
            data = {"kind": "service", "item": item, "description": description, "form_token": str(uuid.uuid4())}
            response = self._go(browser, "file", "POST", "/services/apply/", data=data)
            if response is not None and response.status_code == 302 and "/services/requests/" in location(response):
                ref = location(response).split("/")[3]
                with self.tally.lock:
                    self.tally.filed.add(description)
                    self.tally.to_accept.append(ref)
            self._go(browser, "view", "GET", "/services/mine/")

    def caller(self):
        browser = Browser(self.cluster.ports["nginx"])
        browser.login(STAFF_PHONE)
        item = item_pk(browser)
        n = 0
        while not self.stop.is_set():
            n += 1
            description = f"drill-{uuid.uuid4()}"
            data = {
                "kind": "service",
                "item": item,
                "description": description,
                "form_token": str(uuid.uuid4()),
                "channel": "phone",
                "applicant_name": "来电居民",
                "applicant_phone": f"137{n:08d}",
                "sms_updates": "on",
            }
            response = self._go(browser, "file", "POST", "/services/apply/", data=data)
            if response is not None and response.status_code == 302 and "/services/requests/" in location(response):
                with self.tally.lock:
                    self.tally.filed.add(description)
                    self.tally.to_accept.append(location(response).split("/")[3])
            time.sleep(0.3)

    def desk(self):
        browser = Browser(self.cluster.ports["nginx"])
        browser.login(STAFF_PHONE)
        while not self.stop.is_set():
            with self.tally.lock:
                ref = self.tally.to_accept.pop(0) if self.tally.to_accept else None
            if ref is None:
                self._go(browser, "view", "GET", "/services/desk/")
                continue
            response = self._go(browser, "accept", "POST", f"/services/requests/{ref}/do/accept/", data={"note": ""})
            if response is not None and response.status_code == 302:
                with self.tally.lock:
                    self.tally.accepted.add(ref)
            self._go(browser, "view", "GET", f"/services/requests/{ref}/")

    def visitor(self):
        browser = Browser(self.cluster.ports["nginx"])
        pages = ["/", "/notices/", "/services/", "/open/", "/meetings/resolutions/"]
        i = 0
        while not self.stop.is_set():
            self._go(browser, "view", "GET", pages[i % len(pages)])
            i += 1

    def start(self):
        self.threads = [
            threading.Thread(target=t, daemon=True) for t in (self.resident, self.caller, self.desk, self.visitor)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


@dataclass
class Fault:
    name: str
    started: float
    ended: float = 0.0
    grace: float = 6.0
    catch_up: float | None = None  # seconds until the outbox delivered what waited when the fault ended
    mid_delivery: bool = False

    def covers(self, t: float) -> bool:
        return self.started <= t <= self.ended + self.grace


def outbox_settled(cluster: Cluster, before_epoch: float, timeout: float = 120) -> float | None:
    """Seconds until no message created before `before_epoch` is still pending, or None."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        rows = cluster.query(
            "SELECT count(*) FROM portal_outboxmessage WHERE status = 'pending' AND created_at <= to_timestamp(%s)",
            (before_epoch,),
        )
        if rows[0][0] == 0:
            return time.monotonic() - start
        time.sleep(0.5)
    return None


def restarted(cluster: Cluster, name: str, old: subprocess.Popen, port: int | None = None) -> None:
    """Wait for the supervisor to have started `name` again (and, for a server, for it to answer)."""
    deadline = time.monotonic() + 60
    while cluster.procs.get(name) is old and time.monotonic() < deadline:
        time.sleep(0.2)
    if port:
        wait_for_port(port, 60)


def run_faults(cluster: Cluster, load: Load, quiet: float) -> list[Fault]:
    faults = []
    time.sleep(quiet)

    fault = Fault("kill -9 gunicorn A (restarted by the supervisor)", time.monotonic())
    old = cluster.procs["a"]
    cluster.kill("a")
    restarted(cluster, "a", old, cluster.ports["a"])
    fault.ended = time.monotonic()
    faults.append(fault)
    time.sleep(quiet)

    fault = Fault("kill -9 the Celery worker mid-delivery (restarted)", time.monotonic())
    cluster.mail.in_flight.wait(20)
    old = cluster.procs["worker"]
    fault.mid_delivery = cluster.mail.in_flight.is_set()
    cluster.kill("worker")
    restarted(cluster, "worker", old)
    fault.ended = time.monotonic()
    fault.catch_up = outbox_settled(cluster, time.time())
    faults.append(fault)
    time.sleep(quiet)

    fault = Fault("stop Redis for 10 s", time.monotonic())
    cluster.kill("redis", signal.SIGTERM)
    time.sleep(10)
    cluster.start_redis()
    fault.ended = time.monotonic()
    fault.catch_up = outbox_settled(cluster, time.time())
    faults.append(fault)
    time.sleep(quiet)

    if cluster.restart_postgres:
        fault = Fault("restart PostgreSQL", time.monotonic(), grace=10.0)
        version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
        fault.ended = time.monotonic()
        fault.catch_up = outbox_settled(cluster, time.time())
        faults.append(fault)
        time.sleep(quiet)
    return faults


# --- 3. the report ---------------------------------------------------------------------------------------------


def report(cluster: Cluster, load: Load, faults: list[Fault], checks) -> tuple[list[str], bool]:
    tally = load.tally
    settled = outbox_settled(cluster, time.time(), timeout=180)
    fives = [(t, kind, s) for t, kind, s in tally.answers if s >= 500]
    stray = [a for a in fives if not any(f.covers(a[0]) for f in faults)]
    lines, ok = [], True

    lines.append("| check across servers | result | detail |")
    lines.append("|---|---|---|")
    for name, passed, detail in checks:
        ok &= passed
        lines.append(f"| {name} | {'pass' if passed else 'FAIL'} | {detail} |")

    lines.append("")
    lines.append("| fault | 5xx in its window | last 5xx after | service back after | outbox caught up after |")
    lines.append("|---|---|---|---|---|")
    for f in faults:
        inside = [a for a in fives if f.covers(a[0])]
        last = max((a[0] for a in inside), default=f.started)
        catch = (
            "—"
            if f.catch_up is None and "Celery" not in f.name and "Redis" not in f.name
            else (f"{f.catch_up:.1f} s" if f.catch_up is not None else "NOT within 120 s")
        )
        ok &= not (f.catch_up is None and catch != "—")
        name = f.name + (" (a mail was in flight)" if f.mid_delivery else "")
        back = f"{f.ended - f.started:.1f} s"
        lines.append(f"| {name} | {len(inside)} | {last - f.started:.1f} s | {back} | {catch} |")

    filed_db = {
        r[0] for r in cluster.query("SELECT description FROM services_servicerequest WHERE description LIKE 'drill-%%'")
    }
    accepted_db = {
        r[0] for r in cluster.query("SELECT reference FROM services_servicerequest WHERE accepted_at IS NOT NULL")
    }
    lost_filings = tally.filed - filed_db
    lost_accepts = tally.accepted - accepted_db
    rows = cluster.query("SELECT channel, key, recipient, template, params, status FROM portal_outboxmessage")
    created = len(rows)
    mail_rows = [r for r in rows if r[0] == "email"]
    sms_rows = [r for r in rows if r[0] == "sms"]
    sms_keys = {json.dumps([r[2], r[3], r[4]], sort_keys=True) for r in sms_rows}
    delivered = len({r[1] for r in mail_rows} & set(cluster.mail.keys)) + len(sms_keys & set(cluster.sms.keys))
    statuses = Counter(r[5] for r in rows)
    counts = Counter(kind for _t, kind, _s in tally.answers)
    ok &= not stray and not lost_filings and not lost_accepts and delivered == created and settled is not None

    restarts = ", ".join(f"{name} {n}×" for name, n in sorted(cluster.restarts.items())) or "none"
    views, filings, accepts = counts["view"], counts["file"], counts["accept"]
    measures = [
        (
            "requests sent through nginx",
            f"{len(tally.answers)}: {views} page views, {filings} filings, {accepts} accepts",
        ),
        ("5xx answers (no answer counted as 5xx)", f"{len(fives)}, of which outside a fault window: {len(stray)}"),
        ("filings acknowledged / in the database", f"{len(tally.filed)} / {len(filed_db)}"),
        ("acknowledged filings missing from the database", str(len(lost_filings))),
        ("acceptances acknowledged / in the database", f"{len(tally.accepted)} / {len(tally.accepted & accepted_db)}"),
        ("notifications created (e-mail + SMS)", f"{created} ({len(mail_rows)} + {len(sms_rows)})"),
        ("delivered after recovery", f"{delivered} ({', '.join(f'{k} {v}' for k, v in statuses.items())})"),
        ("duplicates received (at least once)", f"e-mail {cluster.mail.duplicates}, SMS {cluster.sms.duplicates}"),
        ("processes restarted by the supervisor (Restart=always)", restarts),
    ]
    unanswered = len(filed_db) - len(tally.filed)
    if unanswered:
        measures.append(("filings saved whose answer was lost in a fault", str(unanswered)))
    lines += ["", "| measure | value |", "|---|---|"] + [f"| {label} | {value} |" for label, value in measures]
    return lines, ok


def run(
    max_requests: int = 6000,
    quiet: float = 8.0,
    restart_postgres: bool = False,
    database: str = "gj_cluster_drill",
    out=print,
) -> bool:
    # A drill stopped from outside (a CI timeout) still stops everything it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = Path(tempfile.mkdtemp(prefix="gongjian-drill-"))
    cluster = Cluster(work, database, restart_postgres)
    out(f"starting the cluster (logs in {work}) …")
    try:
        cluster.start()
        out("checking sessions, uploads and locks across servers …")
        checks = across_servers(cluster)
        out("load and faults …")
        load = Load(cluster, max_requests)
        load.start()
        faults = run_faults(cluster, load, quiet)
        load.finish()
        lines, ok = report(cluster, load, faults, checks)
    finally:
        cluster.stop()
    for line in lines:
        out(line)
    (work / "report.md").write_text("\n".join(lines) + "\n")
    out(f"cluster drill {'passed' if ok else 'FAILED'}")
    return ok
