"""The resolution form in the browser (issue #12 §1, §2): the akim chooses a phrase, finds three executors by
typing, reorders them with the buttons (mouse and keyboard), marks the lead among them only, takes a term
button counted by the working-day calendar, sees the short-term warning, and the order is kept."""

import datetime
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect

from akimat import workdays
from control.models import ControlItem
from correspondence.models import Resolution, ResolutionPhrase
from tests.browser.conftest import DESKTOP, PHONE, chromium, page, screenshot_dir  # noqa: F401 - fixtures
from tests.browser.test_control_flow import expect_message, sign_in
from tests.correspondence.test_resolutions import make_incoming
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

mon_2026_03_16 = datetime.date(2026, 3, 16)


@pytest.fixture
def pinned_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=True):
        yield


def test_the_akim_picks_orders_and_leads_executors_with_a_phrase_and_a_term_button(
    page: Page,  # noqa: F811
    screenshot_dir: Path,  # noqa: F811
    pinned_clock,
    registrar,
    akim,
    executor,
    org,
    correspondents,
) -> None:
    second = make_person("saule", unit=org.finance, full_name="Saule Bekova").user
    document = make_incoming(registrar, correspondents.state, addressee_person=akim.person)
    phrase = ResolutionPhrase.objects.get(text_ru="Подготовить ответ")
    sign_in(page, "akim")
    page.goto(document.get_absolute_url())
    form = page.get_by_test_id("form-resolution")

    form.get_by_label("Phrase").select_option(str(phrase.pk))
    expect(form.get_by_label("Resolution", exact=True)).to_have_value("Подготовить ответ")

    # search: by a part of the name, people and departments in their own groups
    search = form.get_by_label("Executors, in order")
    search.fill("bek")
    expect(form.locator(".picker-option")).to_have_count(1)
    search.press("Enter")  # the first match; Enter never submits the form from the search box
    search.fill("finance")
    expect(form.locator(".picker-group")).to_contain_text(["People", "Departments and executing bodies"])
    form.get_by_role("button", name="Finance department", exact=True).click()
    search.fill("exec")
    form.locator(".picker-option", has_text="Executor").click()
    chosen = form.get_by_test_id("picker-chosen").locator(".picker-label")
    expect(chosen).to_have_text(
        ["Saule Bekova — Finance department", "Finance department", "Executor — Finance department"]
    )

    # reorder: the mouse, then the keyboard (the focus stays on the moved row's button)
    form.get_by_role("button", name="Move up: Executor — Finance department").click()
    page.keyboard.press("Enter")
    expect(chosen).to_have_text(
        ["Executor — Finance department", "Saule Bekova — Finance department", "Finance department"]
    )

    # the lead is offered among the chosen only
    lead = form.get_by_label("Lead executor (свод)")
    expect(lead.locator("option")).to_have_count(4)
    lead.select_option(f"person:{second.person.pk}")
    expect(form.locator(".picker-lead")).to_have_count(1)

    # a term button: the date the server counted; +3 working days is too short for §12.13's dates
    form.get_by_role("button", name="+3 working days").click()
    expect(form.get_by_label("Deadline")).to_have_value(
        workdays.add_working_days(mon_2026_03_16, 3).strftime("%d.%m.%Y")
    )
    expect(form.locator("[data-term-warning]")).to_be_visible()
    form.get_by_role("button", name="+15 working days").click()
    fifteen = workdays.add_working_days(mon_2026_03_16, 15)
    expect(form.get_by_label("Deadline")).to_have_value(fifteen.strftime("%d.%m.%Y"))
    expect(form.locator("[data-term-warning]")).to_be_hidden()
    form.screenshot(path=str(screenshot_dir / "resolution-form.png"))
    page.set_viewport_size(PHONE)  # the 390 px layout: nothing cut, the buttons still reachable
    form.screenshot(path=str(screenshot_dir / "resolution-form-phone.png"))
    page.set_viewport_size(DESKTOP)

    form.get_by_role("button", name="Issue").click()
    expect_message(page, "The resolution is issued.")
    rows = Resolution.objects.get().executors.order_by("position")
    assert [(str(row), row.is_lead) for row in rows] == [
        ("Saule Bekova", True),
        ("Executor", False),
        ("Finance department", False),
    ]
    assert ControlItem.objects.get().deadline == fifteen
