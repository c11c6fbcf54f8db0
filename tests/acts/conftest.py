"""Fixtures of acts tests: the apparatus with the units and officials of 003 §10.4, a clock pinned on Monday
16 March 2026, and builders of drafts and uploads."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from acts import services
from acts.models import ActType, Basis
from akimat.models import OrgUnit
from akimat.roles import Role
from tests.factories import make_person, make_unit

# named dates (2026): Nauryz is 21–23 March with 24–25 March off in lieu
mon_2026_03_16 = datetime.date(2026, 3, 16)


@pytest.fixture
def clock():
    """Pin the clock to 10:00 Asia/Almaty on Monday 16 March 2026; returns a function to move it."""
    traveller = time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10) -> None:
        machine.move_to(datetime.datetime(day.year, day.month, day.day, hour - 5, 0, tzinfo=datetime.UTC))

    yield move_to
    traveller.stop()


def _head(unit: OrgUnit, username: str, *roles: str, language: str = "en"):
    person = make_person(username, unit=unit, roles=roles or (Role.DEPARTMENT_HEAD,), language=language)
    unit.head = person
    unit.save(update_fields=["head"])
    return person.user


@pytest.fixture
def acts_org(org, registrar, akim, deputy, head_of_apparatus, department_head, outsider, clock):
    """The units and officials of an act's route (003 §10.4): deputies, the head of apparatus, the curating
    deputy head, the legal consultant, the heads of finance and economy; a developer department with its head
    and executor; a second interested department."""
    legal = make_unit("Legal service", parent=org.apparatus, function=OrgUnit.Function.LEGAL)
    economy = make_unit("Economy department", parent=org.apparatus, function=OrgUnit.Function.ECONOMY)
    developer_unit = make_unit("Department of education", kind=OrgUnit.Kind.EXECUTING_BODY)
    interested = make_unit("Department of health", kind=OrgUnit.Kind.EXECUTING_BODY)
    curator = make_person("deputy_head", unit=org.leadership, roles=(Role.DEPARTMENT_HEAD,))
    developer_unit.curator = curator
    developer_unit.save(update_fields=["curator"])
    second_deputy = make_person("second_deputy", unit=org.leadership, roles=(Role.DEPUTY_AKIM,)).user
    return SimpleNamespace(
        org=org,
        legal=legal,
        economy=economy,
        developer_unit=developer_unit,
        interested=interested,
        registrar=registrar,
        akim=akim,
        deputy=deputy,
        second_deputy=second_deputy,
        head_of_apparatus=head_of_apparatus,
        curator=curator.user,
        lawyer=_head(legal, "lawyer", Role.LEGAL_SERVICE),
        finance_head=department_head,
        economy_head=_head(economy, "economy_head"),
        developer_head=_head(developer_unit, "developer_head"),
        developer=make_person("developer", unit=developer_unit, roles=(Role.EXECUTOR,)).user,
        interested_head=_head(interested, "interested_head"),
        outsider=outsider,
    )


def pdf(name: str = "file.pdf", content: bytes = b"%PDF-1.4 act") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def draft_data(acts_org):
    """A DraftData of a decision of the akim by the developer department; overrides as keyword arguments."""

    def build(**overrides) -> services.DraftData:
        values = {
            "type": ActType.DECISION,
            "is_normative": False,
            "developer_unit": acts_org.developer_unit,
            "developer": acts_org.developer.person,
            "curator": acts_org.deputy.person,
            "urgency": "",
            "basis": Basis.INITIATIVE,
            "basis_object": None,
            "basis_label": "",
            "title_kk": "Мектептер туралы",
            "title_ru": "О школах",
            "text_kk": "1. Мектептерді жөндеу.\n2. Бақылау.",
            "text_ru": "1. Отремонтировать школы.\n2. Контроль.",
        }
        values.update(overrides)
        return services.DraftData(**values)

    return build


@pytest.fixture
def make_draft(acts_org, draft_data):
    """Create a draft by the developer."""

    def make(files=(), actor=None, **overrides):
        return services.create_draft(actor=actor or acts_org.developer, data=draft_data(**overrides), files=files)

    return make


@pytest.fixture
def submitted(acts_org, make_draft):
    """Create and submit a draft on its default route."""

    def make(**overrides):
        act = make_draft(**overrides)
        return services.submit(act, actor=acts_org.developer, steps=services.default_route(act))

    return make


def agree_all(act):
    """Give every visa of the current round, stage by stage, as each approver."""
    from akimat import approvals

    for _ in range(50):
        waiting = approvals.waiting(act)
        if not waiting:
            break
        for visa in waiting:
            approvals.decide(visa, actor=visa.approver.user, agree=True)
    act.refresh_from_db()
    return act
