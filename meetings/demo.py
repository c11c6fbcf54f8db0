"""Demo meetings for `seed_demo`: the last weeks of the Baidibek akimat's sessions and meetings, replayed through
meetings.services.

Every meeting, agenda item, material, attendance, vote, protocol, visa, signature (with the registration and the
points on control that come with it) and report on a point is made by the service a person would have used
(meetings.services, akimat.approvals.decide, control.services), so numbers, history, grants (a closed meeting)
and notifications are the ones the product makes. As in correspondence/demo.py (whose clock and timeline this
module uses) and acts/demo.py, each step runs with Django's clock set to the moment it took place, the stories
are laid out relative to today through the working-day calendar, and nothing is replayed after the real moment of
the run; steps run in time order across the stories, so each journal's numbers follow the registration dates.

The people are those of seed_demo: the akim chairs, the organisational department's chief specialist plans the
meetings and keeps them as their secretary, the general department's registrar records the signature and
registers the protocol (§8.7). The members of the akimat (§5.4) are added first, through services.add_member.

A demo login finds (relative to today): a session held with its quorum and votes, its protocol drafted on time,
agreed, signed and registered (№ 1 of its year), its points on control — one reported, one overdue; a session
without quorum (3 of 7 members), no vote, its protocol saying so; an apparatus meeting whose protocol was drafted
two working days after it (late, §8.5) and registered; an operational meeting whose protocol is still not drafted
past its term; an apparatus meeting's protocol on approval with the head of apparatus's visa waiting; upcoming: a
session with its agenda and materials partly submitted (one late, some missing, §5.6, §5.17), an apparatus meeting
this week, a closed operational meeting (§5.3) seen only by those granted, an extraordinary session (§5.10); a
cancelled field meeting.

Idempotent: the demo's meetings are present once a demo login has planned one (the marker); a second run then adds
nothing. A member of the akimat already listed is left as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from akimat import approvals, workdays
from akimat.management.commands.seed_demo import PEOPLE, SeedContext
from akimat.models import Person
from control import services as control
from control.models import ControlItem
from correspondence.demo import Days, Story, Timeline, local_moment
from meetings import services
from meetings.models import AgendaItem, AkimatMember, Material, Meeting, MeetingType, Participant, Protocol

#: the members of the akimat (§5.4): the akim, the deputies, the head of apparatus and two heads of departments
MEMBERS = ("akim", "deputy.social", "deputy.economy", "deputy.infra", "apparatus.head", "finance.head", "economy.head")
#: those who take part in an apparatus meeting besides the chair (§5.21–§5.26)
APPARATUS_MEMBERS = (
    "deputy.social",
    "deputy.economy",
    "deputy.infra",
    "apparatus.head",
    "apparatus.deputy",
    "general.head",
    "org.head",
    "appeals.head",
    "legal",
    "finance.head",
    "economy.head",
)
RURAL_AKIMS = ("shayan.akim", "zhanaturmys.akim", "akbastau.akim")
ORGANISER = "org.officer"  # plans the meetings and keeps them as their secretary
REGISTRAR = "registrar"  # records the chair's signature and registers the protocol (§8.7)
#: the daily reminder scans (materials, visas) are replayed for the last working days only
REMINDER_DAYS = 10
#: visas are given at these hours, one stage after another, day after day
VISA_HOURS = (11, 14, 16)
HALL = "Шаян ауылы, аудан әкімдігінің мәжіліс залы / село Шаян, зал заседаний акимата района"


def pdf(name: str) -> SimpleUploadedFile:
    """A small PDF standing in for a material's file."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo\n", content_type="application/pdf")


# --- the agenda -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """An item of an agenda: its titles, who reports, the bodies responsible, the curating deputy."""

    title_kk: str
    title_ru: str
    speakers: tuple[str, ...]
    units: tuple[str, ...]
    curator: str = ""
    minutes: int = 15


SCHOOLS = Item(
    "Аудан мектептерін жаңа оқу жылына дайындау туралы",
    "О подготовке школ района к новому учебному году",
    ("education.head",),
    ("education", "shayan", "zhanaturmys", "akbastau"),
    "deputy.social",
    20,
)
BUDGET = Item(
    "Аудандық бюджеттің атқарылу барысы туралы",
    "О ходе исполнения районного бюджета",
    ("finance.head",),
    ("finance", "economy"),
    "deputy.economy",
)
FIELD_WORKS = Item(
    "Көктемгі егіс жұмыстарын ұйымдастыру туралы",
    "Об организации весенне-полевых работ",
    ("agriculture.head",),
    ("agriculture", "shayan", "zhanaturmys", "akbastau"),
    "deputy.economy",
    20,
)
GREENING = Item(
    "Елді мекендерді абаттандыру және көгалдандыру туралы",
    "О благоустройстве и озеленении населённых пунктов",
    ("housing.head",),
    ("housing", "shayan", "zhanaturmys", "akbastau"),
    "deputy.infra",
)
SUMMER = Item(
    "Балалардың жазғы демалысы мен сауықтырылуын ұйымдастыру туралы",
    "Об организации летнего отдыха и оздоровления детей",
    ("education.head", "health.head"),
    ("education", "health"),
    "deputy.social",
)
HEATING = Item(
    "Аудан аумағында жылыту маусымын өткізу барысы туралы",
    "О ходе прохождения отопительного сезона на территории района",
    ("housing.head",),
    ("housing",),
    "deputy.infra",
)
APPEALS = Item(
    "Жеке және заңды тұлғалардың өтініштерін қарау мерзімдерінің сақталуы туралы",
    "О соблюдении сроков рассмотрения обращений физических и юридических лиц",
    ("appeals.head",),
    ("appeals",),
)
HOUSING = Item(
    "Аудандағы тұрғын үй құрылысы мен инженерлік желілердің жүргізілу барысы туралы",
    "О ходе жилищного строительства и прокладки инженерных сетей в районе",
    ("construction.head",),
    ("construction",),
    "deputy.infra",
)
SERVICES = Item(
    "Мемлекеттік көрсетілетін қызметтердің сапасы туралы",
    "О качестве оказания государственных услуг",
    ("org.head",),
    ("org", "shayan", "zhanaturmys", "akbastau"),
)
FLOOD = Item(
    "Су тасқынына қарсы іс-шаралардың орындалу барысы туралы",
    "О ходе выполнения противопаводковых мероприятий",
    ("agriculture.head", "zhanaturmys.akim"),
    ("agriculture", "zhanaturmys", "akbastau"),
    "deputy.economy",
)
EPIDEMIC = Item(
    "Аудандағы санитариялық-эпидемиологиялық ахуал туралы",
    "О санитарно-эпидемиологической ситуации в районе",
    ("health.head",),
    ("health",),
    "deputy.social",
)
PROGRAMMES = Item(
    "Бюджеттік бағдарламалар әкімшілерінің бюджет қаражатын игеруі туралы",
    "Об освоении бюджетных средств администраторами бюджетных программ",
    ("finance.head", "economy.head"),
    ("finance", "economy"),
    "deputy.economy",
)
RELIGION = Item(
    "Аудандағы діни ахуал және діни экстремизмнің алдын алу жөніндегі шаралар туралы",
    "О религиозной ситуации в районе и мерах по профилактике религиозного экстремизма",
    ("deputy.social", "education.head"),
    ("education", "shayan", "zhanaturmys", "akbastau"),
    "deputy.social",
    30,
)
EMERGENCY = Item(
    "Жаңатұрмыс ауылдық округінде жарияланған төтенше жағдайдың салдарын жою жөніндегі кезек күттірмейтін "
    "шаралар туралы",
    "О неотложных мерах по ликвидации последствий чрезвычайной ситуации, объявленной в сельском округе Жанатурмыс",
    ("zhanaturmys.akim", "construction.head"),
    ("zhanaturmys", "construction", "housing"),
    "deputy.infra",
    30,
)
WATER = Item(
    "Ақбастау ауылдық округінің елді мекендерін ауыз сумен қамтамасыз ету туралы",
    "Об обеспечении питьевой водой населённых пунктов сельского округа Акбастау",
    ("akbastau.akim", "housing.head"),
    ("akbastau", "housing"),
    "deputy.infra",
)

#: the protocol's СЛУШАЛИ of an item (Appendix 6): whom the meeting heard
HEARD = {
    SCHOOLS: (
        "Аудандық білім бөлімінің басшысы С.Қ. Әбдіраманованың мектептерді жөндеу, оқулықтармен және "
        "отынмен қамтамасыз ету барысы туралы ақпараты.",
        "Информация руководителя отдела образования района Әбдірамановой С.Қ. о ходе ремонта школ, "
        "обеспечения учебниками и топливом.",
    ),
    BUDGET: (
        "Аудандық қаржы бөлімінің басшысы Л.Н. Тәжібаеваның аудандық бюджеттің кірістер мен шығыстар "
        "бойынша атқарылуы туралы баяндамасы.",
        "Доклад руководителя отдела финансов района Тәжібаевой Л.Н. об исполнении районного бюджета по "
        "доходам и расходам.",
    ),
    HEATING: (
        "Аудандық тұрғын үй-коммуналдық шаруашылығы бөлімінің басшысы Ә.Б. Төребекованың қазандықтардың "
        "жұмысы мен отын қоры туралы ақпараты.",
        "Информация руководителя отдела ЖКХ района Төребековой Ә.Б. о работе котельных и запасах топлива.",
    ),
    APPEALS: (
        "Өтініштермен жұмыс бөлімінің басшысы А.Т. Қожахметовтің өтініштерді қарау мерзімдері туралы ақпараты.",
        "Информация руководителя отдела по работе с обращениями Қожахметова А.Т. о сроках рассмотрения обращений.",
    ),
    HOUSING: (
        "Аудандық құрылыс бөлімінің басшысы Е.Ж. Рахымбердиевтің тұрғын үй құрылысы барысы туралы ақпараты.",
        "Информация руководителя отдела строительства района Рахымбердиева Е.Ж. о ходе жилищного строительства.",
    ),
    SERVICES: (
        "Ұйымдастыру-инспекторлық бөлімнің басшысы Ғ.О. Исабековтің мемлекеттік қызметтер көрсету "
        "мониторингінің нәтижелері туралы ақпараты.",
        "Информация руководителя организационно-инспекторского отдела Исабекова Ғ.О. о результатах "
        "мониторинга оказания государственных услуг.",
    ),
}
NO_QUORUM_KK = (
    "Отырысқа әкімдіктің 7 мүшесінің үшеуі қатысты. Регламенттің 5.4-тармағына сәйкес кворум болмағандықтан "
    "отырыс заңды деп танылмады, мәселе қаралмады, дауыс беру өткізілмеді."
)
NO_QUORUM_RU = (
    "На заседании присутствовали 3 из 7 членов акимата. В соответствии с пунктом 5.4 Регламента ввиду "
    "отсутствия кворума заседание признано неправомочным, вопрос не рассматривался, голосование не проводилось."
)


@dataclass(frozen=True)
class Point:
    """A point of a protocol's decisions (§8.5): the item it follows, its executor (a unit key, "@"-prefixed, or
    a username), and its deadline in working days after the protocol is drafted, or a term from the signature."""

    number: str
    text_kk: str
    text_ru: str
    item: Item | None
    executor: str
    after: int | None = None
    term_days: int | None = None


SESSION_POINTS = (
    Point(
        "1",
        "Аудандық білім бөлімі мектептерді күрделі және ағымдағы жөндеу кестесін бекітіп, әкімдікке ұсынсын.",
        "Отделу образования района утвердить и представить в акимат график капитального и текущего ремонта школ.",
        SCHOOLS,
        "@education",
        after=9,
    ),
    Point(
        "2",
        "Шаян ауылдық округінің әкімі мектептерге баратын жолдарды жөндеуді аяқтасын.",
        "Акиму сельского округа Шаян завершить ремонт подъездных дорог к школам.",
        SCHOOLS,
        "@shayan",
        after=6,
    ),
    Point(
        "3",
        "Аудандық қаржы бөлімі бюджет қаражатының игерілуін ай сайын талдап, әкімдікке ақпарат берсін.",
        "Отделу финансов района ежемесячно анализировать освоение бюджетных средств и информировать акимат.",
        BUDGET,
        "@finance",
        term_days=60,
    ),
)
POSTPONED_POINTS = (
    Point(
        "1",
        "Күн тәртібіндегі мәселелер әкімдіктің кезекті отырысына ауыстырылсын; ұйымдастыру-инспекторлық бөлім "
        "оларды кезекті отырыстың күн тәртібіне енгізсін.",
        "Вопросы повестки дня перенести на очередное заседание акимата; организационно-инспекторскому отделу "
        "включить их в повестку дня очередного заседания.",
        None,
        "@org",
        after=8,
    ),
)
HEATING_POINTS = (
    Point(
        "1",
        "Аудандық тұрғын үй-коммуналдық шаруашылығы бөлімі қазандықтардың отын қорын күн сайын бақылауда ұстасын.",
        "Отделу ЖКХ района ежедневно контролировать запасы топлива котельных.",
        HEATING,
        "@housing",
        term_days=30,
    ),
    Point(
        "2",
        "Өтініштермен жұмыс бөлімі мерзімі бұзылған өтініштердің себептерін талдап, ұсыныс енгізсін.",
        "Отделу по работе с обращениями проанализировать причины нарушения сроков и внести предложения.",
        APPEALS,
        "appeals.head",
        term_days=20,
    ),
)
APPARATUS_POINTS = (
    Point(
        "1",
        "Аудандық құрылыс бөлімі инженерлік желілерді салу кестесінің сақталуын қамтамасыз етсін.",
        "Отделу строительства района обеспечить соблюдение графика прокладки инженерных сетей.",
        HOUSING,
        "@construction",
        term_days=25,
    ),
    Point(
        "2",
        "Ұйымдастыру-инспекторлық бөлім мемлекеттік қызметтер көрсету мерзімдерінің бұзылу себептерін талдасын.",
        "Организационно-инспекторскому отделу проанализировать причины нарушения сроков оказания государственных "
        "услуг.",
        SERVICES,
        "@org",
        term_days=15,
    ),
)
REPORT = (
    "Мектептерді жөндеу кестесі бекітілді, мердігерлермен шарттар жасалды. / "
    "График ремонта школ утверждён, договоры с подрядчиками заключены."
)
POSTPONED_REPORT = (
    "Мәселелер кезекті отырыстың күн тәртібіне енгізілді. / Вопросы включены в повестку дня очередного заседания."
)
CANCEL_REASON = (
    "Аудан әкімінің облыс әкімдігінің отырысына шақырылуына байланысты. / "
    "В связи с вызовом акима района на заседание акимата области."
)
CLOSED_INVITED = "Бәйдібек аудандық полиция бөлімінің бастығы / Начальник отдела полиции Байдибекского района"


# --- the stories ----------------------------------------------------------------------------------------------


@dataclass
class MeetingsSeeder:
    ctx: SeedContext
    now: datetime.datetime
    days: Days = field(init=False)
    timeline: Timeline = field(init=False)

    def __post_init__(self) -> None:
        self.days = Days(timezone.localdate(self.now))
        self.timeline = Timeline(self.now)

    # -- the cast

    def person(self, key: str) -> Person:
        return self.ctx.people[key]

    def user(self, key: str):
        return self.ctx.people[key].user

    def ahead(self, n: int) -> datetime.date:
        """The n-th working day after today."""
        return self.days.after(self.days.today, n) if n else self.days.today

    # -- steps used by the stories

    def plan(
        self,
        code: str,
        day: datetime.date,
        hour: int,
        *,
        title_kk: str,
        title_ru: str,
        members: tuple[str, ...] = (),
        invited: tuple[str, ...] = (),
        invited_names: tuple[str, ...] = (),
        place: str = HALL,
        materials_due_on: datetime.date | None = None,
        **flags,
    ) -> Meeting:
        """The organisational department plans a meeting chaired by the akim, its chief specialist the secretary."""
        data = services.MeetingData(
            type=MeetingType.objects.get(code=code),
            starts_at=local_moment(day, hour),
            chair=self.person("akim"),
            secretary=self.person(ORGANISER),
            organiser_unit=self.ctx.units["org"],
            title_kk=title_kk,
            title_ru=title_ru,
            ends_at=local_moment(day, hour + 2),
            place=place,
            members=[self.person(key) for key in members],
            invited=[self.person(key) for key in invited],
            invited_names=list(invited_names),
            materials_due_on=materials_due_on,
            **flags,
        )
        meeting = services.plan_meeting(actor=self.user(ORGANISER), data=data)
        self.ctx.record(_("Meetings"), created=True)
        return meeting

    def agenda(self, meeting: Meeting, *items: Item) -> list[AgendaItem]:
        made = []
        for item in items:
            data = services.ItemData(
                title_kk=item.title_kk,
                title_ru=item.title_ru,
                speakers=[self.person(key) for key in item.speakers],
                responsible_units=[self.ctx.units[key] for key in item.units],
                curator=self.person(item.curator) if item.curator else None,
                minutes=item.minutes,
            )
            made.append(services.add_item(meeting, actor=self.user(ORGANISER), data=data))
            self.ctx.record(_("Agenda items"), created=True)
        return made

    def materials(self, item: AgendaItem, *kinds: str) -> None:
        """The first responsible body's head submits materials of the item, visaed by themselves (§5.7)."""
        head = item.responsible_units.order_by("pk").select_related("head__user").first().head
        language = Material.Language.KK if head.preferred_language == Person.Language.KAZAKH else Material.Language.RU
        for kind in kinds:
            services.add_material(
                item, actor=head.user, kind=kind, language=language, upload=pdf(f"{kind}.pdf"), visaed_by=head.full_name
            )
            self.ctx.record(_("Materials for meetings"), created=True)

    def all_materials(self, item: AgendaItem) -> None:
        self.materials(item, *services.required_materials(item.meeting))

    def attend(self, meeting: Meeting, *, absent: tuple[str, ...] = ()) -> None:
        """The secretary records who came: everybody but `absent` (usernames)."""
        away = {self.person(key).pk for key in absent}
        rows = [
            services.Attendance(participant=row, present=row.person_id not in away)
            for row in Participant.objects.filter(meeting=meeting)
        ]
        services.record_attendance(meeting, actor=self.user(ORGANISER), rows=rows)

    def draft(self, meeting: Meeting, points: tuple[Point, ...], *, heard: dict | None = None) -> Protocol:
        """The secretary opens the protocol, writes what the meeting heard, the points and the distribution."""
        actor = self.user(ORGANISER)
        protocol = services.start_protocol(meeting, actor=actor)
        items = {item.title_kk: item for item in meeting.items.all()}
        heard = heard if heard is not None else HEARD
        sections = [
            services.Section(item=row, heard_kk=heard[spec][0], heard_ru=heard[spec][1])
            for spec in heard
            if (row := items.get(spec.title_kk)) is not None
        ]
        protocol = services.update_protocol(
            protocol,
            actor=actor,
            form=protocol.form,
            has_russian=True,
            controller_unit=self.ctx.units["general"],
            sections=sections,
        )
        today = timezone.localdate()
        data = []
        for point in points:
            unit = self.ctx.units[point.executor[1:]] if point.executor.startswith("@") else None
            data.append(
                services.PointData(
                    number=point.number,
                    text_kk=point.text_kk,
                    text_ru=point.text_ru,
                    item=items.get(point.item.title_kk) if point.item else None,
                    lead_unit=unit,
                    lead_person=None if unit else self.person(point.executor),
                    deadline=self.days.after(today, point.after) if point.after else None,
                    term_days=point.term_days,
                )
            )
        services.set_points(protocol, actor=actor, points=data)
        addressees = {point.executor[1:] for point in points if point.executor.startswith("@")}
        services.set_distribution(protocol, actor=actor, units=[self.ctx.units[key] for key in sorted(addressees)])
        self.ctx.record(_("Protocols"), created=True)
        return protocol

    def submit(self, protocol: Protocol) -> None:
        services.submit(protocol, actor=self.user(ORGANISER))

    def visas(self, protocol: Protocol, day: datetime.date, *, keep: tuple[str, ...] = ()) -> Story:
        """The approvers give their visas stage by stage from `day` on; those in `keep` (usernames) have not
        decided yet, and the route stops at them."""
        kept = {self.person(key).pk for key in keep}
        moment = 0
        while True:
            protocol.refresh_from_db()
            waiting = [visa for visa in approvals.waiting(protocol) if visa.approver_id not in kept]
            if protocol.status != Protocol.Status.ON_APPROVAL or not waiting:
                return
            yield local_moment(self.days.after(day, moment // len(VISA_HOURS)), VISA_HOURS[moment % len(VISA_HOURS)])
            moment += 1
            for visa in waiting:
                approvals.decide(visa, actor=visa.approver.user, agree=True)
                self.ctx.record(_("Visas on protocols"), created=True)

    def register(self, protocol: Protocol) -> Protocol:
        """The registrar records the akim's signature of today and registers the protocol (§8.7): its points go
        on control."""
        protocol = services.sign(protocol, actor=self.user(REGISTRAR), signed_on=timezone.localdate())
        for _point in protocol.points.exclude(control_item=None):
            self.ctx.record(_("Points of protocols on control"), created=True)
        return protocol

    def report(self, protocol: Protocol, number: str, text: str) -> None:
        """The lead executor of a point reports its execution (control.services)."""
        point = protocol.points.get(number=number)
        item = ControlItem.objects.get(pk=point.control_item_id)
        lead = item.executors.select_related("unit__head__user", "person__user").get(is_lead=True)
        control.submit_report(item, actor=lead.person.user if lead.person_id else lead.unit.head.user, text=text)

    # -- the meetings, oldest first

    def adopted_session(self) -> Story:
        """A session with its quorum (6 of 7) and votes; the protocol drafted the next working day (on time,
        §8.8), agreed by the members' visas, signed and registered (№ 1); point 1 reported, point 2 overdue."""
        day = self.days.back(25)
        yield local_moment(self.days.back(33), 10)
        meeting = self.plan(
            "session",
            day,
            10,
            title_kk="Әкімдіктің кезекті отырысы",
            title_ru="Очередное заседание акимата",
            invited=("education.head", "agriculture.head", "housing.head", *RURAL_AKIMS),
        )
        yield local_moment(self.days.back(33), 10, 30)
        schools, budget = self.agenda(meeting, SCHOOLS, BUDGET)
        yield local_moment(self.days.back(31), 11)
        self.all_materials(schools)
        yield local_moment(self.days.back(30), 15)
        self.all_materials(budget)
        yield local_moment(day, 12, 30)
        self.attend(meeting, absent=("deputy.infra",))
        services.record_vote(schools, actor=self.user(ORGANISER), votes_for=6, votes_against=0, votes_abstained=0)
        services.record_vote(budget, actor=self.user(ORGANISER), votes_for=5, votes_against=0, votes_abstained=1)
        yield local_moment(day, 16)
        protocol = self.draft(meeting, SESSION_POINTS)
        drafted = self.days.back(24)
        yield local_moment(drafted, 10)
        self.submit(protocol)
        yield from self.visas(protocol, drafted)
        yield local_moment(self.days.back(21), 11)
        protocol = self.register(protocol)
        yield local_moment(self.days.back(18), 16)
        self.report(protocol, "1", REPORT)

    def apparatus_drafted_late(self) -> Story:
        """An apparatus meeting whose protocol went for visas two working days after it (due the next, §8.5)."""
        day = self.days.back(18)
        yield local_moment(self.days.back(23), 11)
        meeting = self.plan(
            "apparatus",
            day,
            9,
            title_kk="Аппараттық кеңес",
            title_ru="Аппаратное совещание",
            members=APPARATUS_MEMBERS,
            invited=("housing.head", *RURAL_AKIMS),
        )
        yield local_moment(self.days.back(23), 11, 30)
        heating, appeals = self.agenda(meeting, HEATING, APPEALS)
        yield local_moment(self.days.back(21), 15)
        self.all_materials(heating)
        self.all_materials(appeals)
        yield local_moment(day, 11, 30)
        self.attend(meeting, absent=("deputy.economy", "akbastau.akim"))
        yield local_moment(self.days.back(16), 11)
        protocol = self.draft(meeting, HEATING_POINTS)
        yield local_moment(self.days.back(16), 11, 30)
        self.submit(protocol)
        yield from self.visas(protocol, self.days.back(16))
        yield local_moment(self.days.back(14), 15)
        self.register(protocol)

    def session_without_quorum(self) -> Story:
        """A session that 3 of the 7 members attended: no quorum (§5.4), no vote; the protocol says so and
        moves the items to the next session (a point for the organisational department, reported)."""
        day = self.days.back(12)
        yield local_moment(self.days.back(19), 10)
        meeting = self.plan(
            "session",
            day,
            15,
            title_kk="Әкімдіктің кезекті отырысы",
            title_ru="Очередное заседание акимата",
            invited=("agriculture.head", "housing.head", *RURAL_AKIMS),
        )
        yield local_moment(self.days.back(19), 10, 30)
        field_works, greening = self.agenda(meeting, FIELD_WORKS, GREENING)
        yield local_moment(self.days.back(17), 14)
        self.all_materials(field_works)
        self.all_materials(greening)
        yield local_moment(day, 15, 20)
        self.attend(meeting, absent=("deputy.social", "deputy.infra", "finance.head", "economy.head"))
        yield local_moment(day, 16, 30)
        no_quorum = (NO_QUORUM_KK, NO_QUORUM_RU)
        protocol = self.draft(meeting, POSTPONED_POINTS, heard={FIELD_WORKS: no_quorum, GREENING: no_quorum})
        drafted = self.days.back(11)
        yield local_moment(drafted, 9, 30)
        self.submit(protocol)
        yield from self.visas(protocol, drafted)
        yield local_moment(self.days.back(9), 11)
        protocol = self.register(protocol)
        yield local_moment(self.days.back(5), 11)
        self.report(protocol, "1", POSTPONED_REPORT)

    def protocol_missing(self) -> Story:
        """An operational meeting held four working days ago: its protocol opened, never sent for visas."""
        day = self.days.back(4)
        yield local_moment(self.days.back(7), 14)
        meeting = self.plan(
            "operational",
            day,
            11,
            title_kk="Су тасқыны кезеңіне дайындық жөніндегі жедел кеңес",
            title_ru="Оперативное совещание по подготовке к паводковому периоду",
            members=("deputy.economy", "deputy.infra", "apparatus.head", "agriculture.head", "construction.head"),
            invited=RURAL_AKIMS,
            materials_due_on=self.days.back(5),
        )
        yield local_moment(self.days.back(7), 14, 30)
        (flood,) = self.agenda(meeting, FLOOD)
        yield local_moment(self.days.back(5), 10)
        self.all_materials(flood)
        yield local_moment(day, 12, 30)
        self.attend(meeting)
        yield local_moment(day, 17)
        services.start_protocol(meeting, actor=self.user(ORGANISER))
        self.ctx.record(_("Protocols"), created=True)

    def on_approval(self) -> Story:
        """An apparatus meeting held two working days ago: the protocol went for visas the next day, every visa
        given but the head of apparatus's."""
        day = self.days.back(2)
        yield local_moment(self.days.back(7), 11)
        meeting = self.plan(
            "apparatus",
            day,
            9,
            title_kk="Аппараттық кеңес",
            title_ru="Аппаратное совещание",
            members=APPARATUS_MEMBERS,
            invited=("construction.head", *RURAL_AKIMS),
        )
        yield local_moment(self.days.back(7), 11, 30)
        housing, public_services = self.agenda(meeting, HOUSING, SERVICES)
        yield local_moment(self.days.back(5), 15)
        self.all_materials(housing)
        self.all_materials(public_services)
        yield local_moment(day, 11, 20)
        self.attend(meeting, absent=("legal",))
        yield local_moment(day, 16)
        protocol = self.draft(meeting, APPARATUS_POINTS)
        drafted = self.days.back(1)
        yield local_moment(drafted, 9, 40)
        self.submit(protocol)
        yield from self.visas(protocol, drafted, keep=("apparatus.head",))

    def cancelled(self) -> Story:
        """A field meeting in a rural district, cancelled with its reason."""
        yield local_moment(self.days.back(8), 10)
        meeting = self.plan(
            "field",
            self.ahead(1),
            11,
            title_kk="Ақбастау ауылдық округіндегі көшпелі кеңес",
            title_ru="Выездное совещание в сельском округе Акбастау",
            members=("deputy.infra", "housing.head", "akbastau.akim"),
            place="Ақбастау ауылы, ауылдық округ әкімінің аппараты / село Акбастау, аппарат акима сельского округа",
            materials_due_on=self.days.back(1),
        )
        yield local_moment(self.days.back(8), 10, 30)
        self.agenda(meeting, WATER)
        yield local_moment(self.days.back(3), 16)
        services.cancel_meeting(meeting, actor=self.user(ORGANISER), reason=CANCEL_REASON)

    def upcoming_session(self) -> Story:
        """The next session, in four working days: the items moved from the session without quorum and one more;
        materials due yesterday (§5.6) — one item complete, one with a material brought late today (§5.17), one
        still missing some."""
        day = self.ahead(4)
        yield local_moment(self.days.back(5), 10)
        meeting = self.plan(
            "session",
            day,
            10,
            title_kk="Әкімдіктің кезекті отырысы",
            title_ru="Очередное заседание акимата",
            invited=("agriculture.head", "housing.head", "education.head", "health.head", *RURAL_AKIMS),
        )
        yield local_moment(self.days.back(5), 10, 30)
        field_works, greening, summer = self.agenda(meeting, FIELD_WORKS, GREENING, SUMMER)
        yield local_moment(self.days.back(3), 11)
        self.all_materials(field_works)
        yield local_moment(self.days.back(2), 15)
        self.materials(greening, Material.Kind.REFERENCE_NOTE, Material.Kind.PARTICIPANTS)
        self.materials(summer, Material.Kind.REFERENCE_NOTE)
        yield local_moment(self.days.back(0), 8, 30)
        self.materials(greening, Material.Kind.DRAFT_RESOLUTION)

    def apparatus_this_week(self) -> Story:
        """The next apparatus meeting, on the next working day: its agenda sent, materials in (§5.27–§5.30)."""
        day = self.ahead(1)
        yield local_moment(self.days.back(3), 9, 30)
        meeting = self.plan(
            "apparatus",
            day,
            9,
            title_kk="Аппараттық кеңес",
            title_ru="Аппаратное совещание",
            members=APPARATUS_MEMBERS,
            invited=("health.head",),
        )
        yield local_moment(self.days.back(3), 10)
        epidemic, programmes = self.agenda(meeting, EPIDEMIC, PROGRAMMES)
        services.send_agenda(meeting, actor=self.user(ORGANISER))
        yield local_moment(self.days.back(2), 16)
        self.all_materials(epidemic)
        self.materials(programmes, Material.Kind.REFERENCE_NOTE, Material.Kind.REPORT)

    def closed_meeting(self) -> Story:
        """A closed operational meeting (§5.3): seen only by those granted by name as they take part."""
        day = self.ahead(2)
        yield local_moment(self.days.back(2), 17)
        meeting = self.plan(
            "operational",
            day,
            15,
            title_kk="Жабық жедел кеңес",
            title_ru="Закрытое оперативное совещание",
            members=("deputy.social", "apparatus.head", *RURAL_AKIMS),
            invited_names=(CLOSED_INVITED,),
            materials_due_on=self.ahead(1),
            is_closed=True,
        )
        yield local_moment(self.days.back(2), 17, 20)
        self.agenda(meeting, RELIGION)

    def extraordinary_session(self) -> Story:
        """An extraordinary session on the akim's initiative (§5.10): its agenda goes out at once."""
        day = self.ahead(2)
        yield local_moment(self.days.back(1), 17)
        meeting = self.plan(
            "session",
            day,
            10,
            title_kk="Әкімдіктің кезектен тыс отырысы",
            title_ru="Внеочередное заседание акимата",
            invited=("zhanaturmys.akim", "construction.head", "housing.head"),
            is_extraordinary=True,
        )
        yield local_moment(self.days.back(1), 17, 15)
        self.agenda(meeting, EMERGENCY)

    def reminders(self) -> Story:
        """The daily scans of the beat: materials due and missing, the packages (§5.8, §5.17), visas."""
        for back in range(REMINDER_DAYS, -1, -1):
            yield local_moment(self.days.back(back), 8, 40)
            services.remind_materials(timezone.now())
            approvals.remind(timezone.now())

    # -- the run

    def stories(self) -> list[Story]:
        return [
            self.adopted_session(),
            self.apparatus_drafted_late(),
            self.session_without_quorum(),
            self.cancelled(),
            self.protocol_missing(),
            self.on_approval(),
            self.upcoming_session(),
            self.apparatus_this_week(),
            self.closed_meeting(),
            self.extraordinary_session(),
            self.reminders(),
        ]

    def run(self) -> None:
        # the replayed past was e-mailed when it happened, and read but for the last two working days
        made = self.timeline.replay(self.stories(), read_before=local_moment(self.days.back(2), 0))
        self.ctx.created[_("Notifications about meetings")] += made


DEMO_USERNAMES = tuple(spec.username for spec in PEOPLE)


def seed_members(ctx: SeedContext) -> None:
    """The members of the akimat (§5.4), through services.add_member by the head of apparatus; one already listed
    (an administrator's list) is left as it is."""
    since = datetime.date(workdays.today().year - 1, 1, 1)
    actor = ctx.people["apparatus.head"].user
    for key in MEMBERS:
        person = ctx.people[key]
        present = AkimatMember.objects.filter(person=person).exists()
        if not present:
            services.add_member(actor=actor, person=person, since=since)
        ctx.record(_("Members of the akimat"), created=not present)
    ctx.report(_("Members of the akimat"))


def demo_is_present() -> bool:
    """The marker: a demo login has planned a meeting (a second run adds none)."""
    return Meeting.objects.filter(created_by__username__in=DEMO_USERNAMES).exists()


def seed_meetings(ctx: SeedContext) -> None:
    """The demo's meetings and protocols, replayed through meetings.services (once)."""
    if demo_is_present():
        ctx.present[_("Meetings")] += Meeting.objects.count()
        ctx.report(_("Meetings"))
        return
    MeetingsSeeder(ctx, timezone.now()).run()
    kinds = (
        _("Meetings"),
        _("Agenda items"),
        _("Materials for meetings"),
        _("Protocols"),
        _("Visas on protocols"),
        _("Points of protocols on control"),
        _("Notifications about meetings"),
    )
    for kind in kinds:
        ctx.report(kind)


SEED_STEPS: list[Callable[[SeedContext], None]] = [seed_members, seed_meetings]
