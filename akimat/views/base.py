"""Home page, personal profile and the language switch."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akimat import home as home_panels
from akimat.models import ActingDuty, Person
from akimat.roles import Role


@dataclass
class Duties:
    """Acting duties of one person: whom they act for, and who acts for them."""

    acting_for: list[ActingDuty] = field(default_factory=list)
    replaced_by: list[ActingDuty] = field(default_factory=list)


def person_of(user) -> Person | None:
    """The Person of a user, or None (a technical account such as the first superuser has none)."""
    return getattr(user, "person", None)


def role_labels(user) -> list[str]:
    """Translated labels of the user's roles, in the order of akimat.roles.Role (one query)."""
    names = set(user.groups.values_list("name", flat=True))
    return [str(role.label) for role in Role if role.value in names]


def duties_of(person: Person | None, *, upcoming: bool = False) -> Duties:
    """Acting duties in force today (and, with `upcoming`, those still ahead), in one query."""
    duties = Duties()
    if person is None:
        return duties
    today = timezone.localdate()
    queryset = ActingDuty.objects.filter(ends_on__gte=today) if upcoming else ActingDuty.objects.current(today)
    rows = (
        queryset.filter(Q(acting=person) | Q(absent=person))
        .select_related("acting", "absent")
        .order_by("starts_on", "pk")
    )
    for duty in rows:
        (duties.acting_for if duty.acting_id == person.pk else duties.replaced_by).append(duty)
    return duties


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: one's own work first (akimat/home.py), then roles, acting duties, notifications, modules."""
    person = person_of(request.user)
    return render(
        request,
        "akimat/home.html",
        {
            "person": person,
            "roles": role_labels(request.user),
            "duties": duties_of(person),
            "today": timezone.localdate(),
            "panels": home_panels.panels_for(request.user),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """One's own profile; there is no way to open another person's profile here."""
    person = person_of(request.user)
    return render(
        request,
        "akimat/profile.html",
        {
            "person": person,
            "roles": role_labels(request.user),
            "duties": duties_of(person, upcoming=True),
            "today": timezone.localdate(),
        },
    )


def _safe_next(request: HttpRequest) -> str:
    """Where to go after switching: `next` (or the referring page) if it is on this site, else home."""
    candidate = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: the cookie for everyone, and the profile of a signed-in person.

    The profile language is what ProfileLanguageMiddleware activates on every device and what
    e-mails are written in, so it is stored, not only kept in this browser's cookie.
    """
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))

    response = HttpResponseRedirect(_safe_next(request))
    if not request.user.is_authenticated:
        # chosen on the login page: the sign-in that follows saves it to the profile (akimat.views.auth)
        request.session[LOGIN_LANGUAGE_SESSION_KEY] = language
    remember_language(request, response, language)
    return response


#: the language an anonymous visitor chose (on the login page), kept in the session until they sign in
LOGIN_LANGUAGE_SESSION_KEY = "login_language"


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Keep `language` in this browser's cookie and, for a signed-in person, in their profile."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    person = person_of(request.user) if request.user.is_authenticated else None
    if person is not None and person.preferred_language != language:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
