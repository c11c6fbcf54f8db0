"""End to end (issue #12 §7): the language chosen on the login page stays after signing in; the inbox in it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import Page, expect

from akimat.models import Person
from akimat.notifications import Action, complete_action, notify
from tests.factories import make_person, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DECIDE = Action("test.decide", _("decision on the extension"))


def test_issue12_s7_the_language_chosen_at_login_is_kept_and_the_inbox_speaks_it(page: Page, screenshot_dir: Path):
    unit = make_unit("Finance department")
    person = make_person("aigerim", unit=unit, full_name="Aigerim Nurlanovna", language="en")
    # Django's own messages, which its Russian catalogue has: what the inbox shows is the reader's language
    notify(person.user, "asks", obj=unit, key="1", title=_("This field is required."), action=DECIDE)
    done = notify(person.user, "asks", obj=unit, key="2", title=_("Enter a valid date."), action=DECIDE)
    complete_action(unit, DECIDE, key="2")
    notify(person.user, "info", title=_("Enter a valid time."))
    assert done is not None

    # given Russian chosen with the switch on the login page
    page.goto(reverse("login"))
    page.locator('[data-testid="language-switch"] button[value="ru"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    # when the person signs in
    page.locator('input[name="username"]').fill("aigerim")
    page.locator('input[name="password"]').fill("pass")
    page.locator('form.form button[type="submit"]').click()

    # then the site is in Russian, and the profile says so
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert Person.objects.get(pk=person.pk).preferred_language == "ru"

    # and the inbox shows the notifications, written when the profile said English, in Russian
    page.locator('[data-testid="bell"]').click()
    inbox = page.locator('[data-testid="inbox"]')
    expect(inbox).to_contain_text("Обязательное поле.")
    expect(inbox).to_contain_text("Введите правильную дату.")
    expect(page.locator('[data-testid="action-awaited"]')).to_have_count(1)
    expect(page.locator('[data-testid="action-done"]')).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "inbox-ru.png"), full_page=True)

    # the filter of what still awaits an action
    page.locator(f'.inbox-filters a[href="{reverse("notifications")}?show=action"]').click()
    expect(page.locator('[data-testid="notification"]')).to_have_count(1)
    expect(inbox).to_contain_text("Обязательное поле.")
