"""The append-only audit trail every module writes to (SPEC §3.5)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """History rows are never changed or deleted."""


class HistoryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "HistoryQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def update(self, **kwargs):  # noqa: ARG002
        raise AppendOnlyError("history is append-only")

    def delete(self):
        raise AppendOnlyError("history is append-only")


class HistoryEntry(models.Model):
    """Who did what to which object, when, acting for whom, from which state to which."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), db_index=False)
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "id"]
        indexes = [
            # serves the history panel of one object, newest last
            models.Index(fields=["content_type", "object_id", "at"], name="history_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("history is append-only")

    @property
    def actor_label(self) -> str:
        """Who did it as "A (acting for B)" with full names; "system" for automatic entries."""
        if self.actor_id is None:
            return gettext("system")
        actor = _user_label(self.actor)
        if self.acting_for_id is None:
            return actor
        return gettext("%(actor)s (acting for %(absent)s)") % {"actor": actor, "absent": _user_label(self.acting_for)}

    @property
    def action_label(self) -> str:
        """The translated name of the action, or its code when no module registered a label."""
        from akimat.history import action_label

        return action_label(self.action)

    @property
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)

    @property
    def old_deadline(self) -> datetime.date | None:
        """data["old_deadline"] (ISO date) as a date, for the history table."""
        return _iso_date(self.data.get("old_deadline")) if isinstance(self.data, dict) else None

    @property
    def new_deadline(self) -> datetime.date | None:
        """data["new_deadline"] (ISO date) as a date, for the history table."""
        return _iso_date(self.data.get("new_deadline")) if isinstance(self.data, dict) else None

    def _state_label(self, code: str) -> str:
        """The label of a state code from the subject model's choices (its `status` field by default)."""
        if not code:
            return ""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()  # cached, no query
        field_name = getattr(model, "history_state_field", "status")
        try:
            field = model._meta.get_field(field_name) if model else None
        except FieldDoesNotExist:  # a model without such a field shows the raw code
            field = None
        choices = dict(field.flatchoices) if field is not None and getattr(field, "flatchoices", None) else {}
        return str(choices.get(code, code))


def _user_label(user) -> str:
    """Person.full_name when the user has a Person, else the Django name, else the login."""
    person = getattr(user, "person", None)  # a user without a Person raises a subclass of AttributeError
    if person is not None and person.full_name:
        return person.full_name
    return user.get_full_name() or user.get_username()


def _iso_date(value) -> datetime.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
