"""Registration journals seeded with their default formats; the history table made append-only in PostgreSQL."""

from django.db import migrations

# code, number format, prefix, kk, ru, en — names follow the glossary; formats are editable in the admin
JOURNALS = [
    ("incoming", "{index}/{seq}", "", "Кіріс құжаттар журналы", "Журнал входящих документов", "Incoming documents"),
    ("outgoing", "{index}/{seq}", "", "Шығыс құжаттар журналы", "Журнал исходящих документов", "Outgoing documents"),
    ("internal", "{index}/{seq}", "", "Қызметтік жазбалар журналы", "Журнал служебных записок", "Memos"),
    ("appeals", "{prefix}{seq}", "ЖТ-", "Өтініштер журналы", "Журнал обращений", "Appeals"),
    ("act_resolution", "{prefix}{seq}", "", "Әкімдік қаулылары", "Постановления акимата", "Resolutions of the akimat"),
    ("act_decision", "{prefix}{seq}", "", "Әкім шешімдері", "Решения акима", "Decisions of the akim"),
    ("act_order", "{prefix}{seq}", "", "Әкім өкімдері", "Распоряжения акима", "Orders of the akim"),
    (
        "act_head_order",
        "{prefix}{seq}",
        "",
        "Аппарат басшысының бұйрықтары",
        "Приказы руководителя аппарата",
        "Orders of the head of apparatus",
    ),
    (
        "protocol_session",
        "{prefix}{seq}",
        "",
        "Әкімдік отырыстарының хаттамалары",
        "Протоколы заседаний акимата",
        "Protocols of akimat sessions",
    ),
    (
        "protocol_apparatus",
        "{prefix}{seq}",
        "",
        "Аппараттық кеңестердің хаттамалары",
        "Протоколы аппаратных совещаний",
        "Protocols of apparatus meetings",
    ),
    (
        "protocol_operational",
        "{prefix}{seq}",
        "",
        "Жедел кеңестердің хаттамалары",
        "Протоколы оперативных совещаний",
        "Protocols of operational meetings",
    ),
]


def seed_journals(apps, schema_editor):
    Journal = apps.get_model("akimat", "Journal")
    for code, number_format, prefix, name_kk, name_ru, name_en in JOURNALS:
        # get_or_create: re-applying the migration never overwrites a format an administrator changed
        Journal.objects.get_or_create(
            code=code,
            defaults={
                "number_format": number_format,
                "prefix": prefix,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
            },
        )


def unseed_journals(apps, schema_editor):
    Journal = apps.get_model("akimat", "Journal")
    # a journal that has issued numbers is kept: its counters protect it, and the numbers stay explained
    Journal.objects.filter(code__in=[row[0] for row in JOURNALS], counters__isnull=True).delete()


# The application already refuses to change history (HistoryEntry.save/delete, HistoryQuerySet);
# the trigger makes raw SQL, the shell and other clients refuse as well. TRUNCATE is not covered
# on purpose: the test runner empties tables with it between transactional tests.
APPEND_ONLY_SQL = """
CREATE FUNCTION akimat_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'akimat_historyentry is append-only: % is not allowed', TG_OP
        USING HINT = 'History rows are never changed or deleted; record a new entry instead.';
END;
$$;
CREATE TRIGGER akimat_historyentry_append_only
    BEFORE UPDATE OR DELETE ON akimat_historyentry
    FOR EACH ROW EXECUTE FUNCTION akimat_history_append_only();
"""

DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS akimat_historyentry_append_only ON akimat_historyentry;
DROP FUNCTION IF EXISTS akimat_history_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("akimat", "0003_regulation_presets")]
    operations = [
        migrations.RunPython(seed_journals, unseed_journals),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
    ]
