"""Citizens' appeals: the ONLY mutator of appeals, their applicants, links and notices — 003 §13 (000 §13,
004 §14) and the APPK articles they cite.

    register_appeal → REGISTERED (all requisites of APPK art. 63, or some missing: never refused, §13.5)
                    → CLOSED (anonymous)  |  TO_FORWARD (anonymous report of a crime or a threat to security)
    REGISTERED with missing items → (mark_deficient: the notice and its term, §13.7) DEFICIENT
    DEFICIENT → (fix_deficiency) REGISTERED  |  (return_unfixed, after the term) RETURNED
    REGISTERED → (send_to_official, §13.8) SENT → (resolve: executors, term, on control) ON_CONSIDERATION
    ON_CONSIDERATION → (extend, APPK art. 76) ON_CONSIDERATION with a later term
                     → (answer, final; APPK art. 73 before an unfavourable one) ANSWERED, removed from control
    REGISTERED | SENT | TO_FORWARD | ON_CONSIDERATION → (forward, §13.9 / §13.11) FORWARDED

The registration date follows APPK art. 64 with the profile's working day (``work.day_end``) and the working-day
calendar; the number comes from the appeals' own journal (§13.3, ``akimat.numbering``); the applicants are cards
reused by all their appeals, so repeats and duplicates are linked at registration; every action is written to
the history (``akimat.history``). The routing to the addressee (§13.8), the terms of APPK art. 76, forwarding
(§13.9, §13.11), the notice of APPK art. 73 and the answers (§13.4, 001 §33) follow the registration below.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, numbering, officials, permissions, reglament, workdays
from akimat.attachments import atomic_with_files, attach
from akimat.identifiers import normalise
from akimat.models import Counter, OrgUnit, Person
from akimat.notifications import Action, Draft, complete_action, notify_many
from akimat.roles import Role
from appeals import access, requisites
from appeals.models import (
    JOURNAL,
    UNFAVOURABLE_RESULTS,
    Appeal,
    AppealAnswer,
    AppealApplicant,
    AppealExecutor,
    AppealExtension,
    AppealLink,
    AppealNotice,
    AppealResolution,
    Applicant,
    Channel,
    Kind,
    Language,
    Result,
)
from control import services as control_services

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
    complaint_about: Person | None = None  # §13.11: the official a complaint is about (never given it to consider)


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


def _record(
    appeal: Appeal, action: str, actor, *, from_state: str = "", comment: str = "", data=None, acting_for=None
) -> None:
    history.record(
        appeal, action, actor=actor, acting_for=acting_for, from_state=from_state, to_state=appeal.status,
        comment=comment, data=data or {},
    )  # fmt: skip


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


def head_users() -> list:
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


def clean_applicant(data: ApplicantData) -> ApplicantData:
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


def applicant_card(data: ApplicantData) -> Applicant:
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
        card = applicant_card(data)
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
    applicants = [clean_applicant(a) for a in data.applicants]
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
    applicants = [clean_applicant(a) for a in data.applicants]
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
            missing_items=[item.key for item in missing], created_by=actor, complaint_about=data.complaint_about,
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
            for user in head_users()
        )
        return
    appeal.status = Appeal.Status.CLOSED
    appeal.closed_on = appeal.registered_on
    appeal.result = Result.LEFT_WITHOUT_CONSIDERATION  # for the statistics (issue #15 §4)
    appeal.save(update_fields=["status", "closed_on", "result", "updated_at"])
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
        for user in head_users()
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
        applicants = [clean_applicant(a) for a in corrections.applicants]
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
        appeal.result = Result.RETURNED  # for the statistics (issue #15 §4)
        appeal.save(update_fields=["status", "returned_on", "result", "updated_at"])
        _record(
            appeal, "appeal_returned", actor, from_state=before, comment=reason.strip(),
            data={"items": appeal.missing_items, "due_on": appeal.deficiency_due_on},
        )  # fmt: skip
    return appeal


# --- consideration (§13.8–§13.11, APPK art. 73, 76; 001 §30, §33, §35) ------------------------------------------

#: §13.8: the officials an appeal is addressed to and who write its resolution
ADDRESSEE_ROLES = (Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS)
#: APPK art. 76(3), 001 §30: "the head of the administrative body or his deputy" extends the term by a reasoned
#: decision — in the akimat the akim and the deputy akims, and for the apparatus its head
EXTENDERS = (Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS)

RESOLVE = Action("appeals.resolve", _("a resolution on the appeal"))
TELL_EXTENSION = Action("appeals.tell_extension", _("a notice of the extension to the applicant"))

CONSIDERATION_LABELS = {
    "appeal_sent": _("sent to the official for a resolution"),
    "appeal_resolution": _("resolution: executors and term"),
    "appeal_forwarded": _("forwarded to the competent body"),
    "appeal_forwarded_to_lower_body": _("complaint sent to the body whose act it is about"),
    "lower_body_replied": _("the lower body replied on the complaint"),
    "appeal_extended": _("term of consideration extended"),
    "extension_told": _("applicant told of the extension"),
    "preliminary_noticed": _("applicant told of the preliminary decision"),
    "applicant_heard": _("applicant heard"),
    "interim_answer": _("interim reply sent"),
    "appeal_answered": _("final answer sent"),
}
history.register_actions(CONSIDERATION_LABELS)

Executor = Person | OrgUnit


def _now() -> datetime.datetime:
    return timezone.now()


def term_start(appeal: Appeal) -> datetime.date:
    """APPK art. 76 counts the term "from the day of receipt"; APPK art. 64 (003 §13.6) fixes that day: the day the
    appeal came, or the next working day when it came after the working day or on a day off. So the term runs from
    registration_date(received_at) — not from the day an employee happened to enter it (a late entry does not
    lengthen the applicant's term)."""
    return registration_date(appeal.received_at)


def answer_term_rule(appeal: Appeal) -> str:
    """The profile rule of the answer term: a complaint (жалоба — against an administrative act, action or
    inaction, APPK art. 100) the complaint term, any other appeal APPK art. 76's."""
    return "appeals.complaint_term" if appeal.kind == Kind.COMPLAINT else "appeals.answer_term"


def default_due_on(appeal: Appeal) -> datetime.date:
    """The answer term of APPK art. 76 (or the complaint term) from the day of receipt (or of the arrival of the
    case a lower body sent up, §13.11)."""
    return _term(appeal.term_from or term_start(appeal), answer_term_rule(appeal))


def extension_cap(appeal: Appeal) -> datetime.date:
    """APPK art. 76 (001 §30): an extended term ends at most the profile's months after receipt (a day off moves it
    to the next working day, as every term)."""
    return _term(appeal.term_from or term_start(appeal), "appeals.extension_max")


def dispatch_date(handed_in_at: datetime.datetime) -> tuple[datetime.date, bool]:
    """§13.4: answers are accepted for dispatch until the profile's cutoff (18:00): one handed in later, or on a day
    off, goes out the next working day. (date, moved). The cutoff minute itself is still in."""
    local = timezone.localtime(handed_in_at)
    day = local.date()
    cutoff = reglament.rule("appeals.answer_dispatch_cutoff").as_time()
    if workdays.is_working_day(day) and local.time().replace(second=0, microsecond=0) <= cutoff:
        return day, False
    return workdays.next_working_day(day, include_self=False), True


def preliminary_allows_from(sent_on: datetime.date) -> datetime.date:
    """APPK art. 73: the unfavourable decision is taken at least the profile's working days after the applicant was
    told of the preliminary decision: the first day it may be."""
    found = reglament.term("appeals.preliminary_notice_before")
    return workdays.deadline(sent_on, found.amount, found.unit)


def _official_issuer(person: Person) -> str:
    """The control issuer of an official's resolution (§13.8: the akim, a deputy, the head of apparatus)."""
    from control.models import Issuer

    roles = set(person.user.groups.values_list("name", flat=True)) if person.user_id else set()
    if Role.AKIM in roles:
        return Issuer.AKIM
    if Role.DEPUTY_AKIM in roles:
        return Issuer.DEPUTY_AKIM
    return Issuer.HEAD_OF_APPARATUS


def _is_addressee_official(person: Person | None) -> bool:
    return (
        person is not None
        and person.is_active
        and person.user_id is not None
        and person.user.groups.filter(name__in=ADDRESSEE_ROLES).exists()
    )


def _same(a: Executor, b: Executor) -> bool:
    return type(a) is type(b) and a.pk == b.pk


def _refuse_complaint_official(appeal: Appeal, person: Person | None, field_name: str) -> None:
    """§13.11, SPEC §8: a complaint never goes for consideration to the official it is about."""
    if person is not None and appeal.complaint_about_id is not None and person.pk == appeal.complaint_about_id:
        raise ValidationError(
            {
                field_name: [
                    _("The complaint is about %(person)s: it is never given to them for consideration (§13.11).")
                    % {"person": person}
                ]
            }
        )


def _earlier_deciders(appeal: Appeal) -> set[int]:
    """001 §35: the persons who decided the question before — the executors of the earlier appeals this one
    repeats."""
    earlier = AppealLink.objects.filter(appeal=appeal, kind=AppealLink.Kind.REPEAT).values("earlier")
    rows = AppealExecutor.objects.filter(resolution__appeal__in=earlier, person__isnull=False)
    return set(rows.values_list("person", flat=True))


def _validate_executors(appeal: Appeal, lead: Executor | None, co_executors: Sequence[Executor]) -> list[Executor]:
    if lead is None:
        raise ValidationError({"lead": [_("Choose the lead executor.")]})
    executors = [lead, *co_executors]
    for index, executor in enumerate(executors):
        if any(_same(executor, other) for other in executors[:index]):
            raise ValidationError({"co_executors": [_("An executor is listed twice.")]})
    deciders = _earlier_deciders(appeal)
    for index, executor in enumerate(executors):
        field_name = "lead" if index == 0 else "co_executors"
        if not isinstance(executor, Person):
            continue
        _refuse_complaint_official(appeal, executor, field_name)
        if executor.pk in deciders:
            raise ValidationError(
                {
                    field_name: [
                        _(
                            "%(person)s decided this question before: a repeat appeal is never given to the "
                            "employee who decided the matter (001 §35)."
                        )
                        % {"person": executor}
                    ]
                }
            )
    return executors


# --- §13.8: to the official, the resolution, on control ------------------------------------------------------


def send_to_official(appeal: Appeal, *, actor, official: Person | None = None, comment: str = "") -> Appeal:
    """§13.8: an appeal meeting the requirements goes to the official it is addressed to — the akim, a deputy or the
    head of apparatus — for a resolution; `official` when the appeal names none of them (e.g. "the akimat") or the
    appeals department corrects the addressee. A complaint never goes to the official it is about (§13.11). The
    answer term of APPK art. 76 is set from the day of receipt; the official is told."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _require_appeals_department(actor)
        if appeal.status != Appeal.Status.REGISTERED or appeal.is_anonymous:
            raise ValidationError(_("Only a registered appeal awaiting consideration is sent to the official."))
        if appeal.missing_items:
            raise ValidationError(
                _("The appeal lacks required items (APPK art. 63): it goes to the official once they are fixed.")
            )
        official = official or appeal.addressee
        if official is None:
            raise ValidationError({"official": [_("Choose the official the appeal goes to (§13.8).")]})
        if not _is_addressee_official(official):
            raise ValidationError(
                {"official": [_("An appeal goes to the akim, a deputy akim or the head of apparatus (§13.8).")]}
            )
        _refuse_complaint_official(appeal, official, "official")
        before = appeal.status
        appeal.addressee = official
        appeal.status = Appeal.Status.SENT
        appeal.sent_at = _now()
        # from receipt (APPK art. 64), or from the arrival of the case a lower body sent up (§13.11)
        appeal.term_from = appeal.term_from or term_start(appeal)
        appeal.due_on = appeal.initial_due_on = default_due_on(appeal)
        appeal.save(
            update_fields=["addressee", "status", "sent_at", "term_from", "due_on", "initial_due_on", "updated_at"]
        )
        _record(
            appeal, "appeal_sent", actor, from_state=before, comment=comment.strip(),
            data={"official": str(official), "due_on": appeal.due_on, "term_from": appeal.term_from},
        )  # fmt: skip
        notify_many(
            Draft(
                recipient=user,
                kind="appeals.arrived",
                obj=appeal,
                key=f"sent:{official.pk}",
                title=_("An appeal for your resolution: № %(number)s"),
                body=_("Answer due %(due)s (APPK art. 76)."),
                url=appeal.get_absolute_url(),
                context={"number": appeal.number, "due": _date(appeal.due_on)},
                action=RESOLVE,
            )
            for user in officials.users_of([official])
        )
    return appeal


def _control_label(appeal: Appeal) -> str:
    """The language-neutral source label of the appeal's control item: "№ ЖТ-12 17.03.2026"; the reader's language
    puts "Appeal" in front (control.models.ControlItem.source_display)."""
    return f"№ {appeal.number} {_date(appeal.registered_on)}"


def resolve(
    appeal: Appeal,
    *,
    actor,
    lead: Executor | None,
    co_executors: Sequence[Executor] = (),
    text: str = "",
    due_on: datetime.date | None = None,
    legal_term: int | None = None,
    legal_term_unit: str = workdays.Unit.WORKING_DAYS,
    legal_basis: str = "",
) -> AppealResolution:
    """§13.8: the official the appeal was sent to (or the person acting for them) names the executors (one lead)
    and the term; the appeal goes on control (control.services.put_on_control, source: the appeal, controlled by the
    appeals department, §13.2) and is on consideration; the executors see it and are told.

    The term is APPK art. 76's from the day of receipt (a complaint: the complaint term), or another a law sets for
    that kind (`legal_term` in `legal_term_unit`, with its `legal_basis`); `due_on` may set an earlier date within
    it, never a later one (only an extension lengthens it). A complaint is never given to the official it is about,
    a repeat never to the employee who decided the matter before (001 §35)."""
    with transaction.atomic():
        appeal = _lock(appeal)
        principal = permissions.acting_principal(actor, lambda person: person.pk == appeal.addressee_id)
        if principal is None or appeal.addressee_id is None:
            raise PermissionDenied(_("Only the official the appeal was sent to writes its resolution (§13.8)."))
        if appeal.status != Appeal.Status.SENT:
            raise ValidationError(_("The appeal is not waiting for a resolution."))
        executors = _validate_executors(appeal, lead, co_executors)
        start = appeal.term_from or term_start(appeal)
        if legal_term is not None:
            if legal_term < 1 or legal_term_unit not in workdays.Unit.values:
                raise ValidationError({"legal_term": [_("Give the term the law sets, in days or months.")]})
            if not legal_basis.strip():
                raise ValidationError({"legal_basis": [_("Name the law that sets this term.")]})
            amount, unit, rule_key = legal_term, legal_term_unit, ""
        else:
            found = reglament.term(answer_term_rule(appeal))
            amount, unit, rule_key = found.amount, found.unit, found.key
        legal_due = workdays.deadline(start, amount, unit)
        today = _today()
        if due_on is not None:
            due_on = workdays.next_working_day(due_on)
            if due_on < today or due_on > legal_due:
                raise ValidationError(
                    {"due_on": [_("The term is between today and %(date)s, the term the law sets.") % {
                        "date": _date(legal_due)}]}
                )  # fmt: skip
        due = due_on or legal_due
        official = appeal.addressee
        resolution = AppealResolution.objects.create(
            appeal=appeal, official=official, author=actor,
            acting_for=None if principal.pk == actor.pk else principal, text=text.strip(), written_on=today,
            term_from=start, term_amount=amount, term_unit=unit, term_rule=rule_key, legal_basis=legal_basis.strip(),
            due_on=due,
        )  # fmt: skip
        AppealExecutor.objects.bulk_create(
            AppealExecutor(
                resolution=resolution,
                person=e if isinstance(e, Person) else None,
                unit=e if isinstance(e, OrgUnit) else None,
                is_lead=index == 0,
                position=index,
            )  # fmt: skip
            for index, e in enumerate(executors)
        )
        # SPEC §8: the resolution's readers are granted it first: the control item made next carries its key
        access.grant_resolution(resolution)
        resolution.control_item = _put_on_control(appeal, resolution, actor, executors)
        resolution.save(update_fields=["control_item"])
        before = appeal.status
        appeal.status = Appeal.Status.ON_CONSIDERATION
        appeal.term_from = start
        appeal.due_on = due
        appeal.initial_due_on = due
        appeal.save(update_fields=["status", "term_from", "due_on", "initial_due_on", "updated_at"])
        _record(
            appeal, "appeal_resolution", actor, from_state=before, comment=resolution.text,
            acting_for=resolution.acting_for,
            data={"executors": [str(e) for e in executors], "due_on": due, "legal_basis": resolution.legal_basis,
                  "control_item": resolution.control_item.number},
        )  # fmt: skip
        complete_action(appeal, RESOLVE)
        _notify_executors(appeal, resolution)
    return resolution


def _put_on_control(appeal: Appeal, resolution: AppealResolution, actor, executors: list[Executor]):
    """The resolution on control (control.services.put_on_control): the official as issuer, the appeals department
    as controller (§13.2: "отдел по контролю за рассмотрением обращений"), the appeal's term as deadline; the item
    inherits the restriction of the appeal's resolution (appeals/access.py)."""
    from control.models import SourceKind

    controller = appeals_head_unit()
    if controller is None:
        raise ValidationError(_("The apparatus has no appeals department to control the consideration (§13.2)."))
    return control_services.put_on_control(
        actor=actor, text=resolution.text or appeal.summary or str(appeal),
        issuer=_official_issuer(resolution.official), issuer_person=resolution.official, lead=executors[0],
        co_executors=executors[1:], controller=controller,
        source_kind=SourceKind.APPEAL, source_label=_control_label(appeal), source=appeal,
        received_on=resolution.written_on, given_on=resolution.written_on, deadline=resolution.due_on,
    )  # fmt: skip


def _executor_users(resolution: AppealResolution) -> list:
    from control.access import UnitPeople

    people = UnitPeople()
    users = []
    for row in resolution.executors.select_related("person__user", "unit__head__user"):
        users += [row.person.user] if row.person_id and row.person.is_active and row.person.user_id else []
        users += people.of_unit(row.unit) if row.unit_id else []
    return list({user.pk: user for user in users if user.is_active}.values())


def _notify_executors(appeal: Appeal, resolution: AppealResolution) -> None:
    notify_many(
        Draft(
            recipient=user,
            kind="appeals.resolution",
            obj=appeal,
            key=f"resolution:{resolution.pk}",
            title=_("You are an executor of appeal № %(number)s"),
            body=_("Answer due %(due)s. %(text)s"),
            url=appeal.get_absolute_url(),
            context={"number": appeal.number, "due": _date(resolution.due_on), "text": resolution.text},
        )
        for user in _executor_users(resolution)
    )


def _open_item(appeal: Appeal):
    """The appeal's control item still on control, locked, or None."""
    from control.models import ControlItem

    resolution = getattr(appeal, "resolution", None) if appeal.pk else None
    if resolution is None or resolution.control_item_id is None:
        return None
    item = ControlItem.objects.select_for_update().get(pk=resolution.control_item_id)
    return None if item.status == ControlItem.Status.REMOVED else item


# --- the control item of an appeal: extension and removal decided by the appeal's own rules -------------------
# control.services offers the flows of instructions: an extension asked by the lead executor and decided by the
# akim or the head of apparatus (§12.6–§12.8), a removal on a memo agreed and decided (§12.14). An appeal's term
# is extended by the head or a deputy on their own reasoned decision (APPK art. 76, 001 §30), and its item comes
# off control on the final reasoned answer itself (001 §33) — so these two write the item's change the way
# control.services' decide_extension / decide_removal do (an approved ExtensionRequest the control reports count,
# the fixed deadline and report dates, the history labels and notifications of control), in the same transaction.
# They belong in control.services as a "decided by the source" pair; until then they live here, used only by the
# services below.


# --- §13.9, §13.11: forwarding --------------------------------------------------------------------------------


def forward(
    appeal: Appeal,
    *,
    actor,
    body: str,
    notice: str = "",
    lower_body: bool = False,
) -> AppealNotice:
    """§13.9: an appeal outside the apparatus's competence is forwarded, under the signature of the head of the
    appeals department, to the competent body within the profile's working days of receipt, the applicant told at
    the same time (the FORWARDING notice). The system never refuses a late forwarding: it flags it.

    §13.11 (`lower_body`): a complaint about a lower body's act goes to that body at once, which has the profile's
    working days to decide on it or to send the case up; its due date is recorded.

    The appeal is then closed for the akimat: forwarded, and off control if it was on it."""
    with transaction.atomic():
        appeal = _lock(appeal)
        if not is_appeals_head(actor):
            raise PermissionDenied(
                _("The head of the appeals department signs the forwarding of an appeal (§13.9, §13.11).")
            )
        forwardable = {
            Appeal.Status.REGISTERED, Appeal.Status.SENT, Appeal.Status.TO_FORWARD, Appeal.Status.ON_CONSIDERATION
        }  # fmt: skip
        if appeal.status not in forwardable:
            raise ValidationError(_("This appeal can no longer be forwarded."))
        if not body.strip():
            raise ValidationError({"body": [_("Name the competent body the appeal goes to.")]})
        if lower_body and appeal.kind != Kind.COMPLAINT:
            raise ValidationError({"lower_body": [_("Only a complaint goes to the body whose act it is about.")]})
        today = _today()
        due = appeal.forward_due_on or _term(term_start(appeal), "appeals.forward_term")
        late = today > due
        before = appeal.status
        appeal.status = Appeal.Status.FORWARDED
        appeal.forward_to = body.strip()
        appeal.forward_due_on = due
        appeal.forwarded_on = today
        appeal.forwarded_late = late
        appeal.to_lower_body = lower_body
        appeal.lower_body_due_on = _term(today, "appeals.lower_body_complaint_term") if lower_body else None
        appeal.result = Result.FORWARDED
        appeal.save(
            update_fields=[
                "status", "forward_to", "forward_due_on", "forwarded_on", "forwarded_late", "to_lower_body",
                "lower_body_due_on", "result", "updated_at",
            ]
        )  # fmt: skip
        sent = AppealNotice.objects.create(
            appeal=appeal, kind=AppealNotice.Kind.FORWARDING, text=notice.strip(), sent_on=today, send_by=due,
            late=late, due_on=appeal.lower_body_due_on, created_by=actor,
        )  # fmt: skip
        item = _open_item(appeal)
        if item is not None:
            control_services.remove_by_source(
                item, actor=actor, executed_on=today, basis="§13.9",
                comment=str(_("Forwarded to %(body)s (§13.9).") % {"body": appeal.forward_to}),
            )  # fmt: skip
        _record(
            appeal, "appeal_forwarded_to_lower_body" if lower_body else "appeal_forwarded", actor, from_state=before,
            comment=sent.text,
            data={"body": appeal.forward_to, "due_on": due, "late": late,
                  "lower_body_due_on": appeal.lower_body_due_on},
        )  # fmt: skip
        complete_action(appeal, FORWARD, RESOLVE)
    return sent


def record_lower_body_reply(appeal: Appeal, *, actor, sent_up: bool, text: str = "") -> Appeal:
    """§13.11: the lower body decided on the complaint (it stays forwarded), or sent the case up — then the complaint
    is considered on the merits here: registered again, to go to an official (§13.8), its term from today's
    receipt of the case."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _require_appeals_department(actor)
        if appeal.status != Appeal.Status.FORWARDED or not appeal.to_lower_body:
            raise ValidationError(_("The appeal is not a complaint sent to the lower body."))
        before = appeal.status
        if sent_up:
            appeal.status = Appeal.Status.REGISTERED
            appeal.result = ""
            # the case arrives: APPK art. 76 counts the term from its receipt (APPK art. 64 fixes the day)
            appeal.term_from = registration_date(_now())
            appeal.due_on = appeal.initial_due_on = None
            appeal.save(update_fields=["status", "result", "term_from", "due_on", "initial_due_on", "updated_at"])
        _record(
            appeal, "lower_body_replied", actor, from_state=before, comment=text.strip(),
            data={"sent_up": sent_up, "late": _today() > appeal.lower_body_due_on},
        )  # fmt: skip
    return appeal


# --- APPK art. 76: extension ----------------------------------------------------------------------------------


def extend(appeal: Appeal, *, actor, new_due: datetime.date, reason: str) -> AppealExtension:
    """APPK art. 76 (001 §30): the akim, a deputy akim or the head of apparatus (or the person acting for them)
    extends the term by a reasoned decision, to at most the profile's months from receipt in total; the control
    item's deadline moves with it; the appeals department is asked to tell the applicant within the profile's
    working days of the decision."""
    from control import access as control_access

    with transaction.atomic():
        appeal = _lock(appeal)
        principal = control_access.authority_by_role(actor, EXTENDERS)
        if principal is None:
            raise PermissionDenied(
                _("The term is extended by the akim, a deputy akim or the head of apparatus (APPK art. 76).")
            )
        if appeal.status != Appeal.Status.ON_CONSIDERATION or appeal.due_on is None:
            raise ValidationError(_("Only the term of an appeal on consideration is extended."))
        if not reason.strip():
            raise ValidationError({"reason": [_("Give the reasons for the extension (APPK art. 76).")]})
        new_due = workdays.next_working_day(new_due)
        if new_due <= appeal.due_on:
            raise ValidationError({"new_due": [_("The new term must be later than the current one.")]})
        cap = extension_cap(appeal)
        if new_due > cap:
            raise ValidationError(
                {"new_due": [_("The term can be extended to %(date)s at most (APPK art. 76).")
                             % {"date": _date(cap)}]}
            )  # fmt: skip
        today = _today()
        acting_for = None if principal.pk == actor.pk else principal
        extension = AppealExtension.objects.create(
            appeal=appeal, decided_by=actor, acting_for=acting_for, decided_on=today, old_due_on=appeal.due_on,
            new_due_on=new_due, reason=reason.strip(), notice_by=_term(today, "appeals.extension_notice_term"),
        )  # fmt: skip
        appeal.due_on = new_due
        appeal.save(update_fields=["due_on", "updated_at"])
        item = _open_item(appeal)
        if item is not None:
            control_services.extend_by_source(
                item,
                actor=actor,
                acting_for=acting_for,
                new_deadline=new_due,
                reason=extension.reason,
                basis="APPK art. 76",
            )
        _record(
            appeal, "appeal_extended", actor, comment=extension.reason, acting_for=acting_for,
            data={"old_deadline": extension.old_due_on, "new_deadline": new_due, "notice_by": extension.notice_by},
        )  # fmt: skip
        notify_many(
            Draft(
                recipient=user,
                kind="appeals.extension",
                obj=appeal,
                key=f"extension:{extension.pk}",
                title=_("Tell the applicant of the extension of appeal № %(number)s by %(date)s"),
                body=_("New term %(due)s (APPK art. 76)."),
                url=appeal.get_absolute_url(),
                context={"number": appeal.number, "date": _date(extension.notice_by), "due": _date(new_due)},
                action=TELL_EXTENSION,
            )
            for user in head_users()
        )
    return extension


def tell_extension(
    extension: AppealExtension, *, actor, sent_on: datetime.date | None = None, text: str = ""
) -> AppealNotice:
    """APPK art. 76: the applicant told of the extension (the EXTENSION notice); later than the profile's working
    days after the decision it is flagged, never refused."""
    with transaction.atomic():
        appeal = _lock(extension.appeal)
        _require_appeals_department(actor)
        today = _today()
        sent_on = sent_on or today
        if sent_on > today or sent_on < extension.decided_on:
            raise ValidationError({"sent_on": [_("The notice is sent between the decision and today.")]})
        notice = AppealNotice.objects.create(
            appeal=appeal, kind=AppealNotice.Kind.EXTENSION, extension=extension, due_on=extension.new_due_on,
            text=text.strip(), sent_on=sent_on, send_by=extension.notice_by, late=sent_on > extension.notice_by,
            created_by=actor,
        )  # fmt: skip
        complete_action(appeal, TELL_EXTENSION, key=f"extension:{extension.pk}")
        _record(
            appeal, "extension_told", actor, comment=notice.text,
            data={"sent_on": sent_on, "send_by": notice.send_by, "late": notice.late},
        )  # fmt: skip
    return notice


# --- APPK art. 73: the preliminary decision and the hearing ---------------------------------------------------


def _require_handler(actor, appeal: Appeal) -> None:
    if not access.considers(actor, appeal):
        raise PermissionDenied(_("Only those considering the appeal may do this."))


def notify_preliminary(
    appeal: Appeal, *, actor, proposed_result: str, text: str, sent_on: datetime.date | None = None
) -> AppealNotice:
    """APPK art. 73: before a decision unfavourable to the applicant (refused, partly satisfied) the applicant is
    told of the preliminary decision and of their right to be heard, at least the profile's working days before the
    decision. The notice says from which day the decision may be taken (`due_on`)."""
    with transaction.atomic():
        appeal = _lock(appeal)
        _require_handler(actor, appeal)
        if appeal.status != Appeal.Status.ON_CONSIDERATION:
            raise ValidationError(_("Only an appeal on consideration gets a preliminary decision."))
        if proposed_result not in UNFAVOURABLE_RESULTS:
            raise ValidationError(
                {"proposed_result": [_("A preliminary decision is told before a refusal or a partial satisfaction.")]}
            )
        if not text.strip():
            raise ValidationError({"text": [_("Write the preliminary decision and its reasons.")]})
        today = _today()
        sent_on = sent_on or today
        if sent_on > today:
            raise ValidationError({"sent_on": [_("The notice cannot be sent later than today.")]})
        notice = AppealNotice.objects.create(
            appeal=appeal, kind=AppealNotice.Kind.PRELIMINARY, proposed_result=proposed_result, text=text.strip(),
            sent_on=sent_on, due_on=preliminary_allows_from(sent_on), created_by=actor,
        )  # fmt: skip
        _record(
            appeal, "preliminary_noticed", actor, comment=notice.text,
            data={"proposed_result": proposed_result, "sent_on": sent_on, "decision_from": notice.due_on},
        )  # fmt: skip
    return notice


def record_hearing(notice: AppealNotice, *, actor, heard_on: datetime.date, text: str) -> AppealNotice:
    """APPK art. 73: the applicant was heard on the preliminary decision: the day and what they said."""
    with transaction.atomic():
        appeal = _lock(notice.appeal)
        _require_handler(actor, appeal)
        notice = AppealNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.kind != AppealNotice.Kind.PRELIMINARY:
            raise ValidationError(_("An applicant is heard on a preliminary decision."))
        if not text.strip():
            raise ValidationError({"text": [_("Write what the applicant said.")]})
        if heard_on < notice.sent_on or heard_on > _today():
            raise ValidationError({"heard_on": [_("The hearing is between the notice and today.")]})
        notice.heard_on = heard_on
        notice.hearing = text.strip()
        notice.save(update_fields=["heard_on", "hearing"])
        _record(appeal, "applicant_heard", actor, comment=notice.hearing, data={"heard_on": heard_on})
    return notice


# --- §13.4, 001 §33: answers -------------------------------------------------------------------------------------


def _check_preliminary(appeal: Appeal, decided_on: datetime.date) -> None:
    """APPK art. 73: no unfavourable final answer without the preliminary notice sent early enough."""
    last = (
        AppealNotice.objects.filter(appeal=appeal, kind=AppealNotice.Kind.PRELIMINARY)
        .order_by("-sent_on", "-id")
        .first()
    )
    if last is None:
        raise ValidationError(
            {"result": [_("Tell the applicant of the preliminary decision first (APPK art. 73): the decision can then "
                          "be given from %(date)s.") % {"date": _date(preliminary_allows_from(_today()))}]}
        )  # fmt: skip
    allowed = preliminary_allows_from(last.sent_on)
    if decided_on < allowed:
        raise ValidationError(
            {"result": [_("The applicant was told of the preliminary decision on %(sent)s: the decision can be given "
                          "from %(date)s (APPK art. 73).") % {"sent": _date(last.sent_on), "date": _date(allowed)}]}
        )  # fmt: skip


def answer(
    appeal: Appeal,
    *,
    actor,
    text: str,
    result: str = "",
    grounds: str = "",
    file: UploadedFile | None = None,
    outgoing_number: str = "",
    is_final: bool = True,
    handed_in_at: datetime.datetime | None = None,
) -> AppealAnswer:
    """An answer to the applicant handed in for dispatch (§13.4): until the profile's cutoff it goes out that day,
    later (or on a day off) the next working day, and its dispatch date says so.

    An interim reply (is_final=False) keeps the appeal and its control item open. The final, reasoned answer (a
    result; a refusal or a partial satisfaction with its grounds, and only after the preliminary notice of APPK
    art. 73; its file and outgoing number) closes the consideration: the appeal is answered, whether its term was
    kept is stored for the statistics, and its control item comes off control (001 §33: the final reasoned answer is
    the ground for removal)."""
    with atomic_with_files():
        appeal = _lock(appeal)
        _require_handler(actor, appeal)
        if appeal.status != Appeal.Status.ON_CONSIDERATION:
            raise ValidationError(_("Only an appeal on consideration is answered."))
        now = _now()
        handed_in_at = handed_in_at or now
        errors: dict[str, list] = {}
        if handed_in_at > now + FUTURE_TOLERANCE:
            errors["handed_in_at"] = [_("An answer cannot be handed in later than now.")]
        if not text.strip():
            errors["text"] = [_("Write the answer.")]
        if is_final:
            if result not in Result.values:
                errors["result"] = [_("Choose the result of the consideration.")]
            elif result == Result.FORWARDED:
                errors["result"] = [_("An appeal outside the competence is forwarded (§13.9), not answered.")]
            if result in UNFAVOURABLE_RESULTS and not grounds.strip():
                errors["grounds"] = [_("Give the grounds of the refusal.")]
            if not outgoing_number.strip():
                errors["outgoing_number"] = [_("Give the outgoing number of the answer.")]
            if file is None:
                errors["file"] = [_("Attach the signed answer.")]
        elif result:
            errors["result"] = [_("An interim reply has no result: the final answer gives it.")]
        if errors:
            raise ValidationError(errors)
        decided_on = timezone.localdate(handed_in_at)
        if is_final and result in UNFAVOURABLE_RESULTS:
            _check_preliminary(appeal, decided_on)
        dispatched_on, moved = dispatch_date(handed_in_at)
        term_kept = dispatched_on <= appeal.due_on if is_final else None
        reply = AppealAnswer.objects.create(
            appeal=appeal, is_final=is_final, result=result if is_final else "", text=text.strip(),
            grounds=grounds.strip(), outgoing_number=outgoing_number.strip(), handed_in_at=handed_in_at,
            dispatched_on=dispatched_on, dispatch_moved=moved, term_kept=term_kept, created_by=actor,
        )  # fmt: skip
        if file is not None:
            attach(reply, file, uploaded_by=actor)
        data = {"dispatched_on": dispatched_on, "moved": moved, "outgoing_number": reply.outgoing_number}
        if not is_final:
            _record(appeal, "interim_answer", actor, comment=reply.text, data=data)
            return reply
        before = appeal.status
        appeal.status = Appeal.Status.ANSWERED
        appeal.result = result
        appeal.answered_on = dispatched_on
        appeal.term_kept = term_kept
        appeal.save(update_fields=["status", "result", "answered_on", "term_kept", "updated_at"])
        item = _open_item(appeal)
        if item is not None:
            control_services.remove_by_source(
                item, actor=actor, executed_on=decided_on, basis="001 §33",
                comment=str(_("Final answer № %(number)s to the applicant (001 §33).") % {
                    "number": reply.outgoing_number}),
            )  # fmt: skip
        _record(
            appeal, "appeal_answered", actor, from_state=before, comment=reply.grounds or reply.text,
            data={**data, "result": result, "term_kept": term_kept, "due_on": appeal.due_on},
        )  # fmt: skip
    return reply
