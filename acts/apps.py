from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    name = "acts"
    verbose_name = _("Acts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from acts import access, services  # services: history labels

        access.register()
        services.register_subject()  # acts take part in the core approval mechanism (akimat.approvals)
