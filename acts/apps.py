from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    name = "acts"
    verbose_name = _("Acts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from acts import access, services  # noqa: F401  (services: history labels)

        access.register()
        try:
            from akimat import approvals  # noqa: F401
        except ImportError:  # the core approval service is not there yet (issue #13, written in parallel)
            return
        services.register_subject()
