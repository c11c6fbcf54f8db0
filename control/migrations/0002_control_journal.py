"""The journal that numbers control items (К-1, К-2, … restarting every year)."""

from django.db import migrations


def create_journal(apps, schema_editor):
    Journal = apps.get_model("akimat", "Journal")
    Journal.objects.get_or_create(
        code="control",
        defaults={
            "name_kk": "Бақылаудағы тапсырмалар журналы",
            "name_ru": "Журнал поручений на контроле",
            "name_en": "Journal of instructions on control",
            "number_format": "{prefix}{seq}",
            "prefix": "К-",
        },
    )


def remove_journal(apps, schema_editor):
    apps.get_model("akimat", "Journal").objects.filter(code="control", counters__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0001_initial"),
        ("akimat", "0004_history_numbering"),
    ]
    operations = [migrations.RunPython(create_journal, remove_journal)]
