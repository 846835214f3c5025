# The Celery app is loaded with Django, so tasks queued from a web request find their configuration.
from .celery import app as celery_app

__all__ = ("celery_app",)
