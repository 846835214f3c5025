"""The private iCalendar feed: parses, lists the right meetings, dies with its token."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import CalendarFeed
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def feed_url(token):
    return reverse("meetings:feed", args=[token])


def test_the_feed_parses_and_lists_the_communitys_meetings(actors, client):
    soon = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    mine = factories.make_meeting(actors.community, "monthly", "2030-01", starts_at=soon, place="二楼会议室")
    factories.make_meeting(actors.other_community, starts_at=soon, title="别的社区")
    token = CalendarFeed.regenerate(actors.committee_member).calendar_token
    response = client.get(feed_url(token))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [str(mine)]
    assert str(events[0]["location"]) == "二楼会议室"
    assert events[0].decoded("dtstart") == mine.starts_at


def test_a_revoked_or_replaced_token_returns_404(actors, client):
    old = CalendarFeed.regenerate(actors.staff).calendar_token
    new = CalendarFeed.regenerate(actors.staff).calendar_token
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    CalendarFeed.revoke(actors.staff)
    assert client.get(feed_url(new)).status_code == 404


def test_a_token_stops_working_when_its_owner_leaves_the_committee(actors, client):
    token = CalendarFeed.regenerate(actors.committee_member).calendar_token
    actors.committee_member.committee_seats.update(term_end=timezone.localdate() - timedelta(days=1))
    assert client.get(feed_url(token)).status_code == 404


def test_an_unknown_token_is_404(client, db):
    assert client.get(feed_url("nope")).status_code == 404


def test_the_calendar_page_makes_shows_and_revokes_the_link(actors):
    client = actors.client("committee_member")
    assert client.get(reverse("meetings:calendar")).status_code == 200
    client.post(reverse("meetings:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=actors.committee_member).calendar_token
    assert token in client.get(reverse("meetings:calendar")).content.decode()
    client.post(reverse("meetings:calendar_revoke"))
    assert not CalendarFeed.objects.exists()


def test_the_calendar_page_rules(actors):
    assert actors.client(None).get(reverse("meetings:calendar")).status_code == 302
    assert actors.client("resident").get(reverse("meetings:calendar")).status_code == 403
    assert actors.client("staff").get(reverse("meetings:calendar_regenerate")).status_code == 405
    assert actors.client("staff").get(reverse("meetings:calendar_revoke")).status_code == 405
    assert actors.client("staff").post(reverse("meetings:calendar")).status_code == 405


def test_the_profile_links_to_the_calendar_page_for_members(actors):
    assert reverse("meetings:calendar") in actors.client("committee_member").get(reverse("profile")).content.decode()
    assert reverse("meetings:calendar") not in actors.client("resident").get(reverse("profile")).content.decode()


def test_the_token_is_not_written_to_the_audit_log(actors):
    from portal.models import AuditLog

    actors.client("staff").post(reverse("meetings:calendar_regenerate"))
    token = CalendarFeed.objects.get().calendar_token
    assert all(token not in str(entry.changes) for entry in AuditLog.objects.all())


def test_the_profile_shows_the_calendar_link_once_made(actors):
    client = actors.client("committee_member")
    client.post(reverse("meetings:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=actors.committee_member).calendar_token
    assert token in client.get(reverse("profile")).content.decode()
