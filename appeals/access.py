"""Who sees an appeal (issue #15 §4; SPEC §8): appeals hold personal data.

An appeal is seen by the appeals department (003 §13.2, §13.7: it receives, registers and returns appeals — the
staff of the unit with the appeals function, its head, and whoever holds the appeals officer role), by the
registrar who entered it, by the official it is addressed to (§13.8), by the executors of its resolution (added by
the routing step through ``add_readers``), and by the auditors; an administrator sees everything as elsewhere.
Nobody else — neither the leadership by rank nor another department's head — sees an appeal not addressed to them.
Acting duties count as everywhere (``akimat.permissions``).

The applicant's IIN is shown in full only to those handling the appeal (the appeals department, the registrar who
entered it, the addressee, the executors); others who may see the appeal (an auditor, an administrator) see it
masked (``shown_iin``). Always go through ``permissions.visible(user, Appeal)`` / ``permissions.get_object_for_user``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from akimat import identifiers, officials, permissions
from akimat.models import OrgUnit
from akimat.roles import Role

#: conditions added by the later steps: callables (user) -> Q of the appeals that user reads as a handler — the
#: executors of the resolution (§13.8), the participants of the reception (§14.4); see add_readers
_READERS: list[Callable[[Any], Q]] = []


def add_readers(condition: Callable[[Any], Q]) -> None:
    """Let the users a condition names see (and handle) appeals: ``condition(user)`` is a flat Q on Appeal
    (columns and pk__in subqueries only), e.g. the appeals whose resolution names the user's person as executor.
    Call it from AppealsConfig.ready(), after register()."""
    _READERS.append(condition)


def is_appeals_department(user) -> bool:
    """The staff and the head of the appeals department (003 §13.2), and the appeals officers by role."""
    if permissions.has_role(user, Role.APPEALS_OFFICER):
        return True
    if OrgUnit.Function.APPEALS in permissions.unit_functions(user):
        return True
    return officials.in_function_unit(user, OrgUnit.Function.APPEALS)


def sees_every_appeal(user) -> bool:
    """The appeals department and the auditors (read-only)."""
    return is_appeals_department(user) or permissions.has_role(user, Role.AUDITOR)


def _own_q(user) -> Q:
    """The appeals one user (one principal) reads as a handler: entered by them, addressed to them, and what the
    later steps add; columns and pk__in subqueries only."""
    condition = Q(created_by=user.pk)
    person = getattr(user, "person", None)
    if person is not None:
        condition |= Q(addressee=person.pk)
    for extra in _READERS:
        condition |= extra(user)
    return condition


def _visible_q(user) -> Q:
    if sees_every_appeal(user):
        return Q()
    return _own_q(user)


def _applicants_q(user) -> Q:
    """An applicant's card is seen by those who see one of their appeals."""
    from appeals.models import Appeal, AppealApplicant

    if sees_every_appeal(user):
        return Q()
    appeals = Appeal.objects.filter(_own_q(user)).values("pk")
    return Q(pk__in=AppealApplicant.objects.filter(appeal__in=appeals).values("applicant"))


def handles(user, appeal) -> bool:
    """Whether the user (or someone they act for today) handles the appeal: the appeals department, the registrar
    who entered it, its addressee, its executors."""
    from appeals.models import Appeal

    for principal in permissions.principals(user):
        if is_appeals_department(principal):
            return True
        if Appeal.objects.filter(_own_q(principal), pk=appeal.pk).exists():
            return True
    return False


def shown_iin(user, appeal, applicant) -> str:
    """The applicant's IIN in full for those handling the appeal, masked ("********0123") for anyone else who may
    see it; a legal entity's BIN is no personal data and is shown as it is."""
    if not applicant.is_individual:
        return applicant.bin
    if not applicant.iin or handles(user, appeal):
        return applicant.iin
    return identifiers.mask(applicant.iin)


def register() -> None:
    """Register the rules with akimat.permissions (from AppealsConfig.ready)."""
    from appeals.models import Appeal, AppealApplicant, AppealLink, AppealNotice, Applicant

    permissions.register(Appeal, filter_visible=_visible_q, flat=True)
    for model in (AppealApplicant, AppealLink, AppealNotice):
        permissions.register(model, follows="appeal")
    permissions.register(Applicant, filter_visible=_applicants_q, flat=True)
