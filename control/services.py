"""The only way to create and change control items — 003 §12 (004 §13, 000 §12).

Each operation: one transaction, a permission check, the state change, an append-only history row,
notifications after commit. Other modules call `put_on_control(...)`; views and tasks call the rest.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import history, numbering, permissions, reglament, workdays
from akimat.attachments import atomic_with_files, attach
from akimat.models import OrgUnit, Person
from akimat.notifications import complete_action
from akimat.roles import Role
from control import access, deadlines
from control.models import (
    NEVER_EXTENDED,
    ControlExecutor,
    ControlItem,
    Decision,
    ExecutionReport,
    ExtensionRequest,
    Issuer,
    Periodicity,
    RedirectRequest,
    RemovalProposal,
)
from control.notify import (
    AGREE_REMOVAL,
    DECIDE_EXTENSION,
    DECIDE_REDIRECT,
    DECIDE_REMOVAL,
    PART,
    PROPOSE_REMOVAL,
    REPORT,
    notify_executors_of_new_item,
    notify_item,
)
from control.queries import data_changed

CONTROL_JOURNAL = "control"
Executor = Person | OrgUnit

# who may put an item on control (other modules pass the author of the resolution or protocol)
_PUTTERS = (
    Role.REGISTRAR,
    Role.ORG_DEPARTMENT,
    Role.APPEALS_OFFICER,
    Role.AKIM,
    Role.DEPUTY_AKIM,
    Role.HEAD_OF_APPARATUS,
    Role.DEPARTMENT_HEAD,
)
# 003 §12.7, §12.14: the akim or the head of apparatus decide extensions and removal
_DECIDERS = access.DECIDERS


@dataclass(frozen=True)
class Authority:
    """The user acts in their own right (acting_for None) or for an absent principal."""

    actor: Any
    acting_for: Any | None


def _authority_by_role(user: AbstractBaseUser, roles: tuple[str, ...], message) -> Authority:
    principal = access.authority_by_role(user, roles)
    if principal is None:
        raise PermissionDenied(message)
    return Authority(user, None if principal.pk == user.pk else principal)


def _record(item: ControlItem, action: str, authority: Authority, **kwargs) -> None:
    history.record(item, action, actor=authority.actor, acting_for=authority.acting_for, **kwargs)


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(item: ControlItem, actor: AbstractBaseUser) -> ControlItem:
    """Re-read the item under a row lock (two decisions on one item never interleave), for an actor who may
    see it: an item of a restricted source (ДСП) is actionable only by those granted it (SPEC §3.1, §9.4)."""
    locked = ControlItem.objects.select_for_update().get(pk=item.pk)
    if not permissions.can_view(actor, locked):
        raise PermissionDenied(_("You have no access to this instruction."))
    return locked


def _require_open(item: ControlItem) -> None:
    if item.status == ControlItem.Status.REMOVED:
        raise ValidationError(_("The instruction has already been removed from control."))


# --- putting on control -----------------------------------------------------------------------------


@transaction.atomic
def put_on_control(
    *,
    actor: AbstractBaseUser,
    text: str,
    issuer: str,
    lead: Executor,
    controller: OrgUnit,
    source_kind: str,
    source_label: str,
    source: models.Model | None = None,
    co_executors: list[Executor] | tuple = (),
    issuer_person: Person | None = None,
    received_on: datetime.date | None = None,
    given_on: datetime.date | None = None,
    event: str = "",
    urgency: str = "",
    deadline: datetime.date | None = None,
    external_deadline: datetime.date | None = None,
    periodicity: str = Periodicity.NONE,
    urgent_submission: bool = False,
) -> ControlItem:
    """Put an instruction on control with its lead and co-executors (003 §12.2, §12.5, §12.13); the roadmap
    date of an act of the President and the submission date of documents for an urgent instruction (§12.3)."""
    authority = _authority_by_role(actor, _PUTTERS, _("You may not put instructions on control."))
    if not text.strip():
        raise ValidationError({"text": _("Write the content of the instruction.")})
    if issuer not in Issuer.values:
        raise ValidationError({"issuer": _("Choose who gave the instruction.")})
    if issuer in {Issuer.AKIM, Issuer.DEPUTY_AKIM, Issuer.HEAD_OF_APPARATUS} and issuer_person is None:
        raise ValidationError({"issuer_person": _("Choose the official who gave the instruction.")})
    executors = [lead, *co_executors]
    if len({(type(e), e.pk) for e in executors}) != len(executors):
        raise ValidationError({"co_executors": _("An executor is listed twice.")})
    received_on = received_on or _today()
    plan = deadlines.plan_deadline(
        issuer=issuer,
        received_on=received_on,
        urgency=urgency,
        deadline=deadline,
        external_deadline=external_deadline,
    )
    item = ControlItem(
        number=numbering.take_number(CONTROL_JOURNAL, on=received_on),
        source_kind=source_kind,
        source_label=source_label[:300],
        event=event,
        given_on=given_on or received_on,
        received_on=received_on,
        issuer=issuer,
        issuer_person=issuer_person,
        text=text.strip(),
        controller=controller,
        urgency=urgency,
        periodicity=periodicity,
        urgent_submission=urgent_submission,
        created_by=actor,
    )
    if source is not None:
        item.source = source
        # SPEC §3.1: an item of a restricted source (a ДСП letter) is restricted too
        item.restricted_by = permissions.restriction_key(source)
    plan.apply_to(item)
    _set_dates_of_12_3(item)
    item.full_clean(exclude=["source_type", "source_id"])
    item.save()
    _create_executors(item, lead, co_executors)
    _record(
        item,
        "put_on_control",
        authority,
        to_state=item.status,
        data={"deadline": item.deadline, "external_deadline": item.external_deadline, "rule": item.term_rule},
    )
    notify_executors_of_new_item(item)
    return item


def _create_executors(item: ControlItem, lead: Executor, co_executors) -> None:
    body_due, co_due = deadlines.report_due_dates(item.deadline, not_before=item.given_on)
    rows = []
    for position, executor in enumerate([lead, *co_executors]):
        is_lead = position == 0
        is_body = isinstance(executor, OrgUnit)
        # 003 §12.13: executing bodies report 5 working days before, co-executors to the lead 7 before
        due = co_due if not is_lead else (body_due if is_body else None)
        rows.append(
            ControlExecutor(
                item=item,
                person=None if is_body else executor,
                unit=executor if is_body else None,
                is_lead=is_lead,
                position=position,
                report_due=due,
            )
        )
    ControlExecutor.objects.bulk_create(rows)
    _grant_executors(item, rows)
    data_changed()  # bulk_create sends no signals


def _grant_executors(item: ControlItem, rows: Iterable[ControlExecutor]) -> None:
    """The executors of a restricted item are granted it when assigned (as the document's are, 003 §9.4)."""
    if item.restricted_by:
        people = access.UnitPeople()
        _grant_to(item, [user for row in rows for user in people.of_row(row)])


def _grant_to(item: ControlItem, users: Iterable) -> None:
    """Who must work on a restricted item is granted it by name: a ДСП item is seen by them and no one else
    (003 §9.4)."""
    if item.restricted_by:
        for user in users:
            permissions.grant_view(user, item)


def _notify_to_act(item: ControlItem, verb: str, recipients: list, key: str, *, any_one: bool = False) -> None:
    """Ask `recipients` to act on the item, granting a restricted item to them first. With `any_one` (any of
    them may decide: the akim or the head of apparatus) nobody more is granted when one of them already sees it
    — the akim who wrote the resolution decides; only when none does (a deputy's ДСП letter) are they granted,
    or the request could never be decided."""
    if item.restricted_by and not (any_one and any(permissions.can_view(user, item) for user in recipients)):
        _grant_to(item, recipients)
    notify_item(item, verb, recipients=recipients, key=key)


def _refresh_report_dates(item: ControlItem) -> None:
    body_due, co_due = deadlines.report_due_dates(item.deadline, not_before=item.given_on)
    item.executors.filter(is_lead=False).update(report_due=co_due)
    item.executors.filter(is_lead=True, unit__isnull=False).update(report_due=body_due)
    _set_dates_of_12_3(item)
    ControlItem.objects.filter(pk=item.pk).update(roadmap_due=item.roadmap_due, submission_due=item.submission_due)


def _set_dates_of_12_3(item: ControlItem) -> None:
    """003 §12.3 on the item (not saved): an act of the President — its roadmap within 5 working days of receipt;
    documents for an urgent instruction — submitted 10 calendar days before the deadline (the higher body's when
    known), never before the day the task was given."""
    item.roadmap_due = deadlines.roadmap_due(item.received_on) if item.issuer == Issuer.PRESIDENT else None
    item.submission_due = (
        deadlines.submission_due(item.external_deadline or item.deadline, not_before=item.given_on)
        if item.urgent_submission
        else None
    )


# --- what the source modules learn ------------------------------------------------------------------

#: events told to the source modules' listeners: the lead's execution report is in; the item is removed
REPORT_SUBMITTED = "report_submitted"
REMOVED_FROM_CONTROL = "removed_from_control"
# A source module keeps its own records in step with its items (correspondence: the lead's report fills the
# document's execution card, 003 §9.23, and the last removal makes the document executed, §12.14): each listener
# is called as listener(event, item, **data) inside the transaction of the change, so both land or neither.
_item_listeners: list[Callable[..., None]] = []


def register_item_listener(listener: Callable[..., None]) -> None:
    """Add a listener of REPORT_SUBMITTED and REMOVED_FROM_CONTROL (from the source app's AppConfig.ready)."""
    if listener not in _item_listeners:
        _item_listeners.append(listener)


def _tell_listeners(event: str, item: ControlItem, **data: Any) -> None:
    for listener in _item_listeners:
        listener(event, item, **data)


# --- execution --------------------------------------------------------------------------------------


def submit_report(
    item: ControlItem, *, actor: AbstractBaseUser, text: str, outgoing_number: str = "", files=()
) -> ExecutionReport:
    """The lead executor reports execution (text, files, outgoing number); the controller is told.

    The report and its files land together or not at all.
    """
    with atomic_with_files():
        return _submit_report(item, actor=actor, text=text, outgoing_number=outgoing_number, files=files)


def _submit_report(item: ControlItem, *, actor, text: str, outgoing_number: str, files) -> ExecutionReport:
    item = _lock(item, actor)
    _require_open(item)
    principal = access.lead_principal(actor, item)
    if principal is None:
        raise PermissionDenied(_("Only the lead executor reports on execution."))
    if not text.strip():
        raise ValidationError({"text": _("Write what was done.")})
    now = timezone.now()
    report = ExecutionReport.objects.create(
        item=item,
        author=actor,
        acting_for=None if principal.pk == actor.pk else principal,
        text=text.strip(),
        outgoing_number=outgoing_number.strip(),
        submitted_at=now,
    )
    for upload in files:
        attach(report, upload, uploaded_by=actor)
    item.executors.filter(is_lead=True).update(reported_at=now, report_text=text.strip())
    before = item.status
    if item.status == ControlItem.Status.ON_CONTROL:
        item.status = ControlItem.Status.REPORTED
    item.executed_on = timezone.localdate(now)
    item.save(update_fields=["status", "executed_on"])
    _record(
        item,
        "report_submitted",
        Authority(actor, report.acting_for),
        from_state=before,
        to_state=item.status,
        comment=report.text,
        data={"outgoing_number": report.outgoing_number, "report_id": report.pk},
    )
    _tell_listeners(REPORT_SUBMITTED, item, report=report, principal=principal)
    department = access.executing_department(item) if item.restricted_by else None
    if department is not None and department.head_id:
        _grant_to(item, [department.head.user])  # 003 §12.14: the department's head brings the memo on removal
    notify_item(item, "report_submitted", recipients=access.controller_users(item))
    complete_action(item, REPORT)
    return report


@transaction.atomic
def submit_co_executor_part(item: ControlItem, *, actor: AbstractBaseUser, text: str) -> ControlExecutor:
    """A co-executor gives their part to the lead (003 §12.13: 7 working days before the deadline)."""
    item = _lock(item, actor)
    _require_open(item)
    row, principal = access.co_executor_row(actor, item)
    if row is None:
        raise PermissionDenied(_("Only a co-executor of this instruction can give a part to the lead."))
    if not text.strip():
        raise ValidationError({"text": _("Write your part of the execution.")})
    row.reported_at = timezone.now()
    row.report_text = text.strip()
    row.save(update_fields=["reported_at", "report_text"])
    _record(
        item,
        "co_executor_part",
        Authority(actor, None if principal.pk == actor.pk else principal),
        comment=row.report_text,
        data={"executor": str(row), "on_time": bool(row.report_due and timezone.localdate() <= row.report_due)},
    )
    notify_item(item, "co_executor_part", recipients=access.lead_users(item))
    complete_action(item, PART, recipients=access.UnitPeople().of_row(row))
    return row


# --- extension (003 §12.6–12.8) ---------------------------------------------------------------------


@transaction.atomic
def request_extension(
    item: ControlItem, *, actor: AbstractBaseUser, reason: str, new_deadline: datetime.date
) -> ExtensionRequest:
    """The lead executor asks for a later deadline.

    Refused outright (and recorded) for the Presidential Administration and the Government Apparatus
    (§12.7) and for a third request (§12.8, flagged for disciplinary review); a second request is an
    exception and raises the flag (§12.8). Not possible later than 3 working days before the deadline (§12.6).
    """
    item = _lock(item, actor)
    _require_open(item)
    principal = access.lead_principal(actor, item)
    if principal is None:
        raise PermissionDenied(_("Only the lead executor asks for an extension."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the delay.")})
    if new_deadline <= item.deadline:
        raise ValidationError({"new_deadline": _("The new deadline must be later than the current one.")})
    last_day = deadlines.last_day_to_ask_extension(item.deadline, not_before=item.given_on)
    if _today() > last_day:
        raise ValidationError(
            _("An extension can be asked for no later than %(date)s, 3 working days before the deadline (§12.6).")
            % {"date": last_day.strftime("%d.%m.%Y")}
        )
    if item.extension_requests.filter(status=Decision.PENDING).exists():
        raise ValidationError(_("An extension request for this instruction is already waiting for a decision."))
    ordinal = item.extension_requests.count() + 1
    max_regular = reglament.rule("control.extension_max_regular").as_int()
    max_exceptional = reglament.rule("control.extension_max_exceptional").as_int()
    request = ExtensionRequest(
        item=item,
        requested_by=actor,
        requested_at=timezone.now(),
        reason=reason.strip(),
        old_deadline=item.deadline,
        new_deadline=new_deadline,
        ordinal=ordinal,
    )
    refusal = ""
    if item.issuer in NEVER_EXTENDED:
        refusal = _(
            "Deadlines of instructions of the Presidential Administration and the Government Apparatus "
            "are not extended (§12.7)."
        )
    elif ordinal > max_exceptional:
        refusal = _("A third request for extension is refused; the case goes to disciplinary review (§12.8).")
        request.disciplinary_flag = True
    elif ordinal > max_regular:
        request.exceptional = True
        request.disciplinary_flag = True
    if refusal:
        request.status = Decision.REFUSED
        request.decided_at = request.requested_at
        request.decision_comment = str(refusal)
    request.save()
    if request.disciplinary_flag and not item.disciplinary_flag:
        item.disciplinary_flag = True
        item.save(update_fields=["disciplinary_flag"])
    authority = Authority(actor, None if principal.pk == actor.pk else principal)
    _record(
        item,
        "extension_requested",
        authority,
        comment=request.reason,
        data={
            "old_deadline": request.old_deadline,
            "new_deadline": request.new_deadline,
            "ordinal": ordinal,
            "exceptional": request.exceptional,
            "disciplinary_flag": request.disciplinary_flag,
        },
    )
    if refusal:
        _record(item, "extension_refused", Authority(None, None), comment=str(refusal), data={"ordinal": ordinal})
    else:
        _notify_to_act(item, "extension_requested", access.decider_users(item), key=str(request.pk), any_one=True)
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, actor: AbstractBaseUser, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """The akim or the head of apparatus grants or refuses an extension (003 §12.7)."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    item = _lock(request.item, actor)
    authority = _authority_by_role(actor, _DECIDERS, _("Only the akim or the head of apparatus decides extensions."))
    if request.status != Decision.PENDING:
        raise ValidationError(_("This request has already been decided."))
    _require_open(item)
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the refusal.")})
    request.status = Decision.APPROVED if approve else Decision.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_comment = comment.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    old = item.deadline
    if approve:
        deadlines.fixed_plan(item, request.new_deadline).apply_to(item)
        item.extension_count = F("extension_count") + 1
        item.save()
        item.refresh_from_db(fields=["extension_count"])
        _refresh_report_dates(item)
    _record(
        item,
        "extension_granted" if approve else "extension_refused",
        authority,
        comment=request.decision_comment,
        data={"old_deadline": old, "new_deadline": item.deadline, "request": request.pk},
    )
    notify_item(
        item,
        "extension_granted" if approve else "extension_refused",
        recipients=access.lead_users(item),
        key=str(request.pk),
    )
    complete_action(item, DECIDE_EXTENSION, key=request.pk)
    return request


# --- redirect by competence (003 §12.5) -------------------------------------------------------------


@transaction.atomic
def request_redirect(
    item: ControlItem, *, actor: AbstractBaseUser, memo: str, proposed_unit: OrgUnit | None = None
) -> RedirectRequest:
    """The lead executor, not competent, asks the issuer to send it on, within 3 working days (003 §12.5)."""
    item = _lock(item, actor)
    _require_open(item)
    principal = access.lead_principal(actor, item)
    if principal is None:
        raise PermissionDenied(_("Only the lead executor asks for a redirect."))
    if not memo.strip():
        raise ValidationError({"memo": _("Explain in the memo why it is not within your competence.")})
    until = deadlines.redirect_allowed_until(item.received_on)
    if _today() > until:
        raise ValidationError(
            _("A redirect can be asked for only until %(date)s, within 3 working days of receipt (§12.5).")
            % {"date": until.strftime("%d.%m.%Y")}
        )
    if item.redirect_requests.filter(status=Decision.PENDING).exists():
        raise ValidationError(_("A redirect request for this instruction is already waiting for a decision."))
    request = RedirectRequest.objects.create(
        item=item, requested_by=actor, requested_at=timezone.now(), memo=memo.strip(), proposed_unit=proposed_unit
    )
    _record(
        item,
        "redirect_requested",
        Authority(actor, None if principal.pk == actor.pk else principal),
        comment=request.memo,
        data={"proposed": str(proposed_unit) if proposed_unit else ""},
    )
    _notify_to_act(item, "redirect_requested", access.issuer_users(item), key=str(request.pk), any_one=True)
    return request


@transaction.atomic
def decide_redirect(
    request: RedirectRequest,
    *,
    actor: AbstractBaseUser,
    approve: bool,
    new_lead: Executor | None = None,
    comment: str = "",
) -> RedirectRequest:
    """The issuer (or, for higher bodies, the akim or head of apparatus) decides on a redirect."""
    request = RedirectRequest.objects.select_for_update().get(pk=request.pk)
    item = _lock(request.item, actor)
    authority = access.issuer_authority(actor, item)
    if authority is None:
        raise PermissionDenied(_("Only the official who gave the instruction decides on a redirect."))
    if request.status != Decision.PENDING:
        raise ValidationError(_("This request has already been decided."))
    new_lead = new_lead or request.proposed_unit
    if approve and new_lead is None:
        raise ValidationError({"new_lead": _("Choose the new lead executor.")})
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the refusal.")})
    old_lead = item.executors.get(is_lead=True)
    if approve:
        if item.executors.filter(
            person=new_lead if isinstance(new_lead, Person) else None,
            unit=new_lead if isinstance(new_lead, OrgUnit) else None,
        ).exists():
            raise ValidationError({"new_lead": _("This executor is already on the instruction.")})
        old_lead.delete()
        is_body = isinstance(new_lead, OrgUnit)
        body_due, _co = deadlines.report_due_dates(item.deadline, not_before=item.given_on)
        row = ControlExecutor.objects.create(
            item=item,
            person=None if is_body else new_lead,
            unit=new_lead if is_body else None,
            is_lead=True,
            position=0,
            report_due=body_due if is_body else None,
        )
        _grant_executors(item, [row])
    request.status = Decision.APPROVED if approve else Decision.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_comment = comment.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    _record(
        item,
        "redirect_approved" if approve else "redirect_refused",
        Authority(actor, authority.acting_for),
        comment=request.decision_comment,
        data={"old_lead": str(old_lead), "new_lead": str(new_lead) if approve else ""},
    )
    if approve:
        notify_executors_of_new_item(item)
    notify_item(item, "redirect_decided", recipients=[request.requested_by], key=str(request.pk))
    complete_action(item, DECIDE_REDIRECT, key=request.pk)
    return request


# --- removal from control (003 §12.9, §12.14) -------------------------------------------------------

# Source modules refuse removal for reasons only they know (correspondence: the execution card, §9.23):
# each guard is called with (item, ground) and raises ValidationError to refuse.
_removal_guards: list[Callable[[ControlItem, str], None]] = []


def register_removal_guard(guard: Callable[[ControlItem, str], None]) -> None:
    """Add a check run before every removal proposal (from the source app's AppConfig.ready)."""
    if guard not in _removal_guards:
        _removal_guards.append(guard)


@transaction.atomic
def propose_removal(
    item: ControlItem, *, actor: AbstractBaseUser, memo: str, ground: str, assessment: str
) -> RemovalProposal:
    """The memo on removal, due within 1 working day after the deadline (003 §12.14): brought by the head of the
    executing department (or the controller); when that department has a curating deputy head of apparatus, it
    goes to them to agree, else straight to those who decide."""
    item = _lock(item, actor)
    _require_open(item)
    principal, department = access.removal_proposer(actor, item)
    if principal is None:
        raise PermissionDenied(
            _("Only the head of the executing department or the controller brings the memo on removal (§12.14).")
        )
    errors = {}
    if not memo.strip():
        errors["memo"] = _("Write the memo with the assessment of execution.")
    if ground not in ControlItem.RemovalGround.values:
        errors["ground"] = _("Choose the grounds for removal.")
    if assessment not in ControlItem.Assessment.values:
        errors["assessment"] = _("Choose the assessment of execution.")
    if ground == ControlItem.RemovalGround.EXECUTED and item.executed_on is None:
        errors["ground"] = _("The lead executor has not reported execution yet.")
    if errors:
        raise ValidationError(errors)
    for guard in _removal_guards:
        guard(item, ground)
    if item.removal_proposals.filter(status=Decision.PENDING).exists():
        raise ValidationError(_("A removal proposal for this instruction is already waiting for a decision."))
    curator = department.curator if department is not None and department.curator_id else None
    if curator is not None and not (curator.is_active and curator.user.is_active):
        curator = None  # a curator who left: the memo goes to those who decide (the admin names a new one)
    proposal = RemovalProposal.objects.create(
        item=item,
        proposed_by=actor,
        proposed_at=timezone.now(),
        memo=memo.strip(),
        ground=ground,
        assessment=assessment,
        late_memo=_today() > deadlines.removal_memo_due(item.deadline),
        curator=curator,
        visa=RemovalProposal.Visa.PENDING if curator is not None else RemovalProposal.Visa.NOT_REQUIRED,
    )
    before = item.status
    item.status = ControlItem.Status.REMOVAL_PROPOSED
    item.save(update_fields=["status"])
    _record(
        item,
        "removal_proposed",
        Authority(actor, None if principal.pk == actor.pk else principal),
        from_state=before,
        to_state=item.status,
        comment=proposal.memo,
        data={
            "ground": ground,
            "assessment": assessment,
            "late_memo": proposal.late_memo,
            "curator": str(curator) if curator else "",
        },
    )
    if curator is not None:
        _notify_to_act(item, "removal_memo_to_agree", [curator.user], key=str(proposal.pk))
    else:
        _notify_to_act(item, "removal_proposed", access.removal_decider_users(item), key=str(proposal.pk), any_one=True)
    complete_action(item, PROPOSE_REMOVAL)
    return proposal


@transaction.atomic
def agree_removal(
    proposal: RemovalProposal, *, actor: AbstractBaseUser, agree: bool, comment: str = ""
) -> RemovalProposal:
    """003 §12.14: the curating deputy head of apparatus agrees the memo (it goes to the akim or the head of
    apparatus to decide) or does not, with a reason (the memo is closed, the item stays on control)."""
    proposal = RemovalProposal.objects.select_for_update().get(pk=proposal.pk)
    item = _lock(proposal.item, actor)
    principal = access.curator_principal(actor, proposal.curator_id)
    if principal is None:
        raise PermissionDenied(_("Only the curating deputy head of apparatus agrees this memo (§12.14)."))
    if proposal.status != Decision.PENDING or proposal.visa != RemovalProposal.Visa.PENDING:
        raise ValidationError(_("This memo is not waiting for agreement."))
    if not agree and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for not agreeing.")})
    now = timezone.now()
    proposal.visa = RemovalProposal.Visa.AGREED if agree else RemovalProposal.Visa.REFUSED
    proposal.visa_by = actor
    proposal.visa_at = now
    proposal.visa_comment = comment.strip()
    fields = ["visa", "visa_by", "visa_at", "visa_comment"]
    before = item.status
    if not agree:  # the memo goes no further: the item is back where it was before the memo
        proposal.status = Decision.REFUSED
        proposal.decided_at = now
        proposal.decision_comment = proposal.visa_comment
        fields += ["status", "decided_at", "decision_comment"]
        item.status = ControlItem.Status.REPORTED if item.executed_on else ControlItem.Status.ON_CONTROL
        item.save(update_fields=["status"])
    proposal.save(update_fields=fields)
    action = "removal_memo_agreed" if agree else "removal_memo_not_agreed"
    _record(
        item,
        action,
        Authority(actor, None if principal.pk == actor.pk else principal),
        from_state=before,
        to_state=item.status,
        comment=proposal.visa_comment,
        data={"proposal": proposal.pk},
    )
    if agree:
        _notify_to_act(item, action, access.removal_decider_users(item), key=str(proposal.pk), any_one=True)
    else:
        notify_item(item, action, recipients=[proposal.proposed_by], key=str(proposal.pk))
    complete_action(item, AGREE_REMOVAL, key=proposal.pk)
    return proposal


@transaction.atomic
# --- decided by the source's own rule -----------------------------------------------------------------------
# An appeal's term is extended by its official's reasoned decision (APPK art. 76), not by the executor's request
# and the akim's decision (§12.6–§12.8); its final, reasoned answer is itself the ground for removal (001 §33), no
# memo or proposal (§12.14). The source's service decides; these change the item as decide_extension and
# decide_removal would, so that reports, reminders and history see one kind of extension and removal.


def extend_by_source(
    item: ControlItem, *, actor, new_deadline: datetime.date, reason: str, basis: str, acting_for=None
) -> ExtensionRequest:
    """The item's deadline moved by its source's decision: an approved extension, counted as any other."""
    now = timezone.now()
    request = ExtensionRequest.objects.create(
        item=item, requested_by=actor, requested_at=now, reason=reason, old_deadline=item.deadline,
        new_deadline=new_deadline, ordinal=item.extension_requests.count() + 1, status=Decision.APPROVED,
        decided_by=actor, decided_at=now, decision_comment=reason,
    )  # fmt: skip
    old = item.deadline
    deadlines.fixed_plan(item, new_deadline).apply_to(item)
    item.extension_count = F("extension_count") + 1
    item.save()
    item.refresh_from_db(fields=["extension_count"])
    _refresh_report_dates(item)
    history.record(
        item, "extension_granted", actor=actor, acting_for=acting_for, comment=reason,
        data={"old_deadline": old, "new_deadline": item.deadline, "request": request.pk, "ground": basis},
    )  # fmt: skip
    notify_item(item, "extension_granted", recipients=access.lead_users(item), key=str(request.pk))
    return request


def remove_by_source(item: ControlItem, *, actor, comment: str, executed_on: datetime.date, basis: str) -> None:
    """The item removed from control as executed by its source's decision (an appeal's final answer)."""
    before = item.status
    item.status = ControlItem.Status.REMOVED
    item.removed_on = workdays.today()
    item.executed_on = item.executed_on or executed_on
    item.removal_ground = ControlItem.RemovalGround.EXECUTED
    item.assessment = ControlItem.Assessment.EXECUTED
    item.save()
    _tell_listeners(REMOVED_FROM_CONTROL, item, actor=actor)
    history.record(
        item, "removed_from_control", actor=actor, from_state=before, to_state=item.status, comment=comment,
        data={"ground": item.removal_ground, "assessment": item.assessment, "basis": basis},
    )  # fmt: skip
    notify_item(
        item, "removed_from_control", recipients=access.lead_users(item) + access.controller_users(item), key="source"
    )
    complete_action(item, REPORT, PART)


def decide_removal(
    proposal: RemovalProposal, *, actor: AbstractBaseUser, approve: bool, comment: str = ""
) -> RemovalProposal:
    """Removal is decided by the akim or the head of apparatus; a deputy's own instruction by that deputy.

    Until decided the item stays on control. A periodic item moves to its next date instead (SPEC §5).
    """
    proposal = RemovalProposal.objects.select_for_update().get(pk=proposal.pk)
    item = _lock(proposal.item, actor)
    authority = access.removal_authority(actor, item)
    if authority is None:
        raise PermissionDenied(_("You may not decide on the removal of this instruction from control."))
    if proposal.status != Decision.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if proposal.visa == RemovalProposal.Visa.PENDING:
        raise ValidationError(_("The curating deputy head of apparatus has not agreed the memo yet (§12.14)."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the refusal.")})
    proposal.status = Decision.APPROVED if approve else Decision.REFUSED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    before = item.status
    data: dict[str, Any] = {"ground": proposal.ground, "assessment": proposal.assessment}
    if not approve:
        item.status = ControlItem.Status.REPORTED if item.executed_on else ControlItem.Status.ON_CONTROL
        action = "removal_refused"
    elif item.periodicity:
        old = item.deadline
        months = 1 if item.periodicity == Periodicity.MONTHLY else 3
        deadlines.fixed_plan(item, workdays.add_months(item.fixed_date or item.deadline, months)).apply_to(item)
        item.status = ControlItem.Status.ON_CONTROL
        item.executed_on = None
        item.executors.update(reported_at=None, report_text="")
        _refresh_report_dates(item)
        action = "period_closed"
        data.update(old_deadline=old, new_deadline=item.deadline)
    else:
        item.status = ControlItem.Status.REMOVED
        item.removed_on = _today()
        item.removal_ground = proposal.ground
        item.assessment = proposal.assessment
        action = "removed_from_control"
    item.save()
    if action == "removed_from_control":
        _tell_listeners(REMOVED_FROM_CONTROL, item, actor=actor)
    _record(
        item,
        action,
        authority,
        from_state=before,
        to_state=item.status,
        comment=proposal.decision_comment,
        data=data,
    )
    notify_item(item, action, recipients=access.lead_users(item) + access.controller_users(item), key=str(proposal.pk))
    complete_action(item, DECIDE_REMOVAL, key=proposal.pk)
    if action == "removed_from_control":  # off control, nothing more is awaited of its executors
        complete_action(item, REPORT, PART)
    return proposal


# --- calendar changes (003 §12.15) ------------------------------------------------------------------


def recompute_deadlines(changed_dates: Iterable[datetime.date] = (), batch_size: int = 2000) -> int:
    """Count again the deadlines of open items after the calendar changed; returns how many moved.

    Fixed dates move off a new day off; terms are counted again. Each moved item gets a history row and
    its lead executor a notification. Given the changed dates, only items a change can reach are read:
    a deadline counted forward moves only if the changed day is not after it; one counted back from a
    higher body's deadline, only if the day is not after that external deadline.
    """
    calendar = workdays.get_calendar()
    moved = 0
    queryset = ControlItem.objects.open().order_by("pk")
    dates = list(changed_dates)
    if dates:
        earliest = min(dates)
        queryset = queryset.filter(
            Q(deadline__gte=earliest) | Q(term_direction=deadlines.BEFORE, external_deadline__gte=earliest)
        )
    last_pk = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last_pk).only(
                "pk",
                "deadline",
                "deadline_basis",
                "fixed_date",
                "received_on",
                "term_amount",
                "term_unit",
                "term_from",
                "term_direction",
                "number",
                "text",
            )[:batch_size]
        )
        if not batch:
            return moved
        last_pk = batch[-1].pk
        changed = []
        for item in batch:
            new = deadlines.recomputed_deadline(item, calendar)
            if new != item.deadline:
                changed.append((item, item.deadline, new))
        if changed:
            with transaction.atomic():
                _apply_recomputed(changed, calendar)
            moved += len(changed)


def _apply_recomputed(changed, calendar) -> None:
    items = []
    for item, _old, new in changed:
        item.deadline = new
        _set_dates_of_12_3(item)
        items.append(item)
    ControlItem.objects.bulk_update(items, ["deadline", "roadmap_due", "submission_due"])
    data_changed()  # bulk_update sends no signals
    history.record_many(
        [(item, "deadline_recomputed", {"old_deadline": old, "new_deadline": new}) for item, old, new in changed]
    )
    by_item = {item.pk: item for item in items}
    body_rows = []
    for row in ControlExecutor.objects.filter(item__in=items):
        deadline = by_item[row.item_id].deadline
        body_due, co_due = deadlines.report_due_dates(deadline, calendar, not_before=by_item[row.item_id].given_on)
        due = co_due if not row.is_lead else (body_due if row.unit_id else None)
        if row.report_due != due:
            row.report_due = due
            body_rows.append(row)
    ControlExecutor.objects.bulk_update(body_rows, ["report_due"])
    from control.notify import notify_deadline_moved

    notify_deadline_moved(changed)
