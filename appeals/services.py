"""Citizens' appeals: the ONLY mutator of appeals, their applicants, links and notices — 003 §13 (000 §13,
004 §14) and the APPK articles they cite.

    register_appeal → REGISTERED (all requisites of APPK art. 63, or some missing: never refused, §13.5)
                    → CLOSED (anonymous)  |  TO_FORWARD (anonymous report of a crime or a threat to security)
    REGISTERED with missing items → (mark_deficient: the notice and its term, §13.7) DEFICIENT
    DEFICIENT → (fix_deficiency) REGISTERED  |  (return_unfixed, after the term) RETURNED

The registration date follows APPK art. 64 with the profile's working day (``work.day_end``) and the working-day
calendar; the number comes from the appeals' own journal (§13.3, ``akimat.numbering``); the applicants are cards
reused by all their appeals, so repeats and duplicates are linked at registration; every action is written to
the history (``akimat.history``). The routing to the addressee (§13.8), the terms of APPK art. 76 and the answer
are the next steps of issue #15.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, numbering, officials, permissions, reglament, workdays
from akimat.identifiers import normalise
from akimat.models import Counter, OrgUnit, Person
from akimat.notifications import Action, Draft, complete_action, notify_many
from akimat.roles import Role
from appeals import access, requisites
from appeals.models import (
    JOURNAL,
    Appeal,
    AppealApplicant,
    AppealLink,
    AppealNotice,
    Applicant,
    Channel,
    Kind,
    Language,
)

# a receipt time a little ahead of the server clock is a clock skew, more is a typing error
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)

# --- repeats and duplicates (issue #15 §1) ---------------------------------------------------------------
# How alike two appeals must read to be linked: heuristics of the search, not terms of the regulation.
#: calendar days before the receipt in which the same applicant's appeal through another channel may be the same one
DUPLICATE_DAYS = 7
#: the trigram similarity (pg_trgm, 0–1) of the essences above which such an appeal is a duplicate
DUPLICATE_SIMILARITY = 0.5
#: at most so many earlier answered appeals of the same applicant are linked as repeats (the most alike first)
REPEAT_LIMIT = 5

# the notifications that ask for something; the service that does it marks them done
SET_TERM = Action("appeals.deficiency", _("a term to fix the appeal's deficiencies"))
FORWARD = Action("appeals.forward", _("forwarding of the appeal to the competent body"))

HISTORY_LABELS = {
    "appeal_registered": _("appeal registered"),
    "appeal_closed": _("closed without consideration: anonymous appeal"),
    "appeal_to_forward": _("to be forwarded to the competent body"),
    "appeal_linked": _("linked to earlier appeals of the applicant"),
    "deficiency_noticed": _("applicant told of the deficiencies and the term to fix them"),
    "deficiency_fixed": _("deficiencies fixed"),
    "appeal_returned": _("returned to the applicant"),
}
history.register_actions(HISTORY_LABELS)


@dataclass
class ApplicantData:
    """An applicant as the form gives it: an individual (surname, first name, patronymic if in the identity
    document, IIN if any) or a legal entity (name, BIN if any), with the postal address and contacts."""

    type: str = Applicant.Type.INDIVIDUAL
    surname: str = ""
    first_name: str = ""
    patronymic: str = ""
    iin: str = ""
    organisation: str = ""
    bin: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class AppealData:
    channel: str
    kind: str = Kind.APPLICATION
    summary: str = ""
    received_at: datetime.datetime | None = None  # when it actually came; now by default
    addressee: Person | None = None
    addressee_name: str = ""  # as written in the appeal, e.g. "the akimat of the district"
    applicants: list[ApplicantData] = field(default_factory=list)
    language: str = Language.KAZAKH
    pages: int = 1
    signed: bool = False  # a paper appeal (post, in person): signed by the applicant
    dated_on: datetime.date | None = None  # a paper appeal: the date the applicant wrote on it
    is_collective: bool = False
    is_anonymous: bool = False
    reports_crime: bool = False  # anonymous: it reports a crime or a threat to security
    forward_to: str = ""  # anonymous report of a crime: the competent body it goes to
    representative_name: str = ""
    representative_document: str = ""
    external_number: str = ""  # its number in e-Otinish


@dataclass
class Corrections:
    """What the applicant brought to fix the deficiencies (§13.7); None leaves a requisite as it is."""

    applicants: list[ApplicantData] | None = None
    summary: str | None = None
    addressee: Person | None = None
    addressee_name: str | None = None
    signed: bool | None = None
    dated_on: datetime.date | None = None
    representative_name: str | None = None
    representative_document: str | None = None


# --- small helpers -------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return workdays.today()


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _term(start: datetime.date, key: str) -> datetime.date:
    found = reglament.term(key)
    return workdays.deadline(start, found.amount, found.unit)


def _record(appeal: Appeal, action: str, actor, *, from_state: str = "", comment: str = "", data=None) -> None:
    history.record(
        appeal, action, actor=actor, from_state=from_state, to_state=appeal.status, comment=comment, data=data or {}
    )


def _lock(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


# --- who may do what -----------------------------------------------------------------------------------


def may_register(user) -> bool:
    """§13.7: the appeals department receives and registers appeals; the registrars of the general department
    register those handed to them (and, where the apparatus has no appeals department, 004 §14.2, §14.7)."""
    return access.is_appeals_department(user) or permissions.has_role(user, Role.REGISTRAR)


def _require_appeals_department(user) -> None:
    if not access.is_appeals_department(user):
        raise PermissionDenied(_("Only the appeals department may do this (§13.7)."))


def appeals_head_unit() -> OrgUnit | None:
    """The unit whose head sets the term to fix an appeal (§13.7): the appeals department, or where the apparatus
    has none the documentation support (general) department that does its work (004 §14.2, §14.7)."""
    return officials.function_unit(OrgUnit.Function.APPEALS) or officials.function_unit(OrgUnit.Function.GENERAL)


def is_appeals_head(user) -> bool:
    """The head of the appeals department (or the person acting for them)."""
    unit = appeals_head_unit()
    return (
        unit is not None
        and unit.head_id is not None
        and any(person.pk == unit.head_id for person in permissions.principal_persons(user))
    )


def _head_users() -> list:
    unit = appeals_head_unit()
    return officials.users_of([unit.head]) if unit is not None else []


# --- APPK art. 64: the date of registration ---------------------------------------------------------------


def registration_date(received_at: datetime.datetime) -> datetime.date:
    """APPK art. 64 (003 §13.6): an appeal is registered the day it is received; one received after the end of the
    working day (the profile's ``work.day_end``) or on a day off or holiday, the next working day. One received
    before the working day starts on a working day is registered that day. The minute the day ends is still in."""
    local = timezone.localtime(received_at)
    day = local.date()
    day_end = reglament.rule("work.day_end").as_time()
    if workdays.is_working_day(day) and local.time().replace(second=0, microsecond=0) <= day_end:
        return day
    return workdays.next_working_day(day, include_self=False)


# --- applicants ------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lower case, ё as е, letters and digits only, one space between words: how names and addresses compare."""
    return " ".join(_WORD.findall((text or "").casefold().replace("ё", "е")))


def match_key(data: ApplicantData | Applicant) -> str:
    """The folded name and address an applicant without IIN/BIN is recognised by; "" without both."""
    if data.type == Applicant.Type.LEGAL_ENTITY:
        name = _fold(data.organisation)
    else:
        name = _fold(" ".join((data.surname, data.first_name, data.patronymic)))
    address = _fold(data.address)
    if not name or not address:
        return ""
    return f"{data.type}|{name}|{address}"[:700]


def _clean_applicant(data: ApplicantData) -> ApplicantData:
    legal = data.type == Applicant.Type.LEGAL_ENTITY
    return ApplicantData(
        type=Applicant.Type.LEGAL_ENTITY if legal else Applicant.Type.INDIVIDUAL,
        surname="" if legal else data.surname.strip(),
        first_name="" if legal else data.first_name.strip(),
        patronymic="" if legal else data.patronymic.strip(),
        iin="" if legal else normalise(data.iin),
        organisation=data.organisation.strip() if legal else "",
        bin=normalise(data.bin) if legal else "",
        address=" ".join(data.address.split()),
        phone=data.phone.strip(),
        email=data.email.strip(),
    )


_CARD_FIELDS = ("surname", "first_name", "patronymic", "iin", "organisation", "bin", "address", "phone", "email")


def _card(data: ApplicantData) -> Applicant:
    """The applicant's card: found by IIN/BIN, else by name and address, else made; what the appeal gives anew
    (an address, a phone, the IIN of a card known by name) is written onto it."""
    key = match_key(data)
    identifier = {"iin": data.iin} if data.iin else {"bin": data.bin} if data.bin else {}
    card = Applicant.objects.filter(**identifier).first() if identifier else None
    if card is None and key:
        # a card known by name and address: the same person, unless it holds another IIN/BIN
        candidates = Applicant.objects.filter(match_key=key, type=data.type).order_by("pk")
        if identifier:
            candidates = candidates.filter(**{next(iter(identifier)): ""})
        card = candidates.first()
    if card is None:
        card = Applicant(type=data.type, match_key=key, **{name: getattr(data, name) for name in _CARD_FIELDS})
        try:
            with transaction.atomic():  # a savepoint: another registrar may make the same IIN's card at once
                card.save()
        except IntegrityError:
            if not identifier:
                raise
            return Applicant.objects.get(**identifier)
        return card
    changed = [name for name in _CARD_FIELDS if getattr(data, name) and getattr(data, name) != getattr(card, name)]
    if changed:
        for name in changed:
            setattr(card, name, getattr(data, name))
        card.match_key = match_key(card)
        card.save(update_fields=[*changed, "match_key", "updated_at"])
    return card


def _cards(applicants: Sequence[ApplicantData]) -> list[Applicant]:
    unique: dict[int, Applicant] = {}
    for data in applicants:
        card = _card(data)
        unique.setdefault(card.pk, card)
    return list(unique.values())


# --- repeats and duplicates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    earlier: Appeal
    kind: str
    similarity: float


def _appeal_ids_of(applicant_ids: Sequence[int]) -> list[int]:
    """The appeals of these applicants, read off appeal_applicant_idx: two probes by key, however long the journal
    (a subquery let the planner walk an index of the journal instead, e.g. every answered appeal)."""
    return list(AppealApplicant.objects.filter(applicant__in=applicant_ids).values_list("appeal", flat=True).distinct())


def find_related(
    applicant_ids: Sequence[int], *, summary: str, channel: str, received_at: datetime.datetime
) -> list[Found]:
    """The earlier appeals of the same applicants that this one repeats or duplicates (issue #15 §1):

    - a repeat: an appeal of theirs already answered (SPEC §8), the most alike first;
    - a duplicate: one received through another channel within DUPLICATE_DAYS before, whose essence reads nearly
      the same (pg_trgm similarity at least DUPLICATE_SIMILARITY).
    """
    appeal_ids = _appeal_ids_of(applicant_ids) if applicant_ids else []
    if not appeal_ids:
        return []
    summary = " ".join((summary or "").split())
    theirs = Appeal.objects.filter(pk__in=appeal_ids).annotate(similarity=TrigramSimilarity("summary", summary))
    found = [
        Found(appeal, AppealLink.Kind.REPEAT, appeal.similarity)
        for appeal in theirs.filter(status=Appeal.Status.ANSWERED, received_at__lt=received_at).order_by(
            "-similarity", "-registered_on", "-seq"
        )[:REPEAT_LIMIT]
    ]
    if summary:
        window = (received_at - datetime.timedelta(days=DUPLICATE_DAYS), received_at)
        duplicates = (
            theirs.filter(received_at__range=window, similarity__gte=DUPLICATE_SIMILARITY)
            .exclude(channel=channel)
            .order_by("-similarity", "-received_at")
        )
        found += [Found(appeal, AppealLink.Kind.DUPLICATE, appeal.similarity) for appeal in duplicates]
    return found


def links_of(appeal: Appeal, user=None) -> list[tuple[AppealLink, Appeal]]:
    """The appeal's links both ways — the earlier ones it repeats or duplicates and the later ones that repeat or
    duplicate it — each with the other appeal; only those `user` may see when given."""
    links = list(AppealLink.objects.filter(Q(appeal=appeal) | Q(earlier=appeal)).select_related("appeal", "earlier"))
    others = {link.earlier_id if link.appeal_id == appeal.pk else link.appeal_id for link in links}
    if user is not None:
        others &= set(permissions.visible(user, Appeal).filter(pk__in=others).values_list("pk", flat=True))
    result = []
    for link in links:
        other = link.earlier if link.appeal_id == appeal.pk else link.appeal
        if other.pk in others:
            result.append((link, other))
    return result


# --- registration (§13.3–§13.7, APPK art. 63–64) -----------------------------------------------------------


def _validate(data: AppealData, applicants: list[ApplicantData], now: datetime.datetime) -> None:
    errors: dict[str, list] = {}
    choices = {"channel": Channel.values, "kind": Kind.values, "language": Language.values}
    for name, values in choices.items():
        if getattr(data, name) not in values:
            errors[name] = [_("Choose a value from the list.")]
    if data.received_at is not None and data.received_at > now + FUTURE_TOLERANCE:
        errors["received_at"] = [_("An appeal cannot be received later than now.")]
    if data.pages < 1:
        errors["pages"] = [_("An appeal has at least one sheet.")]
    if data.is_anonymous and applicants:
        errors["is_anonymous"] = [_("An anonymous appeal names no applicant.")]
    if not data.is_anonymous and not applicants:
        errors["applicants"] = [_("Add the applicant, or mark the appeal anonymous.")]
    if data.reports_crime and not data.is_anonymous:
        errors["reports_crime"] = [_("Only an anonymous appeal is marked as reporting a crime: others are considered.")]
    if data.is_anonymous and data.reports_crime and not data.forward_to.strip():
        errors["forward_to"] = [_("Name the competent body the report of a crime or a threat goes to.")]
    messages = requisites.identifier_errors(applicants)
    if messages:
        errors.setdefault("applicants", []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _missing(data: AppealData, applicants: Sequence[ApplicantData | Applicant]) -> list[requisites.Missing]:
    return requisites.missing(
        applicants=applicants,
        addressee_given=data.addressee is not None or bool(data.addressee_name.strip()),
        summary=data.summary,
        channel=data.channel,
        signed=data.signed,
        dated=data.dated_on is not None,
        is_anonymous=data.is_anonymous,
        representative_name=data.representative_name,
        representative_document=data.representative_document,
    )


def check_requisites(data: AppealData) -> list[requisites.Missing]:
    """APPK art. 63 for a form before it is registered: what is missing (the form shows it, nothing is refused);
    ValidationError for a mistyped IIN/BIN."""
    applicants = [_clean_applicant(a) for a in data.applicants]
    requisites.validate_identifiers(applicants)
    return _missing(data, applicants)


def _take_number(registered_on: datetime.date) -> tuple[str, int]:
    """The next number of the appeals' journal for the year of registration, and its place in the year."""
    number = numbering.take_number(JOURNAL, on=registered_on)
    # the counter row is locked by this transaction until it ends (akimat.numbering): its value is ours
    seq = Counter.objects.filter(journal__code=JOURNAL, year=registered_on.year).values_list("last_value", flat=True)
    return number, seq.get()


def register_appeal(*, actor, data: AppealData) -> Appeal:
    """Register an appeal in the appeals' journal (§13.3, §13.5–§13.7, APPK art. 63–64).

    Accepting is never refused (§13.5): an appeal lacking requisites is registered with them listed, and the head
    of the appeals department is asked to set the term to fix them. The date of registration is the day of receipt,
    or the next working day (APPK art. 64); the number is the next of the year in the appeals' journal. An
    anonymous appeal is registered and closed without consideration, unless it reports a crime or a threat to
    security: then it is to be forwarded to the competent body within the profile's term (§13.9). Repeats and
    duplicates of the same applicant's appeals are linked.
    """
    if not may_register(actor):
        raise PermissionDenied(_("Only the appeals department or a registrar registers appeals (§13.7)."))
    now = timezone.now()
    applicants = [_clean_applicant(a) for a in data.applicants]
    _validate(data, applicants, now)
    received_at = data.received_at or now
    today = _today()
    due_on = registration_date(received_at)
    # entered later than APPK art. 64 asks (a letter opened days after it came): the journal says the day it really
    # was registered, and the history that it was late
    registered_on = max(due_on, today)
    missing = _missing(data, applicants)
    with transaction.atomic():
        cards = _cards(applicants)
        related = find_related(
            [card.pk for card in cards], summary=data.summary, channel=data.channel, received_at=received_at
        )
        appeal = Appeal(
            registered_on=registered_on, registered_at=now, received_at=received_at, channel=data.channel,
            kind=data.kind, external_number=data.external_number.strip(), addressee=data.addressee,
            addressee_name=data.addressee_name.strip(), summary=data.summary.strip(), language=data.language,
            pages=data.pages, signed=data.signed, dated_on=data.dated_on, is_anonymous=data.is_anonymous,
            reports_crime=data.reports_crime, is_collective=data.is_collective or len(cards) > 1,
            representative_name=data.representative_name.strip(),
            representative_document=data.representative_document.strip(),
            missing_items=[item.key for item in missing], created_by=actor,
        )  # fmt: skip
        # the number as late as possible: other registrars wait on the journal's counter until this commits
        appeal.number, appeal.seq = _take_number(registered_on)
        appeal.year = registered_on.year
        appeal.save()
        AppealApplicant.objects.bulk_create(
            AppealApplicant(appeal=appeal, applicant=card, order=order) for order, card in enumerate(cards)
        )
        _record(
            appeal, "appeal_registered", actor,
            data={"number": appeal.number, "registered_on": registered_on, "received_at": received_at,
                  "late": registered_on > due_on, "missing": appeal.missing_items},
        )  # fmt: skip
        if related:
            AppealLink.objects.bulk_create(
                AppealLink(appeal=appeal, earlier=found.earlier, kind=found.kind, similarity=found.similarity)
                for found in related
            )
            _record(
                appeal, "appeal_linked", actor,
                data={kind: [f.earlier.number for f in related if f.kind == kind] for kind in AppealLink.Kind.values},
            )  # fmt: skip
        if appeal.is_anonymous:
            _settle_anonymous(appeal, actor, data.forward_to)
        elif missing:
            _ask_for_term(appeal)
    return appeal


def _settle_anonymous(appeal: Appeal, actor, forward_to: str) -> None:
    """SPEC §8: an anonymous appeal is not considered — closed at once; a report of a crime or a threat to security
    is forwarded to the competent body, within the term of §13.9 from its receipt."""
    before = appeal.status
    if appeal.reports_crime:
        appeal.status = Appeal.Status.TO_FORWARD
        appeal.forward_to = forward_to.strip()
        appeal.forward_due_on = _term(timezone.localdate(appeal.received_at), "appeals.forward_term")
        appeal.save(update_fields=["status", "forward_to", "forward_due_on", "updated_at"])
        _record(
            appeal, "appeal_to_forward", actor, from_state=before,
            data={"forward_to": appeal.forward_to, "due_on": appeal.forward_due_on},
        )  # fmt: skip
        notify_many(
            Draft(
                recipient=user,
                kind="appeals.to_forward",
                obj=appeal,
                key="to_forward",
                title=_("An anonymous report of a crime or a threat is to be forwarded: appeal № %(number)s"),
                body=_("To %(body)s by %(due)s (§13.9)."),
                url=appeal.get_absolute_url(),
                context={"number": appeal.number, "body": appeal.forward_to, "due": _date(appeal.forward_due_on)},
                action=FORWARD,
            )
            for user in _head_users()
        )
        return
    appeal.status = Appeal.Status.CLOSED
    appeal.closed_on = appeal.registered_on
    appeal.save(update_fields=["status", "closed_on", "updated_at"])
    _record(appeal, "appeal_closed", actor, from_state=before)


def _ask_for_term(appeal: Appeal) -> None:
    """§13.7: the head of the appeals department names what is missing and sets the term."""
    notify_many(
        Draft(
            recipient=user,
            kind="appeals.deficient",
            obj=appeal,
            key="deficiency",
            title=_("Appeal № %(number)s lacks required items (APPK art. 63): set the term to fix them"),
            body=_("Missing: %(items)s."),
            url=appeal.get_absolute_url(),
            context={"number": appeal.number, "items": "; ".join(requisites.labels(appeal.missing_items))},
            action=SET_TERM,
        )
        for user in _head_users()
    )


# --- deficiencies (§13.7) -------------------------------------------------------------------------------


def _check_items(items: Sequence[str]) -> list[str]:
    keys = [item.key for item in requisites.parse(items)]
    if len(keys) != len(list(items)) or not keys:
        raise ValidationError({"items": [_("Name the required items the appeal lacks (APPK art. 63).")]})
    return list(dict.fromkeys(keys))


def mark_deficient(
    appeal: Appeal,
    *,
    actor,
    items: Sequence[str] | None = None,
    term_days: int | None = None,
    due_on: datetime.date | None = None,
    text: str = "",
) -> AppealNotice:
    """§13.7: the head of the appeals department tells the applicant which requirements of APPK art. 63 the appeal
    does not meet (by default what the check found) and sets a reasonable term to fix them — a number of working
    days from today, or a date (a day off moves to the next working day). Records the notice."""
    with transaction.atomic():
        appeal = _lock(appeal)
        if not is_appeals_head(actor):
            raise PermissionDenied(_("The head of the appeals department sets the term to fix an appeal (§13.7)."))
        if appeal.status != Appeal.Status.REGISTERED or appeal.is_anonymous:
            raise ValidationError(_("Only a registered appeal awaiting consideration is found deficient."))
        keys = _check_items(appeal.missing_items if items is None else items)
        today = _today()
        if (term_days is None) == (due_on is None):
            raise ValidationError({"term_days": [_("Give the term either in working days or as a date.")]})
        if term_days is not None:
            if term_days < 1:
                raise ValidationError({"term_days": [_("The term is at least one working day.")]})
            due = workdays.add_working_days(today, term_days)
        else:
            if due_on <= today:
                raise ValidationError({"due_on": [_("The term ends after today.")]})
            due = workdays.next_working_day(due_on)
        before = appeal.status
        appeal.status = Appeal.Status.DEFICIENT
        appeal.missing_items = keys
        appeal.deficiency_due_on = due
        appeal.save(update_fields=["status", "missing_items", "deficiency_due_on", "updated_at"])
        notice = AppealNotice.objects.create(
            appeal=appeal, kind=AppealNotice.Kind.DEFICIENCY, items=keys, due_on=due, text=text.strip(),
            sent_on=today, created_by=actor,
        )  # fmt: skip
        complete_action(appeal, SET_TERM)
        _record(
            appeal, "deficiency_noticed", actor, from_state=before, comment=notice.text,
            data={"items": keys, "due_on": due},
        )  # fmt: skip
    return notice


def _apply(appeal: Appeal, corrections: Corrections) -> list[str]:
    """Write the corrections onto the appeal; the names of the changed requisites."""
    changed = []
    if corrections.applicants is not None:
        applicants = [_clean_applicant(a) for a in corrections.applicants]
        requisites.validate_identifiers(applicants)
        if not applicants:
            raise ValidationError({"applicants": [_("An appeal that is not anonymous names its applicant.")]})
        cards = _cards(applicants)
        appeal.parties.all().delete()
        AppealApplicant.objects.bulk_create(
            AppealApplicant(appeal=appeal, applicant=card, order=order) for order, card in enumerate(cards)
        )
        appeal.is_collective = appeal.is_collective or len(cards) > 1
        changed += ["applicants", "is_collective"]
    for name in ("summary", "addressee_name", "representative_name", "representative_document"):
        value = getattr(corrections, name)
        if value is not None:
            setattr(appeal, name, value.strip())
            changed.append(name)
    for name in ("addressee", "signed", "dated_on"):
        value = getattr(corrections, name)
        if value is not None:
            setattr(appeal, name, value)
            changed.append(name)
    return changed


def fix_deficiency(appeal: Appeal, *, actor, corrections: Corrections | None = None, comment: str = "") -> Appeal:
    """§13.7: the applicant brought what was missing — the appeals department writes it in; when the appeal now
    meets APPK art. 63 it is registered anew for consideration (§13.8), else the items still missing are named."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _require_appeals_department(actor)
        deficient = appeal.status == Appeal.Status.DEFICIENT
        if not (deficient or (appeal.status == Appeal.Status.REGISTERED and appeal.missing_items)):
            raise ValidationError(_("The appeal has no deficiencies to fix."))
        changed = _apply(appeal, corrections) if corrections is not None else []
        fields = [name for name in changed if name != "applicants"]
        still = requisites.missing_in_appeal(appeal)
        if still:
            raise ValidationError(
                {"items": [_("The appeal still lacks: %(items)s.") % {"items": "; ".join(m.label for m in still)}]}
            )
        before = appeal.status
        appeal.status = Appeal.Status.REGISTERED
        appeal.missing_items = []
        appeal.deficiency_due_on = None
        appeal.save(update_fields=[*fields, "status", "missing_items", "deficiency_due_on", "updated_at"])
        complete_action(appeal, SET_TERM)
        _record(appeal, "deficiency_fixed", actor, from_state=before, comment=comment.strip(), data={"fixed": changed})
    return appeal


def return_unfixed(appeal: Appeal, *, actor, reason: str = "") -> Appeal:
    """§13.7: an appeal not brought into line with APPK art. 63 within the term set is returned to the applicant —
    only once the term has passed."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _require_appeals_department(actor)
        if appeal.status != Appeal.Status.DEFICIENT or appeal.deficiency_due_on is None:
            raise ValidationError(_("Only a deficient appeal is returned to the applicant (§13.7)."))
        today = _today()
        if today <= appeal.deficiency_due_on:
            raise ValidationError(
                _("The applicant may fix the appeal until %(date)s: it is returned only after that (§13.7).")
                % {"date": _date(appeal.deficiency_due_on)}
            )
        before = appeal.status
        appeal.status = Appeal.Status.RETURNED
        appeal.returned_on = today
        appeal.save(update_fields=["status", "returned_on", "updated_at"])
        _record(
            appeal, "appeal_returned", actor, from_state=before, comment=reason.strip(),
            data={"items": appeal.missing_items, "due_on": appeal.deficiency_due_on},
        )  # fmt: skip
    return appeal
