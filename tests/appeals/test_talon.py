"""The talon (APPK art. 64): the unique number, the date and time of registration, the name and position of the
person who received the appeal, on the apparatus's letterhead — a PDF in Kazakh and in Russian (read back with
pypdf)."""

import io
import re

import pytest
from pypdf import PdfReader

from akimat.models import OrgUnit
from appeals import talon
from appeals.models import Channel
from tests.appeals.conftest import individual, tue_2026_03_17, wed_2026_03_18

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture
def letterhead(appeals_org):
    OrgUnit.objects.filter(pk=appeals_org.org.apparatus.pk).update(
        name_kk="Бәйдібек ауданы әкімінің аппараты", name_ru="Аппарат акима Байдибекского района"
    )


def test_appk_64_the_talon_in_kazakh(appeals_org, register, letterhead):
    appeals_org.move_to(tue_2026_03_17, 16, 59)
    appeal = register(channel=Channel.IN_PERSON, signed=True, dated_on=tue_2026_03_17)

    text = _text(talon.talon_pdf(appeal, "kk"))

    for part in (
        "Бәйдібек ауданы әкімінің аппараты".upper(),
        "ТАЛОН",
        "№ ЖТ-1",
        "Тіркелген күні мен уақыты 17.03.2026 16:59",
        "Өтініш беруші Серікбаев Нұрлан Асқарұлы",
        "Өтініштің түрі өтініш",
        "Өтінішті қабылдаған",
        "өтініштер бөлімінің бас маманы",
        "Жұмабекова Айгүл Серікқызы",
        "64-бабына",
    ):
        assert part in text, part


def test_appk_64_the_talon_in_russian(appeals_org, register, letterhead):
    appeals_org.move_to(tue_2026_03_17, 16, 59)
    appeal = register(applicants=[individual(), individual(surname="Омарова", first_name="Гүлмира", patronymic="")])

    text = _text(talon.talon_pdf(appeal, "ru"))

    for part in (
        "Аппарат акима Байдибекского района".upper(),
        "ТАЛОН",
        "Регистрационный номер № ЖТ-1",
        "Дата и время регистрации 17.03.2026 16:59",
        "Заявитель Серікбаев Нұрлан Асқарұлы; Омарова Гүлмира",
        "Вид обращения заявление",
        "Обращение принял",
        "главный специалист отдела по работе с обращениями",
        "Жұмабекова Айгүл Серікқызы",
    ):
        assert part in text, part


def test_appk_64_a_talon_of_an_appeal_received_after_hours_says_when_it_came_and_the_day_it_is_registered(
    appeals_org, register
):
    appeals_org.move_to(tue_2026_03_17, 19, 30)
    appeal = register(channel=Channel.EMAIL)

    content = talon.talon_content(appeal, "ru")

    assert appeal.registered_on == wed_2026_03_18
    assert content.registered == "18.03.2026"
    assert content.received == "17.03.2026 19:30"


def test_a_talon_is_printed_in_kazakh_or_russian_only(appeals_org, register):
    with pytest.raises(ValueError):
        talon.talon_content(register(), "en")


def test_the_talon_of_an_anonymous_appeal_says_so(appeals_org, register):
    appeal = register(applicants=[], is_anonymous=True, channel=Channel.IN_PERSON)

    assert "анонимное обращение" in _text(talon.talon_pdf(appeal, "ru"))


def test_the_talons_file_name(appeals_org, register):
    assert talon.talon_filename(register(), "kk") == "talon-ЖТ-1-2026-03-17-kk"
