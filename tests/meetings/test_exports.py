"""Print views, the ledger, the attendance workbook and the planning command."""

import io
from datetime import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import Attendance, Meeting
from tests import factories

pytestmark = pytest.mark.django_db


def at(month, day=10):
    return timezone.make_aware(datetime(2026, month, day, 14, 30))


@pytest.fixture
def year_of_meetings(actors):
    unit = factories.make_unit(actors.community, "区医院")
    factories.make_seat(unit, "钱院长")
    first = factories.make_held_meeting(actors.community, present=2, kind="monthly", period="2026-09", starts_at=at(9))
    second = factories.make_held_meeting(
        actors.community, present=2, kind="monthly", period="2026-10", starts_at=at(10)
    )
    qian = second.attendance.get(seat__holder_name="钱院长")
    qian.status = Attendance.Status.LEAVE
    qian.save()
    for meeting in (first, second):
        meeting.recount()
        factories.make_resolution(meeting, lead_unit=unit, text=f"{meeting.period} 议定")
        meeting.close(by=actors.staff)
    return first, second


def test_minutes_print_view_has_attendance_agenda_resolutions_and_signatures(actors, year_of_meetings):
    meeting = year_of_meetings[0]
    response = actors.client("committee_member").get(reverse("meetings:print", args=[meeting.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "钱院长" in text and "2026-09 议定" in text and "记录人" in text and "css/print.css" in text


def test_print_view_rules(actors, year_of_meetings):
    meeting = year_of_meetings[0]
    url = reverse("meetings:print", args=[meeting.pk])
    assert actors.client(None).get(url).status_code == 302
    assert actors.client("resident").get(url).status_code == 403
    assert actors.client("outsider").get(url).status_code == 404
    assert actors.client("staff").post(url).status_code == 405


def test_the_ledger_holds_every_meeting_of_the_year(actors, year_of_meetings):
    text = actors.client("staff").get(reverse("meetings:ledger") + "?year=2026").content.decode()
    assert "2026-09 议定" in text and "2026-10 议定" in text and text.count("page-break") >= 2
    assert "2026-09 议定" not in actors.client("staff").get(reverse("meetings:ledger") + "?year=2025").content.decode()


def test_the_ledger_rejects_a_bad_year(actors):
    assert actors.client("staff").get(reverse("meetings:ledger") + "?year=abc").status_code == 404


def test_attendance_workbook_has_rates_per_unit_and_per_seat(actors, year_of_meetings):
    response = actors.client("staff").get(reverse("meetings:attendance_export", args=[2026]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    units = {row[0]: row[1:] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert units["区医院"] == (1, 2, 0.5)
    seats = {row[1]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert seats["钱院长"][-2:] == (2, 0.5) and seats["赵委员"][-1] == 1.0


def test_attendance_workbook_rules(actors):
    url = reverse("meetings:attendance_export", args=[2026])
    assert actors.client(None).get(url).status_code == 302
    assert actors.client("committee_member").get(url).status_code == 403
    assert actors.client("staff").post(url).status_code == 405
    # Another community's staff get their own (empty) workbook, never ours.
    book = load_workbook(io.BytesIO(actors.client("outsider").get(url).content))
    assert book.worksheets[0].max_row == 1


def test_plan_meetings_command_is_idempotent(actors):
    call_command("plan_meetings", "--community", "HX")
    count = Meeting.objects.count()
    assert count >= 3
    call_command("plan_meetings")
    assert Meeting.objects.filter(community=actors.community).count() == count
