"""HTTP manners: HEAD wherever GET works, compressed pages, private pages kept out of caches."""

import gzip

import pytest
from django.test import Client

from tests.test_permission_matrix import EXPECTED, ROLES, World, all_routes, client_for, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World(actors)


@pytest.mark.parametrize("role", ["anonymous", "resident", "staff"])
def test_head_answers_like_get_on_every_url(world, role):
    from django.urls import reverse

    client = client_for(world, role)
    column = ROLES.index(role)
    wrong = []
    for route in all_routes():
        url = reverse(route.name, kwargs=world.kwargs(route))
        expected = EXPECTED[route.route].split()[column]
        head = client.head(url)
        body = b"".join(head.streaming_content) if head.streaming else head.content
        if outcome(head) != expected or body:
            wrong.append(f"{route.route}: GET gives {expected}, HEAD gave {outcome(head)}")
    assert not wrong, "\n".join(wrong)


def test_head_carries_the_headers_of_the_get_without_the_body(actors):
    client = Client()
    get, head = client.get("/services/"), client.head("/services/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert int(head["Content-Length"]) == len(get.content)


def test_pages_are_sent_compressed_to_browsers_that_accept_it(actors):
    response = Client().get("/open/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)


def test_compressed_pages_differ_in_length_each_time_against_breach(actors):
    # Django pads each gzip response with random bytes (Heal The Breach): the length tells an attacker nothing.
    client = actors.client("resident")
    lengths = {len(client.get("/services/mine/", headers={"accept-encoding": "gzip"}).content) for _ in range(6)}
    assert len(lengths) > 1


def test_every_logged_in_page_is_private_and_not_stored(actors):
    for who, url in [("resident", "/services/mine/"), ("resident", "/"), ("staff", "/services/desk/")]:
        response = actors.client(who).get(url)
        assert response["Cache-Control"] == "private, no-store", url


def test_a_visitors_public_page_may_be_cached(actors):
    assert "no-store" not in Client().get("/services/").get("Cache-Control", "")


def test_a_calendar_feed_is_not_stored(actors):
    from meetings.models import CalendarFeed

    token = CalendarFeed.regenerate(actors.committee_member).calendar_token
    response = Client().get(f"/meetings/calendar/{token}.ics")
    assert response["Cache-Control"] == "private, no-store"


def test_a_tracked_requests_page_is_not_stored(actors):
    from tests import factories

    req = factories.make_request(actors.community, actors.resident)
    response = Client().post("/services/track/", {"ref": req.reference, "digits": req.applicant_phone[-4:]})
    assert req.reference in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
