"""The admins' workbook of the desk: the requests of a period, with the desk's filters, one row each."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.workbooks import append_row, lay_out

from .models import Rating

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


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
    book = Workbook()
    ws = book.active
    ws.title = _("Requests")
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, headers)
    for index in range(1, len(headers) + 1):
        ws.cell(row=2, column=index).font = Font(bold=True)
    for req in requests.iterator(chunk_size=2000):
        append_row(
            ws,
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
            ],
        )
    for row in ws.iter_rows(min_row=3, min_col=10, max_col=14):
        for cell in row:
            cell.number_format = DATE_FORMAT if cell.column == 12 else DATETIME_FORMAT
    ws.freeze_panes = "B3"
    lay_out(ws, header_row=2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
