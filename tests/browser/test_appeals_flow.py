"""Issue #15 "Done when": an appeal from its registration to its removal from control, in the browser.

On Monday 16 March 2026 the appeals officer registers a paper appeal without the applicant's address: "Check" lists
what APPK art. 63 misses and registers nothing; "Register" registers it anyway (§13.5) with the missing items on its
page → the head of the appeals department sets five working days to fix it (§13.7) → the officer writes in the
address the applicant brought and sends the appeal to the akim (§13.8) → the akim writes the resolution: the
executor leads, the term is the APPK art. 76 fifteen working days from receipt, the appeal is on control → the akim
extends the term (APPK art. 76) and the officer records the notice to the applicant → the executor hands in the
final answer, explained, with its number and file: the appeal is answered and its control item removed (001 §33).
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from akimat import workdays
from appeals.models import Appeal, AppealNotice
from control.models import ControlItem
from tests.appeals.conftest import appeals_org, consider  # noqa: F401 - fixtures
from tests.browser.test_acts_flow import _media, clock, field  # noqa: F401 - fixtures
from tests.browser.test_control_flow import expect_message, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def form(page: Page) -> Locator:
    return page.locator("form.form.card").last


def open_appeal(page: Page, appeal: Appeal) -> None:
    page.goto(reverse("appeals:appeal", args=[appeal.pk]))
    expect(page.get_by_test_id("appeal-number")).to_be_visible()


def test_an_appeal_goes_from_registration_through_its_deficiency_resolution_and_extension_to_removal(
    page: Page,
    consider,  # noqa: F811
    _media,  # noqa: F811
    tmp_path,
):
    w = consider
    # --- the appeals officer registers a paper appeal lacking the applicant's address
    sign_in(page, w.officer.username)
    page.goto(reverse("appeals:register"))
    appeal_form = page.get_by_test_id("appeal-form")
    field(appeal_form, "Channel").select_option("post")
    field(appeal_form, "Addressee").select_option(str(w.akim.person.pk))
    field(appeal_form, "Essence of the appeal").fill("Ауылдағы көшені жарықтандыру туралы")
    field(appeal_form, "Date on the appeal").fill("16.03.2026")
    appeal_form.get_by_label("Signed by the applicant (a paper appeal)").check()
    field(appeal_form, "Surname").fill("Серікбаев")
    field(appeal_form, "First name").fill("Нұрлан")
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("requisites-check")).to_contain_text("postal address")
    assert not Appeal.objects.exists()
    page.get_by_test_id("register").click()
    expect_message(page, "The appeal is registered")
    appeal = Appeal.objects.get()
    expect(page.get_by_test_id("missing-items")).to_contain_text("postal address")

    # --- the head of the appeals department sets the term to fix it (§13.7)
    sign_in(page, w.head.username)
    open_appeal(page, appeal)
    page.get_by_test_id("mark-deficient").click()
    field(form(page), "Term, working days").fill("5")
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "the term to fix it")
    due = workdays.add_working_days(datetime.date(2026, 3, 16), 5)  # Nauryz, 21–25 March, is off
    expect(page.get_by_test_id("deficiency-due")).to_have_text(due.strftime("%d.%m.%Y"))

    # --- the officer writes in the address and sends the appeal to the akim (§13.8)
    sign_in(page, w.officer.username)
    open_appeal(page, appeal)
    page.get_by_test_id("fix").click()
    field(form(page), "Postal address").fill("Шаян ауылы, Төле би көшесі, 12")
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "The deficiencies are fixed")
    page.get_by_test_id("send").click()
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "sent to the official")

    # --- the akim writes the resolution: on control with the APPK art. 76 term
    sign_in(page, w.akim.username)
    open_appeal(page, appeal)
    page.get_by_test_id("resolve").click()
    field(form(page), "Lead executor").select_option(f"person:{w.executor.person.pk}")
    field(form(page), "Resolution").fill("Қарап, жауап беріңіз")
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "on control")
    appeal.refresh_from_db()
    item = ControlItem.objects.get(pk=appeal.resolution.control_item_id)
    expect(page.get_by_test_id("due-on")).to_contain_text(appeal.due_on.strftime("%d.%m.%Y"))
    assert item.deadline == appeal.due_on

    # --- the akim extends the term; the officer records the applicant's notice (APPK art. 76)
    new_due = appeal.due_on + datetime.timedelta(days=14)
    page.get_by_test_id("extend").click()
    field(form(page), "New term").fill(new_due.strftime("%d.%m.%Y"))
    field(form(page), "Reasons (APPK art. 76)").fill("Қосымша тексеру қажет")
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "The term is extended")
    sign_in(page, w.officer.username)
    open_appeal(page, appeal)
    page.get_by_test_id("tell-extension").click()
    field(form(page), "Text of the notice").fill("Қарау мерзімі ұзартылды")
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "notice of the extension")
    assert AppealNotice.objects.filter(appeal=appeal, kind=AppealNotice.Kind.EXTENSION).exists()

    # --- the executor hands in the final answer: answered, removed from control (001 §33)
    answer_file = tmp_path / "answer.pdf"
    answer_file.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    sign_in(page, w.executor.username)
    open_appeal(page, appeal)
    page.get_by_test_id("answer").click()
    field(form(page), "Result").select_option("explained")
    field(form(page), "Content of the answer").fill("Көше жарығы сәуір айында орнатылады")
    field(form(page), "Outgoing number").fill("ЖТ-1/15")
    field(form(page), "The signed answer").set_input_files(str(answer_file))
    form(page).locator('button[type="submit"]').click()
    expect_message(page, "handed in for dispatch")
    expect(page.get_by_test_id("appeal-status")).to_have_text(re.compile("Answered", re.I))
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVED
