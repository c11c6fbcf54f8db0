"""Sign-in and sign-out; failed attempts are throttled by akimat.login_throttle (SPEC §9)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from akimat.login_throttle import ThrottledLoginFormMixin
from akimat.views.base import LOGIN_LANGUAGE_SESSION_KEY, remember_language


class ThrottledAuthenticationForm(ThrottledLoginFormMixin, AuthenticationForm):
    """The standard sign-in form that says so when the username and address are locked out."""

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class LoginView(auth_views.LoginView):
    """Django's login view with the throttled form; a signed-in user who opens it goes home.

    A language chosen on the login page (set_language keeps it in the session) is the one the user gets
    after signing in, and is saved to their profile; without a choice the profile's language applies.
    """

    form_class = ThrottledAuthenticationForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        chosen = self.request.session.get(LOGIN_LANGUAGE_SESSION_KEY)
        response = super().form_valid(form)  # signs in; the session keeps its data under a new key
        self.request.session.pop(LOGIN_LANGUAGE_SESSION_KEY, None)
        if chosen in dict(settings.LANGUAGES):
            remember_language(self.request, response, chosen)
            translation.activate(chosen)
        return response

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Home, not `next`: a page that sends a signed-in user to the login page must not loop.
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().get(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only) that says so on the login page it leads to."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response
