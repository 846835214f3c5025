"""The rules meetings own: cadence constraint, quorum, carrying resolutions over, workflow."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting, Resolution, TransitionError
from meetings.planning import cadence_gaps, plan_coming
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def at(y, m, d, h=14):
    return timezone.make_aware(datetime(y, m, d, h, 30))


def test_one_monthly_meeting_per_month_is_enforced_by_the_database(actors):
    factories.make_meeting(actors.community, "monthly", "2026-11")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(actors.community, "monthly", "2026-11")


def test_one_quarterly_meeting_per_quarter_is_enforced_by_the_database(actors):
    factories.make_meeting(actors.community, "quarterly", "2026-Q4")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(actors.community, "quarterly", "2026-Q4")


def test_the_same_period_is_fine_for_another_kind_or_community(actors):
    factories.make_meeting(actors.community, "monthly", "2026-11")
    factories.make_meeting(actors.community, "quarterly", "2026-Q4")
    factories.make_meeting(actors.other_community, "monthly", "2026-11")
    assert Meeting.objects.count() == 3


def test_ad_hoc_meetings_are_not_limited(actors):
    factories.make_meeting(actors.community)
    factories.make_meeting(actors.community)
    assert Meeting.objects.filter(kind="adhoc").count() == 2


def test_a_regular_meeting_needs_a_period(actors):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(actors.community, "monthly", "")


@pytest.mark.parametrize(
    ("present", "seats", "quorum"),
    [(0, 4, False), (2, 4, False), (3, 4, True), (3, 5, True), (2, 5, False), (1, 1, True), (0, 0, False)],
)
def test_quorum_needs_more_than_half_of_the_seats(present, seats, quorum):
    assert Meeting(present_count=present, seat_count=seats).has_quorum is quorum


def test_exactly_half_present_is_not_a_quorum(actors):
    meeting = factories.make_held_meeting(actors.community, present=2, absent=2)
    assert (meeting.present_count, meeting.seat_count) == (2, 4)
    assert not meeting.has_quorum


def test_a_delegate_counts_as_present(actors):
    meeting = factories.make_held_meeting(actors.community, present=2, absent=2)
    row = meeting.attendance.filter(status="absent").first()
    row.mark(Attendance.Status.PROXY, delegate="钱代表")
    meeting.refresh_from_db()
    assert meeting.present_count == 3 and meeting.has_quorum


def test_a_delegate_needs_a_name(actors):
    meeting = factories.make_held_meeting(actors.community, present=1, absent=1)
    row = meeting.attendance.filter(status="absent").first()
    with pytest.raises(TransitionError):
        row.mark(Attendance.Status.PROXY, delegate=" ")
    row.refresh_from_db()
    assert row.status == "absent"


def test_attendance_is_fixed_once_the_meeting_is_closed(actors):
    meeting = factories.make_held_meeting(actors.community, present=1)
    meeting.close(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.attendance.first().mark(Attendance.Status.ABSENT)


def test_opening_makes_one_row_per_active_seat_only(actors):
    unit = factories.make_unit(actors.community)
    factories.make_seat(unit, "钱委员")
    factories.make_seat(unit, "孙前任", term_start=date(2020, 1, 1), term_end=date(2023, 12, 31))
    factories.make_seat(factories.make_unit(actors.other_community), "外社区")
    meeting = factories.make_meeting(actors.community)
    meeting.open(by=actors.staff)
    names = set(meeting.attendance.values_list("seat__holder_name", flat=True))
    assert names == {"赵委员", "钱委员"}
    assert meeting.status == "held" and meeting.seat_count == 2


def test_open_close_and_cancel_are_refused_from_the_wrong_state(actors):
    meeting = factories.make_meeting(actors.community)
    with pytest.raises(TransitionError):
        meeting.close(by=actors.staff)
    meeting.open(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.open(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.cancel(by=actors.staff)


def test_closing_needs_every_seat_recorded(actors):
    meeting = factories.make_meeting(actors.community)
    meeting.open(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.close(by=actors.staff)
    assert Meeting.objects.get(pk=meeting.pk).closed_at is None


def test_resolutions_of_a_meeting_below_quorum_are_not_validly_adopted(actors):
    meeting = factories.make_held_meeting(actors.community, present=1, absent=1)
    resolution = meeting.add_resolution(
        Resolution(
            text="增设充电桩", lead_unit=factories.make_unit(actors.community), owner="赵", due_date=date(2027, 1, 1)
        )
    )
    assert not resolution.validly_adopted
    good = factories.make_held_meeting(actors.community, present=2, absent=1)
    assert factories.make_resolution(good).validly_adopted


def test_resolutions_are_recorded_only_while_the_meeting_is_held(actors):
    planned = factories.make_meeting(actors.community)
    new = Resolution(text="x", lead_unit=factories.make_unit(actors.community), owner="赵", due_date=date(2027, 1, 1))
    with pytest.raises(TransitionError):
        planned.add_resolution(new)
    assert not Resolution.objects.exists()


def test_matters_arising_carries_exactly_the_open_resolutions_of_earlier_meetings(actors):
    earlier = factories.make_held_meeting(actors.community, present=1, starts_at=at(2026, 9, 10))
    open_one = factories.make_resolution(earlier, text="开放")
    going = factories.make_resolution(earlier, text="推进中", status="in_progress")
    factories.make_resolution(earlier, text="已完成", status="done")
    factories.make_resolution(earlier, text="已撤销", status="dropped")
    later_meeting = factories.make_held_meeting(actors.community, present=1, starts_at=at(2026, 12, 10))
    factories.make_resolution(later_meeting, text="以后的")
    other = factories.make_held_meeting(actors.other_community, present=1, starts_at=at(2026, 9, 10))
    factories.make_resolution(other, text="别的社区")

    meeting = factories.make_meeting(actors.community, starts_at=at(2026, 11, 10))
    meeting.carry_over_open_resolutions()
    carried = set(meeting.agenda_items.values_list("source_resolution_id", flat=True))
    assert carried == {open_one.pk, going.pk}

    open_one.post_progress(actors.staff, "完工", 100, "done")
    meeting.carry_over_open_resolutions()
    meeting.carry_over_open_resolutions()
    assert list(meeting.agenda_items.values_list("source_resolution_id", flat=True)) == [going.pk]


def test_closing_a_meeting_carries_its_resolutions_onto_planned_later_meetings(actors):
    later = factories.make_meeting(actors.community, starts_at=at(2026, 12, 10))
    meeting = factories.make_held_meeting(actors.community, present=1, starts_at=at(2026, 11, 10))
    resolution = factories.make_resolution(meeting)
    meeting.close(by=actors.staff)
    assert later.agenda_items.get().source_resolution == resolution


def test_progress_moves_a_resolution_along_and_is_dated(actors):
    resolution = factories.make_resolution(factories.make_held_meeting(actors.community))
    resolution.post_progress(actors.committee_member, "已联系施工队", 30)
    assert (resolution.status, resolution.progress) == ("in_progress", 30)
    resolution.post_progress(actors.committee_member, "完工验收", 80, "done")
    resolution.refresh_from_db()
    assert (resolution.status, resolution.progress) == ("done", 100)
    assert [u.progress for u in resolution.updates.all()] == [30, 100]
    with pytest.raises(TransitionError):
        resolution.post_progress(actors.committee_member, "again", 100)


@pytest.mark.parametrize(("text", "progress"), [("", 10), ("ok", 101), ("ok", -1)])
def test_bad_progress_is_refused(actors, text, progress):
    resolution = factories.make_resolution(factories.make_held_meeting(actors.community))
    with pytest.raises(TransitionError):
        resolution.post_progress(actors.staff, text, progress)
    assert not resolution.updates.exists()


def test_minutes_go_draft_approved_published_and_not_backwards(actors):
    meeting = factories.make_held_meeting(actors.community)
    meeting.minutes = "会议纪要正文"
    meeting.save()
    with pytest.raises(TransitionError):
        meeting.approve_minutes(by=actors.admin)  # not closed yet
    meeting.close(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.publish_minutes(by=actors.admin)  # not approved yet
    meeting.approve_minutes(by=actors.admin)
    with pytest.raises(TransitionError):
        meeting.approve_minutes(by=actors.admin)
    meeting.publish_minutes(by=actors.admin)
    assert meeting.minutes_public and meeting.minutes_published_at
    with pytest.raises(TransitionError):
        meeting.return_minutes(by=actors.admin)


def test_empty_minutes_cannot_be_approved(actors):
    meeting = factories.make_held_meeting(actors.community)
    meeting.close(by=actors.staff)
    with pytest.raises(TransitionError):
        meeting.approve_minutes(by=actors.admin)


def test_planning_creates_the_coming_periods_once(actors):
    today = date(2026, 11, 5)
    created = plan_coming(actors.community, months=3, quarters=2, today=today)
    periods = sorted((m.kind, m.period) for m in created)
    assert periods == [
        ("monthly", "2026-11"),
        ("monthly", "2026-12"),
        ("monthly", "2027-01"),
        ("quarterly", "2026-Q4"),
        ("quarterly", "2027-Q1"),
    ]
    assert plan_coming(actors.community, months=3, quarters=2, today=today) == []
    assert Meeting.objects.filter(community=actors.community).count() == 5


def test_planning_skips_a_period_whose_usual_day_has_passed(actors):
    created = plan_coming(actors.community, months=2, quarters=1, today=date(2026, 11, 24))
    assert sorted(m.period for m in created) == ["2026-12", "2026-Q4"]


def test_cadence_flags_past_periods_without_a_held_meeting(actors):
    c = actors.community
    factories.make_held_meeting(c, kind="monthly", period="2026-08", starts_at=at(2026, 8, 10))
    factories.make_held_meeting(c, kind="monthly", period="2026-10", starts_at=at(2026, 10, 10))
    factories.make_meeting(c, kind="monthly", period="2026-09", starts_at=at(2026, 9, 10), status="cancelled")
    factories.make_held_meeting(c, kind="quarterly", period="2026-Q3", starts_at=at(2026, 9, 25))
    gaps = {(g.kind, g.period) for g in cadence_gaps(c, today=date(2026, 11, 24))}
    assert gaps == {("monthly", "2026-09")}


def test_overdue_resolutions_are_flagged(actors):
    meeting = factories.make_held_meeting(actors.community)
    late = factories.make_resolution(meeting, due_date=timezone.localdate() - timedelta(days=1))
    factories.make_resolution(meeting, due_date=timezone.localdate() + timedelta(days=1))
    factories.make_resolution(meeting, due_date=timezone.localdate() - timedelta(days=1), status="done")
    assert late.is_overdue
    assert list(Resolution.objects.overdue()) == [late]


def test_closing_tells_the_lead_units_seat_holders_with_a_login(actors):
    unit = actors.committee_member.committee_seats.get().unit
    meeting = factories.make_held_meeting(actors.community, present=1)
    factories.make_resolution(meeting, lead_unit=unit, text="疏通雨水管网")
    factories.make_resolution(meeting, text="别的单位的事")
    meeting.close(by=actors.staff)
    titles = list(actors.committee_member.notifications.values_list("title", flat=True))
    assert len(titles) == 1 and "疏通雨水管网" in titles[0]


def test_a_closed_meeting_keeps_the_progress_it_heard(actors):
    earlier = factories.make_held_meeting(actors.community, present=1, starts_at=at(2026, 9, 10))
    resolution = factories.make_resolution(earlier)
    resolution.post_progress(actors.staff, "开工", 30)
    meeting = factories.make_held_meeting(actors.community, present=1, starts_at=at(2026, 10, 10))
    meeting.carry_over_open_resolutions()
    meeting.close(by=actors.staff)
    resolution.post_progress(actors.staff, "完工", 100, "done")
    item = meeting.agenda_items.get()
    assert (item.status_at_meeting, item.progress_at_meeting) == ("in_progress", 30)


def test_planning_moves_a_meeting_off_a_day_off(actors):
    # 10 May 2026 is a Sunday; 10 October 2026 is a Saturday worked in place of the National Day holiday (调休).
    created = plan_coming(actors.community, months=1, quarters=0, today=date(2026, 5, 1))
    assert [timezone.localdate(m.starts_at) for m in created] == [date(2026, 5, 11)]
    created = plan_coming(actors.community, months=1, quarters=0, today=date(2026, 10, 1))
    assert [timezone.localdate(m.starts_at) for m in created] == [date(2026, 10, 10)]
