"""ProtocolSearch: what the registry's search reads of a protocol, kept by the database itself (issue #14 §6, §7).

`meetings_refresh_search(meeting)` writes the row of the meeting's protocol: its number upper-cased, and the titles
of the meeting and of its agenda items upper-cased, one a line — UPPER() as Django's iexact and icontains apply
it, so a number typed is found where it equals the row's number and a word where it is found in one of the titles
(meetings/views/protocols._search; a text with a line break in it is searched in the titles themselves). AFTER
triggers call it when a protocol is added, numbered or moved, when its meeting is retitled and when an agenda item
is added, removed, moved or retitled; the row of a protocol removed goes with it.

Its two indexes replace those the search read before (migration 0004): the trigram indexes of the four titles and
the one of the protocols' numbers. The number and the words are now conditions of one row, which PostgreSQL
estimates from its statistics — read through the indexes for a rare word, tested protocol by protocol along
meeting_start_idx for a common one — instead of subqueries of every matching meeting and item of the whole table.
"""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

SEARCH_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION meetings_refresh_search(meeting bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_protocolsearch (protocol_id, number, text)
    SELECT p.id, upper(p.number), concat_ws(E'\n', upper(m.title_kk), upper(m.title_ru), (
        SELECT string_agg(upper(i.title_kk) || E'\n' || upper(i.title_ru), E'\n' ORDER BY i.id)
        FROM meetings_agendaitem i WHERE i.meeting_id = m.id
    ))
    FROM meetings_protocol p JOIN meetings_meeting m ON m.id = p.meeting_id
    WHERE p.meeting_id = meeting
    ON CONFLICT (protocol_id) DO UPDATE SET number = EXCLUDED.number, text = EXCLUDED.text
$$;

-- a row naming a meeting (an agenda item, a protocol) changed: rewrite the search row of that meeting's protocol
CREATE OR REPLACE FUNCTION meetings_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.meeting_id IS DISTINCT FROM NEW.meeting_id) THEN
        PERFORM meetings_refresh_search(OLD.meeting_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_refresh_search(NEW.meeting_id);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_meeting_retitled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_refresh_search(NEW.id);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION meetings_search_protocol_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM meetings_protocolsearch WHERE protocol_id = OLD.id;
    RETURN NULL;
END $$;

CREATE TRIGGER meetings_protocol_search AFTER INSERT OR UPDATE OF number, meeting_id
    ON meetings_protocol FOR EACH ROW EXECUTE FUNCTION meetings_search_touch();
CREATE TRIGGER meetings_protocol_search_removed AFTER DELETE
    ON meetings_protocol FOR EACH ROW EXECUTE FUNCTION meetings_search_protocol_removed();
CREATE TRIGGER meetings_meeting_search AFTER UPDATE OF title_kk, title_ru
    ON meetings_meeting FOR EACH ROW EXECUTE FUNCTION meetings_search_meeting_retitled();
CREATE TRIGGER meetings_agendaitem_search AFTER INSERT OR DELETE OR UPDATE OF meeting_id, title_kk, title_ru
    ON meetings_agendaitem FOR EACH ROW EXECUTE FUNCTION meetings_search_touch();

SELECT meetings_refresh_search(meeting_id) FROM meetings_protocol;
"""

DROP = """
DROP TRIGGER IF EXISTS meetings_agendaitem_search ON meetings_agendaitem;
DROP TRIGGER IF EXISTS meetings_meeting_search ON meetings_meeting;
DROP TRIGGER IF EXISTS meetings_protocol_search_removed ON meetings_protocol;
DROP TRIGGER IF EXISTS meetings_protocol_search ON meetings_protocol;
DROP FUNCTION IF EXISTS meetings_search_protocol_removed();
DROP FUNCTION IF EXISTS meetings_search_meeting_retitled();
DROP FUNCTION IF EXISTS meetings_search_touch();
DROP FUNCTION IF EXISTS meetings_refresh_search(bigint);
"""

#: the indexes the search read before (migration 0004)
FORMER_INDEXES = [
    ("meeting_title_kk_upper_trgm", "meetings_meeting USING gin (UPPER(title_kk) gin_trgm_ops)"),
    ("meeting_title_ru_upper_trgm", "meetings_meeting USING gin (UPPER(title_ru) gin_trgm_ops)"),
    ("agendaitem_title_kk_upper_trgm", "meetings_agendaitem USING gin (UPPER(title_kk) gin_trgm_ops)"),
    ("agendaitem_title_ru_upper_trgm", "meetings_agendaitem USING gin (UPPER(title_ru) gin_trgm_ops)"),
    ("protocol_number_upper_idx", "meetings_protocol (UPPER(number)) WHERE number <> ''"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_meeting_readers"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProtocolSearch",
            fields=[
                (
                    "protocol",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="meetings.protocol",
                        verbose_name="protocol",
                    ),
                ),
                ("number", models.TextField(blank=True, editable=False, verbose_name="registration number")),
                ("text", models.TextField(blank=True, editable=False, verbose_name="search text")),
            ],
            options={
                "verbose_name": "search text",
                "verbose_name_plural": "search texts",
                "indexes": [
                    models.Index(fields=["number"], name="protocol_search_number_idx"),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["text"], name="protocol_search_text_trgm", opclasses=["gin_trgm_ops"]
                    ),
                ],
            },
        ),
        migrations.RunSQL(SEARCH_FUNCTIONS, reverse_sql=DROP),
        *(
            migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON {definition}")
            for name, definition in FORMER_INDEXES
        ),
    ]
