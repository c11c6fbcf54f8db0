"""End to end: sign in, switch the language there and back, open the calendar, use the phone menu."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from akimat.models import Person
from tests.browser.conftest import PHONE
from tests.factories import make_person

# live_server runs in another thread, so the data must be committed; serialized_rollback restores the
# rows created by data migrations (roles, regulation presets) for the tests that run after this one
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def language_button(page: Page, code: str):
    return page.locator(f'#site-menu [data-testid="language-switch"] button[value="{code}"]')


def test_a_person_signs_in_switches_language_and_opens_the_calendar(page: Page, screenshot_dir: Path) -> None:
    make_person("aigerim", full_name="Aigerim Nurlanovna", language="en")

    # given the login page (every other page sends an anonymous visitor there)
    page.goto(reverse("home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("login"))))
    expect(page.locator('[data-testid="language-switch"]')).to_be_visible()

    # when the person signs in through the form
    page.locator('input[name="username"]').fill("aigerim")
    page.locator('input[name="password"]').fill("pass")
    page.locator('form.form button[type="submit"]').click()

    # then the home page greets them, in their profile language
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Aigerim Nurlanovna")
    expect(language_button(page, "en")).to_have_attribute("aria-pressed", "true")

    # when they switch to Kazakh, the page comes back in Kazakh and the profile remembers it
    language_button(page, "kk").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(language_button(page, "kk")).to_have_attribute("aria-pressed", "true")
    expect(language_button(page, "en")).to_have_attribute("aria-pressed", "false")
    assert Person.objects.get(user__username="aigerim").preferred_language == "kk"

    # and back to English
    language_button(page, "en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(language_button(page, "en")).to_have_attribute("aria-pressed", "true")
    assert Person.objects.get(user__username="aigerim").preferred_language == "en"

    # the calendar opens from the navigation
    page.locator(f'#site-menu nav a[href="{reverse("calendar")}"]').click()
    expect(page).to_have_url(re.compile(re.escape(reverse("calendar")) + "$"))
    expect(page.locator("main h1").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "calendar-desktop.png"), full_page=True)

    # on a phone the navigation is behind the menu button, and the button opens it
    page.set_viewport_size(PHONE)
    page.goto(reverse("home"))
    menu_button = page.locator("[data-menu-toggle]")
    control_link = page.locator(f'#site-menu nav a[href="{reverse("control:index")}"]')
    expect(menu_button).to_be_visible()
    expect(control_link).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "home-phone-menu-closed.png"), full_page=True)

    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(control_link).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "home-phone-menu-open.png"))

    control_link.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("control:index")) + "$"))
    expect(page.locator("main h1")).to_be_visible()
