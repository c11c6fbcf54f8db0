"""The notice term of a cancelled personal reception as a rule of the profile: the official who cannot hold the
reception gives notice at least two working days before it (001 §15 — the repealed rules of personal reception, the
best description of the procedure where 003 §14, 004 §15 and 000 §15 are silent). The same value and § in every
profile, an administrator's copies included."""

from django.db import migrations

KEY = "appeals.reception_cancel_notice_before"
DESCRIPTION = {
    "description_kk": (
        "Қабылдауды өткізе алмайтын лауазымды тұлға жауапты қызметкерді қабылдауға дейін кемінде осы мерзім "
        "бұрын хабардар етеді"
    ),
    "description_ru": (
        "Должностное лицо, которое не может провести приём, уведомляет ответственного работника не позднее "
        "этого срока до приёма"
    ),
    "description_en": "The official who cannot hold the reception gives notice at least this long before it",
}


def add_rule(apps, schema_editor) -> None:
    RegulationProfile = apps.get_model("akimat", "RegulationProfile")
    RegulationRule = apps.get_model("akimat", "RegulationRule")
    for profile in RegulationProfile.objects.all():
        RegulationRule.objects.get_or_create(
            profile=profile,
            key=KEY,
            defaults={"value": "2", "unit": "working_days", "section": "001 §15", **DESCRIPTION},
        )


def remove_rule(apps, schema_editor) -> None:
    apps.get_model("akimat", "RegulationRule").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("akimat", "0019_meetings_rules")]
    operations = [migrations.RunPython(add_rule, remove_rule)]
