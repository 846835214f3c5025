"""Staff choose what the public sees of a request: the summary and one picture, on the request page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.open311 import BASE, public_item, public_picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def req(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return factories.make_request(actors.community, actors.resident, public_item(actors.community))


def act(client, req, data):
    return client.post(reverse("services:act", args=[req.reference, "public"]), data)


def test_staff_write_the_public_summary_and_pick_a_picture(actors, req, client):
    picture = public_picture(req)
    page = actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "公开信息（Open311）" in page
    act(actors.client("staff"), req, {"public-summary": "3栋路灯不亮", "public-picture": picture.pk})
    req.refresh_from_db()
    picture.refresh_from_db()
    assert req.public_summary == "3栋路灯不亮" and picture.shown_publicly
    row = client.get(f"{BASE}/requests/{req.reference}.json").json()[0]
    assert row["description"] == "3栋路灯不亮" and row["media_url"].endswith(f"/media/{picture.pk}/")


def test_choosing_no_picture_takes_the_old_one_back(actors, req):
    picture = public_picture(req)
    req.set_public_view(actors.staff, "摘要", picture)
    act(actors.client("staff"), req, {"public-summary": "摘要"})
    picture.refresh_from_db()
    assert not picture.shown_publicly


def test_another_requests_picture_cannot_be_chosen(actors, req):
    other = factories.make_request(actors.community, actors.resident, req.item)
    foreign = public_picture(other)
    act(actors.client("staff"), req, {"public-summary": "摘要", "public-picture": foreign.pk})
    foreign.refresh_from_db()
    req.refresh_from_db()
    assert not foreign.shown_publicly and req.public_summary == ""


def test_an_oversized_summary_is_refused(actors, req):
    act(actors.client("staff"), req, {"public-summary": "字" * 1001})
    req.refresh_from_db()
    assert req.public_summary == ""


def test_the_applicant_cannot_set_the_public_view(actors, req):
    response = act(actors.client("resident"), req, {"public-summary": "我写的"})
    req.refresh_from_db()
    assert response.status_code in (403, 404) and req.public_summary == ""


def test_requests_of_a_private_item_have_no_public_view_block(actors):
    req = factories.make_request(actors.community, actors.resident, factories.make_item(actors.community, "低保申请"))
    page = actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "Open311" not in page
