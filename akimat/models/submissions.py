"""Forms posted once: the one-time token of each successful create, and where its result is (akimat.submissions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A form that was posted with a one-time token and did what it was sent for.

    A second post with the same token (a double click, a reload that resends the form) finds this row
    and is sent to the same result instead of creating a second letter with a second number.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(_("token"), max_length=64)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, help_text=_("A hash of what was posted: the same form sent again.")
    )
    result_url = models.CharField(_("result"), max_length=2000, blank=True)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            # the database holds a second post of the same form until the first one's transaction ends,
            # then refuses it: two posts at the same moment cannot both create. The fingerprint is part
            # of the key: other data under a token already used (a page the back button brought back,
            # filled in again) is another submission, not a repeat.
            models.UniqueConstraint(fields=["user", "token", "fingerprint"], name="submission_once_per_token"),
        ]
        indexes = [
            # serves the daily purge of old tokens
            models.Index(fields=["created_at"], name="submission_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.token}"
