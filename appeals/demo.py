"""Demo appeals and personal reception for `seed_demo` (issue #15 §4): the last six weeks of the Baidibek akimat's
citizens' appeals and reception days, replayed through appeals.services and appeals.reception.services.

Every appeal, notice, resolution, extension, hearing, answer, forwarding, schedule line, reception day, sign-up,
refusal, reception card and cancellation is made by the service a person would have used, so numbers (the appeals'
own journal, §13.3), history, grants (SPEC §8), control items and notifications are the ones the product makes. As
in correspondence/demo.py (whose clock and timeline this module uses) and meetings/demo.py, each step runs with
Django's clock set to the moment it took place, the stories are laid out relative to today through the working-day
calendar (akimat.workdays), and nothing is replayed after the real moment of the run; the steps of all the stories
run in time order, so the journal's numbers follow the registration dates. The reception sub-app
(appeals.reception) has no demo of its own: its stories are here, as seed_demo only looks at top-level apps.

The people are those of seed_demo: the appeals department's chief specialist (appeals.officer) registers the
appeals, sends them to the officials and organises the reception; its head (appeals.head) sets the term to fix a
deficient appeal (§13.7) and signs the forwardings (§13.9, §13.11); the akim, the deputies and the head of apparatus
write the resolutions and extend the terms (§13.8, APPK art. 76); the heads of the executing bodies and the rural
akims answer.

A demo login finds (relative to today): an appeal registered today, not yet sent; one deficient with its term to fix
it running, one returned after its term passed, one fixed and sent to the akim awaiting the resolution; appeals on
consideration with their executors — within the term, near it (amber), overdue (red, with an interim reply), extended
with the applicant told, with a preliminary decision told and the applicant heard (APPK art. 73), a collective one
(two applicants), the written appeal of a visitor of the reception; answered finally (off control) on time and late;
forwarded to the competent body (§13.9) and a complaint sent to the lower body (§13.11); an anonymous one closed; a
repeat linked to an earlier answered appeal — every kind and channel at least once. The reception: the akim's and a
deputy's schedule, a day held last week with its cards (instructions on control, a written appeal registered), the
next working day's reception of a deputy with a person with a disability first in the queue, a refused sign-up
("already answered", 001 §14), and a cancelled day of the akim with the notices to those signed up (001 §15).

Idempotent: the demo's appeals are present once the demo appeals officer has registered one (the marker); a second
run then adds nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from akimat.identifiers import check_digit
from akimat.management.commands.seed_demo import SeedContext
from akimat.models import OrgUnit, Person, RegulationProfile
from appeals import services
from appeals.models import Appeal, AppealResolution, Channel, Kind, Language, Result
from appeals.reception import services as reception
from appeals.reception.models import (
    CardInstruction,
    PriorityCategory,
    ReceptionCard,
    ReceptionDay,
    ReceptionLanguage,
    ScheduleEntry,
    Signup,
)
from correspondence.demo import Days, Story, Timeline, local_moment

OFFICER = "appeals.officer"  # registers, sends, organises the reception (§13.2, §14.2)
HEAD = "appeals.head"  # sets the term to fix an appeal (§13.7), signs the forwardings (§13.9, §13.11)
MARKER_USERNAME = OFFICER  # the demo's appeals are the ones its appeals officer registered
#: the daily list of §14.2 (beat) is replayed for the last working days only
LIST_DAYS = 7

DISTRICT = "Түркістан облысы, Бәйдібек ауданы"
RECEPTION_ROOM = ("Аудан әкімдігінің қоғамдық қабылдау бөлмесі, Шаян ауылы, Әл-Фараби алаңы, 1",
                  "Общественная приёмная акимата района, село Шаян, площадь Аль-Фараби, 1")  # fmt: skip


def iin(birth: str, century_sex: int, serial: int) -> str:
    """A valid IIN (akimat.identifiers): the date of birth YYMMDD, the century-and-sex digit, a serial number from
    which the first one that gives a check digit is taken, and the check digit."""
    for number in range(serial, serial + 50):
        first = f"{birth}{century_sex}{number:04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
    raise ValueError(birth)


def bin_number(prefix: str) -> str:
    """A valid BIN: the ten digits given (year, month, type…), a serial digit and the check digit."""
    for serial in range(10):
        first = f"{prefix}{serial}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
    raise ValueError(prefix)


def person(surname: str, first_name: str, patronymic: str, address: str, *, iin_: str = "", phone: str = "",
           email: str = "") -> services.ApplicantData:  # fmt: skip
    return services.ApplicantData(
        surname=surname, first_name=first_name, patronymic=patronymic, iin=iin_, address=f"{DISTRICT}, {address}",
        phone=phone, email=email,
    )  # fmt: skip


# --- the applicants (Kazakh and Russian names of the district; IINs computed with their check digit, or none) ---

SERIKBAEV = person("Серікбаев", "Нұрлан", "Асқарұлы", "Шаян ауылы, Төле би көшесі, 12",
                   iin_=iin("780412", 3, 1024), phone="+7 701 345 12 08")  # fmt: skip
IVANOVA = person("Иванова", "Татьяна", "Петровна", "село Шаян, улица Абая, 45, кв. 3", phone="+7 705 112 40 17")
ABDIKHALYKOV = person("Әбдіхалықов", "Бақытжан", "Сейітұлы", "Жаңатұрмыс ауылы, Бейбітшілік көшесі, 7",
                      iin_=iin("650923", 3, 2310))  # fmt: skip
KIM = person("Ким", "Владимир", "Николаевич", "село Шаян, улица Жибек жолы, 21", iin_=iin("590305", 3, 1501),
             email="v.kim.shayan@mail.kz")  # fmt: skip
OSPANOVA = person("Оспанова", "Гүлнәр", "Тұрсынқызы", "Ақбастау ауылы, Мектеп көшесі, 4",
                  iin_=iin("820117", 4, 3307), phone="+7 747 208 55 61")  # fmt: skip
TURSYNOV = person("Тұрсынов", "Ерболат", "Мұратұлы", "Шаян ауылы, Қонаев көшесі, 33", iin_=iin("900630", 3, 4410))
PETRENKO = person("Петренко", "Ольга", "Викторовна", "село Шаян, микрорайон Самал, дом 6, кв. 18",
                  phone="+7 702 777 31 90")  # fmt: skip
ZHUMABEKOVA = person("Жұмабекова", "Айгерім", "Болатқызы", "Шаян ауылы, Абылай хан көшесі, 58",
                     iin_=iin("950214", 4, 5120), phone="+7 776 401 22 13")  # fmt: skip
NURMAKHANOV = person("Нұрмаханов", "Қайрат", "Әбілұлы", "Жаңатұрмыс ауылы, Орталық көшесі, 15",
                     iin_=iin("700808", 3, 6231))  # fmt: skip
SMAGULOVA = person("Смағұлова", "Роза", "Қуанышқызы", "Жаңатұрмыс ауылы, Орталық көшесі, 19")
BEKOVA = person("Бекова", "Сәуле", "Нұрланқызы", "Шаян ауылы, Байтұрсынов көшесі, 9", iin_=iin("880521", 4, 7012))
SIDOROV = person("Сидоров", "Алексей", "Иванович", "село Шаян, улица Гагарина, 14", iin_=iin("570112", 3, 1880))
AKHMETOVA = person("Ахметова", "Дана", "Серікқызы", "Ақбастау ауылы, Жастар көшесі, 2",
                   iin_=iin("920903", 4, 8125))  # fmt: skip
YESENOV = person("Есенов", "Марат", "Жақсыбекұлы", "Шаян ауылы, Желтоқсан көшесі, 27", iin_=iin("480509", 3, 9031))
KASYMOVA = person("Касымова", "Елена", "Ахметовна", "село Шаян, улица Пушкина, 3", phone="+7 708 611 02 44")
MUSABEKOV = person("Мусабеков", "Тимур", "Ерланович", "село Шаян, улица Абая, 70", iin_=iin("850826", 3, 2044))
ALIEVA = person("Әлиева", "Мөлдір", "Асқарқызы", "Ақбастау ауылы, Бірлік көшесі, 11", iin_=iin("010415", 6, 3051))
KARIMOV = person("Каримов", "Руслан", "Бахтиярович", "село Жанатурмыс, улица Степная, 8")
BAIDIBEK_AGRO = services.ApplicantData(
    type="legal_entity", organisation="«Бәйдібек Агро» ЖШС / ТОО «Байдибек Агро»", bin=bin_number("1403400051"),
    address=f"{DISTRICT}, Шаян ауылы, Өндіріс көшесі, 2", email="info@baidibek-agro.kz",
)  # fmt: skip


def plural(model) -> str:
    """The name of a model's objects as the counters of seed_demo print it ("Reception cards")."""
    return str(capfirst(model._meta.verbose_name_plural))


def pdf(name: str) -> SimpleUploadedFile:
    """A small PDF standing in for the signed answer."""
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


# --- the stories ------------------------------------------------------------------------------------------------


@dataclass
class AppealsSeeder:
    ctx: SeedContext
    now: datetime.datetime
    days: Days = field(init=False)
    timeline: Timeline = field(init=False)
    answers: int = field(default=0, init=False)
    appeals: dict[str, Appeal] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.days = Days(timezone.localdate(self.now))
        self.timeline = Timeline(self.now)

    # -- the cast

    def person(self, key: str) -> Person:
        return self.ctx.people[key]

    def user(self, key: str):
        return self.ctx.people[key].user

    def executor(self, key: str) -> Person | OrgUnit:
        """A person by username, or an executing body or rural akim's apparatus by "@unit"."""
        return self.ctx.units[key[1:]] if key.startswith("@") else self.ctx.people[key]

    def executor_user(self, key: str):
        """Who acts for an executor: the person, or the head of the body."""
        found = self.executor(key)
        return found.user if isinstance(found, Person) else found.head.user

    def ahead(self, n: int) -> datetime.date:
        """The n-th working day after today."""
        return self.days.after(self.days.today, n)

    # -- steps used by the stories

    def register(self, received: datetime.date, hour: int, minute: int, **values) -> Appeal:
        """The appeals officer registers an appeal received at that moment (APPK art. 63–64, §13.3)."""
        addressee = values.pop("addressee", None)
        about = values.pop("complaint_about", None)
        # a paper appeal is signed and dated by the applicant (APPK art. 63), a few days before it came
        paper = values["channel"] in {Channel.POST, Channel.IN_PERSON}
        values.setdefault("signed", paper)
        values.setdefault("dated_on", received - datetime.timedelta(days=2) if paper else None)
        data = services.AppealData(
            received_at=local_moment(received, hour, minute),
            addressee=self.person(addressee) if addressee else None,
            complaint_about=self.person(about) if about else None,
            **values,
        )
        appeal = services.register_appeal(actor=self.user(OFFICER), data=data)
        self.ctx.record(_("Appeals"), created=True)
        return appeal

    def send(self, appeal: Appeal, official: str | None = None) -> None:
        """§13.8: to the official it is addressed to (or the one the appeals department names)."""
        services.send_to_official(
            appeal, actor=self.user(OFFICER), official=self.person(official) if official else None
        )

    def resolve(self, appeal: Appeal, official: str, lead: str, text: str, co: tuple[str, ...] = ()) -> None:
        """§13.8: the official's resolution: executors and the term of APPK art. 76, on control."""
        services.resolve(
            appeal, actor=self.user(official), lead=self.executor(lead),
            co_executors=[self.executor(key) for key in co], text=text,
        )  # fmt: skip
        self.ctx.record(plural(AppealResolution), created=True)

    def answer(self, appeal: Appeal, by: str, result: str, text: str, grounds: str = "") -> None:
        """The final reasoned answer (§13.4, 001 §33), with its file and outgoing number: off control."""
        self.answers += 1
        services.answer(
            appeal, actor=self.executor_user(by), result=result, text=text, grounds=grounds,
            file=pdf(f"answer-{appeal.number}.pdf"), outgoing_number=f"{appeal.number}/{self.answers}",
        )  # fmt: skip

    # -- the appeals, oldest first

    def answered_late(self) -> Story:
        """An oral appeal recorded by the employee (§13.10): the bridge; answered two working days after its term."""
        received = self.days.back(32)
        yield local_moment(received, 11)
        appeal = self.register(
            received, 11, 0, channel=Channel.ORAL, language=Language.RUSSIAN, addressee="deputy.infra",
            summary="Просит отремонтировать пешеходный мост через арык на улице Степной в селе Жанатурмыс: настил "
            "прогнил, по мосту ходят дети в школу.",
            applicants=[KARIMOV],
        )  # fmt: skip
        self.appeals["late"] = appeal
        yield local_moment(received, 14)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 10)
        self.resolve(appeal, "deputy.infra", "@construction", "Қарап, мерзімінде жауап беріңіз.", co=("@zhanaturmys",))
        yield local_moment(self.days.back(14), 16)
        self.answer(
            appeal, "@construction", Result.EXPLAINED,
            "Разъяснено: ремонт моста включён в план текущего ремонта на II квартал, до начала работ установлено "
            "временное ограждение.",
        )  # fmt: skip

    def answered_on_time(self) -> Story:
        """e-Otinish: drinking water in Akbastau; answered (satisfied) within the term, off control."""
        received = self.days.back(30)
        yield local_moment(received, 9, 40)
        appeal = self.register(
            received, 9, 40, channel=Channel.E_OTINISH, external_number="ЖТ-Е-2026-018734", addressee="deputy.infra",
            summary="Ақбастау ауылының Мектеп көшесінде бір айдан бері ауыз су жоқ, су құбырын жөндеуді сұраймын.",
            applicants=[OSPANOVA],
        )  # fmt: skip
        self.appeals["water"] = appeal
        yield local_moment(received, 11)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 9, 30)
        self.resolve(appeal, "deputy.infra", "@akbastau", "Су құбырын жөндеу шараларын қабылдап, жауап беріңіз.",
                     co=("@housing",))  # fmt: skip
        yield local_moment(self.days.back(19), 15)
        self.answer(
            appeal,
            "@akbastau",
            Result.SATISFIED,
            "Мектеп көшесіндегі су құбырының апатты учаскесі ауыстырылды, ауыз су беру қалпына келтірілді.",
        )

    def response(self) -> Story:
        """The website: a response (отклик) on the draft plan of the district's development; answered on time."""
        received = self.days.back(24)
        yield local_moment(received, 16, 20)
        appeal = self.register(
            received, 16, 20, channel=Channel.WEBSITE, kind=Kind.RESPONSE, addressee="deputy.economy",
            language=Language.RUSSIAN,
            summary="Отклик на проект плана развития района: предлагаю предусмотреть в плане строительство "
            "спортивной площадки в микрорайоне Самал села Шаян.",
            applicants=[PETRENKO],
        )  # fmt: skip
        yield local_moment(self.days.after(received, 1), 10)
        self.send(appeal)
        yield local_moment(self.days.after(received, 2), 11)
        self.resolve(appeal, "deputy.economy", "economy.head", "Рассмотреть при доработке проекта плана.")
        yield local_moment(self.days.back(16), 14)
        self.answer(
            appeal,
            "economy.head",
            Result.EXPLAINED,
            "Ваше предложение учтено при доработке проекта плана развития района на 2026–2030 годы.",
        )

    def request(self) -> Story:
        """E-mail: a request (запрос) of a legal entity for the terms of a land lease auction; answered."""
        received = self.days.back(20)
        yield local_moment(received, 10, 15)
        appeal = self.register(
            received, 10, 15, channel=Channel.EMAIL, kind=Kind.REQUEST, addressee="deputy.economy",
            language=Language.RUSSIAN,
            summary="Запрос о сроках и условиях проведения аукциона на право аренды земель сельскохозяйственного "
            "назначения в сельском округе Шаян.",
            applicants=[BAIDIBEK_AGRO],
        )  # fmt: skip
        yield local_moment(received, 15)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 9, 30)
        self.resolve(appeal, "deputy.economy", "@agriculture", "Предоставить информацию в установленный срок.")
        yield local_moment(self.days.back(12), 11)
        self.answer(
            appeal,
            "@agriculture",
            Result.SATISFIED,
            "Информация о перечне земельных участков, сроках и условиях аукциона направлена заявителю.",
        )

    def overdue(self) -> Story:
        """Post: no heating in a block of flats; on consideration past its term (red), an interim reply sent."""
        received = self.days.back(19)
        yield local_moment(received, 11, 30)
        appeal = self.register(
            received, 11, 30, channel=Channel.POST, addressee="deputy.infra", language=Language.RUSSIAN,
            summary="Жильцы дома № 6 микрорайона Самал села Шаян просят восстановить отопление: батареи в "
            "квартирах третьего этажа холодные с начала месяца.",
            applicants=[SIDOROV],
        )  # fmt: skip
        yield local_moment(received, 15)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 10)
        self.resolve(appeal, "deputy.infra", "@housing", "Обследовать систему отопления дома, принять меры.",
                     co=("@shayan",))  # fmt: skip
        yield local_moment(self.days.back(8), 16)
        services.answer(
            appeal, actor=self.executor_user("@housing"), is_final=False,
            text="Промежуточный ответ: проведено обследование, заказаны запорная арматура и насос, работы будут "
            "выполнены после поставки.",
        )  # fmt: skip

    def extended(self) -> Story:
        """e-Otinish: a land plot for an individual house; the akim extends the term (APPK art. 76), the applicant
        is told within the profile's term."""
        received = self.days.back(14)
        yield local_moment(received, 9, 20)
        appeal = self.register(
            received, 9, 20, channel=Channel.E_OTINISH, external_number="ЖТ-Е-2026-021455", addressee="akim",
            summary="Жеке тұрғын үй құрылысы үшін жер телімін беру кезегіне қоюды және кезектегі нөмірімді "
            "хабарлауды сұраймын.",
            applicants=[TURSYNOV],
        )  # fmt: skip
        yield local_moment(received, 11)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 12)
        self.resolve(appeal, "akim", "@construction", "Кезекке қою мәселесін қарап, жауап беріңіз.")
        yield local_moment(self.days.back(3), 11)
        appeal.refresh_from_db()
        new_due = min(self.days.after(appeal.due_on, 10), services.extension_cap(appeal))
        extension = services.extend(
            appeal, actor=self.user("akim"), new_due=new_due,
            reason="Жер телімінің шекарасын нақтылау үшін жерге орналастыру ісін сұрату қажет.",
        )  # fmt: skip
        yield local_moment(self.days.back(2), 10)
        services.tell_extension(
            extension, actor=self.user(OFFICER),
            text="Өтінішіңізді қарау мерзімі жерге орналастыру ісін сұратуға байланысты ұзартылды.",
        )  # fmt: skip

    def amber(self) -> Story:
        """e-Otinish: a school bus for the children of a far quarter; on consideration, its term in two working
        days (amber)."""
        received = self.days.back(13)
        yield local_moment(received, 10, 5)
        appeal = self.register(
            received, 10, 5, channel=Channel.E_OTINISH, external_number="ЖТ-Е-2026-021873",
            addressee="deputy.social",
            summary="Жаңатұрмыс ауылының шеткі көшелеріндегі балаларды мектепке тасымалдайтын автобус бөлуді "
            "сұраймыз: балалар күн сайын 4 шақырым жаяу жүреді.",
            applicants=[NURMAKHANOV],
        )  # fmt: skip
        yield local_moment(received, 12)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 11)
        self.resolve(appeal, "deputy.social", "@education", "Мектеп автобусының бағытын қарастырып, жауап беріңіз.")

    def preliminary(self) -> Story:
        """E-mail: rented housing from the communal fund; the executor tells the applicant of a preliminary partial
        satisfaction and hears her (APPK art. 73); the decision is due."""
        received = self.days.back(11)
        yield local_moment(received, 14, 40)
        appeal = self.register(
            received, 14, 40, channel=Channel.EMAIL, addressee="akim", language=Language.RUSSIAN,
            summary="Прошу предоставить арендное жильё из коммунального жилищного фонда: многодетная семья, стою в "
            "очереди на жильё с 2019 года.",
            applicants=[KIM],
        )  # fmt: skip
        yield local_moment(received, 16)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 10, 30)
        self.resolve(appeal, "akim", "@housing", "Рассмотреть с учётом очерёдности, дать ответ.")
        yield local_moment(self.days.back(5), 15)
        notice = services.notify_preliminary(
            appeal, actor=self.executor_user("@housing"), proposed_result=Result.PARTLY_SATISFIED,
            text="Предварительное решение: свободного арендного жилья нет; заявитель сохраняет место в очереди "
            "(№ 14), будет включён в список на распределение квартир в доме, сдаваемом в III квартале.",
        )  # fmt: skip
        yield local_moment(self.days.back(3), 11)
        services.record_hearing(
            notice, actor=self.executor_user("@housing"), heard_on=self.days.back(3),
            text="Заявитель не согласна, просит временно предоставить жильё из резервного фонда.",
        )  # fmt: skip

    def returned(self) -> Story:
        """E-mail without the postal address (APPK art. 63): the head sets a term (§13.7), nothing comes, returned."""
        received = self.days.back(12)
        yield local_moment(received, 10, 50)
        appeal = self.register(
            received, 10, 50, channel=Channel.EMAIL, addressee="deputy.infra", language=Language.RUSSIAN,
            summary="Прошу установить дорожные знаки и «лежачих полицейских» возле школы № 12 в селе Шаян.",
            applicants=[services.ApplicantData(surname="Мусин", first_name="Даурен", email="d.musin@mail.kz")],
        )  # fmt: skip
        yield local_moment(self.days.after(received, 1), 9, 30)
        services.mark_deficient(
            appeal, actor=self.user(HEAD), term_days=3,
            text="Обращение не содержит почтового адреса заявителя (ст. 63 АППК).",
        )  # fmt: skip
        yield local_moment(self.days.back(6), 10)
        services.return_unfixed(appeal, actor=self.user(OFFICER), reason="В установленный срок адрес не сообщён.")

    def anonymous(self) -> Story:
        """The website, anonymous: closed without consideration (SPEC §8)."""
        received = self.days.back(9)
        # sent after the working day: registered the next one (APPK art. 64)
        yield local_moment(self.days.after(received, 1), 9, 10)
        self.register(
            received, 21, 15, channel=Channel.WEBSITE, kind=Kind.MESSAGE, is_anonymous=True, addressee="akim",
            summary="Шаян ауылының шетінде, Арыс өзенінің жағасында тұрмыстық қоқыс заңсыз төгіліп жатыр.",
        )  # fmt: skip

    def collective(self) -> Story:
        """Post, two applicants (collective): the road of their street; on consideration within the term."""
        received = self.days.back(8)
        yield local_moment(received, 11, 10)
        appeal = self.register(
            received, 11, 10, channel=Channel.POST, addressee="deputy.infra", is_collective=True,
            summary="Жаңатұрмыс ауылының Орталық көшесінің тұрғындары көшеге асфальт төсеуді және жаңбыр суын "
            "бұратын арық салуды сұрайды.",
            applicants=[SMAGULOVA, NURMAKHANOV],
        )  # fmt: skip
        yield local_moment(received, 15, 30)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 11)
        self.resolve(appeal, "deputy.infra", "@zhanaturmys", "Көшені жөндеу жоспарына енгізу мәселесін қараңыз.",
                     co=("@construction",))  # fmt: skip

    def forwarded(self) -> Story:
        """In person: a pension recalculation, outside the akimat's competence — forwarded (§13.9) in the term."""
        received = self.days.back(7)
        yield local_moment(received, 15)
        appeal = self.register(
            received, 15, 0, channel=Channel.IN_PERSON, addressee="akim",
            summary="Зейнетақымды қайта есептеуді сұраймын: 1990–1995 жылдардағы еңбек өтілім есепке алынбаған.",
            applicants=[YESENOV],
        )  # fmt: skip
        yield local_moment(self.days.after(received, 1), 10)
        services.forward(
            appeal, actor=self.user(HEAD),
            body="«Азаматтарға арналған үкімет» мемлекеттік корпорациясының Бәйдібек аудандық бөлімі",
            notice="Өтінішіңіз қарау құзыретіне сәйкес Мемлекеттік корпорацияның аудандық бөліміне жіберілді.",
        )  # fmt: skip

    def green(self) -> Story:
        """The website: a proposal to plant a park; on consideration, well within the term."""
        received = self.days.back(5)
        yield local_moment(received, 9, 35)
        appeal = self.register(
            received, 9, 35, channel=Channel.WEBSITE, kind=Kind.PROPOSAL, addressee="deputy.infra",
            summary="Шаян ауылындағы бос алаңға саябақ салып, ағаш отырғызуды ұсынамын; тұрғындар сенбілікке "
            "шығуға дайын.",
            applicants=[ZHUMABEKOVA],
        )  # fmt: skip
        yield local_moment(received, 14)
        self.send(appeal)
        yield local_moment(self.days.after(received, 1), 10)
        self.resolve(appeal, "deputy.infra", "@housing", "Ұсынысты көгалдандыру жоспарына енгізуді қараңыз.",
                     co=("@shayan",))  # fmt: skip

    def complaint_to_lower_body(self) -> Story:
        """e-Otinish: a complaint about the rural akim's inaction on street lighting, sent to that body (§13.11)."""
        received = self.days.back(4)
        yield local_moment(received, 10, 25)
        appeal = self.register(
            received, 10, 25, channel=Channel.E_OTINISH, kind=Kind.COMPLAINT,
            external_number="ЖТ-Е-2026-023310", addressee="akim", complaint_about="shayan.akim",
            summary="Шаян ауылдық округі әкімінің әрекетсіздігіне шағым: Төле би көшесіндегі көше шамдары үш ай "
            "бойы жанбайды, өтінішім жауапсыз қалды.",
            applicants=[SERIKBAEV],
        )  # fmt: skip
        yield local_moment(self.days.after(received, 1), 11)
        services.forward(
            appeal, actor=self.user(HEAD), lower_body=True, body="Шаян ауылдық округі әкімінің аппараты",
            notice="Шағымыңыз §13.11 бойынша шешім қабылдау үшін Шаян ауылдық округі әкімінің аппаратына жіберілді.",
        )  # fmt: skip

    def deficient(self) -> Story:
        """Post, unsigned and undated (APPK art. 63): the head sets the term to fix it, still running (§13.7)."""
        received = self.days.back(3)
        yield local_moment(received, 12, 10)
        appeal = self.register(
            received, 12, 10, channel=Channel.POST, addressee="deputy.social", language=Language.RUSSIAN,
            signed=False, dated_on=None,
            summary="Прошу выделить место в детском саду для сына 2022 года рождения в селе Шаян.",
            applicants=[KASYMOVA],
        )  # fmt: skip
        yield local_moment(self.days.after(received, 1), 9, 15)
        services.mark_deficient(
            appeal, actor=self.user(HEAD), term_days=5,
            text="Обращение не подписано и не датировано заявителем: подпишите его и укажите дату (ст. 63 АППК).",
        )  # fmt: skip

    def fixed_and_sent(self) -> Story:
        """In person, undated: the head sets a term (§13.7), the applicant dates it, it goes to the akim (§13.8) and
        awaits the resolution."""
        received = self.days.back(3)
        yield local_moment(received, 16, 30)
        appeal = self.register(
            received, 16, 30, channel=Channel.IN_PERSON, addressee="akim", language=Language.RUSSIAN, dated_on=None,
            summary="Прошу отремонтировать дорогу по улице Гагарина в селе Шаян: после дождей проезд невозможен.",
            applicants=[MUSABEKOV],
        )  # fmt: skip
        yield local_moment(self.days.back(2), 9, 40)
        services.mark_deficient(
            appeal, actor=self.user(HEAD), term_days=2, text="Обращение не датировано заявителем (ст. 63 АППК)."
        )
        yield local_moment(self.days.back(2), 15, 20)
        services.fix_deficiency(
            appeal, actor=self.user(OFFICER), corrections=services.Corrections(dated_on=self.days.back(2)),
            comment="Заявитель пришёл и датировал обращение.",
        )  # fmt: skip
        yield local_moment(self.days.back(1), 9, 30)
        self.send(appeal)

    def sent(self) -> Story:
        """Messenger: a message about a burst water main; sent to the deputy, resolved to the housing body."""
        received = self.days.back(2)
        yield local_moment(received, 8, 20)
        appeal = self.register(
            received, 8, 20, channel=Channel.MESSENGER, kind=Kind.MESSAGE, addressee="deputy.infra",
            summary="Шаян ауылы, Абылай хан көшесі, 40 үйдің жанында су құбыры жарылып, көше су астында қалды.",
            applicants=[BEKOVA],
        )  # fmt: skip
        yield local_moment(received, 9, 30)
        self.send(appeal)
        yield local_moment(self.days.back(1), 10)
        self.resolve(appeal, "deputy.infra", "@housing", "Апатты жедел жойып, тұрғындарға хабарлаңыз.")

    def repeat(self) -> Story:
        """e-Otinish: the same applicant on the same water again — linked as a repeat of the answered appeal."""
        received = self.days.back(1)
        yield local_moment(received, 14, 45)
        appeal = self.register(
            received, 14, 45, channel=Channel.E_OTINISH, external_number="ЖТ-Е-2026-024051",
            addressee="deputy.infra",
            summary="Ақбастау ауылының Мектеп көшесінде ауыз су тағы да жоқ, су құбырын толық ауыстыруды сұраймын.",
            applicants=[OSPANOVA],
        )  # fmt: skip
        yield local_moment(received, 16, 10)
        self.send(appeal)

    def today(self) -> Story:
        """e-Otinish: street lighting, registered this morning, not yet sent."""
        received = self.days.back(0)
        yield local_moment(received, 9, 5)
        self.register(
            received, 9, 5, channel=Channel.E_OTINISH, external_number="ЖТ-Е-2026-024398", addressee="akim",
            summary="Шаян ауылы, Қонаев көшесіндегі көше жарығын қалпына келтіруді сұраймын: кешке балалар "
            "қараңғыда жүреді.",
            applicants=[AKHMETOVA],
        )  # fmt: skip

    # -- personal reception (§14; 001 where the regulations in force are silent)

    def schedule(self, official: str, weekday: int, start: int, end: int, *, video: bool = False) -> ScheduleEntry:
        """A line of the schedule approved by the akim (§14.1), kept by the appeals department."""
        entry = reception.save_schedule_entry(
            actor=self.user(OFFICER),
            data=reception.ScheduleData(
                official=self.person(official), weekday=weekday, starts_at=datetime.time(start),
                ends_at=datetime.time(end), place_kk=RECEPTION_ROOM[0], place_ru=RECEPTION_ROOM[1],
                video_allowed=video,
            ),
        )  # fmt: skip
        self.ctx.record(plural(ScheduleEntry), created=True)
        return entry

    def day(self, entry: ScheduleEntry, date: datetime.date) -> ReceptionDay:
        """A reception day of the official of a schedule line (outside it, 001 §8, when the date is not its)."""
        made = reception.create_day(
            actor=self.user(OFFICER),
            data=reception.DayData(
                official=entry.official, date=date, starts_at=entry.starts_at, ends_at=entry.ends_at,
                place_kk=entry.place_kk, place_ru=entry.place_ru,
            ),
            schedule=entry if reception.occurs_on(entry, date) else None,
        )  # fmt: skip
        self.ctx.record(_("Reception days"), created=True)
        return made

    def sign_up(self, day: ReceptionDay, applicant: services.ApplicantData, question: str, **values) -> Signup:
        signup = reception.sign_up(
            actor=self.user(OFFICER),
            day=day,
            data=reception.SignupData(applicant=applicant, question=question, **values),
        )
        self.ctx.record(plural(Signup), created=True)
        return signup

    def card(self, signup: Signup, answer: str, instructions: list[reception.InstructionData]) -> ReceptionCard:
        """The visitor's card (§14.4, 001 §23), completed: its instructions go on control."""
        officer = self.user(OFFICER)
        card = reception.start_card(signup, actor=officer)
        card = reception.save_card(
            card, actor=officer,
            data=reception.CardData(asked=signup.question, answer=answer, instructions=instructions),
        )  # fmt: skip
        for _item in reception.complete_card(card, actor=officer):
            self.ctx.record(plural(CardInstruction), created=True)
        self.ctx.record(plural(ReceptionCard), created=True)
        return card

    def reception_held(self, akim: ScheduleEntry) -> Story:
        """The akim's reception a week ago (§14.3: the head of apparatus and the heads of bodies attend): a veteran
        received first (001 §11), a mother whose written appeal is registered (001 §25) and goes to the akim, one
        who did not come; the cards' instructions on control."""
        date = self.days.back(5)
        yield local_moment(self.days.back(10), 10)
        day = self.day(akim, date)
        reception.set_invited(
            day, actor=self.user(OFFICER),
            persons=[self.person(key) for key in ("apparatus.head", "housing.head", "education.head", "shayan.akim")],
        )  # fmt: skip
        yield local_moment(self.days.back(9), 11)
        mother = self.sign_up(
            day, ALIEVA, "Балабақшаға орын беру, кезек үш жылдан бері жылжымайды.", language=ReceptionLanguage.KAZAKH
        )
        yield local_moment(self.days.back(8), 15)
        absent = self.sign_up(
            day, IVANOVA, "Вопрос о перерасчёте платы за вывоз мусора.", language=ReceptionLanguage.RUSSIAN
        )
        yield local_moment(self.days.back(7), 10, 30)
        veteran = self.sign_up(
            day, ABDIKHALYKOV, "Үйге баратын көшеде жарық жоқ, жол жөнделмеген.",
            priority=PriorityCategory.COMBAT_VETERAN, priority_document="Ауғанстан ардагерінің куәлігі № 014522",
        )  # fmt: skip
        officer = self.user(OFFICER)
        yield local_moment(date, 10, 5)
        reception.mark_received(veteran, actor=officer)
        self.card(
            veteran,
            "Көше жарығы мен жолды жөндеу ауылдық округтің жоспарына енгізілетіні түсіндірілді.",
            [
                reception.InstructionData(
                    "Бейбітшілік көшесіндегі көше жарығын қалпына келтіріп, өтініш берушіге хабарлансын.",
                    self.executor("@zhanaturmys"), self.days.after(date, 10),
                ),
                reception.InstructionData(
                    "Бейбітшілік көшесінің жолын ағымдағы жөндеу жоспарына енгізу мәселесі қаралсын.",
                    self.executor("@construction"), self.days.after(date, 20),
                ),
            ],
        )  # fmt: skip
        yield local_moment(date, 10, 35)
        reception.mark_received(mother, actor=officer)
        card = self.card(
            mother,
            "Балабақша кезегінің тәртібі түсіндірілді; жазбаша өтініш қабылданды.",
            [
                reception.InstructionData(
                    "Ақбастау ауылындағы балабақшада орын беру мүмкіндігі қаралып, жауап берілсін.",
                    self.executor("education.head"), self.days.after(date, 15),
                )
            ],
        )  # fmt: skip
        appeal = reception.register_written_appeal(
            card, actor=officer, summary="Ақбастау ауылындағы балабақшаға 2021 жылы туған қызыма орын беруді сұраймын."
        )
        self.ctx.record(_("Appeals"), created=True)
        yield local_moment(date, 12, 40)
        reception.mark_absent(absent, actor=officer)
        yield local_moment(date, 15)
        self.send(appeal)
        yield local_moment(self.days.after(date, 1), 10)
        self.resolve(appeal, "akim", "@education", "Орын беру мүмкіндігін қарап, жауап беріңіз.")

    def reception_next(self, deputy: ScheduleEntry) -> Story:
        """The infrastructure deputy's reception on the next working day: three signed up, a person with a
        disability (signed up last) first in the queue (001 §11); a sign-up refused as already answered (001 §14)."""
        yield local_moment(self.days.back(4), 10, 15)
        day = self.day(deputy, self.ahead(1))
        reception.set_invited(day, actor=self.user(OFFICER), persons=[self.person("housing.head")])
        yield local_moment(self.days.back(3), 11, 20)
        self.sign_up(
            day, PETRENKO, "Ремонт крыши многоквартирного дома № 6 в микрорайоне Самал.",
            language=ReceptionLanguage.RUSSIAN,
        )  # fmt: skip
        yield local_moment(self.days.back(2), 15, 40)
        self.sign_up(day, BEKOVA, "Абылай хан көшесіндегі су құбырын толық ауыстыру.")
        yield local_moment(self.days.back(2), 16, 30)
        # 001 §14: he was answered on the bridge — the earlier answer is named
        reception.refuse_sign_up(
            actor=self.user(OFFICER), official=self.person("deputy.infra"),
            data=reception.SignupData(applicant=KARIMOV, question="Ремонт пешеходного моста на улице Степной.",
                                      language=ReceptionLanguage.RUSSIAN),
            ground=Signup.Refusal.ALREADY_ANSWERED, answered_appeal=self.appeals["late"],
            reason="Заявителю дан ответ по данному вопросу.",
        )  # fmt: skip
        self.ctx.record(plural(Signup), created=True)
        yield local_moment(self.days.back(1), 11, 5)
        self.sign_up(
            day, SERIKBAEV, "Мүгедектігі бар адамға арналған пандус орнату және тұрғын үй кезегі туралы.",
            priority=PriorityCategory.DISABILITY, priority_document="МӘС анықтамасы, 2-топ / справка МСЭ, 2 группа",
        )  # fmt: skip

    def reception_cancelled(self, akim: ScheduleEntry) -> Story:
        """The akim's next scheduled reception, cancelled (001 §15): he is called to the oblast akimat; the two
        signed up are told (notices recorded)."""
        date = next((d for d in (self.ahead(n) for n in range(3, 10)) if reception.occurs_on(akim, d)), self.ahead(5))
        yield local_moment(self.days.back(4), 10, 30)
        day = self.day(akim, date)
        yield local_moment(self.days.back(3), 14)
        self.sign_up(day, TURSYNOV, "Жеке тұрғын үй құрылысына жер телімін беру кезегі туралы.")
        yield local_moment(self.days.back(1), 10, 20)
        self.sign_up(day, KASYMOVA, "Место в детском саду для сына в селе Шаян.", language=ReceptionLanguage.RUSSIAN)
        yield local_moment(self.days.back(0), 9, 30)
        reception.cancel_day(
            day, actor=self.user(OFFICER),
            reason="Аудан әкімінің облыс әкімдігінің отырысына шақырылуына байланысты. / В связи с вызовом акима "
            "района на заседание акимата области.",
        )  # fmt: skip

    def reception(self) -> list[Story]:
        """The schedule (approved before the weeks replayed), then the days."""
        held, upcoming = self.days.back(5), self.ahead(1)
        with_clock = local_moment(self.days.back(12), 9)
        entries: dict[str, ScheduleEntry] = {}

        def schedule() -> Story:
            yield with_clock
            entries["akim"] = self.schedule("akim", held.isoweekday(), 10, 13)
            entries["deputy"] = self.schedule("deputy.infra", upcoming.isoweekday(), 15, 18, video=True)

        def after_schedule(story: Callable[[ScheduleEntry], Story], key: str) -> Story:
            yield with_clock + datetime.timedelta(minutes=30)
            yield from story(entries[key])

        return [
            schedule(),
            after_schedule(self.reception_held, "akim"),
            after_schedule(self.reception_next, "deputy"),
            after_schedule(self.reception_cancelled, "akim"),
        ]

    def lists(self) -> Story:
        """The daily list of §14.2 to the official, as beat sends it every working morning."""
        for back in range(LIST_DAYS, -1, -1):
            yield local_moment(self.days.back(back), 8, 45)
            reception.send_lists(timezone.now())

    # -- the run

    def stories(self) -> list[Story]:
        return [
            self.answered_late(),
            self.answered_on_time(),
            self.response(),
            self.request(),
            self.overdue(),
            self.extended(),
            self.amber(),
            self.preliminary(),
            self.returned(),
            self.anonymous(),
            self.collective(),
            self.forwarded(),
            self.green(),
            self.complaint_to_lower_body(),
            self.deficient(),
            self.fixed_and_sent(),
            self.sent(),
            self.repeat(),
            self.today(),
            *self.reception(),
            self.lists(),
        ]

    def run(self) -> None:
        # the replayed past was e-mailed when it happened, and read but for the last two working days
        made = self.timeline.replay(self.stories(), read_before=local_moment(self.days.back(2), 0))
        self.ctx.created[_("Notifications about appeals")] += made


def demo_is_present() -> bool:
    """The marker: the demo appeals officer has registered appeals (a second run adds none)."""
    return Appeal.objects.filter(created_by__username=MARKER_USERNAME).exists()


def kinds() -> tuple[str, ...]:
    return (
        _("Appeals"),
        plural(AppealResolution),
        plural(ScheduleEntry),
        _("Reception days"),
        plural(Signup),
        plural(ReceptionCard),
        plural(CardInstruction),
        _("Notifications about appeals"),
    )


def seed_appeals(ctx: SeedContext) -> None:
    """The demo's appeals and personal reception, replayed through the services (once)."""
    if demo_is_present():
        ctx.present[_("Appeals")] += Appeal.objects.count()
        ctx.present[_("Reception days")] += ReceptionDay.objects.count()
        ctx.report(_("Appeals"))
        ctx.report(_("Reception days"))
        return
    if not RegulationProfile.objects.filter(is_active=True).exists():
        # the terms of APPK art. 63–76 and §14 come from the active profile: without one nothing can be replayed
        ctx.note(_("No regulation profile is active: the demo's appeals and personal reception are not loaded."))
        return
    AppealsSeeder(ctx, timezone.now()).run()
    for kind in kinds():
        ctx.report(kind)


SEED_STEPS: list[Callable[[SeedContext], None]] = [seed_appeals]
