"""A database migrated before notices left the portal app keeps its notices, search, permissions and audit rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migrations before the move, and what they became.
BEFORE = [("portal", "0006_community_generation"), ("services", "0004_desk_open_queue_index"), ("notices", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as they were at the targets, built from the graph: the state `migrate()` hands back after
    # going backwards keeps fields of sibling branches (a later `User.version`) that the table no longer has.
    return MigrationExecutor(connection).loader.project_state([t for t in targets if t[1]]).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_an_old_database_moves_forward_with_its_notices():
    latest = _latest()
    old = _migrate(BEFORE)
    try:
        Community, User = old.get_model("portal", "Community"), old.get_model("portal", "User")
        Notice, AuditLog = old.get_model("portal", "Notice"), old.get_model("portal", "AuditLog")
        ContentType, Permission = old.get_model("contenttypes", "ContentType"), old.get_model("auth", "Permission")
        community = Community.objects.create(name="红星社区", code="HX")
        author = User.objects.create(phone="13800000001", real_name="李秀梅", community=community)
        notice = Notice.objects.create(
            community=community, category="finance", title="低保名单公示", body="…", author=author,
            search_tokens="低保 保名 名单 单公 公示", state="published", publish_at="2026-01-01T00:00:00Z",
        )  # fmt: skip
        notice_type, _ = ContentType.objects.get_or_create(app_label="portal", model="notice")
        permission, _ = Permission.objects.get_or_create(
            content_type=notice_type, codename="change_notice", defaults={"name": "Can change notice"}
        )
        author.user_permissions.add(permission)
        AuditLog.objects.create(action="update", content_type=notice_type, object_id=str(notice.pk))
    finally:
        _migrate(latest)

    from django.contrib.contenttypes.models import ContentType as NewContentType

    from notices.models import Notice as MovedNotice
    from portal.models import AuditLog as NewAuditLog
    from portal.models import User as NewUser

    moved = MovedNotice.objects.visible().search("低保").get()
    assert moved.pk == notice.pk
    new_type = NewContentType.objects.get_for_model(MovedNotice)
    assert (new_type.pk, new_type.app_label) == (notice_type.pk, "notices")
    assert NewAuditLog.objects.get(object_id=str(notice.pk)).content_type_id == new_type.pk
    assert NewUser.objects.get(pk=author.pk).has_perm("notices.change_notice")
    assert not NewContentType.objects.filter(app_label="portal", model="notice").exists()
