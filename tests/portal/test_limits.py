"""Shared counters: the database by default, Redis when configured; both count across clients and expire."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal import limits
from portal.models import RateCounter

pytestmark = pytest.mark.django_db


def test_the_database_store_counts_within_the_window_then_starts_again(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    assert [limits.hit("k", 2, 60) for _ in range(3)] == [True, True, False]
    assert RateCounter.objects.get(key="k").count == 3 and limits.exceeded("k", 3)
    time_machine.shift(timedelta(seconds=61))
    assert limits.hit("k", 2, 60) and limits.count("k") == 1


def test_expired_counters_are_pruned(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    limits.hit("old", 1, 60)
    time_machine.shift(timedelta(seconds=61))
    limits.hit("new", 1, 60)
    assert limits.prune() == 1 and list(RateCounter.objects.values_list("key", flat=True)) == ["new"]


@pytest.fixture
def redis_store(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.LIMITS_REDIS_URL = "redis://127.0.0.1:6379/15"
    limits.store().redis.flushdb()
    yield limits.store()
    limits.store().redis.flushdb()


def test_with_redis_configured_counts_live_in_redis(redis_store):
    assert [limits.hit("r", 2, 60) for _ in range(3)] == [True, True, False]
    assert limits.count("r") == 3 and not RateCounter.objects.exists()
    assert 0 < redis_store.redis.ttl("gj:limit:r") <= 60
    limits.clear("r")
    assert limits.count("r") == 0


def test_an_unreachable_redis_fails_closed(settings):
    pytest.importorskip("redis")
    settings.LIMITS_REDIS_URL = "redis://127.0.0.1:9/0"
    with pytest.raises(limits.StoreDown):
        limits.hit("r", 1, 60)
