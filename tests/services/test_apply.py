"""Filing at /services/apply/: residents online, staff on someone's behalf, once per form."""

import uuid

import pytest
from django.urls import reverse

from services.models import Attachment, ServiceRequest
from tests import uploads
from tests.factories import make_item, make_user

pytestmark = pytest.mark.django_db
URL = reverse("services:apply")


def form_data(item=None, **extra):
    data = {
        "form_token": str(uuid.uuid4()),
        "kind": "service" if item else "appeal",
        "item": item.pk if item else "",
        "description": "申请低保，家中两位老人无收入",
        "address": "红星路88号院3号楼",
        "contact_time": "上午",
        "wants_home_visit": "on",
    }
    return data | extra


def test_a_resident_files_online(actors):
    item = make_item(actors.community, "低保申请")
    response = actors.client("resident").post(URL, form_data(item))
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == req.get_absolute_url()
    assert (req.applicant, req.channel, req.applicant_phone) == (actors.resident, "online", actors.resident.phone)
    assert req.wants_home_visit and req.item == item and req.submitted_by == actors.resident


def test_the_form_shows_with_the_item_chosen(actors):
    item = make_item(actors.community, "低保申请")
    page = actors.client("resident").get(f"{URL}?item={item.pk}").content.decode()
    assert "低保申请" in page and 'name="form_token"' in page
    assert 'name="applicant_phone"' not in page


def test_it_requires_login(client, actors):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_rejects_other_methods(actors):
    assert actors.client("resident").put(URL).status_code == 405


def test_a_resubmitted_form_creates_one_request(actors):
    client = actors.client("resident")
    data = form_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert ServiceRequest.objects.count() == 1
    assert first.url == second.url


def test_a_service_needs_its_item_and_nothing_is_saved(actors):
    response = actors.client("resident").post(URL, form_data(kind="service"))
    assert response.status_code == 200
    assert "item" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_another_communitys_item_is_refused(actors):
    foreign = make_item(actors.other_community, "外社区事项")
    response = actors.client("resident").post(URL, form_data(foreign))
    assert "item" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_photos_are_re_encoded_without_gps_and_pdfs_kept(actors):
    data = form_data(photo=uploads.jpeg_with_gps(), document=uploads.pdf())
    actors.client("resident").post(URL, data)
    photo, document = Attachment.objects.order_by("pk")
    assert photo.is_image and not uploads.has_gps(photo.file.read())
    assert document.name == "materials.pdf" and not document.is_image


@pytest.mark.parametrize("attack", list(uploads.ATTACKS))
def test_upload_attacks_are_refused_and_nothing_saved(actors, attack):
    field = "photo" if attack in ("php renamed .jpg", "20000x20000 png bomb") else "document"
    response = actors.client("resident").post(URL, form_data(**{field: uploads.ATTACKS[attack]()}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()


def test_staff_file_by_phone_for_someone_without_an_account(actors):
    response = actors.client("staff").post(
        URL, form_data(channel="phone", applicant_name="刘大爷", applicant_phone="13712349876")
    )
    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (req.channel, req.applicant, req.applicant_name, req.submitted_by) == (
        "phone",
        None,
        "刘大爷",
        actors.staff,
    )


def test_staff_filing_links_the_residents_account_by_phone_once_verified(actors):
    from django.utils import timezone

    actors.resident.phone_verified_at = timezone.now()
    actors.resident.save(update_fields=["phone_verified_at"])
    actors.client("staff").post(
        URL, form_data(channel="walk_in", applicant_name="张桂兰", applicant_phone=actors.resident.phone)
    )
    assert ServiceRequest.objects.get().applicant == actors.resident


def test_staff_filing_never_links_an_account_of_another_community(actors):
    stranger = make_user(actors.other_community, "外人")
    actors.client("staff").post(URL, form_data(channel="visit", applicant_name="外人", applicant_phone=stranger.phone))
    assert ServiceRequest.objects.get().applicant is None


def test_staff_must_give_name_and_phone(actors):
    response = actors.client("staff").post(URL, form_data(channel="phone"))
    errors = response.context["form"].errors
    assert "applicant_name" in errors and "applicant_phone" in errors
    response = actors.client("staff").post(URL, form_data(channel="phone", applicant_name="刘", applicant_phone="123"))
    assert "applicant_phone" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_staff_cannot_pretend_the_filing_was_online(actors):
    response = actors.client("staff").post(
        URL, form_data(channel="online", applicant_name="刘大爷", applicant_phone="13712349876")
    )
    assert "channel" in response.context["form"].errors
