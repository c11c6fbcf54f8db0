"""Spreadsheet exports write user text as text, never as a formula (issue #11 point 5).

A summary, a resolution or a correspondent's name may start with "=", "+", "-", "@", a tab or a carriage
return; a spreadsheet program opening the file would run it as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`). Every export builds its cells here:

- XLSX (openpyxl): `safe_cell()` stores every text as a string cell (data_type "s", an inline string).
  openpyxl stores any text starting with "=" as a formula; a string cell is never evaluated, so the text is
  kept exactly as typed — no apostrophe added, nothing stripped — which a prefix could not do. Numbers and
  dates stay numbers and dates. (XML reads a carriage return back as a line feed: "\\r=1" is "\\n=1", text
  either way. Characters XML cannot hold at all, such as NUL, become "\N{REPLACEMENT CHARACTER}" rather than
  failing the export.)
- CSV has no cell types: `csv_text()` puts an apostrophe before a text starting with one of those
  characters, as OWASP advises; the program shows it and does not evaluate the cell. The directory import
  removes it again (`from_csv_text()`), so an exported file imports back unchanged.
- django-import-export: `XLSX` and `CSV` below are its formats written through the same two functions;
  every resource export uses them. Its own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (settings) covers a
  stock format used by mistake, though only by deleting a leading "=".

Every XLSX is laid out here too (issue #12 §6), by `ReportWorkbook`: a sheet named in full (≤ 31 characters,
shortened at a word, never mid-word), title rows with the apparatus's name and the title with its period,
the header row with an autofilter, frozen and repeated on every printed page, landscape A4 fitted to the
page's width, dates as dates and shares as percent cells (a number with a % format, never a string). The
directory's import-export file has no title rows (its first row must stay the header, to import back).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import tablib
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

#: what makes a spreadsheet program read a cell as a formula (with the full-width forms some of them accept)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def _text(value: Any) -> Any:
    """A lazy translation as its text; any text with the characters XML cannot hold replaced."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
    return value


def as_text(cell: Cell) -> Cell:
    """The cell stored as a string if it holds text, so that it is never a formula (or an error value)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    """A cell of a write-only sheet: a number, a date or an empty cell as such, any text as text."""
    return as_text(WriteOnlyCell(sheet, value=_text(value)))


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: a text that a spreadsheet would read as a formula gets an apostrophe first."""
    value = _text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_csv_text(value: Any) -> Any:
    """The text csv_text() was given: the apostrophe it added is removed (on import)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class XLSX(base_formats.XLSX):
    """django-import-export's XLSX with every text written as a string cell (a header row in bold)."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        headers = [str(header) for header in dataset.headers or []]
        rows = [tuple(values) for values in dataset]
        columns = [
            Column(header, min(60, max(10, max([len(header), *(len(str(row[index] or "")) for row in rows)]) + 2)))
            for index, header in enumerate(headers)
        ]
        # no title rows: the first row stays the header, so that the file imports back
        workbook = ReportWorkbook()
        sheet = workbook.sheet(dataset.title or "Sheet", columns)
        for values in rows:
            sheet.append(values)
        return workbook.save()


class CSV(base_formats.CSV):
    """django-import-export's CSV with every text that starts like a formula behind an apostrophe."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        escaped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for values in dataset:
            escaped.append([csv_text(value) for value in values])
        return super().export_data(escaped, **kwargs)


# --- The layout of every XLSX (issue #12 §6) ----------------------------------------------------------

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
#: a share stored as a fraction (0.875) and shown "87,5 %" or "87.5 %" as the reader's spreadsheet writes numbers
PERCENT_FORMAT = '0.0" "%'
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TITLE_FONT = Font(bold=True, size=13)
_SUBTITLE_FONT = Font(bold=True, size=11)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """A column of an export: its translated header, width (characters) and kind of value."""

    header: str
    width: int = 14
    kind: str = "text"  # text, number, date, datetime, percent (a share in percent: 87.5)


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name: no []:*?/\\, at most 31 characters cut at a word (never mid-word), unique."""
    title = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).split()) or "Sheet"
    if len(title) > SHEET_TITLE_MAX:
        cut = title[: SHEET_TITLE_MAX + 1].rsplit(" ", 1)[0]
        title = (cut if len(cut) <= SHEET_TITLE_MAX else title[:SHEET_TITLE_MAX]).rstrip(" ,;.-–—(")
    taken = {name.lower() for name in taken}
    candidate, number = title, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = title[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix, number + 1
    return candidate


def period_text(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> str:
    """The period a file covers, in the active language: from–to, from, to, or "as at" today."""
    if start and end:
        return gettext("from %(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}
    if start:
        return gettext("from %(start)s") % {"start": _day(start)}
    if end:
        return gettext("to %(end)s") % {"end": _day(end)}
    return gettext("as at %(date)s") % {"date": _day(today)}


def _day(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


class ReportSheet:
    """A write-only sheet laid out as every export is: title rows, then an autofiltered header, then rows."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Sequence[Column], heading: Sequence[str]) -> None:
        self.sheet = sheet
        self.columns = list(columns)
        for index, column in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        # print setup: landscape A4, the columns fitted to the page's width, as many pages down as needed
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        # the title rows, a blank row, then the header (frozen: set before the first row is written)
        self.header_row = len(heading) + (1 if heading else 0) + 1
        sheet.freeze_panes = f"A{self.header_row + 1}"
        sheet.print_title_rows = f"{self.header_row}:{self.header_row}"
        for number, line in enumerate(heading):
            cell = safe_cell(sheet, line)
            cell.font = _TITLE_FONT if number == 0 else _SUBTITLE_FONT
            sheet.append([cell])
        if heading:
            sheet.append([])
        header = []
        for column in self.columns:
            cell = safe_cell(sheet, column.header)
            cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
            header.append(cell)
        sheet.append(header)
        self.last_row = self.header_row

    def append(self, values: Sequence[Any]) -> None:
        """One row: each value as its column's kind (text as text, never a formula: safe_cell)."""
        self.sheet.append([self._cell(column, value) for column, value in zip(self.columns, values, strict=True)])
        self.last_row += 1

    def _cell(self, column: Column, value: Any) -> Cell:
        if column.kind == "percent":
            share = None if value is None or value == "" else float(Decimal(str(value)) / 100)
            cell = safe_cell(self.sheet, share)
            cell.number_format = PERCENT_FORMAT
            return cell
        if isinstance(value, datetime.datetime):  # a datetime is a date too: test it first
            cell = safe_cell(self.sheet, value)
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell = safe_cell(self.sheet, value)
            cell.number_format = DATE_FORMAT
        elif value is None or isinstance(value, int | float | Decimal):
            cell = safe_cell(self.sheet, value)
        else:
            cell = safe_cell(self.sheet, str(value))
            cell.alignment = _WRAP
        return cell

    def finish(self) -> None:
        """The autofilter over the header and every row (known only once the rows are written)."""
        last_column = get_column_letter(max(len(self.columns), 1))
        self.sheet.auto_filter.ref = f"A{self.header_row}:{last_column}{self.last_row}"


class ReportWorkbook:
    """A write-only workbook of official sheets: `sheet()` for each, then `save()`; memory stays bounded."""

    def __init__(self, *, organisation: str | None = None) -> None:
        self.workbook = Workbook(write_only=True)
        self.organisation = organisation
        self.sheets: list[ReportSheet] = []

    def sheet(self, name: str, columns: Sequence[Column], *, title: str | None = None) -> ReportSheet:
        """A sheet named `name` (in full where it fits), headed by the apparatus's name and `title`.

        With no `title` the sheet has no title rows: the header is row 1 (a file meant to be imported back).
        """
        worksheet = self.workbook.create_sheet(sheet_title(name, (s.sheet.title for s in self.sheets)))
        heading = [] if title is None else [self._organisation(), title]
        report_sheet = ReportSheet(worksheet, columns, [line for line in heading if line])
        self.sheets.append(report_sheet)
        return report_sheet

    def _organisation(self) -> str:
        if self.organisation is None:
            from akimat.pdf import letterhead  # the name the PDFs carry: one place knows it

            self.organisation = letterhead().name
        return self.organisation

    def save(self, target: IO[bytes] | None = None) -> bytes | None:
        """Write the workbook to `target` (a file), or return its bytes when no target is given."""
        for report_sheet in self.sheets:
            report_sheet.finish()
        if target is not None:
            self.workbook.save(target)
            return None
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()
