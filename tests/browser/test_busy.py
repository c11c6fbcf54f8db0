"""End to end (issue #12 §6): a submitted form's button is disabled and says "Working…"; a download link is
busy until the file arrives. Playwright's routing answers the request with "204 No Content", so the page
stays where it is, as it does while a slow server has not answered yet, and its state can be read."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from tests.browser.test_control_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIGN_IN = 'form.form button[type="submit"]'


class Unanswered:
    """Requests to a URL answered "204 No Content" (the page stays, as while waiting), and recorded."""

    def __init__(self, page: Page, pattern: str | re.Pattern, method: str) -> None:
        self.requests: list = []
        self.method = method
        page.route(pattern, self._answer)

    def _answer(self, route: Route) -> None:
        if route.request.method != self.method:
            route.continue_()
            return
        self.requests.append(route.request)
        route.fulfill(status=204)


def fill_sign_in(page: Page, password: str = "pass") -> None:
    page.goto(reverse("login"))
    page.locator('input[name="username"]').fill("registrar")
    page.locator('input[name="password"]').fill(password)


def test_issue12_p6_a_submitted_form_says_working_and_is_sent_once(page: Page, registrar):
    fill_sign_in(page)
    waiting = Unanswered(page, re.compile(r"/login"), "POST")
    button = page.locator(SIGN_IN)

    button.click()

    expect(button).to_be_disabled()
    expect(button).to_have_text("Working…")
    expect(button).to_have_attribute("aria-busy", "true")
    button.click(force=True)  # a second click on the disabled button sends nothing
    page.locator('input[name="password"]').press("Enter")  # nor does Enter in a field
    page.wait_for_timeout(300)
    assert len(waiting.requests) == 1
    assert "username=registrar" in (waiting.requests[0].post_data or "")


def test_issue12_p6_the_pressed_buttons_name_and_value_are_still_sent(page: Page, registrar):
    sign_in(page, "registrar")
    waiting = Unanswered(page, re.compile(r"/i18n/setlang/"), "POST")
    russian = page.get_by_test_id("language-switch").locator('button[value="ru"]').first

    russian.click()

    expect(russian).to_be_disabled()
    assert len(waiting.requests) == 1
    assert "language=ru" in (waiting.requests[0].post_data or "")


def test_issue12_p6_a_validation_error_page_gives_a_working_button(page: Page, registrar):
    fill_sign_in(page, password="wrong")

    page.locator(SIGN_IN).click()

    expect(page.locator("#login-errors")).to_be_visible()  # the page with the error: its button is ready
    expect(page.locator(SIGN_IN)).to_be_enabled()
    expect(page.locator(SIGN_IN)).to_have_text("Sign in")


def test_issue12_p6_back_to_a_submitted_form_gives_a_working_button(page: Page, registrar):
    sign_in(page, "registrar")
    page.goto(reverse("control:control_reports:weekly_list"))
    page.get_by_test_id("language-switch").locator('button[value="ru"]').first.click()  # a post, then this page
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.go_back()  # the page before the post: from the browser's cache (pageshow) or loaded again

    buttons = page.get_by_test_id("language-switch").locator("button")
    for index in range(buttons.count()):
        expect(buttons.nth(index)).to_be_enabled()
        expect(buttons.nth(index)).not_to_have_class(re.compile("is-busy"))


def test_issue12_p6_a_form_the_browser_refuses_is_not_marked_busy(page: Page, registrar):
    page.goto(reverse("login"))  # the fields are required: the browser does not send the form

    page.locator(SIGN_IN).click()

    expect(page.locator(SIGN_IN)).to_be_enabled()
    expect(page.locator(SIGN_IN)).to_have_text("Sign in")


def test_issue12_p6_a_download_link_is_busy_until_the_file_arrives(page: Page, registrar):
    sign_in(page, "registrar")
    page.goto(reverse("control:control_reports:weekly_list"))
    link = page.locator('a[data-download][href*="format=xlsx"]')
    label = link.inner_text()

    # while the file has not come, the link says so, and its request carries the token
    waiting = Unanswered(page, re.compile(r"format=xlsx"), "GET")
    link.click()
    expect(link).to_have_class(re.compile("is-busy"))
    expect(link).to_have_text("Preparing the file…")
    assert len(waiting.requests) == 1
    assert re.search(r"[?&]download=[0-9a-f]{24}(&|$)", waiting.requests[0].url)

    # the file comes: the link is itself again and the signal cookie is gone
    page.reload()
    page.unroute(re.compile(r"format=xlsx"))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    expect(link).not_to_have_class(re.compile("is-busy"))
    expect(link).to_have_text(label)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"].startswith("download-")]
