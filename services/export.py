"""The desk's workbooks: the admins' full export with the desk's filters, and staff's export of a period."""

from collections.abc import Callable, Iterable
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal import background
from portal.models import mask_phone
from portal.workbooks import append_row, lay_out

from .models import Rating

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def send_or_queue(request, build: Callable, which: str, rows: int):
    """The workbook `build(user, query)` now, or, past EXPORT_INLINE_ROWS rows, built in the background.

    A long period takes longer than a web request should: the task (services.export_requests, told `which`
    builder to use) hands the file over with a notification carrying its link.
    """
    from . import tasks

    if rows > settings.EXPORT_INLINE_ROWS:
        background.submit(tasks.export_requests, request.user.pk, dict(request.GET.lists()), get_language(), which)
        messages.info(request, _("The export is being prepared. A notification with its link follows shortly."))
        return redirect("services:desk")
    body, name = build(request.user, request.GET)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _book(title: str, headers: list[str], rows: Iterable[list], formats: dict[int, str]) -> bytes:
    """One sheet: a title row, bold headers, the rows (formula-safe), `formats` by column number, the layout."""
    book = Workbook()
    ws = book.active
    ws.title = _("Requests")
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, headers)
    for index in range(1, len(headers) + 1):
        ws.cell(row=2, column=index).font = Font(bold=True)
    for row in rows:
        append_row(ws, row)
    for column, number_format in formats.items():
        for (cell,) in ws.iter_rows(min_row=3, min_col=column, max_col=column):
            cell.number_format = number_format
    ws.freeze_panes = "B3"
    lay_out(ws, header_row=2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def requests_workbook(requests, title: str) -> bytes:
    """`requests` is a queryset with item and assignee selected; walked with iterator() to keep memory flat."""
    scores = dict(Rating.Score.choices)
    headers = [
        _("Reference number"),
        _("Kind"),
        _("Service"),
        _("Channel"),
        _("Applicant"),
        _("Phone"),
        _("Address"),
        _("Description"),
        _("Status"),
        _("Filed"),
        _("Accepted"),
        _("Due date"),
        _("Completed"),
        _("Closed"),
        _("Handled by"),
        _("Overdue"),
        _("Rating"),
    ]
    rows = (
        [
            req.reference,
            req.get_kind_display(),
            req.item.name if req.item_id else "",
            req.get_channel_display(),
            req.applicant_name,
            req.applicant_phone,
            req.address,
            req.description,
            req.get_status_display(),
            _local(req.created_at),
            _local(req.accepted_at),
            req.due_date,
            _local(req.completed_at),
            _local(req.closed_at),
            req.assignee.real_name if req.assignee_id else "",
            _("Yes") if req.is_overdue else "",
            str(scores.get(req.rating, "")) if req.rating else "",
        ]
        for req in requests.iterator(chunk_size=2000)
    )
    formats = dict.fromkeys((10, 11, 13, 14), DATETIME_FORMAT) | {12: DATE_FORMAT}
    return _book(title, headers, rows, formats)


def period_workbook(requests, title: str) -> bytes:
    """Staff's sheet of a period: the course of each request, no name, a masked phone, none of the applicant's text.

    `requests` is a queryset with the item selected; the latest rating's "solved" answer is read in the same query.
    """
    scores = dict(Rating.Score.choices)
    solved = Rating.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-pk").values("solved")[:1]
    answers = {True: _("Yes"), False: _("No")}
    headers = [
        _("Reference number"),
        _("Service"),
        _("Kind"),
        _("Channel"),
        _("Phone"),
        _("Status"),
        _("Filed"),
        _("Due date"),
        _("Completed"),
        _("Rating"),
        _("Problem solved"),
    ]
    rows = (
        [
            req.reference,
            req.item.name if req.item_id else "",
            _("Objection") if req.is_objection else req.get_kind_display(),
            req.get_channel_display(),
            mask_phone(req.applicant_phone),
            req.get_status_display(),
            _local(req.created_at),
            req.due_date,
            _local(req.completed_at),
            str(scores.get(req.rating, "")) if req.rating else "",
            answers.get(req.rating_solved, ""),
        ]
        for req in requests.annotate(rating_solved=Subquery(solved)).iterator(chunk_size=2000)
    )
    return _book(title, headers, rows, {7: DATETIME_FORMAT, 8: DATE_FORMAT, 9: DATETIME_FORMAT})
