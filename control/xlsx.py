"""XLSX exports of the control reports (openpyxl): translated headers, real date cells (SPEC §5).

Workbooks are written in openpyxl's write-only mode, so a quarter of an oblast apparatus (tens of
thousands of listed items) streams through without holding every cell object in memory.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from akimat.exports import safe_cell

if TYPE_CHECKING:
    from control.reports import Counts, ListedItem, QuarterlyReport, WeeklyList

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
SHARE_FORMAT = "0.0"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet(workbook: Workbook, title: str, widths: Sequence[int]) -> WriteOnlyWorksheet:
    """A write-only sheet with a valid (≤31 characters, no []:*?/\\) title and column widths."""
    sheet = workbook.create_sheet(_SHEET_NAME_FORBIDDEN.sub(" ", title)[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _header(sheet: WriteOnlyWorksheet, labels: Iterable[str]) -> None:
    cells = []
    for label in labels:
        cell = safe_cell(sheet, str(label))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        cells.append(cell)
    sheet.append(cells)


def _row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    cells = []
    for value in values:
        cell = safe_cell(sheet, value)  # an instruction's text starting with "=" stays text (issue #11 point 5)
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            cell.alignment = _WRAP
        cells.append(cell)
    sheet.append(cells)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def weekly_list_xlsx(weekly: WeeklyList) -> bytes:
    """The weekly control list (003 §12.4): one sheet, the nine columns in order (active language)."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, gettext("Weekly control list"), (30, 12, 60, 35, 12, 16, 24, 30, 35))
    _header(sheet, weekly.headers)
    for row in weekly.rows:
        _row(sheet, row.cells())
    return _save(workbook)


def _counts_sheet(
    workbook: Workbook,
    title: str,
    first_header: str,
    report: QuarterlyReport,
    lines: Iterable[Counts],
    detail: str | None,
) -> None:
    headers = [first_header, *([detail] if detail else []), *report.headers, gettext("Share on time, %")]
    sheet = _sheet(workbook, title, (40, *([30] if detail else []), *[14] * (len(report.headers) + 1)))
    _header(sheet, headers)
    for line in [*lines, report.totals]:
        cells: list[Any] = [line.label, *([line.detail] if detail else []), *line.values()]
        cells.append(float(line.share_on_time) if line.share_on_time is not None else None)
        _row(sheet, cells)


def _listed_sheet(workbook: Workbook, title: str, items: Iterable[ListedItem], *, overdue: bool) -> None:
    headers = [
        gettext("Control number"),
        gettext("Issuer"),
        gettext("Content of the instruction"),
        gettext("Lead executor"),
        gettext("Department"),
        gettext("Date received"),
        gettext("Deadline"),
    ]
    if overdue:
        headers.append(gettext("Days overdue"))
    else:
        headers += [gettext("Deadline before extension"), gettext("Extensions"), gettext("Executed on")]
    sheet = _sheet(workbook, title, (14, 24, 60, 30, 30, 12, 12, 14, 12, 12))
    _header(sheet, headers)
    for item in items:
        cells: list[Any] = [
            item.number,
            item.issuer,
            item.content,
            item.lead,
            item.department,
            item.received_on,
            item.deadline,
        ]
        if overdue:
            cells.append(item.days_overdue)
        else:
            cells += [item.first_deadline, item.extension_count, item.executed_on]
        _row(sheet, cells)


def quarterly_report_xlsx(report: QuarterlyReport) -> bytes:
    """The quarterly report (003 §12.16): a sheet per grouping, then the overdue and extended items."""
    workbook = Workbook(write_only=True)
    _counts_sheet(workbook, gettext("By issuer"), gettext("Issuer"), report, report.by_issuer, None)
    _counts_sheet(workbook, gettext("By department"), gettext("Department"), report, report.by_department, None)
    _counts_sheet(
        workbook, gettext("By executor"), gettext("Executor"), report, report.by_executor, gettext("Department")
    )
    _listed_sheet(workbook, gettext("Overdue"), report.overdue_items, overdue=True)
    _listed_sheet(workbook, gettext("Extended"), report.extended_items, overdue=False)
    return _save(workbook)
