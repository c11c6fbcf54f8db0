"""Who holds an office in this installation: the persons and users of a role, the unit of a function, the
general department and the legal consultant — read the same way by every module (acts, meetings, …)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from akimat import permissions
from akimat.models import OrgUnit, Person
from akimat.roles import Role


def users_of(persons: Iterable[Person | None]) -> list:
    """The active users of these persons (persons without a user or inactive are left out)."""
    return [p.user for p in persons if p is not None and p.user_id is not None and p.is_active]


def role_users(*roles: str) -> list:
    return list(get_user_model().objects.filter(groups__name__in=roles, is_active=True).distinct().order_by("pk"))


def role_persons(role: str) -> list[Person]:
    return list(
        Person.objects.filter(user__groups__name=role, user__is_active=True, is_active=True).order_by("pk").distinct()
    )


def function_unit(function: str) -> OrgUnit | None:
    """The unit with this function (at most one per function), with its head."""
    return OrgUnit.objects.filter(function=function, is_active=True).select_related("head").first()


def in_function_unit(user, function: str) -> bool:
    unit = function_unit(function)
    return unit is not None and unit.pk in permissions.unit_ids_of(user)


def is_general_department(user) -> bool:
    """The registrars and the staff of the general department (003 §9, §10.16, §8.7)."""
    return permissions.has_role(user, Role.REGISTRAR) or in_function_unit(user, OrgUnit.Function.GENERAL)


def is_legal_service(user) -> bool:
    """The legal consultant of the akim (003 §10.3, §10.12 5)): the legal service role or the legal unit."""
    return permissions.has_role(user, Role.LEGAL_SERVICE) or in_function_unit(user, OrgUnit.Function.LEGAL)


def legal_consultant() -> Person | None:
    """Who closes every route (003 §10.3): the head of the legal-function unit, else a person with role
    legal_service."""
    unit = function_unit(OrgUnit.Function.LEGAL)
    if unit is not None and unit.head is not None and unit.head.is_active:
        return unit.head
    found = role_persons(Role.LEGAL_SERVICE)
    return found[0] if found else None
