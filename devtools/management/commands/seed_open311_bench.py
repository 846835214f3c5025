"""Fill the Open311 bench community (开放社区, KF) with REQUESTS public requests; `make bench` runs it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...bench.open311 import seed_open311_bench


class Command(BaseCommand):
    help = "Bench data for Open311's GET requests: one community of its own with this many requests."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, requests: int, force: bool, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError("seed_open311_bench writes bench data; it runs only with DEBUG on (or --force).")
        seed_open311_bench(requests, say=lambda text: self.stdout.write(f"  {text}"))
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE services_servicerequest")
