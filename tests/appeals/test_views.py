"""The appeals' screens (issue #15 §1, §4): the journal with its filters, search, sort and XLSX; registration on
the form with the APPK art. 63 check and collective applicants; the appeal's page and its talon; the deficiency's
steps (§13.7); the applicant's card; who may open what. Clock: Tuesday 17 March 2026, 10:00 Almaty."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from appeals.models import Appeal, Applicant
from tests.appeals.conftest import IIN, individual, legal_entity, tue_2026_03_17

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(**changes) -> dict:
    data = {
        "channel": "post", "kind": "application", "received_at": "", "external_number": "",
        "addressee": "", "addressee_name": "", "summary": "Жол жөндеу туралы", "language": "kk", "pages": "1",
        "dated_on": "17.03.2026", "signed": "on", "forward_to": "", "representative_name": "",
        "representative_document": "",
        "applicant-TOTAL_FORMS": "1", "applicant-INITIAL_FORMS": "0",
        "applicant-MIN_NUM_FORMS": "1", "applicant-MAX_NUM_FORMS": "50",
        "applicant-0-type": "individual", "applicant-0-surname": "Серікбаев", "applicant-0-first_name": "Нұрлан",
        "applicant-0-patronymic": "", "applicant-0-iin": IIN, "applicant-0-organisation": "", "applicant-0-bin": "",
        "applicant-0-address": "Шаян ауылы, Төле би көшесі, 12", "applicant-0-phone": "", "applicant-0-email": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_issue15_a_complete_appeal_is_registered_from_the_form_and_opens_its_page_with_the_talon_64(appeals_org):
    w = appeals_org
    client = _client(w.officer)
    response = client.post(reverse("appeals:register"), _form(addressee=str(w.akim.person.pk)))
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("appeals:appeal", args=[appeal.pk])
    assert appeal.registered_on == tue_2026_03_17 and appeal.missing_items == []
    page = client.get(response["Location"]).content.decode()
    assert f"№ {appeal.number}" in page and IIN in page and "Жол жөндеу туралы" in page
    talon = client.get(reverse("appeals:talon", args=[appeal.pk]), {"lang": "ru"})
    assert (talon.status_code, talon["Content-Type"]) == (200, "application/pdf")
    assert client.get(reverse("appeals:talon", args=[appeal.pk]), {"lang": "de"}).status_code == 404


def test_issue15_the_check_names_what_is_missing_and_registers_nothing_art_63(appeals_org):
    w = appeals_org
    response = _client(w.officer).post(
        reverse("appeals:register"), _form(check="1", **{"applicant-0-address": "", "summary": ""})
    )
    assert response.status_code == 200 and not Appeal.objects.exists()
    body = response.content.decode()
    assert 'data-testid="requisites-check"' in body
    assert "postal address" in body and "essence of the appeal" in body
    assert 'value="Серікбаев"' in body and 'value="850101300124"' in body  # what was typed is kept


def test_issue15_a_deficient_appeal_is_registered_never_refused_and_the_head_sets_its_term_13_5_13_7(appeals_org):
    w = appeals_org
    _client(w.officer).post(reverse("appeals:register"), _form(**{"applicant-0-address": ""}))
    appeal = Appeal.objects.get()
    assert appeal.status == Appeal.Status.REGISTERED and appeal.missing_items
    head = _client(w.head)
    page = head.get(reverse("appeals:appeal", args=[appeal.pk])).content.decode()
    assert 'data-testid="missing-items"' in page and 'data-testid="mark-deficient"' in page
    url = reverse("appeals:mark_deficient", args=[appeal.pk])
    bad = head.post(url, {"items": appeal.missing_items, "term_days": "", "due_on": ""})
    assert bad.status_code == 200 and Appeal.objects.get().status == Appeal.Status.REGISTERED
    assert "Give the term either in working days or as a date." in bad.content.decode()
    assert head.post(url, {"items": appeal.missing_items, "term_days": "5"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.DEFICIENT and appeal.deficiency_due_on is not None
    # the officer writes in what the applicant brought: the appeal goes on
    fix = _client(w.officer).post(
        reverse("appeals:fix", args=[appeal.pk]),
        {**_form(), "addressee": str(w.akim.person.pk), "comment": "Мекенжай мен адресат әкелінді"},
    )
    assert fix.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REGISTERED and appeal.missing_items == []


def test_issue15_two_applicants_make_a_collective_appeal_and_the_add_button_registers_nothing(appeals_org):
    w = appeals_org
    client = _client(w.officer)
    more = client.post(reverse("appeals:register"), _form(add_applicant="1"))
    assert more.status_code == 200 and not Appeal.objects.exists()
    assert more.content.decode().count('data-testid="applicant-row"') == 2
    second = {
        "applicant-TOTAL_FORMS": "2", "applicant-1-type": "legal_entity", "applicant-1-organisation": "«Шаян Агро» ЖШС",
        "applicant-1-address": "Шаян ауылы, Абай көшесі, 3",
    }  # fmt: skip
    assert client.post(reverse("appeals:register"), _form(**second)).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.is_collective and appeal.applicants.count() == 2


def test_issue15_a_mistyped_iin_is_a_form_error_and_nothing_is_written(appeals_org):
    response = _client(appeals_org.officer).post(
        reverse("appeals:register"), _form(**{"applicant-0-iin": "850101300125"})
    )
    assert response.status_code == 200 and not Appeal.objects.exists() and not Applicant.objects.exists()
    assert "check digit does not match" in response.content.decode()


def test_issue15_an_unknown_applicant_type_is_a_form_error_and_nothing_is_written(appeals_org):
    response = _client(appeals_org.officer).post(reverse("appeals:register"), _form(**{"applicant-0-type": "²"}))
    assert response.status_code == 200 and not Appeal.objects.exists()
    assert 'value="Серікбаев"' in response.content.decode()


def test_issue15_the_journal_filters_searches_and_sorts_what_the_user_sees(appeals_org, register):
    w = appeals_org
    first = register(summary="Көше жарығы туралы")
    second = register(summary="Жол жөндеу туралы", kind="complaint", applicants=[legal_entity()])
    client = _client(w.officer)

    def shown(**query) -> list[int]:
        body = client.get(reverse("appeals:index"), query).content.decode()
        return [int(pk) for pk in __import__("re").findall(r'data-appeal="(\d+)"', body)]

    assert shown() == [second.pk, first.pk]
    assert shown(sort="number") == [first.pk, second.pk]
    assert shown(kind="complaint") == [second.pk]
    assert shown(q="жарығы") == [first.pk]
    assert shown(q=first.number) == [first.pk]
    assert shown(q="Серікбаев") == [first.pk]
    assert shown(date_from="99.99.9999") == [second.pk, first.pk]  # an unreadable date filters nothing
    # the akim is the addressee of both; an unrelated department head sees none
    assert len(shown()) == 2
    other = _client(w.finance_head).get(reverse("appeals:index")).content.decode()
    assert 'data-appeal="' not in other and 'data-testid="empty-journal"' in other


@pytest.mark.parametrize("rows", [1, 12])
def test_issue15_the_journal_runs_a_bounded_number_of_queries(
    appeals_org, register, django_assert_max_num_queries, rows
):
    for n in range(rows):
        register(summary=f"Өтініш {n}")
    client = _client(appeals_org.officer)
    client.get(reverse("appeals:index"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("appeals:index")).status_code == 200


def test_issue15_the_export_masks_the_iin_for_an_auditor_and_shows_it_to_the_appeals_department(appeals_org, register):
    w = appeals_org
    register(applicants=[individual(iin=IIN)])

    def cells(user) -> str:
        response = _client(user).get(reverse("appeals:index"), {"format": "xlsx"})
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return repr([list(row) for row in book.worksheets[0].iter_rows(values_only=True)])

    assert IIN in cells(w.officer)
    auditor = cells(w.auditor)
    assert IIN not in auditor and IIN[-4:] in auditor
    assert "Серікбаев" not in cells(w.finance_head)


def test_issue15_the_applicants_card_lists_their_appeals_for_those_who_see_them(appeals_org, register):
    w = appeals_org
    first = register()
    second = register(summary="Тағы бір өтініш")
    applicant = first.applicants.get()
    url = reverse("appeals:applicant", args=[applicant.pk])
    body = _client(w.officer).get(url).content.decode()
    assert f'data-appeal="{first.pk}"' in body and f'data-appeal="{second.pk}"' in body
    assert _client(w.finance_head).get(url).status_code == 404
    assert _client(w.outsider).get(url).status_code == 404


def test_issue15_an_outsider_gets_404_on_every_page_of_an_appeal_and_403_on_registration(appeals_org, register):
    w = appeals_org
    appeal = register()
    outsider = _client(w.outsider)
    for name in ("appeal", "talon", "mark_deficient", "fix", "return"):
        assert outsider.get(reverse(f"appeals:{name}", args=[appeal.pk])).status_code == 404, name
    assert outsider.get(reverse("appeals:register")).status_code == 403
    # the addressee sees it, but may not act on the deficiency
    akim = _client(w.akim)
    assert akim.get(reverse("appeals:appeal", args=[appeal.pk])).status_code == 200
    assert akim.get(reverse("appeals:fix", args=[appeal.pk])).status_code == 403


def test_issue15_without_an_appeals_department_the_general_departments_head_does_its_work_004_14_2(
    appeals_org, register, general_head
):
    """004 §14.2, §14.7: where the apparatus has no appeals department, the general department's head sees the appeals
    and sets the term to fix one (appeals.services.appeals_head_unit)."""
    w = appeals_org
    appeal = register(applicants=[individual(address="")])
    w.appeals.is_active = False
    w.appeals.save(update_fields=["is_active"])
    head = _client(general_head)
    assert head.get(reverse("appeals:appeal", args=[appeal.pk])).status_code == 200
    url = reverse("appeals:mark_deficient", args=[appeal.pk])
    assert head.post(url, {"items": appeal.missing_items, "term_days": "5"}).status_code == 302
    assert _client(w.finance_head).get(reverse("appeals:appeal", args=[appeal.pk])).status_code == 404
