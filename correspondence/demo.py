"""Demo documents for `seed_demo`: the last weeks of the Baidibek apparatus, replayed through the services.

Every letter, resolution, control item, report, extension, removal, return, outgoing answer and memo is
made by the service a person would have used (correspondence.services.*, control.services), so numbers,
history, access grants (ДСП) and notifications are the ones the product makes. What happened on a past
day is replayed on that day: each step of a story runs with Django's clock (django.utils.timezone.now,
which every service reads — directly or through akimat.workdays.today) set to the moment the step took
place, and nothing is replayed after the real moment of the run. Steps run in time order across all
stories, so each journal's numbers follow the registration dates without a gap.

The stories are laid out relative to today through the working-day calendar, so every demo login opens
onto work in each state: letters waiting for the akim's resolution, a registration queue, instructions
green, yellow, red and executed, extensions asked, granted and refused, removals proposed and decided,
ДСП letters granted by name, returns, answers on approval and dispatched.

Idempotent: the demo's letters are present once the demo registrar has registered one (the marker); a
second run then adds nothing.
"""

from __future__ import annotations

import datetime
import heapq
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from akimat import workdays
from akimat.management.commands.seed_demo import SeedContext
from akimat.models import Notification, OrgUnit, Person, Visa
from control import access as control_access
from control import reminders
from control import services as control
from control.models import ControlItem, ExtensionRequest, RemovalProposal, Urgency
from correspondence.models import Correspondent, Document
from correspondence.services import outgoing, registration, workflow

#: how far back the replayed past reaches, in working days before today
PAST_WORKING_DAYS = 35
#: the daily reminder scan is replayed for the last working days only (older reminders would all be read)
REMINDER_DAYS = 10
RANDOM_SEED = 20260318
MARKER_USERNAME = "registrar"  # the demo's letters are the ones its registrar registered

# --- the correspondents -------------------------------------------------------------------------------

CK = Correspondent.Kind
CORRESPONDENTS: list[tuple[str, str, str]] = [
    # (kind, name, short name)
    (CK.CENTRAL_BODY, "Администрация Президента Республики Казахстан", "Администрация Президента РК"),
    (CK.CENTRAL_BODY, "Аппарат Правительства Республики Казахстан", "Аппарат Правительства РК"),
    (CK.CENTRAL_BODY, "Түркістан облысы әкімінің аппараты", "Облыс әкімінің аппараты"),
    (CK.CENTRAL_BODY, "Министерство энергетики Республики Казахстан", "Минэнерго РК"),
    (CK.STATE_BODY, "Управление образования Туркестанской области", "УО Туркестанской области"),
    (CK.STATE_BODY, "Управление здравоохранения Туркестанской области", "УЗ Туркестанской области"),
    (CK.STATE_BODY, "Түркістан облысының ауыл шаруашылығы басқармасы", "Облыстық АШБ"),
    (CK.STATE_BODY, "Управление финансов Туркестанской области", "УФ Туркестанской области"),
    (CK.STATE_BODY, "Департамент государственных доходов по Туркестанской области", "ДГД"),
    (CK.STATE_BODY, "Бәйдібек аудандық прокуратурасы", "Аудандық прокуратура"),
    (CK.STATE_BODY, "Департамент по чрезвычайным ситуациям Туркестанской области", "ДЧС"),
    (CK.STATE_BODY, "Түркістан облысының құрылыс басқармасы", "Облыстық құрылыс басқармасы"),
    (CK.ORGANISATION, "ТОО «Түркістан Су»", ""),
    (CK.ORGANISATION, "АО «КазТрансГаз Аймак»", ""),
    (CK.ORGANISATION, "ТОО «Оңтүстік Жарық Транзит»", ""),
    (CK.ORGANISATION, "ГКП «Тазалық»", ""),
    (CK.PERSON, "Абенов Ерлан Бекұлы", ""),
    (CK.PERSON, "Касымова Гүлнар Сейітқызы", ""),
]

TOPICS_KK = [
    "Жылыту маусымына дайындық туралы",
    "Жергілікті маңызы бар жолдарды жөндеу барысы туралы",
    "Ауыл тұрғындарын ауыз сумен қамтамасыз ету туралы",
    "Көктемгі дала жұмыстарын өткізу туралы",
    "Елді мекендерді көгалдандыру туралы",
    "Су тасқыны кезеңіне дайындық туралы",
    "Түлектерді жұмысқа орналастыру туралы",
    "Мемлекеттік қызметтерді цифрландыру туралы",
    "Ауылдық округтерді газдандыру туралы",
    "Мектеп жанындағы спорт алаңдарын салу туралы",
]
TOPICS_RU = [
    "О ходе исполнения бюджета района за текущий квартал",
    "О строительстве школы на 300 мест в с. Шаян",
    "О санитарной очистке населённых пунктов",
    "О выдаче земельных участков под ИЖС",
    "О развитии малого и среднего бизнеса",
    "Об обеспечении жильём очередников",
    "О ремонте объектов культуры",
    "Об уличном освещении сельских округов",
    "О профилактике правонарушений среди несовершеннолетних",
    "О представлении информации по государственным закупкам",
    "О мерах по снижению тарифов на коммунальные услуги",
    "О подготовке к отчётной встрече акима с населением",
    "О капитальном ремонте Дома культуры в с. Жанатурмыс",
    "О вакцинации сельскохозяйственных животных",
    "О предупреждении лесных и степных пожаров",
    "О ходе реализации программы «Ауыл – Ел бесігі»",
]
# summaries of the registration queue and the returns, apart from the journal's topics
QUEUE_TOPICS = [
    "О проведении республиканского субботника",
    "О графике приёма граждан руководителями областных управлений",
    "Об участии в областном семинаре по электронному документообороту",
]
RESOLUTION_TEXTS = [
    "Для исполнения. Подготовить ответ в установленный срок.",
    "Рассмотреть и внести предложения.",
    "Орындау үшін. Жауап дайындауды сұраймын.",
    "Қарап, ұсыныс енгізілсін.",
    "Взять на контроль, обеспечить исполнение.",
]
TOPICS = [*(("kk", topic) for topic in TOPICS_KK), *(("ru", topic) for topic in TOPICS_RU)]
FOR_INFORMATION_TEXTS = ["Принять к сведению.", "Назарға алынсын."]
REPORT_TEXTS = [
    "Ответ направлен в установленный срок, вопрос решён.",
    "Жұмыс жүргізілді, жауап жолданды.",
    "Информация подготовлена и представлена, мероприятия выполнены.",
]


RETURN_REASON = "Письмо подписано исполняющим обязанности, копия приказа о возложении обязанностей не приложена."

# --- the clock --------------------------------------------------------------------------------------


@contextmanager
def clock_at(moment: datetime.datetime) -> Iterator[None]:
    """Run the services as at `moment`: django.utils.timezone.now (and so localdate and workdays.today) say it."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def local_moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """`day` at hh:mm in the project's time zone."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


STEP = datetime.timedelta(minutes=7)

# A story is a generator: it yields the moment of its next step, and the step runs when it is resumed.
Story = Iterator[datetime.datetime]


class Timeline:
    """Runs stories step by step in time order, each step under the clock of its moment, up to `now`."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now
        self._queue: list[tuple[datetime.datetime, int, Story]] = []
        self._order = 0

    def add(self, story: Story) -> None:
        self._schedule(story)

    def _schedule(self, story: Story, previous: datetime.datetime | None = None) -> None:
        try:
            moment = next(story)
        except StopIteration:
            return
        if previous is not None and moment <= previous:
            moment = previous + STEP  # a story's steps follow one another, even when planned for the same hour
        if moment > self.now:
            story.close()  # the rest of this story has not happened yet
            return
        self._order += 1
        heapq.heappush(self._queue, (moment, self._order, story))

    def run(self) -> None:
        while self._queue:
            moment, _order, story = heapq.heappop(self._queue)
            with clock_at(moment):
                self._schedule(story, moment)

    def replay(self, stories: Iterable[Story], *, read_before: datetime.datetime) -> int:
        """Run the stories; the notifications they made are marked as e-mailed (the replayed past was mailed when
        it happened: a demo does not send weeks of mail at once), and those made before `read_before` as read
        within the hour (the recent ones stay unread: opening one is the reader's act, which no service records).
        Returns how many notifications the stories made."""
        started = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for story in stories:
            self.add(story)
        self.run()
        seeded = Notification.objects.filter(pk__gt=started)
        seeded.update(email_sent_at=timezone.now())
        seeded.filter(created_at__lt=read_before).update(read_at=F("created_at") + datetime.timedelta(hours=1))
        return seeded.count()


# --- the cast ---------------------------------------------------------------------------------------


@dataclass
class Cast:
    """The demo people and units the stories use, found by the keys of seed_demo."""

    people: dict[str, Person]
    units: dict[str, OrgUnit]

    def user(self, key: str) -> User:
        return self.people[key].user

    def executor_user(self, executor: Person | OrgUnit) -> User:
        """Who acts for an executor: the person, or the head of an executing body."""
        return executor.user if isinstance(executor, Person) else executor.head.user


# the leadership member who writes the resolution, and the executors they give work to
POOLS: dict[str, list[str]] = {
    "akim": ["finance.executor", "economy.head", "org.head", "@education", "@construction", "@housing", "@shayan"],
    "deputy.social": ["@education", "@health", "appeals.head"],
    "deputy.economy": ["finance.executor", "finance.head", "economy.head", "@agriculture"],
    "deputy.infra": ["@construction", "@housing", "@shayan", "@zhanaturmys", "@akbastau"],
    "apparatus.head": ["org.head", "legal", "appeals.head", "finance.executor"],
}


def executor_of(cast: Cast, key: str) -> Person | OrgUnit:
    return cast.units[key[1:]] if key.startswith("@") else cast.people[key]


# --- helpers ----------------------------------------------------------------------------------------


class Days:
    """The working days of the replayed past, counted from today (0) backwards and forwards."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.last = workdays.previous_working_day(today)  # today itself, when it is a working day

    def back(self, n: int) -> datetime.date:
        return workdays.subtract_working_days(self.last, n) if n else self.last

    def after(self, day: datetime.date, n: int) -> datetime.date:
        return workdays.add_working_days(day, n)

    def before(self, day: datetime.date, n: int) -> datetime.date:
        return workdays.subtract_working_days(day, n)


@dataclass
class Plan:
    """What happens to one incoming letter: the shape of its story."""

    received: datetime.datetime
    correspondent: Correspondent
    summary: str
    language: str
    resolver: str
    executors: list[str]
    resolve_after: int = 1  # working days from registration to the resolution; None-like -1: not yet
    term: int = 10  # working days from the resolution to the deadline; 0: for information
    urgency: str = ""
    is_dsp: bool = False
    outcome: str = "open"  # open, executed, proposed, removed, overdue, late
    extension: str = ""  # "", pending, granted, refused
    co_part: bool = True
    answer: bool = False
    their_number: int = 0


OUTCOMES = ("executed", "removed", "open", "overdue", "proposed", "late", "removed", "open")


class DemoSeeder:
    def __init__(self, ctx: SeedContext, now: datetime.datetime) -> None:
        self.ctx = ctx
        self.now = now
        self.today = timezone.localdate(now)
        self.days = Days(self.today)
        self.rng = random.Random(RANDOM_SEED)
        self.cast = Cast(people=ctx.people, units=ctx.units)
        self.registrar = self.cast.user("registrar")
        self.correspondents = self._correspondents()
        self.timeline = Timeline(now)
        self.extensions = 0

    # -- directory

    def _correspondents(self) -> list[Correspondent]:
        found = []
        for kind, name, short_name in CORRESPONDENTS:
            correspondent, created = Correspondent.objects.get_or_create(
                name=name, bin_iin="", defaults={"kind": kind, "short_name": short_name}
            )
            self.ctx.record(_("Correspondents"), created=created)
            found.append(correspondent)
        return found

    # -- plans

    def plans(self) -> list[Plan]:
        """The incoming letters of the replayed past, one plan each, oldest first."""
        plans: list[Plan] = []
        for back in range(PAST_WORKING_DAYS, -1, -1):
            day = self.days.back(back)
            for slot in range(self.rng.choice((3, 3, 4, 5))):
                received = local_moment(day, (9, 10, 12, 14, 16)[slot], self.rng.randrange(0, 50, 5))
                plans.append(self._plan(received, back, len(plans)))
        return plans

    def _plan(self, received: datetime.datetime, back: int, number: int) -> Plan:
        rng = self.rng
        correspondent = rng.choice(self.correspondents)
        # the topics in turn: one comes back after every other, never within the days in which the same
        # summary would be a likely duplicate (correspondence.services.registration.likely_duplicates)
        language, summary = TOPICS[number % len(TOPICS)]
        outcome = OUTCOMES[number % len(OUTCOMES)]
        resolver = rng.choice(
            ("akim", "akim", "akim", "deputy.social", "deputy.economy", "deputy.infra", "apparatus.head")
        )
        pool = POOLS[resolver]
        executors = rng.sample(pool, k=rng.choice((1, 2, 2, 3)))
        plan = Plan(
            received=received,
            correspondent=correspondent,
            summary=summary,
            language=language,
            resolver=resolver,
            executors=executors,
            resolve_after=rng.choice((0, 1, 1, 2)),
            term=rng.choice((0, 5, 10, 10, 15, 20, 22)),
            is_dsp=rng.random() < 0.07,
            outcome=outcome,
            co_part=rng.random() < 0.7,
            their_number=100 + number,
        )
        if rng.random() < 0.08:
            plan.urgency, plan.term = Urgency.URGENT, 0
        # letters of the last two working days mostly still wait for the resolution
        if back <= 1 and rng.random() < 0.7:
            plan.resolve_after = 99
        # (not on a ДСП letter: its deciders are not all granted it by name)
        if plan.term and not plan.is_dsp and outcome in ("open", "overdue") and rng.random() < 0.5:
            # in turn, so that each kind of decision is there however short the replayed past
            plan.extension = ("refused", "granted", "pending")[self.extensions % 3]
            self.extensions += 1
        lead_is_person = isinstance(executor_of(self.cast, executors[0]), Person)
        plan.answer = outcome in ("executed", "proposed", "removed") and lead_is_person
        return plan

    # -- stories

    def incoming(self, plan: Plan) -> Story:
        """A letter from receipt to removal from control, as far as the plan and today allow."""
        cast, days = self.cast, self.days
        yield plan.received
        resolver = cast.people[plan.resolver]
        addressee, addressee_person = {
            "akim": (Document.Addressee.AKIM, None),
            "apparatus.head": (Document.Addressee.HEAD_OF_APPARATUS, resolver),
        }.get(plan.resolver, (Document.Addressee.DEPUTY, resolver))
        document = registration.receive_incoming(
            actor=self.registrar,
            correspondent=plan.correspondent,
            summary=plan.summary,
            received_at=plan.received,
            addressee=addressee,
            addressee_person=addressee_person,
            their_number=f"{plan.received:%m}-{plan.their_number}",
            their_date=workdays.previous_working_day(plan.received.date(), include_self=False),
            duplicate_confirmed=True,  # demo letters share topics: each is another letter (issue #12 §5)
            signatory="Бірінші басшы / Первый руководитель",
            channel=self.rng.choice(Document.Channel.values),
            language=plan.language,
            sheets=self.rng.randint(1, 6),
            urgency=plan.urgency,
            is_dsp=plan.is_dsp,
        )
        self.ctx.record(_("Incoming documents"), created=True)
        registered = document.registered_on or plan.received.date()

        resolved_on = days.after(registered, plan.resolve_after) if plan.resolve_after < 99 else None
        if resolved_on is None:
            return
        yield local_moment(resolved_on, 11, self.rng.randrange(0, 50, 10))
        registration.mark_opened(document, resolver.user)
        executors = [executor_of(cast, key) for key in plan.executors]
        for_information = not plan.term and not plan.urgency
        deadline = days.after(resolved_on, plan.term) if plan.term else None
        resolution = workflow.issue_resolution(
            document,
            actor=resolver.user,
            text=self.rng.choice(FOR_INFORMATION_TEXTS if for_information else RESOLUTION_TEXTS),
            executors=executors,
            deadline=deadline,
            urgency=plan.urgency,
            for_information=for_information,
        )
        item = resolution.control_item
        if item is None:
            return
        deadline = item.deadline
        lead_user = cast.executor_user(executors[0])

        # a co-executor gives their part to the lead (003 §12.13)
        co_row = item.executors.filter(is_lead=False).select_related("person__user", "unit__head__user").first()
        if co_row is not None and plan.co_part and co_row.report_due:
            yield local_moment(max(co_row.report_due, resolved_on), 15)
            co_user = co_row.person.user if co_row.person_id else co_row.unit.head.user
            control.submit_co_executor_part(item, actor=co_user, text=self.rng.choice(REPORT_TEXTS))

        if plan.extension:
            # a request still waiting is asked early; one decided, 4 working days before the deadline (§12.6)
            waits = plan.extension == "pending" and deadline >= self.today
            asked_on = days.after(resolved_on, 1) if waits else max(days.before(deadline, 4), resolved_on)
            yield local_moment(asked_on, 10)
            request = self._ask_extension(item, lead_user, deadline)
            if request is not None and not waits:
                yield local_moment(days.after(asked_on, 1), 12)
                decider = cast.user("akim" if plan.resolver == "akim" else "apparatus.head")
                control.decide_extension(
                    request,
                    actor=decider,
                    approve=plan.extension != "refused",
                    comment=""
                    if plan.extension == "granted"
                    else "Срок установлен законодательством, продление невозможно.",
                )
                item.refresh_from_db()
                deadline = item.deadline

        if plan.outcome == "overdue" or (plan.outcome == "open" and deadline >= self.today):
            return  # runs on past its deadline (red), or towards it (green, yellow)
        outcome = "removed" if plan.outcome == "open" else plan.outcome
        # executed on time: a few days before the deadline; late: a few days after it
        if outcome == "late":
            reported_on = days.after(deadline, self.rng.randint(1, 3))
        else:
            reported_on = max(days.before(deadline, self.rng.randint(0, 3)), resolved_on)
        answer = None
        if plan.answer:
            answer = yield from self.answer(document, executors[0], resolver, reported_on)
        yield local_moment(reported_on, 16, 30)
        self._report(item, document, lead_user, answer)

        # a ДСП letter's instruction stays reported: the curator who agrees the memo is not granted it by name
        if outcome == "executed" or plan.is_dsp:
            return  # report submitted, awaiting the removal memo
        proposed_on = days.after(reported_on, 1)
        yield local_moment(proposed_on, 10, 30)
        proposal = self._propose_removal(item)
        if outcome == "proposed":
            return  # the memo waits for the curator's agreement, or for the decision
        yield local_moment(proposed_on, 15, 20)
        self._agree_removal(proposal)
        yield local_moment(days.after(proposed_on, 1), 9, 30)
        decider = (
            resolver.user
            if plan.resolver.startswith("deputy")
            else cast.user("akim" if plan.resolver == "akim" else "apparatus.head")
        )
        control.decide_removal(proposal, actor=decider, approve=True)
        self.ctx.record(_("Instructions removed from control"), created=True)

    def _ask_extension(self, item: ControlItem, lead_user: User, deadline: datetime.date) -> ExtensionRequest | None:
        item.refresh_from_db()
        if item.status != ControlItem.Status.ON_CONTROL:
            return None
        request = control.request_extension(
            item,
            actor=lead_user,
            reason="Требуется дополнительное согласование с областными управлениями.",
            new_deadline=workdays.add_working_days(deadline, 10),
        )
        self.ctx.record(_("Extension requests"), created=True)
        return request

    def _report(self, item: ControlItem, document: Document, lead_user: User, answer: Document | None) -> None:
        """One execution step: the lead's report; the document's execution card with it (003 §9.23)."""
        item.refresh_from_db()
        if item.status != ControlItem.Status.ON_CONTROL:
            return
        text = self.rng.choice(REPORT_TEXTS)
        control.submit_report(item, actor=lead_user, text=text, outgoing_number=answer.number if answer else "")
        document.refresh_from_db()
        if document.get_execution_card() is None and document.status == Document.Status.IN_WORK:
            workflow.fill_execution_card(
                document, actor=lead_user, result=text, executor=lead_user.person, answer=answer
            )
        self.ctx.record(_("Execution reports"), created=True)

    def _propose_removal(self, item: ControlItem) -> RemovalProposal:
        """003 §12.14: the head of the executing department brings the memo (the controller when it has none)."""
        item.refresh_from_db()
        department = control_access.executing_department(item)
        has_head = department is not None and department.head is not None
        proposer = department.head.user if has_head else self.cast.user("general.head")
        return control.propose_removal(
            item,
            actor=proposer,
            memo="Поручение исполнено в полном объёме, ответ направлен заявителю. Предлагаю снять с контроля.",
            ground=ControlItem.RemovalGround.EXECUTED,
            assessment=ControlItem.Assessment.EXECUTED,
        )

    def _agree_removal(self, proposal: RemovalProposal) -> None:
        """The curating deputy head of apparatus agrees the memo, when the department has one (003 §12.14)."""
        proposal.refresh_from_db()
        if proposal.visa == RemovalProposal.Visa.PENDING:
            control.agree_removal(proposal, actor=proposal.curator.user, agree=True)

    def answer(self, document: Document, author: Person, signer: Person, reported_on: datetime.date) -> Iterator:
        """The lead drafts the answer, the route agrees, the signer signs, the general department sends it."""
        drafted_on = max(self.days.before(reported_on, 2), document.registered_on)
        yield local_moment(drafted_on, 9, 40)
        answer = outgoing.create_outgoing(
            actor=author.user,
            recipients=[document.correspondent],
            summary=f"Жауап / Ответ: {document.summary}",
            body="Сіздің хатыңызға жауап ретінде хабарлаймыз... / В ответ на Ваше письмо сообщаем...",
            attachments_listed=0,
            signer=signer,
            language=document.language,
            answers=document,
        )
        # the department head and the supervising deputy (003 §9.22); the legal service when nobody is above
        route = (
            outgoing.default_route(author, signer=signer)
            or [person for person in (self.cast.people["legal"], self.cast.people["general.head"]) if person != author][
                :1
            ]
        )
        outgoing.send_for_approval(answer, actor=author.user, approvers=route)
        for step_number, approver in enumerate(route):
            yield local_moment(drafted_on, 10 + step_number, 20)
            step = answer.approvals.get(approver=approver, decision=Visa.Decision.PENDING)
            outgoing.decide_visa(step, actor=approver.user, agree=True)
        yield local_moment(self.days.after(drafted_on, 1), 10, 10)
        outgoing.sign(answer, actor=signer.user)
        yield local_moment(self.days.after(drafted_on, 1), 14, 40)
        outgoing.check_and_register(answer, actor=self.registrar, addressee_ok=True, attachments_ok=True)
        answer.refresh_from_db()
        self.ctx.record(_("Outgoing documents"), created=True)
        if self.days.after(drafted_on, 1) < self.today or self.rng.random() < 0.5:
            yield local_moment(self.days.after(drafted_on, 1), 16, 50)
            outgoing.dispatch(answer, actor=self.registrar, channel=Document.Channel.EDMS, date=workdays.today())
        return answer

    def registration_queue(self) -> Story:
        """Letters brought after the cutoff on the last working day: today's registration queue (003 §9.10)."""
        evening = workdays.previous_working_day(self.today, include_self=False)
        for number, minute in enumerate((10, 25, 40)):
            yield local_moment(evening, 17, minute)
            registration.receive_incoming(
                actor=self.registrar,
                correspondent=self.correspondents[4 + number],
                summary=QUEUE_TOPICS[number],
                received_at=timezone.now(),
                addressee=Document.Addressee.AKIM,
                their_number=f"{evening:%m}-{900 + number}",
                their_date=evening,
                duplicate_confirmed=True,
                signatory="Бірінші басшы / Первый руководитель",
                channel=Document.Channel.EDMS,
                language="ru",
            )
            self.ctx.record(_("Incoming documents"), created=True)

    def returns(self) -> Story:
        """Mail returned without registration the day it came (003 §9.10, §9.12)."""
        for back in range(PAST_WORKING_DAYS - 2, 0, -9):
            yield local_moment(self.days.back(back), 12, 15)
            registration.return_unregistered(
                actor=self.registrar,
                reason=RETURN_REASON,
                norm="003 §9.9, §9.14",
                sender_name=self.rng.choice(("ТОО «Құрылыс Сервис»", "ИП Жумабеков", "КГУ «Средняя школа № 12»")),
                their_number=f"{self.rng.randint(10, 99)}",
                summary=self.rng.choice(TOPICS_RU),
                received_at=timezone.now(),
                channel=Document.Channel.POST,
            )
            self.ctx.record(_("Returns without registration"), created=True)

    def memos(self) -> Story:
        """Memos of department heads to the leadership: signed and registered at once; some on control."""
        authors = ("finance.head", "economy.head", "org.head", "legal", "appeals.head")
        for number, back in enumerate(range(PAST_WORKING_DAYS - 1, 0, -3)):
            author = self.cast.people[authors[number % len(authors)]]
            addressee = self.cast.people["apparatus.head" if number % 2 else "akim"]
            day = self.days.back(back)
            yield local_moment(day, 15, 5)
            memo = outgoing.create_memo(
                actor=author.user,
                addressee=addressee,
                summary=self.rng.choice(TOPICS_RU),
                body="Прошу рассмотреть и дать поручение / Қарап, тапсырма беруіңізді сұраймын.",
            )
            outgoing.sign(memo, actor=author.user)
            self.ctx.record(_("Memos"), created=True)
            # the addressee puts one in three on control and takes the others for information (§12.10);
            # the last ones still wait for the resolution
            if back <= 2:
                continue
            yield local_moment(self.days.after(day, 1), 11, 45)
            on_control = number % 3 == 0
            workflow.issue_resolution(
                memo,
                actor=addressee.user,
                text="Согласовать с отделом финансов и доложить." if on_control else FOR_INFORMATION_TEXTS[0],
                executors=[author],
                deadline=self.days.after(day, 12) if on_control else None,
                for_information=not on_control,
            )

    def reminders(self) -> Story:
        """The daily reminder scan (003 §12.4, §12.13), as the beat runs it every working morning."""
        for back in range(min(REMINDER_DAYS, PAST_WORKING_DAYS), -1, -1):
            day = self.days.back(back)
            yield local_moment(day, 8, 30)
            reminders.scan(day)

    # -- the run

    def run(self) -> None:
        stories = [self.incoming(plan) for plan in self.plans()]
        stories += [self.registration_queue(), self.returns(), self.memos(), self.reminders()]
        # its people read what came before the last two working days
        made = self.timeline.replay(stories, read_before=local_moment(self.days.back(2), 0))
        self.ctx.created[_("Notifications")] += made


def demo_is_present() -> bool:
    """The marker: the demo registrar has registered letters (a second run adds none)."""
    return Document.objects.filter(created_by__username=MARKER_USERNAME, kind=Document.Kind.INCOMING).exists()


KINDS = (
    _("Correspondents"),
    _("Incoming documents"),
    _("Outgoing documents"),
    _("Memos"),
    _("Returns without registration"),
    _("Extension requests"),
    _("Execution reports"),
    _("Instructions removed from control"),
    _("Notifications"),
)


def seed_documents(ctx: SeedContext) -> None:
    """The demo's correspondence and control, replayed through the services (once)."""
    if demo_is_present():
        ctx.present[_("Incoming documents")] += Document.objects.incoming().count()
        ctx.report(_("Incoming documents"))
        return
    DemoSeeder(ctx, timezone.now()).run()
    for kind in KINDS:
        ctx.report(kind)


SEED_STEPS: list[Callable[[SeedContext], None]] = [seed_documents]
