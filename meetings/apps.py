from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from meetings import access, services

        access.register()
        services.register_subject()  # protocols take part in the core approval mechanism (akimat.approvals)
