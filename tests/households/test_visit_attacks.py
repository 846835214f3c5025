"""The attack corpora against the visit-sync endpoint: markup comes back escaped, oversized and malformed text
and hostile uploads are refused with nothing saved."""

import json

import pytest
from django.utils.html import escape

from households.models import Answer, Visit
from tests import uploads
from tests.attacks import MALFORMED, OVERSIZED, XSS, form_bytes
from tests.households.conftest import visit_data

pytestmark = pytest.mark.django_db
URL = "/households/visit/sync/"


def text_answer(doors, value: str) -> str:
    q = doors.campaign.questions.get(kind="text")
    return json.dumps({str(q.pk): value})


@pytest.mark.parametrize("payload", [p for p in XSS if "<" in p][::4])
def test_markup_in_concerns_and_answers_is_shown_escaped_to_staff(actors, doors, payload):
    data = visit_data(doors, concerns=payload, answers=text_answer(doors, payload[:500]))
    assert actors.client("party_member").post(URL, data).status_code == 200
    for url in [doors.campaign.get_absolute_url(), doors.households[0].get_absolute_url()]:
        page = actors.client("staff").get(url).content.decode()
        assert payload not in page and escape(payload) in page


@pytest.mark.parametrize("field", ["concerns", "answers", "id"])
def test_oversized_text_is_refused_and_nothing_saved(actors, doors, field):
    value = text_answer(doors, OVERSIZED) if field == "answers" else OVERSIZED
    response = actors.client("party_member").post(URL, visit_data(doors, **{field: value}))
    assert response.status_code == 400
    assert not Visit.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_unicode_never_breaks_the_endpoint(actors, doors, kind):
    data = visit_data(doors, concerns=MALFORMED[kind])
    response = actors.client("party_member").post(
        URL, form_bytes(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        page = actors.client("staff").get(doors.campaign.get_absolute_url()).content.decode()
        assert "\x00" not in page and "\ud800" not in page
    else:
        assert not Visit.objects.exists()


@pytest.mark.parametrize("attack", uploads.ATTACKS)
def test_hostile_uploads_are_refused_and_the_visit_not_stored(actors, doors, attack, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = actors.client("party_member").post(URL, {**visit_data(doors), "photo": uploads.ATTACKS[attack]()})
    assert response.status_code == 400 and "photo" in response.json()["errors"]
    assert not Visit.objects.exists()


def test_a_photo_loses_its_location_data(actors, doors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = actors.client("party_member").post(URL, {**visit_data(doors), "photo": uploads.jpeg_with_gps()})
    assert response.status_code == 200
    with Visit.objects.get().photo.open("rb") as stored:
        assert not uploads.has_gps(stored.read())
