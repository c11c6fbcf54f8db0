"""Resolutions on incoming documents — 003 §9.10, §9.13, §9.16 (and the shared helpers of these tests)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from akimat.models import Notification
from control import services as control_services
from control.models import ControlItem, Issuer, SourceKind
from correspondence import access
from correspondence.models import Correspondent, Delivery, Document, Resolution
from correspondence.services.workflow import acknowledge, issue_resolution

# named dates (2026): Nauryz is 21–23 March with 24–25 March off in lieu
mon_2026_03_16 = datetime.date(2026, 3, 16)
fri_2026_03_13 = datetime.date(2026, 3, 13)
thu_2026_03_19 = datetime.date(2026, 3, 19)
thu_2026_03_26 = datetime.date(2026, 3, 26)
mon_2026_04_13 = datetime.date(2026, 4, 13)
thu_2026_04_02 = datetime.date(2026, 4, 2)


@pytest.fixture
def clock():
    """Pin the clock to 10:00 Asia/Almaty on Monday 16 March 2026; returns a function to move it."""
    traveller = time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10) -> None:
        machine.move_to(datetime.datetime(day.year, day.month, day.day, hour - 5, 0, tzinfo=datetime.UTC))

    yield move_to
    traveller.stop()


@pytest.fixture
def correspondent(db):
    return Correspondent.objects.create(name="Department of education of the oblast", kind="state_body")


def make_incoming(registrar, correspondent, *, number="01-12/1", addressee=None, **fields) -> Document:
    """A registered incoming document (as the registration screens leave it)."""
    values = {
        "kind": Document.Kind.INCOMING,
        "status": Document.Status.REGISTERED,
        "number": number,
        "registered_on": mon_2026_03_16,
        "correspondent": correspondent,
        "summary": "On the preparation of schools for the heating season",
        "created_by": registrar,
        "registered_by": registrar,
        "addressee": Document.Addressee.AKIM if addressee is None else Document.Addressee.DEPUTY,
        "addressee_person": addressee,
    }
    values.update(fields)
    document = Document.objects.create(**values)
    if document.is_dsp:
        access.grant(document, registrar)
    return document


@pytest.fixture
def incoming(clock, registrar, akim, correspondent):
    return make_incoming(registrar, correspondent, addressee=None, addressee_person=akim.person)


def test_a_resolution_with_a_deadline_creates_exactly_one_control_item(incoming, akim, executor, org):
    """003 §9.13, §9.16: lead first, co-executors after, the deadline, the general department controls."""
    resolution = issue_resolution(
        incoming,
        actor=akim,
        text="Prepare the information",
        executors=[org.finance, executor.person],
        deadline=mon_2026_04_13,
    )

    item = ControlItem.objects.get()
    assert resolution.control_item == item
    assert item.source == resolution
    assert item.source_kind == SourceKind.INCOMING
    assert item.issuer == Issuer.AKIM and item.issuer_person == akim.person
    assert item.controller == org.general
    assert item.deadline == mon_2026_04_13
    assert item.received_on == incoming.registered_on
    lead = item.executors.get(is_lead=True)
    assert lead.unit == org.finance
    assert [row.person for row in item.executors.filter(is_lead=False)] == [executor.person]
    incoming.refresh_from_db()
    assert incoming.status == Document.Status.IN_WORK


def test_the_lead_is_the_first_listed_unless_another_is_marked(incoming, akim, executor, department_head):
    """003 §9.16: "свод" stays with the executor listed first when no mark is given."""
    first = issue_resolution(
        incoming, actor=akim, text="A", executors=[executor.person, department_head.person], deadline=mon_2026_04_13
    )
    assert first.executors.get(is_lead=True).person == executor.person

    marked = issue_resolution(
        incoming,
        actor=akim,
        text="B",
        executors=[executor.person, department_head.person],
        lead_index=1,
        deadline=mon_2026_04_13,
    )
    assert marked.executors.get(is_lead=True).person == department_head.person
    assert marked.control_item.executors.get(is_lead=True).person == department_head.person


def test_a_resolution_without_a_deadline_is_for_information_and_is_acknowledged(incoming, akim, executor, deputy):
    """003 §9.13: no deadline → no control item, the executors acknowledge."""
    resolution = issue_resolution(
        incoming, actor=akim, text="For information", executors=[executor.person], for_information=True
    )

    assert resolution.for_information and resolution.control_item is None
    assert not ControlItem.objects.exists()
    incoming.refresh_from_db()
    assert incoming.status == Document.Status.FOR_INFORMATION
    assert Notification.objects.filter(recipient=executor, kind="correspondence.resolution").exists()

    with pytest.raises(PermissionDenied):
        acknowledge(resolution, actor=deputy)
    rows = acknowledge(resolution, actor=executor)
    assert rows[0].acknowledged_at is not None
    with pytest.raises(ValidationError):
        acknowledge(resolution, actor=executor)


def test_a_chain_resolution_distributes_the_task_without_a_second_item(
    clock, registrar, correspondent, deputy, department_head, executor
):
    """Deputy → department head → staff: the same task stays one control item unless its own deadline."""
    document = make_incoming(registrar, correspondent, addressee=deputy.person)
    top = issue_resolution(
        document, actor=deputy, text="Work it out", executors=[department_head.person], deadline=mon_2026_04_13
    )

    chain = issue_resolution(document, actor=department_head, text="To you", executors=[executor.person], parent=top)

    assert ControlItem.objects.count() == 1
    assert chain.control_item is None and chain.deadline == mon_2026_04_13

    own = issue_resolution(
        document,
        actor=department_head,
        text="Draft by Thursday",
        executors=[executor.person],
        parent=top,
        deadline=thu_2026_04_02,
    )
    assert ControlItem.objects.count() == 2
    # a department head's resolution gives the instruction on behalf of the top resolution's author
    assert own.control_item.issuer == Issuer.DEPUTY_AKIM
    assert own.control_item.issuer_person == deputy.person

    with pytest.raises(ValidationError) as error:
        issue_resolution(
            document,
            actor=department_head,
            text="Later",
            executors=[executor.person],
            parent=top,
            deadline=datetime.date(2026, 5, 4),
        )
    assert "deadline" in error.value.message_dict


def test_only_the_addressee_whom_it_was_routed_to_or_an_executor_up_the_chain_writes_one(
    incoming, akim, executor, head_of_apparatus, outsider
):
    """003 §9.13: a resolution is the addressee's (or, down the chain, the executor's)."""
    for stranger in (executor, head_of_apparatus, outsider):
        with pytest.raises(PermissionDenied):
            issue_resolution(incoming, actor=stranger, text="x", executors=[executor.person])

    Delivery.objects.create(
        document=incoming, person=head_of_apparatus.person, sent_at=incoming.created_at, due_by=mon_2026_03_16
    )
    resolution = issue_resolution(incoming, actor=head_of_apparatus, text="x", executors=[executor.person])
    assert resolution.author == head_of_apparatus.person

    with pytest.raises(PermissionDenied):  # not an executor of the akim's... nor of this one
        issue_resolution(incoming, actor=akim, text="y", executors=[executor.person], parent=resolution)


def test_the_registrar_enters_a_paper_resolution_per_resolution_of_the_akim(incoming, registrar, akim, executor):
    """A resolution written on paper is entered by the general department in the official's name."""
    resolution = issue_resolution(
        incoming,
        actor=registrar,
        text="Per resolution of the akim",
        executors=[executor.person],
        deadline=mon_2026_04_13,
        on_paper_author=akim.person,
    )

    assert resolution.on_paper and resolution.author == akim.person and resolution.entered_by == registrar
    assert resolution.control_item.issuer == Issuer.AKIM
    assert resolution.control_item.issuer_person == akim.person
    with pytest.raises(PermissionDenied):
        issue_resolution(incoming, actor=executor, text="x", executors=[executor.person], on_paper_author=akim.person)


def test_a_resolution_is_refused_without_executors_with_a_duplicate_or_a_past_deadline(incoming, akim, executor):
    cases = [
        ({"executors": []}, "executors"),
        ({"executors": [executor.person, executor.person]}, "executors"),
        ({"executors": [executor.person], "deadline": fri_2026_03_13}, "deadline"),
        ({"executors": [executor.person], "lead_index": 3}, "lead"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            issue_resolution(incoming, actor=akim, text="x", **kwargs)
        assert field in error.value.message_dict
    assert not Resolution.objects.exists()


def test_an_executor_not_competent_asks_for_a_redirect_within_3_working_days(clock, incoming, akim, executor, org):
    """003 §9.10 (§12.5): a memo to the resolution's author within 3 working days; the author decides."""
    resolution = issue_resolution(
        incoming, actor=akim, text="Check the tariffs", executors=[executor.person], deadline=mon_2026_04_13
    )
    item = resolution.control_item

    request = control_services.request_redirect(
        item, actor=executor, memo="Tariffs are not ours", proposed_unit=org.general
    )
    control_services.decide_redirect(request, actor=akim, approve=True)
    assert item.executors.get(is_lead=True).unit == org.general

    other = issue_resolution(incoming, actor=akim, text="Another", executors=[executor.person], deadline=mon_2026_04_13)
    clock(thu_2026_03_26)  # 16.03 + 3 working days = 19.03; Nauryz holidays in between do not count
    with pytest.raises(ValidationError):
        control_services.request_redirect(other.control_item, actor=executor, memo="Late")


def test_executors_of_a_dsp_document_are_granted_it_by_name(clock, registrar, akim, correspondent, executor, org):
    """003 §9.4: a ДСП document opens only to the people who take part in it."""
    document = make_incoming(registrar, correspondent, addressee_person=akim.person, is_dsp=True)
    access.grant(document, akim)
    assert not access.visible_documents(executor).filter(pk=document.pk).exists()

    issue_resolution(document, actor=akim, text="x", executors=[executor.person], deadline=mon_2026_04_13)

    assert access.visible_documents(executor).filter(pk=document.pk).exists()


def test_a_document_on_control_goes_back_in_work_after_a_later_controlled_resolution(incoming, akim, executor):
    issue_resolution(incoming, actor=akim, text="For information", executors=[executor.person], for_information=True)
    issue_resolution(incoming, actor=akim, text="Now do it", executors=[executor.person], urgency="urgent")

    incoming.refresh_from_db()
    assert incoming.status == Document.Status.IN_WORK
    assert ControlItem.objects.get().urgency == "urgent"


def test_a_deputy_acting_for_the_akim_writes_the_resolution_in_the_akims_name(incoming, akim, deputy, executor):
    """SPEC §3.1 acting duties: the record shows the acting person and the official they act for."""
    from akimat.history import history_for
    from tests.factories import make_acting_duty

    make_acting_duty(deputy.person, akim.person, mon_2026_03_16, mon_2026_04_13)

    resolution = issue_resolution(
        incoming, actor=deputy, text="Acting", executors=[executor.person], deadline=mon_2026_04_13
    )

    assert resolution.author == akim.person and resolution.entered_by == deputy
    assert resolution.control_item.issuer == Issuer.AKIM
    entry = [h for h in history_for(incoming) if h.action == "resolution"][0]
    assert entry.actor == deputy and entry.acting_for == akim
