"""XLSX export of a filtered journal (SPEC §4): translated headers, real date cells, bounded memory.

Laid out by akimat.exports.ReportWorkbook (title rows with the apparatus and the period, autofilter, print
setup: issue #12 §6). openpyxl's write-only mode streams rows into a temporary file and the caller hands the
rows over as an iterator over `.iterator(chunk_size=CHUNK_SIZE)` (resolutions and recipients prefetched per
chunk), so a journal of 200,000 documents is never held whole in memory. The queryset is the journal's own —
already reduced to what the user may see — so an export never shows a document the list would not.
"""

import datetime
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from akimat.exports import Column, ReportWorkbook
from control.models import Urgency
from control.queries import Light
from correspondence.models import Document

CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field(name: str) -> str:
    """A column named after the model field: the same (translated) words as the forms."""
    return str(capfirst(Document._meta.get_field(name).verbose_name))


def _columns(kind: str) -> list[Column]:
    """The columns, in the order of the row."""
    other_side = _field("correspondent") if kind == Document.Kind.INCOMING else _("Addressees")
    return [
        Column(_field("number"), 14),
        Column(_field("registered_on"), 12, "date"),
        Column(_field("received_at"), 16, "datetime"),
        Column(other_side, 36),
        Column(_field("their_number"), 14),
        Column(_field("their_date"), 12, "date"),
        Column(_field("addressee"), 22),
        Column(_field("signatory"), 26),
        Column(_field("summary"), 60),
        Column(_field("channel"), 14),
        Column(_field("sheets"), 8, "number"),
        Column(_field("attachments_count"), 8, "number"),
        Column(_field("urgency"), 14),
        Column(_field("is_dsp"), 8),
        Column(_("Executors"), 36),
        Column(_("Deadline"), 12, "date"),
        Column(_("Traffic light"), 22),
        Column(_field("status"), 22),
    ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Excel has no time zones: the local time in Astana, without tzinfo."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _values(row: Any, kind: str) -> list[Any]:
    """The cells of one journal row (correspondence.views.journals.Row: the list's own, so both agree)."""
    document: Document = row.document
    if kind == Document.Kind.INCOMING:
        other_side = str(document.correspondent or "")
    else:
        other_side = "; ".join(row.recipients) or str(document.correspondent or "")
    addressee = document.addressee_person.full_name if document.addressee_person_id else ""
    if document.addressee:
        addressee = f"{document.get_addressee_display()}{': ' + addressee if addressee else ''}"
    signatory = document.signatory or (document.signer.full_name if document.signer_id else "")
    executors = "; ".join(f"{name} ({_('lead')})" if lead else name for name, lead in row.executors)
    return [
        document.number,
        document.registered_on,
        _local(document.received_at),
        other_side,
        document.their_number,
        document.their_date,
        addressee,
        signatory,
        document.summary,
        document.get_channel_display() if document.channel else "",
        document.sheets,
        document.attachments_count,
        Urgency(document.urgency).label if document.urgency in Urgency.values and document.urgency else "",
        _("yes") if document.is_dsp else "",
        executors,
        row.deadline,
        str(Light.LABELS[row.light]) if row.light else "",
        document.get_status_display(),
    ]


def write_journal_xlsx(rows: Iterable[Any], *, kind: str, title: str, period: str) -> IO[bytes]:
    """The journal rows as an XLSX workbook in a rewound temporary file (to be streamed, then closed).

    `title` names the journal (and the sheet), `period` says what it covers (akimat.exports.period_text).
    """
    workbook = ReportWorkbook()
    # safe_cell inside: a summary or a name starting with "=" stays text, never a formula (issue #11 point 5)
    sheet = workbook.sheet(title, _columns(kind), title=f"{title}, {period}")
    for row in rows:
        sheet.append(_values(row, kind))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
