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
"""

from __future__ import annotations

import io
from typing import Any

import tablib
from django.utils.functional import Promise
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(dataset.title or "Sheet")[:31])
        headers = [str(header) for header in dataset.headers or []]
        rows = [tuple(values) for values in dataset]
        for index, header in enumerate(headers):
            longest = max([len(header), *(len(str(row[index] or "")) for row in rows)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(10, longest + 2))
        if headers:
            sheet.freeze_panes = "A2"
            header_cells = [safe_cell(sheet, header) for header in headers]
            for cell in header_cells:
                cell.font = Font(bold=True)
            sheet.append(header_cells)
        for values in rows:
            sheet.append([safe_cell(sheet, value) for value in values])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class CSV(base_formats.CSV):
    """django-import-export's CSV with every text that starts like a formula behind an apostrophe."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        escaped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for values in dataset:
            escaped.append([csv_text(value) for value in values])
        return super().export_data(escaped, **kwargs)
