"""The API on a live server, driven by others' tools: the `georeport` client and `schemathesis`.

georeport (a thin GeoReport v2 reading client from PyPI) lists services, reads a definition, lists requests and
fetches one, in both formats. A request posted as the specification describes (form-encoded, with a key) is read
back through it, and its status changes once staff act. schemathesis then runs the OpenAPI description against
the same server: no 5xx, every answer matches the schema.
"""

from __future__ import annotations

import hypothesis
import pytest
import requests
import schemathesis
from django.urls import reverse
from georeport import GeoReport
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from services.models import ServiceRequest
from tests import factories
from tests.open311 import ask, key_for, public_item

pytestmark = pytest.mark.django_db(transaction=True)


def as_list(value) -> list:
    """xmltodict gives one element as a dict and several as a list."""
    return value if isinstance(value, list) else [value]


@pytest.fixture
def catalogue(actors):
    lamp = public_item(actors.community)
    ask(lamp)
    lift = public_item(actors.community, "电梯故障")
    filed = [factories.make_request(actors.community, actors.resident, item) for item in (lamp, lift, lamp)]
    filed[0].accept(actors.staff, "已受理")
    return lamp, filed


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_a_definition_and_requests(live_server, catalogue, fmt):
    lamp, filed = catalogue
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="HX", output_format=fmt)
    services = as_list(client.get_service_list())
    assert {s["service_name"] for s in services} == {"路灯维修", "电梯故障"}
    definition = client.get_service_definition(str(lamp.pk))
    attribute = as_list(definition["attributes"]["attribute"] if fmt == "xml" else definition["attributes"])[0]
    assert definition["service_code"] == str(lamp.pk) and attribute["code"] == "POLE"
    listed = as_list(client.get_service_requests())
    assert sorted(r["service_request_id"] for r in listed) == sorted(r.reference for r in filed)
    one = client.get_service_request(filed[0].reference)
    assert (one["service_request_id"], one["status"], one["status_notes"]) == (filed[0].reference, "open", "已受理")
    closed = as_list(client.get_service_requests(status="closed")) if fmt == "json" else []
    assert closed == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_posted_request_is_read_back_and_its_status_follows_the_staff(live_server, actors, catalogue, fmt):
    lamp, _filed = catalogue
    _app, key = key_for(actors.community)
    answer = requests.post(
        f"{live_server.url}/open311/v2/requests.{fmt}",
        data={
            "api_key": key,
            "jurisdiction_id": "HX",
            "service_code": str(lamp.pk),
            "lat": "43.8171",
            "long": "125.3235",
            "description": "3栋门口路灯不亮",
            "attribute[POLE]": "B",
        },
        timeout=10,
    )
    assert answer.status_code == 201 and answer.headers["Content-Type"].startswith(
        "application/json" if fmt == "json" else "text/xml"
    )
    reference = ServiceRequest.objects.latest("id").reference
    assert reference in answer.text
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="HX", output_format=fmt)
    before = client.get_service_request(reference)
    assert (before["status"], before["service_code"]) == ("open", str(lamp.pk))
    staff = actors.client("staff")
    for action in ("accept", "start", "complete"):
        staff.post(reverse("services:act", args=[reference, action]), {f"{action}-note": ""})
    after = client.get_service_request(reference)
    assert after["status"] == "closed" and after["status_notes"] == "已办结。"


# --- schemathesis against the OpenAPI description ---


@pytest.fixture
def api_schema(live_server, catalogue, actors, settings):
    settings.OPEN311_READS_PER_MINUTE = 0
    settings.OPEN311_POSTS_PER_KEY_HOUR = settings.OPEN311_POSTS_PER_ADDRESS_HOUR = 0
    return schemathesis.openapi.from_url(f"{live_server.url}{reverse('open311:openapi')}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_answer_matches_the_openapi_description(api_schema):
    # schemathesis' own pytest plugin does not run on this pytest; its strategies and checks are used directly.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} == {
        "GET /discovery.{format}",
        "GET /services.{format}",
        "GET /services/{service_code}.{format}",
        "GET /requests.{format}",
        "POST /requests.{format}",
        "GET /requests/{service_request_id}.{format}",
    }
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(hypothesis.HealthCheck)
        )
        def answers_as_described(case):
            case.call_and_validate(checks=CHECKS)

        answers_as_described()


def test_input_outside_the_description_never_breaks_the_server(api_schema):
    """Negative cases (wrong types, missing fields, bad formats): refused, never a 5xx."""
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy(schemathesis.GenerationMode.NEGATIVE))
        @hypothesis.settings(
            max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(hypothesis.HealthCheck)
        )
        def no_server_error(case):
            case.call_and_validate(checks=[not_a_server_error])

        no_server_error()
