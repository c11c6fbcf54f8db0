"""The notification inbox: one's own notifications only; reading marks them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from akimat import request_values
from akimat.models import Notification

PAGE_SIZE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first, unread ones highlighted, 25 a page."""
    notifications = Notification.objects.for_user(request.user).order_by("-created_at", "-id")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "akimat/notifications.html", {"page": page})


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


def _back_to_inbox(request: HttpRequest) -> str:
    """The inbox page the user came from (page number kept), else its first page."""
    url = reverse("notifications")
    page = request_values.int_from(request.POST, "page", min_value=1)
    return f"{url}?page={page}" if page is not None else url
