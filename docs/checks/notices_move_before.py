# Checked by hand: see docs/notices-move.md. Run with the tree as it was before the move.
# Run with the OLD tree: notices in portal. Creates audit rows and a permission on the notice content type.
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from portal import audit
from portal.models import AuditLog, Notice, User

admin = User.objects.filter(groups__name="admin").first()
token = audit.set_actor(admin, "127.0.0.1")
n = Notice.objects.visible().first()
n.title = n.title + " (edited)"
n.save()
audit.record_action(n, "checked")
audit.reset_actor(token)
ct = ContentType.objects.get_for_model(Notice)
staff = User.objects.exclude(pk=admin.pk).filter(community=admin.community).first()
staff.user_permissions.add(Permission.objects.get(content_type=ct, codename="change_notice"))
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
    "perm user",
    staff.pk,
)
