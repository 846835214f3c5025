from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_community_generation"),
    ]

    operations = [
        migrations.RemoveField(model_name="community", name="generation"),
    ]
