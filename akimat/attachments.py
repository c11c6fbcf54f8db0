"""Storing uploaded files: size limit and type allow-list from settings, checksum, all or nothing."""

import contextlib
import contextvars
import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from akimat.models.files import Attachment


def validate_upload(upload: UploadedFile) -> None:
    """Refuse a file over the size limit or of a type outside the allow-list (settings)."""
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in settings.UPLOAD_ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("The file %(name)s is of a type that is not accepted. Accepted: %(types)s."),
            params={"name": name, "types": ", ".join(settings.UPLOAD_ALLOWED_EXTENSIONS)},
            code="file_type",
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s."),
            params={"name": name, "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty."), params={"name": name}, code="file_empty")


_stored_in_block: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("stored_files", default=None)


@contextlib.contextmanager
def atomic_with_files():
    """transaction.atomic() that also deletes the files stored inside it when the block fails.

    So a failed upload or a failed registration leaves neither a half document nor a stray file.
    """
    stored: list[str] = []
    token = _stored_in_block.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        storage = Attachment._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_in_block.reset(token)


def attach(obj: models.Model, upload: UploadedFile, *, uploaded_by) -> Attachment:
    """Store one validated file for an object (call inside atomic_with_files())."""
    validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name).name
    attachment = Attachment(
        subject=obj,
        original_name=name[:255],
        size=upload.size,
        mime_type=(upload.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream")[:100],
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(name, upload, save=False)
    stored = _stored_in_block.get()
    if stored is not None:
        stored.append(attachment.file.name)
    attachment.save()
    return attachment
