"""The ten roles as groups, with model permissions on the core models (SPEC §1, §3.1).

The table is frozen here rather than read from akimat.roles, so that this migration does the same thing
whenever it runs; later modules grant permissions on their own models in their own migrations.
"""

from django.db import migrations

from akimat.roles import Role, ensure_role_groups, grant_table, revoke_table

# everyone chooses executors, units and dates, so everyone reads the reference data
REFERENCE = (
    "view_orgunit",
    "view_person",
    "view_supervision",
    "view_actingduty",
    "view_calendarexception",
    "view_regulationprofile",
    "view_regulationrule",
    "view_journal",
)
# the record of who did what, and where the numbering stands
RECORDS = ("view_historyentry", "view_counter")

CORE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    # the general department keeps the calendar and records orders on acting duties (§1.4, §15.6)
    Role.REGISTRAR: {
        "akimat": REFERENCE
        + RECORDS
        + ("add_calendarexception", "change_calendarexception", "add_actingduty", "change_actingduty")
    },
    Role.AKIM: {"akimat": REFERENCE + RECORDS},
    Role.DEPUTY_AKIM: {"akimat": REFERENCE + RECORDS},
    # the head of apparatus signs the orders that assign duties of absent staff
    Role.HEAD_OF_APPARATUS: {"akimat": REFERENCE + RECORDS + ("add_actingduty", "change_actingduty")},
    Role.DEPARTMENT_HEAD: {"akimat": REFERENCE},
    Role.EXECUTOR: {"akimat": REFERENCE},
    Role.LEGAL_SERVICE: {"akimat": REFERENCE},
    Role.ORG_DEPARTMENT: {"akimat": REFERENCE},
    Role.APPEALS_OFFICER: {"akimat": REFERENCE},
    # read-only everywhere; notifications are left out because an inbox is personal
    Role.AUDITOR: {"akimat": REFERENCE + RECORDS},
}


def forwards(apps, schema_editor) -> None:
    ensure_role_groups(apps)
    grant_table(apps, CORE_PERMISSIONS)


def backwards(apps, schema_editor) -> None:
    revoke_table(apps, CORE_PERMISSIONS)
    # a group that still has members or permissions from elsewhere is kept: reversing must not lose data
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=Role.values, user__isnull=True, permissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("akimat", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
