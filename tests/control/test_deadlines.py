"""Deadlines of control items — 003 §12.2, §12.13, §12.15 (clock pinned, named dates)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from control import deadlines
from control.models import ControlItem, ControlType, Issuer, Urgency
from tests.control.conftest import mon_2026_03_16, mon_2026_04_13, thu_2026_03_19, thu_2026_04_02, thu_2026_04_16

pytestmark = pytest.mark.django_db


def test_very_urgent_is_three_working_days_from_receipt_12_2():
    plan = deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=mon_2026_03_16, urgency=Urgency.VERY_URGENT)
    assert plan.deadline == thu_2026_03_19
    assert plan.control_type == ControlType.URGENT
    assert (plan.term_rule, plan.term_amount, plan.term_unit) == ("control.very_urgent_term", 3, "working_days")
    assert "12.2" in plan.term_section


def test_urgent_mark_without_a_date_is_ten_working_days_skipping_nauryz_12_2():
    plan = deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=mon_2026_03_16, urgency=Urgency.URGENT)
    assert plan.deadline == thu_2026_04_02  # 23–25 March are days off
    assert plan.control_type == ControlType.URGENT


def test_no_date_and_no_mark_gives_one_month_from_receipt_12_2():
    plan = deadlines.plan_deadline(issuer=Issuer.DEPUTY_AKIM, received_on=mon_2026_03_16)
    assert plan.deadline == datetime.date(2026, 4, 16)
    assert plan.basis == ControlItem.DeadlineBasis.TERM
    assert plan.term_rule == "control.default_term"


@pytest.mark.parametrize(
    ("deadline", "control_type"),
    [
        (datetime.date(2026, 3, 27), ControlType.URGENT),  # within 10 working days
        (datetime.date(2026, 4, 13), ControlType.SHORT_TERM),  # over 10 working days, within a month
        (datetime.date(2026, 7, 1), ControlType.MEDIUM_TERM),  # one to six months
        (datetime.date(2026, 12, 1), ControlType.LONG_TERM),  # over six months
    ],
)
def test_an_explicit_date_sets_the_control_type_by_its_length_12_2(deadline, control_type):
    plan = deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=mon_2026_03_16, deadline=deadline)
    assert plan.control_type == control_type
    assert plan.basis == ControlItem.DeadlineBasis.FIXED


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day_12_15():
    saturday = datetime.date(2026, 4, 11)
    plan = deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=mon_2026_03_16, deadline=saturday)
    assert plan.deadline == mon_2026_04_13
    assert plan.fixed_date == saturday


@pytest.mark.parametrize(
    "issuer", [Issuer.PRESIDENT, Issuer.GOVERNMENT, Issuer.PRIME_MINISTER, Issuer.PRESIDENTIAL_ADMINISTRATION]
)
def test_higher_body_instructions_get_an_internal_deadline_ten_working_days_earlier_12_2(issuer):
    external = datetime.date(2026, 4, 30)
    plan = deadlines.plan_deadline(issuer=issuer, received_on=mon_2026_03_16, external_deadline=external)
    assert plan.external_deadline == external
    assert plan.deadline == thu_2026_04_16
    assert plan.term_rule == "control.higher_body_internal_offset"


def test_the_internal_deadline_never_falls_before_receipt_12_2():
    external = datetime.date(2026, 3, 20)
    plan = deadlines.plan_deadline(issuer=Issuer.PRESIDENT, received_on=mon_2026_03_16, external_deadline=external)
    assert plan.deadline == datetime.date(2026, 3, 17)


def test_a_deadline_before_receipt_is_refused():
    with pytest.raises(ValidationError):
        deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=mon_2026_03_16, deadline=datetime.date(2026, 3, 1))


def test_report_dates_are_five_and_seven_working_days_before_the_deadline_12_13():
    body, co = deadlines.report_due_dates(mon_2026_04_13)
    assert body == datetime.date(2026, 4, 6)
    assert co == thu_2026_04_02


def test_extension_is_asked_for_at_most_three_working_days_before_12_6():
    assert deadlines.last_day_to_ask_extension(mon_2026_04_13) == datetime.date(2026, 4, 8)


def test_the_removal_memo_is_due_one_working_day_after_the_deadline_12_14():
    assert deadlines.removal_memo_due(mon_2026_04_13) == datetime.date(2026, 4, 14)
