"""Who sees a meeting (issue #14 §6; 003 §5.3 for closed meetings).

A meeting is seen by its chair, secretary, members, invited and speakers, the curators and the responsible bodies of
its items, the organising department, the addressees and executors of its registered protocol, and by those who
see every meeting: the leadership (akim, deputies, head of apparatus), the organisational and the general
department (which keeps protocols and controls them, §8.6–§8.7) and the auditors. A closed meeting (§5.3) and
everything of it — agenda, materials, protocol, points, the control items made from them — only by those granted
by name (the services grant those who take part as the meeting moves). Always go through
``permissions.visible(user, Meeting)`` / ``permissions.get_object_for_user``.
"""

from django.db.models import Q

from akimat import permissions
from akimat.models import OrgUnit
from akimat.roles import Role

#: roles that see every meeting (closed ones aside)
SEE_ALL = frozenset({Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS, Role.REGISTRAR, Role.ORG_DEPARTMENT,
                     Role.AUDITOR})  # fmt: skip
_ALL_SEEING_FUNCTIONS = frozenset({OrgUnit.Function.GENERAL, OrgUnit.Function.ORGANISATIONAL})


def sees_every_meeting(user) -> bool:
    return bool(permissions.roles_of(user) & SEE_ALL) or bool(permissions.unit_functions(user) & _ALL_SEEING_FUNCTIONS)


def reader_keys(user) -> list[str]:
    """The keys of Meeting.readers that open a meeting to this user (one principal): the meetings they created,
    those naming their person (chair, secretary, participant, an item's speaker or curator, a point's executor)
    and those naming a unit they belong to, head or supervise (organiser, an item's responsible body, an
    addressee of the protocol, a point's executor)."""
    keys = [f"u{user.pk}"]
    person = getattr(user, "person", None)
    if person is not None:
        keys.append(f"p{person.pk}")
    keys += [f"e{unit}" for unit in sorted(permissions.unit_ids_of(user) | permissions.supervised_units(user))]
    return keys


def _visible_q(user) -> Q:
    """Meetings this user (one principal) sees by role or by their part in them (closed ones aside).

    One overlap of two short arrays, served by a GIN index: the keys are kept on the meeting by the database
    (migration 0005), so the rule never reads participants, items or protocols per row — the OR of subqueries
    over them was estimated as nearly every meeting and evaluated anew by every query of a page."""
    if sees_every_meeting(user):
        return Q()
    return Q(readers__overlap=reader_keys(user))


def register() -> None:
    """Register the rules with akimat.permissions (from MeetingsConfig.ready)."""
    from meetings.models import (
        AgendaItem,
        Material,
        Meeting,
        Participant,
        Protocol,
        ProtocolDistribution,
        ProtocolPoint,
    )

    permissions.register(Meeting, filter_visible=_visible_q, restricted=Q(is_closed=True), flat=True)
    for model in (Participant, AgendaItem, Protocol):
        permissions.register(model, follows="meeting")
    permissions.register(Material, follows="item")
    for model in (ProtocolPoint, ProtocolDistribution):
        permissions.register(model, follows="protocol")
