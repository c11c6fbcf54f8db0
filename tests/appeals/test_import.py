"""Appeals imported from an XLSX export of e-Otinish (issue #15 §1): each row validated and registered through the
services; a bad row reported with its reason and nothing of it written; a row already imported skipped."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from appeals import imports
from appeals.models import Appeal, Applicant
from tests.appeals.conftest import IIN

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list], header: list[str] | None = None) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or list(imports.COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "otinish.xlsx"
    return buffer


def _row(number: str, **changes) -> list:
    values = {
        "external_number": number, "received_at": "16.03.2026 11:20", "kind": "жалоба", "surname": "Серікбаев",
        "first_name": "Нұрлан", "patronymic": "", "iin": IIN, "organisation": "", "bin": "",
        "address": "Шаян ауылы, Төле би көшесі, 12", "phone": "", "email": "", "addressee": "",
        "summary": "Жол жөндеу туралы", "language": "kk",
    }  # fmt: skip
    values.update(changes)
    return [values[column] for column in imports.COLUMNS]


def test_issue15_good_rows_are_registered_a_bad_row_is_reported_and_nothing_of_it_written(appeals_org):
    w = appeals_org
    rows = [
        _row("ЖТ-Е-1", addressee=w.akim.person.full_name),
        _row("ЖТ-Е-2", iin="850101300125"),  # a mistyped IIN
        _row("ЖТ-Е-3", received_at="31.02.2026 10:00"),  # no such day
        _row("ЖТ-Е-4", kind="petition"),  # no such kind
        _row("ЖТ-Е-5", organisation="«Шаян Агро» ЖШС", bin="120340004710", surname="", first_name="", iin=""),
    ]
    results = imports.import_appeals(_xlsx(rows), actor=w.officer)
    assert [(r.line, bool(r.appeal), r.error) for r in results][:1] == [(2, True, "")]
    assert [(r.line, bool(r.appeal)) for r in results] == [(2, True), (3, False), (4, False), (5, False), (6, True)]
    assert "check digit" in results[1].error and "dd.mm.yyyy" in results[2].error and "petition" in results[3].error
    first = results[0].appeal
    assert (first.kind, first.addressee, first.external_number) == ("complaint", w.akim.person, "ЖТ-Е-1")
    assert first.received_at.date() == datetime.date(2026, 3, 16)
    assert Appeal.objects.count() == 2 and Applicant.objects.count() == 2
    # the same export again registers nothing twice
    again = imports.import_appeals(_xlsx(rows[:1]), actor=w.officer)
    assert again[0].skipped and Appeal.objects.count() == 2


def test_issue15_a_file_without_the_number_column_or_no_workbook_is_refused(appeals_org):
    with pytest.raises(ValidationError):
        imports.import_appeals(_xlsx([["x"]], header=["summary"]), actor=appeals_org.officer)
    with pytest.raises(ValidationError):
        imports.import_appeals(io.BytesIO(b"not a workbook"), actor=appeals_org.officer)


def test_issue15_the_import_page_lists_each_rows_result_for_the_appeals_department_only(appeals_org):
    w = appeals_org
    client = Client()
    client.force_login(w.officer)
    response = client.post(reverse("appeals:import"), {"file": _xlsx([_row("1"), _row("2", iin="1")])})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-results"' in body
    assert body.count('data-testid="row-error"') == 1 and Appeal.objects.count() == 1
    outsider = Client()
    outsider.force_login(w.finance_head)
    assert outsider.get(reverse("appeals:import")).status_code == 403
