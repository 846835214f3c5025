"""Open311's demo and bench data, and the listing's fixed number of queries whatever the data size."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devtools.bench import PAGES
from devtools.bench.open311 import seed_open311_bench
from devtools.demo.core import SeedContext
from devtools.demo.open311 import seed_open311
from services.models import ServiceItem, ServiceRequest
from tests import factories
from tests.open311 import public_item

pytestmark = pytest.mark.django_db


def test_the_demo_gets_two_public_items_once(actors):
    for _run in range(2):
        seed_open311(SeedContext(community=actors.community))
    items = ServiceItem.objects.filter(community=actors.community, public=True)
    assert sorted(items.values_list("name", flat=True)) == ["公共设施报修", "环境卫生"]
    assert items.get(name="公共设施报修").attributes.get().code == "FACILITY"


def test_the_bench_fills_one_community_and_its_page_lists_the_newest(client, actors):
    call_command("seed_open311_bench", requests=120, stdout=io.StringIO())
    seed_open311_bench(120)  # a second run adds nothing
    assert ServiceRequest.objects.filter(community__code="KF").count() == 120
    page = next(p for p in PAGES if p.name == "open311 GET requests")
    body = client.get(page.path()).json()
    assert len(body) == 50 and body[0]["requested_datetime"] >= body[-1]["requested_datetime"]
    assert all("单元" not in row["address"] for row in body)


def test_without_the_open311_bench_data_the_page_lists_the_demo_community(client, actors):
    page = next(p for p in PAGES if p.name == "open311 GET requests (XML)")
    assert page.path().endswith("jurisdiction_id=HX") and client.get(page.path()).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_listing_takes_the_same_queries_for_2_and_20_requests(client, actors, fmt, settings):
    settings.OPEN311_READS_PER_MINUTE = 0  # the limiter's own queries are its business
    item = public_item(actors.community)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/open311/v2/requests.{fmt}", {"page_size": "100"}).status_code == 200
        return len(captured)

    for _n in range(2):
        factories.make_request(actors.community, actors.resident, item)
    few = queries()
    for _n in range(18):
        factories.make_request(actors.community, actors.resident, item)
    assert queries() == few == 2  # the jurisdiction, then the page with all it shows
