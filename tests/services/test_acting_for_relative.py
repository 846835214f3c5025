"""亲属代办: a resident files for someone else; both the filer and the person served follow the request."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import recovery
from portal.models import Notification
from services.models import ServiceRequest
from tests import sms
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("services:apply")
TRACK = reverse("services:track")
MOTHER_PHONE = "13955556666"


def file_for_mother(actors, **extra):
    data = {
        "form_token": str(uuid.uuid4()),
        "kind": "appeal",
        "description": "母亲家的水管漏水",
        "served_name": "王秀英",
        "served_phone": MOTHER_PHONE,
        "served_relation": "child",
    } | extra
    return actors.client("resident").post(URL, data)


def filed(actors) -> ServiceRequest:
    response = file_for_mother(actors)
    assert response.status_code == 302, response.context["form"].errors
    return ServiceRequest.objects.get(served_phone=MOTHER_PHONE)


def test_the_request_records_the_filer_and_the_person_served(actors):
    req = filed(actors)
    assert req.applicant == actors.resident and req.applicant_name == actors.resident.real_name
    assert (req.served_name, req.served_relation) == ("王秀英", ServiceRequest.Relation.CHILD)
    assert req.proxy_line() == f"代办：{actors.resident.real_name}（子女）为 王秀英"


def test_a_request_for_oneself_leaves_the_served_fields_blank(actors):
    response = file_for_mother(actors, served_name="", served_phone="", served_relation="")
    assert response.status_code == 302
    req = ServiceRequest.objects.get(applicant=actors.resident)
    assert (req.served_name, req.served_phone, req.served_relation, req.proxy_line()) == ("", "", "", "")


def test_a_half_filled_proxy_is_refused_at_its_fields_and_keeps_what_was_typed(actors):
    response = file_for_mother(actors, served_phone="", served_relation="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "served_phone" in errors and "served_relation" in errors and "served_name" not in errors
    assert "王秀英" in response.content.decode() and "母亲家的水管漏水" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_the_filers_own_number_is_not_the_person_served(actors):
    response = file_for_mother(actors, served_phone=actors.resident.phone)
    assert "served_phone" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_the_desk_and_the_request_page_say_who_filed_for_whom(actors):
    req = filed(actors)
    line = f"代办：{actors.resident.real_name}（子女）为 王秀英"
    assert line in actors.client("staff").get(reverse("services:desk")).content.decode()
    assert line in actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert line in actors.client("resident").get(req.get_absolute_url()).content.decode()


def test_the_person_served_tracks_it_with_the_digits_of_their_own_phone(actors):
    req = filed(actors)
    response = actors.client(None).post(TRACK, {"ref": req.reference, "digits": MOTHER_PHONE[-4:]})
    assert response.status_code == 200 and response.context["found"] == req


def test_a_verified_account_of_the_person_served_follows_it_and_is_told(actors):
    mother = make_user(actors.community, "王秀英", phone=MOTHER_PHONE)
    mother.phone_verified_at = timezone.now()
    mother.save(update_fields=["phone_verified_at"])
    req = filed(actors)
    assert req.served_account == mother
    client = actors.client(None)
    client.force_login(mother)
    assert client.get(req.get_absolute_url()).status_code == 200
    assert req.reference in client.get(reverse("services:mine")).content.decode()
    req.accept(actors.staff)
    assert Notification.objects.filter(recipient=mother, url=req.get_absolute_url()).exists()
    assert Notification.objects.filter(recipient=actors.resident, url=req.get_absolute_url()).exists()


def test_the_person_served_follows_but_does_not_rate_in_the_filers_place(actors):
    mother = make_user(actors.community, "王秀英", phone=MOTHER_PHONE)
    mother.phone_verified_at = timezone.now()
    mother.save(update_fields=["phone_verified_at"])
    req = filed(actors)
    req.status, req.closed_at = ServiceRequest.Status.CLOSED, timezone.now()
    req.save(update_fields=["status", "closed_at"])
    assert req.next_steps(mother) == [] and "rate" in req.next_steps(actors.resident)
    client = actors.client(None)
    client.force_login(mother)
    rate = reverse("services:applicant_act", args=[req.reference, "rate"])
    assert client.post(rate, {"rate-score": 5, "rate-solved": "yes"}).status_code == 403


def test_the_request_joins_the_account_of_the_person_served_when_their_number_is_verified(actors):
    req = filed(actors)
    mother = make_user(actors.community, "王秀英", phone=MOTHER_PHONE)
    recovery.confirm_phone(mother)
    req.refresh_from_db()
    assert req.served_account == mother and req.applicant == actors.resident
    assert Notification.objects.filter(recipient=mother, url=reverse("services:mine")).exists()


def test_a_person_served_without_an_account_is_told_by_sms(actors):
    req = filed(actors)
    req.accept(actors.staff)
    (message,) = sms.to(MOTHER_PHONE)
    assert message.params["ref"] == req.reference
    # Her number was typed by someone else: the text leads to the tracking page, never a link that opens it.
    assert message.params["link"].endswith(reverse("services:track")) and "t=" not in message.params["link"]


def test_the_objection_form_asks_for_nobody_else(actors):
    from services.forms import ApplyForm

    form = ApplyForm(user=actors.resident, community=actors.community, on_behalf=False, notice=object())
    assert not set(ApplyForm.SERVED) & set(form.fields)


def test_the_desk_may_file_for_a_caller_acting_for_a_neighbour(actors):
    data = {
        "form_token": str(uuid.uuid4()),
        "kind": "appeal",
        "channel": "phone",
        "applicant_name": "赵邻居",
        "applicant_phone": "13811112222",
        "description": "隔壁老人家中停电",
        "served_name": "钱大爷",
        "served_phone": "0431-88886666",
        "served_relation": "neighbour",
    }
    assert actors.client("staff").post(URL, data).status_code == 302
    req = ServiceRequest.objects.get(served_name="钱大爷")
    assert req.proxy_line() == "代办：赵邻居（邻居）为 钱大爷" and req.served_account is None


def _served_mother(actors) -> tuple:
    mother = make_user(actors.community, "王秀英", phone=MOTHER_PHONE)
    mother.phone_verified_at = timezone.now()
    mother.save(update_fields=["phone_verified_at"])
    req = filed(actors)
    assert req.served_account == mother
    return mother, req


def test_the_person_served_downloads_the_request_without_the_filers_number_or_words(actors):
    from services.retention import export_requests

    mother, req = _served_mother(actors)
    (row,) = export_requests(mother)
    assert row["reference"] == req.reference and row["filed_for"]["name"] == "王秀英"
    assert actors.resident.phone not in str(row) and "水管漏水" not in str(row)
    assert row["filed_for_you_by"]["phone"].count("*") == 4


def test_the_person_served_closing_their_account_leaves_the_filers_request_with_the_filer(actors):
    from services.retention import forget_requests

    mother, req = _served_mother(actors)
    req.status, req.closed_at = ServiceRequest.Status.CLOSED, timezone.now()
    req.save(update_fields=["status", "closed_at"])
    forget_requests(mother)
    req.refresh_from_db()
    assert req.applicant == actors.resident and req.description == "母亲家的水管漏水"
    assert (req.served_account, req.served_name, req.served_phone) == (None, "", "")
