"""Personal reception through its services (003 §14; 001 where the regulations in force are silent)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from akimat import permissions
from akimat.models import Notification
from appeals.models import Appeal, Applicant, Channel
from appeals.reception import services, tasks
from appeals.reception.models import (
    PriorityCategory,
    ReceptionCard,
    ReceptionDay,
    ReceptionNotice,
    Signup,
)
from control.models import ControlItem, SourceKind
from tests.appeals.conftest import IIN, individual, tue_2026_03_17
from tests.appeals.reception.conftest import fri_2026_03_20, fri_2026_03_27, thu_2026_03_19, thu_2026_03_26

pytestmark = pytest.mark.django_db


def _schedule(w, **changes):
    data = services.ScheduleData(
        official=w.akim.person, weekday=5, starts_at=datetime.time(10), ends_at=datetime.time(13),
        place_kk="Қоғамдық қабылдау бөлмесі", place_ru="Общественная приёмная",
    )  # fmt: skip
    for name, value in changes.items():
        setattr(data, name, value)
    return services.save_schedule_entry(actor=w.officer, data=data)


# --- the schedule (§14.1, 001 §7) ------------------------------------------------------------------------------


def test_the_schedule_is_kept_by_the_appeals_department_for_the_leadership_only_14_1(reception):
    w = reception.w
    with pytest.raises(PermissionDenied):
        services.save_schedule_entry(
            actor=w.outsider,
            data=services.ScheduleData(official=w.akim.person, weekday=5, starts_at=datetime.time(10),
                                       ends_at=datetime.time(12), place_kk="a", place_ru="b"),
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        _schedule(w, official=w.executor.person)
    assert "official" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _schedule(w, place_ru="")
    assert "place_kk" in error.value.error_dict  # 001 §7: published in kk and ru
    with pytest.raises(ValidationError) as error:
        _schedule(w, video_link="https://meet.example.kz/akim")
    assert "video_link" in error.value.error_dict  # 001 §12: only where video is allowed
    entry = _schedule(w, weeks=[1, 3])
    assert entry.weeks == [1, 3]


def test_the_days_are_set_from_the_schedule_on_working_days_only_skipping_nauryz_14_1(reception):
    w = reception.w
    _schedule(w, weekday=2)  # every Tuesday: 17 March, (24 March is a day off in lieu of Nauryz), 31 March
    _schedule(w, official=w.deputy.person, weekday=5, weeks=[1])  # the deputy on the first Friday: 3 April
    made = services.generate_days(actor=w.officer, start=tue_2026_03_17, end=datetime.date(2026, 4, 5))
    assert sorted((d.official_id, d.date) for d in made) == sorted(
        [
            (w.akim.person.pk, tue_2026_03_17),
            (w.akim.person.pk, datetime.date(2026, 3, 31)),
            (w.deputy.person.pk, datetime.date(2026, 4, 3)),
        ]
    )
    # a second run leaves the days set as they are
    assert services.generate_days(actor=w.officer, start=tue_2026_03_17, end=datetime.date(2026, 4, 5)) == []


def test_a_reception_day_is_set_on_a_working_day_and_once_per_official(reception):
    with pytest.raises(ValidationError) as error:
        reception.make_day(datetime.date(2026, 3, 24))  # off in lieu of Nauryz
    assert "date" in error.value.error_dict
    reception.make_day()
    with pytest.raises(ValidationError):
        reception.make_day()


# --- sign-up (001 §11, §14) -----------------------------------------------------------------------------------


def test_sign_up_finds_the_applicants_card_by_iin_as_the_journal_does(reception, register):
    w = reception.w
    appeal = register(applicants=[individual(iin=IIN)])
    day = reception.make_day()
    signup = reception.signup(day, iin=IIN, phone="+7 777 111 22 33")
    assert signup.applicant == appeal.parties.get().applicant
    assert Applicant.objects.count() == 1
    assert signup.official == w.akim.person and signup.status == Signup.Status.WAITING


def test_sign_up_needs_the_question_001_5_and_a_mistyped_iin_is_refused(reception):
    day = reception.make_day()
    with pytest.raises(ValidationError) as error:
        reception.signup(day, question="  ")
    assert "question" in error.value.error_dict
    with pytest.raises(ValidationError):
        reception.signup(day, iin="850101300125")  # wrong check digit


def test_the_queue_receives_the_priority_categories_out_of_turn_then_by_sign_up_001_11(reception):
    w = reception.w
    day = reception.make_day()
    first = reception.signup(day, surname="Бірінші")
    w.move_to(tue_2026_03_17, 11)
    veteran = reception.signup(day, surname="Ардагер", priority=PriorityCategory.WAR_VETERAN)
    w.move_to(tue_2026_03_17, 12)
    second = reception.signup(day, surname="Екінші")
    w.move_to(tue_2026_03_17, 13)
    pregnant = reception.signup(day, surname="Аяулы", priority=PriorityCategory.PREGNANT)
    assert list(services.queue(day)) == [veteran, pregnant, first, second]


def test_the_priority_categories_are_those_of_001_11():
    assert set(services.PRIORITY_CATEGORIES) == {
        "war_veteran", "combat_veteran", "equated_veteran", "disability", "pregnant", "altyn_kyran", "peoples_hero",
        "hero_of_labour",
    }  # fmt: skip


def test_a_question_outside_competence_is_refused_with_its_reason_001_14(reception):
    w = reception.w
    data = services.SignupData(applicant=individual(), question="Сот шешімін қайта қарау")
    with pytest.raises(ValidationError) as error:
        services.refuse_sign_up(actor=w.officer, official=w.akim.person, data=data, ground="outside_competence")
    assert "refusal_reason" in error.value.error_dict
    signup = services.refuse_sign_up(
        actor=w.officer, official=w.akim.person, data=data, ground="outside_competence",
        reason="Соттың құзыреті: облыстық сотқа жүгініңіз",
    )  # fmt: skip
    assert signup.status == Signup.Status.REFUSED and signup.day is None
    assert signup.refusal_reason.startswith("Соттың")


def test_already_answered_is_proposed_and_the_refusal_names_that_persons_earlier_answer_001_14(reception, register):
    w = reception.w
    answered = register(applicants=[individual(iin=IIN)])
    Appeal.objects.filter(pk=answered.pk).update(status=Appeal.Status.ANSWERED)
    other = register(applicants=[individual(surname="Басқа", iin="")])
    Appeal.objects.filter(pk=other.pk).update(status=Appeal.Status.ANSWERED)
    applicant = services.find_applicant(individual(iin=IIN))
    matches = services.answered_matches(applicant, "Ауылдағы көшені жарықтандыру")
    assert [m.obj.pk for m in matches] == [answered.pk]
    data = services.SignupData(applicant=individual(iin=IIN), question="Ауылдағы көшені жарықтандыру")
    with pytest.raises(ValidationError) as error:
        services.refuse_sign_up(actor=w.officer, official=w.akim.person, data=data, ground="already_answered",
                                answered_appeal=other)  # fmt: skip
    assert "reference" in error.value.error_dict
    signup = services.refuse_sign_up(
        actor=w.officer, official=w.akim.person, data=data, ground="already_answered", answered_appeal=answered
    )
    assert signup.answered_appeal == answered and signup.refusal == Signup.Refusal.ALREADY_ANSWERED


def test_only_the_appeals_department_signs_up(reception):
    day = reception.make_day()
    data = services.SignupData(applicant=individual(), question="?")
    with pytest.raises(PermissionDenied):
        services.sign_up(actor=reception.w.finance_head, day=day, data=data)


# --- cancellation (001 §15) -----------------------------------------------------------------------------------


def test_a_cancellation_two_working_days_before_reaches_every_applicant_in_time_001_15(reception):
    w = reception.w
    day = reception.make_day(fri_2026_03_27)
    with_email = reception.signup(day, email="nurlan@example.kz")
    reception.signup(day, surname="Хатсыз", iin="")
    w.move_to(fri_2026_03_20)  # the second working day before 27 March (Nauryz between)
    result = services.cancel_day(day, actor=w.akim, reason="Іссапар / командировка")
    assert not result.late
    day.refresh_from_db()
    assert day.status == ReceptionDay.Status.CANCELLED and day.notice_due_on == fri_2026_03_20
    notices = ReceptionNotice.objects.order_by("pk")
    assert notices.count() == 2 and not any(n.late for n in notices)
    assert set(Signup.objects.values_list("status", flat=True)) == {Signup.Status.CANCELLED}
    # the e-mail goes to the one who gave an address, once
    notice = notices.get(signup=with_email)
    assert tasks.send_notice_email(notice.pk) is True
    assert tasks.send_notice_email(notice.pk) is False
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nurlan@example.kz"]
    assert "27.03.2026" in mail.outbox[0].body


def test_a_later_cancellation_is_allowed_but_flagged_001_15(reception):
    w = reception.w
    day = reception.make_day(fri_2026_03_27)
    reception.signup(day)
    w.move_to(thu_2026_03_26)
    result = services.cancel_day(day, actor=w.officer, reason="Науқас / болезнь")
    assert result.late
    day.refresh_from_db()
    assert day.cancelled_late
    assert ReceptionNotice.objects.get().late
    flagged = Notification.objects.filter(kind="reception.cancelled", recipient=w.head).get()
    assert "late" in flagged.title


def test_only_the_official_or_the_appeals_department_cancels(reception):
    day = reception.make_day()
    with pytest.raises(PermissionDenied):
        services.cancel_day(day, actor=reception.w.deputy, reason="x")
    with pytest.raises(ValidationError):
        services.cancel_day(day, actor=reception.w.akim, reason=" ")


# --- the list of §14.2 ------------------------------------------------------------------------------------------


def test_the_official_gets_the_list_one_working_day_before_exactly_once_14_2(reception):
    w = reception.w
    day = reception.make_day(fri_2026_03_27)
    reception.signup(day)
    w.move_to(fri_2026_03_20, 9)  # a working day, but four working days before
    assert tasks.send_lists() == 0
    w.move_to(thu_2026_03_26, 9)  # the working day before (§14.2: 1 working day, from the profile)
    assert tasks.send_lists() == 1
    assert tasks.send_lists() == 0  # beat twice, or a retry: still once
    notification = Notification.objects.get(kind="reception.list")
    assert notification.recipient == w.akim
    assert notification.url.endswith(f"/days/{day.pk}/list.pdf")
    day.refresh_from_db()
    assert day.list_sent_on == thu_2026_03_26


def test_the_list_is_not_sent_on_a_day_off_nor_for_a_cancelled_day_14_2(reception):
    w = reception.w
    day = reception.make_day(thu_2026_03_19)
    services.cancel_day(day, actor=w.akim, reason="x")
    w.move_to(datetime.date(2026, 3, 18), 9)
    assert tasks.send_lists() == 0
    w.move_to(datetime.date(2026, 3, 21), 9)  # Saturday
    assert tasks.send_lists() == 0


# --- the card (§14.4; 001 §23, §25, §35) ---------------------------------------------------------------------------


def _received(reception, day=None):
    w = reception.w
    day = day or reception.make_day(thu_2026_03_19)
    signup = reception.signup(day, iin=IIN)
    w.move_to(thu_2026_03_19, 11)
    services.mark_received(signup, actor=w.officer)
    return services.start_card(signup, actor=w.officer)


def test_the_cards_instructions_go_on_control_with_the_card_as_source_and_its_restriction_14_4_001_23(reception):
    w = reception.w
    card = _received(reception)
    data = services.CardData(
        asked=card.asked, answer="Түсіндірілді",
        instructions=[services.InstructionData("Жарықтандыруды орнату", w.executor.person,
                                               datetime.date(2026, 4, 30))],
    )  # fmt: skip
    services.save_card(card, actor=w.officer, data=data)
    items = services.complete_card(card, actor=w.officer)
    assert len(items) == 1
    item = ControlItem.objects.get(pk=items[0].pk)
    assert item.source_kind == SourceKind.RECEPTION and item.source == card
    assert item.restricted_by == permissions.restriction_key(card) != ""
    assert item.controller == w.appeals  # §14.4: the appeals department controls them
    card.refresh_from_db()
    assert card.status == ReceptionCard.Status.COMPLETED
    # the card and its items: the appeals department, the official and the executor — not the auditor, not the
    # head of another department, not the administrator by role
    for user in (w.officer, w.head, w.akim, w.executor):
        assert permissions.can_view(user, card), user
        assert permissions.can_view(user, item), user
    for user in (w.auditor, w.finance_head, w.outsider, w.deputy):
        assert not permissions.can_view(user, card), user
        assert not permissions.visible(user, ControlItem).filter(pk=item.pk).exists(), user
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", password="x")
    assert not permissions.can_view(admin, card)


def test_an_instruction_to_the_employee_who_decided_the_matter_before_is_refused_001_35(reception):
    w = reception.w
    card = _received(reception)
    data = services.CardData(
        asked=card.asked, previous_decider=w.executor.person,
        instructions=[services.InstructionData("Қайта қарау", w.executor.person, datetime.date(2026, 4, 30))],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.save_card(card, actor=w.officer, data=data)
    assert "001 §35" in str(error.value.error_dict["instructions"][0].messages[0])
    data.instructions[0].executor = w.finance_head.person
    services.save_card(card, actor=w.officer, data=data)
    card.refresh_from_db()
    assert card.previous_decider == w.executor.person


def test_the_visitors_written_appeal_is_registered_in_the_journal_and_linked_001_25(reception):
    w = reception.w
    card = _received(reception)
    appeal = services.register_written_appeal(card, actor=w.officer, summary="Көшені жарықтандыру туралы өтініш")
    assert appeal.channel == Channel.RECEPTION and appeal.addressee == w.akim.person
    assert appeal.parties.get().applicant == card.applicant
    card.refresh_from_db()
    assert card.appeal == appeal
    with pytest.raises(ValidationError):
        services.register_written_appeal(card, actor=w.officer, summary="again")


def test_a_card_is_written_only_for_a_visitor_received(reception):
    w = reception.w
    day = reception.make_day(thu_2026_03_19)
    signup = reception.signup(day)
    with pytest.raises(ValidationError):
        services.start_card(signup, actor=w.officer)
    with pytest.raises(ValidationError):
        services.mark_received(signup, actor=w.officer)  # before the day
    w.move_to(thu_2026_03_19)
    services.mark_absent(signup, actor=w.officer)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.ABSENT
    assert ReceptionDay.objects.get(pk=day.pk).status == ReceptionDay.Status.HELD


def test_the_cancellation_notice_term_comes_from_the_profile_or_001_15():
    term = services.cancel_notice_term()
    assert (term.amount, term.unit) == (2, "working_days")
    assert services.notice_due_on(fri_2026_03_27) == fri_2026_03_20
