"""The committee's open figures (meetings held versus required, attendance per unit, resolutions), worked by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from meetings.models import Attendance, Meeting, Resolution
from meetings.open_figures import open_figures
from portal.dashboard import Rate
from tests.factories import make_community, make_meeting, make_resolution, make_seat, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

SHANGHAI = ZoneInfo("Asia/Shanghai")
HELD, PLANNED, CANCELLED = Meeting.Status.HELD, Meeting.Status.PLANNED, Meeting.Status.CANCELLED


def meeting(community, kind: str, period: str, day: str, status=HELD, **fields) -> Meeting:
    starts_at = datetime.fromisoformat(f"{day} 14:30").replace(tzinfo=SHANGHAI)
    return make_meeting(community, kind, period, starts_at=starts_at, status=status, **fields)


@pytest.fixture
def community():
    return make_community("向阳社区", "XY")


@pytest.fixture
def year_2025(community):
    """The community's first regular meeting is in March 2025."""
    meeting(community, "monthly", "2025-03", "2025-03-10")
    meeting(community, "monthly", "2025-04", "2025-04-10")
    meeting(community, "monthly", "2025-05", "2025-05-10", status=CANCELLED)
    meeting(community, "monthly", "2025-06", "2025-06-10", status=PLANNED)  # never held
    meeting(community, "quarterly", "2025-Q2", "2025-06-25")
    meeting(community, "adhoc", "", "2025-08-01")
    meeting(community, "adhoc", "", "2025-09-01")
    return community


def states(periods) -> list[str]:
    return [p.state for p in periods]


def test_meetings_held_versus_required_per_period(year_2025):
    figures = open_figures(year_2025, 2025)

    # January and February come before the records start; March to December were all due.
    assert states(figures["monthly"]["periods"]) == ["unrecorded"] * 2 + ["held"] * 2 + ["missed"] * 8
    assert figures["monthly"]["rate"] == Rate(2, 10) and figures["monthly"]["rate"].percent == 20
    # The records start in the first quarter, so it counts; only Q2 was held.
    assert states(figures["quarterly"]["periods"]) == ["missed", "held", "missed", "missed"]
    assert figures["quarterly"]["rate"] == Rate(1, 4)
    assert figures["held_total"] == 5 and figures["adhoc"] == 2


def test_in_the_current_year_periods_not_yet_ended_are_not_required_unless_held(year_2025):
    meeting(year_2025, "monthly", "2026-01", "2026-01-10")
    meeting(year_2025, "monthly", "2026-03", "2026-03-05")  # March's meeting held early in the month
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=SHANGHAI), tick=False):
        figures = open_figures(year_2025, 2026)
    assert states(figures["monthly"]["periods"]) == ["held", "missed", "held"] + ["coming"] * 9
    assert figures["monthly"]["rate"] == Rate(2, 3)
    assert states(figures["quarterly"]["periods"]) == ["coming"] * 4
    assert figures["quarterly"]["rate"] == Rate(0, 0) and figures["quarterly"]["rate"].percent is None


def test_a_year_with_no_meetings(year_2025):
    before = open_figures(year_2025, 2024)
    assert states(before["monthly"]["periods"]) == ["unrecorded"] * 12
    assert before["monthly"]["rate"].percent is None and before["quarterly"]["rate"].percent is None
    assert before["attendance"]["units"] == [] and before["attendance"]["overall"].percent is None
    assert before["resolutions"]["total"] == 0 and before["held_total"] == 0

    with time_machine.travel(datetime(2027, 2, 1, 9, tzinfo=SHANGHAI), tick=False):
        after = open_figures(year_2025, 2026)  # records exist, but nothing was held in 2026
    assert after["monthly"]["rate"] == Rate(0, 12) and after["monthly"]["rate"].percent == 0


def test_a_community_without_any_meeting_shows_no_rates():
    figures = open_figures(make_community("新社区", "XX"), 2025)
    assert figures["monthly"]["rate"].percent is None and figures["attendance"]["overall"].percent is None


def test_attendance_rate_per_unit_counts_delegates_as_present(year_2025):
    community = year_2025
    tax, school = make_unit(community, "区税务局"), make_unit(community, "红星小学")
    tax_a, tax_b = make_seat(tax, "甲"), make_seat(tax, "乙")
    head = make_seat(school, "丙")
    march, april = Meeting.objects.filter(period__in=["2025-03", "2025-04"]).order_by("period")
    marks = {
        march: [(tax_a, "present"), (tax_b, "present"), (head, "absent")],
        april: [(tax_a, "proxy"), (tax_b, "leave"), (head, "present")],
    }
    for held, rows in marks.items():
        for seat, status in rows:
            Attendance.objects.create(community=community, meeting=held, seat=seat, status=status)
    old = meeting(community, "monthly", "2024-12", "2024-12-10")  # another year
    Attendance.objects.create(community=community, meeting=old, seat=head, status="absent")

    attendance = open_figures(community, 2025)["attendance"]

    assert attendance["units"] == [("区税务局", Rate(3, 4)), ("红星小学", Rate(1, 2))]
    assert attendance["overall"] == Rate(4, 6)
    assert attendance["chart"].series[0][1] == [75.0, 50.0] and attendance["chart"].scale_max == 100


def test_resolutions_by_where_they_stand_only_published_ones(year_2025):
    community = year_2025
    march = Meeting.objects.get(period="2025-03")
    march.minutes_status = Meeting.MinutesStatus.PUBLISHED
    march.save(update_fields=["minutes_status"])
    april = Meeting.objects.get(period="2025-04")  # minutes still a draft
    R = Resolution.Status
    make_resolution(march, status=R.DONE, due_date=date(2025, 6, 30))
    make_resolution(march, status=R.OPEN, due_date=date(2025, 6, 30))  # overdue
    make_resolution(march, status=R.IN_PROGRESS, due_date=date(2026, 6, 30))  # on time
    make_resolution(march, status=R.IN_PROGRESS, due_date=date(2026, 1, 31))  # overdue by 1 February
    make_resolution(march, status=R.DROPPED, due_date=date(2025, 6, 30))
    make_resolution(march, status=R.OPEN, is_public=False)  # not public
    make_resolution(april, status=R.DONE)  # minutes not published

    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=SHANGHAI), tick=False):
        figures = open_figures(community, 2025)

    assert figures["resolutions"] == {"total": 5, "done": 1, "in_progress": 1, "overdue": 2, "dropped": 1}
