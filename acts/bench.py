"""Benchmark of acts: the registry, the act page, "Awaiting my visa", giving a visa, the approval sheet PDF.

`python manage.py bench acts --acts 50000` seeds the benchmark database (akimat/bench.py) with N acts of the
four types created over 2025–2026, each taken along its life as the services would have taken it — a draft,
a route of five visas (two interested departments in parallel, the curating deputy, finance or the head of
apparatus, the legal consultant closing it, 003 §10.3), returns and a new version for some, signature,
registration with a number of the type's journal (§10.16), points and the distribution list — and stopped
where the pinned "today" finds it, so recent acts are drafts, on approval or to sign and older ones registered
or withdrawn. It prints (targets of issue #13 §7 at 50,000 acts on the 2-core machine in brackets):

    acts.registry_p95_ms (≤ 150)     acts.act_page_p95_ms (≤ 150)     acts.my_visas_p95_ms (≤ 150)
    acts.give_visa_p95_ms (≤ 100)    acts.approval_sheet_pdf_ms (≤ 2000)

plus p50s, per-persona figures and the most queries a measured page ran. The organisation (units, people,
roles, supervision) is the control benchmark's (control/bench.py), seeded in this module's own database.
Acts, versions, files, visas, returns, points, distribution and history are written with COPY (ids given);
the history rows are there because the act page reads them.
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

from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from acts.models import Act, ActFile, ActPoint, ActReturn, ActType, ActVersion, Distribution
from akimat import bench, reglament, workdays
from akimat.bench import Output, Timings
from akimat.models import Attachment, HistoryEntry, Journal, OrgUnit, Person, Visa
from akimat.models import Counter as JournalCounter
from akimat.numbering import render_number
from akimat.roles import Role

#: Bump when the seeded data change shape: a benchmark database of another version is seeded again.
SEED_VERSION = "1"
META = "acts"
FIRST_DAY = datetime.date(2025, 1, 3)
TARGETS_MS = {
    "acts.registry_p95_ms": 150,
    "acts.act_page_p95_ms": 150,
    "acts.my_visas_p95_ms": 150,
    "acts.give_visa_p95_ms": 100,
    "acts.approval_sheet_pdf_ms": 2000,
}
JOURNALS = {
    ActType.RESOLUTION: "acts-resolution",
    ActType.DECISION: "acts-decision",
    ActType.ORDER: "acts-order",
    ActType.APPARATUS_ORDER: "acts-apparatus-order",
}
TYPE_WEIGHTS = [(ActType.RESOLUTION, 30), (ActType.DECISION, 25), (ActType.ORDER, 30), (ActType.APPARATUS_ORDER, 15)]


def add_arguments(parser) -> None:
    parser.add_argument("--acts", type=int, default=50_000, help="Acts to seed (default 50000).")
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page and persona.")
    parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page and persona first.")
    parser.add_argument("--visas", type=int, default=40, help="Timed visas given (each rolled back).")
    parser.add_argument("--pdf-runs", type=int, default=5, help="Timed approval sheets (after one untimed).")
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="The pinned today (YYYY-MM-DD).")
    parser.add_argument("--seed", type=int, default=20260316, help="Random seed of the data.")
    parser.add_argument("--reseed", action="store_true", help="Seed again even if the data could be reused.")
    parser.add_argument("--fresh", action="store_true", help="Drop and re-create the benchmark database first.")
    parser.add_argument(
        "--only", default="", help="Comma-separated subset of: registry, act, my_visas, visa, pdf (default all)."
    )


def run(options: dict[str, Any], out: Output) -> None:
    """Seed (or reuse) the benchmark database, then measure, printing `name: value unit` lines."""
    with bench.production_like(), bench.bench_database("acts", fresh=options["fresh"], out=out):
        today = _prepare(options, out)
        with bench.pinned_clock(today):
            out.note(f"today is {today.isoformat()} (pinned)")
            personas = Personas.load()
            steps: dict[str, Callable[[], None]] = {
                "registry": lambda: measure_registry(personas, options, out),
                "act": lambda: measure_act_page(options, out),
                "my_visas": lambda: measure_my_visas(personas, options, out),
                "visa": lambda: measure_give_visa(options, out),
                "pdf": lambda: measure_approval_sheet(personas, options, out),
            }
            bench.run_steps(steps, options["only"])
    bench.verdict(out, TARGETS_MS)


# --- seeding ----------------------------------------------------------------------------------------


def _prepare(options: dict[str, Any], out: Output) -> datetime.date:
    """Reuse the seeded acts when they suit, else seed; returns the pinned today of the data."""
    wanted = options["acts"]
    meta = bench.read_meta(META)
    reusable = bench.seed_suits(meta, options, version=SEED_VERSION, key="acts", wanted=wanted)
    acts = Act.objects.count() if reusable else 0
    if reusable and acts >= wanted:
        today = datetime.date.fromisoformat(meta["today"])
        out.note(f"reusing {acts} seeded acts (seed version {SEED_VERSION})")
        out.figure("acts.acts", acts, "count")
        out.figure("acts.seed_s", float(meta.get("seed_s", 0.0)), "s")
        return today
    if meta or Act.objects.exists():
        out.note("the seeded acts do not suit: emptying the benchmark database")
        bench.reset_database()
    with workdays.pinned() as calendar:
        today = options["today"] or calendar.previous_working_day(timezone.localdate())
    out.note(f"seeding {wanted} acts up to {today.isoformat()} ...")
    start = time.perf_counter()
    seeder = Seeder(rng=random.Random(options["seed"]), today=today)
    with bench.pinned_clock(today), transaction.atomic():
        stats = seeder.seed(wanted)
    bench.vacuum_analyze()
    seconds = time.perf_counter() - start
    bench.write_meta(META, {"version": SEED_VERSION, "acts": wanted, "today": today.isoformat(), "seed_s": seconds})
    out.note(", ".join(f"{key} {value}" for key, value in stats.items()))
    out.figure("acts.acts", Act.objects.count(), "count")
    out.figure("acts.seed_s", round(seconds, 1), "s")
    return today


# (Kazakh, Russian) titles of acts; a detail is added to each
TOPICS = [
    ("Аудан бюджетінің атқарылуы туралы", "Об исполнении бюджета района"),
    ("Жылу беру маусымына дайындық туралы", "О подготовке к отопительному сезону"),
    ("Тасқын кезеңіне дайындық жөніндегі шаралар туралы", "О мерах по подготовке к паводковому периоду"),
    ("Көктемгі егіс жұмыстарын жүргізу туралы", "О проведении весенне-полевых работ"),
    ("Жергілікті маңызы бар жолдарды жөндеу туралы", "О ремонте дорог местного значения"),
    ("Ауыз сумен қамтамасыз ету туралы", "Об обеспечении питьевой водой"),
    ("Ауылдық округтерді газдандыру туралы", "О газификации сельских округов"),
    ("Мектепке дейінгі тәрбие мен оқытуға мемлекеттік білім беру тапсырысы туралы",
     "О государственном образовательном заказе на дошкольное воспитание и обучение"),
    ("Аудан әкімдігінің қаулысына өзгерістер енгізу туралы", "О внесении изменений в постановление акимата района"),
    ("Аудан әкімдігінің қаулысының күші жойылды деп тану туралы",
     "О признании утратившим силу постановления акимата района"),
    ("Қоғамдық жұмыстарды ұйымдастыру туралы", "Об организации общественных работ"),
    ("Жерді пайдалану құқығын беру туралы", "О предоставлении права землепользования"),
    ("Сайлау учаскелерін құру туралы", "Об образовании избирательных участков"),
    ("Наурыз мерекесін өткізу туралы", "О проведении праздника Наурыз"),
    ("Төтенше жағдай жариялау туралы", "Об объявлении чрезвычайной ситуации"),
    ("Көшелерге атау беру туралы", "О присвоении наименований улицам"),
    ("Әлеуметтік маңызы бар азық-түлік тауарларына бағаларды тұрақтандыру туралы",
     "О стабилизации цен на социально значимые продовольственные товары"),
    ("Жұмыс тобын құру туралы", "О создании рабочей группы"),
    ("Іссапарға жіберу туралы", "О направлении в командировку"),
    ("Демалыс беру туралы", "О предоставлении отпуска"),
    ("Түркістан облысы әкімінің тапсырмасын орындау туралы", "Об исполнении поручения акима Туркестанской области"),
    ("Мүгедектігі бар адамдар үшін жұмыс орындарына квота белгілеу туралы",
     "Об установлении квоты рабочих мест для лиц с инвалидностью"),
]  # fmt: skip
DETAILS = [
    ("2026 жылға", "на 2026 год"), ("2025 жылға", "на 2025 год"), ("", ""), ("", ""),
    ("Ақсу ауылдық округінде", "в Аксуском сельском округе"), ("Боралдай ауылында", "в селе Боралдай"),
    ("аудан аумағында", "на территории района"), ("(жаңа редакция)", "(новая редакция)"),
]  # fmt: skip
# searched in the registry: a Kazakh word (with Kazakh letters), its folded form as typed on a Russian keyboard,
# a Russian word, two words, a number
SEARCH_TEXTS = ["тасқын", "жылу беру", "паводковому", "газификации сельских", "Туркестанской", "125"]
POINT_TEXTS = [
    "Аудандық қаржы бөлімі қаржыландыруды қамтамасыз етсін.", "Отделу строительства обеспечить исполнение.",
    "Ауылдық округтердің әкімдері іс-шаралар жоспарын бекітсін.", "Отделу ЖКХ представить информацию.",
]  # fmt: skip
RETURN_REASONS = [
    "Қазақ және орыс тілдеріндегі мәтіндер сәйкес келмейді.", "Не приложена финансово-экономическая записка.",
    "Пункт 3 противоречит действующему законодательству.", "Салыстырмалы кесте толық емес.",
]  # fmt: skip
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


@dataclass
class Route:
    """The five officials of an act's route, in order, with their stage (two departments share stage 0)."""

    approvers: list[Person]
    roles: list[str]
    stages: list[int] = field(default_factory=lambda: [0, 0, 1, 2, 3])


class Seeder:
    """Builds acts and what goes with them as dicts, written with COPY (ids given explicitly)."""

    def __init__(self, *, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.now = _at(today, 10)
        self.stats: Counter = Counter()

    def seed(self, count: int) -> dict[str, int]:
        with workdays.pinned() as calendar:
            self.calendar = calendar
            self._organisation()
            self._acts(count)
        return dict(self.stats)

    # -- who --

    def _organisation(self) -> None:
        """The organisation of the control benchmark, seeded by its seeder unless already there."""
        if not User.objects.filter(username="bench-akim").exists():
            from control.bench import Seeder as ControlSeeder

            control = ControlSeeder(rng=self.rng, today=self.today)
            control.calendar = self.calendar
            control.seed_org()
        people = list(Person.objects.select_related("unit", "user").exclude(unit=None))
        by_name = {p.user.username: p for p in people}
        self.akim = by_name["bench-akim"]
        self.head_of_apparatus = by_name["bench-head-of-apparatus"]
        self.registrars = [p for key, p in by_name.items() if key.startswith("bench-general-")]
        units = OrgUnit.objects.select_related("head").filter(kind=OrgUnit.Kind.DEPARTMENT)
        self.legal = next(u.head for u in units if u.function == OrgUnit.Function.LEGAL)
        self.finance = next(u.head for u in units if u.function == OrgUnit.Function.FINANCE)
        # developers: the line departments (finance and economy write acts too); some write many more
        self.developer_units = [
            u for u in units if u.head_id and u.function not in {OrgUnit.Function.GENERAL, OrgUnit.Function.LEGAL}
        ]
        self.rng.shuffle(self.developer_units)
        self.unit_weights = [1 / (rank + 3) for rank in range(len(self.developer_units))]
        self.staff: dict[int, list[Person]] = {}
        for person in people:
            if person.unit_id and person.pk != person.unit.head_id:
                self.staff.setdefault(person.unit_id, []).append(person)
        self.curators = {s.unit_id: s.supervisor for s in _supervisions()}
        self.deputies = [p for key, p in by_name.items() if key.startswith("bench-deputy-")]
        try:
            term = reglament.term("acts.signing_term")
            self.signing_term = (term.amount, term.unit)
        except Exception:  # noqa: BLE001 - a profile without the rule: the seed still needs a term
            self.signing_term = (20, "working_days")

    def _route(self, act: dict[str, Any], unit: OrgUnit, addressees: list[OrgUnit]) -> Route:
        """003 §10.3: interested departments (in parallel), the curating deputy, finance (the head of apparatus for
        an order of the apparatus), the legal consultant last."""
        heads = [u.head for u in addressees if u.head_id and u.pk != unit.pk][:2]
        while len(heads) < 2:
            other = self.rng.choice(self.developer_units)
            if other.pk != unit.pk and other.head not in heads and other.head != self.finance:
                heads.append(other.head)
        curator = self.curators.get(unit.pk) or self.rng.choice(self.deputies)
        third = self.head_of_apparatus if act["type"] == ActType.APPARATUS_ORDER else self.finance
        if third in heads:  # finance as an interested department: another department instead
            heads = [h for h in heads if h != third] + [
                next(u.head for u in self.developer_units if u.head not in heads and u.head not in (third, unit.head))
            ]
        return Route(
            [*heads, curator, third, self.legal],
            ["departments", "departments", "deputy_akims", "head_of_apparatus" if third == self.head_of_apparatus
             else "finance", "legal"],
        )  # fmt: skip

    # -- acts --

    def _work_after(self, moment: datetime.datetime, days: int, hour_from: int = 9) -> datetime.datetime:
        """A moment `days` working days later, during working hours."""
        day = self.calendar.add_working_days(moment.date(), days) if days else moment.date()
        return _at(day, self.rng.randint(hour_from, 17), self.rng.randint(0, 59))

    def _acts(self, count: int) -> None:  # noqa: C901, PLR0915 - one pass over the acts, in order
        rng, cal, today = self.rng, self.calendar, self.today
        days = [FIRST_DAY + datetime.timedelta(days=i) for i in range((today - FIRST_DAY).days + 1)]
        working = [d for d in days if cal.is_working_day(d)]
        created = sorted(rng.choice(working) for _i in range(count))
        journals = {kind: Journal.objects.get(code=code) for kind, code in JOURNALS.items()}
        act_ct = ContentType.objects.get_for_model(Act).pk
        version_ct = ContentType.objects.get_for_model(ActVersion).pk
        registrar_users = [p.user_id for p in self.registrars]
        self.seq: Counter = Counter()
        acts, versions, files, attachments, visas, returns, points, distribution, history = (
            [], [], [], [], [], [], [], [], [],
        )  # fmt: skip
        self.dsp: list[tuple[int, set[int]]] = []
        self.visa_id = 0

        def log(act_id: int, at: datetime.datetime, action: str, actor: int | None, *, from_state: str = "",
                to_state: str = "", comment: str = "", data: dict | None = None) -> None:  # fmt: skip
            history.append({"id": len(history) + 1, "content_type_id": act_ct, "object_id": act_id, "actor_id": actor,
                            "acting_for_id": None, "at": at, "action": action, "from_state": from_state,
                            "to_state": to_state, "comment": comment, "data": json.dumps(data or {})})  # fmt: skip

        def version(act: dict[str, Any], number: int, at: datetime.datetime, submitted: datetime.datetime | None,
                    kk: str, ru: str) -> None:  # fmt: skip
            version_id = len(versions) + 1
            lines = rng.randint(2, 6)
            versions.append({
                "id": version_id, "act_id": act["id"], "number": number, "title_kk": act["title_kk"],
                "title_ru": act["title_ru"], "created_by_id": act["created_by_id"], "created_at": at,
                "submitted_at": submitted, "note": "" if number == 1 else "Ескертулер ескерілді.",
                "text_kk": "\n".join(f"{i}. {kk} {rng.choice(POINT_TEXTS)}" for i in range(1, lines + 1)),
                "text_ru": "\n".join(f"{i}. {ru} {rng.choice(POINT_TEXTS)}" for i in range(1, lines + 1)),
            })  # fmt: skip
            for kind in ["text_ru", "text_kk"][: rng.randint(1, 2)]:
                attachment_id = len(attachments) + 1
                attachments.append({
                    "id": attachment_id, "content_type_id": version_ct, "object_id": version_id,
                    "file": f"attachments/bench/act-{act['id']}-{number}-{kind}.docx",
                    "original_name": f"{kind}_v{number}.docx", "size": rng.randint(20_000, 400_000), "mime_type": DOCX,
                    "sha256": f"{attachment_id:064x}", "uploaded_by_id": act["created_by_id"], "uploaded_at": at,
                })  # fmt: skip
                files.append({"id": attachment_id, "version_id": version_id, "kind": kind,
                              "attachment_id": attachment_id})  # fmt: skip

        for act_id, day in enumerate(created, start=1):
            kind = rng.choices([k for k, _w in TYPE_WEIGHTS], [w for _k, w in TYPE_WEIGHTS])[0]
            unit = rng.choices(self.developer_units, self.unit_weights)[0]
            developer = rng.choice(self.staff.get(unit.pk) or [unit.head])
            (kk, ru), (dkk, dru) = rng.choice(TOPICS), rng.choice(DETAILS)
            created_at = _at(day, 9 + act_id % 8, act_id % 60)
            act: dict[str, Any] = {
                "id": act_id, "type": kind, "status": Act.Status.DRAFT, "is_dsp": rng.random() < 0.01,
                "is_normative": kind in (ActType.RESOLUTION, ActType.DECISION) and rng.random() < 0.15,
                "title_kk": f"{dkk} {kk}".strip(), "title_ru": f"{ru} {dru}".strip(), "version": 1,
                "developer_unit_id": unit.pk, "developer_id": developer.pk,
                "curator_id": (self.curators.get(unit.pk) or self.deputies[0]).pk, "created_by_id": developer.user_id,
                "created_at": created_at, "updated_at": created_at, "route": json.dumps([]),
                "urgency": rng.choices(["", "emergency", "humanitarian"], [96, 3, 1])[0],
                "signing_due_on": cal.deadline(day, *self.signing_term),
            }  # fmt: skip
            if act["is_normative"]:
                act["amends_acts"] = rng.random() < 0.3
            addressees = rng.sample(self.developer_units, rng.randint(1, 4))
            route = self._route(act, unit, addressees)
            participants = {developer.user_id}
            first_entry = len(history)
            log(act_id, created_at, "act_created", developer.user_id, to_state="draft",
                data={"type": kind, "version": 1})  # fmt: skip
            # the draft is written, then sent; every moment after now is not yet
            submitted = self._work_after(created_at, rng.choice([0, 1, 1, 2, 3, 5]), hour_from=created_at.hour)
            version(act, 1, created_at, submitted if submitted <= self.now else None, kk, ru)
            state = "draft"
            moment = submitted
            number = 1
            returned_once = rng.random() < 0.1
            while moment <= self.now and state == "draft":
                # one round: the stages in turn; a return possibly at one of them
                term = 10 if kind == ActType.RESOLUTION else 3 if act["urgency"] else 5
                due = cal.add_working_days(moment.date(), term)
                log(act_id, moment, "act_submitted" if number == 1 else "act_resubmitted", developer.user_id,
                    from_state="draft" if number == 1 else "returned", to_state="on_approval")  # fmt: skip
                act.update(status=Act.Status.ON_APPROVAL, approval_due_on=due, version=number, rework_due_on=None)
                act["route"] = json.dumps([
                    {"approver": p.pk, "role": r, "parallel": i == 1, "closes": i == 4}
                    for i, (p, r) in enumerate(zip(route.approvers, route.roles, strict=True))
                ])  # fmt: skip
                return_at = rng.randint(0, 4) if returned_once and number == 1 else None
                reached = moment
                round_rows: list[dict[str, Any]] = []
                outcome = "agreed"
                for stage in range(4):
                    members = [i for i, s in enumerate(route.stages) if s == stage]
                    stage_done = reached
                    for position in members:
                        person = route.approvers[position]
                        participants.add(person.user_id)
                        self.visa_id += 1
                        visa = {"id": self.visa_id, "subject_type_id": act_ct,
                                "subject_id": act_id, "round": number, "position": position, "stage": stage,
                                "role": route.roles[position], "closes_route": position == 4,
                                "approver_id": person.pk, "decision": "pending", "comment": "",
                                "received_at": reached if reached <= self.now else None, "due_on": due,
                                "decided_at": None, "decided_by_id": None, "acting_person_id": None}  # fmt: skip
                        round_rows.append(visa)
                        if reached > self.now:
                            continue
                        late = rng.random() < 0.08
                        decided = self._work_after(reached, rng.randint(4, 12) if late else rng.choice([0, 0, 1, 1, 2]),
                                                   hour_from=reached.hour if not late else 9)  # fmt: skip
                        if decided > self.now:
                            continue
                        give_back = return_at == position
                        visa.update(decision="returned" if give_back else "agreed", decided_at=decided,
                                    decided_by_id=person.user_id,
                                    comment=rng.choice(RETURN_REASONS) if give_back else "")  # fmt: skip
                        log(act_id, decided, "returned" if give_back else "agreed", person.user_id,
                            from_state="on_approval", to_state="returned" if give_back else "on_approval",
                            comment=visa["comment"], data={"round": number, "approver": person.full_name})  # fmt: skip
                        stage_done = max(stage_done, decided)
                        if give_back:
                            outcome = "returned"
                    if outcome == "returned":
                        # §10.4: the visas of the round not given fall away with the return
                        round_rows = [v for v in round_rows if v["decision"] != "pending"]
                        break
                    if any(v["decision"] == "pending" for v in round_rows):
                        outcome = "pending"
                        # the later stages exist, not yet reached
                        for later in range(stage + 1, 4):
                            for position in [i for i, s in enumerate(route.stages) if s == later]:
                                self.visa_id += 1
                                round_rows.append({**round_rows[-1], "id": self.visa_id,
                                                   "position": position, "stage": later, "role": route.roles[position],
                                                   "closes_route": position == 4,
                                                   "approver_id": route.approvers[position].pk, "decision": "pending",
                                                   "received_at": None, "decided_at": None, "decided_by_id": None,
                                                   "comment": ""})  # fmt: skip
                        break
                    reached = stage_done
                visas.extend(round_rows)
                if outcome == "pending":
                    break
                if outcome == "returned":
                    ret = next(v for v in round_rows if v["decision"] == "returned")
                    rework_due = cal.add_working_days(ret["decided_at"].date(), 5)
                    act.update(status=Act.Status.RETURNED, rework_due_on=rework_due)
                    returns.append({"id": len(returns) + 1, "act_id": act_id, "version": number, "ground": "visa",
                                    "reason": ret["comment"], "visa_id": ret["id"],
                                    "returned_by_id": ret["decided_by_id"],
                                    "returned_by_person_id": ret["approver_id"], "returned_at": ret["decided_at"],
                                    "rework_due_on": rework_due, "reference": ""})  # fmt: skip
                    log(act_id, ret["decided_at"], "act_returned", ret["decided_by_id"], from_state="on_approval",
                        to_state="returned", comment=ret["comment"])  # fmt: skip
                    again = self._work_after(ret["decided_at"], rng.randint(1, 7))
                    if rng.random() < 0.15:  # withdrawn at the developer's written request instead (§10.13)
                        if again <= self.now:
                            act.update(
                                status=Act.Status.WITHDRAWN, withdrawn_at=again, withdrawal_reason="Өзектілігін жойды."
                            )
                            log(act_id, again, "act_withdrawal", developer.user_id, from_state="returned",
                                to_state="withdrawn")  # fmt: skip
                        break
                    if again > self.now:
                        break
                    number += 1
                    act["version"] = number
                    log(act_id, again, "act_version_opened", developer.user_id, data={"version": number})
                    version(act, number, again, again, kk, ru)
                    moment = again
                    continue
                state = "agreed"
                moment = reached
            if state == "agreed":
                signer = self.head_of_apparatus if kind == ActType.APPARATUS_ORDER else self.akim
                act.update(status=Act.Status.TO_SIGN, signer_id=signer.pk)
                participants.add(signer.user_id)
                signed_at = self._work_after(moment, rng.randint(1, 4))
                if signed_at <= self.now:
                    act.update(status=Act.Status.SIGNED, signed_by_id=signer.pk, signed_on=signed_at.date(),
                               signed_at=signed_at)  # fmt: skip
                    log(act_id, signed_at, "act_signed", signer.user_id, from_state="to_sign", to_state="signed")
                    registered_at = self._work_after(signed_at, rng.choice([0, 0, 1, 2]), hour_from=signed_at.hour)
                    if registered_at <= self.now:
                        year = registered_at.year
                        self.seq[(kind, year)] += 1
                        registrar = rng.choice(registrar_users)
                        number_text = render_number(journals[kind], seq=self.seq[(kind, year)], year=year)
                        act.update(
                            status=Act.Status.REGISTERED,
                            registered_on=registered_at.date(),
                            year=year,
                            registered_by_id=registrar,
                            storage_mark="permanent",
                            number=number_text,
                        )
                        participants.add(registrar)
                        if act["is_normative"]:
                            act["justice_submission_due_on"] = registered_at.date() + datetime.timedelta(days=10)
                            if registered_at.date() < today - datetime.timedelta(days=20):
                                on = registered_at.date()
                                act.update(justice_submitted_on=on + datetime.timedelta(days=3),
                                           justice_number=f"{rng.randint(1000, 9999)}-{year % 100}",
                                           justice_registered_on=on + datetime.timedelta(days=12))  # fmt: skip
                        log(act_id, registered_at, "act_registered", registrar, from_state="signed",
                            to_state="registered", data={"number": act["number"]})  # fmt: skip
                        if kind != ActType.APPARATUS_ORDER and rng.random() < 0.5:
                            for n in range(1, rng.randint(2, 5)):
                                lead = rng.choice(addressees)
                                points.append({"id": len(points) + 1, "act_id": act_id, "number": str(n),
                                               "text": rng.choice(POINT_TEXTS), "lead_unit_id": lead.pk,
                                               "lead_person_id": None, "control_item_id": None,
                                               "deadline": registered_at.date() + datetime.timedelta(
                                                   days=rng.choice([15, 30, 60, 90]))})  # fmt: skip
            act["updated_at"] = max(entry["at"] for entry in history[first_entry:])
            sent = act["status"] == Act.Status.REGISTERED
            for addressee in addressees:
                sent_on = (act["registered_on"] + datetime.timedelta(days=rng.randint(0, 2))) if sent else None
                if sent_on is not None and (sent_on > today or rng.random() < 0.05):
                    sent_on = None
                distribution.append({"id": len(distribution) + 1, "act_id": act_id, "unit_id": addressee.pk, "name": "",
                                     "sent_on": sent_on, "channel": "system" if sent_on else "",
                                     "sent_by_id": act.get("registered_by_id") if sent_on else None,
                                     "sent_at": _at(sent_on, 15) if sent_on else None})  # fmt: skip
            if act["is_dsp"]:
                self.dsp.append((act_id, participants | {registrar_users[0]}))
            acts.append(act)
            self.stats[str(act["status"])] += 1

        seeded = {
            Act: acts, ActVersion: versions, Attachment: attachments, ActFile: files, Visa: visas, ActReturn: returns,
            ActPoint: points, Distribution: distribution, HistoryEntry: history,
        }  # fmt: skip
        # the trigger on akimat_visa touches a correspondence document for a document's visa: none of these
        with bench.triggers_off(Visa):
            for model, rows in seeded.items():
                _copy_models(model, rows)
        bench.reset_sequences(*(model._meta.db_table for model in seeded))
        self._counters(journals)
        self._grants()
        self.stats.update({
            "acts": len(acts), "versions": len(versions), "visas": len(visas), "returns": len(returns),
            "points": len(points), "addressees": len(distribution), "history": len(history), "dsp": len(self.dsp),
        })  # fmt: skip

    def _counters(self, journals: dict[str, Journal]) -> None:
        """The journals' counters go on after the seeded numbers, so that a registration gets a new one."""
        JournalCounter.objects.filter(journal__in=journals.values()).delete()
        JournalCounter.objects.bulk_create(
            [
                JournalCounter(journal=journals[kind], year=year, last_value=value)
                for (kind, year), value in self.seq.items()
            ]
        )

    def _grants(self) -> None:
        """ДСП acts are seen only by those granted by name: who took part in each, and the first registrar."""
        permission = Permission.objects.get(codename="view_act", content_type__app_label="acts")
        ct = ContentType.objects.get_for_model(Act)
        rows = [
            UserObjectPermission(user_id=user, permission=permission, content_type=ct, object_pk=str(pk))
            for pk, users in self.dsp
            for user in sorted(u for u in users if u)
        ]
        UserObjectPermission.objects.bulk_create(rows, batch_size=1000)
        self.stats["dsp_grants"] = len(rows)


def _copy_models(model: type, rows: list[dict[str, Any]]) -> None:
    """bench.copy_models without the generated columns (Act.search_text), which PostgreSQL computes itself."""
    generated = [f for f in model._meta.concrete_fields if getattr(f, "generated", False)]
    if not generated:
        bench.copy_models(model, rows)
        return
    meta = model._meta
    saved = meta.concrete_fields
    # copy_models reads the model's concrete fields: hide the generated ones from it for the COPY
    meta.concrete_fields = tuple(f for f in saved if f not in generated)
    try:
        bench.copy_models(model, rows)
    finally:
        meta.concrete_fields = saved


def _supervisions():
    from akimat.models import Supervision

    return Supervision.objects.select_related("supervisor").filter(supervisor__user__groups__name=Role.DEPUTY_AKIM)


# --- personas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured for: a registrar (sees every act), a deputy akim, a department head, a developer
    (an executor of a busy department), and the approver with the most visas waiting."""

    registrar: User
    deputy: User
    department_head: User
    developer: User
    busiest_approver: User

    @classmethod
    def load(cls) -> Personas:
        registrar = User.objects.get(username="bench-general-0")
        busiest_unit = Act.objects.values("developer_unit").annotate(n=Count("pk")).order_by("-n")[0]["developer_unit"]
        unit = OrgUnit.objects.select_related("head__user").get(pk=busiest_unit)
        developer = (
            Act.objects.filter(developer_unit=unit, developer__user__groups__name=Role.EXECUTOR)
            .values("developer__user")
            .annotate(n=Count("pk"))
            .order_by("-n")[0]["developer__user"]
        )
        busiest = (
            Visa.objects.filter(decision=Visa.Decision.PENDING, received_at__isnull=False)
            .values("approver__user")
            .annotate(n=Count("pk"))
            .order_by("-n")[0]["approver__user"]
        )
        deputy = User.objects.get(username="bench-deputy-0")
        return cls(registrar, deputy, unit.head.user, User.objects.get(pk=developer), User.objects.get(pk=busiest))

    def all(self) -> list[tuple[str, User]]:
        return [
            ("registrar", self.registrar),
            ("deputy", self.deputy),
            ("department_head", self.department_head),
            ("developer", self.developer),
        ]


# --- measurements -----------------------------------------------------------------------------------


def _measure(
    name: str, requests: list[tuple[str, User, list[tuple[str, dict[str, str]]]]], options, out: Output
) -> None:
    """Time GETs for each (label, user) cycling through its (url, params); print p50/p95 and the most queries."""
    total = Timings(())
    most_queries = 0
    for label, user, variants in requests:
        if not variants:
            continue
        client = bench.signed_in_client(user)
        timings = bench.repeat(
            lambda i, client=client, variants=variants: bench.get_ok(client, *variants[i % len(variants)]),
            runs=max(options["requests"], 1),
            warmup=options["warmup"],
        )
        queries = []
        # the query count of up to 12 variants (fewer on a short run, as the test's)
        for url, params in variants[: max(3, min(12, options["requests"]))]:
            with CaptureQueriesContext(connection) as captured:
                bench.get_ok(client, url, params)
            queries.append(len(captured))
        most_queries = max(most_queries, *queries)
        total += timings
        out.figure(f"acts.{name}.{label}_p95_ms", round(timings.p95, 1), "ms")
        out.note(f"{name} as {label} ({user.username}): p50 {timings.p50:.1f} ms, queries {queries}")
    out.figure(f"acts.{name}_p50_ms", round(total.p50, 1), "ms")
    out.figure(f"acts.{name}_p95_ms", round(total.p95, 1), "ms")
    out.figure(f"acts.{name}_queries", most_queries, "count")


def measure_registry(personas: Personas, options, out: Output) -> None:
    """The registry's first page, filters, searches in Kazakh and Russian, sorts and a deep page."""
    url = reverse("acts:index")
    year = str(timezone.localdate().year)
    busiest = Act.objects.values("developer_unit").annotate(n=Count("pk")).order_by("-n")[0]["developer_unit"]
    variants: list[tuple[str, dict[str, str]]] = [
        (url, {}),
        (url, {"type": ActType.DECISION, "year": year}),
        (url, {"status": Act.Status.ON_APPROVAL}),
        (url, {"developer": str(busiest), "normative": "yes"}),
        (url, {"sort": "title"}),
        (url, {"sort": "-number", "type": ActType.RESOLUTION}),
        (url, {"page": "5"}),
        *((url, {"q": text}) for text in SEARCH_TEXTS),
    ]
    _measure("registry", [(label, user, variants) for label, user in personas.all()], options, out)


def measure_act_page(options, out: Output) -> None:
    """The page of random acts of every status, as their developer and as one of their approvers."""
    rng = random.Random(11)
    ids = list(Act.objects.exclude(status=Act.Status.DRAFT).filter(is_dsp=False).values_list("pk", flat=True))
    # 24 acts, fewer on a short run (the test's)
    count = min(len(ids), 24, max(4, options["requests"]))
    chosen = Act.objects.filter(pk__in=rng.sample(ids, count)).select_related("developer__user")
    developer_requests: dict[int, list[tuple[str, dict[str, str]]]] = {}
    approver_requests: dict[int, list[tuple[str, dict[str, str]]]] = {}
    users: dict[int, User] = {}
    for act in chosen:
        url = reverse("acts:act", args=[act.pk])
        users[act.developer.user_id] = act.developer.user
        developer_requests.setdefault(act.developer.user_id, []).append((url, {}))
        route = list(
            Visa.objects.filter(subject_type=ContentType.objects.get_for_model(Act), subject_id=act.pk)
            .select_related("approver__user")
            .order_by("round", "position")
        )
        if route:
            visa = rng.choice(route)
            users[visa.approver.user_id] = visa.approver.user
            approver_requests.setdefault(visa.approver.user_id, []).append((url, {}))
    # every act once per role: the timed runs cycle through them, one client per user
    developer = [(url, params) for pages in developer_requests.values() for url, params in pages]
    approver = [(url, params) for pages in approver_requests.values() for url, params in pages]
    requests = []
    for label, pages in (("developer", developer_requests), ("approver", approver_requests)):
        for user_id, variants in pages.items():
            requests.append((label, users[user_id], variants))
    out.note(f"act page: {len(developer)} pages as their developers, {len(approver)} as an approver")
    _measure_grouped("act_page", requests, options, out)


def _measure_grouped(name: str, requests: list[tuple[str, User, list[tuple[str, dict[str, str]]]]], options,
                     out: Output) -> None:  # fmt: skip
    """As _measure, but many users per label: the runs are spread over the users, the figures per label."""
    by_label: dict[str, Timings] = {}
    most_queries = 0
    runs = max(options["requests"], 1)
    for label, user, variants in requests:
        client = bench.signed_in_client(user)
        share = max(1, round(runs * len(variants) / sum(len(v) for lab, _u, v in requests if lab == label)))
        timings = bench.repeat(
            lambda i, client=client, variants=variants: bench.get_ok(client, *variants[i % len(variants)]),
            runs=share,
            warmup=min(options["warmup"], 1),
        )
        for url, params in variants[:1]:
            with CaptureQueriesContext(connection) as captured:
                bench.get_ok(client, url, params)
            most_queries = max(most_queries, len(captured))
        by_label[label] = by_label.get(label, Timings(())) + timings
    total = Timings(())
    for label, timings in by_label.items():
        out.figure(f"acts.{name}.{label}_p95_ms", round(timings.p95, 1), "ms")
        out.note(f"{name} as {label}: p50 {timings.p50:.1f} ms over {len(timings.values)} requests")
        total += timings
    out.figure(f"acts.{name}_p50_ms", round(total.p50, 1), "ms")
    out.figure(f"acts.{name}_p95_ms", round(total.p95, 1), "ms")
    out.figure(f"acts.{name}_queries", most_queries, "count")


def measure_my_visas(personas: Personas, options, out: Output) -> None:
    """The core "Awaiting my visa" page (akimat:my_visas) for the approver with the most visas waiting and a deputy."""
    url = reverse("akimat:my_visas")
    waiting = Visa.objects.filter(decision=Visa.Decision.PENDING, received_at__isnull=False)
    for label, user in (("busiest", personas.busiest_approver), ("deputy", personas.deputy)):
        out.note(f"my visas as {label} ({user.username}): {waiting.filter(approver__user=user).count()} waiting")
    _measure(
        "my_visas",
        [("busiest", personas.busiest_approver, [(url, {})]), ("deputy", personas.deputy, [(url, {})])],
        options,
        out,
    )


def measure_give_visa(options, out: Output) -> None:
    """akimat.approvals.decide (what the visa view calls) agreeing a visa of the first stages: the route goes
    on to the next stage (notifications, history). Each visa in a transaction rolled back afterwards."""
    from akimat import approvals

    candidates = list(
        Visa.objects.filter(
            subject_type=ContentType.objects.get_for_model(Act),
            decision=Visa.Decision.PENDING,
            received_at__isnull=False,
            stage__lte=1,
        )
        .select_related("approver__user")
        .order_by("pk")
    )
    # spread over the period: acts of different types, stages and routes
    candidates = random.Random(13).sample(candidates, min(len(candidates), max(options["visas"], 1) + 2))
    if not candidates:
        out.note("no visa waiting on the first stages: give_visa not measured")
        return
    moved = Counter()

    def give(index: int) -> None:
        visa = candidates[index % len(candidates)]
        with transaction.atomic():
            given = approvals.decide(visa, actor=visa.approver.user, agree=True)
            moved[given.decision] += 1
            transaction.set_rollback(True)

    timings = bench.repeat(lambda i: give(i + 2), runs=max(options["visas"], 1), warmup=min(2, len(candidates)))
    with CaptureQueriesContext(connection) as captured:
        give(0)
    out.figure("acts.give_visa_p50_ms", round(timings.p50, 1), "ms")
    out.figure("acts.give_visa_p95_ms", round(timings.p95, 1), "ms")
    out.figure("acts.give_visa_queries", len(captured), "count")


def measure_approval_sheet(personas: Personas, options, out: Output) -> None:
    """The approval sheet PDF (akimat.approval_sheet.approval_sheet_pdf) of a registered act with five visas,
    in Kazakh and Russian, through the act's own page (acts:approval_sheet) as the registrar prints it."""
    act = (
        Act.objects.filter(status=Act.Status.REGISTERED, version=1, is_dsp=False)
        .annotate(n=Count("visas"))
        .filter(n=5)
        .order_by("-pk")
        .first()
    )
    if act is None:
        out.note("no registered act with five visas: approval sheet not measured")
        return
    client = bench.signed_in_client(personas.registrar)
    url = reverse("acts:approval_sheet", args=[act.pk])

    def render(index: int) -> bytes:
        response = client.get(url, {"lang": ("kk", "ru")[index % 2]})
        if response.status_code != 200 or response["Content-Type"] != "application/pdf":
            raise RuntimeError(f"GET {url} answered {response.status_code} {response['Content-Type']}")
        return b"".join(response) if response.streaming else response.content

    first_ms, content = bench.time_ms(lambda: render(0))  # includes loading WeasyPrint and the fonts
    out.note(f"approval sheet of act {act.pk}: first rendering {first_ms:.1f} ms, {len(content) // 1024} kB")
    timings = bench.repeat(render, runs=max(options["pdf_runs"], 1)) if options["warmup"] else Timings((first_ms,))
    out.figure("acts.approval_sheet_pdf_ms", round(timings.p95, 1), "ms")
    out.figure("acts.approval_sheet_pdf_p50_ms", round(timings.p50, 1), "ms")
