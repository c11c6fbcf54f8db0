"""The documents of a meeting for download (issue #14 §2, §4): the protocol as a PDF in the official form of 003
Appendix 6 (`?lang=kk|ru`), the protocol as a .docx, and the package of a meeting (§5.8) as a PDF and as a ZIP
with the materials' files.

Each is found through akimat.permissions (a closed meeting's documents only for those granted; 404 for anyone who
may not see them); meetings.documents renders.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from akimat import pdf, permissions, request_values
from meetings import documents
from meetings.models import Meeting, Protocol

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _protocol(request: HttpRequest, pk: int) -> tuple[Protocol, str]:
    """The protocol the user may see and the language asked for: `?lang=`, else the reader's when the protocol is
    kept in it, else Kazakh (§8.5); a language the protocol has no version in is a 404."""
    protocol = permissions.get_object_for_user(request.user, Protocol.objects.select_related("meeting"), pk)
    kept = documents.protocol_languages(protocol)
    asked = (request.GET.get("lang") or "").lower()
    if asked:
        if asked not in kept:
            raise Http404("The protocol has no version in this language.")
        return protocol, asked
    current = (translation.get_language() or "")[:2]
    return protocol, current if current in kept else "kk"


@login_required
def protocol_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The protocol in the official form of Appendix 6 as PDF, in Kazakh or Russian."""
    protocol, language = _protocol(request, pk)
    content = documents.protocol_pdf(protocol, language)
    return pdf.pdf_response(content, documents.protocol_filename(protocol, language))


@login_required
def protocol_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The same protocol as a .docx, for those who pass the text on."""
    protocol, language = _protocol(request, pk)
    content = documents.protocol_docx(protocol, language)
    name = f"{documents.protocol_filename(protocol, language)}.docx"
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["Content-Length"] = str(len(content))
    return response


@login_required
def protocol_extract(request: HttpRequest, pk: int) -> HttpResponse:
    """Appendix 6 item 4: the extract of the protocol for one addressee unit (`?unit=`) — the points that concern
    it; a unit that is no addressee or executor of the protocol is a 404."""
    protocol, language = _protocol(request, pk)
    unit_id = request_values.id_from(request.GET, "unit")
    unit = documents.extract_units(protocol).get(unit_id) if unit_id is not None else None
    if unit is None:
        raise Http404("The protocol has no such addressee.")
    content = documents.extract_pdf(protocol, language, unit)
    return pdf.pdf_response(content, f"{documents.protocol_filename(protocol, language)}-extract-{unit.pk}")


@login_required
def package(request: HttpRequest, pk: int) -> HttpResponse:
    """§5.8: the package of the meeting (agenda, order of proceedings, invited, draft resolutions, materials)."""
    meeting = permissions.get_object_for_user(request.user, Meeting, pk)
    content = documents.package_pdf(meeting, prepared_by=request.user)
    return pdf.pdf_response(content, f"meeting-package-{meeting.pk}-{meeting.starts_at:%Y-%m-%d}")


@login_required
def package_files(request: HttpRequest, pk: int) -> HttpResponse:
    """§5.8: the package PDF and the materials' files in one ZIP archive."""
    meeting = permissions.get_object_for_user(request.user, Meeting, pk)
    content = documents.package_zip(meeting, prepared_by=request.user)
    name = f"meeting-package-{meeting.pk}-{meeting.starts_at:%Y-%m-%d}.zip"
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(content))
    return response
