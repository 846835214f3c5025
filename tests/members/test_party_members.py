import pytest
from django.urls import reverse

from members.models import PartyMember
from tests import factories
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_staff_add_an_in_service_member(actors, roster):
    data = {"name": "白玉兰", "phone": "139 1234 0100", "kind": "in_service", "home_unit": roster.unit.pk}
    response = actors.client("staff").post(reverse("members:member_create"), data)
    assert response.status_code == 302
    member = PartyMember.objects.get(name="白玉兰")
    assert member.phone == "13912340100" and member.community == actors.community
    assert member.status == PartyMember.Status.CONFIRMED


def test_an_in_service_member_needs_a_home_unit(actors):
    data = {"name": "白玉兰", "kind": "in_service"}
    response = actors.client("staff").post(reverse("members:member_create"), data)
    assert "home_unit" in response.context["form"].errors
    assert not PartyMember.objects.filter(name="白玉兰").exists()


def test_a_bad_phone_is_refused(actors):
    response = actors.client("staff").post(reverse("members:member_create"), {"name": "白玉兰", "phone": "12345"})
    assert "phone" in response.context["form"].errors
    assert not PartyMember.objects.filter(name="白玉兰").exists()


def test_staff_edit_a_member(actors, roster):
    url = reverse("members:member_edit", args=[roster.member.pk])
    data = {"name": roster.member.name, "kind": "community", "skills": "书法", "version": roster.member.version}
    assert actors.client("staff").post(url, data).status_code == 302
    roster.member.refresh_from_db()
    assert roster.member.skills == "书法" and roster.member.kind == "community"


def test_member_list_filters_and_searches(actors, roster):
    factories.make_party_member(actors.community, "马淑芬", kind=PartyMember.Kind.MOBILE)
    client = actors.client("staff")
    page = client.get(reverse("members:member_list"), {"kind": "mobile"})
    assert [m.name for m in page.context["page"]] == ["马淑芬"]
    page = client.get(reverse("members:member_list"), {"home_unit": roster.unit.pk})
    assert [m.name for m in page.context["page"]] == ["潘国强"]
    page = client.get(reverse("members:member_list"), {"q": "0099"})
    assert [m.name for m in page.context["page"]] == ["潘国强"]


def test_member_list_home_unit_choices_stay_in_the_community(actors, roster):
    foreign = factories.make_unit(actors.other_community, "外社区单位")
    page = actors.client("staff").get(reverse("members:member_list"), {"home_unit": foreign.pk})
    assert "home_unit" in page.context["filter"].form.errors


def test_member_list_query_count_does_not_grow(actors, roster):
    def add_rows():
        for i in range(18):
            member = factories.make_party_member(actors.community, f"党员{i}", home_unit=roster.unit)
            factories.make_post(actors.community, f"岗位{i}", holder=member)

    assert_constant_queries(actors.client("staff"), reverse("members:member_list"), add_rows)
