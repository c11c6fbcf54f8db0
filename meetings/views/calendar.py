"""The calendar of meetings and the private iCalendar feed (issue #14 §1).

The calendar shows a week (seven day columns) or a month (a grid of weeks) of the meetings the user sees, with
their part in each; ``?view=week|month&day=YYYY-MM-DD&mine=1|0``, anything unreadable falling back to the
current week. The feed (``feed/<token>.ics``) is read by Outlook or a phone without a session: the secret token
is the authentication, and the user's access at the moment of reading decides what it holds (a closed meeting
only when granted, §5.3). The feed page shows its URL and renews the token (the old URL stops working).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from akimat import request_values, workdays
from akimat.submissions import submit_once
from meetings import calendar, services
from meetings.views.meetings import module_nav

VIEWS = ("week", "month")
#: a day of the month shows this many meetings (the user's own first), then "N more" leading to its week — as
#: Outlook's month does: a cell of twenty meetings is read in the week, and the month stays a page of ~150
MONTH_CELL_ENTRIES = 4


def _period(request: HttpRequest) -> calendar.Period:
    """The period asked for; an unknown view is a week, an unreadable or missing day is today."""
    view = request_values.text_from(request.GET, "view", max_length=10)
    day = request_values.date_from(request.GET, "day") or workdays.today()
    return calendar.Period.of(view if view in VIEWS else "week", day)


def _only_mine(request: HttpRequest) -> bool:
    value = request_values.text_from(request.GET, "mine", max_length=5)
    if value in ("1", "0"):
        return value == "1"
    return calendar.default_only_mine(request.user)


def _link(view: str, day: datetime.date | None, mine: bool) -> str:
    query: dict[str, Any] = {"view": view, "mine": int(mine)}
    if day is not None:
        query["day"] = day.isoformat()
    return f"{reverse('meetings:calendar')}?{urlencode(query)}"


def _heading(period: calendar.Period) -> str:
    if period.view == "month":
        return f"{MONTHS[period.first.month]} {period.first.year}"
    return f"{period.first:%d.%m.%Y} – {period.last:%d.%m.%Y}"


@login_required
@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    """A week or a month of the meetings the user sees, with their part in each and links to the neighbours."""
    period = _period(request)
    mine = _only_mine(request)
    weeks = period.weeks()  # a month's grid shows its neighbours' days too, with their meetings
    first, last = (weeks[0][0], weeks[-1][-1]) if period.view == "month" else (period.first, period.last)
    entries = calendar.meetings_between(request.user, first, last, only_mine=mine)
    grouped = calendar.by_day(entries)
    work = workdays.get_calendar()
    today = workdays.today()

    def cell(day: datetime.date, limit: int | None = None) -> dict[str, Any]:
        entries = grouped.get(day, [])
        shown = entries
        if limit is not None and len(entries) > limit:
            shown = sorted(sorted(entries, key=lambda e: not e.is_mine)[:limit], key=lambda e: e.meeting.starts_at)
        return {
            "date": day,
            "kind": work.day_info(day).kind,
            "entries": shown,
            "more": len(entries) - len(shown),
            "today": day == today,
            "in_period": period.first <= day <= period.last,
            "week_url": _link("week", day, mine),
        }

    context = {
        "period": period,
        "heading": _heading(period),
        "mine": mine,
        "days": [cell(day) for day in period.days()] if period.view == "week" else [],
        "weeks": [[cell(day, MONTH_CELL_ENTRIES) for day in week] for week in weeks] if period.view == "month" else [],
        "weekdays": [WEEKDAYS[n] for n in range(7)],
        "count": len(entries),
        "limit_reached": len(entries) >= calendar.PERIOD_LIMIT,
        "links": {
            "previous": _link(period.view, period.previous, mine),
            "next": _link(period.view, period.next, mine),
            "today": _link(period.view, None, mine),
            "week": _link("week", period.day, mine),
            "month": _link("month", period.day, mine),
            "mine": _link(period.view, period.day, True),
            "all": _link(period.view, period.day, False),
        },
        "nav": module_nav("calendar"),
    }
    return render(request, "meetings/calendar.html", context)


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("meetings:feed", args=[token]))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def feed_page(request: HttpRequest) -> HttpResponse:
    """The user's private feed URL, and a POST that creates it or renews its token (the old URL stops working)."""
    if request.method == "POST":
        choice = request_values.text_from(request.POST, "only_mine", max_length=5)
        only_mine = choice == "1" if choice in ("0", "1") else calendar.default_only_mine(request.user)
        existed = calendar.feed_of(request.user) is not None
        services.renew_feed(request.user, only_mine=only_mine)
        if existed:
            messages.success(request, _("The feed has a new address; the old one no longer works."))
        else:
            messages.success(request, _("Your calendar feed is ready."))
        return redirect("meetings:calendar_feed")
    feed = calendar.feed_of(request.user)
    context = {
        "feed": feed,
        "feed_url": _feed_url(request, feed.token) if feed is not None else "",
        "only_mine": feed.only_mine if feed is not None else calendar.default_only_mine(request.user),
        "nav": module_nav("calendar"),
    }
    return render(request, "meetings/calendar_feed.html", context)


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of a token (no session: the token authenticates; 404 for an unknown one)."""
    found = calendar.feed_by_token(token)
    if found is None:
        raise Http404("No feed matches the given token.")
    user = found.user
    person = getattr(user, "person", None)
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        entries = calendar.feed_entries(user, only_mine=found.only_mine)
        body = calendar.to_ics(
            entries,
            link=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
            domain=request.get_host().split(":")[0],
            name=_("Meetings — %(name)s") % {"name": getattr(person, "full_name", "") or user.get_username()},
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    patch_cache_control(response, private=True, no_cache=True)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
