"""Who may see a control item and who plays which part in it (SPEC §3.1, §5).

Executors see their items, department heads their department's, leadership what they issued or
supervise; the akim, the head of apparatus, auditors and the controlling unit of the regulation profile (the
general department, its staff and its head, 003 §12.4(2): akimat.permissions.controller_reads) all.
"""

import hashlib
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Q

from akimat import permissions
from akimat.models import OrgUnit, Person
from akimat.roles import Role
from control.models import ControlExecutor, ControlItem, ExecutionReport, Issuer

#: roles that see every item besides the controlling unit (a rule of the profile, not a role: 003 §12.4(2))
SEE_ALL = frozenset({Role.AKIM, Role.HEAD_OF_APPARATUS, Role.AUDITOR})
DECIDERS = (Role.AKIM, Role.HEAD_OF_APPARATUS)


def reader_keys(user) -> list[str]:
    """The keys of ControlItem.readers that open an item to this user (one principal): the items they issued
    or execute, those of the unit they belong to as controller or executing body, and, for the units they head
    or supervise, the items of those units as executing bodies and of their people as executors."""
    person = getattr(user, "person", None)
    if person is None:
        return []
    own = {person.unit_id} if person.unit_id else set()
    watched = permissions.headed_units(user) | permissions.supervised_units(user)
    keys = [f"p{person.pk}", f"i{person.pk}", *(f"c{unit}" for unit in sorted(own))]
    keys += [f"e{unit}" for unit in sorted(own | watched)]
    keys += [f"w{unit}" for unit in sorted(watched)]
    return keys


def sees_all_items(user) -> bool:
    """Whether the user (or anyone they act for) sees every item on control, restricted ones aside."""
    return bool(permissions.roles_of(user) & SEE_ALL) or permissions.controller_reads(user, "control")


def visible_q(user) -> Q:
    """Rows of ControlItem the user sees: one overlap of two short arrays, served by a GIN index (the keys
    are kept on the item by the database, migration 0007; no join to executors per row)."""
    if sees_all_items(user):
        return Q()
    keys = reader_keys(user)
    return Q(readers__overlap=keys) if keys else Q(pk__in=[])


def granted_restricted_digest(user) -> str:
    """Which restricted items (of a ДСП source) the user is granted, as a short digest ("" for none): users who
    see everything share cached counts only when they share these too (a few rows, a partial index)."""
    granted = permissions.visible(user, ControlItem.objects.exclude(restricted_by=""))
    ids = list(granted.order_by("pk").values_list("pk", flat=True))
    return ":" + hashlib.sha256(repr(ids).encode()).hexdigest()[:16] if ids else ""


def _is_member(person: Person, row: ControlExecutor) -> bool:
    if row.person_id is not None:
        return row.person_id == person.pk
    return person.unit_id == row.unit_id


def _principal_matching(user, predicate) -> Any | None:
    for principal in permissions.principals(user):
        person = getattr(principal, "person", None)
        if person is not None and predicate(principal, person):
            return principal
    return None


def lead_row(item: ControlItem) -> ControlExecutor:
    return item.executors.select_related("person__user", "unit__head__user").get(is_lead=True)


def lead_principal(user, item: ControlItem) -> Any | None:
    """The user (or the person they act for) who is the lead executor, or None."""
    row = lead_row(item)
    return _principal_matching(user, lambda _p, person: _is_member(person, row))


def led_items(user, items: list[ControlItem]) -> set[int]:
    """The pks of those items whose lead executor is the user (or whom they act for), in one query."""
    rows = ControlExecutor.objects.filter(item__in=items, is_lead=True)
    return {
        row.item_id for row in rows if _principal_matching(user, lambda _p, person, row=row: _is_member(person, row))
    }


def co_executor_row(user, item: ControlItem) -> tuple[ControlExecutor | None, Any | None]:
    rows = list(item.executors.filter(is_lead=False))
    for principal in permissions.principals(user):
        person = getattr(principal, "person", None)
        if person is None:
            continue
        for row in rows:
            if _is_member(person, row):
                return row, principal
    return None, None


def co_executor_parts(user, items) -> dict[int, ControlExecutor]:
    """The user's own co-executor rows (as a person, or for their unit, or for whom they act) on these items, by
    item pk, leaving out items the user leads: one query (003 §12.13, a co-executor sees her own part)."""
    persons = permissions.principal_persons(user)
    if not persons or not items:
        return {}
    person_ids = [person.pk for person in persons]
    unit_ids = [person.unit_id for person in persons if person.unit_id]
    rows = ControlExecutor.objects.filter(item__in=items).filter(Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids))
    mine: dict[int, ControlExecutor] = {}
    led: set[int] = set()
    for row in rows.order_by("item", "-is_lead", "position"):
        if row.is_lead:
            led.add(row.item_id)
        else:
            mine.setdefault(row.item_id, row)
    return {pk: row for pk, row in mine.items() if pk not in led}


def open_parts(user, limit: int = 20) -> list[ControlExecutor]:
    """The user's own co-executor parts of items still on control, those not given to the lead first, the nearest
    date first (003 §12.13): for the co-executor's dashboard. Two queries."""
    persons = permissions.principal_persons(user)
    if not persons:
        return []
    person_ids = [person.pk for person in persons]
    unit_ids = [person.unit_id for person in persons if person.unit_id]
    mine = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)
    led = ControlExecutor.objects.filter(mine, is_lead=True).values("item_id")
    rows = (
        ControlExecutor.objects.filter(mine, is_lead=False)
        .exclude(item__status=ControlItem.Status.REMOVED)
        .exclude(item_id__in=led)
        .select_related("item")
        .order_by(F("reported_at").desc(nulls_first=True), F("report_due").asc(nulls_last=True), "item_id")
    )
    return list(rows[:limit])


def controller_principal(user, item: ControlItem) -> Any | None:
    """A member of the controlling unit (the general department, the organisational department...)."""
    return _principal_matching(user, lambda _p, person: person.unit_id == item.controller_id)


def executing_department(item: ControlItem) -> OrgUnit | None:
    """The unit answering for the item (003 §12.14 "соответствующий отдел"): the lead person's unit or the lead unit."""
    row = lead_row(item)
    if row.unit_id:
        return OrgUnit.objects.select_related("head__user", "curator__user").get(pk=row.unit_id)
    if row.person.unit_id:
        return OrgUnit.objects.select_related("head__user", "curator__user").get(pk=row.person.unit_id)
    return None


def removal_proposer(user, item: ControlItem) -> tuple[Any | None, OrgUnit | None]:
    """003 §12.14: who may bring the memo on removal — the head of the executing department (or whoever acts for
    them), or the controller (the general department, whose memos the regulation's §12.4 also provides for). The
    principal and the executing department (its curator agrees the memo)."""
    department = executing_department(item)
    if department is not None and department.head_id:
        principal = _principal_matching(user, lambda _p, person: person.pk == department.head_id)
        if principal is not None:
            return principal, department
    return controller_principal(user, item), department


def removal_proposable(user, items) -> set[int]:
    """The pks of those items whose memo on removal the user may bring (as removal_proposer() decides): as the
    controller, or as the head of the executing department — one query for the lists of a page."""
    persons = permissions.principal_persons(user)
    if not persons:
        return set()
    unit_ids = {person.unit_id for person in persons}
    found = {item.pk for item in items if item.controller_id in unit_ids}
    rest = [item.pk for item in items if item.pk not in found]
    if rest:
        person_ids = {person.pk for person in persons}
        rows = ControlExecutor.objects.filter(item_id__in=rest, is_lead=True).values_list(
            "item_id", "unit__head_id", "person__unit__head_id"
        )
        found |= {pk for pk, unit_head, person_unit_head in rows if (unit_head or person_unit_head) in person_ids}
    return found


def curator_principal(user, curator_id: int | None) -> Any | None:
    """The curating deputy head of apparatus named on a memo (or who acts for them)."""
    if curator_id is None:
        return None
    return _principal_matching(user, lambda _p, person: person.pk == curator_id)


def _active_users(persons) -> list:
    return [p.user for p in persons if p is not None and p.is_active and p.user.is_active]


def _unit_people(unit: OrgUnit | None) -> list:
    """Whom to tell about an executing body's item: its head, or its staff when there is no head."""
    if unit is None:
        return []
    if unit.head_id:
        return _active_users([unit.head])
    return _active_users(unit.people.select_related("user"))


def lead_users(item: ControlItem) -> list:
    row = lead_row(item)
    return _active_users([row.person]) if row.person_id else _unit_people(row.unit)


def department_head_users(item: ControlItem) -> list:
    """The head of the lead executor's department (003 §12.4 reminders)."""
    row = lead_row(item)
    if row.person_id and row.person.unit_id:
        unit = OrgUnit.objects.select_related("head__user").get(pk=row.person.unit_id)
        if unit.head_id and unit.head_id != row.person_id:
            return _active_users([unit.head])
    return []


def controller_users(item: ControlItem) -> list:
    controller = OrgUnit.objects.select_related("head__user").get(pk=item.controller_id)
    return _unit_people(controller)


def _users_with_roles(*roles: str) -> list:
    return list(get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct())


def decider_users(item: ControlItem) -> list:
    return _users_with_roles(*DECIDERS)


def issuer_users(item: ControlItem) -> list:
    if item.issuer_person_id:
        return _active_users([item.issuer_person])
    return decider_users(item)


def own_roles(user) -> set[str]:
    """Roles the user holds in their own right (not through acting duties)."""
    return set(user.groups.values_list("name", flat=True))


def authority_by_role(user, roles) -> Any | None:
    """(principal) whose role lets the user act: the user themself or the person they act for."""
    for principal in permissions.principals(user):
        if set(roles) & own_roles(principal):
            return principal
    return None


def issuer_authority(user, item: ControlItem):
    """The issuer themself (or who acts for them); for higher bodies, the akim or head of apparatus."""
    from control.services import Authority

    if item.issuer_person_id:
        principal = _principal_matching(user, lambda _p, person: person.pk == item.issuer_person_id)
    else:
        principal = authority_by_role(user, DECIDERS)
    if principal is None:
        return None
    return Authority(user, None if principal.pk == user.pk else principal)


def removal_authority(user, item: ControlItem):
    """003 §12.14: the akim or the head of apparatus; a deputy's own instruction — that deputy."""
    from control.services import Authority

    if item.issuer == Issuer.DEPUTY_AKIM and item.issuer_person_id:
        principal = _principal_matching(user, lambda _p, person: person.pk == item.issuer_person_id)
    else:
        principal = authority_by_role(user, DECIDERS)
    if principal is None:
        return None
    return Authority(user, None if principal.pk == user.pk else principal)


def removal_decider_users(item: ControlItem) -> list:
    if item.issuer == Issuer.DEPUTY_AKIM and item.issuer_person_id:
        return _active_users([item.issuer_person])
    return decider_users(item)


class UnitPeople:
    """Users to tell about a unit, read once per unit during one scan."""

    def __init__(self):
        self._cache: dict[int, list] = {}

    def of_unit(self, unit: OrgUnit | None) -> list:
        if unit is None:
            return []
        if unit.pk not in self._cache:
            people = [unit.head] if unit.head_id else list(unit.people.select_related("user"))
            self._cache[unit.pk] = [p.user for p in people if p.is_active and p.user.is_active]
        return self._cache[unit.pk]

    def of_row(self, row: ControlExecutor) -> list:
        if row.person_id:
            return [row.person.user] if row.person.is_active and row.person.user.is_active else []
        return self.of_unit(row.unit)


#: who puts standalone instructions of the leadership on control through the screens
CREATORS = (Role.REGISTRAR, Role.ORG_DEPARTMENT)
#: who may open the reports besides the controlling unit (003 §12.4, §12.16; deputies see their area only)
REPORT_READERS = (Role.HEAD_OF_APPARATUS, Role.AKIM, Role.AUDITOR, Role.DEPUTY_AKIM)


def may_create(user) -> bool:
    return permissions.has_role(user, *CREATORS)


def may_read_reports(user) -> bool:
    return (
        user.is_superuser
        or permissions.has_role(user, *REPORT_READERS)
        or permissions.controller_reads(user, "reports")
    )


def subnav(user) -> dict[str, bool]:
    """What control/_subnav.html offers this user besides the dashboard and the list."""
    return {"can_create": may_create(user), "can_read_reports": may_read_reports(user)}


def register() -> None:
    """Register the visibility rules of control with akimat.permissions (from AppConfig.ready).

    An item derived from a restricted source (a ДСП letter) keeps the source's key in `restricted_by`: then
    only those granted the item or the source see it. An execution report (and its files) is seen by whoever
    sees its item.
    """
    # columns and pk__in subqueries only
    permissions.register(ControlItem, filter_visible=visible_q, flat=True, inherits="restricted_by")
    permissions.register(ExecutionReport, follows="item")
