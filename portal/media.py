"""Handing out an upload, after the view has checked who may see it.

No upload has a public address: `/media/` is served by no one (nginx's media
location is `internal`), so every file goes through a view that asks the
access rules first and then calls `serve()`. How the bytes travel is a
deployment choice (`MEDIA_SERVE`):

- `django` (the default): the worker streams the file itself;
- `nginx`: the answer carries `X-Accel-Redirect` to the internal location
  (`MEDIA_ACCEL_PREFIX`), and nginx sends the file while the worker moves on;
- `sendfile`: the answer carries `X-Sendfile` with the file's path (Apache
  mod_xsendfile, lighttpd).

Storage without local files (S3-compatible object storage) answers with a
redirect to a signed link that expires after `MEDIA_LINK_SECONDS`: nginx cannot
sign S3 requests, and the bucket itself stays private.
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}
# Types a browser may show inline; anything else is always a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def content_type(name: str) -> str:
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def serve(fieldfile, download_name: str, *, inline: bool = False) -> HttpResponse:
    """The response that hands `fieldfile` to the browser under `download_name` (call after the access check)."""
    return serve_stored(fieldfile.storage, fieldfile.name, download_name, inline=inline)


def serve_stored(storage, name: str, download_name: str, *, inline: bool = False) -> HttpResponse:
    """The same for a file known by its storage and name (an export, say)."""
    kind = content_type(name)
    inline = inline and kind in INLINE_TYPES
    disposition = content_disposition_header(not inline, download_name or os.path.basename(name))
    try:
        path = storage.path(name)
    except NotImplementedError:
        return _signed_redirect(storage, name, kind, disposition)
    mode = settings.MEDIA_SERVE
    if mode == "nginx":
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = quote(settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + name)
    elif mode == "sendfile":
        response = HttpResponse(content_type=kind)
        response["X-Sendfile"] = path
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=kind)
    response["Content-Disposition"] = disposition
    return _guarded(response)


def _signed_redirect(storage, name: str, kind: str, disposition: str) -> HttpResponse:
    url = storage.url(
        name,
        parameters={"ResponseContentDisposition": disposition, "ResponseContentType": kind},
        expire=settings.MEDIA_LINK_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def _guarded(response: HttpResponse) -> HttpResponse:
    # A file is never a page: no scripts, no plugins, no guessing an HTML type from the bytes.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
