"""XLSX export of a filtered journal (SPEC §4): translated headers, real date cells, bounded memory.

openpyxl's write-only mode streams rows into a temporary file and the caller hands the rows over as an
iterator over `.iterator(chunk_size=CHUNK_SIZE)` (resolutions and recipients prefetched per chunk), so a
journal of 200,000 documents is never held whole in memory. The queryset is the journal's own — already reduced
to what the user may see — so an export never shows a document the list would not.
"""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from akimat.exports import safe_cell
from control.models import Urgency
from control.queries import Light
from correspondence.models import Document

CHUNK_SIZE = 2000
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field(name: str) -> str:
    """A column named after the model field: the same (translated) words as the forms."""
    return str(capfirst(Document._meta.get_field(name).verbose_name))


def _columns(kind: str) -> list[tuple[str, int]]:
    """(translated header, width) of each column, in the order of the row."""
    other_side = _field("correspondent") if kind == Document.Kind.INCOMING else _("Addressees")
    return [
        (_field("number"), 14),
        (_field("registered_on"), 12),
        (_field("received_at"), 16),
        (other_side, 36),
        (_field("their_number"), 14),
        (_field("their_date"), 12),
        (_field("addressee"), 22),
        (_field("signatory"), 26),
        (_field("summary"), 60),
        (_field("channel"), 14),
        (_field("sheets"), 8),
        (_field("attachments_count"), 8),
        (_field("urgency"), 14),
        (_field("is_dsp"), 8),
        (_("Executors"), 36),
        (_("Deadline"), 12),
        (_("Traffic light"), 22),
        (_field("status"), 22),
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


def _cells(sheet: WriteOnlyWorksheet, values: list[Any]) -> Iterator[Cell]:
    # safe_cell: a summary or a name starting with "=" stays text, never a formula (issue #11 point 5)
    for value in values:
        if isinstance(value, datetime.datetime):  # a datetime is a date too: test it first
            cell = safe_cell(sheet, value)
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell = safe_cell(sheet, value)
            cell.number_format = DATE_FORMAT
        elif value is None or isinstance(value, int):
            cell = safe_cell(sheet, value)
        else:
            cell = safe_cell(sheet, str(value))
        yield cell


def write_journal_xlsx(rows: Iterable[Any], *, kind: str, title: str) -> IO[bytes]:
    """The journal rows as an XLSX workbook in a rewound temporary file (to be streamed, then closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    columns = _columns(kind)
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name, _width in columns:
        cell = safe_cell(sheet, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(list(_cells(sheet, _values(row, kind))))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
