"""A control notification that asked for an action is marked done when the action is done (issue #12 §7)."""

import datetime

from akimat.models import Notification
from control import reminders, services
from control.notify import DECIDE_EXTENSION, DECIDE_REDIRECT, DECIDE_REMOVAL, PART, PROPOSE_REMOVAL, REPORT
from tests.factories import make_person


def awaiting(action, **filters) -> list[Notification]:
    return list(Notification.objects.filter(action=action.name, **filters).awaiting_action())


def done(action, **filters) -> list[Notification]:
    return list(Notification.objects.filter(action=action.name, action_done_at__isnull=False, **filters))


def test_issue12_s7_the_executors_request_to_report_is_done_when_the_lead_reports_12_4(make_item, executor):
    item = make_item()
    assert [n.recipient for n in awaiting(REPORT)] == [executor]  # "new instruction on control": report on it
    services.submit_report(item, actor=executor, text="Done")
    assert awaiting(REPORT) == [] and len(done(REPORT)) == 1


def test_issue12_s7_a_co_executors_part_is_done_for_that_co_executor_only_12_13(
    make_item, executor, department_head, org, clock
):
    colleague = make_person("aigerim", unit=org.finance, language="kk")
    item = make_item(co_executors=[department_head.person, colleague])
    co_due = item.executors.get(person=department_head.person).report_due
    clock(co_due)
    reminders.scan(co_due)  # 003 §12.13: co-executors reminded of their part on its date
    asked = {n.recipient for n in awaiting(PART)}
    assert asked == {department_head, colleague.user}
    services.submit_co_executor_part(item, actor=department_head, text="Our part")
    assert [n.recipient for n in done(PART)] == [department_head]
    assert {n.recipient for n in awaiting(PART)} == asked - {department_head}


def test_issue12_s7_a_request_for_extension_is_done_for_every_decider_when_one_decides_12_7(
    make_item, executor, akim, head_of_apparatus
):
    item = make_item()
    request = services.request_extension(
        item, actor=executor, reason="Late data", new_deadline=datetime.date(2026, 4, 30)
    )
    asked = {n.recipient for n in awaiting(DECIDE_EXTENSION)}
    assert {akim, head_of_apparatus} <= asked  # the akim and the head of apparatus decide (§12.7)
    services.decide_extension(request, actor=head_of_apparatus, approve=False, comment="No")
    assert awaiting(DECIDE_EXTENSION) == []
    assert {n.recipient for n in done(DECIDE_EXTENSION)} == asked


def test_issue12_s7_a_request_for_redirect_is_done_when_the_issuer_decides_12_5(make_item, executor, akim, org, clock):
    item = make_item()
    clock(datetime.date(2026, 3, 19))
    request = services.request_redirect(item, actor=executor, memo="Not our competence", proposed_unit=org.external)
    assert [n.recipient for n in awaiting(DECIDE_REDIRECT)] == [akim]
    services.decide_redirect(request, actor=akim, approve=True)
    assert awaiting(DECIDE_REDIRECT) == [] and len(done(DECIDE_REDIRECT)) == 1


def test_issue12_s7_the_report_asks_the_controller_for_a_proposal_and_the_proposal_for_a_decision_12_14(
    make_item, executor, registrar, akim
):
    item = make_item()
    services.submit_report(item, actor=executor, text="Done")
    assert registrar in [n.recipient for n in awaiting(PROPOSE_REMOVAL)]
    proposal = services.propose_removal(
        item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    assert awaiting(PROPOSE_REMOVAL) == []
    assert akim in [n.recipient for n in awaiting(DECIDE_REMOVAL)]
    services.decide_removal(proposal, actor=akim, approve=True)
    assert awaiting(DECIDE_REMOVAL) == []
    assert {n.key for n in done(DECIDE_REMOVAL)} == {str(proposal.pk)}


def test_issue12_s7_informational_control_notifications_ask_for_nothing(make_item, executor, akim):
    item = make_item()
    request = services.request_extension(
        item, actor=executor, reason="Late data", new_deadline=datetime.date(2026, 4, 30)
    )
    services.decide_extension(request, actor=akim, approve=True)
    granted = Notification.objects.get(kind="control.extension_granted")
    assert granted.action == "" and not granted.awaits_action


def test_issue12_s7_an_item_removed_as_impossible_awaits_no_report_any_more_12_9(make_item, executor, registrar, akim):
    item = make_item()
    assert [n.recipient for n in awaiting(REPORT)] == [executor]
    proposal = services.propose_removal(
        item, actor=registrar, memo="Impossible", ground="impossible", assessment="not_executed"
    )
    services.decide_removal(proposal, actor=akim, approve=True)
    assert awaiting(REPORT) == []
