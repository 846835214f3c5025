"""CACHE_URL: a shared Redis cache with short timeouts whose outage reads as misses, never as errors."""

import runpy
import socket
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def caches_for(monkeypatch, url: str) -> dict:
    monkeypatch.setenv("CACHE_URL", url)
    return runpy.run_path(str(SETTINGS))["CACHES"]


def test_without_cache_url_each_process_keeps_its_own(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    assert runpy.run_path(str(SETTINGS))["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_cache_url_shares_redis_with_short_timeouts(monkeypatch):
    cache = caches_for(monkeypatch, "redis://cache.internal:6379/1")["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5 and cache["OPTIONS"]["IGNORE_EXCEPTIONS"]


@pytest.mark.django_db
def test_a_dead_redis_reads_as_misses_and_pages_still_answer(monkeypatch, client):
    with override_settings(CACHES=caches_for(monkeypatch, f"redis://127.0.0.1:{free_port()}/0")):
        cache = caches["default"]
        started = time.monotonic()
        cache.set("k", "v", 30)
        assert cache.get("k") is None
        assert cache.get_many(["a", "b"]) == {}
        cache.delete("k")
        assert time.monotonic() - started < 3
        assert client.get("/open/").status_code == 200
        assert client.get("/").status_code == 200
