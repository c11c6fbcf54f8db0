"""Meetings: the ONLY mutator of meetings, their agenda, materials, attendance, votes and protocols —
003 §5, §8 and Appendix 6 (000 §5, §8; 004 §5–§9).

    Meeting: PLANNED → (record_attendance) HELD;  PLANNED → (cancel) CANCELLED
    Protocol: DRAFT → (submit) ON_APPROVAL → visas (akimat.approvals) → TO_SIGN → (sign) REGISTERED
              ON_APPROVAL → (a visa returned) RETURNED → (submit) ON_APPROVAL …

Every term comes from the regulation profile (``meetings.*`` rules) and every date from ``akimat.workdays``;
the visas are core visas (``akimat.approvals``, subject = the protocol, round = its version); the number is
taken from the type's journal (``akimat.numbering``); the points go on control through ``control.services``
with the protocol as their source, so a closed meeting's restriction flows to its items.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import approvals, history, numbering, officials, permissions, reglament, workdays
from akimat.attachments import atomic_with_files, attach
from akimat.models import OrgUnit, Person
from akimat.notifications import Action, Draft, complete_action, notify, notify_many
from akimat.roles import Role
from meetings.models import (
    AgendaItem,
    AkimatMember,
    Kind,
    Material,
    Meeting,
    MeetingFeed,
    MeetingType,
    Participant,
    Protocol,
    ProtocolDistribution,
    ProtocolPoint,
)

if TYPE_CHECKING:
    from control.models import ControlItem

#: §5.6 (session), §5.28 (apparatus meeting): materials due this many working days before the meeting; other kinds
#: have the term the organiser gives in the letter (§5.39, §5.50)
MATERIALS_RULES = {
    Kind.SESSION: "meetings.session_materials_before",
    Kind.APPARATUS: "meetings.apparatus_materials_before",
}
#: §5.8, §5.30: the package to the head of apparatus (the order of proceedings) this many working days before
PACKAGE_RULES = {Kind.SESSION: "meetings.session_package_before", Kind.APPARATUS: "meetings.apparatus_package_before"}
#: §5.6 1), 2), 5); §5.28: what every item of the agenda needs before the meeting
REQUIRED_MATERIALS = {
    Kind.SESSION: (Material.Kind.REFERENCE_NOTE, Material.Kind.DRAFT_RESOLUTION, Material.Kind.PARTICIPANTS),
    Kind.APPARATUS: (Material.Kind.REFERENCE_NOTE, Material.Kind.REPORT, Material.Kind.DRAFT_DECISION,
                     Material.Kind.PARTICIPANTS),
}  # fmt: skip
DEFAULT_REQUIRED_MATERIALS = (Material.Kind.REFERENCE_NOTE, Material.Kind.DRAFT_DECISION)
#: §5.6 3): a presentation is at most 10 MB
PRESENTATION_MAX_BYTES = 10 * 1024 * 1024
#: §8.5: points and sub-points in arabic numerals: 1, 1.1, 1.1.2
POINT_NUMBER = re.compile(r"^[1-9]\d{0,2}(\.[1-9]\d{0,2}){0,3}$")
EDITABLE = frozenset({Protocol.Status.DRAFT, Protocol.Status.RETURNED})

# the notifications that ask for something; the service that does it marks them done
SIGN = Action("meetings.sign", _("signature of the protocol"))
REWORK = Action("meetings.rework", _("rework of the draft protocol"))
MATERIALS = Action("meetings.materials", _("materials for the meeting"))

HISTORY_LABELS = {
    "meeting_planned": _("meeting planned"),
    "meeting_changed": _("meeting changed"),
    "meeting_cancelled": _("meeting cancelled"),
    "agenda_changed": _("agenda changed"),
    "agenda_sent": _("agenda sent to the members and the invited"),
    "material_added": _("material submitted"),
    "attendance_recorded": _("attendance recorded"),
    "vote_recorded": _("vote recorded"),
    "protocol_started": _("protocol drafting started"),
    "protocol_edited": _("protocol edited"),
    "protocol_points": _("points of the protocol changed"),
    "protocol_submitted": _("protocol sent for approval"),
    "protocol_returned": _("protocol returned for rework"),
    "protocol_registered": _("protocol signed and registered"),
    "protocol_points_on_control": _("points of the protocol put on control"),
}
history.register_actions(HISTORY_LABELS)

#: who plans meetings: the organisational department (§5.6–§5.10), the head of apparatus; a department organises
#: the meetings of its own (§5.57) and of the bodies it is the working body of (§8.4)
PLANNER_ROLES = frozenset({Role.ORG_DEPARTMENT, Role.HEAD_OF_APPARATUS, Role.DEPARTMENT_HEAD, Role.REGISTRAR})
PLANNER_FUNCTIONS = frozenset({OrgUnit.Function.ORGANISATIONAL, OrgUnit.Function.GENERAL})


@dataclass
class MeetingData:
    type: MeetingType
    starts_at: datetime.datetime
    chair: Person
    organiser_unit: OrgUnit
    secretary: Person | None = None
    title_kk: str = ""
    title_ru: str = ""
    ends_at: datetime.datetime | None = None
    place: str = ""
    format: str = Meeting.Format.IN_PERSON
    is_closed: bool = False
    is_extraordinary: bool = False
    members: list[Person] = field(default_factory=list)
    invited: list[Person] = field(default_factory=list)
    invited_names: list[str] = field(default_factory=list)  # invited from outside the directory, one per line
    materials_due_on: datetime.date | None = None  # kinds without a rule in the profile: the organiser's term


@dataclass
class ItemData:
    title_kk: str
    title_ru: str = ""
    speakers: list[Person] = field(default_factory=list)
    responsible_units: list[OrgUnit] = field(default_factory=list)
    curator: Person | None = None
    minutes: int | None = None
    draft_act: object | None = None
    order: int | None = None


@dataclass
class Attendance:
    participant: Participant
    present: bool
    substitute: str = ""


@dataclass
class PointData:
    number: str
    text_kk: str
    text_ru: str = ""
    item: AgendaItem | None = None
    lead_unit: OrgUnit | None = None
    lead_person: Person | None = None
    co_units: list[OrgUnit] = field(default_factory=list)
    deadline: datetime.date | None = None
    term_days: int | None = None


@dataclass
class Section:
    """The protocol's section of an agenda item (Appendix 6): СЛУШАЛИ, ВЫСТУПИЛИ."""

    item: AgendaItem
    heard_kk: str = ""
    heard_ru: str = ""
    spoke_kk: str = ""
    spoke_ru: str = ""


@dataclass(frozen=True)
class Quorum:
    """§5.4: the members of the akimat on the date, those present, how many must be, and whether the session is
    valid."""

    total: int
    present: int
    required: int

    @property
    def valid(self) -> bool:
        return self.total > 0 and self.present >= self.required


# --- small helpers -------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return workdays.today()


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localdate(meeting.starts_at)


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("type").get(pk=meeting.pk)


def _lock_protocol(protocol: Protocol) -> Protocol:
    return Protocol.objects.select_for_update().select_related("meeting__type").get(pk=protocol.pk)


def _term(start: datetime.date, key: str, *, before: bool = False) -> datetime.date:
    found = reglament.term(key)
    return workdays.deadline(start, found.amount, found.unit, before=before)


def _fraction(key: str) -> Fraction:
    return reglament.rule(key).as_fraction()


def _record(obj, action: str, actor, *, from_state: str = "", comment: str = "", data=None) -> None:
    history.record(
        obj, action, actor=actor, from_state=from_state, to_state=getattr(obj, "status", ""), comment=comment,
        data=data or {},
    )  # fmt: skip


def _persons(user) -> list[Person]:
    return permissions.principal_persons(user)


def _is_one_of(user, *persons: Person | None) -> bool:
    wanted = {p.pk for p in persons if p is not None}
    return bool(wanted) and any(p.pk in wanted for p in _persons(user))


def _grant(meeting: Meeting, users: Iterable) -> None:
    """§5.3: a closed meeting and its materials are seen only by those granted by name."""
    if not meeting.is_closed:
        return
    for user in users:
        if user is not None:
            permissions.grant_view(user, meeting)


def participant_users(meeting: Meeting) -> list:
    """The users who take part: chair, secretary, members, invited, speakers (for notifications and grants)."""
    persons = [meeting.chair, meeting.secretary]
    persons += [p.person for p in meeting.participants.select_related("person__user") if p.person is not None]
    for item in meeting.items.prefetch_related("speakers__user"):
        persons += list(item.speakers.all())
    unique = {p.pk: p for p in persons if p is not None}
    return officials.users_of(unique.values())


# --- who may do what -----------------------------------------------------------------------------------


def may_plan(user) -> bool:
    """The organisational department, the general department, the head of apparatus, department heads (§5.57)."""
    if permissions.roles_of(user) & PLANNER_ROLES:
        return True
    return bool(permissions.unit_functions(user) & PLANNER_FUNCTIONS)


def may_manage(user, meeting: Meeting) -> bool:
    """Who keeps the meeting: its secretary, its creator, the organising department, the head of apparatus."""
    if meeting.created_by_id == getattr(user, "pk", None):
        return True
    if _is_one_of(user, meeting.secretary):
        return True
    if permissions.has_role(user, Role.HEAD_OF_APPARATUS):
        return True
    return meeting.organiser_unit_id in permissions.unit_ids_of(user)


def _require_manager(user, meeting: Meeting) -> None:
    if not may_manage(user, meeting):
        raise PermissionDenied(_("Only the secretary or the organising department of the meeting may do this."))


def may_submit_material(user, item: AgendaItem) -> bool:
    """The bodies responsible for the item (§5.7), its speakers and curator, and those who keep the meeting."""
    if may_manage(user, item.meeting):
        return True
    if _is_one_of(user, item.curator, *item.speakers.all()):
        return True
    units = permissions.unit_ids_of(user) | permissions.headed_units(user)
    return bool(units & set(item.responsible_units.values_list("pk", flat=True)))


# --- planning ------------------------------------------------------------------------------------------


def akimat_members(on: datetime.date) -> list[Person]:
    """§5.4: the members of the akimat on a date (the list changes over time)."""
    rows = AkimatMember.objects.filter(since__lte=on).exclude(until__lt=on).select_related("person")
    unique = {row.person_id: row.person for row in rows.order_by("person__full_name", "pk")}
    return list(unique.values())


def _due_dates(meeting: Meeting, given: datetime.date | None) -> None:
    """§5.6, §5.28 / §5.8, §5.30: the materials' and the package's dates, counted back in working days from the
    meeting day; never before the day the meeting is planned (nothing is late before it is asked for)."""
    day = meeting_day(meeting)
    today = _today()
    rule = MATERIALS_RULES.get(meeting.kind)
    due = _term(day, rule, before=True) if rule else given
    meeting.materials_due_on = max(due, today) if due is not None and day >= today else due
    rule = PACKAGE_RULES.get(meeting.kind)
    package = _term(day, rule, before=True) if rule else None
    meeting.package_due_on = max(package, today) if package is not None and day >= today else package


def _validate_meeting(data: MeetingData) -> None:
    errors: dict[str, list] = {}
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The meeting cannot end before it starts.")]
    if not data.type.is_active:
        errors["type"] = [_("This type of meeting is no longer used.")]
    if data.is_extraordinary and data.type.kind != Kind.SESSION:
        errors["is_extraordinary"] = [_("Only an akimat session is extraordinary (§5.1).")]
    if data.secretary is not None and data.secretary.pk == data.chair.pk:
        errors["secretary"] = [_("The chair and the secretary are different people.")]
    if errors:
        raise ValidationError(errors)


def _set_participants(meeting: Meeting, data: MeetingData) -> None:
    """The members (for a session: the akimat's members on its date, §5.4) and the invited (§5.5)."""
    # §5.4: a session's members (its quorum) are the akimat's members on its date — anyone else named is invited
    members = akimat_members(meeting_day(meeting)) if meeting.is_session else list(data.members)
    kept = {p.person_id: p for p in meeting.participants.filter(person__isnull=False)}
    wanted: dict[int, str] = {p.pk: Participant.Role.MEMBER for p in members}
    for person in [*data.members, *data.invited]:
        wanted.setdefault(person.pk, Participant.Role.INVITED)
    meeting.participants.filter(person__isnull=False).exclude(person__in=list(wanted)).delete()
    for person_id, role in wanted.items():
        row = kept.get(person_id)
        if row is None:
            Participant.objects.create(meeting=meeting, person_id=person_id, role=role)
        elif row.role != role:
            row.role = role
            row.save(update_fields=["role"])
    names = [n.strip() for n in data.invited_names if n.strip()]
    meeting.participants.filter(person__isnull=True).exclude(name__in=names).delete()
    known = set(meeting.participants.filter(person__isnull=True).values_list("name", flat=True))
    Participant.objects.bulk_create(
        Participant(meeting=meeting, role=Participant.Role.INVITED, name=name[:300])
        for name in names
        if name not in known
    )


def plan_meeting(*, actor, data: MeetingData) -> Meeting:
    """Plan a meeting: its type, date, chair, secretary, members and invited; the dates its materials and its
    package are due (§5.6, §5.8; §5.27–§5.30). An extraordinary session's agenda goes out at once (§5.10)."""
    if not may_plan(actor):
        raise PermissionDenied(_("You may not plan meetings."))
    _validate_meeting(data)
    if timezone.localdate(data.starts_at) < _today():
        raise ValidationError({"starts_at": [_("A meeting is planned for today or later.")]})
    with transaction.atomic():
        meeting = Meeting(
            type=data.type, kind=data.type.kind, title_kk=data.title_kk.strip(), title_ru=data.title_ru.strip(),
            starts_at=data.starts_at, ends_at=data.ends_at, place=data.place.strip(), format=data.format,
            is_closed=data.is_closed, is_extraordinary=data.is_extraordinary, chair=data.chair,
            secretary=data.secretary, organiser_unit=data.organiser_unit, created_by=actor,
        )  # fmt: skip
        _due_dates(meeting, data.materials_due_on)
        meeting.save()
        _set_participants(meeting, data)
        _grant(meeting, [actor, *participant_users(meeting), *_organiser_users(meeting)])
        _record(meeting, "meeting_planned", actor, data={"starts_at": meeting.starts_at.isoformat()})
        _notify_planned(meeting)
        if meeting.is_extraordinary:
            send_agenda(meeting, actor=actor)
    return meeting


def update_meeting(meeting: Meeting, *, actor, data: MeetingData) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Only a planned meeting is changed."))
        _validate_meeting(data)
        if data.type.kind != meeting.kind and meeting.items.exists():
            raise ValidationError({"type": [_("The type of a meeting with an agenda is not changed.")]})
        moved = timezone.localdate(data.starts_at) != meeting_day(meeting) or data.type.kind != meeting.kind
        if moved and timezone.localdate(data.starts_at) < _today():
            raise ValidationError({"starts_at": [_("A meeting is planned for today or later.")]})
        for name in ("type", "title_kk", "title_ru", "starts_at", "ends_at", "place", "format", "is_closed",
                     "is_extraordinary", "chair", "secretary", "organiser_unit"):  # fmt: skip
            value = getattr(data, name)
            setattr(meeting, name, value.strip() if isinstance(value, str) else value)
        meeting.kind = data.type.kind
        given = MATERIALS_RULES.get(meeting.kind) is None and data.materials_due_on != meeting.materials_due_on
        if moved or given:
            # §5.6, §5.17: an edit that does not move the meeting keeps a passed due date (late stays late)
            _due_dates(meeting, data.materials_due_on)
        meeting.save()
        _set_participants(meeting, data)
        _grant(meeting, [*participant_users(meeting), *_organiser_users(meeting)])
        _record(meeting, "meeting_changed", actor)
        if meeting.is_extraordinary:  # §5.10: made extraordinary, or its invited changed: the agenda at once
            send_agenda(meeting, actor=actor)
    return meeting


def cancel_meeting(meeting: Meeting, *, actor, reason: str) -> Meeting:
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Only a planned meeting is cancelled."))
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
        before = meeting.status
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason.strip()
        meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
        _record(meeting, "meeting_cancelled", actor, from_state=before, comment=meeting.cancel_reason)
        for user in participant_users(meeting):
            notify(
                user, "meeting_cancelled", obj=meeting, key="cancelled", title=_("A meeting is cancelled: %(meeting)s"),
                url=meeting.get_absolute_url(), context={"meeting": meeting},
            )  # fmt: skip
    return meeting


def _organiser_users(meeting: Meeting) -> list:
    unit = OrgUnit.objects.select_related("head__user").get(pk=meeting.organiser_unit_id)
    return officials.users_of([unit.head])


def _notify_planned(meeting: Meeting) -> None:
    notify_many(
        Draft(
            recipient=user,
            kind="meeting_planned",
            obj=meeting,
            key="planned",
            title=_("You are invited to a meeting: %(meeting)s"),
            url=meeting.get_absolute_url(),
            context={"meeting": meeting},
        )  # fmt: skip
        for user in participant_users(meeting)
    )


def send_agenda(meeting: Meeting, *, actor) -> int:
    """§5.10 (an extraordinary session: at once), §5.27 (an apparatus meeting): the agenda to the members and the
    invited, once per version of the agenda; returns how many were told."""
    _require_manager(actor, meeting)
    # a version per content of the agenda: an item replaced by another is a new agenda though the count is the same
    items = list(meeting.items.order_by("order", "pk").values_list("pk", "order", "title_kk"))
    version = hashlib.sha1(repr(items).encode(), usedforsecurity=False).hexdigest()[:16]
    made = notify_many(
        Draft(
            recipient=user,
            kind="meeting_agenda",
            obj=meeting,
            key=f"agenda.{version}",
            title=_("The agenda of %(meeting)s"),
            url=meeting.get_absolute_url(),
            context={"meeting": meeting},
        )  # fmt: skip
        for user in participant_users(meeting)
    )
    if made:
        _record(meeting, "agenda_sent", actor, data={"items": len(items), "recipients": len(made)})
    return len(made)


# --- agenda and materials (§5.6–§5.10) ----------------------------------------------------------------------


def _validate_item(data: ItemData) -> None:
    if not (data.title_kk or "").strip():
        raise ValidationError({"title_kk": [_("Write the title of the item in Kazakh.")]})
    if data.minutes is not None and not 0 < data.minutes <= 600:
        raise ValidationError({"minutes": [_("Give the time of the item in minutes, up to 600.")]})


def _apply_item(item: AgendaItem, data: ItemData) -> None:
    item.title_kk = data.title_kk.strip()
    item.title_ru = (data.title_ru or "").strip()
    item.curator = data.curator
    item.minutes = data.minutes
    item.draft_act = data.draft_act


def add_item(meeting: Meeting, *, actor, data: ItemData) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("The agenda of a meeting held or cancelled is not changed."))
        _validate_item(data)
        last = meeting.items.order_by("-order").values_list("order", flat=True).first() or 0
        item = AgendaItem(meeting=meeting, order=data.order or last + 1)
        _apply_item(item, data)
        item.save()
        item.speakers.set(data.speakers)
        item.responsible_units.set(data.responsible_units)
        _grant(meeting, [*officials.users_of(data.speakers), *_unit_heads(data.responsible_units)])
        _record(meeting, "agenda_changed", actor, data={"added": item.order})
        _ask_for_materials(item)
        if meeting.is_extraordinary:
            send_agenda(meeting, actor=actor)
    return item


def update_item(item: AgendaItem, *, actor, data: ItemData) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("The agenda of a meeting held or cancelled is not changed."))
        _validate_item(data)
        _apply_item(item, data)
        if data.order:
            item.order = data.order
        item.save()
        item.speakers.set(data.speakers)
        item.responsible_units.set(data.responsible_units)
        _grant(meeting, [*officials.users_of(data.speakers), *_unit_heads(data.responsible_units)])
        _record(meeting, "agenda_changed", actor, data={"changed": item.order})
        _ask_for_materials(item)
        if meeting.is_extraordinary:  # §5.10: the changed agenda at once
            send_agenda(meeting, actor=actor)
    return item


def remove_item(item: AgendaItem, *, actor) -> None:
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("The agenda of a meeting held or cancelled is not changed."))
        order = item.order
        item.delete()
        _record(meeting, "agenda_changed", actor, data={"removed": order})
        if meeting.is_extraordinary:  # §5.10: the changed agenda at once
            send_agenda(meeting, actor=actor)


def _unit_heads(units: Iterable[OrgUnit]) -> list:
    ids = [u.pk for u in units]
    heads = OrgUnit.objects.filter(pk__in=ids, head__isnull=False).select_related("head__user")
    return officials.users_of(unit.head for unit in heads)


def _item_owners(item: AgendaItem) -> list:
    """Who answers for an item's materials (§5.7, §5.17): the heads of its responsible bodies, its speakers."""
    users = {u.pk: u for u in _unit_heads(item.responsible_units.all())}
    users.update({u.pk: u for u in officials.users_of(item.speakers.all())})
    return list(users.values())


def _ask_for_materials(item: AgendaItem) -> None:
    meeting = item.meeting
    if meeting.materials_due_on is None:
        return
    notify_many(
        Draft(
            recipient=user,
            kind="meeting_materials",
            obj=meeting,
            key=f"materials.{item.pk}",
            title=_("Materials for %(meeting)s are due on %(due)s"),
            url=meeting.get_absolute_url(),
            context={"meeting": meeting, "due": meeting.materials_due_on},
            action=MATERIALS,
        )  # fmt: skip
        for user in _item_owners(item)
    )


def required_materials(meeting: Meeting) -> tuple[str, ...]:
    return REQUIRED_MATERIALS.get(meeting.kind, DEFAULT_REQUIRED_MATERIALS)


def missing_materials(item: AgendaItem, present_kinds: Iterable[str] | None = None) -> list[str]:
    """The kinds of material the item still lacks (§5.6): a linked draft act stands for the draft resolution."""
    kinds = set(item.materials.values_list("kind", flat=True) if present_kinds is None else present_kinds)
    if item.draft_act_id is not None:
        kinds.add(Material.Kind.DRAFT_RESOLUTION)
    return [kind for kind in required_materials(item.meeting) if kind not in kinds]


def add_material(
    item: AgendaItem, *, actor, kind: str, language: str, upload: UploadedFile, visaed_by: str = ""
) -> Material:
    """A material of an item (§5.6, §5.7): late when submitted after the meeting's due date (§5.17): the head of
    apparatus is told once per item."""
    with atomic_with_files():
        meeting = _lock(item.meeting)
        if not may_submit_material(actor, item):
            raise PermissionDenied(_("You may not submit materials for this item."))
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Materials are submitted before the meeting."))
        errors: dict[str, list] = {}
        if kind not in Material.Kind.values:
            errors["kind"] = [_("Choose the kind of material.")]
        if language not in Material.Language.values:
            errors["language"] = [_("Choose the language of the material.")]
        if upload is None:
            errors["file"] = [_("Attach the file.")]
        elif kind == Material.Kind.PRESENTATION and upload.size > PRESENTATION_MAX_BYTES:
            errors["file"] = [_("A presentation is at most 10 MB (§5.6).")]
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        late = meeting.materials_due_on is not None and timezone.localdate(now) > meeting.materials_due_on
        material = Material.objects.create(
            item=item, kind=kind, language=language, attachment=attach(item, upload, uploaded_by=actor),
            visaed_by=(visaed_by or "").strip()[:300], submitted_by=actor, submitted_at=now, is_late=late,
        )  # fmt: skip
        _record(meeting, "material_added", actor, data={"item": item.order, "kind": kind, "late": late})
        if not missing_materials(item):
            complete_action(meeting, MATERIALS, key=f"materials.{item.pk}")
        if late:
            _flag_late(item)
    return material


def _flag_late(item: AgendaItem) -> None:
    """§5.17: late or missing materials are reported to the head of apparatus (once per item)."""
    meeting = item.meeting
    recipients = {u.pk: u for u in officials.role_users(Role.HEAD_OF_APPARATUS)}
    recipients.update({u.pk: u for u in _organiser_users(meeting)})
    notify_many(
        Draft(
            recipient=user,
            kind="meeting_materials_late",
            obj=meeting,
            key=f"late.{item.pk}",
            title=_("Materials are late for %(meeting)s: item %(item)s"),
            url=meeting.get_absolute_url(),
            context={"meeting": meeting, "item": item.order},
        )  # fmt: skip
        for user in recipients.values()
    )


def remind_materials(now: datetime.datetime | None = None) -> int:
    """Daily from beat: the working day before the materials are due, those who answer for an item still missing
    some are reminded (once per item); once the date has passed, the head of apparatus is told of every item
    still missing materials (§5.17, once per item); on the package day the head of apparatus gets the package
    (§5.8, once per meeting). Returns the notifications made."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    if not workdays.is_working_day(today):
        return 0
    tomorrow = workdays.next_working_day(today, include_self=False)
    made = 0
    meetings = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__date__gte=today).select_related("type")
    for meeting in meetings.filter(materials_due_on__isnull=False, materials_due_on__lte=tomorrow):
        for item in meeting.items.prefetch_related("materials", "responsible_units", "speakers"):
            if not missing_materials(item, [m.kind for m in item.materials.all()]):
                continue
            if meeting.materials_due_on < today:
                made += len(_flag_missing(item))
            elif meeting.materials_due_on > today:
                made += len(
                    notify_many(
                        Draft(
                            recipient=user,
                            kind="meeting_materials_due",
                            obj=meeting,
                            key=f"materials.{item.pk}.due",
                            title=_("Materials for %(meeting)s are due on %(due)s"),
                            url=meeting.get_absolute_url(),
                            context={"meeting": meeting, "due": meeting.materials_due_on},
                        )  # fmt: skip
                        for user in _item_owners(item)
                    )
                )
    for meeting in meetings.filter(package_due_on__isnull=False, package_due_on__lte=today):
        made += len(send_package(meeting))
    return made


def _flag_missing(item: AgendaItem) -> list:
    meeting = item.meeting
    recipients = {u.pk: u for u in officials.role_users(Role.HEAD_OF_APPARATUS)}
    recipients.update({u.pk: u for u in _organiser_users(meeting)})
    return notify_many(
        Draft(
            recipient=user,
            kind="meeting_materials_missing",
            obj=meeting,
            key=f"missing.{item.pk}",
            title=_("Materials are missing for %(meeting)s: item %(item)s"),
            url=meeting.get_absolute_url(),
            context={"meeting": meeting, "item": item.order},
        )  # fmt: skip
        for user in recipients.values()
    )


def send_package(meeting: Meeting) -> list:
    """§5.8, §5.30: the package (agenda, order of proceedings, invited, draft resolutions, materials) to the head
    of apparatus, once per meeting: a link to its PDF and files."""
    from django.urls import reverse

    url = reverse("meetings:package", args=[meeting.pk])
    return notify_many(
        Draft(
            recipient=user,
            kind="meeting_package",
            obj=meeting,
            key="package",
            title=_("The package of %(meeting)s is ready"),
            url=url,
            context={"meeting": meeting},
        )  # fmt: skip
        for user in officials.role_users(Role.HEAD_OF_APPARATUS)
    )


# --- attendance, quorum, votes (§5.4) -----------------------------------------------------------------------


def quorum(meeting: Meeting) -> Quorum:
    """§5.4: a session is valid with at least the profile's share (two thirds) of the akimat's members present;
    substitutes for absent members do not count (they are not members)."""
    members = meeting.participants.filter(role=Participant.Role.MEMBER)
    total = members.count()
    present = members.filter(present=True).count()
    required = math.ceil(_fraction("meetings.session_quorum") * total) if meeting.is_session else 0
    return Quorum(total=total, present=present, required=required)


def record_attendance(meeting: Meeting, *, actor, rows: Sequence[Attendance]) -> Quorum:
    """The secretary records who is present (members, invited, substitutes) on or after the meeting's day; for a
    session the quorum of §5.4 is computed and kept with the meeting."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_manager(actor, meeting)
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("The meeting is cancelled."))
        if meeting_day(meeting) > _today():
            raise ValidationError(_("Attendance is recorded on the day of the meeting."))
        if hasattr(meeting, "protocol") and meeting.protocol.status not in EDITABLE:
            raise ValidationError(_("The protocol is already on approval: the attendance is fixed."))
        ids = set(meeting.participants.values_list("pk", flat=True))
        for row in rows:
            if row.participant.pk not in ids:
                raise ValidationError(_("This person does not take part in the meeting."))
            row.participant.present = row.present
            row.participant.substitute = "" if row.present else (row.substitute or "").strip()[:300]
        Participant.objects.bulk_update([row.participant for row in rows], ["present", "substitute"])
        found = quorum(meeting)
        before = meeting.status
        meeting.status = Meeting.Status.HELD
        meeting.held_on = meeting_day(meeting)
        meeting.total_members = found.total
        meeting.present_members = found.present
        meeting.has_quorum = found.valid if meeting.is_session else None
        meeting.save(
            update_fields=["status", "held_on", "total_members", "present_members", "has_quorum", "updated_at"]
        )
        _record(
            meeting, "attendance_recorded", actor, from_state=before,
            data={"present": found.present, "total": found.total, "quorum": meeting.has_quorum},
        )  # fmt: skip
    return found


def record_vote(item: AgendaItem, *, actor, votes_for: int, votes_against: int, votes_abstained: int) -> AgendaItem:
    """§5.4: the vote on an item; at a session without quorum no resolution is adopted; a resolution passes by a
    majority (more than the profile's share, one half) of the members present."""
    with transaction.atomic():
        meeting = _lock(item.meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(_("Record the attendance first."))
        if hasattr(meeting, "protocol") and meeting.protocol.status not in EDITABLE:
            raise ValidationError(_("The protocol is already on approval: the votes are fixed."))
        if meeting.is_session and not meeting.has_quorum:
            raise ValidationError(_("The session has no quorum: no resolution can be adopted (§5.4)."))
        counts = [votes_for, votes_against, votes_abstained]
        if any(c is None or c < 0 for c in counts):
            raise ValidationError(_("Give the number of votes for, against and abstained."))
        present = meeting.present_members or 0
        if sum(counts) > present:
            raise ValidationError(
                _("%(votes)s votes were cast, but only %(present)s members are present.")
                % {"votes": sum(counts), "present": present}
            )
        majority = _fraction("meetings.session_majority") * present
        item.votes_for, item.votes_against, item.votes_abstained = counts
        item.outcome = AgendaItem.Outcome.ADOPTED if votes_for > majority else AgendaItem.Outcome.REJECTED
        item.save(update_fields=["votes_for", "votes_against", "votes_abstained", "outcome"])
        _record(meeting, "vote_recorded", actor, data={"item": item.order, "votes": counts, "outcome": item.outcome})
    return item


# --- the protocol (§5.11, §8, Appendix 6) ----------------------------------------------------------------


def drafting_due_on(meeting: Meeting) -> datetime.date:
    """§5.11, §8.8 (a session), §8.5 (any other): drafted within the profile's working days of the meeting."""
    key = "meetings.session_protocol_drafting_term" if meeting.is_session else "meetings.protocol_drafting_term"
    return _term(meeting_day(meeting), key)


def start_protocol(meeting: Meeting, *, actor) -> Protocol:
    """The secretary opens the protocol of a meeting held; the chair signs it (§5.11, Appendix 6 item 2)."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_manager(actor, meeting)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(_("A protocol is drafted once the attendance of the meeting is recorded."))
        if Protocol.objects.filter(meeting=meeting).exists():
            raise ValidationError(_("The meeting already has its protocol."))
        form = Protocol.Form.FULL if meeting.kind in (Kind.SESSION, Kind.APPARATUS) else Protocol.Form.SHORT
        protocol = Protocol.objects.create(
            meeting=meeting, form=form, drafting_due_on=drafting_due_on(meeting), signer=meeting.chair,
            created_by=actor, controller_unit=_default_controller(),
        )  # fmt: skip
        _record(protocol, "protocol_started", actor)
    return protocol


def _default_controller() -> OrgUnit | None:
    """Appendix 6 item 5, §5.12, §5.35: the execution of protocol instructions is controlled by the general
    department (ОДК) unless the protocol names another."""
    return officials.function_unit(OrgUnit.Function.GENERAL)


def may_edit_protocol(user, protocol: Protocol) -> bool:
    return protocol.status in EDITABLE and may_manage(user, protocol.meeting)


def _require_editable(user, protocol: Protocol) -> None:
    if protocol.status not in EDITABLE:
        raise ValidationError(_("The protocol is on approval or signed: it is not changed."))
    _require_manager(user, protocol.meeting)


def update_protocol(
    protocol: Protocol, *, actor, form: str, has_russian: bool, controller_unit: OrgUnit | None,
    controller_person: Person | None = None, sections: Sequence[Section] = (),
) -> Protocol:  # fmt: skip
    with transaction.atomic():
        protocol = _lock_protocol(protocol)
        _require_editable(actor, protocol)
        if form not in Protocol.Form.values:
            raise ValidationError({"form": [_("Choose the form of the protocol.")]})
        items = {item.pk: item for item in protocol.meeting.items.all()}
        for section in sections:
            item = items.get(section.item.pk)
            if item is None:
                raise ValidationError(_("This item is not on the agenda of the meeting."))
            for name in ("heard_kk", "heard_ru", "spoke_kk", "spoke_ru"):
                setattr(item, name, (getattr(section, name) or "").strip())
        AgendaItem.objects.bulk_update(list(items.values()), ["heard_kk", "heard_ru", "spoke_kk", "spoke_ru"])
        protocol.form = form
        protocol.has_russian = has_russian
        protocol.controller_unit = controller_unit
        protocol.controller_person = controller_person
        protocol.save(update_fields=["form", "has_russian", "controller_unit", "controller_person", "updated_at"])
        _record(protocol, "protocol_edited", actor)
    return protocol


def set_points(protocol: Protocol, *, actor, points: Sequence[PointData]) -> list[ProtocolPoint]:
    """§8.5: the decisions as numbered points and sub-points (arabic numerals), each with its executors and a
    deadline (a date, or a term in working days counted from the signature)."""
    with transaction.atomic():
        protocol = _lock_protocol(protocol)
        _require_editable(actor, protocol)
        items = set(protocol.meeting.items.values_list("pk", flat=True))
        errors: list = []
        numbers: set[str] = set()
        today = _today()
        for point in points:
            number = (point.number or "").strip().rstrip(".")
            if not POINT_NUMBER.match(number):
                errors.append(_("Number the points in arabic numerals: 1, 1.1, 1.2 (§8.5)."))
            elif number in numbers:
                errors.append(_("Point %(number)s is listed twice.") % {"number": number})
            if not (point.text_kk or "").strip():
                errors.append(_("Write point %(number)s in Kazakh (§8.5).") % {"number": number})
            if point.lead_unit is None and point.lead_person is None:
                errors.append(_("Point %(number)s needs an executor.") % {"number": number})
            if point.deadline is None and not point.term_days:
                errors.append(_("Point %(number)s needs a deadline or a term.") % {"number": number})
            elif point.deadline is not None and point.deadline < today:
                errors.append(_("The deadline of point %(number)s cannot be in the past.") % {"number": number})
            elif point.term_days is not None and not 0 < point.term_days <= 250:
                errors.append(_("The term of point %(number)s is 1 to 250 working days.") % {"number": number})
            if point.item is not None and point.item.pk not in items:
                errors.append(_("This item is not on the agenda of the meeting."))
            numbers.add(number)
        if errors:
            raise ValidationError({"points": list(dict.fromkeys(str(e) for e in errors))})
        protocol.points.all().delete()
        rows = []
        for order, point in enumerate(points, start=1):
            row = ProtocolPoint.objects.create(
                protocol=protocol, item=point.item, number=point.number.strip().rstrip("."),
                text_kk=point.text_kk.strip(), text_ru=(point.text_ru or "").strip(), lead_unit=point.lead_unit,
                lead_person=point.lead_person, deadline=point.deadline,
                term_days=None if point.deadline else point.term_days, order=order,
            )  # fmt: skip
            row.co_units.set([u for u in point.co_units if u.pk != getattr(point.lead_unit, "pk", None)])
            rows.append(row)
        _record(protocol, "protocol_points", actor, data={"points": [row.number for row in rows]})
    return rows


def set_distribution(protocol: Protocol, *, actor, units: Sequence[OrgUnit], names: Sequence[str] = (),
                     extract_only: bool = False) -> list[ProtocolDistribution]:  # fmt: skip
    """Appendix 6 item 4: the distribution list — a copy of the protocol, or an extract of the points concerning
    each addressee."""
    with transaction.atomic():
        protocol = _lock_protocol(protocol)
        _require_editable(actor, protocol)
        protocol.distribution.all().delete()
        rows = [
            ProtocolDistribution(protocol=protocol, unit=u, extract_only=extract_only) for u in dict.fromkeys(units)
        ]
        rows += [
            ProtocolDistribution(protocol=protocol, name=n.strip()[:300], extract_only=extract_only)
            for n in dict.fromkeys(names) if n.strip()
        ]  # fmt: skip
        return ProtocolDistribution.objects.bulk_create(rows)


def route_codes(meeting: Meeting) -> tuple[str, ...]:
    """The profile's route of the protocol of this kind of meeting (meetings.protocol_route.<kind>, else .default)."""
    rules = reglament.all_rules()
    key = f"meetings.protocol_route.{meeting.kind}"
    return (rules.get(key) or reglament.rule("meetings.protocol_route.default")).as_codes()


def _officials(protocol: Protocol, code: str) -> list[Person]:
    """The officials a route code names for this protocol (an empty list skips the code): the departments are
    the heads of the items' responsible bodies, the deputies the items' curators (§8.5 "курирующими")."""
    meeting = protocol.meeting
    if code == "departments":
        units = OrgUnit.objects.filter(
            pk__in=AgendaItem.responsible_units.through.objects.filter(agendaitem__meeting=meeting).values("orgunit"),
            head__isnull=False,
        ).select_related("head")
        return [unit.head for unit in units.order_by("order", "pk") if unit.head.is_active]
    if code == "deputy_akims":
        curators = Person.objects.filter(pk__in=meeting.items.filter(curator__isnull=False).values("curator"))
        return list(curators.filter(is_active=True).order_by("pk"))
    if code == "head_of_apparatus":
        return officials.role_persons(Role.HEAD_OF_APPARATUS)[:1]
    if code == "deputy_head":
        unit = meeting.organiser_unit
        while unit is not None:
            if unit.curator_id is not None:
                return [unit.curator]
            unit = unit.parent
        return []
    if code in ("finance", "economy"):
        unit = officials.function_unit(code)
        return [unit.head] if unit is not None and unit.head is not None and unit.head.is_active else []
    if code == "members":
        # §5.11: a session's protocol is visaed by all the members of the akimat
        return [p for p in akimat_members(meeting_day(meeting)) if p.is_active]
    if code == "legal":
        found = officials.legal_consultant()
        return [found] if found is not None else []
    raise reglament.RegulationError(f"Unknown route step {code!r} in meetings.protocol_route.")


def default_route(protocol: Protocol, *, start: datetime.date | None = None) -> list[approvals.Step]:
    """§8.5, §8.8, §5.11, §5.34: the route from the profile; the officials of one code in parallel, the codes one
    after another; nobody twice; the chair (who signs) and the secretary are not on it; the legal consultant last."""
    due = _term(start or _today(), "meetings.protocol_approval_term")
    skip = {protocol.signer_id, protocol.meeting.secretary_id}
    steps: list[approvals.Step] = []
    legal = None
    for code in route_codes(protocol.meeting):
        found = _officials(protocol, code)
        if code == "legal":
            legal = found[0] if found else None
            continue
        first = True
        for person in found:
            if person.pk in skip:
                continue
            skip.add(person.pk)
            steps.append(approvals.Step(approver=person, role=code, parallel=not first, due_on=due))
            first = False
    if legal is not None and legal.pk not in {protocol.signer_id, protocol.meeting.secretary_id}:
        steps = [s for s in steps if s.approver.pk != legal.pk]
        steps.append(approvals.Step(approver=legal, role="legal", closes=True, due_on=due))
    return steps


def submit(protocol: Protocol, *, actor, steps: Sequence[approvals.Step] | None = None) -> Protocol:
    """The draft protocol goes for visas (§8.5: within one day). §8.5: it names who controls its execution, and
    its points have executors and deadlines; without visas to ask, it goes straight to the chair's signature."""
    with transaction.atomic():
        protocol = _lock_protocol(protocol)
        _require_editable(actor, protocol)
        meeting = protocol.meeting
        if protocol.controller_unit_id is None and protocol.controller_person_id is None:
            raise ValidationError({"controller_unit": [_("Name who controls the execution of the protocol (§8.5).")]})
        if not protocol.points.exists():
            raise ValidationError({"points": [_("A protocol has at least one point (§8.3, §8.5).")]})
        if meeting.is_session and not meeting.has_quorum and meeting.items.filter(outcome="adopted").exists():
            raise ValidationError(_("The session has no quorum: no resolution can be adopted (§5.4)."))
        start = _today()
        route = list(steps) if steps is not None else default_route(protocol, start=start)
        before = protocol.status
        if protocol.status == Protocol.Status.RETURNED:
            protocol.version += 1
        if protocol.drafted_at is None:
            protocol.drafted_at = timezone.now()
        protocol.approval_due_on = _term(start, "meetings.protocol_approval_term")
        if route:
            protocol.status = Protocol.Status.ON_APPROVAL
            protocol.save(update_fields=["status", "version", "drafted_at", "approval_due_on", "updated_at"])
            if approvals.current_round(protocol) >= protocol.version:
                raise ValidationError(_("This version has already been sent for approval."))
            visas = approvals.start_round(protocol, actor=actor, steps=route)
            _grant(meeting, officials.users_of(v.approver for v in visas))
        else:
            protocol.status = Protocol.Status.TO_SIGN
            protocol.save(update_fields=["status", "version", "drafted_at", "approval_due_on", "updated_at"])
            _ask_signature(protocol)
        complete_action(protocol, REWORK)
        _record(protocol, "protocol_submitted", actor, from_state=before, data={"version": protocol.version})
    return protocol


def _ask_signature(protocol: Protocol) -> None:
    # §8.7: the general department registers the signed protocol (and records a paper signature): a closed
    # meeting's registrars are granted it now
    _grant(protocol.meeting, officials.role_users(Role.REGISTRAR))
    for user in officials.users_of([protocol.signer]):
        notify(
            user, "protocol_to_sign", obj=protocol, key=f"sign.{protocol.version}",
            title=_("A protocol awaits your signature: %(protocol)s"), url=protocol.get_absolute_url(),
            context={"protocol": protocol}, action=SIGN,
        )  # fmt: skip


def on_done(protocol: Protocol, actor) -> None:
    """Every visa agreed: the chair signs (§5.11, Appendix 6 item 2)."""
    protocol.status = Protocol.Status.TO_SIGN
    protocol.save(update_fields=["status", "updated_at"])
    _ask_signature(protocol)


def on_returned(protocol: Protocol, visa, actor) -> None:
    """A visa returned it with a reason: the secretary reworks it and sends it again."""
    protocol.status = Protocol.Status.RETURNED
    protocol.save(update_fields=["status", "updated_at"])
    _record(protocol, "protocol_returned", actor, comment=visa.comment)
    for user in _keepers(protocol.meeting):
        notify(
            user, "protocol_returned", obj=protocol, key=f"rework.{protocol.version}",
            title=_("A protocol is returned for rework: %(protocol)s"), body=visa.comment,
            url=protocol.get_absolute_url(), context={"protocol": protocol}, action=REWORK,
        )  # fmt: skip


def _keepers(meeting: Meeting) -> list:
    users = {u.pk: u for u in officials.users_of([meeting.secretary])}
    if meeting.created_by.is_active:
        users.setdefault(meeting.created_by_id, meeting.created_by)
    return list(users.values())


def subject_label(protocol: Protocol) -> str:
    return str(protocol)


def register_subject() -> None:
    """Protocols take part in the core approval mechanism (from MeetingsConfig.ready)."""
    approvals.register(
        approvals.Subject(
            model=Protocol,
            label=subject_label,
            url=lambda p: p.get_absolute_url(),
            on_done=on_done,
            on_returned=on_returned,
            lock=_lock_protocol,
            authors=lambda p: _keepers(p.meeting),
        )  # fmt: skip
    )


def may_sign(user, protocol: Protocol) -> bool:
    """The chair (or the person acting for them), or the general department recording a paper signature."""
    if protocol.status != Protocol.Status.TO_SIGN:
        return False
    return _is_one_of(user, protocol.signer) or officials.is_general_department(user)


def sign(protocol: Protocol, *, actor, signed_on: datetime.date | None = None) -> Protocol:
    """Appendix 6 item 2: the chair signs; §8.7: the general department registers it with the next number of the
    type's yearly sequence (taken here, gapless), sends it by the distribution list, and every point goes on
    control (§5.12, Appendix 6 item 5)."""
    with transaction.atomic():
        protocol = _lock_protocol(protocol)
        if protocol.status != Protocol.Status.TO_SIGN:
            raise ValidationError(_("A protocol is signed once every visa is given."))
        if not may_sign(actor, protocol):
            raise PermissionDenied(_("Only the chair of the meeting signs its protocol."))
        today = _today()
        signed_on = signed_on or today
        if signed_on > today or signed_on < meeting_day(protocol.meeting):
            raise ValidationError({"signed_on": [_("The date of signature is between the meeting and today.")]})
        before = protocol.status
        protocol.signed_on = signed_on
        protocol.registered_on = today
        protocol.year = today.year
        protocol.registered_by = actor
        protocol.number = numbering.take_number(protocol.meeting.type.journal.code, on=today)
        protocol.status = Protocol.Status.REGISTERED
        protocol.save(
            update_fields=["signed_on", "registered_on", "year", "registered_by", "number", "status", "updated_at"]
        )
        complete_action(protocol, SIGN)
        _record(protocol, "protocol_registered", actor, from_state=before, data={"number": protocol.number})
        put_points_on_control(protocol, actor=actor)
        _distribute(protocol)
    return protocol


def point_source_label(protocol: Protocol, point: ProtocolPoint) -> str:
    """The language-neutral source of a point's control item: "Protocol No. 12 of date, point 3.1" is put together
    in the reader's language (control.models.ControlItem.source_text)."""
    from control.models import point_source_label as label_of_point

    return label_of_point(f"№ {protocol.number} {_date(meeting_day(protocol.meeting))}", point.number)


def point_deadline(protocol: Protocol, point: ProtocolPoint) -> datetime.date:
    """A date, or a term in working days from the signature (akimat.workdays)."""
    if point.deadline is not None:
        return point.deadline
    return workdays.add_working_days(protocol.signed_on or _today(), point.term_days)


def put_points_on_control(protocol: Protocol, *, actor) -> list[ControlItem]:
    """Every point of the registered protocol goes on control (control.services.put_on_control) with the protocol
    as its source — a closed meeting's restriction flows to the items — and the controller it names."""
    from control import services as control_services
    from control.models import Issuer, SourceKind

    meeting = protocol.meeting
    issuer = Issuer.AKIM
    controller = protocol.controller_unit or (protocol.controller_person.unit if protocol.controller_person else None)
    controller = controller or _default_controller()
    items = []
    points = protocol.points.filter(control_item__isnull=True).select_related("lead_unit", "lead_person")
    for point in points.prefetch_related("co_units"):
        item = control_services.put_on_control(
            actor=actor, text=point.text_kk, issuer=issuer, issuer_person=protocol.signer,
            lead=point.lead_person or point.lead_unit, co_executors=list(point.co_units.all()),
            controller=controller, source_kind=SourceKind.PROTOCOL, source_label=point_source_label(protocol, point),
            source=protocol, received_on=protocol.registered_on, given_on=meeting_day(meeting),
            deadline=point_deadline(protocol, point),
        )  # fmt: skip
        point.control_item = item
        point.save(update_fields=["control_item"])
        items.append(item)
    if items:
        _record(protocol, "protocol_points_on_control", actor, data={"items": [item.number for item in items]})
    return items


def _distribute(protocol: Protocol) -> None:
    """Appendix 6 item 4: the protocol (or the extract of the points concerning each) to its distribution list,
    and to the executors of its points; each is granted a closed meeting's protocol."""
    now = timezone.now()
    rows = [row for row in protocol.distribution.select_related("unit") if row.unit_id]
    lead_units = {p.lead_unit_id for p in protocol.points.all() if p.lead_unit_id}
    users = {u.pk: u for u in _unit_heads(OrgUnit.objects.filter(pk__in=lead_units))}
    lead_persons = Person.objects.filter(pk__in=protocol.points.filter(lead_person__isnull=False).values("lead_person"))
    users.update({u.pk: u for u in officials.users_of(lead_persons)})
    users.update({u.pk: u for u in participant_users(protocol.meeting)})
    # §5.12, §8.5: who controls the execution gets the protocol too — of a closed meeting, by name (§5.3)
    controller = protocol.controller_unit or _default_controller()
    users.update({u.pk: u for u in _unit_heads([controller] if controller is not None else [])})
    users.update({u.pk: u for u in officials.users_of([protocol.controller_person])})
    # the addressees: a copy, or the extract of their points for one who has no other part in the protocol
    from django.urls import reverse

    urls = {}
    for row in rows:
        for user in _unit_heads([row.unit]):
            if row.extract_only and user.pk not in users:
                urls[user.pk] = f"{reverse('meetings:protocol_extract', args=[protocol.pk])}?unit={row.unit_id}"
            users.setdefault(user.pk, user)
    _grant(protocol.meeting, users.values())
    protocol.distribution.filter(sent_at__isnull=True).update(sent_at=now)
    notify_many(
        Draft(
            recipient=user,
            kind="protocol_registered",
            obj=protocol,
            key="registered",
            title=_("A protocol is registered: %(protocol)s"),
            url=urls.get(user.pk, protocol.get_absolute_url()),
            context={"protocol": protocol},
        )  # fmt: skip
        for user in users.values()
    )


# --- the calendar feed (issue #14 §1) -----------------------------------------------------------------------


def renew_feed(user, *, only_mine: bool) -> MeetingFeed:
    """Give the user a feed with a new secret token (the old URL stops working at once) and what it holds."""
    token = secrets.token_urlsafe(32)  # 43 characters, 256 bits: not guessed
    with transaction.atomic():
        feed, created = MeetingFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": token, "only_mine": only_mine, "created_at": timezone.now()}
        )
        if not created:
            feed.token, feed.only_mine, feed.created_at = token, only_mine, timezone.now()
            feed.save(update_fields=["token", "only_mine", "created_at"])
    return feed


# --- the akimat's members -------------------------------------------------------------------------------


def add_member(*, actor, person: Person, since: datetime.date, until: datetime.date | None = None) -> AkimatMember:
    if not (actor.is_superuser or permissions.has_role(actor, Role.HEAD_OF_APPARATUS, Role.ORG_DEPARTMENT)):
        raise PermissionDenied(_("You may not change the members of the akimat."))
    if until is not None and until < since:
        raise ValidationError({"until": [_("The end of membership cannot be before its start.")]})
    return AkimatMember.objects.create(person=person, since=since, until=until)
