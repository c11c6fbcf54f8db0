"""Benchmark of correspondence: journal list, search, document page, registering one incoming letter.

`python manage.py bench correspondence --documents 200000` seeds the benchmark database (akimat/bench.py)
with N registered documents (about 60% incoming, 25% outgoing, 15% memos over two years) and what goes
with them — correspondents, resolutions with executors, control items of the resolutions with a deadline,
deliveries, attachments, history, a few ДСП documents granted by name — and prints (targets of the issue
at 200,000 documents in brackets):

    correspondence.journal_list_p95_ms (≤ 150)      correspondence.search_p95_ms (≤ 300)
    correspondence.document_page_p95_ms (≤ 150)     correspondence.register_incoming_p95_ms (≤ 100)

plus p50s, per-persona figures and the most queries any measured page ran. The organisation (units,
people, roles) is seeded by the control benchmark's seeder (control/bench.py), in this module's own
benchmark database. Rows are written with COPY (the readers triggers off), then one UPDATE fills the search
vectors (correspondence.search.refresh_all_search_vectors) and the readers. A seeded database is reused as long as the
seed version and the number of documents suit.
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
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from akimat import bench, workdays
from akimat.bench import Output, Timings
from akimat.models import Attachment, HistoryEntry, Journal, OrgUnit, Person, Visa
from akimat.models import Counter as JournalCounter
from akimat.numbering import render_number
from akimat.roles import Role
from control.bench import fill_item_readers
from control.models import ControlExecutor, ControlItem, ControlType, Issuer, SourceKind, Urgency
from correspondence.models import (
    Correspondent,
    Delivery,
    Document,
    Recipient,
    Resolution,
    ResolutionExecutor,
)
from correspondence.search import refresh_all_search_vectors

#: Bump when the seeded data change shape: a benchmark database of another version is seeded again.
SEED_VERSION = "4"
META = "correspondence"
CONTROL_PREFIX = "КД-"  # control numbers of the seeded resolutions, apart from the control benchmark's "К-"
GENERAL_INDEX = "01-12"
TARGETS_MS = {
    "correspondence.journal_list_p95_ms": 150,
    "correspondence.search_p95_ms": 300,
    "correspondence.document_page_p95_ms": 150,
    "correspondence.register_incoming_p95_ms": 100,
}


def add_arguments(parser) -> None:
    parser.add_argument("--documents", type=int, default=200_000, help="Documents to seed (default 200000).")
    parser.add_argument("--requests", type=int, default=40, help="Timed requests per page and persona.")
    parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page and persona first.")
    parser.add_argument("--registrations", type=int, default=40, help="Timed registrations of incoming letters.")
    parser.add_argument("--today", type=datetime.date.fromisoformat, help="The pinned today (YYYY-MM-DD).")
    parser.add_argument("--seed", type=int, default=20260316, help="Random seed of the data.")
    parser.add_argument("--reseed", action="store_true", help="Seed again even if the data could be reused.")
    parser.add_argument("--fresh", action="store_true", help="Drop and re-create the benchmark database first.")
    parser.add_argument(
        "--only", default="", help="Comma-separated subset of: journal, search, document, register (default all)."
    )


def run(options: dict[str, Any], out: Output) -> None:
    """Seed (or reuse) the benchmark database, then measure, printing `name: value unit` lines."""
    with bench.production_like(), bench.bench_database("correspondence", fresh=options["fresh"], out=out):
        today = _prepare(options, out)
        with bench.pinned_clock(today):
            out.note(f"today is {today.isoformat()} (pinned)")
            personas = Personas.load()
            steps: dict[str, Callable[[], None]] = {
                "journal": lambda: measure_journal(personas, today, options, out),
                "search": lambda: measure_search(personas, options, out),
                "document": lambda: measure_document(personas, options, out),
                "register": lambda: measure_registration(personas, options, out),
            }
            bench.run_steps(steps, options["only"])
    bench.verdict(out, TARGETS_MS)


# --- seeding ----------------------------------------------------------------------------------------


def _prepare(options: dict[str, Any], out: Output) -> datetime.date:
    """Reuse the seeded documents when they suit, else seed; returns the pinned today of the data."""
    wanted = options["documents"]
    meta = bench.read_meta(META)
    reusable = bench.seed_suits(meta, options, version=SEED_VERSION, key="documents", wanted=wanted)
    documents = Document.objects.count() if reusable else 0
    if reusable and documents >= wanted:
        today = datetime.date.fromisoformat(meta["today"])
        out.note(f"reusing {documents} seeded documents (seed version {SEED_VERSION})")
        out.figure("correspondence.documents", documents, "count")
        out.figure("correspondence.seed_s", float(meta.get("seed_s", 0.0)), "s")
        return today
    if meta or Document.objects.exists():
        # documents of another seed: start again from an empty database
        out.note("the seeded documents do not suit: emptying the benchmark database")
        bench.reset_database()
    with workdays.pinned() as calendar:
        today = options["today"] or calendar.previous_working_day(timezone.localdate())
    out.note(f"seeding {wanted} documents around {today.isoformat()} ...")
    start = time.perf_counter()
    seeder = Seeder(rng=random.Random(options["seed"]), today=today)
    with bench.pinned_clock(today), transaction.atomic():
        stats = seeder.seed(wanted)
    vectors_start = time.perf_counter()
    bench.analyze()  # without statistics the readers' lookups per document are planned as scans
    fill_item_readers()
    _refresh_vectors_without_index()
    vectors_s = time.perf_counter() - vectors_start
    bench.vacuum_analyze()  # also the dead copy of every document that the UPDATE left behind
    seconds = time.perf_counter() - start
    bench.write_meta(
        META, {"version": SEED_VERSION, "documents": wanted, "today": today.isoformat(), "seed_s": seconds}
    )
    out.note(", ".join(f"{key} {value}" for key, value in stats.items()))
    out.figure("correspondence.documents", Document.objects.count(), "count")
    out.figure("correspondence.search_vectors_s", round(vectors_s, 1), "s")
    out.figure("correspondence.seed_s", round(seconds, 1), "s")
    return today


GIN_INDEXES = ["document_search_idx", "document_readers_idx"]
# the tables whose triggers keep Document.readers (correspondence/migrations/0003_document_readers.py) and
# ControlItem.readers (control/migrations/0007_item_readers.py)
READERS_TABLES = (Document, Delivery, Resolution, ResolutionExecutor, Visa, ControlItem, ControlExecutor)


def _refresh_vectors_without_index() -> None:
    """One UPDATE of every search vector — which also fills the readers, since the document's trigger
    recomputes them on every update — with the GIN indexes built afterwards: maintaining them row by row
    through 200,000 updates takes many times longer than building them once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'correspondence_document'"
            " AND indexname = ANY(%s)",
            [GIN_INDEXES],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {name}")
    refresh_all_search_vectors()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in definitions:
            cursor.execute(definition)


CORRESPONDENT_BODIES = [
    "Управление энергетики и жилищно-коммунального хозяйства", "Управление образования", "Управление здравоохранения",
    "Управление сельского хозяйства", "Управление финансов", "Управление экономики и бюджетного планирования",
    "Управление строительства", "Управление пассажирского транспорта и автомобильных дорог",
    "Управление природных ресурсов", "Управление по чрезвычайным ситуациям", "Департамент полиции",
    "Департамент государственных доходов", "Департамент юстиции", "Прокуратура", "Управление культуры",
    "Управление занятости и социальных программ", "Управление земельных отношений", "Департамент статистики",
]  # fmt: skip
REGIONS = ["Туркестанской области", "Жамбылской области", "Алматинской области", "города Шымкент",
           "Западно-Казахстанской области", "Кызылординской области"]  # fmt: skip
KK_BODIES = ["ауылдық округі әкімінің аппараты", "аудандық білім бөлімі", "аудандық ішкі саясат бөлімі",
             "облыстық денсаулық сақтау басқармасы", "аудандық мәдениет бөлімі"]  # fmt: skip
VILLAGES = ["Ақсу", "Боралдай", "Жамбыл", "Кеңестөбе", "Мыңбұлақ", "Сарыарық", "Алғабас", "Қошқарата"]
CENTRAL = ["Администрация Президента Республики Казахстан", "Канцелярия Премьер-Министра Республики Казахстан",
           "Министерство энергетики Республики Казахстан", "Министерство финансов Республики Казахстан",
           "Министерство просвещения Республики Казахстан", "Аппарат акима Туркестанской области"]  # fmt: skip
COMPANIES = ["ТОО «Жылу Энерго»", "ТОО «Туркестан Су»", "АО «КазТрансГаз Аймак»", "ТОО «Ак Жол Курылыс»",
             "ТОО «Оңтүстік Жарық»", "АО «Казпочта»", "ТОО «Агро Өнім»", "ГКП «Тазалык»"]  # fmt: skip
SURNAMES = ["Абенов", "Байжанова", "Жумабеков", "Касымова", "Нурланов", "Оспанова", "Сейтказиев", "Тулегенова",
            "Ахметов", "Бекмуратова", "Ермеков", "Искакова", "Мукашев", "Рахимова", "Садыков", "Утепова"]  # fmt: skip
INITIALS = ["А.Б.", "Б.К.", "Г.Н.", "Д.С.", "Е.Т.", "Ж.М.", "К.А.", "Л.Р.", "М.Ж.", "Н.О."]
RU_TOPICS = [
    "О подготовке к отопительному сезону", "О ходе ремонта дорог местного значения", "Об обеспечении питьевой водой",
    "О строительстве школы на 300 мест", "О проведении весенне-полевых работ", "О благоустройстве парков и скверов",
    "Об исполнении бюджета района", "О газификации сельских округов", "О трудоустройстве выпускников",
    "О подготовке к паводковому периоду", "О санитарной очистке населённых пунктов", "О выдаче земельных участков",
    "О развитии малого и среднего бизнеса", "О цифровизации государственных услуг", "О профилактике правонарушений",
    "Об обеспечении жильём очередников", "О ремонте объектов культуры", "Об уличном освещении",
    "О рассмотрении обращения жителей", "О реализации программы «Ауыл – Ел бесігі»", "О вакцинации населения",
    "О праздновании Наурыза", "О закупе сельхозтехники", "О сносе аварийного жилья",
    "О мониторинге цен на социально значимые товары", "О предоставлении информации по запросу",
]  # fmt: skip
KK_TOPICS = [
    "Жылу беру маусымына дайындық туралы", "Жергілікті маңызы бар жолдарды жөндеу туралы",
    "Ауыз сумен қамтамасыз ету туралы", "Көктемгі егіс жұмыстарын жүргізу туралы",
    "Аудан бюджетінің атқарылуы туралы", "Тасқын кезеңіне дайындық туралы", "Наурыз мерекесін өткізу туралы",
    "Азаматтардың өтінішін қарау туралы", "Ауылдық округтерді газдандыру туралы", "Көшелерді жарықтандыру туралы",
]  # fmt: skip
DETAILS = ["на 2026 год", "в сельских округах района", "по поручению акима области", "за I квартал",
           "(повторно)", "по итогам проверки", "с приложением плана мероприятий", ""]  # fmt: skip
RESOLUTION_TEXTS = ["Прошу рассмотреть и подготовить ответ.", "Для исполнения и информирования в срок.",
                    "Изучить и внести предложения.", "Қарап, жауап дайындауды сұраймын.", "Свод — отдел финансов.",
                    "Для сведения и руководства в работе."]  # fmt: skip
FILE_STEMS = ["скан", "письмо", "приложение", "акт_проверки", "план_мероприятий", "хат", "қосымша", "справка"]
FILE_TYPES = [(".pdf", "application/pdf"), (".docx", "application/vnd.openxmlformats-officedocument"
              ".wordprocessingml.document"), (".xlsx", "application/vnd.openxmlformats-officedocument"
              ".spreadsheetml.sheet")]  # fmt: skip
SEARCH_TEXTS = ["отопления", "жылу", "полиции", "01-12/345", "345", "школы на 300 мест", "план_мероприятий",
                "ауыз сумен", "Министерство энергетики", "паводков"]  # fmt: skip


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone())


def _next_id(model: type) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max(id), 0) FROM {model._meta.db_table}")
        return cursor.fetchone()[0] + 1


class Seeder:
    """Builds documents and what goes with them as dicts, written with COPY (ids given explicitly)."""

    def __init__(self, *, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.stats: Counter = Counter()

    def seed(self, count: int) -> dict[str, int]:
        with workdays.pinned() as calendar:
            self.calendar = calendar
            self._organisation()
            self._correspondents()
            self._documents(count)
        return dict(self.stats)

    # -- who --

    def _organisation(self) -> None:
        """The organisation of the control benchmark, seeded by its seeder unless already there."""
        if not User.objects.filter(username="bench-akim").exists():
            from control.bench import Seeder as ControlSeeder

            control = ControlSeeder(rng=self.rng, today=self.today)
            control.calendar = self.calendar
            control.seed_org()
        general = OrgUnit.objects.get(function=OrgUnit.Function.GENERAL)
        if not general.nomenclature_index:  # the incoming journal's numbers need it (01-12/345)
            general.nomenclature_index = GENERAL_INDEX
            general.save(update_fields=["nomenclature_index"])
        self.general_index = general.nomenclature_index
        people = list(Person.objects.select_related("unit", "user").exclude(unit=None))
        by_name = {p.user.username: p for p in people}
        self.akim = by_name["bench-akim"]
        self.deputies = [p for key, p in by_name.items() if key.startswith("bench-deputy-")]
        self.head_of_apparatus = by_name["bench-head-of-apparatus"]
        self.registrars = [p for key, p in by_name.items() if key.startswith("bench-general-")]
        self.staff = [p for p in people if p.unit.kind == OrgUnit.Kind.DEPARTMENT and p.unit.function not in
                      {OrgUnit.Function.GENERAL, OrgUnit.Function.ORGANISATIONAL}]  # fmt: skip
        self.rng.shuffle(self.staff)
        # some people are much busier than others
        self.staff_weights = list(_cumulative([1 / (rank + 6) for rank in range(len(self.staff))]))
        self.external_units = list(
            OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.RURAL_AKIM, OrgUnit.Kind.EXECUTING_BODY])
        )
        self.general_unit = general
        self.leaders = [self.akim, self.head_of_apparatus, *self.deputies]

    def _correspondents(self) -> None:
        rng, names = self.rng, set()
        rows: list[tuple[str, str, str]] = []
        for name in CENTRAL:
            rows.append((name, "", Correspondent.Kind.CENTRAL_BODY))
        for body in CORRESPONDENT_BODIES:
            for region in REGIONS:
                rows.append((f"{body} {region}", "", Correspondent.Kind.STATE_BODY))
        for village in VILLAGES:
            for body in KK_BODIES:
                rows.append((f"{village} {body}", "", Correspondent.Kind.STATE_BODY))
        rows += [(name, "", Correspondent.Kind.ORGANISATION) for name in COMPANIES]
        while len(rows) < 2500:
            name = f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)} ({rng.choice(VILLAGES)}, {rng.randint(1, 400)})"
            if name not in names:
                names.add(name)
                rows.append((name, "", Correspondent.Kind.PERSON))
        Correspondent.objects.bulk_create(
            [Correspondent(name=name, short_name=short, kind=kind) for name, short, kind in rows], batch_size=1000
        )
        ids = list(Correspondent.objects.order_by("pk").values_list("pk", "kind"))
        self.bodies = [pk for pk, kind in ids if kind != Correspondent.Kind.PERSON]
        self.persons = [pk for pk, kind in ids if kind == Correspondent.Kind.PERSON]
        self.stats["correspondents"] = len(ids)

    # -- documents --

    def _documents(self, count: int) -> None:  # noqa: C901 - one pass over the documents, in order
        rng, cal, today = self.rng, self.calendar, self.today
        first = today - datetime.timedelta(days=730)
        days = [first + datetime.timedelta(days=i) for i in range((today - first).days + 1)]
        working = [d for d in days if cal.is_working_day(d)]
        registered = sorted(rng.choice(working) for _i in range(count))
        journals = {code: Journal.objects.get(code=code) for code in ("incoming", "outgoing", "internal")}
        self.has_year = {code: any(p in j.number_format for p in ("{year}", "{yy}")) for code, j in journals.items()}
        document_ct = ContentType.objects.get_for_model(Document).pk
        resolution_ct = ContentType.objects.get_for_model(Resolution).pk
        registrar_users = [p.user_id for p in self.registrars]
        seq: Counter = Counter()
        ids = {model: _next_id(model) for model in (ControlItem, ControlExecutor, HistoryEntry, Attachment)}
        docs, recipients, deliveries, resolutions, executors, items, item_executors = [], [], [], [], [], [], []
        attachments, history = [], []
        dsp_ids: list[int] = []
        incoming_ids: list[int] = []
        rec_id = del_id = 0

        def log(
            object_id: int, ct: int, at: datetime.datetime, action: str, actor: int | None, to_state: str = ""
        ) -> None:
            history.append({"id": ids[HistoryEntry] + len(history), "content_type_id": ct, "object_id": object_id,
                            "actor_id": actor, "at": at, "action": action, "to_state": to_state,
                            "data": json.dumps({})})  # fmt: skip

        for doc_id, day in enumerate(registered, start=1):
            kind = rng.choices(["incoming", "outgoing", "internal"], [60, 25, 15])[0]
            seq[(kind, day.year)] += 1
            if kind == "incoming":
                index = self.general_index
            else:
                index = rng.choice(["01-15", "01-20", "01-21", "01-24", "01-30"])
            number = render_number(journals[kind], seq=seq[(kind, day.year)], year=day.year, index=index)
            if day.year != today.year and not self.has_year[kind]:
                # the format has no year, so last year's numbers would repeat this year's, which the unique
                # constraint (kind, number) refuses: earlier years are seeded with "/yy" (see the report)
                number += f"/{day.year % 100:02d}"
            registered_at = _at(day, 9 + doc_id % 8, doc_id % 60)
            registrar = rng.choice(registrar_users)
            topic = rng.choice(KK_TOPICS if rng.random() < 0.3 else RU_TOPICS)
            summary = f"{topic} {rng.choice(DETAILS)}".strip()
            age = (today - day).days
            urgency = rng.choices(["", Urgency.VERY_URGENT, Urgency.URGENT, Urgency.EXPEDITE], [88, 3, 6, 3])[0]
            is_dsp = rng.random() < 0.01
            doc: dict[str, Any] = {
                "id": doc_id, "kind": kind, "number": number, "registered_on": day, "registered_at": registered_at,
                "registered_by_id": registrar, "summary": summary, "urgency": urgency, "is_dsp": is_dsp,
                "created_by_id": registrar, "sheets": rng.randint(1, 12), "attachments_count": rng.randint(0, 3),
                "language": "kk" if topic in KK_TOPICS else "ru", "created_at": registered_at,
            }  # fmt: skip
            if kind == "incoming":
                incoming_ids.append(doc_id)
                person_letter = rng.random() < 0.15
                correspondent = rng.choice(self.persons if person_letter else self.bodies)
                addressee = rng.choices(["akim", "deputy_akim", "head_of_apparatus", "apparatus"], [40, 35, 10, 15])[0]
                addressee_person = (self.akim if addressee == "akim" else rng.choice(self.deputies)
                                    if addressee == "deputy_akim" else self.head_of_apparatus)  # fmt: skip
                their_date = day - datetime.timedelta(days=rng.randint(0, 6))
                doc |= {
                    "correspondent_id": correspondent, "their_number": f"{rng.randint(1, 40)}-{rng.randint(1, 9)}/"
                    f"{rng.randint(1, 3000)}", "their_date": their_date, "addressee": addressee,
                    "addressee_person_id": addressee_person.pk, "received_at": registered_at - datetime.timedelta(
                        minutes=rng.randint(5, 90)), "registration_due": day, "signatory": f"{rng.choice(SURNAMES)} "
                    f"{rng.choice(INITIALS)}", "signatory_position": "руководитель", "channel": rng.choice(
                        ["edms", "edms", "edms", "post", "email", "courier", "in_person"]),
                }  # fmt: skip
                del_id += 1
                deliveries.append({
                    "id": del_id, "document_id": doc_id, "person_id": addressee_person.pk, "is_copy": False,
                    "sent_at": registered_at + datetime.timedelta(minutes=20), "due_by": cal.next_working_day(day,
                    include_self=False), "received_at": registered_at + datetime.timedelta(hours=1) if age > 1 or
                    rng.random() < 0.7 else None, "opened_at": registered_at + datetime.timedelta(hours=2) if age > 1
                    else None,
                })  # fmt: skip
                log(doc_id, document_ct, registered_at, "registered", registrar, to_state="registered")
                log(doc_id, document_ct, registered_at, "routed", registrar)
                status = self._resolve(doc, addressee_person, registered_at, age, resolutions, executors, items,
                                       item_executors, ids, resolution_ct, log, document_ct)  # fmt: skip
                doc["status"] = status
            elif kind == "outgoing":
                author = rng.choices(self.staff, cum_weights=self.staff_weights)[0]
                doc |= {"status": "dispatched", "author_id": author.pk, "signer_id": rng.choice(self.leaders).pk,
                        "signed_at": registered_at - datetime.timedelta(hours=3), "dispatch_channel": "edms",
                        "dispatched_on": day, "checked_by_id": registrar, "checked_at": registered_at,
                        "summary": f"{summary} (ответ)" if rng.random() < 0.5 else summary}  # fmt: skip
                if incoming_ids and rng.random() < 0.5:
                    doc["answers_id"] = rng.choice(incoming_ids[-2000:])
                for position, correspondent in enumerate(rng.sample(self.bodies, rng.randint(1, 3))):
                    rec_id += 1
                    recipients.append({"id": rec_id, "document_id": doc_id, "correspondent_id": correspondent,
                                       "position": position})  # fmt: skip
                log(doc_id, document_ct, registered_at, "registered", registrar, to_state="dispatched")
            else:
                author = rng.choices(self.staff, cum_weights=self.staff_weights)[0]
                doc |= {"status": rng.choice(["registered", "in_work", "executed", "for_information"]),
                        "author_id": author.pk, "signer_id": author.unit.head_id or author.pk,
                        "signed_at": registered_at - datetime.timedelta(hours=1), "addressee": "head_of_apparatus",
                        "addressee_person_id": self.head_of_apparatus.pk}  # fmt: skip
                log(doc_id, document_ct, registered_at, "registered", registrar, to_state="registered")
            for _n in range(rng.choices([0, 1, 2, 3], [15, 50, 25, 10])[0]):
                stem = rng.choice(FILE_STEMS)
                suffix, mime = rng.choice(FILE_TYPES)
                name = f"{stem}_{number.replace('/', '-')}{suffix}" if rng.random() < 0.5 else f"{stem}{suffix}"
                attachments.append({
                    "id": ids[Attachment] + len(attachments), "content_type_id": document_ct, "object_id": doc_id,
                    "file": f"attachments/bench/{doc_id}-{len(attachments)}{suffix}", "original_name": name,
                    "size": rng.randint(20_000, 4_000_000), "mime_type": mime, "sha256": f"{doc_id:064x}",
                    "uploaded_by_id": registrar, "uploaded_at": registered_at,
                })  # fmt: skip
            if is_dsp:
                dsp_ids.append(doc_id)
            docs.append(doc)

        seeded = {
            Document: docs, Recipient: recipients, Delivery: deliveries, ControlItem: items,
            ControlExecutor: item_executors, Resolution: resolutions, ResolutionExecutor: executors,
            Attachment: attachments, HistoryEntry: history,
        }  # fmt: skip
        # the readers triggers would rewrite a document (an item) for every delivery, resolution and executor
        # loaded: off while loading; the UPDATEs of _prepare() fill the readers afterwards
        with bench.triggers_off(*READERS_TABLES):
            for model, rows in seeded.items():
                bench.copy_models(model, rows)
        bench.reset_sequences(*(model._meta.db_table for model in seeded))
        self._counters(journals, seq)
        self._grants(dsp_ids)
        self.stats.update({
            "documents": len(docs), "incoming": len(incoming_ids), "resolutions": len(resolutions),
            "control_items": len(items), "deliveries": len(deliveries), "attachments": len(attachments),
            "history": len(history), "dsp": len(dsp_ids),
        })  # fmt: skip

    def _resolve(self, doc, addressee, registered_at, age, resolutions, executors, items, item_executors, ids,
                 resolution_ct, log, document_ct) -> str:  # fmt: skip
        """Resolutions of an incoming letter: the addressee's, sometimes one more under it; control on a deadline."""
        rng, cal = self.rng, self.calendar
        if rng.random() < 0.2 or age < 1:
            return "on_resolution" if age < 3 else "for_information"
        parent_id = None
        status = "in_work"
        for level in range(2 if rng.random() < 0.3 else 1):
            res_id = len(resolutions) + 1
            author = addressee if level == 0 else rng.choice(self.deputies)
            created = registered_at + datetime.timedelta(hours=3 + level * 20)
            with_deadline = rng.random() < 0.6
            deadline = cal.add_working_days(doc["registered_on"], rng.choice([3, 5, 10, 15, 22])) if with_deadline \
                else None  # fmt: skip
            resolution = {"id": res_id, "document_id": doc["id"], "parent_id": parent_id, "author_id": author.pk,
                          "entered_by_id": doc["registered_by_id"], "on_paper": rng.random() < 0.2,
                          "text": rng.choice(RESOLUTION_TEXTS), "deadline": deadline, "urgency": doc["urgency"],
                          "created_at": created, "control_item_id": None}  # fmt: skip
            chosen: list[Any] = []
            for _n in range(rng.choices([1, 2, 3], [50, 35, 15])[0]):
                pick = (rng.choices(self.staff, cum_weights=self.staff_weights)[0] if rng.random() < 0.85
                        else rng.choice(self.external_units))  # fmt: skip
                if pick not in chosen:
                    chosen.append(pick)
            for position, executor in enumerate(chosen):
                is_unit = isinstance(executor, OrgUnit)
                executors.append({"id": len(executors) + 1, "resolution_id": res_id, "document_id": doc["id"],
                                  "person_id": None if is_unit else executor.pk,
                                  "unit_id": executor.pk if is_unit else None, "is_lead": position == 0,
                                  "position": position, "acknowledged_at": created + datetime.timedelta(hours=2)
                                  if rng.random() < 0.8 else None})  # fmt: skip
            if deadline is not None:
                item_id = ids[ControlItem] + len(items)
                done = deadline < self.today and rng.random() < 0.75 or rng.random() < 0.2
                status_item = (ControlItem.Status.REMOVED if done and rng.random() < 0.7 else
                               ControlItem.Status.REPORTED if done else ControlItem.Status.ON_CONTROL)  # fmt: skip
                items.append({
                    "id": item_id, "number": f"{CONTROL_PREFIX}{item_id}", "source_kind": SourceKind.INCOMING,
                    "source_type_id": resolution_ct, "source_id": res_id,
                    "source_label": f"№ {doc['number']} {doc['registered_on']:%d.%m.%Y}, {author.full_name}",
                    "given_on": doc["registered_on"], "received_on": doc["registered_on"],
                    "issuer": Issuer.AKIM if author == self.akim else Issuer.DEPUTY_AKIM, "issuer_person_id": author.pk,
                    "text": resolution["text"], "controller_id": self.general_unit.pk, "urgency": doc["urgency"],
                    "control_type": ControlType.URGENT if doc["urgency"] else ControlType.SHORT_TERM,
                    "deadline": deadline, "deadline_basis": ControlItem.DeadlineBasis.FIXED, "fixed_date": deadline,
                    "status": status_item, "removed_on": deadline if status_item == ControlItem.Status.REMOVED
                    else None, "created_by_id": doc["registered_by_id"], "created_at": created,
                })  # fmt: skip
                for position, executor in enumerate(chosen):
                    is_unit = isinstance(executor, OrgUnit)
                    item_executors.append({"id": ids[ControlExecutor] + len(item_executors), "item_id": item_id,
                                           "person_id": None if is_unit else executor.pk,
                                           "unit_id": executor.pk if is_unit else None, "is_lead": position == 0,
                                           "position": position})  # fmt: skip
                resolution["control_item_id"] = item_id
                if status_item == ControlItem.Status.REMOVED:
                    status = "executed"
            resolutions.append(resolution)
            log(doc["id"], document_ct, created, "resolution", doc["registered_by_id"])
            parent_id = res_id
        return status

    def _counters(self, journals: dict[str, Journal], seq: Counter) -> None:
        """The journals' counters go on after the seeded numbers, so that a registration gets a new one."""
        JournalCounter.objects.filter(journal__in=journals.values()).delete()
        JournalCounter.objects.bulk_create(
            [JournalCounter(journal=journals[kind], year=year, last_value=value) for (kind, year), value in seq.items()]
        )

    def _grants(self, dsp_ids: list[int]) -> None:
        """ДСП documents granted by name: half of them to the first registrar, each to its executors' heads."""
        permission = Permission.objects.get(codename="view_document", content_type__app_label="correspondence")
        ct = ContentType.objects.get_for_model(Document)
        registrar = self.registrars[0].user_id
        rows = [
            UserObjectPermission(user_id=registrar, permission=permission, content_type=ct, object_pk=str(pk))
            for pk in dsp_ids[::2]
        ]
        UserObjectPermission.objects.bulk_create(rows, batch_size=1000)
        self.stats["dsp_grants"] = len(rows)


def _cumulative(weights: list[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


# --- personas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured for: a registrar (sees all), a deputy, a department head, an executor."""

    registrar: User
    deputy: User
    department_head: User
    executor: User
    executor_person: Person

    @classmethod
    def load(cls) -> Personas:
        registrar = User.objects.get(username="bench-general-0")
        deputy = User.objects.get(username="bench-deputy-0")
        busiest = (
            ResolutionExecutor.objects.filter(person__user__groups__name=Role.EXECUTOR)
            .values("person")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        executor_person = Person.objects.select_related("user", "unit__head__user").get(pk=busiest[0]["person"])
        return cls(registrar, deputy, executor_person.unit.head.user, executor_person.user, executor_person)

    def all(self) -> list[tuple[str, User]]:
        return [
            ("registrar", self.registrar),
            ("deputy", self.deputy),
            ("department_head", self.department_head),
            ("executor", self.executor),
        ]


# --- measurements -----------------------------------------------------------------------------------


def _measure(
    name: str, requests: dict[str, list[tuple[str, dict[str, str]]]], personas: Personas, options, out: Output
) -> None:
    """Time GETs for each persona cycling through its (url, params); print p50/p95 and the most queries."""
    total = Timings(())
    most_queries = 0
    for label, user in personas.all():
        variants = requests[label]
        if not variants:
            continue
        client = bench.signed_in_client(user)
        timings = bench.repeat(
            lambda i, client=client, variants=variants: bench.get_ok(client, *variants[i % len(variants)]),
            runs=options["requests"],
            warmup=options["warmup"],
        )
        queries = []
        for url, params in variants[:12]:
            with CaptureQueriesContext(connection) as captured:
                bench.get_ok(client, url, params)
            queries.append(len(captured))
        most_queries = max(most_queries, *queries)
        total += timings
        out.figure(f"correspondence.{name}.{label}_p95_ms", round(timings.p95, 1), "ms")
        out.note(f"{name} as {label} ({user.username}): p50 {timings.p50:.1f} ms, queries {queries}")
    out.figure(f"correspondence.{name}_p50_ms", round(total.p50, 1), "ms")
    out.figure(f"correspondence.{name}_p95_ms", round(total.p95, 1), "ms")
    out.figure(f"correspondence.{name}_queries", most_queries, "count")


def measure_journal(personas: Personas, today: datetime.date, options, out: Output) -> None:
    """The three journals with the filters and sorts people use, including deep pages."""
    month_ago = (today - datetime.timedelta(days=30)).isoformat()
    incoming = reverse("correspondence:journal", args=["incoming"])
    common = [
        (incoming, {}),
        (incoming, {"page": "5"}),
        (incoming, {"sort": "correspondent"}),
        (incoming, {"sort": "-number"}),
        (incoming, {"on_control": "on"}),
        (incoming, {"overdue": "on"}),
        (incoming, {"registered_from": month_ago, "status": "in_work"}),
        (incoming, {"correspondent": "полиции"}),
        (incoming, {"urgency": "urgent", "sort": "status"}),
        (reverse("correspondence:journal", args=["outgoing"]), {}),
        (reverse("correspondence:journal", args=["internal"]), {"sort": "date"}),
    ]
    executor = [(incoming, {"executor": f"person:{personas.executor_person.pk}"})]
    requests = {label: [*common, *(executor if label != "executor" else [])] for label, _u in personas.all()}
    _measure("journal_list", requests, personas, options, out)


def measure_search(personas: Personas, options, out: Output) -> None:
    incoming = reverse("correspondence:journal", args=["incoming"])
    outgoing = reverse("correspondence:journal", args=["outgoing"])
    variants = [(incoming, {"q": text}) for text in SEARCH_TEXTS] + [(outgoing, {"q": "министерство энергетики"})]
    _measure("search", {label: variants for label, _u in personas.all()}, personas, options, out)


def measure_document(personas: Personas, options, out: Output) -> None:
    """Pages of documents each persona may see: with resolutions, control, files, answers."""
    from correspondence.access import visible_documents

    requests: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for label, user in personas.all():
        with_resolutions = Resolution.objects.filter(parent__isnull=False).values("document_id")
        ids = list(
            visible_documents(user, Document.objects.filter(pk__in=with_resolutions))
            .order_by("-pk")
            .values_list("pk", flat=True)[:200:10]
        )
        ids += list(
            visible_documents(user, Document.objects.outgoing()).order_by("-pk").values_list("pk", flat=True)[:5]
        )
        requests[label] = [(reverse("correspondence:document", args=[pk]), {}) for pk in ids]
    _measure("document_page", requests, personas, options, out)


def measure_registration(personas: Personas, options, out: Output) -> None:
    """receive_incoming() for a registrar inside the window: numbered, routed, history, search vector.

    Each registration runs in a transaction that is rolled back afterwards (the number returns to the
    counter and notifications are never sent), so runs do not change the seeded data; the commit
    itself is therefore not in the figure.
    """
    from correspondence.services import registration

    rng = random.Random(7)
    bodies = list(Correspondent.objects.exclude(kind=Correspondent.Kind.PERSON).order_by("pk")[:300])
    deputies = list(Person.objects.filter(user__username__startswith="bench-deputy-"))
    departments = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT, head__isnull=False))
    user = personas.registrar
    now = timezone.now()
    window_start, window_end = registration.registration_window()
    if not (window_start <= timezone.localtime(now).time() < window_end):
        out.note("the pinned clock is outside the registration window: letters are queued, not registered")

    def register(index: int) -> None:
        with transaction.atomic():
            registration.receive_incoming(
                actor=user,
                correspondent=rng.choice(bodies),
                summary=f"{rng.choice(RU_TOPICS)} (bench {index})",
                # the seeded letters share these topics: the likely-duplicate check runs and is timed, the
                # registrar having confirmed that it is another letter (issue #12 §5)
                duplicate_confirmed=True,
                received_at=timezone.now() - datetime.timedelta(minutes=5),
                # the three routes of 003 §9.11: the akim, a deputy by name, the apparatus by competence
                **rng.choice(
                    [
                        {"addressee": "akim"},
                        {"addressee": "deputy_akim", "addressee_person": rng.choice(deputies)},
                        {"addressee": "apparatus", "competent_unit": rng.choice(departments)},
                    ]
                ),
                their_number=f"{rng.randint(1, 40)}-{rng.randint(1, 9)}/{rng.randint(1, 3000)}",
                their_date=timezone.localdate() - datetime.timedelta(days=2),
                signatory="Бекмуратова Б.К.",
                signatory_position="руководитель",
                channel="edms",
                sheets=3,
            )
            transaction.set_rollback(True)

    timings = bench.repeat(register, runs=options["registrations"], warmup=2)
    with CaptureQueriesContext(connection) as captured:
        register(-1)
    out.figure("correspondence.register_incoming_p50_ms", round(timings.p50, 1), "ms")
    out.figure("correspondence.register_incoming_p95_ms", round(timings.p95, 1), "ms")
    out.figure("correspondence.register_incoming_queries", len(captured), "count")
