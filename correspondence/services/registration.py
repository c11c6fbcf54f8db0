"""Registration of incoming mail (003 §9.9–9.15): receipt, registration, routing, returns.

The registrar of the general department enters a letter as it arrives. Inside the registration
window (or with an urgency mark) it is registered at once: a number from the incoming journal, then
routed to its addressee. After the cutoff or on a day off it waits as RECEIVED until the next working
day, where it is offered first in the registrar's queue (003 §9.10). Badly formed mail is returned
without registration, with the reason and the norm (§9.10, §9.12).

Every function here is the only sanctioned way to make its change; views call them and show the
ValidationErrors they raise next to the form fields (the keys are the form's field names).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, numbering, permissions, reglament, workdays
from akimat.attachments import atomic_with_files, attach, validate_upload
from akimat.models import HistoryEntry, OrgUnit, Person, Supervision
from akimat.notifications import Draft, notify_many
from akimat.roles import Role
from control.models import Urgency
from correspondence import access
from correspondence.models import Correspondent, Delivery, Document, Resolution, Return
from correspondence.notifications import RESOLVE
from correspondence.search import refresh_search_vectors

JOURNAL = "incoming"
NOTIFICATION_KIND = "correspondence.routed"
# a receipt time a little ahead of the server clock is a clock skew, more is a typing error
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)

# The norms the refusals cite (profile 003; 004 and 000 number the same rules §10.x / §9.x).
NORM_SIGNATORY = "003 §9.9"
NORM_ACTING = "003 §9.14"
NORM_FINANCING = "003 §9.15"
NORM_FORM = "003 §9.12"

history.register_actions({"received": _("received, awaiting registration")})


# --- likely duplicates (issue #12 §5) -----------------------------------------------------------------

#: a summary this close (pg_trgm similarity, 0–1) to a letter received within DUPLICATE_DAYS is a likely duplicate
DUPLICATE_SIMILARITY = 0.8
#: calendar days either side of the receipt in which the same summary counts as the same letter
DUPLICATE_DAYS = 3
#: at most this many likely duplicates are shown
DUPLICATE_LIMIT = 5


class LikelyDuplicate(ValidationError):
    """The letter seems registered already: the registrar confirms before it is registered again."""

    def __init__(self, documents: list[Document]) -> None:
        super().__init__(
            _(
                "This letter may be registered already (the same sender, their number and date, or the same "
                "summary within a few days). Check the letters below; if it is another letter, tick "
                "“Register anyway” and register again."
            ),
            code="likely_duplicate",
        )
        self.documents = documents


def _same_their_number(number: str) -> str:
    """Their number as compared: no spaces, upper case ("01-12 / 345" is "01-12/345")."""
    return "".join(number.split()).upper()


def likely_duplicates(
    *,
    correspondent: Correspondent | None,
    their_number: str = "",
    their_date: datetime.date | None = None,
    summary: str = "",
    received_at: datetime.datetime | None = None,
    user: AbstractBaseUser | None = None,
    limit: int = DUPLICATE_LIMIT,
) -> list[Document]:
    """Incoming letters this one may repeat: the same correspondent with the same outgoing number and date,
    or a summary nearly the same (trigram similarity) received within DUPLICATE_DAYS; newest first. Only
    the letters `user` may see when given (a ДСП letter not granted is not shown, nor hinted at)."""
    same_letter = Q(pk__in=[])
    number = _same_their_number(their_number)
    if correspondent is not None and correspondent.pk and number and their_date is not None:
        same_letter = Q(correspondent=correspondent, their_date=their_date, their_number_key=number)
    same_summary = Q(pk__in=[])
    summary = " ".join((summary or "").split())
    if summary:
        moment = received_at or timezone.now()
        window = datetime.timedelta(days=DUPLICATE_DAYS)
        # registered in the window (document_number_order_idx) or still waiting for registration
        # (document_status_order_idx): the similarity is computed on those few rows only
        near = Q(registered_at__range=(moment - window, moment + window)) | Q(status=Document.Status.RECEIVED)
        same_summary = near & Q(summary_similarity__gte=DUPLICATE_SIMILARITY)
    documents = Document.objects.all() if user is None else access.visible_documents(user)
    candidates = (
        documents.filter(kind=Document.Kind.INCOMING)
        .annotate(
            their_number_key=Upper(Replace("their_number", Value(" "), Value(""))),
            summary_similarity=TrigramSimilarity("summary", summary),
        )
        .filter(same_letter | same_summary)
        .select_related("correspondent")
        .order_by("-received_at", "-id")
    )
    return list(candidates[:limit])


# --- who may do it ---------------------------------------------------------------------------------


def is_registrar(user: AbstractBaseUser) -> bool:
    """Whether the user registers mail (the general department, 003 §9.10), also when acting for one."""
    return permissions.has_role(user, Role.REGISTRAR)


def _require_registrar(actor: AbstractBaseUser) -> None:
    if not is_registrar(actor):
        raise PermissionDenied(_("Only the registrar of the general department registers incoming mail."))


# --- time rules (003 §9.10) ------------------------------------------------------------------------


def registration_date(received_at: datetime.datetime, urgency: str = "") -> tuple[datetime.date, bool]:
    """The day a letter received at `received_at` is registered, and whether it goes first that morning.

    003 §9.10: mail is registered on the day of receipt from window start to the cutoff (09:00–17:00);
    mail received after the cutoff on a working day, or on a day off, is registered on the next
    working day "в первую очередь"; urgent mail is registered on the day of receipt whatever the day.
    A receipt before the window on a working day is registered that day. The cutoff minute itself
    (17:00) is still inside: the regulation moves only what came "после 17.00".
    """
    local = timezone.localtime(received_at)
    day = local.date()
    if urgency:
        return day, False
    cutoff = reglament.rule("registration.cutoff").as_time()
    if workdays.is_working_day(day) and local.time() <= cutoff:
        return day, False
    return workdays.next_working_day(day, include_self=False), True


def registration_window() -> tuple[datetime.time, datetime.time]:
    """The registration window of the active profile (09:00–17:00 in 003 §9.10)."""
    return (
        reglament.rule("registration.window_start").as_time(),
        reglament.rule("registration.cutoff").as_time(),
    )


# --- acceptance rules (003 §9.9, §9.14, §9.15) -------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """A reason to refuse a letter: the form field it concerns, the message and the norm it cites."""

    field: str
    message: str
    norm: str


def refusals(
    *,
    correspondent: Correspondent | None,
    addressee: str,
    signatory_is_first_head: bool,
    signatory_is_acting: bool,
    acting_order_attached: bool,
    is_financing: bool = False,
    financing_prior_work: bool = False,
) -> list[Refusal]:
    """Every reason why this letter may not be accepted; empty when it may."""
    found: list[Refusal] = []
    # 003 §9.14: "за исключением писем и поручений центральных и вышестоящих государственных органов";
    # their letters are also never returned (§9.10, last part), so §9.9 does not apply to them either.
    central = correspondent is not None and correspondent.is_central
    if not central:
        if addressee == Document.Addressee.AKIM and not signatory_is_first_head:
            found.append(
                Refusal(
                    "signatory_is_first_head",
                    str(_("A letter to the akim is accepted only over the signature of a first head (§9.9).")),
                    NORM_SIGNATORY,
                )
            )
        if signatory_is_acting and not acting_order_attached:
            found.append(
                Refusal(
                    "acting_order_attached",
                    str(
                        _(
                            "A letter signed by an acting head is accepted only with a copy of the order "
                            "assigning the duties (§9.14)."
                        )
                    ),
                    NORM_ACTING,
                )
            )
        # 003 §9.15: letters of state bodies on financing need prior work with the authorised body, the
        # budget programme administrator and the finance department; central bodies excepted as above.
        if is_financing and not financing_prior_work:
            found.append(
                Refusal(
                    "financing_prior_work",
                    str(
                        _(
                            "A letter on financing is not accepted without prior work with the authorised body, "
                            "the budget programme administrator and the finance department (§9.15)."
                        )
                    ),
                    NORM_FINANCING,
                )
            )
    return found


def _raise_refusals(found: Sequence[Refusal]) -> None:
    if found:
        errors: dict[str, list[ValidationError]] = {}
        for refusal in found:
            errors.setdefault(refusal.field, []).append(ValidationError(refusal.message, code="refused"))
        raise ValidationError(errors)


def check_signatory(
    *,
    correspondent: Correspondent | None,
    addressee: str,
    signatory_is_first_head: bool,
    signatory_is_acting: bool,
    acting_order_attached: bool,
) -> None:
    """ValidationError unless the signatory may sign for this addressee (003 §9.9, §9.14)."""
    _raise_refusals(
        refusals(
            correspondent=correspondent,
            addressee=addressee,
            signatory_is_first_head=signatory_is_first_head,
            signatory_is_acting=signatory_is_acting,
            acting_order_attached=acting_order_attached,
        )
    )


def check_financing(*, correspondent: Correspondent | None, is_financing: bool, financing_prior_work: bool) -> None:
    """ValidationError for a letter on financing without the prior work of 003 §9.15."""
    _raise_refusals(
        [
            r
            for r in refusals(
                correspondent=correspondent,
                addressee="",
                signatory_is_first_head=True,
                signatory_is_acting=False,
                acting_order_attached=False,
                is_financing=is_financing,
                financing_prior_work=financing_prior_work,
            )
            if r.norm == NORM_FINANCING
        ]
    )


# --- routing (003 §9.10, §9.11) ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoutePlan:
    """Whom a registered letter goes to: the addressee and, for urgent mail, copies (003 §9.10)."""

    addressee: Person
    copies: tuple[Person, ...] = ()


def person_with_role(role: str) -> Person | None:
    """The active person holding a role (the akim, the head of apparatus); the first one when several do."""
    return (
        Person.objects.filter(user__groups__name=role, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def supervisor_of(unit: OrgUnit) -> Person | None:
    """The deputy akim or head of apparatus supervising the unit or its nearest supervised ancestor."""
    chain: list[int] = []
    current: OrgUnit | None = unit
    while current is not None and current.pk not in chain and len(chain) < 50:
        chain.append(current.pk)
        current = current.parent
    supervisions = (
        Supervision.objects.filter(unit_id__in=chain, supervisor__is_active=True)
        .select_related("supervisor__user")
        .order_by("pk")
    )
    by_unit: dict[int, Person] = {}
    for supervision in supervisions:
        by_unit.setdefault(supervision.unit_id, supervision.supervisor)
    return next((by_unit[pk] for pk in chain if pk in by_unit), None)


def plan_route(
    *,
    addressee: str,
    addressee_person: Person | None = None,
    competent_unit: OrgUnit | None = None,
    urgency: str = "",
) -> RoutePlan:
    """The default route by 003 §9.11 and SPEC §4; ValidationError when nobody can receive it.

    - to the akim (acts and instructions of the President, the Presidential Administration, the Prime
      Minister, and letters addressed to the akim personally): the akim;
    - to a deputy akim or the head of apparatus: that person;
    - to the apparatus: the deputy (or head of apparatus) who supervises the competent unit by the
      supervision map, else the head of apparatus.
    Urgent mail: a copy at once to the head of the competent unit (§9.10).
    """
    person: Person | None
    if addressee == Document.Addressee.AKIM:
        person = person_with_role(Role.AKIM)
        if person is None:
            raise ValidationError({"addressee": _("Nobody holds the role of the akim: the letter cannot be routed.")})
    elif addressee == Document.Addressee.DEPUTY:
        person = addressee_person
        if person is None:
            raise ValidationError({"addressee_person": _("Choose the deputy akim the letter is addressed to.")})
    elif addressee == Document.Addressee.HEAD_OF_APPARATUS:
        person = addressee_person or person_with_role(Role.HEAD_OF_APPARATUS)
        if person is None:
            raise ValidationError(
                {"addressee": _("Nobody holds the role of the head of apparatus: the letter cannot be routed.")}
            )
    else:
        person = addressee_person
        if person is None and competent_unit is not None:
            person = supervisor_of(competent_unit)
        if person is None:
            person = person_with_role(Role.HEAD_OF_APPARATUS)
        if person is None:
            raise ValidationError(
                {"competent_unit": _("Nobody supervises this unit and there is no head of apparatus to route to.")}
            )
    copies: tuple[Person, ...] = ()
    if urgency and competent_unit is not None and competent_unit.head_id and competent_unit.head_id != person.pk:
        copies = (competent_unit.head,)
    return RoutePlan(addressee=person, copies=copies)


def route(document: Document, *, competent_unit: OrgUnit | None = None, actor=None) -> list[Delivery]:
    """Send a registered document to its addressee (and urgent copies): deliveries, notices, ДСП grants.

    Due within the distribution term of the profile (1 working day, 003 §9.10); urgent mail at once,
    i.e. on the registration day.
    """
    plan = plan_route(
        addressee=document.addressee,
        addressee_person=document.addressee_person,
        competent_unit=competent_unit,
        urgency=document.urgency,
    )
    registered_on = document.registered_on or workdays.today()
    if document.urgency:
        due_by = registered_on
    else:
        due_by = workdays.add_working_days(registered_on, reglament.term("registration.distribution_term").amount)
    now = timezone.now()
    existing = set(Delivery.objects.filter(document=document).values_list("person_id", flat=True))
    deliveries = [
        Delivery(document=document, person=person, is_copy=is_copy, sent_at=now, due_by=due_by)
        for person, is_copy in [(plan.addressee, False), *((copy, True) for copy in plan.copies)]
        if person.pk not in existing
    ]
    Delivery.objects.bulk_create(deliveries)
    if document.is_dsp:
        access.grant(document, *(delivery.person.user for delivery in deliveries))
    history.record(
        document,
        "routed",
        actor=actor,
        data={
            "to": [d.person_id for d in deliveries if not d.is_copy],
            "copies": [d.person_id for d in deliveries if d.is_copy],
            "due_by": due_by,
            "competent_unit": competent_unit.pk if competent_unit else None,
        },
    )
    url = document.get_absolute_url()
    notify_many(
        Draft(
            recipient=delivery.person.user,
            kind=NOTIFICATION_KIND,
            obj=document,
            key=f"delivery:{int(delivery.is_copy)}",
            title=_("Copy of urgent incoming № %(number)s: %(summary)s")
            if delivery.is_copy
            else _("Incoming № %(number)s for you: %(summary)s"),
            body=_("From %(correspondent)s. To be delivered by %(due_by)s."),
            url=url,
            context={
                "number": document.number,
                "summary": document.summary[:150],
                "correspondent": document.correspondent or "—",
                "due_by": due_by,
            },
            action=None if delivery.is_copy else RESOLVE,
        )
        for delivery in deliveries
    )
    return deliveries


def mark_received(document: Document, user: AbstractBaseUser) -> int:
    """The user received the document routed to them (first time only); one UPDATE, idempotent."""
    return Delivery.objects.filter(document=document, person__user=user, received_at__isnull=True).update(
        received_at=timezone.now()
    )


def mark_opened(document: Document, user: AbstractBaseUser) -> int:
    """The user opened the document page: received and opened (first time only); one UPDATE, idempotent."""
    now = timezone.now()
    return Delivery.objects.filter(document=document, person__user=user, opened_at__isnull=True).update(
        opened_at=now, received_at=Coalesce(F("received_at"), Value(now))
    )


# --- receiving and registering -------------------------------------------------------------------------


def _general_index() -> str:
    """The index of the incoming journal: the general department's file nomenclature index (01-12)."""
    index = (
        OrgUnit.objects.filter(function=OrgUnit.Function.GENERAL).values_list("nomenclature_index", flat=True).first()
    )
    if not index:
        raise ValidationError(
            _(
                "The general department has no file nomenclature index, so no incoming number can be given. "
                "Ask the administrator to set it."
            )
        )
    return index


def preview_number() -> str:
    """The number the next incoming registration would get today (another registrar may take it first)."""
    try:
        return numbering.preview_number(JOURNAL, index=_general_index())
    except (ValidationError, numbering.NumberingError):
        return ""


def _check_choices(values: dict[str, str]) -> None:
    choices = {
        "addressee": Document.Addressee.values,
        "channel": Document.Channel.values,
        "language": Document.Language.values,
        "urgency": Urgency.values,
    }
    errors = {
        name: _("Choose a value from the list.")
        for name, value in values.items()
        if value and value not in choices[name]
    }
    if errors:
        raise ValidationError(errors)


def _save_correspondent(correspondent: Correspondent) -> Correspondent:
    """Save a correspondent created inline in the form (inside the registering transaction)."""
    if correspondent.pk is None:
        try:
            correspondent.full_clean()
        except ValidationError as error:
            raise ValidationError({"correspondent": error.messages}) from None
        correspondent.save()
    return correspondent


def receive_incoming(
    *,
    actor: AbstractBaseUser,
    correspondent: Correspondent,
    summary: str,
    received_at: datetime.datetime | None = None,
    addressee: str = Document.Addressee.APPARATUS,
    addressee_person: Person | None = None,
    competent_unit: OrgUnit | None = None,
    their_number: str = "",
    their_date: datetime.date | None = None,
    signatory: str = "",
    signatory_position: str = "",
    signatory_is_first_head: bool = True,
    signatory_is_acting: bool = False,
    acting_order_attached: bool = False,
    channel: str = "",
    language: str = Document.Language.KAZAKH,
    sheets: int = 1,
    attachments_count: int = 0,
    urgency: str = "",
    is_dsp: bool = False,
    executes_reference: str = "",
    is_financing: bool = False,
    financing_prior_work: bool = False,
    answers: Document | None = None,
    files: Iterable[UploadedFile] = (),
    duplicate_confirmed: bool = False,
) -> Document:
    """Enter a received letter: registered at once when its registration day is today, else queued.

    A letter that looks registered already (likely_duplicates()) is refused with LikelyDuplicate unless
    `duplicate_confirmed`; a confirmed one records in its history which letters it was told it may repeat.

    A letter received inside the window, before it on a working day, or with an urgency mark is
    registered now (number, routed to the addressee). One received after the cutoff or on a day off
    waits as RECEIVED until `registration_due`, first in that morning's queue (003 §9.10). A new
    correspondent (unsaved instance) is saved in the same transaction; a failure leaves nothing behind,
    files included.
    """
    _require_registrar(actor)
    now = timezone.now()
    received_at = received_at or now
    summary = (summary or "").strip()
    files = list(files)
    errors: dict[str, object] = {}
    if not summary:
        errors["summary"] = _("Write the summary of the letter.")
    if received_at > now + FUTURE_TOLERANCE:
        errors["received_at"] = _("The time of receipt cannot be in the future.")
    if their_date is not None and their_date > timezone.localdate(now):
        errors["their_date"] = _("Their outgoing date cannot be in the future.")
    if sheets < 1:
        errors["sheets"] = _("A letter has at least one sheet.")
    if answers is not None and answers.kind != Document.Kind.OUTGOING:
        errors["answers"] = _("Only an outgoing letter of ours can be answered.")
    if errors:
        raise ValidationError(errors)
    _check_choices({"addressee": addressee, "channel": channel, "language": language, "urgency": urgency})
    _raise_refusals(
        refusals(
            correspondent=correspondent,
            addressee=addressee,
            signatory_is_first_head=signatory_is_first_head,
            signatory_is_acting=signatory_is_acting,
            acting_order_attached=acting_order_attached,
            is_financing=is_financing,
            financing_prior_work=financing_prior_work,
        )
    )
    if addressee == Document.Addressee.AKIM:
        addressee_person = None  # the akim is whoever holds the role (§9.11)
    # check the route now, so that a letter queued for tomorrow does not fail tomorrow morning
    plan = plan_route(
        addressee=addressee, addressee_person=addressee_person, competent_unit=competent_unit, urgency=urgency
    )
    file_errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as error:
            file_errors.extend(error.messages)
    if file_errors:
        raise ValidationError({"files": file_errors})
    duplicates = likely_duplicates(
        correspondent=correspondent,
        their_number=their_number,
        their_date=their_date,
        summary=summary,
        received_at=received_at,
        user=actor,
    )
    if duplicates and not duplicate_confirmed:
        raise LikelyDuplicate(duplicates)
    due, queued_first = registration_date(received_at, urgency)
    today = workdays.today()

    with atomic_with_files():
        correspondent = _save_correspondent(correspondent)
        document = Document(
            kind=Document.Kind.INCOMING,
            status=Document.Status.RECEIVED,
            received_at=received_at,
            registration_due=due,
            queued_first=queued_first,
            correspondent=correspondent,
            their_number=their_number.strip(),
            their_date=their_date,
            signatory=signatory.strip(),
            signatory_position=signatory_position.strip(),
            signatory_is_first_head=signatory_is_first_head,
            signatory_is_acting=signatory_is_acting,
            acting_order_attached=acting_order_attached,
            addressee=addressee,
            addressee_person=plan.addressee if addressee != Document.Addressee.APPARATUS else None,
            channel=channel,
            language=language,
            sheets=sheets,
            attachments_count=attachments_count,
            summary=summary,
            urgency=urgency or "",
            is_dsp=is_dsp,
            executes_reference=executes_reference.strip(),
            is_financing=is_financing,
            financing_prior_work=financing_prior_work,
            answers=answers,
            created_by=actor,
        )
        try:
            document.full_clean(
                exclude=["created_by", "correspondent", "addressee_person", "answers"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        document.save()
        for upload in files:
            attach(document, upload, uploaded_by=actor)
        if is_dsp:
            access.grant(document, actor)
        history.record(
            document,
            "received",
            actor=actor,
            to_state=Document.Status.RECEIVED,
            data={
                "received_at": received_at,
                "registration_due": due,
                "queued_first": queued_first,
                "competent_unit": competent_unit.pk if competent_unit else None,
                "files": len(files),
                # registered although it looked like these letters (confirmed by the registrar)
                "likely_duplicate_of": [duplicate.pk for duplicate in duplicates],
            },
        )
        if due <= today:
            _register(document, actor=actor, competent_unit=competent_unit)
        refresh_search_vectors([document.pk])
    return document


def register_received(document: Document, *, actor: AbstractBaseUser) -> Document:
    """Register a letter waiting in the queue, from its registration day on (003 §9.10)."""
    _require_registrar(actor)
    with atomic_with_files():
        # two registrars pressing "register" on the same letter: the second waits here, then sees it done
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.kind != Document.Kind.INCOMING or locked.status != Document.Status.RECEIVED:
            raise ValidationError(_("This letter is already registered."), code="registered")
        today = workdays.today()
        if locked.registration_due and locked.registration_due > today:
            raise ValidationError(
                _("This letter is registered on %(day)s (received after the cutoff, §9.10)."),
                params={"day": workdays.format_date(locked.registration_due)},
                code="too_early",
            )
        received = HistoryEntry.objects.for_object(locked).filter(action="received").order_by("-at", "-pk").first()
        unit_id = (received.data or {}).get("competent_unit") if received else None
        competent_unit = OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None
        if locked.is_dsp:
            access.grant(locked, actor)
        _register(locked, actor=actor, competent_unit=competent_unit)
        refresh_search_vectors([locked.pk])
    document.refresh_from_db()
    return document


def _register(document: Document, *, actor: AbstractBaseUser, competent_unit: OrgUnit | None) -> None:
    """Number, registration date and time, REGISTERED, routed: inside the caller's transaction."""
    today = workdays.today()
    index = _general_index()
    # taken last: other registrars wait on the journal's counter row until this transaction ends
    try:
        document.number = numbering.take_number(JOURNAL, on=today, index=index)
    except numbering.NumberingError as error:
        raise ValidationError(str(error)) from None
    document.status = Document.Status.REGISTERED
    document.registered_on = today
    document.registered_at = timezone.now()
    document.registered_by = actor
    document.processing_due = processing_due(document.registered_at, document.urgency)
    document.save(
        update_fields=["number", "status", "registered_on", "registered_at", "registered_by", "processing_due"]
    )
    history.record(
        document,
        "registered",
        actor=actor,
        from_state=Document.Status.RECEIVED,
        to_state=Document.Status.REGISTERED,
        data={"number": document.number, "registered_on": today, "queued_first": document.queued_first},
    )
    route(document, competent_unit=competent_unit, actor=actor)


# --- the processing term (003 §9.10) -------------------------------------------------------------------


def processing_due(registered_at: datetime.datetime, urgency: str = "") -> datetime.datetime:
    """003 §9.10: registration, distribution and delivery "в течение одних суток ... а срочной — незамедлительно
    ... несмотря на праздничные и выходные дни": the moment by which the registered letter has its first
    resolution. The term (registration.processing_term, 24 hours) runs over working days for ordinary mail (a
    letter registered on Friday at 15:00 is due on Monday at 15:00) and over every day for urgent mail."""
    hours = reglament.term("registration.processing_term").amount
    if urgency:
        return registered_at + datetime.timedelta(hours=hours)
    local = timezone.localtime(registered_at)
    days, rest = divmod(hours, 24)
    day = workdays.add_working_days(local.date(), days) if days else local.date()
    due = timezone.make_aware(datetime.datetime.combine(day, local.time()))
    return due + datetime.timedelta(hours=rest)


def processing_late_q(now: datetime.datetime | None = None) -> Q:
    """Registered incoming letters processed late (003 §9.10): the term has passed and no resolution was given
    by it — still waiting, or resolved after the term."""
    on_time = Resolution.objects.filter(document=OuterRef("pk"), created_at__lte=OuterRef("processing_due"))
    return Q(processing_due__lt=now or timezone.now()) & ~Exists(on_time)


# --- the registrar's queue -----------------------------------------------------------------------------


def queue_for(user: AbstractBaseUser, *, on: datetime.date | None = None):
    """Letters waiting for registration that are due by `on` (today): queued-first ones first, oldest first."""
    day = on or workdays.today()
    queryset = (
        Document.objects.incoming()
        .filter(status=Document.Status.RECEIVED, registration_due__lte=day)
        .select_related("correspondent")
        .order_by("-queued_first", "received_at", "pk")
    )
    return access.visible_documents(user, queryset)


def waiting_for(user: AbstractBaseUser, *, on: datetime.date | None = None):
    """Letters received after the cutoff or on a day off that are registered on a later day."""
    day = on or workdays.today()
    queryset = (
        Document.objects.incoming()
        .filter(status=Document.Status.RECEIVED, registration_due__gt=day)
        .select_related("correspondent")
        .order_by("registration_due", "received_at", "pk")
    )
    return access.visible_documents(user, queryset)


# --- return without registration (003 §9.10, §9.12) -----------------------------------------------------


def return_unregistered(
    *,
    actor: AbstractBaseUser,
    reason: str,
    norm: str,
    correspondent: Correspondent | None = None,
    sender_name: str = "",
    their_number: str = "",
    their_date: datetime.date | None = None,
    summary: str = "",
    received_at: datetime.datetime | None = None,
    channel: str = "",
) -> Return:
    """Record mail returned without registration, with the reason and the norm: no number.

    003 §9.10: badly formed mail "возвращается ... в тот же день" — on the day it would have been registered
    (return_due()). A later return is still recorded (the letter must go back) and marked late in its history;
    `returned.late` tells the caller."""
    _require_registrar(actor)
    now = timezone.now()
    received_at = received_at or now
    sender_name = (sender_name or (correspondent.name if correspondent else "")).strip()
    errors: dict[str, object] = {}
    if not sender_name:
        errors["correspondent"] = _("Name the sender.")
    if not (reason or "").strip():
        errors["reason"] = _("Write why the letter is returned.")
    if not (norm or "").strip():
        errors["norm"] = _("Name the norm the letter does not meet, e.g. §9.12 of the regulation.")
    if received_at > now + FUTURE_TOLERANCE:
        errors["received_at"] = _("The time of receipt cannot be in the future.")
    if channel and channel not in Document.Channel.values:
        errors["channel"] = _("Choose a value from the list.")
    if errors:
        raise ValidationError(errors)
    with atomic_with_files():
        if correspondent is not None:
            correspondent = _save_correspondent(correspondent)
        returned = Return.objects.create(
            correspondent=correspondent,
            sender_name=sender_name[:400],
            their_number=their_number.strip(),
            their_date=their_date,
            summary=(summary or "").strip(),
            received_at=received_at,
            reason=reason.strip(),
            norm=norm.strip()[:200],
            returned_on=workdays.today(),
            returned_by=actor,
            channel=channel,
        )
        due = return_due(received_at)
        returned.late = returned.returned_on > due
        history.record(
            returned,
            "returned_unregistered",
            actor=actor,
            comment=returned.reason,
            data={"due": due, "late": returned.late},
        )
    return returned


def return_due(received_at: datetime.datetime) -> datetime.date:
    """003 §9.10: the day by which mail received at this moment is returned without registration — the day it
    would have been registered (after the cutoff or on a day off, the next working day)."""
    return registration_date(received_at)[0]


def mark_late_returns(returns: Iterable[Return]) -> list[Return]:
    """The returns with `late` set: returned after return_due() (003 §9.10), for the returns journal."""
    rows = list(returns)
    for row in rows:
        row.late = row.returned_on > return_due(row.received_at)
    return rows


def returns_on(day: datetime.date):
    """The returns journal of one day, newest first."""
    return (
        Return.objects.filter(returned_on=day)
        .select_related("correspondent", "returned_by__person")
        .order_by("-received_at", "-pk")
    )
