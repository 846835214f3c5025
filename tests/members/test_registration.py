"""双报到: a user registers, staff confirm or decline, the member sees their hours."""

import pytest
from django.urls import reverse

from members.models import PartyMember, RosterError
from portal.access import Role, has_role
from portal.models import Notification
from tests import factories
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def registration(unit, **overrides):
    data = {"home_unit": unit.pk, "party_org": "医院党委第二支部", "skills": "护理", "availability": "周六上午"}
    data.update(overrides)
    return data


def fresh(user):
    """The user as a new request would see it (role checks are cached per user object)."""
    return type(user).objects.get(pk=user.pk)


def register(actors, roster, who="resident", **overrides):
    return actors.client(who).post(reverse("members:register"), registration(roster.unit, **overrides))


def test_a_resident_registers_and_waits_for_confirmation(actors, roster):
    response = register(actors, roster, posts=[roster.post.pk])
    assert response.status_code == 302
    member = PartyMember.objects.get(user=actors.resident)
    assert member.status == PartyMember.Status.PENDING and member.kind == PartyMember.Kind.IN_SERVICE
    assert member.home_unit == roster.unit and member.registered_on is not None
    assert list(member.preferred_posts.all()) == [roster.post]
    assert not has_role(fresh(actors.resident), Role.PARTY_MEMBER)


def test_registration_needs_login(client):
    response = client.get(reverse("members:register"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_registration_rejects_put(actors):
    assert actors.client("resident").put(reverse("members:register")).status_code == 405


def test_registration_with_missing_fields_saves_nothing(actors, roster):
    response = register(actors, roster, party_org="", availability="")
    assert response.status_code == 200 and "party_org" in response.context["form"].errors
    assert not PartyMember.objects.filter(user=actors.resident).exists()


def test_registration_refuses_a_unit_of_another_community(actors):
    foreign = factories.make_unit(actors.other_community, "外社区单位")
    response = actors.client("resident").post(reverse("members:register"), registration(foreign))
    assert "home_unit" in response.context["form"].errors
    assert not PartyMember.objects.filter(user=actors.resident).exists()


def test_a_second_registration_is_refused_while_one_is_pending(actors, roster):
    register(actors, roster)
    with pytest.raises(RosterError):
        PartyMember.register(actors.resident, home_unit=roster.unit, party_org="x", skills="", availability="x")
    page = actors.client("resident").get(reverse("members:register"))
    assert page.context["form"] is None and page.context["registration"].status == PartyMember.Status.PENDING


def test_staff_confirm_and_the_user_becomes_a_party_member(actors, roster):
    register(actors, roster)
    member = PartyMember.objects.get(user=actors.resident)
    response = actors.client("staff").post(reverse("members:registration_confirm", args=[member.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == PartyMember.Status.CONFIRMED and member.decided_by == actors.staff
    assert has_role(fresh(actors.resident), Role.PARTY_MEMBER)
    assert Notification.objects.filter(recipient=actors.resident).exists()


def test_a_decided_registration_cannot_be_confirmed_again(actors, roster):
    register(actors, roster)
    member = PartyMember.objects.get(user=actors.resident)
    member.confirm(by=actors.staff)
    with pytest.raises(RosterError):
        member.confirm(by=actors.staff)
    with pytest.raises(RosterError):
        member.decline(by=actors.staff, reason="重复")


def test_staff_decline_with_a_reason(actors, roster):
    register(actors, roster)
    member = PartyMember.objects.get(user=actors.resident)
    url = reverse("members:registration_decline", args=[member.pk])
    actors.client("staff").post(url, {"reason": "报到单位信息不符"})
    member.refresh_from_db()
    assert member.status == PartyMember.Status.DECLINED and member.decline_reason == "报到单位信息不符"
    assert not has_role(fresh(actors.resident), Role.PARTY_MEMBER)
    page = actors.client("resident").get(reverse("members:register")).content.decode()
    assert "报到单位信息不符" in page


def test_declining_without_a_reason_is_refused(actors, roster):
    register(actors, roster)
    member = PartyMember.objects.get(user=actors.resident)
    response = actors.client("staff").post(reverse("members:registration_decline", args=[member.pk]), {"reason": " "})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == PartyMember.Status.PENDING


def test_a_declined_user_may_register_again(actors, roster):
    register(actors, roster)
    PartyMember.objects.get(user=actors.resident).decline(by=actors.staff, reason="信息不全")
    register(actors, roster, skills="急救")
    member = PartyMember.objects.get(user=actors.resident)
    assert member.status == PartyMember.Status.PENDING and member.decline_reason == "" and member.skills == "急救"


def test_only_staff_decide_registrations(actors, roster):
    register(actors, roster)
    member = PartyMember.objects.get(user=actors.resident)
    url = reverse("members:registration_confirm", args=[member.pk])
    assert actors.client("party_member").post(url).status_code == 403
    assert actors.client("outsider").post(url).status_code == 404
    member.refresh_from_db()
    assert member.status == PartyMember.Status.PENDING


def test_registration_list_query_count_does_not_grow(actors, roster):
    register(actors, roster, posts=[roster.post.pk])

    def add_rows():
        for i in range(18):
            user = factories.make_user(actors.community, f"报到{i}")
            PartyMember.register(
                user, home_unit=roster.unit, party_org="x", skills="", availability="周六", posts=[roster.post]
            )

    assert_constant_queries(actors.client("staff"), reverse("members:registration_list"), add_rows)


# --- my activities and hours ---


def test_a_member_sees_their_hours_for_the_year(actors, roster):
    member = PartyMember.objects.get(user=actors.party_member)
    other = factories.make_activity(actors.community, "敬老助餐", date=roster.activity.date.replace(month=9))
    last_year = factories.make_activity(actors.community, "去年的活动", date=roster.activity.date.replace(year=2025))
    factories.make_participation(roster.activity, member, "2.5")
    factories.make_participation(other, member, "1.5")
    factories.make_participation(last_year, member, "8")
    response = actors.client("party_member").get(reverse("members:my_activities"), {"year": 2026})
    assert response.status_code == 200
    assert response.context["total"] == 4
    assert [p.activity.title for p in response.context["participations"]] == ["敬老助餐", "社区义诊"]
    assert member.hours_in(2026) == 4 and member.hours_in(2025) == 8


def test_my_activities_requires_login(client):
    assert client.get(reverse("members:my_activities")).status_code == 302


def test_my_activities_is_for_party_members(actors):
    assert actors.client("resident").get(reverse("members:my_activities")).status_code == 403


def test_my_activities_rejects_post(actors):
    assert actors.client("party_member").post(reverse("members:my_activities")).status_code == 405


def test_my_activities_query_count_does_not_grow(actors, roster):
    member = PartyMember.objects.get(user=actors.party_member)

    def add_rows():
        for i in range(18):
            activity = factories.make_activity(actors.community, f"活动{i}", organizer=roster.unit)
            factories.make_participation(activity, member)

    url = reverse("members:my_activities") + "?year=2026"
    assert_constant_queries(actors.client("party_member"), url, add_rows)


def test_registering_links_the_roster_entry_staff_already_have_for_that_phone(actors, roster):
    existing = factories.make_party_member(actors.community, "张桂兰", phone=actors.resident.phone)
    register(actors, roster)
    existing.refresh_from_db()
    assert existing.user == actors.resident and existing.status == PartyMember.Status.PENDING
    assert PartyMember.objects.filter(phone=actors.resident.phone).count() == 1
