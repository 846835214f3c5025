import os
import subprocess
import sys

from django.conf import settings

# What the test configuration sets (pyproject.toml): a subprocess playing a deployment must not inherit it.
TEST_ONLY = {"GONGJIAN_TESTING", "DEVTOOLS"}


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", *TEST_ONLY}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.SECURE_REDIRECT_EXEMPT)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DEBUG": "0"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_sqlite_is_the_default_and_postgres_comes_from_database_url():
    assert "sqlite3" in run_settings({"DEBUG": "1"}).stdout
    result = run_settings({"DEBUG": "1", "DATABASE_URL": "postgres://u@127.0.0.1:5432/gongjian"})
    assert "postgresql" in result.stdout


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


def test_debug_is_off_unless_asked_for_and_healthz_answers_plain_http():
    result = run_settings({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode == 0, result.stderr
    assert " False " in result.stdout and "healthz" in result.stdout


def test_a_fresh_checkout_runs_in_development_mode_on_this_machine_only():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    skip = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", *TEST_ONLY}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True") and "localhost" in result.stdout


def test_a_deployment_that_names_its_hosts_must_also_set_a_secret_key():
    result = run_settings({"ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_test_mode_comes_from_the_test_configuration_not_from_what_is_imported():
    assert os.environ["GONGJIAN_TESTING"] == "1" and settings.TESTING
    code = "import pytest, django; django.setup(); from django.conf import settings; print(settings.TESTING)"
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    clean.update(DEBUG="1", DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
