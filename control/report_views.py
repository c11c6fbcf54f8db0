"""Pages and downloads of the control reports: the weekly control list (003 §12.4), the quarterly report (§12.16).

The controlling unit of the regulation profile (the general department, its staff and its head), the head of
apparatus, the akim, auditors and deputy akims may open them (control.access.may_read_reports); each sees only
the items they may see (akimat.permissions.visible). Everyone else gets 403 with the reason.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akimat import pdf, workdays
from control import access, reports


def _require_reader(request: HttpRequest) -> None:
    if not access.may_read_reports(request.user):
        raise PermissionDenied(
            _("The control reports are open to the leadership of the apparatus, auditors and the general department.")
        )


def download(export: reports.Export) -> HttpResponse:
    if export.content_type == "application/pdf":
        return pdf.pdf_response(export.content, export.filename)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Content-Length"] = str(len(export.content))
    return response


@login_required
def weekly_list(request: HttpRequest) -> HttpResponse:
    """The weekly control list: an HTML preview with a week picker, or ?format=pdf|xlsx to download."""
    _require_reader(request)
    today = workdays.today()
    fmt = request.GET.get("format", "")
    context: dict = {"formats": reports.FORMATS, "today": today, **access.subnav(request.user)}
    try:
        week = reports.Week.parse(request.GET["week"]) if request.GET.get("week") else reports.Week.containing(today)
        if fmt:
            return download(reports.export_weekly_list(week, fmt, user=request.user, language=get_language()))
    except reports.ReportInputError as error:
        context.update(error=str(error), week_value=request.GET.get("week", "")[:20])
        return render(request, "control/reports/weekly_list.html", context, status=400)
    context.update(
        week=week,
        week_value=week.monday.isoformat(),
        weekly=reports.weekly_list(week, user=request.user, today=today, limit=reports.LIST_LIMIT),
        previous_week=week.previous(),
        next_week=week.next(),
    )
    return render(request, "control/reports/weekly_list.html", context)


@login_required
def quarterly_report(request: HttpRequest) -> HttpResponse:
    """The quarterly report: an HTML page with a quarter picker, or ?format=pdf|xlsx to download."""
    _require_reader(request)
    today = workdays.today()
    fmt = request.GET.get("format", "")
    context: dict = {
        "formats": reports.FORMATS,
        "quarters": reports.recent_quarters(today),
        **access.subnav(request.user),
    }
    try:
        quarter = (
            reports.Quarter.parse(request.GET["quarter"])
            if request.GET.get("quarter")
            else reports.Quarter.containing(today).previous()  # the report due this month is on the last quarter
        )
        if fmt:
            return download(reports.export_quarterly_report(quarter, fmt, user=request.user, language=get_language()))
    except reports.ReportInputError as error:
        context.update(error=str(error), quarter_value=request.GET.get("quarter", "")[:20])
        return render(request, "control/reports/quarterly_report.html", context, status=400)
    report = reports.quarterly_report(quarter, user=request.user, today=today)
    if quarter not in context["quarters"]:
        context["quarters"] = sorted({*context["quarters"], quarter}, reverse=True)
    context.update(
        quarter=quarter,
        quarter_value=quarter.key,
        report=report,
        bars=reports.on_time_bars(report.by_department),
    )
    return render(request, "control/reports/quarterly_report.html", context)
