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


def test_image_upload_field_returns_a_clean_image():
    from portal.uploads import CleanImage, ImageUploadField

    value = ImageUploadField().clean(uploads.jpeg_with_gps())
    assert isinstance(value, CleanImage) and not uploads.has_gps(value.image.read())
