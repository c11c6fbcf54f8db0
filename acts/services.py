"""Acts: the ONLY mutator of acts and their versions, files, returns, points and distribution — 003 §10.

    DRAFT → (submit) ON_APPROVAL → visas (akimat.approvals) → TO_SIGN → (sign) SIGNED → (register) REGISTERED
    ON_APPROVAL/TO_SIGN/SIGNED → (return_draft, or a visa returned) RETURNED → (resubmit) ON_APPROVAL …
    DRAFT/RETURNED → (request_withdrawal) WITHDRAWN

Every term comes from the regulation profile (``acts.*`` rules) and every date from ``akimat.workdays``; the
visas are core visas (``akimat.approvals``, subject = the act, round = the version's number).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acts import notifications as acts_notifications
from acts.models import Act, ActFile, ActPoint, ActReturn, ActType, ActVersion, Basis, Distribution, Urgency
from akimat import history, numbering, officials, permissions, reglament, workdays
from akimat.attachments import atomic_with_files, attach
from akimat.models import OrgUnit, Person
from akimat.notifications import complete_action, notify
from akimat.roles import LEADERSHIP, Role

if TYPE_CHECKING:
    from akimat.approvals import Step
    from control.models import ControlItem

# §10.5–§10.10: a flag of the draft → the attachment it demands
REQUIRED_FILES: dict[str, str] = {
    "amends_acts": ActFile.Kind.COMPARISON_TABLE,  # §10.5
    "repeals_acts": ActFile.Kind.JUSTIFICATION_NOTE,  # §10.6
    "touches_business": ActFile.Kind.BUSINESS_OPINION,  # §10.7
    "needs_science_expertise": ActFile.Kind.SCIENCE_EXPERTISE,  # §10.8
    "executes_instruction": ActFile.Kind.INSTRUCTION_COPY,  # §10.9
    "raises_spending": ActFile.Kind.FINANCING_NOTE,  # §10.10
}

ACTIONS = frozenset(
    {"edit", "submit", "return", "resubmit", "withdraw", "sign", "register", "points", "dispatch",
     "state_registration", "short_term", "visa"}
)  # fmt: skip

#: one registration journal per act type (§10.16: a gapless sequence per type and year), created by migration 0002
JOURNALS = {
    ActType.RESOLUTION: "acts-resolution",
    ActType.DECISION: "acts-decision",
    ActType.ORDER: "acts-order",
    ActType.APPARATUS_ORDER: "acts-apparatus-order",
}
#: §10.17: the originals are documents of permanent storage (Act.storage_display shows it in the reader's language)
STORAGE_PERMANENT = "permanent"

#: route codes of the profile rules acts.route.<type> (akimat.reglament vocabulary "route_steps")
ROUTE_DEPARTMENTS = "departments"
ROUTE_MEMBERS = "members"
ROUTE_LEGAL = "legal"

EDITABLE = frozenset({Act.Status.DRAFT, Act.Status.RETURNED})
RETURNABLE = frozenset({Act.Status.ON_APPROVAL, Act.Status.TO_SIGN, Act.Status.SIGNED})

HISTORY_LABELS = {
    "act_created": _("draft act created"),
    "act_edited": _("draft act edited"),
    "act_version_opened": _("new version of the draft opened"),
    "act_submitted": _("draft act sent for approval"),
    "act_resubmitted": _("reworked draft sent for approval again"),
    "act_returned": _("draft act returned for rework"),
    "act_short_term": _("shorter approval term set"),
    "act_withdrawal": _("draft act withdrawn at the developer's request"),
    "act_signed": _("act signed"),
    "act_registered": _("act registered"),
    "act_points": _("points of the act changed"),
    "act_points_on_control": _("points of the act put on control"),
    "act_dispatched": _("certified copy sent"),
    "act_state_registration": _("state registration recorded"),
}
history.register_actions(HISTORY_LABELS)


@dataclass
class DraftData:
    """What the draft form holds (VIEWS builds it from its form's cleaned_data)."""

    type: str
    is_normative: bool
    developer_unit: OrgUnit
    developer: Person
    curator: Person | None
    urgency: str
    basis: str
    basis_object: models.Model | None
    basis_label: str
    title_kk: str
    title_ru: str
    text_kk: str
    text_ru: str
    note: str = ""
    amends_acts: bool = False
    repeals_acts: bool = False
    touches_business: bool = False
    needs_science_expertise: bool = False
    executes_instruction: bool = False
    raises_spending: bool = False
    is_dsp: bool = False
    addressees: list[OrgUnit] = field(default_factory=list)
    other_addressees: list[str] = field(default_factory=list)


@dataclass
class PointData:
    """A point of the act going on control: its number ("3.2"), text, executor and deadline."""

    number: str
    text: str
    deadline: datetime.date
    lead_unit: OrgUnit | None = None
    lead_person: Person | None = None


# --- small helpers -------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return workdays.today()


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _lock(act: Act) -> Act:
    return Act.objects.select_for_update().get(pk=act.pk)


def _deadline(start: datetime.date, key: str) -> datetime.date:
    found = reglament.term(key)
    return workdays.deadline(start, found.amount, found.unit)


def _person(user) -> Person | None:
    return getattr(user, "person", None)


def _persons(user) -> list[Person]:
    return permissions.principal_persons(user)


def _record(act: Act, action: str, actor, *, from_state: str = "", comment: str = "", data=None) -> None:
    history.record(
        act, action, actor=actor, from_state=from_state, to_state=act.status, comment=comment, data=data or {}
    )


def _set_status(act: Act, status: str, *fields: str) -> str:
    before = act.status
    act.status = status
    act.save(update_fields=["status", "updated_at", *fields])
    return before


def is_developer_side(user, act: Act) -> bool:
    """The developer's people: its responsible person, the creator, the members and heads of the developer unit."""
    if act.created_by_id == getattr(user, "pk", None):
        return True
    if any(p.pk == act.developer_id for p in _persons(user)):
        return True
    return act.developer_unit_id in permissions.unit_ids_of(user)


def _require_developer(user, act: Act) -> None:
    if not is_developer_side(user, act):
        raise PermissionDenied(_("Only the developer of the draft may do this."))


def default_signer(act: Act) -> Person | None:
    """§10.15: the akim signs; the head of apparatus signs an order of the apparatus."""
    role = Role.HEAD_OF_APPARATUS if act.type == ActType.APPARATUS_ORDER else Role.AKIM
    found = officials.role_persons(role)
    return found[0] if found else None


def _person_with_role(user, roles: Iterable[str]) -> Person | None:
    """The person in whose right the user acts with one of the roles: their own, else a principal's (acting)."""
    wanted = {str(role) for role in roles}
    for principal in permissions.principals(user):
        own = set(principal.groups.values_list("name", flat=True))
        if wanted & own and getattr(principal, "person", None) is not None:
            return principal.person
    return _person(user)


def _grant(act: Act, users: Iterable) -> None:
    """ДСП: only those granted by name see the act (003 §9.4); grant those who take part as it moves."""
    if not act.is_dsp:
        return
    for user in users:
        if user is not None:
            permissions.grant_view(user, act)


def _approvals():
    from akimat import approvals

    return approvals


# --- the draft -----------------------------------------------------------------------------------------


def _validate_data(data: DraftData) -> None:
    errors: dict[str, list] = {}
    if data.type not in ActType.values:
        errors["type"] = [_("Choose the type of act.")]
    if data.urgency not in Urgency.values:
        errors["urgency"] = [_("Choose the urgency.")]
    if data.basis not in Basis.values:
        errors["basis"] = [_("Choose the basis of the draft.")]
    if data.developer is None:
        errors["developer"] = [_("Choose the responsible person.")]
    if data.developer_unit is None:
        errors["developer_unit"] = [_("Choose the developer.")]
    if not (data.title_kk.strip() or data.title_ru.strip()):
        errors["title_ru"] = [_("Write the title of the act in Kazakh or in Russian.")]
    if data.is_normative:
        # 003 §10.2: an act containing norms of law is drawn up in the state and in the Russian language
        message = _("A normative act is drawn up in both Kazakh and Russian (§10.2).")
        for name in ("title_kk", "title_ru", "text_kk", "text_ru"):
            if not getattr(data, name).strip():
                errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def _read_uploaded_texts(data: DraftData, files: Sequence[tuple[str, UploadedFile]]) -> DraftData:
    """A .docx text upload fills the text field left empty (acts.docx.read_text)."""
    from acts import docx

    changes = {}
    for kind, upload in files:
        if kind in (ActFile.Kind.TEXT_KK, ActFile.Kind.TEXT_RU):
            name = "text_kk" if kind == ActFile.Kind.TEXT_KK else "text_ru"
            if not getattr(data, name).strip():
                try:
                    changes[name] = docx.read_text(upload)
                except ValidationError as error:
                    raise ValidationError({"files": error.messages}) from error
                upload.seek(0)
    return dataclasses.replace(data, **changes) if changes else data


def _basis_fields(data: DraftData) -> dict[str, Any]:
    """§10.1 basis; §10.9: an instruction on control as the basis means the draft executes it."""
    from control.models import ControlItem

    fields: dict[str, Any] = {
        "basis": data.basis,
        "basis_label": (data.basis_label or "").strip()[:300],
        "basis_type": None,
        "basis_id": None,
        "executes_instruction": data.executes_instruction,
    }
    obj = data.basis_object
    if obj is not None and data.basis != Basis.INITIATIVE:
        fields["basis_type"] = ContentType.objects.get_for_model(obj)
        fields["basis_id"] = obj.pk
        if isinstance(obj, ControlItem):
            fields["executes_instruction"] = True
            if not fields["basis_label"]:
                fields["basis_label"] = f"№ {obj.number} {_date(obj.given_on)}"
    return fields


_ACT_FIELDS = (
    "type", "is_normative", "developer_unit", "developer", "curator", "urgency", "title_kk", "title_ru",
    "amends_acts", "repeals_acts", "touches_business", "needs_science_expertise", "raises_spending", "is_dsp",
)  # fmt: skip


def _apply_data(act: Act, data: DraftData) -> None:
    for name in _ACT_FIELDS:
        value = getattr(data, name)
        setattr(act, name, value.strip() if isinstance(value, str) else value)
    for name, value in _basis_fields(data).items():
        setattr(act, name, value)


def _attach_files(version: ActVersion, files: Sequence[tuple[str, UploadedFile]], actor) -> list[ActFile]:
    rows = []
    for kind, upload in files:
        if kind not in ActFile.Kind.values or kind == ActFile.Kind.SIGNED:
            raise ValidationError({"files": [_("Choose what the file is.")]})
        rows.append(
            ActFile.objects.create(version=version, kind=kind, attachment=attach(version, upload, uploaded_by=actor))
        )
    return rows


def _set_distribution(act: Act, data: DraftData) -> None:
    """The distribution list (§10.18): rows not yet sent are replaced, sent ones kept."""
    units = {unit.pk: unit for unit in data.addressees if unit is not None}
    names = [name.strip()[:300] for name in data.other_addressees if name and name.strip()]
    kept = set()
    for row in list(act.distribution.all()):
        key = row.unit_id if row.unit_id else row.name
        if row.sent_on is None and key not in units and key not in names:
            row.delete()
        else:
            kept.add(key)
    Distribution.objects.bulk_create(
        [Distribution(act=act, unit=unit) for pk, unit in units.items() if pk not in kept]
        + [Distribution(act=act, name=name) for name in dict.fromkeys(names) if name not in kept]
    )


def _may_create(actor, data: DraftData) -> bool:
    if actor.is_superuser or permissions.has_role(actor, *LEADERSHIP) or officials.is_general_department(actor):
        return True
    return data.developer_unit is not None and data.developer_unit.pk in permissions.unit_ids_of(actor)


def create_draft(*, actor, data: DraftData, files: Sequence[tuple[str, UploadedFile]] = ()) -> Act:
    """A new draft, version 1. ``files`` are (ActFile.Kind, upload); a .docx text upload fills the text when
    the text field is empty. §10.2: a normative act needs both languages. A basis INSTRUCTION with a control
    item sets executes_instruction and the basis label (§10.9). §10.15: the signing term runs from creation."""
    if not _may_create(actor, data):
        raise PermissionDenied(_("You may prepare drafts only for your own unit."))
    data = _read_uploaded_texts(data, files)
    _validate_data(data)
    with atomic_with_files():
        act = Act(created_by=actor, status=Act.Status.DRAFT, version=1)
        _apply_data(act, data)
        # 003 §10.15: an electronic draft is created and signed within the profile's term of its creation
        act.signing_due_on = _deadline(_today(), "acts.signing_term")
        act.save()
        version = ActVersion.objects.create(
            act=act, number=1, title_kk=act.title_kk, title_ru=act.title_ru, text_kk=data.text_kk.strip(),
            text_ru=data.text_ru.strip(), note=data.note.strip(), created_by=actor,
        )  # fmt: skip
        _attach_files(version, files, actor)
        _set_distribution(act, data)
        _grant(act, [actor, *officials.users_of([act.developer, act.developer_unit.head])])
        _record(act, "act_created", actor, data={"type": act.type, "version": 1})
    return act


def _current_version(act: Act) -> ActVersion:
    return act.versions.get(number=act.version)


def _open_next_version(act: Act, actor, note: str = "") -> ActVersion:
    """§10.13: each resubmission is a new version — a copy of the texts and files of the last one."""
    previous = _current_version(act)
    version = ActVersion.objects.create(
        act=act, number=previous.number + 1, title_kk=previous.title_kk, title_ru=previous.title_ru,
        text_kk=previous.text_kk, text_ru=previous.text_ru, note=note, created_by=actor,
    )  # fmt: skip
    for row in previous.files.exclude(kind=ActFile.Kind.SIGNED).select_related("attachment"):
        old = row.attachment
        old.file.open("rb")
        try:
            from django.core.files.base import ContentFile

            copy = ContentFile(old.file.read(), name=old.original_name)
        finally:
            old.file.close()
        ActFile.objects.create(version=version, kind=row.kind, attachment=attach(version, copy, uploaded_by=actor))
    act.version = version.number
    act.save(update_fields=["version", "updated_at"])
    _record(act, "act_version_opened", actor, data={"version": version.number})
    return version


def _editable_version(act: Act, actor) -> ActVersion:
    version = _current_version(act)
    if version.submitted_at is not None:
        version = _open_next_version(act, actor)
    return version


def update_draft(
    act: Act,
    *,
    actor,
    data: DraftData,
    files: Sequence[tuple[str, UploadedFile]] = (),
    remove_files: Sequence[int] = (),
) -> Act:
    """Edits a DRAFT or RETURNED act (developer side only); after a return opens the next version (§10.13)."""
    data = _read_uploaded_texts(data, files)
    _validate_data(data)
    with atomic_with_files():
        act = _lock(act)
        _require_developer(actor, act)
        if act.status not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned draft can be edited."))
        version = _editable_version(act, actor)
        _apply_data(act, data)
        act.save()
        version.title_kk, version.title_ru = act.title_kk, act.title_ru
        version.text_kk, version.text_ru = data.text_kk.strip(), data.text_ru.strip()
        if data.note.strip():
            version.note = data.note.strip()
        version.save()
        if remove_files:
            version.files.filter(pk__in=list(remove_files)).exclude(kind=ActFile.Kind.SIGNED).delete()
        _attach_files(version, files, actor)
        _set_distribution(act, data)
        _grant(act, [actor, *officials.users_of([act.developer, act.developer_unit.head])])
        _record(act, "act_edited", actor, data={"version": version.number})
    return act


def missing_files(act: Act) -> list[str]:
    """Labels of the required attachments missing from the current version (§10.5–§10.10), translated."""
    kinds = set(ActFile.objects.filter(version__act=act, version__number=act.version).values_list("kind", flat=True))
    return [
        str(ActFile.Kind(kind).label)
        for flag, kind in REQUIRED_FILES.items()
        if getattr(act, flag) and kind not in kinds
    ]


def _check_complete(act: Act) -> None:
    """§10.5–§10.10 each missing attachment named; §10.2 both languages of a normative act."""
    errors: dict[str, list] = {}
    missing = missing_files(act)
    if missing:
        errors["files"] = [
            _("The draft cannot be sent for approval without: %(items)s (§10.5–§10.10).")
            % {"items": "; ".join(missing)}
        ]
    version = _current_version(act)
    if not (version.text_kk.strip() or version.text_ru.strip()):
        errors["text_ru"] = [_("Write the text of the act in Kazakh or in Russian.")]
    if act.is_normative:
        message = _("A normative act is drawn up in both Kazakh and Russian (§10.2).")
        for name in ("title_kk", "title_ru", "text_kk", "text_ru"):
            if not getattr(version, name).strip():
                errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


# --- the route and its terms (§10.3, §10.4, §10.14) ----------------------------------------------------


def route_codes(act_type: str) -> tuple[str, ...]:
    """The profile's route of the act type (rule acts.route.<type>); fails clearly when the profile has none."""
    return reglament.rule(f"acts.route.{act_type}").as_codes()


def _is_emergency(act: Act) -> bool:
    return act.urgency in (Urgency.EMERGENCY, Urgency.HUMANITARIAN)


def approval_due_on(act: Act, *, start: datetime.date) -> datetime.date:
    """The route's term per type / urgency / shorter term (§10.14): resolutions 10 WD, decisions and orders 5 WD,
    emergencies and humanitarian aid 3 WD (all from the profile); a shorter term set by the akim, a deputy or the
    head of apparatus replaces it when earlier."""
    if _is_emergency(act):
        due = _deadline(start, "acts.approval_term_emergency")
    elif act.type == ActType.RESOLUTION:
        due = _deadline(start, "acts.approval_term_resolution")
    else:
        due = _deadline(start, "acts.approval_term_decision")
    if act.short_term_on is not None and act.short_term_on < due:
        return act.short_term_on
    return due


def _departments_due_on(act: Act, start: datetime.date) -> datetime.date:
    """§10.14 1): a resolution's prior approval by the departments takes its own part of the term."""
    if _is_emergency(act) or act.type != ActType.RESOLUTION:
        return approval_due_on(act, start=start)
    due = _deadline(start, "acts.approval_term_resolution_departments")
    if act.short_term_on is not None and act.short_term_on < due:
        return act.short_term_on
    return due


def _members_due_on(act: Act, start: datetime.date) -> datetime.date:
    if _is_emergency(act) or act.type != ActType.RESOLUTION:
        return approval_due_on(act, start=start)
    due = _deadline(_departments_due_on(act, start), "acts.approval_term_resolution_members")
    total = approval_due_on(act, start=start)
    return min(due, total)


def _officials(act: Act, code: str) -> list[Person]:
    """The officials a route code names in this installation (an empty list skips the code)."""

    def head(function: str) -> list[Person]:
        unit = officials.function_unit(function)
        return [unit.head] if unit is not None and unit.head is not None and unit.head.is_active else []

    if code == ROUTE_DEPARTMENTS:
        # §10.3: the bodies interested by the subject and those the draft instructs — the heads of the addressees
        units = (
            OrgUnit.objects.filter(
                pk__in=act.distribution.filter(unit__isnull=False).values("unit"), head__isnull=False
            )
            .exclude(pk=act.developer_unit_id)
            .select_related("head")
            .order_by("order", "pk")
        )
        return [unit.head for unit in units if unit.head.is_active]
    if code == "deputy_akims":
        return officials.role_persons(Role.DEPUTY_AKIM)
    if code == "head_of_apparatus":
        return officials.role_persons(Role.HEAD_OF_APPARATUS)[:1]
    if code == "deputy_head":
        unit = act.developer_unit
        while unit is not None:  # the curator by competence: of the developer unit or the nearest parent
            if unit.curator_id is not None:
                return [unit.curator]
            unit = unit.parent
        return []
    if code == "finance":
        return head(OrgUnit.Function.FINANCE)
    if code == "economy":
        return head(OrgUnit.Function.ECONOMY)
    if code == ROUTE_MEMBERS:
        # §10.14 1): all members of the akimat — the akim's deputies and the head of apparatus
        return officials.role_persons(Role.DEPUTY_AKIM) + officials.role_persons(Role.HEAD_OF_APPARATUS)[:1]
    if code == ROUTE_LEGAL:
        found = officials.legal_consultant()
        return [found] if found is not None else []
    raise reglament.RegulationError(f"Unknown route step {code!r} in acts.route.{act.type}.")


def default_route(act: Act, *, start: datetime.date | None = None) -> list[Step]:
    """The default route from the profile rule acts.route.<type>, with terms (§10.3, §10.4, §10.14).

    The officials of one code run in parallel, the codes follow one another; a code whose official does not
    exist is skipped; nobody is on it twice; the legal consultant is last and closes it (§10.3). The
    departments' visas of a resolution get the first part of its term, the rest the whole term (§10.14 1)."""
    Step = _approvals().Step
    start = start or _today()
    steps: list[Step] = []
    seen: set[int] = set()
    legal: Person | None = None
    for code in route_codes(act.type):
        if code == ROUTE_LEGAL:
            found = _officials(act, code)
            legal = found[0] if found else None
            continue
        due = _departments_due_on(act, start) if code == ROUTE_DEPARTMENTS else _members_due_on(act, start)
        first = True
        for person in _officials(act, code):
            if person.pk in seen or person.pk == act.developer_id:
                continue
            seen.add(person.pk)
            steps.append(Step(approver=person, role=code, parallel=not first, due_on=due))
            first = False
    if legal is not None:
        steps = [step for step in steps if step.approver.pk != legal.pk]
        steps.append(Step(approver=legal, role=ROUTE_LEGAL, closes=True, due_on=approval_due_on(act, start=start)))
    return steps


def _closing_route(act: Act, steps: Sequence[Step], start: datetime.date) -> list[Step]:
    """§10.3: the legal consultant's visa comes last and closes the route — added when the author left it out,
    moved last when put elsewhere. Steps without a term get the route's term (§10.14)."""
    due = approval_due_on(act, start=start)
    legal = officials.legal_consultant()
    result = []
    for step in steps:
        if legal is not None and step.approver.pk == legal.pk:
            continue
        changes: dict[str, Any] = {"closes": False}
        if step.due_on is None:
            changes["due_on"] = due
        elif act.short_term_on is not None and step.due_on > act.short_term_on:
            changes["due_on"] = act.short_term_on
        result.append(dataclasses.replace(step, **changes))
    if result and result[0].parallel:
        result[0] = dataclasses.replace(result[0], parallel=False)
    if legal is not None:
        result.append(_approvals().Step(approver=legal, role=ROUTE_LEGAL, closes=True, due_on=due))
    return result


def _start_round(act: Act, actor, steps: Sequence[Step]) -> None:
    start = _today()
    route = _closing_route(act, steps, start)
    version = _current_version(act)
    approvals = _approvals()
    if approvals.current_round(act) >= version.number:
        raise ValidationError(_("This version has already been sent for approval."))
    visas = approvals.start_round(act, actor=actor, steps=route)
    act.route = [
        {"approver": step.approver.pk, "role": step.role, "parallel": step.parallel, "closes": step.closes}
        for step in route
    ]
    version.submitted_at = timezone.now()
    version.save(update_fields=["submitted_at"])
    act.approval_due_on = approval_due_on(act, start=start)
    act.rework_due_on = None
    act.signer = act.signer or default_signer(act)
    _grant(act, officials.users_of(visa.approver for visa in visas))


def submit(act: Act, *, actor, steps: Sequence[Step]) -> Act:
    """Sends the draft for approval: §10.5–§10.10 files, §10.2 languages, §10.3 the legal consultant last."""
    with transaction.atomic():
        act = _lock(act)
        _require_developer(actor, act)
        if act.status != Act.Status.DRAFT:
            raise ValidationError(_("Only a draft can be sent for approval."))
        _check_complete(act)
        _start_round(act, actor, steps)
        before = _set_status(act, Act.Status.ON_APPROVAL, "approval_due_on", "rework_due_on", "signer", "route")
        _record(act, "act_submitted", actor, from_state=before, data={"version": act.version})
    return act


def shorter_term_roles() -> tuple[str, ...]:
    """§10.14: who may set a shorter approval term (profile rule acts.shorter_term_roles)."""
    return reglament.rule("acts.shorter_term_roles").as_codes()


def may_set_short_term(user) -> bool:
    return permissions.has_role(user, *shorter_term_roles())


def set_short_term(act: Act, *, actor, due_on: datetime.date) -> Act:
    """§10.14: a shorter approval term, set by the akim, a deputy akim or the head of apparatus only (profile)."""
    with transaction.atomic():
        act = _lock(act)
        if not may_set_short_term(actor):
            raise PermissionDenied(_("Only the akim, a deputy akim or the head of apparatus may shorten the term."))
        if act.status not in (Act.Status.DRAFT, Act.Status.ON_APPROVAL, Act.Status.RETURNED):
            raise ValidationError(_("The approval of this act is over."))
        if due_on is None or due_on < _today():
            raise ValidationError({"due_on": _("The term cannot be in the past.")})
        start = _current_version(act).submitted_at
        start = timezone.localdate(start) if start is not None and act.status == Act.Status.ON_APPROVAL else _today()
        act.short_term_on = None
        if due_on >= approval_due_on(act, start=start):
            raise ValidationError({"due_on": _("A shorter term must end before the term of the regulation.")})
        act.short_term_on = due_on
        act.short_term_by = _person_with_role(actor, shorter_term_roles())
        if act.status == Act.Status.ON_APPROVAL:
            act.approval_due_on = due_on
            _approvals().shorten_terms(act, due_on=due_on)  # the visas waiting now end by the shorter term
        act.save(update_fields=["short_term_on", "short_term_by", "approval_due_on", "updated_at"])
        _record(act, "act_short_term", actor, data={"due_on": due_on})
    return act


# --- returns and rework (§10.11–§10.13) ----------------------------------------------------------------

#: §10.12, §10.11: who may return a draft on which ground (the leadership roles count when acting, too)
_GROUNDS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.AKIM: (ActReturn.Ground.AKIM, ActReturn.Ground.SESSION_PROTOCOL),  # §10.12 1), 3)
    Role.HEAD_OF_APPARATUS: (  # §10.12 2) "или лица, его заменяющего", 3), 4)
        ActReturn.Ground.NOT_AUTHENTIC,
        ActReturn.Ground.REGULATION,
        ActReturn.Ground.RECORDS_INSTRUCTION,
        ActReturn.Ground.LAW,
        ActReturn.Ground.SESSION_PROTOCOL,
        ActReturn.Ground.WORKING_ORDER,
    ),  # fmt: skip
    Role.DEPUTY_AKIM: (ActReturn.Ground.WORKING_ORDER,),  # §10.12 4)
    Role.ORG_DEPARTMENT: (ActReturn.Ground.SESSION_PROTOCOL,),  # §10.12 3): the session's protocol is theirs
}
#: grounds that need a reference (the protocol's number, the legal opinion)
_NEEDS_REFERENCE = frozenset({ActReturn.Ground.SESSION_PROTOCOL, ActReturn.Ground.LEGAL_OPINION})
#: §10.13 "за исключением случаев доработки в рабочем порядке": a working-order return has no term
_NO_TERM = frozenset({ActReturn.Ground.WORKING_ORDER})


def return_grounds(act: Act, user) -> list[str]:
    """The grounds on which the user may return this draft now (§10.11, §10.12), in the order of ActReturn.Ground."""
    if act.status not in RETURNABLE:
        return []
    allowed: set[str] = set()
    roles = permissions.roles_of(user)
    for role, grounds in _GROUNDS_BY_ROLE.items():
        if role in roles:
            allowed.update(grounds)
    if act.status == Act.Status.SIGNED:
        allowed.discard(ActReturn.Ground.AKIM)  # §10.12 1): the akim returns on any ground until the vote
    if officials.is_legal_service(user):
        allowed.add(ActReturn.Ground.LEGAL_OPINION)  # §10.12 5)
    if officials.is_general_department(user):
        allowed.add(ActReturn.Ground.INCOMPLETE)  # §10.11
    return [ground for ground in ActReturn.Ground.values if ground in allowed]


def _drop_pending(act: Act, actor) -> None:
    """The visas not yet given of the current round fall away with the return, as when a visa returns it
    (akimat.approvals.decide): their requests are marked done and the rows dropped; the route stays in history."""
    approvals = _approvals()
    drop = getattr(approvals, "drop_pending", None)
    if drop is not None:
        drop(act, actor=actor)
        return
    # TODO(core): akimat.approvals has no public "drop the pending visas" yet — the same steps as its decide()
    from akimat.models import Visa

    config = approvals.subject_config(act)
    pending = [v for v in approvals.round_visas(act) if v.decision == Visa.Decision.PENDING]
    for visa in pending:
        if visa.received_at is not None:
            complete_action(act, config.action, key=approvals.visa_key(visa))
    Visa.objects.filter(pk__in=[v.pk for v in pending]).delete()


def _return(act: Act, *, actor, ground: str, reason: str, reference: str = "", visa=None) -> ActReturn:
    now = timezone.now()
    due = None if ground in _NO_TERM else _deadline(_today(), "acts.rework_term")  # §10.13
    row = ActReturn.objects.create(
        act=act, version=act.version, ground=ground, reason=reason.strip(), visa=visa, returned_by=actor,
        returned_by_person=(visa.acting_person or visa.approver) if visa is not None else _person(actor),
        returned_at=now, rework_due_on=due, reference=reference.strip()[:200],
    )  # fmt: skip
    act.rework_due_on = due
    act.approval_due_on = None
    before = _set_status(act, Act.Status.RETURNED, "rework_due_on", "approval_due_on")
    complete_action(act, acts_notifications.SIGN, acts_notifications.REGISTER)
    if visa is None:  # a visa's return is recorded by akimat.approvals.decide (with the state it leads to)
        _record(act, "act_returned", actor, from_state=before, comment=row.reason, data={"ground": ground})
    title = _("The draft act is returned for rework: %(act)s")
    for user in _developer_users(act):
        notify(
            user, "act_returned", obj=act, key=f"return.{row.pk}", title=title, body=row.reason,
            url=act.get_absolute_url(), context={"act": act}, action=acts_notifications.REWORK,
        )  # fmt: skip
    return row


def _developer_users(act: Act) -> list:
    users = {user.pk: user for user in officials.users_of([act.developer])}
    if act.created_by.is_active:
        users.setdefault(act.created_by_id, act.created_by)
    return list(users.values())


def return_draft(act: Act, *, actor, ground: str, reason: str, reference: str = "") -> ActReturn:
    """§10.12 / §10.11: returns the draft for rework on a ground the actor may use. Sets RETURNED and the rework
    term of §10.13 (none for a return in working order); the visas not yet given fall away."""
    with transaction.atomic():
        act = _lock(act)
        if ground not in ActReturn.Ground.values or ground == ActReturn.Ground.VISA:
            raise ValidationError({"ground": _("Choose the ground of the return.")})
        if act.status not in RETURNABLE:
            raise ValidationError(_("This act cannot be returned now."))
        if ground not in return_grounds(act, actor):
            raise PermissionDenied(_("You may not return a draft on this ground (§10.12)."))
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = [_("Write the reason for the return.")]
        if ground in _NEEDS_REFERENCE and not (reference or "").strip():
            errors["reference"] = [_("Give the number and date of the protocol or of the legal opinion.")]
        if errors:
            raise ValidationError(errors)
        _drop_pending(act, actor)
        return _return(act, actor=actor, ground=ground, reason=reason, reference=reference)


def _restart_steps(act: Act) -> list[Step]:
    """§10.13: the new round restarts from the step that returned it or from the start (profile flag
    acts.route_restart_from_returning_step), on the route the last round was sent on, with fresh terms."""
    Step = _approvals().Step
    if not act.route:
        return default_route(act)
    route = list(act.route)
    last = act.returns.select_related("visa").order_by("-returned_at", "-pk").first()
    from_step = reglament.rule("acts.route_restart_from_returning_step").as_bool()
    if from_step and last is not None and last.visa is not None and last.visa.round == act.version - 1:
        route = route[last.visa.position :]
    persons = Person.objects.in_bulk([row["approver"] for row in route])
    start = _today()
    steps = []
    for row in route:
        person = persons.get(row["approver"])
        if person is None or not person.is_active:
            continue
        due = _departments_due_on(act, start) if row["role"] == ROUTE_DEPARTMENTS else approval_due_on(act, start=start)
        steps.append(
            Step(
                approver=person,
                role=row["role"],
                parallel=bool(steps) and row["parallel"],
                closes=row["closes"],
                due_on=due,
            )
        )
    return steps


def resubmit(act: Act, *, actor, steps: Sequence[Step] | None = None) -> Act:
    """§10.13: the reworked draft goes on a new round as a new version (opened here if the developer did not
    edit it); without steps the route restarts per the profile flag acts.route_restart_from_returning_step."""
    with atomic_with_files():
        act = _lock(act)
        _require_developer(actor, act)
        if act.status != Act.Status.RETURNED:
            raise ValidationError(_("Only a returned draft can be sent again."))
        _editable_version(act, actor)
        _check_complete(act)
        _start_round(act, actor, _restart_steps(act) if steps is None else steps)
        complete_action(act, acts_notifications.REWORK)
        before = _set_status(act, Act.Status.ON_APPROVAL, "approval_due_on", "rework_due_on", "signer", "route")
        _record(act, "act_resubmitted", actor, from_state=before, data={"version": act.version})
    return act


def request_withdrawal(act: Act, *, actor, reason: str) -> Act:
    """§10.13: the developer asks in writing to withdraw the draft from consideration → WITHDRAWN at once (the
    written request is its reason, kept on the act); the head of apparatus is told."""
    with transaction.atomic():
        act = _lock(act)
        _require_developer(actor, act)
        if act.status not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned draft can be withdrawn."))
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Write why the draft is withdrawn.")})
        act.withdrawn_at = timezone.now()
        act.withdrawal_reason = reason.strip()
        act.rework_due_on = None
        before = _set_status(act, Act.Status.WITHDRAWN, "withdrawn_at", "withdrawal_reason", "rework_due_on")
        complete_action(act, acts_notifications.REWORK)
        _record(act, "act_withdrawal", actor, from_state=before, comment=act.withdrawal_reason)
        for user in officials.role_users(Role.HEAD_OF_APPARATUS):
            if permissions.can_view(user, act):
                notify(
                    user, "act_withdrawn", obj=act, title=_("A draft act is withdrawn: %(act)s"),
                    body=act.withdrawal_reason, url=act.get_absolute_url(), context={"act": act},
                )  # fmt: skip
    return act


# --- the approvals subject hooks ------------------------------------------------------------------------


def on_done(act: Act, actor) -> None:
    """Every visa of the round agreed (§10.4): the act goes to its signer (§10.15). ``act`` is locked by
    akimat.approvals.decide, which records the event with the state it leads to."""
    if act.status != Act.Status.ON_APPROVAL:
        return
    act.signer = act.signer or default_signer(act)
    _set_status(act, Act.Status.TO_SIGN, "signer")
    signers = officials.users_of([act.signer])
    _grant(act, signers)
    for user in signers:
        notify(
            user, "act_to_sign", obj=act, key=f"sign.{act.version}",
            title=_("An act is agreed and awaits your signature: %(act)s"), url=act.get_absolute_url(),
            context={"act": act}, action=acts_notifications.SIGN,
        )  # fmt: skip


def on_returned(act: Act, visa, actor) -> None:
    """A visa returned with its written reason (§10.4): the draft goes back to rework (ground VISA), reason = the
    visa's comment. ``act`` is locked by akimat.approvals.decide."""
    if act.status != Act.Status.ON_APPROVAL:
        return
    _return(act, actor=actor, ground=ActReturn.Ground.VISA, reason=visa.comment, visa=visa)


def subject_label(act: Act) -> str:
    return str(act)


def subject_authors(act: Act) -> list:
    return _developer_users(act)


def register_subject() -> None:
    """Acts take part in the core approval mechanism (from ActsConfig.ready)."""
    approvals = _approvals()
    fields = {f.name for f in dataclasses.fields(approvals.Subject)}
    options: dict[str, Any] = {
        "model": Act, "label": subject_label, "url": lambda act: act.get_absolute_url(), "on_done": on_done,
        "on_returned": on_returned, "lock": _lock,
    }  # fmt: skip
    if "on_reached" in fields:
        options["on_reached"] = None
    if "authors" in fields:
        options["authors"] = subject_authors
    approvals.register(approvals.Subject(**options))


# --- signing and registration (§10.15–§10.17) -----------------------------------------------------------


def _may_sign(user, act: Act) -> bool:
    """§10.15: the akim, the person acting for him (ActingDuty), the head of apparatus for an apparatus order."""
    persons = {p.pk for p in _persons(user)}
    if act.signer_id is not None:
        return act.signer_id in persons
    role = Role.HEAD_OF_APPARATUS if act.type == ActType.APPARATUS_ORDER else Role.AKIM
    return permissions.has_role(user, role)


def may_sign(user, act: Act) -> bool:
    """Whether the user may record the signature: the signer (or acting), or the general department on paper."""
    return act.status == Act.Status.TO_SIGN and (_may_sign(user, act) or officials.is_general_department(user))


def sign(act: Act, *, actor, signed_file: UploadedFile, signed_on: datetime.date) -> Act:
    """§10.15: signing after every visa, by the signer (or the person acting for him), or recorded by the general
    department for a paper signature (signed_by = the signer). Takes the signed file and the date."""
    with atomic_with_files():
        act = _lock(act)
        if act.status != Act.Status.TO_SIGN or not _approvals().all_agreed(act):
            raise ValidationError(_("An act is signed only after every visa is given (§10.15)."))
        own = _may_sign(actor, act)
        if not own and not officials.is_general_department(actor):
            raise PermissionDenied(_("Only the akim or the person acting for him signs the act (§10.15)."))
        errors = {}
        if signed_file is None:
            errors["signed_file"] = [_("Attach the signed act.")]
        if signed_on is None or signed_on > _today():
            errors["signed_on"] = [_("The date of signature cannot be in the future.")]
        elif signed_on < timezone.localdate(act.created_at):
            errors["signed_on"] = [_("The date of signature cannot be before the draft was created.")]
        if errors:
            raise ValidationError(errors)
        signer = act.signer or default_signer(act)
        if own:
            acting = next((p for p in _persons(actor) if p.pk == getattr(signer, "pk", None)), None)
            signed_by = (
                _person(actor) if acting is not None and acting.pk != getattr(_person(actor), "pk", None) else signer
            )
        else:
            signed_by = signer
        version = _current_version(act)
        ActFile.objects.create(
            version=version, kind=ActFile.Kind.SIGNED, attachment=attach(version, signed_file, uploaded_by=actor)
        )
        act.signer = signer or _person(actor)
        act.signed_by = signed_by or act.signer
        act.signed_on = signed_on
        act.signed_at = timezone.now()
        before = _set_status(act, Act.Status.SIGNED, "signer", "signed_by", "signed_on", "signed_at")
        complete_action(act, acts_notifications.SIGN)
        _record(act, "act_signed", actor, from_state=before, data={"signed_on": signed_on})
        registrars = officials.role_users(Role.REGISTRAR)
        _grant(act, registrars)
        for user in registrars:
            notify(
                user, "act_to_register", obj=act, key="register", title=_("A signed act awaits registration: %(act)s"),
                url=act.get_absolute_url(), context={"act": act}, action=acts_notifications.REGISTER,
            )  # fmt: skip
    return act


def register(act: Act, *, actor) -> Act:
    """§10.16: the general department gives the signed act its number — one gapless sequence per type and year
    (akimat.numbering, never on a draft); §10.17 permanent storage; a normative act's term of submission for
    state registration (profile acts.normative_submission_term); points with executors go on control."""
    with transaction.atomic():
        act = _lock(act)
        if not officials.is_general_department(actor):
            raise PermissionDenied(_("Acts are registered by the general department (§10.16)."))
        if act.status != Act.Status.SIGNED:
            raise ValidationError(_("Only a signed act is registered (§10.16)."))
        today = _today()
        if act.is_normative:
            found = reglament.term("acts.normative_submission_term")
            act.justice_submission_due_on = workdays.deadline(act.signed_on, found.amount, found.unit)
        act.registered_on = today
        act.year = today.year
        act.registered_by = actor
        act.storage_mark = STORAGE_PERMANENT
        act.number = numbering.take_number(JOURNALS[act.type], on=today)  # as late as possible: the counter waits
        before = _set_status(
            act, Act.Status.REGISTERED, "registered_on", "year", "registered_by", "storage_mark", "number",
            "justice_submission_due_on",
        )  # fmt: skip
        complete_action(act, acts_notifications.REGISTER)
        _record(act, "act_registered", actor, from_state=before, data={"number": act.number})
        if act.points.filter(control_item__isnull=True).exists():
            put_points_on_control(act, actor=actor)
        addressees = _distribution_users(act)
        _grant(act, addressees)
        for user in addressees:
            notify(
                user, "act_registered", obj=act, title=_("An act is registered: %(act)s"), url=act.get_absolute_url(),
                context={"act": act},
            )  # fmt: skip
        if act.is_normative:
            for user in _legal_users():
                notify(
                    user, "act_state_registration", obj=act, key="submit",
                    title=_("A normative act is to be submitted for state registration: %(act)s"),
                    url=act.get_absolute_url(), context={"act": act}, action=acts_notifications.STATE_REGISTRATION,
                )  # fmt: skip
    return act


def _distribution_users(act: Act) -> list:
    heads = OrgUnit.objects.filter(pk__in=act.distribution.filter(unit__isnull=False).values("unit"))
    users = {u.pk: u for u in officials.users_of(unit.head for unit in heads.select_related("head__user"))}
    users.update({u.pk: u for u in _developer_users(act)})
    return list(users.values())


def _legal_users() -> list:
    users = {u.pk: u for u in officials.role_users(Role.LEGAL_SERVICE)}
    users.update({u.pk: u for u in officials.users_of([officials.legal_consultant()])})
    return list(users.values())


# --- points on control ---------------------------------------------------------------------------------


def may_edit_points(user, act: Act) -> bool:
    if act.status in EDITABLE:
        return is_developer_side(user, act)
    return act.status in (Act.Status.SIGNED, Act.Status.REGISTERED) and officials.is_general_department(user)


def set_points(act: Act, *, actor, points: Sequence[PointData]) -> list[ActPoint]:
    """Replaces the act's points not yet on control (the developer while it is a draft, the general department
    once it is signed); a registered act's new points go on control at once."""
    with transaction.atomic():
        act = _lock(act)
        if act.status == Act.Status.WITHDRAWN or not may_edit_points(actor, act):
            raise PermissionDenied(_("You may not change the points of this act."))
        taken = set(act.points.filter(control_item__isnull=False).values_list("number", flat=True))
        errors: list = []
        numbers: set[str] = set()
        for point in points:
            number = (point.number or "").strip().rstrip(".")
            if not number or not (point.text or "").strip():
                errors.append(_("Each point needs its number and its content."))
            elif number in numbers or number in taken:
                errors.append(_("Point %(number)s is listed twice.") % {"number": number})
            if point.lead_unit is None and point.lead_person is None:
                errors.append(_("Point %(number)s needs an executor.") % {"number": number})
            if point.deadline is None or point.deadline < _today():
                errors.append(_("The deadline of point %(number)s cannot be in the past.") % {"number": number})
            numbers.add(number)
        if errors:
            raise ValidationError({"points": list(dict.fromkeys(errors))})
        act.points.filter(control_item__isnull=True).delete()
        rows = ActPoint.objects.bulk_create(
            [
                ActPoint(
                    act=act,
                    number=(p.number or "").strip().rstrip("."),
                    text=p.text.strip(),
                    lead_unit=p.lead_unit,
                    lead_person=p.lead_person,
                    deadline=p.deadline,
                )  # fmt: skip
                for p in points
            ]
        )
        _record(act, "act_points", actor, data={"points": [row.number for row in rows]})
        if act.status == Act.Status.REGISTERED and rows:
            put_points_on_control(act, actor=actor)
    return rows


def point_source_label(act: Act, point: ActPoint) -> str:
    """The language-neutral source of a point's control item (control.models.point_source_label): the item's
    page reads "Act № 12 16.03.2026, point 3.2" in the reader's language (ControlItem.source_display)."""
    from control.models import point_source_label as label_of_point

    return label_of_point(f"№ {act.number} {_date(act.signed_on or act.registered_on)}", point.number)


def put_points_on_control(act: Act, *, actor) -> list[ControlItem]:
    """The registered act's points go on control (control.services.put_on_control, source = the act, so that a
    ДСП act's items are restricted too)."""
    from control import services as control_services
    from control.models import Issuer, SourceKind
    from correspondence.services.workflow import general_department

    with transaction.atomic():
        act = _lock(act)
        if act.status != Act.Status.REGISTERED:
            raise ValidationError(_("Points go on control once the act is registered."))
        issuer = Issuer.HEAD_OF_APPARATUS if act.type == ActType.APPARATUS_ORDER else Issuer.AKIM
        controller = general_department()
        items = []
        for point in act.points.filter(control_item__isnull=True).select_related("lead_unit", "lead_person"):
            item = control_services.put_on_control(
                actor=actor, text=point.text, issuer=issuer, issuer_person=act.signer,
                lead=point.lead_person or point.lead_unit, controller=controller, source_kind=SourceKind.ACT,
                source_label=point_source_label(act, point), source=act, received_on=act.registered_on,
                given_on=act.signed_on or act.registered_on, deadline=point.deadline,
            )  # fmt: skip
            point.control_item = item
            point.save(update_fields=["control_item"])
            items.append(item)
        if items:
            _record(act, "act_points_on_control", actor, data={"items": [item.number for item in items]})
    return items


# --- distribution and state registration (§10.18, normative acts) ---------------------------------------


def not_yet_sent() -> models.QuerySet:
    """§10.18: the addressees of registered acts whose certified copy is not yet sent (the general department)."""
    return Distribution.objects.filter(sent_on__isnull=True, act__status=Act.Status.REGISTERED)


def record_dispatch(distribution: Distribution, *, actor, sent_on: datetime.date, channel: str) -> Distribution:
    """§10.18: the certified copy sent to one addressee — by whom, when and how."""
    with transaction.atomic():
        act = _lock(distribution.act)
        distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
        if not officials.is_general_department(actor):
            raise PermissionDenied(_("Certified copies are sent by the general department (§10.18)."))
        if act.status != Act.Status.REGISTERED:
            raise ValidationError(_("Copies are sent once the act is registered."))
        errors = {}
        if channel not in Distribution.Channel.values:
            errors["channel"] = [_("Choose how the copy was sent.")]
        if sent_on is None or sent_on > _today():
            errors["sent_on"] = [_("The date sent cannot be in the future.")]
        elif sent_on < act.registered_on:
            errors["sent_on"] = [_("The date sent cannot be before the registration of the act.")]
        if errors:
            raise ValidationError(errors)
        distribution.sent_on, distribution.channel = sent_on, channel
        distribution.sent_by, distribution.sent_at = actor, timezone.now()
        distribution.save(update_fields=["sent_on", "channel", "sent_by", "sent_at"])
        _record(
            act, "act_dispatched", actor, data={"addressee": str(distribution), "channel": channel, "sent_on": sent_on}
        )
    return distribution


def may_record_state_registration(user, act: Act) -> bool:
    return (
        act.is_normative
        and act.status == Act.Status.REGISTERED
        and (officials.is_legal_service(user) or officials.is_general_department(user) or is_developer_side(user, act))
    )


def record_state_registration(
    act: Act,
    *,
    actor,
    submitted_on: datetime.date | None = None,
    justice_number: str = "",
    justice_registered_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
) -> Act:
    """Normative acts only: submission to the justice body, its registration number and date, publication."""
    with transaction.atomic():
        act = _lock(act)
        if not act.is_normative:
            raise ValidationError(_("Only a normative act is registered with the justice body."))
        if not may_record_state_registration(actor, act):
            raise PermissionDenied(_("You may not record the state registration of this act."))
        today = _today()
        justice_number = (justice_number or "").strip()
        errors: dict[str, list] = {}
        for name, day in (("submitted_on", submitted_on), ("justice_registered_on", justice_registered_on),
                          ("published_on", published_on)):  # fmt: skip
            if day is not None and (day > today or (act.signed_on and day < act.signed_on)):
                errors[name] = [_("The date must lie between the signature and today.")]
        if (justice_number or justice_registered_on) and submitted_on is None and act.justice_submitted_on is None:
            errors["submitted_on"] = [_("Give the date of submission for state registration.")]
        if bool(justice_number) != bool(justice_registered_on):
            errors["justice_number"] = [_("Give both the state registration number and its date.")]
        if submitted_on and justice_registered_on and justice_registered_on < submitted_on:
            errors["justice_registered_on"] = [_("State registration cannot precede the submission.")]
        if published_on and not (justice_registered_on or act.justice_registered_on):
            errors["published_on"] = [_("A normative act is published after its state registration.")]
        if errors:
            raise ValidationError(errors)
        if submitted_on is not None:
            act.justice_submitted_on = submitted_on
        if justice_number:
            act.justice_number, act.justice_registered_on = justice_number[:50], justice_registered_on
        if published_on is not None:
            act.published_on = published_on
        act.save(
            update_fields=[
                "justice_submitted_on",
                "justice_number",
                "justice_registered_on",
                "published_on",
                "updated_at",
            ]
        )
        if act.justice_submitted_on is not None:
            complete_action(act, acts_notifications.STATE_REGISTRATION)
        _record(
            act, "act_state_registration", actor,
            data={"submitted_on": act.justice_submitted_on, "justice_number": act.justice_number,
                  "justice_registered_on": act.justice_registered_on, "published_on": act.published_on},
        )  # fmt: skip
    return act


# --- flags and reminders (§10.13, §10.15, normative acts) ----------------------------------------------


def rework_overdue(on: datetime.date | None = None) -> models.QuerySet:
    """§10.13: returned drafts past their rework term (neither resubmitted nor withdrawn)."""
    return Act.objects.filter(status=Act.Status.RETURNED, rework_due_on__lt=on or _today())


def signing_overdue(on: datetime.date | None = None) -> models.QuerySet:
    """§10.15: electronic drafts not signed within the profile's term of their creation."""
    return Act.objects.filter(
        status__in=[Act.Status.DRAFT, Act.Status.ON_APPROVAL, Act.Status.RETURNED, Act.Status.TO_SIGN],
        signing_due_on__lt=on or _today(),
    )


def justice_submission_overdue(on: datetime.date | None = None) -> models.QuerySet:
    """Normative acts not submitted for state registration in the profile's term (flagged to the legal consultant)."""
    return Act.objects.filter(
        is_normative=True, status=Act.Status.REGISTERED, justice_submitted_on__isnull=True,
        justice_submission_due_on__lt=on or _today(),
    )  # fmt: skip


def flags(act: Act, on: datetime.date | None = None) -> set[str]:
    """What is overdue about the act: "rework" (§10.13), "signing" (§10.15), "justice_submission"."""
    day = on or _today()
    found = set()
    if act.status == Act.Status.RETURNED and act.rework_due_on and act.rework_due_on < day:
        found.add("rework")
    if act.is_draft and act.status != Act.Status.SIGNED and act.signing_due_on and act.signing_due_on < day:
        found.add("signing")
    if (
        act.is_normative and act.status == Act.Status.REGISTERED and act.justice_submitted_on is None
        and act.justice_submission_due_on and act.justice_submission_due_on < day
    ):  # fmt: skip
        found.add("justice_submission")
    return found


def remind_rework(now: datetime.datetime | None = None) -> int:
    """The beat's body (acts.tasks.remind): §10.13 a reminder to the developer the working day before the rework
    term ends and a flag once it has passed; the legal consultant told of a normative act past its submission
    term. Exactly once per act and kind (the notification key)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    tomorrow = workdays.next_working_day(today, include_self=False)
    soon = Act.objects.filter(status=Act.Status.RETURNED, rework_due_on__gte=today, rework_due_on__lte=tomorrow)
    for act in soon.select_related("developer__user", "created_by"):
        for user in _developer_users(act):
            sent += _remind(
                user, act, f"rework.{act.version}.soon", _("The rework term of a draft act ends soon: %(act)s")
            )
    for act in rework_overdue(today).select_related("developer__user", "created_by"):
        for user in _developer_users(act):
            sent += _remind(
                user, act, f"rework.{act.version}.overdue", _("The rework term of a draft act has passed: %(act)s")
            )
    legal = _legal_users()
    for act in justice_submission_overdue(today):
        for user in legal:
            sent += _remind(
                user,
                act,
                "justice.overdue",
                _("A normative act is not submitted for state registration in time: %(act)s"),
            )
    return sent


def _remind(user, act: Act, key: str, title) -> int:
    if act.is_dsp and not permissions.can_view(user, act):
        return 0
    created = notify(
        user, "act_reminder", obj=act, key=key, title=title, url=act.get_absolute_url(), context={"act": act},
        body=_("Term: %(day)s") % {"day": _date(act.rework_due_on or act.justice_submission_due_on or _today())},
    )  # fmt: skip
    return 1 if created is not None else 0


# --- queries used by pages ------------------------------------------------------------------------------


def versions_compare(act: Act, a: int, b: int) -> Any:
    """Thin wrapper over acts.compare: versions ``a`` and ``b`` of the act side by side."""
    from acts import compare

    versions = {v.number: v for v in act.versions.filter(number__in=[a, b]).prefetch_related("files__attachment")}
    if a not in versions or b not in versions:
        raise ValidationError(_("There is no such version of the draft."))
    return compare.compare_versions(versions[a], versions[b])


def allowed_actions(act: Act, user) -> set[str]:
    """The actions the act page offers ``user`` (a subset of ACTIONS)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    found: set[str] = set()
    developer = is_developer_side(user, act)
    if act.status in EDITABLE and developer:
        found |= {"edit", "withdraw", "submit" if act.status == Act.Status.DRAFT else "resubmit"}
    if return_grounds(act, user):
        found.add("return")
    if act.status == Act.Status.ON_APPROVAL:
        persons = [p.pk for p in _persons(user)]
        if any(visa.approver_id in persons for visa in _approvals().waiting(act)):
            found.add("visa")
    if act.status in (Act.Status.DRAFT, Act.Status.ON_APPROVAL, Act.Status.RETURNED) and may_set_short_term(user):
        found.add("short_term")
    if may_sign(user, act):
        found.add("sign")
    if act.status == Act.Status.SIGNED and officials.is_general_department(user):
        found.add("register")
    if may_edit_points(user, act):
        found.add("points")
    if (
        act.status == Act.Status.REGISTERED
        and officials.is_general_department(user)
        and act.distribution.filter(sent_on__isnull=True).exists()
    ):
        found.add("dispatch")
    if may_record_state_registration(user, act):
        found.add("state_registration")
    return found
