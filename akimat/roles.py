"""Roles of the apparatus as Django groups (SPEC §1, §3.1).

A role is a group whose name is the role's code; labels are translated for display. Model permissions
are given to the groups by data migrations: the core's in akimat/migrations/0002_roles.py, and each later
module in its own migration with the same helpers, for example::

    from akimat.roles import Role, grant, revoke

    def forwards(apps, schema_editor):
        grant(apps, Role.REGISTRAR, "correspondence", ["add_incoming", "change_incoming", "view_incoming"])

    def backwards(apps, schema_editor):
        revoke(apps, Role.REGISTRAR, "correspondence", ["add_incoming", "change_incoming", "view_incoming"])

The helpers take the migration's `apps`, so they work on the historical models and stay valid when the
models change later. An administrator is a superuser, not a role.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    REGISTRAR = "registrar", _("registrar (general department)")
    AKIM = "akim", _("akim")
    DEPUTY_AKIM = "deputy_akim", _("deputy akim")
    HEAD_OF_APPARATUS = "head_of_apparatus", _("head of apparatus")
    DEPARTMENT_HEAD = "department_head", _("department head")
    EXECUTOR = "executor", _("executor")
    LEGAL_SERVICE = "legal_service", _("legal service")
    ORG_DEPARTMENT = "org_department", _("organisational-inspection department")
    APPEALS_OFFICER = "appeals_officer", _("appeals officer")
    AUDITOR = "auditor", _("auditor (read-only)")


LEADERSHIP = frozenset({Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS})


def ensure_role_groups(apps: Any = global_apps) -> list[Any]:
    """Create the group of every role that is missing; return the groups in Role order."""
    Group = apps.get_model("auth", "Group")
    return [Group.objects.get_or_create(name=role.value)[0] for role in Role]


def ensure_permissions(apps: Any, app_label: str, codenames: Iterable[str]) -> list[Any]:
    """Return the Permission rows for codenames of an app, creating the missing ones (and content types).

    Django creates permissions in a post_migrate signal, i.e. only after *all* migrations ran, so a data
    migration that grants them must create them itself. Names follow Django's own ("Can view …") so that
    the post_migrate pass later finds them and adds nothing twice. An unknown codename raises LookupError:
    a typo must fail the migration, not silently grant nothing.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    known: dict[str, tuple[Any, str]] = {}
    for model in apps.get_app_config(app_label).get_models():
        opts = model._meta
        for action in opts.default_permissions:
            known[f"{action}_{opts.model_name}"] = (model, f"Can {action} {opts.verbose_name_raw}")
        for codename, name in opts.permissions:
            known[codename] = (model, str(name))
    permissions = []
    for codename in codenames:
        if codename not in known:
            raise LookupError(f"No permission {app_label}.{codename}: no such model or custom permission.")
        model, name = known[codename]
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model._meta.model_name)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name[:255]}
        )
        permissions.append(permission)
    return permissions


def grant(apps: Any, role: str, app_label: str, codenames: Iterable[str]) -> None:
    """Give a role's group model permissions of an app; idempotent, safe to run again."""
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=Role(role).value)
    group.permissions.add(*ensure_permissions(apps, app_label, list(codenames)))


def revoke(apps: Any, role: str, app_label: str, codenames: Iterable[str]) -> None:
    """Take model permissions of an app away from a role's group (the reverse of grant)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=Role(role).value).first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=list(codenames))
    )


def grant_table(apps: Any, table: dict[str, dict[str, Iterable[str]]]) -> None:
    """Apply grant() to a table {role: {app_label: codenames}}, as kept by data migrations."""
    for role, by_app in table.items():
        for app_label, codenames in by_app.items():
            grant(apps, role, app_label, codenames)


def revoke_table(apps: Any, table: dict[str, dict[str, Iterable[str]]]) -> None:
    """Apply revoke() to a table {role: {app_label: codenames}} (the reverse of grant_table)."""
    for role, by_app in table.items():
        for app_label, codenames in by_app.items():
            revoke(apps, role, app_label, codenames)
