"""Personal reception: the ONLY mutator of the schedule, the reception days, the sign-ups, the notices and the
reception cards — 003 §14 (000 §15, 004 §15), and 001 (the repealed WKO rules of personal reception, 2020/2023)
where the regulations in force are silent; each such rule says "001 §N" below.

    ScheduleEntry: save_schedule_entry / deactivate_schedule_entry (the appeals department; public, 001 §7)
    ReceptionDay:  generate_days (from the schedule) | create_day → PLANNED → (record a visitor) HELD
                   PLANNED → (cancel_day, 001 §15: every signed-up applicant is told) CANCELLED
    Signup:        sign_up → WAITING → (mark_received) RECEIVED | (mark_absent) ABSENT | (cancel_day) CANCELLED
                   refuse_sign_up → REFUSED (001 §14: outside competence, or already answered — with the reference)
    ReceptionCard: start_card → DRAFT → save_card … → (complete_card: instructions on control, §14.4) COMPLETED
                   register_written_appeal (the appeals' journal, channel "personal reception", 001 §25)

Every term comes from the regulation profile (``appeals.reception_list_before``, §14.2; the cancellation notice,
001 §15, see ``cancel_notice_term``) and every date from ``akimat.workdays``; every change is written to the history
(``akimat.history``); the official's list and the cancellations go through ``akimat.notifications``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from akimat import history, officials, permissions, reglament, workdays
from akimat.identifiers import normalise
from akimat.models import OrgUnit, Person
from akimat.notifications import Draft, notify_many
from akimat.roles import LEADERSHIP, Role
from appeals import requisites
from appeals import services as appeals_services
from appeals.models import Appeal, AppealApplicant, Applicant, Channel, Kind
from appeals.reception import access
from appeals.reception.models import (
    CardInstruction,
    PriorityCategory,
    ReceptionCard,
    ReceptionDay,
    ReceptionLanguage,
    ReceptionNotice,
    ScheduleEntry,
    Signup,
)

# --- the profile values of the reception ------------------------------------------------------------------

#: §14.2 (000 §15.2, 004 §15.2): the list of people signed up goes to the official this long before the day
LIST_RULE = "appeals.reception_list_before"
#: 001 §15: the official who cannot hold the reception tells the responsible employee at least this long before it
#: (or on the day itself): "кемінде 2 (екі) жұмыс күні бұрын" (akimat/migrations/0020)
CANCEL_NOTICE_RULE = "appeals.reception_cancel_notice_before"

#: 001 §11: the priority categories received out of turn (models.PriorityCategory, the wording of 001 §11)
PRIORITY_CATEGORIES = tuple(value for value in PriorityCategory.values if value)

# --- how alike questions must read to be proposed as answered before (001 §14): heuristics, not terms ----------
#: the trigram similarity (pg_trgm, 0–1) above which an earlier answered question is proposed
ANSWERED_SIMILARITY = 0.2
#: at most so many earlier answers are proposed
ANSWERED_LIMIT = 5

HISTORY_LABELS = {
    "reception_schedule_saved": _("reception schedule entry saved"),
    "reception_schedule_closed": _("reception schedule entry no longer in force"),
    "reception_day_planned": _("reception day planned"),
    "reception_day_invited": _("officials invited to the reception"),
    "reception_day_cancelled": _("reception day cancelled"),
    "reception_day_held": _("reception day held"),
    "reception_day_list_sent": _("list of visitors sent to the official"),
    "reception_signed_up": _("signed up for personal reception"),
    "reception_signup_refused": _("sign-up for personal reception refused"),
    "reception_visitor_received": _("visitor received"),
    "reception_visitor_absent": _("visitor did not come"),
    "reception_card_saved": _("reception card saved"),
    "reception_card_completed": _("reception card completed, instructions put on control"),
    "reception_appeal_registered": _("written appeal of the visitor registered"),
}
history.register_actions(HISTORY_LABELS)


# --- small helpers -------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return workdays.today()


def _record(obj, action: str, actor, *, from_state: str = "", comment: str = "", data=None) -> None:
    history.record(
        obj, action, actor=actor, from_state=from_state, to_state=getattr(obj, "status", ""), comment=comment,
        data=data or {},
    )  # fmt: skip


def _is_one_of(user, *persons: Person | None) -> bool:
    wanted = {p.pk for p in persons if p is not None}
    return bool(wanted) and any(p.pk in wanted for p in permissions.principal_persons(user))


def cancel_notice_term() -> reglament.Term:
    """001 §15: how long before the day the official's cancellation must reach the applicants."""
    return reglament.term(CANCEL_NOTICE_RULE)


def list_due_on(day: datetime.date) -> datetime.date:
    """§14.2: the day the list of visitors goes to the official (1 working day before, from the profile)."""
    found = reglament.term(LIST_RULE)
    return workdays.deadline(day, found.amount, found.unit, before=True)


def notice_due_on(day: datetime.date) -> datetime.date:
    """001 §15: the last day a cancellation reaches the applicants in time."""
    found = cancel_notice_term()
    return workdays.deadline(day, found.amount, found.unit, before=True)


# --- who may do what -----------------------------------------------------------------------------------


def may_manage(user) -> bool:
    """The appeals department organises the reception (§14.2, 001 §27–§28): the schedule, the days, the sign-up."""
    return access.is_appeals_department(user)


def _require_manager(user) -> None:
    if not may_manage(user):
        raise PermissionDenied(_("Only the appeals department organises personal reception (§14.2)."))


def is_official_of(user, day: ReceptionDay) -> bool:
    """The official receiving that day, or the person acting for them."""
    return _is_one_of(user, day.official)


def may_keep_day(user, day: ReceptionDay) -> bool:
    """Who records the visitors and their cards: the appeals department and the official receiving."""
    return may_manage(user) or is_official_of(user, day)


def may_cancel(user, day: ReceptionDay) -> bool:
    """001 §15: the official (or the person acting) tells of the cancellation; the appeals department records it."""
    return day.status == ReceptionDay.Status.PLANNED and may_keep_day(user, day)


def reception_officials() -> QuerySet[Person]:
    """§14.1: the akim, the deputies and the head of apparatus hold the reception."""
    return (
        Person.objects.filter(is_active=True, user__is_active=True, user__groups__name__in=[str(r) for r in LEADERSHIP])
        .select_related("unit")
        .distinct()
        .order_by("full_name")
    )


def _check_official(person: Person) -> None:
    if not reception_officials().filter(pk=person.pk).exists():
        raise ValidationError(
            {"official": [_("Personal reception is held by the akim, the deputies and the head of apparatus (§14.1).")]}
        )


# --- the schedule (§14.1; 001 §6–§7, §12) ---------------------------------------------------------------------


@dataclass
class ScheduleData:
    official: Person
    starts_at: datetime.time
    ends_at: datetime.time
    place_kk: str
    place_ru: str
    weekday: int | None = None
    weeks: list[int] = field(default_factory=list)
    on_date: datetime.date | None = None
    video_allowed: bool = False
    video_link: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None


def _validate_schedule(data: ScheduleData) -> None:
    errors: dict[str, list] = {}
    if (data.weekday is None) == (data.on_date is None):
        errors["weekday"] = [_("Give either a weekday or a date.")]
    if data.weekday is not None and not 1 <= data.weekday <= 7:
        errors["weekday"] = [_("Choose a weekday from the list.")]
    if any(not 1 <= week <= 5 for week in data.weeks):
        errors["weeks"] = [_("The weeks of the month are numbered 1 to 5.")]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The reception cannot end before it starts.")]
    if not data.place_kk.strip() or not data.place_ru.strip():
        errors["place_kk"] = [_("Give the place in Kazakh and in Russian: the schedule is published in both (001 §7).")]
    if data.video_link.strip() and not data.video_allowed:
        errors["video_link"] = [_("A video link is given only where the reception by video conference is allowed.")]
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("The end of validity cannot be before its start.")]
    if errors:
        raise ValidationError(errors)
    _check_official(data.official)


def save_schedule_entry(*, actor, data: ScheduleData, entry: ScheduleEntry | None = None) -> ScheduleEntry:
    """Add or change a line of the schedule approved by the akim (§14.1): the appeals department keeps it."""
    _require_manager(actor)
    _validate_schedule(data)
    with transaction.atomic():
        if entry is None:
            entry = ScheduleEntry(created_by=actor)
        else:
            entry = ScheduleEntry.objects.select_for_update().get(pk=entry.pk)
        entry.official = data.official
        entry.weekday = data.weekday
        entry.weeks = sorted(set(data.weeks)) if data.weekday is not None else []
        entry.on_date = data.on_date
        entry.starts_at, entry.ends_at = data.starts_at, data.ends_at
        entry.place_kk, entry.place_ru = data.place_kk.strip(), data.place_ru.strip()
        entry.video_allowed = data.video_allowed
        entry.video_link = data.video_link.strip() if data.video_allowed else ""
        entry.valid_from, entry.valid_until = data.valid_from, data.valid_until
        entry.is_active = True
        entry.save()
        _record(entry, "reception_schedule_saved", actor, data={"official": entry.official_id, "when": entry.when})
    return entry


def deactivate_schedule_entry(entry: ScheduleEntry, *, actor) -> ScheduleEntry:
    """The line is no longer in force: it leaves the public schedule; the days already made stay."""
    _require_manager(actor)
    with transaction.atomic():
        entry = ScheduleEntry.objects.select_for_update().get(pk=entry.pk)
        entry.is_active = False
        entry.save(update_fields=["is_active", "updated_at"])
        _record(entry, "reception_schedule_closed", actor)
    return entry


def published_schedule(on: datetime.date | None = None) -> QuerySet[ScheduleEntry]:
    """001 §7: the schedule in force (names, days, hours, places), for the public page and the schedule screen."""
    day = on or _today()
    return (
        ScheduleEntry.objects.filter(is_active=True)
        .exclude(valid_until__lt=day)
        .exclude(on_date__lt=day)
        .select_related("official")
        .order_by("official__full_name", "weekday", "on_date", "starts_at", "pk")
    )


def occurs_on(entry: ScheduleEntry, day: datetime.date) -> bool:
    """Whether a line of the schedule falls on a date (its weekday and week of the month, or its date)."""
    if entry.valid_from and day < entry.valid_from or entry.valid_until and day > entry.valid_until:
        return False
    if entry.on_date is not None:
        return day == entry.on_date
    if day.isoweekday() != entry.weekday:
        return False
    return not entry.weeks or (day.day - 1) // 7 + 1 in entry.weeks


# --- reception days ------------------------------------------------------------------------------------------


@dataclass
class DayData:
    official: Person
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    place_kk: str
    place_ru: str
    video_link: str = ""


def create_day(*, actor, data: DayData, schedule: ScheduleEntry | None = None) -> ReceptionDay:
    """A reception day of an official (§14.1; 001 §8: a deputy may receive outside the schedule on the akim's
    instruction), on a working day from today on."""
    _require_manager(actor)
    errors: dict[str, list] = {}
    if data.date < _today():
        errors["date"] = [_("A reception day is set for today or later.")]
    elif not workdays.is_working_day(data.date):
        errors["date"] = [_("The reception is held on a working day.")]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The reception cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    _check_official(data.official)
    with transaction.atomic():
        taken = ReceptionDay.objects.filter(official=data.official, date=data.date).exclude(
            status=ReceptionDay.Status.CANCELLED
        )
        if taken.exists():
            raise ValidationError({"date": [_("This official already has a reception on that day.")]})
        day = ReceptionDay.objects.create(
            official=data.official, date=data.date, starts_at=data.starts_at, ends_at=data.ends_at,
            place_kk=data.place_kk.strip(), place_ru=data.place_ru.strip(), video_link=data.video_link.strip(),
            schedule=schedule, created_by=actor,
        )  # fmt: skip
        _record(day, "reception_day_planned", actor, data={"date": day.date, "official": day.official_id})
    return day


def generate_days(*, actor, start: datetime.date, end: datetime.date) -> list[ReceptionDay]:
    """The reception days of the schedule in force between two dates (both included): one per official and date,
    on working days only (a scheduled day that is a holiday has no reception); a day already set is left as it is."""
    _require_manager(actor)
    start = max(start, _today())
    if end < start:
        raise ValidationError({"end": [_("The end of the period cannot be before its start.")]})
    if (end - start).days > 366:
        raise ValidationError({"end": [_("Generate the days of at most a year at a time.")]})
    entries = list(published_schedule(start))
    taken = set(
        ReceptionDay.objects.filter(date__range=(start, end))
        .exclude(status=ReceptionDay.Status.CANCELLED)
        .values_list("official_id", "date")
    )
    made = []
    day = start
    while day <= end:
        if workdays.is_working_day(day):
            for entry in entries:
                if (entry.official_id, day) in taken or not occurs_on(entry, day):
                    continue
                data = DayData(
                    official=entry.official, date=day, starts_at=entry.starts_at, ends_at=entry.ends_at,
                    place_kk=entry.place_kk, place_ru=entry.place_ru, video_link=entry.video_link,
                )  # fmt: skip
                made.append(create_day(actor=actor, data=data, schedule=entry))
                taken.add((entry.official_id, day))
        day += datetime.timedelta(days=1)
    return made


def set_invited(day: ReceptionDay, *, actor, persons: Iterable[Person], names: str = "") -> ReceptionDay:
    """§14.3: who attends the reception (the head of apparatus at the akim's, heads of departments, rural akims,
    the employee organising it); they go on the list of §14.2 and see the day."""
    _require_manager(actor)
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
        if day.status != ReceptionDay.Status.PLANNED:
            raise ValidationError(_("Only a planned reception day is changed."))
        persons = [p for p in persons if p.pk != day.official_id]
        day.invited.set(persons)
        day.invited_names = "\n".join(line.strip() for line in (names or "").splitlines() if line.strip())
        day.save(update_fields=["invited_names", "updated_at"])
        _record(day, "reception_day_invited", actor, data={"invited": [p.pk for p in persons]})
    return day


def queue(day: ReceptionDay) -> QuerySet[Signup]:
    """001 §11: the day's visitors — the priority categories out of turn first, then in the order of sign-up."""
    return (
        day.signups.exclude(status=Signup.Status.REFUSED)
        .select_related("applicant")
        .annotate(priority_rank=Case(When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("priority_rank", "signed_up_at", "pk")
    )


# --- the applicant and the sign-up (001 §9, §11, §14) ---------------------------------------------------------


def applicant_card(data: appeals_services.ApplicantData) -> Applicant:
    """The applicant's card of the appeals' journal: found by IIN (or by name and address) or made, as the journal
    does at registration (appeals.services), so the reception and the appeals know the same person."""
    cleaned = appeals_services.clean_applicant(data)  # the journal's own matching, not a copy
    requisites.validate_identifiers([cleaned])
    if cleaned.type != Applicant.Type.INDIVIDUAL or not (cleaned.surname and cleaned.first_name):
        raise ValidationError({"surname": [_("Give the surname and the first name of the person signing up.")]})
    return appeals_services.applicant_card(cleaned)


@dataclass(frozen=True)
class Match:
    """An earlier answer to the same person that a question may repeat (001 §14), proposed to the employee."""

    kind: str  # "appeal" | "card"
    obj: Appeal | ReceptionCard
    similarity: float

    @property
    def reference(self) -> str:
        return f"{self.kind}:{self.obj.pk}"


def answered_matches(applicant: Applicant | None, question: str) -> list[Match]:
    """001 §14: the applicant's appeals already answered and their completed reception cards, the most alike to the
    question first — the system proposes, the employee confirms "already answered" with the reference."""
    if applicant is None or applicant.pk is None:
        return []
    question = " ".join((question or "").split())
    appeal_ids = AppealApplicant.objects.filter(applicant=applicant).values("appeal")
    appeals = (
        Appeal.objects.filter(pk__in=appeal_ids, status=Appeal.Status.ANSWERED)
        .annotate(similarity=TrigramSimilarity("summary", question))
        .filter(similarity__gte=ANSWERED_SIMILARITY)
        .order_by("-similarity", "-registered_on")[:ANSWERED_LIMIT]
    )
    cards = (
        ReceptionCard.objects.filter(applicant=applicant, status=ReceptionCard.Status.COMPLETED)
        .select_related("day", "official")
        .annotate(similarity=TrigramSimilarity("asked", question))
        .filter(similarity__gte=ANSWERED_SIMILARITY)
        .order_by("-similarity", "-day__date")[:ANSWERED_LIMIT]
    )
    found = [Match("appeal", a, a.similarity) for a in appeals] + [Match("card", c, c.similarity) for c in cards]
    return sorted(found, key=lambda m: -m.similarity)[:ANSWERED_LIMIT]


def find_applicant(data: appeals_services.ApplicantData) -> Applicant | None:
    """The existing card of a person by IIN (no card is made): to propose earlier answers before signing up."""
    iin = normalise(data.iin) if data.iin else ""
    # what was typed, unchecked: only twelve digits can be an IIN (a NUL or a letter never reaches the query)
    return Applicant.objects.filter(iin=iin).first() if len(iin) == 12 and iin.isascii() and iin.isdigit() else None


@dataclass
class SignupData:
    applicant: appeals_services.ApplicantData
    question: str
    language: str = ReceptionLanguage.KAZAKH
    priority: str = ""
    priority_document: str = ""


def _validate_signup(data: SignupData) -> None:
    errors: dict[str, list] = {}
    # 001 §5: a request for reception that does not state the question is not considered
    if not data.question.strip():
        errors["question"] = [_("Write the question the person comes with (001 §5).")]
    if data.priority and data.priority not in PRIORITY_CATEGORIES:
        errors["priority"] = [_("Choose a priority category from the list (001 §11).")]
    if data.language not in ReceptionLanguage.values:
        errors["language"] = [_("Choose the language of the reception.")]
    if errors:
        raise ValidationError(errors)


def sign_up(*, actor, day: ReceptionDay, data: SignupData) -> Signup:
    """Sign a person up for a reception day with their question (001 §4, §28); a priority category (001 §11) is
    received out of turn. The refusals of 001 §14 are refuse_sign_up()."""
    _require_manager(actor)
    _validate_signup(data)
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().select_related("official").get(pk=day.pk)
        if day.status != ReceptionDay.Status.PLANNED or day.date < _today():
            raise ValidationError({"day": [_("Sign-up is open only for a planned reception day from today on.")]})
        applicant = applicant_card(data.applicant)
        if day.signups.filter(applicant=applicant, status=Signup.Status.WAITING).exists():
            raise ValidationError({"day": [_("This person is already signed up for that day.")]})
        signup = Signup.objects.create(
            official=day.official, day=day, applicant=applicant, question=data.question.strip(),
            language=data.language, priority=data.priority, priority_document=data.priority_document.strip(),
            signed_up_at=timezone.now(), created_by=actor,
        )  # fmt: skip
        _record(signup, "reception_signed_up", actor, data={"day": day.pk, "priority": signup.priority})
    return signup


def refuse_sign_up(
    *,
    actor,
    official: Person,
    data: SignupData,
    ground: str,
    reason: str = "",
    answered_appeal: Appeal | None = None,
    answered_card: ReceptionCard | None = None,
) -> Signup:
    """001 §14: no sign-up for a question outside the competence of local executive bodies (and of the territorial
    units of central bodies), nor for a person already answered on it — recorded with its reason; "already
    answered" names the earlier answer, which must be one of that person's (answered_matches proposes them)."""
    _require_manager(actor)
    _validate_signup(data)
    _check_official(official)
    if ground not in {Signup.Refusal.OUTSIDE_COMPETENCE, Signup.Refusal.ALREADY_ANSWERED}:
        raise ValidationError({"refusal": [_("Choose the ground of refusal (001 §14).")]})
    if ground == Signup.Refusal.OUTSIDE_COMPETENCE and not reason.strip():
        raise ValidationError({"refusal_reason": [_("Say why the question is outside the competence of local "
                                                    "bodies and where the person may turn.")]})  # fmt: skip
    with transaction.atomic():
        applicant = applicant_card(data.applicant)
        if ground == Signup.Refusal.ALREADY_ANSWERED:
            if (answered_appeal is None) == (answered_card is None):
                raise ValidationError({"reference": [_("Name the earlier answer the person was given (001 §14).")]})
            # read afresh: the earlier answer as it stands now, of this very person
            if answered_appeal is not None:
                theirs = Appeal.objects.filter(
                    pk=answered_appeal.pk, status=Appeal.Status.ANSWERED, parties__applicant=applicant
                ).exists()
            else:
                theirs = ReceptionCard.objects.filter(
                    pk=answered_card.pk, status=ReceptionCard.Status.COMPLETED, applicant=applicant
                ).exists()
            if not theirs:
                raise ValidationError(
                    {"reference": [_("The earlier answer must be one given to this person (001 §14).")]}
                )
        else:
            answered_appeal = answered_card = None
        signup = Signup.objects.create(
            official=official, day=None, applicant=applicant, question=data.question.strip(), language=data.language,
            priority=data.priority, priority_document=data.priority_document.strip(), status=Signup.Status.REFUSED,
            refusal=ground, refusal_reason=reason.strip(), answered_appeal=answered_appeal,
            answered_card=answered_card, signed_up_at=timezone.now(), created_by=actor,
        )  # fmt: skip
        _record(
            signup, "reception_signup_refused", actor, comment=signup.refusal_reason,
            data={"ground": ground, "appeal": getattr(answered_appeal, "pk", None),
                  "card": getattr(answered_card, "pk", None)},
        )  # fmt: skip
    return signup


def _lock_signup(signup: Signup) -> Signup:
    return Signup.objects.select_for_update(of=("self",)).select_related("day__official", "applicant").get(pk=signup.pk)


def _mark(signup: Signup, *, actor, status: str, action: str) -> Signup:
    with transaction.atomic():
        signup = _lock_signup(signup)
        day = signup.day
        if day is None or not may_keep_day(actor, day):
            raise PermissionDenied(_("Only the appeals department or the official receiving keeps the queue."))
        if day.status == ReceptionDay.Status.CANCELLED:
            raise ValidationError(_("The reception day is cancelled."))
        if day.date > _today():
            raise ValidationError(_("Visitors are recorded on the day of the reception."))
        if signup.status not in {Signup.Status.WAITING, Signup.Status.ABSENT, Signup.Status.RECEIVED}:
            raise ValidationError(_("This sign-up is not in the queue."))
        before = signup.status
        signup.status = status
        signup.received_at = timezone.now() if status == Signup.Status.RECEIVED else None
        signup.save(update_fields=["status", "received_at"])
        _record(signup, action, actor, from_state=before)
        if day.status == ReceptionDay.Status.PLANNED:
            day.status = ReceptionDay.Status.HELD
            day.save(update_fields=["status", "updated_at"])
            _record(day, "reception_day_held", actor, from_state=ReceptionDay.Status.PLANNED)
    return signup


def mark_received(signup: Signup, *, actor) -> Signup:
    """The visitor was received (the day is then held)."""
    return _mark(signup, actor=actor, status=Signup.Status.RECEIVED, action="reception_visitor_received")


def mark_absent(signup: Signup, *, actor) -> Signup:
    """The visitor did not come."""
    return _mark(signup, actor=actor, status=Signup.Status.ABSENT, action="reception_visitor_absent")


# --- cancellation (001 §15) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cancellation:
    day: ReceptionDay
    notices: list[ReceptionNotice]
    late: bool


def _notice_text(day: ReceptionDay, signup: Signup, reason: str) -> str:
    with translation.override(signup.language):
        return render_to_string(
            "appeals/reception/email/cancellation.txt",
            {"day": day, "signup": signup, "reason": reason, "place": day.place, "position": day.official.position},
        ).strip()


def cancel_day(day: ReceptionDay, *, actor, reason: str) -> Cancellation:
    """001 §15: the official cannot hold the reception (sickness, a business trip…) — the day is cancelled and
    every signed-up applicant gets a notice (recorded; e-mailed when they gave an address). The notice is due at
    least the profile's term before the day (2 working days, 001 §15): later is allowed ("or on the day itself")
    but flagged on the day, on every notice and to the head of the appeals department."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().select_related("official").get(pk=day.pk)
        if not may_keep_day(actor, day):
            raise PermissionDenied(_("Only the official receiving or the appeals department cancels a reception."))
        if day.status != ReceptionDay.Status.PLANNED:
            raise ValidationError(_("Only a planned reception day is cancelled."))
        today = _today()
        if day.date < today:
            raise ValidationError(_("A reception day that has passed is not cancelled."))
        due = notice_due_on(day.date)
        late = today > due
        before = day.status
        day.status = ReceptionDay.Status.CANCELLED
        day.cancel_reason = reason.strip()
        day.cancelled_at = timezone.now()
        day.notice_due_on = due
        day.cancelled_late = late
        day.save(update_fields=["status", "cancel_reason", "cancelled_at", "notice_due_on", "cancelled_late",
                                "updated_at"])  # fmt: skip
        notices = []
        for signup in day.signups.filter(status=Signup.Status.WAITING).select_related("applicant"):
            signup.status = Signup.Status.CANCELLED
            signup.save(update_fields=["status"])
            notices.append(
                ReceptionNotice(
                    signup=signup,
                    kind=ReceptionNotice.Kind.CANCELLATION,
                    text=_notice_text(day, signup, reason),
                    sent_on=today,
                    late=late,
                    email=signup.applicant.email,
                    created_by=actor,
                )  # fmt: skip
            )
        ReceptionNotice.objects.bulk_create(notices)
        _record(
            day, "reception_day_cancelled", actor, from_state=before, comment=day.cancel_reason,
            data={"notice_due_on": due, "late": late, "notices": len(notices)},
        )  # fmt: skip
        _tell_of_cancellation(day)
        emailed = [n.pk for n in notices if n.email]
        if emailed:
            from appeals.reception.tasks import send_notice_email

            for pk in emailed:
                transaction.on_commit(lambda pk=pk: send_notice_email.delay(pk))
    return Cancellation(day=day, notices=notices, late=late)


def _tell_of_cancellation(day: ReceptionDay) -> None:
    """The invited officials and the appeals department hear of it in the app; a late one is flagged (001 §15)."""
    users = {u.pk: u for u in officials.users_of(day.invited.select_related("user"))}
    users.update({u.pk: u for u in officials.users_of([day.official])})
    users.update({u.pk: u for u in appeals_services.head_users()})  # the §13.7 head, as the journal
    title = (
        _(
            "The personal reception of %(official)s on %(date)s is cancelled late: less than %(term)s before it "
            "(001 §15)"
        )
        if day.cancelled_late
        else _("The personal reception of %(official)s on %(date)s is cancelled")
    )
    notify_many(
        Draft(
            recipient=user,
            kind="reception.cancelled",
            obj=day,
            key="cancelled",
            title=title,
            body=_("Reason: %(reason)s"),
            url=day.get_absolute_url(),
            context={
                "official": day.official.full_name,
                "date": day.date,
                "term": str(cancel_notice_term()),
                "reason": day.cancel_reason,
            },
        )  # fmt: skip
        for user in users.values()
    )


# --- the list of §14.2 --------------------------------------------------------------------------------------------


def send_lists(now: datetime.datetime | None = None) -> int:
    """Daily from beat (§14.2): the official gets the list of the people signed up (names, questions, priority,
    the invited) on the profile's working day before the reception — a notification with a link to its PDF, once
    per day and official (the notification's key), also when beat runs twice; a run missed is caught up by the
    next one until the day itself. Returns the notifications made."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    if not workdays.is_working_day(today):
        return 0
    found = reglament.term(LIST_RULE)
    horizon = workdays.deadline(today, found.amount, found.unit)
    made = 0
    days = ReceptionDay.objects.filter(status=ReceptionDay.Status.PLANNED, date__range=(today, horizon))
    for day in days.select_related("official__user").order_by("date", "pk"):
        if list_due_on(day.date) > today:
            continue
        created = notify_many(
            Draft(
                recipient=user,
                kind="reception.list",
                obj=day,
                key="list",
                title=_("The list of visitors to your personal reception on %(date)s (§14.2)"),
                body=_("%(count)s signed up; the list with the questions and the invited officials is attached."),
                url=reverse("appeals:reception:day_pdf", args=[day.pk]),
                context={"date": day.date, "count": queue(day).filter(status=Signup.Status.WAITING).count()},
            )  # fmt: skip
            for user in officials.users_of([day.official])
        )
        if created:
            made += len(created)
            ReceptionDay.objects.filter(pk=day.pk).update(list_sent_on=today)
            _record(day, "reception_day_list_sent", None, data={"on": today})
    return made


# --- the reception card (§14.4; 001 §23, §25, §35) -------------------------------------------------------------


def _appeals_staff_users() -> list:
    unit = officials.function_unit(OrgUnit.Function.APPEALS)
    if unit is None:
        return []
    return officials.users_of(unit.people.select_related("user"))


def _grant_card(card: ReceptionCard, users: Iterable) -> None:
    """The card's personal data open only by name (SPEC §3.1, §8)."""
    for user in users:
        if user is not None:
            permissions.grant_view(user, card)


def _executor_users(instruction: CardInstruction) -> list:
    if instruction.lead_person_id:
        return officials.users_of([instruction.lead_person])
    unit = instruction.lead_unit
    return officials.users_of([unit.head] if unit.head_id else unit.people.select_related("user"))


def start_card(signup: Signup, *, actor) -> ReceptionCard:
    """The card of a visitor received (§14.4, 001 §23): opened with the question they came with; granted to the
    appeals department (its officers as a group, its staff by name) and the official."""
    with transaction.atomic():
        signup = _lock_signup(signup)
        if signup.day is None or not may_keep_day(actor, signup.day):
            raise PermissionDenied(_("Only the appeals department or the official receiving writes the card."))
        if signup.status != Signup.Status.RECEIVED:
            raise ValidationError(_("A card is written for a visitor who was received."))
        existing = ReceptionCard.objects.filter(signup=signup).first()
        if existing is not None:
            return existing
        card = ReceptionCard.objects.create(
            signup=signup, day=signup.day, official=signup.day.official, applicant=signup.applicant,
            asked=signup.question, created_by=actor,
        )  # fmt: skip
        group, _created = Group.objects.get_or_create(name=Role.APPEALS_OFFICER.value)
        permissions.grant_view(group, card)
        _grant_card(card, [actor, *_appeals_staff_users(), *officials.users_of([card.official])])
        _record(card, "reception_card_saved", actor)
    return card


@dataclass
class InstructionData:
    text: str
    executor: Person | OrgUnit
    deadline: datetime.date


@dataclass
class CardData:
    asked: str
    answer: str = ""
    previous_decider: Person | None = None
    instructions: list[InstructionData] = field(default_factory=list)


def _lock_card(card: ReceptionCard) -> ReceptionCard:
    return ReceptionCard.objects.select_for_update().select_related("day", "official", "signup").get(pk=card.pk)


def _require_card_keeper(user, card: ReceptionCard) -> None:
    if not (permissions.can_view(user, card) and may_keep_day(user, card.day)):
        raise PermissionDenied(_("Only the appeals department or the official receiving writes the card."))


def _validate_instructions(card: ReceptionCard, data: CardData) -> None:
    errors: dict[str, list] = {}
    if not data.asked.strip():
        errors["asked"] = [_("Write what the visitor asked.")]
    today = _today()
    messages = []
    for number, instruction in enumerate(data.instructions, start=1):
        if not instruction.text.strip():
            messages.append(_("Instruction %(n)s: write its content.") % {"n": number})
        if instruction.deadline is None or instruction.deadline < card.day.date or instruction.deadline < today:
            messages.append(_("Instruction %(n)s: the deadline is a date after the reception (001 §23).") % {
                "n": number})  # fmt: skip
        # 001 §35: the matter is never given to the employee who decided it before
        executor = instruction.executor
        if (
            data.previous_decider is not None
            and isinstance(executor, Person)
            and executor.pk == data.previous_decider.pk
        ):
            messages.append(
                _("Instruction %(n)s: %(name)s decided this matter before and may not be its executor (001 §35).")
                % {"n": number, "name": executor.full_name}
            )
    if messages:
        errors["instructions"] = messages
    if errors:
        raise ValidationError(errors)


def save_card(card: ReceptionCard, *, actor, data: CardData) -> ReceptionCard:
    """Write the card while it is a draft: what was asked and explained, who decided the matter before (001 §35),
    the instructions with executors and deadlines (001 §23)."""
    with transaction.atomic():
        card = _lock_card(card)
        _require_card_keeper(actor, card)
        if card.status != ReceptionCard.Status.DRAFT:
            raise ValidationError(_("A completed card is not changed: its instructions are on control."))
        _validate_instructions(card, data)
        card.asked = data.asked.strip()
        card.answer = data.answer.strip()
        card.previous_decider = data.previous_decider
        card.save(update_fields=["asked", "answer", "previous_decider", "updated_at"])
        card.instructions.all().delete()
        CardInstruction.objects.bulk_create(
            CardInstruction(
                card=card,
                order=order,
                text=item.text.strip(),
                deadline=item.deadline,
                lead_person=item.executor if isinstance(item.executor, Person) else None,
                lead_unit=item.executor if isinstance(item.executor, OrgUnit) else None,
            )  # fmt: skip
            for order, item in enumerate(data.instructions, start=1)
        )
        _record(card, "reception_card_saved", actor, data={"instructions": len(data.instructions)})
    return card


def _issuer(official: Person) -> str:
    from control.models import Issuer

    roles = set(official.user.groups.values_list("name", flat=True))
    if Role.AKIM in roles:
        return Issuer.AKIM
    if Role.DEPUTY_AKIM in roles:
        return Issuer.DEPUTY_AKIM
    return Issuer.HEAD_OF_APPARATUS


def card_source_label(card: ReceptionCard) -> str:
    """The language-neutral label of the card's control items: the date and the official (no citizen's name)."""
    return f"{card.day.date:%d.%m.%Y}, {card.official.full_name}"


def complete_card(card: ReceptionCard, *, actor) -> list:
    """§14.4, 001 §23, §32: the card is completed and each instruction goes on control with the card as its source
    (control.services.put_on_control): the appeals department controls them, and the card's restriction flows to
    the items; the executors are granted the card to answer the visitor. Returns the control items."""
    from control import services as control_services
    from control.models import SourceKind

    with transaction.atomic():
        card = _lock_card(card)
        _require_card_keeper(actor, card)
        if card.status != ReceptionCard.Status.DRAFT:
            raise ValidationError(_("The card is already completed."))
        instructions = list(card.instructions.select_related("lead_person__user", "lead_unit__head__user"))
        data = CardData(
            asked=card.asked, answer=card.answer, previous_decider=card.previous_decider,
            instructions=[InstructionData(i.text, i.executor, i.deadline) for i in instructions],
        )  # fmt: skip
        _validate_instructions(card, data)
        controller = appeals_services.appeals_head_unit()
        if instructions and controller is None:
            raise ValidationError(_("No appeals department is set up to control the instructions (§14.4)."))
        items = []
        for instruction in instructions:
            item = control_services.put_on_control(
                actor=actor, text=instruction.text, issuer=_issuer(card.official), issuer_person=card.official,
                lead=instruction.executor, controller=controller, source_kind=SourceKind.RECEPTION,
                source_label=card_source_label(card), source=card, received_on=_today(), given_on=card.day.date,
                deadline=instruction.deadline,
            )  # fmt: skip
            instruction.control_item = item
            instruction.save(update_fields=["control_item"])
            _grant_card(card, _executor_users(instruction))
            items.append(item)
        before = card.status
        card.status = ReceptionCard.Status.COMPLETED
        card.completed_at = timezone.now()
        card.save(update_fields=["status", "completed_at", "updated_at"])
        _record(card, "reception_card_completed", actor, from_state=before,
                data={"items": [item.number for item in items]})  # fmt: skip
    return items


def register_written_appeal(
    card: ReceptionCard, *, actor, summary: str, kind: str = Kind.APPLICATION, pages: int = 1
) -> Appeal:
    """001 §25: the visitor's written appeal is registered in the appeals' journal the same day (channel "personal
    reception", addressed to the official receiving) and linked to the card. 001 §35: the card keeps who decided the
    matter before; the appeal's routing must not assign it to them (see previous_decider_of)."""
    with transaction.atomic():
        card = _lock_card(card)
        _require_card_keeper(actor, card)
        if card.appeal_id is not None:
            raise ValidationError(_("The visitor's written appeal is already registered: № %(number)s.")
                                  % {"number": card.appeal.number})  # fmt: skip
        applicant = card.applicant
        data = appeals_services.AppealData(
            channel=Channel.RECEPTION, kind=kind, summary=summary or card.asked, addressee=card.official,
            applicants=[appeals_services.ApplicantData(
                type=applicant.type, surname=applicant.surname, first_name=applicant.first_name,
                patronymic=applicant.patronymic, iin=applicant.iin, address=applicant.address,
                phone=applicant.phone, email=applicant.email,
            )],
            language=card.signup.language, pages=pages, signed=True, dated_on=_today(),
        )  # fmt: skip
        appeal = appeals_services.register_appeal(actor=actor, data=data)
        card.appeal = appeal
        card.save(update_fields=["appeal", "updated_at"])
        _record(card, "reception_appeal_registered", actor, data={"appeal": appeal.number})
    return appeal


def previous_decider_of(appeal: Appeal) -> Person | None:
    """001 §35: who decided before the matter of an appeal registered from a reception card — the routing of the
    appeal (appeals.services) refuses to assign it to them."""
    card = ReceptionCard.objects.filter(appeal=appeal).select_related("previous_decider").first()
    return card.previous_decider if card is not None else None
