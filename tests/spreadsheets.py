"""Reading back the project's XLSX exports in tests: title rows first, then the autofiltered table."""

from openpyxl.cell import Cell
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet


def header_row(sheet: Worksheet) -> int:
    """The number of the header row: the first row of the sheet's autofilter (every export has one)."""
    assert sheet.auto_filter.ref, f"the sheet {sheet.title!r} has no autofilter"
    return range_boundaries(sheet.auto_filter.ref)[1]


def table(sheet: Worksheet) -> list[tuple]:
    """The values of the header row and every row below it (the title rows left out)."""
    return list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))


def table_cells(sheet: Worksheet) -> list[tuple[Cell, ...]]:
    """The cells of the header row and every row below it."""
    return list(sheet.iter_rows(min_row=header_row(sheet)))
