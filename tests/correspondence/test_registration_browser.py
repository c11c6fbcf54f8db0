"""End to end in the browser: the registrar registers letters from the keyboard (003 §9.10).

Picks the correspondent with the autocomplete (type, ↓, Enter), registers with Enter, gets the empty
form back for the next letter; an error keeps what was typed. Screenshots at desktop and phone size.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from correspondence.models import Correspondent, Document
from tests.browser.conftest import DESKTOP, PHONE, chromium, page, screenshot_dir  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CSV_WITH_A_BAD_ROW = (
    b"name,short_name,kind,bin_iin,email,phone,address\n"
    b"Akimat of Aksu rural district,Aksu,state_body,120340000555,aksu@example.kz,,\n"
    b"LLP Broken,,organisation,12345,not-an-email,,\n"
)
mon_2026_03_16_10h = datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pinned_clock():
    with time_machine.travel(mon_2026_03_16_10h, tick=True):
        yield


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page: Page, username: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill("pass")
    page.locator('form.form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_the_registrar_registers_a_letter_from_the_keyboard(
    page: Page,  # noqa: F811
    screenshot_dir: Path,  # noqa: F811
    pinned_clock,
    _media,
    registrar,
    head_of_apparatus,
    deputy,
    department_head,
    correspondents,
):
    sign_in(page, "registrar")
    page.goto(reverse("correspondence:register"))
    box = page.locator('input[name="correspondent_name"]')
    expect(box).to_be_focused()
    page.screenshot(path=str(screenshot_dir / "register-desktop.png"), full_page=True)

    # an error first: the summary is missing; everything typed comes back
    box.press_sequentially("educat", delay=20)
    expect(page.locator(".corr-listbox [role=option]").first).to_contain_text("Department of Education")
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value(correspondents.state.name)
    page.locator('input[name="their_number"]').fill("02-15/778")
    page.locator('input[name="their_number"]').press("Enter")
    expect(page.locator(".field-error")).to_contain_text("")
    expect(page.locator('input[name="their_number"]')).to_have_value("02-15/778")
    expect(box).to_have_value(correspondents.state.name)
    expect(page.locator("textarea[name=summary]")).to_be_focused()
    page.screenshot(path=str(screenshot_dir / "register-error-desktop.png"), full_page=True)

    # then the summary, Ctrl+Enter registers
    page.locator("textarea[name=summary]").fill("On the readiness of schools for the heating season")
    page.locator("textarea[name=summary]").press("Control+Enter")
    expect(page.locator(".messages")).to_contain_text("01-12/1")
    expect(page.locator('input[name="correspondent_name"]')).to_have_value("")
    expect(page.locator('input[name="correspondent_name"]')).to_be_focused()
    assert Document.objects.get().correspondent == correspondents.state

    # a correspondent not in the directory is added inline
    box = page.locator('input[name="correspondent_name"]')
    box.press_sequentially("LLP Aksu Su", delay=20)
    expect(page.locator("[data-new-correspondent]").first).to_be_visible()
    page.locator('input[name="new_correspondent"]').check()
    page.locator("select[name=new_kind]").select_option("organisation")
    page.locator("textarea[name=summary]").fill("On water supply")
    page.locator('select[name="competent_unit"]').select_option(label="Finance department")
    page.locator('select[name="urgency"]').select_option("urgent")
    page.get_by_test_id("submit-register").click()
    expect(page.locator(".messages")).to_contain_text("01-12/2")
    assert Correspondent.objects.filter(name="LLP Aksu Su", kind="organisation").exists()

    # the directory import reports a bad row by its line in the file
    page.goto(reverse("correspondence:correspondents_import"))
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "directory.csv", "mimeType": "text/csv", "buffer": CSV_WITH_A_BAD_ROW}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("12 digits")
    page.screenshot(path=str(screenshot_dir / "import-preview-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.goto(reverse("correspondence:register"))
    page.screenshot(path=str(screenshot_dir / "register-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
