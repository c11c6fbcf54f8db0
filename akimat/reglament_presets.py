"""Presets of the regulation profile: the numbers of the three regulations in force (SPEC §3.3).

Pure data, no Django imports, so that anything (a migration, a test, a command) can read it.

- ``003`` — Baidibek district apparatus regulation, 08.08.2025 (Russian) — primary source, default profile.
- ``004`` — Kazygurt district apparatus regulation, 20.06.2025 (Kazakh).
- ``000`` — West Kazakhstan oblast akim apparatus regulation, 2022 as rewritten 07.03.2025 (Kazakh).

All three follow the model regulation (Order of the Minister of National Economy No. 123 of
26.06.2023), so most numbers agree; each § below is the section of *that* regulation (004 numbers
its chapters one higher from §10 on: 003 §12.x ≈ 004 §13.x; 000 shifts some points of §12 by one).
Where a regulation has no such rule, the value of 003 is used, the section reads "003 §x" and the
description says so. Terms of the Administrative Procedural Code (APPK / ӘРПК) are the same
everywhere; the regulations only refer to the Code.

Descriptions never repeat the number, so that they stay true when an administrator edits a copy.

Migration ``0003_regulation_presets`` holds a frozen copy of these presets, and each later migration that
added rules a frozen copy of those (``0017_acts_route_rules``: the approval route of acts;
``0019_meetings_rules``: the quorum and majority of a session, the routes of protocols); a test compares the
database with this module, so a change here needs a new data migration.

Acts (003 §10, 004 §11, 000 §10) differ in the approvers of §10.4 / §11.4 only: 004 names the department
heads and no deputy head of apparatus, finance or economy head; 000 one head for budget and finance
(economy) and a chief inspector for the state language, who has no route code (the author adds them).

Meetings (003 §5, §8; 004 §5–§9; 000 §5, §8): the quorum (two thirds) and the majority of a session agree
everywhere; the routes of protocols differ: 004 has no members' visa on a session's protocol (§5.11, §9.7: the
head of apparatus only) and agrees every protocol with the curating deputies and the head of apparatus only
(§9.5, §6.12); 000 has no legal consultant on an apparatus meeting's protocol (§5.3(13)) and no Monday list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

# Units, as in RegulationRule.Unit (kept as plain strings: this module imports nothing from Django).
WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
MONTHS = "months"
HOURS = "hours"
TIME = "time"
DAY_OF_MONTH = "day_of_month"
COUNT = "count"
FLAG = "flag"
# lists of codes, comma-separated: the functions of organisation units (akimat.models.OrgUnit.Function) and
# what a controlling unit reads (akimat.reglament.ACCESS_SCOPE_CODES)
ORG_FUNCTIONS = "org_functions"
ACCESS_SCOPES = "access_scopes"
# comma-separated role codes (akimat.roles.Role)
ROLES = "roles"
# the steps of an approval route, comma-separated, in order, each once, "legal" last
# (akimat.reglament.ROUTE_STEP_CODES)
ROUTE_STEPS = "route_steps"
# a share "a/b", 0 < a <= b (e.g. the quorum of an akimat session, two thirds)
FRACTION = "fraction"

DEFAULT_PRESET_CODE = "003"


@dataclass(frozen=True)
class RuleSpec:
    """What a rule means, the same in every preset: key, unit and description in kk/ru/en."""

    key: str
    unit: str
    kk: str
    ru: str
    en: str


@dataclass(frozen=True)
class PresetRule:
    """One rule of one preset, as it is stored in RegulationRule."""

    key: str
    value: str
    unit: str
    section: str
    description_kk: str
    description_ru: str
    description_en: str


@dataclass(frozen=True)
class Preset:
    """A shipped regulation profile."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str
    source: str
    is_default: bool
    rules: tuple[PresetRule, ...]


class V(NamedTuple):
    """The value of a rule in one regulation and the § it comes from."""

    value: str
    section: str
    unit: str | None = None  # only where a regulation counts in another unit than the spec
    borrowed: bool = False  # the regulation has no such rule: value and § of 003


# fmt: off
SPECS: tuple[RuleSpec, ...] = (
    # --- Registration of incoming mail (003 §9.10, 004 §10.9, 000 §9.10) -------------------------
    RuleSpec(
        "registration.window_start", TIME,
        kk="Кіріс хат-хабарларды келіп түскен күні қабылдау және тіркеу басталатын уақыт",
        ru="Начало времени приёма и регистрации входящей корреспонденции в день поступления",
        en="Time from which incoming mail is accepted and registered on the day of receipt",
    ),
    RuleSpec(
        "registration.cutoff", TIME,
        kk="Жұмыс күні осы уақыттан кейін келіп түскен құжаттар келесі жұмыс күні бірінші кезекте "
           "тіркеледі (шұғыл тапсырмалар — келіп түскен күні)",
        ru="Документы, поступившие после этого времени в рабочий день, регистрируются на следующий "
           "рабочий день в первую очередь (срочные поручения — в день поступления)",
        en="Mail received after this time on a working day is registered first thing on the next "
           "working day (urgent instructions on the day of receipt)",
    ),
    RuleSpec(
        "registration.lunch_break_excluded", FLAG,
        kk="Түскі үзіліс кезінде хат-хабарлар қабылданбайды және тіркелмейді",
        ru="В обеденный перерыв корреспонденция не принимается и не регистрируется",
        en="No mail is accepted or registered during the lunch break",
    ),
    RuleSpec(
        "registration.processing_term", HOURS,
        kk="Хат-хабарларды тіркеу, бөлу, ресімдеу және адресаттарға жеткізу мерзімі келіп түскен "
           "сәттен бастап (шұғыл құжаттар — дереу)",
        ru="Срок регистрации, распределения, оформления и доведения корреспонденции до адресатов с "
           "момента поступления (срочной — незамедлительно)",
        en="Term to register, distribute and deliver mail to its addressees from receipt (urgent "
           "mail at once)",
    ),
    RuleSpec(
        "registration.distribution_term", WORKING_DAYS,
        kk="Тіркелген хат-хабарларды бөлінуіне сәйкес адресаттарға жіберу мерзімі",
        ru="Срок направления зарегистрированной корреспонденции адресатам в соответствии с "
           "распределением",
        en="Term to send registered mail to its addressees according to the distribution",
    ),
    RuleSpec(
        "registration.redirect_term", WORKING_DAYS,
        kk="Құзырына кірмейтін тапсырманы тиесілігіне қарай жолдау туралы жауапты орындаушының "
           "қызметтік жазба енгізу мерзімі",
        ru="Срок внесения ответственным исполнителем служебной записки о направлении поручения не "
           "по компетенции по принадлежности",
        en="Term for the executor to send a memo asking to redirect an instruction outside their "
           "competence",
    ),
    # --- Execution control (003 §12, 004 §13, 000 §12) ---------------------------------------------
    RuleSpec(
        "control.very_urgent_term", WORKING_DAYS,
        kk="«Өте шұғыл» белгісі бар тапсырманың орындау мерзімі",
        ru="Срок исполнения поручения с пометкой «весьма срочно»",
        en="Deadline of an instruction marked “very urgent”",
    ),
    RuleSpec(
        "control.urgent_term", WORKING_DAYS,
        kk="«Шұғыл» белгісі бар тапсырманың ең ұзақ орындау мерзімі",
        ru="Наибольший срок исполнения поручения с пометкой «срочно»",
        en="Longest deadline of an instruction marked “urgent”",
    ),
    RuleSpec(
        "control.expedite_term", WORKING_DAYS,
        kk="«Жеделдетілсін» белгісі бар тапсырманың ең ұзақ орындау мерзімі",
        ru="Наибольший срок исполнения поручения с пометкой «ускорить»",
        en="Longest deadline of an instruction marked “expedite”",
    ),
    RuleSpec(
        "control.short_term_min", WORKING_DAYS,
        kk="Қысқа мерзімді бақылаудың төменгі шегі",
        ru="Нижняя граница краткосрочного контроля",
        en="Lower bound of short-term control",
    ),
    RuleSpec(
        "control.short_term_max", MONTHS,
        kk="Қысқа мерзімді бақылаудың жоғарғы шегі (орта мерзімді бақылаудың төменгі шегі)",
        ru="Верхняя граница краткосрочного контроля (нижняя граница среднесрочного)",
        en="Upper bound of short-term control (lower bound of medium-term control)",
    ),
    RuleSpec(
        "control.medium_term_max", MONTHS,
        kk="Орта мерзімді бақылаудың жоғарғы шегі; одан ұзағы — ұзақ мерзімді бақылау",
        ru="Верхняя граница среднесрочного контроля; свыше — долгосрочный контроль",
        en="Upper bound of medium-term control; longer is long-term control",
    ),
    RuleSpec(
        "control.default_term", MONTHS,
        kk="Мерзімі белгіленбеген жағдайда құжат келіп түскен күннен бастап орындау мерзімі",
        ru="Срок исполнения, если он не установлен, со дня поступления документа",
        en="Deadline when none is given, counted from the day the document was received",
    ),
    RuleSpec(
        "control.higher_body_internal_offset", WORKING_DAYS,
        kk="Президенттің, Үкіметтің, Премьер-Министрдің актілері мен тапсырмалары орындау мерзімі "
           "өткенге дейін осы мерзім бұрын бақылауға қойылады",
        ru="Акты и поручения Президента, Правительства, Премьер-Министра ставятся на контроль за "
           "этот срок до истечения срока исполнения",
        en="Acts and instructions of the President, the Government and the Prime Minister are put "
           "on control this long before their external deadline",
    ),
    RuleSpec(
        "control.roadmap_term", WORKING_DAYS,
        kk="Орындауға келіп түскен актілерді іске асыру жөніндегі іс-шаралар жоспарын (жол "
           "картасын) жасау мерзімі",
        ru="Срок составления плана организационных мероприятий (дорожной карты) по реализации "
           "поступивших актов",
        en="Term to draw up the plan of measures (roadmap) implementing an act received for "
           "execution",
    ),
    RuleSpec(
        "control.urgent_documents_before", CALENDAR_DAYS,
        kk="Шұғыл тапсырмаларды орындау үшін дайындалған құжаттар Аппаратқа осы мерзім бұрын "
           "енгізіледі",
        ru="Документы во исполнение срочных поручений вносятся в аппарат за этот срок",
        en="Documents executing urgent instructions are submitted to the apparatus this long "
           "before the deadline",
    ),
    RuleSpec(
        "control.reminder_offset", WORKING_DAYS,
        kk="Бөлім басшылары мен Аппарат басшылығы орындау мерзімінің жақындағаны туралы осы мерзім "
           "бұрын хабардар етіледі",
        ru="За этот срок руководители отделов и руководство аппарата уведомляются о наступлении "
           "срока исполнения",
        en="Department heads and the leadership are reminded of an approaching deadline this long "
           "before it",
    ),
    RuleSpec(
        "control.reminder_leadership", ROLES,
        kk="Аппарат басшылығы: орындау мерзімінің жақындағаны туралы орындаушымен және бөлім басшыларымен "
           "бірге хабардар етілетін рөлдер",
        ru="Руководство аппарата: роли, которые вместе с исполнителем и руководителями отделов уведомляются "
           "о наступлении срока исполнения",
        en="The leadership of the apparatus: the roles reminded of an approaching deadline together with the "
           "executor and the department heads",
    ),
    RuleSpec(
        "control.redirect_term", WORKING_DAYS,
        kk="Негізгі орындаушының құжатты тиесілігіне қарай орындауға жіберу мерзімі",
        ru="Срок, в течение которого основной исполнитель вправе направить документ по "
           "принадлежности",
        en="Term within which the lead executing body may send the document on by competence",
    ),
    RuleSpec(
        "control.extension_request_before", WORKING_DAYS,
        kk="Мерзімін ұзарту туралы өтініш белгіленген мерзімнен осы мерзімнен кешіктірілмей "
           "енгізіледі",
        ru="Ходатайство о продлении срока вносится не позднее этого срока до установленного срока",
        en="An extension is requested no later than this long before the deadline",
    ),
    RuleSpec(
        "control.extension_max_regular", COUNT,
        kk="Әкімнің немесе Аппарат басшысының шешімі бойынша мерзімін ұзартудың рұқсат етілген саны",
        ru="Допустимое число продлений срока по решению акима или руководителя аппарата",
        en="Number of extensions allowed by decision of the akim or the head of apparatus",
    ),
    RuleSpec(
        "control.extension_max_exceptional", COUNT,
        kk="Ерекше жағдайда мерзімін ұзартудың шекті саны; одан артық ұзарту туралы ұсыныс "
           "тәртіптік жауапкершілік мәселесін қарауға әкеледі",
        ru="Предельное число продлений в исключительных случаях; предложение о продлении сверх "
           "него влечёт рассмотрение вопроса о дисциплинарной ответственности",
        en="Most extensions allowed as an exception; a request beyond it is flagged for "
           "disciplinary review",
    ),
    RuleSpec(
        "control.higher_body_extension_forbidden", FLAG,
        kk="Президент Әкімшілігі мен Үкімет Аппараты тапсырмаларының орындау мерзімдерін ұзартуға "
           "жол берілмейді",
        ru="Продление сроков поручений Администрации Президента и Аппарата Правительства не "
           "допускается",
        en="Deadlines of instructions of the Presidential Administration and the Government "
           "Apparatus are never extended",
    ),
    RuleSpec(
        "control.report_before_executing_body", WORKING_DAYS,
        kk="Мемлекеттік органдар орындалуы туралы ақпаратты бақылау мерзімінен осы мерзім бұрын "
           "береді",
        ru="Государственные органы направляют информацию об исполнении за этот срок до "
           "контрольного срока",
        en="Executing bodies send their execution report this long before the control deadline",
    ),
    RuleSpec(
        "control.report_before_co_executor", WORKING_DAYS,
        kk="Қосалқы орындаушылардың жауапты орындаушыға ресми ақпарат ұсыну мерзімі",
        ru="Срок представления соисполнителями официальной информации основному исполнителю",
        en="Term for co-executors to send their information to the lead executor",
    ),
    RuleSpec(
        "control.removal_memo_term", WORKING_DAYS,
        kk="Бақылаудан алу туралы қызметтік жазба орындау мерзімі басталғаннан кейін осы мерзім "
           "ішінде енгізіледі",
        ru="Служебная записка о снятии с контроля вносится в течение этого срока после наступления "
           "срока исполнения",
        en="The memo proposing removal from control is submitted within this term after the "
           "deadline",
    ),
    RuleSpec(
        "control.quarterly_report_day", DAY_OF_MONTH,
        kk="Тапсырмалардың орындалуы туралы тоқсандық есеп тоқсаннан кейінгі айдың осы күніне "
           "дейін ұсынылады",
        ru="Итоговый квартальный отчёт об исполнении поручений представляется до этого числа "
           "месяца, следующего за кварталом",
        en="The quarterly report on execution is due by this day of the month after the quarter",
    ),
    RuleSpec(
        "control.move_off_non_working_day", FLAG,
        kk="Бақылау мерзімінің соңғы күні жұмыс емес күнге келсе, мерзім келесі жұмыс күніне "
           "ауысады",
        ru="Если последний день срока приходится на нерабочий день, сроком считается ближайший "
           "следующий рабочий день",
        en="A deadline that falls on a non-working day moves to the next working day",
    ),
    RuleSpec(
        "control.controlling_units", ORG_FUNCTIONS,
        kk="Бақылау жүйесіндегі бөлімше: құжаттарды бақылауға қояды, орындау мерзімдерін бақылайды және "
           "Аппарат басшылығын хабардар етеді (оның қызметкерлері мен басшысы)",
        ru="Подразделение системы контроля: ставит документы на контроль, контролирует сроки исполнения "
           "и информирует руководство Аппарата (его сотрудники и руководитель)",
        en="The unit of the control system that puts documents on control, watches the deadlines and "
           "informs the leadership of the apparatus (its staff and its head)",
    ),
    RuleSpec(
        "control.controlling_units_read", ACCESS_SCOPES,
        kk="Бақылаушы бөлімше көретіні: журналдар мен құжаттар, бақылаудағы барлық тапсырмалар, есептер "
           "(ҚБПҮ құжаттары — тек аты бойынша рұқсат берілгенде)",
        ru="Что видит контролирующее подразделение: журналы и документы, все поручения на контроле, отчёты "
           "(документы ДСП — только при допуске по имени)",
        en="What the controlling unit reads: the journals and documents, every instruction on control, the "
           "reports (documents for official use only when granted by name)",
    ),
    # --- Working time (003 §17.1, 004 §18.1, 000 §19.1) -------------------------------------------
    RuleSpec(
        "work.day_start", TIME,
        kk="Жұмыс күнінің басталуы",
        ru="Начало рабочего дня",
        en="Start of the working day",
    ),
    RuleSpec(
        "work.day_end", TIME,
        kk="Жұмыс күнінің аяқталуы",
        ru="Окончание рабочего дня",
        en="End of the working day",
    ),
    RuleSpec(
        "work.lunch_start", TIME,
        kk="Түскі үзілістің басталуы",
        ru="Начало обеденного перерыва",
        en="Start of the lunch break",
    ),
    RuleSpec(
        "work.lunch_end", TIME,
        kk="Түскі үзілістің аяқталуы",
        ru="Окончание обеденного перерыва",
        en="End of the lunch break",
    ),
    # --- Acts (003 §10, 004 §11, 000 §10) ------------------------------------------------------------
    RuleSpec(
        "acts.approval_term_resolution", WORKING_DAYS,
        kk="Әкімдік қаулысының жобасын қарау және келісу мерзімі (барлығы)",
        ru="Срок рассмотрения и согласования проекта постановления акимата (всего)",
        en="Term to review and approve a draft resolution of the akimat (in total)",
    ),
    RuleSpec(
        "acts.approval_term_resolution_departments", WORKING_DAYS,
        kk="Әкімдік қаулысының жобасын барлық келісуші бөлімдерде алдын ала келісу мерзімі",
        ru="Срок предварительного согласования проекта постановления во всех согласующих отделах",
        en="Part of it for preliminary approval by all approving departments",
    ),
    RuleSpec(
        "acts.approval_term_resolution_members", WORKING_DAYS,
        kk="Әкімдік қаулысының жобасын әкімдіктің барлық мүшелерімен келісу мерзімі",
        ru="Срок согласования проекта постановления со всеми членами акимата",
        en="Part of it for approval by all members of the akimat",
    ),
    RuleSpec(
        "acts.approval_term_decision", WORKING_DAYS,
        kk="Әкім шешімінің немесе өкімінің жобасын қарау және келісу мерзімі",
        ru="Срок рассмотрения и согласования проекта решения или распоряжения акима",
        en="Term to review and approve a draft decision or order of the akim",
    ),
    RuleSpec(
        "acts.approval_term_emergency", WORKING_DAYS,
        kk="Төтенше жағдайларды жою және гуманитарлық көмек мәселелері жөніндегі жобаларды келісу "
           "мерзімі (барлығы)",
        ru="Срок согласования проектов по ликвидации чрезвычайных ситуаций и гуманитарной помощи "
           "(всего)",
        en="Term to approve draft acts on emergencies and humanitarian aid (in total)",
    ),
    RuleSpec(
        "acts.rework_term", CALENDAR_DAYS,
        kk="Пысықтауға қайтарылған акт жобасын пысықтау және қайта енгізу (не қараудан алу туралы "
           "өтінішхат беру) мерзімі",
        ru="Срок доработки и внесения возвращённого проекта акта (или ходатайства о снятии его с "
           "рассмотрения)",
        en="Term to rework and resubmit a draft returned for rework (or to ask to withdraw it)",
    ),
    RuleSpec(
        "acts.signing_term", WORKING_DAYS,
        kk="Актінің электрондық жобасына құрылған күнінен бастап қол қою мерзімі",
        ru="Срок подписания электронного проекта акта со дня его создания",
        en="Term to sign an electronic draft act from the day it was created",
    ),
    RuleSpec(
        "acts.route.resolution", ROUTE_STEPS,
        kk="Әкімдік қаулысы жобасының келісу маршруты: келісушілер рет-ретімен (алдымен мүдделі бөлімдер, "
           "содан кейін әкімдік мүшелері; заң кеңесшісі соңғы болып бұрыштама қояды және маршрутты жабады)",
        ru="Маршрут согласования проекта постановления акимата: согласующие по порядку (сначала "
           "заинтересованные отделы, затем члены акимата; юридический консультант визирует последним и "
           "закрывает маршрут)",
        en="Approval route of a draft resolution of the akimat: the approvers in order (first the interested "
           "departments, then the members of the akimat; the legal consultant signs last and closes the route)",
    ),
    RuleSpec(
        "acts.route.decision", ROUTE_STEPS,
        kk="Әкім шешімі жобасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі соңғы болып "
           "бұрыштама қояды және маршрутты жабады)",
        ru="Маршрут согласования проекта решения акима: согласующие по порядку (юридический консультант "
           "визирует последним и закрывает маршрут)",
        en="Approval route of a draft decision of the akim: the approvers in order (the legal consultant "
           "signs last and closes the route)",
    ),
    RuleSpec(
        "acts.route.order", ROUTE_STEPS,
        kk="Әкім өкімі жобасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі соңғы болып "
           "бұрыштама қояды және маршрутты жабады)",
        ru="Маршрут согласования проекта распоряжения акима: согласующие по порядку (юридический "
           "консультант визирует последним и закрывает маршрут)",
        en="Approval route of a draft order of the akim: the approvers in order (the legal consultant signs "
           "last and closes the route)",
    ),
    RuleSpec(
        "acts.route.apparatus_order", ROUTE_STEPS,
        kk="Аппарат басшысы бұйрығы жобасының келісу маршруты (бұйрыққа аппарат басшысы қол қояды; "
           "регламент келісушілерді атамайды: құзыреті бойынша орынбасар және заң кеңесшісі)",
        ru="Маршрут согласования проекта приказа руководителя аппарата (приказ подписывает руководитель "
           "аппарата; регламент согласующих не называет: заместитель по компетенции и юридический "
           "консультант)",
        en="Approval route of a draft order of the head of apparatus (who signs it; the regulation names no "
           "approvers: the deputy head by competence and the legal consultant)",
    ),
    RuleSpec(
        "acts.route_restart_from_returning_step", FLAG,
        kk="Қайтарылғаннан кейін жаңа келісу айналымы жобаны қайтарған келісушіден басталады (әйтпесе — "
           "маршруттың басынан; регламентте тікелей айтылмаған: пысықталған жоба қайта енгізіледі)",
        ru="После возврата новый круг согласования начинается с согласующего, вернувшего проект (иначе — с "
           "начала маршрута; регламент прямо этого не говорит: доработанный проект вносится заново)",
        en="After a return the new round of approval starts from the approver who returned the draft "
           "(otherwise from the start of the route; the regulation does not say: the reworked draft is "
           "submitted anew)",
    ),
    RuleSpec(
        "acts.normative_submission_term", CALENDAR_DAYS,
        kk="Нормативтік құқықтық актіні қол қойылған күнінен бастап әділет органына мемлекеттік тіркеуге "
           "жіберу мерзімі (заңда белгіленген; мекеме заңгері тексеруі тиіс)",
        ru="Срок направления нормативного правового акта на государственную регистрацию в орган юстиции со "
           "дня подписания (установлен законом; проверить юристу учреждения)",
        en="Term to submit a normative legal act for state registration to the justice body from the day "
           "it is signed (set by law; to be checked by the installation's lawyer)",
    ),
    RuleSpec(
        "acts.shorter_term_roles", ROLES,
        kk="Актілерді жедел қабылдау қажет болғанда келісудің неғұрлым қысқа мерзімін белгілей алатын "
           "рөлдер",
        ru="Роли, которые при необходимости оперативного принятия актов могут устанавливать более короткие "
           "сроки согласования",
        en="Roles who may set a shorter approval term when an act must be adopted quickly",
    ),
    # --- Meetings (003 §5, §8; 004 §5–§9; 000 §5, §8) ---------------------------------------------
    RuleSpec(
        "meetings.session_materials_before", WORKING_DAYS,
        kk="Әкімдік отырысына материалдар отырысқа дейін осы мерзім бұрын енгізіледі",
        ru="Материалы к заседанию акимата вносятся за этот срок до заседания",
        en="Materials for an akimat session are due this long before it",
    ),
    RuleSpec(
        "meetings.session_package_before", WORKING_DAYS,
        kk="Әкімдік отырысының құжаттар топтамасы Аппарат басшысына осы мерзім бұрын беріледі",
        ru="Пакет документов к заседанию акимата передаётся руководителю аппарата за этот срок",
        en="The document package of an akimat session goes to the head of apparatus this long "
           "before it",
    ),
    RuleSpec(
        "meetings.apparatus_agenda_before", WORKING_DAYS,
        kk="Аппараттық кеңестің күн тәртібі мүдделі органдарға осы мерзім бұрын жіберіледі",
        ru="Повестка аппаратного совещания рассылается заинтересованным органам за этот срок",
        en="The agenda of an apparatus meeting is sent out this long before it",
    ),
    RuleSpec(
        "meetings.apparatus_materials_before", WORKING_DAYS,
        kk="Аппараттық кеңеске материалдар осы мерзім бұрын ұсынылады",
        ru="Материалы к аппаратному совещанию представляются за этот срок",
        en="Materials for an apparatus meeting are due this long before it",
    ),
    RuleSpec(
        "meetings.apparatus_package_before", WORKING_DAYS,
        kk="Аппараттық кеңестің жүргізу тәртібі осы мерзім бұрын дайындалады, шақырылғандар хабардар "
           "етіледі",
        ru="Порядок ведения аппаратного совещания готовится, приглашённые оповещаются за этот срок",
        en="The order of proceedings of an apparatus meeting is ready and invitees are notified "
           "this long before it",
    ),
    RuleSpec(
        "meetings.government_materials_before", WORKING_DAYS,
        kk="Үкімет отырысына материалдар бөлімдерге осы мерзім бұрын ұсынылады",
        ru="Материалы к заседанию Правительства представляются в отделы за этот срок",
        en="Materials for a Government session are due at the departments this long before it",
    ),
    RuleSpec(
        "meetings.protocol_drafting_term", WORKING_DAYS,
        kk="Өзге мерзім белгіленбесе, хаттаманы ресімдеу мерзімі",
        ru="Срок оформления протокола, если не установлен иной срок",
        en="Term to draw up a protocol unless another term is set",
    ),
    RuleSpec(
        "meetings.session_protocol_drafting_term", WORKING_DAYS,
        kk="Әкімдік отырысының хаттамасын ресімдеу мерзімі",
        ru="Срок оформления протокола заседания акимата",
        en="Term to draw up the protocol of an akimat session",
    ),
    RuleSpec(
        "meetings.protocol_approval_term", CALENDAR_DAYS,
        kk="Хаттама жобасын әкімнің жетекшілік ететін орынбасарларымен және Аппарат басшысымен "
           "келісу мерзімі",
        ru="Срок согласования проекта протокола с курирующими заместителями акима и руководителем "
           "аппарата",
        en="Term to agree a draft protocol with the supervising deputies and the head of apparatus",
    ),
    RuleSpec(
        "meetings.session_quorum", FRACTION,
        kk="Әкімдік отырысы заңды деп саналу үшін оған қатысуы тиіс әкімдік мүшелерінің ең аз үлесі",
        ru="Доля членов акимата, при участии не менее которой заседание акимата считается правомочным",
        en="Share of the akimat's members who must at least take part for an akimat session to be valid",
    ),
    RuleSpec(
        "meetings.session_majority", FRACTION,
        kk="Қаулы қатысушы әкімдік мүшелерінің осы үлесінен артығы жақтап дауыс бергенде қабылданады "
           "(көпшілік дауыс)",
        ru="Постановление принимается, если за него голосует больше этой доли присутствующих членов акимата "
           "(большинство голосов)",
        en="A resolution passes when more than this share of the akimat's members present vote for it (a "
           "majority of votes)",
    ),
    RuleSpec(
        "meetings.timeliness_recipients", ROLES,
        kk="Әкім қатысқан іс-шаралар мен кеңестер хаттамаларының уақтылы ресімделуі туралы ақпаратты апта "
           "қорытындысы бойынша әр дүйсенбі алатын рөлдер",
        ru="Роли, которым еженедельно (в понедельник) по итогам недели представляется информация о "
           "своевременности оформления протоколов мероприятий и совещаний с участием акима",
        en="Roles who get every Monday the week's information on whether the protocols of events and meetings "
           "with the akim were drawn up on time",
    ),
    RuleSpec(
        "meetings.protocol_route.session", ROUTE_STEPS,
        kk="Әкімдік отырысы хаттамасының келісу маршруты: келісушілер рет-ретімен («members» — әкімдіктің "
           "барлық мүшелері виза қояды; хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді)"
           "; хаттама маршрутында «departments» — мәселелерге жауапты бөлімшелердің басшылары, "
           "«deputy_akims» — мәселелерге жетекшілік ететін әкім орынбасарлары",
        ru="Маршрут согласования протокола заседания акимата: согласующие по порядку («members» — визы всех "
           "членов акимата; подписывающий протокол председательствующий в маршрут не входит)"
           "; в маршруте протокола «departments» — руководители подразделений, ответственных за вопросы, "
           "«deputy_akims» — курирующие вопросы заместители акима",
        en="Approval route of the protocol of an akimat session: the approvers in order (\"members\": every "
           "member of the akimat visas it; the chair, who signs it, is not on the route)"
           "; in a protocol route \"departments\" are the heads of the units responsible for the items, "
           "\"deputy_akims\" the akim's deputies curating the items",
    ),
    RuleSpec(
        "meetings.protocol_route.apparatus", ROUTE_STEPS,
        kk="Аппараттық кеңес хаттамасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі маршрутта "
           "болса, соңғы болып виза қояды; хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді)"
           "; хаттама маршрутында «departments» — мәселелерге жауапты бөлімшелердің басшылары, "
           "«deputy_akims» — мәселелерге жетекшілік ететін әкім орынбасарлары",
        ru="Маршрут согласования протокола аппаратного совещания: согласующие по порядку (юридический "
           "консультант, если он в маршруте, визирует последним; подписывающий протокол председательствующий "
           "в маршрут не входит)"
           "; в маршруте протокола «departments» — руководители подразделений, ответственных за вопросы, "
           "«deputy_akims» — курирующие вопросы заместители акима",
        en="Approval route of the protocol of an apparatus meeting: the approvers in order (the legal "
           "consultant, if on it, visas last; the chair, who signs it, is not on the route)"
           "; in a protocol route \"departments\" are the heads of the units responsible for the items, "
           "\"deputy_akims\" the akim's deputies curating the items",
    ),
    RuleSpec(
        "meetings.protocol_route.default", ROUTE_STEPS,
        kk="Әкім қатысатын өзге отырыстар мен кеңестер хаттамаларының келісу маршруты (өз маршруты жоқ "
           "түрлер үшін): келісушілер рет-ретімен (хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді)"
           "; хаттама маршрутында «departments» — мәселелерге жауапты бөлімшелердің басшылары, "
           "«deputy_akims» — мәселелерге жетекшілік ететін әкім орынбасарлары",
        ru="Маршрут согласования протоколов иных заседаний и совещаний с участием акима (видов без своего "
           "маршрута): согласующие по порядку (подписывающий протокол председательствующий в маршрут не "
           "входит)"
           "; в маршруте протокола «departments» — руководители подразделений, ответственных за вопросы, "
           "«deputy_akims» — курирующие вопросы заместители акима",
        en="Approval route of the protocols of other meetings with the akim (kinds without a route of their "
           "own): the approvers in order (the chair, who signs them, is not on the route)"
           "; in a protocol route \"departments\" are the heads of the units responsible for the items, "
           "\"deputy_akims\" the akim's deputies curating the items",
    ),
    # --- Official events and working trips (003 §3–§4, 004 §3–§4, 000 §3–§4) ----------------------
    RuleSpec(
        "events.notice_before", WORKING_DAYS,
        kk="Ұйымдастыру-инспекторлық бөлім алда болатын іс-шара туралы осы мерзім бұрын хабардар "
           "етеді",
        ru="Организационно-инспекторский отдел уведомляет о предстоящем мероприятии за этот срок",
        en="The organisational-inspection department gives notice of an official event this long "
           "before it",
    ),
    RuleSpec(
        "events.materials_before", WORKING_DAYS,
        kk="Іс-шараға тартылған органдар құжаттарды жетекшілік ететін бөлімге осы мерзім бұрын "
           "жолдайды",
        ru="Задействованные в мероприятии органы направляют материалы в курирующий отдел за этот "
           "срок",
        en="Bodies involved in an event send their materials to the supervising department this "
           "long before it",
    ),
    RuleSpec(
        "events.approval_before", WORKING_DAYS,
        kk="Іс-шара материалдары келісу үшін Аппарат басшысына осы мерзім бұрын ұсынылады",
        ru="Материалы мероприятия представляются на согласование руководителю аппарата за этот "
           "срок",
        en="Event materials go to the head of apparatus for approval this long before the event",
    ),
    RuleSpec(
        "trips.notice_before", WORKING_DAYS,
        kk="Әкімнің алдағы жұмыс сапары туралы осы мерзім бұрын хабардар етіледі",
        ru="Уведомление о предстоящей рабочей поездке акима направляется за этот срок",
        en="Notice of a working trip of the akim is given this long before it",
    ),
    RuleSpec(
        "trips.materials_before", WORKING_DAYS,
        kk="Жұмыс сапарының материалдары осы мерзім бұрын ұсынылады",
        ru="Материалы к рабочей поездке представляются за этот срок",
        en="Materials for a working trip are due this long before it",
    ),
    # --- Appeals and personal reception (003 §13–§14, 004 §14–§15, 000 §13, §15; APPK) -----------
    RuleSpec(
        "appeals.answer_term", WORKING_DAYS,
        kk="Өтінішті келіп түскен күннен бастап қарау мерзімі, егер заңда өзгеше белгіленбесе",
        ru="Срок рассмотрения обращения со дня поступления, если законом не установлен иной",
        en="Term to answer an appeal from receipt, unless a law sets another",
    ),
    RuleSpec(
        "appeals.extension_max", MONTHS,
        kk="Дәлелді шешіммен ұзартылған қарау мерзімінің шегі (келіп түскен күннен бастап)",
        ru="Предел продлённого мотивированным решением срока рассмотрения (со дня поступления)",
        en="Longest term after a reasoned extension, counted from receipt",
    ),
    RuleSpec(
        "appeals.extension_notice_term", WORKING_DAYS,
        kk="Өтініш берушіні мерзімнің ұзартылғаны туралы хабардар ету мерзімі",
        ru="Срок уведомления заявителя о продлении срока рассмотрения",
        en="Term to tell the applicant of the extension",
    ),
    RuleSpec(
        "appeals.preliminary_notice_before", WORKING_DAYS,
        kk="Өтініш берушіге қолайсыз шешім қабылданғанға дейін алдын ала шешім туралы осы мерзімнен "
           "кешіктірмей хабарланады",
        ru="Заявитель уведомляется о предварительном решении не позднее этого срока до принятия "
           "неблагоприятного решения",
        en="The applicant hears of a preliminary unfavourable decision at least this long before "
           "it is taken",
    ),
    RuleSpec(
        "appeals.complaint_term", WORKING_DAYS,
        kk="Әкімшілік актіге шағымды қарау мерзімі (мекеме заңгері тексеруі тиіс)",
        ru="Срок рассмотрения жалобы на административный акт (проверить юристу учреждения)",
        en="Term to consider a complaint against an administrative act (to be checked by the "
           "installation's lawyer)",
    ),
    RuleSpec(
        "appeals.forward_term", WORKING_DAYS,
        kk="Құзыретке кірмейтін өтінішті өтініш берушіні хабардар ете отырып, уәкілетті органға "
           "жолдау мерзімі",
        ru="Срок перенаправления обращения не по компетенции уполномоченному органу с уведомлением "
           "заявителя",
        en="Term to forward an appeal outside competence to the competent body, telling the "
           "applicant",
    ),
    RuleSpec(
        "appeals.lower_body_complaint_term", WORKING_DAYS,
        kk="Төменгі органға шағым бойынша шешім қабылдау немесе істі Аппаратқа жолдау үшін "
           "көрсетілетін мерзім",
        ru="Срок, указываемый нижестоящему органу для решения по жалобе или направления "
           "административного дела в аппарат",
        en="Term given to a lower body to decide on a complaint about it or send the case up",
    ),
    RuleSpec(
        "appeals.answer_dispatch_cutoff", TIME,
        kk="Өтініштердің жауаптары өтініш берушіге жіберу үшін осы уақытқа дейін қабылданады",
        ru="Ответы на обращения принимаются для отправки заявителю до этого времени",
        en="Answers to appeals are accepted for dispatch until this time",
    ),
    RuleSpec(
        "appeals.reception_list_before", WORKING_DAYS,
        kk="Жеке қабылдауға жазылған адамдардың тізімі осы мерзім бұрын енгізіледі",
        ru="Список записавшихся на личный приём вносится за этот срок",
        en="The list of people signed up for personal reception is submitted this long before it",
    ),
    RuleSpec(
        "appeals.reception_cancel_notice_before", WORKING_DAYS,
        kk="Қабылдауды өткізе алмайтын лауазымды тұлға жауапты қызметкерді қабылдауға дейін кемінде осы мерзім "
           "бұрын хабардар етеді",
        ru="Должностное лицо, которое не может провести приём, уведомляет ответственного работника не позднее "
           "этого срока до приёма",
        en="The official who cannot hold the reception gives notice at least this long before it",
    ),
)
# fmt: on

# --- 003: Baidibek district, 08.08.2025, Russian — the primary source --------------------------------
_VALUES_003: dict[str, V] = {
    "registration.window_start": V("09:00", "§9.10"),
    "registration.cutoff": V("17:00", "§9.10"),
    "registration.lunch_break_excluded": V("false", "§9.10"),
    "registration.processing_term": V("24", "§9.10"),  # "в течение одних суток"
    "registration.distribution_term": V("1", "§9.10"),
    "registration.redirect_term": V("3", "§9.10"),
    "control.very_urgent_term": V("3", "§12.2"),
    "control.urgent_term": V("10", "§12.2"),
    "control.expedite_term": V("10", "§12.2"),
    "control.short_term_min": V("10", "§12.2"),
    "control.short_term_max": V("1", "§12.2"),
    "control.medium_term_max": V("6", "§12.2"),
    "control.default_term": V("1", "§12.2"),
    "control.higher_body_internal_offset": V("10", "§12.2"),
    "control.roadmap_term": V("5", "§12.3"),
    "control.urgent_documents_before": V("10", "§12.3"),
    "control.reminder_offset": V("3", "§12.4"),
    "control.reminder_leadership": V("head_of_apparatus", "§12.4"),
    "control.redirect_term": V("3", "§12.5"),
    "control.extension_request_before": V("3", "§12.6"),
    "control.extension_max_regular": V("1", "§12.7"),
    "control.extension_max_exceptional": V("2", "§12.8"),
    "control.higher_body_extension_forbidden": V("true", "§12.7"),
    "control.report_before_executing_body": V("5", "§12.13"),
    "control.report_before_co_executor": V("7", "§12.13"),
    "control.removal_memo_term": V("1", "§12.14"),
    "control.quarterly_report_day": V("20", "§12.16"),
    "control.move_off_non_working_day": V("true", "§12.15"),
    "control.controlling_units": V("general", "§12.4"),
    "control.controlling_units_read": V("documents,control,reports", "§12.4"),
    "work.day_start": V("09:00", "§17.1"),
    "work.day_end": V("19:00", "§17.1"),
    "work.lunch_start": V("13:00", "§17.1"),
    "work.lunch_end": V("15:00", "§17.1"),
    "acts.approval_term_resolution": V("10", "§10.14"),
    "acts.approval_term_resolution_departments": V("5", "§10.14"),
    "acts.approval_term_resolution_members": V("5", "§10.14"),
    "acts.approval_term_decision": V("5", "§10.14"),
    "acts.approval_term_emergency": V("3", "§10.14"),
    "acts.rework_term": V("10", "§10.13"),  # "не более чем в десятидневный срок": days, not working days
    "acts.signing_term": V("3", "§10.15"),
    # §10.4 lists the approvers; §10.3: the legal consultant visas last; §10.14 1): departments, then members
    "acts.route.resolution": V(
        "departments,deputy_akims,head_of_apparatus,deputy_head,finance,economy,members,legal",
        "§10.3, §10.4, §10.14",
    ),
    "acts.route.decision": V("deputy_akims,head_of_apparatus,deputy_head,finance,economy,legal", "§10.3, §10.4"),
    "acts.route.order": V("deputy_akims,head_of_apparatus,deputy_head,finance,economy,legal", "§10.3, §10.4"),
    # an order of the apparatus: only §10.15 names it; its head signs, so not the akim's deputies (decided)
    "acts.route.apparatus_order": V("deputy_head,legal", "§10.3, §10.15"),
    "acts.route_restart_from_returning_step": V("false", "§10.13"),  # silent: the reworked draft is resubmitted
    # the regulation refers to the law (§10.16): the value and the article are for the lawyer to check
    "acts.normative_submission_term": V("10", "§10.16; Закон «О правовых актах», ст. 43-1 — проверить юристу"),
    "acts.shorter_term_roles": V("akim,deputy_akim,head_of_apparatus", "§10.14"),
    "meetings.session_materials_before": V("5", "§5.6"),
    "meetings.session_package_before": V("1", "§5.8"),
    "meetings.apparatus_agenda_before": V("4", "§5.27"),
    "meetings.apparatus_materials_before": V("2", "§5.28"),
    "meetings.apparatus_package_before": V("1", "§5.30"),
    "meetings.government_materials_before": V("2", "§5.14"),
    "meetings.protocol_drafting_term": V("1", "§8.5"),
    "meetings.session_protocol_drafting_term": V("1", "§8.8"),
    "meetings.protocol_approval_term": V("1", "§8.5"),  # "в течение 1 (одного) дня"
    # §5.4 "не менее двух третей членов акимата"; "большинством голосов присутствующих членов": more than a half
    "meetings.session_quorum": V("2/3", "§5.4"),
    "meetings.session_majority": V("1/2", "§5.4"),
    # §8.6 "руководителю аппарата и (или) его заместителям": no role stands for the deputy heads of apparatus
    "meetings.timeliness_recipients": V("head_of_apparatus", "§8.6"),
    # §8.8: agreed with the deputy head and the head of apparatus; §5.11: visaed by all members of the akimat
    "meetings.protocol_route.session": V("deputy_head,head_of_apparatus,members", "§5.11, §8.8"),
    # §5.34: visaed by the legal consultant, the curating deputies, the head of apparatus (on the departments'
    # proposals); §8.5: every protocol also with the department concerned
    "meetings.protocol_route.apparatus": V("departments,deputy_akims,head_of_apparatus,legal", "§5.34, §8.5"),
    # §8.5: the curating deputies, the head of apparatus, the department concerned
    "meetings.protocol_route.default": V("departments,deputy_akims,head_of_apparatus", "§8.5"),
    "events.notice_before": V("5", "§3.2"),
    "events.materials_before": V("4", "§3.3"),
    "events.approval_before": V("3", "§3.8"),
    "trips.notice_before": V("7", "§4.4"),
    "trips.materials_before": V("5", "§4.5"),
    # APPK terms: art. 76 (answer, extension, notice), art. 73 (hearing), art. 100 (complaint)
    "appeals.answer_term": V("15", "АППК ст. 76"),
    "appeals.extension_max": V("2", "АППК ст. 76"),
    "appeals.extension_notice_term": V("3", "АППК ст. 76"),
    "appeals.preliminary_notice_before": V("3", "АППК ст. 73"),
    "appeals.complaint_term": V("20", "АППК ст. 100"),
    "appeals.forward_term": V("3", "§13.9"),
    "appeals.lower_body_complaint_term": V("3", "§13.11"),  # "трех рабочих дня"
    "appeals.answer_dispatch_cutoff": V("18:00", "§13.4"),
    "appeals.reception_list_before": V("1", "§14.2"),
    # none of the regulations in force says it: the repealed rules of personal reception do (001 §15)
    "appeals.reception_cancel_notice_before": V("2", "001 §15"),
}

# --- 004: Kazygurt district, 20.06.2025, Kazakh ----------------------------------------------------
# Differs from 003: registration until 18:30 and not during lunch 13:00–15:00 (§10.9); protocols in
# 2 working days (§9.5; akimat session protocols still 1, §9.7); complaint about a lower body —
# "үш күн", calendar days (§14.12). No "one day" processing term, no 10-day internal offset for
# higher bodies, no ban on extending PA/GA instructions, no electronic signing term and no Government
# session chapter: those come from 003. §13.13 says co-executors report "within" 7 working days
# (003: "за 7" — before); the product reads it as 003 does.
_VALUES_004: dict[str, V] = {
    "registration.window_start": V("09:00", "§10.9"),
    "registration.cutoff": V("18:30", "§10.9"),
    "registration.lunch_break_excluded": V("true", "§10.9"),
    "registration.processing_term": V("24", "§9.10", borrowed=True),
    "registration.distribution_term": V("1", "§10.9"),
    "registration.redirect_term": V("3", "§10.9"),
    "control.very_urgent_term": V("3", "§13.2"),
    "control.urgent_term": V("10", "§13.2"),
    "control.expedite_term": V("10", "§13.2"),
    "control.short_term_min": V("10", "§13.2"),
    "control.short_term_max": V("1", "§13.2"),
    "control.medium_term_max": V("6", "§13.2"),
    "control.default_term": V("1", "§13.2"),
    "control.higher_body_internal_offset": V("10", "§12.2", borrowed=True),
    "control.roadmap_term": V("5", "§13.3"),
    "control.urgent_documents_before": V("10", "§13.3"),
    "control.reminder_offset": V("3", "§13.4"),
    "control.reminder_leadership": V("head_of_apparatus", "§13.4"),
    "control.redirect_term": V("3", "§13.5"),
    "control.extension_request_before": V("3", "§13.6"),
    "control.extension_max_regular": V("1", "§13.7"),
    "control.extension_max_exceptional": V("2", "§13.8"),
    "control.higher_body_extension_forbidden": V("true", "§12.7", borrowed=True),
    "control.report_before_executing_body": V("5", "§13.13"),
    "control.report_before_co_executor": V("7", "§13.13"),
    "control.removal_memo_term": V("1", "§13.14"),
    "control.quarterly_report_day": V("20", "§13.16"),
    "control.move_off_non_working_day": V("true", "§13.15"),
    "control.controlling_units": V("general", "§13.4"),
    "control.controlling_units_read": V("documents,control,reports", "§13.4"),
    "work.day_start": V("09:00", "§18.1"),
    "work.day_end": V("19:00", "§18.1"),
    "work.lunch_start": V("13:00", "§18.1"),
    "work.lunch_end": V("15:00", "§18.1"),
    "acts.approval_term_resolution": V("10", "§11.14"),
    "acts.approval_term_resolution_departments": V("5", "§11.14"),
    "acts.approval_term_resolution_members": V("5", "§11.14"),
    "acts.approval_term_decision": V("5", "§11.14"),
    "acts.approval_term_emergency": V("3", "§11.14"),
    "acts.rework_term": V("10", "§11.13"),
    "acts.signing_term": V("3", "§10.15", borrowed=True),
    # §11.4 "(Әкімдік мүшелері)": deputies, head of apparatus, department heads, the legal unit's head — no
    # deputy head of apparatus, no finance or economy head; §11.3: the legal unit's head signs last
    "acts.route.resolution": V("departments,deputy_akims,head_of_apparatus,members,legal", "§11.3, §11.4, §11.14"),
    "acts.route.decision": V("deputy_akims,head_of_apparatus,departments,legal", "§11.3, §11.4"),
    "acts.route.order": V("deputy_akims,head_of_apparatus,departments,legal", "§11.3, §11.4"),
    "acts.route.apparatus_order": V("deputy_head,legal", "§10.3, §10.15", borrowed=True),
    "acts.route_restart_from_returning_step": V("false", "§11.13"),
    "acts.normative_submission_term": V("10", "§11.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін"),
    "acts.shorter_term_roles": V("akim,deputy_akim,head_of_apparatus", "§11.14"),
    "meetings.session_materials_before": V("5", "§5.6"),
    "meetings.session_package_before": V("1", "§5.8"),
    "meetings.apparatus_agenda_before": V("4", "§6.6"),
    "meetings.apparatus_materials_before": V("2", "§6.7"),
    "meetings.apparatus_package_before": V("1", "§6.9"),
    "meetings.government_materials_before": V("2", "§5.14", borrowed=True),
    "meetings.protocol_drafting_term": V("2", "§9.5"),
    "meetings.session_protocol_drafting_term": V("1", "§9.7"),
    "meetings.protocol_approval_term": V("1", "§9.5"),
    "meetings.session_quorum": V("2/3", "§5.4"),  # "кемінде үштен екісі"
    "meetings.session_majority": V("1/2", "§5.4"),  # "қатысушы әкімдік мүшелерінің көпшілік дауысымен"
    # §9.6: the head of apparatus supervises that protocols are drawn up on time (no weekly list is named)
    "meetings.timeliness_recipients": V("head_of_apparatus", "§9.6"),
    # §9.7: a session's protocol is agreed with the head of apparatus; §5.11 names no members' visa
    "meetings.protocol_route.session": V("head_of_apparatus", "§5.11, §9.7"),
    # §6.12: drawn up on the departments' proposals, signed by the curating deputies and the head of apparatus;
    # §9.5: every protocol is agreed with those two, no department head, no legal consultant
    "meetings.protocol_route.apparatus": V("deputy_akims,head_of_apparatus", "§6.12, §9.5"),
    "meetings.protocol_route.default": V("deputy_akims,head_of_apparatus", "§9.5"),
    "events.notice_before": V("5", "§3.2"),
    "events.materials_before": V("4", "§3.3"),
    "events.approval_before": V("3", "§3.8"),
    "trips.notice_before": V("7", "§4.4"),
    "trips.materials_before": V("5", "§4.5"),
    "appeals.answer_term": V("15", "ӘРПК 76-бап"),
    "appeals.extension_max": V("2", "ӘРПК 76-бап"),
    "appeals.extension_notice_term": V("3", "ӘРПК 76-бап"),
    "appeals.preliminary_notice_before": V("3", "ӘРПК 73-бап"),
    "appeals.complaint_term": V("20", "ӘРПК 100-бап"),
    "appeals.forward_term": V("3", "§14.9"),
    "appeals.lower_body_complaint_term": V("3", "§14.12", unit=CALENDAR_DAYS),
    "appeals.answer_dispatch_cutoff": V("18:00", "§14.4"),
    "appeals.reception_list_before": V("1", "§15.2"),
    "appeals.reception_cancel_notice_before": V("2", "001 §15"),
}

# --- 000: West Kazakhstan oblast, 2022 as rewritten 07.03.2025, Kazakh -----------------------------
# Differs from 003: working day 09:00–18:30 with lunch 13:00–14:30 (§19.1); akimat session weekly,
# materials 3 working days before (§5.1(8)); event notice 10 and event materials 7 working days
# (§3.2–3.3); working trips 15 and 10 (§4.4–4.5); complaint about a lower body — "үш күн", calendar
# days (§13.12). Points of §12 from the intermediate reports on are numbered one higher than in 003.
_VALUES_000: dict[str, V] = {
    "registration.window_start": V("09:00", "§9.10"),
    "registration.cutoff": V("17:00", "§9.10"),
    "registration.lunch_break_excluded": V("false", "§9.10"),
    "registration.processing_term": V("24", "§9.10"),  # "бір тәулік ішінде"
    "registration.distribution_term": V("1", "§9.10"),
    "registration.redirect_term": V("3", "§9.10"),
    "control.very_urgent_term": V("3", "§12.2"),
    "control.urgent_term": V("10", "§12.2"),
    "control.expedite_term": V("10", "§12.2"),
    "control.short_term_min": V("10", "§12.2"),
    "control.short_term_max": V("1", "§12.2"),
    "control.medium_term_max": V("6", "§12.2"),
    "control.default_term": V("1", "§12.2"),
    "control.higher_body_internal_offset": V("10", "§12.2"),
    "control.roadmap_term": V("5", "§12.3"),
    "control.urgent_documents_before": V("10", "§12.3"),
    "control.reminder_offset": V("3", "§12.4"),
    "control.reminder_leadership": V("head_of_apparatus", "§12.4"),
    "control.redirect_term": V("3", "§12.5"),
    "control.extension_request_before": V("3", "§12.6"),
    "control.extension_max_regular": V("1", "§12.7"),
    "control.extension_max_exceptional": V("2", "§12.8"),
    "control.higher_body_extension_forbidden": V("true", "§12.7"),
    "control.report_before_executing_body": V("5", "§12.14"),
    "control.report_before_co_executor": V("7", "§12.14"),
    "control.removal_memo_term": V("1", "§12.15"),
    "control.quarterly_report_day": V("20", "§12.17"),
    "control.move_off_non_working_day": V("true", "§12.16"),
    "control.controlling_units": V("general", "§12.4"),
    "control.controlling_units_read": V("documents,control,reports", "§12.4"),
    "work.day_start": V("09:00", "§19.1"),
    "work.day_end": V("18:30", "§19.1"),
    "work.lunch_start": V("13:00", "§19.1"),
    "work.lunch_end": V("14:30", "§19.1"),
    "acts.approval_term_resolution": V("10", "§10.14"),
    "acts.approval_term_resolution_departments": V("5", "§10.14"),
    "acts.approval_term_resolution_members": V("5", "§10.14"),
    "acts.approval_term_decision": V("5", "§10.14"),
    "acts.approval_term_emergency": V("3", "§10.14"),
    "acts.rework_term": V("10", "§10.13"),
    "acts.signing_term": V("3", "§10.15"),
    # §10.4: one head for budget and finance (strategy and economic development), no separate finance head;
    # the chief inspector for the state language (§10.4 6)) has no code: the author adds them
    "acts.route.resolution": V(
        "departments,deputy_akims,head_of_apparatus,deputy_head,economy,members,legal", "§10.3, §10.4, §10.14"
    ),
    "acts.route.decision": V("deputy_akims,head_of_apparatus,deputy_head,economy,legal", "§10.3, §10.4"),
    "acts.route.order": V("deputy_akims,head_of_apparatus,deputy_head,economy,legal", "§10.3, §10.4"),
    "acts.route.apparatus_order": V("deputy_head,legal", "§10.3, §10.15"),
    "acts.route_restart_from_returning_step": V("false", "§10.13"),
    "acts.normative_submission_term": V("10", "§10.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін"),
    "acts.shorter_term_roles": V("akim,deputy_akim,head_of_apparatus", "§10.14"),
    "meetings.session_materials_before": V("3", "§5.1(8)"),
    "meetings.session_package_before": V("1", "§5.1(10)"),
    "meetings.apparatus_agenda_before": V("4", "§5.3(6)"),
    "meetings.apparatus_materials_before": V("2", "§5.3(7)"),
    "meetings.apparatus_package_before": V("1", "§5.3(9)"),
    "meetings.government_materials_before": V("2", "§5.2(4)"),
    "meetings.protocol_drafting_term": V("1", "§8.5"),
    "meetings.session_protocol_drafting_term": V("1", "§8.7"),
    "meetings.protocol_approval_term": V("1", "§8.5"),
    "meetings.session_quorum": V("2/3", "§5.1(5)"),  # "кемінде үштен екісі"
    "meetings.session_majority": V("1/2", "§5.1(5)"),  # "қатысушы әкімдік мүшелерінің көпшілік дауысымен"
    # no weekly list of timeliness (§8.6 is the registration of protocols): as in 003
    "meetings.timeliness_recipients": V("head_of_apparatus", "§8.6", borrowed=True),
    # §8.7: agreed with the head of apparatus and his deputies; §5.1(14): visaed by all members of the akimat
    "meetings.protocol_route.session": V("deputy_head,head_of_apparatus,members", "§5.1(14), §8.7"),
    # §5.3(13): the curating deputies and the head of apparatus visa (no legal consultant); §8.5: the department
    # head concerned
    "meetings.protocol_route.apparatus": V("departments,deputy_akims,head_of_apparatus", "§5.3(13), §8.5"),
    "meetings.protocol_route.default": V("departments,deputy_akims,head_of_apparatus", "§8.5"),
    "events.notice_before": V("10", "§3.2"),
    "events.materials_before": V("7", "§3.3"),
    "events.approval_before": V("3", "§3.8"),
    "trips.notice_before": V("15", "§4.4"),
    "trips.materials_before": V("10", "§4.5"),
    "appeals.answer_term": V("15", "ӘРПК 76-бап"),
    "appeals.extension_max": V("2", "ӘРПК 76-бап"),
    "appeals.extension_notice_term": V("3", "ӘРПК 76-бап"),
    "appeals.preliminary_notice_before": V("3", "ӘРПК 73-бап"),
    "appeals.complaint_term": V("20", "ӘРПК 100-бап"),
    "appeals.forward_term": V("3", "§13.9"),
    "appeals.lower_body_complaint_term": V("3", "§13.12", unit=CALENDAR_DAYS),
    "appeals.answer_dispatch_cutoff": V("18:00", "§13.4"),
    "appeals.reception_list_before": V("1", "§15.2"),
    "appeals.reception_cancel_notice_before": V("2", "001 §15"),
}

# Appended to the description of a rule that the regulation does not contain.
_BORROWED_NOTE = {
    "kk": " (бұл регламентте жоқ; 003 регламенті бойынша)",
    "ru": " (в этом регламенте нет; по регламенту 003)",
    "en": " (not in this regulation; as in regulation 003)",
}


def _build(code: str, values: dict[str, V]) -> tuple[PresetRule, ...]:
    spec_keys = {spec.key for spec in SPECS}
    if set(values) != spec_keys:
        raise RuntimeError(f"Preset {code}: keys differ from SPECS: {sorted(set(values) ^ spec_keys)}")
    rules = []
    for spec in SPECS:
        v = values[spec.key]
        note = _BORROWED_NOTE if v.borrowed else {"kk": "", "ru": "", "en": ""}
        rules.append(
            PresetRule(
                key=spec.key,
                value=v.value,
                unit=v.unit or spec.unit,
                section=f"{DEFAULT_PRESET_CODE} {v.section}" if v.borrowed else v.section,
                description_kk=spec.kk + note["kk"],
                description_ru=spec.ru + note["ru"],
                description_en=spec.en + note["en"],
            )
        )
    return tuple(rules)


PRESETS: tuple[Preset, ...] = (
    Preset(
        code="003",
        name_kk="Бәйдібек ауданы әкімі аппаратының регламенті (2025)",
        name_ru="Регламент аппарата акима района Байдибек (2025)",
        name_en="Regulation of the apparatus of the akim of Baidibek district (2025)",
        source="Постановление акимата Байдибекского района Туркестанской области от 8 августа 2025 года № 259",
        is_default=True,
        rules=_build("003", _VALUES_003),
    ),
    Preset(
        code="004",
        name_kk="Қазығұрт ауданы әкімі аппаратының регламенті (2025)",
        name_ru="Регламент аппарата акима Казыгуртского района (2025)",
        name_en="Regulation of the apparatus of the akim of Kazygurt district (2025)",
        source="Түркістан облысы Қазығұрт ауданы әкімдігінің 2025 жылғы 20 маусымдағы № 135 қаулысы",
        is_default=False,
        rules=_build("004", _VALUES_004),
    ),
    Preset(
        code="000",
        name_kk="Батыс Қазақстан облысы әкімі аппаратының регламенті (2025)",
        name_ru="Регламент аппарата акима Западно-Казахстанской области (2025)",
        name_en="Regulation of the apparatus of the akim of West Kazakhstan oblast (2025)",
        source="Батыс Қазақстан облысы әкімдігінің 2022 жылғы 29 желтоқсандағы № 280 қаулысы "
        "(07.03.2025 № 50 қаулысымен жаңа редакцияда)",
        is_default=False,
        rules=_build("000", _VALUES_000),
    ),
)


def preset(code: str) -> Preset:
    """The preset with this code (KeyError if there is none)."""
    for candidate in PRESETS:
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def required_keys() -> frozenset[str]:
    """Keys every profile must have before it can be made active."""
    return frozenset(spec.key for spec in SPECS)
