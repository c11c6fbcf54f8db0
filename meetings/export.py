"""XLSX export of the filtered registry of protocols (issue #14 §6): the registry's own queryset — already reduced
to what the user may see — laid out by akimat.exports.ReportWorkbook, rows streamed from an iterator."""

import tempfile
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from akimat import workdays
from akimat.exports import Column, ReportWorkbook, period_text
from meetings.models import Meeting, Protocol

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def columns() -> list[Column]:
    return [
        Column(_field(Meeting, "type"), 30),
        Column(_field(Protocol, "year"), 8, "number"),
        Column(_field(Protocol, "number"), 10),
        Column(_("Date of the meeting"), 12, "date"),
        Column(_("Title"), 50),
        Column(_field(Meeting, "chair"), 26),
        Column(_field(Protocol, "status"), 22),
        Column(_field(Protocol, "drafting_due_on"), 12, "date"),
        Column(_field(Protocol, "signed_on"), 12, "date"),
    ]


def write_registry_xlsx(protocols: Iterable[Protocol]) -> IO[bytes]:
    """The protocols as an XLSX workbook in a rewound temporary file (the response streams and closes it)."""
    title = _("Registry of protocols")
    workbook = ReportWorkbook()
    sheet = workbook.sheet(title, columns(), title=f"{title}, {period_text(None, None, workdays.today())}")
    for protocol in protocols:
        meeting = protocol.meeting
        sheet.append([
            meeting.type.name, protocol.year, protocol.number, timezone.localdate(meeting.starts_at),
            meeting.title or meeting.type.name, meeting.chair.full_name, protocol.get_status_display(),
            protocol.drafting_due_on, protocol.signed_on,
        ])  # fmt: skip
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
