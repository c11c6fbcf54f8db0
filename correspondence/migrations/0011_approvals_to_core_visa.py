"""Outgoing letters and memos take the core route (issue #13 §2): correspondence.Approval → akimat.Visa.

Every approval row becomes a visa of its document (subject = the document), with the same round, position,
decision, comment, times and decided_by; its stage is its position (the correspondence route runs one
approver after another, 003 §9.22). Document.readers keeps naming the approvers: the readers function reads
the document's visas, and a trigger on akimat_visa touches the document when a visa of a document is
added, moved or removed — the trigger on correspondence_approval goes with its table.
"""

from django.db import migrations

READERS_FROM_VISAS = """
CREATE OR REPLACE FUNCTION correspondence_readers(
    doc bigint, created_by bigint, registered_by bigint, author bigint, signer bigint, addressee bigint
) RETURNS varchar(24)[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}') FROM (
        SELECT 'u' || created_by UNION ALL SELECT 'u' || registered_by
        UNION ALL SELECT 'p' || author UNION ALL SELECT 'p' || signer UNION ALL SELECT 'p' || addressee
        UNION ALL SELECT 'p' || person_id FROM correspondence_delivery WHERE document_id = doc
        UNION ALL SELECT 'p' || author_id FROM correspondence_resolution WHERE document_id = doc
        UNION ALL SELECT 'p' || v.approver_id FROM akimat_visa v
            JOIN django_content_type t ON t.id = v.subject_type_id
            WHERE t.app_label = 'correspondence' AND t.model = 'document' AND v.subject_id = doc
        UNION ALL SELECT coalesce('p' || person_id, 'e' || unit_id)
            FROM correspondence_resolutionexecutor WHERE document_id = doc
        UNION ALL SELECT 'w' || p.unit_id
            FROM correspondence_resolutionexecutor e JOIN akimat_person p ON p.id = e.person_id
            WHERE e.document_id = doc
    ) AS keys(key) WHERE key IS NOT NULL
$$;

-- a visa of a document added, moved or removed: rewrite the document (its BEFORE trigger computes the keys)
CREATE OR REPLACE FUNCTION correspondence_touch_visa_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    document_type integer;
BEGIN
    SELECT id INTO document_type FROM django_content_type
        WHERE app_label = 'correspondence' AND model = 'document';
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.subject_type_id = document_type THEN
        UPDATE correspondence_document SET readers = '{}' WHERE id = OLD.subject_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.subject_type_id = document_type THEN
        UPDATE correspondence_document SET readers = '{}' WHERE id = NEW.subject_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS correspondence_approval_readers ON correspondence_approval;
CREATE TRIGGER correspondence_visa_readers
    AFTER INSERT OR DELETE OR UPDATE OF subject_type_id, subject_id, approver_id
    ON akimat_visa FOR EACH ROW EXECUTE FUNCTION correspondence_touch_visa_document();
"""

READERS_FROM_APPROVALS = """
DROP TRIGGER IF EXISTS correspondence_visa_readers ON akimat_visa;
DROP FUNCTION IF EXISTS correspondence_touch_visa_document();

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

CREATE TRIGGER correspondence_approval_readers AFTER INSERT OR DELETE OR UPDATE OF document_id, approver_id
    ON correspondence_approval FOR EACH ROW EXECUTE FUNCTION correspondence_touch_document();
"""

FIELDS = ("round", "position", "approver_id", "decision", "comment", "received_at", "decided_at", "decided_by_id")


def _document_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="correspondence", model="document")[0]


def approvals_to_visas(apps, schema_editor):
    Approval = apps.get_model("correspondence", "Approval")
    Visa = apps.get_model("akimat", "Visa")
    rows = Approval.objects.order_by("pk").values("document_id", *FIELDS)
    if not rows.exists():
        return
    document_type = _document_type(apps)
    batch = []
    for row in rows.iterator(chunk_size=2000):
        document_id = row.pop("document_id")
        batch.append(Visa(subject_type=document_type, subject_id=document_id, stage=row["position"], **row))
        if len(batch) >= 2000:
            Visa.objects.bulk_create(batch)
            batch = []
    Visa.objects.bulk_create(batch)
    # the deferred foreign-key checks now: the table changes below refuse pending trigger events
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def visas_to_approvals(apps, schema_editor):
    Approval = apps.get_model("correspondence", "Approval")
    Visa = apps.get_model("akimat", "Visa")
    visas = Visa.objects.filter(subject_type=_document_type(apps))
    Approval.objects.bulk_create(
        Approval(document_id=row.pop("subject_id"), **row)
        for row in visas.order_by("pk").values("subject_id", *FIELDS).iterator(chunk_size=2000)
    )
    visas.delete()
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("akimat", "0016_visa"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("correspondence", "0010_document_processing_due"),
    ]

    operations = [
        migrations.RunPython(approvals_to_visas, visas_to_approvals),
        migrations.RunSQL(READERS_FROM_VISAS, reverse_sql=READERS_FROM_APPROVALS),
        migrations.DeleteModel(name="Approval"),
    ]
