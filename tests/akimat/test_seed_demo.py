"""`manage.py seed_demo`: the Baidibek demo apparatus, idempotent, with one login per role."""

import datetime
import importlib.machinery
import sys
import types
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import translation

from akimat import permissions
from akimat.management.commands import seed_demo
from akimat.models import ActingDuty, OrgUnit, Person, RegulationProfile, Supervision
from akimat.roles import Role

wed_2026_03_18 = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(wed_2026_03_18, tick=False):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "people": Person.objects.count(),
        "units": OrgUnit.objects.count(),
        "supervision": Supervision.objects.count(),
        "duties": ActingDuty.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "groups": Group.objects.count(),
    }


def test_every_role_gets_a_login_with_a_person(db):
    run()

    for role in Role:
        members = User.objects.filter(groups__name=role, person__isnull=False)
        assert members.exists(), role


def test_the_administrator_is_a_superuser(db):
    run()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("demo-admin-2026")


def test_a_second_run_changes_nothing_and_says_so(db):
    run()
    before = snapshot()

    output = run()

    assert snapshot() == before
    counts = [line for line in output.splitlines() if "already present" in line]
    assert counts
    assert all(": 0 created" in line for line in counts), counts


def test_logins_are_printed_with_their_passwords(db):
    output = run()

    assert "demo-registrar-2026" in output
    for username in ("akim", "registrar", "apparatus.head", "finance.executor", "auditor"):
        assert username in output
        assert User.objects.get(username=username).check_password(seed_demo.demo_password(username))


def test_a_second_run_does_not_reset_a_changed_password(db):
    run()
    registrar = User.objects.get(username="registrar")
    registrar.set_password("changed-by-the-registrar")
    registrar.save()

    run()

    assert User.objects.get(username="registrar").check_password("changed-by-the-registrar")


def test_the_apparatus_has_its_departments_bodies_and_rural_akims(db):
    run()

    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.EXECUTING_BODY).count() == 5
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.RURAL_AKIM).count() == 3
    functions = set(OrgUnit.objects.exclude(function="").values_list("function", flat=True))
    assert functions == {choice for choice in OrgUnit.Function.values if choice}
    general = OrgUnit.objects.get(function=OrgUnit.Function.GENERAL)
    assert general.nomenclature_index == "01-12"
    assert general.parent.kind == OrgUnit.Kind.APPARATUS
    assert all(unit.name_kk and unit.name_ru and unit.name_en for unit in OrgUnit.objects.all())
    assert not OrgUnit.objects.exclude(kind=OrgUnit.Kind.LEADERSHIP).filter(head__isnull=True).exists()


def test_people_have_kazakh_names_mixed_languages_and_district_emails(db):
    run()

    assert set(Person.objects.values_list("preferred_language", flat=True)) == {"kk", "ru"}
    assert all(email.endswith("@baidibek.example.kz") for email in User.objects.values_list("email", flat=True))
    assert all(person.position_kk and person.position_ru and person.position_en for person in Person.objects.all())


def test_deputies_supervise_departments_and_bodies(db):
    run()

    deputies = User.objects.filter(groups__name=Role.DEPUTY_AKIM)
    assert deputies.count() == 3
    for deputy in deputies:
        assert permissions.supervised_units(deputy), deputy
    education = OrgUnit.objects.get(name_ru="Отдел образования Байдибекского района")
    assert education.pk in permissions.supervised_units(User.objects.get(username="deputy.social"))


def test_an_acting_duty_is_planned_for_next_week(db):
    run()

    duty = ActingDuty.objects.get()
    assert (duty.starts_on, duty.ends_on) == (datetime.date(2026, 3, 23), datetime.date(2026, 3, 27))
    economy = User.objects.get(username="deputy.economy")
    assert permissions.principals(economy, on=datetime.date(2026, 3, 24)) == [
        economy,
        User.objects.get(username="deputy.social"),
    ]


def test_once_does_nothing_when_the_demo_is_present(db):
    run()
    before = snapshot()

    output = run("--once")

    assert snapshot() == before
    assert "already present" in output


def test_regulation_profile_003_is_activated_through_the_service(db, monkeypatch):
    activated: list[str] = []
    monkeypatch.setattr(seed_demo, "profile_activator", lambda: lambda profile: activated.append(profile.code))
    RegulationProfile.objects.get_or_create(code="003", defaults={"name_kk": "003", "name_ru": "003"})
    RegulationProfile.objects.filter(code="003").update(is_active=False)

    run()

    assert activated == ["003"]


def test_regulation_profile_003_becomes_active_again_with_the_real_service(db):
    reglament = pytest.importorskip("akimat.reglament")
    other = RegulationProfile.objects.exclude(code="003").filter(is_preset=True).first()
    if other is None or not RegulationProfile.objects.filter(code="003").exists():
        pytest.skip("the regulation presets are not installed")
    reglament.activate_profile(other)

    run()

    assert RegulationProfile.objects.get(is_active=True).code == "003"


def test_without_the_regulation_service_the_seed_still_runs(db, monkeypatch):
    monkeypatch.setattr(seed_demo, "profile_activator", lambda: None)

    output = run()

    assert "003" in output
    assert User.objects.filter(username="akim").exists()


def test_modules_add_their_steps_after_the_core(db, monkeypatch):
    # given a module that ships a demo.py with its own step, which uses what the core made
    seen: list[str] = []
    demo = types.ModuleType("appeals.demo")
    demo.__spec__ = importlib.machinery.ModuleSpec("appeals.demo", None)
    demo.SEED_STEPS = [lambda ctx: seen.append(ctx.people["appeals.officer"].user.username)]
    monkeypatch.setitem(sys.modules, "appeals.demo", demo)

    run()

    assert seed_demo.collect_steps()[-1] is demo.SEED_STEPS[0]
    assert seen == ["appeals.officer"]


def test_the_logins_name_their_roles_in_the_language_of_the_interface(db):
    with translation.override("ru"):
        output = run()
        registrar = str(Role.REGISTRAR.label)

    line = next(line for line in output.splitlines() if "demo-registrar-2026" in line)
    assert line.startswith(registrar) and registrar != "registrar (general department)"
