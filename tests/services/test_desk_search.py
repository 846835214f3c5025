"""The desk's search box (reference, name, phone or its last 4 digits) and its filing-period filter."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.access import for_community
from services.models import ServiceRequest
from services.views.desk import _filtered
from tests.factories import make_item, make_request
from tests.utils import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
URL = reverse("services:desk")


@pytest.fixture
def found(actors):
    """The references a staff member's desk lists for a query string."""
    client = actors.client("staff")

    def search(query: str) -> set[str]:
        return {req.reference for req in client.get(f"{URL}?{query}").context["page"]}

    return search


@pytest.fixture
def wang(actors):
    return make_request(actors.community, None, applicant_name="王秀英", applicant_phone="13912345678")


@pytest.fixture
def others(actors):
    """Another resident of the home community, and a namesake with the same number in the other community."""
    make_request(actors.community, None, applicant_name="刘大爷", applicant_phone="13711112222")
    return make_request(actors.other_community, None, applicant_name="王秀英", applicant_phone="13912345678")


def test_a_reference_finds_its_request_typed_in_any_case(wang, others, found):
    assert found(f"q={wang.reference}") == {wang.reference}
    assert found(f"q={wang.reference.lower()}") == {wang.reference}


def test_the_whole_phone_number_or_its_last_4_digits_find_the_request(wang, others, found):
    assert found("q=13912345678") == {wang.reference}
    assert found("q=139 1234 5678") == {wang.reference}
    assert found("q=5678") == {wang.reference}


def test_a_landline_is_found_with_or_without_its_dash(actors, found):
    req = make_request(actors.community, None, applicant_name="赵奶奶", applicant_phone="0431-1234567")
    assert found("q=04311234567") == {req.reference}
    assert found("q=0431-1234567") == {req.reference}


def test_a_name_or_part_of_it_finds_the_request(wang, others, found):
    assert found("q=王秀英") == {wang.reference}
    assert found("q=秀英") == {wang.reference}


def test_the_person_served_is_found_by_their_own_name_or_number(wang, others, found, actors):
    filed_for = make_request(
        actors.community,
        None,
        applicant_name="周晓燕",
        applicant_phone="13900000012",
        served_name="周德厚",
        served_phone="13810460295",
        served_relation=ServiceRequest.Relation.CHILD,
    )
    for query in ["周德厚", "德厚", "13810460295", "0295", "周晓燕"]:
        assert found(f"q={query}") == {filed_for.reference}, query


def test_another_communitys_requests_are_never_found(wang, others, found):
    assert others.reference not in found(f"q={others.reference}")
    for query in ["王秀英", "13912345678", "5678"]:
        assert others.reference not in found(f"q={query}"), query


def test_results_show_the_phone_masked(wang, actors):
    page = actors.client("staff").get(f"{URL}?q=王秀英").content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert wang.reference in table and "139****5678" in table and "13912345678" not in table


def test_a_search_looks_through_every_status_unless_one_is_chosen(wang, actors, found):
    wang.reject(actors.staff, "不属于受理范围")
    assert found(f"q={wang.reference}") == {wang.reference}
    assert found(f"q={wang.reference}&status=open") == set()


def test_the_search_works_together_with_the_filters(actors, found):
    item = make_item(actors.community, "低保申请")
    service = make_request(actors.community, None, item, applicant_name="王秀英", applicant_phone="13912345678")
    appeal = make_request(actors.community, None, applicant_name="王秀英", applicant_phone="13912345678")
    assert found("q=王秀英") == {service.reference, appeal.reference}
    assert found("q=王秀英&kind=service") == {service.reference}
    assert found(f"q=5678&item={item.pk}") == {service.reference}


def test_the_search_box_keeps_the_chosen_filters_and_the_filters_keep_the_search(actors):
    response = actors.client("staff").get(f"{URL}?kind=appeal&channel=phone&q=王秀英&page=2")
    assert response.context["search"]["keep"] == [("kind", "appeal"), ("channel", "phone")]
    page = response.content.decode()
    assert '<input type="hidden" name="q" value="王秀英">' in page


def test_an_empty_result_says_so_and_offers_every_request(wang, actors):
    page = actors.client("staff").get(f"{URL}?q=张三丰&status=open").content.decode()
    assert "没有找到与“张三丰”相符的办件。" in page
    assert "在全部办件中搜索" in page and "?q=%E5%BC%A0%E4%B8%89%E4%B8%B0&amp;status=" in page
    unfiltered = actors.client("staff").get(f"{URL}?q=张三丰").content.decode()
    assert "没有找到与“张三丰”相符的办件。" in unfiltered and "在全部办件中搜索" not in unfiltered


def test_an_overlong_search_is_refused_at_the_box_and_kept(actors):
    response = actors.client("staff").get(f"{URL}?q={'王' * 60}")
    assert response.status_code == 200 and response.context["search"]["errors"]
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "王" * 60 in page


def test_a_search_by_reference_reads_the_unique_index(wang, actors):
    queryset = _filtered(for_community(ServiceRequest.objects.all(), actors.staff), {"q": wang.reference})
    if connection.vendor == "postgresql":
        # A handful of test rows would be read whole anyway: ask whether an index can serve the search. With
        # one row in the community, its index looked as good as the reference's and the planner's pick
        # varied from run to run; with a few dozen (and their statistics) the unique index is the cheaper.
        for _ in range(40):
            make_request(actors.community, None, applicant_name="刘大爷")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE services_servicerequest")
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
        assert re.search(r"Index (Only )?Scan (using|on) \S*reference\S*", plan), plan
    else:
        plan = queryset.explain()
        assert re.search(r"USING (COVERING )?INDEX \S+ \(reference=\?\)", plan), plan


def test_a_search_keeps_the_desks_query_count(actors):
    make_request(actors.community, None, applicant_name="王秀英", applicant_phone="13912345678")

    def add_rows():
        item = make_item(actors.community)
        for _ in range(20):
            make_request(actors.community, actors.resident, item, applicant_name="王秀英")

    assert_constant_queries(actors.client("staff"), f"{URL}?q=王秀英", add_rows)


# --- the filing period ---


def _filed(actors, days_ago: int) -> ServiceRequest:
    req = make_request(actors.community, actors.resident)
    ServiceRequest.objects.filter(pk=req.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return req


def test_the_period_keeps_the_requests_filed_within_it_both_days_included(actors, found):
    old, inside, recent = _filed(actors, 20), _filed(actors, 10), _filed(actors, 1)
    day = timezone.localdate(timezone.now() - timedelta(days=10))
    assert found(f"since={day}&until={day}") == {inside.reference}
    assert found(f"since={day}") == {inside.reference, recent.reference}
    assert found(f"until={day}") == {inside.reference, old.reference}


def test_a_reversed_period_is_an_error_at_its_field_and_keeps_what_was_typed(actors):
    old, recent = _filed(actors, 20), _filed(actors, 1)
    response = actors.client("staff").get(f"{URL}?since=2026-11-30&until=2026-11-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_until_error"' in page and "结束日期早于开始日期。" in page
    assert 'value="2026-11-30"' in page and 'value="2026-11-01"' in page
    assert '<details class="mb-3" open>' in page
    # The bad period is left out whole; the other filters still apply.
    assert {r.reference for r in response.context["page"]} == {old.reference, recent.reference}


def test_a_malformed_date_is_an_error_at_its_field(actors):
    response = actors.client("staff").get(f"{URL}?since=2026-13-45&until=yesterday")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_since_error"' in page and 'id="id_until_error"' in page
    assert 'name="since" id="id_since" value=""' in page
