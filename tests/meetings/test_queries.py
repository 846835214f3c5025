"""List pages answer in a fixed number of queries, with 2 rows or 20."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.utils import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def add_meetings(actors, n):
    unit = actors.committee_member.committee_seats.get().unit
    for i in range(n):
        meeting = factories.make_held_meeting(actors.community, present=1, absent=1, title=f"会议{i}")
        resolution = factories.make_resolution(meeting, lead_unit=unit, text=f"事项{i}")
        resolution.co_units.add(factories.make_unit(actors.community))
        resolution.post_progress(actors.staff, "进展", 10)
        meeting.agenda_items.create(community=actors.community, title=f"议题{i}", proposing_unit=unit)
        meeting.minutes = "纪要"
        meeting.save()
        meeting.close(by=actors.staff)
        meeting.approve_minutes(by=actors.admin)
        meeting.publish_minutes(by=actors.admin)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("staff", reverse("meetings:list")),
        ("committee_member", reverse("meetings:list")),
        ("committee_member", reverse("meetings:follow")),
        ("staff", reverse("meetings:follow") + "?show=all"),
        (None, reverse("meetings:resolutions")),
        ("staff", reverse("meetings:ledger") + "?year=2026"),
    ],
)
def test_list_pages_pin_their_query_count(actors, who, url):
    add_meetings(actors, 2)
    assert_constant_queries(actors.client(who), url, lambda: add_meetings(actors, 18))


def test_meeting_pages_pin_their_query_count(actors):
    """A meeting's own pages do not grow with its seats, agenda, matters arising or resolutions."""
    earlier = factories.make_held_meeting(actors.community, present=1, starts_at=timezone.now().replace(year=2025))
    factories.make_resolution(earlier, text="旧事项").post_progress(actors.staff, "进展", 20)
    meeting = factories.make_held_meeting(actors.community, present=2, absent=1)
    meeting.carry_over_open_resolutions()
    factories.make_resolution(meeting).co_units.add(factories.make_unit(actors.community))
    meeting.agenda_items.create(
        community=actors.community, title="议题", proposing_unit=factories.make_unit(actors.community)
    )
    client = actors.client("staff")

    def grow():
        unit = factories.make_unit(actors.community)
        for i in range(10):
            factories.make_seat(unit, f"新委员{i}")
            factories.make_resolution(meeting, lead_unit=unit, text=f"决定{i}").co_units.add(unit)
            meeting.agenda_items.create(community=actors.community, title=f"议题{i}", proposing_unit=unit)
            old = factories.make_resolution(earlier, lead_unit=unit, text=f"旧事项{i}", due_date=date(2027, 1, 1))
            old.post_progress(actors.staff, "进展", 20)
        meeting.sync_attendance()
        meeting.carry_over_open_resolutions()

    counts = {}
    for name in ("meetings:detail", "meetings:log", "meetings:print"):
        count_queries(client, reverse(name, args=[meeting.pk]))  # warm caches
    for name in ("meetings:detail", "meetings:log", "meetings:print"):
        counts[name] = count_queries(client, reverse(name, args=[meeting.pk]))
    grow()
    for name in ("meetings:detail", "meetings:log", "meetings:print"):
        assert count_queries(client, reverse(name, args=[meeting.pk])) == counts[name], name
