"""Benchmark of meetings: the registry of protocols, the meeting page, the calendar, the protocol PDF, the Monday list.

`python manage.py bench meetings --protocols 20000` seeds the benchmark database (akimat/bench.py) with N meetings
held over about three years, each with its protocol, taken along its life as the services would have taken it —
meetings of every type (sessions, apparatus, operational, advisory, field) with about ten participants and their
attendance, 3–5 agenda items with their responsible bodies, speakers, curators and materials, the protocol drafted
within its term or late (§8.5, §8.8), a route of visas (the items' departments in parallel, the curating deputy,
the head of apparatus, the legal consultant closing it), signature and registration with the number of the type's
journal (§8.7), 20 points each with executors and deadlines, those of recent protocols on control (the control
items written too), the distribution list — and stopped where the pinned "today" finds it: recent protocols are
drafts, on approval or to sign, recent meetings still without one, planned meetings ahead, a few cancelled. A
share of meetings is closed (§5.3), granted by name to those who take part. It prints (targets of issue #14 §7 on
the 2-core machine in brackets):

    meetings.registry_p95_ms (≤ 150)    meetings.meeting_page_p95_ms (≤ 150)    meetings.calendar_p95_ms (≤ 150)
    meetings.protocol_pdf_ms (≤ 3000)   meetings.timeliness_ms (≤ 1000)

plus p50s, per-persona figures and the most queries a measured page ran. The organisation (units, people, roles,
supervision) is the control benchmark's (control/bench.py), seeded in this module's own database; everything of
meetings, visas, control items, history and grants is written with COPY (ids given).
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from akimat import bench, reglament, workdays
from akimat.bench import Output, Timings
from akimat.models import Attachment, HistoryEntry, Journal, OrgUnit, Person, Visa
from akimat.models import Counter as JournalCounter
from akimat.numbering import render_number
from control import deadlines
from control.models import ControlExecutor, ControlItem, Issuer, SourceKind
from control.models import point_source_label as control_point_label
from meetings.models import (
    AgendaItem,
    AkimatMember,
    Kind,
    Material,
    Meeting,
    MeetingType,
    Participant,
    Protocol,
    ProtocolDistribution,
    ProtocolPoint,
)

#: Bump when the seeded data change shape: a benchmark database of another version is seeded again.
SEED_VERSION = "3"
META = "meetings"
FIRST_DAY = datetime.date(2024, 1, 3)
TARGETS_MS = {
    "meetings.registry_p95_ms": 150,
    "meetings.meeting_page_p95_ms": 150,
    "meetings.calendar_p95_ms": 150,
    "meetings.protocol_pdf_ms": 3000,
    "meetings.timeliness_ms": 1000,
}
#: how often each kind of meeting is held (weights); a district holds many more apparatus and operational ones
KIND_WEIGHTS = [(Kind.SESSION, 8), (Kind.APPARATUS, 30), (Kind.OPERATIONAL, 30), (Kind.ADVISORY, 22), (Kind.FIELD, 10)]
#: the points of registered protocols of these last days are on control (older ones' items are not seeded)
CONTROL_DAYS = 120
#: the share of points whose executor is a person (the others a unit)
PERSON_EXECUTORS = 0.2
#: the points of the protocol whose PDF is measured (issue #14 §7: a 50-point protocol)
PDF_POINTS = 50


def add_arguments(parser) -> None:
    parser.add_argument("--protocols", type=int, default=20_000, help="Protocols to seed (default 20000).")
    parser.add_argument("--points", type=int, default=20, help="Points of each protocol (default 20).")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page and persona.")
    parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page and persona first.")
    parser.add_argument("--pdf-runs", type=int, default=5, help="Timed protocol PDFs (after one untimed).")
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="The pinned today (YYYY-MM-DD).")
    parser.add_argument("--seed", type=int, default=20260316, help="Random seed of the data.")
    parser.add_argument("--reseed", action="store_true", help="Seed again even if the data could be reused.")
    parser.add_argument("--fresh", action="store_true", help="Drop and re-create the benchmark database first.")
    parser.add_argument(
        "--only", default="",
        help="Comma-separated subset of: registry, meeting, calendar, pdf, timeliness (default all).",
    )  # fmt: skip


def run(options: dict[str, Any], out: Output) -> None:
    """Seed (or reuse) the benchmark database, then measure, printing `name: value unit` lines."""
    with bench.production_like(), bench.bench_database("meetings", fresh=options["fresh"], out=out):
        today = _prepare(options, out)
        with bench.pinned_clock(today):
            out.note(f"today is {today.isoformat()} (pinned)")
            personas = Personas.load()
            steps: dict[str, Callable[[], None]] = {
                "registry": lambda: measure_registry(personas, options, out),
                "meeting": lambda: measure_meeting_page(personas, options, out),
                "calendar": lambda: measure_calendar(personas, options, out),
                "pdf": lambda: measure_protocol_pdf(personas, options, out),
                "timeliness": lambda: measure_timeliness(personas, options, out),
            }
            bench.run_steps(steps, options["only"])
    bench.verdict(out, TARGETS_MS)


# --- seeding ----------------------------------------------------------------------------------------


def _prepare(options: dict[str, Any], out: Output) -> datetime.date:
    """Reuse the seeded protocols when they suit, else seed; returns the pinned today of the data."""
    wanted = options["protocols"]
    meta = bench.read_meta(META)
    reusable = bench.seed_suits(meta, options, version=SEED_VERSION, key="protocols", wanted=wanted)
    reusable = reusable and int(meta.get("points", 0)) == options["points"]
    protocols = Protocol.objects.count() if reusable else 0
    if reusable and protocols >= wanted:
        today = datetime.date.fromisoformat(meta["today"])
        out.note(f"reusing {protocols} seeded protocols (seed version {SEED_VERSION})")
        out.figure("meetings.protocols", protocols, "count")
        out.figure("meetings.seed_s", float(meta.get("seed_s", 0.0)), "s")
        return today
    if meta or Meeting.objects.exists():
        out.note("the seeded meetings do not suit: emptying the benchmark database")
        bench.reset_database()
    with workdays.pinned() as calendar:
        today = options["today"] or calendar.previous_working_day(timezone.localdate())
    out.note(f"seeding {wanted} protocols up to {today.isoformat()} ...")
    start = time.perf_counter()
    seeder = Seeder(rng=random.Random(options["seed"]), today=today, points=options["points"])
    with bench.pinned_clock(today), transaction.atomic():
        stats = seeder.seed(wanted)
    bench.analyze()  # the readers' lookups of the triggers are planned on statistics
    _fill_keys()
    bench.vacuum_analyze()
    seconds = time.perf_counter() - start
    bench.write_meta(META, {"version": SEED_VERSION, "protocols": wanted, "points": options["points"],
                            "today": today.isoformat(), "seed_s": seconds})  # fmt: skip
    out.note(", ".join(f"{key} {value}" for key, value in stats.items()))
    out.figure("meetings.protocols", Protocol.objects.count(), "count")
    out.figure("meetings.seed_s", round(seconds, 1), "s")
    return today


#: the tables whose rows name a meeting's readers or hold the titles it is searched by: their triggers rewrite the
#: meeting's readers and its protocol's search row (meetings/migrations/0005, 0006)
MEETING_PARTS = (
    Participant, AgendaItem, AgendaItem.speakers.through, AgendaItem.responsible_units.through, Protocol,
    ProtocolPoint, ProtocolDistribution,
)  # fmt: skip


def _fill_keys() -> None:
    """What the triggers would have written: one UPDATE of the control items, whose trigger computes the readers
    (control/migrations/0007), and the search rows of the protocols (meetings/migrations/0006)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE control_controlitem SET readers = '{}'")
        cursor.execute("SELECT meetings_refresh_search(meeting_id) FROM meetings_protocol")


# (Kazakh, Russian) subjects of agenda items; a meeting's title is its first item's subject
SUBJECTS = [
    ("жылу беру маусымына дайындық туралы", "о подготовке к отопительному сезону"),
    ("тасқын кезеңіне дайындық туралы", "о подготовке к паводковому периоду"),
    ("көктемгі егіс жұмыстарын жүргізу туралы", "о проведении весенне-полевых работ"),
    ("жергілікті маңызы бар жолдарды жөндеу туралы", "о ремонте дорог местного значения"),
    ("ауыз сумен қамтамасыз ету туралы", "об обеспечении питьевой водой"),
    ("ауылдық округтерді газдандыру туралы", "о газификации сельских округов"),
    ("аудан бюджетінің атқарылуы туралы", "об исполнении бюджета района"),
    ("елді мекендерді абаттандыру туралы", "о благоустройстве населённых пунктов"),
    ("жастарды жұмыспен қамту туралы", "о трудоустройстве молодёжи"),
    ("мектептерді жаңа оқу жылына дайындау туралы", "о подготовке школ к новому учебному году"),
    ("әлеуметтік маңызы бар азық-түлік бағаларын тұрақтандыру туралы",
     "о стабилизации цен на социально значимые продукты"),
    ("азаматтардың өтініштерін қарау туралы", "о рассмотрении обращений граждан"),
    ("Наурыз мерекесін өткізу туралы", "о проведении праздника Наурыз"),
    ("апатты тұрғын үйді бұзу туралы", "о сносе аварийного жилья"),
    ("құқық бұзушылықтың алдын алу туралы", "о профилактике правонарушений"),
    ("мемлекеттік қызметтерді цифрландыру туралы", "о цифровизации государственных услуг"),
    ("«Ауыл – Ел бесігі» бағдарламасын іске асыру туралы", "о реализации программы «Ауыл – Ел бесігі»"),
    ("өрт қауіпсіздігі шаралары туралы", "о мерах пожарной безопасности"),
]  # fmt: skip
# searched in the registry: a Kazakh word, a Russian word, two Russian words, a protocol's number
SEARCH_TEXTS = ["тасқын", "паводковому", "программы «Ауыл", "125"]
POINTS_KK = [
    "Аудандық қаржы бөлімі қаржыландыруды қамтамасыз етсін.",
    "Ауылдық округтердің әкімдері іс-шаралар жоспарын бекітсін.",
    "Жауапты бөлімдер орындалуы туралы ақпаратты ұсынсын.",
    "Тұрғын үй-коммуналдық шаруашылық бөлімі жұмыстарды аяқтасын.",
]  # fmt: skip
POINTS_RU = [
    "Отделу финансов обеспечить финансирование.", "Акимам сельских округов утвердить план мероприятий.",
    "Ответственным отделам представить информацию об исполнении.", "Отделу ЖКХ завершить работы.",
]  # fmt: skip
HEARD_KK = "Бөлім басшысының баяндамасы тыңдалды. Ағымдағы жағдай және алдағы міндеттер туралы ақпарат берілді."
HEARD_RU = "Заслушан доклад руководителя отдела. Представлена информация о текущем положении и предстоящих задачах."
PLACES = ["Аудан әкімдігінің мәжіліс залы", "Кіші мәжіліс залы", "Аудан әкімінің кабинеті", "Бейнеконференция залы"]
RETURN_REASONS = ["Тармақтардың орындау мерзімдері көрсетілмеген.", "Не указаны исполнители пунктов 3 и 4."]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


class Seeder:
    """Builds meetings, protocols and what goes with them as dicts, written with COPY (ids given explicitly)."""

    def __init__(self, *, rng: random.Random, today: datetime.date, points: int = 20) -> None:
        self.rng = rng
        self.today = today
        self.now = _at(today, 10)
        self.points_per_protocol = points
        self.stats: Counter = Counter()
        self.rows: dict[type, list[dict[str, Any]]] = {}

    def seed(self, count: int) -> dict[str, int]:
        with workdays.pinned() as calendar:
            self.calendar = calendar
            self._organisation()
            self._meetings(count)
            self._write()
        return dict(self.stats)

    # -- who --

    def _organisation(self) -> None:
        """The organisation of the control benchmark, seeded by its seeder unless already there; the members of
        the akimat over the whole period (§5.4)."""
        if not User.objects.filter(username="bench-akim").exists():
            from control.bench import Seeder as ControlSeeder

            control = ControlSeeder(rng=self.rng, today=self.today)
            control.calendar = self.calendar
            control.seed_org()
        people = list(Person.objects.select_related("unit", "user").exclude(unit=None))
        by_name = {p.user.username: p for p in people}
        self.akim = by_name["bench-akim"]
        self.head_of_apparatus = by_name["bench-head-of-apparatus"]
        self.deputies = [p for key, p in sorted(by_name.items()) if key.startswith("bench-deputy-")]
        self.registrars = [p for key, p in by_name.items() if key.startswith("bench-general-")]
        self.org_staff = [p for key, p in by_name.items() if key.startswith("bench-org-")]
        units = list(OrgUnit.objects.select_related("head"))
        self.legal = next(u.head for u in units if u.function == OrgUnit.Function.LEGAL)
        self.org_unit = next(u for u in units if u.function == OrgUnit.Function.ORGANISATIONAL)
        self.general_unit = next(u for u in units if u.function == OrgUnit.Function.GENERAL)
        departments = [
            u for u in units
            if u.kind == OrgUnit.Kind.DEPARTMENT and u.head_id
            and u.function not in {OrgUnit.Function.GENERAL, OrgUnit.Function.LEGAL, OrgUnit.Function.ORGANISATIONAL,
                                   OrgUnit.Function.APPEALS}
        ]  # fmt: skip
        departments.sort(key=lambda u: u.pk)
        self.rng.shuffle(departments)
        # some departments report at meetings far more often than others (the last ones rarely)
        self.departments = departments
        self.department_weights = [1 / (rank + 1) ** 1.5 for rank in range(len(departments))]
        self.rural = [u for u in units if u.kind == OrgUnit.Kind.RURAL_AKIM and u.head_id]
        self.staff: dict[int, list[Person]] = {}
        for person in people:
            if person.unit_id and person.pk != person.unit.head_id:
                self.staff.setdefault(person.unit_id, []).append(person)
        from akimat.models import Supervision

        self.curators = {s.unit_id: s.supervisor for s in Supervision.objects.filter(supervisor__in=self.deputies)}
        finance = next(u for u in units if u.function == OrgUnit.Function.FINANCE)
        economy = next(u for u in units if u.function == OrgUnit.Function.ECONOMY)
        self.members = [self.akim, *self.deputies[:3], self.head_of_apparatus, finance.head, economy.head]
        since = FIRST_DAY - datetime.timedelta(days=365)
        AkimatMember.objects.bulk_create([AkimatMember(person=p, since=since) for p in self.members])
        self.drafting = {
            key: self._term(key, (1, "working_days"))
            for key in ("meetings.protocol_drafting_term", "meetings.session_protocol_drafting_term")
        }
        self.types = {t.kind: t for t in MeetingType.objects.select_related("journal").order_by("order", "pk")}

    @staticmethod
    def _term(key: str, default: tuple[int, str]) -> tuple[int, str]:
        try:
            term = reglament.term(key)
        except Exception:  # noqa: BLE001 - a profile without the rule: the seed still needs a term
            return default
        return term.amount, term.unit

    def _work_after(self, moment: datetime.datetime, days: int, hour_from: int = 9) -> datetime.datetime:
        """A moment `days` working days later, during working hours."""
        day = self.calendar.add_working_days(moment.date(), days) if days else moment.date()
        hour = self.rng.randint(min(hour_from, 17), 17)
        return _at(day, hour, self.rng.randint(0, 59))

    # -- meetings --

    def _meetings(self, count: int) -> None:  # noqa: C901, PLR0915 - one pass over the meetings, in order
        rng, cal, today = self.rng, self.calendar, self.today
        days = [FIRST_DAY + datetime.timedelta(days=i) for i in range((today - FIRST_DAY).days + 1)]
        working = [d for d in days if cal.is_working_day(d)]
        ahead = [today + datetime.timedelta(days=i) for i in range(1, 29)]
        ahead = [d for d in ahead if cal.is_working_day(d)]
        # the held meetings with a protocol; a few held recently without one yet; planned ones ahead; cancelled
        held = sorted(rng.choice(working) for _i in range(count))
        recent = working[-8:]
        without = sorted(rng.choice(recent) for _i in range(max(2, count // 700)))
        planned = sorted(rng.choice(ahead) for _i in range(max(3, count // 130)))
        cancelled = sorted(rng.choice(working + ahead) for _i in range(max(1, count // 60)))
        plan: list[tuple[datetime.date, str]] = (
            [(d, "protocol") for d in held] + [(d, "held") for d in without] + [(d, "planned") for d in planned]
            + [(d, "cancelled") for d in cancelled]
        )  # fmt: skip
        plan.sort(key=lambda pair: pair[0])
        # the protocol whose PDF is measured: a registered session's, well in the past, with 50 points
        self.pdf_meeting = None
        pdf_index = next(
            (i for i, (d, what) in enumerate(plan) if what == "protocol" and d >= today - datetime.timedelta(days=90)),
            None,
        )
        self.ct = {model: ContentType.objects.get_for_model(model).pk for model in (Meeting, Protocol, AgendaItem)}
        self.seq: Counter = Counter()
        self.closed: list[tuple[int, set[int]]] = []
        for model in (Meeting, Participant, AgendaItem, AgendaItem.speakers.through,
                      AgendaItem.responsible_units.through, Attachment, Material, Protocol, ProtocolPoint,
                      ProtocolDistribution, Visa, ControlItem, ControlExecutor, HistoryEntry):  # fmt: skip
            self.rows[model] = []
        self.control_journal = Journal.objects.get(code="control")
        self.control_seq: Counter = Counter()
        for meeting_id, (day, what) in enumerate(plan, start=1):
            self._meeting(meeting_id, day, what, points=PDF_POINTS if meeting_id - 1 == pdf_index else None)

    def _meeting(self, meeting_id: int, day: datetime.date, what: str, *, points: int | None) -> None:  # noqa: C901, PLR0912, PLR0915
        rng = self.rng
        kind = Kind.SESSION if points else rng.choices([k for k, _w in KIND_WEIGHTS], [w for _k, w in KIND_WEIGHTS])[0]
        meeting_type = self.types.get(kind) or next(iter(self.types.values()))
        kind = meeting_type.kind
        units = self._item_units(rng.randint(3, 5))
        chair = self.akim if kind in (Kind.SESSION, Kind.APPARATUS) or rng.random() < 0.5 else rng.choice(self.deputies)
        if kind == Kind.APPARATUS and rng.random() < 0.3:
            chair = self.head_of_apparatus
        secretary = rng.choice(self.org_staff) if self.org_staff else self.head_of_apparatus
        starts_at = _at(day, rng.choice([9, 10, 11, 15, 16]), rng.choice([0, 0, 30]))
        created_at = _at(self.calendar.add_working_days(day, -rng.randint(3, 10)), 11)
        closed = kind != Kind.SESSION and not points and rng.random() < 0.03
        status = {"protocol": "held", "held": "held", "planned": "planned", "cancelled": "cancelled"}[what]
        first_kk, first_ru = rng.choice(SUBJECTS)
        meeting = {
            "id": meeting_id, "type_id": meeting_type.pk, "kind": kind, "title_kk": "", "title_ru": "",
            "starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=rng.choice([1, 1, 2])),
            "place": rng.choice(PLACES), "format": rng.choices(["in_person", "video", "mixed"], [80, 10, 10])[0],
            "is_closed": closed, "is_extraordinary": kind == Kind.SESSION and rng.random() < 0.05,
            "status": status, "chair_id": chair.pk, "secretary_id": secretary.pk,
            "organiser_unit_id": (units[0].pk if kind == Kind.ADVISORY else self.org_unit.pk),
            "materials_due_on": self.calendar.add_working_days(day, -3 if kind == Kind.SESSION else -1),
            "package_due_on": self.calendar.add_working_days(day, -2 if kind == Kind.SESSION else -1),
            "held_on": day if status == "held" else None, "present_members": None, "total_members": None,
            "has_quorum": None, "cancel_reason": "Күн тәртібі ауыстырылды." if status == "cancelled" else "",
            "created_by_id": secretary.user_id, "created_at": created_at, "updated_at": created_at,
        }  # fmt: skip
        if kind != Kind.SESSION:
            meeting["title_kk"], meeting["title_ru"] = first_kk.capitalize(), first_ru.capitalize()
        self.rows[Meeting].append(meeting)
        self._log(Meeting, meeting_id, created_at, "meeting_planned", secretary.user_id, to_state="planned",
                  data={"starts_at": starts_at.isoformat()})  # fmt: skip
        self.stats[f"meetings {status}"] += 1
        if status == "cancelled":
            return
        users = {chair.user_id, secretary.user_id}
        # participants: the members (of the akimat for a session), the heads of the reporting bodies invited
        members = (
            self.members if kind == Kind.SESSION else [chair, *rng.sample(self.deputies, 2), self.head_of_apparatus]
        )
        invited = [u.head for u in units if u.head_id] + rng.sample(self.rural, min(len(self.rural), rng.randint(1, 4)))
        invited = [p if isinstance(p, Person) else p.head for p in invited]
        seen: set[int] = set()
        present = 0
        for role, people in ((Participant.Role.MEMBER, members), (Participant.Role.INVITED, invited)):
            for person in people:
                if person is None or person.pk in seen:
                    continue
                seen.add(person.pk)
                users.add(person.user_id)
                came = None if status == "planned" else rng.random() < 0.9
                if came and role == Participant.Role.MEMBER:
                    present += 1
                self.rows[Participant].append({
                    "id": len(self.rows[Participant]) + 1, "meeting_id": meeting_id, "role": role,
                    "person_id": person.pk, "name": "", "position": "", "present": came,
                    "substitute": "" if came is not False else "Орынбасары",
                })  # fmt: skip
        if status == "held" and kind == Kind.SESSION:
            meeting.update(present_members=present, total_members=len(self.members),
                           has_quorum=present * 3 >= len(self.members) * 2)  # fmt: skip
        # the agenda: an item per reporting body, its speaker the body's head, its curator the curating deputy
        items = []
        for order, unit in enumerate(units, start=1):
            kk, ru = (first_kk, first_ru) if order == 1 else rng.choice(SUBJECTS)
            item_id = len(self.rows[AgendaItem]) + 1
            curator = self.curators.get(unit.pk)
            voted = status == "held" and kind == Kind.SESSION and meeting["has_quorum"]
            item = {
                "id": item_id, "meeting_id": meeting_id, "order": order, "title_kk": kk.capitalize(),
                "title_ru": ru.capitalize(), "curator_id": curator.pk if curator else None,
                "minutes": rng.choice([10, 15, 20]), "draft_act_id": None,
                "votes_for": present if voted else None, "votes_against": 0 if voted else None,
                "votes_abstained": 0 if voted else None, "outcome": "adopted" if voted else "",
                "heard_kk": HEARD_KK if status == "held" else "", "heard_ru": HEARD_RU if status == "held" else "",
                "spoke_kk": "", "spoke_ru": "",
            }  # fmt: skip
            items.append((item, unit))
            self.rows[AgendaItem].append(item)
            self.rows[AgendaItem.responsible_units.through].append({
                "id": len(self.rows[AgendaItem.responsible_units.through]) + 1, "agendaitem_id": item_id,
                "orgunit_id": unit.pk,
            })  # fmt: skip
            if unit.head_id:
                self.rows[AgendaItem.speakers.through].append({
                    "id": len(self.rows[AgendaItem.speakers.through]) + 1, "agendaitem_id": item_id,
                    "person_id": unit.head_id,
                })  # fmt: skip
            # the materials (§5.6): a reference note, and a draft decision for most; a few late (§5.17)
            for material_kind in ["reference_note", "draft_decision"][: rng.choice([1, 2, 2])]:
                if status == "planned" and rng.random() < 0.4:
                    continue
                attachment_id = len(self.rows[Attachment]) + 1
                submitted = _at(self.calendar.add_working_days(day, -rng.randint(1, 6)), rng.randint(9, 17))
                uploader = unit.head.user_id if unit.head_id else secretary.user_id
                self.rows[Attachment].append({
                    "id": attachment_id, "content_type_id": self.ct[AgendaItem], "object_id": item_id,
                    "file": f"attachments/bench/meeting-{meeting_id}-{item_id}-{material_kind}.docx",
                    "original_name": f"{material_kind}.docx", "size": rng.randint(20_000, 400_000), "mime_type": DOCX,
                    "sha256": f"{attachment_id:064x}", "uploaded_by_id": uploader, "uploaded_at": submitted,
                })  # fmt: skip
                self.rows[Material].append({
                    "id": len(self.rows[Material]) + 1, "item_id": item_id, "kind": material_kind,
                    "language": rng.choice(["kk", "kk", "ru"]), "attachment_id": attachment_id,
                    "visaed_by": unit.head.full_name if unit.head_id else "", "submitted_by_id": uploader,
                    "submitted_at": submitted, "is_late": submitted.date() > meeting["materials_due_on"],
                })  # fmt: skip
        if status == "held":
            self._log(Meeting, meeting_id, _at(day, 17), "attendance_recorded", secretary.user_id, from_state="planned",
                      to_state="held")  # fmt: skip
        if what == "protocol":
            self._protocol(meeting, items, chair, secretary, users, points or self.points_per_protocol)
        if closed:
            self.closed.append((meeting_id, users | {self.registrars[0].user_id, self.head_of_apparatus.user_id}))
        if points:
            self.pdf_meeting = meeting_id

    def _item_units(self, count: int) -> list[OrgUnit]:
        chosen: list[OrgUnit] = []
        while len(chosen) < count:
            if self.rng.random() < 0.15 and self.rural:
                unit = self.rng.choice(self.rural)
            else:
                unit = self.rng.choices(self.departments, self.department_weights)[0]
            if unit not in chosen:
                chosen.append(unit)
        return chosen

    def _route(self, meeting: dict[str, Any], units: list[OrgUnit], chair: Person) -> list[tuple[Person, str, int]]:
        """(approver, role, stage): the items' departments in parallel, their curating deputies, the head of
        apparatus, the legal consultant closing the route (meetings.protocol_route.*); never the chair."""
        heads = [u.head for u in units if u.head_id and u.kind == OrgUnit.Kind.DEPARTMENT][:3]
        deputies = []
        for unit in units:
            curator = self.curators.get(unit.pk)
            if curator is not None and curator not in deputies and curator != chair:
                deputies.append(curator)
        route = [(p, "departments", 0) for p in dict.fromkeys(heads)]
        stage = 1 if route else 0
        route += [(p, "deputy_akims", stage) for p in deputies[:2]]
        stage += 1 if deputies[:2] else 0
        if chair != self.head_of_apparatus:
            route.append((self.head_of_apparatus, "head_of_apparatus", stage))
            stage += 1
        route.append((self.legal, "legal", stage))
        return route

    def _protocol(
        self,
        meeting: dict[str, Any],
        items: list[tuple[dict, OrgUnit]],
        chair: Person,
        secretary: Person,
        users: set[int],
        points: int,
    ) -> None:  # noqa: C901, PLR0912, PLR0915 - the protocol's life, in order
        rng, cal = self.rng, self.calendar
        protocol_id = len(self.rows[Protocol]) + 1
        day = meeting["starts_at"].date()
        kind = meeting["kind"]
        key = "meetings.session_protocol_drafting_term" if kind == Kind.SESSION else "meetings.protocol_drafting_term"
        due = cal.deadline(day, *self.drafting[key])
        opened = _at(day, 17, rng.randint(0, 59))
        # most are drafted on their term, one in eight late by 1–5 working days (§8.5, §8.8; the Monday list §8.6)
        drafted = self._work_after(opened, rng.randint(1, 5) if rng.random() < 0.12 else rng.choice([0, 1]))
        if drafted.date() > due and rng.random() < 0.5:
            drafted = self._work_after(_at(due, 9), 0)
        units = [unit for _item, unit in items]
        protocol = {
            "id": protocol_id, "meeting_id": meeting["id"],
            "form": "full" if kind in (Kind.SESSION, Kind.APPARATUS) else "short", "status": "draft",
            "has_russian": True, "controller_unit_id": self.general_unit.pk, "controller_person_id": None,
            "drafting_due_on": due, "drafted_at": None, "approval_due_on": None, "version": 1,
            "signer_id": chair.pk, "signed_on": None, "number": "", "year": None, "registered_on": None,
            "registered_by_id": None, "created_by_id": secretary.user_id, "created_at": opened,
            "updated_at": opened,
        }  # fmt: skip
        self._log(Protocol, protocol_id, opened, "protocol_started", secretary.user_id, to_state="draft")
        moment = drafted
        number = 1
        returned_once = rng.random() < 0.06
        agreed_at = None
        while moment <= self.now:
            protocol.update(status="on_approval", version=number, drafted_at=protocol["drafted_at"] or moment,
                            approval_due_on=cal.add_working_days(moment.date(), 1))  # fmt: skip
            self._log(Protocol, protocol_id, moment, "protocol_submitted", secretary.user_id,
                      from_state="draft" if number == 1 else "returned", to_state="on_approval",
                      data={"version": number})  # fmt: skip
            route = self._route(meeting, units, chair)
            return_at = rng.randrange(len(route)) if returned_once and number == 1 else None
            reached = moment
            outcome = "agreed"
            round_rows: list[dict[str, Any]] = []
            for stage in range(max(s for _p, _r, s in route) + 1):
                stage_done = reached
                for position, (person, role, s) in enumerate(route):
                    if s != stage:
                        continue
                    users.add(person.user_id)
                    visa = {"id": len(self.rows[Visa]) + len(round_rows) + 1, "subject_type_id": self.ct[Protocol],
                            "subject_id": protocol_id, "round": number, "position": position, "stage": stage,
                            "role": role, "closes_route": role == "legal", "approver_id": person.pk,
                            "decision": "pending", "comment": "",
                            "received_at": reached if reached <= self.now else None,
                            "due_on": protocol["approval_due_on"], "decided_at": None, "decided_by_id": None,
                            "acting_person_id": None}  # fmt: skip
                    round_rows.append(visa)
                    if reached > self.now:
                        continue
                    decided = self._work_after(reached, rng.choice([0, 0, 1, 1, 2, 4]), hour_from=reached.hour)
                    if decided > self.now:
                        continue
                    give_back = return_at == position
                    visa.update(
                        decision="returned" if give_back else "agreed",
                        decided_at=decided,
                        decided_by_id=person.user_id,
                        comment=rng.choice(RETURN_REASONS) if give_back else "",
                    )
                    stage_done = max(stage_done, decided)
                    if give_back:
                        outcome = "returned"
                if outcome == "returned":
                    round_rows = [v for v in round_rows if v["decision"] != "pending"]  # §10.4-like: the rest fall
                    break
                if any(v["decision"] == "pending" for v in round_rows):
                    outcome = "pending"
                    for position, (person, role, s) in enumerate(route):
                        if s > stage:
                            round_rows.append({**round_rows[-1], "id": round_rows[-1]["id"] + 1 + position,
                                               "position": position, "stage": s, "role": role,
                                               "closes_route": role == "legal", "approver_id": person.pk,
                                               "decision": "pending", "received_at": None, "decided_at": None,
                                               "decided_by_id": None, "comment": ""})  # fmt: skip
                    break
                reached = stage_done
            for offset, visa in enumerate(round_rows, start=1):
                visa["id"] = len(self.rows[Visa]) + offset
            self.rows[Visa].extend(round_rows)
            if outcome == "pending":
                break
            if outcome == "returned":
                given = next(v for v in round_rows if v["decision"] == "returned")
                protocol["status"] = "returned"
                self._log(Protocol, protocol_id, given["decided_at"], "protocol_returned", given["decided_by_id"],
                          from_state="on_approval", to_state="returned", comment=given["comment"])  # fmt: skip
                again = self._work_after(given["decided_at"], rng.randint(1, 3))
                if again > self.now:
                    break
                number += 1
                moment = again
                continue
            agreed_at = reached
            break
        if agreed_at is not None:
            protocol["status"] = "to_sign"
            signed = self._work_after(agreed_at, rng.choice([0, 1, 1, 2]), hour_from=agreed_at.hour)
            if signed <= self.now:
                year = signed.year
                journal = self.types[kind].journal
                self.seq[(journal.pk, year)] += 1
                registrar = rng.choice(self.registrars)
                protocol.update(status="registered", signed_on=signed.date(), registered_on=signed.date(), year=year,
                                registered_by_id=registrar.user_id,
                                number=render_number(journal, seq=self.seq[(journal.pk, year)], year=year))  # fmt: skip
                users.add(registrar.user_id)
                self._log(Protocol, protocol_id, signed, "protocol_registered", registrar.user_id,
                          from_state="to_sign", to_state="registered", data={"number": protocol["number"]})  # fmt: skip
        protocol["updated_at"] = max(protocol["updated_at"], moment if moment <= self.now else protocol["updated_at"])
        self.rows[Protocol].append(protocol)
        self.stats[f"protocols {protocol['status']}"] += 1
        # the points (§8.5): each of an item, its executor one of the item's bodies (a person of it for some)
        since = self.today - datetime.timedelta(days=CONTROL_DAYS)
        on_control = protocol["status"] == "registered" and protocol["registered_on"] >= since
        for n in range(1, points + 1):
            item, unit = items[(n - 1) * len(items) // points]
            person = rng.choice(self.staff.get(unit.pk) or [None]) if rng.random() < PERSON_EXECUTORS else None
            term = rng.random() < 0.3
            point = {
                "id": len(self.rows[ProtocolPoint]) + 1, "protocol_id": protocol_id, "item_id": item["id"],
                "number": str(n), "text_kk": rng.choice(POINTS_KK), "text_ru": rng.choice(POINTS_RU),
                "lead_unit_id": None if person else unit.pk, "lead_person_id": person.pk if person else None,
                "deadline": None if term else day + datetime.timedelta(days=rng.choice([15, 30, 60, 90])),
                "term_days": rng.choice([5, 10, 20]) if term else None, "order": n, "control_item_id": None,
            }  # fmt: skip
            if on_control:
                point["control_item_id"] = self._control_item(protocol, meeting, point, unit, person)
            self.rows[ProtocolPoint].append(point)
        # the distribution list (Appendix 6 item 4): the items' bodies, finance, the general department
        for unit in dict.fromkeys([*units, self.general_unit]):
            self.rows[ProtocolDistribution].append({
                "id": len(self.rows[ProtocolDistribution]) + 1, "protocol_id": protocol_id, "unit_id": unit.pk,
                "name": "", "extract_only": unit.kind == OrgUnit.Kind.RURAL_AKIM,
                "sent_at": _at(protocol["registered_on"], 16) if protocol["registered_on"] else None,
            })  # fmt: skip

    def _control_item(self, protocol: dict, meeting: dict, point: dict, unit: OrgUnit, person: Person | None) -> int:
        """The point on control (control.services.put_on_control as meetings.services.sign calls it)."""
        item_id = len(self.rows[ControlItem]) + 1
        registered = protocol["registered_on"]
        deadline = point["deadline"] or self.calendar.add_working_days(registered, point["term_days"])
        if deadline < registered:  # a date set before a late signature: the secretary would have moved it
            deadline = point["deadline"] = registered + datetime.timedelta(days=15)
        plan = deadlines.plan_deadline(issuer=Issuer.AKIM, received_on=registered, urgency="", deadline=deadline,
                                       external_deadline=None)  # fmt: skip
        year = registered.year
        self.control_seq[year] += 1
        label = control_point_label(f"№ {protocol['number']} {meeting['starts_at'].date():%d.%m.%Y}", point["number"])
        item = {
            "id": item_id, "number": render_number(self.control_journal, seq=self.control_seq[year], year=year),
            "source_kind": SourceKind.PROTOCOL, "source_type_id": self.ct[Protocol], "source_id": protocol["id"],
            "source_label": label[:300], "event": "", "given_on": meeting["starts_at"].date(),
            "received_on": registered,
            "issuer": Issuer.AKIM, "issuer_person_id": protocol["signer_id"], "text": point["text_kk"],
            "controller_id": self.general_unit.pk, "urgency": "", "periodicity": "",
            "created_by_id": protocol["registered_by_id"], "created_at": _at(registered, 16),
            "disciplinary_flag": False, "extension_count": 0,
            "restricted_by": f"{self.ct[Meeting]}:{meeting['id']}" if meeting["is_closed"] else "",
            "deadline": plan.deadline, "control_type": plan.control_type, "deadline_basis": plan.basis,
            "fixed_date": plan.fixed_date, "external_deadline": plan.external_deadline, "term_rule": plan.term_rule,
            "term_amount": plan.term_amount, "term_unit": plan.term_unit, "term_from": plan.term_from,
            "term_direction": plan.term_direction, "term_section": plan.term_section,
        }  # fmt: skip
        if plan.deadline < self.today and self.rng.random() < 0.8:
            item.update(status=ControlItem.Status.REPORTED, executed_on=plan.deadline)
        self.rows[ControlItem].append(item)
        self.rows[ControlExecutor].append({
            "id": len(self.rows[ControlExecutor]) + 1, "item_id": item_id, "person_id": person.pk if person else None,
            "unit_id": None if person else unit.pk, "is_lead": True, "position": 0, "report_due": None,
            "reported_at": None, "report_text": "",
        })  # fmt: skip
        return item_id

    def _log(self, model: type, object_id: int, at: datetime.datetime, action: str, actor: int | None, *,
             from_state: str = "", to_state: str = "", comment: str = "",
             data: dict | None = None) -> None:  # fmt: skip
        history = self.rows[HistoryEntry]
        history.append({"id": len(history) + 1, "content_type_id": self.ct[model], "object_id": object_id,
                        "actor_id": actor, "acting_for_id": None, "at": at, "action": action,
                        "from_state": from_state, "to_state": to_state, "comment": comment,
                        "data": json.dumps(data or {})})  # fmt: skip

    # -- writing --

    def _write(self) -> None:
        # the trigger on akimat_visa touches a correspondence document for a document's visa, the control items'
        # readers triggers would rewrite an item per executor, and those of a meeting's parts the meeting per
        # participant, item, point…: off while loading (filled after, _fill_keys). The meetings go last, their own
        # trigger on: it computes each one's readers from the rows already there, as one write (an UPDATE of every
        # meeting afterwards would leave the table twice its size)
        with bench.triggers_off(Visa, ControlItem, ControlExecutor, *MEETING_PARTS):
            for model, rows in self.rows.items():
                if model is not Meeting:
                    bench.copy_models(model, rows)
            bench.analyze()  # the trigger's lookups are planned on statistics
            bench.copy_models(Meeting, self.rows[Meeting])
        bench.reset_sequences(*(model._meta.db_table for model in self.rows))
        JournalCounter.objects.bulk_create(
            [JournalCounter(journal_id=journal, year=year, last_value=value) for (journal, year), value in
             self.seq.items()]
            + [JournalCounter(journal=self.control_journal, year=year, last_value=value)
               for year, value in self.control_seq.items()]
        )  # fmt: skip
        self._grants()
        self.stats.update({
            model._meta.model_name: len(rows) for model, rows in self.rows.items() if rows
        })  # fmt: skip
        self.stats["closed"] = len(self.closed)

    def _grants(self) -> None:
        """Closed meetings (§5.3) are seen only by those granted by name: who takes part, and the first registrar."""
        permission = Permission.objects.get(codename="view_meeting", content_type__app_label="meetings")
        ct = ContentType.objects.get_for_model(Meeting)
        rows = [
            UserObjectPermission(user_id=user, permission=permission, content_type=ct, object_pk=str(pk))
            for pk, users in self.closed
            for user in sorted(u for u in users if u)
        ]
        UserObjectPermission.objects.bulk_create(rows, batch_size=1000)
        self.stats["closed_grants"] = len(rows)


# --- personas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured for: the head of apparatus (sees every meeting but closed ones not granted) and
    the head of a department that reports at few meetings (sees a few)."""

    head_of_apparatus: User
    department_head: User

    @classmethod
    def load(cls) -> Personas:
        head = User.objects.get(username="bench-head-of-apparatus")
        # the department reporting at the fewest meetings (but at some): an ordinary department head
        through = AgendaItem.responsible_units.through
        counts = (
            through.objects.filter(orgunit__kind=OrgUnit.Kind.DEPARTMENT, orgunit__head__isnull=False)
            .values("orgunit")
            .annotate(n=Count("agendaitem__meeting", distinct=True))
            .order_by("n", "orgunit")
        )
        unit = OrgUnit.objects.select_related("head__user").get(pk=counts[0]["orgunit"])
        return cls(head, unit.head.user)

    def all(self) -> list[tuple[str, User]]:
        return [("head_of_apparatus", self.head_of_apparatus), ("department_head", self.department_head)]


# --- measurements -----------------------------------------------------------------------------------


def _url(name: str, *args: Any) -> str | None:
    """The page's URL, None while the slice adding it has not landed in meetings/urls.py."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def measure_registry(personas: Personas, options, out: Output) -> None:
    """The registry's first page, filters, searches in Kazakh and Russian, sorts and a deep page."""
    url = reverse("meetings:registry")
    year = str(timezone.localdate().year)
    session = MeetingType.objects.filter(kind=Kind.SESSION).values_list("pk", flat=True).first()
    apparatus = MeetingType.objects.filter(kind=Kind.APPARATUS).values_list("pk", flat=True).first()
    akim = User.objects.get(username="bench-akim").person.pk
    variants: list[tuple[str, dict[str, str]]] = [
        (url, {}),
        (url, {"type": str(session), "year": year}),
        (url, {"status": Protocol.Status.ON_APPROVAL}),
        (url, {"chair": str(akim), "type": str(apparatus)}),
        (url, {"sort": "number"}),
        (url, {"sort": "-status"}),
        (url, {"sort": "type", "year": str(int(year) - 1)}),
        (url, {"page": "5"}),
        *((url, {"q": text}) for text in SEARCH_TEXTS),
    ]
    bench.measure_pages(
        "meetings", "registry", [(label, user, variants) for label, user in personas.all()], options, out
    )


def measure_meeting_page(personas: Personas, options, out: Output) -> None:
    """The page of random meetings of every status the persona sees (held with a registered protocol, on approval,
    in draft, without one yet, planned): 24 for the head of apparatus, up to 24 for the department head."""
    from akimat import permissions

    rng = random.Random(11)
    count = min(24, max(4, options["requests"]))
    requests = []
    for label, user in personas.all():
        ids = list(
            permissions.visible(user, Meeting.objects.exclude(status=Meeting.Status.CANCELLED))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = rng.sample(ids, min(count, len(ids)))
        out.note(f"meeting page as {label}: sees {len(ids)} meetings, {len(chosen)} measured")
        requests.append((label, user, [(reverse("meetings:meeting", args=[pk]), {}) for pk in chosen]))
    bench.measure_pages("meetings", "meeting_page", requests, options, out)


def measure_calendar(personas: Personas, options, out: Output) -> None:
    """The calendar (meetings:calendar): this week, next week and this month, all meetings and only the user's."""
    url = _url("meetings:calendar")
    if url is None:
        out.note("meetings:calendar is not in meetings/urls.py yet: calendar not measured")
        return
    today = timezone.localdate()
    variants: list[tuple[str, dict[str, str]]] = [
        (url, {"view": "week", "mine": "0"}),
        (url, {"view": "month", "mine": "0"}),
        (url, {"view": "week", "day": (today + datetime.timedelta(days=7)).isoformat(), "mine": "0"}),
        (url, {"view": "month", "day": (today - datetime.timedelta(days=40)).isoformat(), "mine": "0"}),
        (url, {"view": "week", "mine": "1"}),
        (url, {"view": "month", "mine": "1"}),
    ]
    bench.measure_pages(
        "meetings", "calendar", [(label, user, variants) for label, user in personas.all()], options, out
    )


def measure_protocol_pdf(personas: Personas, options, out: Output) -> None:
    """The protocol in the form of Appendix 6 as PDF (meetings:protocol_pdf) of a registered 50-point protocol, in
    Kazakh and Russian, as the head of apparatus downloads it."""
    protocol = (
        Protocol.objects.filter(status=Protocol.Status.REGISTERED, meeting__is_closed=False)
        .annotate(n=Count("points"))
        .filter(n__gte=PDF_POINTS)
        .order_by("-pk")
        .first()
    )
    if protocol is None:
        out.note(f"no registered protocol with {PDF_POINTS} points: protocol PDF not measured")
        return
    url = _url("meetings:protocol_pdf", protocol.pk)
    if url is None:
        out.note("meetings:protocol_pdf is not in meetings/urls.py yet: protocol PDF not measured")
        return
    client = bench.signed_in_client(personas.head_of_apparatus)

    def render(index: int) -> bytes:
        response = client.get(url, {"lang": ("kk", "ru")[index % 2]})
        if response.status_code != 200 or response["Content-Type"] != "application/pdf":
            raise RuntimeError(f"GET {url} answered {response.status_code} {response['Content-Type']}")
        return b"".join(response) if response.streaming else response.content

    first_ms, content = bench.time_ms(lambda: render(0))  # includes loading WeasyPrint and the fonts
    out.note(f"protocol PDF of protocol {protocol.pk} ({protocol.n} points): first rendering {first_ms:.1f} ms, "
             f"{len(content) // 1024} kB")  # fmt: skip
    timings = bench.repeat(render, runs=max(options["pdf_runs"], 1)) if options["warmup"] else Timings((first_ms,))
    with CaptureQueriesContext(connection) as captured:
        render(1)
    out.figure("meetings.protocol_pdf_ms", round(timings.p95, 1), "ms")
    out.figure("meetings.protocol_pdf_p50_ms", round(timings.p50, 1), "ms")
    out.figure("meetings.protocol_pdf_queries", len(captured), "count")


def measure_timeliness(personas: Personas, options, out: Output) -> None:
    """The Monday list (003 §8.6) of last week: meetings.timeliness.week_rows as the Monday task builds it, and the
    page meetings:timeliness as the head of apparatus opens it."""
    from control.reports import Week
    from meetings import timeliness

    week = Week.containing(workdays.today()).previous()
    runs = max(options["requests"] // 3, 1)
    rows_timings = bench.repeat(
        lambda _i: timeliness.week_rows(week.monday, personas.head_of_apparatus), runs=runs,
        warmup=min(options["warmup"], 1),
    )  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        rows = timeliness.week_rows(week.monday, personas.head_of_apparatus)
    out.note(f"timeliness of the week of {week.monday.isoformat()}: {len(rows)} meetings, "
             f"week_rows p50 {rows_timings.p50:.1f} ms, {len(captured)} queries")  # fmt: skip
    out.figure("meetings.timeliness_rows_p95_ms", round(rows_timings.p95, 1), "ms")
    url = _url("meetings:timeliness")
    timings = rows_timings
    if url is not None:
        client = bench.signed_in_client(personas.head_of_apparatus)
        timings = bench.repeat(lambda _i: bench.get_ok(client, url, {}), runs=runs, warmup=min(options["warmup"], 1))
        with CaptureQueriesContext(connection) as captured:
            bench.get_ok(client, url, {})
        out.figure("meetings.timeliness_page_p95_ms", round(timings.p95, 1), "ms")
        out.figure("meetings.timeliness_queries", len(captured), "count")
    out.figure("meetings.timeliness_ms", round(timings.p95, 1), "ms")
