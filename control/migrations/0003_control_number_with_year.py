"""Control numbers carry the year (К-15/26): the counter restarts every year and numbers stay unique."""

from django.db import migrations


def with_year(apps, schema_editor):
    apps.get_model("akimat", "Journal").objects.filter(code="control", number_format="{prefix}{seq}").update(
        number_format="{prefix}{seq}/{yy}"
    )


def without_year(apps, schema_editor):
    apps.get_model("akimat", "Journal").objects.filter(code="control", number_format="{prefix}{seq}/{yy}").update(
        number_format="{prefix}{seq}"
    )


class Migration(migrations.Migration):
    dependencies = [("control", "0002_control_journal")]
    operations = [migrations.RunPython(with_year, without_year)]
