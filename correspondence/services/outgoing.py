"""Outgoing letters and memos: draft, visas, signature, the general department's check, dispatch.

003 §9.18–9.22. The path of an outgoing letter is fixed:

    DRAFT → (send_for_approval) ON_APPROVAL → visas in the route's order → (sign) SIGNED
          → (check_and_register, general department) REGISTERED → (dispatch, general department) DISPATCHED

A visa returned (always with a reason — "agree with remarks" does not exist) sends the draft back
(RETURNED_FOR_REWORK); sending it again starts the next round. The general department's check refuses
a letter whose addressee is wrong or whose listed attachments are missing and returns it to the author
the same way (§9.18). `dispatch` is the ONLY code that sets DISPATCHED, and only the general department
calls it (§9.19: nothing is dispatched around it).

Memos (служебная записка) follow the same draft and visa steps; a memo is signed by its author, and
signing is sending: it is registered in the internal journal at that moment, delivered to its
addressee, who writes a resolution on it as on incoming mail (control source kind MEMO). The general
department's check applies to letters leaving the apparatus, not to memos.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import approvals, history, numbering, permissions
from akimat.attachments import atomic_with_files, attach
from akimat.models import Attachment, Person, Supervision, Visa
from akimat.notifications import complete_action
from akimat.roles import Role
from correspondence import access
from correspondence.models import Correspondent, Delivery, Document, Recipient
from correspondence.notifications import SIGN, VISA
from correspondence.search import refresh_search_vectors
from correspondence.services.workflow import (
    acting_for,
    acting_principal,
    general_department,
    grant_dsp,
    notify_users,
    person_of,
)

HISTORY_LABELS = {
    "created": _("draft created"),
    "sent_for_approval": _("sent for approval"),
    "check_refused": _("returned by the general department"),
    "dispatched": _("dispatched"),
}
history.register_actions(HISTORY_LABELS)

OUTGOING_JOURNAL = "outgoing"
INTERNAL_JOURNAL = "internal"
# 003 §9.21: outgoing documents in the state language, or in Russian
OUTGOING_LANGUAGES = frozenset({Document.Language.KAZAKH, Document.Language.RUSSIAN})
SIGNER_ROLES = (Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS, Role.DEPARTMENT_HEAD)
EDITABLE = frozenset({Document.Status.DRAFT, Document.Status.RETURNED_FOR_REWORK})


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _set_status(document: Document, status: str, *fields: str) -> str:
    before = document.status
    document.status = status
    document.save(update_fields=["status", *fields])
    return before


def _author(actor: AbstractBaseUser) -> Person:
    person = person_of(actor)
    if person is None or not permissions.roles_of(actor):
        raise PermissionDenied(_("Only staff of the apparatus draft documents."))
    return person


def _author_principal(actor: AbstractBaseUser, document: Document) -> Any:
    principal = acting_principal(actor, lambda person: person.pk == document.author_id)
    if principal is None:
        raise PermissionDenied(_("Only the author of the draft may do this."))
    return principal


def _registrar(actor: AbstractBaseUser, message) -> None:
    if not permissions.has_role(actor, Role.REGISTRAR):
        raise PermissionDenied(message)


def _holds_role(person: Person, roles: Sequence[str]) -> bool:
    return person.user.groups.filter(name__in=list(roles)).exists()


def files_of(document: Document) -> list[Attachment]:
    return list(Attachment.objects.for_object(document))


def nomenclature_index(person: Person | None) -> str:
    """The file nomenclature index of the author's unit (or its nearest parent), else the general department's."""
    unit = person.unit if person is not None else None
    while unit is not None:
        if unit.nomenclature_index:
            return unit.nomenclature_index
        unit = unit.parent
    return general_department().nomenclature_index


def default_route(author: Person, *, signer: Person | None = None) -> list[Person]:
    """The author's department head, then the deputy supervising the author's unit (003 §9.22)."""
    route: list[Person] = []
    unit = author.unit
    if unit is not None and unit.head_id and unit.head_id != author.pk:
        route.append(unit.head)
    ancestors = []
    while unit is not None:
        ancestors.append(unit.pk)
        unit = unit.parent
    supervisors = (
        Supervision.objects.filter(unit_id__in=ancestors, supervisor__is_active=True)
        .select_related("supervisor")
        .order_by("pk")
    )
    for supervision in supervisors:
        deputy = supervision.supervisor
        if _holds_role(deputy, [Role.DEPUTY_AKIM]):
            route.append(deputy)
            break
    excluded = {author.pk, signer.pk if signer else None}
    unique: list[Person] = []
    for person in route:
        if person.pk not in excluded and person not in unique:
            unique.append(person)
    return unique


# --- drafts -----------------------------------------------------------------------------------------


def _check_answers(actor: AbstractBaseUser, answers: Document | None, *, is_answer: bool, field: str) -> None:
    """003 §9.22: an answer goes nowhere without the incoming document it answers."""
    if answers is None:
        if is_answer:
            raise ValidationError(
                {field: _("Choose the incoming document this letter answers (§9.22: no approval without it).")}
            )
        return
    if answers.kind != Document.Kind.INCOMING or not answers.number:
        raise ValidationError({field: _("An answer refers to a registered incoming document (§9.22).")})
    if not access.visible_documents(actor).filter(pk=answers.pk).exists():
        raise ValidationError({field: _("Choose an incoming document you have access to.")})


def create_outgoing(
    *,
    actor: AbstractBaseUser,
    recipients: Sequence[Correspondent],
    summary: str,
    attachments_listed: int,
    signer: Person,
    language: str,
    body: str = "",
    files: Iterable = (),
    answers: Document | None = None,
    is_answer: bool = False,
    is_dsp: bool = False,
) -> Document:
    """Draft an outgoing letter: recipients, text or file, the attachments it lists (003 §9.18–9.22)."""
    files = list(files)
    with atomic_with_files():
        author = _author(actor)
        errors: dict[str, Any] = {}
        recipients = list(recipients)
        if not recipients:
            errors["recipients"] = _("Choose at least one recipient.")
        elif len({r.pk for r in recipients}) != len(recipients):
            errors["recipients"] = _("A recipient is listed twice.")
        if not summary.strip():
            errors["summary"] = _("Write the summary.")
        if not body.strip() and not files:
            errors["body"] = _("Write the text of the letter or attach its file.")
        if attachments_listed is None or attachments_listed < 0:
            errors["attachments_listed"] = _("Give the number of attachments listed in the letter.")
        if language not in OUTGOING_LANGUAGES:
            errors["language"] = _("Outgoing letters are written in the state language or in Russian (§9.21).")
        if signer is None or not _holds_role(signer, SIGNER_ROLES):
            errors["signer"] = _("Choose the official who signs the letter.")
        try:
            _check_answers(actor, answers, is_answer=is_answer, field="answers")
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        document = Document.objects.create(
            kind=Document.Kind.OUTGOING,
            status=Document.Status.DRAFT,
            author=author,
            signer=signer,
            correspondent=recipients[0],
            summary=summary.strip(),
            body=body.strip(),
            language=language,
            attachments_count=attachments_listed,
            answers=answers,
            is_dsp=is_dsp,
            created_by=actor,
        )
        Recipient.objects.bulk_create(
            Recipient(document=document, correspondent=r, position=i) for i, r in enumerate(recipients)
        )
        for upload in files:
            attach(document, upload, uploaded_by=actor)
        grant_dsp(document, [actor, signer.user])
        history.record(
            document,
            "created",
            actor=actor,
            to_state=document.status,
            data={"recipients": [str(r) for r in recipients], "answers": answers.pk if answers else None},
        )
        refresh_search_vectors([document.pk])
        return document


def create_memo(
    *,
    actor: AbstractBaseUser,
    addressee: Person,
    summary: str,
    body: str,
    files: Iterable = (),
    is_dsp: bool = False,
) -> Document:
    """Draft a memo (служебная записка) to a person of the apparatus; its author signs it."""
    files = list(files)
    with atomic_with_files():
        author = _author(actor)
        errors = {}
        if addressee is None or not addressee.is_active:
            errors["addressee"] = _("Choose the addressee.")
        elif addressee.pk == author.pk:
            errors["addressee"] = _("A memo is addressed to someone else.")
        if not summary.strip():
            errors["summary"] = _("Write the summary.")
        if not body.strip() and not files:
            errors["body"] = _("Write the text of the memo or attach its file.")
        if errors:
            raise ValidationError(errors)
        document = Document.objects.create(
            kind=Document.Kind.INTERNAL,
            status=Document.Status.DRAFT,
            author=author,
            signer=author,
            addressee_person=addressee,
            summary=summary.strip(),
            body=body.strip(),
            language=author.preferred_language if author.preferred_language in OUTGOING_LANGUAGES else "kk",
            is_dsp=is_dsp,
            created_by=actor,
        )
        for upload in files:
            attach(document, upload, uploaded_by=actor)
        grant_dsp(document, [actor])
        history.record(document, "created", actor=actor, to_state=document.status, data={"addressee": str(addressee)})
        refresh_search_vectors([document.pk])
        return document


# --- visas (003 §9.22; "agree with remarks" does not exist): the core route, akimat.approvals -------


def current_round(document: Document) -> int:
    return approvals.current_round(document)


def current_step(document: Document) -> Visa | None:
    """The visa waiting now: the first pending step of the round that has reached its approver."""
    if document.status != Document.Status.ON_APPROVAL:
        return None
    return next(iter(approvals.waiting(document)), None)


def ready_to_sign(document: Document) -> bool:
    """All visas of the round are given (memos may also be signed straight from the draft)."""
    if document.kind == Document.Kind.INTERNAL and document.status == Document.Status.DRAFT:
        return True
    return document.status == Document.Status.ON_APPROVAL and approvals.all_agreed(document)


@transaction.atomic
def send_for_approval(document: Document, *, actor: AbstractBaseUser, approvers: Sequence[Person]) -> list[Visa]:
    """Send the draft to the approvers in the given order; a resubmission starts the next round."""
    document = _lock(document)
    principal = _author_principal(actor, document)
    if document.kind not in {Document.Kind.OUTGOING, Document.Kind.INTERNAL}:
        raise ValidationError(_("Only outgoing letters and memos go for approval here."))
    if document.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a draft returned for rework goes for approval."))
    approvers = list(approvers)
    # one after another, in the order the author chose (003 §9.22)
    steps = [approvals.Step(person) for person in approvers]
    approvals.check_steps(steps)
    if any(p.pk == document.author_id for p in approvers):
        raise ValidationError({"approvers": _("The author does not approve their own draft.")})
    if document.kind == Document.Kind.OUTGOING:
        # 003 §9.22: "Согласование исходящей корреспонденции не допускается без прилагаемого входящего документа"
        _check_answers(actor, document.answers, is_answer=False, field="answers")
    before = document.status
    _set_status(document, Document.Status.ON_APPROVAL)
    grant_dsp(document, [p.user for p in approvers])
    visas = approvals.start_round(document, actor=actor, steps=steps)
    history.record(
        document,
        "sent_for_approval",
        actor=actor,
        acting_for=acting_for(actor, principal),
        from_state=before,
        to_state=document.status,
        data={"round": visas[0].round, "approvers": [str(p) for p in approvers]},
    )
    return visas


def _tell_approver(visa: Visa) -> None:
    notify_users(
        [visa.approver.user],
        "visa_requested",
        visa.subject,
        key=approvals.visa_key(visa),
        title=_("Approval requested: %(document)s"),
        action=VISA,
    )


def _approval_done(document: Document, actor: AbstractBaseUser) -> None:
    """Every visa of the round is given: the signer is asked to sign."""
    notify_users(
        [document.signer.user] if document.signer else [],
        "to_sign",
        document,
        key=str(approvals.current_round(document)),
        title=_("To sign: %(document)s"),
        action=SIGN,
    )


def _approval_returned(document: Document, visa: Visa, actor: AbstractBaseUser) -> None:
    """A visa returned the draft with its reason: back to the author for rework."""
    _set_status(document, Document.Status.RETURNED_FOR_REWORK)
    notify_users(
        [document.author.user],
        "returned",
        document,
        key=f"visa.{visa.pk}",
        title=_("Returned for rework: %(document)s"),
        body=visa.comment,
    )


def _authors(document: Document) -> list:
    return [document.author.user] if document.author_id and document.author.user_id else []


def register_approvals() -> None:
    """Outgoing letters and memos go through the core route (called from CorrespondenceConfig.ready)."""
    approvals.register(
        approvals.Subject(
            model=Document,
            label=lambda document: document.label,
            url=lambda document: document.get_absolute_url(),
            on_reached=_tell_approver,
            on_done=_approval_done,
            on_returned=_approval_returned,
            lock=_lock,
            authors=_authors,
            action=VISA,
        )
    )


def decide_visa(approval: Visa, *, actor: AbstractBaseUser, agree: bool, comment: str = "") -> Visa:
    """Agree, or return for rework with a written reason (003 §9.22, as §10.4: no "agree with remarks")."""
    return approvals.decide(approval, actor=actor, agree=agree, comment=comment)


# --- signature --------------------------------------------------------------------------------------


@transaction.atomic
def sign(document: Document, *, actor: AbstractBaseUser) -> Document:
    """The signer (or who acts for them) signs; a memo is registered and delivered at that moment."""
    document = _lock(document)
    principal = acting_principal(actor, lambda person: person.pk == document.signer_id)
    if principal is None:
        raise PermissionDenied(_("Only the signatory signs the document."))
    if not ready_to_sign(document):
        raise ValidationError(_("The document is not ready for signature: not every visa is given."))
    document.signed_at = timezone.now()
    before = _set_status(document, Document.Status.SIGNED, "signed_at")
    complete_action(document, SIGN)
    history.record(
        document, "signed", actor=actor, acting_for=acting_for(actor, principal), from_state=before, to_state="signed"
    )
    if document.kind == Document.Kind.INTERNAL:
        _register_memo(document, actor=actor)
    else:
        registrars = Group.objects.filter(name=Role.REGISTRAR).first()
        if document.is_dsp and registrars is not None:
            access.grant(document, registrars)  # the general department checks and dispatches it (§9.18)
        notify_users(
            [user for user in registrars.user_set.filter(is_active=True)] if registrars else [],
            "to_check",
            document,
            key="signed",
            title=_("Signed, to check and register: %(document)s"),
        )
    return document


def _register_memo(document: Document, *, actor: AbstractBaseUser) -> None:
    """Signing a memo is sending it: internal journal number, delivery to the addressee."""
    now = timezone.now()
    today = timezone.localdate(now)
    document.number = numbering.take_number(INTERNAL_JOURNAL, on=today, index=nomenclature_index(document.author))
    document.registered_on = today
    document.registered_at = now
    document.registered_by = actor
    _set_status(document, Document.Status.REGISTERED, "number", "registered_on", "registered_at", "registered_by")
    addressee = document.addressee_person
    Delivery.objects.get_or_create(
        document=document, person=addressee, defaults={"sent_at": now, "due_by": today, "is_copy": False}
    )
    grant_dsp(document, [addressee.user])
    history.record(
        document,
        "registered",
        actor=actor,
        from_state=Document.Status.SIGNED,
        to_state=document.status,
        data={"number": document.number, "addressee": str(addressee)},
    )
    refresh_search_vectors([document.pk])
    notify_users([addressee.user], "memo", document, key="registered", title=_("Memo to you: %(document)s"))


# --- the general department: check, registration, dispatch (003 §9.18, §9.19) -----------------------


def check_reasons(document: Document, *, addressee_ok: bool, attachments_ok: bool) -> list[str]:
    """Why the letter cannot be registered (empty when it can): the clerk's findings and the counts."""
    reasons = []
    if not addressee_ok:
        reasons.append(str(_("The addressee or the recipient does not match the letter.")))
    if not document.recipients.exists():
        reasons.append(str(_("The letter has no recipient.")))
    # a letter without typed text is itself the first file; the attachments it lists come on top
    needed = document.attachments_count + (0 if document.body else 1)
    attached = Attachment.objects.for_object(document).count()
    if not attachments_ok or attached < needed:
        reasons.append(
            str(
                _("The attachments listed in the letter are not all present (listed: %(listed)s, files: %(files)s).")
                % {"listed": document.attachments_count, "files": attached}
            )
        )
    return reasons


@transaction.atomic
def check_and_register(
    document: Document, *, actor: AbstractBaseUser, addressee_ok: bool, attachments_ok: bool, comment: str = ""
) -> Document:
    """The general department checks a signed letter and registers it, or returns it to the author (§9.18).

    The returned document tells which happened: REGISTERED (with its number) or RETURNED_FOR_REWORK.
    """
    _registrar(actor, _("Only the general department checks and registers outgoing letters."))
    document = _lock(document)
    if document.kind != Document.Kind.OUTGOING:
        raise ValidationError(_("Only outgoing letters are checked here."))
    if document.status != Document.Status.SIGNED:
        raise ValidationError(_("Only a signed letter is checked and registered."))
    reasons = check_reasons(document, addressee_ok=addressee_ok, attachments_ok=attachments_ok)
    now = timezone.now()
    document.checked_by = actor
    document.checked_at = now
    if reasons:
        before = _set_status(document, Document.Status.RETURNED_FOR_REWORK, "checked_by", "checked_at")
        text = "\n".join([*reasons, comment.strip()]).strip()
        history.record(
            document, "check_refused", actor=actor, from_state=before, to_state=document.status, comment=text
        )
        notify_users(
            [document.author.user],
            "check_refused",
            document,
            key=now.isoformat(),
            title=_("Returned by the general department: %(document)s"),
            body=text,
        )
        return document
    today = timezone.localdate(now)
    document.number = numbering.take_number(OUTGOING_JOURNAL, on=today, index=nomenclature_index(document.author))
    document.registered_on = today
    document.registered_at = now
    document.registered_by = actor
    before = _set_status(
        document,
        Document.Status.REGISTERED,
        "number",
        "registered_on",
        "registered_at",
        "registered_by",
        "checked_by",
        "checked_at",
    )
    history.record(
        document,
        "registered",
        actor=actor,
        from_state=before,
        to_state=document.status,
        comment=comment.strip(),
        data={"number": document.number},
    )
    refresh_search_vectors([document.pk])
    notify_users([document.author.user], "registered", document, key="registered", title=_("Registered: %(document)s"))
    return document


@transaction.atomic
def dispatch(document: Document, *, actor: AbstractBaseUser, channel: str, date: datetime.date) -> Document:
    """Send a registered letter (channel, date) — by the general department only (003 §9.19).

    This is the only code that sets DISPATCHED.
    """
    _registrar(actor, _("Documents are dispatched only through the general department (§9.19)."))
    document = _lock(document)
    if document.kind != Document.Kind.OUTGOING:
        raise ValidationError(_("Only outgoing letters are dispatched."))
    if document.status != Document.Status.REGISTERED or not document.number:
        raise ValidationError(_("Only a checked and registered letter is dispatched (§9.18)."))
    errors = {}
    if channel not in Document.Channel.values:
        errors["channel"] = _("Choose how the letter is sent.")
    if date is None:
        errors["date"] = _("Give the date of dispatch.")
    elif date > _today():
        errors["date"] = _("The date of dispatch cannot be in the future.")
    elif document.registered_on and date < document.registered_on:
        errors["date"] = _("The letter cannot be sent before it was registered.")
    if errors:
        raise ValidationError(errors)
    document.dispatch_channel = channel
    document.dispatched_on = date
    before = _set_status(document, Document.Status.DISPATCHED, "dispatch_channel", "dispatched_on")
    history.record(
        document,
        "dispatched",
        actor=actor,
        from_state=before,
        to_state=document.status,
        data={"channel": channel, "date": date},
    )
    if document.answers_id:
        history.record(document.answers, "answered", actor=actor, comment=document.label, data={"answer": document.pk})
    notify_users([document.author.user], "dispatched", document, key="dispatched", title=_("Dispatched: %(document)s"))
    return document
