"""The staff desk: filters, counts, bulk assignment, a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from services.models import ServiceRequest
from tests.factories import make_item, make_request, make_staff
from tests.utils import assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
URL = reverse("services:desk")
S = ServiceRequest.Status


def test_staff_see_their_communitys_queue_only(actors):
    mine = make_request(actors.community, actors.resident)
    theirs = make_request(actors.other_community, actors.outsider_resident)
    page = actors.client("staff").get(URL).content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("who", ["resident", "party_member", "committee_member"])
def test_it_requires_staff(actors, who):
    assert actors.client(who).get(URL).status_code == 403


def test_it_rejects_post(actors):
    assert actors.client("staff").post(URL).status_code == 405


def test_filters_narrow_the_queue(actors):
    item = make_item(actors.community, "低保申请")
    wanted = make_request(actors.community, actors.resident, item, channel="phone")
    other = make_request(actors.community, actors.resident)
    wanted.accept(actors.staff)
    client = actors.client("staff")
    for query in [
        "status=accepted",
        f"item={item.pk}",
        "kind=service",
        f"assignee={actors.staff.pk}",
        "channel=phone",
    ]:
        page = client.get(f"{URL}?{query}").content.decode()
        assert wanted.reference in page and other.reference not in page, query


def test_overdue_filter_and_flag(actors):
    late = make_request(actors.community, actors.resident)
    late.accept(actors.staff)
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    on_time = make_request(actors.community, actors.resident)
    on_time.accept(actors.staff)
    response = actors.client("staff").get(f"{URL}?overdue=on")
    page = response.content.decode()
    assert late.reference in page and on_time.reference not in page and "table-danger" in page


def test_sorting_by_due_date_puts_the_earliest_first(actors):
    reqs = [make_request(actors.community, actors.resident) for _ in range(3)]
    for offset, req in zip([5, 1, 3], reqs, strict=True):
        req.accept(actors.staff)
        ServiceRequest.objects.filter(pk=req.pk).update(due_date=timezone.localdate() + timedelta(days=offset))
    rows = list(actors.client("staff").get(f"{URL}?sort=due").context["page"])
    assert [r.pk for r in rows] == [reqs[1].pk, reqs[2].pk, reqs[0].pk]


def test_counts_per_status_come_from_one_query(actors):
    for _ in range(3):
        make_request(actors.community, actors.resident)
    make_request(actors.community, actors.resident).reject(actors.staff, "不属于受理范围")
    with CaptureQueriesContext(connection) as ctx:
        response = actors.client("staff").get(URL)
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts["submitted"] == 3 and counts["rejected"] == 1
    on_requests = [q["sql"] for q in ctx.captured_queries if 'FROM "services_servicerequest"' in q["sql"]]
    assert sum("GROUP BY" in sql for sql in on_requests) == 1
    assert not any("COUNT(" in sql and "GROUP BY" not in sql for sql in on_requests)


def test_the_desk_has_a_fixed_query_count(actors):
    make_request(actors.community, actors.resident)
    make_request(actors.community, actors.resident).accept(actors.staff)

    def add_rows():
        for i in range(20):
            req = make_request(actors.community, actors.resident, make_item(actors.community))
            req.assign(actors.admin, make_staff(actors.community, f"员工{i}"))

    assert_constant_queries(actors.client("admin"), f"{URL}?status=open", add_rows)


def test_pages_go_forward_without_counting(actors):
    for _ in range(30):
        make_request(actors.community, actors.resident)
    client = actors.client("staff")
    first = client.get(URL).context["page"]
    second = client.get(f"{URL}?page=2").context["page"]
    assert len(first) == 25 and first.has_next and len(second) == 5 and not second.has_next


def test_bulk_assign(actors):
    colleague = make_staff(actors.community, "陈立新")
    reqs = [make_request(actors.community, actors.resident) for _ in range(3)]
    foreign = make_request(actors.other_community, actors.outsider_resident)
    response = actors.client("staff").post(
        reverse("services:bulk_assign"),
        {"refs": [r.reference for r in reqs[:2]] + [foreign.reference], "assignee": colleague.pk},
    )
    assert response.status_code == 302
    assigned = set(ServiceRequest.objects.filter(assignee=colleague).values_list("pk", flat=True))
    assert assigned == {reqs[0].pk, reqs[1].pk}


def test_bulk_assign_refuses_other_communities_staff_and_residents(actors):
    req = make_request(actors.community, actors.resident)
    url = reverse("services:bulk_assign")
    actors.client("staff").post(url, {"refs": [req.reference], "assignee": actors.outsider.pk})
    assert ServiceRequest.objects.get(pk=req.pk).assignee is None
    assert actors.client("resident").post(url, {"refs": [req.reference]}).status_code == 403
    assert actors.client("staff").get(url).status_code == 405


def test_the_desk_opens_on_the_open_queue_and_can_show_everything(actors):
    open_req = make_request(actors.community, actors.resident)
    rejected = make_request(actors.community, actors.resident)
    rejected.reject(actors.staff, "不属于受理范围")
    client = actors.client("staff")
    default = client.get(URL).content.decode()
    assert open_req.reference in default and rejected.reference not in default
    everything = client.get(f"{URL}?status=").content.decode()
    assert open_req.reference in everything and rejected.reference in everything
