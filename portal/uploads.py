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
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import media

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_SIDE = 2000
THUMBNAIL_SIDE = 480
# Pictures are bounded before they are decoded, from the size in their header: a few hundred kilobytes of
# PNG can claim 7070×7070 pixels and cost a worker 700 MB. JPEGs (phone photos reach 50 megapixels and more)
# are decoded at a reduced scale (1/2, 1/4 or 1/8, by the JPEG decoder itself), so they stay cheap; other
# formats are refused above 40 megapixels. A decoded picture then costs at most ~160 MB (40 MP of RGBA).
MAX_IMAGE_PIXELS = 40_000_000
MAX_JPEG_PIXELS = 400_000_000  # decoded at 1/8: 6 megapixels
# An Office file is a zip: what it expands to is checked before anything reads it.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
OFFICE_ZIP = {"docx", "xlsx", "pptx"}
OFFICE_OLE = {"doc", "xls", "ppt"}
DOCUMENT_EXTENSIONS = {"pdf"} | OFFICE_ZIP | OFFICE_OLE | IMAGE_EXTENSIONS


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


def _too_many_pixels() -> forms.ValidationError:
    return forms.ValidationError(_("The image is too large in pixels to process."), code="bomb")


def _bound(image: Image.Image) -> None:
    """Before decoding: refuse what is too large, and have a large JPEG decoded at a reduced scale."""
    width, height = image.size
    pixels = width * height
    is_jpeg = image.format in ("JPEG", "MPO")
    if pixels > (MAX_JPEG_PIXELS if is_jpeg else MAX_IMAGE_PIXELS):
        raise _too_many_pixels()
    if is_jpeg and max(width, height) > MAX_IMAGE_SIDE:
        scale = MAX_IMAGE_SIDE / max(width, height)
        image.draft(image.mode, (max(1, int(width * scale)), max(1, int(height * scale))))


def _open_image(upload) -> Image.Image:
    upload.seek(0)
    # Pillow's own bomb check runs at open(); our limits per format are applied by _bound() right after.
    Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            _bound(image)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise forms.ValidationError(
            _("This file is not a picture we can read. Use a JPEG or PNG photo."), code="not_image"
        ) from exc
    if image.format not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Use a JPEG or PNG photo."), code="format")
    return image


def _encode(image: Image.Image, side: int, as_png: bool) -> bytes:
    copy = image.copy() if max(image.size) > side else image
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
    # Shrink first (in place: no second full-size copy), then apply the camera's rotation before dropping
    # EXIF, or portraits lie on their side.
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
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


def check_unzipped_size(upload, limit: int | None = None) -> None:
    """Refuse a zip (an .xlsx, a .docx) whose members expand past `limit`, reading only its directory."""
    limit = MAX_UNZIPPED_BYTES if limit is None else limit
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        total = 0  # not a zip: the reader refuses it on its own
    finally:
        upload.seek(0)
    if total > limit:
        raise forms.ValidationError(
            _("This file expands to %(size)s MB when opened; the limit is %(limit)s MB."),
            code="too_large_unzipped",
            params={"size": f"{total / 1024 / 1024:.0f}", "limit": f"{limit / 1024 / 1024:.0f}"},
        )


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
    if ext in OFFICE_ZIP:
        check_unzipped_size(upload)
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


def attachment_response(fieldfile, download_name: str, inline: bool = False) -> HttpResponse:
    """Serve a stored file under its original name (a download unless a picture is asked for inline)."""
    return media.serve(fieldfile, download_name, inline=inline)
