import django.db.models.deletion
from django.db import migrations, models


from services.status_counts import create_triggers, drop_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('services', '0004_desk_open_queue_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('submitted', 'Submitted'), ('accepted', 'Accepted'), ('in_progress', 'In progress'), ('waiting', 'Waiting for materials'), ('completed', 'Completed'), ('delivered', 'Delivered'), ('closed', 'Closed'), ('rejected', 'Rejected')], max_length=12)),
                ('n', models.IntegerField(default=0)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portal.community')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('community', 'status'), name='status_count_one_per_status')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
