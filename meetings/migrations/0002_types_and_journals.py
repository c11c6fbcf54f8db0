"""The standard types of meeting (003 §5, §8) with one journal of protocols each: numbered 1, 2, … within the
calendar year (Appendix 6 item 3, §8.7). An administrator adds other types (and their journals) later."""

from django.db import migrations

# code: (kind, order, kk, ru, en, journal kk, journal ru, journal en)
TYPES = {
    "session": ("session", 1, "Әкімдік отырысы", "Заседание акимата", "Akimat session",
                "Әкімдік отырыстары хаттамаларының журналы", "Журнал протоколов заседаний акимата",
                "Journal of protocols of akimat sessions"),
    "apparatus": ("apparatus", 2, "Аппараттық кеңес", "Аппаратное совещание", "Apparatus meeting",
                  "Аппараттық кеңестер хаттамаларының журналы", "Журнал протоколов аппаратных совещаний",
                  "Journal of protocols of apparatus meetings"),
    "operational": ("operational", 3, "Жедел (селекторлық) кеңес", "Оперативное (селекторное) совещание",
                    "Operational (selector) meeting",
                    "Жедел кеңестер хаттамаларының журналы", "Журнал протоколов оперативных совещаний",
                    "Journal of protocols of operational meetings"),
    "advisory": ("advisory", 4, "Консультативтік-кеңесші орган отырысы",
                 "Заседание консультативно-совещательного органа", "Meeting of a consultative-advisory body",
                 "Консультативтік-кеңесші органдар хаттамаларының журналы",
                 "Журнал протоколов консультативно-совещательных органов",
                 "Journal of protocols of consultative-advisory bodies"),
    "field": ("field", 5, "Көшпелі кеңес, жұмыс сапары", "Выездное совещание, рабочая поездка",
              "Field meeting or working trip",
              "Көшпелі кеңестер хаттамаларының журналы", "Журнал протоколов выездных совещаний",
              "Journal of protocols of field meetings"),
}  # fmt: skip


def create_types(apps, schema_editor):
    Journal = apps.get_model("akimat", "Journal")
    MeetingType = apps.get_model("meetings", "MeetingType")
    for code, (kind, order, kk, ru, en, journal_kk, journal_ru, journal_en) in TYPES.items():
        journal, _created = Journal.objects.get_or_create(
            code=f"protocols-{code}",
            defaults={"name_kk": journal_kk, "name_ru": journal_ru, "name_en": journal_en, "number_format": "{seq}"},
        )
        MeetingType.objects.get_or_create(
            code=code, defaults={"kind": kind, "order": order, "name_kk": kk, "name_ru": ru, "name_en": en,
                                 "journal": journal},
        )  # fmt: skip


def remove_types(apps, schema_editor):
    apps.get_model("meetings", "MeetingType").objects.filter(code__in=TYPES).delete()
    journals = [f"protocols-{code}" for code in TYPES]
    apps.get_model("akimat", "Journal").objects.filter(code__in=journals, counters__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create_types, remove_types)]
