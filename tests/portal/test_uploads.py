import io

import pytest
from django import forms
from PIL import Image

from portal.uploads import MAX_IMAGE_SIDE, clean_document, clean_image
from tests import uploads


def test_image_comes_back_without_gps_and_capped():
    original = uploads.jpeg_with_gps(size=(4000, 3000))
    assert uploads.has_gps(original.read())
    original.seek(0)
    result = clean_image(original)
    data = result.image.read()
    assert not uploads.has_gps(data)
    assert max(Image.open(io.BytesIO(data)).size) == MAX_IMAGE_SIDE
    assert max(Image.open(io.BytesIO(result.thumbnail.read())).size) <= 480


@pytest.mark.parametrize("attack", ["php renamed .jpg", "20000x20000 png bomb", "oversized file"])
def test_image_attacks_are_refused(attack):
    with pytest.raises(forms.ValidationError):
        clean_image(uploads.ATTACKS[attack]())


@pytest.mark.parametrize("attack", list(uploads.ATTACKS))
def test_document_attacks_are_refused(attack):
    upload = uploads.ATTACKS[attack]()
    with pytest.raises(forms.ValidationError):
        clean_document(upload)


def test_documents_checked_by_content():
    assert clean_document(uploads.pdf()) == "pdf"
    assert clean_document(uploads.png()) == "png"


def test_unknown_extension_is_refused_with_its_name():
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(forms.ValidationError) as error:
        clean_document(SimpleUploadedFile("run.exe", b"MZ\x90\x00"))
    assert "exe" in str(error.value)


class UploadForm(forms.Form):
    from portal.uploads import DocumentUploadField, ImageUploadField

    photo = ImageUploadField(required=False)
    document = DocumentUploadField(required=False)


def test_image_field_in_a_form_gives_a_clean_image():
    form = UploadForm(data={}, files={"photo": uploads.jpeg_with_gps()})
    assert form.is_valid(), form.errors
    assert not uploads.has_gps(form.cleaned_data["photo"].image.read())


def test_a_photo_sent_as_a_document_loses_its_gps():
    form = UploadForm(data={}, files={"document": uploads.jpeg_with_gps("receipt.jpg")})
    assert form.is_valid(), form.errors
    assert not uploads.has_gps(form.cleaned_data["document"].read())


def test_a_pdf_document_is_kept_as_sent():
    form = UploadForm(data={}, files={"document": uploads.pdf()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"].read().startswith(b"%PDF-")


@pytest.mark.parametrize("attack", list(uploads.ATTACKS))
def test_attacks_are_errors_on_the_form(attack):
    form = UploadForm(data={}, files={"document": uploads.ATTACKS[attack](), "photo": uploads.ATTACKS[attack]()})
    assert not form.is_valid()
    assert "document" in form.errors and "photo" in form.errors


def test_image_upload_field_returns_a_clean_image():
    from portal.uploads import CleanImage, ImageUploadField

    value = ImageUploadField().clean(uploads.jpeg_with_gps())
    assert isinstance(value, CleanImage) and not uploads.has_gps(value.image.read())
