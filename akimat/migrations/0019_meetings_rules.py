"""The quorum and majority of an akimat session, who gets the Monday list of protocols' timeliness and the approval
routes of protocols as rules of the profile (003 §5.4, §5.11, §5.34, §8.5, §8.6, §8.8; 004 §5.4, §5.11, §6.12,
§9.5–§9.7; 000 §5.1(5), §5.1(14), §5.3(13), §8.5, §8.7).

A new unit, `fraction` (a share written "a/b", 0 < a <= b), and six rules: `meetings.session_quorum` (two thirds of
the members take part), `meetings.session_majority` (a resolution passes with more than half of the members
present), `meetings.timeliness_recipients` (003 §8.6; 004 §9.6 the head of apparatus supervises; 000 has none: as
in 003) and the routes of a protocol, `meetings.protocol_route.session`, `.apparatus` and `.default`. The routes
differ where the texts do: 004 agrees a session's protocol with the head of apparatus only (§9.7, no members'
visa) and every other with the curating deputies and the head of apparatus (§9.5); 000 has no legal consultant on
an apparatus meeting's protocol (§5.3(13)). Presets get the values of akimat/reglament_presets.py as of this
migration (a frozen copy); an administrator's copies get those of the preset they were made from (003 when none).
"""

from django.db import migrations, models

DESCRIPTIONS = {
    "meetings.session_quorum": (
        "fraction",
        "Әкімдік отырысы заңды деп саналу үшін оған қатысуы тиіс әкімдік мүшелерінің ең аз үлесі",
        "Доля членов акимата, при участии не менее которой заседание акимата считается правомочным",
        "Share of the akimat's members who must at least take part for an akimat session to be valid",
    ),
    "meetings.session_majority": (
        "fraction",
        "Қаулы қатысушы әкімдік мүшелерінің осы үлесінен артығы жақтап дауыс бергенде қабылданады (көпшілік дауыс)",
        "Постановление принимается, если за него голосует больше этой доли присутствующих членов акимата "
        "(большинство голосов)",
        "A resolution passes when more than this share of the akimat's members present vote for it (a "
        "majority of votes)",
    ),
    "meetings.timeliness_recipients": (
        "roles",
        "Әкім қатысқан іс-шаралар мен кеңестер хаттамаларының уақтылы ресімделуі туралы ақпаратты апта "
        "қорытындысы бойынша әр дүйсенбі алатын рөлдер",
        "Роли, которым еженедельно (в понедельник) по итогам недели представляется информация о "
        "своевременности оформления протоколов мероприятий и совещаний с участием акима",
        "Roles who get every Monday the week's information on whether the protocols of events and meetings "
        "with the akim were drawn up on time",
    ),
    "meetings.protocol_route.session": (
        "route_steps",
        "Әкімдік отырысы хаттамасының келісу маршруты: келісушілер рет-ретімен («members» — әкімдіктің барлық "
        "мүшелері виза қояды; хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді); хаттама маршрутында "
        "«departments» — мәселелерге жауапты бөлімшелердің басшылары, «deputy_akims» — мәселелерге жетекшілік "
        "ететін әкім орынбасарлары",
        "Маршрут согласования протокола заседания акимата: согласующие по порядку («members» — визы всех "
        "членов акимата; подписывающий протокол председательствующий в маршрут не входит); в маршруте "
        "протокола «departments» — руководители подразделений, ответственных за вопросы, «deputy_akims» — "
        "курирующие вопросы заместители акима",
        'Approval route of the protocol of an akimat session: the approvers in order ("members": every member '
        "of the akimat visas it; the chair, who signs it, is not on the route); in a protocol route "
        '"departments" are the heads of the units responsible for the items, "deputy_akims" the akim\'s '
        "deputies curating the items",
    ),
    "meetings.protocol_route.apparatus": (
        "route_steps",
        "Аппараттық кеңес хаттамасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі маршрутта "
        "болса, соңғы болып виза қояды; хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді); хаттама "
        "маршрутында «departments» — мәселелерге жауапты бөлімшелердің басшылары, «deputy_akims» — "
        "мәселелерге жетекшілік ететін әкім орынбасарлары",
        "Маршрут согласования протокола аппаратного совещания: согласующие по порядку (юридический "
        "консультант, если он в маршруте, визирует последним; подписывающий протокол председательствующий в "
        "маршрут не входит); в маршруте протокола «departments» — руководители подразделений, ответственных "
        "за вопросы, «deputy_akims» — курирующие вопросы заместители акима",
        "Approval route of the protocol of an apparatus meeting: the approvers in order (the legal "
        "consultant, if on it, visas last; the chair, who signs it, is not on the route); in a protocol route "
        '"departments" are the heads of the units responsible for the items, "deputy_akims" the akim\'s '
        "deputies curating the items",
    ),
    "meetings.protocol_route.default": (
        "route_steps",
        "Әкім қатысатын өзге отырыстар мен кеңестер хаттамаларының келісу маршруты (өз маршруты жоқ түрлер "
        "үшін): келісушілер рет-ретімен (хаттамаға қол қоятын төрағалық етуші маршрутқа кірмейді); хаттама "
        "маршрутында «departments» — мәселелерге жауапты бөлімшелердің басшылары, «deputy_akims» — "
        "мәселелерге жетекшілік ететін әкім орынбасарлары",
        "Маршрут согласования протоколов иных заседаний и совещаний с участием акима (видов без своего "
        "маршрута): согласующие по порядку (подписывающий протокол председательствующий в маршрут не входит); "
        "в маршруте протокола «departments» — руководители подразделений, ответственных за вопросы, "
        "«deputy_akims» — курирующие вопросы заместители акима",
        "Approval route of the protocols of other meetings with the akim (kinds without a route of their "
        "own): the approvers in order (the chair, who signs them, is not on the route); in a protocol route "
        '"departments" are the heads of the units responsible for the items, "deputy_akims" the akim\'s '
        "deputies curating the items",
    ),
}

# value, §, borrowed from 003 (the regulation has no such rule)
VALUES = {
    "003": {
        "meetings.session_quorum": ("2/3", "§5.4", False),
        "meetings.session_majority": ("1/2", "§5.4", False),
        "meetings.timeliness_recipients": ("head_of_apparatus", "§8.6", False),
        "meetings.protocol_route.session": ("deputy_head,head_of_apparatus,members", "§5.11, §8.8", False),
        "meetings.protocol_route.apparatus": ("departments,deputy_akims,head_of_apparatus,legal", "§5.34, §8.5", False),
        "meetings.protocol_route.default": ("departments,deputy_akims,head_of_apparatus", "§8.5", False),
    },
    "004": {
        "meetings.session_quorum": ("2/3", "§5.4", False),
        "meetings.session_majority": ("1/2", "§5.4", False),
        "meetings.timeliness_recipients": ("head_of_apparatus", "§9.6", False),
        "meetings.protocol_route.session": ("head_of_apparatus", "§5.11, §9.7", False),
        "meetings.protocol_route.apparatus": ("deputy_akims,head_of_apparatus", "§6.12, §9.5", False),
        "meetings.protocol_route.default": ("deputy_akims,head_of_apparatus", "§9.5", False),
    },
    "000": {
        "meetings.session_quorum": ("2/3", "§5.1(5)", False),
        "meetings.session_majority": ("1/2", "§5.1(5)", False),
        "meetings.timeliness_recipients": ("head_of_apparatus", "§8.6", True),
        "meetings.protocol_route.session": ("deputy_head,head_of_apparatus,members", "§5.1(14), §8.7", False),
        "meetings.protocol_route.apparatus": ("departments,deputy_akims,head_of_apparatus", "§5.3(13), §8.5", False),
        "meetings.protocol_route.default": ("departments,deputy_akims,head_of_apparatus", "§8.5", False),
    },
}

BORROWED_NOTE = (
    " (бұл регламентте жоқ; 003 регламенті бойынша)",
    " (в этом регламенте нет; по регламенту 003)",
    " (not in this regulation; as in regulation 003)",
)


def _preset_code(profile) -> str | None:
    """The code of the preset the profile is or descends from; None when it descends from none."""
    preset = profile
    while preset is not None and not preset.is_preset:
        preset = preset.based_on
    if preset is not None and preset.code in VALUES:
        return preset.code
    return None


def add_rules(apps, schema_editor) -> None:
    RegulationProfile = apps.get_model("akimat", "RegulationProfile")
    RegulationRule = apps.get_model("akimat", "RegulationRule")
    for profile in RegulationProfile.objects.all():
        code = _preset_code(profile)
        for key, (unit, kk, ru, en) in DESCRIPTIONS.items():
            value, section, borrowed = VALUES[code or "003"][key]
            if borrowed or code is None:
                section = f"003 {section}"
            if borrowed:
                kk, ru, en = kk + BORROWED_NOTE[0], ru + BORROWED_NOTE[1], en + BORROWED_NOTE[2]
            RegulationRule.objects.get_or_create(
                profile=profile,
                key=key,
                defaults={
                    "value": value,
                    "unit": unit,
                    "section": section,
                    "description_kk": kk,
                    "description_ru": ru,
                    "description_en": en,
                },
            )


def remove_rules(apps, schema_editor) -> None:
    RegulationRule = apps.get_model("akimat", "RegulationRule")
    RegulationRule.objects.filter(key__in=list(DESCRIPTIONS)).delete()


UNIT_CHOICES = [
    ("working_days", "working days"),
    ("calendar_days", "calendar days"),
    ("months", "months"),
    ("hours", "hours"),
    ("time", "time of day"),
    ("day_of_month", "day of month"),
    ("count", "count"),
    ("flag", "yes / no"),
    ("org_functions", "unit functions"),
    ("access_scopes", "what is read"),
    ("roles", "roles"),
    ("route_steps", "route steps"),
    ("fraction", "fraction"),
]


class Migration(migrations.Migration):
    dependencies = [("akimat", "0018_visa_approver_subject_index")]
    operations = [
        migrations.AlterField(
            model_name="regulationrule",
            name="unit",
            field=models.CharField(choices=UNIT_CHOICES, max_length=20, verbose_name="unit"),
        ),
        migrations.RunPython(add_rules, remove_rules),
    ]
