"""Upload checks shared by every app: images re-encoded, documents checked by content.

Residents' photos carry GPS positions in their EXIF data and phones make
huge files; documents can be anything renamed. So:
- an image is opened by Pillow (decompression bombs refused), re-encoded
  without any metadata, its longest side capped, and a thumbnail made;
- a document must be a PDF, an Office file or an image by its first bytes,
  and its extension must agree with what the bytes say;
- nothing over MAX_UPLOAD_BYTES is accepted.
Form fields `ImageUploadField` and `DocumentUploadField` do all of this in
clean(), so a refused file never reaches the database or the disk.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from dataclasses import dataclass

from django import forms
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_SIDE = 2000
THUMBNAIL_SIDE = 480
# 50 megapixels is more than any phone camera; Pillow raises beyond twice this
# and we turn its warning below that into an error too.
MAX_IMAGE_PIXELS = 50_000_000

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
OFFICE_ZIP = {"docx", "xlsx", "pptx"}
OFFICE_OLE = {"doc", "xls", "ppt"}
DOCUMENT_EXTENSIONS = {"pdf"} | OFFICE_ZIP | OFFICE_OLE | IMAGE_EXTENSIONS
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


@dataclass
class CleanImage:
    """A re-encoded image and its thumbnail, ready to save to ImageFields."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int

    def store(self, image: FieldFile, thumbnail: FieldFile) -> None:
        """Save the picture and its thumbnail into a row's two image fields; the row itself is saved by the caller."""
        image.save(self.image.name, self.image, save=False)
        thumbnail.save(self.thumbnail.name, self.thumbnail, save=False)


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _check_size(upload) -> None:
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is too large (%(size)s MB). The limit is 10 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )


def _open_image(upload) -> Image.Image:
    upload.seek(0)
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise forms.ValidationError(_("The image is too large in pixels to process."), code="bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise forms.ValidationError(
            _("This file is not a picture we can read. Use a JPEG or PNG photo."), code="not_image"
        ) from exc
    if image.format not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Use a JPEG or PNG photo."), code="format")
    return image


def _encode(image: Image.Image, side: int, as_png: bool) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if as_png:
        copy.save(buffer, "PNG", optimize=True)
    else:
        copy.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def clean_image(upload) -> CleanImage:
    """Check and re-encode an uploaded picture; raises ValidationError if refused."""
    _check_size(upload)
    image = _open_image(upload)
    # Keep lossless pictures (screenshots, scans) lossless; photos stay JPEG.
    as_png = image.format in ("PNG", "GIF") or (image.mode in ("RGBA", "LA", "P") and image.format != "JPEG")
    # Apply the camera's rotation before dropping EXIF, or portraits lie on their side.
    image = ImageOps.exif_transpose(image)
    if as_png and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    suffix = "png" if as_png else "jpg"
    stem = os.path.splitext(os.path.basename(upload.name or "image"))[0][:60] or "image"
    main = _encode(image, MAX_IMAGE_SIDE, as_png)
    thumb = _encode(image, THUMBNAIL_SIDE, as_png)
    width, height = Image.open(io.BytesIO(main)).size
    return CleanImage(
        ContentFile(main, f"{stem}.{suffix}"), ContentFile(thumb, f"{stem}-thumb.{suffix}"), width, height
    )


def sniff_document(head: bytes, upload) -> str | None:
    """What the first bytes say the file is: an extension from DOCUMENT_EXTENSIONS, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        for prefix, ext in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return ext
        return None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def clean_document(upload) -> str:
    """Check an uploaded document; returns its extension or raises ValidationError."""
    _check_size(upload)
    ext = _extension(upload.name)
    if ext not in DOCUMENT_EXTENSIONS:
        raise forms.ValidationError(
            _("Files of type .%(ext)s are not accepted. Use PDF, Word, Excel, PowerPoint or a photo."),
            code="extension",
            params={"ext": ext or "?"},
        )
    upload.seek(0)
    head = upload.read(16)
    kind = sniff_document(head, upload)
    upload.seek(0)
    matches = kind == ext or (kind == "ole" and ext in OFFICE_OLE) or (kind == "jpg" and ext in {"jpg", "jpeg"})
    if not matches:
        raise forms.ValidationError(
            _("The content of this file does not match its name (.%(ext)s). It was not accepted."),
            code="mismatch",
            params={"ext": ext},
        )
    if ext in IMAGE_EXTENSIONS:
        _open_image(upload)  # refuses decompression bombs and broken pictures
        upload.seek(0)
    return ext


class ImageUploadField(forms.ImageField):
    """An image field whose cleaned value is a CleanImage (re-encoded, EXIF-free)."""

    # clean_image() does the checking; ImageField's extension validator expects a file.
    default_validators: list = []

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("JPEG or PNG, up to 10 MB. Location data is removed."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return clean_image(data)


class DocumentUploadField(forms.FileField):
    """A document field: PDF, Office or image, checked by content, at most 10 MB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, Word, Excel, PowerPoint or a photo, up to 10 MB."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in sorted(DOCUMENT_EXTENSIONS)))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        # A photo sent as a document loses its EXIF (GPS) like any other picture.
        if value and value is not initial and clean_document(value) in IMAGE_EXTENSIONS:
            return clean_image(value).image
        return value


def attachment_response(fieldfile, download_name: str) -> FileResponse:
    """Serve a stored file as a download, never rendered inline by the browser."""
    ext = _extension(fieldfile.name)
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=download_name,
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
