from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rules_may_have_changed(**kwargs) -> None:
    """A migration may add or change rules of the profile with its historical models, which this module's signals
    do not see: every process reloads the rules after `migrate` (else the cached snapshot lacks a new rule)."""
    from akimat import reglament

    reglament.invalidate_cache()


class AkimatConfig(AppConfig):
    name = "akimat"
    verbose_name = _("Akimat apparatus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from akimat import attachments, signals  # noqa: F401 - signal handlers; the upload allow-list check

        post_migrate.connect(_rules_may_have_changed, sender=self, dispatch_uid="akimat.reglament.after_migrate")
