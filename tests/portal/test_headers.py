"""Security headers on every kind of response, and the production settings behind HSTS and `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.portal.test_settings import TEST_ONLY

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-production-like-secret-key-that-is-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "portal.example.org",
}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {words[0]: words[1:] for words in parts}


def pages(actors):
    """A public page, a login-only page, an error page, a form page after a refused post, a file."""
    anonymous, staff = actors.client(None), actors.client("staff")
    return {
        "home": anonymous.get(reverse("home")),
        "login": anonymous.get(reverse("login")),
        "404": anonymous.get("/no-such-page/"),
        "403": actors.client("resident").get(reverse("services:desk")),
        "desk": staff.get(reverse("services:desk")),
        "refused form": staff.post(reverse("notices:create"), {"title": ""}),
        "feed": anonymous.get(reverse("notices:feed")),
    }


def test_every_kind_of_page_carries_the_security_headers(actors):
    for name, response in pages(actors).items():
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        csp = csp_directives(response)
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["object-src"] == ["'none'"], name
        assert csp["base-uri"] == ["'self'"], name


def test_scripts_run_only_from_our_own_files(actors):
    for name, response in pages(actors).items():
        scripts = csp_directives(response).get("script-src") or csp_directives(response)["default-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, name
        assert scripts == ["'self'"], name


def test_no_page_has_an_inline_script_or_handler(actors):
    """What the policy forbids, the pages must not need (a browser would block it)."""
    import re

    for name, response in pages(actors).items():
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {name}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {name}"


def run_production(*args: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", *TEST_ONLY}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_production_settings_turn_on_hsts_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = run_production("-c", code)
    assert result.returncode == 0, result.stderr
    seconds, *flags = result.stdout.split()
    assert int(seconds) >= 31536000
    assert flags == ["True", "True", "True", "True", "True", "False"]


def test_check_deploy_is_clean_with_production_settings():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_responses_carry_hsts_when_production_turns_it_on(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get(reverse("home"))  # never over plain HTTP
