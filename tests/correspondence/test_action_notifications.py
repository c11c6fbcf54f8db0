"""A correspondence notification that asked for an action is marked done when it is done (issue #12 §7)."""
# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

from akimat.models import Notification
from correspondence.notifications import RESOLVE, SIGN, VISA
from correspondence.services import outgoing
from correspondence.services.registration import route
from correspondence.services.workflow import issue_resolution
from tests.correspondence.test_outgoing import make_draft  # noqa: F401  (fixture)
from tests.correspondence.test_resolutions import clock, correspondent, incoming, mon_2026_04_13  # noqa: F401


def awaiting(action) -> list[Notification]:
    return list(Notification.objects.filter(action=action.name).awaiting_action())


def test_issue12_s7_the_addressees_letter_awaits_a_resolution_until_one_is_written_9_16(
    incoming, registrar, akim, executor
):
    route(incoming, actor=registrar)
    assert [n.recipient for n in awaiting(RESOLVE)] == [akim]
    issue_resolution(incoming, actor=akim, text="Prepare", executors=[executor.person], deadline=mon_2026_04_13)
    assert awaiting(RESOLVE) == []
    assert Notification.objects.get(action=RESOLVE.name).action_done_at is not None


def test_issue12_s7_a_paper_resolution_entered_by_the_registrar_also_does_it_9_16(incoming, registrar, akim, executor):
    route(incoming, actor=registrar)
    issue_resolution(
        incoming,
        actor=registrar,
        on_paper_author=akim.person,
        text="Prepare",
        executors=[executor.person],
        deadline=mon_2026_04_13,
    )
    assert awaiting(RESOLVE) == []


def test_issue12_s7_a_visa_and_the_signature_are_done_when_given_9_22(make_draft, executor, department_head, deputy):
    draft = make_draft()
    (step,) = outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    assert [n.recipient for n in awaiting(VISA)] == [department_head]
    outgoing.decide_visa(step, actor=department_head, agree=True)
    assert awaiting(VISA) == []
    assert [n.recipient for n in awaiting(SIGN)] == [deputy]
    outgoing.sign(draft, actor=deputy)
    assert awaiting(SIGN) == []
