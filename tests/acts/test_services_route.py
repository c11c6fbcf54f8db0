"""acts.services: the approval route and its terms — 003 §10.3, §10.4, §10.14; the visa hooks (on_done, on_returned)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acts import services
from acts.models import Act, ActReturn, ActType, Urgency
from akimat import approvals
from akimat.approvals import Step
from akimat.models import Notification
from tests.acts.conftest import agree_all

thu_2026_03_19 = datetime.date(2026, 3, 19)  # +3 working days (Nauryz 21–25 March off)
thu_2026_03_26 = datetime.date(2026, 3, 26)  # +5 working days
thu_2026_04_02 = datetime.date(2026, 4, 2)  # +10 working days


def _route(steps):
    return [(step.approver.user.username, step.role, step.parallel, step.closes, step.due_on) for step in steps]


def test_default_route_of_a_decision_10_4_with_legal_last_10_3_and_5_working_days_10_14(acts_org, make_draft):
    """§10.4: deputies, head of apparatus, the curating deputy head, finance, economy; §10.3: the legal consultant
    last and closing; §10.14 2): 5 working days for a decision."""
    act = make_draft()
    due = thu_2026_03_26
    assert _route(services.default_route(act)) == [
        ("deputy", "deputy_akims", False, False, due),
        ("second_deputy", "deputy_akims", True, False, due),
        ("head_of_apparatus", "head_of_apparatus", False, False, due),
        ("deputy_head", "deputy_head", False, False, due),
        ("department_head", "finance", False, False, due),
        ("economy_head", "economy", False, False, due),
        ("lawyer", "legal", False, True, due),
    ]


def test_a_resolution_goes_first_to_the_departments_then_to_the_members_10_14_1(acts_org, make_draft):
    """§10.14 1): 10 working days for a resolution — 5 for prior approval by the departments, 5 for the members."""
    act = make_draft(type=ActType.RESOLUTION, addressees=[acts_org.interested])
    steps = services.default_route(act)
    assert _route(steps)[0] == ("interested_head", "departments", False, False, thu_2026_03_26)
    assert all(step.due_on == thu_2026_04_02 for step in steps[1:])
    assert services.approval_due_on(act, start=datetime.date(2026, 3, 16)) == thu_2026_04_02


@pytest.mark.parametrize("urgency", [Urgency.EMERGENCY, Urgency.HUMANITARIAN])
def test_emergency_and_humanitarian_drafts_have_3_working_days_10_14_3(acts_org, make_draft, urgency):
    act = make_draft(type=ActType.RESOLUTION, urgency=urgency, addressees=[acts_org.interested])
    assert {step.due_on for step in services.default_route(act)} == {thu_2026_03_19}


def test_the_legal_consultant_is_added_last_when_left_out_10_3(acts_org, make_draft):
    """§10.3: the author's route without the legal consultant, or with him first, still closes with him."""
    act = make_draft()
    steps = [Step(approver=acts_org.lawyer.person, role="legal"), Step(approver=acts_org.deputy.person)]
    act = services.submit(act, actor=acts_org.developer, steps=steps)
    visas = approvals.round_visas(act)
    assert [(v.approver.user.username, v.closes_route) for v in visas] == [("deputy", False), ("lawyer", True)]
    assert visas[0].due_on == thu_2026_03_26  # a step without a term gets the route's (§10.14)
    assert act.status == Act.Status.ON_APPROVAL and act.approval_due_on == thu_2026_03_26
    assert act.versions.get(number=1).submitted_at is not None
    assert approvals.current_round(act) == act.version == 1


def test_every_visa_agreed_sends_the_act_to_the_akim_to_sign_10_4_10_15(acts_org, submitted):
    act = agree_all(submitted())
    assert act.status == Act.Status.TO_SIGN
    assert act.signer == acts_org.akim.person
    assert Notification.objects.filter(recipient=acts_org.akim, kind="act_to_sign", action="acts.sign").exists()


def test_no_agreed_with_remarks_only_a_return_with_a_reason_10_4(acts_org, submitted):
    """§10.4: two outcomes; a remark travels only with a return, which sends the draft back (ground VISA)."""
    act = submitted()
    visa = approvals.waiting(act)[0]
    with pytest.raises(ValidationError):
        approvals.decide(visa, actor=visa.approver.user, agree=False, comment="")
    approvals.decide(visa, actor=visa.approver.user, agree=False, comment="Clarify point 2")
    act.refresh_from_db()
    assert act.status == Act.Status.RETURNED
    row = act.returns.get()
    assert (row.ground, row.reason, row.visa_id) == (ActReturn.Ground.VISA, "Clarify point 2", visa.pk)
    # §10.13: 10 calendar days from the return, on a working day
    assert act.rework_due_on == row.rework_due_on == datetime.date(2026, 3, 26)
    assert not approvals.waiting(act)
    assert Notification.objects.filter(recipient=acts_org.developer, kind="act_returned").exists()


@pytest.mark.parametrize("who", ["akim", "deputy", "head_of_apparatus"])
def test_a_shorter_term_by_the_akim_a_deputy_or_the_head_of_apparatus_10_14(acts_org, make_draft, who):
    act = make_draft()
    act = services.set_short_term(act, actor=getattr(acts_org, who), due_on=datetime.date(2026, 3, 18))
    assert act.short_term_on == datetime.date(2026, 3, 18)
    assert {step.due_on for step in services.default_route(act)} == {datetime.date(2026, 3, 18)}


def test_a_shorter_term_set_during_approval_moves_the_waiting_visas_10_14(acts_org, submitted):
    act = submitted(type=ActType.RESOLUTION)
    assert max(v.due_on for v in approvals.round_visas(act)) > datetime.date(2026, 3, 18)

    act = services.set_short_term(act, actor=acts_org.head_of_apparatus, due_on=datetime.date(2026, 3, 18))

    assert act.approval_due_on == datetime.date(2026, 3, 18)
    assert {v.due_on for v in approvals.round_visas(act)} == {datetime.date(2026, 3, 18)}


@pytest.mark.parametrize("who", ["developer_head", "registrar", "lawyer", "curator"])
def test_others_may_not_shorten_the_term_10_14(acts_org, make_draft, who):
    act = make_draft()
    with pytest.raises(PermissionDenied):
        services.set_short_term(act, actor=getattr(acts_org, who), due_on=datetime.date(2026, 3, 18))


def test_a_shorter_term_must_be_shorter_10_14(acts_org, make_draft):
    act = make_draft()
    with pytest.raises(ValidationError):
        services.set_short_term(act, actor=acts_org.akim, due_on=thu_2026_03_26)
    with pytest.raises(ValidationError):
        services.set_short_term(act, actor=acts_org.akim, due_on=datetime.date(2026, 3, 13))


def test_a_draft_is_sent_only_once_per_version(acts_org, submitted):
    act = submitted()
    with pytest.raises(ValidationError):
        services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
