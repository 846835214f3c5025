"""Coverage figures against the rows, the building grid, opinions tallied, and closing only when nobody is left out."""

import json

import pytest

from households import coverage
from households.models import Campaign, HouseholdError, Target
from tests.households import make
from tests.households.conftest import visit_data

pytestmark = pytest.mark.django_db
URL = "/households/visit/sync/"


def send(actors, doors, household, outcome="visited", opinion=None):
    q = doors.campaign.questions.first()
    answers = json.dumps({str(q.pk): opinion}) if opinion else "{}"
    response = actors.client("party_member").post(URL, visit_data(doors, household, outcome=outcome, answers=answers))
    assert response.status_code == 200


@pytest.fixture
def visited(actors, doors):
    h = doors.households
    send(actors, doors, h[0], opinion="agree")
    send(actors, doors, h[1], opinion="concerns")
    send(actors, doors, h[2], "absent")
    return doors


def test_totals_by_building_and_by_visitor_match_the_rows(actors, visited):
    campaign = visited.campaign
    second = make.building(actors.community, "2栋", doors=2)
    Target.objects.bulk_create(
        [Target(community=actors.community, campaign=campaign, household=h) for h in second.households.all()]
    )
    figures = coverage.of(campaign)
    totals = figures.totals
    assert (totals["total"], totals["visited"], totals["absent"], totals["pending"]) == (6, 2, 1, 3)
    assert totals["total"] == Target.objects.filter(campaign=campaign).count()
    assert totals["visited"] == Target.objects.filter(campaign=campaign, status="visited").count()
    rows = {row["name"]: row for row in figures.buildings}
    assert (rows["1栋"]["total"], rows["1栋"]["visited"], rows["1栋"]["rate"].percent) == (4, 2, 50.0)
    assert (rows["2栋"]["total"], rows["2栋"]["visited"]) == (2, 0)
    people = {row["name"]: row for row in figures.visitors}
    assert (people[actors.party_member.real_name]["total"], people[None]["total"]) == (4, 2)


def test_opinions_are_tallied_with_their_shares(visited):
    tally = coverage.opinions(visited.campaign)[0]
    assert tally.total == 2
    assert [(count, rate.percent) for _label, count, rate in tally.rows] == [(1, 50.0), (1, 50.0), (0, 0.0)]


def test_the_coverage_page_shows_the_figures(actors, visited):
    page = actors.client("staff").get(visited.campaign.get_absolute_url()).content.decode()
    assert "2 / 4" not in page  # the list page's form; here the sentence
    assert "4 户中已入户 2 户" in page or "2 of 4 households visited" in page


def test_the_building_grid_names_each_doors_state_in_text(actors, visited):
    url = f"/households/campaigns/{visited.campaign.pk}/buildings/{visited.building.pk}/"
    page = actors.client("staff").get(url).content.decode()
    assert page.count("door-cell door-visited") == 2 + 1  # two doors and the legend
    assert "不在家" in page and "未入户" in page


def test_a_campaign_closes_only_when_every_household_is_accounted_for(actors, visited):
    campaign = visited.campaign
    with pytest.raises(HouseholdError):
        campaign.close(by=actors.staff)
    send(actors, visited, visited.households[2], "absent")  # the second try: the limit
    Target.objects.get(household=visited.households[3]).mark_vacant(actors.staff)
    campaign.close(by=actors.staff)
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CLOSED


def test_closing_through_the_page_says_how_many_are_left(actors, visited):
    response = actors.client("staff").post(f"/households/campaigns/{visited.campaign.pk}/close/", follow=True)
    assert "2" in str(list(response.context["messages"])[0])
    assert Campaign.objects.get(pk=visited.campaign.pk).status == Campaign.Status.OPEN


def test_marking_vacant_through_the_page(actors, visited):
    target = Target.objects.get(household=visited.households[3])
    actors.client("staff").post(f"/households/campaigns/{visited.campaign.pk}/households/{target.pk}/vacant/")
    target.refresh_from_db()
    assert target.status == Target.Status.VACANT and target.marked_by == actors.staff


def test_a_visited_household_cannot_be_marked_vacant(actors, visited):
    with pytest.raises(HouseholdError):
        Target.objects.get(household=visited.households[0]).mark_vacant(actors.staff)
