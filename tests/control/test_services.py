"""The control workflow through control/services.py — 003 §12.5–12.9, §12.13–12.15 (clock pinned)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat import calendar_exceptions, permissions
from akimat.history import history_for
from akimat.models import ActingDuty, CalendarException, Notification
from control import services
from control.models import ControlItem, Decision, Issuer, Periodicity
from tests.control.conftest import mon_2026_03_16, mon_2026_04_13
from tests.factories import make_person

pytestmark = pytest.mark.django_db


# --- putting on control -----------------------------------------------------------------------------


def test_putting_on_control_numbers_the_item_and_tells_the_executors(make_item, executor):
    item = make_item()
    assert item.number == "К-1/26"
    assert item.status == ControlItem.Status.ON_CONTROL
    assert item.executors.get(is_lead=True).person == executor.person
    assert [entry.action for entry in history_for(item)] == ["put_on_control"]
    assert Notification.objects.filter(recipient=executor, kind="control.new_item").count() == 1


def test_co_executors_get_their_report_date_seven_working_days_before_12_13(make_item, org, department_head):
    item = make_item(co_executors=[org.external, department_head.person])
    rows = list(item.executors.order_by("position"))
    assert rows[0].is_lead and rows[0].report_due is None  # a person of the apparatus leads
    assert [row.report_due for row in rows[1:]] == [datetime.date(2026, 4, 2)] * 2


def test_an_executing_body_as_lead_reports_five_working_days_before_12_13(make_item, org):
    item = make_item(lead=org.external)
    assert item.executors.get(is_lead=True).report_due == datetime.date(2026, 4, 6)


def test_an_outsider_cannot_put_an_instruction_on_control(make_item, outsider):
    with pytest.raises(PermissionDenied):
        make_item(actor=outsider)


def test_an_executor_listed_twice_is_refused(make_item, executor):
    with pytest.raises(ValidationError):
        make_item(co_executors=[executor.person])


# --- execution ---------------------------------------------------------------------------------------


def test_only_the_lead_executor_reports_and_the_controller_is_told(make_item, executor, department_head, registrar):
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.submit_report(item, actor=department_head, text="Done")
    services.submit_report(item, actor=executor, text="Information sent", outgoing_number="01-15/77")
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REPORTED
    assert item.executed_on == mon_2026_03_16
    assert Notification.objects.filter(kind="control.report_submitted").exists()


def test_a_co_executor_gives_a_part_to_the_lead(make_item, department_head, executor):
    item = make_item(co_executors=[department_head.person])
    services.submit_co_executor_part(item, actor=department_head, text="Our part")
    row = item.executors.get(is_lead=False)
    assert row.reported_at is not None
    assert Notification.objects.filter(recipient=executor, kind="control.co_executor_part").exists()


# --- extension (003 §12.6–12.8) ---------------------------------------------------------------------


def test_extension_is_refused_later_than_three_working_days_before_the_deadline_12_6(make_item, executor, clock):
    item = make_item()
    clock(datetime.date(2026, 4, 9))  # the last day was Wednesday 8 April
    with pytest.raises(ValidationError, match="08.04.2026"):
        services.request_extension(item, actor=executor, reason="Late data", new_deadline=datetime.date(2026, 4, 30))
    assert not item.extension_requests.exists()


def test_extension_on_the_last_allowed_day_is_accepted_12_6(make_item, executor, clock):
    item = make_item()
    clock(datetime.date(2026, 4, 8))
    request = services.request_extension(
        item, actor=executor, reason="Late data", new_deadline=datetime.date(2026, 4, 30)
    )
    assert request.status == Decision.PENDING


@pytest.mark.parametrize("issuer", [Issuer.PRESIDENTIAL_ADMINISTRATION, Issuer.GOVERNMENT_APPARATUS])
def test_extension_is_refused_for_the_presidential_administration_and_government_apparatus_12_7(
    make_item, executor, issuer
):
    item = make_item(issuer=issuer, issuer_person=None, deadline=None, external_deadline=datetime.date(2026, 5, 29))
    request = services.request_extension(
        item, actor=executor, reason="Need time", new_deadline=datetime.date(2026, 6, 1)
    )
    assert request.status == Decision.REFUSED
    assert "12.7" in request.decision_comment


def test_the_akim_grants_an_extension_and_history_keeps_both_deadlines_12_7(make_item, executor, akim):
    item = make_item()
    request = services.request_extension(
        item, actor=executor, reason="Late data", new_deadline=datetime.date(2026, 4, 30)
    )
    services.decide_extension(request, actor=akim, approve=True)
    item.refresh_from_db()
    assert item.deadline == datetime.date(2026, 4, 30)
    assert item.extension_count == 1
    granted = history_for(item).get(action="extension_granted")
    assert granted.actor == akim
    assert (granted.data["old_deadline"], granted.data["new_deadline"]) == ("2026-04-13", "2026-04-30")


def test_a_deputy_cannot_decide_an_extension_12_7(make_item, executor, deputy):
    item = make_item()
    request = services.request_extension(item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    with pytest.raises(PermissionDenied):
        services.decide_extension(request, actor=deputy, approve=True)


def test_the_second_extension_is_exceptional_and_the_third_is_refused_and_flagged_12_8(
    make_item, executor, head_of_apparatus
):
    item = make_item()
    first = services.request_extension(item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    services.decide_extension(first, actor=head_of_apparatus, approve=True)
    second = services.request_extension(item, actor=executor, reason="Later", new_deadline=datetime.date(2026, 5, 29))
    assert second.exceptional and second.disciplinary_flag
    services.decide_extension(second, actor=head_of_apparatus, approve=True)
    third = services.request_extension(item, actor=executor, reason="Again", new_deadline=datetime.date(2026, 6, 30))
    item.refresh_from_db()
    assert third.status == Decision.REFUSED and third.disciplinary_flag
    assert item.disciplinary_flag
    assert item.deadline == datetime.date(2026, 5, 29)


def test_a_person_acting_for_the_akim_decides_and_history_shows_it(make_item, executor, akim, org):
    item = make_item()
    request = services.request_extension(item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    stand_in = make_person("stand_in", unit=org.leadership).user
    ActingDuty.objects.create(
        acting=stand_in.person, absent=akim.person, starts_on=mon_2026_03_16, ends_on=datetime.date(2026, 3, 27)
    )
    services.decide_extension(request, actor=stand_in, approve=False, comment="Not justified")
    entry = history_for(item).get(action="extension_refused")
    assert (entry.actor, entry.acting_for) == (stand_in, akim)


# --- redirect (003 §12.5) ---------------------------------------------------------------------------


def test_redirect_is_possible_within_three_working_days_and_the_issuer_decides_12_5(
    make_item, executor, akim, org, clock
):
    item = make_item()
    clock(datetime.date(2026, 3, 19))
    request = services.request_redirect(item, actor=executor, memo="Not our competence", proposed_unit=org.external)
    services.decide_redirect(request, actor=akim, approve=True)
    assert item.executors.get(is_lead=True).unit == org.external


def test_redirect_after_three_working_days_is_refused_12_5(make_item, executor, clock):
    item = make_item()
    clock(datetime.date(2026, 3, 26))
    with pytest.raises(ValidationError, match="19.03.2026"):
        services.request_redirect(item, actor=executor, memo="Not ours")


# --- removal (003 §12.9, §12.14) --------------------------------------------------------------------


def test_removal_is_proposed_by_the_controller_and_decided_by_the_akim_12_14(make_item, executor, registrar, akim):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    with pytest.raises(PermissionDenied):
        services.propose_removal(item, actor=executor, memo="Done", ground="executed", assessment="executed")
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVAL_PROPOSED  # stays on control until decided
    services.decide_removal(proposal, actor=akim, approve=True)
    item.refresh_from_db()
    assert (item.status, item.removal_ground, item.assessment) == ("removed", "executed", "executed")


def test_a_deputys_own_instruction_is_removed_by_that_deputy_12_14(make_item, executor, registrar, deputy, akim):
    item = make_item(issuer=Issuer.DEPUTY_AKIM, issuer_person=deputy.person)
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    with pytest.raises(PermissionDenied):
        services.decide_removal(proposal, actor=akim, approve=True)
    services.decide_removal(proposal, actor=deputy, approve=True)
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVED


def test_a_memo_later_than_one_working_day_after_the_deadline_is_marked_late_12_14(
    make_item, executor, registrar, clock
):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    clock(datetime.date(2026, 4, 15))
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    assert proposal.late_memo


def test_removal_as_executed_needs_the_report_first_12_9(make_item, registrar):
    item = make_item()
    with pytest.raises(ValidationError):
        services.propose_removal(item, actor=registrar, memo="x", ground="executed", assessment="executed")
    services.propose_removal(item, actor=registrar, memo="Impossible", ground="impossible", assessment="not_executed")


def test_a_periodic_item_moves_to_its_next_date_instead_of_closing(make_item, executor, registrar, akim):
    item = make_item(periodicity=Periodicity.MONTHLY)
    services.submit_report(item, actor=executor, text="March report")
    proposal = services.propose_removal(
        item, actor=registrar, memo="Accepted", ground="executed", assessment="executed"
    )
    services.decide_removal(proposal, actor=akim, approve=True)
    item.refresh_from_db()
    assert item.status == ControlItem.Status.ON_CONTROL
    assert item.deadline == datetime.date(2026, 5, 13)
    assert item.executed_on is None


def test_refusing_removal_needs_a_reason_and_keeps_the_item_on_control(make_item, executor, registrar, akim):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    with pytest.raises(ValidationError):
        services.decide_removal(proposal, actor=akim, approve=False)
    services.decide_removal(proposal, actor=akim, approve=False, comment="Answer is incomplete")
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REPORTED


# --- the memo on removal through the curating deputy head of apparatus (003 §12.14) -----------------


@pytest.fixture
def curator(org):
    """The deputy head of apparatus who curates the finance department (the executor's)."""
    person = make_person("deputy_head_of_apparatus", unit=org.leadership)
    org.finance.curator = person
    org.finance.save(update_fields=["curator"])
    return person.user


def _history(item) -> list[str]:
    return [entry.action for entry in history_for(item)]


def test_12_14_the_head_of_the_executing_department_brings_the_memo_and_the_curator_agrees(
    make_item, executor, department_head, curator, head_of_apparatus
):
    """003 §12.14: «вносится руководителем соответствующего отдела по согласованию с курирующим заместителем
    руководителя аппарата» — then the akim or the head of apparatus decides."""
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")

    proposal = services.propose_removal(
        item, actor=department_head, memo="Executed in full", ground="executed", assessment="executed"
    )

    assert (proposal.curator, proposal.visa) == (curator.person, "pending")
    assert Notification.objects.filter(recipient=curator, kind="control.removal_memo_to_agree").exists()
    assert not Notification.objects.filter(recipient=head_of_apparatus, kind="control.removal_proposed").exists()
    with pytest.raises(ValidationError):  # not before the curator agrees
        services.decide_removal(proposal, actor=head_of_apparatus, approve=True)

    services.agree_removal(proposal, actor=curator, agree=True, comment="Agreed")

    assert Notification.objects.filter(recipient=head_of_apparatus, kind="control.removal_memo_agreed").exists()
    services.decide_removal(proposal, actor=head_of_apparatus, approve=True)
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVED
    assert _history(item)[-3:] == ["removal_proposed", "removal_memo_agreed", "removed_from_control"]


def test_12_14_a_stranger_may_not_bring_the_memo_nor_agree_it(
    make_item, executor, department_head, curator, outsider, deputy, akim
):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    for stranger in (executor, outsider, curator):  # the lead herself, an outsider, the curator do not bring it
        with pytest.raises(PermissionDenied):
            services.propose_removal(item, actor=stranger, memo="x", ground="executed", assessment="executed")
    proposal = services.propose_removal(
        item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    for stranger in (department_head, deputy, akim, outsider):  # only the curator agrees
        with pytest.raises(PermissionDenied):
            services.agree_removal(proposal, actor=stranger, agree=True)


def test_12_14_only_the_akim_or_the_head_of_apparatus_decide_after_the_visa(
    make_item, executor, department_head, curator, deputy, registrar, akim
):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    services.agree_removal(proposal, actor=curator, agree=True)
    for other in (curator, department_head, deputy, registrar):
        with pytest.raises(PermissionDenied):
            services.decide_removal(proposal, actor=other, approve=True)
    services.decide_removal(proposal, actor=akim, approve=True)
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVED


def test_12_14_the_curator_not_agreeing_needs_a_reason_and_keeps_the_item_on_control(
    make_item, executor, department_head, curator
):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    with pytest.raises(ValidationError):
        services.agree_removal(proposal, actor=curator, agree=False)
    services.agree_removal(proposal, actor=curator, agree=False, comment="The answer does not cover point 2")

    proposal.refresh_from_db()
    item.refresh_from_db()
    assert (proposal.visa, proposal.status) == ("refused", Decision.REFUSED)
    assert item.status == ControlItem.Status.REPORTED  # awaiting removal again: a new memo may be brought
    assert Notification.objects.filter(recipient=department_head, kind="control.removal_memo_not_agreed").exists()
    with pytest.raises(ValidationError):  # decided already
        services.agree_removal(proposal, actor=curator, agree=True)
    assert _history(item)[-1] == "removal_memo_not_agreed"
    services.propose_removal(
        item, actor=department_head, memo="Point 2 added", ground="executed", assessment="executed"
    )


def test_12_14_without_a_curator_the_memo_goes_straight_to_the_decision(
    make_item, executor, department_head, registrar, head_of_apparatus
):
    """The controller may still bring the memo (as before); with no curator named for the unit there is no visa."""
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    assert (proposal.curator, proposal.visa) == (None, "")
    assert Notification.objects.filter(recipient=head_of_apparatus, kind="control.removal_proposed").exists()
    services.decide_removal(proposal, actor=head_of_apparatus, approve=True)


def test_12_14_someone_acting_for_the_curator_agrees(make_item, executor, department_head, curator, org):
    acting = make_person("acting_deputy_head", unit=org.leadership)
    ActingDuty.objects.create(acting=acting, absent=curator.person, starts_on=mon_2026_03_16, ends_on=mon_2026_04_13)
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(
        item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    services.agree_removal(proposal, actor=acting.user, agree=True)
    assert list(history_for(item))[-1].acting_for == curator


# --- calendar changes (003 §12.15) ------------------------------------------------------------------


def test_a_new_day_off_on_the_deadline_moves_it_and_tells_the_lead_12_15(
    make_item, executor, django_capture_on_commit_callbacks
):
    fixed = make_item()
    by_term = make_item(deadline=None)  # one month: Thursday 16 April
    with django_capture_on_commit_callbacks(execute=False):
        calendar_exceptions.add_exception(datetime.date(2026, 4, 16), CalendarException.Kind.HOLIDAY, "Extra day off")
    assert services.recompute_deadlines() == 1
    by_term.refresh_from_db()
    fixed.refresh_from_db()
    assert by_term.deadline == datetime.date(2026, 4, 17)
    assert fixed.deadline == mon_2026_04_13
    assert history_for(by_term).filter(action="deadline_recomputed").count() == 1
    assert Notification.objects.filter(recipient=executor, kind="control.deadline_moved").count() == 1


# --- who sees what (SPEC §5) ------------------------------------------------------------------------


def test_visibility_of_items_by_role(make_item, executor, department_head, deputy, registrar, outsider, auditor, org):
    item = make_item()
    for user in (executor, department_head, deputy, registrar, auditor):
        assert permissions.can_view(user, item), user
        assert permissions.visible(user, ControlItem).filter(pk=item.pk).exists(), user
    assert not permissions.can_view(outsider, item)
    assert not permissions.visible(outsider, ControlItem).exists()
    colleague = make_person("colleague", unit=org.finance).user
    assert not permissions.can_view(colleague, item)


def test_control_numbers_restart_every_year_without_colliding(make_item, clock):
    first = make_item()
    clock(datetime.date(2027, 1, 11))
    next_year = make_item(received_on=datetime.date(2027, 1, 11), deadline=datetime.date(2027, 2, 11))
    assert (first.number, next_year.number) == ("К-1/26", "К-1/27")


def test_recomputing_for_given_dates_reads_only_items_the_change_can_reach_12_15(
    make_item, executor, django_capture_on_commit_callbacks
):
    early = make_item(deadline=datetime.date(2026, 3, 27))
    late = make_item(deadline=None)  # one month: Thursday 16 April
    with django_capture_on_commit_callbacks(execute=False):
        calendar_exceptions.add_exception(datetime.date(2026, 4, 16), CalendarException.Kind.HOLIDAY, "Extra day off")
    assert services.recompute_deadlines([datetime.date(2026, 4, 16)]) == 1
    late.refresh_from_db()
    early.refresh_from_db()
    assert (early.deadline, late.deadline) == (datetime.date(2026, 3, 27), datetime.date(2026, 4, 17))


def test_the_calendar_signal_queues_the_recomputation_with_the_changed_dates(monkeypatch):
    from akimat.workdays import WorkCalendar, calendar_changed
    from control import tasks

    queued = []
    monkeypatch.setattr(tasks.recompute_deadlines, "delay", lambda dates: queued.append(dates))
    calendar_changed.send(sender=WorkCalendar, dates=frozenset({datetime.date(2026, 4, 16)}))
    assert queued == [["2026-04-16"]]
