"""The controlling unit as a rule of the regulation profile (003 §12.4(2), 004 §13.4(2), 000 §12.4(2)).

Two rules join every profile: `control.controlling_units` (the functions of the units that put documents on
control and watch the deadlines: the general department) and `control.controlling_units_read` (what their staff
and head read: the journals and documents, every item on control, the reports). Presets get the values of
akimat/reglament_presets.py as of this migration (a frozen copy); an administrator's copies get those of the
preset they were made from (003 when none), so an active copy stays complete.
"""

from django.db import migrations, models

SECTIONS = {"003": "§12.4", "004": "§13.4", "000": "§12.4"}
RULES = (
    (
        "control.controlling_units",
        "general",
        "org_functions",
        "Бақылау жүйесіндегі бөлімше: құжаттарды бақылауға қояды, орындау мерзімдерін бақылайды және "
        "Аппарат басшылығын хабардар етеді (оның қызметкерлері мен басшысы)",
        "Подразделение системы контроля: ставит документы на контроль, контролирует сроки исполнения "
        "и информирует руководство Аппарата (его сотрудники и руководитель)",
        "The unit of the control system that puts documents on control, watches the deadlines and "
        "informs the leadership of the apparatus (its staff and its head)",
    ),
    (
        "control.controlling_units_read",
        "documents,control,reports",
        "access_scopes",
        "Бақылаушы бөлімше көретіні: журналдар мен құжаттар, бақылаудағы барлық тапсырмалар, есептер "
        "(ҚБПҮ құжаттары — тек аты бойынша рұқсат берілгенде)",
        "Что видит контролирующее подразделение: журналы и документы, все поручения на контроле, отчёты "
        "(документы ДСП — только при допуске по имени)",
        "What the controlling unit reads: the journals and documents, every instruction on control, the "
        "reports (documents for official use only when granted by name)",
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
]


class Migration(migrations.Migration):
    dependencies = [("akimat", "0012_notification_texts_and_actions")]
    operations = [
        migrations.AlterField(
            model_name="regulationrule",
            name="unit",
            field=models.CharField(choices=UNIT_CHOICES, max_length=20, verbose_name="unit"),
        ),
        migrations.RunPython(add_rules, remove_rules),
    ]
