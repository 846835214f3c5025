"""Notice workflow: each move allowed for the right role and state, refused otherwise, audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice, NoticeError
from portal import audit
from portal.models import AuditLog, Notification
from tests.factories import make_notice

pytestmark = pytest.mark.django_db
S = Notice.State


@pytest.fixture
def draft(actors):
    return make_notice(actors.community, actors.staff, state=S.DRAFT, title="关于低保复核的公示")


@pytest.fixture
def submitted(draft, actors):
    draft.submit(by=actors.staff)
    return draft


def test_staff_submits_a_draft_and_admins_are_told(draft, actors):
    draft.submit(by=actors.staff)
    draft.refresh_from_db()
    assert draft.state == S.SUBMITTED and draft.submitted_at is not None
    assert Notification.objects.filter(recipient=actors.admin, url=draft.manage_url).exists()


@pytest.mark.parametrize("who", ["resident", "party_member", "committee_member", "outsider"])
def test_only_staff_of_the_community_may_submit(draft, actors, who):
    with pytest.raises(NoticeError):
        draft.submit(by=getattr(actors, who))
    draft.refresh_from_db()
    assert draft.state == S.DRAFT


def test_a_submitted_notice_cannot_be_submitted_again(submitted, actors):
    with pytest.raises(NoticeError, match="待审核"):
        submitted.submit(by=actors.staff)


def test_admin_publishes_a_submitted_notice_now(submitted, actors):
    submitted.publish(by=actors.admin)
    submitted.refresh_from_db()
    assert submitted.state == S.PUBLISHED and submitted.reviewed_by == actors.admin
    assert submitted.publish_at <= timezone.now()
    assert Notice.objects.visible().filter(pk=submitted.pk).exists()
    assert Notification.objects.filter(recipient=actors.staff, title__contains="已发布").exists()


@pytest.mark.parametrize("who", ["staff", "resident", "outsider"])
def test_only_an_admin_of_the_community_may_publish(submitted, actors, who):
    with pytest.raises(NoticeError):
        submitted.publish(by=getattr(actors, who))
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_a_draft_cannot_be_published_without_review(draft, actors):
    with pytest.raises(NoticeError):
        draft.publish(by=actors.admin)


def test_admin_returns_with_a_comment_and_the_author_sees_it(submitted, actors):
    submitted.return_for_changes(by=actors.admin, comment="请补充办理时限")
    submitted.refresh_from_db()
    assert submitted.state == S.DRAFT and submitted.was_returned
    assert submitted.review_comment == "请补充办理时限"
    note = Notification.objects.get(recipient=actors.staff)
    assert "请补充办理时限" in note.body


def test_returning_needs_a_comment(submitted, actors):
    with pytest.raises(NoticeError):
        submitted.return_for_changes(by=actors.admin, comment="   ")
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_staff_cannot_return(submitted, actors):
    with pytest.raises(NoticeError):
        submitted.return_for_changes(by=actors.staff, comment="改一下")


def test_a_returned_draft_can_be_fixed_and_resubmitted(submitted, actors):
    submitted.return_for_changes(by=actors.admin, comment="改标题")
    submitted.ensure_editable(actors.staff)
    submitted.title = "关于低保复核结果的公示"
    submitted.save()
    submitted.submit(by=actors.staff)
    submitted.publish(by=actors.admin)
    assert Notice.objects.visible().get().title == "关于低保复核结果的公示"


def test_admin_withdraws_a_published_notice_with_a_reason(submitted, actors):
    submitted.publish(by=actors.admin)
    submitted.withdraw(by=actors.admin, reason="数据有误")
    submitted.refresh_from_db()
    assert submitted.state == S.WITHDRAWN and submitted.withdraw_reason == "数据有误"
    assert not Notice.objects.visible().exists()


def test_withdrawing_needs_a_reason_an_admin_and_a_published_notice(submitted, actors):
    with pytest.raises(NoticeError):
        submitted.withdraw(by=actors.admin, reason="数据有误")  # not published yet
    submitted.publish(by=actors.admin)
    with pytest.raises(NoticeError):
        submitted.withdraw(by=actors.admin, reason="")
    with pytest.raises(NoticeError):
        submitted.withdraw(by=actors.staff, reason="数据有误")
    submitted.refresh_from_db()
    assert submitted.state == S.PUBLISHED


def test_a_withdrawn_notice_cannot_be_published_again(submitted, actors):
    submitted.publish(by=actors.admin)
    submitted.withdraw(by=actors.admin, reason="过期")
    with pytest.raises(NoticeError):
        submitted.publish(by=actors.admin)


def test_only_drafts_are_editable(submitted, actors):
    with pytest.raises(NoticeError):
        submitted.ensure_editable(actors.staff)
    with pytest.raises(NoticeError):
        make_notice(actors.community, actors.staff, state=S.DRAFT).ensure_editable(actors.resident)


def test_a_stale_copy_cannot_publish_twice(submitted, actors):
    """Two admins click at once: the row lock and state check let only the first through."""
    stale = Notice.objects.get(pk=submitted.pk)
    submitted.publish(by=actors.admin)
    with pytest.raises(NoticeError):
        stale.return_for_changes(by=actors.admin, comment="晚了一步")
    assert Notice.objects.get(pk=submitted.pk).state == S.PUBLISHED


def test_each_move_lands_in_the_audit_log(draft, actors):
    token = audit.set_actor(actors.admin, "10.0.0.1")
    try:
        draft.submit(by=actors.admin)
        draft.return_for_changes(by=actors.admin, comment="补充")
        draft.submit(by=actors.admin)
        draft.publish(by=actors.admin)
        draft.withdraw(by=actors.admin, reason="撤回")
    finally:
        audit.reset_actor(token)
    notes = list(AuditLog.objects.filter(action="action", object_id=str(draft.pk)).values_list("note", flat=True))
    assert sorted(notes) == sorted(
        ["submitted for review", "returned for changes", "submitted for review", "published", "withdrawn"]
    )


def test_a_scheduled_notice_is_hidden_until_its_time(submitted, actors, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    at = timezone.now() + timedelta(days=7)
    submitted.publish(by=actors.admin, at=at)
    assert submitted.is_scheduled
    assert not Notice.objects.visible().exists()
    time_machine.move_to(at - timedelta(minutes=1), tick=False)
    assert not Notice.objects.visible().exists()
    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    assert Notice.objects.visible().get() == submitted


def test_a_scheduled_notice_shows_on_the_public_pages_only_after_its_time(submitted, actors, client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    at = timezone.now() + timedelta(days=2)
    submitted.publish(by=actors.admin, at=at)
    assert client.get(submitted.get_absolute_url()).status_code == 404
    assert submitted.title not in client.get("/notices/").content.decode()
    time_machine.move_to(at + timedelta(seconds=1), tick=False)
    assert client.get(submitted.get_absolute_url()).status_code == 200
    assert submitted.title in client.get("/notices/").content.decode()


def test_a_past_schedule_publishes_now(submitted, actors):
    submitted.publish(by=actors.admin, at=timezone.now() - timedelta(days=3))
    assert timezone.now() - submitted.publish_at < timedelta(minutes=1)


def test_publicity_period_counts_the_days_left(actors, time_machine):
    time_machine.move_to("2026-11-20 10:00 +0800", tick=False)
    notice = make_notice(
        actors.community,
        actors.staff,
        publicity_from=timezone.localdate() - timedelta(days=1),
        publicity_to=timezone.localdate() + timedelta(days=6),
    )
    assert notice.in_publicity and notice.publicity_days_left == 7
    time_machine.move_to("2026-11-28 10:00 +0800", tick=False)
    assert not notice.in_publicity and notice.publicity_days_left is None


def test_view_count_adds_up_without_losing_counts(actors):
    notice = make_notice(actors.community, actors.staff)
    stale = Notice.objects.get(pk=notice.pk)
    notice.count_view()
    stale.count_view()
    notice.refresh_from_db()
    assert notice.view_count == 2
