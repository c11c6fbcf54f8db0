"""The regulation profile for acts (issue #13): the approval route per act type and its terms, as each text says.

003 §10.3–§10.4, §10.13–§10.16 (Russian), 004 §11.3–§11.4, §11.13–§11.16 (Kazakh), 000 §10.3–§10.4, §10.13–§10.16
(Kazakh). The presets differ where the texts differ: the approvers of §10.4 / §11.4.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from akimat import reglament, reglament_presets
from akimat.models import RegulationProfile, RegulationRule

pytestmark = pytest.mark.django_db

ROUTE_KEYS = ("acts.route.resolution", "acts.route.decision", "acts.route.order", "acts.route.apparatus_order")
NEW_KEYS = (
    *ROUTE_KEYS,
    "acts.route_restart_from_returning_step",
    "acts.normative_submission_term",
    "acts.shorter_term_roles",
)


@pytest.fixture(autouse=True)
def fresh_reglament_cache():
    reglament.invalidate_cache()
    yield
    reglament.invalidate_cache()


def stored(code: str, key: str) -> RegulationRule:
    return RegulationRule.objects.get(profile__code=code, key=key)


def route(code: str, key: str) -> tuple[str, ...]:
    return tuple(stored(code, key).value.split(","))


# --- the route of each preset, as its text says ------------------------------------------------------------


def test_003_route_of_a_resolution_10_4_departments_then_members_10_14_legal_last_10_3():
    assert route("003", "acts.route.resolution") == (
        "departments",
        "deputy_akims",
        "head_of_apparatus",
        "deputy_head",
        "finance",
        "economy",
        "members",
        "legal",
    )
    assert stored("003", "acts.route.resolution").section == "§10.3, §10.4, §10.14"


def test_003_route_of_decisions_and_orders_10_4():
    for key in ("acts.route.decision", "acts.route.order"):
        assert route("003", key) == ("deputy_akims", "head_of_apparatus", "deputy_head", "finance", "economy", "legal")
        assert stored("003", key).section == "§10.3, §10.4"


def test_004_route_11_4_department_heads_no_deputy_head_finance_or_economy():
    """004 §11.4 names the akimat members: deputies, head of apparatus, department heads, the legal unit's head."""
    assert route("004", "acts.route.resolution") == (
        "departments",
        "deputy_akims",
        "head_of_apparatus",
        "members",
        "legal",
    )
    assert stored("004", "acts.route.resolution").section == "§11.3, §11.4, §11.14"
    for key in ("acts.route.decision", "acts.route.order"):
        assert route("004", key) == ("deputy_akims", "head_of_apparatus", "departments", "legal")
        assert stored("004", key).section == "§11.3, §11.4"


def test_000_route_10_4_one_head_for_budget_and_finance():
    """000 §10.4 5): the head of strategy and economic development (budget and finance) — no separate finance."""
    assert route("000", "acts.route.resolution") == (
        "departments",
        "deputy_akims",
        "head_of_apparatus",
        "deputy_head",
        "economy",
        "members",
        "legal",
    )
    for key in ("acts.route.decision", "acts.route.order"):
        assert route("000", key) == ("deputy_akims", "head_of_apparatus", "deputy_head", "economy", "legal")
        assert stored("000", key).section == "§10.3, §10.4"


def test_apparatus_order_route_10_15_and_borrowed_in_004():
    """Only 003 and 000 §10.15 name the order of the head of apparatus; 004 §11 does not: 003's value, said so."""
    assert route("003", "acts.route.apparatus_order") == ("deputy_head", "legal")
    assert stored("003", "acts.route.apparatus_order").section == "§10.3, §10.15"
    assert stored("000", "acts.route.apparatus_order").section == "§10.3, §10.15"
    borrowed = stored("004", "acts.route.apparatus_order")
    assert (borrowed.value, borrowed.section) == ("deputy_head,legal", "003 §10.3, §10.15")
    assert "not in this regulation" in borrowed.description_en and "003" in borrowed.description_kk


def test_every_act_route_ends_with_the_legal_consultant_10_3():
    """§10.3 is about acts: the routes of protocols (meetings.protocol_route.*) need no legal consultant."""
    for preset in reglament_presets.PRESETS:
        for rule in preset.rules:
            if rule.key in ROUTE_KEYS:
                assert rule.value.split(",")[-1] == "legal", (preset.code, rule.key)


# --- terms ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "section"),
    [("003", "§10.14"), ("004", "§11.14"), ("000", "§10.14")],
)
def test_shorter_term_roles_10_14_last_paragraph(code, section):
    rule = stored(code, "acts.shorter_term_roles")

    assert (rule.value, rule.unit, rule.section) == ("akim,deputy_akim,head_of_apparatus", "roles", section)


@pytest.mark.parametrize(("code", "section"), [("003", "§10.13"), ("004", "§11.13"), ("000", "§10.13")])
def test_the_route_starts_again_after_a_return_10_13(code, section):
    """The texts are silent: the reworked draft is resubmitted, so the new round starts from the start."""
    rule = stored(code, "acts.route_restart_from_returning_step")

    assert (rule.value, rule.unit, rule.section) == ("false", "flag", section)
    assert "does not say" in rule.description_en


@pytest.mark.parametrize(
    ("code", "section"),
    [
        ("003", "§10.16; Закон «О правовых актах», ст. 43-1 — проверить юристу"),
        ("004", "§11.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін"),
        ("000", "§10.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін"),
    ],
)
def test_normative_submission_term_10_16_to_be_checked_by_the_lawyer(code, section):
    rule = stored(code, "acts.normative_submission_term")

    assert (rule.value, rule.unit, rule.section) == ("10", "calendar_days", section)
    assert "lawyer" in rule.description_en and "юрист" in rule.description_ru and "заңгер" in rule.description_kk


@pytest.mark.parametrize(
    ("code", "key", "value", "unit", "section"),
    [
        # §10.14 the same in all three texts; 004 numbers acts §11
        ("004", "acts.approval_term_resolution", "10", "working_days", "§11.14"),
        ("000", "acts.approval_term_resolution_members", "5", "working_days", "§10.14"),
        ("000", "acts.approval_term_emergency", "3", "working_days", "§10.14"),
        # §10.13 "десятидневный срок" / "он күннен": calendar days
        ("004", "acts.rework_term", "10", "calendar_days", "§11.13"),
        ("000", "acts.rework_term", "10", "calendar_days", "§10.13"),
        # §10.15: electronic signing within 3 working days in 003 and 000; 004 §11.15 has none
        ("003", "acts.signing_term", "3", "working_days", "§10.15"),
        ("000", "acts.signing_term", "3", "working_days", "§10.15"),
        ("004", "acts.signing_term", "3", "working_days", "003 §10.15"),
    ],
)
def test_acts_terms_of_each_preset_10_13_to_10_15(code, key, value, unit, section):
    rule = stored(code, key)

    assert (rule.value, rule.unit, rule.section) == (value, unit, section)


def test_descriptions_never_repeat_the_value():
    for preset in reglament_presets.PRESETS:
        for rule in preset.rules:
            if rule.key in NEW_KEYS:
                for text in (rule.description_kk, rule.description_ru, rule.description_en):
                    assert rule.value not in text and "10" not in text, (preset.code, rule.key)


# --- reading a route -------------------------------------------------------------------------------------------


def test_a_route_is_read_as_its_codes_in_order():
    assert reglament.rule("acts.route.decision").as_codes() == (
        "deputy_akims",
        "head_of_apparatus",
        "deputy_head",
        "finance",
        "economy",
        "legal",
    )
    assert reglament.rule("acts.shorter_term_roles").as_codes() == ("akim", "deputy_akim", "head_of_apparatus")
    assert reglament.rule("acts.route_restart_from_returning_step").as_bool() is False
    assert reglament.term("acts.normative_submission_term").amount == 10


def test_the_route_follows_the_active_preset():
    reglament.activate_profile(RegulationProfile.objects.get(code="004"))

    assert reglament.rule("acts.route.decision").as_codes() == (
        "deputy_akims",
        "head_of_apparatus",
        "departments",
        "legal",
    )  # 004 §11.4


# --- validation of the unit route_steps ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("deputy_akims,legal", "deputy_akims,legal"),
        (" Members , Departments ,LEGAL", "members,departments,legal"),  # order kept, not sorted
        ("finance,economy", "finance,economy"),  # no legal consultant: allowed, the author adds one
        ("legal", "legal"),
    ],
)
def test_route_steps_accept_known_codes_in_the_order_given(value, normalised):
    assert reglament.validate_rule_value("route_steps", value) == normalised


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("deputy_akims,treasury", "invalid_route_steps"),  # not a step
        ("akim,legal", "invalid_route_steps"),  # a role, not a step
        (" , ", "invalid_route_steps"),
        ("", "invalid_route_steps"),
        ("deputy_akims,finance,deputy_akims,legal", "repeated_route_steps"),
        ("legal,deputy_akims", "legal_not_last"),  # §10.3: the legal consultant closes the route
        ("deputy_akims,legal,finance", "legal_not_last"),
    ],
)
def test_route_steps_refuse_unknown_repeated_and_legal_not_last_10_3(value, code):
    with pytest.raises(ValidationError) as error:
        reglament.validate_rule_value("route_steps", value)

    assert error.value.code == code


def test_route_step_messages_are_translated_and_name_the_codes():
    with translation.override("en"), pytest.raises(ValidationError) as unknown:
        reglament.validate_rule_value("route_steps", "treasury")
    with translation.override("en"), pytest.raises(ValidationError) as repeated:
        reglament.validate_rule_value("route_steps", "finance,finance")
    with translation.override("en"), pytest.raises(ValidationError) as legal:
        reglament.validate_rule_value("route_steps", "legal,finance")

    assert "departments, deputy_akims, head_of_apparatus" in unknown.value.messages[0]
    assert "finance" in repeated.value.messages[0]
    assert "last" in legal.value.messages[0]


def test_a_copy_refuses_a_bad_route_and_keeps_the_old_one():
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")

    with pytest.raises(ValidationError):
        reglament.set_rule(copy, "acts.route.order", "legal,deputy_akims")
    reglament.set_rule(copy, "acts.route.order", "deputy_akims,head_of_apparatus,legal")

    assert copy.rules.get(key="acts.route.order").value == "deputy_akims,head_of_apparatus,legal"


# --- migration 0017: presets and copies -------------------------------------------------------------------------


def test_migration_0017_gives_copies_the_rules_of_their_preset():
    migration = import_module("akimat.migrations.0017_acts_route_rules")
    reglament.copy_profile(RegulationProfile.objects.get(code="004"), code="k", name_kk="К", name_ru="К")
    orphan = reglament.copy_profile(RegulationProfile.objects.get(code="000"), code="o", name_kk="О", name_ru="О")
    RegulationProfile.objects.filter(pk=orphan.pk).update(based_on=None)
    RegulationRule.objects.filter(key__in=NEW_KEYS).delete()

    migration.add_rules(apps, None)

    assert route("k", "acts.route.decision") == ("deputy_akims", "head_of_apparatus", "departments", "legal")
    assert stored("k", "acts.route.apparatus_order").section == "003 §10.3, §10.15"
    assert stored("o", "acts.route.decision").value == stored("003", "acts.route.decision").value
    assert stored("o", "acts.shorter_term_roles").section == "003 §10.14"
    for preset in reglament_presets.PRESETS:  # the presets again equal the module
        in_module = {r.key: (r.value, r.unit, r.section, r.description_en) for r in preset.rules if r.key in NEW_KEYS}
        in_db = {
            r.key: (r.value, r.unit, r.section, r.description_en)
            for r in RegulationRule.objects.filter(profile__code=preset.code, key__in=NEW_KEYS)
        }
        assert in_db == in_module, preset.code
    reglament.check_profile_complete(RegulationProfile.objects.get(code="k"))


# --- admin -------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.kz", "pass"))
    return client


def test_admin_shows_and_edits_a_route_with_the_codes_as_help(admin_client):
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")
    rule = copy.rules.get(key="acts.route.resolution")
    url = reverse("admin:akimat_regulationrule_change", args=[rule.pk])
    data = {"section": rule.section, "description_kk": "kk", "description_ru": "ru", "description_en": "en"}

    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    refused = admin_client.post(url, {**data, "value": "legal,members"})
    accepted = admin_client.post(url, {**data, "value": "departments,members,legal"})

    assert page.status_code == 200
    assert "departments, deputy_akims, head_of_apparatus, deputy_head, finance, economy, members, legal" in (
        page.content.decode()
    )
    assert refused.status_code == 200 and "last" in refused.content.decode()
    assert accepted.status_code == 302
    rule.refresh_from_db()
    assert (rule.value, rule.unit) == ("departments,members,legal", "route_steps")


def test_admin_profile_page_lists_the_routes_of_a_preset(admin_client):
    preset = RegulationProfile.objects.get(code="004")

    page = admin_client.get(reverse("admin:akimat_regulationprofile_change", args=[preset.pk])).content.decode()

    assert "acts.route.decision" in page and "deputy_akims,head_of_apparatus,departments,legal" in page
