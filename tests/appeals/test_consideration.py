"""Routing of an appeal (issue #15 §2): to the official it is addressed to and their resolution on control (§13.8),
forwarding outside competence (§13.9) and of a complaint to the lower body (§13.11), a complaint never to the official
it is about, a repeat never to the employee who decided it before (001 §35), and who sees the control item (SPEC §8).
Clock pinned at 10:00 Almaty on Tuesday 17 March 2026; Nauryz keeps 21–25 March off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat import permissions
from akimat.history import history_for
from akimat.models import Notification
from appeals import services
from appeals.models import Appeal, AppealLink, AppealNotice, Kind, Result
from control.models import ControlItem, Issuer, SourceKind
from tests.appeals.conftest import individual, pdf, tue_2026_03_17
from tests.factories import make_acting_duty, make_person

pytestmark = pytest.mark.django_db

fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)
fri_2026_04_10 = datetime.date(2026, 4, 10)


def _item(appeal: Appeal) -> ControlItem:
    appeal.refresh_from_db()
    return appeal.resolution.control_item


def _kinds(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- §13.8 ---------------------------------------------------------------------------------------------------


def test_13_8_a_valid_appeal_goes_to_the_official_it_is_addressed_to_who_is_told(consider, sent):
    appeal = sent()

    assert appeal.status == Appeal.Status.SENT
    assert appeal.addressee == consider.akim.person
    # APPK art. 76: 15 working days from the day of receipt (Tuesday 17 March; Nauryz 21–25 March off)
    assert (appeal.term_from, appeal.due_on) == (tue_2026_03_17, fri_2026_04_10)
    assert "appeals.arrived" in _kinds(consider.akim)
    assert history_for(appeal).filter(action="appeal_sent").exists()


def test_13_8_only_an_official_of_the_leadership_receives_an_appeal(consider, register):
    appeal = register()

    with pytest.raises(ValidationError, match="akim, a deputy akim or the head of apparatus"):
        services.send_to_official(appeal, actor=consider.officer, official=consider.finance_head.person)
    with pytest.raises(PermissionDenied):
        services.send_to_official(appeal, actor=consider.finance_head)


def test_13_8_the_resolution_puts_the_appeal_on_control_with_the_appeal_as_source(consider, sent):
    appeal = sent()

    resolution = services.resolve(
        appeal, actor=consider.akim, lead=consider.executor.person, co_executors=[consider.org.general],
        text="Қарап, жауап беріңіз",
    )  # fmt: skip

    appeal.refresh_from_db()
    item = resolution.control_item
    assert appeal.status == Appeal.Status.ON_CONSIDERATION
    assert item.source == appeal and item.source_kind == SourceKind.APPEAL
    assert item.source_display == f"Appeal № {appeal.number} 17.03.2026"
    assert item.deadline == appeal.due_on == fri_2026_04_10
    assert (item.issuer, item.issuer_person) == (Issuer.AKIM, consider.akim.person)
    assert item.controller == consider.appeals  # §13.2: the appeals department controls the consideration
    assert [(str(e), e.is_lead) for e in item.executors.all()] == [
        (str(consider.executor.person), True),
        (str(consider.org.general), False),
    ]
    # the executors are told and see the appeal (appeals/access.py)
    assert {"appeals.resolution", "control.new_item"} <= _kinds(consider.executor)
    assert permissions.visible(consider.executor, Appeal).filter(pk=appeal.pk).exists()
    assert history_for(appeal).filter(action="appeal_resolution").exists()


def test_13_8_only_the_addressee_or_the_person_acting_for_them_writes_the_resolution(consider, sent):
    appeal = sent()
    with pytest.raises(PermissionDenied):
        services.resolve(appeal, actor=consider.deputy, lead=consider.executor.person)

    make_acting_duty(consider.deputy.person, consider.akim.person, tue_2026_03_17, fri_2026_03_20)
    permissions.forget(consider.deputy)  # the principals are memoised on the user instance
    resolution = services.resolve(appeal, actor=consider.deputy, lead=consider.executor.person)

    assert resolution.acting_for == consider.akim
    assert resolution.control_item.issuer_person == consider.akim.person


def test_13_8_a_resolution_needs_a_lead_and_no_executor_twice(consider, sent):
    appeal = sent()
    with pytest.raises(ValidationError, match="lead executor"):
        services.resolve(appeal, actor=consider.akim, lead=None)
    with pytest.raises(ValidationError, match="listed twice"):
        services.resolve(
            appeal, actor=consider.akim, lead=consider.executor.person, co_executors=[consider.executor.person]
        )


# --- SPEC §8: the control item of an appeal is seen only by those who see the appeal --------------------------


@pytest.mark.parametrize("who", ["akim", "officer", "head", "executor", "auditor"])
def test_spec_8_the_appeals_item_is_seen_by_the_official_the_appeals_department_and_the_executors(
    consider, resolved, who
):
    appeal = resolved()
    user = getattr(consider, who)

    assert permissions.can_view(user, _item(appeal))
    assert permissions.visible(user, ControlItem).filter(pk=_item(appeal).pk).exists()
    assert permissions.can_view(user, appeal)


@pytest.mark.parametrize("who", ["head_of_apparatus", "deputy", "finance_head", "registrar", "outsider"])
def test_spec_8_the_appeals_item_is_hidden_from_control_readers_who_do_not_see_the_appeal(
    consider, resolved, general_head, who
):
    """The head of apparatus sees every control item and the general department controls them all (003 §12.4), the
    executor's department head sees the items of his people: an appeal's item, restricted, opens to none of them."""
    appeal = resolved()
    users = {**vars(consider), "general_head": general_head}
    user = users[who]

    assert not permissions.can_view(user, _item(appeal))
    assert not permissions.visible(user, ControlItem).filter(pk=_item(appeal).pk).exists()
    assert not permissions.can_view(user, appeal)
    assert not permissions.can_view(general_head, _item(appeal))


# --- §13.11 and 001 §35: who may not consider it ------------------------------------------------------------


def test_13_11_a_complaint_never_goes_to_the_official_it_is_about(consider, register):
    complaint = register(kind=Kind.COMPLAINT, addressee=consider.deputy.person, complaint_about=consider.deputy.person)

    with pytest.raises(ValidationError, match="never given to them"):
        services.send_to_official(complaint, actor=consider.officer)
    services.send_to_official(complaint, actor=consider.officer, official=consider.akim.person)
    for lead, co in ((consider.deputy.person, []), (consider.executor.person, [consider.deputy.person])):
        with pytest.raises(ValidationError, match="never given to them"):
            services.resolve(complaint, actor=consider.akim, lead=lead, co_executors=co)

    services.resolve(complaint, actor=consider.akim, lead=consider.executor.person)
    complaint.refresh_from_db()
    # APPK art. 100: a complaint is considered within the complaint term, 20 working days
    assert complaint.due_on == datetime.date(2026, 4, 17)


def test_001_35_a_repeat_is_never_given_to_the_employee_who_decided_the_matter(consider, resolved, register):
    first = resolved()
    services.answer(
        first, actor=consider.officer, result=Result.EXPLAINED, text="Түсіндірілді", file=pdf(), outgoing_number="1"
    )
    consider.move_to(datetime.date(2026, 4, 20))
    repeat = register()
    assert AppealLink.objects.filter(appeal=repeat, earlier=first, kind=AppealLink.Kind.REPEAT).exists()
    services.send_to_official(repeat, actor=consider.officer)

    with pytest.raises(ValidationError, match="001 §35"):
        services.resolve(repeat, actor=consider.akim, lead=consider.executor.person)
    other = make_person("second_executor", unit=consider.org.finance)
    services.resolve(repeat, actor=consider.akim, lead=other)


# --- §13.9 forwarding ------------------------------------------------------------------------------------------


def test_13_9_forwarded_on_the_third_working_day_of_receipt_is_on_time(consider, register):
    appeal = register()
    consider.move_to(fri_2026_03_20, 17)

    notice = services.forward(appeal, actor=consider.head, body="Облыстық денсаулық сақтау басқармасы")

    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.FORWARDED and appeal.result == Result.FORWARDED
    assert (appeal.forwarded_on, appeal.forward_due_on, appeal.forwarded_late) == (
        fri_2026_03_20,
        fri_2026_03_20,
        False,
    )
    # the applicant told at the same time
    assert (notice.kind, notice.sent_on, notice.late) == (AppealNotice.Kind.FORWARDING, fri_2026_03_20, False)
    assert not ControlItem.objects.filter(source_id=appeal.pk, source_kind=SourceKind.APPEAL).exists()


def test_13_9_forwarded_on_the_fourth_working_day_is_flagged_late_never_refused(consider, register):
    appeal = register()
    consider.move_to(thu_2026_03_26)  # 21–25 March are days off: the fourth working day after 17 March

    notice = services.forward(appeal, actor=consider.head, body="Облыстық денсаулық сақтау басқармасы")

    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.FORWARDED
    assert appeal.forwarded_late and notice.late
    assert history_for(appeal).get(action="appeal_forwarded").data["late"] is True


def test_13_9_forwarding_an_appeal_on_control_takes_it_off_control(consider, resolved):
    appeal = resolved()

    services.forward(appeal, actor=consider.head, body="Аудандық полиция бөлімі")

    item = _item(appeal)
    assert item.status == ControlItem.Status.REMOVED
    assert item.removed_on == tue_2026_03_17


def test_13_9_the_head_of_the_appeals_department_signs_the_forwarding(consider, register):
    appeal = register()
    with pytest.raises(PermissionDenied):
        services.forward(appeal, actor=consider.officer, body="Аудандық полиция бөлімі")
    with pytest.raises(ValidationError):
        services.forward(appeal, actor=consider.head, body=" ")


def test_13_9_an_anonymous_report_of_a_crime_is_forwarded_and_its_task_done(consider, register):
    report = register(applicants=[], is_anonymous=True, reports_crime=True, forward_to="Аудандық полиция бөлімі")
    assert Notification.objects.filter(recipient=consider.head, kind="appeals.to_forward", action_done_at=None).exists()

    services.forward(report, actor=consider.head, body=report.forward_to)

    assert not Notification.objects.filter(
        recipient=consider.head, kind="appeals.to_forward", action_done_at=None
    ).exists()


# --- §13.11 a complaint about a lower body ----------------------------------------------------------------------


def test_13_11_a_complaint_about_a_lower_body_goes_there_with_three_working_days(consider, register):
    complaint = register(kind=Kind.COMPLAINT)

    services.forward(complaint, actor=consider.head, body="Шаян ауылдық округі әкімінің аппараты", lower_body=True)

    complaint.refresh_from_db()
    assert complaint.status == Appeal.Status.FORWARDED and complaint.to_lower_body
    assert complaint.lower_body_due_on == fri_2026_03_20  # 3 working days from today's sending
    assert history_for(complaint).filter(action="appeal_forwarded_to_lower_body").exists()


def test_13_11_only_a_complaint_goes_to_the_lower_body(consider, register):
    with pytest.raises(ValidationError, match="Only a complaint"):
        services.forward(register(), actor=consider.head, body="Шаян ауылдық округі", lower_body=True)


def test_13_11_the_case_sent_up_by_the_lower_body_is_considered_here(consider, register):
    complaint = register(kind=Kind.COMPLAINT, applicants=[individual()])
    services.forward(complaint, actor=consider.head, body="Шаян ауылдық округі", lower_body=True)
    consider.move_to(thu_2026_03_26)

    services.record_lower_body_reply(complaint, actor=consider.officer, sent_up=True, text="Іс жіберілді")
    complaint.refresh_from_db()
    assert complaint.status == Appeal.Status.REGISTERED and complaint.result == ""
    assert history_for(complaint).get(action="lower_body_replied").data["late"] is True

    services.send_to_official(complaint, actor=consider.officer)
    complaint.refresh_from_db()
    assert complaint.term_from == thu_2026_03_26
