"""Backup and restore of the database and the uploaded media, together.

A backup is one .tar.gz holding `data.json` (Django's portable serialization
of every app's rows, with natural keys so it loads into a fresh database of
either engine), the `media/` tree, and `manifest.json`: row counts per model
and a SHA-256 per media file. Restore loads it into a freshly migrated,
empty database and then checks the counts and hashes against the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

# Rebuilt by migrations (content types, permissions), by triggers as the rows load (the desk's status
# counts, a campaign's coverage and opinion counts), or of no value in a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "services.statuscount"]
EXCLUDED += ["households.coveragecount", "households.answercount"]


def _models():
    skip_apps = {label for label in EXCLUDED if "." not in label}
    skip_models = {label.lower() for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in skip_apps or meta.label_lower in skip_models or meta.proxy:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in _models()}


def media_hashes(root: Path | None = None) -> dict[str, str]:
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def create_backup(target: Path) -> dict:
    """Write the archive; returns its manifest."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        "--natural-foreign",
        stdout=data,
    )
    manifest = {"rows": row_counts(), "media": media_hashes()}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        for name, text in (("data.json", data.getvalue()), ("manifest.json", json.dumps(manifest, indent=1))):
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
        media_root = Path(settings.MEDIA_ROOT)
        for relative in manifest["media"]:
            archive.add(media_root / relative, arcname=f"media/{relative}", recursive=False)
    return manifest


class RestoreError(Exception):
    pass


def _database_is_empty() -> bool:
    # Migrations create the role groups; any other row means real data is here.
    return not any(count for label, count in row_counts().items() if label != "auth.Group")


def restore_backup(source: Path, allow_existing: bool = False) -> dict:
    """Load an archive into this (migrated, empty) database and media folder; verify it."""
    if not allow_existing and not _database_is_empty():
        raise RestoreError("The database is not empty. Restore onto a freshly migrated database.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data.json"
            data.write_bytes(archive.extractfile("data.json").read())
            with transaction.atomic():
                # The backup carries its own groups, ids included; drop the migration's copies.
                Group.objects.all().delete()
                # loaddata defers constraint checks to the end and resets sequences.
                call_command("loaddata", str(data), verbosity=0)
        members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        for member in members:
            relative = Path(member.name).relative_to("media")
            if ".." in relative.parts or relative.is_absolute():
                raise RestoreError(f"Refusing unsafe path in archive: {member.name}")
            destination = media_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())
    problems = verify(manifest)
    if problems:
        raise RestoreError("Restored data differs from the backup: " + "; ".join(problems))
    # Cached pages and figures describe the data that was there before: start the cache afresh.
    cache.clear()
    return manifest


def verify(manifest: dict) -> list[str]:
    problems = []
    counts = row_counts()
    for label, expected in manifest["rows"].items():
        if counts.get(label, 0) != expected:
            problems.append(f"{label}: {counts.get(label, 0)} rows, expected {expected}")
    hashes = media_hashes()
    for name, digest in manifest["media"].items():
        if hashes.get(name) != digest:
            problems.append(f"media {name} missing or changed")
    return problems
