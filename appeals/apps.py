from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Appeals and personal reception")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from appeals import access, services  # noqa: F401  (services registers its history labels)

        access.register()
