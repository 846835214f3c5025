"""Development tools are loaded in development or when asked for, never by a deployment's defaults."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import Client

from tests.portal.test_settings import TEST_ONLY

PROBE = (
    "import django; django.setup(); from django.apps import apps; from django.urls import resolve, Resolver404\n"
    "try:\n    resolve('/bench-floor'); floor = True\nexcept Resolver404:\n    floor = False\n"
    "print(apps.is_installed('devtools'), floor)"
)
DEPLOYMENT = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"}


def probe(env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", *TEST_ONLY}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_deployment_loads_no_devtools_and_has_no_bench_floor():
    assert probe(DEPLOYMENT) == "False False"


def test_a_deployment_loads_them_when_asked_for():
    assert probe({**DEPLOYMENT, "DEVTOOLS": "1"}) == "True True"


def test_development_loads_them():
    assert probe({"DEBUG": "1"}) == "True True"


def test_the_bench_floor_answers_where_devtools_are_loaded(db):
    response = Client().get("/bench-floor")
    assert response.status_code == 200 and response.content == b"ok"
