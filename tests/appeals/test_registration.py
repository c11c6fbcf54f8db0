"""Registration of appeals (issue #15 §1): the date of registration by APPK art. 64 and the profile's working day,
the appeals' own journal and yearly numbering (003 §13.3), accepting never refused (§13.5), who registers (§13.7),
anonymous appeals (SPEC §8), the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from akimat import history, reglament
from akimat.models import Counter, Notification, RegulationProfile
from appeals import services
from appeals.models import Appeal, Channel, Kind
from tests.appeals.conftest import (
    at,
    individual,
    mon_2026_03_16,
    sat_2026_03_14,
    tue_2026_03_17,
    wed_2026_03_18,
)

pytestmark = pytest.mark.django_db

THU_2026_05_07 = datetime.date(2026, 5, 7)  # Defender of the Fatherland Day
FRI_2026_05_08 = datetime.date(2026, 5, 8)
MON_2026_03_23 = datetime.date(2026, 3, 23)  # Nauryz
THU_2026_03_26 = datetime.date(2026, 3, 26)  # the first working day after Nauryz and its days off in lieu
THU_2026_12_31 = datetime.date(2026, 12, 31)
TUE_2027_01_05 = datetime.date(2027, 1, 5)  # 1–2 January, and 4 January off in lieu of the 2nd


def _day_ending_at(value: str) -> None:
    """An installation whose working day ends at `value` (a copy of the active profile, activated)."""
    copy = reglament.copy_profile(reglament.active_profile(), code="day-end", name_kk="Күн", name_ru="День")
    reglament.set_rule(copy, "work.day_end", value)
    reglament.activate_profile(copy)


# --- APPK art. 64: the date of registration --------------------------------------------------------------


def test_appk_64_an_appeal_received_at_16_59_on_a_working_day_is_registered_that_day(appeals_org, register):
    appeals_org.move_to(tue_2026_03_17, 16, 59)

    appeal = register()

    assert appeal.registered_on == tue_2026_03_17
    assert appeal.received_at == at(tue_2026_03_17, 16, 59)


def test_appk_64_an_appeal_received_at_18_01_after_the_working_day_is_registered_the_next_working_day(
    appeals_org, register
):
    # an installation whose working day ends at 18:00 (the profile's work.day_end)
    _day_ending_at("18:00")
    appeals_org.move_to(tue_2026_03_17, 18, 1)

    appeal = register()

    assert appeal.registered_on == wed_2026_03_18
    assert appeal.received_at == at(tue_2026_03_17, 18, 1)  # the true moment is kept


def test_appk_64_the_working_day_is_the_profiles_003_ends_at_19_00(appeals_org, register):
    """003 §17.1: the apparatus works until 19:00 — 18:01 is still the day of receipt, 19:01 is not."""
    appeals_org.move_to(tue_2026_03_17, 18, 1)
    assert register().registered_on == tue_2026_03_17

    appeals_org.move_to(tue_2026_03_17, 19, 0)
    assert register().registered_on == tue_2026_03_17  # the minute the day ends is still in

    appeals_org.move_to(tue_2026_03_17, 19, 1)
    assert register().registered_on == wed_2026_03_18


def test_appk_64_an_appeal_received_before_the_working_day_starts_is_registered_that_day(appeals_org, register):
    appeals_org.move_to(tue_2026_03_17, 7, 30)

    assert register(channel=Channel.WEBSITE).registered_on == tue_2026_03_17


def test_appk_64_an_appeal_received_on_a_saturday_is_registered_on_monday(appeals_org, register):
    appeals_org.move_to(sat_2026_03_14, 11, 0)

    appeal = register()

    assert appeal.registered_on == mon_2026_03_16
    assert appeal.received_at == at(sat_2026_03_14, 11, 0)


def test_appk_64_an_appeal_received_on_a_public_holiday_is_registered_the_next_working_day(appeals_org, register):
    appeals_org.move_to(THU_2026_05_07, 10, 0)
    assert register().registered_on == FRI_2026_05_08

    # Nauryz: 21–23 March and the days off in lieu 24–25 March
    appeals_org.move_to(MON_2026_03_23, 10, 0)
    assert register().registered_on == THU_2026_03_26


def test_appk_64_an_appeal_entered_late_is_registered_the_day_it_is_entered_and_the_history_says_late(
    appeals_org, register
):
    # received by post on Monday, entered on Wednesday: the journal does not go back in time
    appeals_org.move_to(wed_2026_03_18, 10, 0)

    appeal = register(channel=Channel.POST, signed=True, dated_on=mon_2026_03_16, received_at=at(mon_2026_03_16, 11))

    assert appeal.registered_on == wed_2026_03_18
    entry = history.history_for(appeal).get(action="appeal_registered")
    assert entry.data["late"] is True


def test_a_receipt_in_the_future_is_a_typing_error(appeals_org, register):
    with pytest.raises(ValidationError) as error:
        register(received_at=at(wed_2026_03_18, 10))
    assert "received_at" in error.value.message_dict


def test_registration_date_is_shown_before_registering(appeals_org):
    """The form can tell the registrar the date before registering (APPK art. 64)."""
    assert services.registration_date(at(sat_2026_03_14, 9)) == mon_2026_03_16
    assert services.registration_date(at(tue_2026_03_17, 19, 30)) == wed_2026_03_18


# --- §13.3: the appeals' own journal, one gapless sequence per year ------------------------------------------


def test_13_3_appeals_are_numbered_in_their_own_journal_gapless_within_the_year(appeals_org, register):
    numbers = [register().number for _ in range(3)]

    assert numbers == ["ЖТ-1", "ЖТ-2", "ЖТ-3"]
    assert [a.seq for a in Appeal.objects.order_by("seq")] == [1, 2, 3]
    # kept apart from other correspondence: the incoming journal has taken no number
    assert not Counter.objects.filter(journal__code="incoming").exists()


def test_13_3_a_registration_rolled_back_gives_its_number_back(appeals_org, register):
    register()
    with pytest.raises(RuntimeError), transaction.atomic():
        register()
        raise RuntimeError("the registration failed after the number was taken")

    assert register().number == "ЖТ-2"


def test_13_3_the_numbering_restarts_with_the_year_of_registration(appeals_org, register):
    appeals_org.move_to(THU_2026_12_31, 10, 0)
    first = register()
    second = register()
    # received after the working day on 31 December: registered on 5 January 2027, numbered in 2027
    appeals_org.move_to(THU_2026_12_31, 19, 30)
    late = register()
    appeals_org.move_to(TUE_2027_01_05, 9, 5)
    next_one = register()

    assert (first.number, first.year, second.number) == ("ЖТ-1", 2026, "ЖТ-2")
    assert (late.registered_on, late.year, late.number) == (TUE_2027_01_05, 2027, "ЖТ-1")
    assert (next_one.year, next_one.number) == (2027, "ЖТ-2")


# --- §13.5: accepting is never refused ------------------------------------------------------------------


def test_13_5_an_appeal_lacking_requisites_is_registered_all_the_same(appeals_org, register):
    appeal = register(channel=Channel.POST, summary="", addressee=None, applicants=[individual(surname="", address="")])

    assert appeal.pk and appeal.number == "ЖТ-1"
    assert appeal.status == Appeal.Status.REGISTERED
    assert appeal.missing_items == ["surname", "address", "addressee", "summary", "signature", "date"]


def test_13_7_the_head_of_the_appeals_department_is_asked_for_a_term_when_requisites_are_missing(appeals_org, register):
    appeal = register(applicants=[individual(address="")])

    notice = Notification.objects.get(recipient=appeals_org.head, object_id=appeal.pk)
    assert notice.action == services.SET_TERM.name
    assert "ЖТ-1" in notice.title
    assert "postal address" in notice.body


def test_a_complete_appeal_asks_nobody_for_a_term(appeals_org, register):
    appeal = register()

    assert appeal.missing_items == []
    assert not Notification.objects.filter(object_id=appeal.pk, action=services.SET_TERM.name).exists()


# --- §13.7: who registers ---------------------------------------------------------------------------------


def test_13_7_the_appeals_department_and_registrars_register_appeals(appeals_org, register):
    assert register(actor=appeals_org.officer).created_by == appeals_org.officer
    assert register(actor=appeals_org.head).created_by == appeals_org.head
    assert register(actor=appeals_org.registrar).created_by == appeals_org.registrar


@pytest.mark.parametrize("who", ["outsider", "finance_head", "akim"])
def test_13_7_nobody_else_registers_appeals(appeals_org, register, who):
    with pytest.raises(PermissionDenied):
        register(actor=getattr(appeals_org, who))
    assert not Appeal.objects.exists()


# --- anonymous appeals (SPEC §8) ------------------------------------------------------------------------


def test_an_anonymous_appeal_is_registered_and_closed_without_consideration(appeals_org, register):
    appeal = register(applicants=[], is_anonymous=True, channel=Channel.WEBSITE)

    assert appeal.number == "ЖТ-1"
    assert appeal.status == Appeal.Status.CLOSED
    assert appeal.closed_on == tue_2026_03_17
    assert appeal.missing_items == []  # not checked against APPK art. 63: it is not considered
    assert [e.action for e in history.history_for(appeal)] == ["appeal_registered", "appeal_closed"]


def test_an_anonymous_report_of_a_crime_is_to_be_forwarded_to_the_competent_body(appeals_org, register):
    appeal = register(
        applicants=[], is_anonymous=True, reports_crime=True, forward_to="Бәйдібек аудандық полиция бөлімі",
        kind=Kind.MESSAGE,
    )  # fmt: skip

    assert appeal.status == Appeal.Status.TO_FORWARD
    assert appeal.forward_to == "Бәйдібек аудандық полиция бөлімі"
    # §13.9: within 3 working days of receipt (the profile's appeals.forward_term)
    assert appeal.forward_due_on == datetime.date(2026, 3, 20)
    assert [e.action for e in history.history_for(appeal)] == ["appeal_registered", "appeal_to_forward"]
    notice = Notification.objects.get(recipient=appeals_org.head, object_id=appeal.pk)
    assert notice.action == services.FORWARD.name


def test_an_anonymous_report_of_a_crime_names_the_competent_body(appeals_org, register):
    with pytest.raises(ValidationError) as error:
        register(applicants=[], is_anonymous=True, reports_crime=True)
    assert "forward_to" in error.value.message_dict


def test_only_an_anonymous_appeal_is_marked_as_reporting_a_crime(appeals_org, register):
    with pytest.raises(ValidationError) as error:
        register(reports_crime=True, forward_to="Police")
    assert "reports_crime" in error.value.message_dict


def test_an_appeal_names_its_applicant_or_is_anonymous(appeals_org, register):
    with pytest.raises(ValidationError) as error:
        register(applicants=[])
    assert "applicants" in error.value.message_dict
    with pytest.raises(ValidationError):
        register(is_anonymous=True)  # an anonymous appeal names no applicant


# --- the record -----------------------------------------------------------------------------------------


def test_registration_is_recorded_in_the_history_with_its_number(appeals_org, register):
    appeal = register()

    entry = history.history_for(appeal).get()
    assert entry.action == "appeal_registered"
    assert entry.actor == appeals_org.officer
    assert entry.to_state == Appeal.Status.REGISTERED
    assert entry.data["number"] == "ЖТ-1"
    assert entry.data["registered_on"] == "2026-03-17"
    assert history.action_label("appeal_registered") == "appeal registered"


def test_a_collective_appeal_has_several_applicants_in_order(appeals_org, register):
    appeal = register(applicants=[individual(), individual(surname="Омарова", first_name="Гүлмира", patronymic="")])

    assert appeal.is_collective
    assert [p.applicant.surname for p in appeal.parties.order_by("order")] == ["Серікбаев", "Омарова"]


def test_the_profile_in_force_is_003(appeals_org):
    """The tests of the working day read the active profile: 003, as migrated."""
    assert RegulationProfile.objects.get(is_active=True).code == "003"
