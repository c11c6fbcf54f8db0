"""The regulation profile for meetings (issue #14): the quorum and majority of an akimat session, who gets the Monday
list of protocols' timeliness and the approval routes of protocols, as each text says.

003 §5.4, §5.11, §5.34, §8.5, §8.6, §8.8 (Russian); 004 §5.4, §5.11, §6.12, §9.5–§9.7 (Kazakh); 000 §5.1(5),
§5.1(14), §5.3(13), §8.5, §8.7 (Kazakh). The presets differ where the texts do: the approvers of protocols.
"""

import datetime
import math
from fractions import Fraction
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from akimat import reglament, reglament_presets
from akimat.models import RegulationProfile, RegulationRule
from akimat.reglament import Rule, RuleTypeError

pytestmark = pytest.mark.django_db

ROUTE_KEYS = ("meetings.protocol_route.session", "meetings.protocol_route.apparatus", "meetings.protocol_route.default")
NEW_KEYS = ("meetings.session_quorum", "meetings.session_majority", "meetings.timeliness_recipients", *ROUTE_KEYS)
MON_2026_03_16 = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fresh_reglament_cache():
    reglament.invalidate_cache()
    with time_machine.travel(MON_2026_03_16, tick=False):
        yield
    reglament.invalidate_cache()


def stored(code: str, key: str) -> RegulationRule:
    return RegulationRule.objects.get(profile__code=code, key=key)


# --- every rule in every preset, with the § of that preset's own text ----------------------------------------


@pytest.mark.parametrize(
    ("code", "key", "value", "unit", "section"),
    [
        # 003 §5.4 "не менее двух третей членов акимата", "большинством голосов присутствующих членов"
        ("003", "meetings.session_quorum", "2/3", "fraction", "§5.4"),
        ("003", "meetings.session_majority", "1/2", "fraction", "§5.4"),
        ("003", "meetings.timeliness_recipients", "head_of_apparatus", "roles", "§8.6"),
        (
            "003",
            "meetings.protocol_route.session",
            "deputy_head,head_of_apparatus,members",
            "route_steps",
            "§5.11, §8.8",
        ),
        (
            "003",
            "meetings.protocol_route.apparatus",
            "departments,deputy_akims,head_of_apparatus,legal",
            "route_steps",
            "§5.34, §8.5",
        ),
        ("003", "meetings.protocol_route.default", "departments,deputy_akims,head_of_apparatus", "route_steps", "§8.5"),
        # 004 §5.4 "кемінде үштен екісі", "қатысушы әкімдік мүшелерінің көпшілік дауысымен"
        ("004", "meetings.session_quorum", "2/3", "fraction", "§5.4"),
        ("004", "meetings.session_majority", "1/2", "fraction", "§5.4"),
        ("004", "meetings.timeliness_recipients", "head_of_apparatus", "roles", "§9.6"),
        ("004", "meetings.protocol_route.session", "head_of_apparatus", "route_steps", "§5.11, §9.7"),
        ("004", "meetings.protocol_route.apparatus", "deputy_akims,head_of_apparatus", "route_steps", "§6.12, §9.5"),
        ("004", "meetings.protocol_route.default", "deputy_akims,head_of_apparatus", "route_steps", "§9.5"),
        # 000 §5.1 5) the same words as 004
        ("000", "meetings.session_quorum", "2/3", "fraction", "§5.1(5)"),
        ("000", "meetings.session_majority", "1/2", "fraction", "§5.1(5)"),
        ("000", "meetings.timeliness_recipients", "head_of_apparatus", "roles", "003 §8.6"),
        (
            "000",
            "meetings.protocol_route.session",
            "deputy_head,head_of_apparatus,members",
            "route_steps",
            "§5.1(14), §8.7",
        ),
        (
            "000",
            "meetings.protocol_route.apparatus",
            "departments,deputy_akims,head_of_apparatus",
            "route_steps",
            "§5.3(13), §8.5",
        ),
        ("000", "meetings.protocol_route.default", "departments,deputy_akims,head_of_apparatus", "route_steps", "§8.5"),
    ],
)
def test_meetings_rules_of_each_preset_5_4_8_5_to_8_8(code, key, value, unit, section):
    rule = stored(code, key)

    assert (rule.value, rule.unit, rule.section) == (value, unit, section)


def test_every_preset_has_the_meetings_rules_described_in_three_languages_5_4_8_5():
    for preset in reglament_presets.PRESETS:
        rules = {rule.key: rule for rule in preset.rules}
        for key in NEW_KEYS:
            rule = rules[key]
            assert rule.section and rule.description_kk and rule.description_ru and rule.description_en
            assert reglament.validate_rule_value(rule.unit, rule.value) == rule.value, (preset.code, key)
        assert set(NEW_KEYS) <= reglament_presets.required_keys()


def test_protocol_routes_say_whom_departments_and_deputy_akims_stand_for_8_5():
    for key in ROUTE_KEYS:
        rule = stored("003", key)
        assert "responsible for the items" in rule.description_en and "curating" in rule.description_en
        assert "ответственных за вопросы" in rule.description_ru and "курирующие" in rule.description_ru
        assert "жауапты бөлімшелердің басшылары" in rule.description_kk and "жетекшілік ететін" in rule.description_kk


def test_000_has_no_monday_list_and_borrows_the_recipients_of_003_8_6():
    rule = stored("000", "meetings.timeliness_recipients")

    assert rule.section == "003 §8.6"
    assert rule.description_en.endswith("(not in this regulation; as in regulation 003)")
    assert "003" not in stored("004", "meetings.timeliness_recipients").description_en  # 004 §9.6 has it


def test_004_session_protocol_has_no_members_visa_and_no_legal_consultant_9_5_9_7():
    """004 §9.7: a session's protocol is agreed with the head of apparatus; §5.11 names no members' visa; §9.5 and
    §6.12: other protocols with the curating deputies and the head of apparatus, no department head."""
    assert stored("004", "meetings.protocol_route.session").value == "head_of_apparatus"
    for key in ROUTE_KEYS:
        assert "legal" not in stored("004", key).value.split(",")
        assert "departments" not in stored("004", key).value.split(",")


def test_a_session_protocol_route_has_members_and_no_legal_consultant_5_11():
    """003 §5.11: visaed by all members, 003 §8.8 no legal consultant: route_steps allows members without legal."""
    assert reglament.validate_rule_value("route_steps", "deputy_head,head_of_apparatus,members") == (
        "deputy_head,head_of_apparatus,members"
    )
    assert stored("003", "meetings.protocol_route.apparatus").value.endswith(",legal")  # §5.34: legal closes it


def test_descriptions_never_repeat_the_value():
    for preset in reglament_presets.PRESETS:
        for rule in preset.rules:
            if rule.key in NEW_KEYS:
                for text in (rule.description_kk, rule.description_ru, rule.description_en):
                    assert "2/3" not in text and "1/2" not in text and "head_of_apparatus" not in text, rule.key


# --- the unit fraction -----------------------------------------------------------------------------------------


def test_the_unit_fraction_is_a_choice_of_the_rule_model():
    assert ("fraction", "fraction") in [(value, str(label)) for value, label in RegulationRule.Unit.choices]
    with translation.override("en"):
        assert str(RegulationRule.Unit.FRACTION.label) == "fraction"


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("2/3", "2/3"),
        ("1/2", "1/2"),
        (" 1 / 2 ", "1/2"),
        ("1/1", "1/1"),  # every member
        ("02/03", "2/3"),
        ("2/4", "2/4"),  # as the administrator wrote it, not reduced
    ],
)
def test_fraction_accepts_a_over_b_with_0_lt_a_le_b_5_4(value, normalised):
    assert reglament.validate_rule_value("fraction", value) == normalised


@pytest.mark.parametrize(
    "value",
    ["", " ", "0/3", "0/0", "4/3", "2/0", "-1/2", "1.5/2", "0.66", "2", "½", "2/3/4", "a/b", "2 3", "٢/٣", "2//3"],
)
def test_fraction_refuses_anything_but_a_over_b_with_0_lt_a_le_b_5_4(value):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        reglament.validate_rule_value("fraction", value)

    assert error.value.code == "invalid_fraction"
    assert error.value.messages == [
        "A share is written a/b: whole numbers, a greater than zero and not greater than b (e.g. 2/3)."
    ]


def test_as_fraction_reads_the_quorum_and_the_majority_5_4():
    assert reglament.rule("meetings.session_quorum").as_fraction() == Fraction(2, 3)
    assert reglament.rule("meetings.session_majority").as_fraction() == Fraction(1, 2)
    # 003 §5.4: of 14 members at least 10 take part; of 10 present a resolution needs 6 votes (more than a half)
    assert math.ceil(reglament.rule("meetings.session_quorum").as_fraction() * 14) == 10
    majority = reglament.rule("meetings.session_majority").as_fraction() * 10
    assert [votes > majority for votes in (5, 6)] == [False, True]


def test_as_fraction_refuses_other_units_and_bad_values():
    with pytest.raises(RuleTypeError):
        reglament.rule("meetings.session_protocol_drafting_term").as_fraction()
    with pytest.raises(RuleTypeError):
        Rule(key="x", value="3/2", unit="fraction", section="§5.4").as_fraction()
    with pytest.raises(RuleTypeError):
        Rule(key="x", value="2/3", unit="count", section="§5.4").as_fraction()
    assert Rule(key="x", value="2/4", unit="fraction", section="§5.4").as_fraction() == Fraction(1, 2)


def test_a_copy_refuses_a_bad_quorum_and_keeps_the_old_one_5_4():
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")

    with pytest.raises(ValidationError) as error:
        reglament.set_rule(copy, "meetings.session_quorum", "3/2")
    reglament.set_rule(copy, "meetings.session_quorum", " 3 / 4 ")

    assert "value" in error.value.message_dict
    assert copy.rules.get(key="meetings.session_quorum").value == "3/4"


def test_a_profile_with_a_broken_fraction_cannot_be_made_active():
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")
    copy.rules.filter(key="meetings.session_majority").update(value="0/2")

    with pytest.raises(ValidationError) as error:
        reglament.activate_profile(copy)

    assert error.value.code == "invalid_rule"


def test_the_rules_follow_the_active_preset():
    reglament.activate_profile(RegulationProfile.objects.get(code="004"))

    assert reglament.rule("meetings.protocol_route.session").as_codes() == ("head_of_apparatus",)  # 004 §9.7
    assert reglament.rule("meetings.protocol_route.default").as_codes() == ("deputy_akims", "head_of_apparatus")
    assert reglament.rule("meetings.timeliness_recipients").as_codes() == ("head_of_apparatus",)
    assert reglament.rule("meetings.session_quorum").as_fraction() == Fraction(2, 3)


# --- migration 0019: presets and copies -------------------------------------------------------------------------


def test_migration_0019_gives_copies_the_rules_of_their_preset():
    migration = import_module("akimat.migrations.0019_meetings_rules")
    reglament.copy_profile(RegulationProfile.objects.get(code="004"), code="k", name_kk="К", name_ru="К")
    copy_000 = reglament.copy_profile(RegulationProfile.objects.get(code="000"), code="w", name_kk="W", name_ru="W")
    reglament.copy_profile(copy_000, code="w2", name_kk="W", name_ru="W")  # a copy of a copy: 000 still
    orphan = reglament.copy_profile(RegulationProfile.objects.get(code="004"), code="o", name_kk="О", name_ru="О")
    RegulationProfile.objects.filter(pk=orphan.pk).update(based_on=None)
    RegulationRule.objects.filter(key__in=NEW_KEYS).delete()

    migration.add_rules(apps, None)

    assert stored("k", "meetings.protocol_route.session").value == "head_of_apparatus"
    assert stored("k", "meetings.timeliness_recipients").section == "§9.6"
    assert stored("w2", "meetings.session_quorum").section == "§5.1(5)"
    assert stored("w2", "meetings.timeliness_recipients").section == "003 §8.6"
    assert stored("w2", "meetings.timeliness_recipients").description_ru.endswith(
        "(в этом регламенте нет; по регламенту 003)"
    )
    assert (
        stored("o", "meetings.protocol_route.session").value == stored("003", "meetings.protocol_route.session").value
    )
    assert stored("o", "meetings.session_quorum").section == "003 §5.4"
    for preset in reglament_presets.PRESETS:  # the presets again equal the module
        in_module = {
            r.key: (r.value, r.unit, r.section, r.description_kk, r.description_ru, r.description_en)
            for r in preset.rules
            if r.key in NEW_KEYS
        }
        in_db = {
            r.key: (r.value, r.unit, r.section, r.description_kk, r.description_ru, r.description_en)
            for r in RegulationRule.objects.filter(profile__code=preset.code, key__in=NEW_KEYS)
        }
        assert in_db == in_module, preset.code
    for code in ("k", "w", "w2", "o"):
        reglament.check_profile_complete(RegulationProfile.objects.get(code=code))


def test_migration_0019_keeps_a_rule_an_administrator_already_has():
    migration = import_module("akimat.migrations.0019_meetings_rules")
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")
    reglament.set_rule(copy, "meetings.session_quorum", "3/4")
    RegulationRule.objects.filter(key__in=NEW_KEYS).exclude(key="meetings.session_quorum").delete()

    migration.add_rules(apps, None)

    assert stored("ours", "meetings.session_quorum").value == "3/4"
    assert stored("ours", "meetings.protocol_route.default").value == "departments,deputy_akims,head_of_apparatus"


# --- admin -------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.kz", "pass"))
    return client


def test_admin_refuses_a_bad_quorum_and_saves_a_good_one_5_4(admin_client):
    copy = reglament.copy_profile(RegulationProfile.objects.get(code="003"), code="ours", name_kk="Б", name_ru="Н")
    rule = copy.rules.get(key="meetings.session_quorum")
    url = reverse("admin:akimat_regulationrule_change", args=[rule.pk])
    data = {"section": rule.section, "description_kk": "kk", "description_ru": "ru", "description_en": "en"}

    refused = admin_client.post(url, {**data, "value": "3/2"}, HTTP_ACCEPT_LANGUAGE="en")
    accepted = admin_client.post(url, {**data, "value": "3/4"})

    assert refused.status_code == 200 and "A share is written a/b" in refused.content.decode()
    assert accepted.status_code == 302
    rule.refresh_from_db()
    assert (rule.value, rule.unit) == ("3/4", "fraction")
