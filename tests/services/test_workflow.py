"""Each workflow move: allowed from the right state, refused with a reason from any other."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.models import Notification
from services.models import FollowUp, HomeStep, Rating, ServiceRequest, TransitionError
from tests.factories import make_item, make_request, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
S = ServiceRequest.Status


@pytest.fixture
def req(actors):
    return make_request(actors.community, actors.resident, make_item(actors.community, "低保申请"))


def at(req, status, **fields):
    req.status = status
    for name, value in fields.items():
        setattr(req, name, value)
    req.save()
    return req


def notes_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_filing_gives_a_reference_and_a_first_timeline_entry(req, actors):
    assert req.reference.startswith("HX") and len(req.reference) == 2 + 8 + 4
    assert req.status == S.SUBMITTED
    assert req.events.get().status == S.SUBMITTED


def test_accept_starts_the_clock_assigns_and_tells_the_applicant(req, actors):
    req.accept(actors.staff)
    req.refresh_from_db()
    assert req.status == S.ACCEPTED and req.assignee == actors.staff
    assert req.accepted_at and req.due_date
    assert req.events.filter(status=S.ACCEPTED, author=actors.staff, public=True).exists()
    assert any(req.reference in title for title in notes_for(actors.resident))


def test_accept_is_refused_once_accepted_by_someone_else(req, actors):
    colleague = make_staff(actors.community, "陈立新")
    stale = ServiceRequest.objects.get(pk=req.pk)  # loaded before the colleague acted
    req.accept(colleague)
    with pytest.raises(TransitionError, match="陈立新"):
        stale.accept(actors.staff)
    req.refresh_from_db()
    assert req.assignee == colleague
    assert req.events.filter(status=S.ACCEPTED).count() == 1


@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.WAITING, S.COMPLETED, S.CLOSED, S.REJECTED])
def test_accept_is_refused_from_other_states(req, actors, status):
    at(req, status)
    with pytest.raises(TransitionError):
        req.accept(actors.staff)


def test_start_moves_accepted_to_in_progress(req, actors):
    req.accept(actors.staff)
    req.start(actors.staff)
    assert ServiceRequest.objects.get(pk=req.pk).status == S.IN_PROGRESS


@pytest.mark.parametrize("status", [S.SUBMITTED, S.WAITING, S.COMPLETED, S.CLOSED])
def test_start_is_refused_from_other_states(req, actors, status):
    at(req, status)
    with pytest.raises(TransitionError):
        req.start(actors.staff)


def test_asking_for_materials_pauses_and_lists_them(req, actors):
    req.accept(actors.staff)
    req.ask_for_materials(actors.staff, "户口簿\n收入证明")
    req.refresh_from_db()
    assert req.status == S.WAITING and req.paused_on == timezone.localdate()
    assert req.missing_list() == ["户口簿", "收入证明"]


def test_asking_for_nothing_is_refused(req, actors):
    req.accept(actors.staff)
    with pytest.raises(TransitionError):
        req.ask_for_materials(actors.staff, "  ")


@pytest.mark.parametrize("status", [S.SUBMITTED, S.WAITING, S.COMPLETED, S.CLOSED])
def test_asking_for_materials_is_refused_from_other_states(req, actors, status):
    at(req, status)
    with pytest.raises(TransitionError):
        req.ask_for_materials(actors.staff, "户口簿")


def test_resume_is_refused_unless_waiting(req, actors):
    req.accept(actors.staff)
    with pytest.raises(TransitionError):
        req.resume(actors.staff)


def test_the_applicant_supplying_materials_resumes_work(req, actors):
    req.accept(actors.staff)
    req.ask_for_materials(actors.staff, "户口簿")
    req.supply_materials(actors.resident, "已上传户口簿")
    req.refresh_from_db()
    assert req.status == S.IN_PROGRESS and req.missing_materials == ""
    assert any(req.reference in title for title in notes_for(actors.staff))


def test_complete_then_close(req, actors):
    req.accept(actors.staff)
    req.start(actors.staff)
    req.complete(actors.staff)
    req.close(actors.staff)
    req.refresh_from_db()
    assert req.status == S.CLOSED and req.closed_at and req.completed_at


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED, S.WAITING, S.CLOSED])
def test_complete_is_refused_unless_in_progress(req, actors, status):
    at(req, status)
    with pytest.raises(TransitionError):
        req.complete(actors.staff)


def test_home_delivery_must_happen_before_closing(req, actors):
    at(req, S.COMPLETED, needs_delivery=True)
    with pytest.raises(TransitionError):
        req.close(actors.staff)
    req.deliver(actors.staff, "送到家中，本人签收")
    req.close(actors.staff)
    assert ServiceRequest.objects.get(pk=req.pk).status == S.CLOSED


def test_deliver_is_refused_without_home_delivery_or_before_completion(req, actors):
    at(req, S.COMPLETED, needs_delivery=False)
    with pytest.raises(TransitionError):
        req.deliver(actors.staff, "送达")
    at(req, S.IN_PROGRESS, needs_delivery=True)
    with pytest.raises(TransitionError):
        req.deliver(actors.staff, "送达")


def test_reject_needs_a_reason_and_only_from_submitted(req, actors):
    with pytest.raises(TransitionError):
        req.reject(actors.staff, " ")
    req.reject(actors.staff, "不属于社区受理范围")
    req.refresh_from_db()
    assert req.status == S.REJECTED and req.rejection_reason
    with pytest.raises(TransitionError):
        req.reject(actors.staff, "again")


def test_the_applicant_may_reopen_within_fifteen_days(req, actors):
    at(req, S.CLOSED, closed_at=timezone.now() - timedelta(days=15))
    req.reopen(actors.resident, "证件还没拿到")
    assert ServiceRequest.objects.get(pk=req.pk).status == S.IN_PROGRESS


def test_reopening_after_fifteen_days_is_refused(req, actors):
    at(req, S.CLOSED, closed_at=timezone.now() - timedelta(days=16))
    with pytest.raises(TransitionError, match="15"):
        req.reopen(actors.resident, "证件还没拿到")


def test_reopening_an_open_request_is_refused(req, actors):
    with pytest.raises(TransitionError):
        req.reopen(actors.resident, "why")


def test_assign_and_reassign_tell_the_new_handler(req, actors):
    colleague = make_staff(actors.community, "陈立新")
    req.assign(actors.staff, colleague)
    req.assign(actors.staff, actors.staff)
    req.refresh_from_db()
    assert req.assignee == actors.staff
    assert any(req.reference in t for t in notes_for(colleague))
    assert not req.events.filter(kind="assign", public=True).exists()


def test_assigning_to_another_community_or_a_closed_request_is_refused(req, actors):
    with pytest.raises(TransitionError):
        req.assign(actors.staff, actors.outsider)
    at(req, S.CLOSED)
    with pytest.raises(TransitionError):
        req.assign(actors.staff, actors.staff)


def test_booking_and_recording_a_home_visit(req, actors):
    when = timezone.now() + timedelta(days=1)
    step = req.book_step(actors.staff, HomeStep.Kind.VISIT, when)
    req.record_visit(actors.staff, step, "上门拍照、代填表格")
    step.refresh_from_db()
    assert step.done_at is not None
    assert req.events.filter(kind="visit").count() == 2
    with pytest.raises(TransitionError):
        req.record_visit(actors.staff, step, "again")


def test_a_satisfied_rating_closes_without_follow_up(req, actors):
    at(req, S.COMPLETED)
    req.rate(actors.resident, Rating.Score.SATISFIED, "很好")
    req.refresh_from_db()
    assert req.status == S.CLOSED and req.rating == 4
    assert not FollowUp.objects.exists()
    with pytest.raises(TransitionError):
        req.rate(actors.resident, 5)


@pytest.mark.parametrize("score", [Rating.Score.DISSATISFIED, Rating.Score.VERY_DISSATISFIED])
def test_a_poor_rating_opens_a_follow_up_for_an_admin(req, actors, score):
    at(req, S.COMPLETED)
    req.rate(actors.resident, score, "等太久")
    follow_up = FollowUp.objects.get()
    assert follow_up.owner == actors.admin and follow_up.due_date > timezone.localdate()
    assert any("回访" in t or req.reference in t for t in notes_for(actors.admin))
    follow_up.resolve(actors.admin, "已电话回访并道歉")
    assert FollowUp.objects.get().status == FollowUp.Status.RESOLVED
    with pytest.raises(TransitionError):
        follow_up.resolve(actors.admin, "again")


def test_rating_is_refused_before_the_work_is_done(req, actors):
    with pytest.raises(TransitionError):
        req.rate(actors.resident, 5)
    at(req, S.COMPLETED, needs_delivery=True)
    with pytest.raises(TransitionError):
        req.rate(actors.resident, 5)


def test_overdue_counts_only_running_clocks(req, actors):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        req.accept(actors.staff)
    assert req.is_overdue
    assert list(ServiceRequest.objects.overdue()) == [req]
    req.ask_for_materials(actors.staff, "户口簿")
    assert not req.is_overdue
