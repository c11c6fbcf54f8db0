"""The leadership of the apparatus reminded of deadlines as a rule of the profile (003 §12.4, 004 §13.4, 000 §12.4).

"уведомляет за 3 (три) рабочих дня о наступлении сроков исполнения руководителей отделов и руководство
Аппарата": `control.reminder_leadership` lists the roles reminded with the executor and the department heads
(the head of apparatus). Presets get the values of akimat/reglament_presets.py as of this migration (a frozen
copy); an administrator's copies get those of the preset they were made from (003 when none).
"""

from django.db import migrations, models

SECTIONS = {"003": "§12.4", "004": "§13.4", "000": "§12.4"}
RULES = (
    (
        "control.reminder_leadership",
        "head_of_apparatus",
        "roles",
        "Аппарат басшылығы: орындау мерзімінің жақындағаны туралы орындаушымен және бөлім басшыларымен "
        "бірге хабардар етілетін рөлдер",
        "Руководство аппарата: роли, которые вместе с исполнителем и руководителями отделов уведомляются "
        "о наступлении срока исполнения",
        "The leadership of the apparatus: the roles reminded of an approaching deadline together with the "
        "executor and the department heads",
    ),
)


def _section(profile) -> str:
    """The § of the preset the profile is or descends from; "003 §12.4" when it descends from none."""
    preset = profile
    while preset is not None and not preset.is_preset:
        preset = preset.based_on
    if preset is not None and preset.code in SECTIONS:
        return SECTIONS[preset.code]
    return f"003 {SECTIONS['003']}"


def add_rules(apps, schema_editor) -> None:
    RegulationProfile = apps.get_model("akimat", "RegulationProfile")
    RegulationRule = apps.get_model("akimat", "RegulationRule")
    for profile in RegulationProfile.objects.all():
        section = _section(profile)
        for key, value, unit, kk, ru, en in RULES:
            RegulationRule.objects.get_or_create(
                profile=profile,
                key=key,
                defaults={
                    "value": value,
                    "unit": unit,
                    "section": section,
                    "description_kk": kk,
                    "description_ru": ru,
                    "description_en": en,
                },
            )


def remove_rules(apps, schema_editor) -> None:
    RegulationRule = apps.get_model("akimat", "RegulationRule")
    RegulationRule.objects.filter(key__in=[rule[0] for rule in RULES]).delete()


UNIT_CHOICES = [
    ("working_days", "working days"),
    ("calendar_days", "calendar days"),
    ("months", "months"),
    ("hours", "hours"),
    ("time", "time of day"),
    ("day_of_month", "day of month"),
    ("count", "count"),
    ("flag", "yes / no"),
    ("org_functions", "unit functions"),
    ("access_scopes", "what is read"),
    ("roles", "roles"),
]


class Migration(migrations.Migration):
    dependencies = [("akimat", "0013_controlling_units")]
    operations = [
        migrations.AlterField(
            model_name="regulationrule",
            name="unit",
            field=models.CharField(choices=UNIT_CHOICES, max_length=20, verbose_name="unit"),
        ),
        migrations.RunPython(add_rules, remove_rules),
    ]
