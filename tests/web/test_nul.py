"""A NUL character in an address or a query: a 400, never a crash (PostgreSQL cannot hold one in text)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "address"),
    [
        (None, "/notices/?q=%00"),
        (None, "/services/track/?ref=HX%00"),
        (None, "/notices/%00/"),
        ("staff", "/services/desk/?q=%00"),
        ("staff", "/services/desk/?%00=1"),
        ("staff", "/services/requests/HX%00/"),
        ("resident", "/services/mine/?page=%00"),
    ],
)
def test_a_nul_anywhere_in_the_address_is_a_bad_request(actors, who, address):
    response = actors.client(who).get(address)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"  # a browser shows the Chinese as Chinese
    assert "NUL" in response.content.decode() or "空字符" in response.content.decode()


def test_an_address_without_one_is_answered_as_before(actors):
    assert actors.client("staff").get("/services/desk/?q=0%2500").status_code == 200
