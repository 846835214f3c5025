from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.models import AuditLog

MINIMUM_DAYS = 180


class Command(BaseCommand):
    help = "Delete audit entries older than N days (default AUDIT_RETENTION_DAYS; never fewer than 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS)

    def handle(self, *args, days: int, **options):
        if days < MINIMUM_DAYS:
            raise CommandError(f"Audit entries must be kept at least {MINIMUM_DAYS} days; refusing --days {days}.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = AuditLog.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} audit entries older than {cutoff:%Y-%m-%d}.")
