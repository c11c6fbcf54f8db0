"""Fixtures of appeals tests: the apparatus of 003 §13 — an appeals department (its head and an officer), the
general department's registrar, the akim, a deputy, the head of apparatus, an unrelated department head, an auditor
and an outsider; a clock pinned in Almaty time on Tuesday 17 March 2026; builders of applicants and appeals."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from akimat.models import OrgUnit, Person
from akimat.roles import Role
from appeals import services
from appeals.models import Channel
from tests.factories import make_person, make_unit

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
# named dates (2026): Nauryz is 21–23 March with 24–25 March off in lieu; 7 May is Defender of the Fatherland Day
sat_2026_03_14 = datetime.date(2026, 3, 14)
mon_2026_03_16 = datetime.date(2026, 3, 16)
tue_2026_03_17 = datetime.date(2026, 3, 17)
wed_2026_03_18 = datetime.date(2026, 3, 18)

#: a valid IIN (born 1 January 1985, a man of the 20th century; check digit 4) and BIN (check digit 0)
IIN = "850101300124"
BIN = "120340004710"


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a day in Almaty time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def clock():
    """Pin the clock to 10:00 Almaty on Tuesday 17 March 2026; returns move_to(day, hour=10, minute=0)."""
    traveller = time_machine.travel(at(tue_2026_03_17), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10, minute: int = 0) -> None:
        machine.move_to(at(day, hour, minute))

    yield move_to
    traveller.stop()


def _head(unit: OrgUnit, username: str, *roles: str):
    person = make_person(username, unit=unit, roles=roles or (Role.DEPARTMENT_HEAD,))
    unit.head = person
    unit.save(update_fields=["head"])
    return person.user


@pytest.fixture
def appeals_org(org, registrar, akim, deputy, head_of_apparatus, department_head, auditor, outsider, clock):
    """The appeals department (003 §13.2) with its head and an officer, and the personas of tests/conftest.py."""
    appeals = make_unit("Appeals department", parent=org.apparatus, function=OrgUnit.Function.APPEALS)
    head = _head(appeals, "appeals_head")
    officer = make_person("appeals_officer", unit=appeals, roles=(Role.APPEALS_OFFICER,)).user
    Person.objects.filter(pk=officer.person.pk).update(
        full_name="Жұмабекова Айгүл Серікқызы",
        position_kk="өтініштер бөлімінің бас маманы",
        position_ru="главный специалист отдела по работе с обращениями",
    )
    officer.person.refresh_from_db()
    return SimpleNamespace(
        org=org,
        appeals=appeals,
        head=head,
        officer=officer,
        registrar=registrar,
        akim=akim,
        deputy=deputy,
        head_of_apparatus=head_of_apparatus,
        finance_head=department_head,
        auditor=auditor,
        outsider=outsider,
        move_to=clock,
    )


def individual(**changes) -> services.ApplicantData:
    """An individual with every requisite of APPK art. 63."""
    data = services.ApplicantData(
        surname="Серікбаев",
        first_name="Нұрлан",
        patronymic="Асқарұлы",
        address="Түркістан облысы, Бәйдібек ауданы, Шаян ауылы, Төле би көшесі, 12",
        phone="+7 701 000 00 00",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def legal_entity(**changes) -> services.ApplicantData:
    """A legal entity with every requisite of APPK art. 63."""
    data = services.ApplicantData(
        type="legal_entity", organisation="«Шаян Агро» ЖШС", address="Шаян ауылы, Абай көшесі, 3"
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def register(appeals_org):
    """register(actor=officer, **changes) → an appeal with every requisite, through e-Otinish, to the akim."""

    def make(actor=None, **changes):
        data = services.AppealData(
            channel=Channel.E_OTINISH,
            summary="Ауылдағы көшені жарықтандыру туралы / Об освещении улицы в ауле Шаян",
            addressee=appeals_org.akim.person,
            applicants=[individual()],
            received_at=timezone.now(),
        )
        for name, value in changes.items():
            setattr(data, name, value)
        return services.register_appeal(actor=actor or appeals_org.officer, data=data)

    return make


# --- consideration (§13.8–§13.11, APPK art. 73, 76): the executors and an appeal sent to the akim ----------------


@pytest.fixture
def consider(appeals_org):
    """appeals_org with an executor of the finance department (its head is appeals_org.finance_head)."""
    executor = make_person("appeal_executor", unit=appeals_org.org.finance, roles=(Role.EXECUTOR,)).user
    return SimpleNamespace(**vars(appeals_org), executor=executor)


@pytest.fixture
def sent(consider, register):
    """sent(**changes) → an appeal registered now and sent by the appeals officer to its addressee (the akim)."""

    def make(**changes):
        appeal = register(**changes)
        return services.send_to_official(appeal, actor=consider.officer)

    return make


@pytest.fixture
def resolved(consider, sent):
    """resolved(**changes) → an appeal the akim gave to the executor on the default term (§13.8)."""

    def make(**changes):
        appeal = sent(**changes)
        services.resolve(appeal, actor=consider.akim, lead=consider.executor.person, text="Қарап, жауап беріңіз")
        appeal.refresh_from_db()
        return appeal

    return make


def pdf(name: str = "answer.pdf"):
    """A small valid PDF upload (the signed answer)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
