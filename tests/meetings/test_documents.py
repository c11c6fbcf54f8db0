"""The documents of a meeting (issue #14 §4, §2): the protocol in the official form of 003 Appendix 6 as a PDF and a
.docx, in Kazakh or Russian (§8.5), and the package of a meeting for the head of apparatus (§5.8, §5.17 marks);
the downloads behind akimat.permissions (a closed meeting, §5.3)."""

import datetime
import io
import re

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from akimat.models import Person
from meetings import documents, services
from tests.meetings.conftest import pdf

pytestmark = pytest.mark.django_db

FRI_2026_03_27 = datetime.date(2026, 3, 27)
FRI_2026_04_03 = datetime.date(2026, 4, 3)
THU_2026_04_02 = datetime.date(2026, 4, 2)
APR_2026_04_30 = datetime.date(2026, 4, 30)


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def _pages(content: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages]


def _in_order(text: str, *parts: str) -> None:
    """Every part is in the text, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}: …{text[at : at + 300]}…"
        at = found + len(part)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines += [" ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return re.sub(r"\s+", " ", " ".join(lines))


def _positions(w) -> None:
    """The chair's and the secretary's positions in both languages (the directory of the apparatus)."""
    Person.objects.filter(pk=w.akim.person.pk).update(
        full_name="Сәрсенбаев Әділет Қуанышұлы", position_kk="аудан әкімі", position_ru="аким района"
    )
    Person.objects.filter(pk=w.secretary.person.pk).update(
        full_name="Нұрланова Гүлнұр", position_kk="ұйымдастыру бөлімінің бас маманы",
        position_ru="главный специалист организационного отдела",
    )  # fmt: skip
    Person.objects.filter(pk=w.education_head.person.pk).update(
        full_name="Өмірзақов Ерғали",
        position_kk="білім бөлімінің басшысы",
        position_ru="руководитель отдела образования",
    )


def _held(w, plan, item_of, *, invited: int = 0):
    """An apparatus meeting on Friday 27 March 2026 with two items, the deputy and the head of apparatus as its
    members and `invited` guests from outside the directory."""
    _positions(w)
    meeting = plan(
        "apparatus", day=FRI_2026_03_27, title_kk="Аппараттық кеңес", title_ru="Аппаратное совещание",
        members=[w.deputy.person, w.head_of_apparatus.person],
        invited_names=[f"Шақырылған қонақ {n}" for n in range(1, invited + 1)],
    )  # fmt: skip
    first = item_of(meeting, "О подготовке школ к учебному году")
    services.update_item(
        first, actor=w.secretary,
        data=services.ItemData(
            title_kk="Мектептерді оқу жылына дайындау туралы", title_ru="О подготовке школ к учебному году",
            speakers=[w.education_head.person], responsible_units=[w.education], curator=w.deputy.person, minutes=15,
        ),
    )  # fmt: skip
    second = item_of(meeting, "Об отопительном сезоне")
    services.update_item(
        second, actor=w.secretary,
        data=services.ItemData(title_kk="Жылыту маусымы туралы", title_ru="Об отопительном сезоне", minutes=10),
    )  # fmt: skip
    return meeting, first, second


def _protocol(w, meeting, first, second, *, clock, form="full", has_russian=True, sign=True):
    """Everyone present; the protocol written (heard, spoke, a point per item and one for the whole protocol) and,
    with `sign`, signed and registered without visas (the route is not what these tests check)."""
    clock(FRI_2026_03_27)
    services.record_attendance(
        meeting, actor=w.secretary,
        rows=[services.Attendance(participant=p, present=True) for p in meeting.participants.all()],
    )  # fmt: skip
    protocol = services.start_protocol(meeting, actor=w.secretary)
    services.update_protocol(
        protocol, actor=w.secretary, form=form, has_russian=has_russian, controller_unit=w.org.general,
        sections=[
            services.Section(
                item=first, heard_kk="Білім бөлімінің басшысы мектептердің дайындығы туралы баяндады.",
                heard_ru="Руководитель отдела образования доложил о готовности школ.",
                spoke_kk="Әкім орынбасары жөндеу жұмыстарының мерзімін атап өтті.",
                spoke_ru="Заместитель акима отметил сроки ремонта.",
            ),
            services.Section(item=second),
        ],
    )  # fmt: skip
    services.set_points(
        protocol, actor=w.secretary,
        points=[
            services.PointData(
                number="1.1", item=first, text_kk="Мектептердің жөндеу жұмыстарын аяқтау",
                text_ru="Завершить ремонт школ", lead_unit=w.education, co_units=[w.org.finance],
                deadline=APR_2026_04_30,
            ),
            services.PointData(
                number="2.1", item=second, text_kk="Жылыту маусымына дайындықты қамтамасыз ету",
                text_ru="Обеспечить подготовку к отопительному сезону", lead_person=w.deputy.person, term_days=10,
            ),
            services.PointData(
                number="3", text_kk="Хаттаманы мүдделі органдарға жіберу",
                text_ru="Направить протокол заинтересованным органам", lead_unit=w.org.general, term_days=1,
            ),
        ],
    )  # fmt: skip
    if sign:
        services.submit(protocol, actor=w.secretary, steps=[])
        protocol = services.sign(protocol, actor=w.akim)
    protocol.refresh_from_db()
    return protocol


@pytest.fixture
def held(meetings_org, plan, item_of, clock):
    """held(invited=0, form="full", has_russian=True, sign=True) → the protocol of an apparatus meeting."""

    def make(*, invited: int = 0, **options):
        meeting, first, second = _held(meetings_org, plan, item_of, invited=invited)
        return _protocol(meetings_org, meeting, first, second, clock=clock, **options)

    return make


def test_issue14_a_registered_full_protocol_prints_appendix_6_in_kazakh_in_order(held, tmp_path):
    """Appendix 6: the header, ХАТТАМА, date and number, place, title, chair and secretary, the present listed
    (≤ 10), the agenda, then per item ТЫҢДАЛДЫ — СӨЙЛЕДІ — ҚАУЛЫ ЕТТІ with the points, executors and deadlines, the
    points of the whole protocol, who controls (§8.5) and the signatures."""
    protocol = held()
    content = documents.protocol_pdf(protocol, "kk")
    (tmp_path / "protocol-full-kk.pdf").write_bytes(content)
    text = _text(content)
    _in_order(
        text,
        "APPARATUS (KK)",
        "ХАТТАМА",
        "27.03.2026",
        f"№ {protocol.number}",
        "Hall of sessions",
        "Аппараттық кеңес",
        "Төрағалық еткен:", "Сәрсенбаев Әділет Қуанышұлы, аудан әкімі",
        "Хатшы:", "Нұрланова Гүлнұр",
        "Қатысқандар:",
        "КҮН ТӘРТІБІ:",
        "1. Мектептерді оқу жылына дайындау туралы", "Баяндамашы: Өмірзақов Ерғали, білім бөлімінің басшысы",
        "2. Жылыту маусымы туралы",
        "1. ТЫҢДАЛДЫ:", "Өмірзақов Ерғали", "мектептердің дайындығы туралы баяндады",
        "СӨЙЛЕДІ:", "жөндеу жұмыстарының мерзімін",
        "ҚАУЛЫ ЕТТІ:", "1.1.", "Мектептердің жөндеу жұмыстарын аяқтау",
        "Орындаушылар:", "Department of education (kk) (жинақтау), Finance department (kk)", "Мерзімі: 30.04.2026",
        "2. ТЫҢДАЛДЫ:", "Жылыту маусымы туралы", "ҚАУЛЫ ЕТТІ:", "2.1.",
        "ХАТТАМА БОЙЫНША ЖАЛПЫ ТАПСЫРМАЛАР:", "3.", "Хаттаманы мүдделі органдарға жіберу",
        "Хаттаманың орындалуын бақылау: General department (kk)",
        "Төрағалық етуші", "Сәрсенбаев Әділет Қуанышұлы",
        "Хатшы", "Нұрланова Гүлнұр",
    )  # fmt: skip
    assert "ЖОБА" not in text
    assert "тізімі қоса беріледі" not in text  # ≤ 10 present are listed in the protocol itself
    # a term of working days has become a date at the signature (10 working days from 27 March → 10 April)
    assert "10.04.2026" in text


def test_issue14_the_russian_version_prints_the_russian_words_of_appendix_6(held):
    """§8.5: drafted in the state language, with a Russian version where the akimat keeps one."""
    protocol = held()
    with translation.override("kk"):  # the reader's language does not change the document's
        text = _text(documents.protocol_pdf(protocol, "ru"))
    _in_order(
        text,
        "ПРОТОКОЛ", f"№ {protocol.number}", "Аппаратное совещание",
        "Председательствовал:", "аким района", "Секретарь:", "Присутствовали:",
        "ПОВЕСТКА ДНЯ:", "1. О подготовке школ к учебному году", "Докладчик:", "2. Об отопительном сезоне",
        "1. СЛУШАЛИ:", "доложил о готовности школ", "ВЫСТУПИЛИ:", "отметил сроки ремонта",
        "ПОСТАНОВИЛИ:", "1.1.", "Завершить ремонт школ", "Исполнители:", "Department of education (ru) (свод)",
        "Срок: 30.04.2026",
        "2. СЛУШАЛИ:", "ПОСТАНОВИЛИ:", "2.1.", "Обеспечить подготовку к отопительному сезону",
        "ОБЩИЕ ПОРУЧЕНИЯ ПО ПРОТОКОЛУ:", "Направить протокол заинтересованным органам",
        "Контроль за исполнением протокола: General department (ru)",
        "Председательствующий", "Секретарь",
    )  # fmt: skip
    for kazakh in ("ХАТТАМА", "ТЫҢДАЛДЫ", "ҚАУЛЫ ЕТТІ", "Мектептерді"):
        assert kazakh not in text


def test_issue14_a_draft_protocol_prints_жоба_and_no_number_appendix_6(held):
    """A draft is not registered (§8.7): ЖОБА / ПРОЕКТ, no number, the term of a point as a term."""
    protocol = held(sign=False)
    text = _text(documents.protocol_pdf(protocol, "kk"))
    _in_order(text, "ЖОБА", "ХАТТАМА", "27.03.2026", "№ ____")
    assert "хаттамаға қол қойылған күннен бастап 10 жұмыс күні ішінде" in text
    assert "ПРОЕКТ" in _text(documents.protocol_pdf(protocol, "ru"))
    assert "в течение 10 рабочих дней со дня подписания протокола" in _text(documents.protocol_pdf(protocol, "ru"))


def test_issue14_more_than_ten_present_are_referred_to_an_attached_list_appendix_6(held, tmp_path):
    """Appendix 6 item 1: above ten present the protocol says the list is attached, and the list is its annex."""
    protocol = held(invited=12)
    present = protocol.meeting.participants.filter(present=True).count()
    assert present > 10
    content = documents.protocol_pdf(protocol, "kk")
    (tmp_path / "protocol-annex-kk.pdf").write_bytes(content)
    pages = _pages(content)
    text = " ".join(pages)
    _in_order(text, "Қатысқандар:", f"тізімі қоса беріледі ({present} адам)", "КҮН ТӘРТІБІ:")
    assert "Шақырылған қонақ 1" not in text.split("КҮН ТӘРТІБІ:")[0]
    annex = pages[-1]
    _in_order(
        annex, "Хаттамаға қосымша", f"№ {protocol.number} 27.03.2026", "Қатысқандар тізімі", "Шақырылған қонақ 12"
    )
    assert "ТЫҢДАЛДЫ" not in annex  # the list is a page of its own after the signatures


def test_issue14_the_short_form_has_no_agenda_and_puts_the_speakers_under_the_item_appendix_6(held, tmp_path):
    """Appendix 6: the short protocol's intro has no agenda; each item centred and underlined, the speakers under
    the line, then the decision."""
    protocol = held(form="short")
    content = documents.protocol_pdf(protocol, "ru")
    (tmp_path / "protocol-short-ru.pdf").write_bytes(content)
    text = _text(content)
    for absent in ("ПОВЕСТКА ДНЯ", "СЛУШАЛИ", "ВЫСТУПИЛИ", "ПОСТАНОВИЛИ"):
        assert absent not in text
    _in_order(
        text,
        "Присутствовали:",
        "1. О подготовке школ к учебному году", "Өмірзақов Ерғали, руководитель отдела образования",
        "отметил сроки ремонта", "1.1.", "Завершить ремонт школ", "Исполнители:", "Срок:",
        "2. Об отопительном сезоне", "2.1.",
        "ОБЩИЕ ПОРУЧЕНИЯ ПО ПРОТОКОЛУ:", "Контроль за исполнением протокола:", "Председательствующий",
    )  # fmt: skip


def test_issue14_the_vote_is_printed_with_the_decision_when_recorded_5_4(meetings_org, plan, item_of, clock):
    """§5.4: the protocol records the count of votes for, against and abstained."""
    w = meetings_org
    meeting, first, second = _held(w, plan, item_of)
    clock(FRI_2026_03_27)
    services.record_attendance(
        meeting, actor=w.secretary,
        rows=[services.Attendance(participant=p, present=True) for p in meeting.participants.all()],
    )  # fmt: skip
    services.record_vote(first, actor=w.secretary, votes_for=2, votes_against=0, votes_abstained=0)
    protocol = _protocol_of(w, meeting, first)
    _in_order(
        _text(documents.protocol_pdf(protocol, "kk")),
        "1. ТЫҢДАЛДЫ:", "ҚАУЛЫ ЕТТІ:",
        "Дауыс беру қорытындысы: «жақтап» – 2, «қарсы» – 0, «қалыс қалғандар» – 0. Шешім қабылданды.",
        "2. ТЫҢДАЛДЫ:",
    )  # fmt: skip
    assert "«за» – 2, «против» – 0, «воздержались» – 0. Решение принято." in _text(
        documents.protocol_pdf(protocol, "ru")
    )


def _protocol_of(w, meeting, item):
    protocol = services.start_protocol(meeting, actor=w.secretary)
    services.set_points(
        protocol, actor=w.secretary,
        points=[services.PointData(number="1", item=item, text_kk="Орындау", lead_unit=w.education, term_days=5)],
    )  # fmt: skip
    return protocol


def test_issue14_the_docx_has_the_pdfs_content_in_the_same_order_appendix_6(held):
    """Issue #14 §4: the .docx (python-docx) for those who pass the text on — same content, same order."""
    protocol = held(invited=12)
    text = _docx_text(documents.protocol_docx(protocol, "kk"))
    _in_order(
        text,
        "APPARATUS (KK)", "ХАТТАМА", "27.03.2026", f"№ {protocol.number}", "Hall of sessions", "Аппараттық кеңес",
        "Төрағалық еткен:", "Сәрсенбаев Әділет Қуанышұлы", "Хатшы:", "Қатысқандар:", "тізімі қоса беріледі",
        "КҮН ТӘРТІБІ:", "1. Мектептерді оқу жылына дайындау туралы", "Баяндамашы:",
        "1. ТЫҢДАЛДЫ:", "мектептердің дайындығы", "СӨЙЛЕДІ:", "ҚАУЛЫ ЕТТІ:", "1.1.", "Орындаушылар:",
        "Мерзімі: 30.04.2026", "2. ТЫҢДАЛДЫ:", "2.1.",
        "ХАТТАМА БОЙЫНША ЖАЛПЫ ТАПСЫРМАЛАР:", "3.", "Хаттаманың орындалуын бақылау: General department (kk)",
        "Төрағалық етуші", "Сәрсенбаев Әділет Қуанышұлы", "Хатшы", "Нұрланова Гүлнұр",
        "Хаттамаға қосымша", "Қатысқандар тізімі", "Шақырылған қонақ 12",
    )  # fmt: skip
    russian = _docx_text(documents.protocol_docx(protocol, "ru"))
    _in_order(russian, "ПРОТОКОЛ", "ПОВЕСТКА ДНЯ:", "СЛУШАЛИ:", "ВЫСТУПИЛИ:", "ПОСТАНОВИЛИ:", "Приложение к протоколу")


def test_issue14_a_protocol_without_a_russian_version_is_printed_only_in_kazakh_8_5(held):
    protocol = held(has_russian=False)
    assert documents.protocol_languages(protocol) == ("kk",)
    with pytest.raises(ValueError):
        documents.protocol_pdf(protocol, "ru")
    assert "ХАТТАМА" in _text(documents.protocol_pdf(protocol, "kk"))


def test_issue14_the_package_lists_the_proceedings_the_invited_the_drafts_and_marks_late_and_missing_5_8(
    meetings_org, plan, item_of, clock, tmp_path
):
    """§5.8: agenda, order of proceedings (items with time and speakers), invited, draft resolutions, materials
    per item; §5.17: a late and a missing material marked."""
    w = meetings_org
    _positions(w)
    meeting = plan(
        "apparatus", day=FRI_2026_04_03, hour=15, title_ru="Аппаратное совещание",
        invited_names=["Депутат маслихата Серікбаев"],
    )  # fmt: skip
    first = item_of(meeting, "О подготовке школ к учебному году")
    second = item_of(meeting, "Об отопительном сезоне", minutes=20)
    services.add_material(
        first, actor=w.education_head, kind="draft_decision", language="kk", upload=pdf("decision-draft.pdf")
    )
    services.add_material(
        first, actor=w.education_head, kind="draft_resolution", language="ru", upload=pdf("resolution-draft.pdf")
    )
    assert meeting.materials_due_on < THU_2026_04_02
    clock(THU_2026_04_02)
    services.add_material(
        second, actor=w.education_head, kind="reference_note", language="kk", upload=pdf("late-note.pdf")
    )
    with translation.override("en"):
        content = documents.package_pdf(meeting)
    (tmp_path / "package-en.pdf").write_bytes(content)
    text = _text(content)
    _in_order(
        text,
        "Package of the meeting", "Аппаратное совещание", "03.04.2026 15:00",
        "1. Agenda", "О подготовке школ к учебному году", "Об отопительном сезоне",
        "2. Order of proceedings", "1", "15:00", "О подготовке школ к учебному году", "Өмірзақов Ерғали", "15",
        "2", "15:15", "Об отопительном сезоне", "20",
        "3. Invited", "Депутат маслихата Серікбаев",
        "4. List of draft resolutions", "О подготовке школ к учебному году", "resolution-draft.pdf",
        "5. Materials",
        "1. О подготовке школ к учебному году",
        "decision-draft.pdf", "submitted on time", "resolution-draft.pdf", "submitted on time",
        "reference note", "not submitted",
        "2. Об отопительном сезоне", "late-note.pdf", "submitted late", "report", "not submitted",
    )  # fmt: skip


# --- the downloads -------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_issue14_the_documents_download_for_those_who_see_the_meeting_and_are_a_404_for_the_outsider(
    meetings_org, held
):
    w = meetings_org
    protocol = held(has_russian=False)
    meeting = protocol.meeting
    member = _client(w.education_head)  # the speaker and the responsible body of an item
    response = member.get(reverse("meetings:protocol_pdf", args=[protocol.pk]), {"lang": "kk"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "ХАТТАМА" in _text(response.content)
    response = member.get(reverse("meetings:protocol_docx", args=[protocol.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "ХАТТАМА" in _docx_text(response.content)
    response = member.get(reverse("meetings:package", args=[meeting.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    # §8.5: no Russian version is kept — nothing to print in Russian
    assert member.get(reverse("meetings:protocol_pdf", args=[protocol.pk]), {"lang": "ru"}).status_code == 404
    outsider = _client(w.outsider)
    for url in (
        reverse("meetings:protocol_pdf", args=[protocol.pk]),
        reverse("meetings:protocol_docx", args=[protocol.pk]),
        reverse("meetings:package", args=[meeting.pk]),
    ):
        assert outsider.get(url).status_code == 404, url


def test_issue14_a_closed_meetings_documents_are_a_404_for_the_ungranted_5_3(meetings_org, plan, item_of, clock):
    w = meetings_org
    meeting = plan("apparatus", day=FRI_2026_03_27, is_closed=True)
    item = item_of(meeting)
    clock(FRI_2026_03_27)
    services.record_attendance(meeting, actor=w.secretary, rows=[])
    protocol = _protocol_of(w, meeting, item)
    urls = (
        reverse("meetings:protocol_pdf", args=[protocol.pk]),
        reverse("meetings:protocol_docx", args=[protocol.pk]),
        reverse("meetings:package", args=[meeting.pk]),
    )
    secretary = _client(w.secretary)
    for url in urls:
        assert secretary.get(url).status_code == 200, url
    for user in (w.deputy, w.outsider):  # the deputy sees every open meeting, not a closed one ungranted
        client = _client(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_issue14_a_sessions_protocol_states_the_members_present_and_lists_the_chair_once_5_4(
    meetings_org, plan, item_of, clock
):
    """§5.4: a session's protocol says how many of the akimat's members were present; the chair and the secretary
    are named on their own lines, not again among those present (Appendix 6)."""
    w = meetings_org
    _positions(w)
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    clock(FRI_2026_03_27)
    members = list(meeting.participants.filter(role="member").order_by("pk"))
    chair = next(p for p in members if p.person_id == w.akim.person.pk)
    present = [chair, *[p for p in members if p is not chair][:3]]
    services.record_attendance(
        meeting, actor=w.secretary, rows=[services.Attendance(participant=p, present=p in present) for p in members]
    )
    protocol = _protocol_of(w, meeting, item)
    text = _text(documents.protocol_pdf(protocol, "kk"))
    _in_order(text, "Төрағалық еткен:", "Сәрсенбаев", "Қатысқандар:", "Қатысқан әкімдік мүшелері: 4 (барлығы 6).")
    assert text.count("Сәрсенбаев Әділет Қуанышұлы") == 2  # the chair's line and the signature
    assert "Присутствовали члены акимата: 4 из 6." in _text(documents.protocol_pdf(protocol, "ru"))


# --- the extracts, the package's files, an item without a decision ---------------------------------------------


def test_issue14_an_extract_holds_only_the_points_concerning_its_addressee_appendix_6_item_4(meetings_org, held):
    """Appendix 6 item 4: an addressee gets the extract of the points that concern it — finance is a co-executor of
    1.1 only: its extract has 1.1 under its item, not 2.1 nor the general point 3, and the secretary's "extract is
    true"."""
    w = meetings_org
    protocol = held()
    text = _text(documents.extract_pdf(protocol, "kk", w.org.finance))
    _in_order(
        text, "Кімге:", w.org.finance.name, "ХАТТАМАДАН ҮЗІНДІ", f"№ {protocol.number}", "Төрағалық еткен:",
        "1. Мектептерді оқу жылына дайындау туралы", "ҚАУЛЫ ЕТТІ:", "1.1.", "Мектептердің жөндеу жұмыстарын аяқтау",
        "Хаттаманың орындалуын бақылау", "Үзінді дұрыс", "Нұрланова Гүлнұр",
    )  # fmt: skip
    assert "Жылыту маусымына" not in text and "ЖАЛПЫ ТАПСЫРМАЛАР" not in text
    russian = _text(documents.extract_pdf(protocol, "ru", w.org.general))  # the lead of the general point 3
    _in_order(russian, "Кому:", "ВЫПИСКА ИЗ ПРОТОКОЛА", "ОБЩИЕ ПОРУЧЕНИЯ ПО ПРОТОКОЛУ", "3.", "Выписка верна")
    assert "Завершить ремонт школ" not in russian


def test_issue14_the_extract_downloads_for_a_unit_of_the_protocol_only_appendix_6_item_4(meetings_org, held):
    w = meetings_org
    protocol = held(has_russian=False)
    url = reverse("meetings:protocol_extract", args=[protocol.pk])
    reader = _client(w.education_head)
    response = reader.get(url, {"unit": w.education.pk})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert "ХАТТАМАДАН ҮЗІНДІ" in _text(response.content)
    assert reader.get(url, {"unit": w.legal.pk}).status_code == 404  # no addressee, no executor of the protocol
    assert reader.get(url, {"unit": "²"}).status_code == 404
    assert reader.get(url).status_code == 404
    assert _client(w.outsider).get(url, {"unit": w.education.pk}).status_code == 404


def test_issue14_an_addressee_of_extracts_is_sent_the_link_to_its_extract_appendix_6_item_4(meetings_org, held):
    """Appendix 6 item 4: the protocol goes out by its distribution list — an addressee of an extract with no other
    part in the protocol (finance: a co-executor, no participant) is sent its extract; the executors the protocol."""
    from akimat.models import Notification

    w = meetings_org
    protocol = held(sign=False)
    services.set_distribution(protocol, actor=w.secretary, units=[w.org.finance, w.education], extract_only=True)
    services.submit(protocol, actor=w.secretary, steps=[])
    protocol = services.sign(protocol, actor=w.akim)
    sent = {n.recipient_id: n.url for n in Notification.objects.filter(kind="protocol_registered")}
    extract = reverse("meetings:protocol_extract", args=[protocol.pk])
    assert sent[w.finance_head.pk] == f"{extract}?unit={w.org.finance.pk}"
    assert sent[w.education_head.pk] == protocol.get_absolute_url()  # the speaker and lead executor of 1.1
    assert protocol.distribution.filter(sent_at__isnull=True).count() == 0


def test_issue14_the_package_with_the_files_is_the_pdf_and_each_items_materials_5_8(meetings_org, plan, item_of):
    """§5.8: the package "and the files" — one ZIP: the package PDF first, then the materials by item."""
    import zipfile

    w = meetings_org
    meeting = plan("apparatus", day=FRI_2026_04_03)
    first = item_of(meeting, "О подготовке школ к учебному году")
    second = item_of(meeting, "Об отопительном сезоне")
    services.add_material(first, actor=w.education_head, kind="reference_note", language="kk", upload=pdf("note.pdf"))
    services.add_material(
        second, actor=w.education_head, kind="presentation", language="ru", upload=pdf("slides.pdf", b"%PDF-1.4 x")
    )
    response = _client(w.education_head).get(reverse("meetings:package_files", args=[meeting.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["00-package.pdf", "01/reference_note-kk-note.pdf", "02/presentation-ru-slides.pdf"]
    assert archive.read("02/presentation-ru-slides.pdf") == b"%PDF-1.4 x"
    assert archive.read("00-package.pdf").startswith(b"%PDF")
    url = reverse("meetings:package_files", args=[meeting.pk])
    assert _client(w.outsider).get(url).status_code == 404


def test_issue14_an_item_without_a_decision_has_no_empty_heading_in_the_docx_appendix_6(meetings_org, held):
    """An item heard for information has no ҚАУЛЫ ЕТТІ of its own, in the .docx as in the PDF."""
    w = meetings_org
    protocol = held(sign=False)
    first = protocol.meeting.items.order_by("order", "pk").first()
    services.set_points(
        protocol, actor=w.secretary,
        points=[services.PointData(number="1.1", item=first, text_kk="Орындау", lead_unit=w.education, term_days=5)],
    )  # fmt: skip
    assert _docx_text(documents.protocol_docx(protocol, "kk")).count("ҚАУЛЫ ЕТТІ") == 1
    assert _text(documents.protocol_pdf(protocol, "kk")).count("ҚАУЛЫ ЕТТІ") == 1
