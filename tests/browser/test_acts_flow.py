"""Issue #13 "Done when": a resolution of the akimat from its draft to its points on control, in the browser.

The specialist of the department of education writes the draft in Kazakh and Russian (numbered points, a protocol
point as its basis, the addressees) and sends it on the default route (003 §10.3–§10.4) → the head of the
department of health returns it with a written reason: the visa form offers exactly two outcomes (§10.4) → the
specialist edits the text, which opens version 2 (§10.13), and sends it again; the comparison shows the words
changed between versions 1 and 2 → on 30 March the head of apparatus sees the late visa among the overdue ones →
every approver agrees, the legal consultant last (§10.3) → the akim signs: the signed file and the date (§10.15)
→ the general department sets the points with their executors and registers the act: number 1 of the
resolutions' journal (§10.16), the points go on control with the act as their source → a certified copy is
dispatched (§10.18) → the approval sheet (000 Appendix 3) downloads as a PDF.

With AKIMAT_SHOTS=1 every acts page passed is saved as /work/briefs/shots/acts-<nn>-<name>.png (AKIMAT_SHOTS_DIR
to put them elsewhere), the approval sheets are rendered to PNG with pdftoppm, and the main pages are visited
again in Kazakh and in Russian — to be looked at, not asserted.
"""

import datetime
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from acts.models import Act, ActPoint
from akimat.models import Person, Visa
from control.models import ControlItem
from tests.acts.conftest import acts_org  # noqa: F401 - fixture
from tests.browser.test_control_flow import expect_message, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
mon_2026_03_16 = datetime.date(2026, 3, 16)
mon_2026_03_30 = datetime.date(2026, 3, 30)  # past the departments' 5 working days (Nauryz 21–25 March is off)

# the people of the route, with their positions (the approval sheet prints them)
PEOPLE = {
    "developer": ("Aliya Nurmagambetova", "Бас маман", "Главный специалист", "Chief specialist"),
    "developer_head": ("Bakhyt Ospanov", "Бөлім басшысы", "Руководитель отдела", "Head of department"),
    "interested_head": ("Dana Sarsenbayeva", "Бөлім басшысы", "Руководитель отдела", "Head of department"),
    "deputy": ("Yerlan Kassymov", "Әкімнің орынбасары", "Заместитель акима", "Deputy akim"),
    "second_deputy": ("Askar Zhumabekov", "Әкімнің орынбасары", "Заместитель акима", "Deputy akim"),
    "head_of_apparatus": ("Gulnara Tasbolatova", "Аппарат басшысы", "Руководитель аппарата", "Head of apparatus"),
    "deputy_head": (
        "Serik Abdrakhmanov",
        "Аппарат басшысының орынбасары",
        "Заместитель руководителя аппарата",
        "Deputy head of apparatus",
    ),
    "department_head": (
        "Marat Zhaksylykov",
        "Қаржы бөлімінің басшысы",
        "Руководитель отдела финансов",
        "Head of finance",
    ),
    "economy_head": ("Saule Bekova", "Экономика бөлімінің басшысы", "Руководитель отдела экономики", "Head of economy"),
    "lawyer": ("Timur Iskakov", "Заң кеңесшісі", "Юридический консультант", "Legal consultant"),
    "akim": ("Nurlan Abenov", "Аудан әкімі", "Аким района", "Akim of the district"),
    "registrar": ("Aigerim Omarova", "Бас маман", "Главный специалист", "Chief specialist"),
}
UNITS = {  # fixture unit → (kk, ru, en)
    "apparatus": ("Сайрам ауданы әкімінің аппараты", "Аппарат акима Сайрамского района", "Apparatus of the Akim"),
    "general": ("Құжаттамалық қамтамасыз ету бөлімі", "Отдел документационного обеспечения", "General department"),
    "finance": ("Қаржы бөлімі", "Отдел финансов", "Finance department"),
    "economy": ("Экономика бөлімі", "Отдел экономики", "Economy department"),
    "legal": ("Заң қызметі", "Юридическая служба", "Legal service"),
    "developer_unit": ("Білім бөлімі", "Отдел образования", "Department of education"),
    "interested": ("Денсаулық сақтау бөлімі", "Отдел здравоохранения", "Department of health"),
}

TITLE_KK = "Мектептерді жылыту маусымына дайындау туралы"
TITLE_RU = "О подготовке школ к отопительному сезону"
TEXT_KK_1 = (
    "1. Білім бөлімі 2026 жылғы 1 қазанға дейін мектептерді жылыту маусымына дайындасын.\n"
    "1.1. Қазандықтарды жөндеу жұмыстарын аяқтасын.\n"
    "2. Осы қаулының орындалуын бақылау аудан әкімінің орынбасарына жүктелсін."
)
TEXT_RU_1 = (
    "1. Отделу образования до 1 октября 2026 года подготовить школы к отопительному сезону.\n"
    "1.1. Завершить ремонт котельных.\n"
    "2. Контроль за исполнением настоящего постановления возложить на заместителя акима района."
)
# version 2: the date moves to 15 September, a point on the fuel reserve is added
TEXT_KK_2 = TEXT_KK_1.replace("1 қазанға", "15 қыркүйекке").replace(
    "аяқтасын.\n", "аяқтасын.\n1.2. Отын қорын жасақтасын.\n"
)
TEXT_RU_2 = TEXT_RU_1.replace("1 октября", "15 сентября").replace(
    "котельных.\n", "котельных.\n1.2. Создать запас топлива.\n"
)
RETURN_REASON = "Срок 1 октября поздний: отопительный сезон начинается 15 сентября; добавьте запас топлива."


class Shots:
    """Full-page screenshots of the pages passed, numbered in the order of the story; off unless AKIMAT_SHOTS=1."""

    def __init__(self) -> None:
        self.on = os.environ.get("AKIMAT_SHOTS") == "1"
        self.directory = Path(os.environ.get("AKIMAT_SHOTS_DIR") or "/work/briefs/shots")
        self.count = 0
        if self.on:
            self.directory.mkdir(parents=True, exist_ok=True)

    def path(self, name: str, suffix: str = ".png") -> Path:
        self.count += 1
        return self.directory / f"acts-{self.count:02d}-{name}{suffix}"

    def __call__(self, page: Page, name: str) -> None:
        if self.on:
            page.screenshot(path=str(self.path(name)), full_page=True)

    def pdf(self, content: bytes, name: str) -> None:
        """The PDF's pages as PNG (pdftoppm -r 60), acts-<nn>-<name>-<page>.png."""
        if not self.on or shutil.which("pdftoppm") is None:
            return
        stem = self.path(name, suffix="")
        source = stem.with_suffix(".pdf")
        source.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(source), str(stem)], check=True, timeout=60)
        source.unlink()


@pytest.fixture
def clock() -> Iterator:
    """10:00 in Astana on Monday 16 March 2026, ticking (the live server's requests take real time); replaces the
    frozen clock of tests/acts/conftest.py, which acts_org asks for."""
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ALMATY), tick=True) as machine:

        def move_to(day: datetime.date, hour: int = 10) -> None:
            machine.move_to(datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ALMATY))

        yield move_to


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shots() -> Shots:
    return Shots()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def name_people_and_units(acts_org) -> None:  # noqa: F811
    for username, (full_name, kk, ru, en) in PEOPLE.items():
        Person.objects.filter(user__username=username).update(
            full_name=full_name, position_kk=kk, position_ru=ru, position_en=en
        )
    units = {**vars(acts_org.org), **vars(acts_org)}
    for key, (kk, ru, en) in UNITS.items():
        unit = units[key]
        unit.name_kk, unit.name_ru, unit.name_en = kk, ru, en
        unit.save(update_fields=["name_kk", "name_ru", "name_en"])


def field(scope: Locator, label: str) -> Locator:
    """A form field by its label, exactly; a required field's label ends with " *"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def open_act(page: Page, act: Act) -> None:
    page.goto(reverse("acts:act", args=[act.pk]))
    expect(page.get_by_test_id("act-title")).to_be_visible()


def agree(page: Page, username: str, act: Act) -> None:
    """The approver opens "Awaiting my visa", goes to the act and agrees."""
    sign_in(page, username)
    page.goto(reverse("akimat:my_visas"))
    page.get_by_test_id("my-visas").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("acts:act", args=[act.pk])) + "$"))
    page.get_by_test_id("form-visa").get_by_role("button", name="Agree").click()
    expect_message(page, "Agreed.")


def expect_status(page: Page, text: str) -> None:
    expect(page.get_by_test_id("act-status")).to_have_text(text)


def test_a_resolution_goes_from_draft_to_points_on_control_across_roles(
    page: Page,
    clock,
    _media,
    acts_org,  # noqa: F811
    shots: Shots,
) -> None:
    name_people_and_units(acts_org)
    people = {username: Person.objects.get(user__username=username) for username in PEOPLE}

    # 1. the specialist of the department of education writes the draft (003 §10.1, §10.2)
    sign_in(page, "developer")
    page.goto(reverse("acts:index"))
    page.get_by_role("link", name="New draft act").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New draft act")
    page.wait_for_load_state("load")  # acts.js (deferred) shows the field of the chosen basis
    form = page.get_by_test_id("draft-form")
    field(form, "Type of act").select_option(label="Resolution of the akimat")
    expect(field(form, "Developer")).to_have_value(str(acts_org.developer_unit.pk))
    expect(field(form, "Responsible person")).to_have_value(str(people["developer"].pk))
    field(form, "Curating deputy").select_option(str(people["deputy"].pk))
    field(form, "Basis").select_option(label="A protocol point")
    field(form, "Protocol and point").fill("Protocol of the akimat meeting No. 5 of 12.03.2026, point 2")
    field(form, "Title in Kazakh").fill(TITLE_KK)
    field(form, "Text in Kazakh").fill(TEXT_KK_1)
    field(form, "Title in Russian").fill(TITLE_RU)
    field(form, "Text in Russian").fill(TEXT_RU_1)
    field(form, "Addressees for distribution").select_option(label=["Department of health", "Finance department"])
    field(form, "Other addressees").fill("Turkistan region akimat")
    shots(page, "new-draft-form")
    form.get_by_role("button", name="Save the draft").click()
    expect_message(page, "The draft is saved.")
    act = Act.objects.get()
    expect(page.get_by_test_id("act-title")).to_have_text(TITLE_RU)  # the English reader: Russian first
    expect_status(page, "Draft")
    expect(page.get_by_test_id("text-kk")).to_contain_text("1.1. Қазандықтарды жөндеу жұмыстарын аяқтасын.")
    expect(page.get_by_test_id("act-number")).to_have_count(0)  # a draft never holds a number (§10.16)
    shots(page, "act-draft")

    # 2. ... and sends it on the default route of a resolution (§10.3, §10.4, §10.14 1))
    page.get_by_role("link", name="Send for approval").click()
    route = page.get_by_test_id("form-submit")
    approvers = route.locator("select[name^=approver_]")
    # the heads of the departments the draft instructs come first (§10.14 1)), the legal consultant last (§10.3)
    expect(approvers.first.locator("option:checked")).to_have_text(re.compile("Marat Zhaksylykov"))
    expect(approvers.nth(1).locator("option:checked")).to_have_text(re.compile("Dana Sarsenbayeva"))
    expect(approvers.last.locator("option:checked")).to_have_text(re.compile("Timur Iskakov"))
    shots(page, "route-form")
    route.get_by_role("button", name="Send for approval").click()
    expect_message(page, "The draft is sent for approval.")
    expect_status(page, "On approval")
    visas = page.get_by_test_id("approvals").get_by_test_id("visa-row")
    route_names = [
        "Marat Zhaksylykov",  # the departments the draft instructs, in parallel, first (§10.14 1))
        "Dana Sarsenbayeva",
        "Yerlan Kassymov",
        "Askar Zhumabekov",
        "Gulnara Tasbolatova",
        "Serik Abdrakhmanov",
        "Saule Bekova",
        "Timur Iskakov",  # the legal consultant closes the route (§10.3)
    ]
    expect(visas).to_have_count(len(route_names))
    for row, name in zip(visas.all(), route_names, strict=True):
        expect(row).to_contain_text(name)
    expect(visas.last).to_contain_text("closes the route")
    shots(page, "act-on-approval")

    # 3. the head of the department of health finds it awaiting her visa and returns it with a written reason
    sign_in(page, "interested_head")
    page.get_by_role("link", name="Awaiting my visa").first.click()
    expect(page.get_by_test_id("my-visas")).to_contain_text(TITLE_RU)
    shots(page, "my-visas")
    page.get_by_test_id("my-visas").get_by_role("link", name=re.compile(TITLE_RU)).click()
    visa_form = page.get_by_test_id("form-visa")
    # exactly two outcomes (§10.4): no "agreed with remarks"
    expect(visa_form.get_by_role("button")).to_have_text(["Agree", "Return for rework"])
    shots(page, "act-visa-form")
    visa_form.get_by_role("button", name="Return for rework").click()  # without a reason: refused
    expect(page.get_by_test_id("form-visa")).to_contain_text("Give the reason for returning the draft.")
    shots(page, "visa-form-error")
    field(page.get_by_test_id("form-visa"), "Reason for returning").fill(RETURN_REASON)
    page.get_by_test_id("form-visa").get_by_role("button", name="Return for rework").click()
    expect_message(page, "The draft is returned for rework.")
    expect_status(page, "Returned for rework")
    expect(page.get_by_test_id("returns")).to_contain_text(RETURN_REASON)
    expect(page.get_by_test_id("returns")).to_contain_text("26.03.2026")  # 10 calendar days (§10.13)
    shots(page, "act-returned")

    # 4. the specialist edits the text — version 2 (§10.13) — and sends the new version
    sign_in(page, "developer")
    open_act(page, act)
    page.get_by_role("link", name="Edit the draft").click()
    form = page.get_by_test_id("draft-form")
    expect(field(form, "Text in Russian")).to_have_value(TEXT_RU_1)
    field(form, "Text in Kazakh").fill(TEXT_KK_2)
    field(form, "Text in Russian").fill(TEXT_RU_2)
    field(form, "What was changed").fill("The date is 15 September; point 1.2 on the fuel reserve is added.")
    shots(page, "edit-form")
    form.get_by_role("button", name="Save the draft").click()
    expect_message(page, "The draft is saved.")
    expect(page.get_by_test_id("versions").locator("li[data-version]")).to_have_count(2)
    page.get_by_role("link", name="Send the new version for approval").click()
    shots(page, "resubmit-route-form")
    page.get_by_test_id("form-resubmit").get_by_role("button", name="Send the new version for approval").click()
    expect_message(page, "The new version is sent for approval.")
    expect_status(page, "On approval")
    act.refresh_from_db()
    assert act.version == 2

    # the comparison shows the words changed between versions 1 and 2, in each language
    compare = page.get_by_test_id("compare-form")
    expect(field(compare, "Version")).to_have_value("1")
    expect(field(compare, "with version")).to_have_value("2")
    compare.get_by_role("button", name="Compare").click()
    comparison = page.get_by_test_id("comparison")
    ru = comparison.locator('section[lang="ru"]')
    expect(ru.locator("del.cmp-removed").first).to_contain_text("октября")
    expect(ru.locator("ins.cmp-added")).to_contain_text(["сентября", "Создать запас топлива."])
    kk = comparison.locator('section[lang="kk"]')
    expect(kk.locator("ins.cmp-added").first).to_contain_text("қыркүйекке")
    shots(page, "compare")
    page.goto(reverse("acts:work"))
    expect(page.get_by_test_id("group-on_approval")).to_contain_text("Dana Sarsenbayeva")
    shots(page, "drafts-in-work")

    # 5. two weeks later the head of the department of health has not given her visa: the head of apparatus sees
    # it among the overdue visas, by approver, and could return the draft herself (§10.12 2))
    clock(mon_2026_03_30)
    sign_in(page, "head_of_apparatus")
    page.goto(reverse("akimat:overdue_visas"))
    overdue = page.get_by_test_id("overdue-approver")
    expect(overdue).to_have_count(2)  # the two departments' heads, in parallel
    expect(overdue.first).to_contain_text("Marat Zhaksylykov")
    expect(overdue.last).to_contain_text("Dana Sarsenbayeva")
    expect(overdue.last.get_by_role("link")).to_contain_text(TITLE_RU)
    shots(page, "overdue-visas")
    open_act(page, act)
    page.get_by_test_id("act-actions").get_by_role("link", name="Return for rework").click()
    expect(field(page.get_by_test_id("form-return"), "Ground")).to_be_visible()
    shots(page, "return-form")
    page.get_by_role("link", name="Cancel").click()

    # 6. every approver agrees, stage by stage; the legal consultant's visa comes last (§10.3)
    for username in (
        "department_head",
        "interested_head",
        "deputy",
        "second_deputy",
        "head_of_apparatus",
        "deputy_head",
        "economy_head",
    ):
        agree(page, username, act)
    legal_visa = Visa.objects.get(approver=people["lawyer"], round=2)
    assert legal_visa.received_at is not None
    assert not Visa.objects.filter(round=2, decision=Visa.Decision.PENDING).exclude(pk=legal_visa.pk).exists()
    sign_in(page, "lawyer")
    open_act(page, act)
    shots(page, "act-legal-visa")
    page.get_by_test_id("form-visa").get_by_role("button", name="Agree").click()
    expect_message(page, "Agreed.")
    expect_status(page, "Agreed, to sign")

    # 7. the akim signs: the signed file and the date (§10.15)
    sign_in(page, "akim")
    open_act(page, act)
    shots(page, "act-to-sign")
    page.get_by_role("link", name="Record the signature").click()
    sign = page.get_by_test_id("form-sign")
    expect(field(sign, "Date of signature")).to_have_value("30.03.2026")
    field(sign, "Signed act").set_input_files(
        files=[{"name": "қаулы-қол-қойылған.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 signed"}]
    )
    shots(page, "sign-form")
    sign.get_by_role("button", name="Record the signature").click()
    expect_message(page, "The signature is recorded.")
    expect_status(page, "Signed, to register")
    expect(page.get_by_test_id("act-fields")).to_contain_text("30.03.2026 · Nurlan Abenov")

    # 8. the general department sets the points with their executors and registers the act (§10.16)
    sign_in(page, "registrar")
    open_act(page, act)
    shots(page, "act-signed")
    page.get_by_role("link", name="Points on control").click()
    points = page.get_by_test_id("form-points")
    first, second = points.get_by_role("group", name="Point 1"), points.get_by_role("group", name="Point 2")
    field(first, "Point").fill("1")
    field(first, "Executor").select_option(f"unit:{acts_org.developer_unit.pk}")
    field(first, "Deadline").fill("15.09.2026")
    field(first, "Content").fill("Подготовить школы к отопительному сезону")
    field(second, "Point").fill("1.2")
    field(second, "Executor").select_option(f"person:{people['developer_head'].pk}")
    field(second, "Deadline").fill("01.09.2026")
    field(second, "Content").fill("Создать запас топлива")
    shots(page, "points-form")
    points.get_by_role("button", name="Save the points").click()
    expect_message(page, "The points are saved.")
    page.get_by_role("link", name="Register").click()
    shots(page, "register-form")
    page.get_by_test_id("form-register").get_by_role("button", name="Register").click()
    expect_message(page, "The act is registered.")
    expect_status(page, "Registered")
    expect(page.get_by_test_id("act-number")).to_have_text("№ 1 of 30.03.2026")  # the journal's first number

    # the points are on control, the act named as their source
    act.refresh_from_db()
    assert (act.number, act.registered_on) == ("1", mon_2026_03_30)
    items = ControlItem.objects.filter(pk__in=ActPoint.objects.filter(act=act).values("control_item"))
    assert items.count() == 2
    item = ActPoint.objects.get(act=act, number="1.2").control_item
    point_links = page.get_by_test_id("points").get_by_role("link")
    expect(point_links).to_have_count(2)
    page.get_by_test_id("points").get_by_role("link", name=f"№ {item.number}").click()
    expect(page.locator(".details")).to_contain_text("Act № 1 30.03.2026, point 1.2")
    shots(page, "control-item")

    # 9. a certified copy goes to the department of health (§10.18)
    open_act(page, act)
    page.get_by_role("link", name="Record a dispatch").click()
    dispatch = page.get_by_test_id("form-dispatch")
    field(dispatch, "Addressee").select_option(label="Department of health")
    field(dispatch, "How").select_option(label="In the system")
    shots(page, "dispatch-form")
    dispatch.get_by_role("button", name="Record a dispatch").click()
    expect_message(page, "The dispatch is recorded.")
    distribution = page.get_by_test_id("distribution")
    expect(distribution.locator('[data-sent="true"]')).to_have_count(1)
    expect(distribution.locator('[data-sent="false"]')).to_have_count(2)
    shots(page, "act-registered")

    # 10. the approval sheet (000 Appendix 3): both rounds, the return's reason, the legal consultant last
    with page.expect_download() as download:
        page.get_by_test_id("sheet-ru").click()
    sheet = Path(download.value.path()).read_bytes()
    response = page.context.request.get(reverse("acts:approval_sheet", args=[act.pk]) + "?lang=kk")
    assert response.headers["content-type"] == "application/pdf"
    sheet_kk = response.body()
    text = pdf_text(sheet)
    assert "Лист согласования".upper() in text.upper(), text
    assert TITLE_RU in text and "Timur Iskakov" in text and "Dana Sarsenbayeva" in text
    assert "добавьте запас топлива" in text  # the reason of the return, verbatim
    assert text.rindex("Timur Iskakov") > text.rindex("Saule Bekova")  # the legal consultant closes each round
    assert TITLE_KK in pdf_text(sheet_kk)
    shots.pdf(sheet, "approval-sheet-ru")
    shots.pdf(sheet_kk, "approval-sheet-kk")

    page.goto(reverse("acts:index"))
    expect(page.get_by_test_id("acts-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("acts-table")).to_contain_text("№ 1")
    shots(page, "registry")
    if shots.on:
        tour_in_kazakh_and_russian(page, act, shots)


def tour_in_kazakh_and_russian(page: Page, act: Act, shots: Shots) -> None:
    """The main acts pages in the two state languages, for the eye (AKIMAT_SHOTS=1 only)."""
    sign_in(page, "head_of_apparatus")
    pages = {
        "registry": reverse("acts:index"),
        "act": reverse("acts:act", args=[act.pk]),
        "compare": reverse("acts:compare", args=[act.pk]) + "?a=1&b=2",
        "new-draft-form": reverse("acts:create"),
        "drafts-in-work": reverse("acts:work"),
        "my-visas": reverse("akimat:my_visas"),
        "overdue-visas": reverse("akimat:overdue_visas"),
    }
    for language in ("kk", "ru"):
        Person.objects.filter(user__username="head_of_apparatus").update(preferred_language=language)
        for name, url in pages.items():
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            shots(page, f"{language}-{name}")
