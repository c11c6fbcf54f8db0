"""Issue #11 point 2: attachments are stored under random names, and their type is the extension's.

The type column of existing rows came from the browser's upload (a PDF name holding HTML was recorded
as text/html); it is reset from the extension of the original name. Files already stored keep their
names: nothing serves /media/ any more, so those names are reachable only through the download view.
"""

from pathlib import PurePath

from django.db import migrations, models

import akimat.models.files

# a copy of the extension → type part of akimat.attachments.FILE_TYPES as it was written with this migration
TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "csv": "text/csv",
    "zip": "application/zip",
}


def types_from_extensions(apps, schema_editor):
    Attachment = apps.get_model("akimat", "Attachment")
    changed = []
    for attachment in Attachment.objects.only("pk", "original_name", "mime_type").iterator(chunk_size=2000):
        mime_type = TYPES.get(PurePath(attachment.original_name).suffix[1:].lower(), "application/octet-stream")
        if attachment.mime_type != mime_type:
            attachment.mime_type = mime_type
            changed.append(attachment)
    Attachment.objects.bulk_update(changed, ["mime_type"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("akimat", "0009_submissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(upload_to=akimat.models.files.attachment_path, verbose_name="file"),
        ),
        migrations.RunPython(types_from_extensions, migrations.RunPython.noop, elidable=True),
    ]
