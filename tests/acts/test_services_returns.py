"""acts.services: returns, rework, versions, withdrawal — 003 §10.11, §10.12, §10.13."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acts import services
from acts.models import Act, ActReturn
from akimat import approvals, reglament
from akimat.models import Notification, RegulationProfile
from tests.acts.conftest import agree_all

G = ActReturn.Ground

# §10.12 (and §10.11): each ground, who may use it and who may not
GROUNDS = [
    (G.AKIM, "akim", "deputy"),  # 1) the akim, any ground, until the vote
    (G.NOT_AUTHENTIC, "head_of_apparatus", "deputy"),  # 2) the head of apparatus
    (G.REGULATION, "head_of_apparatus", "akim"),
    (G.RECORDS_INSTRUCTION, "head_of_apparatus", "lawyer"),
    (G.LAW, "head_of_apparatus", "registrar"),
    (G.SESSION_PROTOCOL, "akim", "developer_head"),  # 3) by the akimat session's protocol
    (G.WORKING_ORDER, "deputy", "lawyer"),  # 4) in working order: a deputy or the head of apparatus
    (G.WORKING_ORDER, "head_of_apparatus", "registrar"),
    (G.LEGAL_OPINION, "lawyer", "head_of_apparatus"),  # 5) the legal consultant, on a legal opinion
    (G.INCOMPLETE, "registrar", "deputy"),  # §10.11 the general department
]


@pytest.mark.parametrize(("ground", "allowed", "refused"), GROUNDS)
def test_who_may_return_on_which_ground_10_12(acts_org, submitted, ground, allowed, refused):
    """§10.12 / §10.11: the allowed actor returns the draft on the ground; the refused one may not."""
    act = submitted()
    with pytest.raises(PermissionDenied):
        services.return_draft(act, actor=getattr(acts_org, refused), ground=ground, reason="r", reference="№ 5")
    row = services.return_draft(act, actor=getattr(acts_org, allowed), ground=ground, reason="Rework", reference="№ 5")
    act.refresh_from_db()
    assert act.status == Act.Status.RETURNED and row.ground == ground
    assert not approvals.waiting(act)  # the visas not given fall away


def test_a_working_order_return_has_no_rework_term_10_13(acts_org, submitted):
    """§10.13 "за исключением случаев доработки в рабочем порядке"."""
    act = submitted()
    services.return_draft(act, actor=acts_org.deputy, ground=G.WORKING_ORDER, reason="Rework")
    act.refresh_from_db()
    assert act.rework_due_on is None


def test_the_akim_returns_only_until_the_vote_10_12_1(acts_org, submitted, clock):
    """§10.12 1): on any ground until the vote — a signed act is not returned on the akim's ground."""
    from tests.acts.conftest import pdf

    act = agree_all(submitted())
    services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=datetime.date(2026, 3, 16))
    act.refresh_from_db()
    assert G.AKIM not in services.return_grounds(act, acts_org.akim)
    with pytest.raises(PermissionDenied):
        services.return_draft(act, actor=acts_org.akim, ground=G.AKIM, reason="r")


def test_a_return_needs_a_reason_and_a_protocol_its_reference_10_12(acts_org, submitted):
    act = submitted()
    with pytest.raises(ValidationError) as error:
        services.return_draft(act, actor=acts_org.akim, ground=G.SESSION_PROTOCOL, reason=" ", reference="")
    assert set(error.value.message_dict) == {"reason", "reference"}
    with pytest.raises(ValidationError):
        services.return_draft(act, actor=acts_org.akim, ground=G.VISA, reason="x")  # only through a visa


def test_the_general_department_returns_an_incomplete_draft_10_11(acts_org, submitted):
    act = submitted()
    row = services.return_draft(act, actor=acts_org.registrar, ground=G.INCOMPLETE, reason="No comparison table")
    act.refresh_from_db()
    assert act.status == Act.Status.RETURNED
    assert row.rework_due_on == datetime.date(2026, 3, 26)  # §10.13: 10 calendar days (profile acts.rework_term)


def test_each_resubmission_is_a_new_version_and_a_new_round_10_13(acts_org, submitted, draft_data):
    """§10.13: the reworked draft is a new version; the route starts again (profile flag false: from the start)."""
    act = submitted()
    first = approvals.waiting(act)[0]
    approvals.decide(first, actor=first.approver.user, agree=True)
    second = approvals.waiting(act)[0]
    approvals.decide(second, actor=second.approver.user, agree=False, comment="Point 2 is unclear")
    act.refresh_from_db()
    act = services.update_draft(act, actor=acts_org.developer, data=draft_data(text_ru="1. Отремонтировать.\n2. Ясно."))
    assert act.version == 2 and act.versions.get(number=1).text_ru != act.versions.get(number=2).text_ru
    act = services.resubmit(act, actor=acts_org.developer)
    assert act.status == Act.Status.ON_APPROVAL
    assert approvals.current_round(act) == 2 == act.version
    # the pending visas of round 1 fell away with the return; round 2 runs the whole route again
    assert len(approvals.round_visas(act, 1)) == 2
    route = [step.approver.pk for step in services.default_route(act)]
    assert [v.approver_id for v in approvals.round_visas(act, 2)] == route
    assert act.rework_due_on is None
    assert services.versions_compare(act, 1, 2) is not None


def test_resubmitting_unchanged_still_opens_a_new_version_10_13(acts_org, submitted):
    act = submitted()
    services.return_draft(act, actor=acts_org.akim, ground=G.AKIM, reason="Rework")
    act = services.resubmit(act, actor=acts_org.developer)
    assert act.version == 2 and act.versions.count() == 2


def test_the_route_restarts_from_the_returning_step_when_the_profile_says_so_10_13(acts_org, submitted):
    profile = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")
    reglament.set_rule(profile, "acts.route_restart_from_returning_step", "true")
    reglament.activate_profile(profile)
    act = submitted()
    for _ in range(2):  # the deputies' stage, then the head of apparatus
        for visa in approvals.waiting(act):
            approvals.decide(visa, actor=visa.approver.user, agree=True)
    returning = approvals.waiting(act)[0]
    assert returning.approver == acts_org.curator.person
    approvals.decide(returning, actor=acts_org.curator, agree=False, comment="By competence: no")
    act = services.resubmit(act, actor=acts_org.developer)
    usernames = [v.approver.user.username for v in approvals.round_visas(act, 2)]
    assert usernames == ["deputy_head", "department_head", "economy_head", "lawyer"]


def test_the_developer_may_ask_to_withdraw_the_draft_10_13(acts_org, submitted):
    act = submitted()
    services.return_draft(act, actor=acts_org.akim, ground=G.AKIM, reason="Rework")
    with pytest.raises(ValidationError):
        services.request_withdrawal(act, actor=acts_org.developer, reason="")
    with pytest.raises(PermissionDenied):
        services.request_withdrawal(act, actor=acts_org.outsider, reason="No longer needed")
    act = services.request_withdrawal(act, actor=acts_org.developer, reason="No longer needed")
    assert act.status == Act.Status.WITHDRAWN and act.withdrawal_reason == "No longer needed"
    assert Notification.objects.filter(recipient=acts_org.head_of_apparatus, kind="act_withdrawn").exists()


def test_rework_reminder_before_the_term_and_flag_past_it_exactly_once_10_13(acts_org, submitted, clock):
    """§10.13: a reminder the working day before the rework term ends, a flag once it has passed — once each."""
    act = submitted()
    services.return_draft(act, actor=acts_org.akim, ground=G.AKIM, reason="Rework")
    act.refresh_from_db()
    assert act.rework_due_on == datetime.date(2026, 3, 26)
    assert services.remind_rework() == 0
    clock(datetime.date(2026, 3, 20))  # Friday; the next working day is Thursday 26.03 (Nauryz)
    from django.utils import timezone

    assert services.remind_rework(timezone.now()) == 1
    assert services.remind_rework(timezone.now()) == 0
    assert services.flags(act) == {"signing"}  # §10.15: 3 working days from creation passed on 19.03
    clock(datetime.date(2026, 3, 27))
    act.refresh_from_db()
    assert services.flags(act) == {"rework", "signing"} and list(services.rework_overdue()) == [act]
    assert services.remind_rework(timezone.now()) == 1
    assert services.remind_rework(timezone.now()) == 0
    kinds = set(
        Notification.objects.filter(recipient=acts_org.developer, kind="act_reminder").values_list("key", flat=True)
    )
    assert kinds == {"rework.1.soon", "rework.1.overdue"}


def test_the_new_version_carries_the_files_of_the_last_one_10_13(acts_org, make_draft):
    """§10.13: the reworked version starts as a copy of the texts and the attachments of the returned one."""
    from acts.models import ActFile
    from tests.acts.conftest import pdf

    act = make_draft(amends_acts=True, files=[(ActFile.Kind.COMPARISON_TABLE, pdf("table.pdf"))])
    act = services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
    services.return_draft(act, actor=acts_org.akim, ground=G.AKIM, reason="Rework")
    act = services.resubmit(act, actor=acts_org.developer)
    copies = ActFile.objects.filter(version__act=act, version__number=2).select_related("attachment")
    assert [(row.kind, row.attachment.original_name) for row in copies] == [("comparison_table", "table.pdf")]
    first = ActFile.objects.get(version__act=act, version__number=1)
    assert copies[0].attachment.sha256 == first.attachment.sha256 and copies[0].attachment_id != first.attachment_id
