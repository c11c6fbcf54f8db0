"""Benchmark of execution control: dashboard, lists, reminder scan, deadline recomputation, quarterly PDF.

`python manage.py bench control --items 100000` seeds the benchmark database (akimat/bench.py) with an
organisation of about 30 units and 300 people and N control items laid out around one pinned "today",
then prints (targets of SPEC §9 at 100,000 items on a 2-core machine in brackets):

    control.dashboard_p95_ms (≤ 150)      control.list_p95_ms (≤ 150)
    control.reminder_scan_ms (≤ 3000)     control.recompute_deadlines_ms (≤ 15000)
    control.quarterly_report_pdf_ms (≤ 5000)

Items are what put_on_control() would have made: the deadline plan of control/deadlines.py (terms,
fixed dates, higher bodies' internal offset), intermediate dates of §12.13, a number from the control
journal's yearly counter, a history row; some are extended (with their requests), executed, removed.
They are written with COPY rather than through the service, which would take an hour for 100,000.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from akimat import bench, workdays
from akimat.bench import Output, Timings
from akimat.history import json_safe
from akimat.models import Counter as JournalCounter
from akimat.models import HistoryEntry, Journal, OrgUnit, Person, Supervision
from akimat.numbering import render_number
from akimat.roles import Role
from control import deadlines
from control.models import (
    NEVER_EXTENDED,
    ControlExecutor,
    ControlItem,
    Decision,
    ExecutionReport,
    ExtensionRequest,
    Issuer,
    Periodicity,
    RemovalProposal,
    SourceKind,
    Urgency,
)

#: Bump when the seeded data change shape: a benchmark database of another version is seeded again.
SEED_VERSION = "6"
META = "control"
TARGETS_MS = {
    "control.dashboard_p95_ms": 150,
    "control.list_p95_ms": 150,
    "control.reminder_scan_ms": 3000,
    "control.recompute_deadlines_ms": 15000,
    "control.quarterly_report_pdf_ms": 5000,
}


def add_arguments(parser) -> None:
    parser.add_argument("--items", type=int, default=100_000, help="Control items to seed (default 100000).")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page and persona.")
    parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page and persona first.")
    parser.add_argument(
        "--pdf-runs", type=int, default=3, help="Timed renderings of the quarterly PDF (after one untimed)."
    )
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="The pinned today (YYYY-MM-DD).")
    parser.add_argument("--seed", type=int, default=20260316, help="Random seed of the data.")
    parser.add_argument("--reseed", action="store_true", help="Seed again even if the data could be reused.")
    parser.add_argument("--fresh", action="store_true", help="Drop and re-create the benchmark database first.")
    parser.add_argument(
        "--only",
        default="",
        help="Comma-separated subset of: dashboard, list, reminders, recompute, pdf (default all).",
    )


def run(options: dict[str, Any], out: Output) -> None:
    """Seed (or reuse) the benchmark database, then measure, printing `name: value unit` lines."""
    with bench.production_like(), bench.bench_database("control", fresh=options["fresh"], out=out):
        today = _prepare(options, out)
        with bench.pinned_clock(today):
            out.note(f"today is {today.isoformat()} (pinned)")
            personas = Personas.load()
            steps = {
                "dashboard": lambda: measure_dashboard(personas, options, out),
                "list": lambda: measure_list(personas, options, out),
                "reminders": lambda: measure_reminder_scan(today, out),
                "recompute": lambda: measure_recompute(today, out),
                "pdf": lambda: measure_quarterly_pdf(personas, today, options, out),
            }
            bench.run_steps(steps, options["only"])
    bench.verdict(out, TARGETS_MS)


# --- seeding ----------------------------------------------------------------------------------------


def fill_item_readers() -> None:
    """One UPDATE of every item: the item's trigger computes its readers (control/migrations/0007)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE control_controlitem SET readers = '{}'")


def _prepare(options: dict[str, Any], out: Output) -> datetime.date:
    """Reuse the seeded data when they suit, else seed; returns the pinned today of the data."""
    wanted = options["items"]
    meta = bench.read_meta(META)
    reusable = bench.seed_suits(meta, options, version=SEED_VERSION, key="items", wanted=wanted)
    if reusable:
        items = ControlItem.objects.count()
        if items >= wanted:
            today = datetime.date.fromisoformat(meta["today"])
            out.note(f"reusing {items} seeded items (seed version {SEED_VERSION}, today {today.isoformat()})")
            out.figure("control.items", items, "count")
            out.figure("control.seed_s", float(meta.get("seed_s", 0.0)), "s")
            return today
    if meta or ControlItem.objects.exists():
        bench.reset_database()
    with workdays.pinned() as calendar:
        today = options["today"] or calendar.previous_working_day(timezone.localdate())
    out.note(f"seeding {wanted} items around {today.isoformat()} ...")
    start = time.perf_counter()
    seeder = Seeder(rng=random.Random(options["seed"]), today=today)
    with bench.pinned_clock(today), transaction.atomic():
        stats = seeder.seed(wanted)
    if seeder.year_suffix:
        out.note("the control journal's number format has no year: numbers repeat every year; seeded with /yy")
    bench.analyze()  # without statistics the readers' lookups per item are planned as scans
    fill_item_readers()
    bench.vacuum_analyze()
    seconds = time.perf_counter() - start
    bench.write_meta(META, {"version": SEED_VERSION, "items": wanted, "today": today.isoformat(), "seed_s": seconds})
    out.note(", ".join(f"{key} {value}" for key, value in stats.items()))
    out.figure("control.items", ControlItem.objects.count(), "count")
    out.figure("control.seed_s", round(seconds, 1), "s")
    return today


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    kind: str = OrgUnit.Kind.DEPARTMENT
    function: str = ""
    staff: int = 14
    staff_role: str = Role.EXECUTOR


DEPARTMENTS = [
    ("finance", "Отдел финансов", OrgUnit.Function.FINANCE),
    ("economy", "Отдел экономики и бюджетного планирования", OrgUnit.Function.ECONOMY),
    ("housing", "Отдел жилищно-коммунального хозяйства"),
    ("education", "Отдел образования"),
    ("agriculture", "Отдел сельского хозяйства"),
    ("land", "Отдел земельных отношений"),
    ("construction", "Отдел строительства и архитектуры"),
    ("social", "Отдел занятости и социальных программ"),
    ("culture", "Отдел культуры и развития языков"),
    ("policy", "Отдел внутренней политики"),
    ("mobilisation", "Отдел мобилизационной подготовки"),
    ("digital", "Отдел цифровизации"),
]
RURAL = ["Аксу", "Боралдай", "Жамбыл", "Кенестобе", "Мынбулак", "Сарыарык", "Алгабас", "Кошкарата"]
BODIES = ["ГУ «Управление здравоохранения»", "Районное управление полиции", "Управление государственных доходов"]


def _units() -> list[UnitSpec]:
    units = [
        UnitSpec("apparatus", "Аппарат акима района", OrgUnit.Kind.APPARATUS, staff=0),
        UnitSpec("leadership", "Руководство", OrgUnit.Kind.LEADERSHIP, staff=0),
        UnitSpec("general", "Отдел документационного обеспечения и контроля", function=OrgUnit.Function.GENERAL,
                 staff=7, staff_role=Role.REGISTRAR),
        UnitSpec("org", "Организационно-инспекторский отдел", function=OrgUnit.Function.ORGANISATIONAL, staff=4,
                 staff_role=Role.ORG_DEPARTMENT),
        UnitSpec("appeals", "Отдел по работе с обращениями", function=OrgUnit.Function.APPEALS, staff=3,
                 staff_role=Role.APPEALS_OFFICER),
        UnitSpec("legal", "Юридическая служба", function=OrgUnit.Function.LEGAL, staff=3,
                 staff_role=Role.LEGAL_SERVICE),
    ]  # fmt: skip
    for key, name, *function in DEPARTMENTS:
        units.append(UnitSpec(key, name, function=function[0] if function else ""))
    units += [UnitSpec(f"rural{i}", f"Аппарат акима сельского округа {n}", OrgUnit.Kind.RURAL_AKIM, staff=5)
              for i, n in enumerate(RURAL)]  # fmt: skip
    units += [UnitSpec(f"body{i}", n, OrgUnit.Kind.EXECUTING_BODY, staff=4) for i, n in enumerate(BODIES)]
    return units


SURNAMES = ["Абенов", "Байжанов", "Жумабеков", "Касымов", "Нурланов", "Оспанов", "Сейтказиев", "Тулегенов",
            "Ахметов", "Бекмуратов", "Ермеков", "Искаков", "Мукашев", "Рахимов", "Садыков", "Утепов"]  # fmt: skip
NAMES = ["Айдар", "Бахыт", "Гульнара", "Дана", "Ерлан", "Жанар", "Куаныш", "Лаура", "Мадина", "Нурлан", "Сауле",
         "Талгат"]  # fmt: skip
TOPICS = [
    "подготовке к отопительному сезону", "ремонту дорог местного значения", "обеспечению питьевой водой",
    "строительству школы на 300 мест", "проведению весенне-полевых работ", "благоустройству парков и скверов",
    "исполнению бюджета района", "газификации сельских округов", "трудоустройству выпускников",
    "подготовке к паводковому периоду", "санитарной очистке населённых пунктов", "выдаче земельных участков",
    "развитию малого и среднего бизнеса", "цифровизации государственных услуг", "профилактике правонарушений",
    "обеспечению жильём очередников", "ремонту объектов культуры", "уличному освещению", "работе с обращениями",
    "реализации программы «Ауыл – Ел бесігі»", "вакцинации населения", "празднованию Наурыза",
    "закупу сельхозтехники", "сносу аварийного жилья", "мониторингу цен на социально значимые товары",
]  # fmt: skip
VERBS = ["Принять меры по", "Представить информацию по", "Обеспечить контроль по", "Подготовить предложения по",
         "Провести проверку по", "Разработать план мероприятий по"]  # fmt: skip
EVENTS = ["аппаратное совещание", "заседание акимата", "совещание у акима района", "выездное совещание",
          "заседание штаба"]  # fmt: skip
SEARCH_WORD = "паводков"  # the list's search is measured with a word that a few percent of items contain

ISSUERS = [
    (Issuer.PRESIDENT, 3), (Issuer.STATE_SECRETARY, 1), (Issuer.PRESIDENTIAL_ADMINISTRATION, 4),
    (Issuer.GOVERNMENT, 5), (Issuer.PRIME_MINISTER, 4), (Issuer.GOVERNMENT_APPARATUS, 5),
    (Issuer.OBLAST_AKIM, 15), (Issuer.AKIM, 30), (Issuer.DEPUTY_AKIM, 20), (Issuer.HEAD_OF_APPARATUS, 8),
    (Issuer.OTHER_BODY, 5),
]  # fmt: skip
SOURCES = [
    (SourceKind.INCOMING, 40), (SourceKind.PROTOCOL, 20), (SourceKind.STANDALONE, 10), (SourceKind.ACT, 8),
    (SourceKind.MEMO, 7), (SourceKind.APPEAL, 10), (SourceKind.RECEPTION, 5),
]  # fmt: skip
HIGHER = {Issuer.PRESIDENT, Issuer.PRESIDENTIAL_ADMINISTRATION, Issuer.GOVERNMENT, Issuer.PRIME_MINISTER,
          Issuer.GOVERNMENT_APPARATUS}  # fmt: skip


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


class Seeder:
    """Builds the organisation with ORM bulk inserts and the items with COPY, all ids given explicitly."""

    def __init__(self, *, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.stats: Counter = Counter()
        self.year_suffix = False

    def seed(self, count: int) -> dict[str, int]:
        with workdays.pinned() as calendar:
            self.calendar = calendar
            self.seed_org()
            self._seed_items(count)
        return dict(self.stats)

    # -- the organisation --

    def _person(self, username: str, unit: OrgUnit | None, roles: tuple[str, ...], position: str) -> Person:
        rng = self.rng
        user = User(username=username, first_name=rng.choice(NAMES), last_name=rng.choice(SURNAMES))
        user.set_unusable_password()
        self._pending.append((user, unit, roles, position))
        return user  # the Person is made in _flush_people

    def _flush_people(self) -> dict[str, Person]:
        users = User.objects.bulk_create([user for user, *_rest in self._pending])
        groups = {group.name: group for group in Group.objects.all()}
        people, memberships = [], []
        languages = ["kk"] * 6 + ["ru"] * 3 + ["en"]
        for user, (_u, unit, roles, position) in zip(users, self._pending, strict=True):
            people.append(
                Person(
                    user=user,
                    full_name=f"{user.last_name} {user.first_name}",
                    position_ru=position,
                    position_kk=position,
                    position_en=position,
                    unit=unit,
                    preferred_language=self.rng.choice(languages),
                    email=f"{user.username}@bench.example.kz" if self.rng.random() < 0.5 else "",
                )
            )
            memberships += [User.groups.through(user_id=user.pk, group_id=groups[role].pk) for role in roles]
        Person.objects.bulk_create(people)
        User.groups.through.objects.bulk_create(memberships)
        self.stats["people"] = len(people)
        return {person.user.username: person for person in people}

    def seed_org(self) -> None:
        specs = _units()
        units = {}
        for order, spec in enumerate(specs):
            units[spec.key] = OrgUnit(
                name_ru=spec.name, name_kk=spec.name, name_en=spec.name, kind=spec.kind, function=spec.function,
                order=order,
            )  # fmt: skip
        OrgUnit.objects.bulk_create(units.values())
        for spec in specs:
            if spec.key != "apparatus" and spec.kind in {OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.LEADERSHIP}:
                units[spec.key].parent = units["apparatus"]
        OrgUnit.objects.bulk_update(units.values(), ["parent"])
        self.units = units
        self.stats["units"] = len(units)

        self._pending: list = []
        self._person("bench-akim", units["leadership"], (Role.AKIM,), "Аким района")
        self._person("bench-head-of-apparatus", units["leadership"], (Role.HEAD_OF_APPARATUS,), "Руководитель аппарата")
        for i in range(4):
            self._person(f"bench-deputy-{i}", units["leadership"], (Role.DEPUTY_AKIM,), "Заместитель акима")
        self._person("bench-auditor", units["apparatus"], (Role.AUDITOR,), "Эксперт (аудит)")
        for spec in specs:
            if spec.staff == 0:
                continue
            head_roles = (Role.DEPARTMENT_HEAD,) if spec.kind == OrgUnit.Kind.DEPARTMENT else ()
            self._person(f"bench-head-{spec.key}", units[spec.key], head_roles, "Руководитель")
            for i in range(spec.staff):
                self._person(f"bench-{spec.key}-{i}", units[spec.key], (spec.staff_role,), "Главный специалист")
        people = self._flush_people()
        for spec in specs:
            if head := people.get(f"bench-head-{spec.key}"):
                units[spec.key].head = head
        OrgUnit.objects.bulk_update(units.values(), ["head"])
        self.people = people
        self.akim = people["bench-akim"]
        self.head_of_apparatus = people["bench-head-of-apparatus"]
        self.deputies = [people[f"bench-deputy-{i}"] for i in range(4)]
        self.registrars = [p for key, p in people.items() if key.startswith("bench-general-")]
        departments = [key for key, *_rest in DEPARTMENTS]
        supervisions = [
            Supervision(supervisor=self.deputies[i % 4], unit=units[key]) for i, key in enumerate(departments)
        ] + [Supervision(supervisor=self.head_of_apparatus, unit=units[key]) for key in ("general", "org", "legal")]
        Supervision.objects.bulk_create(supervisions)
        # who executes: staff of the departments (some busier than others), bodies and rural akims
        rng = self.rng
        self.dept_people = [p for p in people.values() if p.unit.kind == OrgUnit.Kind.DEPARTMENT and p.unit.function
                            not in {OrgUnit.Function.GENERAL, OrgUnit.Function.ORGANISATIONAL}]  # fmt: skip
        rng.shuffle(self.dept_people)
        self.dept_weights = _cumulative([1 / (rank + 8) for rank in range(len(self.dept_people))])
        self.external_units = [u for u in units.values() if u.is_external]
        self.department_units = [units[key] for key in departments]

    # -- items --

    def _seed_items(self, count: int) -> None:
        rng, cal, today = self.rng, self.calendar, self.today
        first = today - datetime.timedelta(days=380)
        receive_days = [d for d in _dates(first, today) if cal.is_working_day(d)]
        received = sorted(rng.choice(receive_days) for _i in range(count))
        journal = Journal.objects.get(code="control")
        # put_on_control numbers К-1, К-2… restarting every year; a format without the year would repeat
        # last year's numbers (a unique violation), so the seed then adds the year as "/yy" (see the report)
        self.year_suffix = not any(part in journal.number_format for part in ("{year}", "{yy}"))
        seq_by_year: Counter = Counter()
        registrars = [p.user_id for p in self.registrars]
        deciders = [self.akim.user_id, self.head_of_apparatus.user_id]
        item_ct = ContentType.objects.get_for_model(ControlItem).pk

        items, executors, history, extensions, reports, proposals = [], [], [], [], [], []
        executor_id = history_id = 0

        def log(item_id: int, at: datetime.datetime, action: str, actor: int | None, **extra: Any) -> None:
            nonlocal history_id
            history_id += 1
            data = json.dumps(json_safe(extra.pop("data", {})))
            history.append(
                {"id": history_id, "content_type_id": item_ct, "object_id": item_id, "actor_id": actor, "at": at,
                 "action": action, "data": data, **extra}
            )  # fmt: skip

        for item_id, received_on in enumerate(received, start=1):
            issuer = _weighted(rng, ISSUERS)
            kind = _weighted(rng, SOURCES)
            urgency = rng.choices(["", Urgency.VERY_URGENT, Urgency.URGENT, Urgency.EXPEDITE], [85, 5, 7, 3])[0]
            external = fixed = None
            if issuer in HIGHER and rng.random() < 0.8:
                external = received_on + datetime.timedelta(days=rng.randint(12, 60))
            elif rng.random() < 0.45:
                span = rng.choices([(7, 30), (30, 90), (90, 180)], [45, 35, 20])[0]
                fixed = received_on + datetime.timedelta(days=rng.randint(*span))
            plan = deadlines.plan_deadline(
                issuer=issuer, received_on=received_on, urgency=urgency, deadline=fixed, external_deadline=external
            )
            year = received_on.year
            seq_by_year[year] += 1
            creator = rng.choice(registrars)
            put_at = _at(received_on, 9 + item_id % 8, item_id % 60)
            topic = rng.choice(TOPICS)
            item = {
                "id": item_id,
                "number": render_number(journal, seq=seq_by_year[year], year=year)
                + (f"/{year % 100:02d}" if self.year_suffix else ""),
                "source_kind": kind,
                "source_label": _source_label(rng, kind, received_on),
                "event": rng.choice(EVENTS) if kind == SourceKind.PROTOCOL else "",
                "given_on": received_on - datetime.timedelta(days=rng.randint(0, 4)),
                "received_on": received_on,
                "issuer": issuer,
                "issuer_person_id": self._issuer_person(issuer),
                "text": f"{rng.choice(VERBS)} {topic}. Информацию представить в установленный срок.",
                "controller_id": self._controller(),
                "urgency": urgency,
                "periodicity": rng.choices(["", Periodicity.MONTHLY, Periodicity.QUARTERLY], [95, 3, 2])[0],
                "created_by_id": creator,
                "created_at": put_at,
                "disciplinary_flag": False,
                "extension_count": 0,
                **_plan_fields(plan),
            }
            log(item_id, put_at, "put_on_control", creator, to_state=ControlItem.Status.ON_CONTROL,
                data={"deadline": plan.deadline, "external_deadline": external, "rule": plan.term_rule})  # fmt: skip
            lead_user, rows = self._executors(item_id, executor_id)
            executor_id += len(rows)

            # extensions (003 §12.7–12.8): never for the Presidential Administration and the Government Apparatus
            if issuer not in NEVER_EXTENDED and rng.random() < 0.095:
                times = 2 if rng.random() < 0.15 else 1
                for ordinal in range(1, times + 1):
                    old = item["deadline"]
                    asked = max(received_on, old - datetime.timedelta(days=rng.randint(4, 10)))
                    new_plan = deadlines.fixed_plan(
                        ControlItem(received_on=received_on, external_deadline=external),
                        old + datetime.timedelta(days=rng.randint(10, 40)),
                    )
                    item.update(_plan_fields(new_plan))
                    item["extension_count"] = ordinal
                    decided_at = _at(asked + datetime.timedelta(days=1), 15)
                    extensions.append(
                        {"id": len(extensions) + 1, "item_id": item_id, "requested_by_id": lead_user,
                         "requested_at": _at(asked, 11), "reason": "Требуется дополнительное согласование",
                         "old_deadline": old, "new_deadline": new_plan.fixed_date, "ordinal": ordinal,
                         "status": Decision.APPROVED, "exceptional": ordinal > 1, "disciplinary_flag": ordinal > 1,
                         "decided_by_id": rng.choice(deciders), "decided_at": decided_at, "decision_comment": ""}
                    )  # fmt: skip
                    log(item_id, decided_at, "extension_granted", rng.choice(deciders),
                        data={"old_deadline": old, "new_deadline": item["deadline"]})  # fmt: skip
                    if ordinal > 1:
                        item["disciplinary_flag"] = True
            self._refresh_due(item, rows)
            self._outcome(item, rows, lead_user, reports, proposals, log, deciders)
            items.append(item)
            executors += rows

        self.stats.update(items=len(items), executors=len(executors), history=len(history),
                          extensions=len(extensions), reports=len(reports), proposals=len(proposals))  # fmt: skip
        seeded = {
            ControlItem: items,
            ControlExecutor: executors,
            HistoryEntry: history,
            ExtensionRequest: extensions,
            ExecutionReport: reports,
            RemovalProposal: proposals,
        }
        # the readers triggers would rewrite an item for every executor loaded: off while loading, then one
        # UPDATE (fill_item_readers) after the statistics are in
        with bench.triggers_off(ControlItem, ControlExecutor):
            for model, rows in seeded.items():
                bench.copy_models(model, rows)
        bench.reset_sequences(*(model._meta.db_table for model in seeded))
        JournalCounter.objects.bulk_create(
            [JournalCounter(journal=journal, year=year, last_value=value) for year, value in seq_by_year.items()]
        )

    def _issuer_person(self, issuer: str) -> int | None:
        if issuer == Issuer.AKIM:
            return self.akim.pk
        if issuer == Issuer.DEPUTY_AKIM:
            return self.rng.choice(self.deputies).pk
        if issuer == Issuer.HEAD_OF_APPARATUS:
            return self.head_of_apparatus.pk
        return None

    def _controller(self) -> int:
        roll = self.rng.random()
        if roll < 0.7:
            return self.units["general"].pk
        if roll < 0.9:
            return self.units["org"].pk
        return self.rng.choice(self.department_units).pk

    def _executors(self, item_id: int, last_id: int) -> tuple[int, list[dict]]:
        """Lead (a person of a department, or an executing body) and 0–3 co-executors; returns the lead's user."""
        rng = self.rng
        chosen: list[Person | OrgUnit] = []
        count = 1 + rng.choices([0, 1, 2, 3], [40, 30, 20, 10])[0]
        while len(chosen) < count:
            lead = not chosen
            if rng.random() < (0.72 if lead else 0.6):
                candidate = rng.choices(self.dept_people, cum_weights=self.dept_weights)[0]
            else:
                candidate = rng.choice(self.external_units)
            if candidate not in chosen:
                chosen.append(candidate)
        rows = []
        for position, executor in enumerate(chosen):
            is_unit = isinstance(executor, OrgUnit)
            rows.append(
                {"id": last_id + position + 1, "item_id": item_id, "person_id": None if is_unit else executor.pk,
                 "unit_id": executor.pk if is_unit else None, "is_lead": position == 0, "position": position,
                 "report_due": None, "reported_at": None, "report_text": ""}
            )  # fmt: skip
        lead = chosen[0]
        lead_user = lead.head.user_id if isinstance(lead, OrgUnit) else lead.user_id
        return lead_user, rows

    def _refresh_due(self, item: dict, rows: list[dict]) -> None:
        # 003 §12.13: executing bodies report 5 working days before, co-executors to the lead 7 before
        body_due, co_due = deadlines.report_due_dates(item["deadline"], self.calendar)
        for row in rows:
            row["report_due"] = co_due if not row["is_lead"] else (body_due if row["unit_id"] else None)

    def _outcome(self, item, rows, lead_user, reports, proposals, log, deciders) -> None:
        """Executed, removed or still running, as the deadline and chance have it (~40% executed or removed)."""
        rng, today, deadline = self.rng, self.today, item["deadline"]
        roll = rng.random()
        if deadline < today:
            # most past items are closed; about 5% run late, as in a working apparatus
            status = "removed" if roll < 0.85 else "reported" if roll < 0.92 else "proposed" if roll < 0.95 else ""
        else:
            status = "reported" if roll < 0.1 else ""
        if not status:
            return
        impossible = status == "removed" and rng.random() < 0.05
        if not impossible:
            late = rng.random() < 0.2
            shift = rng.randint(1, 20) if late else -rng.randint(0, 12)
            executed = min(today, max(item["received_on"], deadline + datetime.timedelta(days=shift)))
            item["executed_on"] = executed
            item["status"] = ControlItem.Status.REPORTED
            reported_at = _at(executed, 16)
            for row in rows:
                if row["is_lead"]:
                    row.update(reported_at=reported_at, report_text="Исполнено, информация направлена.")
                elif row["report_due"] and rng.random() < 0.9:
                    row.update(reported_at=_at(min(executed, row["report_due"]), 12), report_text="Информация.")
            reports.append(
                {"id": len(reports) + 1, "item_id": item["id"], "author_id": lead_user, "acting_for_id": None,
                 "text": "Исполнено, информация направлена.", "outgoing_number": f"01-12/{item['id']}",
                 "submitted_at": reported_at}
            )  # fmt: skip
            log(item["id"], reported_at, "report_submitted", lead_user, from_state="on_control", to_state="reported")
        if status == "reported":
            return
        base = item.get("executed_on") or deadline
        proposed_on = min(today, base + datetime.timedelta(days=rng.randint(0, 3)))
        controller_user = self.registrars[0].user_id
        ground = ControlItem.RemovalGround.IMPOSSIBLE if impossible else ControlItem.RemovalGround.EXECUTED
        assessment = ControlItem.Assessment.NOT_EXECUTED if impossible else ControlItem.Assessment.EXECUTED
        proposal = {
            "id": len(proposals) + 1, "item_id": item["id"], "proposed_by_id": controller_user,
            "proposed_at": _at(proposed_on, 11), "memo": "Предлагается снять с контроля.", "ground": ground,
            "assessment": assessment, "late_memo": False, "status": Decision.PENDING, "decided_by_id": None,
            "decided_at": None, "decision_comment": "",
        }  # fmt: skip
        proposals.append(proposal)
        log(item["id"], proposal["proposed_at"], "removal_proposed", controller_user,
            from_state=item.get("status", "on_control"), to_state="removal_proposed")  # fmt: skip
        if status == "proposed":
            item["status"] = ControlItem.Status.REMOVAL_PROPOSED
            return
        removed_on = min(today, proposed_on + datetime.timedelta(days=rng.randint(0, 5)))
        decider = rng.choice(deciders)
        proposal.update(status=Decision.APPROVED, decided_by_id=decider, decided_at=_at(removed_on, 17))
        item.update(status=ControlItem.Status.REMOVED, removed_on=removed_on, removal_ground=ground,
                    assessment=assessment)  # fmt: skip
        log(item["id"], _at(removed_on, 17), "removed_from_control", decider, from_state="removal_proposed",
            to_state="removed")  # fmt: skip


def _plan_fields(plan: deadlines.DeadlinePlan) -> dict[str, Any]:
    return {
        "deadline": plan.deadline,
        "control_type": plan.control_type,
        "deadline_basis": plan.basis,
        "fixed_date": plan.fixed_date,
        "external_deadline": plan.external_deadline,
        "term_rule": plan.term_rule,
        "term_amount": plan.term_amount,
        "term_unit": plan.term_unit,
        "term_from": plan.term_from,
        "term_direction": plan.term_direction,
        "term_section": plan.term_section,
    }


def _source_label(rng: random.Random, kind: str, day: datetime.date) -> str:
    number = rng.randint(1, 9999)
    return {
        SourceKind.INCOMING: f"№ 01-12/{number} {day:%d.%m.%Y}",
        SourceKind.PROTOCOL: f"№ {number % 200 + 1} {day:%d.%m.%Y}, {number % 12 + 1}",
        SourceKind.ACT: f"№ {number % 500 + 1} {day:%d.%m.%Y}",
        SourceKind.APPEAL: f"№ ЖТ-{number} {day:%d.%m.%Y}",
        SourceKind.MEMO: f"№ {number} {day:%d.%m.%Y}",
    }.get(kind, f"{day:%d.%m.%Y}")


def _dates(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def _cumulative(weights: list[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


# --- personas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured for: a registrar (sees all), a department head, an executor."""

    registrar: User
    department_head: User
    executor: User
    department: OrgUnit
    executor_person: Person

    @classmethod
    def load(cls) -> Personas:
        registrar = User.objects.filter(groups__name=Role.REGISTRAR, is_active=True).order_by("pk").first()
        # the busiest department and the busiest executor: the heaviest realistic pages
        lead_units = (
            ControlExecutor.objects.filter(is_lead=True, person__unit__head__isnull=False)
            .values("person__unit")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        department = OrgUnit.objects.select_related("head__user").get(pk=lead_units[0]["person__unit"])
        busiest = (
            ControlExecutor.objects.filter(person__user__groups__name=Role.EXECUTOR)
            .values("person")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        executor_person = Person.objects.select_related("user").get(pk=busiest[0]["person"])
        return cls(registrar, department.head.user, executor_person.user, department, executor_person)

    def all(self) -> list[tuple[str, User]]:
        return [
            ("registrar", self.registrar),
            ("department_head", self.department_head),
            ("executor", self.executor),
        ]


# --- measurements -----------------------------------------------------------------------------------


def _measure_page(
    name: str, url: str, personas: Personas, variants: dict[str, list[dict[str, str]]], options, out: Output
) -> None:
    """Time GET url for each persona cycling through its parameter variants; print p50/p95 and query counts."""
    total = Timings(())
    most_queries = 0
    for label, user in personas.all():
        client = bench.signed_in_client(user)
        params = variants[label]
        timings = bench.repeat(
            lambda i, client=client, params=params: bench.get_ok(client, url, params[i % len(params)]),
            runs=options["requests"],
            warmup=options["warmup"],
        )
        queries = []
        for variant in params:
            with CaptureQueriesContext(connection) as captured:
                bench.get_ok(client, url, variant)
            queries.append(len(captured))
        most_queries = max(most_queries, *queries)
        total += timings
        out.figure(f"control.{name}.{label}_p50_ms", round(timings.p50, 1), "ms")
        out.figure(f"control.{name}.{label}_p95_ms", round(timings.p95, 1), "ms")
        out.note(f"{name} as {label} ({user.username}): queries per variant {queries}")
    out.figure(f"control.{name}_p50_ms", round(total.p50, 1), "ms")
    out.figure(f"control.{name}_p95_ms", round(total.p95, 1), "ms")
    out.figure(f"control.{name}_queries", most_queries, "count")


def measure_dashboard(personas: Personas, options, out: Output) -> None:
    variants = {label: [{}] for label, _user in personas.all()}
    _measure_page("dashboard", reverse("control:dashboard"), personas, variants, options, out)


def list_variants(personas: Personas, today: datetime.date) -> dict[str, list[dict[str, str]]]:
    """A few filter combinations and a search, as each persona would use them."""
    month_ago, month_ahead = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)
    common = [
        {},
        {"light": "red"},
        {"status": ControlItem.Status.ON_CONTROL, "issuer": Issuer.AKIM, "sort": "-deadline"},
        {"deadline_from": month_ago.isoformat(), "deadline_to": month_ahead.isoformat(), "light": "yellow"},
        {"q": SEARCH_WORD},
        {"page": "5"},
    ]
    return {
        "registrar": [
            *common,
            {"department": str(personas.department.pk), "light": "red"},
            {"executor": f"person:{personas.executor_person.pk}"},
            {"q": "К", "sort": "number"},
        ],
        "department_head": [*common, {"scope": "mine"}],
        "executor": common,
    }


def measure_list(personas: Personas, options, out: Output) -> None:
    variants = list_variants(personas, timezone.localdate())
    _measure_page("list", reverse("control:list"), personas, variants, options, out)


def measure_reminder_scan(today: datetime.date, out: Output) -> None:
    """The daily scan, for real (notifications inserted), inside a transaction rolled back afterwards.

    The scan of the previous working day runs first (the first scan of a new installation, sending the
    whole backlog); then the timed one is the daily situation: what became due since. A third run of the
    same day shows that a repeated scan sends nothing.
    """
    from control import reminders

    with workdays.pinned() as calendar:
        day = calendar.next_working_day(today, include_self=False)
        previous = calendar.previous_working_day(day, include_self=False)
    with transaction.atomic():
        first_ms, first = bench.time_ms(lambda: reminders.scan(previous))
        elapsed, sent = bench.time_ms(lambda: reminders.scan(day))
        again_ms, again = bench.time_ms(lambda: reminders.scan(day))
        transaction.set_rollback(True)
    out.figure("control.reminder_scan_ms", round(elapsed, 1), "ms")
    out.figure("control.reminder_notifications", len(sent), "count")
    out.note("reminders by kind: " + ", ".join(f"{k} {v}" for k, v in reminders.counts(sent).items()))
    out.figure("control.reminder_first_scan_ms", round(first_ms, 1), "ms")
    out.figure("control.reminder_first_scan_notifications", len(first), "count")
    out.figure("control.reminder_rescan_ms", round(again_ms, 1), "ms")
    out.figure("control.reminder_rescan_notifications", len(again), "count")


def _busiest_working_day(today: datetime.date) -> datetime.date:
    """Of the next ten working days, the one whose becoming a day off moves the most open deadlines."""
    from django.db.models import Q

    with workdays.pinned() as calendar:
        candidates = []
        day = today
        while len(candidates) < 10:
            day = calendar.next_working_day(day, include_self=False)
            candidates.append(day)
    open_items = ControlItem.objects.open()

    def moved_by(day: datetime.date) -> int:
        return open_items.filter(
            Q(deadline=day)
            | Q(term_unit="working_days", term_direction=deadlines.AFTER, term_from__lt=day, deadline__gte=day)
            | Q(term_unit="working_days", term_direction=deadlines.BEFORE, deadline__lte=day, term_from__gt=day)
        ).count()

    return max(candidates, key=moved_by)


def measure_recompute(today: datetime.date, out: Output) -> None:
    """An extra day off (SPEC §3.2) moves deadlines; time services.recompute_deadlines(), then roll back."""
    from akimat.calendar_exceptions import add_exception
    from control import services

    day = _busiest_working_day(today)
    out.note(f"extra day off on {day.isoformat()} for the recomputation")
    try:
        with transaction.atomic():
            add_exception(day, "holiday", "Benchmark: an extra day off")
            elapsed, moved = bench.time_ms(services.recompute_deadlines)
            transaction.set_rollback(True)
    finally:
        # the snapshot of this process was read inside the rolled-back transaction: drop it
        workdays.bump_version()
        workdays.forget_snapshot()
    out.figure("control.recompute_deadlines_ms", round(elapsed, 1), "ms")
    out.figure("control.recompute_moved", moved, "count")


def measure_quarterly_pdf(personas: Personas, today: datetime.date, options, out: Output) -> None:
    """The quarterly report (003 §12.16) as PDF for the quarter that received the most items."""
    from control import reports

    busiest = (
        ControlItem.objects.annotate(year=ExtractYear("received_on"), quarter=ExtractQuarter("received_on"))
        .values("year", "quarter")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year", "-quarter")
        .first()
    )
    quarter = reports.Quarter(busiest["year"], busiest["quarter"])
    user = personas.registrar

    def render(_index: int) -> bytes:
        return reports.export_quarterly_report(quarter, "pdf", user=user, language="ru", today=today).content

    first_ms, content = bench.time_ms(lambda: render(0))  # includes loading WeasyPrint and the fonts
    out.note(f"quarter {quarter.key}: {busiest['n']} items received; first rendering {first_ms:.1f} ms")
    # without warm-up (--warmup 0) the first rendering is the measurement
    timings = bench.repeat(render, runs=options["pdf_runs"]) if options["warmup"] else Timings((first_ms,))
    data = bench.repeat(lambda _i: reports.quarterly_report(quarter, user=user, today=today), runs=3)
    out.figure("control.quarterly_report_pdf_ms", round(timings.p50, 1), "ms")
    out.figure("control.quarterly_report_pdf_max_ms", round(timings.max, 1), "ms")
    out.figure("control.quarterly_report_data_ms", round(data.p50, 1), "ms")
    out.figure("control.quarterly_report_pdf_kb", round(len(content) / 1024, 1), "kB")
