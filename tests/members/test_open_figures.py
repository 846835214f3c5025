"""Volunteer hours per unit on the open figures, worked by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from members.models import PartyMember
from members.open_figures import hours_per_unit, open_figures
from tests.factories import make_activity, make_community, make_participation, make_party_member, make_seat, make_unit

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


@pytest.fixture
def december_2nd():
    # The rough edge showed on 2 December: the month's later activities were counted as held.
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def test_activities_planned_later_in_the_month_are_not_counted_as_held(december_2nd):
    community = make_community("向阳社区", "XY")
    member = make_party_member(community, "李")
    make_participation(make_activity(community, "上周的活动", date=date(2026, 12, 1)), member, "2")
    make_participation(make_activity(community, "月底的活动", date=date(2026, 12, 20)), member, "3")

    figures = open_figures(community, 2026)

    assert (figures["activities"], figures["hours"]) == (1, 2.0)
    assert figures["as_of"] == date(2026, 12, 2)


def test_a_past_year_shows_the_committee_as_it_stood_at_that_years_end(december_2nd):
    community = make_community("向阳社区", "XY")
    then = make_unit(community, "区税务局", joined_on=date(2018, 3, 1), left_on=date(2021, 6, 30))
    make_unit(community, "红星小学", joined_on=date(2022, 1, 1))
    make_seat(then, "赵委员", term_start=date(2018, 3, 1), term_end=date(2021, 6, 30))
    make_seat(make_unit(community, "新单位", joined_on=date(2024, 1, 1)), "钱委员", term_start=date(2024, 1, 1))

    past, now = open_figures(community, 2019), open_figures(community, 2026)

    assert (past["units"], past["seats"], past["as_of"]) == (1, 1, date(2019, 12, 31))
    assert (now["units"], now["seats"]) == (2, 1)


def test_the_open_page_says_which_day_the_roster_figures_stand_on(december_2nd, client):
    make_community("红星社区", "HX")
    page = client.get("/open/?year=2019").content.decode()
    assert "2019-12-31" in page
