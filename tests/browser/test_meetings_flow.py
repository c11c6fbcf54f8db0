"""Issue #14 "Done when": an akimat session from its plan to the points of its protocol on control, in the browser.

The chief specialist of the organisational department plans a session for Friday 27 March 2026 (materials due five
working days before, §5.6: Tuesday 17 March, Nauryz 21–25 March is off) and puts two items on its agenda, each with
its responsible body → the head of the department of education submits the reference note of item 1 on time → on
Wednesday 18 March the head of finance submits the reference note of item 2: the page marks it late and the head of
apparatus is told (§5.17) → on the day, three of the six members are present: the page says there is no quorum and
a vote is refused (§5.4) → the attendance is corrected to four of six: quorum; item 1 is adopted by a majority of
the members present (§5.4) → the secretary opens the protocol, writes ТЫҢДАЛДЫ/СЛУШАЛИ, names who controls it (§8.5)
and gives point 1.1 its executor and a term → sends it on the session's route (§5.11, §8.8) → every approver agrees
on the protocol page's visa form → the akim signs: № 1 of the sessions' journal (§8.7), point 1.1 on control with
its traffic light, the control item naming "Protocol … № 1 27.03.2026, point 1.1" as its source.

With AKIMAT_SHOTS=1 the pages passed are saved as /work/briefs/shots/meetings-<nn>-<name>.png (AKIMAT_SHOTS_DIR
to put them elsewhere), the protocol's PDF is rendered to PNG with pdftoppm, and the meeting and the protocol are
visited again in Kazakh and in Russian — to be looked at, not asserted.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from akimat.models import Notification, Person
from control.models import ControlItem
from meetings.models import AgendaItem, Material, Meeting, Protocol
from tests.browser.test_acts_flow import Shots as ActsShots
from tests.browser.test_acts_flow import _media, clock, field, pdf_text  # noqa: F401 - fixtures
from tests.browser.test_control_flow import expect_message, sign_in
from tests.meetings.conftest import meetings_org  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

wed_2026_03_18 = datetime.date(2026, 3, 18)  # a day past the materials' due date, Tuesday 17 March (§5.6)
fri_2026_03_27 = datetime.date(2026, 3, 27)  # the session

PEOPLE = {  # fixture user → (full name, kk, ru, en position)
    "akim": ("Nurlan Abenov", "Аудан әкімі", "Аким района", "Akim of the district"),
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
    "secretary": ("Aliya Nurmagambetova", "Бас маман", "Главный специалист", "Chief specialist"),
    "org_head": ("Bakhyt Ospanov", "Ұйымдастыру бөлімінің басшысы", "Руководитель организационного отдела", "Head"),
    "education_head": ("Dana Sarsenbayeva", "Білім бөлімінің басшысы", "Руководитель отдела образования", "Head"),
    "general_head": ("Aigerim Omarova", "Құжаттама бөлімінің басшысы", "Руководитель отдела ДО", "Head"),
}
UNITS = {  # fixture unit → (kk, ru, en)
    "apparatus": ("Сайрам ауданы әкімінің аппараты", "Аппарат акима Сайрамского района", "Apparatus of the Akim"),
    "leadership": ("Басшылық", "Руководство", "Leadership"),
    "general": ("Құжаттамалық қамтамасыз ету бөлімі", "Отдел документационного обеспечения", "General department"),
    "finance": ("Қаржы бөлімі", "Отдел финансов", "Finance department"),
    "organisational": ("Ұйымдастыру бөлімі", "Организационный отдел", "Organisational department"),
    "education": ("Білім бөлімі", "Отдел образования", "Department of education"),
}
MEMBERS = ["akim", "deputy", "second_deputy", "head_of_apparatus", "deputy_head", "department_head"]

ITEM_1_KK = "Мектептерді жаңа оқу жылына дайындау туралы"
ITEM_1_RU = "О подготовке школ к новому учебному году"
ITEM_2_KK = "2026 жылғы аудандық бюджеттің атқарылуы туралы"
ITEM_2_RU = "Об исполнении районного бюджета 2026 года"
HEARD_KK = "Білім бөлімінің басшысы Д. Сәрсенбаеваны — мектептердің жаңа оқу жылына дайындығы туралы."
HEARD_RU = "Руководителя отдела образования Д. Сарсенбаеву — о готовности школ к новому учебному году."
POINT_KK = "Білім бөлімі мектептердегі жөндеу жұмыстарын аяқтасын."
POINT_RU = "Отделу образования завершить ремонт в школах."


class Shots(ActsShots):
    """The acts test's screenshots, named meetings-<nn>-<name>."""

    def path(self, name: str, suffix: str = ".png") -> Path:
        self.count += 1
        return self.directory / f"meetings-{self.count:02d}-{name}{suffix}"


@pytest.fixture
def shots() -> Shots:
    return Shots()


def name_people_and_units(w) -> None:
    for username, (full_name, kk, ru, en) in PEOPLE.items():
        Person.objects.filter(user__username=username).update(
            full_name=full_name, position_kk=kk, position_ru=ru, position_en=en
        )
    units = {**vars(w.org), **vars(w)}
    for key, (kk, ru, en) in UNITS.items():
        unit = units[key]
        unit.name_kk, unit.name_ru, unit.name_en = kk, ru, en
        unit.save(update_fields=["name_kk", "name_ru", "name_en"])


def switch_user(page: Page, username: str) -> None:
    """Sign in as `username` without the login page, which the test's first sign-in goes through: a session made by
    Django's test client, its cookie handed to the browser (ten sign-ins through the form cost ten seconds)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    page.context.clear_cookies()
    name = settings.SESSION_COOKIE_NAME
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": origin + "/"}])


def person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def open_meeting(page: Page, meeting: Meeting) -> None:
    page.goto(reverse("meetings:meeting", args=[meeting.pk]))
    expect(page.get_by_test_id("meeting-title")).to_be_visible()


def open_protocol(page: Page, protocol: Protocol) -> None:
    page.goto(reverse("meetings:protocol", args=[protocol.pk]))
    expect(page.get_by_test_id("protocol-title")).to_be_visible()


def submit_material(page: Page, shots: Shots, item: AgendaItem, name: str, visaed_by: str) -> None:
    page.get_by_test_id("meeting-actions").get_by_role("link", name="Submit a material").click()
    form = page.get_by_test_id("meeting-action-form")
    field(form, "Agenda item").select_option(str(item.pk))
    field(form, "Kind of material").select_option("reference_note")
    field(form, "Language").select_option(label="Kazakh")
    field(form, "File").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4 reference note"}]
    )
    field(form, "Visaed by").fill(visaed_by)
    shots(page, "material-form")
    form.get_by_role("button", name="Submit a material").click()
    expect_message(page, "The material is submitted.")


def record_attendance(page: Page, present: list[str]) -> None:
    page.get_by_test_id("meeting-actions").get_by_role("link", name="Attendance").click()
    table = page.get_by_test_id("attendance-table")
    for username in MEMBERS:
        box = table.get_by_role("checkbox", name=PEOPLE[username][0], exact=True)
        box.set_checked(username in present)
    page.get_by_test_id("save-attendance").click()
    expect_message(page, "The attendance is recorded.")


def vote(page: Page, item: AgendaItem, votes: tuple[int, int, int]) -> Locator:
    page.get_by_test_id("meeting-actions").get_by_role("link", name="Record a vote").click()
    form = page.get_by_test_id("meeting-action-form")
    field(form, "Agenda item").select_option(str(item.pk))
    for label, count in zip(("For", "Against", "Abstained"), votes, strict=True):
        field(form, label).fill(str(count))
    form.get_by_role("button", name="Record a vote").click()
    return form


def test_a_session_goes_from_its_plan_to_protocol_points_on_control_across_roles_5_4_5_17_8_5_8_7(
    page: Page,
    clock,  # noqa: F811
    _media,  # noqa: F811
    meetings_org,  # noqa: F811
    shots: Shots,
) -> None:
    w = meetings_org
    name_people_and_units(w)

    # 1. the chief specialist of the organisational department plans the session (§5.1, §5.6)
    sign_in(page, "secretary")
    page.goto(reverse("meetings:index"))
    page.get_by_role("link", name="Plan a meeting").first.click()
    form = page.get_by_test_id("meeting-form")
    field(form, "Type of meeting").select_option(label="Akimat session")
    field(form, "Title (Kazakh)").fill("Аудан әкімдігінің отырысы")
    field(form, "Title (Russian)").fill("Заседание акимата района")
    field(form, "Date and time").fill("27.03.2026 10:00")
    field(form, "Place").fill("Әкімдіктің мәжіліс залы")
    field(form, "Chair").select_option(str(person("akim").pk))
    expect(field(form, "Secretary")).to_have_value(str(person("secretary").pk))
    expect(field(form, "Organising department")).to_have_value(str(w.organisational.pk))
    field(form, "Invited (staff)").select_option(str(person("education_head").pk))
    field(form, "Invited from other bodies").fill("Аудандық мәслихат депутаты")
    shots(page, "plan-form")
    form.get_by_role("button", name="Plan the meeting").click()
    expect_message(page, "The meeting is planned.")
    meeting = Meeting.objects.get()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Planned")
    expect(page.get_by_test_id("materials-due")).to_have_text("17.03.2026")  # five working days before (§5.6)
    # a session's members are the akimat's members on its date (§5.4)
    assert meeting.participants.filter(role="member").count() == len(MEMBERS)

    # 2. two items on the agenda, each with its responsible body and curating deputy (§5.6)
    for title_kk, title_ru, speaker, unit, curator in (
        (ITEM_1_KK, ITEM_1_RU, "education_head", w.education, "deputy"),
        (ITEM_2_KK, ITEM_2_RU, "department_head", w.org.finance, "second_deputy"),
    ):
        page.get_by_test_id("meeting-actions").get_by_role("link", name="Add an agenda item").click()
        form = page.get_by_test_id("meeting-action-form")
        field(form, "Title (Kazakh)").fill(title_kk)
        field(form, "Title (Russian)").fill(title_ru)
        field(form, "Speakers").select_option(str(person(speaker).pk))
        field(form, "Responsible bodies").select_option(str(unit.pk))
        field(form, "Curating deputy").select_option(str(person(curator).pk))
        field(form, "Time, minutes").fill("20")
        if title_kk == ITEM_1_KK:
            shots(page, "item-form")
        form.get_by_role("button", name="Add an agenda item").click()
        expect_message(page, "The item is added to the agenda.")
    first, second = AgendaItem.objects.filter(meeting=meeting).order_by("order")
    agenda = page.get_by_test_id("agenda-item")
    expect(agenda).to_have_count(2)
    expect(agenda.first).to_contain_text("Department of education")
    expect(agenda.last).to_contain_text("Finance department")
    expect(page.get_by_test_id("missing-materials")).to_have_count(2)  # nothing submitted yet

    # 3. the head of the department of education submits item 1's reference note on time (§5.6, §5.7)
    switch_user(page, "education_head")
    open_meeting(page, meeting)
    submit_material(page, shots, first, "анықтама-мектептер.pdf", "Д. Сәрсенбаева")
    expect(page.get_by_test_id("late-material")).to_have_count(0)

    # 4. a day past the due date the head of finance submits item 2's: marked late, the head of apparatus told (§5.17)
    clock(wed_2026_03_18)
    switch_user(page, "department_head")
    open_meeting(page, meeting)
    expect(page.get_by_test_id("materials-due")).to_contain_text("passed")
    submit_material(page, shots, second, "анықтама-бюджет.pdf", "М. Жақсылықов")
    late = page.get_by_test_id("agenda-item").last.get_by_test_id("late-material")
    expect(late).to_have_text("late")
    expect(page.get_by_test_id("agenda-item").first.get_by_test_id("late-material")).to_have_count(0)
    assert list(Material.objects.order_by("pk").values_list("is_late", flat=True)) == [False, True]
    shots(page, "meeting-materials")
    switch_user(page, "head_of_apparatus")
    page.goto(reverse("notifications"))
    expect(page.locator("main")).to_contain_text("Materials are late for")
    assert Notification.objects.filter(recipient=w.head_of_apparatus, kind="meeting_materials_late").count() == 1
    shots(page, "head-of-apparatus-notifications")

    # 5. on the day three of the six members are present: no quorum, no vote (§5.4)
    clock(fri_2026_03_27)
    switch_user(page, "secretary")
    open_meeting(page, meeting)
    record_attendance(page, ["akim", "deputy", "head_of_apparatus"])
    expect_message(page, "3 of 6 members are present, 4 are needed")
    quorum = page.get_by_test_id("quorum")
    expect(quorum).to_contain_text("No quorum: 3 of 6 members present, 4 needed.")
    shots(page, "meeting-without-quorum")
    form = vote(page, first, (3, 0, 0))
    expect(form).to_contain_text("The session has no quorum: no resolution can be adopted (§5.4).")
    shots(page, "vote-refused")
    assert AgendaItem.objects.get(pk=first.pk).outcome == ""

    # 6. the attendance is corrected: four of six, quorum; item 1 adopted by a majority of those present (§5.4)
    open_meeting(page, meeting)
    page.get_by_test_id("meeting-actions").get_by_role("link", name="Attendance").click()
    shots(page, "attendance")
    page.get_by_role("link", name="Cancel").click()
    record_attendance(page, ["akim", "deputy", "second_deputy", "head_of_apparatus"])
    expect(page.get_by_test_id("quorum")).to_have_text("Quorum: 4 of 6 members present.")
    vote(page, first, (3, 1, 0))
    expect_message(page, "The vote is recorded.")
    expect(page.get_by_test_id("vote")).to_contain_text("for 3, against 1, abstained 0 — adopted")
    shots(page, "meeting-held")

    # 7. the secretary opens the protocol and writes it: the heard, who controls it (§8.5)
    page.get_by_test_id("action-protocol").click()
    expect_message(page, "The protocol is opened: write it within 30.03.2026.")  # one working day (§8.8)
    protocol = Protocol.objects.get()
    expect(page.get_by_test_id("protocol-status")).to_have_text("Draft")
    page.get_by_test_id("action-protocol-edit").click()
    form = page.get_by_test_id("protocol-form")
    field(form, "Form of the protocol").select_option(label="Full")
    form.get_by_label("With a Russian version").check()
    field(form, "Control of execution (§8.5)").select_option(str(w.org.general.pk))
    field(form, "Controlling official").select_option(str(person("general_head").pk))
    section = form.get_by_test_id("section-1")
    field(section, "Heard (kk)").fill(HEARD_KK)
    field(section, "Heard (ru)").fill(HEARD_RU)
    field(form, "Addressee units").select_option([str(w.education.pk), str(w.org.finance.pk)])
    shots(page, "protocol-form")
    page.get_by_test_id("save-protocol").click()
    expect_message(page, "The protocol is saved.")
    expect(page.get_by_test_id("controller")).to_contain_text("General department · Aigerim Omarova")
    # the English reader: the Russian text first, as the titles (the Kazakh one in Kazakh)
    expect(page.get_by_test_id("protocol-sections").get_by_test_id("heard")).to_have_text(f"Heard: {HEARD_RU}")

    # 8. the points: 1.1 with its executor and a term in working days from the signature (§8.5)
    page.get_by_test_id("action-points").click()
    points = page.get_by_test_id("form-points")
    row = points.get_by_role("group", name="Point 1", exact=True)
    field(row, "Point").fill("1.1")
    field(row, "Agenda item").select_option(str(first.pk))
    field(row, "Executor").select_option(f"unit:{w.education.pk}")
    field(row, "or term, working days").fill("10")
    field(row, "Content (Kazakh)").fill(POINT_KK)
    field(row, "Content (Russian)").fill(POINT_RU)
    shots(page, "points-form")
    page.get_by_test_id("save-points").click()
    expect_message(page, "The points are saved.")
    point_row = page.get_by_test_id("protocol-points").locator('tr[data-point="1.1"]')
    expect(point_row).to_contain_text("Department of education")
    expect(point_row).to_contain_text("10 working days")

    # 9. sent on the session's route (§5.11, §8.8): the deputy head, the head of apparatus, then the members
    page.get_by_test_id("action-submit").click()
    route = page.get_by_test_id("route").locator("li")
    expect(route).to_have_count(5)  # the akim signs, so he is not on it; nobody twice
    shots(page, "submit-form")
    page.get_by_test_id("confirm-submit").click()
    expect_message(page, "The protocol is sent for approval.")
    expect(page.get_by_test_id("protocol-status")).to_have_text("On approval")
    expect(page.get_by_test_id("approvals").get_by_test_id("visa-row")).to_have_count(5)
    shots(page, "protocol-on-approval")

    # 10. each approver gives the visa on the protocol page, stage by stage
    for username in ("deputy_head", "head_of_apparatus", "deputy", "second_deputy", "department_head"):
        switch_user(page, username)
        open_protocol(page, protocol)
        visa = page.get_by_test_id("form-visa")
        expect(visa.get_by_role("button")).to_have_text(["Agree", "Return for rework"])
        if username == "deputy_head":
            shots(page, "protocol-visa-form")
        visa.get_by_role("button", name="Agree").click()
        expect_message(page, "Agreed.")
    expect(page.get_by_test_id("protocol-status")).to_have_text("Agreed, to sign")

    # 11. the akim signs: № 1 of the sessions' journal (§8.7), point 1.1 on control with its traffic light
    switch_user(page, "akim")
    open_protocol(page, protocol)
    shots(page, "protocol-to-sign")
    page.get_by_test_id("action-sign").click()
    form = page.get_by_test_id("meeting-action-form")
    expect(field(form, "Date of signature")).to_have_value("27.03.2026")
    form.get_by_role("button", name="Sign the protocol").click()
    expect_message(page, "The protocol is signed and registered: № 1.")
    expect(page.get_by_test_id("protocol-status")).to_have_text("Signed and registered")
    expect(page.get_by_test_id("protocol-number")).to_have_text("№ 1 of 27.03.2026")
    protocol.refresh_from_db()
    assert (protocol.number, protocol.registered_on) == ("1", fri_2026_03_27)
    point = protocol.points.get()
    item = ControlItem.objects.get(pk=point.control_item_id)
    assert item.deadline == datetime.date(2026, 4, 10)  # ten working days from the signature
    assert item.controller_id == w.org.general.pk
    point_row = page.get_by_test_id("protocol-points").locator('tr[data-point="1.1"]')
    expect(point_row.locator(".light-green")).to_have_text("more than 3 working days left")
    shots(page, "protocol-registered")
    open_meeting(page, meeting)
    expect(page.get_by_test_id("meeting-points").locator(".light-green")).to_have_text("more than 3 working days left")
    shots(page, "meeting-registered")
    page.get_by_test_id("meeting-points").get_by_role("link", name=f"№ {item.number}").click()
    expect(page.locator(".details")).to_contain_text("№ 1 27.03.2026, point 1.1")
    expect(page.locator(".details")).to_contain_text(re.compile(r"Protocol[^№]*№ 1 27\.03\.2026, point 1\.1"))
    shots(page, "control-item")

    # 12. the protocol in the official form of Appendix 6, in Kazakh and Russian
    response = page.context.request.get(reverse("meetings:protocol_pdf", args=[protocol.pk]) + "?lang=kk")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "ХАТТАМА" in text.upper() and "№ 1" in text and "ТЫҢДАЛДЫ" in text.upper(), text
    assert "Сәрсенбаеваны" in text and "1.1" in text
    shots.pdf(response.body(), "protocol-pdf-kk")
    response = page.context.request.get(reverse("meetings:protocol_pdf", args=[protocol.pk]) + "?lang=ru")
    assert "СЛУШАЛИ" in pdf_text(response.body()).upper()
    shots.pdf(response.body(), "protocol-pdf-ru")
    if shots.on:
        tour_in_kazakh_and_russian(page, meeting, protocol, shots)


def tour_in_kazakh_and_russian(page: Page, meeting: Meeting, protocol: Protocol, shots: Shots) -> None:
    """The meeting and the protocol in the two state languages, for the eye (AKIMAT_SHOTS=1 only)."""
    switch_user(page, "secretary")
    pages = {
        "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        "protocol": reverse("meetings:protocol", args=[protocol.pk]),
        "registry": reverse("meetings:registry"),
    }
    for language in ("kk", "ru"):
        Person.objects.filter(user__username="secretary").update(preferred_language=language)
        for name, url in pages.items():
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("lang", language)
            shots(page, f"{language}-{name}")
