"""Builders of organisation units and people for tests."""

import datetime

from django.contrib.auth.models import Group, User

from akimat.models import ActingDuty, OrgUnit, Person
from akimat.roles import Role


def make_unit(
    name: str,
    *,
    kind: str = OrgUnit.Kind.DEPARTMENT,
    parent: OrgUnit | None = None,
    function: str = "",
    index: str = "",
) -> OrgUnit:
    return OrgUnit.objects.create(
        name_kk=f"{name} (kk)",
        name_ru=f"{name} (ru)",
        name_en=name,
        kind=kind,
        parent=parent,
        function=function,
        nomenclature_index=index,
    )


def make_person(
    username: str,
    *,
    unit: OrgUnit | None = None,
    roles: tuple[str, ...] = (),
    language: str = "en",
    full_name: str | None = None,
) -> Person:
    user = User.objects.create_user(username=username, password="pass", email=f"{username}@example.kz")
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
    return Person.objects.create(
        user=user,
        full_name=full_name or username.replace("_", " ").title(),
        unit=unit,
        preferred_language=language,
        email=user.email,
        position_en=username,
    )


def make_acting_duty(
    acting: Person,
    absent: Person,
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    order_reference: str = "",
) -> ActingDuty:
    """An acting duty, validated the way the admin validates it."""
    duty = ActingDuty(
        acting=acting, absent=absent, starts_on=starts_on, ends_on=ends_on, order_reference=order_reference
    )
    duty.full_clean()
    duty.save()
    return duty
