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
    """Any change of an item or its executors makes the cached dashboard counts stale."""
    from django.db.models.signals import post_delete, post_save

    from control.models import ControlExecutor, ControlItem
    from control.queries import data_changed

    def changed(**kwargs) -> None:
        data_changed()

    for model in (ControlItem, ControlExecutor):
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"control.counts.{model.__name__}.save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"control.counts.{model.__name__}.delete")
