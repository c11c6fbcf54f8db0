"""The quarterly appeals statistics (issue #15 §4): the page with a quarter picker, `?format=pdf|xlsx` to download.

Open to whoever sees appeals (appeals/access.py): the appeals department and the auditors, who count every appeal,
and the officials, registrars and executors, who count the appeals they see. Anyone else gets 403 with the reason —
statistics of appeals they have no part in are not theirs to read.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akimat import permissions, workdays
from appeals import access, statistics
from appeals.models import Appeal
from appeals.views.journal import module_nav
from control import reports
from control.report_views import download


def may_read_statistics(user) -> bool:
    """Whether the user (or someone they act for today) sees every appeal, or at least one."""
    if user.is_superuser or any(access.sees_every_appeal(principal) for principal in permissions.principals(user)):
        return True
    return permissions.visible(user, Appeal.objects.all()).exists()


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The quarter's statistics (the current quarter by default, as at today); `?format=pdf|xlsx` downloads them."""
    if not may_read_statistics(request.user):
        raise PermissionDenied(
            _("The appeals statistics are open to the appeals department, the auditors and those who handle appeals.")
        )
    today = workdays.today()
    fmt = request.GET.get("format", "")
    context: dict = {
        "quarters": reports.recent_quarters(today),
        "nav": module_nav("", request.user),
        "statistics_current": True,
    }
    try:
        quarter = reports.Quarter.parse(request.GET["quarter"]) if request.GET.get("quarter") else None
        quarter = quarter or reports.Quarter.containing(today)
        if fmt:
            export = statistics.export_quarterly_report(quarter, fmt, user=request.user, language=get_language())
            return download(export)
        found = statistics.quarterly_statistics(quarter, user=request.user, today=today)
    except reports.ReportInputError as error:
        context.update(error=str(error), quarter_value=request.GET.get("quarter", "")[:20])
        return render(request, "appeals/statistics.html", context, status=400)
    if quarter not in context["quarters"]:
        context["quarters"] = sorted({*context["quarters"], quarter}, reverse=True)
    context.update(quarter=quarter, quarter_value=quarter.key, statistics=found)
    return render(request, "appeals/statistics.html", context)
