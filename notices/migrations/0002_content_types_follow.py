"""The content types of Notice and NoticeAttachment follow the models to this app.

Renaming the rows (rather than letting new ones be created) keeps their ids, so the
permissions granted on notices and the audit entries about them still point at them.
"""

from django.db import migrations

MODELS = ("notice", "noticeattachment")


def _move(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)
    from django.contrib.contenttypes.models import ContentType as CachedContentType

    CachedContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, schema_editor, "portal", "notices")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, "notices", "portal")


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forwards, backwards)]
