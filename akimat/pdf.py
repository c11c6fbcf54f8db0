"""PDF documents with WeasyPrint, in the shipped DejaVu fonts (SPEC §3.6).

Templates extend templates/pdf/base.html. The font comes from akimat/static/akimat/fonts/ under a
family name no system font has, so a PDF looks the same on every machine and never falls back to
whatever fonts the server happens to have. One family (DejaVu Serif, regular and bold) for every text:
an official paper is set in one typeface.

Every PDF is an official paper of the apparatus (issue #12 §6): base.html heads it with the apparatus's
name and emblem (OrgUnit.objects.apparatus(), edited in the admin), an approval block ("БЕКІТЕМІН") when
the caller names an `approver`, and ends with the `signer`'s line and "prepared by" (the person who
generated it, with their phone). `official()` and `prepared_by()` give those people in one shape.
"""

import base64
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
FONTS_DIR = STATIC_DIR / "akimat" / "fonts"
FONT_FILES = {
    "serif_regular": "DejaVuSerif.ttf",
    "serif_bold": "DejaVuSerif-Bold.ttf",
}


@dataclass(frozen=True)
class Official:
    """A person named on an official paper: position, name and (for "prepared by") a phone; blanks allowed."""

    position: str
    name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Letterhead:
    """The apparatus's name in the paper's language and its emblem as a data: URL ("" when none)."""

    name: str
    emblem: str = ""


def render_pdf(
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    language: str | None = None,
    prepared_by: Any | None = None,
) -> bytes:
    """Render a template to PDF bytes, in `language` if given (else the active language).

    `prepared_by` is the user who generates the paper, named at its end with their phone; the context may
    name an `approver` and a `signer` (Official, see official()).
    """
    from weasyprint import HTML  # heavy import: only processes that render PDFs pay for it

    with translation.override(language or translation.get_language()):
        base = {**_pdf_context(), "prepared_by": _prepared_by(prepared_by)}
        html = render_to_string(template_name, {**base, **(context or {})})
        return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_local_url_fetcher()).write_pdf()


def official(person: Any | None, position: str) -> Official:
    """The person's own position (in the active language) and full name; `position` when they have none.

    With no person the paper keeps the position and a blank line for the name, to be filled in by hand.
    """
    if person is None:
        return Official(position=position)
    return Official(position=person.position or position, name=person.full_name, phone=person.phone)


def head_of_apparatus() -> Official:
    """Who approves papers addressed to the head of apparatus: the head of the apparatus unit."""
    from akimat.models import OrgUnit

    apparatus = OrgUnit.objects.apparatus()
    return official(apparatus.head if apparatus else None, gettext("Head of apparatus"))


def head_of_unit(function: str, position: str) -> Official:
    """The head of the unit with a function (e.g. the general department), or a blank line under `position`."""
    from akimat.models import OrgUnit

    unit = OrgUnit.objects.filter(function=function).select_related("head").first()
    return official(unit.head if unit else None, position)


def _prepared_by(user: Any | None) -> Official | None:
    person = getattr(user, "person", None) if user is not None and user.is_authenticated else None
    if person is None:
        return None
    return Official(position=person.position, name=person.full_name, phone=person.phone)


def letterhead() -> Letterhead:
    """The apparatus's name (in the active language) and emblem; the product's name when none is set up."""
    from akimat.models import OrgUnit

    apparatus = OrgUnit.objects.apparatus()
    if apparatus is None:
        return Letterhead(name=gettext("Akimat apparatus"))
    return Letterhead(name=apparatus.name, emblem=_emblem_data_url(apparatus.emblem))


def _emblem_data_url(emblem: Any) -> str:
    """The stored emblem as a data: URL (the PDF may load nothing but static files and data: URLs)."""
    from akimat.attachments import IMAGE_MAX_BYTES, mime_type_for

    if not emblem:
        return ""
    try:
        with emblem.open("rb") as handle:
            content = handle.read(IMAGE_MAX_BYTES + 1)
    except OSError:  # a lost file must not stop the report: the paper is printed without the emblem
        logger.warning("The emblem %s cannot be read; PDFs are printed without it.", emblem.name)
        return ""
    if len(content) > IMAGE_MAX_BYTES:
        return ""
    return f"data:{mime_type_for(emblem.name)};base64,{base64.b64encode(content).decode('ascii')}"


def pdf_response(pdf_bytes: bytes, filename: str) -> HttpResponse:
    """A download of the PDF; the name is made safe for the header and keeps Cyrillic for browsers."""
    # the name goes into a header and onto a disk: no quotes, path separators or control characters;
    # a slash is part of registration numbers ("01-12/345"), so it becomes "_" rather than a directory
    stem = re.sub(r'[\x00-\x1f\x7f"\\/:;*?<>|]+', "_", filename.removesuffix(".pdf")).strip(" ._") or "document"
    ascii_stem = _ascii_name(stem)
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_stem}.pdf\"; filename*=UTF-8''{quote(stem + '.pdf', safe='')}"
    )
    response["Content-Length"] = str(len(pdf_bytes))
    return response


def _ascii_name(name: str) -> str:
    """The fallback name for old clients: ASCII only, other letters (Cyrillic) dropped, gaps as "_"."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_only).strip("._") or "document"


def _pdf_context() -> dict[str, Any]:
    """What the base PDF template needs: font URLs, the page counter, today's date, the letterhead."""
    return {
        "pdf_fonts": {key: (FONTS_DIR / name).as_uri() for key, name in FONT_FILES.items()},
        "pdf_page_counter": page_counter_css(),
        "printed_on": timezone.localdate(),
        "letterhead": letterhead(),
    }


def page_counter_css() -> SafeString:
    """The translated "Page X of Y" as a CSS `content` value with page counters, e.g. "Page " counter(page)…."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = gettext("Page %(page)s of %(pages)s") % {"page": marker_page, "pages": marker_pages}
    parts: list[str] = []
    for piece in re.split(f"({re.escape(marker_page)}|{re.escape(marker_pages)})", text):
        if piece == marker_page:
            parts.append("counter(page)")
        elif piece == marker_pages:
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return mark_safe(" ".join(parts))  # every literal part went through _css_string


def _css_string(text: str) -> str:
    """A CSS string literal: backslash, quotes, newlines and angle brackets escaped."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,-–—()/№:" else f"\\{ord(ch):06x}" for ch in text)
    return f'"{escaped}"'


def _local_url_fetcher():
    """A fetcher of data: URLs and files under the project's static directory only.

    A PDF may contain text typed by users; it must not make the server request other hosts or read
    other local files.
    """
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 66 takes a plain function
        from weasyprint.urls import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            _check_local(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class LocalURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            _check_local(url)
            return super().fetch(url, headers)

    return LocalURLFetcher(allowed_protocols={"file", "data"})


def _check_local(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "data":
        return
    if parts.scheme == "file" and Path(unquote(parts.path)).resolve().is_relative_to(STATIC_DIR):
        return
    raise ValueError(f"URL not allowed in a PDF: {url}")
