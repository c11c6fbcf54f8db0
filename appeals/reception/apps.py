from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    """Personal reception of citizens (003 §14, 000 §15, 004 §15; 001 where those are silent)."""

    name = "appeals.reception"
    label = "reception"
    verbose_name = _("Personal reception")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from appeals.reception import access, services  # noqa: F401  (services registers its history labels)

        access.register()
