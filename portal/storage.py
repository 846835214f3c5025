"""Where uploads are kept: under random names, on a shared path or in S3-compatible object storage.

A stored name never carries the uploader's file name: names like `低保申请-张三.pdf`
say who asked for what, and a guessable name is one step from a leak. The
original name lives on the row (an attachment's `name`) and is given back as
the download's file name by `portal.media.serve`. Every storage the portal
uses mixes in `RandomNames`, so no model's `upload_to` has to remember it.
"""

from __future__ import annotations

import posixpath
import re
import secrets

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def random_name(filename: str) -> str:
    """`dir/anything.PDF` → `dir/<22 random characters>.pdf`: the folder kept, the name unguessable."""
    folder, base = posixpath.split(filename.replace("\\", "/"))
    ext = posixpath.splitext(base)[1].lower()
    return posixpath.join(folder, secrets.token_urlsafe(16) + (ext if _EXTENSION.match(ext) else ""))


class RandomNames:
    """Storage mix-in: every file saved through a model field gets a random name."""

    def generate_filename(self, filename: str) -> str:
        return super().generate_filename(random_name(filename))


class MediaStorage(RandomNames, FileSystemStorage):
    """Uploads on MEDIA_ROOT, a shared path (NFS or similar) when several servers run."""


class S3MediaStorage(RandomNames, S3Storage):
    """Uploads in an S3-compatible bucket: private objects, handed out by short-lived signed links."""

    default_acl = "private"
    querystring_auth = True
    file_overwrite = False
