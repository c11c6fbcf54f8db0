"""XLSX export of a filtered list of control items (SPEC §5, §9: any list, same filters, bounded memory).

openpyxl's write-only mode streams rows into a temporary file, and the rows come from the database in
chunks (`.iterator(chunk_size=…)` with the executors prefetched per chunk), so neither the workbook nor
the queryset is ever held whole in memory, whatever the number of rows.
"""

import datetime
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from akimat.exports import safe_cell
from control.models import ControlExecutor, ControlItem, Issuer
from control.queries import Light

CHUNK_SIZE = 2000
DATE_FORMAT = "DD.MM.YYYY"


def _executor_label(row: ControlExecutor) -> str:
    return row.person.full_name if row.person_id else row.unit.name


def _columns() -> list[tuple[str, int]]:
    """(translated header, width) of each column, in the order of the row."""
    return [
        (_("Control number"), 12),
        (_("Date received"), 12),
        (_("Date given"), 12),
        (_("Source"), 20),
        (_("Source document"), 36),
        (_("Kind of event where it was given"), 24),
        (_("Issuer"), 22),
        (_("Issued by"), 24),
        (_("Content"), 60),
        (_("Lead executor"), 28),
        (_("Co-executors"), 36),
        (_("Controller"), 24),
        (_("Control type"), 14),
        (_("Deadline"), 12),
        (_("Deadline of the higher body"), 14),
        (_("Traffic light"), 18),
        (_("Status"), 22),
        (_("Executed on"), 12),
        (_("Removed on"), 12),
        (_("Grounds for removal"), 24),
        (_("Extensions"), 10),
    ]


def _values(item: ControlItem) -> list[Any]:
    rows = list(item.executors.all())  # prefetched with people and units
    lead = next((row for row in rows if row.is_lead), None)
    co = [row for row in rows if not row.is_lead]
    return [
        item.number,
        item.received_on,
        item.given_on,
        item.get_source_kind_display(),
        item.source_label,
        item.event,
        Issuer(item.issuer).label if item.issuer in Issuer.values else item.issuer,
        item.issuer_person.full_name if item.issuer_person_id else "",
        item.text,
        _executor_label(lead) if lead else "",
        "; ".join(_executor_label(row) for row in co),
        item.controller.name,
        item.get_control_type_display(),
        item.deadline,
        item.external_deadline,
        str(Light.LABELS.get(item.light, item.light)),
        item.get_status_display(),
        item.executed_on,
        item.removed_on,
        item.get_removal_ground_display(),
        item.extension_count,
    ]


def _cells(sheet: WriteOnlyWorksheet, values: list[Any]) -> Iterator[Cell]:
    # safe_cell: an instruction's text starting with "=" stays text, never a formula (issue #11 point 5)
    for value in values:
        if isinstance(value, datetime.date):
            cell = safe_cell(sheet, value)
            cell.number_format = DATE_FORMAT
        else:
            cell = safe_cell(sheet, str(value) if value is not None and not isinstance(value, int) else value)
        yield cell


def export_queryset(queryset: QuerySet) -> QuerySet:
    """The listing queryset with what each exported row needs fetched in the same chunk."""
    executors = ControlExecutor.objects.select_related("person", "unit").order_by("-is_lead", "position")
    return queryset.select_related("issuer_person", "controller").prefetch_related(
        Prefetch("executors", queryset=executors)
    )


def write_xlsx(queryset: QuerySet, *, title: str) -> IO[bytes]:
    """The items as an XLSX workbook in a temporary file (rewound, to be streamed and then closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    columns = _columns()
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
    for item in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        sheet.append(list(_cells(sheet, _values(item))))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
