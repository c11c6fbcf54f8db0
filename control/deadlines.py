"""Deadlines of control items from the active regulation profile — 003 §12.2, §12.13, §12.15.

Every date here comes from akimat/workdays.py; every number from akimat/reglament.py.
"""

import datetime
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from akimat import reglament, workdays
from control.models import HIGHER_BODIES_WITH_INTERNAL_OFFSET, ControlItem, ControlType, Urgency

AFTER = "after"
BEFORE = "before"


@dataclass(frozen=True)
class DeadlinePlan:
    """The deadline of an item and how it was set (kept on the item so it can be recomputed)."""

    deadline: datetime.date
    control_type: str
    basis: str
    fixed_date: datetime.date | None = None
    external_deadline: datetime.date | None = None
    term_rule: str = ""
    term_amount: int | None = None
    term_unit: str = ""
    term_from: datetime.date | None = None
    term_direction: str = AFTER
    term_section: str = ""

    def apply_to(self, item: ControlItem) -> None:
        """Copy the plan onto an item (not saved)."""
        item.deadline = self.deadline
        item.control_type = self.control_type
        item.deadline_basis = self.basis
        item.fixed_date = self.fixed_date
        item.external_deadline = self.external_deadline
        item.term_rule = self.term_rule
        item.term_amount = self.term_amount
        item.term_unit = self.term_unit
        item.term_from = self.term_from
        item.term_direction = self.term_direction
        item.term_section = self.term_section


def _shift(start: datetime.date, amount: int, unit: str, direction: str, calendar=None) -> datetime.date:
    cal = calendar or workdays
    if unit == "working_days":
        return cal.add_working_days(start, amount) if direction == AFTER else cal.subtract_working_days(start, amount)
    if unit == "calendar_days" and direction == AFTER:
        return cal.add_calendar_days(start, amount)
    if unit == "months" and direction == AFTER:
        return cal.add_months(start, amount)
    raise ValueError(f"cannot count {amount} {unit} {direction}")


def _term_plan(
    rule_key: str, start: datetime.date, control_type: str, *, direction: str = AFTER, **extra
) -> DeadlinePlan:
    term = reglament.term(rule_key)
    return DeadlinePlan(
        deadline=_shift(start, term.amount, term.unit, direction),
        control_type=control_type,
        basis=ControlItem.DeadlineBasis.TERM,
        term_rule=rule_key,
        term_amount=term.amount,
        term_unit=term.unit,
        term_from=start,
        term_direction=direction,
        term_section=term.section,
        **extra,
    )


def control_type_for(received_on: datetime.date, deadline: datetime.date) -> str:
    """003 §12.2: the type of control from the length of the term (an explicit date sets the type)."""
    if deadline <= _shift(received_on, reglament.term("control.urgent_term").amount, "working_days", AFTER):
        return ControlType.URGENT
    if deadline <= workdays.add_months(received_on, reglament.term("control.short_term_max").amount):
        return ControlType.SHORT_TERM
    if deadline <= workdays.add_months(received_on, reglament.term("control.medium_term_max").amount):
        return ControlType.MEDIUM_TERM
    return ControlType.LONG_TERM


def plan_deadline(
    *,
    issuer: str,
    received_on: datetime.date,
    urgency: str = "",
    deadline: datetime.date | None = None,
    external_deadline: datetime.date | None = None,
) -> DeadlinePlan:
    """The deadline of a new item from its issuer, urgency mark and given dates (003 §12.2)."""
    if deadline is not None and deadline < received_on:
        raise ValidationError(_("The deadline cannot be earlier than the date the instruction was received."))
    if issuer in HIGHER_BODIES_WITH_INTERNAL_OFFSET and external_deadline is not None:
        # 003 §12.2(1)–(3): put on control 10 working days before the higher body's deadline
        if external_deadline < received_on:
            raise ValidationError(_("The deadline of the higher body has already passed."))
        plan = _term_plan(
            "control.higher_body_internal_offset",
            external_deadline,
            ControlType.URGENT,
            direction=BEFORE,
            external_deadline=external_deadline,
        )
        # the higher body may leave less than the offset: then the internal deadline is the next working day
        internal = _not_before_next_working_day(plan.deadline, received_on, external_deadline)
        return replace(plan, deadline=internal, control_type=control_type_for(received_on, internal))
    if urgency == Urgency.VERY_URGENT:
        # 003 §12.2: "весьма срочно" — within three working days
        return _term_plan("control.very_urgent_term", received_on, ControlType.URGENT)
    if urgency in {Urgency.URGENT, Urgency.EXPEDITE} and deadline is None:
        # 003 §12.2: "срочно", "ускорить" — up to ten working days
        key = "control.urgent_term" if urgency == Urgency.URGENT else "control.expedite_term"
        return _term_plan(key, received_on, ControlType.URGENT)
    if deadline is not None:
        # 003 §12.15: a deadline on a non-working day moves to the next working day
        moved = workdays.next_working_day(deadline)
        control_type = ControlType.URGENT if urgency else control_type_for(received_on, moved)
        return DeadlinePlan(
            deadline=moved,
            control_type=control_type,
            basis=ControlItem.DeadlineBasis.FIXED,
            fixed_date=deadline,
            external_deadline=external_deadline,
        )
    # 003 §12.2: no deadline given — one month from receipt
    return _term_plan("control.default_term", received_on, ControlType.SHORT_TERM, external_deadline=external_deadline)


def fixed_plan(item: ControlItem, new_deadline: datetime.date) -> DeadlinePlan:
    """A new fixed deadline (an extension) keeping the item's other dates; the type follows the length."""
    moved = workdays.next_working_day(new_deadline)
    return DeadlinePlan(
        deadline=moved,
        control_type=control_type_for(item.received_on, moved),
        basis=ControlItem.DeadlineBasis.FIXED,
        fixed_date=new_deadline,
        external_deadline=item.external_deadline,
    )


def recomputed_deadline(item: ControlItem, calendar=None) -> datetime.date:
    """The item's deadline counted again by the same rule (after the calendar changed)."""
    cal = calendar or workdays
    if item.deadline_basis == ControlItem.DeadlineBasis.FIXED:
        return cal.next_working_day(item.fixed_date)
    date = _shift(item.term_from, item.term_amount, item.term_unit, item.term_direction, cal)
    if item.term_direction == BEFORE:
        date = _not_before_next_working_day(date, item.received_on, item.term_from, cal)
    return date


def _not_before_next_working_day(internal, received_on, external, calendar=None) -> datetime.date:
    """An internal deadline counted back from a near external one is at least the next working day
    after receipt (and never after the external deadline)."""
    cal = calendar or workdays
    return min(max(internal, cal.next_working_day(received_on, include_self=False)), external)


def report_due_dates(
    deadline: datetime.date, calendar=None, *, not_before: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """003 §12.13: executing bodies report 5 working days before; co-executors to the lead 7 before.

    Never before the day the task was given (`not_before`, the item's given_on): with a term shorter than
    the offsets the report is due on the assignment day itself (issue #12 §2) — a date already passed
    when the task arrives cannot be met and would show as overdue at once."""
    cal = calendar or workdays
    body = cal.subtract_working_days(deadline, reglament.term("control.report_before_executing_body").amount)
    co = cal.subtract_working_days(deadline, reglament.term("control.report_before_co_executor").amount)
    return _not_before(body, not_before), _not_before(co, not_before)


def last_day_to_ask_extension(deadline: datetime.date, *, not_before: datetime.date | None = None) -> datetime.date:
    """003 §12.6: an extension is asked for no later than 3 working days before the deadline — and never
    earlier than the day the task was given (a short term can still be asked to be extended that day)."""
    day = workdays.subtract_working_days(deadline, reglament.term("control.extension_request_before").amount)
    return _not_before(day, not_before)


def _not_before(day: datetime.date, floor: datetime.date | None) -> datetime.date:
    return day if floor is None else max(day, floor)


def term_collapses(given_on: datetime.date, deadline: datetime.date) -> bool:
    """True when the term is too short for the intermediate dates of §12.6 and §12.13: one of them, counted
    back from the deadline, falls before the assignment day and is moved to it (the form warns the akim)."""
    body, co = report_due_dates(deadline)
    return min(body, co, last_day_to_ask_extension(deadline)) < given_on


def earliest_unhurried_deadline(given_on: datetime.date) -> datetime.date:
    """The first deadline whose intermediate dates all fall on or after the assignment day: a deadline
    before it makes term_collapses() true (the form compares a typed date with it, no calendar in JS)."""
    day = given_on
    while term_collapses(given_on, day):  # at most the largest offset in working days, plus holidays
        day = workdays.next_working_day(day, include_self=False)
    return day


def default_term_deadline(given_on: datetime.date) -> datetime.date:
    """003 §12.2: "В случае не установления сроков, определяется месячный срок исполнения" — the profile's
    default term (one month) from the day the task is given, moved to a working day (§12.15)."""
    term = reglament.term("control.default_term")
    return workdays.next_working_day(_shift(given_on, term.amount, term.unit, AFTER))


def roadmap_due(received_on: datetime.date) -> datetime.date:
    """003 §12.3: the roadmap of an act of the President is drawn up and approved within 5 working days of
    its receipt (rule control.roadmap_term)."""
    term = reglament.term("control.roadmap_term")
    return workdays.deadline(received_on, term.amount, term.unit)


def submission_due(deadline: datetime.date, *, not_before: datetime.date | None = None) -> datetime.date:
    """003 §12.3: documents for an urgent instruction are submitted to the apparatus 10 calendar days before
    its deadline (rule control.urgent_documents_before): a day off moves the date earlier, to the working day
    before (the documents must be in by then), and never before the day the task was given."""
    term = reglament.term("control.urgent_documents_before")
    day = workdays.previous_working_day(workdays.deadline(deadline, term.amount, term.unit, before=True))
    return _not_before(day, not_before)


def removal_memo_due(deadline: datetime.date) -> datetime.date:
    """003 §12.14: the removal memo is due within 1 working day after the deadline."""
    return workdays.add_working_days(deadline, reglament.term("control.removal_memo_term").amount)


def redirect_allowed_until(received_on: datetime.date) -> datetime.date:
    """003 §12.5: a lead executor may send it on by competence within 3 working days."""
    return workdays.add_working_days(received_on, reglament.term("control.redirect_term").amount)
