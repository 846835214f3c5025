"""No double-booked home visit: one pending step per request per slot, one home at a time per staff member.

A slot is HomeStep.SLOT (an hour): a booking less than that from a pending step of the same request, or of
the same staff member on any request, is refused by the model inside a transaction that locks the request and
the staff member's rows, and the form says so at the appointment field with what was typed.
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from services.models import BookingConflict, HomeStep, ServiceRequest
from tests import factories
from tests.utils import run_together

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def req(actors):
    req = factories.make_request(actors.community, actors.resident, address="红星路1号3栋")
    req.accept(actors.staff)
    return req


def book_url(req) -> str:
    return reverse("services:act", args=[req.reference, "book"])


def form(when: str, kind: str = "visit", note: str = "带上申请表") -> dict:
    return {"book-kind": kind, "book-appointment_at": when, "book-note": note}


def test_booking_a_free_slot_works(req, actors):
    response = actors.client("staff").post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    assert response.status_code == 302
    assert req.steps.get().staff == actors.staff


def test_the_same_slot_twice_for_a_request_is_refused(req, actors):
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(9))
    with pytest.raises(BookingConflict):
        req.book_step(actors.admin, HomeStep.Kind.VISIT, at(9))
    with pytest.raises(BookingConflict):
        req.book_step(actors.admin, HomeStep.Kind.DELIVERY, at(9, 30))  # overlaps the visit's hour
    assert req.steps.count() == 1


def test_a_later_slot_or_one_after_the_visit_is_done_is_accepted(req, actors):
    first = req.book_step(actors.staff, HomeStep.Kind.VISIT, at(9))
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(10))  # an hour later: no overlap
    req.record_visit(actors.staff, first, "已上门核实")
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(8, 15))  # the 9:00 visit is done, not pending
    assert req.steps.count() == 3


def test_a_staff_member_cannot_be_at_two_homes_at_once(req, actors):
    other = factories.make_request(actors.community, factories.make_user(actors.community, "陈大爷"))
    other.accept(actors.staff)
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(14))
    with pytest.raises(BookingConflict) as refused:
        other.book_step(actors.staff, HomeStep.Kind.VISIT, at(14, 20))
    assert req.reference in str(refused.value)
    other.book_step(actors.admin, HomeStep.Kind.VISIT, at(14, 20))  # someone else may go
    assert HomeStep.objects.count() == 2


def test_a_visit_left_pending_on_a_closed_request_does_not_hold_its_hour(req, actors):
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(14))
    ServiceRequest.objects.filter(pk=req.pk).update(status=ServiceRequest.Status.CLOSED)
    other = factories.make_request(actors.community, factories.make_user(actors.community, "陈大爷"))
    other.accept(actors.staff)
    other.book_step(actors.staff, HomeStep.Kind.VISIT, at(14))
    assert HomeStep.objects.count() == 2


def test_two_saves_in_sequence_do_not_both_succeed(req, actors):
    first = actors.client("staff").post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    second = actors.client("admin").post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    assert first.status_code == 302 and second.status_code == 400
    assert req.steps.count() == 1
    assert req.events.filter(kind="visit").count() == 1


def test_the_form_shows_the_clash_at_the_field_and_keeps_what_was_typed(req, actors):
    req.book_step(actors.staff, HomeStep.Kind.VISIT, at(9))
    response = actors.client("staff").post(book_url(req), form(f"{at(9, 30):%Y-%m-%dT%H:%M}", note="第二次上门"))
    assert response.status_code == 400
    bound = response.context["forms"]["book"]
    assert "appointment_at" in bound.errors and "09:00" in bound.errors["appointment_at"][0]
    page = response.content.decode()
    assert f'value="{at(9, 30):%Y-%m-%dT%H:%M}"' in page and "第二次上门" in page
    assert req.steps.count() == 1


def test_bad_input_is_refused_at_the_field(req, actors):
    response = actors.client("staff").post(book_url(req), form("明天上午"))
    assert response.status_code == 400
    assert "appointment_at" in response.context["forms"]["book"].errors
    assert not req.steps.exists()


def test_booking_requires_login(req, client):
    response = client.post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_booking_hides_other_communities(req, actors):
    response = actors.client("outsider").post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    assert response.status_code == 404


def test_booking_requires_staff(req, actors):
    response = actors.client("resident").post(book_url(req), form(f"{at(9):%Y-%m-%dT%H:%M}"))
    assert response.status_code in (403, 404)
    assert not req.steps.exists()


def test_booking_rejects_get(req, actors):
    assert actors.client("staff").get(book_url(req)).status_code == 405


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_desks_booking_the_same_slot_at_once_one_wins():
    community = factories.make_community("红星社区", "HX")
    staff = [factories.make_staff(community, "李秀梅"), factories.make_staff(community, "陈立新")]
    req = factories.make_request(community, factories.make_user(community, "张桂兰"))
    req.accept(staff[0])

    def book(i):
        from services.models import ServiceRequest

        return ServiceRequest.objects.get(pk=req.pk).book_step(staff[i], HomeStep.Kind.VISIT, at(9))

    results = run_together(2, book)
    assert sum(isinstance(r, BookingConflict) for r in results) == 1, results
    assert HomeStep.objects.filter(request=req).count() == 1
