"""Attachments of any object (documents, reports, acts): stored with size, type and checksum (SPEC §3.6)."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Where a file is stored: attachments/<year>/<month>/<random hex>.<extension>.

    The name is random, not the uploaded one (issue #11 point 2): a stored name reveals nothing and
    cannot be guessed; the original name is kept in Attachment.original_name and given on download.
    """
    suffix = PurePath(filename).suffix.lower()
    if not suffix[1:].isascii() or not suffix[1:].isalnum():
        suffix = ""
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AttachmentQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Attachment(models.Model):
    """A file attached to an object; served only to users who may see that object."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    mime_type = models.CharField(_("type"), max_length=100)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [
            # serves the file list on an object's page
            models.Index(fields=["content_type", "object_id"], name="attachment_object_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name
