"""Issue #11 point 5: the one helper every export writes its cells with, and the guards that keep it so."""

import ast
import datetime
import decimal
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin

from akimat import exports

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
PROJECT_PACKAGES = ("akimat", "correspondence", "control", "meetings", "acts", "appeals")
SPREADSHEET_LIBRARIES = ("openpyxl", "xlsxwriter", "import_export.formats", "tablib")


def round_trip(*values) -> list[openpyxl.cell.Cell]:
    """The values written through safe_cell into a saved workbook, read back as cells."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append([exports.safe_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active[1])


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_a_text_starting_like_a_formula_is_written_as_the_same_text(start):
    text = f"{start}cmd|' /C calc'!A0"
    (cell,) = round_trip(text)
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # XML reads a carriage return as a line feed


def test_issue11_p5_openpyxl_alone_would_have_written_a_formula():
    # why the helper exists: the same text through a plain cell is stored as a formula
    sheet = openpyxl.Workbook(write_only=True).create_sheet()
    assert openpyxl.cell.WriteOnlyCell(sheet, value='=HYPERLINK("https://evil.example")').data_type == "f"


def test_issue11_p5_numbers_dates_and_empty_cells_keep_their_types():
    date, moment = datetime.date(2026, 3, 16), datetime.datetime(2026, 3, 16, 10, 30)
    cells = round_trip(-5, 2.5, decimal.Decimal("1.5"), date, moment, None, "#N/A")
    assert [cell.data_type for cell in cells[:5]] == ["n", "n", "n", "d", "d"]
    assert [cell.value for cell in cells[:5]] == [-5, 2.5, 1.5, datetime.datetime(2026, 3, 16), moment]
    assert cells[5].value is None
    assert (cells[6].data_type, cells[6].value) == ("s", "#N/A")  # text, not an error value


def test_issue11_p5_a_lazy_translation_and_characters_xml_cannot_hold_are_written_as_text():
    (label, control) = round_trip(gettext_lazy("Deadline"), "=A1\x00\x0b")
    assert (label.data_type, label.value) == ("s", "Deadline")
    assert (control.data_type, control.value) == ("s", "=A1\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}")


@pytest.mark.parametrize("start", [*FORMULA_STARTS, "\uff1d"])
def test_issue11_p5_a_csv_text_starting_like_a_formula_gets_an_apostrophe_that_the_import_removes(start):
    text = f"{start}1+2"
    assert exports.csv_text(text) == "'" + text
    assert exports.from_csv_text(exports.csv_text(text)) == text


@pytest.mark.parametrize("value", ["Aksu", "'quoted'", "", 42, None])
def test_issue11_p5_other_csv_values_are_left_as_they_are(value):
    assert exports.csv_text(value) == value
    assert exports.from_csv_text(value) == value


def test_issue11_p5_import_export_escapes_formulae_of_its_own_formats_too():
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True


def test_issue11_p5_every_admin_export_goes_through_the_safe_formats():
    safe = (exports.XLSX, exports.CSV)
    exporting = [model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, ExportMixin)]
    assert exporting, "the correspondent directory at least"
    for model_admin in exporting:
        for file_format in model_admin.get_export_formats():
            assert issubclass(file_format, safe), f"{type(model_admin).__name__} exports {file_format.__name__}"


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The modules a file imports from, and the names it imports."""
    modules, names = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            names.update(alias.name for alias in node.names)
    return modules, names


def test_issue11_p5_every_module_that_writes_spreadsheets_uses_the_helper():
    """A new export joins by itself: a module using a spreadsheet library must write through akimat.exports."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts or path == root / "akimat" / "exports.py":
                continue
            modules, names = _imports(path)
            libraries = sorted(name for name in modules if name.startswith(SPREADSHEET_LIBRARIES))
            if libraries and "akimat.exports" not in modules:
                offenders.append(f"{path.relative_to(root)} imports {', '.join(libraries)} without akimat.exports")
            if "WriteOnlyCell" in names:
                offenders.append(f"{path.relative_to(root)} makes its own cells: use akimat.exports.safe_cell")
    assert offenders == []
