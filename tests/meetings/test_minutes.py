"""Who sees a meeting and its minutes, in each minutes state."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(actors):
    meeting = factories.make_held_meeting(actors.community, present=1, title="十一月例会")
    row = meeting.attendance.get()
    row.note = "内部：提前离场"
    row.save()
    meeting.minutes = "纪要：同意更换路灯。"
    meeting.internal_notes = "仅供内部：预算待定"
    meeting.save()
    factories.make_resolution(meeting, text="更换红星路路灯")
    factories.make_resolution(meeting, text="内部议定事项", is_public=False)
    meeting.close(by=actors.staff)
    return meeting


def page(client, meeting):
    return client.get(reverse("meetings:detail", args=[meeting.pk]))


def publish(meeting, actors):
    meeting.approve_minutes(by=actors.admin)
    meeting.publish_minutes(by=actors.admin)


def test_visitors_are_sent_to_log_in_while_minutes_are_a_draft(actors, meeting):
    response = page(actors.client(None), meeting)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_residents_may_not_see_unpublished_minutes(actors, meeting, state):
    if state == "approved":
        meeting.approve_minutes(by=actors.admin)
    assert page(actors.client("resident"), meeting).status_code == 403
    assert page(actors.client("outsider_resident"), meeting).status_code == 404


def test_staff_see_draft_minutes_and_internal_notes(actors, meeting):
    text = page(actors.client("staff"), meeting).content.decode()
    assert "纪要：同意更换路灯。" in text and "仅供内部：预算待定" in text and "内部议定事项" in text


def test_committee_members_see_the_meeting_but_not_draft_minutes(actors, meeting):
    text = page(actors.client("committee_member"), meeting).content.decode()
    assert "更换红星路路灯" in text and "纪要：同意更换路灯。" not in text
    meeting.approve_minutes(by=actors.admin)
    text = page(actors.client("committee_member"), meeting).content.decode()
    assert "纪要：同意更换路灯。" in text and "仅供内部：预算待定" not in text


@pytest.mark.parametrize("who", [None, "resident", "outsider_resident"])
def test_published_minutes_are_public_without_notes_or_internal_resolutions(actors, meeting, who):
    publish(meeting, actors)
    response = page(actors.client(who), meeting)
    text = response.content.decode()
    assert response.status_code == 200
    assert "纪要：同意更换路灯。" in text and "更换红星路路灯" in text
    assert "仅供内部：预算待定" not in text and "内部：提前离场" not in text and "内部议定事项" not in text
    assert "结束会议" not in text and "审定纪要" not in text


def test_published_page_shows_no_phone_numbers(actors, meeting):
    seat = meeting.attendance.get().seat
    seat.user = actors.committee_member
    seat.save()
    publish(meeting, actors)
    assert actors.committee_member.phone not in page(actors.client(None), meeting).content.decode()


def test_a_meeting_that_does_not_exist_is_404(actors):
    assert actors.client("staff").get(reverse("meetings:detail", args=[999])).status_code == 404


def test_detail_rejects_post(actors, meeting):
    assert actors.client("staff").post(reverse("meetings:detail", args=[meeting.pk])).status_code == 405


def test_public_resolutions_list_shows_only_published_public_resolutions(actors, meeting):
    client = actors.client(None)
    assert "更换红星路路灯" not in client.get(reverse("meetings:resolutions")).content.decode()
    publish(meeting, actors)
    resolution = meeting.resolutions.get(text="更换红星路路灯")
    resolution.post_progress(actors.staff, "已完成招标", 40)
    text = client.get(reverse("meetings:resolutions")).content.decode()
    assert "更换红星路路灯" in text and "内部议定事项" not in text
    assert "已完成招标" in text and 'aria-valuenow="40"' in text
    other = factories.make_held_meeting(actors.other_community, present=1)
    factories.make_resolution(other, text="东风社区的事")
    assert "东风社区的事" not in client.get(reverse("meetings:resolutions")).content.decode()


def test_a_below_quorum_resolution_says_so_on_the_public_list(actors):
    meeting = factories.make_held_meeting(actors.community, present=1, absent=1)
    meeting.minutes = "纪要"
    meeting.save()
    factories.make_resolution(meeting, text="不足人数的决定")
    meeting.close(by=actors.staff)
    publish(meeting, actors)
    text = actors.client(None).get(reverse("meetings:resolutions")).content.decode()
    assert "不足人数的决定" in text and "未有效通过" in text


def test_public_resolutions_list_rejects_post(actors):
    assert actors.client(None).post(reverse("meetings:resolutions")).status_code == 405


def test_draft_minutes_are_saved_through_the_meeting_and_refused_once_approved(actors, meeting):
    from meetings.models import Meeting, TransitionError

    meeting.save_minutes(
        actors.staff, meeting.version, minutes="纪要：同意更换路灯，下月完工。", internal_notes="预算已定"
    )
    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.minutes.endswith("下月完工。") and saved.internal_notes == "预算已定"
    meeting.approve_minutes(by=actors.admin)
    meeting.refresh_from_db()
    with pytest.raises(TransitionError):
        meeting.save_minutes(actors.staff, meeting.version, minutes="改写", internal_notes="")
    assert Meeting.objects.get(pk=meeting.pk).minutes.endswith("下月完工。")


def test_the_record_page_offers_each_minutes_step_only_when_the_meeting_allows_it(actors, meeting):
    approve = reverse("meetings:minutes_approve", args=[meeting.pk])
    publish_url = reverse("meetings:minutes_publish", args=[meeting.pk])
    draft = page(actors.client("admin"), meeting).content.decode()
    assert approve in draft and publish_url not in draft
    meeting.approve_minutes(by=actors.admin)
    approved = page(actors.client("admin"), meeting).content.decode()
    assert approve not in approved and publish_url in approved
