"""Large exports: built by a background task, kept in storage, handed to the one who asked by a signed link.

A workbook of a year's requests takes longer than a web request should, so the view queues the work
(`portal.background.submit`) and answers at once; the task stores the file under a random name and
tells the requester with a notification whose link carries a signed token (their account, the stored
name, the download name). The link works for that account only and for EXPORT_LINK_SECONDS.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import media
from .notify import notify
from .storage import random_name

SALT = "portal.exports"


def hand_over(user, content: bytes, download_name: str) -> str:
    """Store a finished export and notify `user` with their link; returns the link."""
    stored = default_storage.save(random_name(f"exports/{download_name}"), ContentFile(content))
    token = signing.dumps({"u": user.pk, "f": stored, "n": download_name}, salt=SALT, compress=True)
    url = reverse("export_download", args=[token])
    notify(user, _("Your export is ready: %(name)s") % {"name": download_name}, url=url)
    return url


@login_required
@require_GET
def download(request, token: str):
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.EXPORT_LINK_SECONDS)
    except signing.BadSignature as exc:
        raise Http404 from exc
    if data["u"] != request.user.pk or not default_storage.exists(data["f"]):
        raise Http404
    return media.serve_stored(default_storage, data["f"], data["n"])
