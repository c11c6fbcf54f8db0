"""One throttle of failed sign-ins for every way in (SPEC §9: login attempts throttled; issue #11 point 3).

The site's login page, the admin's and anything else that calls django.contrib.auth.authenticate() share
it: the authentication backend refuses a locked-out username and address before checking the password,
Django's user_login_failed signal counts every failure, and a sign-in forgets them. The sign-in forms only
ask the throttle for the message to show.
"""

import hashlib
import logging
import math
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import ngettext_lazy

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = ngettext_lazy(
    "Too many failed sign-in attempts. For your security, signing in with this username from this computer is "
    "blocked for %(minutes)d more minute. Please wait and try again, or ask the administrator to reset "
    "your password.",
    "Too many failed sign-in attempts. For your security, signing in with this username from this computer is "
    "blocked for %(minutes)d more minutes. Please wait and try again, or ask the administrator to reset "
    "your password.",
    "minutes",
)


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


def _username(credentials: dict[str, Any]) -> str:
    value = credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or ""
    return str(value)


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend that refuses a locked-out username and address without checking the password.

    First in AUTHENTICATION_BACKENDS: PermissionDenied stops authenticate() from asking any other backend,
    and authenticate() reports the refusal through user_login_failed like any other failure.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> AbstractBaseUser | None:
        name = _username({"username": username, **kwargs})
        if name and LoginThrottle.for_request(request, name).is_locked():
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="akimat.login_throttle.count_failure")
def count_failure(sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Every failed authenticate(), whichever form or view called it, counts toward the one limit."""
    username = _username(credentials)
    if not username:
        return
    throttle = LoginThrottle.for_request(request, username)
    if throttle.record_failure() == throttle.limit:
        logger.warning("Sign-in locked after %d failures for username %r", throttle.limit, username)


@receiver(user_logged_in, dispatch_uid="akimat.login_throttle.forget_failures")
def forget_failures(sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    """A sign-in forgets the failures of that username from that address."""
    LoginThrottle.for_request(request, user.get_username()).reset()


class ThrottledLoginFormMixin:
    """For an AuthenticationForm: a locked-out username gets the throttle's message, not 'wrong password'.

    The backend refuses the attempt either way; this only says why, the same on the site and in the admin.
    """

    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        throttle = LoginThrottle.for_request(self.request, username)
        if username and throttle.is_locked():
            minutes = math.ceil(throttle.seconds_left() / 60)
            raise forms.ValidationError(LOCKED_MESSAGE, code="throttled", params={"minutes": minutes})
        return super().clean()  # type: ignore[misc]
