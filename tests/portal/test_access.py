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


ACTOR_NAMES = ["resident", "party_member", "committee_member", "staff", "admin", "outsider_resident"]


@pytest.mark.parametrize("name", ACTOR_NAMES)
def test_the_user_of_a_request_comes_with_the_same_roles_the_checks_give(actors, name, django_assert_num_queries):
    from portal.backends import PortalBackend

    expected = access.roles(User.objects.get(pk=getattr(actors, name).pk))  # each role asked of the database
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(getattr(actors, name).pk)
        assert access.roles(user) == expected


def test_roles_read_with_the_user_follow_the_roster_and_the_unread_count(actors):
    from datetime import date

    from portal.backends import PortalBackend
    from portal.models import Notification

    seat = actors.committee_member.committee_seats.get()
    seat.term_end = date(2024, 12, 31)
    seat.save()
    assert Role.COMMITTEE not in access.roles(PortalBackend().get_user(actors.committee_member.pk))
    Notification.objects.create(recipient=actors.resident, title="t", body="b")
    Notification.objects.create(recipient=actors.resident, title="t", body="b")
    Notification.objects.create(recipient=actors.staff, title="t", body="b")
    assert PortalBackend().get_user(actors.resident.pk).portal_unread == 2


def test_a_logged_in_page_asks_for_roles_with_the_user(client, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(actors.staff, backend="portal.backends.PortalBackend")
    with CaptureQueriesContext(connection) as captured:
        user = client.get(reverse("notifications")).wsgi_request.user
        assert access.has_role(user, Role.STAFF) and not access.has_role(user, Role.PARTY_MEMBER)
    tables = ("auth_group", "members_partymember", "members_committeeseat", "portal_notification")
    role_reads = [q["sql"] for q in captured if any(table in q["sql"] for table in tables)]
    # The user's own query reads groups, roles and the unread count; the page then reads its notifications.
    assert role_reads[0].startswith('SELECT "portal_user"')
    assert all("auth_group" not in sql and "members_" not in sql for sql in role_reads[1:])
    assert len([sql for sql in role_reads if "read_at" in sql and "COUNT" in sql]) == 1
