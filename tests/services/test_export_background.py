"""A long export is built in the background and handed to the admin who asked by a signed link."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from portal.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_export(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_INLINE_ROWS = 1
    requests = [factories.make_request(actors.community, actors.resident) for _ in range(2)]
    today = timezone.localdate()
    query = {"since": (today - timedelta(days=3)).isoformat(), "until": today.isoformat()}
    response = actors.client("admin").get("/services/desk/export/", query)
    return response, requests


def link(actors) -> str:
    return Notification.objects.get(recipient=actors.admin).url


def test_the_page_answers_at_once_and_the_admin_is_notified(actors, long_export):
    response, _requests = long_export
    assert response.status_code == 302 and response["Location"] == "/services/desk/"
    note = Notification.objects.get(recipient=actors.admin)
    assert note.url.startswith("/exports/") and "requests-" in note.title


def test_the_link_downloads_the_workbook_under_its_name(actors, long_export):
    _response, requests = long_export
    response = actors.client("admin").get(link(actors))
    assert response.status_code == 200 and "requests-" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    references = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert references == {r.reference for r in requests}


def test_the_link_works_for_that_admin_only(actors, long_export):
    url = link(actors)
    other_admin = factories.make_admin(actors.community, "另一位书记")
    client = actors.client(None)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(other_admin)
    assert client.get(url).status_code == 404
    assert actors.client("staff").get(url).status_code == 404


def test_a_forged_or_expired_link_is_404(actors, long_export, settings):
    url = link(actors)
    assert actors.client("admin").get(url[:-3] + "xyz/").status_code == 404
    settings.EXPORT_LINK_SECONDS = -1
    assert actors.client("admin").get(url).status_code == 404


def test_the_link_rejects_post(actors, long_export):
    assert actors.client("admin").post(link(actors)).status_code == 405


def test_a_short_export_is_still_answered_directly(actors, settings):
    settings.EXPORT_INLINE_ROWS = 100
    factories.make_request(actors.community, actors.resident)
    today = timezone.localdate().isoformat()
    response = actors.client("admin").get("/services/desk/export/", {"since": today, "until": today})
    assert response.status_code == 200 and not Notification.objects.filter(recipient=actors.admin).exists()


@pytest.mark.parametrize("token", ["<script>alert(1)</script>", "x" * 5000, "..%2F..%2Fetc%2Fpasswd", "e30:1abc:zzz"])
def test_hostile_tokens_answer_404_never_500(actors, token):
    assert actors.client("admin").get(f"/exports/{token}/").status_code == 404
