"""Rate limits counted where every process sees them: the database, or Redis when LIMITS_REDIS_URL is set.

A per-process cache would let each gunicorn worker (and each server) count on its own, and ordinary
traffic would evict the counts. When the store cannot be reached, `hit` raises `StoreDown`: callers
that guard sends and code checks refuse (fail closed) while the pages around them keep working.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

log = logging.getLogger(__name__)


class StoreDown(Exception):
    """The shared counter store did not answer; the guarded action must be refused."""


class DatabaseStore:
    def hit(self, key: str, window: int) -> int:
        from .models import RateCounter

        now = timezone.now()
        for _attempt in range(3):
            with transaction.atomic():
                updated = RateCounter.objects.filter(key=key, expires_at__gt=now).update(count=F("count") + 1)
                if updated:
                    return RateCounter.objects.get(key=key).count
                RateCounter.objects.filter(key=key, expires_at__lte=now).delete()
                try:
                    with transaction.atomic():
                        RateCounter.objects.create(key=key, count=1, expires_at=now + timedelta(seconds=window))
                    return 1
                except IntegrityError:
                    continue  # another process started the window first: count on theirs
        raise StoreDown(key)

    def get(self, key: str) -> int:
        from .models import RateCounter

        row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).values_list("count", flat=True)
        return next(iter(row), 0)

    def clear(self, key: str) -> None:
        from .models import RateCounter

        RateCounter.objects.filter(key=key).delete()

    def prune(self) -> int:
        from .models import RateCounter

        return RateCounter.objects.filter(expires_at__lte=timezone.now()).delete()[0]


class RedisStore:
    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def hit(self, key: str, window: int) -> int:
        pipe = self.redis.pipeline()
        pipe.incr(f"gj:limit:{key}")
        pipe.expire(f"gj:limit:{key}", window, nx=True)
        return int(pipe.execute()[0])

    def get(self, key: str) -> int:
        return int(self.redis.get(f"gj:limit:{key}") or 0)

    def clear(self, key: str) -> None:
        self.redis.delete(f"gj:limit:{key}")

    def prune(self) -> int:
        return 0  # Redis expires keys itself


@cache
def _store_for(url: str):
    return RedisStore(url) if url else DatabaseStore()


def store():
    return _store_for(settings.LIMITS_REDIS_URL)


def _guard(action, key: str):
    try:
        return action()
    except StoreDown:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the store (database, Redis, network) is the same
        log.warning("rate-limit store failed for %s: %s", key, exc)
        raise StoreDown(key) from exc


def hit(key: str, limit: int, window: int) -> bool:
    """Count one event under `key`; True while the count in this window is within `limit`."""
    return _guard(lambda: store().hit(key, window), key) <= limit


def count(key: str) -> int:
    return _guard(lambda: store().get(key), key)


def exceeded(key: str, limit: int) -> bool:
    """Has `key` reached `limit` in its window (without counting anything)?"""
    return count(key) >= limit


def clear(key: str) -> None:
    _guard(lambda: store().clear(key), key)


def prune() -> int:
    """Delete expired database counters (cron or the outbox sweep)."""
    try:
        return store().prune()
    except DatabaseError:
        return 0
