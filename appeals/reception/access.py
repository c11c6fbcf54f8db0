"""Who sees what of the personal reception (SPEC §3.1, §8; issue #15 §4).

- The schedule is public (001 §7: published in kk and ru): any signed-in user sees it here, and the public page
  shows it without login — officials, days, hours, places, nothing of citizens.
- A reception day, its queue and the list of §14.2 (names and questions: personal data) are seen by the appeals
  department (as ``appeals.access.is_appeals_department`` decides), by the official receiving, by the officials
  invited to it (§14.3), and by the auditors; nobody else, the leadership by rank included.
- A reception card (§14.4) holds the visitor's personal data and what was instructed: it is *restricted* — seen
  only by those granted it by name (the services grant the appeals department's officers as a group and its staff
  by name, the official, and the executors of its instructions). The control items made from it carry that
  restriction (``control.services.put_on_control(source=card)`` → ``restricted_by``), as a closed meeting's do;
  administrators are not granted it by their role.
"""

from __future__ import annotations

from django.db.models import Q

from akimat import permissions
from akimat.roles import Role
from appeals import access as appeals_access


def is_appeals_department(user) -> bool:
    return appeals_access.is_appeals_department(user)


def sees_every_day(user) -> bool:
    """The appeals department (it organises the reception, §14.2) and the auditors (read-only)."""
    return is_appeals_department(user) or permissions.has_role(user, Role.AUDITOR)


def _days_q(user) -> Q:
    from appeals.reception.models import ReceptionDay

    if sees_every_day(user):
        return Q()
    person = getattr(user, "person", None)
    if person is None:
        return Q(pk__in=[])
    invited = ReceptionDay.invited.through.objects.filter(person=person.pk).values("receptionday")
    return Q(official=person.pk) | Q(pk__in=invited)


def _signups_q(user) -> Q:
    """A sign-up is seen with its day; a refused one (no day) by the appeals department and its official."""
    from appeals.reception.models import ReceptionDay

    if sees_every_day(user):
        return Q()
    person = getattr(user, "person", None)
    if person is None:
        return Q(pk__in=[])
    invited = ReceptionDay.invited.through.objects.filter(person=person.pk).values("receptionday")
    return Q(official=person.pk) | Q(day__in=invited)


def _cards_q(user) -> Q:
    # every card is restricted (see register): only grants open one, whatever this rule says
    return Q(pk__in=[])


def register() -> None:
    """Register the rules with akimat.permissions (from ReceptionConfig.ready)."""
    from appeals.reception.models import (
        CardInstruction,
        ReceptionCard,
        ReceptionDay,
        ReceptionNotice,
        ScheduleEntry,
        Signup,
    )

    permissions.register(ScheduleEntry, filter_visible=lambda user: Q(), flat=True)
    permissions.register(ReceptionDay, filter_visible=_days_q, flat=True)
    permissions.register(Signup, filter_visible=_signups_q, flat=True)
    permissions.register(ReceptionNotice, follows="signup")
    # SPEC §3.1, §8: a card's personal data open only by a grant by name; what derives from it inherits that
    permissions.register(ReceptionCard, filter_visible=_cards_q, restricted=Q(pk__isnull=False), flat=True)
    permissions.register(CardInstruction, follows="card")
