"""The transactional outbox: e-mail and SMS are written as rows with the change they report, sent after commit.

`enqueue` writes the row in the caller's transaction and asks for `dispatch` once it commits; a rolled
back change therefore sends nothing. `dispatch` queues a Celery task when a broker is configured and
delivers in-process otherwise (portal/background.py). `deliver` locks the row (rows another worker
holds are skipped), sends it through the backend, and marks it sent, or schedules a retry with a
growing delay, or after OUTBOX_MAX_ATTEMPTS marks it failed with the reason, which admins see. `sweep`
(celery beat every 30 seconds; manage.py sweep_outbox from cron without a broker) re-dispatches rows
that are due, so a gateway outage or a crash between commit and send loses nothing. The unique `key`
makes enqueueing idempotent: the same event enqueued twice is sent once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

BASE_DELAY = 30  # seconds before the first retry; doubled each time
MAX_DELAY = 3600


def enqueue(
    *,
    channel: str,
    recipient: str,
    key: str,
    template: str = "",
    body: str = "",
    params: dict | None = None,
    community=None,
) -> OutboxMessage:
    """Write the message in the current transaction; it is dispatched once that commits."""
    try:
        with transaction.atomic():
            msg = OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient,
                key=key[:200],
                template=template[:200],
                body=body,
                params=params or {},
                community_id=getattr(community, "pk", community),
            )
    except IntegrityError:
        return OutboxMessage.objects.get(key=key[:200])
    transaction.on_commit(lambda: dispatch(msg.pk))
    return msg


def dispatch(pk: int) -> None:
    """Hand the message on: to a Celery worker when a broker is configured, in this process otherwise.

    Never raises into the caller: a broker or a gateway that is down leaves the row pending, and the
    sweep hands it on again.
    """
    from .background import submit
    from .tasks import deliver_outbox

    submit(deliver_outbox, pk)


def _send(msg: OutboxMessage) -> None:
    if msg.channel == OutboxMessage.Channel.SMS:
        from . import sms

        sms.send(msg.recipient, msg.template, msg.params)
    else:
        # The key travels with the mail: a retry after a crash carries the same one, so a receiver (and
        # the cluster drill's stand-in server) can tell a duplicate from a new message.
        headers = {"X-Outbox-Key": msg.key}
        EmailMessage(msg.template, msg.body, settings.DEFAULT_FROM_EMAIL, [msg.recipient], headers=headers).send()


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BASE_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY))


def deliver(pk: int) -> OutboxMessage | None:
    """Send one pending message once; None when it is not pending or another worker holds it."""
    with transaction.atomic():
        msg = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if msg is None:
            return None
        msg.attempts += 1
        fields = ["attempts", "status", "last_error", "next_attempt_at", "sent_at", "params"]
        try:
            _send(msg)
        except Exception as exc:  # noqa: BLE001 - any failure of the gateway is retried
            msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if msg.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                msg.status = OutboxMessage.Status.FAILED
                log.error("outbox message %s failed after %s attempts: %s", msg.pk, msg.attempts, msg.last_error)
            else:
                msg.next_attempt_at = timezone.now() + backoff(msg.attempts)
        else:
            msg.status = OutboxMessage.Status.SENT
            msg.sent_at = timezone.now()
            msg.last_error = ""
            if "code" in msg.params:
                # A one-time code is kept in clear only until it is handed to the gateway.
                msg.params = {**msg.params, "code": "******"}
        msg.save(update_fields=fields)
        return msg


def due(now=None):
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now or timezone.now()
    ).order_by("next_attempt_at", "pk")


def sweep(now=None, limit: int = 500) -> int:
    """Dispatch every pending message that is due; returns how many were handed on."""
    pks = list(due(now).values_list("pk", flat=True)[:limit])
    for pk in pks:
        dispatch(pk)
    return len(pks)
