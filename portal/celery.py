"""The Celery application: background work (outbox delivery, scheduled jobs) when a broker is configured.

Start a worker with `celery -A portal worker` and the schedule with `celery -A portal beat`
(deploy/ has the units). Without `CELERY_BROKER_URL` nothing here runs as a separate process:
`portal.background.submit` runs the same tasks in-process after commit, so `make run` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
