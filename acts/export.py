"""XLSX export of the filtered registry of acts (issue #13 §6): the registry's own queryset — already reduced to
what the user may see — laid out by akimat.exports.ReportWorkbook (title rows, autofilter, print setup), dates as
date cells, text as text (never a formula), rows streamed from an iterator so memory stays bounded."""

import tempfile
from collections.abc import Iterable
from typing import IO

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from acts import queries
from acts.models import Act
from akimat import workdays
from akimat.exports import Column, ReportWorkbook, period_text

CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field(name: str) -> str:
    return str(capfirst(Act._meta.get_field(name).verbose_name))


def columns() -> list[Column]:
    return [
        Column(_field("type"), 26),
        Column(_field("year"), 8, "number"),
        Column(_field("number"), 12),
        Column(_field("registered_on"), 12, "date"),
        Column(_("Title"), 60),
        Column(_field("developer_unit"), 30),
        Column(_field("developer"), 24),
        Column(_field("is_normative"), 10),
        Column(_field("is_dsp"), 8),
        Column(_field("status"), 20),
        Column(_field("signed_on"), 12, "date"),
        Column(_field("justice_number"), 14),
        Column(_field("justice_registered_on"), 12, "date"),
    ]


def values(act: Act, language: str) -> list:
    return [
        act.get_type_display(),
        act.year,
        act.number,
        act.registered_on,
        queries.title_in(act, language),
        act.developer_unit.name,
        act.developer.full_name,
        _("yes") if act.is_normative else "",
        _("yes") if act.is_dsp else "",
        act.get_status_display(),
        act.signed_on,
        act.justice_number,
        act.justice_registered_on,
    ]


def write_registry_xlsx(acts: Iterable[Act], *, filters: str = "") -> IO[bytes]:
    """The acts as an XLSX workbook in a rewound temporary file (the response streams and closes it)."""
    language = translation.get_language() or "ru"
    title = _("Registry of acts")
    heading = f"{title}, {period_text(None, None, workdays.today())}"
    if filters:
        heading = f"{heading} ({filters})"
    workbook = ReportWorkbook()
    sheet = workbook.sheet(title, columns(), title=heading)
    for act in acts:
        sheet.append(values(act, language))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
