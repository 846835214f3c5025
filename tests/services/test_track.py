"""Public tracking: reference + last four digits; no personal data; no enumeration; rate-limited."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_item, make_request

pytestmark = pytest.mark.django_db
URL = reverse("services:track")


@pytest.fixture
def req(actors):
    req = make_request(
        actors.community, actors.resident, make_item(actors.community, "高龄津贴申领"), address="红星路88号院3号楼"
    )
    req.accept(actors.staff)
    req.add_note(actors.staff, "内部：申请人儿子在外地", public=False)
    return req


def look_up(client, ref, digits):
    return client.post(URL, {"ref": ref, "digits": digits})


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_right_digits_show_the_public_timeline_without_personal_data(client, req, actors):
    response = look_up(client, req.reference.lower(), actors.resident.phone[-4:])
    page = response.content.decode()
    assert response.status_code == 200 and response.context["found"] == req
    assert "高龄津贴申领" in page
    assert "申请人儿子" not in page  # internal note
    for personal in (actors.resident.real_name, actors.resident.phone, "红星路88号院", actors.staff.real_name):
        assert personal not in page


def test_a_wrong_reference_and_wrong_digits_get_the_same_answer(client, req, actors):
    wrong_digits = look_up(client, req.reference, "0000")
    wrong_reference = look_up(client, req.reference[:-1] + "9", actors.resident.phone[-4:])
    assert wrong_digits.status_code == wrong_reference.status_code == 200
    assert wrong_digits.context["found"] is None and wrong_reference.context["found"] is None
    # Apart from echoing what was typed in, the two answers are the same page.
    first = without_csrf(wrong_digits).replace(req.reference, "REF").replace('value="0000"', "DIGITS")
    second = without_csrf(wrong_reference).replace(req.reference[:-1] + "9", "REF")
    second = second.replace(f'value="{actors.resident.phone[-4:]}"', "DIGITS")
    assert first == second


def test_the_qr_link_prefills_the_reference(client, req):
    page = client.get(f"{URL}?ref={req.reference}").content.decode()
    assert f'value="{req.reference}"' in page


def test_bad_digits_are_a_form_error(client, req):
    response = look_up(client, req.reference, "12a")
    assert "digits" in response.context["form"].errors


def test_it_is_rate_limited_per_ip(client, req, actors):
    for n in range(10):  # ten references, so no single reference is locked
        look_up(client, f"HX2026010100{n:02d}", "0000")
    blocked = look_up(client, req.reference, actors.resident.phone[-4:])
    assert blocked.status_code == 429 and blocked.context["found"] is None
    other_ip = client.post(URL, {"ref": req.reference, "digits": actors.resident.phone[-4:]}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200 and other_ip.context["found"] == req


def test_it_rejects_other_methods(client):
    assert client.put(URL).status_code == 405


def test_catalog_and_item_pages_are_public(client, actors):
    item = make_item(actors.community, "居住证明开具", home_visit=True)
    make_item(actors.other_community, "外社区事项")
    page = client.get(reverse("services:catalog")).content.decode()
    assert "居住证明开具" in page and "外社区事项" not in page
    detail = client.get(reverse("services:item", args=[item.pk])).content.decode()
    assert "户口簿" in detail and f"?item={item.pk}" in detail
    assert client.post(reverse("services:catalog")).status_code == 405


def test_another_communitys_item_is_404_for_its_residents(actors):
    foreign = make_item(actors.other_community, "外社区事项")
    assert actors.client("resident").get(reverse("services:item", args=[foreign.pk])).status_code == 404
