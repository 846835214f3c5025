import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from portal import backup
from portal.models import AuditLog, Notification, User
from tests.factories import make_admin, make_community, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_backup_then_restore_onto_an_empty_database_gives_the_same_rows_and_files(media, tmp_path):
    community = make_community("红星社区", "HX")
    admin = make_admin(community, "王建华")
    resident = make_user(community, "张桂兰")
    Notification.objects.create(recipient=resident, title="您的申请已受理")
    AuditLog.objects.create(community=community, actor=admin, action="update", object_repr="测试")
    default_storage.save("requests/2026/photo.jpg", ContentFile(b"\xff\xd8\xff fake jpeg bytes"))
    before_rows, before_media = backup.row_counts(), backup.media_hashes()

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    call_command("flush", "--noinput")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    call_command("migrate", "--noinput", "-v0")  # recreates the role groups, as on a fresh database
    call_command("restore", str(archive))

    assert backup.row_counts() == before_rows
    assert backup.media_hashes() == before_media
    restored = User.objects.get(phone=resident.phone)
    assert restored.check_password("Test-pass-2026") and restored.community.code == "HX"
    assert User.objects.get(phone=admin.phone).groups.filter(name="admin").exists()
    # New rows get fresh ids after a restore (sequences were reset).
    assert make_user(restored.community, "新居民").pk > restored.pk


def test_restore_refuses_a_database_with_data(media, tmp_path):
    make_user(make_community(), "居民")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
