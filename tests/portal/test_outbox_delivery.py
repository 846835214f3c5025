"""The outbox on Celery: a dead broker keeps the work, a dead gateway is retried and then marked failed."""

import socket

import pytest
from django.core import mail
from django.urls import reverse

from portal import outbox, tasks
from portal.celery import app
from portal.models import OutboxMessage
from portal.notify import notify

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dead_broker(settings):
    old, url = app.conf.broker_url, f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_BROKER_URL = app.conf.broker_url = url
    app._pool = app.amqp._producer_pool = None
    yield
    settings.CELERY_BROKER_URL, app.conf.broker_url = "", old
    app._pool = app.amqp._producer_pool = None


def test_a_dead_broker_at_request_time_keeps_the_message_for_the_sweep(
    actors, dead_broker, settings, django_capture_on_commit_callbacks
):
    actors.resident.email = "zhang@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(actors.resident, "您的诉求已受理")
    row = OutboxMessage.objects.get(key=f"notification:{note.pk}")
    assert row.status == "pending" and mail.outbox == []
    settings.CELERY_BROKER_URL = ""  # the broker is back (or the sweep runs in a worker)
    assert outbox.sweep() == 1
    row.refresh_from_db()
    assert row.status == "sent" and [m.subject for m in mail.outbox] == ["您的诉求已受理"]
    assert mail.outbox[0].extra_headers["X-Outbox-Key"] == row.key  # receivers can tell a retry from a new mail


def test_a_dead_mail_server_is_retried_with_backoff_then_failed_with_the_reason(actors, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    row = OutboxMessage.objects.create(
        channel="email", recipient="a@example.org", template="t", key="k1", community=actors.community
    )
    delays = []
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS):
        tasks.deliver_outbox(row.pk)  # what the worker runs
        row.refresh_from_db()
        delays.append((row.next_attempt_at - row.created_at).total_seconds())
        OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert row.status == "failed" and row.attempts == settings.OUTBOX_MAX_ATTEMPTS
    assert "ConnectionRefusedError" in row.last_error
    assert delays[0] < delays[1] < delays[2]  # each retry waits longer
    page = actors.client("admin").get(reverse("outbox_list")).content.decode()
    assert "ConnectionRefusedError" in page


def test_delivering_twice_sends_once(actors):
    row = OutboxMessage.objects.create(channel="email", recipient="a@example.org", template="t", key="k2")
    tasks.deliver_outbox(row.pk)
    tasks.deliver_outbox(row.pk)  # a redelivered task after a worker was killed
    assert len(mail.outbox) == 1
