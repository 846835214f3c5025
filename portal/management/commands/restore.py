from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into a freshly migrated, empty database, then verify counts and file hashes."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive: str, **options):
        try:
            manifest = restore_backup(Path(archive))
        except RestoreError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored and verified {rows} rows and {len(manifest['media'])} media files.")
