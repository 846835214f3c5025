"""GeoReport v2 conformance: every field of every answer, in JSON and XML alike, for 0, 1 and many results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests import factories
from tests.open311 import BASE, as_text, ask, parse, public_item, public_picture

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]  # fmt: skip


def both(client, path: str, **params):
    """The same question in both formats; they must say the same thing. Returns the JSON answer."""
    answers = {}
    for fmt in FORMATS:
        response = client.get(f"{BASE}/{path}.{fmt}", params)
        answers[fmt] = (response.status_code, parse(response, fmt))
    (json_status, json_body), (xml_status, xml_body) = answers["json"], answers["xml"]
    assert json_status == xml_status
    if isinstance(xml_body, dict):
        xml_body.pop("__root__")
    assert as_text(json_body) == xml_body
    return json_status, json_body


def test_discovery_names_the_specification_and_both_formats(client):
    status, body = both(client, "discovery")
    assert status == 200 and set(body) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production" and endpoint["formats"] == ["text/xml", "application/json"]
    assert parse_datetime(body["changeset"]) and parse_datetime(endpoint["changeset"])


def test_a_community_without_services_lists_none(client, actors):
    assert both(client, "services", jurisdiction_id="DF") == (200, [])


def test_one_service_has_every_field(client, actors):
    item = public_item(actors.community)
    status, body = both(client, "services", jurisdiction_id="HX")
    assert status == 200
    assert body == [
        {
            "service_code": str(item.pk),
            "service_name": "路灯维修",
            "description": "路灯不亮、损坏",
            "metadata": False,
            "type": "realtime",
            "keywords": None,
            "group": None,
        }
    ]


def test_many_services_say_which_ask_extra_questions(client, actors):
    lamp, lift = public_item(actors.community), public_item(actors.community, "电梯故障", order=1)
    factories.make_item(actors.community, "低保申请")  # listed as a service; its requests stay private
    factories.make_item(actors.community, "停办事项", is_active=False)
    factories.make_item(actors.other_community, "别的社区")
    ask(lift)
    _status, body = both(client, "services", jurisdiction_id="HX")
    assert [s["service_name"] for s in body] == ["电梯故障", "低保申请", "路灯维修"]
    assert all(list(s) == SERVICE_FIELDS for s in body)
    assert {s["service_code"]: s["metadata"] for s in body}[str(lift.pk)] is True
    assert {s["service_code"]: s["metadata"] for s in body}[str(lamp.pk)] is False


def test_a_service_definition_lists_its_attributes_in_order(client, actors):
    item = public_item(actors.community)
    ask(item, "WHEN", datatype="datetime", required=False, values="", order=2)
    ask(item)
    status, body = both(client, f"services/{item.pk}", jurisdiction_id="HX")
    assert status == 200 and body["service_code"] == str(item.pk)
    assert body["attributes"] == [
        {
            "variable": True,
            "code": "POLE",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": None,
            "order": 1,
            "description": "哪一侧？",
            "values": [{"key": "A", "name": "东侧"}, {"key": "B", "name": "西侧"}],
        },
        {
            "variable": True,
            "code": "WHEN",
            "datatype": "datetime",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": "哪一侧？",
            "values": [],
        },
    ]


def test_a_service_without_questions_has_an_empty_definition(client, actors):
    item = public_item(actors.community)
    assert both(client, f"services/{item.pk}", jurisdiction_id="HX") == (
        200,
        {"service_code": str(item.pk), "attributes": []},
    )


# --- requests ---


@pytest.fixture
def lamp(actors):
    return public_item(actors.community)


def test_no_public_requests_is_an_empty_list(client, actors, lamp):
    factories.make_request(actors.community, actors.resident, factories.make_item(actors.community, "低保申请"))
    assert both(client, "requests", jurisdiction_id="HX") == (200, [])


def test_one_request_has_every_field_and_nothing_personal(client, actors, lamp):
    req = factories.make_request(
        actors.community,
        actors.resident,
        lamp,
        address="红星路12号3栋2单元301",
        description="我家门口的灯坏了，电话13800001111",
    )
    req.accept(actors.staff, "已受理，电工明天到")
    req.add_note(actors.staff, "内部：住户脾气急", public=False)
    status, body = both(client, "requests", jurisdiction_id="HX")
    req.refresh_from_db()
    assert status == 200 and len(body) == 1
    (row,) = body
    assert list(row) == REQUEST_FIELDS
    last_step = req.events.order_by("-created_at").first().created_at
    assert row == {
        "service_request_id": req.reference,
        "status": "open",
        "status_notes": "已受理，电工明天到",
        "service_name": "路灯维修",
        "service_code": str(lamp.pk),
        "description": None,  # staff have written no public summary yet
        "agency_responsible": "红星社区",
        "service_notice": "5个工作日内办理。",
        "requested_datetime": timezone.localtime(req.created_at).isoformat(timespec="seconds"),
        "updated_datetime": timezone.localtime(last_step).isoformat(timespec="seconds"),
        "expected_datetime": f"{req.due_date.isoformat()}T23:59:59+08:00",
        "address": "红星路12号3栋",
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def test_no_answer_in_either_format_carries_a_name_phone_door_or_the_applicants_words(client, actors, lamp):
    req = factories.make_request(
        actors.community, actors.resident, lamp, address="红星路12号3栋2单元301", description="我家门口的灯坏了"
    )
    req.accept(actors.staff, f"已联系{actors.resident.real_name}，电话{actors.resident.phone}")
    req.add_note(actors.staff, "内部：住户脾气急", public=False)
    for fmt in FORMATS:
        for path in ("requests", f"requests/{req.reference}"):
            body = client.get(f"{BASE}/{path}.{fmt}", {"jurisdiction_id": "HX"}).content.decode()
            for secret in (actors.resident.real_name, actors.resident.phone, "2单元", "301", "我家门口", "脾气急"):
                assert secret not in body, (fmt, path, secret)
            assert actors.staff.real_name not in body


def test_many_requests_come_newest_first_with_summary_status_and_picture(client, actors, lamp):
    older, newer = (factories.make_request(actors.community, actors.resident, lamp) for _ in range(2))
    older.created_at = timezone.now() - timedelta(days=2)
    older.save(update_fields=["created_at"])
    picture = public_picture(newer)
    newer.set_public_view(actors.staff, "3栋路灯不亮", picture)
    older.reject(actors.staff, "重复报修")
    private = factories.make_request(actors.community, actors.resident, factories.make_item(actors.community, "低保"))
    factories.make_request(actors.other_community, None, public_item(actors.other_community))
    _status, body = both(client, "requests", jurisdiction_id="HX")
    assert [row["service_request_id"] for row in body] == [newer.reference, older.reference]
    assert private.reference not in str(body)
    assert body[0]["description"] == "3栋路灯不亮"
    assert body[0]["media_url"] == f"http://testserver/open311/v2/media/{picture.pk}/"
    assert (body[1]["status"], body[1]["status_notes"], body[1]["media_url"]) == ("closed", "不予受理：重复报修", None)
    assert body[1]["expected_datetime"] is None
    media = client.get(f"/open311/v2/media/{picture.pk}/")
    assert media.status_code == 200 and media["Content-Type"] == "image/png"


def test_a_picture_not_marked_public_is_never_served(client, actors, lamp):
    req = factories.make_request(actors.community, actors.resident, lamp)
    picture = public_picture(req)
    assert client.get(f"/open311/v2/media/{picture.pk}/").status_code == 404
    req.set_public_view(actors.staff, "摘要", picture)
    lamp.public = False
    lamp.save(update_fields=["public"])
    assert client.get(f"/open311/v2/media/{picture.pk}/").status_code == 404


def test_one_request_by_id_and_the_status_filters(client, actors, lamp):
    first, second = (factories.make_request(actors.community, actors.resident, lamp) for _ in range(2))
    first.reject(actors.staff, "不属实")
    assert both(client, f"requests/{second.reference}", jurisdiction_id="HX")[1][0]["service_request_id"] == (
        second.reference
    )
    ids = lambda **q: [r["service_request_id"] for r in both(client, "requests", jurisdiction_id="HX", **q)[1]]  # noqa: E731
    assert ids(status="closed") == [first.reference]
    assert ids(status="open") == [second.reference]
    assert ids(status="open,closed") == [second.reference, first.reference]
    assert ids(service_request_id=f"{first.reference},NOPE") == [first.reference]
    assert ids(service_code=str(lamp.pk + 1000)) == []
    assert ids(page_size="1") == [second.reference]
    assert ids(page_size="1", page="2") == [first.reference]
    assert ids(page="3") == []


def test_dates_choose_the_window_and_default_to_the_last_90_days(client, actors, lamp):
    old = factories.make_request(actors.community, actors.resident, lamp)
    old.created_at = timezone.now() - timedelta(days=120)
    old.save(update_fields=["created_at"])
    recent = factories.make_request(actors.community, actors.resident, lamp)
    ids = lambda **q: [r["service_request_id"] for r in both(client, "requests", jurisdiction_id="HX", **q)[1]]  # noqa: E731
    assert ids() == [recent.reference]
    start = (timezone.now() - timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    assert ids(start_date=start) == [old.reference]
    assert ids(end_date=(timezone.now() - timedelta(days=100)).date().isoformat()) == [old.reference]


def test_requests_filed_through_the_api_show_their_place_at_building_precision(client, actors, lamp):
    from services.models import ApiSubmission

    req = factories.make_request(actors.community, None, lamp, channel="api", address="")
    client_app, _key = __import__("tests.open311", fromlist=["key_for"]).key_for(actors.community)
    ApiSubmission.objects.create(request=req, client=client_app, lat="43.8171234", long="125.3235678")
    row = both(client, f"requests/{req.reference}", jurisdiction_id="HX")[1][0]
    assert (row["lat"], row["long"], row["address"]) == (43.8171, 125.3236, None)


# --- each error, in both formats ---

ERRORS = [
    ("services", {"jurisdiction_id": "NOPE"}, 404),
    ("services/999999", {"jurisdiction_id": "HX"}, 404),
    ("services/abc", {"jurisdiction_id": "HX"}, 404),
    ("requests", {"jurisdiction_id": "NOPE"}, 404),
    ("requests", {"jurisdiction_id": "HX", "start_date": "yesterday"}, 400),
    ("requests", {"jurisdiction_id": "HX", "end_date": "2026-13-45T00:00:00Z"}, 400),
    ("requests", {"jurisdiction_id": "HX", "start_date": "2026-01-01", "end_date": "2026-06-01"}, 400),
    ("requests", {"jurisdiction_id": "HX", "start_date": "2026-06-01", "end_date": "2026-01-01"}, 400),
    ("requests", {"jurisdiction_id": "HX", "status": "pending"}, 400),
    ("requests", {"jurisdiction_id": "HX", "service_code": "x'--"}, 400),
    ("requests", {"jurisdiction_id": "HX", "page": "0"}, 400),
    ("requests", {"jurisdiction_id": "HX", "page_size": "1001"}, 400),
    ("requests", {"jurisdiction_id": "HX", "service_request_id": ",".join(["A"] * 101)}, 400),
    ("requests/HX000", {"jurisdiction_id": "HX"}, 404),
]


@pytest.mark.parametrize(("path", "params", "code"), ERRORS, ids=lambda v: str(v)[:40])
def test_each_bad_question_answers_the_error_list(client, actors, path, params, code):
    status, body = both(client, path, **params)
    assert status == code
    assert len(body) == 1 and list(body[0]) == ["code", "description"]
    assert body[0]["code"] == code and body[0]["description"]


def test_a_private_request_is_not_found_by_its_id(client, actors):
    req = factories.make_request(actors.community, actors.resident, factories.make_item(actors.community, "低保申请"))
    assert both(client, f"requests/{req.reference}", jurisdiction_id="HX")[0] == 404


def test_another_communitys_request_is_not_found_in_this_jurisdiction(client, actors):
    req = factories.make_request(actors.other_community, None, public_item(actors.other_community))
    assert both(client, f"requests/{req.reference}", jurisdiction_id="HX")[0] == 404
    assert both(client, f"requests/{req.reference}", jurisdiction_id="DF")[0] == 200


def test_other_methods_are_refused_in_the_error_format(client):
    for fmt in FORMATS:
        response = client.put(f"{BASE}/services.{fmt}")
        assert response.status_code == 405 and response["Allow"] == "GET"
        assert parse(response, fmt)[0]["code"] in (405, "405")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("services/0oVi", {"jurisdiction_id": "HX\x00"}),  # a NUL that reached PostgreSQL answered 500
        ("requests", {"jurisdiction_id": "HX", "service_code": "\x00"}),
        ("requests", {"jurisdiction_id": "HX", "\x00": "x", "status": "open\x00"}),
        ("requests/HX%00", {"jurisdiction_id": "HX"}),  # in the address: the id reached PostgreSQL too
    ],
)
def test_a_nul_in_the_request_is_a_bad_request_in_the_error_format(client, actors, path, params):
    for fmt in FORMATS:
        response = client.get(f"{BASE}/{path}.{fmt}", params)
        assert response.status_code == 400
        assert parse(response, fmt)[0]["code"] in (400, "400")
