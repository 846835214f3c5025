"""Printed lists for the desk: the party-member roster and the 双报到 registrations waiting for confirmation.

Each is a page without navigation, headed with the community, the day and who printed it, numbered by CSS
@page, with phones masked; reached by a 打印 link on the screen it prints; staff and admins only.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import PartyMember
from portal.models import AuditLog
from tests import factories
from tests.utils import assert_constant_queries, assert_printed_list

pytestmark = pytest.mark.django_db

ROSTER = "/members/party-members/print/"
PENDING = "/members/registrations/print/"


@pytest.fixture
def people(actors):
    unit = factories.make_unit(actors.community, "区税务局二分局")
    post = factories.make_post(actors.community, "楼栋党员中心户")
    confirmed = factories.make_party_member(actors.community, "潘国强", phone="13912340099", home_unit=unit)
    waiting = factories.make_party_member(
        actors.community,
        "丁美玲",
        phone="13812345678",
        kind=PartyMember.Kind.IN_SERVICE,
        status=PartyMember.Status.PENDING,
        home_unit=unit,
        skills="法律咨询",
        registered_on=date(2026, 11, 20),
    )
    waiting.preferred_posts.add(post)
    factories.make_party_member(actors.other_community, "外社区党员", phone="13700001111")
    return confirmed, waiting


def test_the_roster_prints_every_member_with_masked_phones(actors, people):
    response = actors.client("staff").get(ROSTER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "潘国强" in page and "丁美玲" in page and "139****0099" in page
    assert "13912340099" not in page and "外社区党员" not in page
    assert 'class="site-header' not in page and "<nav" not in page  # nothing but the list
    assert "printed-list.css" in page and "data-print" in page


def test_the_header_names_the_community_the_day_and_who_printed(actors, people):
    page = actors.client("admin").get(ROSTER).content.decode()
    assert actors.community.name in page and timezone.localdate().isoformat() in page and "王建华" in page


def test_the_roster_print_follows_the_screens_filters(actors, people):
    page = actors.client("staff").get(ROSTER, {"status": PartyMember.Status.PENDING}).content.decode()
    assert "丁美玲" in page and "潘国强" not in page


def test_the_roster_screen_links_its_print_with_the_filters(actors, people):
    page = actors.client("staff").get("/members/party-members/", {"q": "潘"}).content.decode()
    assert f'href="{ROSTER}?q=%E6%BD%98"' in page


def test_pending_registrations_print_with_what_staff_decide_on(actors, people):
    page = actors.client("staff").get(PENDING).content.decode()
    assert "丁美玲" in page and "138****5678" in page and "法律咨询" in page and "楼栋党员中心户" in page
    assert "13812345678" not in page and "潘国强" not in page
    assert "<nav" not in page


def test_the_registrations_screen_links_its_print(actors, people):
    assert f'href="{PENDING}"' in actors.client("staff").get(reverse("members:registration_list")).content.decode()


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_it_is_the_shared_print_layout_landscape_numbered_and_without_navigation(actors, url, people):
    assert_printed_list(actors.client("staff").get(url).content.decode())


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_it_requires_login(actors, url):
    response = actors.client(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_it_requires_staff(actors, url, people):
    for who in ("resident", "party_member", "committee_member"):
        assert actors.client(who).get(url).status_code == 403


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_it_hides_other_communities(actors, url, people):
    page = actors.client("outsider").get(url).content.decode()
    assert "丁美玲" not in page and "潘国强" not in page and "孙外人" in page


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_it_rejects_post(actors, url):
    assert actors.client("staff").post(url).status_code == 405


def test_bad_filter_input_prints_nobody_rather_than_failing(actors, people):
    response = actors.client("staff").get(ROSTER, {"home_unit": "not-a-number"})
    assert response.status_code == 200


@pytest.mark.parametrize("url", [ROSTER, PENDING])
def test_the_query_count_does_not_grow_with_the_list(actors, url, people):
    post = factories.make_post(actors.community, "文明劝导岗")

    def add_rows():
        unit = factories.make_unit(actors.community, "市供电公司")
        for i in range(20):
            member = factories.make_party_member(
                actors.community,
                f"党员{i}",
                phone=f"139000000{i:02d}",
                status=PartyMember.Status.PENDING,
                home_unit=unit,
            )
            member.preferred_posts.add(post)

    assert_constant_queries(actors.client("staff"), url, add_rows)


@pytest.mark.parametrize(("url", "note"), [(ROSTER, "roster printed"), (PENDING, "registrations printed")])
def test_every_print_is_audited(actors, people, url, note):
    actors.client("staff").get(url)
    entry = AuditLog.objects.get(note=note)
    assert entry.actor == actors.staff and entry.community == actors.community
