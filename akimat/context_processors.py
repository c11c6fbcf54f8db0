"""Template context shared by every page of the base layout."""

from django.conf import settings
from django.http import HttpRequest

# Each language is named in itself on the switch (a Kazakh speaker looks for "ҚАЗ", not "Kazakh"),
# so these names are deliberately not translated.
LANGUAGE_SWITCH_LABELS = {
    "kk": ("ҚАЗ", "Қазақша"),
    "ru": ("РУС", "Русский"),
    "en": ("ENG", "English"),
}


def _language_choices() -> list[dict[str, str]]:
    choices = []
    for code, _name in settings.LANGUAGES:
        short, native = LANGUAGE_SWITCH_LABELS.get(code, (code.upper(), code))
        choices.append({"code": code, "short": short, "native": native})
    return choices


def layout(request: HttpRequest) -> dict:
    """The language switch for everyone; the unread count for the bell (one query) when signed in."""
    context: dict = {"language_choices": _language_choices()}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    from akimat.models import Notification

    context["unread_notifications"] = Notification.objects.for_user(user).unread().count()
    return context
