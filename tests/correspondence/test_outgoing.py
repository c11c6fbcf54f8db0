"""Outgoing letters: visas, signature, the general department's check and dispatch — 003 §9.18–9.22."""

# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from akimat.history import history_for
from correspondence import access
from correspondence.models import Document
from correspondence.services import outgoing
from correspondence.services.workflow import issue_resolution
from tests.correspondence.test_resolutions import (  # noqa: F401  (fixtures)
    clock,
    correspondent,
    incoming,
    make_incoming,
    mon_2026_03_16,
    mon_2026_04_13,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


@pytest.fixture
def make_draft(clock, executor, deputy, correspondent):
    def make(**overrides) -> Document:
        params = {
            "actor": executor,
            "recipients": [correspondent],
            "summary": "On the heating season",
            "body": "Text of the letter",
            "attachments_listed": 1,
            "files": [pdf("annex.pdf")],
            "signer": deputy.person,
            "language": "kk",
        }
        params.update(overrides)
        return outgoing.create_outgoing(**params)

    return make


@pytest.fixture
def assigned(incoming, akim, executor):
    """The incoming document, with the executor named in the akim's resolution (so they see it)."""
    issue_resolution(incoming, actor=akim, text="Answer it", executors=[executor.person], deadline=mon_2026_04_13)
    return incoming


@pytest.fixture
def signed(make_draft, executor, department_head, deputy):
    draft = make_draft()
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    return outgoing.sign(draft, actor=deputy)


def test_the_default_route_is_the_department_head_then_the_supervising_deputy(executor, department_head, deputy, akim):
    """003 §9.22: the department agrees; the deputy supervising it too, unless the deputy signs."""
    assert outgoing.default_route(executor.person, signer=akim.person) == [department_head.person, deputy.person]
    assert outgoing.default_route(executor.person, signer=deputy.person) == [department_head.person]


def test_an_outgoing_letter_is_in_the_state_language_or_russian(make_draft):
    """003 §9.21."""
    with pytest.raises(ValidationError) as error:
        make_draft(language="other")
    assert "language" in error.value.message_dict
    assert make_draft(language="ru").language == "ru"


def test_an_answer_needs_the_incoming_document_it_answers(make_draft, executor, department_head, assigned, deputy):
    """003 §9.22: "Согласование исходящей корреспонденции не допускается без прилагаемого входящего документа"."""
    with pytest.raises(ValidationError) as error:
        make_draft(is_answer=True)
    assert "answers" in error.value.message_dict

    unregistered = Document.objects.create(
        kind=Document.Kind.INCOMING, status=Document.Status.RECEIVED, summary="x", created_by=executor
    )
    draft = Document.objects.create(
        kind=Document.Kind.OUTGOING,
        status=Document.Status.DRAFT,
        author=executor.person,
        signer=deputy.person,
        summary="Answer",
        answers=unregistered,
        created_by=executor,
    )
    with pytest.raises(ValidationError):
        outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    assert not draft.approvals.exists()

    answer = make_draft(is_answer=True, answers=assigned)
    outgoing.send_for_approval(answer, actor=executor, approvers=[department_head.person])
    assert answer.approvals.count() == 1


def test_visas_go_in_order_a_return_needs_a_reason_and_resubmission_is_round_2(
    make_draft, executor, department_head, head_of_apparatus, deputy
):
    """Agree or return with a written reason — "agree with remarks" does not exist."""
    draft = make_draft()
    first, second = outgoing.send_for_approval(
        draft, actor=executor, approvers=[department_head.person, head_of_apparatus.person]
    )
    with pytest.raises(ValidationError):  # not their turn yet
        outgoing.decide_visa(second, actor=head_of_apparatus, agree=True)
    with pytest.raises(PermissionDenied):
        outgoing.decide_visa(first, actor=executor, agree=True)

    outgoing.decide_visa(first, actor=department_head, agree=True)
    with pytest.raises(ValidationError) as error:
        outgoing.decide_visa(second, actor=head_of_apparatus, agree=False)
    assert "comment" in error.value.message_dict
    outgoing.decide_visa(second, actor=head_of_apparatus, agree=False, comment="Wrong addressee")

    draft.refresh_from_db()
    assert draft.status == Document.Status.RETURNED_FOR_REWORK
    with pytest.raises(ValidationError):
        outgoing.sign(draft, actor=deputy)

    steps = outgoing.send_for_approval(draft, actor=executor, approvers=[head_of_apparatus.person])
    assert [s.round for s in steps] == [2]
    outgoing.decide_visa(steps[0], actor=head_of_apparatus, agree=True)
    draft.refresh_from_db()
    assert outgoing.ready_to_sign(draft)
    assert [h.action for h in history_for(draft)][-4:] == ["agreed", "returned", "sent_for_approval", "agreed"]


def test_only_the_signer_signs_and_only_after_every_visa(make_draft, executor, department_head, deputy, akim):
    draft = make_draft()
    (step,) = outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    with pytest.raises(ValidationError):
        outgoing.sign(draft, actor=deputy)
    outgoing.decide_visa(step, actor=department_head, agree=True)
    with pytest.raises(PermissionDenied):
        outgoing.sign(draft, actor=akim)

    outgoing.sign(draft, actor=deputy)

    draft.refresh_from_db()
    assert draft.status == Document.Status.SIGNED and draft.signed_at is not None and not draft.number


def test_the_check_refuses_a_letter_whose_listed_attachment_is_missing(
    make_draft, executor, department_head, deputy, registrar
):
    """003 §9.18: the general department checks that every attachment listed is present."""
    draft = make_draft(attachments_listed=2)
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    outgoing.sign(draft, actor=deputy)

    result = outgoing.check_and_register(draft, actor=registrar, addressee_ok=True, attachments_ok=True)

    assert result.status == Document.Status.RETURNED_FOR_REWORK and not result.number
    refusal = [h for h in history_for(draft) if h.action == "check_refused"][0]
    assert "listed: 2, files: 1" in refusal.comment


def test_the_check_registers_the_letter_in_the_outgoing_journal(signed, registrar, executor, org):
    with pytest.raises(PermissionDenied):
        outgoing.check_and_register(signed, actor=executor, addressee_ok=True, attachments_ok=True)

    result = outgoing.check_and_register(signed, actor=registrar, addressee_ok=True, attachments_ok=True)

    assert result.status == Document.Status.REGISTERED
    assert result.number == "01-15/1"  # the author's department index
    assert result.registered_on == mon_2026_03_16 and result.checked_by == registrar


def test_the_clerk_returns_a_letter_with_a_wrong_addressee(signed, registrar):
    result = outgoing.check_and_register(
        signed, actor=registrar, addressee_ok=False, attachments_ok=True, comment="Another akimat"
    )
    assert result.status == Document.Status.RETURNED_FOR_REWORK


def test_only_a_signed_letter_is_checked(make_draft, registrar):
    with pytest.raises(ValidationError):
        outgoing.check_and_register(make_draft(), actor=registrar, addressee_ok=True, attachments_ok=True)


def test_dispatch_only_after_registration_and_only_by_the_general_department(signed, registrar, executor, deputy):
    """003 §9.19: "Отправка документов, минуя отдел ОДК, запрещается"."""
    with pytest.raises(ValidationError):
        outgoing.dispatch(signed, actor=registrar, channel="post", date=mon_2026_03_16)
    outgoing.check_and_register(signed, actor=registrar, addressee_ok=True, attachments_ok=True)
    for other in (executor, deputy):
        with pytest.raises(PermissionDenied):
            outgoing.dispatch(signed, actor=other, channel="post", date=mon_2026_03_16)

    result = outgoing.dispatch(signed, actor=registrar, channel="post", date=mon_2026_03_16)

    assert result.status == Document.Status.DISPATCHED
    assert result.dispatch_channel == "post" and result.dispatched_on == mon_2026_03_16


def test_no_other_code_sets_dispatched():
    """003 §9.19: outgoing.dispatch() is the only path to DISPATCHED."""
    pattern = re.compile(r"status\s*=\s*(Document\.)?Status\.DISPATCHED|status\s*=\s*[\"']dispatched[\"']")
    root = Path(settings.BASE_DIR)
    offenders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "var/")) or "/migrations/" in relative:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []  # outgoing.py goes through _set_status(document, Document.Status.DISPATCHED, ...)


def test_an_answer_dispatched_is_recorded_on_the_incoming_document(
    make_draft, assigned, executor, department_head, deputy, registrar
):
    draft = make_draft(answers=assigned, is_answer=True)
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    outgoing.sign(draft, actor=deputy)
    outgoing.check_and_register(draft, actor=registrar, addressee_ok=True, attachments_ok=True)
    outgoing.dispatch(draft, actor=registrar, channel="edms", date=mon_2026_03_16)

    assert "answered" in [h.action for h in history_for(assigned)]


def test_a_dsp_letter_opens_to_its_author_approvers_signer_and_the_general_department(
    make_draft, executor, department_head, deputy, registrar, akim
):
    draft = make_draft(is_dsp=True)
    assert access.visible_documents(executor).filter(pk=draft.pk).exists()
    assert not access.visible_documents(department_head).filter(pk=draft.pk).exists()

    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    assert access.visible_documents(department_head).filter(pk=draft.pk).exists()
    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    outgoing.sign(draft, actor=deputy)

    assert access.visible_documents(registrar).filter(pk=draft.pk).exists()
    assert not access.visible_documents(akim).filter(pk=draft.pk).exists()
