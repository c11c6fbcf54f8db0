"""The notification inbox: one's own notifications only, in the reader's language, grouped by day."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from akimat import request_values, workdays
from akimat.models import Notification

PAGE_SIZE = 25
#: the inbox's filters: everything, the unread ones, the ones still asking for an action
SHOWS = ("all", "unread", "action")


@dataclass
class Day:
    """The notifications of one day on the page."""

    date: datetime.date
    notifications: list[Notification] = field(default_factory=list)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first, 25 a page, grouped by day; unread ones highlighted; each in the reader's language."""
    show = _show(request.GET)
    mine = Notification.objects.for_user(request.user)
    notifications = mine.select_related("content_type").order_by("-created_at", "-id")
    if show == "unread":
        notifications = notifications.unread()
    elif show == "action":
        notifications = notifications.awaiting_action()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language() or ""
    days: list[Day] = []
    for notification in page.object_list:
        notification.shown = notification.text_in(language)
        model = notification.content_type.model_class() if notification.content_type else None
        notification.object_kind = capfirst(model._meta.verbose_name) if model else ""
        day = timezone.localdate(notification.created_at)
        if not days or days[-1].date != day:
            days.append(Day(day))
        days[-1].notifications.append(notification)
    today = workdays.today()
    context = {
        "page": page,
        "days": days,
        "show": show,
        "today": today,
        "yesterday": today - datetime.timedelta(days=1),
        "awaiting_action": mine.awaiting_action().count(),
    }
    return render(request, "akimat/notifications.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of one's own notifications read; with `open`, go on to what it is about."""
    # filtering by recipient gives a stranger's id the same 404 as a missing one
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if "open" in request.POST and _is_local(request, notification.url):
        return HttpResponseRedirect(notification.url)
    return HttpResponseRedirect(_back_to_inbox(request))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all of one's unread notifications read."""
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return HttpResponseRedirect(_back_to_inbox(request))


def _is_local(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _show(data) -> str:
    value = request_values.text_from(data, "show", max_length=10)
    return value if value in SHOWS else "all"


def _back_to_inbox(request: HttpRequest) -> str:
    """The inbox page the user came from (its filter and page number kept), else its first page."""
    url = reverse("notifications")
    query = {}
    if (show := _show(request.POST)) != "all":
        query["show"] = show
    if (page := request_values.int_from(request.POST, "page", min_value=1)) is not None:
        query["page"] = page
    return f"{url}?{urlencode(query)}" if query else url
