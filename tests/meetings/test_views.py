"""Every meeting page: works, requires login, hides other communities, checks roles and methods."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Meeting, Resolution, past_periods, period_label
from meetings.planning import period_start
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def held(actors):
    return factories.make_held_meeting(actors.community, present=1)


# (url name, needs a meeting pk, allowed method, who may use it)
STAFF_GET = ["meetings:create", "meetings:ledger"]
STAFF_GET_PK = ["meetings:edit", "meetings:log", "meetings:minutes"]
STAFF_POST_PK = [
    "meetings:open",
    "meetings:cancel",
    "meetings:close",
    "meetings:agenda_add",
    "meetings:resolution_add",
    "meetings:photos",
]
ADMIN_POST_PK = ["meetings:minutes_approve", "meetings:minutes_publish", "meetings:minutes_return"]
MEMBER_GET = ["meetings:list", "meetings:follow", "meetings:calendar"]


def url(name, meeting=None):
    return reverse(name, args=[meeting.pk]) if meeting is not None else reverse(name)


@pytest.mark.parametrize("name", STAFF_GET + MEMBER_GET)
def test_pages_require_login(actors, name):
    response = actors.client(None).get(url(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", STAFF_GET_PK + STAFF_POST_PK + ADMIN_POST_PK)
def test_meeting_actions_require_login(actors, held, name):
    client = actors.client(None)
    response = client.post(url(name, held)) if name in STAFF_POST_PK + ADMIN_POST_PK else client.get(url(name, held))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", MEMBER_GET)
@pytest.mark.parametrize("who", ["resident", "party_member"])
def test_member_pages_are_forbidden_to_residents(actors, name, who):
    assert actors.client(who).get(url(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_GET)
@pytest.mark.parametrize("who", ["resident", "committee_member"])
def test_staff_pages_are_forbidden_to_others(actors, name, who):
    assert actors.client(who).get(url(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_GET_PK + STAFF_POST_PK)
def test_staff_actions_are_forbidden_to_committee_members(actors, held, name):
    client = actors.client("committee_member")
    response = client.post(url(name, held)) if name in STAFF_POST_PK else client.get(url(name, held))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ADMIN_POST_PK)
def test_minutes_decisions_are_forbidden_to_staff(actors, held, name):
    assert actors.client("staff").post(url(name, held)).status_code == 403


@pytest.mark.parametrize("name", STAFF_GET_PK + STAFF_POST_PK + ADMIN_POST_PK)
def test_other_communities_meetings_are_404(actors, held, name, client):
    client.force_login(factories.make_admin(actors.other_community, "外社区书记"))
    response = client.post(url(name, held)) if name in STAFF_POST_PK + ADMIN_POST_PK else client.get(url(name, held))
    assert response.status_code == 404


@pytest.mark.parametrize("name", STAFF_POST_PK + ADMIN_POST_PK)
def test_actions_reject_get(actors, held, name):
    assert actors.client("admin").get(url(name, held)).status_code == 405


@pytest.mark.parametrize("name", ["meetings:list", "meetings:follow", "meetings:ledger"])
def test_lists_reject_post(actors, name):
    assert actors.client("staff").post(url(name)).status_code == 405


@pytest.mark.parametrize("who", ["staff", "committee_member", "admin"])
def test_list_works_for_members_and_staff(actors, held, who):
    response = actors.client(who).get(url("meetings:list"))
    assert response.status_code == 200 and str(held) in response.content.decode()


def test_list_hides_other_communities_meetings(actors, held):
    factories.make_meeting(actors.other_community, title="东风社区的会")
    page = actors.client("staff").get(url("meetings:list")).content.decode()
    assert "东风社区的会" not in page


def test_list_flags_missing_periods_and_unclosed_meetings(actors):
    last, second, third, fourth = past_periods(Meeting.Kind.MONTHLY, timezone.localdate(), 4)
    starts_at = timezone.make_aware(datetime.combine(period_start(fourth).replace(day=10), time(14, 30)))
    factories.make_held_meeting(actors.community, kind="monthly", period=fourth, title="八月例会", starts_at=starts_at)
    page = actors.client("staff").get(url("meetings:list")).content.decode()
    # months with no held meeting since the one held, named in words (2026年10月)
    assert period_label(third) in page and period_label(second) in page
    assert "已召开但尚未结束" in page or "八月例会" in page


def test_staff_plan_the_coming_meetings_and_the_button_is_idempotent(actors):
    client = actors.client("staff")
    assert client.post(url("meetings:plan")).status_code == 302
    count = Meeting.objects.filter(community=actors.community).count()
    assert count >= 3
    client.post(url("meetings:plan"))
    assert Meeting.objects.filter(community=actors.community).count() == count
    assert actors.client("committee_member").post(url("meetings:plan")).status_code == 403
    assert client.get(url("meetings:plan")).status_code == 405


def test_staff_create_a_meeting_and_the_period_comes_from_the_date(actors):
    response = actors.client("staff").post(
        url("meetings:create"), {"kind": "monthly", "starts_at": "2026-12-10T14:30", "place": "会议室"}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.period == "2026-12" and meeting.community == actors.community


def test_a_second_monthly_meeting_in_the_same_month_is_an_error_on_the_form(actors):
    factories.make_meeting(actors.community, "monthly", "2026-12")
    response = actors.client("staff").post(
        url("meetings:create"), {"kind": "monthly", "starts_at": "2026-12-20T14:30", "place": "会议室"}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_a_badly_written_period_is_an_error_on_the_form(actors):
    response = actors.client("staff").post(
        url("meetings:create"),
        {"kind": "quarterly", "period": "2026-13", "starts_at": "2026-12-20T14:30", "place": "x"},
    )
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_staff_open_a_meeting_and_land_on_the_logging_screen(actors):
    meeting = factories.make_meeting(actors.community)
    response = actors.client("staff").post(url("meetings:open", meeting))
    assert response["Location"] == url("meetings:log", meeting)
    page = actors.client("staff").get(url("meetings:log", meeting)).content.decode()
    assert "赵委员" in page and "quorum-badge" in page


def test_one_tap_attendance_with_htmx_returns_the_row_and_the_quorum_badge(actors, held):
    row = held.attendance.get()
    response = actors.client("staff").post(
        reverse("meetings:attendance_mark", args=[held.pk, row.pk]), {"status": "absent"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and f'id="seat-{row.pk}"' in page
    assert 'id="quorum-badge"' in page and 'data-hx-swap-oob="true"' in page
    held.refresh_from_db()
    assert held.present_count == 0 and not held.has_quorum


def test_attendance_works_without_javascript(actors, held):
    row = held.attendance.get()
    response = actors.client("staff").post(
        reverse("meetings:attendance_mark", args=[held.pk, row.pk]), {"status": "proxy", "delegate": "钱代表"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.delegate) == ("proxy", "钱代表")


def test_a_delegate_without_a_name_is_refused_in_the_row(actors, held):
    row = held.attendance.get()
    response = actors.client("staff").post(
        reverse("meetings:attendance_mark", args=[held.pk, row.pk]), {"status": "proxy"}, HTTP_HX_REQUEST="true"
    )
    assert "委托人" in response.content.decode() or "代表" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "present"


def test_attendance_of_another_community_is_404(actors, held):
    row = held.attendance.get()
    response = actors.client("outsider").post(
        reverse("meetings:attendance_mark", args=[held.pk, row.pk]), {"status": "absent"}
    )
    assert response.status_code == 404


def test_staff_add_an_agenda_item(actors, held):
    unit = factories.make_unit(actors.community, "区医院")
    actors.client("staff").post(
        url("meetings:agenda_add", held), {"agenda-title": "冬季供暖", "agenda-proposing_unit": unit.pk}
    )
    item = AgendaItem.objects.get()
    assert (item.title, item.proposing_unit, item.meeting) == ("冬季供暖", unit, held)


def test_an_agenda_item_without_a_title_is_not_saved(actors, held):
    actors.client("staff").post(url("meetings:agenda_add", held), {"agenda-title": ""})
    assert not AgendaItem.objects.exists()


def test_staff_record_a_resolution(actors, held):
    lead, co = factories.make_unit(actors.community, "甲"), factories.make_unit(actors.community, "乙")
    response = actors.client("staff").post(
        url("meetings:resolution_add", held),
        {
            "resolution-text": "更换路灯",
            "resolution-lead_unit": lead.pk,
            "resolution-co_units": [co.pk],
            "resolution-owner": "赵委员",
            "resolution-due_date": "2027-01-31",
            "resolution-is_public": "on",
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert (
        resolution.number == 1 and list(resolution.co_units.all()) == [co] and resolution.community == actors.community
    )


def test_a_resolution_with_another_communitys_unit_is_refused(actors, held):
    foreign = factories.make_unit(actors.other_community, "外单位")
    response = actors.client("staff").post(
        url("meetings:resolution_add", held),
        {
            "resolution-text": "x",
            "resolution-lead_unit": foreign.pk,
            "resolution-owner": "赵",
            "resolution-due_date": "2027-01-31",
        },
    )
    assert response.status_code == 400 and "is-invalid" in response.content.decode()
    assert not Resolution.objects.exists()


def test_staff_close_a_meeting_below_quorum_and_are_warned(actors):
    meeting = factories.make_held_meeting(actors.community, present=1, absent=2)
    factories.make_resolution(meeting)
    response = actors.client("staff").post(url("meetings:close", meeting), follow=True)
    page = response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).closed_at is not None
    assert "不足法定人数" in page


def test_closing_with_unrecorded_seats_is_refused_with_a_message(actors):
    meeting = factories.make_meeting(actors.community)
    meeting.open(by=actors.staff)
    response = actors.client("staff").post(url("meetings:close", meeting), follow=True)
    assert Meeting.objects.get(pk=meeting.pk).closed_at is None
    assert "alert-danger" in response.content.decode()


def test_committee_member_sees_the_full_meeting(actors, held):
    held.attendance.update(note="内部备注：迟到")
    page = actors.client("committee_member").get(url("meetings:detail", held)).content.decode()
    assert "内部备注：迟到" in page


def test_staff_draft_minutes(actors, held):
    held.close(by=actors.staff)
    client = actors.client("staff")
    assert client.get(url("meetings:minutes", held)).status_code == 200
    client.post(
        url("meetings:minutes", held), {"minutes": "纪要正文", "internal_notes": "内部", "version": held.version}
    )
    held.refresh_from_db()
    assert (held.minutes, held.internal_notes) == ("纪要正文", "内部")


def test_published_minutes_cannot_be_edited(actors, held):
    held.minutes = "正文"
    held.save()
    held.close(by=actors.staff)
    held.approve_minutes(by=actors.admin)
    actors.client("staff").post(url("meetings:minutes", held), {"minutes": "改了"})
    held.refresh_from_db()
    assert held.minutes == "正文"


def test_admin_approves_and_publishes_minutes(actors, held):
    held.minutes = "正文"
    held.save()
    held.close(by=actors.staff)
    client = actors.client("admin")
    client.post(url("meetings:minutes_approve", held))
    client.post(url("meetings:minutes_publish", held))
    held.refresh_from_db()
    assert held.minutes_status == "published"


def test_committee_member_of_the_lead_unit_posts_progress(actors, held):
    unit = actors.committee_member.committee_seats.get().unit
    resolution = factories.make_resolution(held, lead_unit=unit)
    response = actors.client("committee_member").post(
        reverse("meetings:progress", args=[resolution.pk]), {"text": "已开工", "progress": 40, "status": "in_progress"}
    )
    assert response.status_code == 302
    assert resolution.updates.get().progress == 40


def test_committee_member_of_another_unit_cannot_post_progress(actors, held):
    resolution = factories.make_resolution(held)
    response = actors.client("committee_member").post(
        reverse("meetings:progress", args=[resolution.pk]), {"text": "x", "progress": 40, "status": "in_progress"}
    )
    assert response.status_code == 403 and not resolution.updates.exists()


def test_committee_member_cannot_drop_a_resolution(actors, held):
    unit = actors.committee_member.committee_seats.get().unit
    resolution = factories.make_resolution(held, lead_unit=unit)
    actors.client("committee_member").post(
        reverse("meetings:progress", args=[resolution.pk]), {"text": "不做了", "progress": 0, "status": "dropped"}
    )
    resolution.refresh_from_db()
    assert resolution.status == "open" and not resolution.updates.exists()


def test_progress_rules(actors, held):
    resolution = factories.make_resolution(held)
    client = actors.client("outsider")
    assert (
        client.post(reverse("meetings:progress", args=[resolution.pk]), {"text": "x", "progress": 1}).status_code == 404
    )
    assert actors.client(None).post(reverse("meetings:progress", args=[resolution.pk])).status_code == 302
    assert actors.client("staff").get(reverse("meetings:progress", args=[resolution.pk])).status_code == 405
    actors.client("staff").post(reverse("meetings:progress", args=[resolution.pk]), {"text": "", "progress": 500})
    assert not resolution.updates.exists()


def test_follow_page_shows_the_members_unit_resolutions_only(actors, held):
    unit = actors.committee_member.committee_seats.get().unit
    factories.make_resolution(held, lead_unit=unit, text="我单位牵头")
    co = factories.make_resolution(held, text="我单位配合")
    co.co_units.add(unit)
    factories.make_resolution(held, text="与我无关")
    page = actors.client("committee_member").get(url("meetings:follow")).content.decode()
    assert "我单位牵头" in page and "我单位配合" in page and "与我无关" not in page
    assert "与我无关" in actors.client("staff").get(url("meetings:follow")).content.decode()


def test_overdue_resolutions_are_flagged_on_the_follow_page(actors, held):
    unit = actors.committee_member.committee_seats.get().unit
    factories.make_resolution(held, lead_unit=unit, due_date=date(2020, 1, 1))
    assert "已逾期" in actors.client("committee_member").get(url("meetings:follow")).content.decode()


def test_photos_are_re_encoded_without_gps(actors, held):
    from tests import uploads

    photo = uploads.jpeg_with_gps("sheet.jpg")
    actors.client("staff").post(url("meetings:photos", held), {"photo": photo, "caption": "合影"})
    saved = held.photos.get()
    with saved.image.open("rb") as f:
        assert not uploads.has_gps(f.read())


def test_a_fake_photo_is_refused(actors, held):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("sheet.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    actors.client("staff").post(url("meetings:photos", held), {"sign_in_sheet": fake})
    held.refresh_from_db()
    assert not held.sign_in_sheet and not held.photos.exists()


def test_attendance_status_list_is_complete():
    assert {s.value for s in Attendance.Status} == {"", "present", "leave", "absent", "proxy"}


def test_staff_prepare_the_agenda_of_a_planned_meeting(actors):
    meeting = factories.make_meeting(actors.community)
    client = actors.client("staff")
    assert 'name="agenda-title"' in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    client.post(url("meetings:agenda_add", meeting), {"agenda-title": "讨论停车难"})
    assert meeting.agenda_items.get().title == "讨论停车难"


def test_the_agenda_of_a_closed_meeting_cannot_change(actors, held):
    held.close(by=actors.staff)
    actors.client("staff").post(url("meetings:agenda_add", held), {"agenda-title": "补一个"})
    assert not held.agenda_items.exists()


def test_meeting_pages_speak_english_when_asked(actors, held):
    client = actors.client("staff")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("meetings:log", args=[held.pk])).content.decode()
    assert "Log the meeting" in page and "Quorum reached" in page and "会议登记" not in page


def test_the_meeting_page_offers_progress_to_a_co_unit_as_the_progress_rule_allows(actors):
    from datetime import timedelta

    from members.models import CommitteeSeat

    first = factories.make_held_meeting(actors.community, present=1)
    co_unit = CommitteeSeat.objects.get(user=actors.committee_member).unit
    resolution = factories.make_resolution(first, lead_unit=factories.make_unit(actors.community, "区水务局"))
    resolution.co_units.add(co_unit)
    first.close(by=actors.staff)
    second = factories.make_meeting(actors.community, starts_at=first.starts_at + timedelta(days=30))
    second.open(by=actors.staff)
    page = actors.client("committee_member").get(reverse("meetings:detail", args=[second.pk])).content.decode()
    assert reverse("meetings:progress", args=[resolution.pk]) in page
