"""Storing uploaded files: size limit and type allow-list from settings, content checked, checksum, all or nothing.

A file's type is decided by its extension (from the allow-list) and confirmed by its content: the first
bytes must be those of that format (issue #11 point 2). What the browser says the type is, is never
trusted: `x.pdf` holding HTML is refused, and a file is always served with the type of its extension.
No libmagic: the few formats an apparatus accepts are told apart by the small table below.
"""

import codecs
import contextlib
import contextvars
import hashlib
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from akimat.models.files import Attachment

#: how much of a file's beginning is read to recognise its format
HEAD_BYTES = 8192
#: the type of a file whose extension is not in the table (old rows, a changed allow-list)
UNKNOWN_TYPE = "application/octet-stream"

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the compound file of Word 97–2003, Excel 97–2003


@dataclass(frozen=True)
class FileType:
    """An accepted format: the type it is served as, how its content starts, and a deeper look if needed."""

    mime_type: str
    starts: tuple[bytes, ...] = ()
    inspect: Callable[[IO[bytes], bytes], bool] | None = None

    def matches(self, handle: IO[bytes], head: bytes) -> bool:
        if self.starts and not head.startswith(self.starts):
            return False
        return self.inspect is None or self.inspect(handle, head)


def _zip_names(handle: IO[bytes]) -> list[str] | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _office_open_xml(folder: str) -> Callable[[IO[bytes], bytes], bool]:
    """A .docx/.xlsx/.pptx: a ZIP with [Content_Types].xml and the document's folder (word/, xl/, ppt/)."""

    def inspect(handle: IO[bytes], head: bytes) -> bool:
        names = _zip_names(handle) or []
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return inspect


def _open_document(mime_type: str) -> Callable[[IO[bytes], bytes], bool]:
    """An .odt/.ods/.odp: a ZIP whose "mimetype" entry (first and uncompressed, by the standard) holds its type."""

    expected = mime_type.encode()

    def inspect(handle: IO[bytes], head: bytes) -> bool:
        # ODF puts the entry first, so it is read from the head: a 30-byte header, the name, an extra field
        name_length, extra_length = struct.unpack("<HH", head[26:30]) if len(head) >= 30 else (0, 0)
        if head[30 : 30 + name_length] == b"mimetype":
            return head[30 + name_length + extra_length :].startswith(expected)
        try:  # a producer that put it elsewhere
            with zipfile.ZipFile(handle) as archive:
                entry = archive.getinfo("mimetype")
                return entry.file_size == len(expected) and archive.read(entry) == expected
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            return False

    return inspect


_TEXT_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 26}  # tab, line feed, form feed, CR, DOS end of file


def _plain_text(handle: IO[bytes], head: bytes) -> bool:
    """Text (UTF-8, UTF-16 with its BOM, or a single-byte code page such as Windows-1251), not markup."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return False
    else:
        text = head.decode("utf-8-sig", errors="replace")  # a single-byte page decodes too, as replacements
    if any(ord(character) in _TEXT_CONTROL for character in text):
        return False
    # HTML or XML named .txt is a page, not a text: refused as any other mismatch
    start = text.lstrip()[:2]
    return not (start.startswith("<") and len(start) == 2 and (start[1].isalpha() or start[1] in "!?/"))


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", (b"%PDF-",)),
    "png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": FileType("image/gif", (b"GIF87a", b"GIF89a")),
    "tif": FileType("image/tiff", (b"II*\x00", b"MM\x00*")),
    "tiff": FileType("image/tiff", (b"II*\x00", b"MM\x00*")),
    "bmp": FileType("image/bmp", (b"BM",)),
    "doc": FileType("application/msword", OLE2),
    "xls": FileType("application/vnd.ms-excel", OLE2),
    "ppt": FileType("application/vnd.ms-powerpoint", OLE2),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP, _office_open_xml("word/")
    ),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, _office_open_xml("xl/")),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP, _office_open_xml("ppt/")
    ),
    "odt": FileType(
        "application/vnd.oasis.opendocument.text", ZIP, _open_document("application/vnd.oasis.opendocument.text")
    ),
    "ods": FileType(
        "application/vnd.oasis.opendocument.spreadsheet",
        ZIP,
        _open_document("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "odp": FileType(
        "application/vnd.oasis.opendocument.presentation",
        ZIP,
        _open_document("application/vnd.oasis.opendocument.presentation"),
    ),
    "rtf": FileType("application/rtf", (b"{\\rtf",)),
    "txt": FileType("text/plain", inspect=_plain_text),
    "csv": FileType("text/csv", inspect=_plain_text),
    "zip": FileType("application/zip", ZIP, lambda handle, head: _zip_names(handle) is not None),
}


def extension_of(name: str) -> str:
    """The lower-cased extension of a file name, without the dot ("" when it has none)."""
    return PurePath(name or "").suffix[1:].lower()


def mime_type_for(*names: str) -> str:
    """The type a file is served as: from the first of its names whose extension is in the table."""
    for name in names:
        file_type = FILE_TYPES.get(extension_of(name))
        if file_type is not None:
            return file_type.mime_type
    return UNKNOWN_TYPE


def validate_upload(upload: UploadedFile) -> None:
    """Refuse a file over the size limit, of a type outside the allow-list, or whose content is not of its type."""
    _validate(upload, settings.UPLOAD_ALLOWED_EXTENSIONS, settings.UPLOAD_MAX_BYTES)


#: the formats an image printed on the PDFs may have (WeasyPrint draws them; no SVG, which could fetch URLs)
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg")
#: an emblem is a small picture: a larger file is a mistake (a scan of a page), not an emblem
IMAGE_MAX_BYTES = 2 * 1024 * 1024


def validate_image(upload: UploadedFile) -> None:
    """Refuse an image (the akimat's emblem) that is not a PNG or JPEG by extension and content, or too large."""
    _validate(upload, IMAGE_EXTENSIONS, IMAGE_MAX_BYTES)


def _validate(upload: UploadedFile, extensions: "list[str] | tuple[str, ...]", max_bytes: int) -> None:
    name = PurePath(upload.name or "").name
    extension = extension_of(name)
    if extension not in extensions:
        raise ValidationError(
            _("The file %(name)s is of a type that is not accepted. Accepted: %(types)s."),
            params={"name": name, "types": ", ".join(extensions)},
            code="file_type",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s."),
            params={"name": name, "limit": filesizeformat(max_bytes)},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty."), params={"name": name}, code="file_empty")
    if not _content_matches(upload, extension):
        raise ValidationError(
            _(
                "The content of the file %(name)s is not a .%(extension)s file. Save it in that format "
                "or give it the extension of its real format."
            ),
            params={"name": name, "extension": extension},
            code="file_content",
        )


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    file_type = FILE_TYPES.get(extension)
    if file_type is None:  # allowed in settings but unknown here: the system check reports it at start-up
        return False
    upload.seek(0)
    try:
        return file_type.matches(upload, upload.read(HEAD_BYTES))
    finally:
        upload.seek(0)


@checks.register(checks.Tags.security)
def check_allowed_extensions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every extension of UPLOAD_ALLOWED_EXTENSIONS must have a known content signature."""
    unknown = [extension for extension in settings.UPLOAD_ALLOWED_EXTENSIONS if extension not in FILE_TYPES]
    if not unknown:
        return []
    return [
        checks.Error(
            f"UPLOAD_ALLOWED_EXTENSIONS holds {', '.join(unknown)}, whose content cannot be checked; "
            f"every upload of that type would be refused.",
            hint=f"Use only: {', '.join(sorted(FILE_TYPES))}.",
            id="akimat.E010",
        )
    ]


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
        mime_type=mime_type_for(name),  # the extension's type, confirmed by the content; not the browser's word
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(name, upload, save=False)  # stored under a random name: see attachment_path()
    stored = _stored_in_block.get()
    if stored is not None:
        stored.append(attachment.file.name)
    attachment.save()
    return attachment
