import pytest
from django.urls import reverse

from portal import access
from portal.access import Role
from portal.models import User

pytestmark = pytest.mark.django_db


def test_roles_come_from_groups(actors):
    assert access.roles(actors.resident) == [Role.RESIDENT]
    assert Role.STAFF in access.roles(actors.staff) and Role.ADMIN not in access.roles(actors.staff)
    assert {Role.STAFF, Role.ADMIN} <= set(access.roles(actors.admin))


def test_roster_gives_party_member_and_committee_roles(actors):
    assert access.roles(actors.party_member) == [Role.RESIDENT, Role.PARTY_MEMBER]
    assert access.roles(actors.committee_member) == [Role.RESIDENT, Role.COMMITTEE]


def test_an_ended_seat_gives_no_committee_role(actors):
    from datetime import date

    seat = actors.committee_member.committee_seats.get()
    seat.term_end = date(2024, 12, 31)
    seat.save()
    actors.committee_member.__dict__.pop("_portal_role_cache", None)
    assert Role.COMMITTEE not in access.roles(actors.committee_member)


def test_visitors_have_no_role(client, actors):
    from django.contrib.auth.models import AnonymousUser

    assert access.roles(AnonymousUser()) == []


def test_for_community_limits_rows_to_the_users_community(actors):
    mine = access.for_community(User.objects.all(), actors.staff)
    assert actors.resident in mine and actors.outsider_resident not in mine


def test_staff_of_one_community_cannot_see_another_communitys_users(actors):
    visible = access.users_visible_to(actors.staff)
    assert actors.resident in visible
    assert actors.outsider_resident not in visible and actors.outsider not in visible


def test_residents_see_no_accounts(actors):
    assert not access.users_visible_to(actors.resident).exists()


def test_user_list_hides_other_communities(actors):
    page = actors.client("staff").get(reverse("user_list")).content.decode()
    assert actors.resident.real_name in page and actors.outsider_resident.real_name not in page


def test_editing_another_communitys_user_is_404(actors):
    response = actors.client("admin").get(reverse("user_edit", args=[actors.outsider_resident.pk]))
    assert response.status_code == 404


def test_phone_numbers_are_masked_in_lists(actors):
    page = actors.client("staff").get(reverse("user_list")).content.decode()
    assert actors.resident.phone not in page and actors.resident.masked_phone in page
