"""The approval route of acts and its terms as rules of the profile (003 §10.3–§10.4, §10.13–§10.16; 004 §11; 000 §10).

A new unit, `route_steps` (the steps of a route, comma-separated, in order, the legal consultant last), and seven
rules: the default route per act type (`acts.route.resolution`, `.decision`, `.order`, `.apparatus_order`),
whether a new round restarts from the step that returned the draft (the texts are silent: from the start),
the term to submit a normative act for state registration (the texts refer to the law: to be checked by the
installation's lawyer) and the roles who may set a shorter approval term (§10.14). The routes differ where the
texts do: 004 §11.4 names department heads and no deputy head, finance or economy head; 000 §10.4 one head for
budget and finance (economy). Presets get the values of akimat/reglament_presets.py as of this migration (a
frozen copy); an administrator's copies get those of the preset they were made from (003 when none).
"""

from django.db import migrations, models

DESCRIPTIONS = {
    "acts.route.resolution": (
        "route_steps",
        "Әкімдік қаулысы жобасының келісу маршруты: келісушілер рет-ретімен (алдымен мүдделі бөлімдер, "
        "содан кейін әкімдік мүшелері; заң кеңесшісі соңғы болып бұрыштама қояды және маршрутты жабады)",
        "Маршрут согласования проекта постановления акимата: согласующие по порядку (сначала "
        "заинтересованные отделы, затем члены акимата; юридический консультант визирует последним и "
        "закрывает маршрут)",
        "Approval route of a draft resolution of the akimat: the approvers in order (first the interested "
        "departments, then the members of the akimat; the legal consultant signs last and closes the route)",
    ),
    "acts.route.decision": (
        "route_steps",
        "Әкім шешімі жобасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі соңғы болып "
        "бұрыштама қояды және маршрутты жабады)",
        "Маршрут согласования проекта решения акима: согласующие по порядку (юридический консультант "
        "визирует последним и закрывает маршрут)",
        "Approval route of a draft decision of the akim: the approvers in order (the legal consultant "
        "signs last and closes the route)",
    ),
    "acts.route.order": (
        "route_steps",
        "Әкім өкімі жобасының келісу маршруты: келісушілер рет-ретімен (заң кеңесшісі соңғы болып "
        "бұрыштама қояды және маршрутты жабады)",
        "Маршрут согласования проекта распоряжения акима: согласующие по порядку (юридический "
        "консультант визирует последним и закрывает маршрут)",
        "Approval route of a draft order of the akim: the approvers in order (the legal consultant signs "
        "last and closes the route)",
    ),
    "acts.route.apparatus_order": (
        "route_steps",
        "Аппарат басшысы бұйрығы жобасының келісу маршруты (бұйрыққа аппарат басшысы қол қояды; "
        "регламент келісушілерді атамайды: құзыреті бойынша орынбасар және заң кеңесшісі)",
        "Маршрут согласования проекта приказа руководителя аппарата (приказ подписывает руководитель "
        "аппарата; регламент согласующих не называет: заместитель по компетенции и юридический "
        "консультант)",
        "Approval route of a draft order of the head of apparatus (who signs it; the regulation names no "
        "approvers: the deputy head by competence and the legal consultant)",
    ),
    "acts.route_restart_from_returning_step": (
        "flag",
        "Қайтарылғаннан кейін жаңа келісу айналымы жобаны қайтарған келісушіден басталады (әйтпесе — "
        "маршруттың басынан; регламентте тікелей айтылмаған: пысықталған жоба қайта енгізіледі)",
        "После возврата новый круг согласования начинается с согласующего, вернувшего проект (иначе — с "
        "начала маршрута; регламент прямо этого не говорит: доработанный проект вносится заново)",
        "After a return the new round of approval starts from the approver who returned the draft "
        "(otherwise from the start of the route; the regulation does not say: the reworked draft is "
        "submitted anew)",
    ),
    "acts.normative_submission_term": (
        "calendar_days",
        "Нормативтік құқықтық актіні қол қойылған күнінен бастап әділет органына мемлекеттік тіркеуге "
        "жіберу мерзімі (заңда белгіленген; мекеме заңгері тексеруі тиіс)",
        "Срок направления нормативного правового акта на государственную регистрацию в орган юстиции со "
        "дня подписания (установлен законом; проверить юристу учреждения)",
        "Term to submit a normative legal act for state registration to the justice body from the day "
        "it is signed (set by law; to be checked by the installation's lawyer)",
    ),
    "acts.shorter_term_roles": (
        "roles",
        "Актілерді жедел қабылдау қажет болғанда келісудің неғұрлым қысқа мерзімін белгілей алатын рөлдер",
        "Роли, которые при необходимости оперативного принятия актов могут устанавливать более короткие "
        "сроки согласования",
        "Roles who may set a shorter approval term when an act must be adopted quickly",
    ),
}

# value, §, borrowed from 003 (the regulation has no such rule)
VALUES = {
    "003": {
        "acts.route.resolution": (
            "departments,deputy_akims,head_of_apparatus,deputy_head,finance,economy,members,legal",
            "§10.3, §10.4, §10.14",
            False,
        ),
        "acts.route.decision": (
            "deputy_akims,head_of_apparatus,deputy_head,finance,economy,legal",
            "§10.3, §10.4",
            False,
        ),
        "acts.route.order": ("deputy_akims,head_of_apparatus,deputy_head,finance,economy,legal", "§10.3, §10.4", False),
        "acts.route.apparatus_order": ("deputy_head,legal", "§10.3, §10.15", False),
        "acts.route_restart_from_returning_step": ("false", "§10.13", False),
        "acts.normative_submission_term": (
            "10",
            "§10.16; Закон «О правовых актах», ст. 43-1 — проверить юристу",
            False,
        ),
        "acts.shorter_term_roles": ("akim,deputy_akim,head_of_apparatus", "§10.14", False),
    },
    "004": {
        "acts.route.resolution": (
            "departments,deputy_akims,head_of_apparatus,members,legal",
            "§11.3, §11.4, §11.14",
            False,
        ),
        "acts.route.decision": ("deputy_akims,head_of_apparatus,departments,legal", "§11.3, §11.4", False),
        "acts.route.order": ("deputy_akims,head_of_apparatus,departments,legal", "§11.3, §11.4", False),
        "acts.route.apparatus_order": ("deputy_head,legal", "§10.3, §10.15", True),
        "acts.route_restart_from_returning_step": ("false", "§11.13", False),
        "acts.normative_submission_term": (
            "10",
            "§11.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін",
            False,
        ),
        "acts.shorter_term_roles": ("akim,deputy_akim,head_of_apparatus", "§11.14", False),
    },
    "000": {
        "acts.route.resolution": (
            "departments,deputy_akims,head_of_apparatus,deputy_head,economy,members,legal",
            "§10.3, §10.4, §10.14",
            False,
        ),
        "acts.route.decision": ("deputy_akims,head_of_apparatus,deputy_head,economy,legal", "§10.3, §10.4", False),
        "acts.route.order": ("deputy_akims,head_of_apparatus,deputy_head,economy,legal", "§10.3, §10.4", False),
        "acts.route.apparatus_order": ("deputy_head,legal", "§10.3, §10.15", False),
        "acts.route_restart_from_returning_step": ("false", "§10.13", False),
        "acts.normative_submission_term": (
            "10",
            "§10.16; «Құқықтық актілер туралы» Заң, 43-1-бап — заңгер тексерсін",
            False,
        ),
        "acts.shorter_term_roles": ("akim,deputy_akim,head_of_apparatus", "§10.14", False),
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
]


class Migration(migrations.Migration):
    dependencies = [("akimat", "0016_visa")]
    operations = [
        migrations.AlterField(
            model_name="regulationrule",
            name="unit",
            field=models.CharField(choices=UNIT_CHOICES, max_length=20, verbose_name="unit"),
        ),
        migrations.RunPython(add_rules, remove_rules),
    ]
