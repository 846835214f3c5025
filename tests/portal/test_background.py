"""Background work: queued on Celery when a broker is configured, in-process otherwise, never failing the caller."""

import socket
import time

import pytest
from celery import shared_task
from django.conf import settings as django_settings
from django.core.management import get_commands

from portal import background
from portal.celery import app

RAN: list = []


@shared_task(name="tests.record")
def record(value):
    if value == "boom":
        raise RuntimeError("the gateway said no")
    RAN.append(value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def broker(settings):
    """Point the Celery app at a broker URL for one test."""
    old = app.conf.broker_url

    def reset():
        # Connections are pooled per broker URL: drop the pool so the next send uses the new one.
        app._pool = None
        app.amqp._producer_pool = None

    def use(url):
        settings.CELERY_BROKER_URL = url
        app.conf.broker_url = url
        reset()

    yield use
    app.conf.broker_url = old
    reset()


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


def test_without_a_broker_the_task_runs_here_and_now(settings):
    settings.CELERY_BROKER_URL = ""
    RAN.clear()
    assert background.submit(record, "mail") is True
    assert RAN == ["mail"]


def test_a_failing_task_in_process_is_logged_not_raised(settings, caplog):
    settings.CELERY_BROKER_URL = ""
    assert background.submit(record, "boom") is False
    assert "tests.record" in caplog.text


def test_a_dead_broker_does_not_fail_the_caller(broker, caplog):
    broker(f"redis://127.0.0.1:{free_port()}/0")
    RAN.clear()
    started = time.monotonic()
    assert background.submit(record, "mail") is False
    assert time.monotonic() - started < 5
    assert RAN == [] and "broker unreachable" in caplog.text


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_a_broker_the_task_is_queued_not_run(broker):
    import redis

    url = "redis://127.0.0.1:6379/14"
    connection = redis.Redis.from_url(url)
    connection.delete(django_settings.CELERY_TASK_DEFAULT_QUEUE)
    broker(url)
    RAN.clear()
    assert background.submit(record, "mail") is True
    assert RAN == []
    assert connection.llen(django_settings.CELERY_TASK_DEFAULT_QUEUE) == 1
    connection.delete(django_settings.CELERY_TASK_DEFAULT_QUEUE)


def test_every_scheduled_job_names_a_task_and_command_that_exist():
    app.loader.import_default_modules()
    for name, entry in django_settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        for command in entry.get("args", ()):
            assert command in get_commands(), name


def test_tasks_are_acknowledged_only_when_done():
    # A worker killed mid-delivery must leave the task to another worker.
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
