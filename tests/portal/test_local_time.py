"""Times shown to people are Beijing time (Asia/Shanghai), whatever the server's clock zone."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Meeting
from portal.audit import set_actor
from portal.models import AuditLog
from services.models import HomeStep, RequestEvent
from tests import factories

pytestmark = pytest.mark.django_db
# 23:30 UTC on 1 December is 07:30 on 2 December in Beijing.
LATE_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)


def test_a_timeline_entry_is_labelled_in_beijing_time(actors):
    req = factories.make_request(actors.community, actors.resident)
    event = RequestEvent.objects.create(request=req, text="x", created_at=LATE_UTC)
    assert str(event).endswith("2026-12-02 07:30")


def test_a_home_visit_is_labelled_in_beijing_time(actors):
    req = factories.make_request(actors.community, actors.resident)
    step = HomeStep.objects.create(request=req, kind=HomeStep.Kind.VISIT, appointment_at=LATE_UTC, staff=actors.staff)
    assert "2026-12-02 07:30" in str(step)


def test_booking_a_home_visit_tells_the_resident_beijing_time(actors):
    req = factories.make_request(actors.community, actors.resident)
    req.accept(actors.staff)
    req.book_step(actors.staff, HomeStep.Kind.VISIT, LATE_UTC)
    assert "2026-12-02 07:30" in req.events.last().text
    assert "2026-12-02 07:30" in actors.resident.notifications.order_by("id").last().title


def test_the_audit_log_records_and_labels_times_in_beijing_time(actors):
    token = set_actor(actors.staff, "127.0.0.1")
    try:
        meeting = factories.make_meeting(actors.community, starts_at=LATE_UTC)
        with time_machine.travel(LATE_UTC, tick=False):
            meeting.open(by=actors.staff)
    finally:
        from portal.audit import reset_actor

        reset_actor(token)
    created = AuditLog.objects.get(action="create", object_id=str(meeting.pk), content_type__model="meeting")
    assert created.changes["starts_at"][1].startswith("2026-12-02T07:30")
    opened = AuditLog.objects.get(note="opened")
    assert opened.changes["starts_at"][1].startswith("2026-12-02T07:30")
    with time_machine.travel(LATE_UTC, tick=False):
        AuditLog.objects.filter(pk=opened.pk).update(created_at=timezone.now())
    opened.refresh_from_db()
    assert str(opened).startswith("2026-12-02 07:30")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_the_audit_page_shows_beijing_time(actors):
    entry = AuditLog.objects.create(
        community=actors.community, actor=actors.admin, action="update", created_at=LATE_UTC
    )
    page = actors.client("admin").get("/audit/").content.decode()
    assert "2026-12-02 07:30" in page and entry.pk
