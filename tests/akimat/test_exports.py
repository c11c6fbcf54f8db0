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
from tests.spreadsheets import read_back

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
    assert cell.value == read_back(text)


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


# --- the layout of every XLSX (issue #12 §6) ---------------------------------------------------------------


def test_issue12_p6_every_module_writes_xlsx_through_the_report_workbook():
    """One mechanism: no module but akimat/exports.py touches openpyxl (title rows, filter, print setup there)."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts or path == root / "akimat" / "exports.py":
                continue
            modules, _names = _imports(path)
            if any(module.startswith(("openpyxl", "xlsxwriter")) for module in modules):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []


def built(**sheet_kwargs) -> openpyxl.Workbook:
    """A workbook of the apparatus "Бәйдібек ауданы әкімінің аппараты" with one sheet of three rows."""
    workbook = exports.ReportWorkbook(organisation="Бәйдібек ауданы әкімінің аппараты")
    columns = [
        exports.Column("Executor", 30),
        exports.Column("Deadline", 12, "date"),
        exports.Column("Received", 10, "number"),
        exports.Column("Share on time", 12, "percent"),
    ]
    sheet = workbook.sheet("Report by department", columns, **sheet_kwargs)
    sheet.append(["=Finance", datetime.date(2026, 3, 31), 9, decimal.Decimal("44.4")])
    sheet.append(["Legal", datetime.date(2026, 4, 1), 0, None])
    sheet.append(["Total", None, 9, decimal.Decimal("100.0")])
    return openpyxl.load_workbook(io.BytesIO(workbook.save()))


def test_issue12_p6_a_sheet_opens_with_the_apparatus_and_the_title_with_its_period():
    sheet = built(title="Report, from 01.01.2026 to 31.03.2026").active

    assert sheet["A1"].value == "Бәйдібек ауданы әкімінің аппараты"
    assert sheet["A2"].value == "Report, from 01.01.2026 to 31.03.2026"
    assert sheet["A1"].font.bold and sheet["A2"].font.bold
    assert [cell.value for cell in sheet[4]] == ["Executor", "Deadline", "Received", "Share on time"]


def test_issue12_p6_the_header_row_carries_the_autofilter_over_every_row_and_is_frozen():
    sheet = built(title="Report").active

    assert sheet.auto_filter.ref == "A4:D7"
    assert sheet.freeze_panes == "A5"


def test_issue12_p6_a_sheet_prints_landscape_fitted_to_the_width_with_the_header_on_every_page():
    sheet = built(title="Report").active

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$4:$4"


def test_issue12_p6_a_share_is_a_number_with_a_percent_format_not_a_string():
    sheet = built(title="Report").active

    finance, legal, total = sheet[5], sheet[6], sheet[7]
    assert finance[3].data_type == "n" and finance[3].value == pytest.approx(0.444)
    assert finance[3].number_format == exports.PERCENT_FORMAT and finance[3].number_format.endswith("%")
    assert legal[3].value is None  # nothing received: no share
    assert total[3].value == pytest.approx(1.0)
    assert finance[1].is_date and finance[1].number_format == "DD.MM.YYYY"
    assert (finance[0].data_type, finance[0].value) == ("s", "=Finance")  # still text, never a formula


def test_issue12_p6_a_file_meant_to_be_imported_back_has_the_header_first():
    sheet = built().active

    assert [cell.value for cell in sheet[1]] == ["Executor", "Deadline", "Received", "Share on time"]
    assert sheet.auto_filter.ref == "A1:D4"
    assert sheet.print_title_rows == "$1:$1"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Overdue instructions", "Overdue instructions"),
        ("Мерзімі ұзартылған тапсырмалар тізімі", "Мерзімі ұзартылған тапсырмалар"),  # cut at a word
        ("Отдел документационного обеспечения", "Отдел документационного"),
        ("Тоқсандық/есеп: [1-тоқсан]", "Тоқсандық есеп 1-тоқсан"),  # characters Excel refuses
        ("Өтінішхаттардыңбарлығынжинақтауестелігі", "Өтінішхаттардыңбарлығынжинақтау"),  # one word: no other way
    ],
)
def test_issue12_p6_a_sheet_name_is_whole_or_cut_at_a_word(name, expected):
    assert exports.sheet_title(name) == expected
    assert len(exports.sheet_title(name)) <= 31


def test_issue12_p6_sheet_names_stay_unique():
    assert exports.sheet_title("Overdue", ["overdue"]) == "Overdue (2)"
