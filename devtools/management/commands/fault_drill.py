"""Fault drill: restart PostgreSQL under load and show the portal degrades and recovers.

Starts gunicorn, keeps a steady load of page views on it from a few threads,
stops the local PostgreSQL cluster for a few seconds, starts it again, and
counts the answers before, during and after the outage. It passes when the
outage produced only 503 answers (never a 500 or a traceback) and the portal
answers 200 again by itself afterwards. For a development or CI machine with
a local cluster (it runs `pg_ctlcluster`); never point it at production.
"""

from __future__ import annotations

import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...bench.core import start_gunicorn

PATHS = ["/", "/healthz", "/privacy/"]


def cluster() -> tuple[str, str]:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    return versions[-1], "main"


def pg_ctl(action: str) -> None:
    version, name = cluster()
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            version,
            name,
            action,
            *(["-m", "fast"] if action == "stop" else []),
        ],
        check=True,
        capture_output=True,
    )


def wait_for_postgres(seconds: int = 60) -> None:
    for _ in range(seconds * 2):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
            return
        time.sleep(0.5)
    raise CommandError("PostgreSQL did not come back")


class Load:
    """Threads that fetch pages in a loop and tally status codes per phase."""

    def __init__(self, base: str, threads: int = 4):
        self.base, self.phase = base, "before"
        self.tally: dict[str, Counter] = {"before": Counter(), "outage": Counter(), "after": Counter()}
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def run(self, offset: int) -> None:
        i = offset
        while not self.stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                with urllib.request.urlopen(self.base + path, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = "no answer"
            with self.lock:
                self.tally[self.phase][status] += 1
            time.sleep(0.02)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


class Command(BaseCommand):
    help = "Restart the local PostgreSQL under load; the portal must answer 503 during the outage and recover."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--outage", type=int, default=5, help="seconds PostgreSQL stays down")

    def handle(self, *args, port: int, outage: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The fault drill needs DATABASE_URL pointing at a local PostgreSQL.")
        connection.close()
        server = start_gunicorn(port)
        load = Load(f"http://127.0.0.1:{port}")
        try:
            load.start()
            time.sleep(3)
            load.phase = "outage"
            pg_ctl("stop")
            time.sleep(outage)
            pg_ctl("start")
            wait_for_postgres()
            time.sleep(1)  # connections opened before the restart are found dead and replaced
            load.phase = "after"
            time.sleep(4)
        finally:
            load.finish()
            server.terminate()
            server.wait(timeout=30)
            wait_for_postgres()
        self.report(load.tally)

    def report(self, tally: dict[str, Counter]) -> None:
        for phase, counts in tally.items():
            self.stdout.write(f"{phase:>7}: {dict(counts)}")
        problems = []
        if set(tally["before"]) != {200}:
            problems.append("answers other than 200 before the outage")
        if tally["outage"][500] or tally["outage"]["no answer"]:
            problems.append("500s or dropped connections during the outage")
        if not tally["outage"][503]:
            problems.append("no 503 during the outage")
        if not tally["after"][200] or tally["after"][500]:
            problems.append("the portal did not recover by itself")
        if problems:
            raise CommandError("Fault drill failed: " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS("Fault drill passed: 503 during the outage, recovered by itself."))
