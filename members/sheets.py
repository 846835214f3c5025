"""Report workbooks: a home unit's yearly sheet, the agreements' promised versus delivered."""

from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from portal.workbooks import append_row, lay_out

from .excel import DATE_FORMAT, _save
from .models import Participation, Unit
from .reports import agreements_with_delivery, home_unit_members, lines

HEADER = PatternFill("solid", fgColor="F8D7DA")


def _table(ws, title: str, headers: list[str], rows) -> None:
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, headers)
    for index in range(1, len(headers) + 1):
        cell = ws.cell(row=2, column=index)
        cell.font, cell.fill = Font(bold=True), HEADER
    for row in rows:
        append_row(ws, row)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A3"
    lay_out(ws, header_row=2)


def _hours(value) -> float:
    return float(value or Decimal("0"))


def home_unit_workbook(unit: Unit, year: int) -> bytes:
    """What the unit's party organization expects back: its members here, their posts, activities and hours."""
    members = list(home_unit_members(unit, year))
    book = Workbook()
    ws = book.active
    ws.title = _("Members")
    title = _("%(unit)s: in-service party members registered with %(community)s, %(year)s") % {
        "unit": unit.name,
        "community": unit.community.name,
        "year": year,
    }
    headers = [
        _("Name"),
        _("Party organization"),
        _("Registered on"),
        _("Status"),
        _("Posts"),
        _("Skills"),
        _("Activities"),
        _("Volunteer hours"),
    ]
    rows = [
        [
            m.name,
            m.party_org,
            m.registered_on,
            m.get_status_display(),
            "、".join(p.name for p in m.posts.all()),
            m.skills,
            m.year_activities,
            _hours(m.year_hours),
        ]
        for m in members
    ]
    rows.append(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            sum(m.year_activities for m in members),
            _hours(sum((m.year_hours or Decimal("0") for m in members), Decimal("0"))),
        ]
    )
    _table(ws, title, headers, rows)
    details = (
        Participation.objects.filter(member__home_unit=unit, activity__date__year=year)
        .select_related("member", "activity__organizer")
        .order_by("activity__date", "member__name")
    )
    _table(
        book.create_sheet(_("Activities")),
        _("Activities in %(year)s") % {"year": year},
        [_("Date"), _("Activity"), _("Kind"), pgettext("activity", "Place"), _("Party member"), _("Hours")],
        [
            [
                p.activity.date,
                p.activity.title,
                p.activity.get_kind_display(),
                p.activity.place,
                p.member.name,
                _hours(p.hours),
            ]
            for p in details
        ],
    )
    return _save(book)


def agreement_workbook(agreements: QuerySet, year: int) -> bytes:
    agreements = agreements.filter(
        Q(term_start__year__lte=year), Q(term_end__isnull=True) | Q(term_end__year__gte=year)
    ).order_by("unit__name")
    book = Workbook()
    ws = book.active
    ws.title = _("Commitments")
    headers = [
        _("Unit"),
        _("Agreement"),
        _("Kind"),
        _("What is promised"),
        _("Activities promised"),
        _("Activities delivered"),
        _("Hours promised"),
        _("Hours delivered"),
        _("Kept"),
    ]
    rows = []
    for agreement in agreements_with_delivery(agreements, year):
        for line in lines(agreement):
            c = line.commitment
            rows.append(
                [
                    agreement.unit.name,
                    agreement.title,
                    c.get_kind_display(),
                    c.description,
                    line.promised,
                    line.delivered,
                    _hours(c.hours_per_year) if c.hours_per_year is not None else "",
                    _hours(line.hours),
                    _("Yes") if line.kept else _("Not yet"),
                ]
            )
    _table(ws, _("Co-building agreements: promised and delivered, %(year)s") % {"year": year}, headers, rows)
    return _save(book)
