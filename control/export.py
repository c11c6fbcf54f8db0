"""XLSX export of a filtered list of control items (SPEC §5, §9: any list, same filters, bounded memory).

Laid out by akimat.exports.ReportWorkbook (title rows with the apparatus and the period, autofilter, print
setup: issue #12 §6). openpyxl's write-only mode streams rows into a temporary file, and the rows come from
the database in chunks (`.iterator(chunk_size=…)` with the executors prefetched per chunk), so neither the
workbook nor the queryset is ever held whole in memory, whatever the number of rows.
"""

import tempfile
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from akimat.exports import Column, ReportWorkbook
from control.models import ControlExecutor, ControlItem, Issuer
from control.queries import Light

CHUNK_SIZE = 2000


def _executor_label(row: ControlExecutor) -> str:
    return row.person.full_name if row.person_id else row.unit.name


def _columns() -> list[Column]:
    """The columns, in the order of the row."""
    return [
        Column(_("Control number"), 12),
        Column(_("Date received"), 12, "date"),
        Column(_("Date given"), 12, "date"),
        Column(_("Source"), 20),
        Column(_("Source document"), 36),
        Column(_("Kind of event where it was given"), 24),
        Column(_("Issuer"), 22),
        Column(_("Issued by"), 24),
        Column(_("Content"), 60),
        Column(_("Lead executor"), 28),
        Column(_("Co-executors"), 36),
        Column(_("Controller"), 24),
        Column(_("Control type"), 14),
        Column(_("Deadline"), 12, "date"),
        Column(_("Deadline of the higher body"), 14, "date"),
        Column(_("Traffic light"), 18),
        Column(_("Status"), 22),
        Column(_("Report submitted on"), 12, "date"),
        Column(_("Removed on"), 12, "date"),
        Column(_("Grounds for removal"), 24),
        Column(_("Extensions"), 10, "number"),
    ]


def _values(item: ControlItem) -> list[Any]:
    rows = list(item.executors.all())  # prefetched with people and units
    lead = next((row for row in rows if row.is_lead), None)
    co = [row for row in rows if not row.is_lead]
    return [
        item.number,
        item.received_on,
        item.given_on,
        item.get_source_kind_display(),
        item.source_text,  # the kind, the issuer and the person have their own columns
        item.event,
        Issuer(item.issuer).label if item.issuer in Issuer.values else item.issuer,
        item.issuer_person.full_name if item.issuer_person_id else "",
        item.text,
        _executor_label(lead) if lead else "",
        "; ".join(_executor_label(row) for row in co),
        item.controller.name,
        item.get_control_type_display(),
        item.deadline,
        item.external_deadline,
        str(Light.LABELS.get(item.light, item.light)),
        item.get_status_display(),
        item.executed_on,
        item.removed_on,
        item.get_removal_ground_display(),
        item.extension_count,
    ]


def export_queryset(queryset: QuerySet) -> QuerySet:
    """The listing queryset with what each exported row needs fetched in the same chunk."""
    executors = ControlExecutor.objects.select_related("person", "unit").order_by("-is_lead", "position")
    return queryset.select_related("issuer_person", "controller").prefetch_related(
        Prefetch("executors", queryset=executors)
    )


def write_xlsx(queryset: QuerySet, *, title: str, period: str) -> IO[bytes]:
    """The items as an XLSX workbook in a temporary file (rewound, to be streamed and then closed).

    `title` names the list (and the sheet), `period` says what it covers (akimat.exports.period_text).
    """
    workbook = ReportWorkbook()
    # safe_cell inside: an instruction's text starting with "=" stays text, never a formula (issue #11 point 5)
    sheet = workbook.sheet(title, _columns(), title=f"{title}, {period}")
    for item in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        sheet.append(_values(item))
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response streams and closes it
    workbook.save(output)
    output.seek(0)
    return output
