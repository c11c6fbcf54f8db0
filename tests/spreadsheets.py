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


def _probe_carriage_return() -> bool:
    """Whether openpyxl keeps a carriage return in a string cell (3.1.5 writes it as _x000D_; older versions
    wrote it raw and XML read it back as a line feed)."""
    import io

    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active["A1"] = "a\rb"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer).active["A1"].value == "a\rb"


KEEPS_CARRIAGE_RETURN = _probe_carriage_return()


def read_back(text: str) -> str:
    """What openpyxl reads back from a string cell written with this text."""
    return text if KEEPS_CARRIAGE_RETURN else text.replace("\r", "\n")
