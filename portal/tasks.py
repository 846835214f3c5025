"""Background tasks: outbox delivery and the scheduled jobs (see CELERY_BEAT_SCHEDULE in settings).

Tasks are acknowledged after they finish (CELERY_TASK_ACKS_LATE), so a worker killed in the middle of
one leaves it to be run again; every task here is safe to run twice. Delivery is at least once: a
message sent just before a crash is sent again, and its key lets the receiver count the duplicate.
"""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="portal.deliver_outbox", ignore_result=True)
def deliver_outbox(pk: int) -> None:
    """Send one outbox message (retries and the final failure are recorded on its row)."""
    from . import outbox

    outbox.deliver(pk)


@shared_task(name="portal.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Queue every pending message that is due: nothing undelivered stays behind after an outage."""
    from . import limits, outbox

    handed = outbox.sweep()
    limits.prune()
    return handed


@shared_task(name="portal.run_command", ignore_result=True)
def run_command(name: str) -> None:
    """A scheduled management command (remind_overdue, prune_audit …), as cron would have run it."""
    call_command(name)
