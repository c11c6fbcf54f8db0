"""Registration of incoming mail (003 §9.9–9.15): time rules, acceptance rules, numbers, files, ДСП, routing."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from akimat import permissions
from akimat.models import Attachment, HistoryEntry, Notification
from control.models import Urgency
from correspondence import access
from correspondence.models import Correspondent, Delivery, Document
from correspondence.services import registration
from correspondence.services.registration import (
    check_financing,
    check_signatory,
    mark_opened,
    receive_incoming,
    register_received,
    registration_date,
)
from tests.correspondence.conftest import (
    almaty,
    mon_2026_03_16,
    mon_2026_03_23,
    sat_2026_03_14,
    thu_2026_03_26,
    tue_2026_03_17,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def receive(actor, correspondent, **overrides) -> Document:
    params = {
        "actor": actor,
        "correspondent": correspondent,
        "summary": "On the readiness of schools for the heating season",
        "their_number": "02-15/778",
        "their_date": datetime.date(2026, 3, 12),
        "signatory": "B. Seitkali",
        "addressee": Document.Addressee.APPARATUS,
    }
    params.update(overrides)
    return receive_incoming(**params)


def pdf(name: str = "scan.pdf", content: bytes = b"%PDF-1.4 letter") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# --- §9.10: the registration day -----------------------------------------------------------------------

# (received at, urgency mark) → (registration day, first in the morning)
TIME_CASES = [
    pytest.param(almaty(mon_2026_03_16, 16, 59), "", mon_2026_03_16, False, id="working-day-16:59"),
    pytest.param(almaty(mon_2026_03_16, 16, 59), Urgency.URGENT, mon_2026_03_16, False, id="working-day-16:59-urgent"),
    pytest.param(almaty(mon_2026_03_16, 17, 1), "", tue_2026_03_17, True, id="working-day-17:01"),
    pytest.param(almaty(mon_2026_03_16, 17, 1), Urgency.URGENT, mon_2026_03_16, False, id="working-day-17:01-urgent"),
    pytest.param(almaty(sat_2026_03_14, 11, 0), "", mon_2026_03_16, True, id="saturday"),
    pytest.param(almaty(sat_2026_03_14, 11, 0), Urgency.VERY_URGENT, sat_2026_03_14, False, id="saturday-very-urgent"),
    pytest.param(almaty(mon_2026_03_23, 10, 0), "", thu_2026_03_26, True, id="nauryz-holiday"),
    pytest.param(almaty(mon_2026_03_23, 10, 0), Urgency.EXPEDITE, mon_2026_03_23, False, id="nauryz-holiday-expedite"),
    pytest.param(almaty(mon_2026_03_16, 8, 30), "", mon_2026_03_16, False, id="before-the-window"),
    pytest.param(almaty(mon_2026_03_16, 17, 0), "", mon_2026_03_16, False, id="the-cutoff-minute-itself"),
]


@pytest.mark.parametrize(("received_at", "urgency", "day", "first"), TIME_CASES)
def test_registration_day_follows_the_window_and_the_urgency_mark_of_9_10(received_at, urgency, day, first):
    assert registration_date(received_at, urgency) == (day, first)


@pytest.mark.parametrize(("received_at", "urgency", "day", "first"), TIME_CASES)
def test_a_letter_is_registered_at_once_or_queued_by_9_10(
    clock, registrar, akim, head_of_apparatus, correspondents, received_at, urgency, day, first
):
    # given the clock pinned at the moment of receipt
    local = received_at
    clock(local.date(), local.hour, local.minute)
    # when the registrar enters the letter
    document = receive(registrar, correspondents.state, received_at=received_at, urgency=urgency)
    # then it is registered today, or waits for its day first in the morning
    document.refresh_from_db()
    assert document.received_at == received_at
    assert document.queued_first is first
    if day == local.date():
        assert document.status == Document.Status.REGISTERED
        assert document.number == "01-12/1"
        assert document.registered_on == day
    else:
        assert document.status == Document.Status.RECEIVED
        assert document.number == ""
        assert document.registered_on is None
        assert document.registration_due == day
        assert not document.deliveries.exists()


def test_a_queued_letter_is_registered_from_its_day_on_9_10(clock, registrar, head_of_apparatus, correspondents):
    clock(mon_2026_03_16, 17, 1)
    document = receive(registrar, correspondents.state)
    with pytest.raises(ValidationError, match="17.03.2026"):
        register_received(document, actor=registrar)

    clock(tue_2026_03_17, 9, 5)
    register_received(document, actor=registrar)

    assert document.status == Document.Status.REGISTERED
    assert document.number == "01-12/1"
    assert document.registered_on == tue_2026_03_17
    assert document.deliveries.get().person == head_of_apparatus.person
    with pytest.raises(ValidationError):
        register_received(document, actor=registrar)  # a second press registers nothing twice


def test_a_letter_received_on_saturday_and_entered_on_monday_is_registered_at_once(
    clock, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 9, 10)
    document = receive(registrar, correspondents.state, received_at=almaty(sat_2026_03_14, 12))
    assert document.status == Document.Status.REGISTERED
    assert document.registered_on == mon_2026_03_16
    assert document.queued_first is True  # it was due first this morning


def test_the_queue_offers_first_what_came_after_the_cutoff_oldest_first(
    clock, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 17, 30)
    late = receive(
        registrar, correspondents.state, received_at=almaty(mon_2026_03_16, 17, 20), summary="late", their_number="1"
    )
    later = receive(
        registrar, correspondents.state, received_at=almaty(mon_2026_03_16, 17, 25), summary="later", their_number="2"
    )
    clock(tue_2026_03_17, 8, 50)
    early = receive(
        registrar, correspondents.state, received_at=almaty(tue_2026_03_17, 8, 40), summary="early", their_number="3"
    )
    assert early.status == Document.Status.REGISTERED  # before the window on a working day: that day

    assert list(registration.queue_for(registrar)) == [late, later]


def test_a_received_letter_keeps_the_competent_unit_for_its_routing_next_morning(
    clock, registrar, deputy, correspondents, org
):
    clock(mon_2026_03_16, 18)
    document = receive(registrar, correspondents.state, competent_unit=org.finance)
    clock(tue_2026_03_17, 9)
    register_received(document, actor=registrar)
    assert document.deliveries.get().person == deputy.person  # the deputy supervising finance


# --- §9.9, §9.14, §9.15: who may sign, financing --------------------------------------------------------


def test_a_letter_to_the_akim_not_signed_by_a_first_head_is_refused_9_9(clock, registrar, akim, correspondents):
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, addressee=Document.Addressee.AKIM, signatory_is_first_head=False)
    assert "§9.9" in refused.value.message_dict["signatory_is_first_head"][0]
    assert not Document.objects.exists()


def test_a_deputy_may_sign_a_letter_to_the_apparatus_9_9(clock, registrar, head_of_apparatus, correspondents):
    document = receive(registrar, correspondents.state, signatory_is_first_head=False)
    assert document.status == Document.Status.REGISTERED


def test_an_acting_signatory_needs_the_order_assigning_duties_9_14(clock, registrar, head_of_apparatus, correspondents):
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, signatory_is_acting=True)
    assert "§9.14" in refused.value.message_dict["acting_order_attached"][0]

    document = receive(registrar, correspondents.state, signatory_is_acting=True, acting_order_attached=True)
    assert document.acting_order_attached is True


def test_letters_of_central_bodies_are_excepted_from_the_signatory_rules_9_14(clock, registrar, akim, correspondents):
    document = receive(
        registrar,
        correspondents.central,
        addressee=Document.Addressee.AKIM,
        signatory_is_first_head=False,
        signatory_is_acting=True,
    )
    assert document.status == Document.Status.REGISTERED
    check_signatory(
        correspondent=correspondents.central,
        addressee=Document.Addressee.AKIM,
        signatory_is_first_head=False,
        signatory_is_acting=True,
        acting_order_attached=False,
    )


def test_a_letter_on_financing_without_prior_work_is_refused_9_15(clock, registrar, head_of_apparatus, correspondents):
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, is_financing=True)
    assert "§9.15" in refused.value.message_dict["financing_prior_work"][0]
    with pytest.raises(ValidationError):
        check_financing(correspondent=correspondents.state, is_financing=True, financing_prior_work=False)

    document = receive(registrar, correspondents.state, is_financing=True, financing_prior_work=True)
    assert document.is_financing and document.financing_prior_work


# --- numbers -----------------------------------------------------------------------------------------


def test_numbers_come_from_the_incoming_journal_with_the_general_departments_index(
    clock, registrar, head_of_apparatus, correspondents
):
    first = receive(registrar, correspondents.state)
    second = receive(registrar, correspondents.person, summary="A request for a certificate")
    assert (first.number, second.number) == ("01-12/1", "01-12/2")
    assert registration.preview_number() == "01-12/3"


def test_a_rolled_back_registration_leaves_no_gap_in_the_numbers(clock, registrar, head_of_apparatus, correspondents):
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(registrar, correspondents.state)
        raise RuntimeError("the registrar's connection dropped")
    assert receive(registrar, correspondents.state).number == "01-12/1"


def test_only_the_registrar_registers(clock, executor, head_of_apparatus, correspondents):
    with pytest.raises(PermissionDenied):
        receive(executor, correspondents.state)


# --- files ---------------------------------------------------------------------------------------------


def test_several_files_are_stored_with_their_checksums(clock, registrar, head_of_apparatus, correspondents):
    document = receive(registrar, correspondents.state, files=[pdf("letter.pdf", b"%PDF-1.7 one"), pdf("annex.pdf")])
    attachments = Attachment.objects.for_object(document).order_by("original_name")
    assert [a.original_name for a in attachments] == ["annex.pdf", "letter.pdf"]
    assert attachments[1].sha256 == hashlib.sha256(b"%PDF-1.7 one").hexdigest()
    document.refresh_from_db()
    assert document.search_vector is not None


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(
    clock, settings, registrar, head_of_apparatus, correspondents, tmp_path
):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, files=[pdf(), pdf("big.pdf", b"x" * 2048)])
    assert "big.pdf" in refused.value.message_dict["files"][0]
    assert not Document.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_file_of_a_type_outside_the_allow_list_is_refused(
    clock, settings, registrar, head_of_apparatus, correspondents
):
    settings.UPLOAD_ALLOWED_EXTENSIONS = ["pdf"]
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, files=[SimpleUploadedFile("setup.exe", b"MZ")])
    assert "setup.exe" in refused.value.message_dict["files"][0]
    assert not Document.objects.exists()


def test_a_registration_failing_after_the_files_were_stored_leaves_no_document_and_no_file(
    clock, registrar, head_of_apparatus, correspondents, monkeypatch, tmp_path
):
    def broken_route(*args, **kwargs):
        raise RuntimeError("the notification service is down")

    monkeypatch.setattr(registration, "route", broken_route)
    with pytest.raises(RuntimeError):
        receive(registrar, correspondents.state, files=[pdf(), pdf("annex.pdf")])
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(tmp_path) == []
    assert registration.preview_number() == "01-12/1"


def test_a_new_correspondent_is_saved_with_the_letter_and_not_without_it(
    clock, registrar, head_of_apparatus, correspondents
):
    new = Correspondent(name="LLP Aksu Su Arnasy", kind=Correspondent.Kind.ORGANISATION)
    with pytest.raises(ValidationError):
        receive(registrar, new, summary="")
    assert not Correspondent.objects.filter(name="LLP Aksu Su Arnasy").exists()

    document = receive(registrar, Correspondent(name="LLP Aksu Su Arnasy", kind=Correspondent.Kind.ORGANISATION))
    assert document.correspondent.pk is not None


# --- ДСП (§9.4) -----------------------------------------------------------------------------------------


def test_a_dsp_letter_is_granted_by_name_to_the_registrar_and_the_addressee_only(
    clock, registrar, akim, deputy, head_of_apparatus, auditor, correspondents
):
    document = receive(registrar, correspondents.state, addressee=Document.Addressee.AKIM, is_dsp=True)
    for user in (registrar, akim):
        permissions.forget(user)
        assert access.visible_documents(user).filter(pk=document.pk).exists()
    for user in (deputy, head_of_apparatus, auditor):
        assert not access.visible_documents(user).filter(pk=document.pk).exists()


def test_a_dsp_urgent_letter_is_granted_to_the_copy_recipient_too(
    clock, registrar, deputy, department_head, correspondents, org
):
    document = receive(registrar, correspondents.state, is_dsp=True, urgency=Urgency.URGENT, competent_unit=org.finance)
    assert access.visible_documents(department_head).filter(pk=document.pk).exists()


# --- routing (§9.10, §9.11) ---------------------------------------------------------------------------


def test_a_letter_to_the_akim_goes_to_the_akim_within_one_working_day(clock, registrar, akim, correspondents):
    clock(datetime.date(2026, 3, 20), 11)  # Friday: one working day later is Thursday 26.03 (Nauryz between)
    document = receive(registrar, correspondents.state, addressee=Document.Addressee.AKIM)
    delivery = document.deliveries.get()
    assert delivery.person == akim.person
    assert delivery.is_copy is False
    assert delivery.due_by == thu_2026_03_26
    assert document.addressee_person == akim.person
    assert Notification.objects.filter(recipient=akim, object_id=document.pk).exists()


def test_mail_to_the_apparatus_goes_by_the_supervision_map(
    clock, registrar, deputy, head_of_apparatus, correspondents, org
):
    by_map = receive(registrar, correspondents.state, competent_unit=org.finance)
    by_default = receive(registrar, correspondents.state, their_number="02-15/779", summary="On the school buses")
    assert by_map.deliveries.get().person == deputy.person
    assert by_default.deliveries.get().person == head_of_apparatus.person


def test_a_letter_to_a_deputy_goes_to_that_deputy(clock, registrar, deputy, correspondents):
    document = receive(
        registrar, correspondents.state, addressee=Document.Addressee.DEPUTY, addressee_person=deputy.person
    )
    assert document.deliveries.get().person == deputy.person
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, addressee=Document.Addressee.DEPUTY)
    assert "addressee_person" in refused.value.message_dict


def test_urgent_mail_is_due_at_once_with_a_copy_to_the_head_of_the_competent_department(
    clock, registrar, deputy, department_head, correspondents, org
):
    document = receive(registrar, correspondents.state, urgency=Urgency.URGENT, competent_unit=org.finance)
    deliveries = {d.person: d for d in document.deliveries.all()}
    assert deliveries[deputy.person].is_copy is False
    assert deliveries[department_head.person].is_copy is True
    assert {d.due_by for d in deliveries.values()} == {mon_2026_03_16}
    assert Notification.objects.filter(recipient=department_head, object_id=document.pk).exists()


def test_opening_the_document_marks_the_delivery_received_and_opened_once(
    clock, registrar, akim, deputy, correspondents
):
    document = receive(registrar, correspondents.state, addressee=Document.Addressee.AKIM)
    clock(mon_2026_03_16, 11, 30)
    assert mark_opened(document, akim) == 1
    clock(mon_2026_03_16, 15)
    assert mark_opened(document, akim) == 0  # idempotent: the first opening is what counts
    assert mark_opened(document, deputy) == 0  # not routed to the deputy
    delivery = Delivery.objects.get(document=document)
    assert delivery.opened_at == delivery.received_at == almaty(mon_2026_03_16, 11, 30)


def test_registration_writes_the_history_of_receipt_registration_and_routing(
    clock, registrar, head_of_apparatus, correspondents
):
    document = receive(registrar, correspondents.state)
    actions = list(HistoryEntry.objects.for_object(document).order_by("pk").values_list("action", flat=True))
    assert actions == ["received", "registered", "routed"]


def test_an_answer_links_to_our_outgoing_request_only(clock, registrar, head_of_apparatus, correspondents):
    incoming = receive(registrar, correspondents.state)
    with pytest.raises(ValidationError) as refused:
        receive(registrar, correspondents.state, answers=incoming)
    assert "answers" in refused.value.message_dict


# --- issue #12 §5: a likely duplicate is registered only when confirmed ------------------------------------------


def test_issue12_the_same_sender_number_and_date_is_refused_as_a_likely_duplicate(
    clock, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 10)
    first = receive(registrar, correspondents.state)
    clock(tue_2026_03_17, 11)
    # given the same letter by another channel, its number typed with spaces, another summary
    with pytest.raises(registration.LikelyDuplicate) as refused:
        receive(registrar, correspondents.state, their_number="02-15 / 778", summary="Schools: heating")
    # then nothing is written and the first letter is named
    assert refused.value.documents == [first]
    assert refused.value.code == "likely_duplicate"
    assert Document.objects.count() == 1


def test_issue12_the_same_summary_within_days_is_a_likely_duplicate(
    clock, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 10)
    first = receive(registrar, correspondents.state, their_number="", their_date=None)
    clock(tue_2026_03_17, 11)
    # a near-identical summary (trigram similarity), another sender typed anew
    with pytest.raises(registration.LikelyDuplicate) as refused:
        receive(
            registrar,
            correspondents.central,
            their_number="",
            their_date=None,
            summary="On the readiness of schools for the heating season.",
        )
    assert refused.value.documents == [first]


def test_issue12_a_confirmed_duplicate_is_registered_and_its_history_says_what_it_resembled(
    clock, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 10)
    first = receive(registrar, correspondents.state)
    second = receive(registrar, correspondents.state, duplicate_confirmed=True)
    assert second.number and second.number != first.number
    entry = HistoryEntry.objects.get(object_id=second.pk, action="received")
    assert entry.data["likely_duplicate_of"] == [first.pk]


def test_issue12_other_letters_are_not_duplicates(clock, registrar, head_of_apparatus, correspondents):
    clock(mon_2026_03_16, 10)
    receive(registrar, correspondents.state)
    # the same number of another sender, another date of the same sender, and the same summary a week later
    receive(registrar, correspondents.central, summary="On the budget")
    receive(registrar, correspondents.state, their_date=datetime.date(2026, 3, 13), summary="On the budget of schools")
    clock(thu_2026_03_26, 10)
    receive(registrar, correspondents.person, their_number="", their_date=None)
    assert Document.objects.count() == 4


def test_issue12_a_dsp_letter_not_granted_is_not_shown_as_a_duplicate(
    clock, registrar, head_of_apparatus, correspondents
):
    from tests.factories import make_person

    clock(mon_2026_03_16, 10)
    receive(registrar, correspondents.state, is_dsp=True)
    other_registrar = make_person("registrar_2", roles=("registrar",)).user
    assert (
        registration.likely_duplicates(
            correspondent=correspondents.state,
            their_number="02-15/778",
            their_date=datetime.date(2026, 3, 12),
            user=other_registrar,
        )
        == []
    )
