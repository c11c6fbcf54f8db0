"""Every URL pattern of the project, walked from the resolver, and URLs built from them with real ids.

The walking tests (bad input, the access matrix) take their pages from here, so a new view joins them
without anyone remembering to add it::

    from tests.urlwalk import iter_patterns, reverse_with

    ids = {"control:pk": item.pk, "correspondence:pk": document.pk, "kind": "incoming"}
    for pattern in iter_patterns():
        url = reverse_with(pattern, ids)  # None when a kwarg has no id in `ids`

A kwarg's value is looked up in `ids` from the most specific key to the least: for the kwarg `pk` of
the pattern named `control:extension_decide` the keys are `control:extension_decide:pk`, then
`control:pk`, then `pk`. Values are turned into URL text by the pattern's own converter.

The admin site contributes only the changelist and add pages of the project's own ModelAdmins (those
defined in the project's packages, including its User admin); Django's other admin pages are its own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PROJECT_PACKAGES = ("akimat", "control", "correspondence", "meetings", "acts", "appeals")
ADMIN_NAMESPACE = "admin"
ADMIN_PAGES = ("_changelist", "_add")

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its namespaced name, its full route, its kwargs with their converters, its view."""

    name: str | None  # "control:extension_decide"; None for an unnamed pattern
    route: str  # "control/<int:pk>/extension/<int:request_pk>/decide/"
    kwargs: dict[str, Any] = field(hash=False)  # kwarg name -> converter (None for a regex group)
    callback: Callable = field(hash=False, compare=False)
    namespace: str = ""  # "control:control_reports"; also for an unnamed pattern

    @property
    def is_admin(self) -> bool:
        return self.namespace.split(":")[0] == ADMIN_NAMESPACE

    def __str__(self) -> str:
        return self.name or self.route


def iter_patterns(urlconf: str | None = None) -> list[Pattern]:
    """Every pattern of the URLconf, through every include (admin: the project's changelist and add pages)."""
    return [p for p in _walk(get_resolver(urlconf).url_patterns, prefix="", namespaces=()) if _wanted(p)]


def reverse_with(pattern: Pattern, ids: Mapping[str, Any]) -> str | None:
    """The pattern's URL with every kwarg filled from `ids`; None if one has no value (or a regex group)."""
    values: dict[str, str] = {}
    for name, converter in pattern.kwargs.items():
        found = _lookup(pattern, name, ids)
        if found is _MISSING or converter is None:
            return None
        values[name] = str(converter.to_url(found))
    return "/" + _ROUTE_PARAMETER.sub(lambda m: values[m["name"]], pattern.route)


_MISSING = object()


def _lookup(pattern: Pattern, kwarg: str, ids: Mapping[str, Any]) -> Any:
    """`ids` under "<name>:<kwarg>", then each shorter namespace ("<namespace>:<kwarg>"), then "<kwarg>"."""
    parts = pattern.name.split(":") if pattern.name else []
    for end in range(len(parts), -1, -1):
        key = ":".join([*parts[:end], kwarg])
        if key in ids:
            return ids[key]
    return _MISSING


def _walk(entries: list, *, prefix: str, namespaces: tuple[str, ...]) -> Iterator[Pattern]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix=prefix + _route_text(entry.pattern), namespaces=inner)
        elif isinstance(entry, URLPattern):
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            yield Pattern(
                name=name,
                route=prefix + _route_text(entry.pattern),
                kwargs=_kwargs_of(prefix, entry.pattern),
                callback=entry.callback,
                namespace=":".join(namespaces),
            )


def _route_text(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    return str(pattern).removeprefix("^").removesuffix("$")  # a regex: only its groups cannot be filled


def _kwargs_of(prefix: str, pattern: Any) -> dict[str, Any]:
    """Converters of the pattern's kwargs, including those of the routes it is included under."""
    from django.urls.converters import get_converters

    converters = get_converters()
    kwargs = {m["name"]: converters[m["converter"] or "str"] for m in _ROUTE_PARAMETER.finditer(prefix)}
    if isinstance(pattern, RoutePattern):
        kwargs.update(pattern.converters)
    else:
        kwargs.update(dict.fromkeys(pattern.regex.groupindex))
    return kwargs


def _wanted(pattern: Pattern) -> bool:
    if not pattern.is_admin:
        return True
    model_admin = getattr(pattern.callback, "model_admin", None)
    return (
        model_admin is not None
        and type(model_admin).__module__.split(".")[0] in PROJECT_PACKAGES
        and (pattern.name or "").endswith(ADMIN_PAGES)
    )


# --- pages: the forms and parameters they offer, and what a request wrote ----------------------------------

# the session table changes with every sign-in; it holds no data of the apparatus. The one-time tokens of
# create forms (akimat/submissions.py) are inserted before the view runs and rolled back with a refused post,
# which PostgreSQL's transaction counters still count
NOT_DATA = {"django_session", "akimat_submission"}
# the date a form's empty date field is given (the walking tests pin the clock on it)
PLAUSIBLE_DATE = datetime.date(2026, 3, 16)


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, input type, value as rendered)
    options: dict[str, list[str]] = field(default_factory=dict)  # a select's (or radio's) values

    @property
    def key(self) -> tuple:
        """The form's target and field names: two pages offering the same form give the same key."""
        return (self.action, tuple(sorted(set(self.names))))

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _kind, _value in self.fields))

    def add(self, name: str, kind: str, value: str) -> None:
        self.fields.append((name, kind, value))


class PageParser(HTMLParser):
    """The forms of a page (inputs, selects, textareas, the first named button) and its links' query strings."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = urlsplit(url).path
        self.forms: list[Form] = []
        self.links: set[tuple[tuple[str, str], ...]] = set()  # query strings of links to this same page
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "?" in a.get("href", ""):
            target = urlsplit(a["href"])
            if target.path in ("", self.path):
                self.links.add(tuple(sorted(parse_qsl(target.query, keep_blank_values=True))))
        elif tag == "form":
            action = urlsplit(a.get("action", "")).path or self.path
            self._form = Form(method=(a.get("method") or "get").lower(), action=action)
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            self._input(a["name"], a.get("type", "text").lower(), a)
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._input(a["name"], "submit", a)
        elif tag == "select":
            self._select = a["name"]
            self._form.add(a["name"], "select-multiple" if "multiple" in a else "select", "")
            self._form.options[a["name"]] = []
        elif tag == "option" and self._select:
            self._form.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self._form.add(self._select, "selected", a.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def _input(self, name: str, kind: str, a: dict[str, str]) -> None:
        form = self._form
        value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
        if kind in ("checkbox", "radio"):
            form.options.setdefault(name, []).append(value)
            form.add(name, kind, value if "checked" in a else "")
        elif kind in ("submit", "image"):
            if not any(k == "submit" for _n, k, _v in form.fields):  # the browser sends the button clicked
                form.add(name, "submit", value)
        elif kind not in ("reset", "button"):
            form.add(name, kind, value)

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.add(self._textarea, "textarea", "".join(self._text).strip("\n"))
            self._textarea = None


def parse_page(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    return parser


def rendered(form: Form) -> dict[str, list[str]]:
    """What the browser sends for the form as it is rendered: checked boxes, selected options, every text."""
    data: dict[str, list[str]] = {}
    for name, kind, value in form.fields:
        if kind in ("checkbox", "radio", "select", "select-multiple") and not value:
            data.setdefault(name, [])
        else:
            data.setdefault(name, []).append(value)
    for name, kind, _value in form.fields:  # a single select with nothing selected sends its first option
        if kind == "select" and not data[name]:
            data[name] = form.options[name][:1]
    return {name: values for name, values in data.items() if values}


def plausible(form: Form) -> dict[str, list[str]]:
    """The form as a user would fill it, so that one bad field alone reaches the service behind it."""
    data = rendered(form)
    kinds = {name: kind for name, kind, _value in form.fields}
    for name, kind in kinds.items():
        if data.get(name, [""]) != [""] or kind in ("hidden", "submit", "checkbox", "file", "select-multiple"):
            continue
        options = [option for option in form.options.get(name, []) if option]
        if kind in ("select", "radio"):
            data[name] = options[:1]
        elif kind == "date" or name.endswith(("_on", "date", "deadline")):
            data[name] = [PLAUSIBLE_DATE.isoformat()]
        elif kind == "datetime-local" or name.endswith("_at"):
            data[name] = ["2026-03-16T10:00"]
        elif kind == "number":
            data[name] = ["1"]
        else:
            data[name] = ["Walker text"]
    return data


def row_changes() -> dict[str, tuple[int, int]]:
    """Per table, rows added (net of those deleted) and rows updated by this transaction so far.

    PostgreSQL's own counters of the transaction: a row inserted and deleted again within a request
    (akimat.submissions does so for a form that comes back with errors) leaves nothing behind.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins - n_tup_del, n_tup_upd FROM pg_stat_xact_user_tables"
            " WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {table: (net, updated) for table, net, updated in cursor.fetchall() if table not in NOT_DATA}
