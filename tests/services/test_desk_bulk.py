"""Bulk steps on the desk: accept, close and remind the ticked requests, each through its own model step."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditLog, Notification
from services.models import RequestEvent, ServiceRequest
from tests.factories import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
URL = reverse("services:bulk_act")
S = ServiceRequest.Status


def post(client, action: str, reqs, **extra):
    return client.post(URL, {"action": action, "refs": [r.reference for r in reqs], **extra})


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def status(req) -> str:
    return ServiceRequest.objects.get(pk=req.pk).status


def completed(actors, **fields):
    req = make_request(actors.community, actors.resident, **fields)
    req.accept(actors.staff)
    req.start(actors.staff)
    req.complete(actors.staff)
    return req


def overdue(actors):
    req = make_request(actors.community, actors.resident)
    req.accept(actors.staff)
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    return req


def test_accept_takes_each_request_through_its_step_and_says_how_many(actors):
    reqs = [make_request(actors.community, actors.resident) for _ in range(3)]
    response = post(actors.client("staff"), "accept", reqs, back="status=open&kind=appeal")
    assert response.status_code == 302 and response["Location"] == f"{reverse('services:desk')}?status=open&kind=appeal"
    assert told(response) == ["3 件已受理"]
    for req in reqs:
        fresh = ServiceRequest.objects.get(pk=req.pk)
        assert fresh.status == S.ACCEPTED and fresh.due_date and fresh.assignee == actors.staff
        assert fresh.events.filter(kind=RequestEvent.Kind.STATUS, status=S.ACCEPTED).count() == 1
    # Audited as the single step is: one entry per request, by the staff member.
    entries = AuditLog.objects.filter(action="action", note="accepted")
    assert entries.count() == 3 and {e.actor for e in entries} == {actors.staff}


def test_accept_names_the_requests_it_refuses_and_why(actors):
    fresh = make_request(actors.community, actors.resident)
    rejected = make_request(actors.community, actors.resident)
    rejected.reject(actors.staff, "不属于受理范围")
    taken = make_request(actors.community, actors.resident)
    taken.accept(actors.admin)
    response = post(actors.client("staff"), "accept", [fresh, rejected, taken])
    assert status(fresh) == S.ACCEPTED and status(rejected) == S.REJECTED
    assert ServiceRequest.objects.get(pk=taken.pk).assignee == actors.admin
    assert told(response) == [
        f"1 件已受理；{rejected.reference} 未受理：该办件当前为“不予受理”，不可进行此操作；"
        f"{taken.reference} 未受理：王建华 已受理该办件"
    ]


def test_close_closes_the_finished_and_refuses_the_rest(actors):
    done = completed(actors)
    to_deliver = completed(actors, needs_delivery=True)
    fresh = make_request(actors.community, actors.resident)
    response = post(actors.client("staff"), "close", [done, to_deliver, fresh])
    assert status(done) == S.CLOSED and status(to_deliver) == S.COMPLETED and status(fresh) == S.SUBMITTED
    (message,) = told(response)
    assert message.startswith("1 件已关闭；")
    assert f"{to_deliver.reference} 未关闭：" in message and f"{fresh.reference} 未关闭：" in message


def test_when_every_request_is_refused_the_message_is_an_error(actors):
    fresh = make_request(actors.community, actors.resident)
    response = post(actors.client("staff"), "close", [fresh])
    (message,) = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error" and str(message).startswith("0 件已关闭；")


def test_remind_tells_the_handler_of_an_overdue_request_and_the_applicant_of_a_waiting_one(actors):
    late = overdue(actors)
    waiting = make_request(actors.community, actors.resident)
    waiting.accept(actors.staff)
    waiting.ask_for_materials(actors.staff, "户口簿\n身份证")
    on_time = make_request(actors.community, actors.resident)
    Notification.objects.all().delete()

    response = post(actors.client("admin"), "remind", [late, waiting, on_time])
    (message,) = told(response)
    assert message.startswith("2 件已提醒；") and f"{on_time.reference} 未提醒：" in message
    handler_note = Notification.objects.get(recipient=actors.staff)
    assert late.reference in handler_note.title and handler_note.url == late.get_absolute_url()
    applicant_note = Notification.objects.get(recipient=actors.resident)
    assert waiting.reference in applicant_note.title and "户口簿；身份证" in applicant_note.title
    assert late.events.filter(audience=RequestEvent.Audience.INTERNAL, text__contains="提醒").exists()
    assert waiting.events.filter(audience=RequestEvent.Audience.APPLICANT, text__contains="户口簿").exists()
    assert AuditLog.objects.filter(action="action", note="reminded").count() == 2


def test_a_request_is_reminded_once_a_day_with_the_daily_reminder(actors):
    from django.core.management import call_command

    late = overdue(actors)
    call_command("remind_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = post(actors.client("staff"), "remind", [late])
    assert told(response) == [f"0 件已提醒；{late.reference} 未提醒：今天已提醒过"]


def test_remind_refuses_a_caller_nobody_can_reach_but_by_phone(actors):
    caller = make_request(actors.community, None, applicant_phone="0431-7654321")
    caller.accept(actors.staff)
    caller.ask_for_materials(actors.staff, "户口簿")
    response = post(actors.client("staff"), "remind", [caller])
    assert "请电话联系" in told(response)[0]


def test_another_communitys_reference_among_the_ticked_refuses_them_all(actors):
    mine = make_request(actors.community, actors.resident)
    theirs = make_request(actors.other_community, actors.outsider_resident)
    assert post(actors.client("staff"), "accept", [mine, theirs]).status_code == 404
    assert status(mine) == S.SUBMITTED and status(theirs) == S.SUBMITTED
    assert not AuditLog.objects.filter(action="action").exists()


@pytest.mark.parametrize("ref", ["HX209901010001", "not a reference", "HX2026\x0012020001"])
def test_an_unknown_or_malformed_reference_is_not_found(actors, ref):
    mine = make_request(actors.community, actors.resident)
    response = actors.client("staff").post(URL, {"action": "accept", "refs": [mine.reference, ref]})
    assert response.status_code == 404 and status(mine) == S.SUBMITTED


def test_no_step_or_no_request_chosen_does_nothing_and_says_so(actors):
    req = make_request(actors.community, actors.resident)
    for data in [{"refs": [req.reference]}, {"action": "reject", "refs": [req.reference]}, {"action": "accept"}]:
        response = actors.client("staff").post(URL, data)
        assert response.status_code == 302 and told(response) == ["请勾选办件并选择操作。"]
    assert status(req) == S.SUBMITTED


def test_too_many_requests_at_once_are_refused(actors, monkeypatch):
    monkeypatch.setattr("services.views.desk.BULK_CAP", 2)
    reqs = [make_request(actors.community, actors.resident) for _ in range(3)]
    response = post(actors.client("staff"), "accept", reqs)
    assert told(response) == ["一次最多选择 2 件。"]
    assert not ServiceRequest.objects.filter(status=S.ACCEPTED).exists()


def test_it_requires_login(client, actors):
    req = make_request(actors.community, actors.resident)
    response = post(client, "accept", [req])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["resident", "party_member", "committee_member"])
def test_it_requires_staff(actors, who):
    req = make_request(actors.community, actors.resident)
    assert post(actors.client(who), "accept", [req]).status_code == 403
    assert status(req) == S.SUBMITTED


def test_it_rejects_get(actors):
    assert actors.client("staff").get(URL).status_code == 405


def test_it_needs_the_csrf_token(actors):
    req = make_request(actors.community, actors.resident)
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors.staff)
    assert post(client, "accept", [req]).status_code == 403 and status(req) == S.SUBMITTED


def test_the_desk_offers_the_steps_under_the_ticked_rows(actors):
    make_request(actors.community, actors.resident)
    page = actors.client("staff").get(reverse("services:desk")).content.decode()
    assert f'formaction="{URL}"' in page and 'name="action"' in page
    assert '<option value="remind">催办提醒</option>' in page and "全选本页" in page
