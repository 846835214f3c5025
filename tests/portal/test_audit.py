from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditLog, Community

pytestmark = pytest.mark.django_db


def test_staff_writes_are_audited_with_actor_ip_and_changed_fields(actors):
    client = actors.client("admin")
    data = {"real_name": "王建华书记", "email": "", "version": actors.admin.version}
    client.post(reverse("profile"), data, REMOTE_ADDR="10.1.2.3")
    entry = AuditLog.objects.get(action="update", object_id=str(actors.admin.pk))
    assert entry.actor == actors.admin and entry.ip == "10.1.2.3"
    assert entry.changes["real_name"] == ["王建华", "王建华书记"]
    assert entry.community == actors.community


def test_resident_writes_are_not_audited(actors):
    data = {"real_name": "张桂兰", "email": "z@example.org", "version": actors.resident.version}
    assert actors.client("resident").post(reverse("profile"), data).status_code == 302
    assert not AuditLog.objects.exists()


def test_passwords_never_reach_the_log(actors):
    from tests.factories import PASSWORD

    actors.client("staff").post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Another-pass-77", "new_password2": "Another-pass-77"},
    )
    entry = AuditLog.objects.get(object_id=str(actors.staff.pk))
    assert entry.changes["password"] == ["***", "***"]


def test_audit_log_page_requires_admin(actors):
    assert actors.client(None).get(reverse("audit_log")).status_code == 302
    assert actors.client("staff").get(reverse("audit_log")).status_code == 403
    assert actors.client("admin").post(reverse("audit_log")).status_code == 405


def test_audit_log_page_filters_and_hides_other_communities(actors):
    AuditLog.objects.create(community=actors.community, actor=actors.staff, action="update", object_repr="本社区记录")
    AuditLog.objects.create(community=actors.community, actor=actors.staff, action="delete", object_repr="删除记录")
    AuditLog.objects.create(
        community=actors.other_community, actor=actors.outsider, action="update", object_repr="外社区"
    )
    client = actors.client("admin")
    page = client.get(reverse("audit_log")).content.decode()
    assert "本社区记录" in page and "外社区" not in page
    filtered = client.get(reverse("audit_log"), {"action": "delete"}).content.decode()
    assert "删除记录" in filtered and "本社区记录" not in filtered


def test_prune_keeps_entries_younger_than_the_retention(db):
    community = Community.objects.create(name="社区", code="PR")
    old = AuditLog.objects.create(community=community, action="update", object_repr="old")
    AuditLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))
    AuditLog.objects.create(community=community, action="update", object_repr="new")
    call_command("prune_audit")
    assert list(AuditLog.objects.values_list("object_repr", flat=True)) == ["new"]


def test_prune_refuses_less_than_180_days(db):
    with pytest.raises(CommandError):
        call_command("prune_audit", "--days", "30")


def test_a_save_with_update_fields_records_only_those_fields(actors):
    from portal import audit

    token = audit.set_actor(actors.staff, "127.0.0.1")
    try:
        resident = actors.resident
        resident.real_name = "改名但未保存"
        resident.is_verified = True
        resident.save(update_fields=["is_verified"])
    finally:
        audit.reset_actor(token)
    entry = AuditLog.objects.get(object_id=str(resident.pk))
    assert entry.changes == {"is_verified": [False, True]}


def test_group_changes_are_audited_wherever_they_happen(actors):
    from django.contrib.auth.models import Group

    from portal import audit

    token = audit.set_actor(actors.admin, "127.0.0.1")
    try:
        actors.resident.groups.add(Group.objects.get(name="staff"))
    finally:
        audit.reset_actor(token)
    entry = AuditLog.objects.get(note="groups add")
    assert entry.changes == {"groups": ["staff"]} and entry.actor == actors.admin


def test_audit_entries_cannot_be_deleted_in_the_django_admin(rf, actors):
    from django.contrib.admin.sites import site

    request = rf.get("/admin/")
    request.user = actors.admin
    assert not site._registry[AuditLog].has_delete_permission(request)


def test_client_ip_behind_a_trusted_proxy(rf, settings):
    from portal.middleware import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
