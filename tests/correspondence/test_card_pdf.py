"""The registration card as PDF (WeasyPrint), in Kazakh or Russian, only for those who see the document."""

import datetime
import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from akimat.models import Person
from correspondence.models import Document, ExecutionCard
from correspondence.views.document import card_language
from tests.akimat.test_pdf import assert_readable
from tests.correspondence.test_journals import ALMATY, make_correspondent, make_document, make_resolution


def card_url(document: Document, lang: str | None = None) -> str:
    url = reverse("correspondence:card", args=[document.pk])
    return f"{url}?lang={lang}" if lang else url


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def incoming(registrar, akim, executor, org):
    document = make_document(
        registrar,
        number="01-12/345",
        correspondent=make_correspondent("Управление энергетики области"),
        their_number="12-3/45",
        their_date=datetime.date(2026, 3, 12),
        addressee=Document.Addressee.AKIM,
        channel=Document.Channel.POST,
        sheets=4,
        attachments_count=2,
        summary="Жылу беру маусымына дайындық туралы",
        urgency="urgent",
    )
    make_resolution(
        document, akim.person, registrar, executors=[executor.person], deadline=datetime.date(2026, 4, 1),
        control=True, text="Қаржы бөліміне: жауап дайындау",
    )  # fmt: skip
    ExecutionCard.objects.create(
        document=document, executor=executor.person, result="Жауап жіберілді", answer_number="02-1/9",
        filled_by=registrar, filled_at=datetime.datetime(2026, 3, 20, 9, tzinfo=ALMATY),
    )  # fmt: skip
    return document


def test_the_card_in_kazakh(client, registrar, incoming):
    client.force_login(registrar)

    response = client.get(card_url(incoming, "kk"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "01-12_345-kk.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    for label in ("Тіркеу нөмірі", "Корреспондент", "Парақтар саны", "Қысқаша мазмұны", "Орындау мерзімі"):
        assert label in text, label
    for value in ("01-12/345", "16.03.2026", "12-3/45", "12.03.2026", "Управление энергетики области",
                  "Жылу беру маусымына дайындық туралы", "Қаржы бөліміне: жауап дайындау", "01.04.2026",
                  "Жауап жіберілді", "Executor"):  # fmt: skip
        assert value in text, value


def test_the_card_in_russian(client, registrar, incoming):
    client.force_login(registrar)

    text = pdf_text(client.get(card_url(incoming, "ru")))

    for label in ("Регистрационный номер", "Корреспондент", "Количество листов", "Краткое содержание"):
        assert label in text, label


@pytest.mark.parametrize(("language", "mark"), [("kk", "ҚБПҮ"), ("ru", "ДСП")])
def test_a_dsp_card_carries_the_mark_in_its_legal_wording(client, registrar, language, mark, org):
    document = make_document(registrar, number="01-12/7", is_dsp=True)
    from correspondence import access

    access.grant(document, registrar)
    client.force_login(registrar)

    text = pdf_text(client.get(card_url(document, language)))

    assert mark in text
    full = {"kk": "Қызмет бабында пайдалану үшін", "ru": "Для служебного пользования"}[language]
    assert full in text


def test_an_ordinary_card_has_no_dsp_mark(client, registrar, incoming):
    client.force_login(registrar)

    text = pdf_text(client.get(card_url(incoming, "ru")))

    assert "ДСП" not in text


@pytest.mark.parametrize(
    ("asked", "interface", "expected"),
    [("kk", "en", "kk"), ("ru", "kk", "ru"), ("", "kk", "kk"), ("", "ru", "ru"), ("", "en", "ru"), ("de", "en", "ru")],
)
def test_the_language_is_asked_or_the_interfaces_or_russian(asked, interface, expected):
    request = RequestFactory().get("/", {"lang": asked} if asked else {})
    with translation.override(interface):
        assert card_language(request) == expected


def test_without_a_parameter_the_card_follows_the_users_language(client, registrar, incoming):
    Person.objects.filter(user=registrar).update(preferred_language="kk")
    client.force_login(registrar)

    response = client.get(card_url(incoming))

    assert "01-12_345-kk.pdf" in response["Content-Disposition"]
    assert "Тіркеу нөмірі" in pdf_text(response)


def test_an_outsider_gets_404_and_an_anonymous_visitor_the_login(client, incoming, outsider):
    assert client.get(card_url(incoming, "kk")).status_code == 302
    client.force_login(outsider)
    assert client.get(card_url(incoming, "kk")).status_code == 404
    assert client.get(card_url(incoming, "ru")).status_code == 404


def test_issue12_p6_the_card_is_headed_by_the_apparatus_and_names_who_printed_it(client, registrar, incoming, org):
    registrar.person.phone = "8 (72548) 2-12-34"
    registrar.person.save()
    client.force_login(registrar)

    response = client.get(card_url(incoming, "ru"))

    text = " ".join(pdf_text(response).split())
    with translation.override("ru"):
        prepared = translation.gettext("Prepared by")
    assert text.index(org.apparatus.name_ru.upper()) < text.index("01-12/345")
    assert f"{prepared}: {registrar.person.full_name}" in text and "8 (72548) 2-12-34" in text
    assert_readable(response.content)
