"""Issue #15 "Done when": personal reception from the sign-up to the instructions on control, in the browser.

On Monday 16 March 2026 the appeals officer sets the akim's reception for today and signs up two people: one without
priority, then a person with a disability (001 §11) — the queue puts her first; the officer marks her received and
writes her card (§14.4): what she asked, what was decided, one instruction with its executor and deadline; completing
the card puts the instruction on control (001 §23), its source the reception card, seen by the executor.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from appeals.reception.models import ReceptionCard, ReceptionDay
from control.models import ControlItem
from tests.appeals.conftest import appeals_org, consider  # noqa: F401 - fixtures
from tests.browser.test_acts_flow import _media, clock, field  # noqa: F401 - fixtures
from tests.browser.test_control_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def form(page: Page, testid: str) -> Locator:
    return page.get_by_test_id(testid)


def sign_up(page: Page, day: ReceptionDay, surname: str, first_name: str, question: str, priority: str = "") -> None:
    page.goto(reverse("appeals:reception:signup"))
    signup = form(page, "signup-form")
    field(signup, "Reception day").select_option(str(day.pk))
    field(signup, "Surname").fill(surname)
    field(signup, "First name").fill(first_name)
    field(signup, "Question").fill(question)
    if priority:
        field(signup, "Priority category (received out of turn, 001 §11)").select_option(priority)
    page.get_by_test_id("save-signup").click()
    expect(page.locator(".messages")).to_contain_text("signed up")


def test_a_visitor_signs_up_out_of_turn_is_received_and_her_card_puts_an_instruction_on_control(
    page: Page,
    consider,  # noqa: F811
    _media,  # noqa: F811
):
    w = consider
    sign_in(page, w.officer.username)
    page.goto(reverse("appeals:reception:day_add"))
    day_form = page.locator("form.form.card").last
    field(day_form, "Official").select_option(str(w.akim.person.pk))
    field(day_form, "Date").fill("16.03.2026")
    field(day_form, "From").fill("09:00")
    field(day_form, "To").fill("18:00")
    field(day_form, "Place (Kazakh)").fill("Әкімдіктің қоғамдық қабылдау бөлмесі")
    field(day_form, "Place (Russian)").fill("Общественная приёмная акимата")
    day_form.locator('button[type="submit"]').click()
    expect(page.locator(".messages")).to_contain_text("The reception day is set")
    day = ReceptionDay.objects.get()

    sign_up(page, day, "Ахметов", "Серік", "Жол жөндеу туралы")
    sign_up(page, day, "Омарова", "Айгүл", "Пандус орнату туралы", priority="disability")
    page.goto(reverse("appeals:reception:day", args=[day.pk]))
    first_row = page.get_by_test_id("queue").locator("tbody tr").first
    expect(first_row).to_contain_text("Омарова")
    expect(first_row.get_by_test_id("priority")).to_be_visible()

    first_row.get_by_test_id("mark-received").click()
    first_row = page.get_by_test_id("queue").locator("tbody tr").first
    first_row.get_by_test_id("start-card").click()
    card_form = form(page, "card-form")
    field(card_form, "What was explained or decided").fill("Пандус сәуір айында орнатылады")
    row = card_form.locator(".instruction-row").first
    field(row, "Instruction").fill("Емханаға пандус орнатуды қамтамасыз ету")
    field(row, "Executor").select_option(f"person:{w.executor.person.pk}")
    field(row, "Deadline").fill((datetime.date(2026, 4, 15)).strftime("%d.%m.%Y"))
    page.get_by_test_id("save-card").click()
    expect(page.locator(".messages")).to_contain_text("The reception card is saved")
    page.get_by_test_id("complete-card").click()
    expect(page.locator(".messages")).to_contain_text("instructions put on control: 1")

    card = ReceptionCard.objects.get()
    item = ControlItem.objects.get()
    assert item.source_id == card.pk and item.deadline == datetime.date(2026, 4, 15)
    sign_in(page, w.executor.username)
    page.goto(reverse("control:item", args=[item.pk]))
    expect(page.locator("body")).to_contain_text("Емханаға пандус орнатуды қамтамасыз ету")
