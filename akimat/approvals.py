"""The approval route and the visa: one mechanism for everything that is approved (issue #13 point 2).

An outgoing letter or a memo (003 §9.22), a draft act (003 §10.3–§10.4, §10.14) and later a protocol go
through the same route: a list of visas (`akimat.models.Visa`) of a subject, grouped in rounds (a
resubmission starts the next round) and stages (the visas of one stage run in parallel; the next stage is
reached when every visa of the stage is agreed). This module is the ONLY code that writes visas.

A visa is agreed, or returned with a written reason: "agreed with remarks" does not exist (003 §10.4,
§9.22), a remark travels only with a return. The legal consultant's visa closes the route: it is the last
stage, alone (§10.3). An absent approver is replaced by the person acting for them; the visa then shows
both names (`acting_person`). Each visa records when it reached the approver and when it was given.

A module takes part by registering a `Subject` once, from its AppConfig.ready(): how to label, link and lock
its object, and what happens when a visa reaches its approver, when every visa of a round is agreed and
when a visa returns it. `decide` records the visa in the subject's history ("agreed" / "returned", with the
person acted for); `start_round` records nothing (the subject's service records its own event).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, permissions, workdays
from akimat.models import Person, Visa
from akimat.notifications import Action, Draft, complete_action, notify_many

# a notification asking for a visa; the visa's service marks it done whoever entitled gave the visa
VISA = Action("akimat.visa", _("approval (visa)"))
# reminders (issue #13 §2): the working day before the term, and once the term has passed
REMIND_DUE = "due"
REMIND_OVERDUE = "overdue"


@dataclass(frozen=True)
class Step:
    """One official on the route, in the order of the route."""

    approver: Person
    role: str = ""
    parallel: bool = False  # runs in parallel with the previous step (same stage)
    closes: bool = False  # the closing visa (the legal consultant, §10.3): last, alone in its stage
    due_on: datetime.date | None = None  # the term of this visa (the subject's module computes it via workdays)


def _notify_approver(visa: Visa) -> None:
    """The default on_reached: ask the approver (in-app and e-mail) for the visa."""
    subject = visa.subject
    config = subject_config(subject)
    user = visa.approver.user
    if user is None or not user.is_active:
        return
    notify_many(
        [
            Draft(
                recipient=user,
                kind="akimat.visa_requested",
                obj=subject,
                key=visa_key(visa),
                title=_("Approval requested: %(subject)s"),
                url=config.url(subject),
                context={"subject": config.label(subject)},
                action=config.action,
            )
        ]
    )


def _no_authors(subject_obj: Any) -> list:
    return []


@dataclass(frozen=True, kw_only=True)
class Subject:
    """How a model takes part in approval; registered once from its AppConfig.ready()."""

    model: type[models.Model]
    label: Callable[[Any], str]  # short text for lists and notifications
    url: Callable[[Any], str]  # the subject's page
    on_done: Callable[[Any, AbstractBaseUser], None]  # every visa of the round agreed
    on_returned: Callable[[Any, Visa, AbstractBaseUser], None]  # a visa returned it with a reason
    lock: Callable[[Any], Any]  # select_for_update of the subject; returns the locked object
    on_reached: Callable[[Visa], None] | None = None  # a visa reached its approver (default: notify them)
    authors: Callable[[Any], list] = _no_authors  # users told about overdue visas along with the approver
    action: Action = VISA  # the action of the "visa requested" notification, completed by decide()


_SUBJECTS: dict[type[models.Model], Subject] = {}


def register(subject: Subject) -> None:
    """Let `subject.model` be approved (idempotent: a second registration replaces the first)."""
    _SUBJECTS[subject.model] = subject


def subject_config(subject_obj: Any) -> Subject:
    model = subject_obj if isinstance(subject_obj, type) else type(subject_obj)
    model = model._meta.concrete_model
    try:
        return _SUBJECTS[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered with akimat.approvals") from None


def registered_models() -> list[type[models.Model]]:
    return list(_SUBJECTS)


def role_label(code: str) -> str:
    """The role a visa was asked in, in words of the active language (a code the profile does not know, as is)."""
    from akimat.reglament import ROUTE_STEP_LABELS

    return str(ROUTE_STEP_LABELS.get(code, code))


def visa_key(visa: Visa) -> str:
    """The key of the notification asking for this visa (one per round and position)."""
    return f"{visa.round}.{visa.position}"


def _of(subject_obj: Any) -> models.QuerySet:
    return Visa.objects.filter(subject_type=ContentType.objects.get_for_model(subject_obj), subject_id=subject_obj.pk)


# --- reading -----------------------------------------------------------------------------------------


def current_round(subject_obj: Any) -> int:
    """The number of the last round (0 when the subject never went for approval)."""
    return _of(subject_obj).aggregate(last=Max("round"))["last"] or 0


def round_visas(subject_obj: Any, round: int | None = None) -> list[Visa]:
    """The visas of a round (the current one by default), in the order of the route."""
    number = current_round(subject_obj) if round is None else round
    return list(
        _of(subject_obj)
        .filter(round=number)
        .select_related("approver__user", "acting_person", "decided_by")
        .order_by("position")
    )


def visas_of(subject_obj: Any) -> list[Visa]:
    """Every visa of the subject, round after round in the order of the route (for its page and sheet)."""
    return list(
        _of(subject_obj)
        .select_related("approver__unit", "acting_person", "decided_by__person")
        .order_by("round", "position")
    )


def waiting(subject_obj: Any) -> list[Visa]:
    """The pending visas of the current round that have reached their approvers."""
    return [v for v in round_visas(subject_obj) if v.decision == Visa.Decision.PENDING and v.received_at]


def all_agreed(subject_obj: Any) -> bool:
    """The current round exists and every visa of it is agreed."""
    visas = round_visas(subject_obj)
    return bool(visas) and all(v.decision == Visa.Decision.AGREED for v in visas)


def awaiting(user: AbstractBaseUser) -> models.QuerySet:
    """The visas waiting for the persons the user acts as (their own and of the absent they replace)."""
    persons = [p.pk for p in permissions.principal_persons(user)]
    return Visa.objects.filter(
        approver__in=persons, decision=Visa.Decision.PENDING, received_at__isnull=False
    ).order_by("due_on", "received_at", "pk")


def overdue(on: datetime.date | None = None) -> models.QuerySet:
    """Pending visas that reached their approvers and whose term passed before `on` (today)."""
    day = on or workdays.today()
    return Visa.objects.filter(decision=Visa.Decision.PENDING, received_at__isnull=False, due_on__lt=day).order_by(
        "approver_id", "due_on", "pk"
    )


def is_overdue(visa: Visa, on: datetime.date | None = None) -> bool:
    return (
        visa.decision == Visa.Decision.PENDING
        and visa.received_at is not None
        and visa.due_on is not None
        and visa.due_on < (on or workdays.today())
    )


# --- writing -----------------------------------------------------------------------------------------


def _stages(steps: Sequence[Step]) -> list[int]:
    """The stage of each step: a parallel step shares the stage of the step before it."""
    stages: list[int] = []
    for index, step in enumerate(steps):
        stages.append(stages[-1] if index and step.parallel else len(set(stages)))
    return stages


def check_steps(steps: Sequence[Step]) -> list[int]:
    """Validate a route before anything is written (ValidationError on "approvers"); the stage of each step."""
    if not steps:
        raise ValidationError({"approvers": _("Name at least one approver.")})
    if len({step.approver.pk for step in steps}) != len(steps):
        raise ValidationError({"approvers": _("An approver is listed twice.")})
    stages = _stages(steps)
    last = len(steps) - 1
    for index, step in enumerate(steps):
        # 003 §10.3: the legal consultant's visa comes last and closes the route
        if step.closes and (index != last or stages.count(stages[index]) > 1):
            raise ValidationError(
                {"approvers": _("The closing visa comes last and alone: no other visa runs with or after it (§10.3).")}
            )
    return stages


def _reach(visas: list[Visa], config: Subject, now: datetime.datetime) -> None:
    for visa in visas:
        visa.received_at = now
    Visa.objects.bulk_update(visas, ["received_at"])
    for visa in visas:
        (config.on_reached or _notify_approver)(visa)


@transaction.atomic
def start_round(subject_obj: Any, *, actor: AbstractBaseUser, steps: Sequence[Step]) -> list[Visa]:
    """Put the subject on the route: the next round's visas; the first stage reaches its approvers now."""
    config = subject_config(subject_obj)
    steps = list(steps)
    stages = check_steps(steps)
    subject_obj = config.lock(subject_obj)
    content_type = ContentType.objects.get_for_model(subject_obj)
    number = current_round(subject_obj) + 1
    visas = Visa.objects.bulk_create(
        Visa(
            subject_type=content_type,
            subject_id=subject_obj.pk,
            round=number,
            position=position,
            stage=stage,
            role=step.role,
            closes_route=step.closes,
            approver=step.approver,
            due_on=step.due_on,
        )
        for position, (step, stage) in enumerate(zip(steps, stages, strict=True))
    )
    for visa in visas:
        visa.subject = subject_obj
    _reach([v for v in visas if v.stage == stages[0]], config, timezone.now())
    return visas


@transaction.atomic
def decide(visa: Visa, *, actor: AbstractBaseUser, agree: bool, comment: str = "") -> Visa:
    """Agree, or return for rework with a written reason — exactly two outcomes (003 §10.4, §9.22).

    The actor is the approver or acts for them (the visa then shows both names). Agreeing completes the
    stage → the next stage is reached; the last stage → on_done. Returning drops the visas of the round not
    yet given → on_returned.
    """
    subject_obj = visa.subject
    config = subject_config(subject_obj)
    subject_obj = config.lock(subject_obj)
    visa = Visa.objects.select_for_update().select_related("approver").get(pk=visa.pk)
    visa.subject = subject_obj
    principal = permissions.acting_principal(actor, lambda person: person.pk == visa.approver_id)
    if principal is None:
        raise PermissionDenied(_("This visa is not yours to give."))
    if visa.decision != Visa.Decision.PENDING or visa.received_at is None or visa.round != current_round(subject_obj):
        raise ValidationError(_("This visa is not waiting for a decision."))
    comment = (comment or "").strip()
    if not agree and not comment:
        raise ValidationError({"comment": _("Give the reason for returning the draft.")})
    before = getattr(subject_obj, "status", "")
    now = timezone.now()
    visa.decision = Visa.Decision.AGREED if agree else Visa.Decision.RETURNED
    visa.comment = comment
    visa.decided_at = now
    visa.decided_by = actor
    acting = principal.pk != actor.pk
    visa.acting_person = getattr(actor, "person", None) if acting else None
    visa.save(update_fields=["decision", "comment", "decided_at", "decided_by", "acting_person"])
    complete_action(subject_obj, config.action, key=visa_key(visa))
    pending = list(_of(subject_obj).filter(round=visa.round, decision=Visa.Decision.PENDING).order_by("position"))
    if agree:
        if not any(v.stage == visa.stage for v in pending):
            if pending:
                following = min(v.stage for v in pending)
                reached = [v for v in pending if v.stage == following and v.received_at is None]
                for v in reached:
                    v.subject = subject_obj
                _reach(reached, config, now)
            else:
                config.on_done(subject_obj, actor)
    else:
        _drop(subject_obj, config, pending)
        config.on_returned(subject_obj, visa, actor)
    history.record(
        subject_obj,
        "agreed" if agree else "returned",
        actor=actor,
        acting_for=principal if acting else None,
        from_state=before,
        to_state=getattr(subject_obj, "status", ""),
        comment=visa.comment,
        data={"round": visa.round, "approver": str(visa.approver)},
    )
    return visa


def _drop(subject_obj: Any, config: Subject, pending: list[Visa]) -> None:
    """The visas of the round not given are dropped, their requests marked done (the route stays in history)."""
    for v in pending:
        if v.received_at is not None:
            complete_action(subject_obj, config.action, key=visa_key(v))
    Visa.objects.filter(pk__in=[v.pk for v in pending]).delete()


@transaction.atomic
def drop_pending(subject_obj: Any, *, actor: AbstractBaseUser) -> int:
    """A return outside the route (the akim, the head of apparatus, §10.12): the visas of the current round not
    yet given fall away, as when a visa returns it. The subject's service records its own event; returns how
    many visas were dropped."""
    config = subject_config(subject_obj)
    subject_obj = config.lock(subject_obj)
    pending = list(
        _of(subject_obj).filter(round=current_round(subject_obj), decision=Visa.Decision.PENDING).order_by("position")
    )
    _drop(subject_obj, config, pending)
    return len(pending)


@transaction.atomic
def shorten_terms(subject_obj: Any, *, due_on: datetime.date) -> int:
    """A shorter term set while the subject is on its route (003 §10.14): every visa of the current round not yet
    given whose term ends later (or has none) now ends on `due_on`; returns how many visas changed. The
    subject's service checks who may shorten and records its own event."""
    config = subject_config(subject_obj)
    subject_obj = config.lock(subject_obj)
    return (
        _of(subject_obj)
        .filter(round=current_round(subject_obj), decision=Visa.Decision.PENDING)
        .filter(Q(due_on__isnull=True) | Q(due_on__gt=due_on))
        .update(due_on=due_on)
    )


# --- reminders (issue #13 §2: the day before the term and once overdue, exactly once per visa and kind) ---


def _reminder_drafts(visa: Visa, kind: str, config: Subject) -> list[Draft]:
    subject = visa.subject
    recipients = [visa.approver.user, *config.authors(subject)]
    if kind == REMIND_DUE:
        title = _("A visa is due on the next working day: %(subject)s")
    else:
        title = _("A visa is overdue: %(subject)s")
    unique = {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    return [
        Draft(
            recipient=user,
            kind=f"akimat.visa_{kind}",
            obj=subject,
            key=f"visa.{visa.pk}.{kind}",
            title=title,
            body=_("Approver: %(approver)s. Term: %(due)s."),
            url=config.url(subject),
            context={"subject": config.label(subject), "approver": str(visa.approver), "due": visa.due_on},
        )
        for user in unique
    ]


def remind(now: datetime.datetime | None = None) -> int:
    """Remind of the visas due on the next working day and of the overdue ones; returns the notifications made.

    To the approver and the subject's authors, in-app and e-mail through akimat.notifications; the key
    `visa.<pk>.<kind>` makes each reminder once. Runs daily from beat (akimat.tasks.remind_visas).
    """
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    if not workdays.is_working_day(today):
        return 0  # a day off reminds of nothing; the next working day catches up
    tomorrow = workdays.next_working_day(today, include_self=False)
    rows = (
        Visa.objects.filter(decision=Visa.Decision.PENDING, received_at__isnull=False, due_on__isnull=False)
        .filter(Q(due_on__lt=today) | Q(due_on__gt=today, due_on__lte=tomorrow))
        .select_related("approver__user", "subject_type")
        .order_by("pk")
    )
    by_type: dict[int, list[Visa]] = {}
    for visa in rows:
        by_type.setdefault(visa.subject_type_id, []).append(visa)
    drafts: list[Draft] = []
    for visas in by_type.values():
        model = visas[0].subject_type.model_class()
        if model is None or model._meta.concrete_model not in _SUBJECTS:
            continue
        config = _SUBJECTS[model._meta.concrete_model]
        objects = model._default_manager.in_bulk([v.subject_id for v in visas])
        for visa in visas:
            subject = objects.get(visa.subject_id)
            if subject is None:
                continue
            visa.subject = subject
            kind = REMIND_OVERDUE if visa.due_on < today else REMIND_DUE
            drafts.extend(_reminder_drafts(visa, kind, config))
    return len(notify_many(drafts))
