from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkimatConfig(AppConfig):
    name = "akimat"
    verbose_name = _("Akimat apparatus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from akimat import attachments, signals  # noqa: F401 - signal handlers; the upload allow-list check
