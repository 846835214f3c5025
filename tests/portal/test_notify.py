"""Notifications survive whatever text people typed into the things they are about."""

import pytest
from django.core import mail

from meetings.models import Attendance
from members.models import CommitteeSeat
from portal.notify import notify
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_title_with_line_breaks_becomes_one_line_in_the_portal_and_the_mail(
    actors, django_capture_on_commit_callbacks
):
    actors.resident.email = "zhang@example.org"
    actors.resident.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(actors.resident, "第一行\r\nBcc: victim@example.org\n第三行", "正文")
    assert note.title == "第一行 Bcc: victim@example.org 第三行"
    assert mail.outbox[0].subject == note.title and mail.outbox[0].bcc == []


def test_closing_a_meeting_whose_resolution_spans_lines_tells_the_lead_unit(actors, django_capture_on_commit_callbacks):
    actors.committee_member.email = "zhao@example.org"
    actors.committee_member.save(update_fields=["email"])
    meeting = factories.make_held_meeting(actors.community, present=1)
    meeting.attendance.update(status=Attendance.Status.PRESENT)
    unit = CommitteeSeat.objects.get(user=actors.committee_member).unit
    factories.make_resolution(meeting, unit, text="修缮化粪池\n并疏通下水道")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.close(by=actors.staff)
    assert [m.subject for m in mail.outbox] and "\n" not in mail.outbox[0].subject
