"""End to end: an incoming letter from registration to its removal from control, by four people in the browser.

registrar registers a letter to the akim (003 §9.10) → the akim finds it in "My work" and writes a
resolution with two executors and a deadline, which puts it on control (§9.16) → the lead executor
opens the control item from the document and submits the execution report, which fills the document's
execution card (§9.23, one step) → the registrar (the general department controls) proposes removal from the
document page → the akim removes it from control and the document is executed (§12.9, §12.14).
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from control.models import ControlItem
from correspondence.models import Delivery, Document, ExecutionCard
from tests.browser.conftest import PHONE, chromium, page, screenshot_dir  # noqa: F401 - fixtures
from tests.browser.test_control_flow import expect_message, expect_status, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Monday 16 March 2026, 10:00 in Astana (UTC+5), inside the registration window; the clock ticks
mon_2026_03_16_10h = datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pinned_clock():
    with time_machine.travel(mon_2026_03_16_10h, tick=True):
        yield


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_letter_goes_from_registration_through_a_resolution_to_removal_from_control(
    page: Page,  # noqa: F811
    screenshot_dir: Path,  # noqa: F811
    pinned_clock,
    _media,
    registrar,
    akim,
    executor,
    department_head,
    correspondents,
) -> None:
    # the registrar registers a letter to the akim, signed by the first head
    sign_in(page, "registrar")
    page.goto(reverse("correspondence:register"))
    box = page.locator('input[name="correspondent_name"]')
    box.press_sequentially("educat", delay=20)
    expect(page.locator(".corr-listbox [role=option]").first).to_contain_text("Department of Education")
    box.press("ArrowDown")
    box.press("Enter")
    page.locator('input[name="their_number"]').fill("02-15/778")
    page.locator('select[name="addressee"]').select_option("akim")
    page.locator("textarea[name=summary]").fill("On the readiness of schools for the heating season")
    page.get_by_test_id("submit-register").click()
    expect_message(page, "01-12/1")
    document = Document.objects.get()
    assert Delivery.objects.filter(document=document, person=akim.person).exists()  # routed to the akim

    # the akim finds it in "My work" and writes a resolution with two executors, the first one the lead
    sign_in(page, "akim")
    page.goto(reverse("correspondence:my_work"))
    page.get_by_role("link", name="Incoming document № 01-12/1").first.click()
    expect(page.locator("h1")).to_contain_text("01-12/1")
    resolution = page.get_by_test_id("form-resolution")
    resolution.locator("textarea").first.fill("Prepare the readiness plan and report")
    search = resolution.get_by_label("Executors, in order")  # the picker's search box (issue #12 §1)
    for name in ("Executor", "Department Head"):
        search.fill(name)
        resolution.locator(".picker-option", has_text=name).first.click()
    resolution.get_by_label("Lead executor (свод)").select_option(f"person:{executor.person.pk}")
    resolution.get_by_label("Deadline").fill("13.04.2026")
    page.screenshot(path=str(screenshot_dir / "document-resolution-desktop.png"), full_page=True)
    resolution.get_by_role("button", name="Issue").click()
    item = ControlItem.objects.get()
    assert item.deadline == datetime.date(2026, 4, 13)
    assert {(row.person_id, row.is_lead) for row in item.executors.all()} == {
        (executor.person.pk, True),
        (department_head.person.pk, False),
    }
    expect(page.get_by_test_id("control-items")).to_contain_text(item.number)

    # the lead executor sees it on control with its traffic light and submits the execution report
    sign_in(page, "executor")
    page.goto(reverse("control:list"))
    row = page.locator(f'tr[data-item="{item.pk}"]')
    expect(row.locator(".light")).to_contain_text("more than 3 working days left")
    page.goto(document.get_absolute_url())
    page.get_by_test_id("control-items").get_by_role("link", name=f"№ {item.number}").click()
    report = page.get_by_test_id("form-report")
    report.get_by_label("What was done").fill("The plan is approved; schools are ready")
    report.get_by_label("Outgoing number").fill("01-15/80")
    report.get_by_role("button", name="Submit the report").click()
    expect_message(page, "The execution report is submitted")
    expect_status(page, "report submitted, awaiting removal")

    # one execution step (003 §9.23): the report filled the document's execution card, nothing is typed twice
    page.goto(document.get_absolute_url())
    expect(page.get_by_test_id("form-card")).to_have_count(0)
    expect(page.get_by_test_id("execution-card")).to_contain_text("The plan is approved; schools are ready")
    card = ExecutionCard.objects.get(document=document)
    assert (card.executor, card.answer_number) == (executor.person, "01-15/80")

    # the registrar proposes removal from control on the document page
    sign_in(page, "registrar")
    page.goto(document.get_absolute_url())
    removal = page.get_by_test_id("form-removal")
    removal.get_by_label("Grounds for removal").select_option("executed")
    removal.get_by_label("Assessment").select_option("executed")
    removal.get_by_label("Memo").fill("Executed in full and on time")
    removal.get_by_role("button", name="Propose removal").click()
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVAL_PROPOSED

    # the akim removes it from control; the document page shows the item as executed
    sign_in(page, "akim")
    page.goto(reverse("control:item", args=[item.pk]))
    page.get_by_test_id("form-decide-removal").get_by_role("button", name="Remove from control").click()
    expect_message(page, "The instruction is removed from control.")
    expect_status(page, "removed from control")
    page.goto(document.get_absolute_url())
    expect(page.get_by_test_id("resolutions")).to_contain_text("removed from control")
    history = page.get_by_test_id("history")
    for action in ("registered", "routed", "resolution", "executed"):
        expect(history).to_contain_text(action)
    page.screenshot(path=str(screenshot_dir / "document-executed-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "document-executed-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    document.refresh_from_db()
    assert document.status == Document.Status.EXECUTED
    assert re.search(r"01-12/1", page.title() + page.locator("h1").inner_text())
