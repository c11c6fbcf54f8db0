"""The source label of an item is stored in no language (#12): the kind of source, or for a standalone instruction
the issuer, is put in front when it is shown (ControlItem.source_display), in the reader's language.

Existing rows: an item from a resolution is labelled again from its document's number and date and the
resolution author's name; any other loses a leading kind (issuer) word in Kazakh, Russian or English. A label that
would be left empty is kept as it was, so no label is lost.
"""

from django.db import migrations
from django.utils import translation

# the msgids of control.models.SourceKind and Issuer labels as of this migration
KIND_WORDS = {
    "incoming": "incoming document",
    "memo": "memo",
    "protocol": "protocol instruction",
    "act": "act",
    "appeal": "appeal",
    "reception": "personal reception",
    "standalone": "instruction of the leadership",
}
ISSUER_WORDS = {
    "president": "President",
    "state_secretary": "State Secretary",
    "presidential_administration": "Presidential Administration",
    "government": "Government",
    "prime_minister": "Prime Minister",
    "government_apparatus": "Government Apparatus",
    "oblast_akim": "oblast akim",
    "akim": "akim",
    "deputy_akim": "deputy akim",
    "head_of_apparatus": "head of apparatus",
    "other_body": "other state body",
}


def _words(msgid: str) -> list[str]:
    words = {msgid}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            words.add(translation.gettext(msgid))
    return sorted(words, key=len, reverse=True)


def _strip(label: str, words: list[str]) -> str:
    for word in words:
        if label.lower().startswith(word.lower()) and label[len(word) : len(word) + 1] in (" ", ",", ":"):
            rest = label[len(word) :].lstrip(" ,:")
            return rest or label
    return label


def forwards(apps, schema_editor):
    ControlItem = apps.get_model("control", "ControlItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Resolution = apps.get_model("correspondence", "Resolution")
    resolution_type = ContentType.objects.filter(app_label="correspondence", model="resolution").first()
    kinds = {key: _words(msgid) for key, msgid in KIND_WORDS.items()}
    issuers = {key: _words(msgid) for key, msgid in ISSUER_WORDS.items()}
    documents = {}  # resolution id -> (document number, registered on, author's name), in one query
    if resolution_type:
        linked = ControlItem.objects.filter(source_type=resolution_type).values("source_id")
        documents = {
            pk: (number, registered_on, author)
            for pk, number, registered_on, author in Resolution.objects.filter(pk__in=linked).values_list(
                "pk", "document__number", "document__registered_on", "author__full_name"
            )
        }
    changed = []
    items = ControlItem.objects.only("pk", "source_kind", "source_type", "source_id", "source_label", "issuer")
    for item in items.iterator(chunk_size=2000):
        label = item.source_label
        if resolution_type and item.source_type_id == resolution_type.pk:
            number, registered_on, author = documents.get(item.source_id, (None, None, None))
            if number:
                reference = f"№ {number} {registered_on:%d.%m.%Y}" if registered_on else f"№ {number}"
                label = f"{reference}, {author}"
            else:
                label = _strip(label, kinds.get(item.source_kind, []))
        elif item.source_kind == "standalone":
            label = _strip(label, issuers.get(item.issuer, []))
        else:
            label = _strip(label, kinds.get(item.source_kind, []))
        label = label[:300]
        if label and label != item.source_label:
            item.source_label = label
            changed.append(item)
    ControlItem.objects.bulk_update(changed, ["source_label"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("control", "0012_extension_approved_index"),
        ("correspondence", "0010_document_processing_due"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
