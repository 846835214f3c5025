"""The escalation pages: the panel on a request, escalating and recording the resolution, the agenda link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.escalation import Escalation, escalate
from meetings.models import Meeting, Resolution
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def setup(actors):
    meeting = factories.make_meeting(
        actors.community, "quarterly", "2099-Q1", starts_at=timezone.now() + timedelta(days=20)
    )
    req = factories.make_request(actors.community, actors.resident)
    req.accept(actors.staff)
    req.start(actors.staff)
    return meeting, req


def escalate_url(req):
    return f"/meetings/escalate/{req.reference}/"


def test_staff_see_the_escalation_panel_on_a_request_and_the_applicant_does_not(actors, setup):
    _meeting, req = setup
    assert "提交联席会议协商" in actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "提交联席会议协商" not in actors.client("resident").get(req.get_absolute_url()).content.decode()


def test_staff_escalate_a_request_from_its_page(actors, setup):
    meeting, req = setup
    response = actors.client("staff").post(escalate_url(req), {"escalate-reason": "需要两家单位共同处理"})
    assert response.status_code == 302
    escalation = Escalation.objects.get(request=req)
    assert escalation.meeting == meeting and escalation.escalated_by == actors.staff
    page = actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "需要两家单位共同处理" in page and f"/meetings/{meeting.pk}/" in page
    agenda = actors.client("staff").get(f"/meetings/{meeting.pk}/").content.decode()
    assert req.get_absolute_url() in agenda  # linked both ways


def test_escalating_needs_a_reason(actors, setup):
    _meeting, req = setup
    actors.client("staff").post(escalate_url(req), {"escalate-reason": ""})
    assert not Escalation.objects.exists()


def test_escalating_requires_login_staff_and_post(actors, setup):
    _meeting, req = setup
    assert actors.client(None).post(escalate_url(req), {"escalate-reason": "x"}).status_code == 302
    assert actors.client("resident").post(escalate_url(req), {"escalate-reason": "x"}).status_code == 403
    assert actors.client("outsider").post(escalate_url(req), {"escalate-reason": "x"}).status_code == 404
    assert actors.client("staff").get(escalate_url(req)).status_code == 405
    assert not Escalation.objects.exists()


def test_staff_record_the_resolution_while_the_meeting_is_held(actors, setup):
    meeting, req = setup
    escalation = escalate(req, actors.staff, "原因")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, opened_at=timezone.now())
    lead, co1, co2 = (factories.make_unit(actors.community, n) for n in ("物业公司", "市政所", "水务局"))
    page = actors.client("staff").get(req.get_absolute_url()).content.decode()
    assert "记录会议为此诉求形成的议定事项" in page
    url = f"/meetings/escalations/{escalation.pk}/resolution/"
    data = {
        "adopt-text": "疏通管网",
        "adopt-lead_unit": lead.pk,
        "adopt-co_units": [co1.pk, co2.pk],
        "adopt-owner": "钱经理",
        "adopt-due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "adopt-is_public": "on",
    }
    assert actors.client("resident").post(url, data).status_code == 403
    assert actors.client("outsider").post(url, data).status_code == 404
    assert actors.client("staff").get(url).status_code == 405
    assert actors.client("staff").post(url, data).status_code == 302
    resolution = Resolution.objects.get(escalations=escalation)
    assert set(resolution.co_units.all()) == {co1, co2} and resolution.meeting == meeting
    timeline = actors.client("resident").get(req.get_absolute_url()).content.decode()
    assert "疏通管网" in timeline and "物业公司" in timeline and "水务局" in timeline


def test_the_resident_tracks_the_escalation_on_the_public_tracking_page(actors, setup):
    meeting, req = setup
    escalate(req, actors.staff, "内部原因不公开")
    response = actors.client(None).post("/services/track/", {"ref": req.reference, "digits": req.applicant_phone[-4:]})
    page = response.content.decode()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d") in page
    assert "内部原因不公开" not in page
