"""Remove personal data past its retention period, keeping the figures. Run daily (cron or Celery beat)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.models import Notification
from services.retention import anonymise_expired


class Command(BaseCommand):
    help = "Anonymise requests and delete notifications older than their retention period (settings.RETENTION_DAYS)."

    def handle(self, *args, **options):
        requests = anonymise_expired()
        cutoff = timezone.now() - timedelta(days=settings.RETENTION_DAYS["notifications"])
        notifications, _kinds = Notification.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{requests} requests anonymised, {notifications} notifications deleted.")
