import pytest
from django.urls import reverse

from portal.access import Role, has_role
from portal.models import AuditLog
from tests.factories import make_user
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_user_list_requires_login(client):
    assert client.get(reverse("user_list")).status_code == 302


def test_user_list_requires_staff(actors):
    assert actors.client("resident").get(reverse("user_list")).status_code == 403


def test_user_list_rejects_post(actors):
    assert actors.client("staff").post(reverse("user_list")).status_code == 405


def test_user_list_searches_by_phone_end(actors):
    response = actors.client("staff").get(reverse("user_list"), {"q": actors.resident.phone[-4:]})
    assert list(response.context["page"]) == [actors.resident]


def test_user_list_query_count_does_not_grow(actors):
    def add_rows():
        for i in range(18):
            make_user(actors.community, f"居民{i}")

    assert_constant_queries(actors.client("staff"), reverse("user_list"), add_rows)


def test_user_edit_requires_admin(actors):
    url = reverse("user_edit", args=[actors.resident.pk])
    assert actors.client("staff").get(url).status_code == 403
    assert actors.client(None).get(url).status_code == 302


def test_admin_makes_a_resident_staff_and_it_is_audited(actors):
    url = reverse("user_edit", args=[actors.resident.pk])
    data = {"is_staff_member": "on", "is_verified": "on", "is_active": "on", "version": actors.resident.version}
    response = actors.client("admin").post(url, data)
    assert response.status_code == 302
    actors.resident.refresh_from_db()
    assert has_role(actors.resident, Role.STAFF) and actors.resident.is_verified
    entry = AuditLog.objects.get(action="action", note="roles changed")
    assert entry.actor == actors.admin and entry.changes["groups"] == [[], ["staff"]]
    assert AuditLog.objects.filter(action="update", object_id=str(actors.resident.pk)).exists()


def test_admin_cannot_remove_own_admin_role(actors):
    url = reverse("user_edit", args=[actors.admin.pk])
    response = actors.client("admin").post(url, {"is_active": "on", "version": actors.admin.version})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert has_role(actors.admin, Role.ADMIN)


def test_user_edit_rejects_delete(actors):
    assert actors.client("admin").delete(reverse("user_edit", args=[actors.resident.pk])).status_code == 405
