"""Demo acts for `seed_demo`: the last weeks of the Baidibek apparatus's acts, replayed through acts.services.

Every draft, visa, return, new version, withdrawal, signature, registration, point on control, dispatch and state
registration is made by the service a person would have used (acts.services, akimat.approvals.decide,
control.services for a point's report), so numbers, versions, history, grants (ДСП) and notifications are the
ones the product makes. As in correspondence/demo.py (whose clock and timeline this module uses), each step runs
with Django's clock set to the moment it took place, the stories are laid out relative to today through the
working-day calendar, and nothing is replayed after the real moment of the run; steps run in time order across
the stories, so each journal's numbers follow the registration dates without a gap.

A demo login opens onto acts in every state: a draft; drafts on approval with visas given, waiting within their
term and overdue; returned for rework within the term and past it (flagged, §10.13); a second version after a
return; agreed and waiting for the signature; signed and waiting for registration; registered with points on
control and copies partly sent (§10.18); normative acts with and without their state registration; a withdrawn
draft; an emergency decision (§10.14 3)); a ДСП order of the apparatus seen only by those granted it by name.

Idempotent: the demo's acts are present once a demo login has created one (the marker); a second run then adds
nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from acts import services
from acts.models import Act, ActFile, ActReturn, ActType, Basis, Distribution, Urgency
from akimat import approvals
from akimat.management.commands.seed_demo import PEOPLE, SeedContext
from akimat.models import Person
from control import services as control
from control.models import ControlItem
from correspondence.demo import Days, Story, Timeline, local_moment

#: the daily reminder scans (visas, rework, state registration) are replayed for the last working days only
REMINDER_DAYS = 10
#: visas are given at these hours, one stage after another, day after day
VISA_HOURS = (10, 11, 14, 16)

# --- the acts -------------------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One act of the demo: what the developer writes in the draft."""

    type: str
    unit: str  # the developer unit's key in seed_demo
    developer: str  # the responsible person's username
    title_kk: str
    title_ru: str
    text_kk: str
    text_ru: str
    curator: str = ""
    is_normative: bool = False
    urgency: str = Urgency.ORDINARY
    is_dsp: bool = False
    basis: str = Basis.INITIATIVE
    basis_label: str = ""
    raises_spending: bool = False
    addressees: tuple[str, ...] = ()  # unit keys
    other_addressees: tuple[str, ...] = ()
    # points going on control: (number, text, executor key — "@unit" or a username, working days after signing)
    points: tuple[tuple[str, str, str, int], ...] = ()
    report: str = ""  # the lead's report on the first point, when the story has it executed


HEATING = Spec(
    type=ActType.RESOLUTION,
    unit="housing",
    developer="housing.head",
    curator="deputy.infra",
    title_kk="Бәйдібек ауданының тұрғын үй-коммуналдық шаруашылығы мен әлеуметтік сала объектілерін жылыту "
    "маусымына дайындау туралы",
    title_ru="О подготовке объектов жилищно-коммунального хозяйства и социальной сферы Байдибекского района к "
    "отопительному сезону",
    text_kk="Жылыту маусымын тұрақты өткізу мақсатында Бәйдібек ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:\n"
    "1. Аудандың тұрғын үй-коммуналдық шаруашылығы бөлімі қазандықтар мен жылу желілерін жөндеуді аяқтасын.\n"
    "2. Аудандық білім бөлімі мектептер мен балабақшаларды отынмен қамтамасыз етсін.\n"
    "3. Аудандық денсаулық сақтау бөлімі медициналық ұйымдардың жылу жүйелерін тексерсін.\n"
    "4. Ауылдық округтердің әкімдері:\n"
    "4.1. халықты көмір және газбен жабдықтау кестесін бекітсін;\n"
    "4.2. әлеуметтік осал топтарға отын сатып алуға көмек көрсетсін.\n"
    "5. Осы қаулының орындалуын бақылау аудан әкімінің орынбасары Н.Қ. Әлімбетовке жүктелсін.",
    text_ru="В целях устойчивого прохождения отопительного сезона акимат Байдибекского района ПОСТАНОВЛЯЕТ:\n"
    "1. Отделу жилищно-коммунального хозяйства района завершить ремонт котельных и тепловых сетей.\n"
    "2. Отделу образования района обеспечить школы и детские сады топливом.\n"
    "3. Отделу здравоохранения района проверить системы отопления медицинских организаций.\n"
    "4. Акимам сельских округов:\n"
    "4.1. утвердить график обеспечения населения углём и газом;\n"
    "4.2. оказать социально уязвимым слоям населения помощь в приобретении топлива.\n"
    "5. Контроль за исполнением настоящего постановления возложить на заместителя акима района "
    "Алимбетова Н.К.",
    addressees=("housing", "education", "health", "shayan", "zhanaturmys", "akbastau"),
    other_addressees=("АО «КазТрансГаз Аймак»",),
    points=(
        ("1", "Завершить ремонт котельных и тепловых сетей.", "@housing", 8),
        ("2", "Обеспечить школы и детские сады топливом.", "@education", 15),
        ("3", "Проверить системы отопления медицинских организаций.", "@health", 20),
        ("4.1", "Утвердить график обеспечения населения углём и газом.", "@shayan", 25),
    ),
    report="Котельные и тепловые сети отремонтированы, акты готовности подписаны. / "
    "Қазандықтар мен жылу желілері жөнделді, дайындық актілеріне қол қойылды.",
)
PRECINCTS = Spec(
    type=ActType.DECISION,
    unit="org",
    developer="org.officer",
    curator="apparatus.head",
    is_normative=True,
    basis=Basis.INCOMING,
    basis_label="Бәйдібек аудандық сайлау комиссиясының хаты / письмо районной избирательной комиссии",
    title_kk="Бәйдібек ауданының аумағында сайлау учаскелерін құру туралы",
    title_ru="Об образовании избирательных участков на территории Байдибекского района",
    text_kk="«Қазақстан Республикасындағы сайлау туралы» Конституциялық заңның 23-бабына сәйкес ШЕШІМ ҚАБЫЛДАЙМЫН:\n"
    "1. Бәйдібек ауданының аумағында осы шешімнің қосымшасына сәйкес сайлау учаскелері құрылсын.\n"
    "2. Аудан әкімі аппаратының ұйымдастыру-инспекторлық бөлімі шешімнің әділет органында мемлекеттік "
    "тіркелуін және ресми жариялануын қамтамасыз етсін.\n"
    "3. Осы шешімнің орындалуын бақылау аудан әкімі аппаратының басшысына жүктелсін.\n"
    "4. Осы шешім алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
    text_ru="В соответствии со статьёй 23 Конституционного закона «О выборах в Республике Казахстан» "
    "РЕШАЮ:\n"
    "1. Образовать на территории Байдибекского района избирательные участки согласно приложению к "
    "настоящему решению.\n"
    "2. Организационно-инспекторскому отделу аппарата акима района обеспечить государственную регистрацию "
    "настоящего решения в органах юстиции и его официальное опубликование.\n"
    "3. Контроль за исполнением настоящего решения возложить на руководителя аппарата акима района.\n"
    "4. Настоящее решение вводится в действие по истечении десяти календарных дней после дня его первого "
    "официального опубликования.",
    addressees=("org", "shayan", "zhanaturmys", "akbastau"),
    other_addressees=("Бәйдібек аудандық сайлау комиссиясы",),
)
QUOTA = Spec(
    type=ActType.RESOLUTION,
    unit="economy",
    developer="economy.head",
    curator="deputy.economy",
    is_normative=True,
    title_kk="Мүгедектігі бар адамдар үшін жұмыс орындарына квота белгілеу туралы",
    title_ru="Об установлении квоты рабочих мест для трудоустройства лиц с инвалидностью",
    text_kk="«Халықты жұмыспен қамту туралы» Қазақстан Республикасының Заңына сәйкес Бәйдібек ауданының "
    "әкімдігі ҚАУЛЫ ЕТЕДІ:\n"
    "1. Жұмыс орындарының жалпы санының екіден төрт пайызға дейінгі мөлшерінде мүгедектігі бар адамдар "
    "үшін жұмыс орындарына квота белгіленсін.\n"
    "2. Аудандық экономика бөлімі квотаның орындалуына мониторинг жүргізсін.\n"
    "3. Осы қаулының орындалуын бақылау аудан әкімінің орынбасары Б.Е. Құлмахановқа жүктелсін.",
    text_ru="В соответствии с Законом Республики Казахстан «О занятости населения» акимат Байдибекского "
    "района ПОСТАНОВЛЯЕТ:\n"
    "1. Установить квоту рабочих мест для трудоустройства лиц с инвалидностью в размере от двух до "
    "четырёх процентов от численности рабочих мест.\n"
    "2. Отделу экономики района вести мониторинг выполнения квоты.\n"
    "3. Контроль за исполнением настоящего постановления возложить на заместителя акима района "
    "Кулмаханова Б.Е.",
    addressees=("economy", "education", "health"),
    other_addressees=("Бәйдібек аудандық прокуратурасы",),
)
PUBLIC_WORKS = Spec(
    type=ActType.RESOLUTION,
    unit="economy",
    developer="economy.head",
    curator="deputy.economy",
    raises_spending=True,
    title_kk="Ақылы қоғамдық жұмыстарды ұйымдастыру туралы",
    title_ru="Об организации оплачиваемых общественных работ",
    text_kk="Бәйдібек ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:\n"
    "1. Ақылы қоғамдық жұмыстар жүргізілетін ұйымдардың тізбесі, қоғамдық жұмыстардың түрлері мен көлемі "
    "қосымшаға сәйкес бекітілсін.\n"
    "2. Қатысушылардың еңбегіне ақы төлеу аудандық бюджет қаражаты есебінен жүргізілсін.\n"
    "3. Ауылдық округтердің әкімдері жұмыссыз азаматтарды қоғамдық жұмыстарға тартсын.\n"
    "4. Осы қаулының орындалуын бақылау аудан әкімінің орынбасары Б.Е. Құлмахановқа жүктелсін.",
    text_ru="Акимат Байдибекского района ПОСТАНОВЛЯЕТ:\n"
    "1. Утвердить перечень организаций, виды, объёмы оплачиваемых общественных работ согласно приложению.\n"
    "2. Оплату труда участников производить за счёт средств районного бюджета.\n"
    "3. Акимам сельских округов привлекать безработных граждан к общественным работам.\n"
    "4. Контроль за исполнением настоящего постановления возложить на заместителя акима района "
    "Кулмаханова Б.Е.",
    addressees=("education", "housing", "shayan", "zhanaturmys", "akbastau"),
)
CLEANUP = Spec(
    type=ActType.ORDER,
    unit="housing",
    developer="housing.head",
    curator="deputy.infra",
    title_kk="Аудан аумағында «Таза Қазақстан» экологиялық акциясын өткізу туралы",
    title_ru="О проведении экологической акции «Таза Қазақстан» на территории района",
    text_kk="1. Елді мекендерде санитариялық тазалау және абаттандыру жұмыстары ұйымдастырылсын.\n"
    "2. Ауылдық округтердің әкімдері сенбіліктер кестесін бекітсін.\n"
    "3. Осы өкімнің орындалуын бақылау аудан әкімінің орынбасары Н.Қ. Әлімбетовке жүктелсін.",
    text_ru="1. Организовать в населённых пунктах работы по санитарной очистке и благоустройству.\n"
    "2. Акимам сельских округов утвердить график субботников.\n"
    "3. Контроль за исполнением настоящего распоряжения возложить на заместителя акима района "
    "Алимбетова Н.К.",
    addressees=("housing", "shayan", "zhanaturmys", "akbastau"),
)
FLOOD = Spec(
    type=ActType.RESOLUTION,
    unit="agriculture",
    developer="agriculture.head",
    curator="deputy.economy",
    title_kk="Су тасқыны кезеңінде төтенше жағдайлардың алдын алу және олардың салдарын жою жөніндегі шаралар туралы",
    title_ru="О мерах по предупреждению чрезвычайных ситуаций в паводковый период и ликвидации их последствий",
    text_kk="Бәйдібек ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:\n"
    "1. Су тасқынына қарсы іс-шаралар жоспары бекітілсін.\n"
    "2. Ауылдық округтердің әкімдері арықтар мен көпір астарын тазартсын.\n"
    "3. Іс-шаралар аудандық бюджеттің резервінен қаржыландырылсын.\n"
    "4. Осы қаулының орындалуын бақылау аудан әкімінің орынбасары Б.Е. Құлмахановқа жүктелсін.",
    text_ru="Акимат Байдибекского района ПОСТАНОВЛЯЕТ:\n"
    "1. Утвердить план противопаводковых мероприятий.\n"
    "2. Акимам сельских округов очистить арыки и подмостовые русла.\n"
    "3. Финансировать мероприятия из резерва районного бюджета.\n"
    "4. Контроль за исполнением настоящего постановления возложить на заместителя акима района "
    "Кулмаханова Б.Е.",
    addressees=("agriculture", "construction", "shayan", "zhanaturmys", "akbastau"),
)
WORKING_GROUP = Spec(
    type=ActType.ORDER,
    unit="finance",
    developer="finance.executor",
    curator="deputy.economy",
    title_kk="Иесіз жылжымайтын мүлік объектілерін анықтау жөнінде жұмыс тобын құру туралы",
    title_ru="О создании рабочей группы по выявлению бесхозяйных объектов недвижимости",
    text_kk="1. Иесіз жылжымайтын мүлік объектілерін анықтау жөнінде жұмыс тобы құрылсын.\n"
    "2. Жұмыс тобы екі ай мерзімде түгендеу жүргізсін.\n"
    "3. Осы өкімнің орындалуын бақылау аудан әкімінің орынбасары Б.Е. Құлмахановқа жүктелсін.",
    text_ru="1. Создать рабочую группу по выявлению бесхозяйных объектов недвижимости.\n"
    "2. Рабочей группе в двухмесячный срок провести инвентаризацию.\n"
    "3. Контроль за исполнением настоящего распоряжения возложить на заместителя акима района "
    "Кулмаханова Б.Е.",
    addressees=("finance", "economy", "shayan", "zhanaturmys", "akbastau"),
)
COMMISSION = Spec(
    type=ActType.DECISION,
    unit="education",
    developer="education.head",
    curator="deputy.social",
    title_kk="Кәмелетке толмағандардың істері және олардың құқықтарын қорғау жөніндегі аудандық комиссияның "
    "құрамы туралы",
    title_ru="О составе районной комиссии по делам несовершеннолетних и защите их прав",
    text_kk="ШЕШІМ ҚАБЫЛДАЙМЫН:\n"
    "1. Кәмелетке толмағандардың істері және олардың құқықтарын қорғау жөніндегі аудандық комиссия "
    "құрылсын.\n"
    "2. Комиссия құрамы: төраға — аудан әкімінің орынбасары Г.С. Жақыпова; мүшелері — білім, денсаулық "
    "сақтау бөлімдерінің басшылары.\n"
    "3. Осы шешімнің орындалуын бақылау аудан әкімінің орынбасары Г.С. Жақыповаға жүктелсін.",
    text_ru="РЕШАЮ:\n"
    "1. Образовать районную комиссию по делам несовершеннолетних и защите их прав.\n"
    "2. Состав комиссии: председатель — заместитель акима района Жакыпова Г.С.; члены — руководители отдела "
    "образования, отдела здравоохранения и участковый инспектор полиции.\n"
    "3. Контроль за исполнением настоящего решения возложить на заместителя акима района Жакыпову Г.С.",
    addressees=("education", "health"),
)
COMMISSION_REWORKED_KK = COMMISSION.text_kk.replace(
    "сақтау бөлімдерінің басшылары.", "сақтау бөлімдерінің басшылары және учаскелік полиция инспекторы."
)
AWARD = Spec(
    type=ActType.ORDER,
    unit="org",
    developer="org.officer",
    curator="apparatus.head",
    title_kk="Бәйдібек ауданы әкімінің Құрмет грамотасымен марапаттау туралы",
    title_ru="О награждении Почётной грамотой акима Байдибекского района",
    text_kk="Аудандың әлеуметтік-экономикалық дамуына қосқан елеулі үлесі үшін Бәйдібек ауданы әкімінің "
    "Құрмет грамотасымен марапатталсын:\n"
    "1. Абенов Ерлан Бекұлы — Шаян ауылындағы № 12 орта мектептің мұғалімі.\n"
    "2. Касымова Гүлнар Сейітқызы — аудандық орталық ауруханасының мейіргері.\n"
    "3. Аудан әкімі аппаратының ұйымдастыру-инспекторлық бөлімі марапаттауды ұйымдастырсын.",
    text_ru="За значительный вклад в социально-экономическое развитие района наградить Почётной грамотой "
    "акима Байдибекского района:\n"
    "1. Абенова Ерлана Бекұлы — учителя средней школы № 12 села Шаян.\n"
    "2. Касымову Гүлнар Сейітқызы — медицинскую сестру районной центральной больницы.\n"
    "3. Организационно-инспекторскому отделу аппарата акима района организовать вручение.",
    addressees=("org", "education", "health"),
)
EMERGENCY = Spec(
    type=ActType.DECISION,
    unit="zhanaturmys",
    developer="zhanaturmys.akim",
    curator="deputy.infra",
    is_normative=True,
    urgency=Urgency.EMERGENCY,
    title_kk="Жаңатұрмыс ауылдық округінің аумағында жергілікті ауқымдағы табиғи сипаттағы төтенше жағдай "
    "жариялау туралы",
    title_ru="Об объявлении чрезвычайной ситуации природного характера местного масштаба на территории "
    "сельского округа Жанатурмыс",
    text_kk="«Азаматтық қорғау туралы» Қазақстан Республикасының Заңына сәйкес ШЕШІМ ҚАБЫЛДАЙМЫН:\n"
    "1. Жаңатұрмыс ауылдық округінің аумағында жергілікті ауқымдағы табиғи сипаттағы төтенше жағдай "
    "жариялансын.\n"
    "2. Төтенше жағдайды жою басшысы болып аудан әкімінің орынбасары Н.Қ. Әлімбетов тағайындалсын.\n"
    "3. Аудандық құрылыс бөлімі зақымдалған тұрғын үйлерді тексеріп, қалпына келтіру сметасын дайындасын.\n"
    "4. Аудандық тұрғын үй-коммуналдық шаруашылығы бөлімі ауыз сумен жабдықтауды қалпына келтірсін.",
    text_ru="В соответствии с Законом Республики Казахстан «О гражданской защите» РЕШАЮ:\n"
    "1. Объявить чрезвычайную ситуацию природного характера местного масштаба на территории сельского "
    "округа Жанатурмыс.\n"
    "2. Руководителем ликвидации чрезвычайной ситуации назначить заместителя акима района Алимбетова Н.К.\n"
    "3. Отделу строительства района обследовать повреждённые жилые дома и подготовить смету "
    "восстановления.\n"
    "4. Отделу жилищно-коммунального хозяйства района восстановить водоснабжение.",
    addressees=("zhanaturmys", "construction", "housing"),
    other_addressees=("Департамент по чрезвычайным ситуациям Туркестанской области",),
    points=(
        ("3", "Обследовать повреждённые жилые дома и подготовить смету восстановления.", "@construction", 3),
        ("4", "Восстановить водоснабжение в сельском округе Жанатурмыс.", "@housing", 5),
    ),
)
MEETINGS = Spec(
    type=ActType.ORDER,
    unit="org",
    developer="org.head",
    curator="apparatus.head",
    title_kk="Ауылдық округтер әкімдерінің халықпен есептік кездесулерін өткізу туралы",
    title_ru="О проведении отчётных встреч акимов сельских округов с населением",
    text_kk="1. Ауылдық округтер әкімдерінің халықпен есептік кездесулерінің кестесі бекітілсін.\n"
    "2. Аудан әкімі аппаратының ұйымдастыру-инспекторлық бөлімі кездесулердің өткізілуін ұйымдастырсын.\n"
    "3. Осы өкімнің орындалуын бақылау аудан әкімі аппаратының басшысына жүктелсін.",
    text_ru="1. Утвердить график отчётных встреч акимов сельских округов с населением.\n"
    "2. Организационно-инспекторскому отделу аппарата акима района организовать проведение встреч.\n"
    "3. Контроль за исполнением настоящего распоряжения возложить на руководителя аппарата акима района.",
    addressees=("org", "shayan", "zhanaturmys", "akbastau"),
    points=(("2", "Организовать проведение отчётных встреч акимов сельских округов.", "org.head", 12),),
)
STAFF = Spec(
    type=ActType.APPARATUS_ORDER,
    unit="org",
    developer="org.head",
    is_dsp=True,
    title_kk="Бәйдібек ауданы әкімі аппаратының штат кестесін бекіту туралы",
    title_ru="Об утверждении штатного расписания аппарата акима Байдибекского района",
    text_kk="БҰЙЫРАМЫН:\n"
    "1. Аудан әкімі аппаратының штат кестесі қосымшаға сәйкес бекітілсін.\n"
    "2. Қаржы бөлімі еңбекақы қорын штат кестесіне сәйкес келтірсін.\n"
    "3. Осы бұйрықтың орындалуын бақылауды өзіме қалдырамын.",
    text_ru="ПРИКАЗЫВАЮ:\n"
    "1. Утвердить штатное расписание аппарата акима района согласно приложению.\n"
    "2. Отделу финансов привести фонд оплаты труда в соответствие со штатным расписанием.\n"
    "3. Контроль за исполнением настоящего приказа оставляю за собой.",
    addressees=("finance",),
)
VACATIONS = Spec(
    type=ActType.APPARATUS_ORDER,
    unit="org",
    developer="org.officer",
    title_kk="Аудан әкімі аппараты қызметкерлерінің жыл сайынғы еңбек демалыстарының кестесін бекіту туралы",
    title_ru="Об утверждении графика ежегодных трудовых отпусков работников аппарата акима района",
    text_kk="БҰЙЫРАМЫН:\n"
    "1. Аппарат қызметкерлерінің жыл сайынғы еңбек демалыстарының кестесі қосымшаға сәйкес бекітілсін.\n"
    "2. Бөлім басшылары кестенің сақталуын қамтамасыз етсін.",
    text_ru="ПРИКАЗЫВАЮ:\n"
    "1. Утвердить график ежегодных трудовых отпусков работников аппарата согласно приложению.\n"
    "2. Руководителям отделов обеспечить соблюдение графика.",
    addressees=("general", "org", "appeals", "legal", "finance", "economy"),
)
RENAME = Spec(
    type=ActType.DECISION,
    unit="shayan",
    developer="shayan.akim",
    curator="deputy.infra",
    title_kk="Шаян ауылындағы көшеге атау беру туралы",
    title_ru="О присвоении наименования улице в селе Шаян",
    text_kk="1. Шаян ауылындағы № 7 жобалық көшеге Бәйдібек би есімі берілсін.\n"
    "2. Осы шешімнің орындалуын бақылау аудан әкімінің орынбасары Н.Қ. Әлімбетовке жүктелсін.",
    text_ru="1. Присвоить проектной улице № 7 села Шаян имя Байдибек би.\n"
    "2. Контроль за исполнением настоящего решения возложить на заместителя акима района Алимбетова Н.К.",
    addressees=("shayan",),
)

REASON_FINANCE = (
    "3-тармақ бойынша қаржыландыру көзі мен шығындар есебі көрсетілмеген; есепті қоса беріңіз. / "
    "По п. 3 не указаны источник финансирования и расчёт затрат; приложите расчёт."
)
REASON_NOT_AUTHENTIC = (
    "Қазақ және орыс тілдеріндегі мәтіндер сәйкес келмейді: 2-тармақта комиссия құрамы әртүрлі көрсетілген. / "
    "Тексты на казахском и русском языках не аутентичны: в п. 2 указан разный состав комиссии."
)
REASON_LEGAL = (
    "Жұмыс тобын құру аудан әкімі аппараты басшысының құзыретіне жатады; жоба заңнамаға сәйкес келтірілсін. / "
    "Создание рабочей группы относится к компетенции руководителя аппарата; проект привести в соответствие."
)
REASON_WORKING_ORDER = (
    "Атау беру алдында ономастикалық комиссияның қорытындысын және тұрғындардың пікірін алу қажет. / "
    "До присвоения наименования нужны заключение ономастической комиссии и учёт мнения жителей."
)
WITHDRAWAL = (
    "Ономастикалық комиссияның қорытындысы алынғанға дейін жобаны қараудан алуды сұраймын. / "
    "Прошу снять проект с рассмотрения до получения заключения ономастической комиссии."
)


def pdf(name: str) -> SimpleUploadedFile:
    """A small PDF standing in for a scan (the signed original, a financing note)."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo\n", content_type="application/pdf")


# --- the stories ----------------------------------------------------------------------------------------------


@dataclass
class ActsSeeder:
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

    def executor(self, key: str):
        return self.ctx.units[key[1:]] if key.startswith("@") else self.ctx.people[key]

    # -- steps used by the stories

    def create(self, spec: Spec) -> Act:
        """The developer writes the draft (its points with executors, when it has some)."""
        units = self.ctx.units
        data = services.DraftData(
            type=spec.type,
            is_normative=spec.is_normative,
            developer_unit=units[spec.unit],
            developer=self.person(spec.developer),
            curator=self.person(spec.curator) if spec.curator else None,
            urgency=spec.urgency,
            basis=spec.basis,
            basis_object=None,
            basis_label=spec.basis_label,
            title_kk=spec.title_kk,
            title_ru=spec.title_ru,
            text_kk=spec.text_kk,
            text_ru=spec.text_ru,
            raises_spending=spec.raises_spending,
            is_dsp=spec.is_dsp,
            addressees=[units[key] for key in spec.addressees],
            other_addressees=list(spec.other_addressees),
        )
        files = [(ActFile.Kind.FINANCING_NOTE, pdf("financing-note.pdf"))] if spec.raises_spending else []
        act = services.create_draft(actor=self.user(spec.developer), data=data, files=files)
        self.ctx.record(_("Acts"), created=True)
        return act

    def set_points(self, act: Act, spec: Spec, signed_on: datetime.date) -> None:
        points = []
        for number, text, executor_key, after in spec.points:
            executor = self.executor(executor_key)
            unit = executor if executor_key.startswith("@") else None
            points.append(
                services.PointData(
                    number=number,
                    text=text,
                    deadline=self.days.after(signed_on, after),
                    lead_unit=unit,
                    lead_person=None if unit else executor,
                )
            )
        services.set_points(act, actor=self.user(spec.developer), points=points)

    def submit(self, act: Act) -> Act:
        return services.submit(act, actor=act.created_by, steps=services.default_route(act))

    def visas(self, act: Act, day: datetime.date, *, keep: tuple[str, ...] = (), stages: int = 99) -> Story:
        """The approvers give their visas stage by stage from `day` on, four stages a working day; those in `keep`
        (usernames) have not decided yet, and the route stops at them (a stage waits for all its visas)."""
        kept = {self.person(key).pk for key in keep}
        given = 0
        moment = 0
        while given < stages:
            act.refresh_from_db()
            waiting = [visa for visa in approvals.waiting(act) if visa.approver_id not in kept]
            if act.status != Act.Status.ON_APPROVAL or not waiting:
                return
            yield local_moment(self.days.after(day, moment // len(VISA_HOURS)), VISA_HOURS[moment % len(VISA_HOURS)])
            moment += 1
            for visa in waiting:
                approvals.decide(visa, actor=visa.approver.user, agree=True)
                self.ctx.record(_("Visas on acts"), created=True)
            given += 1

    def return_by_visa(self, act: Act, approver: str, reason: str) -> None:
        visa = next(visa for visa in approvals.waiting(act) if visa.approver_id == self.person(approver).pk)
        approvals.decide(visa, actor=self.user(approver), agree=False, comment=reason)
        self.ctx.record(_("Visas on acts"), created=True)

    def sign(self, act: Act, day: datetime.date) -> Act:
        act.refresh_from_db()
        return services.sign(act, actor=act.signer.user, signed_file=pdf("signed.pdf"), signed_on=day)

    def register(self, act: Act) -> Act:
        act = services.register(act, actor=self.user("registrar"))
        for _point in act.points.exclude(control_item=None):
            self.ctx.record(_("Points of acts on control"), created=True)
        return act

    def dispatch(self, act: Act, count: int) -> None:
        """The general department sends the first `count` certified copies, in the system or by post."""
        for row in act.distribution.filter(sent_on__isnull=True).order_by("pk")[:count]:
            channel = Distribution.Channel.SYSTEM if row.unit_id else Distribution.Channel.POST
            services.record_dispatch(row, actor=self.user("registrar"), sent_on=timezone.localdate(), channel=channel)
            self.ctx.record(_("Certified copies of acts sent"), created=True)

    # -- one story per act

    def registered(
        self, spec: Spec, created: int, signed: int, *, sent: int, reported: int | None = None, to_justice: bool = False
    ) -> Story:
        """Drafted, agreed, signed and registered; points on control, `sent` copies dispatched the next day; the
        lead of the first point reports `reported` working days ago; a normative act submitted to the justice body
        the next day when `to_justice`."""
        day = self.days.back(created)
        yield local_moment(day, 9, 10)
        act = self.create(spec)
        if spec.points:
            self.set_points(act, spec, self.days.back(signed))
        yield local_moment(day, 9, 40)
        self.submit(act)
        yield from self.visas(act, day)
        signed_on = self.days.back(signed)
        yield local_moment(signed_on, 15)
        self.sign(act, signed_on)
        yield local_moment(signed_on, 16, 30)
        act = self.register(act)
        if sent:
            yield local_moment(self.days.after(signed_on, 1), 10)
            self.dispatch(act, sent)
        if to_justice:  # submitted; the justice body has not registered it yet
            yield local_moment(self.days.after(signed_on, 1), 11)
            services.record_state_registration(act, actor=self.user("legal"), submitted_on=timezone.localdate())
        if reported is not None:
            yield local_moment(self.days.back(reported), 16)
            point = act.points.exclude(control_item=None).select_related("control_item").order_by("pk").first()
            item = ControlItem.objects.get(pk=point.control_item_id)
            lead = item.executors.select_related("unit__head__user", "person__user").get(is_lead=True)
            control.submit_report(
                item,
                actor=lead.person.user if lead.person_id else lead.unit.head.user,
                text=spec.report,
            )
        return act

    def precincts(self) -> Story:
        """A normative decision registered with the justice body and published."""
        signed = 13
        act = yield from self.registered(PRECINCTS, created=15, signed=signed, sent=5)
        legal = self.user("legal")
        yield local_moment(self.days.back(signed - 1), 10)
        services.record_state_registration(act, actor=legal, submitted_on=timezone.localdate())
        yield local_moment(self.days.back(6), 15)
        services.record_state_registration(
            act, actor=legal, justice_number="6873", justice_registered_on=timezone.localdate()
        )
        yield local_moment(self.days.back(4), 11)
        services.record_state_registration(act, actor=legal, published_on=timezone.localdate())

    def on_approval(self, spec: Spec, submitted: int, *, keep: tuple[str, ...], stages: int = 99) -> Story:
        """On approval since `submitted` working days ago: the visas up to `keep` given, theirs waiting."""
        day = self.days.back(submitted)
        yield local_moment(day, 9, 20)
        act = self.create(spec)
        yield local_moment(day, 9, 50)
        self.submit(act)
        yield from self.visas(act, self.days.after(day, 1), keep=keep, stages=stages)

    def returned(self, spec: Spec, submitted: int, returned: int, *, by: str, reason: str, visa: bool) -> Story:
        """Returned for rework `returned` working days ago: by a visa with its reason, or on a ground of §10.12."""
        day = self.days.back(submitted)
        yield local_moment(day, 9, 30)
        act = self.create(spec)
        yield local_moment(day, 10)
        self.submit(act)
        yield from self.visas(act, day, keep=(by,))
        yield local_moment(self.days.back(returned), 11, 30)
        act.refresh_from_db()
        if visa:
            self.return_by_visa(act, by, reason)
        else:
            services.return_draft(
                act,
                actor=self.user(by),
                ground=ActReturn.Ground.LEGAL_OPINION,
                reason=reason,
                reference=f"№ 14 {timezone.localdate():%d.%m.%Y}",
            )

    def reworked(self) -> Story:
        """Returned by the head of apparatus's visa (texts not authentic), reworked as version 2, agreed: to sign."""
        spec = COMMISSION
        day = self.days.back(7)
        yield local_moment(day, 9, 15)
        act = self.create(spec)
        yield local_moment(day, 9, 45)
        self.submit(act)
        yield from self.visas(act, day, keep=("apparatus.head",))
        yield local_moment(self.days.back(6), 11)
        self.return_by_visa(act, "apparatus.head", REASON_NOT_AUTHENTIC)
        yield local_moment(self.days.back(5), 10)
        act.refresh_from_db()
        data = services.DraftData(
            type=act.type,
            is_normative=act.is_normative,
            developer_unit=act.developer_unit,
            developer=act.developer,
            curator=act.curator,
            urgency=act.urgency,
            basis=act.basis,
            basis_object=None,
            basis_label=act.basis_label,
            title_kk=act.title_kk,
            title_ru=act.title_ru,
            text_kk=COMMISSION_REWORKED_KK,
            text_ru=spec.text_ru,
            note="2-тармақтың қазақ тіліндегі мәтіні орыс тіліндегі мәтінге сәйкестендірілді. / "
            "Текст п. 2 на казахском языке приведён в соответствие с текстом на русском языке.",
            addressees=[self.ctx.units[key] for key in spec.addressees],
        )
        services.update_draft(act, actor=self.user(spec.developer), data=data)
        yield local_moment(self.days.back(5), 10, 30)
        services.resubmit(act, actor=self.user(spec.developer))
        yield from self.visas(act, self.days.back(5))

    def signed_awaiting_registration(self) -> Story:
        spec = MEETINGS
        day = self.days.back(4)
        yield local_moment(day, 9)
        act = self.create(spec)
        self.set_points(act, spec, self.days.back(1))
        yield local_moment(day, 9, 30)
        self.submit(act)
        yield from self.visas(act, day)
        yield local_moment(self.days.back(1), 17, 10)
        self.sign(act, timezone.localdate())

    def to_sign(self, spec: Spec, created: int) -> Story:
        day = self.days.back(created)
        yield local_moment(day, 14)
        act = self.create(spec)
        yield local_moment(day, 14, 30)
        self.submit(act)
        yield from self.visas(act, self.days.after(day, 1))

    def withdrawn(self) -> Story:
        """Returned in working order by the curating deputy, then withdrawn at the developer's written request."""
        spec = RENAME
        day = self.days.back(11)
        yield local_moment(day, 10)
        act = self.create(spec)
        yield local_moment(day, 10, 30)
        self.submit(act)
        yield local_moment(self.days.back(10), 15)
        services.return_draft(
            act, actor=self.user("deputy.infra"), ground=ActReturn.Ground.WORKING_ORDER, reason=REASON_WORKING_ORDER
        )
        yield local_moment(self.days.back(9), 11)
        services.request_withdrawal(act, actor=self.user(spec.developer), reason=WITHDRAWAL)

    def draft(self) -> Story:
        yield local_moment(self.days.back(1), 11, 20)
        self.create(AWARD)

    def reminders(self) -> Story:
        """The daily scans of the beat: visas before and past their term, rework and state registration terms."""
        for back in range(REMINDER_DAYS, -1, -1):
            yield local_moment(self.days.back(back), 8, 40)
            approvals.remind(timezone.now())
            services.remind_rework(timezone.now())

    # -- the run

    def stories(self) -> list[Story]:
        return [
            self.precincts(),
            self.registered(QUOTA, created=13, signed=10, sent=4),
            self.registered(HEATING, created=14, signed=11, sent=4, reported=3),
            self.withdrawn(),
            self.returned(WORKING_GROUP, 12, 10, by="legal", reason=REASON_LEGAL, visa=False),
            self.registered(STAFF, created=9, signed=7, sent=1),
            self.on_approval(CLEANUP, 8, keep=("deputy.economy", "deputy.infra")),
            self.reworked(),
            self.returned(FLOOD, 6, 2, by="finance.head", reason=REASON_FINANCE, visa=True),
            self.registered(EMERGENCY, created=4, signed=3, sent=2, to_justice=True),
            self.signed_awaiting_registration(),
            self.to_sign(VACATIONS, 3),
            self.on_approval(PUBLIC_WORKS, 2, keep=("shayan.akim", "akbastau.akim")),
            self.draft(),
            self.reminders(),
        ]

    def run(self) -> None:
        # the replayed past was e-mailed when it happened, and read but for the last two working days
        made = self.timeline.replay(self.stories(), read_before=local_moment(self.days.back(2), 0))
        self.ctx.created[_("Notifications about acts")] += made


DEMO_USERNAMES = tuple(spec.username for spec in PEOPLE)


def demo_is_present() -> bool:
    """The marker: a demo login has created an act (a second run adds none)."""
    return Act.objects.filter(created_by__username__in=DEMO_USERNAMES).exists()


def seed_acts(ctx: SeedContext) -> None:
    """The demo's acts, replayed through acts.services (once)."""
    if demo_is_present():
        ctx.present[_("Acts")] += Act.objects.count()
        ctx.report(_("Acts"))
        return
    ActsSeeder(ctx, timezone.now()).run()
    kinds = (
        _("Acts"),
        _("Visas on acts"),
        _("Points of acts on control"),
        _("Certified copies of acts sent"),
        _("Notifications about acts"),
    )
    for kind in kinds:
        ctx.report(kind)


SEED_STEPS: list[Callable[[SeedContext], None]] = [seed_acts]
