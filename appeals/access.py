"""Who sees an appeal (issue #15 §4; SPEC §8): appeals hold personal data.

An appeal is seen by the appeals department (003 §13.2, §13.7: it receives, registers and returns appeals — the
staff of the unit with the appeals function, its head, and whoever holds the appeals officer role), by the
registrar who entered it, by the official it is addressed to (§13.8), by the executors of its resolution (added by
the routing step through ``add_readers``), and by the auditors; an administrator sees everything as elsewhere.
Nobody else — neither the leadership by rank nor another department's head — sees an appeal not addressed to them.
Acting duties count as everywhere (``akimat.permissions``).

The resolution (§13.8) and the control item made from the appeal are restricted (SPEC §8: personal data; the way a
closed meeting's items are, 003 §5.3): the item carries the key of the resolution (``permissions.derive``), and both
are seen only by those the routing grants them to by name — the official, the appeals department (its staff and
head, the appeals officers and the auditors by role), and the executors (``resolution_readers``) — never by the
leadership or the controlling unit of control by rank alone.

The applicant's IIN is shown in full only to those handling the appeal (the appeals department, the registrar who
entered it, the addressee, the executors); others who may see the appeal (an auditor, an administrator) see it
masked (``shown_iin``). Always go through ``permissions.visible(user, Appeal)`` / ``permissions.get_object_for_user``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q

from akimat import identifiers, officials, permissions
from akimat.models import OrgUnit
from akimat.roles import Role

#: conditions added by the later steps: callables (user) -> Q of the appeals that user reads as a handler — the
#: executors of the resolution (§13.8), the participants of the reception (§14.4); see add_readers
_READERS: list[Callable[[Any], Q]] = []


def add_readers(condition: Callable[[Any], Q]) -> None:
    """Let the users a condition names see (and handle) appeals: ``condition(user)`` is a flat Q on Appeal
    (columns and subqueries only: pk__in, or EXISTS correlated on the appeal's pk), e.g. the appeals whose
    resolution names the user's person as executor.
    Call it from AppealsConfig.ready(), after register()."""
    _READERS.append(condition)


def is_appeals_department(user) -> bool:
    """The staff and the head of the appeals department (003 §13.2), and the appeals officers by role."""
    if permissions.has_role(user, Role.APPEALS_OFFICER):
        return True
    if OrgUnit.Function.APPEALS in permissions.unit_functions(user):
        return True
    department = officials.function_unit(OrgUnit.Function.APPEALS)  # asked once: every page asks this several times
    if department is not None:
        return department.pk in permissions.unit_ids_of(user)  # officials.in_function_unit
    # where the apparatus has no appeals department, the head of the general department does its work (004 §14.2,
    # §14.7) and sets the terms to fix appeals (appeals.services.appeals_head_unit)
    general = officials.function_unit(OrgUnit.Function.GENERAL)
    return general is not None and any(p.pk == general.head_id for p in permissions.principal_persons(user))


def sees_every_appeal(user) -> bool:
    """The appeals department and the auditors (read-only)."""
    return is_appeals_department(user) or permissions.has_role(user, Role.AUDITOR)


def _own_q(user) -> Q:
    """The appeals one user (one principal) reads as a handler: entered by them, addressed to them, and what the
    later steps add; columns and subqueries only."""
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


def considers(user, appeal) -> bool:
    """Whether the user (or someone they act for today) takes part in the consideration (§13.8, §13.4): the appeals
    department (it accepts answers for dispatch), the official the appeal went to, its executors — not the
    registrar who only entered it."""
    from appeals.models import Appeal

    for principal in permissions.principals(user):
        if is_appeals_department(principal):
            return True
        person = getattr(principal, "person", None)
        if person is not None and appeal.addressee_id == person.pk:
            return True
        if Appeal.objects.filter(executors_q(principal), pk=appeal.pk).exists():
            return True
    return False


def handled_by(user):
    """A test of "does the user handle this appeal" (handles) for a whole journal in one query: the appeals
    department handles every appeal; whoever sees appeals only as their handler (the addressee, a registrar, an
    executor) handles all they see; an auditor or an administrator only those of their own."""
    principals = permissions.principals(user)
    if any(is_appeals_department(p) for p in principals):
        return lambda appeal: True
    if not (user.is_superuser or any(sees_every_appeal(p) for p in principals)):
        return lambda appeal: True
    from appeals.models import Appeal

    own = set()
    for principal in principals:
        own |= set(Appeal.objects.filter(_own_q(principal)).values_list("pk", flat=True))
    return lambda appeal: appeal.pk in own


def shown_iin(user, appeal, applicant) -> str:
    """The applicant's IIN in full for those handling the appeal, masked ("********0123") for anyone else who may
    see it; a legal entity's BIN is no personal data and is shown as it is."""
    return shown_iins(user, appeal, [applicant])[0]


def shown_iins(user, appeal, applicants) -> list[str]:
    """shown_iin of each applicant of one appeal, asking handles() once at most (a collective appeal lists dozens)."""
    handling: list[bool] = []

    def handled() -> bool:
        if not handling:
            handling.append(handles(user, appeal))
        return handling[0]

    shown = []
    for applicant in applicants:
        if not applicant.is_individual:
            shown.append(applicant.bin)
        elif not applicant.iin or handled():
            shown.append(applicant.iin)
        else:
            shown.append(identifiers.mask(applicant.iin))
    return shown


def executors_q(user) -> Q:
    """§13.8: the appeals whose resolution names the user's person as an executor, or a unit the user belongs to or
    heads (its staff answer for it, as control's "e<unit>" key); correlated EXISTS subqueries (the rule stays flat).

    EXISTS, not `pk IN (subquery)`: an uncorrelated IN makes PostgreSQL compute every appeal of the executor first
    even to test one appeal (its page, handles()) — some 16,000 for a department's staff in the benchmark — where
    EXISTS probes that appeal's resolution; a list still reads them once as a hashed set. The person's and the
    units' rows are asked apart, each read from its own index (appeal_executor_person_idx, _unit_idx)."""
    from appeals.models import AppealExecutor

    person = getattr(user, "person", None)
    if person is None:
        return Q(pk__in=[])
    rows = AppealExecutor.objects.filter(resolution__appeal=OuterRef("pk"))
    condition = Q(Exists(rows.filter(person=person.pk)))
    units = sorted(permissions.unit_ids_of(user) | permissions.headed_units(user))
    if units:
        condition |= Q(Exists(rows.filter(unit__in=units)))
    return condition


def _unit_users(units) -> list:
    """The active users of these units: their heads and staff."""
    users = []
    for unit in units:
        if unit is None:
            continue
        people = list(unit.people.filter(is_active=True).select_related("user"))
        if unit.head_id:
            people.append(unit.head)
        users += officials.users_of(people)
    return users


def resolution_readers(resolution) -> tuple[list, list]:
    """(users, groups) granted the resolution — and so the control item of the appeal — by name: the official who
    wrote it, the executors (persons; a unit's head and staff), the appeals department (its head and staff; the
    appeals officers and auditors by role, as groups: whoever holds the role later sees it too)."""
    from django.contrib.auth.models import Group

    from appeals.models import AppealExecutor

    users = officials.users_of([resolution.official])
    rows = AppealExecutor.objects.filter(resolution=resolution).select_related("person__user", "unit__head__user")
    users += officials.users_of([row.person for row in rows if row.person_id])
    users += _unit_users([row.unit for row in rows if row.unit_id])
    users += _unit_users([officials.function_unit(OrgUnit.Function.APPEALS)])
    groups = list(Group.objects.filter(name__in=[Role.APPEALS_OFFICER, Role.AUDITOR]))
    return list({user.pk: user for user in users}.values()), groups


def grant_resolution(resolution) -> None:
    """Grant the resolution (and through its key the appeal's control item) to its readers."""
    users, groups = resolution_readers(resolution)
    for holder in (*users, *groups):
        permissions.grant_view(holder, resolution)


def _resolution_of(appeal):
    from appeals.models import AppealResolution

    return AppealResolution.objects.filter(appeal=appeal.pk).first()


def register() -> None:
    """Register the rules with akimat.permissions (from AppealsConfig.ready)."""
    from appeals.models import (
        Appeal,
        AppealAnswer,
        AppealApplicant,
        AppealExecutor,
        AppealExtension,
        AppealLink,
        AppealNotice,
        AppealResolution,
        Applicant,
    )

    permissions.register(Appeal, filter_visible=_visible_q, flat=True)
    for model in (AppealApplicant, AppealLink, AppealNotice, AppealExtension, AppealAnswer):
        permissions.register(model, follows="appeal")
    permissions.register(Applicant, filter_visible=_applicants_q, flat=True)
    # every resolution is restricted: only a grant by name opens it (grant_resolution), superusers included
    permissions.register(
        AppealResolution, filter_visible=lambda user: Q(pk__in=[]), restricted=Q(pk__isnull=False), flat=True
    )
    permissions.register(AppealExecutor, follows="resolution")
    # an appeal carries the restriction of its resolution to what is made from it (its control item, put on
    # control with source=the appeal); the appeal itself stays seen by its own rule above
    permissions.derive(Appeal, parent=_resolution_of)
    if executors_q not in _READERS:
        add_readers(executors_q)
