from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Correspondence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from control.services import register_removal_guard
        from correspondence import access
        from correspondence.services import outgoing, registration, workflow  # noqa: F401  (history labels)
        from correspondence.services.workflow import removal_guard

        access.register()
        register_removal_guard(removal_guard)
