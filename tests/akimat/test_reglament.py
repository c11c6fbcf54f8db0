"""The regulation profile (SPEC §3.3): presets from the migration, the service, its cache, command, admin."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from akimat import reglament, reglament_presets
from akimat.management.commands.reglament import Command as ReglamentCommand
from akimat.models import RegulationProfile, RegulationRule
from akimat.reglament import Rule, Term

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_reglament_cache():
    """Each test starts and ends with a new version: rolled-back rows must not survive in Redis."""
    reglament.invalidate_cache()
    yield
    reglament.invalidate_cache()


def stored(code: str, key: str) -> RegulationRule:
    return RegulationRule.objects.get(profile__code=code, key=key)


def committed_copy(source_code: str = "003", code: str = "our-2026") -> RegulationProfile:
    return reglament.copy_profile(
        RegulationProfile.objects.get(code=source_code), code=code, name_kk="Біздің", name_ru="Наш", name_en="Ours"
    )


# --- presets loaded by migration 0003 ----------------------------------------------------------------


def test_migration_loads_three_presets_and_only_003_is_active():
    profiles = {p.code: p for p in RegulationProfile.objects.all()}

    assert set(profiles) >= {"003", "004", "000"}
    assert all(profiles[code].is_preset for code in ("003", "004", "000"))
    assert list(RegulationProfile.objects.filter(is_active=True).values_list("code", flat=True)) == ["003"]
    assert {profiles[code].rules.count() for code in ("003", "004", "000")} == {len(reglament_presets.SPECS)}


@pytest.mark.parametrize(
    ("code", "key", "value", "unit", "section"),
    [
        # registration window: 003 §9.10 and 000 §9.10 until 17:00, 004 §10.9 until 18:30 without lunch
        ("003", "registration.cutoff", "17:00", "time", "§9.10"),
        ("004", "registration.cutoff", "18:30", "time", "§10.9"),
        ("000", "registration.cutoff", "17:00", "time", "§9.10"),
        ("003", "registration.window_start", "09:00", "time", "§9.10"),
        ("004", "registration.lunch_break_excluded", "true", "flag", "§10.9"),
        ("003", "registration.lunch_break_excluded", "false", "flag", "§9.10"),
        ("003", "registration.distribution_term", "1", "working_days", "§9.10"),
        ("003", "registration.redirect_term", "3", "working_days", "§9.10"),
        # control types: the same numbers, 004 numbers the chapter 13
        ("003", "control.very_urgent_term", "3", "working_days", "§12.2"),
        ("004", "control.very_urgent_term", "3", "working_days", "§13.2"),
        ("000", "control.very_urgent_term", "3", "working_days", "§12.2"),
        ("003", "control.urgent_term", "10", "working_days", "§12.2"),
        ("003", "control.expedite_term", "10", "working_days", "§12.2"),
        ("003", "control.short_term_max", "1", "months", "§12.2"),
        ("003", "control.medium_term_max", "6", "months", "§12.2"),
        ("003", "control.default_term", "1", "months", "§12.2"),
        ("003", "control.higher_body_internal_offset", "10", "working_days", "§12.2"),
        ("000", "control.higher_body_internal_offset", "10", "working_days", "§12.2"),
        ("004", "control.higher_body_internal_offset", "10", "working_days", "003 §12.2"),  # not in 004
        ("003", "control.reminder_offset", "3", "working_days", "§12.4"),
        ("003", "control.extension_request_before", "3", "working_days", "§12.6"),
        ("003", "control.extension_max_regular", "1", "count", "§12.7"),
        ("003", "control.extension_max_exceptional", "2", "count", "§12.8"),
        ("003", "control.report_before_executing_body", "5", "working_days", "§12.13"),
        ("004", "control.report_before_executing_body", "5", "working_days", "§13.13"),
        ("000", "control.report_before_executing_body", "5", "working_days", "§12.14"),
        ("003", "control.report_before_co_executor", "7", "working_days", "§12.13"),
        ("003", "control.removal_memo_term", "1", "working_days", "§12.14"),
        ("000", "control.removal_memo_term", "1", "working_days", "§12.15"),
        ("003", "control.quarterly_report_day", "20", "day_of_month", "§12.16"),
        ("004", "control.quarterly_report_day", "20", "day_of_month", "§13.16"),
        ("000", "control.quarterly_report_day", "20", "day_of_month", "§12.17"),
        ("003", "control.redirect_term", "3", "working_days", "§12.5"),
        # working hours: 09:00–19:00 with lunch 13:00–15:00 (003 §17.1, 004 §18.1), 09:00–18:30 (000 §19.1)
        ("003", "work.day_end", "19:00", "time", "§17.1"),
        ("003", "work.lunch_end", "15:00", "time", "§17.1"),
        ("004", "work.day_end", "19:00", "time", "§18.1"),
        ("000", "work.day_end", "18:30", "time", "§19.1"),
        ("000", "work.lunch_end", "14:30", "time", "§19.1"),
        # acts §10.14 (004 §11.14)
        ("003", "acts.approval_term_resolution", "10", "working_days", "§10.14"),
        ("003", "acts.approval_term_decision", "5", "working_days", "§10.14"),
        ("003", "acts.approval_term_emergency", "3", "working_days", "§10.14"),
        ("004", "acts.approval_term_decision", "5", "working_days", "§11.14"),
        ("003", "acts.rework_term", "10", "calendar_days", "§10.13"),
        # meetings: session materials 5 (003 §5.6, 004 §5.6) vs 3 (000 §5.1(8)); protocols 1 vs 2 (004 §9.5)
        ("003", "meetings.session_materials_before", "5", "working_days", "§5.6"),
        ("004", "meetings.session_materials_before", "5", "working_days", "§5.6"),
        ("000", "meetings.session_materials_before", "3", "working_days", "§5.1(8)"),
        ("003", "meetings.protocol_drafting_term", "1", "working_days", "§8.5"),
        ("004", "meetings.protocol_drafting_term", "2", "working_days", "§9.5"),
        ("000", "meetings.protocol_drafting_term", "1", "working_days", "§8.5"),
        # event notice 5 vs 10 (§3.2)
        ("003", "events.notice_before", "5", "working_days", "§3.2"),
        ("000", "events.notice_before", "10", "working_days", "§3.2"),
        # appeals: APPK terms, forwarding §13.9 (004 §14.9), complaint to a lower body in 3 days
        ("003", "appeals.answer_term", "15", "working_days", "АППК ст. 76"),
        ("003", "appeals.forward_term", "3", "working_days", "§13.9"),
        ("004", "appeals.forward_term", "3", "working_days", "§14.9"),
        ("003", "appeals.extension_max", "2", "months", "АППК ст. 76"),
        ("003", "appeals.lower_body_complaint_term", "3", "working_days", "§13.11"),
        ("004", "appeals.lower_body_complaint_term", "3", "calendar_days", "§14.12"),
        ("000", "appeals.lower_body_complaint_term", "3", "calendar_days", "§13.12"),
        ("003", "appeals.answer_dispatch_cutoff", "18:00", "time", "§13.4"),
    ],
)
def test_preset_values_come_from_their_regulation(code, key, value, unit, section):
    rule = stored(code, key)

    assert (rule.value, rule.unit, rule.section) == (value, unit, section)


def test_a_rule_missing_from_a_regulation_says_so_in_every_language():
    rule = stored("004", "control.higher_body_internal_offset")

    assert "003" in rule.description_kk and "003" in rule.description_ru and "003" in rule.description_en
    assert "not in this regulation" in rule.description_en


def test_database_presets_equal_the_presets_module():
    """A change of reglament_presets.py needs a data migration: this test says so when it is missing."""
    for preset in reglament_presets.PRESETS:
        profile = RegulationProfile.objects.get(code=preset.code)
        in_db = [
            (r.key, r.value, r.unit, r.section, r.description_kk, r.description_ru, r.description_en)
            for r in profile.rules.order_by("key")
        ]
        in_module = sorted(
            (r.key, r.value, r.unit, r.section, r.description_kk, r.description_ru, r.description_en)
            for r in preset.rules
        )
        assert in_db == in_module, f"preset {preset.code} differs from akimat/reglament_presets.py"
        assert (profile.name_kk, profile.name_ru, profile.name_en) == (preset.name_kk, preset.name_ru, preset.name_en)


def test_every_preset_value_is_valid_for_its_unit():
    units = set(RegulationRule.Unit.values)
    for preset in reglament_presets.PRESETS:
        for rule in preset.rules:
            assert rule.unit in units
            assert reglament.validate_rule_value(rule.unit, rule.value) == rule.value, (preset.code, rule.key)
            assert len(rule.section) <= 100 and max(map(len, (rule.description_kk, rule.description_ru))) <= 500


# --- reading rules -----------------------------------------------------------------------------------


def test_rule_gives_typed_values_of_the_active_profile():
    assert reglament.rule("registration.cutoff").as_time() == datetime.time(17, 0)
    assert reglament.rule("control.extension_max_regular").as_int() == 1
    assert reglament.rule("control.higher_body_extension_forbidden").as_bool() is True
    assert reglament.rule("control.very_urgent_term") == Rule(
        key="control.very_urgent_term",
        value="3",
        unit="working_days",
        section="§12.2",
        description_kk=stored("003", "control.very_urgent_term").description_kk,
        description_ru=stored("003", "control.very_urgent_term").description_ru,
        description_en=stored("003", "control.very_urgent_term").description_en,
    )


def test_rule_description_follows_the_active_language():
    rule = reglament.rule("control.very_urgent_term")

    with translation.override("ru"):
        assert rule.description == "Срок исполнения поручения с пометкой «весьма срочно»"
    with translation.override("kk"):
        assert rule.description == "«Өте шұғыл» белгісі бар тапсырманың орындау мерзімі"


def test_term_gives_amount_unit_and_section():
    term = reglament.term("acts.approval_term_decision")

    assert term == Term(key="acts.approval_term_decision", amount=5, unit="working_days", section="§10.14")
    with translation.override("en"):
        assert str(term) == "5 working days, §10.14"
    assert reglament.term("control.default_term").unit == "months"


def test_reading_a_rule_as_the_wrong_type_is_a_clear_error():
    with pytest.raises(reglament.RuleTypeError, match="registration.cutoff"):
        reglament.rule("registration.cutoff").as_int()
    with pytest.raises(reglament.RuleTypeError, match="not a term"):
        reglament.term("registration.cutoff")
    with pytest.raises(reglament.RuleTypeError):
        reglament.rule("control.reminder_offset").as_time()


def test_unknown_key_is_a_clear_error():
    with pytest.raises(reglament.UnknownRuleError, match="control.no_such_rule") as error:
        reglament.rule("control.no_such_rule")

    assert isinstance(error.value, LookupError)
    assert "'003'" in str(error.value)


def test_no_active_profile_is_a_clear_error():
    RegulationProfile.objects.update(is_active=False)
    reglament.invalidate_cache()

    with pytest.raises(reglament.NoActiveProfileError, match="No regulation profile is active"):
        reglament.rule("registration.cutoff")
    with pytest.raises(reglament.NoActiveProfileError):
        reglament.active_profile()


# --- one active profile ------------------------------------------------------------------------------


def test_the_database_rejects_a_second_active_profile():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulationProfile.objects.filter(code="004").update(is_active=True)


def test_activate_profile_swaps_the_active_profile_and_rules_follow_at_once():
    assert reglament.rule("registration.cutoff").as_time() == datetime.time(17, 0)

    reglament.activate_profile(RegulationProfile.objects.get(code="004"))

    assert list(RegulationProfile.objects.filter(is_active=True).values_list("code", flat=True)) == ["004"]
    assert reglament.active_profile().code == "004"
    assert reglament.rule("registration.cutoff").as_time() == datetime.time(18, 30)  # 004 §10.9


def test_an_incomplete_profile_cannot_be_made_active():
    copy = committed_copy()
    copy.rules.filter(key="control.reminder_offset").delete()

    with pytest.raises(ValidationError, match="control.reminder_offset"):
        reglament.activate_profile(copy)
    assert reglament.active_profile().code == "003"


# --- copies are editable, presets are not --------------------------------------------------------------


def test_copy_profile_copies_every_rule_into_an_inactive_editable_profile():
    source = RegulationProfile.objects.get(code="003")

    copy = committed_copy()

    assert (copy.based_on, copy.is_preset, copy.is_active, copy.source) == (source, False, False, source.source)
    assert reglament.profile_rules(copy) == reglament.profile_rules(source)


def test_a_copy_can_be_edited_and_made_active():
    copy = committed_copy()

    reglament.set_rule(copy, "control.reminder_offset", "5", section="§12.4 (приказ № 7)")
    reglament.activate_profile(copy)

    assert reglament.term("control.reminder_offset") == Term(
        "control.reminder_offset", 5, "working_days", "§12.4 (приказ № 7)"
    )


def test_a_preset_is_read_only():
    preset = RegulationProfile.objects.get(code="003")

    with pytest.raises(ValidationError, match="copy it") as error:
        reglament.set_rule(preset, "control.reminder_offset", "5")
    assert error.value.code == "preset_read_only"
    with pytest.raises(ValidationError):
        reglament.save_rule(stored("003", "control.reminder_offset"))
    preset.name_ru = "Другое имя"
    with pytest.raises(ValidationError):
        reglament.save_profile(preset)
    with pytest.raises(ValidationError):
        reglament.delete_profile(preset)
    assert stored("003", "control.reminder_offset").value == "3"


def test_copy_profile_refuses_a_taken_or_malformed_code():
    with pytest.raises(ValidationError, match="already exists"):
        committed_copy(code="004")
    with pytest.raises(ValidationError):
        committed_copy(code="not a slug")


def test_a_copy_refuses_invalid_values_and_deleting_required_rules():
    copy = committed_copy()

    with pytest.raises(ValidationError, match="HH:MM"):
        reglament.set_rule(copy, "registration.cutoff", "5pm")
    with pytest.raises(ValidationError, match="required"):
        reglament.delete_rule(copy.rules.get(key="registration.cutoff"))
    reglament.activate_profile(copy)
    with pytest.raises(ValidationError, match="active"):
        reglament.delete_profile(copy)


@pytest.mark.parametrize(
    ("unit", "value", "normalised"),
    [
        ("time", "17:00", "17:00"),
        ("time", " 09:30 ", "09:30"),
        ("flag", "TRUE", "true"),
        ("flag", "false", "false"),
        ("working_days", "0", "0"),
        ("working_days", "015", "15"),
        ("months", "6", "6"),
        ("count", "2", "2"),
        ("day_of_month", "20", "20"),
        ("org_functions", " General, organisational,general ", "general,organisational"),  # 003 §12.4
        ("access_scopes", "reports,documents", "reports,documents"),
    ],
)
def test_validate_rule_value_accepts_and_normalises(unit, value, normalised):
    assert reglament.validate_rule_value(unit, value) == normalised


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        ("time", "9:00"),
        ("time", "24:00"),
        ("time", "17.00"),
        ("flag", "yes"),
        ("working_days", "-1"),
        ("working_days", "1.5"),
        ("calendar_days", ""),
        ("count", "٣"),  # an Arabic-Indic digit is not an ASCII whole number
        ("day_of_month", "0"),
        ("day_of_month", "32"),
        ("fortnights", "1"),
        ("org_functions", "treasury"),  # not a function of an organisation unit
        ("org_functions", " , "),
        ("access_scopes", "documents,everything"),
    ],
)
def test_validate_rule_value_refuses(unit, value):
    with pytest.raises(ValidationError):
        reglament.validate_rule_value(unit, value)


def test_validation_messages_are_translated():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        reglament.validate_rule_value("time", "5pm")

    assert "HH:MM" in error.value.messages[0]


# --- cache: per process, versioned in Redis ----------------------------------------------------------


def test_rules_are_read_from_memory_without_queries(django_assert_num_queries):
    reglament.rule("control.reminder_offset")

    with django_assert_num_queries(0):
        for _ in range(10):
            reglament.rule("control.reminder_offset")


def test_a_new_process_reads_the_rules_from_redis_not_the_database(django_assert_num_queries):
    reglament.rule("control.reminder_offset")  # fills the shared cache
    reglament.clear_local_cache()  # a fresh process: nothing in memory

    with django_assert_num_queries(0):
        assert reglament.term("control.reminder_offset").amount == 3


def test_a_committed_change_is_seen_after_clearing_only_the_per_process_cache(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        copy = committed_copy()
        reglament.activate_profile(copy)
    assert reglament.rule("control.reminder_offset").value == "3"  # this process caches the copy's rules

    with django_capture_on_commit_callbacks(execute=True):
        reglament.set_rule(copy, "control.reminder_offset", "4")
    reglament.clear_local_cache()

    assert reglament.rule("control.reminder_offset").value == "4"


def test_another_process_sees_a_change_once_the_version_moves(django_capture_on_commit_callbacks, monkeypatch):
    # given: "another process" holding a snapshot of 003 in memory
    assert reglament.rule("registration.cutoff").value == "17:00"
    other_process = reglament._snapshot

    # when: this process makes 004 active and commits
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reglament.activate_profile(RegulationProfile.objects.get(code="004"))
    assert callbacks, "the version is replaced after the commit, not before"

    # then: the other process, once it checks the version, drops its snapshot
    monkeypatch.setattr(reglament, "_snapshot", other_process)
    monkeypatch.setattr(reglament, "_checked_at", 0.0)
    reglament._local.dirty = False
    assert reglament.rule("registration.cutoff").value == "18:30"


def test_the_version_does_not_move_before_the_commit(django_capture_on_commit_callbacks):
    version = reglament._current_version()

    with django_capture_on_commit_callbacks(execute=False):
        reglament.activate_profile(RegulationProfile.objects.get(code="000"))

        assert reglament._current_version() == version
        assert reglament.rule("events.notice_before").value == "10"  # this transaction sees its own change


def test_rules_are_read_from_the_database_when_the_cache_is_down(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    reglament.clear_local_cache()
    monkeypatch.setattr(reglament.cache, "get", broken)

    assert reglament.rule("registration.cutoff").value == "17:00"


# --- manage.py reglament show -------------------------------------------------------------------------


def test_show_prints_the_active_profile_as_a_table_with_the_section_column():
    out = StringIO()

    call_command("reglament", "show", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Profile 003: ") and lines[0].endswith("[active, preset]")
    assert lines[1].split() == ["key", "value", "unit", "§"]
    assert len(lines) == 2 + len(reglament_presets.SPECS)
    row = next(line for line in lines if line.startswith("registration.cutoff "))
    assert row.split() == ["registration.cutoff", "17:00", "time", "§9.10"]
    assert lines[1].index("§") == row.index("§9.10")  # columns are aligned


def test_show_prints_a_named_profile():
    out = StringIO()

    call_command("reglament", "show", "--profile", "004", stdout=out)

    assert out.getvalue().startswith("Profile 004: ")
    assert "registration.cutoff" in out.getvalue() and "18:30" in out.getvalue() and "§10.9" in out.getvalue()


def test_show_of_an_unknown_profile_fails_with_exit_code_2(monkeypatch):
    with pytest.raises(CommandError, match="nope") as error:
        call_command("reglament", "show", "--profile", "nope")
    assert error.value.returncode == 2

    # and from the command line: the process exits with 2
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        ReglamentCommand(stdout=StringIO(), stderr=StringIO()).run_from_argv(
            ["manage.py", "reglament", "show", "--profile", "nope"]
        )
    assert exit_info.value.code == 2


# --- admin ----------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.kz", "pass")
    client.force_login(admin_user)
    return client


def changelist_url() -> str:
    return reverse("admin:akimat_regulationprofile_changelist")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_admin_changelist_renders_in_every_language(admin_client, language):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = admin_client.get(changelist_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "003" in content and "004" in content and "000" in content
    assert 'value="copy_profile"' in content and 'value="make_active"' in content
    assert admin_client.get(reverse("admin:akimat_regulationrule_changelist"), {"q": "cutoff"}).status_code == 200


def test_admin_shows_a_preset_read_only(admin_client):
    preset = RegulationProfile.objects.get(code="003")

    response = admin_client.get(reverse("admin:akimat_regulationprofile_change", args=[preset.pk]))

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert "read-only" in response.content.decode()
    rule = stored("003", "control.reminder_offset")
    post = admin_client.post(reverse("admin:akimat_regulationrule_change", args=[rule.pk]), {"value": "9"})
    assert post.status_code == 403
    assert stored("003", "control.reminder_offset").value == "3"


def test_admin_copy_action_asks_for_a_code_and_copies(admin_client):
    source = RegulationProfile.objects.get(code="004")
    selected = {"action": "copy_profile", "_selected_action": [source.pk]}

    ask = admin_client.post(changelist_url(), selected)
    assert ask.status_code == 200
    assert 'name="code"' in ask.content.decode() and "004-copy" in ask.content.decode()

    done = admin_client.post(
        changelist_url(),
        {**selected, "apply": "1", "code": "kazygurt-2026", "name_kk": "Қазығұрт", "name_ru": "Казыгурт"},
    )

    copy = RegulationProfile.objects.get(code="kazygurt-2026")
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:akimat_regulationprofile_change", args=[copy.pk])
    assert (copy.based_on, copy.is_preset, copy.rules.count()) == (source, False, source.rules.count())


def test_admin_copy_action_refuses_a_taken_code(admin_client):
    source = RegulationProfile.objects.get(code="004")

    response = admin_client.post(
        changelist_url(),
        {
            "action": "copy_profile",
            "_selected_action": [source.pk],
            "apply": "1",
            "code": "003",
            "name_kk": "x",
            "name_ru": "x",
        },
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert RegulationProfile.objects.filter(code="003").count() == 1


def test_admin_make_active_action(admin_client):
    profile = RegulationProfile.objects.get(code="000")

    response = admin_client.post(changelist_url(), {"action": "make_active", "_selected_action": [profile.pk]})

    assert response.status_code == 302
    assert reglament.active_profile().code == "000"
    assert reglament.rule("work.day_end").as_time() == datetime.time(18, 30)  # 000 §19.1


def test_admin_edits_a_rule_of_a_copy_with_validation(admin_client):
    rule = committed_copy().rules.get(key="control.reminder_offset")
    url = reverse("admin:akimat_regulationrule_change", args=[rule.pk])
    data = {"value": "4", "section": "§12.4", "description_kk": "kk", "description_ru": "ru", "description_en": "en"}

    refused = admin_client.post(url, {**data, "value": "four"})
    accepted = admin_client.post(url, data)

    assert refused.status_code == 200 and "whole number" in refused.content.decode()
    assert accepted.status_code == 302
    rule.refresh_from_db()
    assert (rule.key, rule.value, rule.unit) == ("control.reminder_offset", "4", "working_days")


def test_admin_edits_the_rules_inline_on_a_copy(admin_client):
    copy = committed_copy()
    url = reverse("admin:akimat_regulationprofile_change", args=[copy.pk])
    page = admin_client.get(url).context
    form, inline = page["adminform"].form, page["inline_admin_formsets"][0].formset
    data = {name: form[name].value() or "" for name in form.fields}
    for name, value in inline.management_form.initial.items():
        data[f"{inline.prefix}-{name}"] = value
    for index, rule_form in enumerate(inline.forms):
        for name in rule_form.fields:
            value = rule_form[name].value()
            data[f"{inline.prefix}-{index}-{name}"] = "" if value is None else value
        if rule_form.instance.key == "control.reminder_offset":
            data[f"{inline.prefix}-{index}-value"] = "6"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert copy.rules.get(key="control.reminder_offset").value == "6"


def test_admin_refuses_an_invalid_inline_value_and_deleting_presets(admin_client):
    preset = RegulationProfile.objects.get(code="003")
    copy = committed_copy()

    assert admin_client.post(reverse("admin:akimat_regulationprofile_delete", args=[preset.pk])).status_code == 403
    deleted = admin_client.post(reverse("admin:akimat_regulationprofile_delete", args=[copy.pk]), {"post": "yes"})

    assert deleted.status_code == 302
    assert not RegulationProfile.objects.filter(pk=copy.pk).exists()
    assert RegulationProfile.objects.filter(pk=preset.pk).exists()


# --- migration 0003 is reversible -----------------------------------------------------------------------


def test_migration_0003_reverse_deletes_the_presets_and_keeps_copies():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("akimat.migrations.0003_regulation_presets")
    copy = committed_copy()

    migration.unload_presets(apps, None)

    assert list(RegulationProfile.objects.values_list("code", flat=True)) == [copy.code]
    copy.refresh_from_db()
    assert copy.based_on is None and copy.rules.count() == len(reglament_presets.SPECS)

    migration.load_presets(apps, None)
    assert set(RegulationProfile.objects.filter(is_preset=True).values_list("code", flat=True)) == {"003", "004", "000"}
