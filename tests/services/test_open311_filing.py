"""POST requests: a client app files a desk request with its key; bad input answers the error list, saving nothing."""

from __future__ import annotations

import pytest

from portal.models import AuditLog
from services.models import ApiSubmission, RequestEvent, ServiceRequest
from tests.open311 import BASE, ask, key_for, parse, public_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def lamp(actors):
    item = public_item(actors.community)
    ask(item)
    return item


@pytest.fixture
def key(actors):
    return key_for(actors.community)[1]


def form(lamp, key, **extra):
    data = {
        "api_key": key,
        "jurisdiction_id": "HX",
        "service_code": str(lamp.pk),
        "address_string": "红星路12号3栋",
        "description": "3栋门口路灯不亮",
        "attribute[POLE]": "A",
        "first_name": "大爷",
        "last_name": "刘",
        "phone": "13912345678",
        "device_id": "dev-1",
        "account_id": "acc-9",
    }
    return {k: v for k, v in (data | extra).items() if v is not None}


def post(client, data, fmt="json", **kwargs):
    return client.post(f"{BASE}/requests.{fmt}", data, **kwargs)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_form_encoded_post_with_a_key_files_a_desk_request(client, actors, lamp, key, fmt):
    response = post(client, form(lamp, key), fmt)
    assert response.status_code == 201
    (answer,) = parse(response, fmt)
    req = ServiceRequest.objects.get(reference=answer["service_request_id"])
    assert list(answer) == ["service_request_id", "service_notice", "account_id"]
    assert answer["service_notice"] == "5个工作日内办理。" and answer["account_id"] == "acc-9"
    assert (req.community, req.item, req.channel, req.status) == (actors.community, lamp, "api", "submitted")
    assert (req.applicant_name, req.applicant_phone, req.address) == ("刘大爷", "13912345678", "红星路12号3栋")
    assert req.description == "3栋门口路灯不亮" and req.public_summary == ""
    submission = ApiSubmission.objects.get(request=req)
    assert submission.client.name == "市民热线" and submission.attributes == {"POLE": "A"}
    assert (submission.device_id, submission.account_id) == ("dev-1", "acc-9")
    assert req.events.get().kind == RequestEvent.Kind.STATUS


def test_every_post_is_audited_with_the_client_app(client, actors, lamp, key):
    answer = post(client, form(lamp, key), REMOTE_ADDR="10.1.2.3").json()[0]
    entry = AuditLog.objects.get(object_repr=answer["service_request_id"])
    assert entry.note == "Open311: 市民热线" and entry.actor is None and entry.ip == "10.1.2.3"
    assert entry.community == actors.community


def test_coordinates_alone_are_a_location(client, lamp, key):
    response = post(client, form(lamp, key, address_string=None, lat="43.817", long="125.323"))
    assert response.status_code == 201
    submission = ApiSubmission.objects.get()
    assert (float(submission.lat), float(submission.long)) == (43.817, 125.323)


def test_a_phone_that_is_not_a_mobile_number_is_not_kept(client, lamp, key):
    post(client, form(lamp, key, phone="call me"))
    assert ServiceRequest.objects.get().applicant_phone == ""


def test_a_multi_choice_question_keeps_every_answer(client, actors, key):
    item = public_item(actors.community, "绿化")
    ask(item, "WHAT", datatype="multivaluelist", values="T|树\nG|草")
    data = form(item, key, **{"attribute[POLE]": None, "attribute[WHAT][]": ["T", "G"]})
    assert post(client, data).status_code == 201
    assert ApiSubmission.objects.get().attributes == {"WHAT": ["T", "G"]}


BAD = [
    ("no key", {"api_key": None}, 403),
    ("unknown key", {"api_key": "gj311_nope"}, 403),
    ("no service_code", {"service_code": None}, 400),
    ("unknown service_code", {"service_code": "999999"}, 404),
    ("word as service_code", {"service_code": "lamp"}, 404),
    ("unknown jurisdiction", {"jurisdiction_id": "NOPE"}, 404),
    ("another jurisdiction", {"jurisdiction_id": "DF"}, 403),
    ("no location", {"address_string": None}, 400),
    ("lat without long", {"address_string": None, "lat": "43.8"}, 400),
    ("lat out of range", {"lat": "91", "long": "125"}, 400),
    ("lat not a number", {"lat": "north", "long": "125"}, 400),
    ("oversized description", {"description": "灯" * 4001}, 400),
    ("NUL in description", {"description": "灯\x00坏"}, 400),
    ("oversized address", {"address_string": "路" * 201}, 400),
    ("required attribute missing", {"attribute[POLE]": None}, 400),
    ("attribute value unknown", {"attribute[POLE]": "Z"}, 400),
    ("attribute not asked", {"attribute[COLOR]": "red"}, 400),
]


@pytest.mark.parametrize(("case", "change", "code"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_input_answers_the_error_list_and_saves_nothing(client, lamp, key, case, change, code, fmt):
    audit_before = AuditLog.objects.count()
    response = post(client, form(lamp, key, **change), fmt)
    assert response.status_code == code, response.content
    (error,) = parse(response, fmt)
    assert str(error["code"]) == str(code) and error["description"]
    assert not ServiceRequest.objects.exists() and not ApiSubmission.objects.exists()
    assert AuditLog.objects.count() == audit_before


def test_a_revoked_key_is_refused(client, actors, lamp):
    client_app, key = key_for(actors.community, "志愿者小程序")
    client_app.revoke()
    response = post(client, form(lamp, key))
    assert response.status_code == 403 and not ServiceRequest.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_json_body_is_refused_as_the_wrong_content_type(client, lamp, key, fmt):
    response = post(client, form(lamp, key), fmt, content_type="application/json")
    assert response.status_code == 415 and str(parse(response, fmt)[0]["code"]) == "415"
    assert not ServiceRequest.objects.exists()


def test_filings_are_limited_per_key(client, actors, lamp, key, settings):
    settings.OPEN311_POSTS_PER_KEY_HOUR = 2
    assert [post(client, form(lamp, key)).status_code for _ in range(3)] == [201, 201, 429]
    assert ServiceRequest.objects.count() == 2
    # Another app's key has its own allowance.
    assert post(client, form(lamp, key_for(actors.community, "另一个")[1])).status_code == 201


def test_filings_are_limited_per_address_whatever_the_key(client, actors, lamp, settings):
    settings.OPEN311_POSTS_PER_ADDRESS_HOUR = 2
    keys = [key_for(actors.community, f"应用{n}")[1] for n in range(3)]
    answers = [post(client, form(lamp, k), REMOTE_ADDR="10.9.9.9") for k in keys]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == "3600" and answers[2].json()[0]["code"] == 429
    assert post(client, form(lamp, keys[2]), REMOTE_ADDR="10.9.9.8").status_code == 201


def test_reads_are_limited_per_address(client, actors, settings):
    settings.OPEN311_READS_PER_MINUTE = 3
    codes = [client.get(f"{BASE}/services.json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(f"{BASE}/services.xml", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_limit_counts_live_in_the_shared_limiter(client, actors, settings):
    from portal.models import RateCounter

    settings.OPEN311_READS_PER_MINUTE = 5
    client.get(f"{BASE}/services.json")
    client.get(f"{BASE}/discovery.xml")
    (counter,) = RateCounter.objects.filter(key__startswith="open311:read:")
    assert counter.count == 2 and "127.0.0.1" not in counter.key


def test_reads_are_refused_when_the_limiter_cannot_count(client, actors, settings, monkeypatch):
    from portal import limits

    def down(key, window):
        raise limits.StoreDown(key)

    monkeypatch.setattr(limits.DatabaseStore, "hit", lambda self, key, window: down(key, window))
    settings.OPEN311_READS_PER_MINUTE = 5
    answer = client.get(f"{BASE}/services.json")
    assert answer.status_code == 503 and answer["Retry-After"] == "30"


def test_keys_are_stored_hashed(actors):
    client_app, key = key_for(actors.community)
    assert key.startswith("gj311_") and len(key) > 40
    assert key not in client_app.key_hash and client_app.key_hint == key[:10]
