"""XLSX export of the filtered appeals journal (issue #15 §4): the journal's own queryset — already reduced to what
the user may see — laid out by akimat.exports.ReportWorkbook. An applicant's IIN is written as the page shows it to
this user (appeals.access.shown_iin: masked for those who do not handle the appeal)."""

import tempfile
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from akimat import workdays
from akimat.exports import Column, ReportWorkbook, period_text
from akimat.identifiers import mask
from appeals import access
from appeals.models import Appeal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field(name: str) -> str:
    return str(capfirst(Appeal._meta.get_field(name).verbose_name))


def columns() -> list[Column]:
    return [
        Column(_field("number"), 12),
        Column(_field("registered_on"), 12, "date"),
        Column(_field("received_at"), 17),
        Column(_field("channel"), 18),
        Column(_field("kind"), 16),
        Column(_("Applicant"), 34),
        Column(_("IIN / BIN"), 15),
        Column(_field("addressee"), 26),
        Column(_field("summary"), 60),
        Column(_field("status"), 24),
    ]


def write_journal_xlsx(user, appeals: Iterable[Appeal]) -> IO[bytes]:
    """The appeals as an XLSX workbook in a rewound temporary file (the response streams and closes it)."""
    handles = access.handled_by(user)
    title = _("Appeals journal")
    workbook = ReportWorkbook()
    sheet = workbook.sheet(title, columns(), title=f"{title}, {period_text(None, None, workdays.today())}")
    for appeal in appeals:
        applicants = list(appeal.applicants.all())
        handled = handles(appeal)
        sheet.append([
            appeal.number, appeal.registered_on, f"{timezone.localtime(appeal.received_at):%d.%m.%Y %H:%M}",
            appeal.get_channel_display(), appeal.get_kind_display(),
            "; ".join(a.display_name for a in applicants) or _("anonymous"),
            "; ".join(filter(None, (a.identifier if handled or not a.iin else mask(a.iin) for a in applicants))),
            appeal.addressee.full_name if appeal.addressee else appeal.addressee_name,
            appeal.summary, appeal.get_status_display(),
        ])  # fmt: skip
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
