"""Every door-to-door page: works, requires login, hides other communities (404), refuses the wrong role (403),
rejects the wrong method (405); list pages answer in a fixed number of queries."""

import json

import pytest

from households.models import Campaign, Household, Question, Target
from tests.households import make
from tests.households.conftest import visit_data
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def staff_pages(doors) -> list[str]:
    c, h, b = doors.campaign, doors.households[0], doors.building
    return [
        "/households/",
        "/households/list/",
        f"/households/{h.pk}/",
        f"/households/{h.pk}/request/",
        f"/households/{h.pk}/pairing/",
        "/households/grids/",
        f"/households/grids/{b.grid_id}/",
        "/households/campaigns/",
        "/households/campaigns/new/",
        f"/households/campaigns/{c.pk}/",
        f"/households/campaigns/{c.pk}/buildings/{b.pk}/",
        "/households/care/",
        "/households/import/",
    ]


def test_staff_pages_work(actors, doors):
    client = actors.client("staff")
    for url in staff_pages(doors):
        assert client.get(url).status_code == 200, url


def test_they_require_login(actors, doors):
    for url in staff_pages(doors):
        response = actors.client(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_they_refuse_residents(actors, doors):
    for url in staff_pages(doors):
        assert actors.client("resident").get(url).status_code == 403, url


def test_a_party_member_sees_only_their_own_overview(actors, doors):
    client = actors.client("party_member")
    page = client.get("/households/").content.decode()
    assert doors.campaign.title in page and "住户1" not in page
    for url in staff_pages(doors)[1:]:
        assert client.get(url).status_code == 403, url


def test_other_communities_answer_404(actors, doors):
    other = make.building(actors.other_community, "9栋", doors=1)
    c = make.campaign(actors.other_community, staff=actors.outsider, buildings=[other])
    h = other.households.get()
    client = actors.client("staff")
    for url in [
        f"/households/{h.pk}/",
        f"/households/{h.pk}/request/",
        f"/households/{h.pk}/pairing/",
        f"/households/grids/{other.grid_id}/",
        f"/households/campaigns/{c.pk}/",
        f"/households/campaigns/{c.pk}/buildings/{other.pk}/",
        f"/households/campaigns/{doors.campaign.pk}/buildings/{other.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [f"/households/campaigns/{c.pk}/close/", f"/households/campaigns/{c.pk}/assign/"]:
        assert client.post(url).status_code == 404, url


def test_post_only_steps_reject_get(actors, doors):
    c = doors.campaign
    target = Target.objects.filter(campaign=c).first()
    for url in [
        f"/households/campaigns/{c.pk}/start/",
        f"/households/campaigns/{c.pk}/close/",
        f"/households/campaigns/{c.pk}/assign/",
        f"/households/campaigns/{c.pk}/households/{target.pk}/vacant/",
    ]:
        assert actors.client("staff").get(url).status_code == 405, url


def test_staff_create_a_campaign_with_its_questionnaire_and_start_it(actors, doors):
    client = actors.client("staff")
    data = {
        "title": "垃圾分类入户宣传",
        "description": "",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "scope": "buildings",
        "scope_buildings": [doors.building.pk],
        "scope_tag": "",
        "max_tries": "3",
        "q-TOTAL_FORMS": "3",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "12",
        "q-0-kind": "opinion",
        "q-0-text": "您是否支持定时定点投放？",
        "q-1-kind": "choice",
        "q-1-text": "投放时间",
        "q-1-options": "早上\n晚上",
        "q-2-kind": "opinion",
        "q-2-text": "",
    }
    response = client.post("/households/campaigns/new/", data)
    campaign = Campaign.objects.get(title="垃圾分类入户宣传")
    assert response.status_code == 302
    assert list(campaign.questions.values_list("kind", flat=True)) == ["opinion", "choice"]
    client.post(f"/households/campaigns/{campaign.pk}/start/")
    assert campaign.targets.count() == 4


def test_a_choice_question_without_options_is_refused_at_the_field(actors, doors):
    data = {
        "title": "测试",
        "starts_on": "2026-12-01",
        "ends_on": "2026-11-01",
        "scope": "grids",
        "max_tries": "3",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-0-kind": "choice",
        "q-0-text": "选哪个",
        "q-0-options": "只有一个",
    }
    response = actors.client("staff").post("/households/campaigns/new/", data)
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors and "scope_grids" in response.context["form"].errors
    assert "options" in response.context["questions"].forms[0].errors
    assert not Campaign.objects.filter(title="测试").exists()


def test_a_tag_scope_takes_only_tagged_households(actors, doors):
    make.tag(doors.households[1], "elderly_alone")
    campaign = make.campaign(actors.community, staff=actors.staff, buildings=[], open_it=False)
    campaign.scope, campaign.scope_tag = Campaign.Scope.TAG, "elderly_alone"
    campaign.save()
    campaign.open(by=actors.staff)
    assert list(campaign.targets.values_list("household", flat=True)) == [doors.households[1].pk]


def test_assigning_a_building_s_doors_to_a_team_member(actors, doors):
    Target.objects.update(assignee=None)
    url = f"/households/campaigns/{doors.campaign.pk}/assign/"
    actors.client("staff").post(
        url, {"visitor": actors.party_member.pk, "building": doors.building.pk, "doors": "1-101, 1-103"}
    )
    assigned = Target.objects.filter(assignee=actors.party_member).values_list("household__door", flat=True)
    assert sorted(assigned) == ["101", "103"]


def test_only_party_members_with_accounts_can_be_assigned(actors, doors):
    url = f"/households/campaigns/{doors.campaign.pk}/assign/"
    Target.objects.update(assignee=None)
    actors.client("staff").post(url, {"visitor": actors.resident.pk, "building": doors.building.pk})
    assert not Target.objects.filter(assignee__isnull=False).exists()


def test_the_coverage_page_pins_its_query_count(actors, doors):
    client = actors.client("staff")
    url = doors.campaign.get_absolute_url()

    def grow():
        for n in range(2, 8):
            b = make.building(actors.community, f"{n}栋", doors=3)
            Target.objects.bulk_create(
                [Target(community=actors.community, campaign=doors.campaign, household=h) for h in b.households.all()]
            )
            visitor = actors.client("party_member")
            for h in b.households.all():
                Target.objects.filter(household=h).update(assignee=actors.party_member)
                q = doors.campaign.questions.first()
                visitor.post(
                    "/households/visit/sync/",
                    visit_data(doors, h, concerns="问题", answers=json.dumps({str(q.pk): "agree"})),
                )

    assert_constant_queries(client, url, grow)


@pytest.mark.parametrize("url", ["/households/list/", "/households/care/", "/households/grids/"])
def test_lists_pin_their_query_count(actors, doors, url):
    make.tag(doors.households[0], "disabled")
    make.pairing(doors.households[0], actors.party_member)

    def grow():
        for n in range(2, 6):
            b = make.building(actors.community, f"{n}栋", doors=5)
            for h in b.households.all():
                make.tag(h, "disabled")
                make.pairing(h, actors.party_member)

    assert_constant_queries(actors.client("staff"), url, grow)


def test_visit_data_pins_its_query_count(actors, doors):
    def grow():
        b = make.building(actors.community, "8栋", doors=10)
        c = make.campaign(actors.community, staff=actors.staff, buildings=[b], visitor=actors.party_member)
        Question.objects.create(campaign=c, kind="yesno", text="是否")
        for h in Household.objects.filter(building=b)[:4]:
            make.pairing(h, actors.party_member)

    assert_constant_queries(actors.client("party_member"), "/households/visit/data/", grow)


def test_the_service_worker_is_served_for_the_visit_form_s_scope(actors):
    response = actors.client(None).get("/households/visit/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert 'const PAGE = "/households/visit/"' in body and "/static/households/visit.js" in body
    manifest = actors.client(None).get("/households/visit/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/households/visit/"


def test_logging_out_tells_the_browser_to_wipe_what_the_visit_form_kept(actors):
    response = actors.client("party_member").post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in actors.client("party_member").get("/households/visit/")


def test_doors_written_wrong_come_back_on_the_building_s_page_with_the_error_at_the_field(actors, doors):
    Target.objects.update(assignee=None)
    url = f"/households/campaigns/{doors.campaign.pk}/assign/"
    response = actors.client("staff").post(
        url, {"visitor": actors.party_member.pk, "building": doors.building.pk, "doors": "1-101, 坏门牌"}
    )
    assert response.status_code == 200
    form = response.context["assign_form"]
    assert list(form.errors) == ["doors"]
    page = response.content.decode()
    assert 'value="1-101, 坏门牌"' in page  # what was typed stays in the field
    assert f'<option value="{actors.party_member.pk}" selected>' in page
    assert 'aria-invalid="true"' in page and "is-invalid" in page
    assert not Target.objects.filter(assignee__isnull=False).exists()  # nothing assigned half-way
