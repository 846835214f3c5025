"""Every .xlsx the portal makes, filled with names that look like formulas: no cell of any sheet is a formula."""

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from members.models import PartyMember
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
NAMES = ['=HYPERLINK("http://x","y")', "=1+2", "+1", "-1", "@SUM(A1)"]


@pytest.fixture
def formulas(actors):
    home = actors.community
    year = timezone.localdate().year
    units = []
    for i, name in enumerate(NAMES):
        unit = factories.make_unit(home, name, party_org_name=name, contact_name=name)
        units.append(unit)
        factories.make_seat(unit, name, holder_title=name)
        factories.make_agreement(unit, name, notes=name)
        member = factories.make_party_member(
            home,
            name,
            phone=f"139123400{i:02d}",
            kind=PartyMember.Kind.IN_SERVICE,
            home_unit=unit,
            party_org=name,
            skills=name,
            registered_on=date(year, 1, 2),
        )
        activity = factories.make_activity(home, name, organizer=unit, date=timezone.localdate(), place=name)
        factories.make_participation(activity, member, "2")
        factories.make_post(home, name, duty=name, holder=member)
        factories.make_request(home, applicant_name=name, description=name, address=name)
    meeting = factories.make_held_meeting(home, present=len(NAMES) + 1, starts_at=timezone.now())
    meeting.close(by=actors.staff)
    return units, year


def exports(units, year) -> list[str]:
    today = timezone.localdate().isoformat()
    return [
        "/members/roster/export.xlsx",
        "/members/roster/template.xlsx",
        f"/members/agreements/report.xlsx?year={year}",
        *[f"/members/reports/home-unit/{unit.pk}.xlsx?year={year}" for unit in units],
        f"/meetings/attendance/{year}.xlsx",
        f"/services/desk/export/?since={date(year, 1, 1).isoformat()}&until={today}",
        f"/services/desk/period-export/?since={date(year, 1, 1).isoformat()}&until={today}",
    ]


def test_no_exported_cell_is_ever_a_formula(actors, formulas):
    units, year = formulas
    client = actors.client("admin")
    shown = set()
    for url in exports(units, year):
        response = client.get(url)
        assert response.status_code == 200, url
        book = load_workbook(io.BytesIO(response.content))
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{url} {ws.title}!{cell.coordinate}: {cell.value!r}"
                    if isinstance(cell.value, str):
                        shown.update(name for name in NAMES if name in cell.value)
    # The names did reach the sheets, as text.
    assert shown == set(NAMES)
