from django.db import migrations


def await_decisions(apps, schema_editor):
    """Requests escalated without a resolution yet stop being covered: they await the joint meeting instead."""
    Escalation = apps.get_model("meetings", "Escalation")
    ServiceRequest = apps.get_model("services", "ServiceRequest")
    waiting = Escalation.objects.filter(resolution__isnull=True, closed_at__isnull=True).values_list("request_id")
    ServiceRequest.objects.filter(pk__in=waiting).update(escalated_until=None, awaiting_meeting=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_cancelled_meeting_frees_its_period"),
        ("services", "0006_request_awaiting_meeting"),
    ]

    operations = [migrations.RunPython(await_decisions, migrations.RunPython.noop)]
