"""The registration journals of acts: one per act type, numbered 1, 2, … restarting every year (003 §10.16)."""

from django.db import migrations

JOURNALS = {
    "acts-resolution": ("Әкімдік қаулыларының тіркеу журналы", "Журнал регистрации постановлений акимата",
                        "Journal of resolutions of the akimat"),
    "acts-decision": ("Әкім шешімдерінің тіркеу журналы", "Журнал регистрации решений акима",
                      "Journal of decisions of the akim"),
    "acts-order": ("Әкім өкімдерінің тіркеу журналы", "Журнал регистрации распоряжений акима",
                   "Journal of orders of the akim"),
    "acts-apparatus-order": ("Аппарат басшысы бұйрықтарының тіркеу журналы",
                             "Журнал регистрации приказов руководителя аппарата",
                             "Journal of orders of the head of apparatus"),
}  # fmt: skip


def create_journals(apps, schema_editor):
    Journal = apps.get_model("akimat", "Journal")
    for code, (kk, ru, en) in JOURNALS.items():
        Journal.objects.get_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "number_format": "{seq}", "prefix": ""}
        )


def remove_journals(apps, schema_editor):
    apps.get_model("akimat", "Journal").objects.filter(code__in=JOURNALS, counters__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("acts", "0001_initial"),
        ("akimat", "0004_history_numbering"),
    ]
    operations = [migrations.RunPython(create_journals, remove_journals)]
