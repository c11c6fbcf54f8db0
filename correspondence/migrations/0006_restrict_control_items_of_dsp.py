"""Control items put on control by a resolution on a ДСП letter carry the letter's restriction (SPEC §3.1).

Items made from now on take it in control.services.put_on_control(); this marks those made before.
"""

from django.db import migrations


def restrict_items(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    resolution = ContentType.objects.filter(app_label="correspondence", model="resolution").first()
    document = ContentType.objects.filter(app_label="correspondence", model="document").first()
    if resolution is None or document is None:  # a new database: no items yet
        return
    schema_editor.execute(
        """
        UPDATE control_controlitem AS item
        SET restricted_by = %s || ':' || d.id
        FROM correspondence_resolution AS r
        JOIN correspondence_document AS d ON d.id = r.document_id
        WHERE item.source_type_id = %s AND item.source_id = r.id AND d.is_dsp AND item.restricted_by = ''
        """,
        [str(document.pk), resolution.pk],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("control", "0008_item_restricted_by"),
        ("correspondence", "0005_journal_urgency_index"),
    ]

    operations = [migrations.RunPython(restrict_items, migrations.RunPython.noop)]
