"""Fixtures of meetings tests: the apparatus of 003 §5 and §8 with the akimat's members, an organisational
department with the secretary, the general department that registers protocols, a clock pinned on Monday
16 March 2026 (tests/acts/conftest.py), and builders of meetings."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from akimat.models import OrgUnit
from akimat.roles import Role
from meetings import services
from meetings.models import AkimatMember, MeetingType
from tests.acts.conftest import clock  # noqa: F401  (the pinned clock, shared with the acts tests)
from tests.factories import make_person, make_unit

mon_2026_03_16 = datetime.date(2026, 3, 16)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment of a day in the akimat's time zone."""
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _head(unit: OrgUnit, username: str, *roles: str):
    person = make_person(username, unit=unit, roles=roles or (Role.DEPARTMENT_HEAD,))
    unit.head = person
    unit.save(update_fields=["head"])
    return person.user


@pytest.fixture
def meetings_org(org, registrar, akim, deputy, head_of_apparatus, department_head, general_head, outsider, clock):  # noqa: F811
    """The akim (chair), two deputies, the head of apparatus and the deputy head of apparatus — the six members
    of the akimat with the akim and two heads of bodies; the organisational department (its head, a secretary),
    the general department (registrar, its head), the legal consultant, a responsible executing body."""
    organisational = make_unit(
        "Organisational department", parent=org.apparatus, function=OrgUnit.Function.ORGANISATIONAL
    )
    legal = make_unit("Legal service", parent=org.apparatus, function=OrgUnit.Function.LEGAL)
    education = make_unit("Department of education", kind=OrgUnit.Kind.EXECUTING_BODY)
    deputy_head = make_person("deputy_head", unit=org.leadership, roles=(Role.DEPARTMENT_HEAD,))
    organisational.curator = deputy_head
    organisational.save(update_fields=["curator"])
    second_deputy = make_person("second_deputy", unit=org.leadership, roles=(Role.DEPUTY_AKIM,)).user
    org_head = _head(organisational, "org_head", Role.ORG_DEPARTMENT)
    education_head = _head(education, "education_head")
    members = [akim, deputy, second_deputy, head_of_apparatus, deputy_head.user, department_head]
    since = datetime.date(2026, 1, 1)
    for user in members:
        AkimatMember.objects.create(person=user.person, since=since)
    return SimpleNamespace(
        org=org,
        organisational=organisational,
        education=education,
        legal=legal,
        registrar=registrar,
        akim=akim,
        deputy=deputy,
        second_deputy=second_deputy,
        head_of_apparatus=head_of_apparatus,
        deputy_head=deputy_head.user,
        finance_head=department_head,
        general_head=general_head,
        org_head=org_head,
        secretary=make_person("secretary", unit=organisational, roles=(Role.ORG_DEPARTMENT,)).user,
        lawyer=_head(legal, "lawyer", Role.LEGAL_SERVICE),
        education_head=education_head,
        education_executor=make_person("education_executor", unit=education, roles=(Role.EXECUTOR,)).user,
        members=members,
        outsider=outsider,
    )


def pdf(name: str = "file.pdf", content: bytes = b"%PDF-1.4 material") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def plan(meetings_org):
    """plan(kind="session", day=…, **changes) → a meeting planned by the secretary with the akim in the chair."""

    def make(kind: str = "session", day: datetime.date = datetime.date(2026, 3, 27), hour: int = 10, **changes):
        w = meetings_org
        data = services.MeetingData(
            type=MeetingType.objects.get(code=kind),
            starts_at=at(day, hour),
            chair=w.akim.person,
            secretary=w.secretary.person,
            organiser_unit=w.organisational,
            place="Hall of sessions",
        )
        for name, value in changes.items():
            setattr(data, name, value)
        return services.plan_meeting(actor=w.secretary, data=data)

    return make


@pytest.fixture
def item_of(meetings_org):
    """item_of(meeting, title) → an agenda item with the education department responsible, curated by the deputy."""

    def make(meeting, title: str = "О подготовке школ к учебному году", **changes):
        w = meetings_org
        data = services.ItemData(
            title_kk=f"{title} (kk)",
            title_ru=title,
            speakers=[w.education_head.person],
            responsible_units=[w.education],
            curator=w.deputy.person,
            minutes=15,
        )
        for name, value in changes.items():
            setattr(data, name, value)
        return services.add_item(meeting, actor=w.secretary, data=data)

    return make


@pytest.fixture
def protocol_of(meetings_org, clock):  # noqa: F811
    """protocol_of(meeting) → the protocol of the meeting, its attendance recorded on its day (the clock stays)."""

    def make(meeting):
        w = meetings_org
        clock(timezone.localdate(meeting.starts_at))
        rows = [services.Attendance(p, present=True) for p in meeting.participants.all()]
        services.record_attendance(meeting, actor=w.secretary, rows=rows)
        return services.start_protocol(meeting, actor=w.secretary)

    return make
