"""Sign-in with throttling of failed attempts (SPEC §9: login attempts throttled)."""

import hashlib
import logging
import math
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

logger = logging.getLogger(__name__)


class LoginThrottle:
    """Failed sign-ins counted per username and client address in the shared (Redis) cache.

    The window is fixed and starts at the first failure: after LOGIN_FAILURE_LIMIT failures within
    LOGIN_FAILURE_WINDOW_SECONDS, every further attempt is refused — without checking the password —
    until the window has passed. Redis keeps the counter, so every web worker sees the same count.
    """

    def __init__(self, username: str, address: str) -> None:
        # a digest keeps the key short and free of characters a cache backend may refuse
        digest = hashlib.sha256(f"{username.strip().casefold()}\0{address}".encode()).hexdigest()
        self.count_key = f"login-failures:{digest}"
        self.since_key = f"login-failures-since:{digest}"
        self.limit: int = settings.LOGIN_FAILURE_LIMIT
        self.window: int = settings.LOGIN_FAILURE_WINDOW_SECONDS

    @classmethod
    def for_request(cls, request: HttpRequest | None, username: str) -> "LoginThrottle":
        # REMOTE_ADDR, not X-Forwarded-For: a header chosen by the client must not pick its own bucket
        address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
        return cls(username, address)

    def is_locked(self) -> bool:
        return (cache.get(self.count_key) or 0) >= self.limit

    def seconds_left(self) -> int:
        since = cache.get(self.since_key)
        if since is None:
            return self.window
        return max(1, math.ceil(self.window - (time.time() - since)))

    def record_failure(self) -> int:
        """Count one failure; the first failure opens the window (both keys expire with it)."""
        cache.add(self.since_key, time.time(), timeout=self.window)
        cache.add(self.count_key, 0, timeout=self.window)
        try:
            # INCR keeps the key's expiry, so the window is not extended by later failures
            return cache.incr(self.count_key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(self.count_key, 1, timeout=self.window)
            return 1

    def reset(self) -> None:
        cache.delete_many([self.count_key, self.since_key])


class ThrottledAuthenticationForm(AuthenticationForm):
    """The standard sign-in form that refuses attempts while the username and address are locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": ngettext_lazy(
            "Too many failed sign-in attempts. For your security, signing in with this username from this computer is "
            "blocked for %(minutes)d more minute. Please wait and try again, or ask the administrator to reset "
            "your password.",
            "Too many failed sign-in attempts. For your security, signing in with this username from this computer is "
            "blocked for %(minutes)d more minutes. Please wait and try again, or ask the administrator to reset "
            "your password.",
            "minutes",
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        throttle = LoginThrottle.for_request(self.request, username)
        if username and throttle.is_locked():
            minutes = math.ceil(throttle.seconds_left() / 60)
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": minutes})
        try:
            cleaned_data = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                failures = throttle.record_failure()
                if failures >= throttle.limit:
                    logger.warning("Sign-in locked after %d failures for username %r", failures, username)
            raise
        throttle.reset()
        return cleaned_data


class LoginView(auth_views.LoginView):
    """Django's login view with the throttled form; a signed-in user who opens it goes home."""

    form_class = ThrottledAuthenticationForm

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
