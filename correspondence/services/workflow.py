"""Resolutions, acknowledgement, the execution card and accepted answers — 003 §9.10–9.16, §9.23, §12.

Decisions (each one also stated where it is implemented):

* **Who writes a resolution (§9.13).** The addressee of the document, whom it was routed to (a
  Delivery that is not a copy), or — for a chain resolution (deputy → department head → staff) — an
  executor of the parent resolution (the person named, or the head of the unit named) who distributes
  work — leadership, a department head or a unit's head; staff execute, they do not redistribute. A
  registrar enters a paper resolution "per resolution of …" on behalf of that official (`on_paper_author`):
  the resolution's author is the official, `entered_by` the registrar, `on_paper` is set.
* **Issuer of the control item.** The author's own role: akim → AKIM, deputy akim → DEPUTY_AKIM,
  head of apparatus → HEAD_OF_APPARATUS. Anyone else (a department head distributing a leadership
  resolution) gives the instruction *on behalf of* the top resolution of the parent chain, so the item
  gets that resolution's issuer and issuer_person: the extension, redirect and removal decisions stay
  with the official who gave the task (§12.7, §12.14). A deadline without a leadership resolution above
  (e.g. a department head's own resolution on a memo to them) is refused: control items are
  instructions of the leadership (§12.2(6)); a department controls its own work itself (§12.4(3)).
* **Chain resolutions.** A chain resolution without its own deadline distributes the same task: it
  takes the parent's deadline and urgency (so staff see them) but creates no second control item — the
  parent's item stays the one controlled. Only a chain resolution with its own, different deadline (not
  later than the parent's) or its own urgency mark creates an item of its own.
* **No term is a month, not "for information" (§12.2, §12.10).** "В случае не установления сроков,
  определяется месячный срок исполнения": a leadership resolution without a deadline or urgency mark
  is put on control with the one-month term counted from the day it is written
  (control.deadlines.default_term_deadline, the profile's `control.default_term`), and that date becomes
  the resolution's deadline. Only an explicit "for information" (`for_information=True` — the form's
  checkbox, or a phrase flagged as such, «Принять к сведению») keeps it off control; a term given with it
  is refused. A chain resolution without a term under a resolution for information is for information
  too, and a resolution that could not be put on control anyway (a department head's own resolution on
  a memo to them, §12.4(3)) stays off control without a term, as before.
* **Status (§9.23).** A resolution with a deadline (own or inherited) puts the document IN_WORK; a
  resolution for information only makes a document that is not in work FOR_INFORMATION — its
  executors acknowledge it, no card is needed. A document becomes EXECUTED only through
  `fill_execution_card`.
* **Removal (§9.23, §12.9).** `removal_guard`, run by control.services.propose_removal, refuses the
  ground "fully executed" for an item whose source document has no execution card (or, for our
  outgoing request, no accepted answer) — from the control item page as well.
* **Accepting an answer (§1 of the issue, §12.9).** An incoming document that answers our outgoing
  request is accepted by the request's lead executor (or its author, or the registrar). Accepting fills
  the answer's execution card ("accepted as the answer to …"), and for each open control item of the
  request the lead executor's execution report is submitted automatically when the accepting user is
  that lead; otherwise the lead executor is told to report. The controller, told by control, then
  proposes removal with a memo and the leadership decides (§12.14) — nothing is removed automatically.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, permissions
from akimat.expressions import EqualsAny
from akimat.models import OrgUnit, Person
from akimat.notifications import Action, Draft, complete_action, notify_many
from akimat.roles import Role
from control import access as control_access
from control import services as control_services
from control.deadlines import default_term_deadline
from control.models import ControlItem, ExecutionReport, Issuer, SourceKind, Urgency
from correspondence import access
from correspondence.models import Delivery, Document, ExecutionCard, Resolution, ResolutionExecutor
from correspondence.notifications import RESOLVE

Executor = Person | OrgUnit

HISTORY_LABELS = {
    "acknowledged": _("acknowledged"),
    "answer_accepted": _("answer accepted"),
    "card_filled": _("execution card filled in"),
}
history.register_actions(HISTORY_LABELS)

# documents on which resolutions are written (incoming mail and memos), and the states that allow one
RESOLVABLE_KINDS = frozenset({Document.Kind.INCOMING, Document.Kind.INTERNAL})
RESOLVABLE_STATES = frozenset(
    {
        Document.Status.REGISTERED,
        Document.Status.ON_RESOLUTION,
        Document.Status.IN_WORK,
        Document.Status.FOR_INFORMATION,
    }
)
_ISSUER_BY_ROLE = (
    (Role.AKIM, Issuer.AKIM),
    (Role.HEAD_OF_APPARATUS, Issuer.HEAD_OF_APPARATUS),
    (Role.DEPUTY_AKIM, Issuer.DEPUTY_AKIM),
)


# --- shared helpers (also used by correspondence.services.outgoing) ---------------------------------


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if user is not None else None


# moved to the core (issue #13): one check of "the official, or who acts for them" for every module
acting_principal = permissions.acting_principal


def acting_for(actor: AbstractBaseUser, principal: Any | None) -> Any | None:
    return None if principal is None or principal.pk == actor.pk else principal


def users_of(executor: Executor | None) -> list:
    """Whom to tell about an executor: the person, or a unit's head (its active staff when headless)."""
    if executor is None:
        return []
    if isinstance(executor, Person):
        people = [executor]
    elif executor.head_id:
        people = [executor.head]
    else:
        people = list(executor.people.select_related("user"))
    return [p.user for p in people if p.is_active and p.user.is_active]


def notify_users(
    users: Iterable,
    kind: str,
    document: Document,
    *,
    key: str,
    title,
    body="",
    context=None,
    action: Action | None = None,
) -> None:
    """One notification per user about a document (at most once per kind and key, SPEC §3.5)."""
    unique = {user.pk: user for user in users if user is not None}.values()
    notify_many(
        Draft(
            recipient=user,
            kind=f"correspondence.{kind}",
            obj=document,
            key=key,
            title=title,
            body=body,
            url=document.get_absolute_url(),
            context={"document": document.label, "summary": document.summary[:200], **(context or {})},
            action=action,
        )
        for user in unique
    )


def grant_dsp(document: Document, users: Iterable) -> None:
    """003 §9.4: a ДСП document opens only by name — to the people who take part in it."""
    if document.is_dsp:
        access.grant(document, *[user for user in users if user is not None])


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(document: Document) -> Document:
    """Re-read under a row lock: two people acting on one document never interleave."""
    return Document.objects.select_for_update().get(pk=document.pk)


def _set_status(document: Document, status: str) -> str:
    before = document.status
    if before != status:
        document.status = status
        document.save(update_fields=["status"])
    return before


# --- who may write a resolution (003 §9.13) ---------------------------------------------------------


def _is_executor_of(person: Person, resolution: Resolution) -> bool:
    """The person is named in the resolution, or heads (or, headless, belongs to) a unit named in it."""
    for row in resolution.executors.all():  # callers over many resolutions prefetch them with their units
        if row.person_id == person.pk:
            return True
        if row.unit_id and (row.unit.head_id == person.pk or (not row.unit.head_id and person.unit_id == row.unit_id)):
            return True
    return False


_ADDRESSEE_ROLE = {
    Document.Addressee.AKIM: Role.AKIM,
    Document.Addressee.HEAD_OF_APPARATUS: Role.HEAD_OF_APPARATUS,
}


# who distributes a task further down (deputy → department head → staff); staff execute, they do not
DISTRIBUTING_ROLES = (Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS, Role.DEPARTMENT_HEAD)


def _distributes(person: Person) -> bool:
    return person.headed_units.exists() or person.user.groups.filter(name__in=DISTRIBUTING_ROLES).exists()


def _may_resolve_as(person: Person, document: Document, parent: Resolution | None) -> bool:
    if parent is not None:
        return _is_executor_of(person, parent) and _distributes(person)
    if document.addressee_person_id == person.pk:
        return True
    if Delivery.objects.filter(document=document, person=person, is_copy=False).exists():
        return True
    role = _ADDRESSEE_ROLE.get(document.addressee)
    return bool(role) and person.user.groups.filter(name=role).exists()


def may_resolve(actor: AbstractBaseUser, document: Document, parent: Resolution | None = None) -> Any | None:
    """The principal (the user or whom they act for) entitled to write this resolution, or None."""
    return acting_principal(actor, lambda person: _may_resolve_as(person, document, parent))


def issuer_of(resolution: Resolution) -> tuple[str, Person] | None:
    """(Issuer, issuer person) for the item: the author's role, else the top resolution's (see module doc)."""
    current: Resolution | None = resolution
    while current is not None:
        roles = set(current.author.user.groups.values_list("name", flat=True))
        for role, issuer in _ISSUER_BY_ROLE:
            if role in roles:
                return issuer, current.author
        current = current.parent
    return None


def controlling_resolution(resolution: Resolution | None) -> Resolution | None:
    """The nearest resolution up the chain (itself included) that holds a control item."""
    while resolution is not None:
        if resolution.control_item_id:
            return resolution
        resolution = resolution.parent
    return None


def general_department() -> OrgUnit:
    unit = OrgUnit.objects.filter(function=OrgUnit.Function.GENERAL).first()
    if unit is None:
        raise ValidationError(_("The general department is not set up in the organisation structure."))
    return unit


def _executor_key(executor: Executor) -> tuple[str, int]:
    return ("person" if isinstance(executor, Person) else "unit", executor.pk)


def _validate_resolution(
    document: Document,
    *,
    text: str,
    executors: list[Executor],
    lead_index: int,
    deadline: datetime.date | None,
    urgency: str,
    parent: Resolution | None,
    for_information: bool = False,
) -> None:
    errors: dict[str, Any] = {}
    if document.kind not in RESOLVABLE_KINDS:
        raise ValidationError(_("Resolutions are written on incoming documents and memos."))
    if document.status not in RESOLVABLE_STATES:
        raise ValidationError(
            _("A resolution cannot be written on a document that is %(status)s.")
            % {"status": document.get_status_display()}
        )
    if not text.strip():
        errors["text"] = _("Write the text of the resolution.")
    if not executors:
        errors["executors"] = _("Name at least one executor.")
    elif len({_executor_key(e) for e in executors}) != len(executors):
        errors["executors"] = _("An executor is listed twice.")
    elif not 0 <= lead_index < len(executors):
        errors["lead"] = _("The lead executor must be one of the executors.")
    if deadline is not None and deadline < _today():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose an urgency mark from the list.")
    if for_information and (deadline is not None or urgency):
        errors["deadline"] = _("A resolution for information has no deadline or urgency mark (§12.10).")
    if parent is not None:
        if parent.document_id != document.pk:
            errors["parent"] = _("The parent resolution belongs to another document.")
        elif deadline and parent.deadline and deadline > parent.deadline:
            errors["deadline"] = _("The deadline cannot be later than that of the resolution above (%(date)s).") % {
                "date": parent.deadline.strftime("%d.%m.%Y")
            }
    if errors:
        raise ValidationError(errors)


# --- resolutions (003 §9.13, §9.16) -----------------------------------------------------------------


@transaction.atomic
def issue_resolution(
    document: Document,
    *,
    actor: AbstractBaseUser,
    text: str,
    executors: list[Executor],
    lead_index: int = 0,
    deadline: datetime.date | None = None,
    urgency: str = "",
    parent: Resolution | None = None,
    on_paper_author: Person | None = None,
    for_information: bool = False,
) -> Resolution:
    """Write a resolution: executors in order, the lead first unless marked (§9.16); on control with its
    term, or a month when none is given (§12.2), unless it is explicitly for information (§12.10)."""
    document = _lock(document)
    if on_paper_author is not None:
        # "per resolution of …": the registrar enters what the official wrote on paper
        if not permissions.has_role(actor, Role.REGISTRAR):
            raise PermissionDenied(_("Only the general department enters paper resolutions."))
        if parent is None and not (
            _may_resolve_as(on_paper_author, document, None)
            or on_paper_author.user.groups.filter(
                name__in=[Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS]
            ).exists()
        ):
            raise ValidationError({"on_paper_author": _("Choose the official who wrote the resolution.")})
        if parent is not None and not _is_executor_of(on_paper_author, parent):
            raise ValidationError({"on_paper_author": _("The official is not an executor of the resolution above.")})
        author, principal = on_paper_author, None
    else:
        principal = may_resolve(actor, document, parent)
        if principal is None:
            raise PermissionDenied(_("You may not write a resolution on this document."))
        author = principal.person
    executors = list(executors)
    _validate_resolution(
        document,
        text=text,
        executors=executors,
        lead_index=lead_index,
        deadline=deadline,
        urgency=urgency,
        parent=parent,
        for_information=for_information,
    )
    # a chain resolution without its own term distributes the same task: it shows the parent's term
    own_term = deadline is not None or bool(urgency)
    if parent is not None and not own_term:
        deadline, urgency = parent.deadline, parent.urgency
    given_on = _today()
    month_term = (
        not for_information
        and deadline is None
        and not urgency
        and parent is None
        and issuer_of(Resolution(author=author, parent=None)) is not None
    )
    if month_term:  # 003 §12.2: no term set — a month
        deadline = default_term_deadline(given_on)
    resolution = Resolution.objects.create(
        document=document,
        parent=parent,
        author=author,
        entered_by=actor,
        on_paper=on_paper_author is not None,
        text=text.strip(),
        deadline=deadline,
        urgency=urgency,
        created_at=timezone.now(),
    )
    ordered = [executors[lead_index]] + [e for i, e in enumerate(executors) if i != lead_index]
    ResolutionExecutor.objects.bulk_create(
        ResolutionExecutor(
            resolution=resolution,
            document=resolution.document,
            person=e if isinstance(e, Person) else None,
            unit=e if isinstance(e, OrgUnit) else None,
            is_lead=position == 0,
            position=position,
        )
        for position, e in enumerate(ordered)
    )
    inherited = parent is not None and controlling_resolution(parent) is not None
    same_task = inherited and (not own_term or (deadline == parent.deadline and urgency == parent.urgency))
    if not resolution.for_information and not same_task:
        resolution.control_item = _put_on_control(resolution, actor=actor, ordered=ordered)
        resolution.save(update_fields=["control_item"])
    in_work = not resolution.for_information
    status = Document.Status.IN_WORK if in_work or document.status == Document.Status.IN_WORK else None
    before = _set_status(document, status or Document.Status.FOR_INFORMATION)
    history.record(
        document,
        "resolution",
        actor=actor,
        acting_for=acting_for(actor, principal),
        from_state=before,
        to_state=document.status,
        comment=resolution.text,
        data={
            "resolution": resolution.pk,
            "author": str(author),
            "on_paper": resolution.on_paper,
            "executors": [str(e) for e in ordered],
            "deadline": resolution.deadline,
            "urgency": resolution.urgency,
            "month_term": month_term,
            "control_item": resolution.control_item.number if resolution.control_item else "",
        },
    )
    users = [user for executor in ordered for user in users_of(executor)]
    grant_dsp(document, [*users, author.user])
    complete_action(document, RESOLVE)  # the letter awaited a resolution: it has one, whoever wrote it
    if resolution.control_item is None:  # control tells the executors of a new item itself
        notify_users(
            users,
            "resolution",
            document,
            key=str(resolution.pk),
            title=_("For information: %(document)s") if resolution.for_information else _("Resolution on %(document)s"),
            body=resolution.text[:500],
        )
    return resolution


def _put_on_control(resolution: Resolution, *, actor: AbstractBaseUser, ordered: list[Executor]) -> ControlItem:
    document = resolution.document
    issuer = issuer_of(resolution)
    if issuer is None:
        raise ValidationError(
            {
                "deadline": _(
                    "Only a resolution of the leadership, or one under it, puts the document on control (§12.2)."
                )
            }
        )
    kind = SourceKind.MEMO if document.kind == Document.Kind.INTERNAL else SourceKind.INCOMING
    # language-neutral: the kind word is put in front when shown (ControlItem.source_display)
    label = ", ".join(part for part in (document.reference, str(resolution.author)) if part)
    return control_services.put_on_control(
        actor=actor,
        text=resolution.text,
        issuer=issuer[0],
        issuer_person=issuer[1],
        lead=ordered[0],
        co_executors=ordered[1:],
        controller=general_department(),
        source_kind=kind,
        source_label=label,
        source=resolution,
        received_on=document.registered_on or _today(),
        given_on=timezone.localdate(resolution.created_at),
        urgency=resolution.urgency,
        deadline=resolution.deadline,
    )


@transaction.atomic
def acknowledge(resolution: Resolution, *, actor: AbstractBaseUser) -> list[ResolutionExecutor]:
    """An executor of a resolution for information confirms they read it (003 §9.13)."""
    rows = []
    for row in resolution.executors.select_related("unit", "person"):
        principal = acting_principal(
            actor,
            lambda person, row=row: (
                row.person_id == person.pk
                or (row.unit_id is not None and (row.unit.head_id == person.pk or person.unit_id == row.unit_id))
            ),
        )
        if principal is not None:
            rows.append((row, principal))
    if not rows:
        raise PermissionDenied(_("You are not an executor of this resolution."))
    if not resolution.for_information:
        raise ValidationError(_("This resolution has a deadline: it is executed, not acknowledged."))
    pending = [(row, principal) for row, principal in rows if row.acknowledged_at is None]
    if not pending:
        raise ValidationError(_("You have already acknowledged this resolution."))
    now = timezone.now()
    for row, _principal in pending:
        row.acknowledged_at = now
        row.save(update_fields=["acknowledged_at"])
    history.record(
        resolution.document,
        "acknowledged",
        actor=actor,
        acting_for=acting_for(actor, pending[0][1]),
        data={"resolution": resolution.pk, "executors": [str(row) for row, _p in pending]},
    )
    return [row for row, _p in pending]


# --- the execution card (003 §9.23) -----------------------------------------------------------------


def lead_rows(document: Document) -> list[ResolutionExecutor]:
    """Lead executors of the document's resolutions that carry a term (the ones answering for it)."""
    return list(
        ResolutionExecutor.objects.filter(document=document, is_lead=True)
        .filter(Q(resolution__deadline__isnull=False) | ~Q(resolution__urgency=""))
        .select_related("person", "unit")
    )


def may_fill_card(actor: AbstractBaseUser, document: Document) -> Any | None:
    """The registrar, or a lead executor of a resolution with a term (or who acts for them)."""
    if permissions.has_role(actor, Role.REGISTRAR):
        return actor
    rows = lead_rows(document)
    return acting_principal(
        actor,
        lambda person: any(
            row.person_id == person.pk or (row.unit_id and (row.unit.head_id == person.pk)) for row in rows
        ),
    )


def document_items(document: Document) -> list[ControlItem]:
    """Open control items whose source is a resolution on the document or the document itself."""
    resolution_type = ContentType.objects.get_for_model(Resolution)
    document_type = ContentType.objects.get_for_model(Document)
    resolution_ids = ArraySubquery(Resolution.objects.filter(document=document).order_by().values("pk"))
    # the resolutions' ids as an array read once: both sides of the OR probe the source index (an IN
    # subquery here is a filter over every open item)
    return list(
        ControlItem.objects.open()
        .filter(
            Q(EqualsAny(F("source_id"), resolution_ids), source_type=resolution_type)
            | Q(source_type=document_type, source_id=document.pk)
        )
        .order_by("deadline", "pk")
    )


def fill_execution_card(
    document: Document,
    *,
    actor: AbstractBaseUser,
    result: str,
    executor: Person,
    answer_number: str = "",
    answer_date: datetime.date | None = None,
    answer: Document | None = None,
) -> ExecutionCard:
    """Fill the card (who, what was done, answer number): only then is the document EXECUTED (§9.23).

    When the lead executor fills it, it also serves as their execution report on the document's open
    control items that have none yet; the controller then proposes removal (§12.9, §12.14).
    """
    with transaction.atomic():
        document = _lock(document)
        principal = may_fill_card(actor, document)
        if principal is None:
            raise PermissionDenied(_("Only the lead executor or the general department fills in the execution card."))
        if document.kind not in RESOLVABLE_KINDS:
            raise ValidationError(_("An execution card is filled in for incoming documents and memos."))
        if ExecutionCard.objects.filter(document=document).exists():
            raise ValidationError(_("The execution card of this document is already filled in."))
        if document.status != Document.Status.IN_WORK:
            raise ValidationError(_("Only a document in work is executed."))
        errors = {}
        if not result.strip():
            errors["result"] = _("Write what was done.")
        if executor is None:
            errors["executor"] = _("Choose the executor.")
        if answer is not None:
            if answer.kind != Document.Kind.OUTGOING or answer.answers_id != document.pk:
                errors["answer"] = _("Choose an outgoing answer to this document.")
            elif not answer.number:
                errors["answer"] = _("The answer is not registered yet.")
            else:
                answer_number = answer_number.strip() or answer.number
                answer_date = answer_date or answer.registered_on
        if answer_date is not None and answer_date > _today():
            errors["answer_date"] = _("The answer date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
        card = ExecutionCard.objects.create(
            document=document,
            executor=executor,
            result=result.strip(),
            answer_number=answer_number.strip(),
            answer_date=answer_date,
            answer=answer,
            filled_by=actor,
            filled_at=timezone.now(),
        )
        items = document_items(document)
        # 003 §12.14: while an item of the document is on control, it is executed once removed
        before = _set_status(document, Document.Status.REPORTED if items else Document.Status.EXECUTED)
        history.record(
            document,
            "card_filled" if items else "executed",
            actor=actor,
            acting_for=acting_for(actor, principal),
            from_state=before,
            to_state=document.status,
            comment=card.result,
            data={"executor": str(executor), "answer_number": card.answer_number, "answer_date": card.answer_date},
        )
        for item in items:
            if item.status == ControlItem.Status.ON_CONTROL and control_access.lead_principal(actor, item):
                control_services.submit_report(item, actor=actor, text=card.result, outgoing_number=card.answer_number)
        return card


# --- one execution step: the report on control is the document's execution card (003 §9.23, §12.14) ---


def on_item_event(event: str, item: ControlItem, **data: Any) -> None:
    """Keep the document behind a control item in step with it (a control item listener).

    The lead's execution report fills the document's execution card when it is the last open item of the
    document still without a report (a document with several items — a chain resolution with its own term —
    is executed by all of them; the card then holds each item's report); the document is then "report
    submitted, awaiting removal", and executed when its last item is removed from control. Registered with
    control.services by CorrespondenceConfig.ready().
    """
    document = source_document(item)
    if document is None or document.kind not in RESOLVABLE_KINDS:
        return
    if event == control_services.REPORT_SUBMITTED:
        _card_from_report(document, item, data["report"], data["principal"])
    elif event == control_services.REMOVED_FROM_CONTROL:
        _executed_when_removed(document, item, data.get("actor"))


def _card_from_report(document: Document, item: ControlItem, report, principal) -> None:
    document = _lock(document)
    if document.status != Document.Status.IN_WORK or ExecutionCard.objects.filter(document=document).exists():
        return
    items = document_items(document)
    if any(other.executed_on is None for other in items if other.pk != item.pk):
        return  # another item of the document has no report yet: the card waits for it
    executor = person_of(principal) or person_of(report.author)
    if executor is None:
        return  # a report by an account without a person (an administrator): the card is filled by hand
    if len(items) > 1:
        latest = {}
        for row in ExecutionReport.objects.filter(item__in=items).order_by("submitted_at", "pk"):
            latest[row.item_id] = row
        result = "\n\n".join(f"№ {other.number}: {latest[other.pk].text}" for other in items if other.pk in latest)
    else:
        result = report.text
    answer = (
        Document.objects.filter(kind=Document.Kind.OUTGOING, answers=document, number=report.outgoing_number)
        .exclude(number="")
        .first()
    )
    card = ExecutionCard.objects.create(
        document=document,
        executor=executor,
        result=result,
        answer_number=report.outgoing_number,
        answer_date=answer.registered_on if answer else None,
        answer=answer,
        filled_by=report.author,
        filled_at=report.submitted_at,
    )
    before = _set_status(document, Document.Status.REPORTED)
    history.record(
        document,
        "card_filled",
        actor=report.author,
        acting_for=report.acting_for,
        from_state=before,
        to_state=document.status,
        comment=card.result,
        data={"executor": str(executor), "answer_number": card.answer_number, "control_item": item.number},
    )


def _executed_when_removed(document: Document, item: ControlItem, actor) -> None:
    document = _lock(document)
    if document.status != Document.Status.REPORTED or document_items(document):
        return
    before = _set_status(document, Document.Status.EXECUTED)
    history.record(
        document,
        "executed",
        actor=actor,
        from_state=before,
        to_state=document.status,
        data={"control_item": item.number},
    )


def removal_guard(item: ControlItem, ground: str) -> None:
    """Refuse removal as "executed" while the document is not executed (§9.23); a control removal guard.

    For an item on a resolution the document needs its execution card; for an item on our outgoing
    request, an accepted answer. Registered with control.services by CorrespondenceConfig.ready().
    """
    if ground != ControlItem.RemovalGround.EXECUTED:
        return
    document = source_document(item)
    if document is not None and not is_executed(document):
        if document.kind == Document.Kind.OUTGOING:
            reason = _("No answer to the request has been accepted yet.")
        else:
            reason = _("The document is not executed: its execution card is not filled in (§9.23).")
        raise ValidationError({"ground": reason})


def source_document(item: ControlItem) -> Document | None:
    """The correspondence document behind an item (through its resolution), or None for other sources."""
    if item.source_type_id is None:
        return None
    model = item.source_type.model_class()
    if model is Resolution:
        return Document.objects.filter(resolutions__pk=item.source_id).first()
    if model is Document:
        return Document.objects.filter(pk=item.source_id).first()
    return None


def is_executed(document: Document) -> bool:
    """Incoming and memos: the card is filled; our outgoing request: an answer to it was accepted."""
    if document.kind == Document.Kind.OUTGOING:
        return ExecutionCard.objects.filter(document__answers=document, document__kind=Document.Kind.INCOMING).exists()
    return ExecutionCard.objects.filter(document=document).exists()


# --- an answer to our request (SPEC §4: the link to the request it answers) --------------------------


def may_accept_answer(actor: AbstractBaseUser, answer: Document) -> Any | None:
    """The registrar, the request's author, or a lead executor of one of the request's open items."""
    request = answer.answers
    if request is None:
        return None
    if permissions.has_role(actor, Role.REGISTRAR):
        return actor
    principal = acting_principal(actor, lambda person: person.pk == request.author_id)
    if principal is not None:
        return principal
    for item in document_items(request):
        principal = control_access.lead_principal(actor, item)
        if principal is not None:
            return principal
    return None


def accept_answer(incoming_answer: Document, *, actor: AbstractBaseUser) -> list[ControlItem]:
    """Accept an incoming answer to our outgoing request; returns the request's items now reported.

    The answer's execution card records the acceptance (so the answer is EXECUTED, §9.23). For each
    open item of the request on control, the execution report is submitted when the accepting user is
    its lead executor; otherwise its lead executor is told to report. The controller proposes removal.
    """
    with transaction.atomic():
        answer = _lock(incoming_answer)
        if answer.kind != Document.Kind.INCOMING or answer.answers_id is None:
            raise ValidationError(_("This document does not answer a request of ours."))
        principal = may_accept_answer(actor, answer)
        if principal is None:
            raise PermissionDenied(_("Only the author of the request, its lead executor or the registrar accept it."))
        if not answer.number:
            raise ValidationError(_("Register the answer first."))
        if ExecutionCard.objects.filter(document=answer).exists():
            raise ValidationError(_("This answer has already been accepted."))
        request = answer.answers
        accepting = person_of(principal) or request.author
        if accepting is None:
            raise ValidationError(_("Accept the answer as a member of staff."))
        result = str(_("Accepted as the answer to %(request)s.") % {"request": request.label})
        ExecutionCard.objects.create(
            document=answer,
            executor=accepting,
            result=result,
            answer_number=request.number,
            answer_date=request.registered_on,
            filled_by=actor,
            filled_at=timezone.now(),
        )
        before = _set_status(answer, Document.Status.EXECUTED)
        for document, data in ((answer, {"request": request.pk}), (request, {"answer": answer.pk})):
            history.record(
                document,
                "answer_accepted",
                actor=actor,
                acting_for=acting_for(actor, principal),
                from_state=before if document is answer else "",
                to_state=answer.status if document is answer else "",
                comment=answer.label,
                data=data,
            )
        reported = []
        text = str(_("Answer received: %(answer)s.") % {"answer": answer.label})
        for item in document_items(request):
            if item.status != ControlItem.Status.ON_CONTROL:
                continue
            if control_access.lead_principal(actor, item) is not None:
                control_services.submit_report(item, actor=actor, text=text, outgoing_number=answer.number)
                reported.append(item)
            else:
                notify_users(
                    control_access.lead_users(item),
                    "answer_received",
                    request,
                    key=str(answer.pk),
                    title=_("The answer to %(document)s was received: report on execution"),
                    body=text,
                )
        return reported
