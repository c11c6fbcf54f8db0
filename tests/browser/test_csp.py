"""End to end: the main pages and the admin pass the Content-Security-Policy (issue #11 point 3).

Signed in as the registrar and as an administrator, the browser opens home, the journals, a document page,
the control dashboard, list, item and reports, and the admin's pages; any CSP violation (the console's
"Content Security Policy" messages and the page's securitypolicyviolation events) or script error fails the
test, naming the page. The scripts the pages rely on are seen to run under the policy.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from control import services
from control.models import ControlItem, Issuer, SourceKind
from correspondence.models import Document
from tests.browser.test_control_flow import sign_in
from tests.correspondence.test_journals import make_attachment, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

mon_2026_03_16 = datetime.date(2026, 3, 16)
mon_2026_04_13 = datetime.date(2026, 4, 13)

# runs before the page's own scripts and outside the page's policy (Playwright injects it)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Violations:
    """What the browser reported against the policy, per page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: script error: {error}"))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        assert "Content-Security-Policy" in {name.title() for name in response.headers}, url
        self.page.wait_for_load_state("load")
        self.collect()

    def collect(self) -> None:
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__cspViolations = []")


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def documents(registrar, akim, executor, org, _media):
    document = make_document(registrar, number="01-12/77", addressee=Document.Addressee.AKIM)
    make_attachment(document, "scan.pdf", registrar)
    item = services.put_on_control(
        actor=registrar,
        text="Prepare the information on the heating season",
        issuer=Issuer.AKIM,
        issuer_person=akim.person,
        lead=executor.person,
        controller=org.general,
        source_kind=SourceKind.STANDALONE,
        source_label="Instruction of the akim at the apparatus meeting",
        received_on=mon_2026_03_16,
        deadline=mon_2026_04_13,
    )
    return document, item


def test_issue11_p3_main_pages_pass_the_content_security_policy(page: Page, documents, registrar) -> None:
    document, item = documents
    violations = Violations(page)

    # the login page, before anyone signs in
    violations.visit(reverse("login"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # akimat/js/head.js ran

    sign_in(page, "registrar")
    violations.collect()
    for url in [
        reverse("home"),
        reverse("profile"),
        reverse("notifications"),
        reverse("calendar"),
        reverse("deadline_calculator"),
        reverse("correspondence:index"),
        reverse("correspondence:journal", args=["incoming"]),
        reverse("correspondence:journal", args=["outgoing"]),
        reverse("correspondence:document", args=[document.pk]),
        reverse("correspondence:register"),
        reverse("correspondence:returns"),
        reverse("correspondence:correspondents"),
        reverse("correspondence:my_work"),
        reverse("control:index"),
        reverse("control:dashboard"),
        reverse("control:list"),
        reverse("control:item", args=[item.pk]),
        reverse("control:create"),
        reverse("control:control_reports:weekly_list") + "?week=2026-03-16",
        reverse("control:control_reports:quarterly_report") + "?quarter=2026Q1",
    ]:
        violations.visit(url)

    # the quarterly chart's bar is drawn from SVG attributes (no style attribute to refuse)
    page.goto(reverse("control:control_reports:quarterly_report") + "?quarter=2026Q1")
    bar = page.locator("svg.chart-svg rect").first
    assert bar.get_attribute("width") == "0.0" and bar.get_attribute("style") is None  # the item is overdue
    violations.collect()

    # the phone menu's script works under the policy
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("home"))
    page.locator("[data-menu-toggle]").click()
    expect(page.locator("[data-menu-toggle]")).to_have_attribute("aria-expanded", "true")
    violations.collect()

    assert not violations.found, "\n".join(violations.found)
    assert ControlItem.objects.filter(pk=item.pk).exists()


def test_issue11_p3_the_admin_passes_the_content_security_policy(page: Page, registrar) -> None:
    User.objects.create_superuser("admin", "admin@example.kz", "pass")
    violations = Violations(page)

    violations.visit(reverse("admin:login"))
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("pass")
    page.locator('input[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    violations.collect()

    for url in [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[registrar.pk]),
        reverse("admin:akimat_person_changelist"),
        reverse("admin:akimat_person_change", args=[registrar.person.pk]),  # autocomplete (select2)
        reverse("admin:akimat_orgunit_add"),
        reverse("admin:akimat_regulationprofile_changelist"),
        reverse("admin:correspondence_correspondent_changelist"),
        reverse("admin:correspondence_correspondent_import"),
    ]:
        violations.visit(url)

    # the autocomplete widget opens and asks the server, under the policy
    page.goto(reverse("admin:akimat_person_change", args=[registrar.person.pk]))
    page.locator(".select2-selection").first.click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    violations.collect()

    # django-import-export's export page: "Select all" works without its inline handler
    violations.visit(reverse("admin:correspondence_correspondent_export"))
    toggle = page.locator("input.select-toggle")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)')
    expect(fields.first).to_be_checked()
    toggle.uncheck()
    expect(fields.first).not_to_be_checked()
    violations.collect()

    assert not violations.found, "\n".join(violations.found)
