"""Meeting.readers: who takes part in a meeting, kept by the database itself (meetings/access.py; issue #14 §6, §7).

`meetings_readers(meeting, …)` computes the keys from the meeting's columns (its author, chair, secretary and
organising department) and from the rows that name a reader: participants, agenda items (curator), their
speakers and responsible bodies, and the protocol's points (executor person or unit) and addressees. A BEFORE
trigger recomputes them on every insert of a meeting and on every update that writes one of those columns or the
keys themselves — a save() writes every column, so one from a stale instance can never write old keys back — and
AFTER triggers on the other tables touch the meeting when a row that names a reader is added, changed or removed.

Whether a meeting is closed (§5.3) and who is granted it by name are not keys: akimat.permissions applies the
restriction (Meeting's `restricted=Q(is_closed=True)`) and reads the grants on every query, as before.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

READERS_FUNCTION = """
CREATE OR REPLACE FUNCTION meetings_readers(
    meeting bigint, created_by bigint, chair bigint, secretary bigint, organiser bigint
) RETURNS varchar(24)[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}') FROM (
        SELECT 'u' || created_by UNION ALL SELECT 'p' || chair UNION ALL SELECT 'p' || secretary
        UNION ALL SELECT 'e' || organiser
        UNION ALL SELECT 'p' || person_id FROM meetings_participant WHERE meeting_id = meeting
        UNION ALL SELECT 'p' || curator_id FROM meetings_agendaitem WHERE meeting_id = meeting
        UNION ALL SELECT 'p' || s.person_id
            FROM meetings_agendaitem_speakers s JOIN meetings_agendaitem i ON i.id = s.agendaitem_id
            WHERE i.meeting_id = meeting
        UNION ALL SELECT 'e' || r.orgunit_id
            FROM meetings_agendaitem_responsible_units r JOIN meetings_agendaitem i ON i.id = r.agendaitem_id
            WHERE i.meeting_id = meeting
        UNION ALL SELECT 'e' || d.unit_id
            FROM meetings_protocoldistribution d JOIN meetings_protocol p ON p.id = d.protocol_id
            WHERE p.meeting_id = meeting
        UNION ALL SELECT point.key
            FROM meetings_protocolpoint t JOIN meetings_protocol p ON p.id = t.protocol_id
            CROSS JOIN LATERAL (VALUES ('p' || t.lead_person_id), ('e' || t.lead_unit_id)) AS point(key)
            WHERE p.meeting_id = meeting
    ) AS keys(key) WHERE key IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION meetings_meeting_set_readers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.readers := meetings_readers(NEW.id, NEW.created_by_id, NEW.chair_id, NEW.secretary_id, NEW.organiser_unit_id);
    RETURN NEW;
END $$;

-- a row of the meeting naming a reader changed: rewrite the meeting (the BEFORE trigger above computes the keys)
CREATE OR REPLACE FUNCTION meetings_touch_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.meeting_id IS DISTINCT FROM NEW.meeting_id) THEN
        UPDATE meetings_meeting SET readers = '{}' WHERE id = OLD.meeting_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE meetings_meeting SET readers = '{}' WHERE id = NEW.meeting_id;
    END IF;
    RETURN NULL;
END $$;

-- a speaker or a responsible body of an agenda item: rewrite the item's meeting
CREATE OR REPLACE FUNCTION meetings_touch_item_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE meetings_meeting SET readers = '{}'
            WHERE id = (SELECT meeting_id FROM meetings_agendaitem WHERE id = OLD.agendaitem_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE meetings_meeting SET readers = '{}'
            WHERE id = (SELECT meeting_id FROM meetings_agendaitem WHERE id = NEW.agendaitem_id);
    END IF;
    RETURN NULL;
END $$;

-- a point or an addressee of a protocol: rewrite the protocol's meeting
CREATE OR REPLACE FUNCTION meetings_touch_protocol_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE meetings_meeting SET readers = '{}'
            WHERE id = (SELECT meeting_id FROM meetings_protocol WHERE id = OLD.protocol_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE meetings_meeting SET readers = '{}'
            WHERE id = (SELECT meeting_id FROM meetings_protocol WHERE id = NEW.protocol_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER meetings_meeting_readers
    BEFORE INSERT OR UPDATE OF readers, created_by_id, chair_id, secretary_id, organiser_unit_id
    ON meetings_meeting FOR EACH ROW EXECUTE FUNCTION meetings_meeting_set_readers();
CREATE TRIGGER meetings_participant_readers AFTER INSERT OR DELETE OR UPDATE OF meeting_id, person_id
    ON meetings_participant FOR EACH ROW EXECUTE FUNCTION meetings_touch_meeting();
CREATE TRIGGER meetings_agendaitem_readers AFTER INSERT OR DELETE OR UPDATE OF meeting_id, curator_id
    ON meetings_agendaitem FOR EACH ROW EXECUTE FUNCTION meetings_touch_meeting();
CREATE TRIGGER meetings_speaker_readers AFTER INSERT OR DELETE OR UPDATE
    ON meetings_agendaitem_speakers FOR EACH ROW EXECUTE FUNCTION meetings_touch_item_meeting();
CREATE TRIGGER meetings_responsible_unit_readers AFTER INSERT OR DELETE OR UPDATE
    ON meetings_agendaitem_responsible_units FOR EACH ROW EXECUTE FUNCTION meetings_touch_item_meeting();
-- a protocol names no reader itself, but its points and addressees follow it to its meeting
CREATE TRIGGER meetings_protocol_readers AFTER DELETE OR UPDATE OF meeting_id
    ON meetings_protocol FOR EACH ROW EXECUTE FUNCTION meetings_touch_meeting();
CREATE TRIGGER meetings_point_readers AFTER INSERT OR DELETE OR UPDATE OF protocol_id, lead_person_id, lead_unit_id
    ON meetings_protocolpoint FOR EACH ROW EXECUTE FUNCTION meetings_touch_protocol_meeting();
CREATE TRIGGER meetings_distribution_readers AFTER INSERT OR DELETE OR UPDATE OF protocol_id, unit_id
    ON meetings_protocoldistribution FOR EACH ROW EXECUTE FUNCTION meetings_touch_protocol_meeting();

UPDATE meetings_meeting SET readers = '{}';
"""

DROP = """
DROP TRIGGER IF EXISTS meetings_distribution_readers ON meetings_protocoldistribution;
DROP TRIGGER IF EXISTS meetings_point_readers ON meetings_protocolpoint;
DROP TRIGGER IF EXISTS meetings_protocol_readers ON meetings_protocol;
DROP TRIGGER IF EXISTS meetings_responsible_unit_readers ON meetings_agendaitem_responsible_units;
DROP TRIGGER IF EXISTS meetings_speaker_readers ON meetings_agendaitem_speakers;
DROP TRIGGER IF EXISTS meetings_agendaitem_readers ON meetings_agendaitem;
DROP TRIGGER IF EXISTS meetings_participant_readers ON meetings_participant;
DROP TRIGGER IF EXISTS meetings_meeting_readers ON meetings_meeting;
DROP FUNCTION IF EXISTS meetings_touch_protocol_meeting();
DROP FUNCTION IF EXISTS meetings_touch_item_meeting();
DROP FUNCTION IF EXISTS meetings_touch_meeting();
DROP FUNCTION IF EXISTS meetings_meeting_set_readers();
DROP FUNCTION IF EXISTS meetings_readers(bigint, bigint, bigint, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_registry_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="readers",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=24),
                default=list,
                editable=False,
                size=None,
                verbose_name="readers",
            ),
        ),
        migrations.RunSQL(READERS_FUNCTION, reverse_sql=DROP),
        migrations.AddIndex(
            model_name="meeting",
            index=django.contrib.postgres.indexes.GinIndex(fields=["readers"], name="meeting_readers_idx"),
        ),
    ]
