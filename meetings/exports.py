"""Files made from meetings: the private iCalendar feed and the attendance workbook."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.workbooks import append_row, lay_out

from .models import Attendance, Meeting

MEETING_LENGTH = timedelta(hours=2)


def calendar_bytes(meetings, url_for, host: str) -> bytes:
    """An iCalendar document with one event per meeting; `url_for(meeting)` gives its page.

    UIDs end in the site's host name, so two deployments' meetings never share one (RFC 5545 3.8.4.7).
    """
    cal = Calendar()
    cal.add("prodid", "-//Gongjian//meetings//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Committee meetings"))
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("sequence", meeting.schedule_sequence)
        event.add("last-modified", meeting.schedule_changed_at)
        event.add("summary", meeting.display_title)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
        event.add("dtstamp", timezone.now())
        event.add("location", meeting.place)
        event.add("url", url_for(meeting))
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()


def attendance_rows(community, year: int):
    """Attendance of the closed meetings of one year, with seat and unit."""
    return (
        Attendance.objects.filter(community=community, meeting__starts_at__year=year, meeting__closed_at__isnull=False)
        .filter(~Q(status=Attendance.Status.UNRECORDED))
        .select_related("seat__unit")
        .order_by("seat__unit__name", "seat__holder_name", "seat_id")
    )


def _rate(present: int, total: int) -> float:
    return round(present / total, 4) if total else 0.0


def attendance_workbook(community, year: int) -> bytes:
    """Attendance rate per unit and per seat for a year, as an .xlsx file."""
    units: dict = defaultdict(lambda: [0, 0])
    seats: dict = {}
    for row in attendance_rows(community, year):
        present = row.status in Attendance.PRESENT
        unit = units[row.seat.unit.name]
        unit[0] += present
        unit[1] += 1
        key = row.seat_id
        if key not in seats:
            seats[key] = {"unit": row.seat.unit.name, "holder": row.seat.holder_name, "counts": defaultdict(int)}
        seats[key]["counts"][row.status] += 1
    book = Workbook()
    sheet = book.active
    sheet.title = _("By unit")
    append_row(sheet, [_("Unit"), _("Present (incl. delegates)"), _("Meetings"), _("Attendance rate")])
    for name, (present, total) in sorted(units.items()):
        append_row(sheet, [name, present, total, _rate(present, total)])
    _style(sheet, rate_column="D")
    sheet = book.create_sheet(_("By seat"))
    statuses = [s for s in Attendance.Status if s != Attendance.Status.UNRECORDED]
    append_row(sheet, [_("Unit"), _("Holder"), *[str(s.label) for s in statuses], _("Meetings"), _("Attendance rate")])
    for seat in seats.values():
        counts = seat["counts"]
        total = sum(counts.values())
        present = sum(counts[s] for s in Attendance.PRESENT)
        append_row(sheet, [seat["unit"], seat["holder"], *[counts[s] for s in statuses], total, _rate(present, total)])
    _style(sheet, rate_column=chr(ord("A") + 3 + len(statuses)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _style(sheet, rate_column: str) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[rate_column][1:]:
        cell.number_format = "0.0%"
    sheet.freeze_panes = "A2"
    lay_out(sheet)
