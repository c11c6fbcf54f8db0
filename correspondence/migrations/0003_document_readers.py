"""Document.readers: who takes part in a document, kept by the database itself (correspondence/access.py).

`correspondence_readers(document)` computes the keys from the document's columns and its deliveries,
resolutions, resolution executors (with the executor's current unit) and approvals. A BEFORE trigger
recomputes them on every insert and update of a document — so a save() from a stale instance can never
write old keys back — and AFTER triggers on the related tables touch the document when a row that names a
reader is added, changed or removed, as does moving a person who executes documents to another unit.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

READERS_FUNCTION = """
CREATE OR REPLACE FUNCTION correspondence_readers(
    doc bigint, created_by bigint, registered_by bigint, author bigint, signer bigint, addressee bigint
) RETURNS varchar(24)[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}') FROM (
        SELECT 'u' || created_by UNION ALL SELECT 'u' || registered_by
        UNION ALL SELECT 'p' || author UNION ALL SELECT 'p' || signer UNION ALL SELECT 'p' || addressee
        UNION ALL SELECT 'p' || person_id FROM correspondence_delivery WHERE document_id = doc
        UNION ALL SELECT 'p' || author_id FROM correspondence_resolution WHERE document_id = doc
        UNION ALL SELECT 'p' || approver_id FROM correspondence_approval WHERE document_id = doc
        UNION ALL SELECT coalesce('p' || person_id, 'e' || unit_id)
            FROM correspondence_resolutionexecutor WHERE document_id = doc
        UNION ALL SELECT 'w' || p.unit_id
            FROM correspondence_resolutionexecutor e JOIN akimat_person p ON p.id = e.person_id
            WHERE e.document_id = doc
    ) AS keys(key) WHERE key IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION correspondence_document_set_readers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.readers := correspondence_readers(
        NEW.id, NEW.created_by_id, NEW.registered_by_id, NEW.author_id, NEW.signer_id, NEW.addressee_person_id
    );
    RETURN NEW;
END $$;

-- a row naming a reader changed: rewrite its document (the BEFORE trigger above computes the keys)
CREATE OR REPLACE FUNCTION correspondence_touch_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE correspondence_document SET readers = '{}' WHERE id = OLD.document_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE correspondence_document SET readers = '{}' WHERE id = NEW.document_id;
    END IF;
    RETURN NULL;
END $$;

-- heads and supervisors see the documents of their units' executors: follow a person to a new unit
CREATE OR REPLACE FUNCTION correspondence_touch_executed_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE correspondence_document SET readers = '{}'
        WHERE id IN (SELECT document_id FROM correspondence_resolutionexecutor WHERE person_id = NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER correspondence_document_readers BEFORE INSERT OR UPDATE ON correspondence_document
    FOR EACH ROW EXECUTE FUNCTION correspondence_document_set_readers();
CREATE TRIGGER correspondence_delivery_readers AFTER INSERT OR DELETE OR UPDATE OF document_id, person_id
    ON correspondence_delivery FOR EACH ROW EXECUTE FUNCTION correspondence_touch_document();
CREATE TRIGGER correspondence_resolution_readers AFTER INSERT OR DELETE OR UPDATE OF document_id, author_id
    ON correspondence_resolution FOR EACH ROW EXECUTE FUNCTION correspondence_touch_document();
CREATE TRIGGER correspondence_approval_readers AFTER INSERT OR DELETE OR UPDATE OF document_id, approver_id
    ON correspondence_approval FOR EACH ROW EXECUTE FUNCTION correspondence_touch_document();
CREATE TRIGGER correspondence_executor_readers AFTER INSERT OR DELETE OR UPDATE OF document_id, person_id, unit_id
    ON correspondence_resolutionexecutor FOR EACH ROW EXECUTE FUNCTION correspondence_touch_document();
CREATE TRIGGER correspondence_person_unit_readers AFTER UPDATE OF unit_id ON akimat_person
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION correspondence_touch_executed_documents();

UPDATE correspondence_document SET readers = '{}';
"""

DROP = """
DROP TRIGGER IF EXISTS correspondence_person_unit_readers ON akimat_person;
DROP TRIGGER IF EXISTS correspondence_executor_readers ON correspondence_resolutionexecutor;
DROP TRIGGER IF EXISTS correspondence_approval_readers ON correspondence_approval;
DROP TRIGGER IF EXISTS correspondence_resolution_readers ON correspondence_resolution;
DROP TRIGGER IF EXISTS correspondence_delivery_readers ON correspondence_delivery;
DROP TRIGGER IF EXISTS correspondence_document_readers ON correspondence_document;
DROP FUNCTION IF EXISTS correspondence_touch_executed_documents();
DROP FUNCTION IF EXISTS correspondence_touch_document();
DROP FUNCTION IF EXISTS correspondence_document_set_readers();
DROP FUNCTION IF EXISTS correspondence_readers(bigint, bigint, bigint, bigint, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("akimat", "0001_initial"),
        ("correspondence", "0002_executor_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
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
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(fields=["readers"], name="document_readers_idx"),
        ),
    ]
