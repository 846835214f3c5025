"""The desk's queue on paper: the same filters and search, every matching row up to a cap, phones masked."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_request
from tests.utils import assert_constant_queries, assert_printed_list

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
URL = reverse("services:desk_print")


def test_it_lists_the_queue_with_the_desks_filters_and_search(actors):
    item = make_item(actors.community, "低保申请")
    wanted = make_request(actors.community, None, item, applicant_name="王秀英", applicant_phone="13912345678")
    appeal = make_request(actors.community, None, applicant_name="王秀英", applicant_phone="13912345678")
    stranger = make_request(actors.community, actors.resident, item)
    theirs = make_request(actors.other_community, None, item, applicant_name="王秀英", applicant_phone="13912345678")
    response = actors.client("staff").get(f"{URL}?q=王秀英&kind=service")
    page = response.content.decode()
    assert wanted.reference in page
    assert appeal.reference not in page and stranger.reference not in page and theirs.reference not in page
    assert "139****5678" in page and "13912345678" not in page.replace('value="13912345678"', "")
    assert "共 1 件。" in page and "筛选条件：类型：办事；搜索：王秀英" in page


def test_a_number_searched_for_is_masked_on_paper_and_the_print_is_audited(actors):
    from portal.models import AuditLog

    wanted = make_request(actors.community, None, applicant_name="王秀英", applicant_phone="13912345678")
    page = actors.client("staff").get(f"{URL}?q=139 1234 5678").content.decode()
    assert wanted.reference in page and "搜索：139****5678" in page
    assert "13912345678" not in page.replace('value="139 1234 5678"', "").replace("q=139+1234+5678", "")
    assert AuditLog.objects.filter(note="queue printed").exists()


def test_its_header_names_the_community_the_day_and_the_staff_member(actors):
    page = actors.client("staff").get(URL).content.decode()
    assert '<p class="printed-community mb-1">红星社区</p>' in page and ">办件清单</h1>" in page
    assert "打印人：李秀梅" in page
    assert f"打印时间：{timezone.localdate():%Y-%m-%d}" in page


def test_it_opens_on_the_open_queue_like_the_desk(actors):
    open_req = make_request(actors.community, actors.resident)
    rejected = make_request(actors.community, actors.resident)
    rejected.reject(actors.staff, "不属于受理范围")
    page = actors.client("staff").get(URL).content.decode()
    assert open_req.reference in page and rejected.reference not in page
    everything = actors.client("staff").get(f"{URL}?status=").content.decode()
    assert open_req.reference in everything and rejected.reference in everything


def test_past_the_cap_it_says_how_many_were_left_out(actors, monkeypatch):
    monkeypatch.setattr("services.views.desk.PRINT_CAP", 2)
    for _ in range(3):
        make_request(actors.community, actors.resident)
    response = actors.client("staff").get(URL)
    assert len(response.context["rows"]) == 2
    assert "符合条件的共 3 件，本清单列出前 2 件" in response.content.decode()


def test_a_bad_period_is_named_and_left_out(actors):
    page = actors.client("staff").get(f"{URL}?since=2026-11-30&until=2026-11-01").content.decode()
    assert "未采用的筛选条件：提交日期至：结束日期早于开始日期。" in page


def test_it_is_the_shared_print_layout_landscape_numbered_and_without_navigation(actors):
    assert_printed_list(actors.client("staff").get(URL).content.decode())


def test_the_desk_links_to_it_with_its_query(actors):
    page = actors.client("staff").get(f"{reverse('services:desk')}?q=王秀英&kind=service&page=2").content.decode()
    assert f'href="{URL}?' in page
    link = page[page.index(f'href="{URL}?') :].split('"')[1]
    assert "kind=service" in link and "q=" in link and "page=" not in link


def test_it_has_a_fixed_query_count(actors):
    make_request(actors.community, actors.resident)

    def add_rows():
        item = make_item(actors.community)
        for _ in range(20):
            make_request(actors.community, actors.resident, item).accept(actors.staff)

    assert_constant_queries(actors.client("staff"), f"{URL}?status=", add_rows)


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("who", ["resident", "party_member", "committee_member"])
def test_it_requires_staff(actors, who):
    assert actors.client(who).get(URL).status_code == 403


def test_it_rejects_post(actors):
    assert actors.client("staff").post(URL).status_code == 405
