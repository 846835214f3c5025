"""Volunteer hours per unit on the open figures, worked by hand."""

from datetime import date

import pytest

from members.models import PartyMember
from members.open_figures import hours_per_unit, open_figures
from tests.factories import make_activity, make_community, make_participation, make_party_member, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_volunteer_hours_are_grouped_by_the_members_home_unit():
    community = make_community("向阳社区", "XY")
    tax, school = make_unit(community, "区税务局"), make_unit(community, "红星小学")
    in_service = PartyMember.Kind.IN_SERVICE
    li = make_party_member(community, "李", kind=in_service, home_unit=tax)
    wang = make_party_member(community, "王", kind=in_service, home_unit=tax)
    zhao = make_party_member(community, "赵", kind=in_service, home_unit=school)
    resident = make_party_member(community, "刘")  # a community party member, no unit
    may = make_activity(community, date=date(2025, 5, 1))
    for member, hours in ((li, "2"), (wang, "1.5"), (zhao, "3"), (resident, "2")):
        make_participation(may, member, hours)
    make_participation(make_activity(community, "去年的活动", date=date(2024, 5, 1)), li, "5")
    other = make_community("东风社区", "DF")
    make_participation(make_activity(other, date=date(2025, 5, 1)), make_party_member(other, "孙"), "9")

    chart = hours_per_unit(community, 2025)

    assert chart.rows == [("区税务局", [3.5]), ("红星小学", [3.0]), ("社区党员（无单位）", [2.0])]
    assert chart.horizontal
    assert open_figures(community, 2025)["hours"] == 8.5


def test_a_year_without_hours_has_no_unit_chart():
    assert hours_per_unit(make_community("向阳社区", "XY"), 2025) is None
