"""The upload-attack corpus and good samples, for every form that takes files."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name: str = "photo.jpg", size=(1200, 900)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (43.0, 53.0, 0.0), 3: "E", 4: (125.0, 19.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name: str = "picture.png", size=(300, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "materials.pdf") -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def php_as_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("avatar.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")


def html_as_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "notice.pdf", b"<html><script>alert(document.cookie)</script></html>", content_type="application/pdf"
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 20000) -> SimpleUploadedFile:
    """A tiny file whose header claims side × side pixels (400 megapixels by default)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 4096))
    data += _chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", data, content_type="image/png")


def oversized(name: str = "big.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), content_type="application/pdf")


ATTACKS = {
    "php renamed .jpg": php_as_jpg,
    "html named .pdf": html_as_pdf,
    "20000x20000 png bomb": png_bomb,
    "oversized file": oversized,
}


def has_gps(data: bytes) -> bool:
    exif = Image.open(io.BytesIO(data)).getexif()
    return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
