"""Language of a signed-in user comes from their profile (SPEC §2: the preferred language is stored)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
