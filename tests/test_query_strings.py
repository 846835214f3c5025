"""Hostile query strings on every page: filters, search words and page numbers never cause a 500."""

import pytest
from django.urls import reverse

from tests.attacks import MALFORMED, OVERSIZED
from tests.test_permission_matrix import EXPECTED, ROLES, all_routes, client_for
from tests.test_permission_matrix import world as world  # noqa: F401, PLC0414 - the fixture

pytestmark = pytest.mark.django_db

# Every parameter a list or search page reads somewhere.
PARAMS = ["q", "page", "year", "status", "state", "category", "kind", "ref", "digits", "show", "item", "sort",
          "assignee", "channel", "overdue", "unit", "action", "date_from", "date_to", "next", "community",
          "since", "until"]  # fmt: skip
VALUES = {
    "NUL": MALFORMED["NUL"],
    "lone surrogate": MALFORMED["lone surrogate"],
    "oversized": OVERSIZED[:5000],
    "negative": "-1",
    "huge number": "9" * 40,
    "superscript digit": "²",
}


def query(value: str) -> str:
    from tests.attacks import form_bytes

    return form_bytes(dict.fromkeys(PARAMS, value)).decode()


@pytest.mark.parametrize("role", ["anonymous", "resident", "staff"])
def test_every_page_survives_hostile_query_strings(world, role):  # noqa: F811
    client = client_for(world, role, raise_request_exception=False)  # collect every failure, not the first
    broken = []
    for route in all_routes():
        if EXPECTED[route.route].split()[ROLES.index(role)] != "200":
            continue  # pages the role cannot open answer before reading any parameter
        url = reverse(route.name, kwargs=world.kwargs(route))
        for name, value in VALUES.items():
            response = client.get(f"{url}?{query(value)}")
            if response.status_code >= 500:
                broken.append(f"{route.route} with {name}: {response.status_code}")
    assert not broken, "\n".join(broken)
