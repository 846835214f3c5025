"""Requests filed for callers: linked only to a verified account, SMS updates without one, the signed link."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import recovery
from portal.models import Notification
from services import tracking
from services.models import RequestEvent, ServiceRequest
from tests import sms
from tests.factories import make_request

pytestmark = pytest.mark.django_db
URL = reverse("services:apply")
TRACK = reverse("services:track")


def file_for(actors, phone: str, **extra) -> ServiceRequest:
    data = {
        "form_token": str(uuid.uuid4()),
        "kind": "appeal",
        "channel": "phone",
        "applicant_name": "刘大爷",
        "applicant_phone": phone,
        "description": "家里暖气不热",
        "address": "红星路3号",
    } | extra
    response = actors.client("staff").post(URL, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ServiceRequest.objects.get(applicant_phone=phone.replace(" ", ""))


def verify(user):
    user.phone_verified_at = timezone.now()
    user.save(update_fields=["phone_verified_at"])


def test_a_request_for_a_number_whose_account_is_not_verified_stays_unlinked(actors):
    req = file_for(actors, actors.resident.phone, sms_updates="on")
    assert req.applicant is None and req.sms_updates


def test_it_joins_the_account_when_the_number_is_verified_and_the_person_is_told(actors):
    req = file_for(actors, actors.resident.phone)
    recovery.confirm_phone(actors.resident)
    req.refresh_from_db()
    assert req.applicant == actors.resident and not req.sms_updates
    note = Notification.objects.get(recipient=actors.resident)
    assert "1" in note.title and note.url == reverse("services:mine")
    assert actors.client("resident").get(req.get_absolute_url()).status_code == 200


def test_verification_never_pulls_in_another_communitys_requests(actors):
    stranger = actors.outsider_resident
    req = file_for(actors, stranger.phone)
    recovery.confirm_phone(stranger)
    req.refresh_from_db()
    assert req.applicant is None


def test_the_request_page_shows_staff_whether_and_to_whom_it_is_linked(actors):
    verify(actors.resident)
    linked = file_for(actors, actors.resident.phone)
    loose = file_for(actors, "13912345678", sms_updates="on")
    landline = file_for(actors, "0431-88886666", sms_updates="on")
    staff = actors.client("staff")
    page = staff.get(linked.get_absolute_url()).content.decode()
    assert actors.resident.real_name in page and actors.resident.masked_phone in page
    assert "短信" in staff.get(loose.get_absolute_url()).content.decode()
    assert not landline.sms_updates
    assert "固定电话" in staff.get(landline.get_absolute_url()).content.decode()


def test_a_malformed_number_is_refused_at_the_field(actors):
    data = {"form_token": str(uuid.uuid4()), "kind": "appeal", "channel": "phone", "applicant_name": "刘大爷"}
    for bad in ("1234", "23812345678", "0431-12"):
        response = actors.client("staff").post(URL, data | {"applicant_phone": bad, "description": "x"})
        assert response.status_code == 200 and "applicant_phone" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_each_step_goes_by_sms_with_a_signed_link_after_commit_up_to_the_cap(actors):
    req = file_for(actors, "13912345678", sms_updates="on")
    req.accept(actors.staff)
    req.start(actors.staff)
    messages = sms.to("13912345678")
    assert [m.params["status"] for m in messages] == ["已受理", "办理中"]
    assert messages[0].params["link"].endswith(tracking.track_path(req))
    for _ in range(tracking.SMS_CAP):
        req.add_note(actors.staff, "进展", public=True)
        req.refresh_from_db()
        req._tell_applicant("x")
    req.refresh_from_db()
    assert req.sms_sent == tracking.SMS_CAP and len(sms.to("13912345678")) == tracking.SMS_CAP


def test_no_sms_without_the_opt_in(actors):
    req = file_for(actors, "13912345678")
    req.accept(actors.staff)
    assert sms.delivered() == []


def test_the_signed_link_shows_the_applicants_view_without_digits_or_lock(actors):
    req = file_for(actors, "13912345678", sms_updates="on")
    req.accept(actors.staff, "请带户口簿")
    req.add_note(actors.staff, "内部备注", public=False)
    for _ in range(tracking.LOCK_FAILURES + 1):
        Client().post(TRACK, {"ref": req.reference, "digits": "0000"}, REMOTE_ADDR="203.0.113.9")
    page = Client().get(TRACK, {"t": tracking.make_token(req)})
    text = page.content.decode()
    assert page.status_code == 200 and "请带户口簿" in text and "内部备注" not in text
    forged = tracking.make_token(req)[:-2] + "xx"
    assert Client().get(TRACK, {"t": forged}).status_code == 404


def test_five_wrong_digit_sets_lock_the_reference_for_an_hour_whatever_the_address(actors, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    req = make_request(actors.community, applicant_phone="13912345678")
    for n in range(tracking.LOCK_FAILURES):
        Client().post(TRACK, {"ref": req.reference, "digits": "0000"}, REMOTE_ADDR=f"203.0.113.{n}")
    right = {"ref": req.reference, "digits": "5678"}
    locked = Client().post(TRACK, right, REMOTE_ADDR="198.51.100.1")
    assert locked.status_code == 429 and locked.context["found"] is None
    time_machine.shift(timedelta(hours=1, seconds=1))
    assert Client().post(TRACK, right, REMOTE_ADDR="198.51.100.1").context["found"] == req


def test_correct_look_ups_from_one_hall_tablet_are_never_blocked(actors):
    req = make_request(actors.community, applicant_phone="13912345678")
    tablet = Client()
    for _ in range(30):
        response = tablet.post(TRACK, {"ref": req.reference, "digits": "5678"})
        assert response.status_code == 200 and response.context["found"] == req


def test_digits_show_only_public_steps_without_text_or_appointments(actors):
    req = make_request(actors.community, applicant_phone="13912345678", description="我的身份证号220102...")
    req.accept(actors.staff, "给申请人的说明")
    req.book_step(actors.staff, "visit", timezone.now() + timedelta(days=1), "上门时间")
    req.add_note(actors.staff, "申请人补充材料文字", public=True)
    response = Client().post(TRACK, {"ref": req.reference, "digits": "5678"})
    page = response.content.decode()
    assert response.context["found"] == req
    assert [e.status for e in response.context["events"]] == ["submitted", "accepted"]
    for hidden in ("给申请人的说明", "上门时间", "申请人补充材料文字", "身份证号", "上门办理"):
        assert hidden not in page


def test_when_the_counter_store_fails_tracking_by_digits_is_refused_but_the_page_works(actors, monkeypatch):
    from portal import limits

    req = make_request(actors.community, applicant_phone="13912345678")

    def down(*args, **kwargs):
        raise limits.StoreDown("down")

    monkeypatch.setattr(limits, "count", down)
    assert Client().get(TRACK).status_code == 200
    response = Client().post(TRACK, {"ref": req.reference, "digits": "5678"})
    assert response.status_code == 503 and response.context["found"] is None
    assert Client().get(TRACK, {"t": tracking.make_token(req)}).status_code == 200


def test_steps_have_an_audience_kept_in_step_with_public(actors):
    req = make_request(actors.community, applicant_phone="13912345678")
    note = req.add_note(actors.staff, "内部", public=False)
    shown = req.add_note(actors.staff, "给申请人", public=True)
    assert (note.audience, note.public) == ("internal", False)
    assert (shown.audience, shown.public) == ("applicant", True)
    status = req.events.get(kind=RequestEvent.Kind.STATUS)
    assert status.audience == "public"
