"""Every roster staff page: login first, staff only, own community only, right methods."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "unit_list",
    "seat_list",
    "member_list",
    "registration_list",
    "agreement_list",
    "agreement_report",
    "activity_list",
    "post_list",
    "resource_list",
    "roster_import",
    "report_index",
    "unit_create",
    "seat_create",
    "member_create",
    "agreement_create",
    "activity_create",
    "post_create",
    "resource_create",
    "roster_template",
    "roster_export",
    "agreement_report_xlsx",
]

# url name -> the roster fixture attribute whose pk the URL takes
OBJECT_PAGES = {
    "unit_detail": "unit",
    "unit_edit": "unit",
    "home_unit_report": "unit",
    "seat_edit": "seat",
    "seat_hand_over": "seat",
    "member_edit": "member",
    "agreement_detail": "agreement",
    "agreement_edit": "agreement",
    "commitment_create": "agreement",
    "commitment_edit": "commitment",
    "activity_detail": "activity",
    "activity_edit": "activity",
    "post_edit": "post",
}

POST_ONLY = {
    "registration_confirm": "member",
    "registration_decline": "member",
    "participation_add": "activity",
    "participation_remove": "participation",
    "photo_add": "activity",
}


def all_urls(roster):
    urls = [reverse(f"members:{name}") for name in LISTS]
    urls += [reverse(f"members:{name}", args=[getattr(roster, attr).pk]) for name, attr in OBJECT_PAGES.items()]
    return urls


def test_staff_pages_work_for_staff(actors, roster):
    client = actors.client("staff")
    for url in all_urls(roster):
        assert client.get(url).status_code == 200, url


def test_staff_pages_require_login(client, roster):
    for url in all_urls(roster):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["resident", "party_member", "committee_member"])
def test_staff_pages_refuse_other_roles(actors, roster, who):
    client = actors.client(who)
    for url in all_urls(roster):
        assert client.get(url).status_code == 403, url


def test_staff_of_another_community_get_404_on_our_rows(actors, roster):
    client = actors.client("outsider")
    for name, attr in {**OBJECT_PAGES, **POST_ONLY}.items():
        url = reverse(f"members:{name}", args=[getattr(roster, attr).pk])
        method = client.post if name in POST_ONLY else client.get
        assert method(url).status_code == 404, url


def test_lists_of_another_community_show_none_of_our_rows(actors, roster):
    page = actors.client("outsider").get(reverse("members:unit_list")).content.decode()
    assert roster.unit.name not in page


def test_read_only_pages_reject_post(actors, roster):
    client = actors.client("staff")
    for name in ["unit_list", "seat_list", "member_list", "agreement_list", "activity_list", "roster_export"]:
        assert client.post(reverse(f"members:{name}")).status_code == 405, name
    assert client.post(reverse("members:unit_detail", args=[roster.unit.pk])).status_code == 405


def test_actions_reject_get(actors, roster):
    client = actors.client("staff")
    for name, attr in POST_ONLY.items():
        assert client.get(reverse(f"members:{name}", args=[getattr(roster, attr).pk])).status_code == 405, name


def test_forms_reject_delete(actors, roster):
    client = actors.client("staff")
    assert client.delete(reverse("members:unit_edit", args=[roster.unit.pk])).status_code == 405
    assert client.delete(reverse("members:unit_create")).status_code == 405
