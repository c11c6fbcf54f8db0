"""The correspondent directory: search, export and import as XLSX/CSV with row-by-row validation."""

import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin

from correspondence.models import Correspondent, Return
from correspondence.resources import CorrespondentResource

pytestmark = pytest.mark.django_db

CSV_HEADER = "name,short_name,kind,bin_iin,email,phone,address\n"


def csv_file(body: str, name: str = "directory.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CSV_HEADER + body).encode(), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "directory.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def preview(client, upload):
    return client.post(reverse("correspondence:correspondents_import"), {"action": "preview", "file": upload})


def test_a_bad_row_is_reported_with_its_row_number_and_nothing_is_imported(client, registrar):
    client.force_login(registrar)
    upload = csv_file(
        "Akimat of Aksu rural district,Aksu,state_body,120340000555,aksu@example.kz,,\n"
        "LLP Broken,,organisation,12345,not-an-email,,\n"
        ",,state_body,,,,\n"  # a blank line is skipped, not an error
    )
    response = preview(client, upload)
    content = response.content.decode()
    rows = response.context["error_rows"]
    assert [row["line"] for row in rows] == [3]  # the header is line 1
    assert any("12 digits" in error for error in rows[0]["errors"])
    assert any("e-mail" in error for error in rows[0]["errors"]), rows
    assert "confirm-import" not in content
    assert not Correspondent.objects.exists()


def test_a_clean_file_is_previewed_then_imported_on_confirmation(client, registrar, correspondents):
    client.force_login(registrar)
    upload = xlsx_file(
        [
            ["Наименование", "Вид", "БИН / ИИН", "e-mail"],  # labels instead of codes are accepted
            ["Akimat of Aksu rural district", "state body", 120340000555.0, "aksu@example.kz"],
            [correspondents.state.name, "state_body", correspondents.state.bin_iin, "edu@example.kz"],
        ]
    )
    response = preview(client, upload)
    assert response.context["error_rows"] == []
    assert response.context["totals"]["new"] == 1 and response.context["totals"]["update"] == 1
    assert Correspondent.objects.count() == 3  # a dry run

    response = client.post(
        reverse("correspondence:correspondents_import"), {"action": "confirm", "token": response.context["token"]}
    )
    assert response.status_code == 302
    aksu = Correspondent.objects.get(name="Akimat of Aksu rural district")
    assert (aksu.bin_iin, aksu.kind) == ("120340000555", Correspondent.Kind.STATE_BODY)
    correspondents.state.refresh_from_db()
    assert correspondents.state.email == "edu@example.kz"


def test_a_confirmation_token_of_another_user_opens_nothing(client, registrar, admin_user):
    client.force_login(registrar)
    token = preview(client, csv_file("Akimat of Aksu,,state_body,,,,\n")).context["token"]
    client.force_login(admin_user)
    client.post(reverse("correspondence:correspondents_import"), {"action": "confirm", "token": token})
    assert not Correspondent.objects.exists()


def test_an_unreadable_file_is_reported(client, registrar):
    client.force_login(registrar)
    response = preview(client, SimpleUploadedFile("directory.xlsx", b"not a spreadsheet"))
    assert response.context["unreadable"] is True


def test_the_directory_exports_as_xlsx_and_csv(client, registrar, correspondents):
    client.force_login(registrar)
    response = client.get(reverse("correspondence:correspondents"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("name", "short_name", "kind", "bin_iin")
    assert {row[0] for row in rows[1:]} == {c.name for c in vars(correspondents).values()}

    csv = client.get(reverse("correspondence:correspondents"), {"export": "csv", "q": "education"})
    text = csv.content.decode("utf-8-sig")
    assert "Department of Education" in text and "Ministry of Finance" not in text


def test_an_exported_file_imports_back_unchanged(correspondents):
    dataset = CorrespondentResource().export()
    result = CorrespondentResource().import_data(dataset, dry_run=True)
    assert not result.has_validation_errors()
    assert result.totals["skip"] == 3


def test_the_directory_searches_by_name_and_bin(client, registrar, correspondents):
    client.force_login(registrar)
    page = client.get(reverse("correspondence:correspondents"), {"q": "990140000111"}).context["page"]
    assert list(page.object_list) == [correspondents.central]
    content = client.get(reverse("correspondence:correspondents")).content.decode()
    assert correspondents.person.bin_iin not in content  # an individual's IIN is masked


@pytest.mark.parametrize("rows", [1, 50])
def test_the_directory_needs_the_same_queries_for_1_and_50_rows(client, registrar, django_assert_max_num_queries, rows):
    Correspondent.objects.bulk_create(Correspondent(name=f"Body {n:02d}") for n in range(rows))
    client.force_login(registrar)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("correspondence:correspondents"))
    assert len(response.context["page"].object_list) == rows


def test_the_admin_imports_and_exports_correspondents_and_shows_returns_read_only(rf, admin_user):
    assert isinstance(admin.site._registry[Correspondent], ImportExportModelAdmin)
    returns = admin.site._registry[Return]
    request = rf.get("/")
    request.user = admin_user
    assert not returns.has_add_permission(request)
    assert not returns.has_change_permission(request)
    assert not returns.has_delete_permission(request)


def test_the_admin_import_page_opens(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:correspondence_correspondent_import")).status_code == 200
    assert client.get(reverse("admin:correspondence_correspondent_changelist")).status_code == 200


# --- issue #11 point 4: a BIN/IIN is found only by all its 12 digits -----------------------------------

SEARCH = reverse("correspondence:correspondent_search")
DIRECTORY = reverse("correspondence:correspondents")


@pytest.mark.parametrize("length", range(1, 12))
def test_issue11_p4_a_prefix_of_an_individuals_iin_finds_nothing_in_the_search_or_the_directory(
    client, registrar, correspondents, length
):
    prefix = correspondents.person.bin_iin[:length]
    client.force_login(registrar)
    assert client.get(SEARCH, {"q": prefix}).json()["results"] == []
    assert list(client.get(DIRECTORY, {"q": prefix}).context["page"].object_list) == []


@pytest.mark.parametrize("query", ["850101400333", "850101 400333"])
def test_issue11_p4_all_12_digits_find_the_individual_and_the_answer_still_masks_the_iin(
    client, registrar, correspondents, query
):
    client.force_login(registrar)
    search = client.get(SEARCH, {"q": query})
    assert [(r["id"], r["bin"]) for r in search.json()["results"]] == [(correspondents.person.pk, "")]
    assert correspondents.person.bin_iin not in search.content.decode()
    directory = client.get(DIRECTORY, {"q": query})
    assert list(directory.context["page"].object_list) == [correspondents.person]
    table = directory.content.decode().split("<tbody>")[1].split("</tbody>")[0]  # the page echoes the query itself
    assert "••••••••0333" in table and correspondents.person.bin_iin not in table


def test_issue11_p4_a_bin_too_is_found_only_by_all_its_digits(client, registrar, correspondents):
    client.force_login(registrar)
    assert client.get(SEARCH, {"q": "10024000022"}).json()["results"] == []
    assert [r["id"] for r in client.get(SEARCH, {"q": "100240000222"}).json()["results"]] == [correspondents.state.pk]


def test_issue11_p4_names_are_still_found_by_a_part(client, registrar, correspondents):
    client.force_login(registrar)
    assert [r["id"] for r in client.get(SEARCH, {"q": "sarsen"}).json()["results"]] == [correspondents.person.pk]
    assert list(client.get(DIRECTORY, {"q": "Nurlan"}).context["page"].object_list) == [correspondents.person]


def test_issue11_p4_the_admin_search_finds_an_iin_only_by_all_its_digits(client, admin_user, correspondents):
    client.force_login(admin_user)
    url = reverse("admin:correspondence_correspondent_changelist")
    assert client.get(url, {"q": "850101"}).context["cl"].result_count == 0
    assert client.get(url, {"q": "850101400333"}).context["cl"].result_count == 1
