"""Issue #12's whole path in the browser, one story by seven people, and its official papers.

registrar registers an urgent letter to the akim (003 §9.10) → the akim writes the resolution with the picker
(search, lead, co-executor, order), a phrase and the +10 working days button; the urgency starts as the
letter's (issue #12 §1) → the co-executor sees her own part's state and gives it to the lead (§12.13) → the
lead submits the execution report once, which fills the document's execution card (§9.23) → the head of the
executing department brings the memo on removal, the curating deputy head of apparatus agrees, the akim
removes it from control (§12.14) → the head of apparatus opens the Q1 report on 6 April (§12.16: as at
31.03) and downloads the quarterly report, the weekly control list (§12.4) and the registration card as PDFs.

With AKIMAT_SCREENSHOT_DIR set, the screenshots and the PDFs are saved there to be looked at.
"""

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from akimat import workdays
from control.models import ControlItem, RemovalProposal
from correspondence.models import Document, ExecutionCard, Resolution, ResolutionPhrase
from tests.browser.conftest import chromium, page, screenshot_dir  # noqa: F401 - fixtures
from tests.browser.test_control_flow import expect_message, expect_status, sign_in
from tests.correspondence.conftest import correspondents  # noqa: F401 - fixture
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
mon_2026_03_16 = datetime.date(2026, 3, 16)
mon_2026_04_06 = datetime.date(2026, 4, 6)  # Q2: the report due this month is on Q1 (003 §12.16)

APPARATUS = {
    "name_en": "Apparatus of the Akim of Sairam District",
    "name_ru": "Аппарат акима Сайрамского района",
    "name_kk": "Сайрам ауданы әкімінің аппараты",
}


@pytest.fixture
def pinned_clock() -> Iterator[time_machine.Traveller]:
    """10:00 in Astana on Monday 16 March 2026, ticking; the test moves it on to the report's day."""
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ALMATY), tick=True) as machine:
        yield machine


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed (cells wrap, so words may stand on separate lines)."""
    assert content.startswith(b"%PDF-"), content[:200]
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def test_an_urgent_letter_goes_from_registration_to_the_quarterly_report(
    page: Page,  # noqa: F811
    screenshot_dir: Path,  # noqa: F811
    pinned_clock: time_machine.Traveller,
    _media,
    org,
    registrar,
    akim,
    executor,
    department_head,
    head_of_apparatus,
    general_head,
    correspondents,  # noqa: F811
) -> None:
    # setup: the apparatus's own name, people's names, the co-executor and the finance department's curator
    for field, value in APPARATUS.items():
        setattr(org.apparatus, field, value)
    org.apparatus.save()
    positions = {
        head_of_apparatus: ("Аппарат басшысы", "Руководитель аппарата", "Head of apparatus"),
        general_head: (
            "Құжаттамалық қамтамасыз ету бөлімінің басшысы",
            "Руководитель отдела документационного обеспечения",
            "Head of the general department",
        ),
    }
    for user, name in (
        (akim, "Nurlan Abenov"),
        (executor, "Aidar Seitkali"),
        (department_head, "Marat Zhaksylykov"),
        (head_of_apparatus, "Gulnara Tasbolatova"),
        (general_head, "Aigerim Omarova"),
    ):
        user.person.full_name = name
        user.person.position_kk, user.person.position_ru, user.person.position_en = positions.get(user, ("", "", ""))
        user.person.save()
    org.apparatus.head = head_of_apparatus.person  # who approves the quarterly report (БЕКІТЕМІН)
    org.apparatus.save()
    saule = make_person("saule", unit=org.finance, full_name="Saule Bekova")
    curator = make_person("curator", unit=org.leadership, full_name="Yerlan Dosmukhamedov")
    org.finance.curator = curator
    org.finance.save(update_fields=["curator"])

    # 1. the registrar registers an urgent letter to the akim
    sign_in(page, "registrar")
    page.goto(reverse("correspondence:register"))
    box = page.locator('input[name="correspondent_name"]')
    box.press_sequentially("educat", delay=20)
    expect(page.locator(".corr-listbox [role=option]").first).to_contain_text("Department of Education")
    box.press("ArrowDown")
    box.press("Enter")
    page.locator('input[name="their_number"]').fill("02-15/778")
    page.locator('select[name="addressee"]').select_option("akim")
    page.locator('select[name="urgency"]').select_option("urgent")
    page.locator("textarea[name=summary]").fill("On the readiness of schools of the district for the heating season")
    page.get_by_test_id("submit-register").click()
    expect_message(page, "01-12/1")
    document = Document.objects.get()
    assert document.urgency == "urgent"

    # 2. the akim: the picker, a phrase, the +10 working days button, the urgency of the letter
    sign_in(page, "akim")
    page.goto(reverse("correspondence:my_work"))
    page.get_by_role("link", name="Incoming document № 01-12/1").first.click()
    expect(page.locator("h1")).to_contain_text("01-12/1")
    page.wait_for_load_state("load")  # resolution.js (deferred) listens to the phrase and the term buttons
    form = page.get_by_test_id("form-resolution")
    phrase = ResolutionPhrase.objects.get(text_ru="Для исполнения")
    form.get_by_label("Phrase").select_option(str(phrase.pk))
    expect(form.get_by_label("Resolution", exact=True)).to_have_value("Для исполнения")
    form.get_by_label("Resolution", exact=True).press_sequentially(": prepare the readiness plan and report", delay=5)
    search = form.get_by_label("Executors, in order")
    search.fill("bek")  # a few letters of the co-executor's surname
    expect(form.locator(".picker-option")).to_have_count(1)
    search.press("Enter")
    search.fill("seit")
    form.locator(".picker-option", has_text="Aidar Seitkali").click()
    chosen = form.get_by_test_id("picker-chosen").locator(".picker-label")
    expect(chosen).to_have_text(["Saule Bekova — Finance department", "Aidar Seitkali — Finance department"])
    form.get_by_role("button", name="Move up: Aidar Seitkali — Finance department").click()
    expect(chosen).to_have_text(["Aidar Seitkali — Finance department", "Saule Bekova — Finance department"])
    form.get_by_label("Lead executor (свод)").select_option(f"person:{executor.person.pk}")
    form.get_by_role("button", name="+10 working days").click()
    deadline = workdays.add_working_days(mon_2026_03_16, 10)
    assert deadline == datetime.date(2026, 4, 2)  # Nauryz, 21–25 March, is skipped
    expect(form.get_by_label("Deadline")).to_have_value("02.04.2026")
    expect(form.get_by_label("Urgency mark")).to_have_value("urgent")  # the letter's urgency
    page.screenshot(path=str(screenshot_dir / "core-01-resolution.png"), full_page=True)
    form.get_by_role("button", name="Issue").click()
    expect_message(page, "The resolution is issued.")
    item = ControlItem.objects.get()
    resolution = Resolution.objects.get()
    assert (item.deadline, resolution.urgency) == (deadline, "urgent")
    assert [(row.person_id, row.is_lead) for row in item.executors.order_by("position")] == [
        (executor.person.pk, True),
        (saule.pk, False),
    ]
    expect(page.get_by_test_id("control-items")).to_contain_text(item.number)

    # 3. the co-executor sees her own part (its date, not given yet) and gives it to the lead (003 §12.13)
    part_due = item.executors.get(person=saule).report_due
    assert mon_2026_03_16 <= part_due < deadline
    sign_in(page, "saule")
    page.goto(reverse("control:item", args=[item.pk]))
    expect(page.get_by_test_id("my-part")).to_contain_text(f"your part is due on {part_due:%d.%m.%Y}")
    page.screenshot(path=str(screenshot_dir / "core-02-co-executor.png"), full_page=True)
    part = page.get_by_test_id("form-part")
    part.get_by_label("Your part of the execution").fill("The heating of the schools of Aksu is checked")
    part.get_by_role("button", name="Send the part").click()
    expect_message(page, "Your part is given to the lead executor.")
    expect(page.get_by_test_id("my-part")).to_contain_text("your part was given to the lead on 16.03.2026")
    expect_status(page, "on control")

    # 4. the lead submits the execution report once: it fills the document's execution card (§9.23)
    sign_in(page, "executor")
    page.goto(document.get_absolute_url())
    page.get_by_test_id("control-items").get_by_role("link", name=f"№ {item.number}").click()
    expect(page.get_by_test_id("executors")).to_contain_text("The heating of the schools of Aksu is checked")
    report = page.get_by_test_id("form-report")
    report.get_by_label("What was done").fill("The readiness plan is approved; all 41 schools are ready")
    report.get_by_label("Outgoing number").fill("01-15/80")
    report.get_by_role("button", name="Submit the report").click()
    expect_message(page, "The execution report is submitted")
    expect_status(page, "report submitted, awaiting removal")
    page.goto(document.get_absolute_url())
    expect(page.get_by_test_id("form-card")).to_have_count(0)
    expect(page.get_by_test_id("execution-card")).to_contain_text("all 41 schools are ready")
    expect(page.get_by_test_id("document-status")).to_have_text("Report submitted, awaiting removal")
    card = ExecutionCard.objects.get(document=document)
    assert (card.executor, card.answer_number) == (executor.person, "01-15/80")

    # 5. the head of the executing department brings the memo, the curator agrees, the akim removes (§12.14)
    sign_in(page, "department_head")
    page.goto(reverse("control:item", args=[item.pk]))
    removal = page.get_by_test_id("form-removal")
    removal.get_by_label("Grounds for removal").select_option("executed")
    removal.get_by_label("Assessment of execution").select_option("executed")
    removal.get_by_label("Memo").fill("Executed in full and on time")
    removal.get_by_role("button", name="Propose removal").click()
    expect_message(page, "sent to the curating deputy head of apparatus to agree (§12.14)")
    expect_status(page, "removal proposed")
    sign_in(page, "curator")
    page.goto(reverse("control:item", args=[item.pk]))
    page.get_by_test_id("form-agree-removal").get_by_role("button", name="Agree", exact=True).click()
    expect_message(page, "The memo is agreed and goes to the akim or the head of apparatus for a decision.")
    sign_in(page, "akim")
    page.goto(reverse("control:item", args=[item.pk]))
    page.get_by_test_id("form-decide-removal").get_by_role("button", name="Remove from control").click()
    expect_message(page, "The instruction is removed from control.")
    expect_status(page, "removed from control")
    proposal = RemovalProposal.objects.get()
    assert (proposal.proposed_by, proposal.curator) == (department_head, curator)
    page.goto(document.get_absolute_url())
    expect(page.get_by_test_id("document-status")).to_have_text("Executed")
    expect(page.get_by_test_id("control-item")).to_contain_text("removed from control · Removed on: 16.03.2026")
    page.screenshot(path=str(screenshot_dir / "core-03-document-executed.png"), full_page=True)
    item.refresh_from_db()
    document.refresh_from_db()
    assert (item.status, item.removal_ground, document.status) == (
        ControlItem.Status.REMOVED,
        ControlItem.RemovalGround.EXECUTED,
        Document.Status.EXECUTED,
    )

    # 6. on 6 April the head of apparatus opens the Q1 report: the item counts as executed on time (§12.16)
    pinned_clock.move_to(datetime.datetime(2026, 4, 6, 10, 0, tzinfo=ALMATY))
    sign_in(page, "head_of_apparatus")
    page.goto(reverse("control:control_reports:quarterly_report"))
    expect(page.locator("h2.section-title")).to_contain_text("Q1 2026")
    expect(page.locator("h2.section-title")).to_contain_text("as at 31.03.2026")
    totals = page.get_by_test_id("by-department").locator("tfoot tr td.num")
    # received, on time, late, awaiting removal, extended, overdue, open, removed unexecuted, share
    expect(totals).to_have_text(["1", "1", "0", "0", "0", "0", "0", "0", "100.0\xa0%"])
    expect(page.get_by_test_id("by-department").locator("tbody")).to_contain_text("Finance department")
    page.screenshot(path=str(screenshot_dir / "core-04-quarterly-report.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    quarterly = Path(download_info.value.path()).read_bytes()
    weekly_url = reverse("control:control_reports:weekly_list") + f"?week={mon_2026_03_16.isoformat()}&format=pdf"
    card_url = reverse("correspondence:card", args=[document.pk])
    downloads = {
        "core-quarterly-en.pdf": quarterly,
        "core-weekly-en.pdf": page.context.request.get(weekly_url).body(),
        "core-card-kk.pdf": page.context.request.get(card_url + "?lang=kk").body(),
        "core-card-ru.pdf": page.context.request.get(card_url + "?lang=ru").body(),
    }
    # the same reports in Kazakh: the language switch saves the choice in the profile
    page.get_by_test_id("language-switch").first.locator('button[value="kk"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_test_id("by-department").locator("tfoot tr td.num").last).to_have_text("100,0\xa0%")
    page.screenshot(path=str(screenshot_dir / "core-05-quarterly-report-kk.png"), full_page=True)
    page.goto(reverse("control:control_reports:weekly_list") + f"?week={mon_2026_03_16.isoformat()}")
    expect(page.get_by_test_id("weekly-list")).to_contain_text(item.number)
    page.screenshot(path=str(screenshot_dir / "core-06-weekly-list-kk.png"), full_page=True)
    page.goto(reverse("control:item", args=[item.pk]))
    expect(page.locator(".details")).to_contain_text("Кіріс құжат № 01-12/1 16.03.2026")
    expect(page.locator(".details")).not_to_contain_text("ncoming")
    quarterly_url = reverse("control:control_reports:quarterly_report") + "?quarter=2026Q1&format=pdf"
    downloads["core-quarterly-kk.pdf"] = page.context.request.get(quarterly_url).body()
    downloads["core-weekly-kk.pdf"] = page.context.request.get(weekly_url).body()
    for name, content in downloads.items():
        (screenshot_dir / name).write_bytes(content)
    texts = {name: pdf_text(content) for name, content in downloads.items()}

    # the name heads each PDF in capitals; numbers in the language's format (100,0 % in kk and ru)
    quarterly_text = texts["core-quarterly-en.pdf"]
    assert APPARATUS["name_en"].upper() in quarterly_text
    assert re.search(r"I APPROVE Head of apparatus _+ Gulnara Tasbolatova", quarterly_text), quarterly_text
    assert "Head of the general department _" in quarterly_text or "Head of the general department Aigerim" in (
        quarterly_text
    )
    assert "Q1 2026" in quarterly_text and "Q1 2026" in quarterly_text and "as at 31.03.2026" in quarterly_text
    assert re.search(r"Finance department 1 1 0 0 0 0 0 0 100\.0 % Total 1 1 0 0 0 0 0 0 100\.0 %", quarterly_text)
    assert "Aidar Seitkali Finance department 1 1 0 0 0 0 0 0" in quarterly_text
    assert "Prepared by: Gulnara Tasbolatova" in quarterly_text
    quarterly_kk = texts["core-quarterly-kk.pdf"]
    assert APPARATUS["name_kk"].upper() in quarterly_kk
    assert re.search(r"БЕКІТЕМІН Аппарат басшысы _+ Gulnara Tasbolatova", quarterly_kk), quarterly_kk
    assert "31.03.2026 жағдай бойынша" in quarterly_kk
    assert "Барлығы 1 1 0 0 0 0 0 0 100,0 %" in quarterly_kk
    for name in ("core-weekly-en.pdf", "core-weekly-kk.pdf"):
        weekly = texts[name]
        assert f"№ {item.number}" in weekly and "02.04.2026" in weekly, weekly
        assert "Aidar Seitkali" in weekly and "Saule Bekova" in weekly
    assert APPARATUS["name_en"].upper() in texts["core-weekly-en.pdf"]
    assert "removed on 16.03.2026 fully executed" in texts["core-weekly-en.pdf"]
    assert APPARATUS["name_kk"].upper() in texts["core-weekly-kk.pdf"]
    # the source in the reader's language, said once (#12): stored as "№ 01-12/1 16.03.2026, <author>"
    assert "Incoming document № 01-12/1" in texts["core-weekly-en.pdf"]
    assert "Кіріс құжат № 01-12/1" in texts["core-weekly-kk.pdf"]
    assert "Incoming document" not in texts["core-weekly-kk.pdf"]
    for name, language in (("core-card-kk.pdf", "name_kk"), ("core-card-ru.pdf", "name_ru")):
        card_text = texts[name]
        assert APPARATUS[language].upper() in card_text and "№ 01-12/1" in card_text, card_text
        assert "all 41 schools are ready" in card_text and "01-15/80" in card_text and "02.04.2026" in card_text
    assert "Шұғыл" in texts["core-card-kk.pdf"] and "Срочно" in texts["core-card-ru.pdf"]  # the urgency mark
