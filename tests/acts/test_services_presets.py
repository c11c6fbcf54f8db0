"""The three presets give acts different routes and sections where their texts differ (issue #13 §2):
003 §10.4 (district: finance and economy), 004 §11.4 (Kazakh: the interested departments, no finance/economy),
000 §10.4 (oblast: economy, no finance)."""

import datetime

import pytest

from acts import services
from acts.models import ActType
from akimat import reglament
from akimat.models import RegulationProfile

DECISION_ROUTES = {
    "003": ["deputy", "second_deputy", "head_of_apparatus", "deputy_head", "department_head", "economy_head", "lawyer"],
    "004": ["deputy", "second_deputy", "head_of_apparatus", "interested_head", "lawyer"],
    "000": ["deputy", "second_deputy", "head_of_apparatus", "deputy_head", "economy_head", "lawyer"],
}
SECTIONS = {"003": "§10.14", "004": "§11.14", "000": "§10.14"}


@pytest.mark.parametrize("code", ["003", "004", "000"])
def test_route_and_terms_follow_the_active_preset(acts_org, make_draft, code):
    reglament.activate_profile(RegulationProfile.objects.get(code=code))
    act = make_draft(addressees=[acts_org.interested])
    steps = services.default_route(act)
    assert [step.approver.user.username for step in steps] == DECISION_ROUTES[code]
    assert steps[-1].closes  # §10.3 / §11.3: the legal consultant closes every preset's route
    assert reglament.term("acts.approval_term_decision").section == SECTIONS[code]
    assert {step.due_on for step in steps} == {datetime.date(2026, 3, 26)}  # 5 working days in all three


@pytest.mark.parametrize("code", ["003", "004", "000"])
def test_a_resolution_runs_departments_then_members_in_every_preset_10_14(acts_org, make_draft, code):
    reglament.activate_profile(RegulationProfile.objects.get(code=code))
    act = make_draft(type=ActType.RESOLUTION, addressees=[acts_org.interested])
    steps = services.default_route(act)
    assert (steps[0].role, steps[0].due_on) == ("departments", datetime.date(2026, 3, 26))
    assert steps[-1].due_on == datetime.date(2026, 4, 2)


def test_a_profile_without_the_acts_route_fails_clearly(acts_org, make_draft):
    """Until a profile has acts.route.<type>, the route is refused with the key named (not silently empty)."""
    profile = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="bare", name_kk="Б", name_ru="Б")
    reglament.activate_profile(profile)
    profile.rules.filter(key="acts.route.decision").delete()  # as a profile saved before the rule existed
    reglament.invalidate_cache()
    act = make_draft()
    with pytest.raises(reglament.UnknownRuleError, match="acts.route.decision"):
        services.default_route(act)
