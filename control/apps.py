from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "control"
    verbose_name = _("Execution control")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from akimat.workdays import calendar_changed
        from control import access, history_labels, tasks

        access.register()
        history_labels.register()
        calendar_changed.connect(tasks.on_calendar_changed, dispatch_uid="control.recompute_deadlines")
        _invalidate_counts_on_change()


def _invalidate_counts_on_change() -> None:
    """Any change of an item or its executors, or of what decides who sees which items and whom the
    filters offer (users, people, units, supervision, acting duties, roles, permissions by name), makes
    the cached counts stale."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from akimat.models import ActingDuty, OrgUnit, Person, Supervision
    from control.models import ControlExecutor, ControlItem
    from control.queries import data_changed, replace_version_on_change

    def changed(**kwargs) -> None:
        data_changed()

    replace_version_on_change(
        ControlItem, ControlExecutor, Person, OrgUnit, Supervision, ActingDuty,
        UserObjectPermission, GroupObjectPermission, prefix="control.counts",
    )  # fmt: skip
    groups = get_user_model().groups.through
    m2m_changed.connect(changed, sender=groups, weak=False, dispatch_uid="control.counts.user_groups")

    def user_changed(update_fields=None, **kwargs) -> None:
        # a sign-in saves last_login alone: that changes nobody's items, and must not empty the cache
        if update_fields is None or set(update_fields) - {"last_login"}:
            data_changed()

    user = get_user_model()
    post_save.connect(user_changed, sender=user, weak=False, dispatch_uid="control.counts.user.save")
    post_delete.connect(changed, sender=user, weak=False, dispatch_uid="control.counts.user.delete")
