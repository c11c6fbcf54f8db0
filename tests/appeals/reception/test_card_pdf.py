"""The reception card as a paper (issue #15 §3; 003 §14.4; 001 §23: the results of the reception are written down
with definite deadlines for the instructions): what was asked, what was instructed, executors, deadlines and their
control, the written appeal (001 §25); the IIN masked as on the card's page; in the reader's language; closed to
whoever may not open the card."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from akimat.models import Person
from appeals.reception import services
from appeals.reception.models import PriorityCategory
from tests.appeals.conftest import IIN
from tests.appeals.reception.conftest import thu_2026_03_19

pytestmark = pytest.mark.django_db

apr_2026_04_30 = datetime.date(2026, 4, 30)
AKIM = "Бекболатов Ерлан Сәкенұлы"
EXECUTOR = "Әбенов Дәулет Маратұлы"


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _card(reception, *, complete: bool = True, appeal: bool = True):
    """A visitor with a disability received by the akim on Thursday 19 March 2026 at 11:00, the card with one
    instruction to the executor by 30 April; completed (on control) and with the written appeal registered."""
    w = reception.w
    Person.objects.filter(user=w.akim).update(full_name=AKIM)
    Person.objects.filter(user=w.executor).update(full_name=EXECUTOR)
    day = reception.make_day(thu_2026_03_19)
    signup = reception.signup(day, iin=IIN, priority=PriorityCategory.DISABILITY)
    w.move_to(thu_2026_03_19, 11)
    services.mark_received(signup, actor=w.officer)
    card = services.start_card(signup, actor=w.officer)
    data = services.CardData(
        asked="Шаян ауылындағы көшені жарықтандыру", answer="Жарықтандыру жоспарға енгізілетіні түсіндірілді",
        instructions=[services.InstructionData("Төле би көшесіне шамдар орнату", w.executor.person,
                                               apr_2026_04_30)],
    )  # fmt: skip
    services.save_card(card, actor=w.officer, data=data)
    if complete:
        services.complete_card(card, actor=w.officer)
    if appeal:
        services.register_written_appeal(card, actor=w.officer, summary="Көшені жарықтандыру туралы өтініш")
    card.refresh_from_db()
    return card


def _pdf(user, card):
    return _client(user).get(reverse("appeals:reception:card_pdf", args=[card.pk]))


def test_001_23_the_card_pdf_says_what_was_asked_and_instructed_with_executor_deadline_and_control(reception):
    w = reception.w
    card = _card(reception)
    item = card.instructions.get().control_item
    response = _pdf(w.officer, card)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"reception-card-{card.pk}.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert f"Card of personal reception № {card.pk}" in text
    assert "19.03.2026 11:00" in text  # when the visitor was received
    assert text.count(AKIM) >= 2  # the official who received, and the signature line
    assert "Серікбаев Нұрлан Асқарұлы" in text and IIN in text  # the appeals department sees the IIN in full
    assert "Person with a disability" in text  # 001 §11
    assert "Шаян ауылындағы көшені жарықтандыру" in text  # the question
    assert "Жарықтандыру жоспарға енгізілетіні түсіндірілді" in text
    assert "Төле би көшесіне шамдар орнату" in text  # the instruction
    assert EXECUTOR in text  # its executor
    assert "30.04.2026" in text  # its deadline
    assert item.number in text and "on control" in text  # and its control (§14.4)
    assert card.appeal.number in text  # the written appeal (001 §25)


def test_the_card_pdf_of_a_draft_says_its_instructions_are_not_yet_on_control(reception):
    card = _card(reception, complete=False, appeal=False)
    text = _text(_pdf(reception.w.officer, card).content)
    assert "Төле би көшесіне шамдар орнату" in text and "not yet on control" in text
    assert "Written appeal" not in text


def test_the_card_pdf_masks_the_iin_for_a_reader_who_does_not_keep_the_reception_day(reception):
    # the executor is granted the card to answer the visitor (§14.4), but does not keep the day: the IIN masked
    w = reception.w
    card = _card(reception)
    text = _text(_pdf(w.executor, card).content)
    assert IIN not in text and IIN[-4:] in text
    assert "Төле би көшесіне шамдар орнату" in text


def test_the_card_pdf_is_in_the_readers_language(reception):
    w = reception.w
    card = _card(reception)
    Person.objects.filter(user=w.officer).update(preferred_language="ru")
    text = _text(_pdf(w.officer, card).content)
    assert "Поручение" in text and "Исполнитель" in text and "Срок исполнения" in text
    Person.objects.filter(user=w.officer).update(preferred_language="kk")
    text = _text(_pdf(w.officer, card).content)
    assert "Тапсырма" in text and "Орындаушы" in text and "Орындау мерзімі" in text


def test_the_card_pdf_is_closed_to_whoever_may_not_open_the_card(reception):
    w = reception.w
    card = _card(reception)
    # an outsider, the auditor (the card's personal data are granted by name only), a head of another department
    for user in (w.outsider, w.auditor, w.finance_head):
        assert _pdf(user, card).status_code == 404, user
    assert Client().get(reverse("appeals:reception:card_pdf", args=[card.pk])).status_code == 302  # login
    assert _pdf(w.akim, card).status_code == 200


def test_the_card_page_links_to_its_pdf(reception):
    w = reception.w
    card = _card(reception)
    page = _client(w.officer).get(reverse("appeals:reception:card", args=[card.pk])).content.decode()
    assert reverse("appeals:reception:card_pdf", args=[card.pk]) in page
