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


def _visible_q(user) -> Q:
    """Meetings this user (one principal) sees by role or by their part in them (closed ones aside): columns and
    pk__in subqueries only (the rule is flat)."""
    from meetings.models import AgendaItem, Participant, ProtocolDistribution, ProtocolPoint

    if sees_every_meeting(user):
        return Q()
    condition = Q(created_by=user.pk)
    person = getattr(user, "person", None)
    units = sorted(permissions.unit_ids_of(user) | permissions.supervised_units(user))
    if person is not None:
        condition |= Q(chair=person.pk) | Q(secretary=person.pk)
        condition |= Q(pk__in=Participant.objects.filter(person=person.pk).values("meeting"))
        # two subqueries, not one with an OR: each is then an index probe (the OR across the speakers' join
        # was planned as a pass over every agenda item)
        condition |= Q(pk__in=AgendaItem.objects.filter(speakers=person.pk).values("meeting"))
        condition |= Q(pk__in=AgendaItem.objects.filter(curator=person.pk).values("meeting"))
        condition |= Q(pk__in=ProtocolPoint.objects.filter(lead_person=person.pk).values("protocol__meeting"))
    if units:
        condition |= Q(organiser_unit__in=units)
        condition |= Q(pk__in=AgendaItem.objects.filter(responsible_units__in=units).values("meeting"))
        condition |= Q(pk__in=ProtocolDistribution.objects.filter(unit__in=units).values("protocol__meeting"))
        condition |= Q(pk__in=ProtocolPoint.objects.filter(lead_unit__in=units).values("protocol__meeting"))
    return condition


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
