"""Journals of incoming, outgoing and internal documents: filters, sorting, search, pages, XLSX (SPEC §4, §9).

Every list starts from access.visible_documents(request.user), so a document the user may not see —
above all a ДСП document not granted to them by name — never reaches a row, a count or an export.
The list, its count and the export are built by one function, `journal_queryset`, so they agree.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from akimat import workdays
from akimat.exports import period_text
from akimat.expressions import EqualsAny
from akimat.models import OrgUnit
from akimat.request_values import parse_int
from akimat.widgets import FastSelect
from control.filters import people_choices
from control.forms import date_field, parse_executor_value
from control.models import Urgency
from control.queries import RUNNING_STATUSES, Light, LightThresholds, cached_counts, count_key
from correspondence import access, search
from correspondence.export import CHUNK_SIZE, XLSX_CONTENT_TYPE, write_journal_xlsx
from correspondence.models import Correspondent, Document, Recipient, Resolution, ResolutionExecutor
from correspondence.services.registration import processing_late_q
from correspondence.templatetags.journals import RowWords

PAGE_SIZE = 50
# counting every match of a broad filter over 200,000 documents costs more than the page itself (with
# the access rule evaluated per row, ~150 ms for 10,000 rows on the benchmark machine): the count stops
# here and the page says "more than 1000 documents"; the pages go on, only the "last page" link goes
COUNT_LIMIT = 1_000

JOURNALS: dict[str, Any] = {
    Document.Kind.INCOMING.value: _("Incoming documents"),
    Document.Kind.OUTGOING.value: _("Outgoing documents"),
    Document.Kind.INTERNAL.value: _("Memos"),
}

# the ДСП mark in its legal wording (003 §9.4; SPEC §3.1): printed as the law spells it in Kazakh and
# Russian, whatever the translation catalogue says; English has only a translated label
DSP_MARK = {"kk": "Қызмет бабында пайдалану үшін (ҚБПҮ)", "ru": "Для служебного пользования (ДСП)"}
DSP_SHORT = {"kk": "ҚБПҮ", "ru": "ДСП"}


def dsp_short(language: str | None = None) -> str:
    """The short ДСП mark for badges: ҚБПҮ, ДСП, or the translated English abbreviation."""
    code = (language or translation.get_language() or "")[:2]
    return DSP_SHORT.get(code) or str(_("FOUO"))


def dsp_mark(language: str | None = None) -> str:
    """The full ДСП mark for the registration card."""
    code = (language or translation.get_language() or "")[:2]
    return DSP_MARK.get(code) or str(_("For official use only (FOUO)"))


capfirst_lazy = lazy(capfirst, str)


# --- the filter form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sort:
    label: Any
    order_by: tuple[str, ...]


# numbers are given in registration order (SPEC §3.4), so the number sorts by the registration time;
# "01-12/1000" before "01-12/345" as text would be wrong
def _verbose(name: str) -> Any:
    """A field's verbose name, capitalised lazily: the words the forms and the admin use."""
    return capfirst_lazy(Document._meta.get_field(name).verbose_name)


SORTS = {
    "number": Sort(_verbose("number"), ("registered_at", "id")),
    "date": Sort(_verbose("registered_on"), ("registered_on", "id")),
    "correspondent": Sort(_verbose("correspondent"), ("correspondent__name", "id")),
    "status": Sort(_verbose("status"), ("status", "id")),
}
DEFAULT_SORT = "-date"
# the journal's "other side" column sorts by the correspondent of an incoming letter and by the author of a
# memo; an outgoing letter lists several addressees and is not sorted by them
OTHER_ORDER = {
    Document.Kind.INCOMING.value: ("correspondent__name", "id"),
    Document.Kind.INTERNAL.value: ("author__full_name", "id"),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


def _blank(choices: Any) -> list:
    return [("", "—"), *((value, capfirst(label)) for value, label in choices if value)]


class JournalFilterForm(forms.Form):
    """GET filters of a journal; all optional, an invalid value is dropped (and shown next to its field)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Number, correspondent, summary or file name; Russian and Kazakh words."),
    )
    registered_from = date_field(_("Registered from"))
    registered_to = date_field(_("Registered to"))
    correspondent = forms.CharField(label=_verbose("correspondent"), required=False, max_length=200)
    addressee = forms.ChoiceField(label=_verbose("addressee"), required=False, choices=())
    executor = forms.ChoiceField(label=_("Executor"), required=False, choices=(), widget=FastSelect)
    status = forms.ChoiceField(label=_verbose("status"), required=False, choices=())
    urgency = forms.ChoiceField(label=_verbose("urgency"), required=False, choices=())
    on_control = forms.BooleanField(label=_("On control"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    processing_late = forms.BooleanField(label=_("Processing late"), required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = _blank(Document.Addressee.choices)
        self.fields["status"].choices = _blank(Document.Status.choices)
        self.fields["urgency"].choices = _blank(Urgency.choices)
        self.fields["executor"].choices = people_choices("executors")


FILTER_FIELDS = (
    "q",
    "registered_from",
    "registered_to",
    "correspondent",
    "addressee",
    "executor",
    "status",
    "urgency",
    "on_control",
    "overdue",
    "processing_late",
)


@dataclass
class Journal:
    """A filtered journal: the queryset (visible rows only), its form and its order."""

    kind: str
    form: JournalFilterForm
    queryset: QuerySet
    sort: str
    filtered: bool

    def count_key(self, user) -> list[str]:
        """The key of the journal's cached total (control.queries.count_key; "overdue" depends on the day)."""
        return count_key(
            "journal", user, workdays.today(), self.form.data, self.kind, ignore=("page", "sort", "format")
        )


def _cleaned(form: JournalFilterForm) -> dict[str, Any]:
    """The valid values; fields with errors are left out rather than failing the whole filter."""
    form.is_valid()
    return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}


def journal_queryset(user, kind: str, params) -> Journal:
    """The documents of one journal the user may see, filtered, searched and sorted by GET params."""
    form = JournalFilterForm(params)
    data = _cleaned(form)
    documents = access.visible_documents(user, Document.objects.filter(kind=kind).registered())
    filters = Q()
    if day := data.get("registered_from"):
        filters &= Q(registered_on__gte=day)
    if day := data.get("registered_to"):
        filters &= Q(registered_on__lte=day)
    if text := (data.get("correspondent") or "").strip():
        matching = Q(name__icontains=text) | Q(short_name__icontains=text)
        names = Correspondent.objects.filter(matching).order_by().values("pk")
        # arrays read once, each probing its own index (a bitmap OR when there are two), no scan of the journal
        by_correspondent = Q(EqualsAny(F("correspondent_id"), ArraySubquery(names)))
        if kind == Document.Kind.OUTGOING:
            # only an outgoing letter has addressees (Recipient), any of whom matches; unordered (a recipient's
            # default order would join every one of its documents)
            recipients = Recipient.objects.filter(correspondent_id__in=names).order_by().values("document_id")
            by_correspondent |= Q(EqualsAny(F("pk"), ArraySubquery(recipients)))
        filters &= by_correspondent
    if value := data.get("addressee"):
        filters &= Q(addressee=value)
    if parsed := parse_executor_value(data.get("executor") or ""):
        kind_of, pk = parsed
        executors = ResolutionExecutor.objects.filter(**{f"{kind_of}_id": pk})
        filters &= Q(pk__in=executors.values("document_id"))
    if value := data.get("status"):
        filters &= Q(status=value)
    if value := data.get("urgency"):
        filters &= Q(urgency=value)
    if data.get("on_control"):
        filters &= Q(pk__in=Resolution.objects.filter(control_item__isnull=False).values("document_id"))
    if data.get("overdue"):
        # red on the traffic light: not reported or removed, the deadline passed (control.queries)
        overdue = Resolution.objects.filter(
            control_item__deadline__lt=workdays.today(), control_item__status__in=RUNNING_STATUSES
        )
        filters &= Q(pk__in=overdue.values("document_id"))
    if kind == Document.Kind.INCOMING:
        # 003 §9.10: no resolution within the processing term after registration (registration.processing_term)
        late = processing_late_q()
        if data.get("processing_late"):
            filters &= late
        documents = documents.annotate(processing_late=ExpressionWrapper(late, output_field=BooleanField()))
    documents = documents.filter(filters)
    if text := data.get("q"):
        documents = search.search(documents, text)
    sort = data.get("sort") or DEFAULT_SORT
    key = sort.lstrip("-")
    if key == "correspondent":
        if kind not in OTHER_ORDER:
            sort, key = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
        elif kind == Document.Kind.INCOMING:
            # every registered letter has one (a constraint): the inner join drops no row and lets the planner
            # walk the correspondents' name index instead of sorting the whole journal
            documents = documents.filter(correspondent__isnull=False)
    order_by = OTHER_ORDER[kind] if key == "correspondent" else SORTS[key].order_by
    order = [f"-{name}" if sort.startswith("-") else name for name in order_by]
    filtered = any(data.get(name) for name in FILTER_FIELDS)
    return Journal(kind=kind, form=form, queryset=documents.order_by(*order), sort=sort, filtered=filtered)


def list_queryset(queryset: QuerySet) -> QuerySet:
    """The documents of the rows with the people and correspondent a row names; `build_rows` adds the rest."""
    # the search vector, the full text and the readers are the widest columns and no row shows them
    return queryset.defer("search_vector", "body", "readers").select_related(
        "correspondent", "addressee_person", "author", "signer"
    )


# --- one page without counting 200,000 rows ---------------------------------------------------------


@dataclass
class JournalPage:
    """A page of the journal: its rows, whether there are more, and the count up to COUNT_LIMIT."""

    number: int
    rows: list
    has_next: bool
    count: int
    count_is_exact: bool
    page_size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """None when the count stopped at the limit."""
        if not self.count_is_exact:
            return None
        return max(1, -(-self.count // self.page_size))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.rows)


def paginate(queryset: QuerySet, page_param: str | None, *, key: list[str], page_size: int = PAGE_SIZE) -> JournalPage:
    """At most two queries: the count (stopping at COUNT_LIMIT + 1) and the page (one row more, to know if there is
    a next).

    The count comes from control's count cache under `key`, kept under the data version that every change of
    documents, control items, people and grants replaces (correspondence/apps.py)."""
    number = parse_int(page_param, min_value=1) or 1
    count = cached_counts(key, lambda: queryset.order_by()[: COUNT_LIMIT + 1].count())
    exact = count <= COUNT_LIMIT
    if exact:
        number = min(number, max(1, -(-count // page_size)))
        # at most COUNT_LIMIT rows: their keys are read once (the filters' and the rule's own indexes) and
        # only those are sorted. Else the planner, which cannot know how rare one user's reader keys are in
        # one journal (in the benchmark a department head sees 85 of 50,000 outgoing letters), walks the
        # journal's order index past every letter hidden from them: some 50 ms for the first page, the whole
        # journal for the last.
        queryset = queryset.filter(EqualsAny(F("pk"), ArraySubquery(queryset.order_by().values("pk"))))
    offset = (number - 1) * page_size
    # nothing to show: no query (an empty journal would be walked to its end in vain)
    rows = list(queryset[offset : offset + page_size + 1]) if count else []
    return JournalPage(
        number=number,
        rows=rows[:page_size],
        has_next=len(rows) > page_size,
        count=min(count, COUNT_LIMIT),
        count_is_exact=exact,
        page_size=page_size,
    )


# --- rows -------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a journal: the document and what the list shows of its resolutions and control."""

    document: Document
    executors: list[tuple[str, bool]] = field(default_factory=list)  # (name, is the lead), leads first
    co_executors: int = 0  # how many more are named (the list shows the leads)
    recipients: list[str] = field(default_factory=list)
    deadline: datetime.date | None = None
    light: str = ""
    light_label: str = ""
    on_control: bool = False


def build_rows(documents: list[Document], thresholds: LightThresholds) -> list[Row]:
    """The rows of these documents: their executors, addressees and control items in three flat queries.

    Read as values by document id, not as prefetched models: building a model and a related manager for each
    resolution, executor and addressee cost a journal page more than its SQL."""
    rows = {document.pk: Row(document=document) for document in documents}
    ids = list(rows)
    executors = list(
        ResolutionExecutor.objects.filter(document_id__in=ids)
        # resolutions in their order (Resolution.Meta), in each the lead first, then the listed order
        .order_by("document_id", "resolution__created_at", "resolution_id", "-is_lead", "position")
        .values_list("document_id", "person__full_name", "unit_id", "is_lead")
    )
    # an executing body's name is in the active language (a property of the unit)
    units = OrgUnit.objects.in_bulk({unit for _d, _p, unit, _l in executors if unit is not None})
    seen: dict[int, set[str]] = {}
    for document_id, person, unit, is_lead in executors:
        name = person if person is not None else units[unit].name
        names = seen.setdefault(document_id, set())
        if name not in names:
            names.add(name)
            rows[document_id].executors.append((name, is_lead))
    addressees = Recipient.objects.filter(document_id__in=ids).order_by("document_id", "position")
    for document_id, short_name, name in addressees.values_list(
        "document_id", "correspondent__short_name", "correspondent__name"
    ):
        rows[document_id].recipients.append(Correspondent.display_name(short_name, name))
    lights: dict[int, list[tuple[int, datetime.date, str]]] = {}
    items = Resolution.objects.filter(document_id__in=ids, control_item__isnull=False).order_by()
    for document_id, status, deadline in items.values_list(
        "document_id", "control_item__status", "control_item__deadline"
    ):
        light = thresholds.light(status, deadline)
        lights.setdefault(document_id, []).append((Light.ORDER.index(light), deadline, light))
    for document_id, row in rows.items():
        row.executors.sort(key=lambda pair: not pair[1])
        row.co_executors = sum(1 for _name, lead in row.executors if not lead)
        if document_id in lights:
            row.on_control = True
            # the most pressing item: red before yellow before green before grey, then the nearest deadline
            _rank, row.deadline, row.light = min(lights[document_id])
            row.light_label = str(Light.LABELS[row.light])
    return list(rows.values())


# --- views ------------------------------------------------------------------------------------------


def _link(name: str, label: Any, hint: Any = "") -> dict[str, Any]:
    return {"url": reverse(name), "label": label, "hint": hint, "name": name}


def module_links() -> list[dict[str, Any]]:
    """Registration, the queue, returns and my work."""
    return [
        _link("correspondence:register", _("Register incoming mail"), _("a letter received today")),
        _link("correspondence:queue", _("Queue for registration"), _("received, awaiting registration")),
        _link("correspondence:returns", _("Returns without registration"), _("badly formed mail returned")),
        _link("correspondence:my_work", _("My work"), _("documents routed to me, my resolutions and drafts")),
    ]


def journal_nav(current: str | None) -> list[dict[str, Any]]:
    """The journals as tabs, the returns journal last."""
    nav = [
        {"url": reverse("correspondence:journal", args=[kind]), "label": label, "current": kind == current}
        for kind, label in JOURNALS.items()
    ]
    nav.append({"url": reverse("correspondence:returns"), "label": _("Returns"), "current": False})
    return nav


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The module's start page: the journals with the number of documents the user may see in each."""
    visible = access.visible_documents(request.user, Document.objects.registered())
    counts = visible.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in JOURNALS},
    )
    journals = [
        {
            "kind": kind,
            "label": label,
            "count": counts[kind],
            "url": reverse("correspondence:journal", args=[kind]),
        }
        for kind, label in JOURNALS.items()
    ]
    context = {"journals": journals, "links": module_links(), "nav": journal_nav(None)}
    return render(request, "correspondence/index.html", context)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    next_sort: str
    aria_sort: str
    sortable: bool = True


def _columns(sort: str, kind: str) -> dict[str, Column]:
    current, descending = sort.lstrip("-"), sort.startswith("-")
    columns = {}
    for key, spec in SORTS.items():
        sortable = key != "correspondent" or kind in OTHER_ORDER
        if key == current:
            next_sort = key if descending else f"-{key}"
            aria_sort = "descending" if descending else "ascending"
            columns[key] = Column(key, str(spec.label), next_sort, aria_sort, sortable)
        else:
            # a date or a number first shows the newest; names and statuses go A→Z
            next_sort = f"-{key}" if key in {"number", "date"} else key
            columns[key] = Column(key, str(spec.label), next_sort, "none", sortable)
    return columns


def column_labels(kind: str) -> dict[str, Any]:
    """Headers of the journal table (also the cell captions on phones)."""
    if kind == Document.Kind.INCOMING:
        other = _verbose("correspondent")
    elif kind == Document.Kind.OUTGOING:
        other = _("Addressees")
    else:
        other = _verbose("author")
    return {
        "other": other,
        "summary": _verbose("summary"),
        "executors": _("Executors"),
        "deadline": _("Deadline"),
        "to": _verbose("addressee"),
    }


def _kind(kind: str) -> str:
    if kind not in JOURNALS:
        raise Http404("No such journal.")
    return kind


@login_required
def journal(request: HttpRequest, kind: str) -> HttpResponse:
    """A journal with filters, sorting, search and pages; `?format=xlsx` downloads the filtered journal."""
    kind = _kind(kind)
    listing = journal_queryset(request.user, kind, request.GET)
    if request.GET.get("format") == "xlsx":
        return _export(listing)
    page = paginate(list_queryset(listing.queryset), request.GET.get("page"), key=listing.count_key(request.user))
    # plain text once: each row repeats the captions (a lazy string is translated on every use)
    labels = {key: str(label) for key, label in column_labels(kind).items()}
    columns = _columns(listing.sort, kind)
    context = {
        "kind": kind,
        "title": JOURNALS[kind],
        "form": listing.form,
        "page": page,
        "rows": build_rows(page.rows, LightThresholds.on()),
        "columns": columns,
        "sort": listing.sort,
        "filtered": listing.filtered,
        "nav": journal_nav(kind),
        "links": module_links(),
        "labels": labels,
        "words": RowWords.for_page(kind, labels, columns, dsp_short()),
    }
    return render(request, "correspondence/journal.html", context)


def _all_rows(documents: QuerySet, thresholds: LightThresholds) -> Iterator[Row]:
    """Every row of the journal, built a chunk of documents at a time (the export streams)."""
    documents = documents.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(documents, CHUNK_SIZE)):
        yield from build_rows(chunk, thresholds)


def _export(listing: Journal) -> FileResponse:
    thresholds = LightThresholds.on()
    rows = _all_rows(list_queryset(listing.queryset), thresholds)
    data = _cleaned(listing.form)
    period = period_text(data.get("registered_from"), data.get("registered_to"), workdays.today())
    output = write_journal_xlsx(rows, kind=listing.kind, title=str(JOURNALS[listing.kind]), period=period)
    filename = f"{listing.kind}-{workdays.today():%Y-%m-%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
