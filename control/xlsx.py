"""XLSX exports of the control reports: laid out by akimat.exports.ReportWorkbook (issue #12 §6).

Each sheet opens with the apparatus's name and the report's title and period, then the header row with an
autofilter; dates are date cells and shares percent cells. Workbooks are written in openpyxl's write-only
mode, so a quarter of an oblast apparatus (tens of thousands of listed items) streams through without
holding every cell object in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from akimat.exports import Column, ReportWorkbook, period_text

if TYPE_CHECKING:
    from control.reports import Counts, ListedItem, QuarterlyReport, WeeklyList

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def weekly_list_xlsx(weekly: WeeklyList) -> bytes:
    """The weekly control list (003 §12.4): one sheet, the nine columns in order (active language)."""
    name = gettext("Weekly control list")
    title = f"{name}, {period_text(weekly.week.monday, weekly.week.sunday, weekly.as_of)}"
    widths = (30, 12, 60, 35, 12, 16, 24, 30, 35)
    kinds = ("text", "date", "text", "text", "date", "date", "text", "text", "text")
    columns = [Column(header, width, kind) for header, width, kind in zip(weekly.headers, widths, kinds, strict=True)]
    workbook = ReportWorkbook()
    sheet = workbook.sheet(name, columns, title=title)
    for row in weekly.rows:
        sheet.append(row.cells())
    return workbook.save()


def _quarterly_title(report: QuarterlyReport) -> str:
    """“Report on the execution of instructions, Q1 2026, from 01.01.2026 to 31.03.2026, as at 31.03.2026”."""
    quarter = report.quarter
    return ", ".join(
        [
            gettext("Report on the execution of instructions"),
            quarter.label,
            period_text(quarter.first_day, quarter.last_day, report.report_date),
            period_text(None, None, report.report_date),
        ]
    )


def _counts_sheet(
    workbook: ReportWorkbook,
    name: str,
    first_header: str,
    report: QuarterlyReport,
    lines: Iterable[Counts],
    detail: str | None,
) -> None:
    columns = [
        Column(first_header, 40),
        *([Column(detail, 30)] if detail else []),
        *[Column(header, 14, "number") for header in report.headers],
        Column(gettext("Share on time"), 14, "percent"),
    ]
    sheet = workbook.sheet(name, columns, title=_quarterly_title(report))
    for line in [*lines, report.totals]:
        sheet.append([line.label, *([line.detail] if detail else []), *line.values(), line.share_on_time])


def _listed_sheet(
    workbook: ReportWorkbook, name: str, report: QuarterlyReport, items: Iterable[ListedItem], *, overdue: bool
) -> None:
    columns = [
        Column(gettext("Control number"), 14),
        Column(gettext("Issuer"), 24),
        Column(gettext("Content of the instruction"), 60),
        Column(gettext("Lead executor"), 30),
        Column(gettext("Department"), 30),
        Column(gettext("Date received"), 12, "date"),
        Column(gettext("Deadline"), 12, "date"),
    ]
    if overdue:
        columns.append(Column(gettext("Days overdue"), 14, "number"))
    else:
        columns += [
            Column(gettext("Deadline before extension"), 14, "date"),
            Column(gettext("Extensions"), 12, "number"),
            Column(gettext("Report submitted on"), 12, "date"),
        ]
    sheet = workbook.sheet(name, columns, title=_quarterly_title(report))
    for item in items:
        cells: list[Any] = [
            item.number,
            item.issuer,
            item.content,
            item.lead,
            item.department,
            item.received_on,
            item.deadline,
        ]
        if overdue:
            cells.append(item.days_overdue)
        else:
            cells += [item.first_deadline, item.extension_count, item.executed_on]
        sheet.append(cells)


def quarterly_report_xlsx(report: QuarterlyReport) -> bytes:
    """The quarterly report (003 §12.16): a sheet per grouping, then the overdue and extended items."""
    workbook = ReportWorkbook()
    _counts_sheet(workbook, gettext("By issuer"), gettext("Issuer"), report, report.by_issuer, None)
    _counts_sheet(workbook, gettext("By department"), gettext("Department"), report, report.by_department, None)
    _counts_sheet(
        workbook, gettext("By executor"), gettext("Executor"), report, report.by_executor, gettext("Department")
    )
    _listed_sheet(workbook, gettext("Overdue instructions"), report, report.overdue_items, overdue=True)
    _listed_sheet(workbook, gettext("Extended instructions"), report, report.extended_items, overdue=False)
    return workbook.save()
