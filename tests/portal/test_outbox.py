"""The outbox: written with the change, sent after commit, retried with backoff, failed with a reason, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import outbox, sms
from portal.models import OutboxMessage

pytestmark = pytest.mark.django_db


def enqueue_sms(key: str = "t:1", community=None):
    return outbox.enqueue(
        channel="sms", recipient="13812345678", template="notice", params={"text": "你好"}, key=key, community=community
    )


class Broken(sms.BaseBackend):
    def send(self, message):
        raise sms.SmsError("gateway down")


def test_a_message_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        msg = enqueue_sms()
        assert sms.outbox == []
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 1 and msg.sent_at is not None
    assert [m.text for m in sms.outbox] == ["【共建社区】你好"]


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue_sms()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert callbacks == [] and not OutboxMessage.objects.exists() and sms.outbox == []


def test_the_same_key_is_enqueued_and_sent_once():
    first, second = enqueue_sms("same"), enqueue_sms("same")
    assert first.pk == second.pk
    outbox.sweep()
    outbox.sweep()
    assert len(sms.outbox) == 1


def test_a_failure_is_retried_later_with_a_growing_delay(settings, monkeypatch):
    monkeypatch.setattr(sms, "get_backend", lambda: Broken())
    msg = enqueue_sms()
    outbox.deliver(msg.pk)
    msg.refresh_from_db()
    assert (msg.status, msg.attempts) == ("pending", 1) and "gateway down" in msg.last_error
    first_delay = msg.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first_delay <= timedelta(seconds=30)
    assert outbox.sweep() == 0  # not due yet
    outbox.sweep(now=msg.next_attempt_at)
    msg.refresh_from_db()
    assert msg.attempts == 2 and msg.next_attempt_at - timezone.now() > timedelta(seconds=55)


def test_after_the_last_attempt_it_is_failed_with_the_reason_and_admins_see_it(settings, monkeypatch, actors):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    monkeypatch.setattr(sms, "get_backend", lambda: Broken())
    msg = enqueue_sms(community=actors.community)
    for _ in range(5):
        outbox.sweep(now=timezone.now() + timedelta(days=1))
    msg.refresh_from_db()
    assert (msg.status, msg.attempts) == ("failed", 3) and "gateway down" in msg.last_error
    page = actors.client("admin").get(reverse("outbox_list")).content.decode()
    assert "gateway down" in page and "138****5678" in page
    assert actors.client("staff").get(reverse("outbox_list")).status_code == 403
    assert "gateway down" not in actors.client("outsider").get(reverse("outbox_list")).content.decode()


def test_a_sent_code_is_not_kept_in_clear():
    msg = outbox.enqueue(channel="sms", recipient="13812345678", template="code", params={"code": "123456"}, key="c")
    outbox.deliver(msg.pk)
    msg.refresh_from_db()
    assert msg.params == {"code": "******"} and sms.outbox[0].params["code"] == "123456"


def test_email_goes_through_the_outbox_too():
    outbox.enqueue(channel="email", recipient="a@example.org", template="主题", body="正文", key="e")
    assert mail.outbox == []
    outbox.sweep()
    assert [(m.subject, m.to) for m in mail.outbox] == [("主题", ["a@example.org"])]


def test_the_sweep_command_sends_what_is_due(capsys):
    enqueue_sms()
    call_command("sweep_outbox")
    assert "1 message(s) dispatched" in capsys.readouterr().out and len(sms.outbox) == 1


def test_a_message_already_sent_is_not_sent_again():
    msg = enqueue_sms()
    assert outbox.deliver(msg.pk).status == "sent"
    assert outbox.deliver(msg.pk) is None and len(sms.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_holds_is_skipped(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    import threading

    # Written directly: outside a transaction, enqueue() would dispatch at once.
    msg = OutboxMessage.objects.create(channel="sms", recipient="13812345678", template="notice", key="held")
    holding, release, results = threading.Event(), threading.Event(), []

    def other_worker():
        from django.db import connections

        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=msg.pk)
            holding.set()
            release.wait(5)
        connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    holding.wait(5)
    results.append(outbox.deliver(msg.pk))
    release.set()
    thread.join()
    assert results == [None] and sms.outbox == []
