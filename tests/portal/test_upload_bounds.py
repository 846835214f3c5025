"""Pictures are bounded before they are decoded; spreadsheets before they are unzipped."""

import io
import resource
import time
import zlib
from struct import pack

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import excel
from portal import uploads

MB = 1024 * 1024


def huge_png(width: int, height: int) -> bytes:
    """A PNG that claims width×height pixels in a few hundred kilobytes (rows of zeros compress away)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * (width * 3)
    body = zlib.compressobj(9)
    data = b"".join(body.compress(row) for _ in range(height)) + body.flush()
    header = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_small_png_claiming_fifty_megapixels_is_refused_quickly_without_decoding():
    data = huge_png(7070, 7070)
    assert len(data) < 400 * 1024
    before, started = peak_mb(), time.monotonic()
    with pytest.raises(forms.ValidationError) as refused:
        uploads.clean_image(SimpleUploadedFile("bomb.png", data, content_type="image/png"))
    assert refused.value.code == "bomb"
    assert time.monotonic() - started < 2
    assert peak_mb() - before < 300


def test_a_png_within_forty_megapixels_is_still_accepted():
    data = huge_png(3000, 2000)
    clean = uploads.clean_image(SimpleUploadedFile("scan.png", data, content_type="image/png"))
    assert max(clean.width, clean.height) == uploads.MAX_IMAGE_SIDE


def test_a_fifty_megapixel_phone_photo_is_decoded_at_reduced_scale():
    buffer = io.BytesIO()
    Image.new("L", (8660, 5773), 128).save(buffer, "JPEG", quality=50)
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    before, started = peak_mb(), time.monotonic()
    opened = uploads._open_image(upload)
    assert max(opened.size) < 8660 and max(opened.size) >= uploads.MAX_IMAGE_SIDE  # decoded at 1/4, not in full
    clean = uploads.clean_image(upload)
    assert time.monotonic() - started < 2
    assert peak_mb() - before < 300
    assert max(clean.width, clean.height) == uploads.MAX_IMAGE_SIDE


def test_a_jpeg_beyond_any_camera_is_refused():
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 128).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    # Rewrite the frame header's size to 30000×30000 (900 megapixels) without the pixels.
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = pack(">HH", 30000, 30000)
    with pytest.raises(forms.ValidationError) as refused:
        uploads.clean_image(SimpleUploadedFile("claim.jpg", bytes(data), content_type="image/jpeg"))
    assert refused.value.code in ("bomb", "not_image")


def xlsx_with_cell(size: int) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "党员"
    book.active.append(["姓名"])
    for _ in range(size // 30000 + 1):  # a cell holds at most 32,767 characters
        book.active.append(["a" * 30000])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("roster.xlsx", out.getvalue(), content_type=excel.XLSX)


@pytest.mark.django_db
def test_a_spreadsheet_that_expands_past_the_cap_is_refused_before_openpyxl_reads_it(actors, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1 * MB)
    opened = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: opened.append(a) or 1 / 0)
    upload = xlsx_with_cell(2 * MB)
    assert upload.size < 100 * 1024
    result = excel.import_workbook(actors.community, upload)
    assert not result.ok and "MB" in str(result.errors[0]) and not opened


def test_the_document_field_refuses_an_office_file_that_expands_past_the_cap(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1 * MB)
    with pytest.raises(forms.ValidationError) as refused:
        uploads.clean_document(xlsx_with_cell(2 * MB))
    assert refused.value.code == "too_large_unzipped"
