"""Middleware of the project: the user's language from their profile; query strings without NUL bytes; the
signal that a download has started; one working-day calendar for a page that is only read."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation

from akimat import workdays


class ProfileLanguageMiddleware:
    """After authentication: a signed-in person's preferred language wins over cookie and headers.

    Placed after LocaleMiddleware and AuthenticationMiddleware. Anonymous visitors (the login page)
    keep what LocaleMiddleware chose from the language cookie or the browser's Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # a user without a Person (e.g. the first superuser) raises an AttributeError subclass
            person = getattr(user, "person", None)
            if person is not None and person.preferred_language:
                translation.activate(person.preferred_language)
                request.LANGUAGE_CODE = person.preferred_language
        return self.get_response(request)


class QueryNulMiddleware:
    """Drops NUL bytes from the query string's names and values (issue #11 point 6).

    PostgreSQL refuses NUL in text, and no parameter means anything with one: a search for "a\\0b" is a
    search for "ab". The project's views read parameters through akimat.request_values, which does the
    same; this covers code that reads request.GET itself, such as the admin's lists and their filters.
    Posted forms keep theirs: their fields refuse a NUL with a message the user sees.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class DownloadStartedMiddleware:
    """Tells the page that a download has begun, so its link can leave its busy state (issue #12 §6).

    akimat/static/akimat/js/busy.js adds `download=<random token>` to a download link (PDF, XLSX) and shows
    the link as working; a file response (Content-Disposition: attachment) to such a request carries the
    cookie `download-<token>`, which the script sees when the file starts to arrive. The token is checked
    (letters and digits only) and the cookie holds nothing but "1"; an error page replaces the page anyway.
    """

    PARAMETER = "download"
    TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")
    MAX_AGE = 120  # seconds: the script clears it as soon as it sees it

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = request.GET.get(self.PARAMETER, "")
        disposition = response.get("Content-Disposition", "")
        if token and disposition.startswith("attachment") and self.TOKEN.fullmatch(token):
            response.set_cookie(
                f"download-{token}",
                "1",
                max_age=self.MAX_AGE,
                secure=request.is_secure(),
                httponly=False,  # read by the page's script; it holds no secret
                samesite="Lax",
            )
        return response


class WorkCalendarMiddleware:
    """One working-day calendar for a page that is only read (GET, HEAD): its dates — term buttons, report
    dates, traffic lights — are computed on one snapshot, checked against the shared version once instead of
    once per date (a document page asked about forty times). A request that writes is not pinned: it may
    change the calendar and recompute deadlines with the new one in the same request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with workdays.pinned_on_first_use():
            return self.get_response(request)
