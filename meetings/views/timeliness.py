"""The page of protocols' timeliness for any week and its PDF (issue #14 §5; 003 §8.6).

Open to the recipients of the Monday list (the profile's meetings.timeliness_recipients), the general and the
organisational departments and auditors (meetings.timeliness.may_read); anyone else gets a 403. The rows are the
meetings the reader may see (a closed meeting only when granted, §5.3).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akimat import pdf, workdays
from control.reports import ReportInputError, Week
from meetings import timeliness as lists
from meetings.views.meetings import module_nav


def _require_reader(request: HttpRequest) -> None:
    if not lists.may_read(request.user):
        raise PermissionDenied(
            _(
                "The timeliness of protocols is open to the leadership of the apparatus, the general and the "
                "organisational departments and auditors."
            )
        )


def _week(request: HttpRequest) -> Week:
    """?week=any day of it; last week by default (the Monday list is of the week before, §8.6)."""
    value = request.GET.get("week")
    return Week.parse(value) if value else Week.containing(workdays.today()).previous()


def _refused_week(request: HttpRequest, error: ReportInputError) -> HttpResponse:
    context = {"error": str(error), "week_value": request.GET.get("week", "")[:20], "nav": module_nav("timeliness")}
    return render(request, "meetings/timeliness.html", context, status=400)


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    """The meetings held in a week and whether their protocols were drafted on time; previous/next week links."""
    _require_reader(request)
    try:
        week = _week(request)
    except ReportInputError as error:
        return _refused_week(request, error)
    context = {
        "week": week,
        "timeliness": lists.week_list(week, user=request.user),
        "previous_week": week.previous(),
        "next_week": week.next(),
        "nav": module_nav("timeliness"),
    }
    return render(request, "meetings/timeliness.html", context)


@login_required
def timeliness_pdf(request: HttpRequest) -> HttpResponse:
    """The same list as a PDF."""
    _require_reader(request)
    try:
        week = _week(request)
    except ReportInputError as error:
        return _refused_week(request, error)
    export = lists.export_pdf(week, user=request.user, language=get_language())
    return pdf.pdf_response(export.content, export.filename)
