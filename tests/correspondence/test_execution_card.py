"""The execution card (003 §9.23), removal of the document's items, and accepting an answer to our request."""

# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat.models import HistoryEntry, Notification
from control import services as control_services
from control.models import ControlItem, Issuer, SourceKind
from correspondence.models import Document, ExecutionCard, Resolution
from correspondence.services.workflow import (
    accept_answer,
    fill_execution_card,
    issue_resolution,
)
from tests.correspondence.test_resolutions import (  # noqa: F401  (fixtures)
    clock,
    correspondent,
    incoming,
    make_incoming,
    mon_2026_03_16,
    mon_2026_04_13,
)


@pytest.fixture
def in_work(incoming, akim, executor, department_head):
    resolution = issue_resolution(
        incoming,
        actor=akim,
        text="Prepare the answer",
        executors=[executor.person, department_head.person],
        deadline=mon_2026_04_13,
    )
    incoming.refresh_from_db()
    return incoming, resolution.control_item


def test_the_document_is_executed_only_when_its_card_is_filled(in_work, executor):
    """003 §9.23: the card (who, what, answer number) makes the document executed."""
    document, item = in_work
    assert document.status == Document.Status.IN_WORK

    card = fill_execution_card(
        document, actor=executor, result="Answered the department", answer_number="01-15/7", executor=executor.person
    )

    document.refresh_from_db()
    item.refresh_from_db()
    # 003 §12.14: its item is still on control: "report submitted, awaiting removal", executed once removed
    assert document.status == Document.Status.REPORTED
    assert document.get_status_display() == item.get_status_display() == "report submitted, awaiting removal"
    assert card.executor == executor.person and card.answer_number == "01-15/7"
    # filled by the lead executor, the card is also their execution report on the item
    assert item.status == ControlItem.Status.REPORTED
    with pytest.raises(ValidationError):
        fill_execution_card(document, actor=executor, result="again", executor=executor.person)


def test_only_the_lead_executor_or_the_registrar_fills_the_card(in_work, department_head, registrar, executor):
    document, item = in_work
    with pytest.raises(PermissionDenied):
        fill_execution_card(document, actor=department_head, result="x", executor=executor.person)

    fill_execution_card(document, actor=registrar, result="Executed", executor=executor.person)

    item.refresh_from_db()
    assert item.status == ControlItem.Status.ON_CONTROL  # the registrar is not the lead: no report in their name


def test_a_card_needs_what_was_done(in_work, executor):
    document, _item = in_work
    with pytest.raises(ValidationError) as error:
        fill_execution_card(document, actor=executor, result=" ", executor=executor.person)
    assert "result" in error.value.message_dict
    assert not ExecutionCard.objects.exists()


@pytest.fixture
def two_items(in_work, department_head, executor):
    """The document on control twice: the akim's item and the department head's chain resolution with its own
    earlier term (a second item); the executor leads both."""
    document, item = in_work
    chain = issue_resolution(
        document,
        actor=department_head,
        text="Collect the figures",
        executors=[executor.person],
        deadline=datetime.date(2026, 4, 6),
        parent=Resolution.objects.get(control_item=item),
    )
    return document, item, chain.control_item


@pytest.fixture
def make_outgoing_answer(correspondent, executor, akim):
    def make(document: Document, *, number: str) -> Document:
        return Document.objects.create(
            kind=Document.Kind.OUTGOING,
            status=Document.Status.DISPATCHED,
            number=number,
            registered_on=mon_2026_03_16,
            correspondent=correspondent,
            summary="Our answer",
            author=executor.person,
            signer=akim.person,
            created_by=executor,
            answers=document,
        )

    return make


def test_003_9_23_one_step_the_leads_report_on_control_fills_the_documents_card(in_work, executor, registrar, akim):
    """003 §9.23, §12.14: the execution report on the item is the document's execution card — typed once; the
    document awaits removal with its item, and is executed when the item is removed."""
    document, item = in_work
    control_services.submit_report(item, actor=executor, text="Answered the ministry", outgoing_number="01-15/9")

    document.refresh_from_db()
    card = document.execution_card
    assert (card.executor, card.result, card.answer_number) == (executor.person, "Answered the ministry", "01-15/9")
    assert card.filled_by == executor
    assert document.status == Document.Status.REPORTED
    # the controller's proposal is no longer refused for a missing card
    proposal = control_services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    control_services.decide_removal(proposal, actor=akim, approve=True)
    document.refresh_from_db()
    assert document.status == Document.Status.EXECUTED
    actions = list(HistoryEntry.objects.for_object(document).values_list("action", flat=True))
    assert actions[-2:] == ["card_filled", "executed"]


def test_003_9_23_the_report_links_the_registered_answer_of_that_number(in_work, executor, make_outgoing_answer):
    document, item = in_work
    answer = make_outgoing_answer(document, number="01-15/9")
    control_services.submit_report(item, actor=executor, text="Answered", outgoing_number="01-15/9")
    card = ExecutionCard.objects.get(document=document)
    assert (card.answer, card.answer_date) == (answer, answer.registered_on)


def test_003_9_23_with_two_items_the_card_is_filled_by_the_last_report(two_items, executor, registrar):
    """A document on control twice is executed by both items: the card waits for the second report, and until
    then removal "as executed" is refused (§9.23)."""
    document, item, chain_item = two_items
    control_services.submit_report(chain_item, actor=executor, text="Figures collected")

    assert not ExecutionCard.objects.filter(document=document).exists()
    with pytest.raises(ValidationError) as error:
        control_services.propose_removal(
            chain_item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
        )
    assert "ground" in error.value.message_dict

    control_services.submit_report(item, actor=executor, text="Answer sent")
    card = ExecutionCard.objects.get(document=document)
    assert card.result == f"№ {item.number}: Answer sent\n\n№ {chain_item.number}: Figures collected" or (
        card.result == f"№ {chain_item.number}: Figures collected\n\n№ {item.number}: Answer sent"
    )
    proposal = control_services.propose_removal(
        chain_item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    assert proposal.item.status == ControlItem.Status.REMOVAL_PROPOSED


def test_removal_for_objective_reasons_does_not_need_the_card(in_work, registrar):
    _document, item = in_work
    proposal = control_services.propose_removal(
        item, actor=registrar, memo="The school was closed", ground="impossible", assessment="not_executed"
    )
    assert proposal.ground == "impossible"


def test_a_document_for_information_gets_no_card(incoming, akim, executor):
    issue_resolution(incoming, actor=akim, text="For information", executors=[executor.person], for_information=True)
    incoming.refresh_from_db()
    with pytest.raises(PermissionDenied):  # nobody leads a resolution for information
        fill_execution_card(incoming, actor=executor, result="x", executor=executor.person)


# --- accepting an answer to our outgoing request ----------------------------------------------------


@pytest.fixture
def request_on_control(clock, registrar, akim, executor, correspondent, org):
    """Our dispatched request, on control with the executor leading it."""
    request = Document.objects.create(
        kind=Document.Kind.OUTGOING,
        status=Document.Status.DISPATCHED,
        number="01-15/3",
        registered_on=mon_2026_03_16,
        correspondent=correspondent,
        summary="Request for the list of schools",
        author=executor.person,
        signer=akim.person,
        created_by=executor,
    )
    item = control_services.put_on_control(
        actor=registrar,
        text="Obtain the list of schools",
        issuer=Issuer.AKIM,
        issuer_person=akim.person,
        lead=executor.person,
        controller=org.general,
        source_kind=SourceKind.STANDALONE,
        source_label=request.label,
        source=request,
        received_on=mon_2026_03_16,
        deadline=mon_2026_04_13,
    )
    answer = make_incoming(registrar, correspondent, number="01-12/9", answers=request, summary="The list")
    return request, item, answer


def test_accepting_the_answer_submits_the_report_and_tells_the_controller(request_on_control, executor, registrar):
    """The answer to our request closes its item the regular way: report → controller's memo → decision."""
    request, item, answer = request_on_control

    reported = accept_answer(answer, actor=executor)

    item.refresh_from_db()
    answer.refresh_from_db()
    assert reported == [item]
    assert item.status == ControlItem.Status.REPORTED
    assert answer.status == Document.Status.EXECUTED
    assert answer.execution_card.result.startswith("Accepted as the answer")
    assert Notification.objects.filter(recipient=registrar, kind="control.report_submitted").exists()
    proposal = control_services.propose_removal(
        item, actor=registrar, memo="The answer came", ground="executed", assessment="executed"
    )
    assert proposal.item.status == ControlItem.Status.REMOVAL_PROPOSED
    with pytest.raises(ValidationError):
        accept_answer(answer, actor=executor)


def test_removal_of_a_request_item_as_executed_needs_an_accepted_answer(request_on_control, executor, registrar):
    _request, item, _answer = request_on_control
    control_services.submit_report(item, actor=executor, text="Sent reminders")

    with pytest.raises(ValidationError):
        control_services.propose_removal(item, actor=registrar, memo="x", ground="executed", assessment="executed")


def test_the_registrar_accepting_an_answer_tells_the_lead_to_report(request_on_control, registrar, executor):
    _request, item, answer = request_on_control

    assert accept_answer(answer, actor=registrar) == []

    item.refresh_from_db()
    assert item.status == ControlItem.Status.ON_CONTROL
    assert Notification.objects.filter(recipient=executor, kind="correspondence.answer_received").exists()


def test_a_stranger_does_not_accept_an_answer(request_on_control, department_head, outsider, incoming, executor):
    _request, _item, answer = request_on_control
    for stranger in (department_head, outsider):
        with pytest.raises(PermissionDenied):
            accept_answer(answer, actor=stranger)
    with pytest.raises(ValidationError):  # an incoming document that answers nothing of ours
        accept_answer(incoming, actor=executor)
