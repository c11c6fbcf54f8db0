"""End to end: an instruction from being put on control to its removal, by four people in the browser.

registrar puts it on control → executor finds it in "My instructions" and asks for an extension →
akim grants it → executor submits the execution report with a file → the head of her department brings the
memo on removal → the curating deputy head of apparatus agrees it → akim removes it from control (003 §12.14).
The status and the history on the page follow each step.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from control.models import ControlItem
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import make_person

# live_server runs in another thread of this process, so the data must be committed and time_machine
# applies to it as well; serialized_rollback restores the rows of data migrations for later tests
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Monday 16 March 2026, 10:00 in Astana (UTC+5); the clock ticks from there
mon_2026_03_16_10h = datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pinned_clock():
    with time_machine.travel(mon_2026_03_16_10h, tick=True):
        yield


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page: Page, username: str) -> None:
    """Sign out whoever is signed in (fresh cookies) and sign in as `username`."""
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill("pass")
    page.locator('form.form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/$"))


def expect_message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def expect_status(page: Page, text: str) -> None:
    expect(page.get_by_test_id("item-status")).to_have_text(text)


def test_an_instruction_goes_from_control_to_removal_through_the_screens(
    page: Page,
    screenshot_dir: Path,
    pinned_clock,
    _media,
    registrar,
    akim,
    executor,
    department_head,
    org,
) -> None:
    curator = make_person("curator", unit=org.leadership, full_name="Curating Deputy")
    org.finance.curator = curator
    org.finance.save(update_fields=["curator"])
    # given the registrar puts a standalone instruction of the akim on control
    sign_in(page, "registrar")
    page.goto(reverse("control:create"))
    page.get_by_label("Content of the instruction").fill("Prepare the heating season plan of the district")
    page.get_by_label("Issuer").select_option("akim")
    page.get_by_label("Issued by (akim, deputy akim or head of apparatus)").select_option(label="Akim")
    page.get_by_label("Lead executor").select_option(f"person:{executor.person.pk}")
    page.get_by_label("Kind of event where it was given").fill("apparatus meeting")
    page.locator("#id_deadline").fill("2026-04-13")
    # dd.mm.yyyy in every language (issue #12 §1)
    expect(page.get_by_label("Date received")).to_have_value("16.03.2026")
    page.screenshot(path=str(screenshot_dir / "control-create-desktop.png"), full_page=True)
    page.get_by_role("button", name="Put on control").click()
    expect_message(page, "is on control; the deadline is 13.04.2026")
    item = ControlItem.objects.get()
    expect(page).to_have_url(re.compile(re.escape(reverse("control:item", args=[item.pk])) + "$"))
    expect_status(page, "on control")

    # when the executor opens "My instructions", the item is there and opens
    sign_in(page, "executor")
    page.goto(reverse("control:list"))
    expect(page.locator("h1")).to_have_text("My instructions")
    row = page.locator(f'tr[data-item="{item.pk}"]')
    expect(row).to_contain_text("13.04.2026")
    expect(row.locator(".light")).to_contain_text("more than 3 working days left")
    page.screenshot(path=str(screenshot_dir / "control-list-desktop.png"), full_page=True)
    row.get_by_role("link", name=item.number).click()
    expect(page.locator("h1")).to_contain_text(item.number)

    # and asks for an extension
    extension = page.get_by_test_id("form-extension")
    extension.get_by_label("New deadline").fill("2026-04-30")
    extension.get_by_label("Reason for the delay").fill("The oblast data arrive on 25 April")
    extension.get_by_role("button", name="Ask for an extension").click()
    expect_message(page, "The extension request is sent for a decision.")
    expect(page.get_by_test_id("extensions")).to_contain_text("pending")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "control-item-executor-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    # then the akim grants it
    sign_in(page, "akim")
    page.goto(reverse("control:item", args=[item.pk]))
    decision = page.get_by_test_id("form-decide-extension")
    expect(decision).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "control-item-decide-desktop.png"), full_page=True)
    decision.get_by_role("button", name="Grant the extension").click()
    expect_message(page, "The extension is granted: the new deadline is 30.04.2026.")
    expect(page.get_by_test_id("item-deadline")).to_have_text("30.04.2026")

    # the executor submits the execution report with a file
    sign_in(page, "executor")
    page.goto(reverse("control:item", args=[item.pk]))
    report = page.get_by_test_id("form-report")
    report.get_by_label("What was done").fill("The plan is approved and sent to the rural akims")
    report.get_by_label("Outgoing number").fill("01-15/77")
    report.get_by_label("Files").set_input_files(
        files=[{"name": "план.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 plan"}]
    )
    report.get_by_role("button", name="Submit the report").click()
    expect_message(page, "The execution report is submitted")
    expect_status(page, "report submitted, awaiting removal")
    expect(page.get_by_test_id("reports")).to_contain_text("план.pdf")

    # the head of the executing department brings the memo on removal (003 §12.14)
    sign_in(page, "department_head")
    page.goto(reverse("control:item", args=[item.pk]))
    removal = page.get_by_test_id("form-removal")
    removal.get_by_label("Grounds for removal").select_option("executed")
    removal.get_by_label("Assessment of execution").select_option("executed")
    removal.get_by_label("Memo").fill("Executed in full and on time")
    removal.get_by_role("button", name="Propose removal").click()
    expect_message(page, "sent to the curating deputy head of apparatus to agree (§12.14)")
    expect_status(page, "removal proposed")

    # the curating deputy head of apparatus agrees it
    sign_in(page, "curator")
    page.goto(reverse("control:item", args=[item.pk]))
    page.get_by_test_id("form-agree-removal").get_by_role("button", name="Agree", exact=True).click()
    expect_message(page, "The memo is agreed and goes to the akim or the head of apparatus for a decision.")
    expect(page.get_by_test_id("proposal-visa")).to_contain_text("agreed")

    # the akim removes it from control
    sign_in(page, "akim")
    page.goto(reverse("control:item", args=[item.pk]))
    page.get_by_test_id("form-decide-removal").get_by_role("button", name="Remove from control").click()
    expect_message(page, "The instruction is removed from control.")
    expect_status(page, "removed from control")
    history = page.get_by_test_id("history")
    for action in (
        "put on control",
        "extension requested",
        "extension granted",
        "execution report submitted",
        "removal from control proposed",
        "memo on removal agreed by the curating deputy head of apparatus",
        "removed from control",
    ):
        expect(history).to_contain_text(action)
    expect(history).to_contain_text("13.04.2026 → 30.04.2026")
    expect(page.get_by_test_id("no-actions")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "control-item-removed-desktop.png"), full_page=True)
    item.refresh_from_db()
    assert (item.status, item.deadline) == (ControlItem.Status.REMOVED, datetime.date(2026, 4, 30))

    # the dashboard counts it as executed, and on a phone the tables scroll instead of squeezing
    page.goto(reverse("control:dashboard"))
    expect(page.locator('[data-testid="light-totals"] [data-light="grey"] .light-total-number')).to_have_text("1")
    page.screenshot(path=str(screenshot_dir / "control-dashboard-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "control-dashboard-phone.png"), full_page=True)
    page.goto(reverse("control:item", args=[item.pk]))
    page.screenshot(path=str(screenshot_dir / "control-item-phone.png"), full_page=True)
    page.goto(reverse("control:list") + "?scope=all")
    page.screenshot(path=str(screenshot_dir / "control-list-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page itself must not scroll sideways on a phone"
