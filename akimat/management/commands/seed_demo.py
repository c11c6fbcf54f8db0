"""`python manage.py seed_demo`: a demo apparatus modelled on Baidibek district (Turkestan oblast).

Idempotent: every object is looked up by a natural key and created only when missing; what exists is
left as it is (a password or a name changed by an administrator survives a second run).

The work is a list of seed steps. The core's steps build the organisation, people, roles, supervision
map and an acting duty; each module adds sample data by shipping `<app>/demo.py` with
`SEED_STEPS: list[Callable[[SeedContext], None]]`, run after the core's in dependency order. A step finds
what earlier steps made in `ctx.units` and `ctx.people` (by the keys used below).
"""

import datetime
import importlib
import importlib.util
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, OutputWrapper
from django.core.management.color import Style
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akimat.models import ActingDuty, OrgUnit, Person, RegulationProfile, Supervision
from akimat.roles import Role, ensure_role_groups

DOMAIN = "baidibek.example.kz"
PASSWORD_PATTERN = "demo-{username}-2026"
# the modules whose demo.py may add steps, in the direction dependencies point (SPEC §2)
MODULES_WITH_DEMO = ("control", "correspondence", "meetings", "acts", "appeals")


@dataclass
class SeedContext:
    """What the steps share: the output, counters, and the objects made so far by key."""

    stdout: OutputWrapper
    style: Style
    units: dict[str, OrgUnit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)

    def record(self, what: str, created: bool) -> None:
        """Count one object of a kind as created now or already present."""
        (self.created if created else self.present)[what] += 1

    def report(self, what: str) -> None:
        """Print one line for a kind of object: how many were created and how many were already there."""
        created, present = self.created[what], self.present[what]
        line = _("%(what)s: %(created)d created, %(present)d already present") % {
            "what": what,
            "created": created,
            "present": present,
        }
        self.stdout.write(self.style.SUCCESS(line) if created else line)

    def note(self, text: str) -> None:
        self.stdout.write(self.style.WARNING(text))


SeedStep = Callable[[SeedContext], None]


# --- The organisation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name_kk: str
    name_ru: str
    name_en: str
    kind: str = OrgUnit.Kind.DEPARTMENT
    parent: str | None = "apparatus"
    function: str = ""
    index: str = ""
    email: str = ""


K = OrgUnit.Kind
F = OrgUnit.Function
UNITS: list[UnitSpec] = [
    UnitSpec(
        "apparatus",
        "Бәйдібек ауданы әкімінің аппараты",
        "Аппарат акима Байдибекского района",
        "Apparatus of the Akim of Baidibek District",
        kind=K.APPARATUS,
        parent=None,
        email="apparat",
    ),
    UnitSpec("leadership", "Басшылық", "Руководство", "Leadership", kind=K.LEADERSHIP),
    UnitSpec(
        "general",
        "Құжаттамалық қамтамасыз ету және бақылау бөлімі",
        "Отдел документационного обеспечения и контроля",
        "General department (registry and control)",
        function=F.GENERAL,
        index="01-12",
        email="kanc",
    ),
    UnitSpec(
        "org",
        "Ұйымдастыру-инспекторлық бөлім",
        "Организационно-инспекторский отдел",
        "Organisational-inspection department",
        function=F.ORGANISATIONAL,
        index="01-13",
        email="org",
    ),
    UnitSpec(
        "appeals",
        "Өтініштермен жұмыс бөлімі",
        "Отдел по работе с обращениями",
        "Appeals department",
        function=F.APPEALS,
        index="01-14",
        email="appeals",
    ),
    UnitSpec(
        "legal", "Заң қызметі", "Юридическая служба", "Legal service", function=F.LEGAL, index="01-15", email="legal"
    ),
    UnitSpec(
        "finance",
        "Қаржы бөлімі",
        "Отдел финансов",
        "Finance department",
        function=F.FINANCE,
        index="01-16",
        email="finance",
    ),
    UnitSpec(
        "economy",
        "Экономика бөлімі",
        "Отдел экономики",
        "Economy department",
        function=F.ECONOMY,
        index="01-17",
        email="economy",
    ),
    # district executing bodies: outside the apparatus, executors of its instructions
    UnitSpec(
        "education",
        "Бәйдібек ауданының білім бөлімі",
        "Отдел образования Байдибекского района",
        "Education Department of Baidibek District",
        kind=K.EXECUTING_BODY,
        parent=None,
        email="bilim",
    ),
    UnitSpec(
        "health",
        "Бәйдібек ауданының денсаулық сақтау бөлімі",
        "Отдел здравоохранения Байдибекского района",
        "Health Department of Baidibek District",
        kind=K.EXECUTING_BODY,
        parent=None,
        email="densaulyk",
    ),
    UnitSpec(
        "agriculture",
        "Бәйдібек ауданының ауыл шаруашылығы бөлімі",
        "Отдел сельского хозяйства Байдибекского района",
        "Agriculture Department of Baidibek District",
        kind=K.EXECUTING_BODY,
        parent=None,
        email="auylsharuashylygy",
    ),
    UnitSpec(
        "construction",
        "Бәйдібек ауданының құрылыс бөлімі",
        "Отдел строительства Байдибекского района",
        "Construction Department of Baidibek District",
        kind=K.EXECUTING_BODY,
        parent=None,
        email="kurylys",
    ),
    UnitSpec(
        "housing",
        "Бәйдібек ауданының тұрғын үй-коммуналдық шаруашылығы бөлімі",
        "Отдел жилищно-коммунального хозяйства Байдибекского района",
        "Housing and Communal Services Department of Baidibek District",
        kind=K.EXECUTING_BODY,
        parent=None,
        email="tksh",
    ),
    UnitSpec(
        "shayan",
        "Шаян ауылдық округі әкімінің аппараты",
        "Аппарат акима сельского округа Шаян",
        "Apparatus of the Akim of Shayan Rural District",
        kind=K.RURAL_AKIM,
        parent=None,
        email="shayan",
    ),
    UnitSpec(
        "zhanaturmys",
        "Жаңатұрмыс ауылдық округі әкімінің аппараты",
        "Аппарат акима сельского округа Жанатурмыс",
        "Apparatus of the Akim of Zhanaturmys Rural District",
        kind=K.RURAL_AKIM,
        parent=None,
        email="zhanaturmys",
    ),
    UnitSpec(
        "akbastau",
        "Ақбастау ауылдық округі әкімінің аппараты",
        "Аппарат акима сельского округа Акбастау",
        "Apparatus of the Akim of Akbastau Rural District",
        kind=K.RURAL_AKIM,
        parent=None,
        email="akbastau",
    ),
]


def seed_units(ctx: SeedContext) -> None:
    """The apparatus, its departments, the executing bodies and the rural akims."""
    for order, spec in enumerate(UNITS, start=1):
        # a unit with a function is found by it (unique); others by their Russian name
        lookup = {"function": spec.function} if spec.function else {"name_ru": spec.name_ru, "kind": spec.kind}
        unit = OrgUnit.objects.filter(**lookup).first()
        created = unit is None
        if created:
            unit = OrgUnit.objects.create(
                name_kk=spec.name_kk,
                name_ru=spec.name_ru,
                name_en=spec.name_en,
                kind=spec.kind,
                function=spec.function,
                parent=ctx.units[spec.parent] if spec.parent else None,
                nomenclature_index=spec.index,
                email=f"{spec.email}@{DOMAIN}" if spec.email else "",
                order=order,
            )
        ctx.units[spec.key] = unit
        ctx.record(_("Organisation units"), created=created)
    ctx.report(_("Organisation units"))


# --- People, logins and roles -----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    unit: str
    roles: tuple[str, ...]
    position: tuple[str, str, str]  # kk, ru, en
    language: str = Person.Language.KAZAKH
    heads: str | None = None
    superuser: bool = False


R = Role
HEAD_OF_DEPARTMENT = ("Бөлім басшысы", "Руководитель отдела", "Head of department")
CHIEF_SPECIALIST = ("Бас маман", "Главный специалист", "Chief specialist")
DEPUTY = ("Аудан әкімінің орынбасары", "Заместитель акима района", "Deputy akim of the district")
RU = Person.Language.RUSSIAN

PEOPLE: list[PersonSpec] = [
    PersonSpec(
        "admin",
        "Ермеков Самат Болатұлы",
        "general",
        (),
        ("Жүйелік әкімші", "Системный администратор", "System administrator"),
        language=RU,
        superuser=True,
    ),
    PersonSpec(
        "akim",
        "Тұрсынбеков Ерлан Әбдіқадырұлы",
        "leadership",
        (R.AKIM,),
        ("Аудан әкімі", "Аким района", "Akim of the district"),
        heads="leadership",
    ),
    PersonSpec("deputy.social", "Жақыпова Гүлмира Сейітқызы", "leadership", (R.DEPUTY_AKIM,), DEPUTY),
    PersonSpec("deputy.economy", "Құлмаханов Бауыржан Ерғалиұлы", "leadership", (R.DEPUTY_AKIM,), DEPUTY, language=RU),
    PersonSpec("deputy.infra", "Әлімбетов Нұржан Қайратұлы", "leadership", (R.DEPUTY_AKIM,), DEPUTY),
    PersonSpec(
        "apparatus.head",
        "Сәрсенбаева Динара Маратқызы",
        "apparatus",
        (R.HEAD_OF_APPARATUS,),
        (
            "Аудан әкімі аппаратының басшысы",
            "Руководитель аппарата акима района",
            "Head of the apparatus of the district akim",
        ),
        language=RU,
        heads="apparatus",
    ),
    PersonSpec(
        "apparatus.deputy",
        "Жүнісов Асқар Берікұлы",
        "apparatus",
        (R.EXECUTOR,),
        (
            "Аудан әкімі аппаратының басшысының орынбасары",
            "Заместитель руководителя аппарата акима района",
            "Deputy head of the apparatus of the district akim",
        ),
    ),
    PersonSpec(
        "general.head",
        "Бекмұратова Айгүл Серікқызы",
        "general",
        (R.DEPARTMENT_HEAD,),
        HEAD_OF_DEPARTMENT,
        heads="general",
    ),
    PersonSpec("registrar", "Омарова Ақмарал Бақытжанқызы", "general", (R.REGISTRAR,), CHIEF_SPECIALIST),
    PersonSpec(
        "org.head", "Исабеков Ғалым Оразұлы", "org", (R.DEPARTMENT_HEAD,), HEAD_OF_DEPARTMENT, language=RU, heads="org"
    ),
    PersonSpec("org.officer", "Мырзахметова Жанар Асанқызы", "org", (R.ORG_DEPARTMENT,), CHIEF_SPECIALIST),
    PersonSpec(
        "appeals.head",
        "Қожахметов Арман Төлеуұлы",
        "appeals",
        (R.DEPARTMENT_HEAD, R.APPEALS_OFFICER),
        HEAD_OF_DEPARTMENT,
        heads="appeals",
    ),
    PersonSpec(
        "appeals.officer",
        "Байжанова Салтанат Ержанқызы",
        "appeals",
        (R.APPEALS_OFFICER,),
        CHIEF_SPECIALIST,
        language=RU,
    ),
    PersonSpec(
        "legal",
        "Нұрпейісов Данияр Маратұлы",
        "legal",
        (R.LEGAL_SERVICE,),
        ("Заң консультанты", "Юридический консультант", "Legal consultant"),
        language=RU,
        heads="legal",
    ),
    PersonSpec(
        "finance.head",
        "Тәжібаева Лаура Нұрланқызы",
        "finance",
        (R.DEPARTMENT_HEAD,),
        HEAD_OF_DEPARTMENT,
        heads="finance",
    ),
    PersonSpec("finance.executor", "Сұлтанов Мейрамбек Асқарұлы", "finance", (R.EXECUTOR,), CHIEF_SPECIALIST),
    PersonSpec(
        "economy.head",
        "Ахметов Бекзат Ғаниұлы",
        "economy",
        (R.DEPARTMENT_HEAD,),
        HEAD_OF_DEPARTMENT,
        language=RU,
        heads="economy",
    ),
    PersonSpec(
        "auditor",
        "Ибраимова Күләш Жұмабайқызы",
        "apparatus",
        (R.AUDITOR,),
        (
            "Ішкі аудит жөніндегі бас маман",
            "Главный специалист по внутреннему аудиту",
            "Chief specialist for internal audit",
        ),
        language=RU,
    ),
    # heads of the executing bodies and rural akims execute instructions and answer for their staff
    PersonSpec(
        "education.head",
        "Әбдіраманова Сәуле Қанатқызы",
        "education",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        HEAD_OF_DEPARTMENT,
        heads="education",
    ),
    PersonSpec(
        "health.head",
        "Мамырбеков Қуаныш Әлібекұлы",
        "health",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        HEAD_OF_DEPARTMENT,
        heads="health",
    ),
    PersonSpec(
        "agriculture.head",
        "Еркінбеков Талғат Сапарұлы",
        "agriculture",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        HEAD_OF_DEPARTMENT,
        language=RU,
        heads="agriculture",
    ),
    PersonSpec(
        "construction.head",
        "Рахымбердиев Ердос Жандосұлы",
        "construction",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        HEAD_OF_DEPARTMENT,
        heads="construction",
    ),
    PersonSpec(
        "housing.head",
        "Төребекова Әсел Бауыржанқызы",
        "housing",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        HEAD_OF_DEPARTMENT,
        language=RU,
        heads="housing",
    ),
    PersonSpec(
        "shayan.akim",
        "Дүйсенбаев Ғабит Нұрмаханұлы",
        "shayan",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        ("Шаян ауылдық округінің әкімі", "Аким сельского округа Шаян", "Akim of Shayan Rural District"),
        heads="shayan",
    ),
    PersonSpec(
        "zhanaturmys.akim",
        "Сейдахметов Қайрат Бекенұлы",
        "zhanaturmys",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        (
            "Жаңатұрмыс ауылдық округінің әкімі",
            "Аким сельского округа Жанатурмыс",
            "Akim of Zhanaturmys Rural District",
        ),
        heads="zhanaturmys",
    ),
    PersonSpec(
        "akbastau.akim",
        "Үсенова Мәдина Ерболқызы",
        "akbastau",
        (R.EXECUTOR, R.DEPARTMENT_HEAD),
        ("Ақбастау ауылдық округінің әкімі", "Аким сельского округа Акбастау", "Akim of Akbastau Rural District"),
        language=RU,
        heads="akbastau",
    ),
]


def _login_row(spec: PersonSpec, person: Person) -> tuple[str, str, str, str, str]:
    """Role, username, password, name and unit of a demo login; the roles as the interface names them, in the
    active language (no role is the administrator)."""
    roles = ", ".join(str(Role(role).label) for role in spec.roles) or str(_("administrator"))
    return roles, spec.username, demo_password(spec.username), person.full_name, str(person.unit or "—")


def _existing_logins() -> list[tuple[str, str, str, str, str]]:
    """The demo logins that still exist (passwords as seeded; an administrator may have changed them)."""
    people = {
        p.user.username: p
        for p in Person.objects.filter(user__username__in=[s.username for s in PEOPLE]).select_related("user", "unit")
    }
    return [_login_row(spec, people[spec.username]) for spec in PEOPLE if spec.username in people]


def demo_password(username: str) -> str:
    """The deterministic password a demo user gets when created."""
    return PASSWORD_PATTERN.format(username=username)


def seed_roles(ctx: SeedContext) -> None:
    """The role groups (normally made by migration 0002; a flushed database gets them back here)."""
    existing = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    ensure_role_groups()
    for role in Role:
        ctx.record(_("Role groups"), created=role.value not in existing)
    ctx.report(_("Role groups"))
    if len(existing) < len(Role):
        ctx.note(_("Role groups were missing: run `migrate` to give them their model permissions."))


def seed_people(ctx: SeedContext) -> None:
    """One login and person per demo official, their roles, and the heads of units."""
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    for spec in PEOPLE:
        surname, _space, given = spec.full_name.partition(" ")
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                username=spec.username,
                password=demo_password(spec.username),
                email=f"{spec.username}@{DOMAIN}",
                first_name=given.split(" ")[0],
                last_name=surname,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
        ctx.record(_("Logins"), created=created)

        missing = [groups[role] for role in spec.roles if role not in {g.name for g in user.groups.all()}]
        if missing:
            user.groups.add(*missing)
        if spec.roles:
            ctx.record(_("Role memberships"), created=bool(missing))

        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(
                user=user,
                full_name=spec.full_name,
                unit=ctx.units[spec.unit],
                position_kk=spec.position[0],
                position_ru=spec.position[1],
                position_en=spec.position[2],
                preferred_language=spec.language,
                email=user.email,
            )
            ctx.record(_("People"), created=True)
        else:
            ctx.record(_("People"), created=False)
        ctx.people[spec.username] = person

        if spec.heads:
            unit = ctx.units[spec.heads]
            # an administrator may have appointed someone else since: keep their choice
            appointed = unit.head_id is None
            if appointed:
                unit.head = person
                unit.save(update_fields=["head"])
            ctx.record(_("Heads of units"), created=appointed)

        ctx.logins.append(_login_row(spec, person))
    for what in (_("Logins"), _("People"), _("Role memberships"), _("Heads of units")):
        ctx.report(what)


# --- Supervision and acting duties ------------------------------------------------------------------

SUPERVISION: dict[str, tuple[str, ...]] = {
    # the head of apparatus runs the apparatus's own departments
    "apparatus.head": ("general", "org", "appeals", "legal"),
    "deputy.social": ("education", "health"),
    "deputy.economy": ("finance", "economy", "agriculture"),
    "deputy.infra": ("construction", "housing", "shayan", "zhanaturmys", "akbastau"),
}


def seed_supervision(ctx: SeedContext) -> None:
    """Which deputy (or the head of apparatus) supervises which unit: routing and visibility."""
    for username, unit_keys in SUPERVISION.items():
        for key in unit_keys:
            _supervision, created = Supervision.objects.get_or_create(
                supervisor=ctx.people[username], unit=ctx.units[key]
            )
            ctx.record(_("Supervision map"), created=created)
    ctx.report(_("Supervision map"))


# 003 §12.14: the deputy head of apparatus who curates a department agrees its memos on removal from control
CURATED_BY: dict[str, tuple[str, ...]] = {
    "apparatus.deputy": ("general", "org", "appeals", "legal", "finance", "economy"),
}


def seed_curators(ctx: SeedContext) -> None:
    """The curating deputy head of apparatus of the apparatus's departments (an administrator's choice stays)."""
    for username, unit_keys in CURATED_BY.items():
        for key in unit_keys:
            unit = ctx.units[key]
            appointed = unit.curator_id is None
            if appointed:
                unit.curator = ctx.people[username]
                unit.save(update_fields=["curator"])
            ctx.record(_("Curators of units"), created=appointed)
    ctx.report(_("Curators of units"))


def next_monday(today: datetime.date) -> datetime.date:
    """The Monday of next week."""
    return today + datetime.timedelta(days=7 - today.weekday())


def seed_acting_duties(ctx: SeedContext) -> None:
    """An example of §1.4: the economy deputy acts for the social deputy during next week's leave."""
    acting, absent = ctx.people["deputy.economy"], ctx.people["deputy.social"]
    # any duty of this pair counts: a run in a later week must not add a second one
    exists = ActingDuty.objects.filter(acting=acting, absent=absent).exists()
    if not exists:
        starts_on = next_monday(timezone.localdate())
        duty = ActingDuty(
            acting=acting,
            absent=absent,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=4),
            order_reference="Аппарат басшысының бұйрығы № 45-ж",
            reason="Жыл сайынғы еңбек демалысы / ежегодный трудовой отпуск",
        )
        duty.full_clean()
        duty.save()
    ctx.record(_("Acting duties"), created=not exists)
    ctx.report(_("Acting duties"))


# --- The regulation profile -------------------------------------------------------------------------

DEFAULT_PROFILE = "003"  # Baidibek district apparatus regulation of 08.08.2025, the primary source


def profile_activator() -> Callable[[RegulationProfile], Any] | None:
    """akimat.reglament.activate_profile, or None while that module is not there (an early checkout)."""
    # find_spec first, so that an ImportError raised inside the module is not mistaken for its absence
    if importlib.util.find_spec("akimat.reglament") is None:
        return None
    return getattr(importlib.import_module("akimat.reglament"), "activate_profile", None)


def seed_regulation_profile(ctx: SeedContext) -> None:
    """Make the Baidibek regulation (003) the active profile, through the reglament service."""
    what = _("Active regulation profile")
    activate_profile = profile_activator()
    profile = RegulationProfile.objects.filter(code=DEFAULT_PROFILE).first()
    if activate_profile is None or profile is None:
        message = _("Regulation profile %(code)s or its service is not available; the active profile is unchanged.")
        ctx.note(message % {"code": DEFAULT_PROFILE})
        return
    activated = not profile.is_active
    if activated:
        activate_profile(profile)
    ctx.record(what, created=activated)
    ctx.report(what)


CORE_STEPS: list[SeedStep] = [
    seed_roles,
    seed_units,
    seed_people,
    seed_supervision,
    seed_curators,
    seed_acting_duties,
    seed_regulation_profile,
]


def collect_steps() -> list[SeedStep]:
    """The core's steps, then those of each module that ships a demo.py."""
    steps = list(CORE_STEPS)
    for module_name in MODULES_WITH_DEMO:
        # find_spec first, so that an ImportError raised *inside* a demo module is not mistaken for absence
        if importlib.util.find_spec(module_name) and importlib.util.find_spec(f"{module_name}.demo"):
            steps.extend(getattr(importlib.import_module(f"{module_name}.demo"), "SEED_STEPS", []))
    return steps


class Command(BaseCommand):
    help = "Create the demo apparatus of Baidibek district with one login per role (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="do nothing if the demo apparatus was loaded before (used by runstack)"
        )

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        if once and User.objects.filter(username="akim", person__isnull=False).exists():
            self.stdout.write(_("The demo apparatus is already present; nothing to do."))
            self.print_logins(_existing_logins())
            return
        ctx = SeedContext(stdout=self.stdout, style=self.style)
        with transaction.atomic():  # all or nothing: a failed step leaves no half-built apparatus
            for step in collect_steps():
                step(ctx)
        self.print_logins(ctx)

    def print_logins(self, logins: SeedContext | list) -> None:
        header = (_("role"), _("username"), _("password"), _("full name"), _("unit"))
        rows = [header, *(logins.logins if isinstance(logins, SeedContext) else logins)]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo logins")))
        for number, row in enumerate(rows):
            line = "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(_("Passwords are set when a login is created; a later run does not reset them."))
