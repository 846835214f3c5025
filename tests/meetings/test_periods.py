"""Periods of the regular meetings: a cancelled meeting frees its period, the period follows the date,
a planned meeting can be rescheduled, opening records the actual date, draft minutes stay out of print."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, TransitionError
from meetings.planning import cadence_gaps
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
CREATE = "/meetings/new/"


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def test_a_cancelled_meeting_frees_its_period_for_a_replacement(actors):
    first = factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-10 14:30"))
    first.cancel(by=actors.staff)
    response = actors.client("staff").post(
        CREATE, {"kind": "monthly", "starts_at": "2026-11-20T14:30", "place": "会议室"}
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(period="2026-11").count() == 2


def test_a_cancelled_meeting_counts_neither_as_held_nor_as_blocking(actors):
    with time_machine.travel("2026-12-15 10:00 +0800", tick=False):
        cancelled = factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-10 14:30"))
        cancelled.cancel(by=actors.staff)
        assert ("monthly", "2026-11") in {(g.kind, g.period) for g in cadence_gaps(actors.community)}
        factories.make_held_meeting(
            actors.community, kind="monthly", period="2026-11", starts_at=at("2026-11-20 14:30")
        )
        assert ("monthly", "2026-11") not in {(g.kind, g.period) for g in cadence_gaps(actors.community)}


def test_two_live_meetings_for_one_period_are_still_refused(actors):
    factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-10 14:30"))
    response = actors.client("staff").post(
        CREATE, {"kind": "monthly", "starts_at": "2026-11-20T14:30", "place": "会议室"}
    )
    assert response.status_code == 200 and Meeting.objects.count() == 1


def test_the_period_must_match_the_date(actors):
    response = actors.client("staff").post(
        CREATE, {"kind": "monthly", "period": "2027-03", "starts_at": "2026-12-20T14:30", "place": "会议室"}
    )
    assert response.status_code == 200
    assert "2026-12" in str(response.context["form"].errors["period"])
    assert not Meeting.objects.exists()


def test_a_quarterly_period_must_match_the_date_too(actors):
    response = actors.client("staff").post(
        CREATE, {"kind": "quarterly", "period": "2026-Q1", "starts_at": "2026-12-20T14:30", "place": "会议室"}
    )
    assert "period" in response.context["form"].errors and not Meeting.objects.exists()


def test_a_planned_meeting_can_be_rescheduled_and_its_period_follows(actors):
    meeting = factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-10 14:30"))
    data = {
        "kind": "monthly",
        "period": "2026-11",
        "starts_at": "2026-12-03T09:00",
        "place": "会议室",
        "version": meeting.version,
    }
    response = actors.client("staff").post(reverse("meetings:edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.period == "2026-12" and timezone.localdate(meeting.starts_at).isoformat() == "2026-12-03"


def test_opening_records_the_actual_date(actors):
    meeting = factories.make_meeting(actors.community, "monthly", "2026-12", starts_at=at("2026-12-10 14:30"))
    with time_machine.travel("2026-12-12 15:05 +0800", tick=False):
        meeting.open(by=actors.staff)
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-12-12 15:05"
    assert meeting.opened_at == meeting.starts_at


def test_a_meeting_held_in_another_month_than_planned_takes_that_months_period(actors):
    meeting = factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-28 14:30"))
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        meeting.open(by=actors.staff)
    meeting.refresh_from_db()
    assert meeting.period == "2026-12" and meeting.status == Meeting.Status.HELD


def test_a_meeting_is_not_opened_into_a_period_another_meeting_holds(actors):
    meeting = factories.make_meeting(actors.community, "monthly", "2026-11", starts_at=at("2026-11-28 14:30"))
    factories.make_meeting(actors.community, "monthly", "2026-12", starts_at=at("2026-12-10 14:30"))
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False), pytest.raises(TransitionError):
        meeting.open(by=actors.staff)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


@pytest.fixture
def draft(actors):
    meeting = factories.make_held_meeting(actors.community, present=1)
    meeting.close(by=actors.staff)
    meeting.save_minutes(actors.staff, meeting.version, minutes="草稿纪要不得外传", internal_notes="")
    return meeting


def test_the_print_view_never_shows_draft_minutes_to_committee_members(actors, draft):
    page = actors.client("committee_member").get(reverse("meetings:print", args=[draft.pk])).content.decode()
    assert "草稿纪要不得外传" not in page
    assert "草稿纪要不得外传" not in actors.client("committee_member").get(f"/meetings/{draft.pk}/").content.decode()


def test_staff_print_their_draft(actors, draft):
    page = actors.client("staff").get(reverse("meetings:print", args=[draft.pk])).content.decode()
    assert "草稿纪要不得外传" in page


def test_committee_members_see_approved_minutes_in_print(actors, draft):
    draft.approve_minutes(by=actors.admin)
    page = actors.client("committee_member").get(reverse("meetings:print", args=[draft.pk])).content.decode()
    assert "草稿纪要不得外传" in page
