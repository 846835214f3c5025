"""The escalation loop at model level: desk → joint meeting → resolution → resident's timeline → completion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.escalation import Escalation, EscalationError, adopt_resolution, escalate, open_figures
from meetings.models import AgendaItem, Meeting, Resolution, TransitionError
from portal.models import Notification
from services.models import ServiceRequest
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def next_quarter_meeting(community, days=20, period="2099-Q1"):
    return factories.make_meeting(
        community, "quarterly", period, starts_at=timezone.now() + timedelta(days=days), status=Meeting.Status.PLANNED
    )


def in_progress_request(actors, **fields):
    req = factories.make_request(actors.community, actors.resident, description="5号楼下水管网反复堵塞", **fields)
    req.accept(actors.staff)
    req.start(actors.staff)
    return req


def public_texts(req):
    return [e.text for e in req.events.filter(public=True)]


def hold(meeting):
    """Open the planned meeting for the day with one seat present (enough for quorum)."""
    factories.make_seat(factories.make_unit(meeting.community, "街道办"), holder_name="王委员")
    meeting.open(by=None)
    for row in meeting.attendance.all():
        row.mark("present")
    meeting.refresh_from_db()
    return meeting


def test_the_whole_loop_reaches_the_resident_and_closes_on_both_sides(actors):
    community = actors.community
    meeting = next_quarter_meeting(community)
    req = in_progress_request(actors)

    escalation = escalate(req, actors.staff, "需要物业公司和市政两家单位共同处理")
    item = escalation.agenda_item
    assert item.meeting == meeting and item.source_kind == AgendaItem.SourceKind.REQUEST
    assert req.reference in item.title and item.details == "需要物业公司和市政两家单位共同处理"
    assert item.escalation.request == req  # linked both ways
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    assert any(day in text for text in public_texts(req))

    hold(meeting)
    lead, co1, co2 = (factories.make_unit(community, n) for n in ("红星物业公司", "市政养护所", "区水务局"))
    resolution = Resolution(
        text="疏通5号楼北侧管网", lead_unit=lead, owner="钱经理", due_date=timezone.localdate() + timedelta(days=40)
    )
    adopt_resolution(escalation, actors.staff, resolution, co_units=[co1, co2])
    escalation.refresh_from_db()
    assert escalation.resolution == resolution and resolution.meeting == meeting
    decided = public_texts(req)[-1]
    assert "疏通5号楼北侧管网" in decided and "红星物业公司" in decided and "市政养护所" in decided
    assert "区水务局" in decided and resolution.due_date.isoformat() in decided

    resolution.post_progress(actors.committee_member, "已完成管网检测", 40)
    assert "40%" in public_texts(req)[-1] and "已完成管网检测" in public_texts(req)[-1]

    resolution.post_progress(actors.committee_member, "管网已疏通", 100, status=Resolution.Status.DONE)
    assert "管网已疏通" in public_texts(req)[-1]
    prompt = Notification.objects.filter(recipient=actors.staff, title__contains=req.reference).last()
    assert prompt is not None and prompt.url == req.get_absolute_url()

    req.refresh_from_db()
    req.complete(actors.staff, "议定事项已落实")
    escalation.refresh_from_db()
    assert escalation.closed_at is not None
    req.rate(actors.resident, 5)
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.CLOSED and req.rating == 5
    # The applicant heard of each step: escalation, decision, two progress reports, completion (and before).
    assert Notification.objects.filter(recipient=actors.resident, url=req.get_absolute_url()).count() >= 6


def test_internal_notes_never_reach_the_public_timeline(actors):
    meeting = next_quarter_meeting(actors.community)
    req = in_progress_request(actors)
    escalation = escalate(req, actors.staff, "两家单位职责不清")
    hold(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(internal_notes="内部：物业公司态度消极")
    unit = factories.make_unit(actors.community)
    resolution = Resolution(text="明确职责分工", lead_unit=unit, owner="钱", due_date=timezone.localdate())
    adopt_resolution(escalation, actors.staff, resolution)
    assert not any("态度消极" in text for text in public_texts(req))


def test_an_escalated_request_is_not_overdue_while_its_resolution_has_time(actors):
    meeting = next_quarter_meeting(actors.community)
    req = in_progress_request(actors)
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    assert ServiceRequest.objects.overdue().filter(pk=req.pk).exists()

    escalation = escalate(req, actors.staff, "需要多家单位")
    req.refresh_from_db()
    # Escalating alone pauses nothing: until the meeting sets a due date the request still counts as overdue,
    # and the desk says it awaits the joint meeting.
    assert ServiceRequest.objects.overdue().filter(pk=req.pk).exists()
    assert req.is_overdue and req.awaiting_meeting and not req.escalation_covers
    desk = actors.client("staff").get("/services/desk/?status=open").content.decode()
    assert "等待联席会议" in desk

    hold(meeting)
    due = timezone.localdate() + timedelta(days=10)
    resolution = adopt_resolution(
        escalation,
        actors.staff,
        Resolution(text="共同处理", lead_unit=factories.make_unit(actors.community), owner="钱", due_date=due),
    )
    req.refresh_from_db()
    assert req.escalated_until == due and not req.is_overdue and not req.awaiting_meeting

    # An edited due date moves the request's grace with it.
    resolution.revise(actors.staff, resolution.version, due_date=timezone.localdate() - timedelta(days=1))
    req.refresh_from_db()
    assert req.is_overdue and ServiceRequest.objects.overdue().filter(pk=req.pk).exists()


def test_escalation_goes_to_the_next_planned_joint_meeting_or_the_chosen_one(actors):
    later = next_quarter_meeting(actors.community, days=100, period="2099-Q2")
    sooner = next_quarter_meeting(actors.community, days=10, period="2099-Q1")
    monthly = factories.make_meeting(
        actors.community, "monthly", "2099-01", starts_at=timezone.now() + timedelta(days=5)
    )
    assert escalate(in_progress_request(actors), actors.staff, "原因").meeting == sooner
    assert escalate(in_progress_request(actors), actors.staff, "原因", meeting=later).meeting == later
    assert escalate(in_progress_request(actors), actors.staff, "原因", meeting=monthly).meeting == monthly


def test_escalation_refuses_what_it_cannot_do(actors):
    req = in_progress_request(actors)
    with pytest.raises(EscalationError):
        escalate(req, actors.staff, "原因")  # no joint meeting planned
    meeting = next_quarter_meeting(actors.community)
    with pytest.raises(EscalationError):
        escalate(req, actors.staff, "  ")  # a reason is required
    other = next_quarter_meeting(actors.other_community)
    with pytest.raises(EscalationError):
        escalate(req, actors.staff, "原因", meeting=other)
    submitted = factories.make_request(actors.community, actors.resident)
    with pytest.raises(EscalationError):
        escalate(submitted, actors.staff, "原因")
    escalate(req, actors.staff, "原因", meeting=meeting)
    with pytest.raises(EscalationError):
        escalate(req, actors.staff, "再次")
    assert Escalation.objects.count() == 1


def test_a_resolution_is_adopted_only_while_the_meeting_is_held_and_only_once(actors):
    meeting = next_quarter_meeting(actors.community)
    escalation = escalate(in_progress_request(actors), actors.staff, "原因")
    unit = factories.make_unit(actors.community)

    def resolution():
        return Resolution(text="议定", lead_unit=unit, owner="钱", due_date=timezone.localdate())

    with pytest.raises(TransitionError):
        adopt_resolution(escalation, actors.staff, resolution())
    hold(meeting)
    adopt_resolution(escalation, actors.staff, resolution())
    with pytest.raises(EscalationError):
        adopt_resolution(escalation, actors.staff, resolution())


def test_the_open_figures_count_each_outcome(actors):
    community = actors.community
    meeting = next_quarter_meeting(community)
    escalations = [escalate(in_progress_request(actors), actors.staff, "原因") for _n in range(4)]
    hold(meeting)
    unit = factories.make_unit(community)
    today = timezone.localdate()
    resolutions = [
        adopt_resolution(e, actors.staff, Resolution(text="议定", lead_unit=unit, owner="钱", due_date=due))
        for e, due in zip(escalations[:3], [today + timedelta(days=9), today - timedelta(days=1), today], strict=True)
    ]
    resolutions[2].post_progress(actors.staff, "完成", 100, status=Resolution.Status.DONE)
    req = escalations[2].request
    req.refresh_from_db()
    req.complete(actors.staff)
    figures = open_figures(community, today.year)
    assert figures == {
        "total": 4,
        "closed": 1,
        "done": 0,
        "in_progress": 1,
        "overdue": 1,
        "awaiting": 1,
        "dropped": 0,
    }
    assert open_figures(community, today.year - 1)["total"] == 0
    assert open_figures(actors.other_community, today.year)["total"] == 0


def test_a_request_moves_to_another_meeting_when_its_meeting_is_cancelled(actors):
    first = next_quarter_meeting(actors.community, days=10, period="2099-Q1")
    second = next_quarter_meeting(actors.community, days=100, period="2099-Q2")
    req = in_progress_request(actors)
    escalation = escalate(req, actors.staff, "原因")
    with pytest.raises(EscalationError):
        escalate(req, actors.staff, "再次", meeting=second)  # its meeting is still ahead
    first.cancel(by=actors.staff)
    moved = escalate(req, actors.staff, "会议取消，改期协商")
    assert moved.pk == escalation.pk and moved.meeting == second
    assert not first.agenda_items.exists() and second.agenda_items.get().escalation == moved
    day = timezone.localtime(second.starts_at).strftime("%Y-%m-%d")
    assert day in public_texts(req)[-1]


def test_the_demo_has_one_escalation_closed_and_one_in_progress():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    escalations = list(Escalation.objects.select_related("request", "resolution").order_by("created_at"))
    assert len(escalations) == 2
    closed, running = escalations
    assert closed.closed_at is not None and closed.request.status == ServiceRequest.Status.CLOSED
    assert closed.resolution.status == Resolution.Status.DONE and closed.request.rating == 5
    assert running.closed_at is None and running.resolution.status == Resolution.Status.IN_PROGRESS
    assert running.request.status == ServiceRequest.Status.IN_PROGRESS and not running.request.is_overdue
    assert running.request.events.filter(public=True, text__contains="40%").exists()
