from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Correspondence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from control.services import register_item_listener, register_removal_guard
        from correspondence import access
        from correspondence.services import outgoing, registration, workflow  # noqa: F401  (history labels)
        from correspondence.services.workflow import on_item_event, removal_guard

        access.register()
        outgoing.register_approvals()
        register_removal_guard(removal_guard)
        register_item_listener(on_item_event)
        _invalidate_counts_on_change()


def _invalidate_counts_on_change() -> None:
    """The journals' totals are cached under control's data version (control/queries.py), which changes
    of people, units, roles and grants already replace: a change of what a journal filters on, or of who
    takes part in a document, replaces it too. Routing marks (received, opened) are written with update()
    and change no total."""
    from akimat.models import Visa
    from control.queries import replace_version_on_change
    from correspondence.models import (
        Correspondent,
        Delivery,
        Document,
        Recipient,
        Resolution,
        ResolutionExecutor,
    )

    replace_version_on_change(
        Document, Correspondent, Recipient, Delivery, Resolution, ResolutionExecutor, Visa,
        prefix="correspondence.counts",
    )  # fmt: skip
