"""Memos (служебная записка): internal journal, addressee, resolution, same control — 003 §9.23, §12."""

# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat.models import Notification
from control.models import ControlItem, Issuer, SourceKind
from correspondence.models import Delivery, Document
from correspondence.services import outgoing
from correspondence.services.workflow import fill_execution_card, issue_resolution
from tests.correspondence.test_resolutions import clock, mon_2026_03_16, mon_2026_04_13  # noqa: F401


@pytest.fixture
def memo(clock, department_head, head_of_apparatus):
    return outgoing.create_memo(
        actor=department_head,
        addressee=head_of_apparatus.person,
        summary="On the staff schedule",
        body="Please consider the staff schedule of the finance department.",
    )


def test_a_signed_memo_is_registered_in_the_internal_journal_and_delivered(memo, department_head, head_of_apparatus):
    """Signing a memo is sending it: number, delivery, notification."""
    assert memo.status == Document.Status.DRAFT and memo.signer == department_head.person

    outgoing.sign(memo, actor=department_head)

    memo.refresh_from_db()
    assert memo.status == Document.Status.REGISTERED
    assert memo.number == "01-15/1" and memo.registered_on == mon_2026_03_16
    assert Delivery.objects.filter(document=memo, person=head_of_apparatus.person, is_copy=False).exists()
    assert Notification.objects.filter(recipient=head_of_apparatus, kind="correspondence.memo").exists()


def test_only_the_author_signs_a_memo(memo, head_of_apparatus):
    with pytest.raises(PermissionDenied):
        outgoing.sign(memo, actor=head_of_apparatus)


def test_a_memo_may_go_for_approval_before_it_is_signed(memo, department_head, deputy):
    """003 §9.23: memos to the head of apparatus are agreed with the supervising deputy first."""
    (step,) = outgoing.send_for_approval(memo, actor=department_head, approvers=[deputy.person])
    with pytest.raises(ValidationError):
        outgoing.sign(memo, actor=department_head)
    outgoing.decide_visa(step, actor=deputy, agree=True)

    outgoing.sign(memo, actor=department_head)

    memo.refresh_from_db()
    assert memo.status == Document.Status.REGISTERED


def test_a_resolution_on_a_memo_puts_it_on_control_like_incoming_mail(
    memo, department_head, head_of_apparatus, executor
):
    outgoing.sign(memo, actor=department_head)

    resolution = issue_resolution(
        memo, actor=head_of_apparatus, text="Prepare a proposal", executors=[executor.person], deadline=mon_2026_04_13
    )

    item = ControlItem.objects.get()
    assert resolution.control_item == item
    assert item.source_kind == SourceKind.MEMO
    assert item.issuer == Issuer.HEAD_OF_APPARATUS
    fill_execution_card(memo, actor=executor, result="Proposal submitted", executor=executor.person)
    memo.refresh_from_db()
    assert memo.status == Document.Status.REPORTED  # executed once its item is removed from control (§12.14)


def test_a_memo_needs_an_addressee_other_than_its_author(clock, department_head):
    with pytest.raises(ValidationError) as error:
        outgoing.create_memo(actor=department_head, addressee=department_head.person, summary="x", body="y")
    assert "addressee" in error.value.message_dict


def test_an_outsider_drafts_nothing(clock, outsider, department_head):
    with pytest.raises(PermissionDenied):
        outgoing.create_memo(actor=outsider, addressee=department_head.person, summary="x", body="y")
