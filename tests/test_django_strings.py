# ruff: noqa: F811  (pytest fixtures imported from test_access_matrix are redefined as arguments)
"""Django's own strings on every page are translated in Kazakh and Russian — issue #12 §7.

"Please enter a correct пайдаланушы аты and password": Django's Kazakh catalogue lacks many of its own
messages, so a Kazakh page showed them in English. The project's catalogue carries them
(akimat/django_strings.py names them for makemessages). This test renders every page of the project
(every URL pattern, walked from the resolver by tests/urlwalk.py, with the objects of the access matrix)
as a user holding every role and the administrator's rights, the login page after a wrong password, and
every form the pages offer posted empty (its errors shown), in Kazakh and in Russian; it fails on any
message of Django's catalogues (django/conf/locale and the installed django.contrib apps, read from their
English .po) that appears in English.

A message of several words counts wherever it appears in the text; a one-word message only as the whole
text of an element or of an attribute a user reads (a button, a label, a title), since single words such
as names also occur in the data. The pages are rendered with the project's compiled catalogues
(locale/*/LC_MESSAGES/django.mo): run `make install` (or `python -m akimat.i18n_compile`) after changing
a .po file.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from akimat.roles import Role
from tests.test_access_matrix import MATRIX_ADDRESS, build_set, matrix_clock, people  # noqa: F401  (fixtures)
from tests.urlwalk import iter_patterns, parse_page, reverse_with

DJANGO_DIR = Path(django.__file__).parent
LANGUAGES = ("kk", "ru")
# attributes whose text a user reads or hears
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value"}
# forms not to post empty: they sign out or switch the language of the walking user
NOT_POSTED = ("logout", "set_language")
# one-word messages that name data, not Django's interface, on these pages: a language's own name in the
# language switch is shown in that language by design
NOT_DJANGO_TEXT = {"Kazakh", "Russian", "English"}
_PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[a-z]|\{[^{}]*\}")
_TAG = re.compile(r"<[^>]+>")


def django_messages() -> list[str]:
    """Every msgid (and plural) of Django's catalogues of the installed apps, from their English .po files."""
    catalogues = [DJANGO_DIR / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    for config in apps.get_app_configs():
        if config.name.startswith("django.contrib."):
            catalogues.append(Path(config.path) / "locale" / "en" / "LC_MESSAGES" / "django.po")
    messages = set()
    for path in catalogues:
        if path.exists():
            for entry in polib.pofile(str(path)):
                messages.update(text for text in (entry.msgid, entry.msgid_plural) if text)
    return sorted(messages)


@dataclass
class Message:
    """One of Django's messages and how to find it in English in a page's text."""

    text: str
    words: int
    pattern: re.Pattern | None = None
    longest: str = ""  # its longest literal part: a fast substring check before the pattern


def matchers() -> list[Message]:
    found = []
    for msgid in django_messages():
        text = " ".join(_TAG.sub("", msgid).split())
        literal = _PLACEHOLDER.split(text)
        words = len(re.findall(r"[A-Za-z]{2,}", " ".join(literal)))
        if words == 0 or text in NOT_DJANGO_TEXT:
            continue
        if words == 1 and len(literal) == 1:
            found.append(Message(text=text, words=1))
            continue
        if words < 2:
            continue  # "%(value)s day": nothing English to recognise once the placeholder is filled
        parts = [re.escape(part).replace(r"\ ", r"\s+") for part in literal]
        found.append(
            Message(
                text=text,
                words=words,
                pattern=re.compile(r".{0,200}?".join(parts)),
                longest=max((part.strip() for part in literal), key=len),
            )
        )
    return found


class TextParser(HTMLParser):
    """The text a user reads: text outside scripts and styles, and the read attributes; each piece apart too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        kind = dict(attrs).get("type", "")
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and (name != "value" or kind in ("submit", "button", "reset")):
                self.pieces.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(data)


def english_messages(html: str, messages: list[Message]) -> list[str]:
    """Django's messages that the page shows in English."""
    parser = TextParser()
    parser.feed(html)
    pieces = {" ".join(piece.split()) for piece in parser.pieces}
    whole = {piece.rstrip(":").strip() for piece in pieces}
    text = " ".join(" ".join(parser.pieces).split())
    shown = []
    for message in messages:
        if message.pattern is None:
            if message.text in whole:
                shown.append(message.text)
        elif message.longest in text and message.pattern.search(text):
            shown.append(message.text)
    return shown


@dataclass
class Findings:
    """Which English message was seen on which pages, per language."""

    seen: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    pages: int = 0

    def check(self, language: str, where: str, response, messages: list[Message]) -> None:
        if "text/html" not in response.get("Content-Type", ""):
            return
        self.pages += 1
        for message in english_messages(response.content.decode(), messages):
            self.seen[(language, message)].add(where)

    def report(self) -> str:
        lines = []
        for (language, message), pages in sorted(self.seen.items()):
            sample = ", ".join(sorted(pages)[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
            lines.append(f"[{language}] {message!r} on {sample}")
        return "\n".join(lines)


def _every_role_user(world):
    """A user holding every role and the administrator's rights: every page opens for them."""
    user = world.roles["registrar"]
    user.groups.add(*(Group.objects.get_or_create(name=role.value)[0] for role in Role))
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _urls(ids: dict) -> list[tuple[str, str]]:
    urls = []
    for pattern in iter_patterns():
        kinds = ("incoming", "outgoing", "internal") if "kind" in pattern.kwargs else ("",)
        for kind in kinds:
            url = reverse_with(pattern, {**ids, "kind": kind} if kind else ids)
            if url is not None:
                urls.append((str(pattern), url))
    return urls


def _post_empty(client: Client, url: str, form) -> object:
    """The form with what the user would type left empty (hidden values kept), in a savepoint rolled back."""
    data = {name: value for name, kind, value in form.fields if kind == "hidden"}
    data.update(
        {name: "" for name, kind, _value in form.fields if kind not in ("hidden", "submit", "file", "selected")}
    )
    with transaction.atomic():
        response = client.post(form.action, data)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_issue12_s7_no_page_shows_a_django_message_in_english_in_kazakh_or_russian(people):
    """Every page, the login error and every form's errors, in kk and ru: none of Django's messages in English.

    Fails until the project's catalogue has the Kazakh (and Russian) translations of the messages
    akimat/django_strings.py names, compiled.
    """
    object_set = build_set(
        people,
        name="walk",
        marker="walk",
        is_dsp=False,
        lead=people.roles["executor"],
        approver=people.roles["department_head"],
        entitled=set(),
        planner=people.roles["registrar"],
        chair=people.roles["akim"],
    )
    user = _every_role_user(people)
    messages = matchers()
    findings = Findings()
    urls = _urls(object_set.ids)
    for language in LANGUAGES:
        user.person.preferred_language = language
        user.person.save(update_fields=["preferred_language"])
        client = Client(raise_request_exception=False, REMOTE_ADDR=MATRIX_ADDRESS)
        client.force_login(user)
        posted = set()
        for name, url in urls:
            response = client.get(url)
            findings.check(language, name, response, messages)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in parse_page(url, response.content.decode()).forms:
                if form.method != "post" or form.key in posted or form.action.rstrip("/").endswith(NOT_POSTED):
                    continue
                if any(form.action == reverse(view) for view in NOT_POSTED):
                    continue
                posted.add(form.key)
                findings.check(language, f"{name} (posted empty)", _post_empty(client, url, form), messages)

        # the login page after a wrong password, as the anonymous visitor who chose the language there
        visitor = Client(REMOTE_ADDR="192.0.2.89")
        visitor.post(reverse("set_language"), {"language": language, "next": reverse("login")})
        response = visitor.post(reverse("login"), {"username": "nobody", "password": "wrong"})
        findings.check(language, "login (wrong password)", response, messages)
        response = visitor.post(reverse("login"), {"username": "", "password": ""})
        findings.check(language, "login (empty)", response, messages)
    assert findings.pages > 2 * len(urls) // 2, "too few pages rendered: is the walk broken?"
    assert not findings.seen, "Django's messages in English:\n" + findings.report()


def test_issue12_s7_akimat_django_strings_names_djangos_own_msgids_exactly():
    """A msgid that differs from Django's by one character would be translated and never used."""
    tree = ast.parse((Path(__file__).resolve().parent.parent / "akimat" / "django_strings.py").read_text())
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            named.update(texts[1:] if node.func.id == "pgettext_lazy" else texts)
    assert len(named) > 150
    assert named - set(django_messages()) == set()
