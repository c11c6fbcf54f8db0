"""In-app notifications, also sent by e-mail, at most once per (recipient, object, kind, key)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def awaiting_action(self) -> "NotificationQuerySet":
        return self.exclude(action="").filter(action_done_at__isnull=True)


class Notification(models.Model):
    """A message to one person, written when it is created in every language of the site (`texts`).

    The inbox shows it in the reader's language of the moment, the e-mail in the recipient's saved
    language; `title`/`body` keep the text in the language the recipient had when it was created.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    key = models.CharField(
        _("key"), max_length=100, blank=True, help_text=_("What makes it unique, e.g. the deadline it is about.")
    )
    language = models.CharField(_("language"), max_length=2)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # {"kk": {"title": …, "body": …, "action": …}, "ru": {…}, "en": {…}}; empty in rows older than it
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    action = models.CharField(
        _("action"), max_length=50, blank=True, help_text=_("What it asks to be done, e.g. correspondence.resolve.")
    )
    action_done_at = models.DateTimeField(_("action done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    # a sender's claim on the e-mail is a lease: a sender that died before marking it sent lets it run out,
    # and the e-mail is sent again by a later sweep (akimat.notifications.deliver_email)
    email_claimed_until = models.DateTimeField(_("e-mail claimed until"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # the database, not only the code, guarantees one notification per recipient/object/kind/key,
            # so a scan that runs twice or a retried task cannot send it again
            models.UniqueConstraint(
                fields=["recipient", "content_type", "object_id", "kind", "key"],
                name="notification_once",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            # serves the bell's unread count and the inbox list
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # serves "was this reminder about this object already sent?" (the daily control scan)
            models.Index(fields=["content_type", "object_id", "kind", "key"], name="notification_subject_idx"),
            # serves the e-mail sender's queue of what is still to send
            models.Index(
                fields=["created_at"], condition=Q(email_sent_at__isnull=True), name="notification_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str) -> dict[str, str]:
        """Title, body and the asked action's label in `language` (the stored language when it has no such text)."""
        text = self.texts.get(language[:2]) if isinstance(self.texts, dict) else None
        if not text:
            return {"title": self.title, "body": self.body, "action": self.action}
        return {"title": text.get("title", self.title), "body": text.get("body", ""), "action": text.get("action", "")}

    @property
    def awaits_action(self) -> bool:
        return bool(self.action) and self.action_done_at is None
