"""`manage.py seed_demo`: the Baidibek demo apparatus, idempotent, with one login per role."""

import datetime
import importlib.machinery
import re
import sys
import types
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from acts import demo as acts_demo
from acts import services as acts_services
from acts.models import Act, ActPoint, ActType, ActVersion, Distribution, Urgency
from akimat import approvals, permissions, workdays
from akimat.management.commands import seed_demo
from akimat.models import (
    ActingDuty,
    Counter,
    HistoryEntry,
    Notification,
    OrgUnit,
    Person,
    RegulationProfile,
    Supervision,
    Visa,
)
from akimat.roles import Role
from appeals import demo as appeals_demo
from control.models import ControlItem, Decision, ExtensionRequest, RemovalProposal
from control.queries import Light, LightThresholds, light_counts
from correspondence import demo
from correspondence.models import Document, Return
from correspondence.services import registration
from meetings import demo as meetings_demo
from tests.appeals.test_demo import check_appeals_in_every_state, check_the_reception
from tests.meetings.test_demo import check_meetings_demo, counts_of_meetings

wed_2026_03_18 = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(wed_2026_03_18, tick=False):
        yield


@pytest.fixture(autouse=True)
def without_documents(request, monkeypatch):
    """The tests of people and units run without the demo's documents (those below ask for `with_documents`)."""
    if "with_documents" not in request.fixturenames:
        monkeypatch.setattr(demo, "SEED_STEPS", [])
        monkeypatch.setattr(acts_demo, "SEED_STEPS", [])
        monkeypatch.setattr(meetings_demo, "SEED_STEPS", [])
        monkeypatch.setattr(appeals_demo, "SEED_STEPS", [])


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


# --- the demo's documents (issue #12 §7) ------------------------------------------------------------
# One seed serves every check below (a seed takes ~15 s): test_the_demo_shows_every_module_at_work runs them in turn,
# the one that runs the seed a second time last.


@pytest.fixture
def with_documents(db, monkeypatch):
    """seed_demo with its documents; a shorter past than the command's keeps the tests quick."""
    monkeypatch.setattr(demo, "PAST_WORKING_DAYS", 20)
    run()


def counts_of_everything() -> dict[str, int]:
    return {
        "documents": Document.objects.count(),
        "items": ControlItem.objects.count(),
        "history": HistoryEntry.objects.count(),
        "notifications": Notification.objects.count(),
        "returns": Return.objects.count(),
        "extensions": ExtensionRequest.objects.count(),
        "removals": RemovalProposal.objects.count(),
        "counters": sum(Counter.objects.values_list("last_value", flat=True)),
        "acts": Act.objects.count(),
        "versions": ActVersion.objects.count(),
        "visas": Visa.objects.count(),
        "dispatches": Distribution.objects.exclude(sent_on=None).count(),
        **counts_of_meetings(),
    }


def check_instructions_in_every_traffic_light_state_and_every_decision() -> None:
    # 003 §12.4 (the light), §12.7 (extensions), §12.14 (removal), §9.4 (ДСП), §9.10 (queue, returns)
    lights = light_counts(ControlItem.objects.all(), LightThresholds.on())
    assert all(lights[light] > 0 for light in Light.ORDER), lights
    assert ControlItem.objects.filter(status=ControlItem.Status.REMOVAL_PROPOSED).exists()
    extensions = set(ExtensionRequest.objects.values_list("status", flat=True))
    assert extensions == {Decision.PENDING, Decision.APPROVED, Decision.REFUSED}
    assert set(RemovalProposal.objects.values_list("status", flat=True)) >= {Decision.PENDING, Decision.APPROVED}
    # 003 §12.14: the department head's memo, agreed by the curating deputy head of apparatus, or waiting for it
    visas = set(RemovalProposal.objects.values_list("visa", flat=True))
    assert visas >= {RemovalProposal.Visa.PENDING, RemovalProposal.Visa.AGREED, RemovalProposal.Visa.NOT_REQUIRED}
    assert RemovalProposal.objects.filter(proposed_by__username="finance.head").exists()
    assert Document.objects.filter(kind=Document.Kind.INCOMING, status=Document.Status.EXECUTED).exists()
    assert Document.objects.filter(kind=Document.Kind.INCOMING, status=Document.Status.FOR_INFORMATION).exists()
    assert Document.objects.filter(kind=Document.Kind.OUTGOING, status=Document.Status.DISPATCHED).exists()
    assert Document.objects.filter(kind=Document.Kind.INTERNAL).exclude(number="").exists()
    assert Return.objects.exists()
    # the registration queue of today: letters brought after yesterday's cutoff (003 §9.10)
    registrar = User.objects.get(username="registrar")
    assert registration.queue_for(registrar).exists()
    # ДСП letters open by name only: their executors are granted them, an outsider of the letter is not
    dsp = Document.objects.filter(is_dsp=True).exclude(resolutions=None).first()
    assert dsp is not None
    lead = dsp.resolutions.first().executors.get(is_lead=True)
    lead_user = lead.person.user if lead.person_id else lead.unit.head.user
    assert permissions.can_view(lead_user, dsp)
    assert not permissions.can_view(User.objects.get(username="auditor"), dsp)
    assert Notification.objects.filter(recipient__username="akim").exists()


def check_nothing_is_dated_after_the_moment_of_the_run() -> None:
    now = timezone.now()
    assert not HistoryEntry.objects.filter(at__gt=now).exists()
    assert not Notification.objects.filter(created_at__gt=now).exists()
    assert not Document.objects.filter(registered_at__gt=now).exists()
    # the past is replayed on working days (akimat/workdays.py): nothing registered on a day off
    assert all(workdays.is_working_day(day) for day in Document.objects.values_list("registered_on", flat=True) if day)
    # the replayed past is not e-mailed all at once
    assert not Notification.objects.filter(email_sent_at__isnull=True).exists()


def check_numbers_are_gapless_per_journal_and_a_second_run_adds_nothing() -> None:
    numbers = {
        "incoming": Document.objects.incoming().exclude(number=""),
        "outgoing": Document.objects.outgoing().exclude(number=""),
        "internal": Document.objects.internal().exclude(number=""),
    }
    for code, documents in numbers.items():
        counter = Counter.objects.get(journal__code=code, year=2026)
        seqs = sorted(
            int(re.search(r"(\d+)$", number).group(1)) for number in documents.values_list("number", flat=True)
        )
        assert seqs == list(range(1, counter.last_value + 1)), code
        # registered in time order: the numbers follow the registration moments
        by_moment = [
            int(re.search(r"(\d+)$", n).group(1))
            for n in documents.order_by("registered_at").values_list("number", flat=True)
        ]
        assert by_moment == sorted(by_moment), code
    control_counter = Counter.objects.get(journal__code="control", year=2026)
    assert ControlItem.objects.count() == control_counter.last_value
    before = counts_of_everything()

    output = run()

    assert counts_of_everything() == before
    assert all(": 0 created" in line for line in output.splitlines() if "already present" in line)


def check_acts_of_every_type_in_every_state() -> None:
    # issue #13 §6: each type of act, each state, through acts.services
    assert set(Act.objects.values_list("type", flat=True)) == set(ActType.values)
    assert set(Act.objects.values_list("status", flat=True)) == set(Act.Status.values)
    today = workdays.today()
    act_visas = Visa.objects.filter(subject_type__app_label="acts", subject_type__model="act")
    # §10.14: on approval with visas given, waiting within the term and overdue; an emergency act (§10.14 3))
    assert act_visas.filter(decision=Visa.Decision.AGREED).exists()
    waiting = act_visas.filter(decision=Visa.Decision.PENDING, received_at__isnull=False)
    assert waiting.filter(due_on__gte=today).exists()
    assert approvals.overdue().filter(pk__in=act_visas.values("pk")).count() >= 2
    assert Act.objects.filter(urgency=Urgency.EMERGENCY).exists()
    # §10.13: returned within the rework term and past it (flagged); a second version after a return
    assert Act.objects.filter(status=Act.Status.RETURNED, rework_due_on__gte=today).exists()
    assert "rework" in acts_services.flags(acts_services.rework_overdue().get())
    assert Act.objects.filter(version=2, versions__number=1).exists()
    # §10.17–§10.18: points on control (one reported), copies sent and not yet sent
    items = ControlItem.objects.filter(pk__in=ActPoint.objects.values("control_item"))
    assert items.exists() and items.filter(status=ControlItem.Status.REPORTED).exists()
    assert acts_services.not_yet_sent().exists() and Distribution.objects.exclude(sent_on=None).exists()
    # normative acts: one registered by the justice body and published, one not submitted in its term
    assert Act.objects.filter(is_normative=True).exclude(justice_number="").exclude(published_on=None).exists()
    assert acts_services.justice_submission_overdue().exists()
    assert Act.objects.filter(status=Act.Status.WITHDRAWN).exclude(withdrawal_reason="").exists()
    # ДСП: granted by name to those who took part, not to the other staff (003 §9.4)
    dsp = Act.objects.get(is_dsp=True)
    assert permissions.can_view(dsp.developer.user, dsp) and permissions.can_view(dsp.signer.user, dsp)
    assert not permissions.can_view(User.objects.get(username="auditor"), dsp)
    # §10.16: one gapless sequence per type and year, in the order of the registration dates
    for act_type, journal in acts_services.JOURNALS.items():
        registered = Act.objects.filter(type=act_type, year=2026).exclude(number="")
        counter = Counter.objects.filter(journal__code=journal, year=2026).first()
        numbers = sorted(int(number) for number in registered.values_list("number", flat=True))
        assert numbers == list(range(1, (counter.last_value if counter else 0) + 1)), act_type
        by_date = [int(n) for n in registered.order_by("registered_on", "signed_at").values_list("number", flat=True)]
        assert by_date == sorted(by_date), act_type
    # nothing dated after the moment of the run, and every date on a working day
    now = timezone.now()
    assert not Act.objects.filter(created_at__gt=now).exists()
    assert not Act.objects.filter(signed_on__gt=today).exists()
    assert not Act.objects.filter(published_on__gt=today).exists()
    assert not act_visas.filter(decided_at__gt=now).exists()
    assert not Distribution.objects.filter(sent_at__gt=now).exists()
    assert all(
        workdays.is_working_day(day)
        for day in Act.objects.exclude(registered_on=None).values_list("registered_on", flat=True)
    )


#: the most queries the home page may run for each demo login, whatever the number of documents and items
HOME_QUERIES = {
    "akim": 29,
    "registrar": 26,
    "finance.executor": 23,
    "apparatus.head": 31,
    "finance.head": 25,
    "general.head": 29,
    "deputy.infra": 27,
    "apparatus.deputy": 25,
    "legal": 22,
    "agriculture.head": 26,
}
#: the panels each of them finds work in (akimat/home.py, control/home.py, correspondence/home.py, acts/home.py)
HOME_PANELS = {
    "akim": ("correspondence-resolve", "control-decisions", "acts-sign", "control-light"),
    "registrar": ("correspondence-queue", "control-light", "control-removal", "acts-register", "acts-unsent"),
    "finance.executor": ("control-due", "acts-rework"),
    "apparatus.head": ("control-decisions", "acts-sign", "control-light"),
    "finance.head": ("control-light",),
    "general.head": ("control-light", "control-removal", "acts-register", "acts-unsent"),
    "deputy.infra": ("control-light",),
    "apparatus.deputy": ("control-agreement",),
    "legal": ("acts-justice",),
    "agriculture.head": ("acts-rework",),
}


def panel_counts(html: str) -> dict[str, int]:
    found = re.findall(r'data-testid="panel-([\w-]+)".*?data-testid="panel-count">(\d+)<', html, re.S)
    return {key: int(count) for key, count in found}


def check_each_demo_login_opens_onto_its_own_work(client, django_assert_max_num_queries) -> None:
    # issue #12 §7: the akim what awaits a resolution, the registrar the queue, an executor what is due and
    # overdue, the head of apparatus the traffic light, a department head the department, the controller
    # what awaits removal — in a bounded number of queries
    for username, limit in HOME_QUERIES.items():
        client.force_login(User.objects.get(username=username))
        with django_assert_max_num_queries(limit):
            response = client.get("/")
        assert response.status_code == 200, username
        counts = panel_counts(response.content.decode())
        for key in HOME_PANELS[username]:
            assert counts.get(key, 0) > 0, (username, key, counts)
    # the letters of the registrar's queue are brought after yesterday's cutoff, so the queue is today's
    registrar = User.objects.get(username="registrar")
    client.force_login(registrar)
    assert panel_counts(client.get("/").content.decode())["correspondence-queue"] == 3


def check_the_journals_of_the_demo_logins_are_not_empty(client) -> None:
    for username, kind in (("registrar", "incoming"), ("registrar", "outgoing"), ("akim", "incoming")):
        client.force_login(User.objects.get(username=username))
        journal = Document.objects.filter(kind=kind).exclude(number="").order_by("-registered_at").first()
        response = client.get(reverse("correspondence:journal", args=[kind]))
        assert journal.number in response.content.decode(), (username, kind)
    client.force_login(User.objects.get(username="finance.executor"))
    response = client.get(reverse("control:list"))
    assert "data-item=" in response.content.decode()


def test_the_demo_shows_every_module_at_work(with_documents, client, django_assert_max_num_queries):
    check_instructions_in_every_traffic_light_state_and_every_decision()
    check_nothing_is_dated_after_the_moment_of_the_run()
    check_acts_of_every_type_in_every_state()
    check_meetings_demo()
    check_appeals_in_every_state()
    check_the_reception()
    check_each_demo_login_opens_onto_its_own_work(client, django_assert_max_num_queries)
    check_the_journals_of_the_demo_logins_are_not_empty(client)
    check_numbers_are_gapless_per_journal_and_a_second_run_adds_nothing()
