"""The request page, the staff and applicant steps taken from it, its files and its receipt."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.uploads import clean_image
from services import tracking
from services.models import Attachment, FollowUp, ServiceRequest
from tests import uploads
from tests.factories import make_admin, make_item, make_request, make_user
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db
S = ServiceRequest.Status


@pytest.fixture
def req(actors):
    return make_request(actors.community, actors.resident, make_item(actors.community, "低保申请"), address="红星路1号")


def act(req, action):
    return reverse("services:act", args=[req.reference, action])


def mine(req, action):
    return reverse("services:applicant_act", args=[req.reference, action])


def test_the_applicant_sees_the_public_timeline_only(req, actors):
    req.add_note(actors.staff, "内部：核对收入", public=False)
    req.add_note(actors.staff, "请周一来窗口", public=True)
    page = actors.client("resident").get(req.get_absolute_url()).content.decode()
    assert "请周一来窗口" in page and "核对收入" not in page
    assert actors.resident.phone in page


def test_staff_see_everything_and_the_full_phone(req, actors):
    req.add_note(actors.staff, "内部：核对收入", public=False)
    page = actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "核对收入" in page and actors.resident.phone in page and "受理" in page


def test_it_requires_login(client, req):
    response = client.get(req.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("who", ["outsider", "outsider_resident", "party_member"])
def test_others_get_404(req, actors, who):
    assert actors.client(who).get(req.get_absolute_url()).status_code == 404


def test_it_rejects_post(req, actors):
    assert actors.client("staff").post(req.get_absolute_url()).status_code == 405


def test_staff_accept_from_the_page(req, actors):
    response = actors.client("staff").post(act(req, "accept"), {"accept-note": ""})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == S.ACCEPTED and req.assignee == actors.staff


def test_a_refused_move_is_explained_not_crashed(req, actors):
    client = actors.client("staff")
    response = client.post(act(req, "complete"), {}, follow=True)
    assert ServiceRequest.objects.get(pk=req.pk).status == S.SUBMITTED
    assert any("不可" in str(m) or "not possible" in str(m) for m in response.context["messages"])


def test_reject_without_reason_is_an_error_and_nothing_changes(req, actors):
    actors.client("staff").post(act(req, "reject"), {"reject-reason": ""})
    assert ServiceRequest.objects.get(pk=req.pk).status == S.SUBMITTED


def test_the_applicant_cannot_take_staff_steps(req, actors):
    assert actors.client("resident").post(act(req, "accept")).status_code == 403


def test_staff_of_another_community_get_404_on_steps(req, actors):
    assert actors.client("outsider").post(act(req, "accept")).status_code == 404


def test_steps_require_post_and_login(req, actors, client):
    assert actors.client("staff").get(act(req, "accept")).status_code == 405
    assert client.post(act(req, "accept")).status_code == 302
    assert actors.client("staff").post(act(req, "explode")).status_code == 404


def test_staff_deliver_with_a_photo_proof(req, actors):
    req.status, req.needs_delivery = S.COMPLETED, True
    req.save()
    actors.client("staff").post(
        act(req, "deliver"), {"deliver-note": "送到家中", "deliver-photo": uploads.jpeg_with_gps()}
    )
    req.refresh_from_db()
    event = req.events.get(status=S.DELIVERED)
    assert req.status == S.DELIVERED and event.photo and not uploads.has_gps(event.photo.read())
    photo = actors.client("resident").get(reverse("services:photo", args=[req.reference, event.pk]))
    assert photo.status_code == 200 and photo["Content-Disposition"].startswith("attachment")


def test_the_applicant_adds_materials_when_asked(req, actors):
    req.accept(actors.staff)
    req.ask_for_materials(actors.staff, "户口簿")
    response = actors.client("resident").post(
        mine(req, "materials"), {"materials-text": "户口簿照片", "materials-photo": uploads.png()}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == S.IN_PROGRESS and Attachment.objects.filter(request=req).count() == 1
    att = Attachment.objects.get()
    assert actors.client("staff").get(reverse("services:attachment", args=[req.reference, att.pk])).status_code == 200
    assert (
        actors.client("outsider").get(reverse("services:attachment", args=[req.reference, att.pk])).status_code == 404
    )


def test_an_empty_materials_form_saves_nothing(req, actors):
    actors.client("resident").post(mine(req, "materials"), {"materials-text": " "})
    assert req.events.count() == 1


def test_staff_cannot_use_the_applicants_steps(req, actors):
    assert actors.client("staff").post(mine(req, "rate"), {"rate-score": "5"}).status_code == 403


def test_the_applicant_rates_and_a_poor_rating_reaches_the_admins_desk(req, actors):
    req.status = S.COMPLETED
    req.save()
    actors.client("resident").post(mine(req, "rate"), {"rate-score": "2", "rate-solved": "no", "rate-comment": "太慢"})
    assert FollowUp.objects.filter(request=req, owner=actors.admin).exists()
    page = actors.client("admin").get(reverse("services:desk")).content.decode()
    assert req.reference in page and "太慢" in page


def test_the_admin_resolves_the_follow_up(req, actors):
    req.status = S.COMPLETED
    req.save()
    req.rate(actors.resident, 1, "差")
    follow_up = FollowUp.objects.get()
    url = reverse("services:resolve_follow_up", args=[follow_up.pk])
    assert actors.client("staff").post(url, {"resolution": "x"}).status_code == 403
    assert actors.client("outsider").post(url, {"resolution": "x"}).status_code == 403
    assert actors.client("admin").get(url).status_code == 405
    other_admin = Client()
    other_admin.force_login(make_admin(actors.other_community, "外社区书记"))
    assert other_admin.post(url, {"resolution": "x"}).status_code == 404
    actors.client("admin").post(url, {"resolution": "已上门回访"})
    assert FollowUp.objects.get().status == FollowUp.Status.RESOLVED


def test_the_applicant_reopens_from_the_page(req, actors):
    req.status = S.COMPLETED
    req.save()
    req.rate(actors.resident, 5)
    actors.client("resident").post(mine(req, "reopen"), {"reopen-reason": "证还没拿到"})
    assert ServiceRequest.objects.get(pk=req.pk).status == S.IN_PROGRESS


def test_staff_book_and_record_a_home_visit(req, actors):
    req.accept(actors.staff)
    client = actors.client("staff")
    client.post(act(req, "book"), {"book-kind": "visit", "book-appointment_at": "2026-12-01T09:30", "book-note": ""})
    step = req.steps.get()
    client.post(act(req, "visit"), {"visit-step": step.pk, "visit-note": "上门拍照", "visit-photo": uploads.png()})
    step.refresh_from_db()
    assert step.done_at is not None
    assert req.events.filter(kind="visit").count() == 2


def test_the_detail_page_has_a_fixed_query_count(req, actors):
    client = actors.client("staff")

    def add_rows():
        for i in range(20):
            event = req.add_note(actors.staff, f"第{i}条", public=bool(i % 2), files=[uploads.pdf()])
            event.attach_photo(clean_image(uploads.png()))

    assert_constant_queries(client, req.get_absolute_url(), add_rows)


def test_the_receipt_shows_reference_materials_due_date_and_a_qr(req, actors):
    response = actors.client("resident").get(reverse("services:receipt", args=[req.reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert req.reference in page and "户口簿" in page and "data:image/png;base64," in page
    assert f"/services/track/?t={tracking.make_token(req)}" in page  # the signed link: no digits, no lock
    assert actors.resident.phone not in page  # masked on paper


def test_the_receipt_is_private(req, actors):
    url = reverse("services:receipt", args=[req.reference])
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client("staff").post(url).status_code == 405


def test_mine_lists_only_my_requests_in_fixed_queries(req, actors):
    other = make_user(actors.community, "别人")
    make_request(actors.community, other, description="别人的事")
    client = actors.client("resident")
    page = client.get(reverse("services:mine")).content.decode()
    assert req.reference in page and "别人的事" not in page

    def add_rows():
        for _ in range(20):
            make_request(actors.community, actors.resident, make_item(actors.community))

    assert_constant_queries(client, reverse("services:mine"), add_rows)


def test_mine_requires_login(client):
    assert client.get(reverse("services:mine")).status_code == 302


def test_mine_rejects_post(actors):
    assert actors.client("resident").post(reverse("services:mine")).status_code == 405


def test_staff_are_offered_exactly_the_steps_the_request_allows_now(req, actors):
    client = actors.client("staff")

    def offered():
        page = client.get(req.get_absolute_url()).content.decode()
        return {action for action in ServiceRequest.STAFF_STEPS if act(req, action) in page}

    assert offered() == {"accept", "reject"}
    req.accept(actors.staff)
    assert offered() == {"start", "ask"}
    req.start(actors.staff)
    req.complete(actors.staff)
    assert offered() == {"close"}
    req.close(actors.staff)
    assert offered() == set()
    assert "rate" in req.next_steps(actors.resident) and req.next_steps(actors.staff) == []
