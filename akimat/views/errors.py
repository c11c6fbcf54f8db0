"""Error pages inside the layout, in the user's language, with the reason and a way back (issue #12 point 4).

Django calls these for 400, 403, 404 and 500 (handler400… in akimat/urls.py) and for a refused CSRF check
(CSRF_FAILURE_VIEW). 400, 403 and 404 render with the request, so the signed-in user keeps the menu; a
PermissionDenied raised with a message shows that message (views translate it when they raise it). A 404
never repeats its exception's text: it would name a model, in English, and hint at what exists.

A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig) reaches bad_request() and answers 413 with
a page that says so: the limit is well above any form's text fields (akimat/settings.py), so only a paste far
past every field's maxlength gets here, and the browser's Back keeps what was typed.

The 500 page needs neither the database nor the request: it renders without context processors (a broken
database or cache must not break the page that reports it), and falls back to plain text if even that fails.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _back_url(request: HttpRequest) -> str:
    """Where "Back" leads: the page the user came from when it is one of ours, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for a host not ours: no referer of ours either
        return reverse("home")
    ours = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    if referer and ours and referer != request.build_absolute_uri():
        return referer
    return reverse("home")


def _page(request: HttpRequest, template: str, status: int, reason: str, response_class=HttpResponse) -> HttpResponse:
    context = {"status": status, "reason": reason, "back_url": _back_url(request)}
    return response_class(loader.render_to_string(template, context, request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, or 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE: what happened, nothing saved."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        reason = _(
            "What was sent is larger than the server accepts (%(limit)d MB of text at once), so nothing was "
            "saved. Go back: the form still holds what you typed; shorten the longest text and send it again."
        ) % {"limit": limit}
        return _page(request, "400.html", 413, reason)
    reason = _("The request could not be understood, so nothing was saved. Go back and try again.")
    return _page(request, "400.html", 400, reason, HttpResponseBadRequest)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 with the message the view raised PermissionDenied with, or a general one."""
    message = str(exception or "").strip()
    reason = message or _("You have no access to this page or action. If your duties need it, ask the administrator.")
    return _page(request, "403.html", 403, reason, HttpResponseForbidden)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the same words whether the page does not exist or is not open to the user (§9.4)."""
    reason = _("There is no such page, or it is not open to you. Check the address or go back.")
    return _page(request, "404.html", 404, reason, HttpResponseNotFound)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: usually a page left open past the session, or signed in elsewhere."""
    text = _(
        "The form could not be accepted: the page was open too long or you signed in again in another tab, "
        "so nothing was saved. Go back, reload the page and send the form again."
    )
    return _page(request, "403_csrf.html", 403, text, HttpResponseForbidden)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 without the database or context processors; plain text if the template cannot render either."""
    reason = _("Something went wrong on the server; what you did may not have been saved. The error is recorded.")
    try:
        home, back = reverse("home"), _back_url(request)
        body = loader.get_template("500.html").render(
            {"status": 500, "reason": reason, "home_url": home, "back_url": back}
        )
    except Exception:  # the page that reports an error must not raise one
        logger.exception("The 500 page could not be rendered")
        body = (
            f"<!doctype html><title>500</title><h1>500</h1><p>{escape(reason)}</p>"
            f'<p><a href="/">{escape(_("Home"))}</a></p>'
        )
    return HttpResponseServerError(body)
