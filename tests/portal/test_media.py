"""Uploads: random stored names, the original name on download, no public address, nginx and sendfile modes."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.storage import random_name
from services.models import Attachment
from tests import factories, uploads

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    req = factories.make_request(actors.community, applicant=actors.resident)
    row = Attachment(request=req, name="低保申请-张桂兰.pdf")
    row.file.save("低保申请-张桂兰.pdf", ContentFile(uploads.pdf().read()), save=False)
    row.save()
    return row


def download(actors, row):
    return actors.client("resident").get(reverse("services:attachment", args=[row.request.reference, row.pk]))


def test_a_random_name_keeps_the_folder_and_the_extension_only():
    name = random_name("services/files/2026/12/低保申请-张桂兰.PDF")
    folder, base = name.rsplit("/", 1)
    assert folder == "services/files/2026/12" and base.endswith(".pdf")
    assert "张" not in name and len(base) >= 20
    assert random_name("x/a.pdf") != random_name("x/a.pdf")


def test_an_odd_extension_is_dropped_rather_than_kept():
    assert "." not in random_name("x/evil.p hp").rsplit("/", 1)[1]


def test_an_upload_is_stored_under_a_random_name(attachment):
    assert "张桂兰" not in attachment.file.name and attachment.file.name.endswith(".pdf")


def test_it_downloads_under_the_original_name(actors, attachment):
    response = download(actors, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%E5%BC%A0%E6%A1%82%E5%85%B0" in disposition  # 张桂兰, percent-encoded
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


def test_nothing_is_reachable_under_media(actors, attachment):
    for who in (None, "resident", "staff"):
        assert actors.client(who).get(f"/media/{attachment.file.name}").status_code == 404


def test_behind_nginx_the_file_is_handed_over_by_x_accel_redirect(actors, attachment, settings):
    settings.MEDIA_SERVE = "nginx"
    response = download(actors, attachment)
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b"" and "filename*=utf-8''" in response["Content-Disposition"]


def test_with_sendfile_the_file_is_handed_over_by_its_path(actors, attachment, settings):
    settings.MEDIA_SERVE = "sendfile"
    response = download(actors, attachment)
    assert response["X-Sendfile"] == attachment.file.path and response.content == b""


def test_the_access_check_comes_first_in_every_mode(actors, attachment, settings):
    settings.MEDIA_SERVE = "nginx"
    url = reverse("services:attachment", args=[attachment.request.reference, attachment.pk])
    assert actors.client("outsider").get(url).status_code == 404
    assert "X-Accel-Redirect" not in actors.client("party_member").get(url)
