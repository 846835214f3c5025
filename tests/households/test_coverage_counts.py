"""The counts the coverage page adds up, kept by the database: after every kind of write they equal a plain
count of the campaign's households and answers; the page lists the first households left in address order."""

import json
from types import SimpleNamespace

import pytest
from django.db import connection

from households import coverage
from households.counts import TRIGGERS
from households.models import Answer, AnswerCount, Campaign, CoverageCount, Household, Question, Target, Visit
from portal.backup import row_counts
from tests import factories
from tests.households import make
from tests.households.conftest import visit_data
from tests.utils import run_together

pytestmark = pytest.mark.django_db
SYNC = "/households/visit/sync/"
STATUSES = ["visited", "vacant", "absent", "refused", "pending"]


def plain(campaign: Campaign) -> dict:
    """The figures counted the straightforward way, one campaign household at a time."""
    figures = {"totals": {}, "buildings": {}, "visitors": {}}
    targets = Target.objects.filter(campaign=campaign)
    settled_ones = set(targets.filter(Target.settled_q(campaign.max_tries)).values_list("pk", flat=True))
    for pk, building, assignee, status in targets.values_list("pk", "household__building", "assignee", "status"):
        settled = pk in settled_ones
        for row in (
            figures["totals"],
            figures["buildings"].setdefault(building, {}),
            figures["visitors"].setdefault(assignee, {}),
        ):
            for key in ("total", status, *(["settled"] if settled else [])):
                row[key] = row.get(key, 0) + 1
    return figures


def counted(campaign: Campaign) -> dict:
    """The same figures as the page reads them (zeros left out, as plain() has none)."""
    of = coverage.of(campaign)

    def nonzero(row):
        return {key: row[key] for key in ("total", "settled", *STATUSES) if row[key]}

    return {
        "totals": nonzero(of.totals),
        "buildings": {row["building"]: nonzero(row) for row in of.buildings},
        "visitors": {row["assignee"]: nonzero(row) for row in of.visitors},
    }


def plain_tally(campaign: Campaign) -> dict:
    answers = Answer.objects.filter(question__campaign=campaign, visit__outcome="visited").exclude(
        question__kind=Question.Kind.TEXT
    )
    tally = {}
    for question, value in answers.values_list("question", "value"):
        tally[question, value] = tally.get((question, value), 0) + 1
    return tally


def counted_tally(campaign: Campaign) -> dict:
    rows = AnswerCount.objects.filter(question__campaign=campaign, n__gt=0)
    return {(question, value): n for question, value, n in rows.values_list("question", "value", "n")}


def send(actors, doors, household, outcome="visited", answers=None):
    data = visit_data(doors, household, outcome=outcome, answers=json.dumps(answers or {}))
    assert actors.client("party_member").post(SYNC, data).status_code == 200


def test_the_figures_equal_a_plain_count_through_every_kind_of_write(actors, doors):
    campaign, h = doors.campaign, doors.households
    second = make.building(actors.community, "2栋", doors=3)
    Target.objects.bulk_create(
        [Target(community=actors.community, campaign=campaign, household=x) for x in second.households.all()]
    )
    assert counted(campaign) == plain(campaign)
    send(actors, doors, h[0])
    send(actors, doors, h[1], "absent")
    send(actors, doors, h[1], "absent")  # the limit of two tries: settled
    send(actors, doors, h[2], "refused")
    Target.objects.get(household=h[3]).mark_vacant(actors.staff)
    campaign.assign(actors.staff, actors.staff, campaign.targets.filter(household__building=second))
    assert counted(campaign) == plain(campaign)
    totals = {"total": 7, "settled": 3, "visited": 1, "absent": 1, "refused": 1, "vacant": 1, "pending": 3}
    assert counted(campaign)["totals"] == totals

    moved = second.households.first()
    moved.building = doors.building  # an address corrected: its campaign household moves with it
    moved.door = "999"
    moved.save()
    Target.objects.filter(household=second.households.last()).update(status="visited", assignee=None)
    Household.objects.filter(pk=h[2].pk).delete()
    assert counted(campaign) == plain(campaign)
    assert counted(campaign)["buildings"][second.pk] == {"total": 2, "pending": 1, "visited": 1, "settled": 1}


def test_another_campaign_over_the_same_doors_has_its_own_figures(actors, doors):
    other = make.campaign(actors.community, staff=actors.staff, buildings=[doors.building], max_tries=1)
    send(actors, doors, doors.households[0], "absent")
    assert counted(doors.campaign) == plain(doors.campaign)
    assert (
        counted(other)
        == plain(other)
        == {
            "totals": {"total": 4, "pending": 4},
            "buildings": {doors.building.pk: {"total": 4, "pending": 4}},
            "visitors": {None: {"total": 4, "pending": 4}},
        }
    )


def test_tries_count_as_settled_by_each_campaign_s_own_limit(actors, doors):
    send(actors, doors, doors.households[0], "absent")
    assert counted(doors.campaign)["totals"].get("settled", 0) == 0  # limit 2
    Campaign.objects.filter(pk=doors.campaign.pk).update(max_tries=1)
    campaign = Campaign.objects.get(pk=doors.campaign.pk)
    assert counted(campaign) == plain(campaign) and counted(campaign)["totals"]["settled"] == 1


def test_the_opinions_equal_a_plain_count_of_the_answers(actors, doors):
    campaign = doors.campaign
    opinion, choice, text = campaign.questions.order_by("order")
    h = doors.households
    send(actors, doors, h[0], answers={str(opinion.pk): "agree", str(choice.pk): "屋面", str(text.pk): "张先生说…"})
    send(actors, doors, h[1], answers={str(opinion.pk): "agree"})
    send(actors, doors, h[2], answers={str(opinion.pk): "disagree"})
    assert counted_tally(campaign) == plain_tally(campaign)
    assert counted_tally(campaign) == {(opinion.pk, "agree"): 2, (opinion.pk, "disagree"): 1, (choice.pk, "屋面"): 1}
    assert not AnswerCount.objects.filter(question=text).exists()  # free text is neither counted nor copied

    visit = Visit.objects.get(household=h[2])
    Visit.objects.filter(pk=visit.pk).update(outcome="absent")  # no longer a visit where the door was opened
    Answer.objects.filter(visit__household=h[1]).update(value="concerns")
    Answer.objects.filter(visit__household=h[0], question=choice).delete()
    assert counted_tally(campaign) == plain_tally(campaign) == {(opinion.pk, "agree"): 1, (opinion.pk, "concerns"): 1}
    Visit.objects.filter(pk=visit.pk).update(outcome="visited")
    assert counted_tally(campaign) == plain_tally(campaign)
    tally = coverage.opinions(campaign)[0]
    assert [count for _label, count, _rate in tally.rows] == [1, 1, 1] and tally.total == 3


def test_triggers_a_table_rebuild_dropped_come_back_after_migrate_with_the_rows_counted(actors, doors):
    with connection.cursor() as cursor:  # what SQLite does to a table's triggers when a migration rebuilds it
        TRIGGERS.remove(None, SimpleNamespace(connection=connection, execute=cursor.execute))
    send(actors, doors, doors.households[0], answers={str(doors.campaign.questions.first().pk): "agree"})
    assert not CoverageCount.objects.exists()
    TRIGGERS.ensure(using=connection.alias)
    assert counted(doors.campaign) == plain(doors.campaign)
    assert counted_tally(doors.campaign) == plain_tally(doors.campaign) != {}
    send(actors, doors, doors.households[1])
    assert counted(doors.campaign) == plain(doors.campaign)


def test_backups_leave_the_counts_out_because_a_restore_rebuilds_them():
    assert not {"households.CoverageCount", "households.AnswerCount"} & set(row_counts())


def test_the_page_lists_the_first_households_left_in_address_order(actors, doors, monkeypatch):
    from households import views

    monkeypatch.setattr(views, "UNSETTLED_SHOWN", 5)
    campaign = doors.campaign
    for name in ["3栋", "2栋"]:
        b = make.building(actors.community, name, doors=3)
        Target.objects.bulk_create(
            [Target(community=actors.community, campaign=campaign, household=x) for x in b.households.all()]
        )
    send(actors, doors, doors.households[0])
    Target.objects.filter(household=doors.households[2]).update(status="vacant")
    left = list(
        campaign.unsettled()
        .order_by("household__building__estate", "household__building__name", "household__entrance", "household__door")
        .values_list("pk", flat=True)[:5]
    )
    page = actors.client("staff").get(campaign.get_absolute_url())
    shown = [row["id"] for row in page.context["unsettled"]]
    assert shown == left and len(shown) == 5
    assert f"/households/campaigns/{campaign.pk}/households/{left[0]}/vacant/" in page.content.decode()


def test_a_building_s_doors_are_assigned_from_its_page_and_a_grid_s_from_the_campaign_s(actors, doors):
    client, campaign = actors.client("staff"), doors.campaign
    url = f"/households/campaigns/{campaign.pk}/buildings/{doors.building.pk}/"
    page = client.get(url).content.decode()
    assert 'name="doors"' in page and f'name="building" value="{doors.building.pk}"' in page
    Target.objects.update(assignee=None)
    response = client.post(
        f"/households/campaigns/{campaign.pk}/assign/",
        {"visitor": actors.party_member.pk, "building": doors.building.pk, "doors": "1-102"},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert list(Target.objects.filter(assignee__isnull=False).values_list("household__door", flat=True)) == ["102"]
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'name="grid"' in campaign_page and 'name="doors"' not in campaign_page  # the building is in a grid
    doors.building.grid = None
    doors.building.save()
    assert 'name="grid"' not in client.get(campaign.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_simultaneous_visits_lose_no_count():
    community = factories.make_community("红星社区", "HX")
    staff = factories.make_staff(community, "李秀梅")
    visitors = [factories.make_user(community, f"党员{i}") for i in range(6)]
    building = make.building(community, doors=6)
    campaign = make.campaign(community, staff=staff, buildings=[building])
    households = list(building.households.order_by("door"))

    def work(i):
        fields = {"household": households[i], "campaign": campaign, "outcome": "visited" if i % 2 else "absent"}
        fields["visited_at"] = campaign.created_at
        question = campaign.questions.first()
        return Visit.store(
            visitor=visitors[i], client_id=f"visit-{i:04d}", fields=fields, answers={question.pk: "agree"}
        )

    results = run_together(6, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert counted(campaign) == plain(campaign)
    assert counted(campaign)["totals"] == {"total": 6, "visited": 3, "absent": 3, "settled": 3}
    assert counted_tally(campaign) == plain_tally(campaign) == {(campaign.questions.first().pk, "agree"): 3}
