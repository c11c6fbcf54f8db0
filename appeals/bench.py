"""Benchmark of appeals: the journal, the appeal's page, registering an appeal, the repeat check, the quarterly PDF.

`python manage.py bench appeals --appeals 200000` seeds the benchmark database (akimat/bench.py) with N citizens'
appeals received over about three years up to the pinned today, each taken along its life as appeals/services.py
would have taken it (issue #15): registered on the day of receipt or the next working day (APPK art. 64) with the
number of the appeals' own journal (§13.3); every kind and channel; individuals with valid IINs (some without one,
known by name and address), legal entities with their BIN, collective appeals; many applicants who write again and
again, their appeals linked at registration as repeats of their answered ones (the most alike first, as
services.find_related links them) and a few duplicates through another channel; anonymous ones closed or, reporting a
crime, forwarded; deficient ones fixed or returned (§13.7); some forwarded to the competent body (§13.9, §13.11); the
rest sent to their official (§13.8) and resolved — executors, the APPK art. 76 term, the control item with the appeal
as its source and restricted to the resolution's readers by name (the same tables control uses, written as
control.services.put_on_control would) — some extended (APPK art. 76), some told of a preliminary decision first
(APPK art. 73), and answered (§13.4, 001 §33: the item off control), on the term or late; the history of each step.
Recent appeals are where today finds them: registered, sent, on consideration (some overdue), deficient. It prints
(targets of issue #15 §5 on the 2-core machine in brackets):

    appeals.journal_p95_ms (≤ 150)    appeals.appeal_page_p95_ms (≤ 150)    appeals.register_p95_ms (≤ 100)
    appeals.repeat_check_ms            appeals.quarterly_pdf_ms (≤ 5000)

plus p50s, per-persona figures and the most queries a measured page ran. The organisation (units, people, roles,
supervision) is the control benchmark's (control/bench.py), seeded in this module's own database; everything of
appeals, applicants, control items, history and grants is written with COPY (ids given).
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from akimat import bench, reglament, submissions, workdays
from akimat.bench import Output, Timings
from akimat.identifiers import check_digit
from akimat.models import Attachment, HistoryEntry, Journal, OrgUnit, Person
from akimat.models import Counter as JournalCounter
from akimat.numbering import render_number
from akimat.roles import Role
from appeals import services
from appeals.models import (
    JOURNAL,
    Appeal,
    AppealAnswer,
    AppealApplicant,
    AppealExecutor,
    AppealExtension,
    AppealLink,
    AppealNotice,
    AppealResolution,
    Applicant,
    Channel,
    Kind,
    Result,
)
from control import deadlines
from control.models import ControlExecutor, ControlItem, ExtensionRequest, Issuer, SourceKind

#: Bump when the seeded data change shape: a benchmark database of another version is seeded again.
SEED_VERSION = "1"
META = "appeals"
#: the appeals are received over so many days up to today (about three years)
SPAN_DAYS = 3 * 365
TARGETS_MS = {
    "appeals.journal_p95_ms": 150,
    "appeals.appeal_page_p95_ms": 150,
    "appeals.register_p95_ms": 100,
    "appeals.quarterly_pdf_ms": 5000,
}
#: rows kept in memory before they are written with COPY (the seed of 200,000 appeals is some 4 million rows)
FLUSH_ROWS = 250_000

KIND_WEIGHTS = [(Kind.APPLICATION, 55), (Kind.COMPLAINT, 18), (Kind.PROPOSAL, 8), (Kind.RESPONSE, 4),
                (Kind.REQUEST, 9), (Kind.MESSAGE, 6)]  # fmt: skip
CHANNEL_WEIGHTS = [(Channel.E_OTINISH, 55), (Channel.POST, 9), (Channel.EMAIL, 5), (Channel.WEBSITE, 7),
                   (Channel.MESSENGER, 4), (Channel.IN_PERSON, 12), (Channel.ORAL, 3),
                   (Channel.RECEPTION, 5)]  # fmt: skip
#: the results of the final answers (a forwarding is not an answer, §13.9)
RESULT_WEIGHTS = [(Result.SATISFIED, 27), (Result.PARTLY_SATISFIED, 11), (Result.EXPLAINED, 50), (Result.REFUSED, 10),
                  (Result.LEFT_WITHOUT_CONSIDERATION, 2)]  # fmt: skip
#: shares of the appeals along their life
ANONYMOUS = 0.025
REPORTS_CRIME = 0.15  # of the anonymous ones
DEFICIENT = 0.05  # a paper appeal without its signature or date (APPK art. 63)
FIXED = 0.6  # of the deficient ones: the rest are returned after the term (§13.7)
FORWARDED = 0.08  # outside the competence (§13.9); a complaint of these to the lower body (§13.11) now and then
DUPLICATES = 0.012  # the same appeal again through another channel a few days later
EXTENDED = 0.05  # APPK art. 76
INTERIM = 0.08  # an interim reply before the final answer
LATE = 0.04  # answered after the term
#: the applicants: most write once; a share of the appeals comes from regular applicants (a dozen appeals each in
#: three years) and from a few who write all the time (a hundred and more each)
REGULAR_SHARE, FREQUENT_SHARE = 0.36, 0.07
REGULAR_APPEALS, FREQUENT_APPEALS = 12, 120
COLLECTIVE = 0.03

DISTRICT = "Түркістан облысы, Бәйдібек ауданы"
VILLAGES = ["Шаян", "Жаңатұрмыс", "Ақбастау", "Көктерек", "Алмалы", "Бірлік", "Қызылжар", "Ынтымақ", "Боралдай",
            "Мыңбұлақ", "Сарыарық", "Алғабас"]  # fmt: skip
STREETS = ["Төле би", "Абай", "Қонаев", "Абылай хан", "Жібек жолы", "Бейбітшілік", "Орталық", "Мектеп", "Әл-Фараби",
           "Сейфуллин", "Байтұрсынұлы", "Желтоқсан", "Тәуелсіздік", "Достық"]  # fmt: skip
# (male, female) surnames, the commonest first: a search by surname finds many applicants of the first ones
SURNAMES = [("Ахметов", "Ахметова"), ("Оспанов", "Оспанова"), ("Серікбаев", "Серікбаева"), ("Жұмабеков", "Жұмабекова"),
            ("Иванов", "Иванова"), ("Тұрсынов", "Тұрсынова"), ("Қасымов", "Қасымова"), ("Ким", "Ким"),
            ("Нұрмаханов", "Нұрмаханова"), ("Смағұлов", "Смағұлова"), ("Бекмұратов", "Бекмұратова"),
            ("Сейітқазиев", "Сейітқазиева"), ("Төлегенов", "Төлегенова"), ("Петренко", "Петренко"),
            ("Байжанов", "Байжанова"), ("Құдайбергенов", "Құдайбергенова"), ("Мұқашев", "Мұқашева"),
            ("Сәрсенбаев", "Сәрсенбаева"), ("Смирнов", "Смирнова"), ("Әлібеков", "Әлібекова"),
            ("Жақсылықов", "Жақсылықова"), ("Омаров", "Омарова"), ("Рахимов", "Рахимова"), ("Садықов", "Садықова"),
            ("Кузнецов", "Кузнецова"), ("Өтепов", "Өтепова"), ("Нұрланов", "Нұрланова"), ("Абенов", "Абенова"),
            ("Қожахметов", "Қожахметова"), ("Есенов", "Есенова"), ("Тәжібаев", "Тәжібаева"), ("Ермеков", "Ермекова"),
            ("Әбдіхалықов", "Әбдіхалықова"), ("Попов", "Попова"), ("Исаев", "Исаева"), ("Дәулетов", "Дәулетова"),
            ("Шәріпов", "Шәріпова"), ("Мамытов", "Мамытова"), ("Федоров", "Федорова"),
            ("Ұзақов", "Ұзақова")]  # fmt: skip
MALE_NAMES = ["Нұрлан", "Ерлан", "Бақытжан", "Қайрат", "Ерболат", "Талгат", "Айдар", "Владимир", "Сергей", "Асқар",
              "Мұрат", "Дәурен", "Бауыржан", "Серік", "Алексей", "Жандос"]  # fmt: skip
FEMALE_NAMES = ["Гүлнәр", "Айгерім", "Роза", "Татьяна", "Ольга", "Мадина", "Жанар", "Сәуле", "Динара", "Лаура",
                "Әсел", "Елена", "Гүлмира", "Айгүл"]  # fmt: skip
FATHERS = ["Асқар", "Сейіт", "Мұрат", "Тұрсын", "Болат", "Әбіл", "Қуаныш", "Серік", "Жұмабай", "Ахмет"]
ORGANISATIONS = ["«Шаян Агро» ЖШС", "«Бәйдібек Су» МКК", "«Ақбастау» шаруа қожалығы", "«Көктерек Құрылыс» ЖШС",
                 "«Алмалы» ПИК", "«Жібек жолы» ТСЖ", "«Бірлік» КСК", "«Таза Ауыл» ЖШС", "«Самал» ОСИ",
                 "«Шаян Жылу» МКК"]  # fmt: skip
# (Kazakh, Russian) questions, each with the department that usually answers it
TOPICS = [
    ("көшені жарықтандыру туралы", "об освещении улицы", "housing"),
    ("ауыз су құбырын жөндеу туралы", "о ремонте водопровода", "housing"),
    ("ауыл ішіндегі жолды жөндеу туралы", "о ремонте дороги в селе", "housing"),
    ("жер учаскесін беру туралы", "о выделении земельного участка", "land"),
    ("әлеуметтік көмек көрсету туралы", "об оказании социальной помощи", "social"),
    ("тұрғын үй кезегі туралы", "об очереди на жильё", "housing"),
    ("үйге газ жүргізу туралы", "о подведении газа к дому", "housing"),
    ("балабақшаға орын беру туралы", "о месте в детском саду", "education"),
    ("мектептегі тамақтандыру туралы", "о питании в школе", "education"),
    ("қоқыс шығару туралы", "о вывозе мусора", "housing"),
    ("жұмысқа орналасу туралы", "о трудоустройстве", "social"),
    ("мал жайылымы туралы", "о пастбище для скота", "agriculture"),
    ("суару суы туралы", "о поливной воде", "agriculture"),
    ("көпқабатты үйдің шатырын жөндеу туралы", "о ремонте крыши многоквартирного дома", "housing"),
    ("қаңғыбас иттер туралы", "о бродячих собаках", "housing"),
    ("ауылдық клубты жөндеу туралы", "о ремонте сельского клуба", "culture"),
    ("электр қуатының үзілуі туралы", "о перебоях электроэнергии", "housing"),
    ("автобус аялдамасы туралы", "об автобусной остановке", "construction"),
    ("спорт алаңын салу туралы", "о строительстве спортивной площадки", "construction"),
    ("жеке тұрғын үй салуға рұқсат туралы", "о разрешении на строительство жилого дома", "construction"),
    ("көпбалалы отбасына көмек туралы", "о помощи многодетной семье", "social"),
    ("мүгедектігі бар адамға пандус орнату туралы", "об установке пандуса для человека с инвалидностью", "social"),
    ("ауылдық округ әкімі аппаратының жұмысына шағым", "жалоба на работу аппарата акима сельского округа", "policy"),
    ("жер салығы туралы", "о земельном налоге", "finance"),
]  # fmt: skip
TAIL_KK = ["Шара қолдануыңызды сұраймын.", "Жазбаша жауап беруіңізді сұраймын.",
           "Бұрын да жүгінгенмін, мәселе шешілмеді.", "Тұрғындардың атынан жазып отырмын."]  # fmt: skip
TAIL_RU = ["Прошу принять меры.", "Прошу дать письменный ответ.", "Ранее уже обращался, вопрос не решён.",
           "Пишу от имени жителей улицы."]  # fmt: skip
BODIES = ["Бәйдібек аудандық полиция бөлімі", "Түркістан облысының денсаулық сақтау басқармасы",
          "Бәйдібек ауданы бойынша мемлекеттік кірістер басқармасы",
          "«Азаматтарға арналған үкімет» МК филиалы"]  # fmt: skip
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


def _pick(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in pairs], [w for _v, w in pairs])[0]


def add_arguments(parser) -> None:
    parser.add_argument("--appeals", type=int, default=200_000, help="Appeals to seed (default 200000).")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page and persona.")
    parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page and persona first.")
    parser.add_argument("--registrations", type=int, default=30, help="Timed registrations (rolled back).")
    parser.add_argument("--pdf-runs", type=int, default=3, help="Timed quarterly PDFs (after one untimed).")
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="The pinned today (YYYY-MM-DD).")
    parser.add_argument("--seed", type=int, default=20260316, help="Random seed of the data.")
    parser.add_argument("--reseed", action="store_true", help="Seed again even if the data could be reused.")
    parser.add_argument("--fresh", action="store_true", help="Drop and re-create the benchmark database first.")
    parser.add_argument(
        "--only", default="",
        help="Comma-separated subset of: journal, appeal, register, repeat, pdf (default all).",
    )  # fmt: skip


def run(options: dict[str, Any], out: Output) -> None:
    """Seed (or reuse) the benchmark database, then measure, printing `name: value unit` lines."""
    with bench.production_like(), bench.bench_database("appeals", fresh=options["fresh"], out=out):
        today = _prepare(options, out)
        with bench.pinned_clock(today):
            out.note(f"today is {today.isoformat()} (pinned)")
            personas = Personas.load()
            steps: dict[str, Callable[[], None]] = {
                "journal": lambda: measure_journal(personas, options, out),
                "appeal": lambda: measure_appeal_page(personas, options, out),
                "register": lambda: measure_registration(personas, options, out),
                "repeat": lambda: measure_repeat_check(options, out),
                "pdf": lambda: measure_quarterly_pdf(today, options, out),
            }
            bench.run_steps(steps, options["only"])
    bench.verdict(out, TARGETS_MS)


# --- seeding ----------------------------------------------------------------------------------------


def _prepare(options: dict[str, Any], out: Output) -> datetime.date:
    """Reuse the seeded appeals when they suit, else seed; returns the pinned today of the data."""
    wanted = options["appeals"]
    meta = bench.read_meta(META)
    reusable = bench.seed_suits(meta, options, version=SEED_VERSION, key="appeals", wanted=wanted)
    appeals = Appeal.objects.count() if reusable else 0
    if reusable and appeals >= wanted:
        today = datetime.date.fromisoformat(meta["today"])
        out.note(f"reusing {appeals} seeded appeals (seed version {SEED_VERSION})")
        out.figure("appeals.appeals", appeals, "count")
        out.figure("appeals.seed_s", float(meta.get("seed_s", 0.0)), "s")
        return today
    if meta or Appeal.objects.exists():
        out.note("the seeded appeals do not suit: emptying the benchmark database")
        bench.reset_database()
    with workdays.pinned() as calendar:
        today = options["today"] or calendar.previous_working_day(timezone.localdate())
    out.note(f"seeding {wanted} appeals up to {today.isoformat()} ...")
    start = time.perf_counter()
    seeder = Seeder(rng=random.Random(options["seed"]), today=today)
    with bench.pinned_clock(today), transaction.atomic():
        stats = seeder.seed(wanted)
    bench.analyze()  # the readers' lookups of the control items' trigger are planned on statistics
    with connection.cursor() as cursor:  # one UPDATE: the trigger computes the readers (control/migrations/0007)
        cursor.execute("UPDATE control_controlitem SET readers = '{}'")
    bench.vacuum_analyze()
    seconds = time.perf_counter() - start
    bench.write_meta(META, {"version": SEED_VERSION, "appeals": wanted, "today": today.isoformat(), "seed_s": seconds})
    out.note(", ".join(f"{key} {value}" for key, value in stats.items()))
    out.figure("appeals.appeals", Appeal.objects.count(), "count")
    out.figure("appeals.seed_s", round(seconds, 1), "s")
    return today


def valid_iin(birth: datetime.date, female: bool, serial: int) -> str:
    """A valid IIN (akimat.identifiers): the date of birth, the century-and-sex digit, a serial from which the first
    one giving a check digit is taken, and the check digit."""
    century = 3 if birth.year < 2000 else 5
    for number in range(serial, serial + 50):
        first = f"{birth:%y%m%d}{century + int(female)}{number % 10000:04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
    raise ValueError(birth)


def valid_bin(prefix: str) -> str:
    """A valid BIN: ten digits (year, month, type…), a serial digit and the check digit."""
    for serial in range(10):
        digit = check_digit(f"{prefix}{serial}")
        if digit is not None:
            return f"{prefix}{serial}{digit}"
    raise ValueError(prefix)


@dataclass
class Card:
    """An applicant as the seeder keeps it: the row, the question they usually write about, their appeals."""

    row: dict[str, Any]
    topic: int
    language: str
    appeals: list[int] = field(default_factory=list)


class Seeder:
    """Builds applicants, appeals and what goes with them as dicts, written with COPY (ids given explicitly)."""

    def __init__(self, *, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.now = _at(today, 10)
        self.stats: Counter = Counter()
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.ids: Counter = Counter()
        self.iins: set[str] = set()

    def seed(self, count: int) -> dict[str, int]:
        with workdays.pinned() as calendar:
            self.calendar = calendar
            self._organisation()
            with bench.triggers_off(ControlItem, ControlExecutor):
                self._appeals(count)
                self._flush()
            self._counters()
        return dict(self.stats)

    def _next_id(self, model: type) -> int:
        self.ids[model] += 1
        return self.ids[model]

    def _add(self, model: type, row: dict[str, Any]) -> dict[str, Any]:
        if "id" not in row:
            row["id"] = self._next_id(model)
        self.rows.setdefault(model, []).append(row)
        self.pending += 1
        return row

    def _flush(self) -> None:
        for model, rows in self.rows.items():
            bench.copy_models(model, rows)
            self.stats[model._meta.model_name] += len(rows)
        self.rows = {}
        self.pending = 0

    # -- who --

    def _organisation(self) -> None:  # noqa: PLR0915 - who does what, read once
        """The organisation of the control benchmark, seeded by its seeder unless already there."""
        if not User.objects.filter(username="bench-akim").exists():
            from control.bench import Seeder as ControlSeeder

            control = ControlSeeder(rng=self.rng, today=self.today)
            control.calendar = self.calendar
            control.seed_org()
        people = list(Person.objects.select_related("unit", "user").exclude(unit=None).order_by("pk"))
        by_name = {p.user.username: p for p in people}
        self.akim = by_name["bench-akim"]
        self.head_of_apparatus = by_name["bench-head-of-apparatus"]
        self.deputies = [p for key, p in sorted(by_name.items()) if key.startswith("bench-deputy-")]
        self.registrars = [p for key, p in by_name.items() if key.startswith("bench-general-")]
        units = {u.pk: u for u in OrgUnit.objects.select_related("head")}
        self.appeals_unit = next(u for u in units.values() if u.function == OrgUnit.Function.APPEALS)
        self.appeals_head = self.appeals_unit.head
        self.officers = [p for p in people if p.unit_id == self.appeals_unit.pk and p.pk != self.appeals_unit.head_id]
        staff: dict[int, list[Person]] = {}
        for person in people:
            staff.setdefault(person.unit_id, []).append(person)
        self.unit_users = {
            pk: sorted({p.user_id for p in staff.get(pk, []) if p.is_active} | {u.head.user_id} if u.head_id
                       else {p.user_id for p in staff.get(pk, []) if p.is_active})
            for pk, u in units.items()
        }  # fmt: skip
        self.appeals_users = self.unit_users[self.appeals_unit.pk]
        # the departments by the key the control benchmark gave them (its usernames "bench-head-<key>")
        self.departments: dict[str, OrgUnit] = {}
        for key, person in by_name.items():
            if key.startswith("bench-head-") and person.unit.kind == OrgUnit.Kind.DEPARTMENT:
                self.departments[key.removeprefix("bench-head-")] = person.unit
        self.staff = {pk: [p for p in ps if p.pk != units[pk].head_id] for pk, ps in staff.items()}
        self.rural = [u for u in units.values() if u.kind == OrgUnit.Kind.RURAL_AKIM and u.head_id]
        self.department_heads = [u.head for u in self.departments.values() if u.head_id]
        self.ct = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (Appeal, AppealResolution, AppealAnswer, ControlItem)
        }
        self.view_resolution = Permission.objects.get(
            codename="view_appealresolution", content_type__app_label="appeals"
        ).pk
        self.role_groups = list(
            Group.objects.filter(name__in=[Role.APPEALS_OFFICER, Role.AUDITOR]).values_list("pk", flat=True)
        )
        self.journal = Journal.objects.get(code=JOURNAL)
        self.control_journal = Journal.objects.get(code="control")
        self.seq: Counter = Counter()
        self.control_seq: Counter = Counter()
        self.terms = {
            key: (term.amount, term.unit)
            for key in ("appeals.answer_term", "appeals.complaint_term", "appeals.forward_term",
                        "appeals.extension_max", "appeals.extension_notice_term", "appeals.preliminary_notice_before",
                        "appeals.lower_body_complaint_term")
            for term in [reglament.term(key)]
        }  # fmt: skip
        self.day_end = reglament.rule("work.day_end").as_time()
        self.cutoff = reglament.rule("appeals.answer_dispatch_cutoff").as_time()
        self.pending = 0

    def _term(self, start: datetime.date, key: str) -> datetime.date:
        amount, unit = self.terms[key]
        return self.calendar.deadline(start, amount, unit)

    def _work_after(self, moment: datetime.datetime, days: int, *, hour_from: int = 9) -> datetime.datetime:
        """A moment `days` working days later (0: later the same day, or the next working one), in working hours."""
        local = timezone.localtime(moment)
        day = self.calendar.next_working_day(local.date() if local.hour < 17 else local.date() + datetime.timedelta(1))
        day = self.calendar.add_working_days(day, days) if days else day
        start = max(hour_from, local.hour + 1) if day == local.date() else hour_from
        return _at(day, self.rng.randint(min(start, 17), 17), self.rng.randint(0, 59))

    def _registration_date(self, received: datetime.datetime) -> datetime.date:
        """APPK art. 64 as services.registration_date computes it, on the pinned calendar."""
        local = timezone.localtime(received)
        day = local.date()
        if self.calendar.is_working_day(day) and local.time().replace(second=0, microsecond=0) <= self.day_end:
            return day
        return self.calendar.next_working_day(day, include_self=False)

    # -- applicants --

    def _new_card(self, *, legal: bool | None = None) -> Card:
        rng = self.rng
        legal = rng.random() < 0.07 if legal is None else legal
        applicant_id = self._next_id(Applicant)
        village, street = rng.choice(VILLAGES), rng.choice(STREETS)
        row: dict[str, Any] = {
            "id": applicant_id, "type": Applicant.Type.LEGAL_ENTITY if legal else Applicant.Type.INDIVIDUAL,
            "surname": "", "first_name": "", "patronymic": "", "iin": "", "organisation": "", "bin": "",
            "address": f"{DISTRICT}, {village} ауылы, {street} көшесі, {rng.randint(1, 120)}",
            "phone": f"+7 70{rng.randint(0, 8)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.8 else "",
            "email": f"applicant{applicant_id}@mail.kz" if rng.random() < 0.3 else "",
            "created_at": self.now, "updated_at": self.now,
        }  # fmt: skip
        language = "ru" if rng.random() < 0.35 else "kk"
        if legal:
            row["organisation"] = f"{rng.choice(ORGANISATIONS)} № {applicant_id}"
            if rng.random() < 0.9:
                row["bin"] = valid_bin(f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}{applicant_id:06d}")
        else:
            female = rng.random() < 0.55
            rank = min(int(rng.paretovariate(0.9)) - 1, len(SURNAMES) - 1)
            row["surname"] = SURNAMES[rank][int(female)]
            row["first_name"] = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            father = rng.choice(FATHERS)
            row["patronymic"] = f"{father}{'қызы' if female else 'ұлы'}" if language == "kk" else ""
            if rng.random() < 0.85:  # a paper or oral appeal may come without the IIN
                while True:
                    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 65))
                    iin = valid_iin(birth, female, rng.randint(0, 9999))
                    if iin not in self.iins:
                        self.iins.add(iin)
                        row["iin"] = iin
                        break
        fields = ("type", "surname", "first_name", "patronymic", "organisation", "address")
        row["match_key"] = services.match_key(services.ApplicantData(**{name: row[name] for name in fields}))
        self._add(Applicant, row)
        return Card(row, rng.randrange(len(TOPICS)), language)

    def _card(self) -> Card:
        """Whose appeal: a new applicant for most, a regular one, or one of the few who write all the time."""
        draw = self.rng.random()
        if draw < FREQUENT_SHARE and self.frequent:
            return self.rng.choice(self.frequent)
        if draw < FREQUENT_SHARE + REGULAR_SHARE and self.regular:
            return self.rng.choice(self.regular)
        return self._new_card()

    # -- appeals --

    def _appeals(self, count: int) -> None:
        rng, cal = self.rng, self.calendar
        first = self.today - datetime.timedelta(days=SPAN_DAYS)
        days = [first + datetime.timedelta(days=i) for i in range(SPAN_DAYS + 1)]
        weights = [1.0 if cal.is_working_day(d) else 0.2 for d in days]
        latest = self.now - datetime.timedelta(minutes=30)
        moments = sorted(
            min(_at(day, rng.randint(0, 23), rng.randint(0, 59)), latest) for day in rng.choices(days, weights, k=count)
        )
        self.regular = [self._new_card() for _i in range(max(1, int(count * REGULAR_SHARE / REGULAR_APPEALS)))]
        self.frequent = [
            self._new_card(legal=False) for _i in range(max(1, int(count * FREQUENT_SHARE / FREQUENT_APPEALS)))
        ]
        self.appeal_of: dict[int, dict[str, Any]] = {}  # id → the appeal's few facts later appeals look up
        for moment in moments:
            original = None
            if self.appeal_of and rng.random() < DUPLICATES:
                # an appeal of the last days sent again by its applicant through another channel
                earlier = self.appeal_of.get(self.ids[Appeal] - rng.randint(0, 60))
                window = datetime.timedelta(days=services.DUPLICATE_DAYS)
                if earlier and earlier["cards"] and moment - earlier["received_at"] <= window:
                    original = earlier
            self._appeal(moment, original)
            if self.pending >= FLUSH_ROWS:
                self._flush()
        self.stats["applicants"] = self.ids[Applicant]

    def _summary(self, card: Card, topic: int, village: str) -> str:
        kk, ru, _unit = TOPICS[topic]
        street = self.rng.choice(STREETS)
        if card.language == "ru":
            return f"{ru[0].upper()}{ru[1:]} в селе {village}, улица {street}. {self.rng.choice(TAIL_RU)}"
        return f"{village} ауылы, {street} көшесі: {kk}. {self.rng.choice(TAIL_KK)}"

    def _appeal(self, received: datetime.datetime, original: dict[str, Any] | None) -> None:  # noqa: C901, PLR0912, PLR0915
        rng = self.rng
        appeal_id = self._next_id(Appeal)
        registered_on = self._registration_date(received)
        anonymous = original is None and rng.random() < ANONYMOUS
        if original is not None:
            cards = original["cards"]
            kind, summary, language = original["kind"], original["summary"], original["language"]
            channel = _pick(rng, [(c, w) for c, w in CHANNEL_WEIGHTS if c != original["channel"]])
            topic = original["topic"]
        else:
            cards = [] if anonymous else [self._card()]
            if cards and rng.random() < COLLECTIVE:
                cards += [self._new_card(legal=False) for _i in range(rng.randint(1, 8))]
            kind = _pick(rng, KIND_WEIGHTS)
            channel = _pick(rng, CHANNEL_WEIGHTS)
            first = cards[0] if cards else Card({}, rng.randrange(len(TOPICS)), "kk" if rng.random() < 0.6 else "ru")
            topic = first.topic if cards and rng.random() < 0.7 else rng.randrange(len(TOPICS))
            summary = self._summary(first, topic, rng.choice(VILLAGES))
            language = first.language
        paper = channel in (Channel.POST, Channel.IN_PERSON)
        # the employee enters it the day of registration: at once when it came that day in working hours
        registered_at = received + datetime.timedelta(minutes=rng.randint(5, 90))
        if registered_at.date() != registered_on or timezone.localtime(registered_at).hour < 9:
            registered_at = _at(registered_on, rng.randint(9, 12), rng.randint(0, 59))
        registered_at = min(registered_at, self.now - datetime.timedelta(minutes=1))
        registered_at = max(registered_at, received)
        year = registered_on.year
        self.seq[year] += 1
        roll = rng.random()
        addressee = (self.akim if roll < 0.55 else rng.choice(self.deputies) if roll < 0.85
                     else self.head_of_apparatus if roll < 0.95 else None)  # fmt: skip
        registrar = rng.choice(self.officers) if rng.random() < 0.85 else rng.choice(self.registrars)
        deficient = not anonymous and paper and rng.random() < DEFICIENT * 3
        missing = [rng.choice(["signature", "date"])] if deficient else []
        appeal = {
            "id": appeal_id, "number": render_number(self.journal, seq=self.seq[year], year=year), "year": year,
            "seq": self.seq[year], "registered_on": registered_on, "registered_at": registered_at,
            "received_at": received, "channel": channel, "kind": kind,
            "external_number": f"ЖТ-{year}-{appeal_id:07d}" if channel == Channel.E_OTINISH else "",
            "addressee_id": addressee.pk if addressee else None,
            "addressee_name": "" if addressee else "Бәйдібек ауданының әкімдігі", "summary": summary,
            "language": language if not anonymous else "kk", "pages": rng.choice([1, 1, 1, 2, 2, 3, 5]),
            "signed": paper and "signature" not in missing, "dated_on": received.date() - datetime.timedelta(days=2)
            if paper and "date" not in missing else None, "is_anonymous": anonymous, "reports_crime": False,
            "is_collective": len(cards) > 1, "status": Appeal.Status.REGISTERED, "missing_items": missing,
            "created_by_id": registrar.user_id, "created_at": registered_at, "updated_at": registered_at,
        }  # fmt: skip
        if kind == Kind.COMPLAINT and rng.random() < 0.1:
            appeal["complaint_about_id"] = rng.choice(self.department_heads).pk
        self._add(Appeal, appeal)
        for order, card in enumerate(cards):
            self._add(AppealApplicant, {"appeal_id": appeal_id, "applicant_id": card.row["id"], "order": order})
        actor = registrar.user_id
        self._log(Appeal, appeal_id, registered_at, "appeal_registered", actor, to_state="registered",
                  data={"number": appeal["number"], "registered_on": registered_on.isoformat(),
                        "received_at": received.isoformat(), "late": False, "missing": missing})  # fmt: skip
        facts = {"id": appeal_id, "received_at": received, "cards": cards, "kind": kind, "summary": summary,
                 "language": language, "channel": channel, "topic": topic, "answered_at": None,
                 "registered_on": registered_on, "seq": appeal["seq"], "number": appeal["number"],
                 "deciders": set()}  # fmt: skip
        self.appeal_of[appeal_id] = facts
        repeats = self._links(appeal, facts, original)
        for card in cards:
            card.appeals.append(appeal_id)
        moment = registered_at
        if anonymous:
            self._anonymous(appeal, actor)
        else:
            if missing:
                moment = self._deficiency(appeal, moment)
            if moment is not None and appeal["status"] == Appeal.Status.REGISTERED:
                if rng.random() < FORWARDED:
                    self._forward(appeal, moment, lower_body=kind == Kind.COMPLAINT and rng.random() < 0.3)
                else:
                    self._consider(appeal, facts, moment, repeats)
        self.stats[f"status {appeal['status']}"] += 1

    def _links(self, appeal: dict, facts: dict, original: dict | None) -> set[int]:
        """services.find_related at registration: the applicants' answered appeals (the most alike first, up to
        REPEAT_LIMIT) as repeats, the original as a duplicate."""
        received = appeal["received_at"]
        candidates: dict[int, float] = {}
        for card in facts["cards"]:
            for earlier_id in card.appeals:
                earlier = self.appeal_of[earlier_id]
                answered = earlier["answered_at"]
                if answered is None or answered > appeal["registered_at"] or earlier["received_at"] >= received:
                    continue
                same = earlier["topic"] == facts["topic"]
                alike = earlier["language"] == facts["language"] and same
                candidates[earlier_id] = round(
                    self.rng.uniform(0.55, 0.95) if alike else self.rng.uniform(0.1, 0.3) if same
                    else self.rng.uniform(0.02, 0.25), 3)  # fmt: skip
        chosen = sorted(
            candidates.items(),
            key=lambda pair: (-pair[1], -self.appeal_of[pair[0]]["registered_on"].toordinal(),
                              -self.appeal_of[pair[0]]["seq"]),
        )[: services.REPEAT_LIMIT]  # fmt: skip
        links = [(earlier_id, AppealLink.Kind.REPEAT, similarity) for earlier_id, similarity in chosen]
        if original is not None:
            links.append((original["id"], AppealLink.Kind.DUPLICATE, 1.0))
        for earlier_id, kind, similarity in links:
            self._add(AppealLink, {"appeal_id": appeal["id"], "earlier_id": earlier_id, "kind": kind,
                                   "similarity": similarity, "created_at": appeal["registered_at"]})  # fmt: skip
        if links:
            self._log(Appeal, appeal["id"], appeal["registered_at"], "appeal_linked", appeal["created_by_id"],
                      to_state="registered",
                      data={kind: [self.appeal_of[e]["number"] for e, k, _s in links if k == kind]
                            for kind in AppealLink.Kind.values})  # fmt: skip
            self.stats["repeats"] += bool(chosen)
            self.stats["duplicates"] += original is not None
        return {earlier_id for earlier_id, kind, _s in links if kind == AppealLink.Kind.REPEAT}

    def _anonymous(self, appeal: dict, actor: int) -> None:
        """SPEC §8: closed at once; a report of a crime to be forwarded within the term of §13.9."""
        if self.rng.random() < REPORTS_CRIME:
            appeal.update(reports_crime=True, status=Appeal.Status.TO_FORWARD, forward_to=self.rng.choice(BODIES[:1]),
                          forward_due_on=self._term(appeal["received_at"].date(), "appeals.forward_term"))  # fmt: skip
            self._log(Appeal, appeal["id"], appeal["registered_at"], "appeal_to_forward", actor,
                      from_state="registered", to_state="to_forward",
                      data={"forward_to": appeal["forward_to"],
                            "due_on": appeal["forward_due_on"].isoformat()})  # fmt: skip
            self._forward(appeal, appeal["registered_at"], lower_body=False)
            return
        appeal.update(status=Appeal.Status.CLOSED, closed_on=appeal["registered_on"],
                      result=Result.LEFT_WITHOUT_CONSIDERATION)  # fmt: skip
        self._log(Appeal, appeal["id"], appeal["registered_at"], "appeal_closed", actor, from_state="registered",
                  to_state="closed")  # fmt: skip

    def _deficiency(self, appeal: dict, moment: datetime.datetime) -> datetime.datetime | None:
        """§13.7: the head sets a term; fixed within it (the appeal goes on), or returned after it. None: stopped."""
        rng = self.rng
        noticed = self._work_after(moment, rng.choice([0, 1, 1]))
        if noticed > self.now:
            return None
        due = self.calendar.add_working_days(noticed.date(), rng.choice([5, 10, 10]))
        head = self.appeals_head.user_id
        appeal.update(status=Appeal.Status.DEFICIENT, deficiency_due_on=due, updated_at=noticed)
        self._add(AppealNotice, {"appeal_id": appeal["id"], "kind": AppealNotice.Kind.DEFICIENCY,
                                 "items": appeal["missing_items"], "due_on": due, "sent_on": noticed.date(),
                                 "created_by_id": head, "created_at": noticed})  # fmt: skip
        self._log(Appeal, appeal["id"], noticed, "deficiency_noticed", head, from_state="registered",
                  to_state="deficient", data={"items": appeal["missing_items"], "due_on": due.isoformat()})  # fmt: skip
        if rng.random() < FIXED:
            fixed = self._work_after(noticed, rng.randint(1, 8))
            if fixed > self.now:
                return None
            officer = rng.choice(self.officers).user_id
            appeal.update(status=Appeal.Status.REGISTERED, missing_items=[], deficiency_due_on=None, signed=True,
                          dated_on=appeal["dated_on"] or appeal["received_at"].date(), updated_at=fixed)  # fmt: skip
            self._log(Appeal, appeal["id"], fixed, "deficiency_fixed", officer, from_state="deficient",
                      to_state="registered", data={"fixed": ["signed", "dated_on"]})  # fmt: skip
            return fixed
        returned = self._work_after(_at(due, 9), 1)
        if returned > self.now:
            return None
        appeal.update(status=Appeal.Status.RETURNED, returned_on=returned.date(), result=Result.RETURNED,
                      updated_at=returned)  # fmt: skip
        self._log(Appeal, appeal["id"], returned, "appeal_returned", rng.choice(self.officers).user_id,
                  from_state="deficient", to_state="returned",
                  data={"items": appeal["missing_items"], "due_on": due.isoformat()})  # fmt: skip
        return None

    def _forward(self, appeal: dict, moment: datetime.datetime, *, lower_body: bool) -> None:
        """§13.9 (§13.11): to the competent body within the term from receipt, the applicant told; late now and then."""
        rng = self.rng
        start = self._registration_date(appeal["received_at"])
        due = appeal.get("forward_due_on") or self._term(start, "appeals.forward_term")
        sent = self._work_after(moment, rng.choice([0, 1, 1, 2, 2, 3]) if rng.random() > 0.05 else rng.randint(4, 7))
        if sent > self.now:
            return
        head = self.appeals_head.user_id
        before = appeal["status"]
        late = sent.date() > due
        body = appeal.get("forward_to") or rng.choice(BODIES)
        if lower_body:
            body = f"{rng.choice(VILLAGES)} ауылдық округі әкімінің аппараты"
        lower_due = self._term(sent.date(), "appeals.lower_body_complaint_term") if lower_body else None
        appeal.update(status=Appeal.Status.FORWARDED, forward_to=body, forward_due_on=due, forwarded_on=sent.date(),
                      forwarded_late=late, to_lower_body=lower_body, lower_body_due_on=lower_due,
                      result=Result.FORWARDED, updated_at=sent)  # fmt: skip
        self._add(AppealNotice, {"appeal_id": appeal["id"], "kind": AppealNotice.Kind.FORWARDING,
                                 "sent_on": sent.date(), "send_by": due, "late": late, "due_on": lower_due,
                                 "created_by_id": head, "created_at": sent})  # fmt: skip
        self._log(Appeal, appeal["id"], sent, "appeal_forwarded_to_lower_body" if lower_body else "appeal_forwarded",
                  head, from_state=before, to_state="forwarded",
                  data={"body": body, "due_on": due.isoformat(), "late": late,
                        "lower_body_due_on": lower_due.isoformat() if lower_due else None})  # fmt: skip

    def _consider(self, appeal: dict, facts: dict, moment: datetime.datetime, repeats: set[int]) -> None:  # noqa: C901, PLR0912, PLR0915
        """§13.8 to APPK art. 76 and §13.4: sent to the official, resolved (on control), maybe extended, answered."""
        rng, cal = self.rng, self.calendar
        sent = self._work_after(moment, rng.choice([0, 0, 1]))
        if sent > self.now:
            return
        officer = rng.choice(self.officers).user_id
        official = next((p for p in [self.akim, self.head_of_apparatus, *self.deputies]
                         if p.pk == appeal["addressee_id"]), self.akim)  # fmt: skip
        term_from = self._registration_date(appeal["received_at"])
        rule = "appeals.complaint_term" if appeal["kind"] == Kind.COMPLAINT else "appeals.answer_term"
        due = self._term(term_from, rule)
        appeal.update(status=Appeal.Status.SENT, addressee_id=official.pk, sent_at=sent, term_from=term_from,
                      due_on=due, initial_due_on=due, updated_at=sent)  # fmt: skip
        self._log(
            Appeal,
            appeal["id"],
            sent,
            "appeal_sent",
            officer,
            from_state="registered",
            to_state="sent",
            data={"official": official.full_name, "due_on": due.isoformat(), "term_from": term_from.isoformat()},
        )
        resolved = self._work_after(sent, rng.choice([0, 1, 1, 2]))
        if resolved > self.now:
            return
        # the executors (001 §35: never who decided the question before)
        deciders = set().union(*(self.appeal_of[e]["deciders"] for e in repeats)) if repeats else set()
        deciders.add(appeal.get("complaint_about_id"))  # §13.11: nor to the official a complaint is about
        unit_key = TOPICS[facts["topic"]][2]
        department = self.departments.get(unit_key) or rng.choice(list(self.departments.values()))
        roll = rng.random()
        executors: list[tuple[Person | None, OrgUnit | None]] = []
        if roll < 0.12 and self.rural:
            executors.append((None, rng.choice(self.rural)))
        elif roll < 0.3:
            executors.append((None, department))
        else:
            people = [p for p in [department.head, *self.staff.get(department.pk, [])] if p and p.pk not in deciders]
            executors.append((rng.choice(people), None) if people else (None, department))
        if rng.random() < 0.15:
            other = rng.choice(list(self.departments.values()))
            if other.pk != department.pk:
                executors.append((None, other))
        facts["deciders"] = {p.pk for p, _u in executors if p is not None}
        written = resolved.date()
        resolution_id = self._next_id(AppealResolution)
        amount, unit = self.terms[rule]
        due = max(due, written)  # a resolution written after the term (a late sending) is due at once
        item_id = self._control_item(appeal, resolution_id, official, executors, written, due)
        self._add(AppealResolution, {
            "id": resolution_id, "appeal_id": appeal["id"], "official_id": official.pk, "author_id": official.user_id,
            "text": "Қарап, заңнамада белгіленген мерзімде жауап берілсін.", "written_on": written,
            "term_from": term_from, "term_amount": amount, "term_unit": unit, "term_rule": rule, "legal_basis": "",
            "due_on": due, "control_item_id": item_id, "created_at": resolved,
        })  # fmt: skip
        for position, (person, unit_) in enumerate(executors):
            self._add(AppealExecutor, {"resolution_id": resolution_id, "person_id": person.pk if person else None,
                                       "unit_id": unit_.pk if unit_ else None, "is_lead": position == 0,
                                       "position": position})  # fmt: skip
        self._grants(resolution_id, official, executors)
        appeal.update(status=Appeal.Status.ON_CONSIDERATION, updated_at=resolved)
        self._log(Appeal, appeal["id"], resolved, "appeal_resolution", official.user_id, from_state="sent",
                  to_state="on_consideration",
                  data={"executors": [str(p.full_name if p else u.name_ru) for p, u in executors],
                        "due_on": due.isoformat(), "legal_basis": "", "control_item": self.item["number"]})  # fmt: skip
        # the answer: most within the term, a few late; an extension first for some
        earliest = resolved.date()
        if rng.random() < EXTENDED:
            decided = self._work_after(_at(cal.subtract_working_days(due, rng.randint(1, 4)), 9), 0)
            decided = max(decided, resolved)
            if decided > self.now:
                return
            cap = self._term(term_from, "appeals.extension_max")
            new_due = min(cal.add_working_days(due, rng.choice([10, 15, 20])), cap)
            if new_due > due:
                self._extend(appeal, official, decided, due, new_due)
                earliest, due = decided.date(), new_due
        lead_days = max(cal.working_days_between(earliest, due), 2)
        if rng.random() < LATE:
            answer_day = cal.add_working_days(due, rng.randint(1, 6))
        else:
            answer_day = cal.add_working_days(earliest, rng.randint(2, lead_days))
        interim_day = cal.add_working_days(resolved.date(), 3)
        if rng.random() < INTERIM and interim_day < answer_day:
            interim = _at(interim_day, rng.randint(9, 17), rng.randint(0, 59))
            if interim <= self.now:
                self._answer(appeal, interim, final=False)
        result = _pick(rng, RESULT_WEIGHTS)
        if result in services.UNFAVOURABLE_RESULTS:
            # APPK art. 73: told at least the profile's working days before the decision
            told = cal.subtract_working_days(answer_day, rng.randint(3, 5))
            if told < earliest:
                told = earliest
                answer_day = max(answer_day, self._term(told, "appeals.preliminary_notice_before"))
            notice_at = _at(told, 11)
            if notice_at > self.now:
                return
            self._preliminary(appeal, result, notice_at)
        handed_in = _at(answer_day, rng.randint(9, 19), rng.randint(0, 59))
        if handed_in > self.now:
            return
        self._answer(appeal, handed_in, final=True, result=result)
        facts["answered_at"] = handed_in

    def _control_item(self, appeal: dict, resolution_id: int, official: Person, executors: list, written: datetime.date,
                      due: datetime.date) -> int:  # fmt: skip
        """The resolution on control (services._put_on_control → control.services.put_on_control)."""
        item_id = self._next_id(ControlItem)
        year = written.year
        self.control_seq[year] += 1
        issuer = (Issuer.AKIM if official.pk == self.akim.pk else Issuer.HEAD_OF_APPARATUS
                  if official.pk == self.head_of_apparatus.pk else Issuer.DEPUTY_AKIM)  # fmt: skip
        plan = deadlines.plan_deadline(issuer=issuer, received_on=written, urgency="", deadline=due,
                                       external_deadline=None)  # fmt: skip
        created = _at(written, 12)
        self.item = self._add(ControlItem, {
            "id": item_id, "number": render_number(self.control_journal, seq=self.control_seq[year], year=year),
            "source_kind": SourceKind.APPEAL, "source_type_id": self.ct[Appeal], "source_id": appeal["id"],
            "source_label": f"№ {appeal['number']} {appeal['registered_on']:%d.%m.%Y}", "event": "",
            "given_on": written, "received_on": written, "issuer": issuer, "issuer_person_id": official.pk,
            "text": appeal["summary"], "controller_id": self.appeals_unit.pk, "urgency": "", "periodicity": "",
            "created_by_id": official.user_id, "created_at": created, "disciplinary_flag": False,
            "extension_count": 0, "restricted_by": f"{self.ct[AppealResolution]}:{resolution_id}",
            "deadline": plan.deadline, "control_type": plan.control_type, "deadline_basis": plan.basis,
            "fixed_date": plan.fixed_date, "external_deadline": plan.external_deadline, "term_rule": plan.term_rule,
            "term_amount": plan.term_amount, "term_unit": plan.term_unit, "term_from": plan.term_from,
            "term_direction": plan.term_direction, "term_section": plan.term_section,
        })  # fmt: skip
        body_due, co_due = deadlines.report_due_dates(plan.deadline, self.calendar, not_before=written)
        for position, (person, unit) in enumerate(executors):
            lead = position == 0
            self._add(ControlExecutor, {
                "item_id": item_id, "person_id": person.pk if person else None, "unit_id": unit.pk if unit else None,
                "is_lead": lead, "position": position, "report_due": (body_due if unit else None) if lead else co_due,
                "reported_at": None, "report_text": "",
            })  # fmt: skip
        self._log(
            ControlItem,
            item_id,
            created,
            "put_on_control",
            official.user_id,
            to_state="on_control",
            data={"deadline": plan.deadline.isoformat(), "external_deadline": None, "rule": plan.term_rule},
        )
        return item_id

    def _grants(self, resolution_id: int, official: Person, executors: list) -> None:
        """appeals.access.grant_resolution: the official, the executors (a unit's head and staff), the appeals
        department's people by name, the appeals officers' and auditors' groups."""
        users = {official.user_id, *self.appeals_users}
        for person, unit in executors:
            if person is not None:
                users.add(person.user_id)
            else:
                users.update(self.unit_users.get(unit.pk, []))
        key = str(resolution_id)
        ct = self.ct[AppealResolution]
        for user_id in sorted(u for u in users if u):
            self._add(UserObjectPermission, {"user_id": user_id, "permission_id": self.view_resolution,
                                             "content_type_id": ct, "object_pk": key})  # fmt: skip
        for group_id in self.role_groups:
            self._add(GroupObjectPermission, {"group_id": group_id, "permission_id": self.view_resolution,
                                              "content_type_id": ct, "object_pk": key})  # fmt: skip

    def _extend(self, appeal: dict, official: Person, decided: datetime.datetime, old: datetime.date,
                new: datetime.date) -> None:  # fmt: skip
        """APPK art. 76: the official extends by a reasoned decision; the item's deadline moves; the applicant told."""
        notice_by = self._term(decided.date(), "appeals.extension_notice_term")
        reason = "Қосымша тексеру жүргізу қажет / Требуется дополнительная проверка на месте."
        extension_id = self._next_id(AppealExtension)
        self._add(AppealExtension, {"id": extension_id, "appeal_id": appeal["id"], "decided_by_id": official.user_id,
                                    "decided_on": decided.date(), "old_due_on": old, "new_due_on": new,
                                    "reason": reason, "notice_by": notice_by, "created_at": decided})  # fmt: skip
        appeal.update(due_on=new, updated_at=decided)
        item = self.item
        self._add(ExtensionRequest, {"item_id": item["id"], "requested_by_id": official.user_id,
                                     "requested_at": decided, "reason": reason, "old_deadline": item["deadline"],
                                     "new_deadline": new, "ordinal": 1, "status": "approved",
                                     "decided_by_id": official.user_id, "decided_at": decided,
                                     "decision_comment": reason})  # fmt: skip
        item.update(deadline=self.calendar.next_working_day(new), fixed_date=new, deadline_basis="fixed",
                    extension_count=1)  # fmt: skip
        self._log(
            ControlItem,
            item["id"],
            decided,
            "extension_granted",
            official.user_id,
            comment=reason,
            data={"old_deadline": old.isoformat(), "new_deadline": new.isoformat(), "ground": "APPK art. 76"},
        )
        self._log(Appeal, appeal["id"], decided, "appeal_extended", official.user_id, comment=reason,
                  to_state="on_consideration",
                  data={"old_deadline": old.isoformat(), "new_deadline": new.isoformat(),
                        "notice_by": notice_by.isoformat()})  # fmt: skip
        told = self._work_after(decided, self.rng.choice([0, 1, 2, 4]))
        if told <= self.now:
            officer = self.rng.choice(self.officers).user_id
            self._add(AppealNotice, {"appeal_id": appeal["id"], "kind": AppealNotice.Kind.EXTENSION,
                                     "extension_id": extension_id, "due_on": new, "sent_on": told.date(),
                                     "send_by": notice_by, "late": told.date() > notice_by, "created_by_id": officer,
                                     "created_at": told})  # fmt: skip
            self._log(Appeal, appeal["id"], told, "extension_told", officer, to_state="on_consideration",
                      data={"sent_on": told.date().isoformat(), "send_by": notice_by.isoformat(),
                            "late": told.date() > notice_by})  # fmt: skip

    def _preliminary(self, appeal: dict, result: str, at: datetime.datetime) -> None:
        """APPK art. 73: the applicant told of the unfavourable preliminary decision; heard now and then."""
        officer = self.rng.choice(self.officers).user_id
        allows = self._term(at.date(), "appeals.preliminary_notice_before")
        heard = self.rng.random() < 0.3 and at.date() < self.today
        self._add(AppealNotice, {"appeal_id": appeal["id"], "kind": AppealNotice.Kind.PRELIMINARY,
                                 "proposed_result": result, "text": "Алдын ала шешім / Предварительное решение.",
                                 "sent_on": at.date(), "due_on": allows, "created_by_id": officer,
                                 "heard_on": at.date() if heard else None, "created_at": at,
                                 "hearing": "Өтініш беруші келіспейді." if heard else ""})  # fmt: skip
        self._log(
            Appeal,
            appeal["id"],
            at,
            "preliminary_noticed",
            officer,
            to_state="on_consideration",
            data={"proposed_result": result, "sent_on": at.date().isoformat(), "decision_from": allows.isoformat()},
        )

    def _answer(self, appeal: dict, handed_in: datetime.datetime, *, final: bool, result: str = "") -> None:
        """§13.4: dispatched that day until the cutoff, else the next working day; the final one closes it (001 §33)."""
        local = timezone.localtime(handed_in)
        moved = not (self.calendar.is_working_day(local.date()) and local.time() <= self.cutoff)
        dispatched = self.calendar.next_working_day(local.date(), include_self=False) if moved else local.date()
        kept = dispatched <= appeal["due_on"] if final else None
        officer = self.rng.choice(self.officers).user_id
        outgoing = f"ЖТ-{appeal['seq']}/{self.rng.randint(1, 9)}" if final else ""
        answer_id = self._next_id(AppealAnswer)
        self._add(AppealAnswer, {
            "id": answer_id, "appeal_id": appeal["id"], "is_final": final, "result": result,
            "text": "Сіздің өтінішіңіз қаралды. / Ваше обращение рассмотрено." if final else "Аралық жауап.",
            "grounds": "ҚР ӘРПК 76-бабы / ст. 76 АППК РК" if result in services.UNFAVOURABLE_RESULTS else "",
            "outgoing_number": outgoing, "handed_in_at": handed_in, "dispatched_on": dispatched,
            "dispatch_moved": moved, "term_kept": kept, "created_by_id": officer, "created_at": handed_in,
        })  # fmt: skip
        data = {"dispatched_on": dispatched.isoformat(), "moved": moved, "outgoing_number": outgoing}
        if not final:
            self._log(
                Appeal, appeal["id"], handed_in, "interim_answer", officer, to_state="on_consideration", data=data
            )
            return
        attachment_id = self._next_id(Attachment)
        self._add(Attachment, {
            "id": attachment_id, "content_type_id": self.ct[AppealAnswer], "object_id": answer_id,
            "file": f"attachments/bench/appeal-answer-{answer_id}.docx", "original_name": "answer.docx",
            "size": self.rng.randint(20_000, 200_000), "mime_type": DOCX, "sha256": f"{attachment_id:064x}",
            "uploaded_by_id": officer, "uploaded_at": handed_in,
        })  # fmt: skip
        appeal.update(status=Appeal.Status.ANSWERED, result=result, answered_on=dispatched, term_kept=kept,
                      updated_at=handed_in)  # fmt: skip
        item = self.item
        item.update(
            status=ControlItem.Status.REMOVED,
            removed_on=local.date(),
            executed_on=local.date(),
            removal_ground=ControlItem.RemovalGround.EXECUTED,
            assessment=ControlItem.Assessment.EXECUTED,
        )
        self._log(ControlItem, item["id"], handed_in, "removed_from_control", officer, from_state="on_control",
                  to_state="removed", comment=f"Final answer № {outgoing} to the applicant (001 §33).",
                  data={"ground": "executed", "assessment": "executed", "basis": "001 §33"})  # fmt: skip
        self._log(Appeal, appeal["id"], handed_in, "appeal_answered", officer, from_state="on_consideration",
                  to_state="answered", data={**data, "result": result, "term_kept": kept,
                                             "due_on": appeal["due_on"].isoformat()})  # fmt: skip

    def _log(self, model: type, object_id: int, at: datetime.datetime, action: str, actor: int | None, *,
             from_state: str = "", to_state: str = "", comment: str = "",
             data: dict | None = None) -> None:  # fmt: skip
        self._add(HistoryEntry, {"content_type_id": self.ct[model], "object_id": object_id, "actor_id": actor,
                                 "acting_for_id": None, "at": at, "action": action, "from_state": from_state,
                                 "to_state": to_state, "comment": comment, "data": json.dumps(data or {})})  # fmt: skip

    def _counters(self) -> None:
        bench.reset_sequences(*(model._meta.db_table for model in self.ids))
        JournalCounter.objects.bulk_create(
            [JournalCounter(journal=self.journal, year=year, last_value=value) for year, value in self.seq.items()]
            + [JournalCounter(journal=self.control_journal, year=year, last_value=value)
               for year, value in self.control_seq.items()]
        )  # fmt: skip


# --- personas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured for: an officer of the appeals department (sees every appeal), the akim (the
    appeals addressed to them: about half) and an executor of the department that answers most (their own and
    their department's)."""

    officer: User
    akim: User
    executor: User

    @classmethod
    def load(cls) -> Personas:
        officer = User.objects.filter(groups__name=Role.APPEALS_OFFICER, is_active=True).order_by("pk").first()
        akim = User.objects.get(username="bench-akim")
        busiest = (
            AppealExecutor.objects.filter(unit__isnull=False, unit__kind=OrgUnit.Kind.DEPARTMENT)
            .values("unit")
            .annotate(n=Count("pk"))
            .order_by("-n", "unit")
        )
        unit = OrgUnit.objects.get(pk=busiest[0]["unit"]) if busiest else None
        staff = Person.objects.filter(unit=unit, user__isnull=False).exclude(pk=unit.head_id) if unit else None
        executor = staff.order_by("pk").first().user if staff is not None and staff.exists() else officer
        return cls(officer, akim, executor)

    def all(self) -> list[tuple[str, User]]:
        return [("appeals_officer", self.officer), ("akim", self.akim), ("executor", self.executor)]


# --- measurements -----------------------------------------------------------------------------------


def _frequent_applicant() -> Applicant | None:
    """The individual with an IIN who wrote the most appeals: the heaviest repeat check and IIN search."""
    top = (
        AppealApplicant.objects.filter(applicant__type=Applicant.Type.INDIVIDUAL)
        .exclude(applicant__iin="")
        .values("applicant")
        .annotate(n=Count("pk"))
        .order_by("-n", "applicant")
        .first()
    )
    return Applicant.objects.get(pk=top["applicant"]) if top else None


def journal_variants() -> list[dict[str, str]]:
    """The journal's default page, its filters (kind, status, the official, channel and dates, repeats, overdue where
    the form has it), sorts, a deep page, and searches by surname, IIN, a word of the essence and a number."""
    from appeals.forms import JournalFilterForm

    today = timezone.localdate()
    deputy = Person.objects.filter(user__username="bench-deputy-1").values_list("pk", flat=True).first()
    frequent = _frequent_applicant()
    surname = SURNAMES[12][0]  # a surname of the middle of the list: some thousands of applicants
    number = Appeal.objects.filter(year=today.year).order_by("seq").values_list("number", flat=True)[:200]
    variants: list[dict[str, str]] = [
        {},
        {"kind": Kind.COMPLAINT},
        {"status": Appeal.Status.ON_CONSIDERATION},
        {"status": Appeal.Status.ANSWERED, "kind": Kind.PROPOSAL},
        {"addressee": str(deputy)},
        {"channel": Channel.POST, "date_from": (today - datetime.timedelta(days=90)).isoformat()},
        {"repeat": "on"},
        {"sort": "status"},
        {"page": "5"},
        {"q": surname},
        {"q": frequent.iin if frequent else "850101300124"},
        {"q": "водопровода"},
        {"q": list(number)[-1] if number else "ЖТ-1"},
    ]
    if "overdue" in JournalFilterForm.base_fields:
        variants.insert(3, {"overdue": "on"})
    return variants


def measure_journal(personas: Personas, options, out: Output) -> None:
    """The journal (appeals:index) as each persona opens it."""
    url = reverse("appeals:index")
    variants = [(url, params) for params in journal_variants()]
    bench.measure_pages(
        "appeals", "journal", [(label, user, variants) for label, user in personas.all()], options, out, counted=16
    )


def measure_appeal_page(personas: Personas, options, out: Output) -> None:
    """The page of random appeals the persona sees, of every status (24 each, fewer on a short run)."""
    from akimat import permissions

    rng = random.Random(11)
    count = min(24, max(4, options["requests"]))
    requests = []
    for label, user in personas.all():
        ids = list(permissions.visible(user, Appeal.objects.all()).order_by("pk").values_list("pk", flat=True))
        chosen = rng.sample(ids, min(count, len(ids)))
        out.note(f"appeal page as {label}: sees {len(ids)} appeals, {len(chosen)} measured")
        requests.append((label, user, [(reverse("appeals:appeal", args=[pk]), {}) for pk in chosen]))
    bench.measure_pages("appeals", "appeal_page", requests, options, out, counted=16)


def _registration_posts(count: int) -> list[dict[str, str]]:
    """What the officer types for `count` appeals: half by applicants who wrote before (the repeat check finds their
    answered appeals), some known by name and address only, the rest new; every requisite of APPK art. 63."""
    rng = random.Random(7)
    frequent = _frequent_applicant()
    known = list(
        Applicant.objects.filter(type=Applicant.Type.INDIVIDUAL).exclude(iin="").order_by("-pk")[:400]
    )  # fmt: skip
    unnamed = list(Applicant.objects.filter(type=Applicant.Type.INDIVIDUAL, iin="").order_by("-pk")[:200])
    akim = Person.objects.get(user__username="bench-akim").pk
    posts = []
    for index in range(count):
        roll = rng.random()
        if roll < 0.2 and frequent:
            card = frequent
        elif roll < 0.5 and known:
            card = rng.choice(known)
        elif roll < 0.7 and unnamed:
            card = rng.choice(unnamed)
        else:
            card = None
        topic = TOPICS[rng.randrange(len(TOPICS))]
        applicant = (
            {"surname": card.surname, "first_name": card.first_name, "patronymic": card.patronymic, "iin": card.iin,
             "address": card.address, "phone": card.phone}
            if card else
            {"surname": rng.choice(SURNAMES)[0], "first_name": rng.choice(MALE_NAMES), "patronymic": "",
             "iin": valid_iin(datetime.date(1980, 1, 1) + datetime.timedelta(days=index * 37 % 9000), False, index),
             "address": f"{DISTRICT}, Шаян ауылы, Абай көшесі, {index + 1}", "phone": ""}
        )  # fmt: skip
        post = {
            "channel": Channel.E_OTINISH, "kind": Kind.APPLICATION, "received_at": "", "external_number": "",
            "addressee": str(akim), "addressee_name": "", "language": "kk", "pages": "1", "dated_on": "",
            "summary": f"Шаян ауылы, Абай көшесі: {topic[0]}. {rng.choice(TAIL_KK)}", "forward_to": "",
            "representative_name": "", "representative_document": "",
            "applicant-TOTAL_FORMS": "1", "applicant-INITIAL_FORMS": "0", "applicant-MIN_NUM_FORMS": "1",
            "applicant-MAX_NUM_FORMS": "50", "applicant-0-type": Applicant.Type.INDIVIDUAL,
            "applicant-0-organisation": "", "applicant-0-bin": "", "applicant-0-email": "",
        }  # fmt: skip
        post.update({f"applicant-0-{name}": value for name, value in applicant.items()})
        posts.append(post)
    return posts


def measure_registration(personas: Personas, options, out: Output) -> None:
    """The officer registers an appeal by POSTing the registration form (appeals:register): the form, the applicant's
    card found or made, the repeat and duplicate check, the number, the history, the redirect to its page.

    Each post runs in a transaction rolled back afterwards (the number returns to the journal's counter and the
    notifications are never sent), so runs do not change the seeded data; the commit is not in the figure."""
    url = reverse("appeals:register")
    client = bench.signed_in_client(personas.officer)
    runs = max(options["registrations"], 1)
    warmup = 2 if options["warmup"] else 0
    posts = _registration_posts(runs + warmup + 1)

    def register(index: int) -> None:
        with transaction.atomic():
            response = client.post(url, {**posts[index], submissions.FIELD: submissions.new_token()})
            transaction.set_rollback(True)
        if response.status_code != 302:
            raise RuntimeError(f"POST {url} answered {response.status_code}")

    for index in range(warmup):
        register(index)
    timings = bench.repeat(lambda i: register(i + warmup), runs=runs)
    with CaptureQueriesContext(connection) as captured:
        register(len(posts) - 1)
    out.figure("appeals.register_p50_ms", round(timings.p50, 1), "ms")
    out.figure("appeals.register_p95_ms", round(timings.p95, 1), "ms")
    out.figure("appeals.register_queries", len(captured), "count")


def measure_repeat_check(options, out: Output) -> None:
    """services.find_related alone — the repeat and duplicate check registration runs — for the applicants who
    wrote the most (their answered appeals are the repeats) and for regular ones."""
    top = list(AppealApplicant.objects.values("applicant").annotate(n=Count("pk")).order_by("-n", "applicant")[:40])
    if not top:
        out.note("no applicants: repeat check not measured")
        return
    rng = random.Random(5)
    now = timezone.now()
    topics = [f"Шаян ауылы, Абай көшесі: {kk}. {rng.choice(TAIL_KK)}" for kk, _ru, _u in TOPICS]

    def check(index: int) -> list:
        row = top[index % len(top)]
        return services.find_related(
            [row["applicant"]], summary=topics[index % len(topics)], channel=Channel.E_OTINISH, received_at=now
        )

    runs = max(options["registrations"], 1)
    timings = bench.repeat(check, runs=runs, warmup=min(options["warmup"], 2))
    with CaptureQueriesContext(connection) as captured:
        found = check(0)
    out.note(f"repeat check: the busiest applicant has {top[0]['n']} appeals, {len(found)} linked; "
             f"p50 {timings.p50:.1f} ms, {len(captured)} queries")  # fmt: skip
    out.figure("appeals.repeat_check_p50_ms", round(timings.p50, 1), "ms")
    out.figure("appeals.repeat_check_ms", round(timings.p95, 1), "ms")


def measure_quarterly_pdf(today: datetime.date, options, out: Output) -> None:
    """The quarterly statistics of appeals (issue #15 §4) of the last full quarter as PDF, in Russian."""
    from control.reports import Quarter

    try:
        from appeals.statistics import export_quarterly_report
    except ImportError:
        out.note("appeals.statistics.export_quarterly_report does not exist yet: quarterly PDF not measured")
        return
    quarter = Quarter.containing(today).previous()

    def render(_index: int) -> bytes:
        response = export_quarterly_report(quarter, "pdf", user=None, language="ru")
        if isinstance(response, bytes):
            return response
        return b"".join(response) if getattr(response, "streaming", False) else response.content

    first_ms, content = bench.time_ms(lambda: render(0))  # includes loading WeasyPrint and the fonts
    out.note(f"quarterly PDF of {quarter.key}: first rendering {first_ms:.1f} ms, {len(content) // 1024} kB")
    timings = bench.repeat(render, runs=max(options["pdf_runs"], 1)) if options["warmup"] else Timings((first_ms,))
    with CaptureQueriesContext(connection) as captured:
        render(1)
    out.figure("appeals.quarterly_pdf_ms", round(timings.p95, 1), "ms")
    out.figure("appeals.quarterly_pdf_p50_ms", round(timings.p50, 1), "ms")
    out.figure("appeals.quarterly_pdf_queries", len(captured), "count")
