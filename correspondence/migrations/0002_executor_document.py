"""ResolutionExecutor.document: the resolution's document repeated on each executor row, filled from the
resolutions for the rows already there, so that access checks read executors straight to documents."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("correspondence", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="resolutionexecutor",
            name="document",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="correspondence.document",
                verbose_name="document",
            ),
        ),
        migrations.RunSQL(
            "UPDATE correspondence_resolutionexecutor e SET document_id = r.document_id"
            " FROM correspondence_resolution r WHERE r.id = e.resolution_id",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="resolutionexecutor",
            name="document",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="correspondence.document",
                verbose_name="document",
            ),
        ),
    ]
