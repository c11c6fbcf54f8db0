"""Roles as groups: the data migration 0002_roles and the helpers later migrations reuse."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from akimat.roles import Role, ensure_permissions, grant, revoke

roles_migration = importlib.import_module("akimat.migrations.0002_roles")


def codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_every_role_has_its_group(db):
    assert set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == set(Role.values)


def test_registrar_keeps_the_calendar_and_reads_the_reference_data(db):
    assert {"add_calendarexception", "change_calendarexception", "view_calendarexception"} <= codenames(Role.REGISTRAR)
    assert {"view_orgunit", "view_person", "view_supervision", "view_actingduty"} <= codenames(Role.REGISTRAR)
    assert "delete_calendarexception" not in codenames(Role.REGISTRAR)


def test_auditor_only_views(db):
    assert codenames(Role.AUDITOR)
    assert all(codename.startswith("view_") for codename in codenames(Role.AUDITOR))


@pytest.mark.parametrize("role", [Role.AKIM, Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS])
def test_leadership_views_all_reference_data(db, role):
    assert set(roles_migration.REFERENCE) <= codenames(role)


def test_every_role_reads_the_reference_data(db):
    for role in Role:
        assert set(roles_migration.REFERENCE) <= codenames(role), role


def test_a_role_member_gets_the_model_permissions(registrar, executor):
    assert registrar.has_perm("akimat.add_calendarexception")
    assert executor.has_perm("akimat.view_orgunit")
    assert not executor.has_perm("akimat.add_calendarexception")


def test_grant_is_idempotent(db):
    grant(apps, Role.EXECUTOR, "akimat", ["view_notification"])
    grant(apps, Role.EXECUTOR, "akimat", ["view_notification"])

    assert Group.objects.get(name=Role.EXECUTOR).permissions.filter(codename="view_notification").count() == 1


def test_grant_creates_a_missing_permission_row(db):
    # as inside a migration, before the post_migrate signal created the permissions
    Permission.objects.filter(content_type__app_label="akimat", codename="delete_journal").delete()

    grant(apps, Role.REGISTRAR, "akimat", ["delete_journal"])

    permission = Permission.objects.get(content_type__app_label="akimat", codename="delete_journal")
    assert permission.name == "Can delete registration journal"
    assert "delete_journal" in codenames(Role.REGISTRAR)


def test_grant_refuses_an_unknown_codename(db):
    with pytest.raises(LookupError):
        ensure_permissions(apps, "akimat", ["view_no_such_model"])


def test_revoke_takes_a_permission_back(db):
    revoke(apps, Role.REGISTRAR, "akimat", ["add_calendarexception"])

    assert "add_calendarexception" not in codenames(Role.REGISTRAR)


def test_roles_migration_can_be_reversed_and_run_again(db, registrar):
    roles_migration.backwards(apps, None)

    # an empty group goes away; the registrar's group keeps its member, without the core permissions
    assert not Group.objects.filter(name=Role.AUDITOR).exists()
    assert codenames(Role.REGISTRAR).isdisjoint(roles_migration.REFERENCE)
    assert registrar.groups.filter(name=Role.REGISTRAR).exists()

    roles_migration.forwards(apps, None)
    roles_migration.forwards(apps, None)

    assert Group.objects.filter(name__in=Role.values).count() == len(Role)
    assert set(roles_migration.CORE_PERMISSIONS[Role.REGISTRAR]["akimat"]) == codenames(Role.REGISTRAR)
