# Checked by hand: see docs/notices-move.md. Run with the tree as it was after the move.
# Run with the NEW tree after migrating forward.
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from notices.models import Notice
from portal.models import AuditLog, User

ct = ContentType.objects.get_for_model(Notice)
print(
    "ct",
    ct.pk,
    ct.app_label,
    "notices",
    Notice.objects.count(),
    "audit on notices",
    AuditLog.objects.filter(content_type=ct).count(),
    "search",
    Notice.objects.visible().search("低保").count(),
)
print(
    "stale portal types",
    list(ContentType.objects.filter(app_label="portal", model__startswith="notice").values_list("model", flat=True)),
)
print("perm holders", [u.pk for u in User.objects.all() if u.has_perm("notices.change_notice") and not u.is_superuser])
entry = AuditLog.objects.filter(content_type=ct).first()
print("audit object", entry.content_type.get_object_for_this_type(pk=entry.object_id))
if connection.vendor == "postgresql":
    with connection.cursor() as c:
        c.execute("SELECT indexname FROM pg_indexes WHERE tablename='portal_notice' ORDER BY 1")
        print("indexes", [r[0] for r in c.fetchall()])
        c.execute("SET enable_seqscan = off")
        sql, params = Notice.objects.search("低保").values("pk").query.sql_with_params()
        c.execute("EXPLAIN " + sql, params)
        print("plan uses gin:", any("notice_search_gin" in r[0] for r in c.fetchall()))
print("objection FK target", Notice._meta.get_field("id").model, [f.name for f in Notice._meta.related_objects])
