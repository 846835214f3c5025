from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: backups/gongjian-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        target = Path(output or f"backups/gongjian-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = create_backup(target)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backed up {rows} rows and {len(manifest['media'])} media files to {target}")
