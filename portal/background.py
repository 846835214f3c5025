"""Run a task in the background when there is a broker, in this process otherwise; never fail the caller.

`submit` is how web requests hand work on. With `CELERY_BROKER_URL` set it queues the task; a broker
that is down at that moment is logged and nothing more, because the work it stood for is already a row
(an outbox message stays pending and the periodic sweep queues it again). Without a broker the task
runs right here, which is what `make run`, the tests and a one-server deployment want.
"""

from __future__ import annotations

import logging

from django.conf import settings

log = logging.getLogger(__name__)


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def submit(task, *args) -> bool:
    """Queue `task(*args)` (or run it now without a broker); False when it could not be handed on."""
    if not broker_configured():
        try:
            task(*args)
        except Exception:  # noqa: BLE001 - the work is kept in the database and retried by the sweep
            log.exception("background task %s%r failed in-process", task.name, args)
            return False
        return True
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 - kombu raises OperationalError and friends when the broker is away
        log.warning("broker unreachable: %s%r left for the sweep", task.name, args, exc_info=True)
        return False
    return True
