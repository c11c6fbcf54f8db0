"""Pages of acts (issue #13 §6, SPEC §6): the registry, the drafts in work, the act page, the draft form and
one page per action.

A view only reads, binds a form and calls acts/services.py, the only mutator. Every page finds the act through
acts.queries.get_act_for_user (akimat.permissions): an act the user may not see — a ДСП act not granted to
them by name included — is a 404, as an act that does not exist; an action that acts.services.allowed_actions
does not give the user is a 403 (and so is a service's PermissionDenied). A ValidationError of a service is
shown next to the field it names, on the action's own page, with everything the user typed kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acts import export, queries
from acts import services as acts_services
from acts.forms import (
    DEFAULT_SORT,
    FILTER_FIELDS,
    SORTS,
    CompareForm,
    DispatchForm,
    DraftForm,
    PointFormSet,
    RegisterForm,
    RegistryFilterForm,
    ReturnForm,
    RouteForm,
    ShortTermForm,
    SignForm,
    StateRegistrationForm,
    WithdrawForm,
    WorkFilterForm,
)
from acts.models import Act, ActFile, ActPoint, ActReturn, ActType, ActVersion, Distribution
from akimat import permissions, workdays
from akimat.forms import add_service_errors
from akimat.history import history_for
from akimat.models import Visa
from akimat.request_values import parse_int
from akimat.submissions import submit_once
from correspondence.views.journals import COUNT_LIMIT, JournalPage, dsp_short

PAGE_SIZE = 50
PDF_LANGUAGES = ("kk", "ru")


# --- the registry -------------------------------------------------------------------------------------------


@dataclass
class Registry:
    form: RegistryFilterForm
    queryset: QuerySet
    sort: str
    filtered: bool


def registry_queryset(user, params) -> Registry:
    """The acts the user may see, filtered, searched and sorted by the GET parameters: the list, its count and
    the export are this one queryset."""
    visible = queries.visible_acts(user)
    years = queries.registry_years(visible)
    units = queries.developer_units(visible)
    form = RegistryFilterForm(params, years=years, units=list(units))
    data = form.values()
    acts = visible
    if value := data.get("type"):
        acts = acts.filter(type=value)
    if value := data.get("year"):
        acts = acts.filter(Q(year=value) | Q(year=None, created_at__year=value))
    if value := data.get("status"):
        acts = acts.filter(status=value)
    if value := data.get("developer"):
        acts = acts.filter(developer_unit_id=value)
    if value := data.get("normative"):
        acts = acts.filter(is_normative=value == "yes")
    if value := data.get("pending"):
        acts = queries.pending(acts, value)
    if text := (data.get("q") or "").strip():
        acts = queries.search(acts, text)
    sort = data.get("sort") or DEFAULT_SORT
    names = SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        order = [F(name).desc(nulls_last=True) for name in names]
    else:
        order = [F(name).asc(nulls_last=True) for name in names]
    filtered = any(data.get(name) for name in FILTER_FIELDS)
    return Registry(form=form, queryset=acts.order_by(*order), sort=sort, filtered=filtered)


def list_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("developer_unit", "developer")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    next_sort: str
    aria_sort: str


COLUMN_LABELS = {
    "type": gettext_lazy("Type"),
    "year": gettext_lazy("Year"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "title": gettext_lazy("Title"),
    "status": gettext_lazy("Status"),
}


def _columns(sort: str) -> dict[str, Column]:
    current, descending = sort.lstrip("-"), sort.startswith("-")
    columns = {}
    for key in SORTS:
        if key == current:
            columns[key] = Column(
                key,
                str(COLUMN_LABELS[key]),
                key if descending else f"-{key}",
                "descending" if descending else "ascending",
            )
        else:
            first = f"-{key}" if key in {"year", "number", "date"} else key
            columns[key] = Column(key, str(COLUMN_LABELS[key]), first, "none")
    return columns


@dataclass
class RegistryRow:
    act: Act
    title: str
    date: datetime.date | None


def registry_rows(acts: list[Act]) -> list[RegistryRow]:
    language = translation.get_language()
    return [
        RegistryRow(act, queries.title_in(act, language), act.registered_on or act.created_at.date()) for act in acts
    ]


def module_nav(current: str) -> list[dict[str, Any]]:
    return [
        {"url": reverse("acts:index"), "label": _("Registry of acts"), "current": current == "index"},
        {"url": reverse("acts:work"), "label": _("Drafts in work"), "current": current == "work"},
        {"url": reverse("akimat:my_visas"), "label": _("Awaiting my visa"), "current": False}
        if _has_route("akimat:my_visas")
        else None,
    ]


def _has_route(name: str) -> bool:
    try:
        reverse(name)
    except Exception:  # noqa: BLE001 - a page of another helper that has not landed yet
        return False
    return True


def _nav(current: str) -> list[dict[str, Any]]:
    return [item for item in module_nav(current) if item]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The registry of acts: filters, search in kk and ru, sorting, pages; `?format=xlsx` downloads it."""
    registry = registry_queryset(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return _export(registry)
    page = paginate(list_queryset(registry.queryset), request.GET.get("page"))
    context = {
        "form": registry.form,
        "page": page,
        "rows": registry_rows(page.rows),
        "columns": _columns(registry.sort),
        "sort": registry.sort,
        "filtered": registry.filtered,
        "nav": _nav("index"),
        "dsp_short": dsp_short(),
        "may_create": True,
    }
    return render(request, "acts/registry.html", context)


def paginate(queryset: QuerySet, page_param: str | None, page_size: int = PAGE_SIZE) -> JournalPage:
    """Two queries: the count (stopping at COUNT_LIMIT + 1) and the page (one row more, to know if there is a
    next); the page is the journals' own (correspondence.views.journals.JournalPage)."""
    number = parse_int(page_param, min_value=1) or 1
    count = queryset.order_by()[: COUNT_LIMIT + 1].count()
    exact = count <= COUNT_LIMIT
    if exact:
        number = min(number, max(1, -(-count // page_size)))
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1]) if count else []
    return JournalPage(
        number=number,
        rows=rows[:page_size],
        has_next=len(rows) > page_size,
        count=min(count, COUNT_LIMIT),
        count_is_exact=exact,
        page_size=page_size,
    )


def _export(registry: Registry) -> FileResponse:
    data = registry.form.values()
    output = export.write_registry_xlsx(
        list_queryset(registry.queryset).iterator(chunk_size=export.CHUNK_SIZE),
        filters=_filters_text(registry.form, data),
    )
    filename = f"acts-{workdays.today():%Y-%m-%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=export.XLSX_CONTENT_TYPE)


def _filters_text(form: RegistryFilterForm, data: dict[str, Any]) -> str:
    """The filters in words, for the title of the export."""
    parts = []
    for name in FILTER_FIELDS:
        value = data.get(name)
        if not value:
            continue
        field = form.fields[name]
        shown = dict(getattr(field, "choices", ())).get(value, value) if name != "q" else f"«{value}»"
        parts.append(f"{field.label}: {shown}")
    return "; ".join(str(p) for p in parts)


# --- drafts in work -----------------------------------------------------------------------------------------


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """Drafts in work by status and by the current step: who holds each, since when, the days left."""
    form = WorkFilterForm(request.GET)
    data = form.values()
    acts = queries.visible_acts(request.user, Act.objects.drafts())
    if value := data.get("status"):
        acts = acts.filter(status=value)
    persons = [p.pk for p in permissions.principal_persons(request.user)]
    if data.get("scope") == "mine":
        units = [p.unit_id for p in permissions.principal_persons(request.user) if p.unit_id]
        acts = acts.filter(Q(developer_unit_id__in=units) | Q(developer_id__in=persons))
    elif data.get("scope") == "my_step":
        waiting = Visa.objects.filter(
            approver_id__in=persons, decision=Visa.Decision.PENDING, received_at__isnull=False
        ).filter(subject_type__app_label="acts", subject_type__model="act")
        acts = acts.filter(
            Q(pk__in=waiting.values("subject_id")) | Q(developer_id__in=persons, status=Act.Status.RETURNED)
        )
    counts = dict(acts.order_by().values_list("status").annotate(n=Count("pk")))
    rows_acts = list(list_queryset(acts).select_related("signer").order_by("status", "created_at", "id")[:500])
    today = workdays.today()
    steps = queries.waiting_steps([a for a in rows_acts if a.status == Act.Status.ON_APPROVAL], today)
    language = translation.get_language()
    groups = []
    for status, label in Act.Status.choices:
        if status not in Act.DRAFT_STATUSES:
            continue
        rows = []
        for act in rows_acts:
            if act.status != status:
                continue
            row = queries.WorkRow(act, queries.title_in(act, language))
            if status == Act.Status.ON_APPROVAL:
                row.steps = steps.get(act.pk, [])
            elif step := queries.holder_step(act, today):
                row.steps = [step]
            rows.append(row)
        groups.append({"status": status, "label": capfirst(label), "count": counts.get(status, 0), "rows": rows})
    context = {
        "form": form,
        "groups": groups,
        "any_rows": any(group["rows"] for group in groups),
        "nav": _nav("work"),
        "dsp_short": dsp_short(),
    }
    return render(request, "acts/work.html", context)


# --- the act page -------------------------------------------------------------------------------------------


def _act(user, pk: int) -> Act:
    queryset = Act.objects.select_related(
        "developer_unit", "developer", "curator", "signer", "signed_by", "short_term_by"
    )
    act = queries.get_act_for_user(user, pk, queryset)
    if act is None:
        raise Http404("No act matches the given query.")
    return act


def _allowed(act: Act, user) -> set[str]:
    return set(acts_services.allowed_actions(act, user))


def _require(act: Act, user, action: str) -> None:
    if action not in _allowed(act, user):
        raise PermissionDenied


@dataclass
class TextLine:
    text: str
    depth: int  # 0 for a point "1.", 1 for a sub-point "1.1.", ...
    is_point: bool


def text_lines(text: str) -> list[TextLine]:
    """The lines of a text, each point and sub-point with its depth (the number of dotted parts)."""
    import re

    lines = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = re.match(r"\s*(\d+(?:\.\d+)*)\.?\s", line)
        depth = match.group(1).count(".") if match else 0
        lines.append(TextLine(line.strip(), depth, bool(match)))
    return lines


ACTION_TITLES: dict[str, Any] = {
    "edit": gettext_lazy("Edit the draft"),
    "submit": gettext_lazy("Send for approval"),
    "resubmit": gettext_lazy("Send the new version for approval"),
    "short_term": gettext_lazy("Set a shorter approval term"),
    "return": gettext_lazy("Return for rework"),
    "withdraw": gettext_lazy("Withdraw the draft"),
    "sign": gettext_lazy("Record the signature"),
    "register": gettext_lazy("Register"),
    "points": gettext_lazy("Points on control"),
    "dispatch": gettext_lazy("Record a dispatch"),
    "state_registration": gettext_lazy("State registration"),
}
ACTION_ORDER = tuple(ACTION_TITLES)


def _visa_context(act: Act, user, allowed: set[str]) -> dict[str, Any]:
    """The visas of every round for the core partial, and the visa this user may give now."""
    visas = list(
        Visa.objects.filter(subject_type__app_label="acts", subject_type__model="act", subject_id=act.pk)
        .select_related("approver", "acting_person", "decided_by__person")
        .order_by("round", "position")
    )
    mine = None
    if "visa" in allowed:
        persons = {p.pk for p in permissions.principal_persons(user)}
        mine = next(
            (
                v
                for v in visas
                if v.round == act.version
                and v.decision == Visa.Decision.PENDING
                and v.received_at
                and v.approver_id in persons
            ),
            None,
        )
    return {
        "visas": visas,
        "my_visa": mine if _template_exists("approvals/_decide.html") else None,
        "subject": act,
        "route_template": "approvals/_route.html" if _template_exists("approvals/_route.html") else "acts/_visas.html",
    }


def _template_exists(name: str) -> bool:
    """Whether a core partial has landed (helper CORE writes templates/approvals/*)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@login_required
def act_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The act: header, texts, versions with compare, visas, files, returns, points, distribution, history and
    only the actions the user may take now."""
    act = _act(request.user, pk)
    allowed = _allowed(act, request.user)
    versions = list(ActVersion.objects.filter(act=act).select_related("created_by__person").order_by("number"))
    files = list(
        ActFile.objects.filter(version__act=act)
        .select_related("attachment", "version")
        .order_by("version", "kind", "id")
    )
    by_version: dict[int, list[ActFile]] = {}
    for file in files:
        by_version.setdefault(file.version.number, []).append(file)
    current = next((v for v in versions if v.number == act.version), versions[-1] if versions else None)
    today = workdays.today()
    returns = list(
        ActReturn.objects.filter(act=act)
        .select_related("returned_by__person", "returned_by_person")
        .order_by("returned_at")
    )
    return_rows = [
        {
            "ret": ret,
            "overdue": bool(
                ret.rework_due_on
                and act.status == Act.Status.RETURNED
                and ret is returns[-1]
                and ret.rework_due_on < today
            ),
        }
        for ret in returns
    ]
    points = list(ActPoint.objects.filter(act=act).select_related("lead_unit", "lead_person", "control_item"))
    distribution = list(Distribution.objects.filter(act=act).select_related("unit", "sent_by__person"))
    actions = [
        {"name": name, "title": ACTION_TITLES[name], "url": reverse(f"acts:{name}", args=[act.pk])}
        for name in ACTION_ORDER
        if name in allowed
    ]
    context = {
        "act": act,
        "title": queries.title_in(act),
        "version": current,
        "texts": [
            (
                "kk",
                _("Text in Kazakh"),
                current.title_kk if current else "",
                text_lines(current.text_kk if current else ""),
            ),
            (
                "ru",
                _("Text in Russian"),
                current.title_ru if current else "",
                text_lines(current.text_ru if current else ""),
            ),
        ],
        "versions": [{"version": v, "files": by_version.get(v.number, [])} for v in versions],
        "compare_form": CompareForm(
            initial={"a": max(1, act.version - 1), "b": act.version}, numbers=[v.number for v in versions]
        )
        if len(versions) > 1
        else None,
        "returns": return_rows,
        "points": points,
        "distribution": distribution,
        "unsent": sum(1 for row in distribution if row.sent_on is None),
        "history": list(history_for(act)),
        "today": today,
        "actions": actions,
        "allowed": allowed,
        "dsp_short": dsp_short(),
        "nav": _nav(""),
        "missing": acts_services.missing_files(act) if act.status in {Act.Status.DRAFT, Act.Status.RETURNED} else [],
        **_visa_context(act, request.user, allowed),
    }
    return render(request, "acts/act.html", context)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Any two versions side by side, word by word, in kk and ru (003 §10.13)."""
    act = _act(request.user, pk)
    numbers = list(ActVersion.objects.filter(act=act).order_by("number").values_list("number", flat=True))
    form = CompareForm(request.GET or {"a": max(1, act.version - 1), "b": act.version}, numbers=numbers)
    comparison = None
    if form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        comparison = acts_services.versions_compare(act, a, b)
    context = {"act": act, "title": queries.title_in(act), "form": form, "comparison": comparison, "nav": _nav("")}
    return render(request, "acts/compare.html", context)


@login_required
def approval_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval sheet (000 Appendix 3) of the act's visas as PDF, in Kazakh or Russian."""
    from akimat import pdf
    from akimat.approval_sheet import approval_sheet_pdf

    act = _act(request.user, pk)
    asked = (request.GET.get("lang") or "").lower()
    current = (translation.get_language() or "")[:2]
    language = asked if asked in PDF_LANGUAGES else current if current in PDF_LANGUAGES else "ru"
    visas = Visa.objects.filter(subject_type__app_label="acts", subject_type__model="act", subject_id=act.pk).order_by(
        "round", "position"
    )
    with translation.override(language):
        act_type = ActType(act.type).label
        if act.number:  # the sheet of a registered act names the act; before, the draft
            kind = capfirst(
                _("%(type)s № %(number)s of %(date)s")
                % {"type": act_type, "number": act.number, "date": act.registered_on.strftime("%d.%m.%Y")}
            )
        else:
            kind = _("Draft %(type)s") % {"type": act_type}
    content = approval_sheet_pdf(
        act,
        language=language,
        title=queries.title_in(act, language),
        visas=visas,
        kind=kind,
        prepared_by=request.user,
    )
    return pdf.pdf_response(content, f"approval-sheet-{act.pk}-{language}")


# --- the draft form -----------------------------------------------------------------------------------------


@login_required
@submit_once
def create(request: HttpRequest) -> HttpResponse:
    """A new draft act (003 §10.1–§10.10)."""
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                act = acts_services.create_draft(actor=request.user, data=form.draft_data(), files=form.uploads())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(act)
    else:
        person = getattr(request.user, "person", None)
        initial = {"developer": person.pk, "developer_unit": person.unit_id} if person else {}
        form = DraftForm(initial=initial, user=request.user)
    return render(request, "acts/draft_form.html", {"form": form, "act": None, "nav": _nav("")})


@login_required
@submit_once
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    act = _act(request.user, pk)
    _require(act, request.user, "edit")
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES, user=request.user, act=act)
        if form.is_valid():
            remove = [int(v) for v in request.POST.getlist("remove_file") if v.isdigit()]
            try:
                acts_services.update_draft(
                    act, actor=request.user, data=form.draft_data(), files=form.uploads(), remove_files=remove
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(act)
    else:
        form = DraftForm(initial=DraftForm.initial_for(act), user=request.user, act=act)
    files = list(ActFile.objects.filter(version__act=act, version__number=act.version).select_related("attachment"))
    context = {"form": form, "act": act, "title": queries.title_in(act), "files": files, "nav": _nav("")}
    return render(request, "acts/draft_form.html", context)


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (akimat.forms), and the files to be chosen again."""
    add_service_errors(form, error)
    if getattr(form, "files", None) and any(form.files.values()):
        from acts.forms import FILES_AGAIN

        if FILES_AGAIN not in form.non_field_errors():
            form.add_error(None, FILES_AGAIN)


# --- the actions --------------------------------------------------------------------------------------------


def _action(
    request: HttpRequest,
    pk: int,
    name: str,
    make_form: Callable[..., Any],
    perform: Callable[[Act, Any], Any],
    *,
    template: str = "acts/action_form.html",
    success: Any = None,
    extra: Callable[[Act], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One action's page: GET shows its form, POST performs it through the service (403 if not allowed)."""
    act = _act(request.user, pk)
    _require(act, request.user, name)
    if request.method == "POST":
        form = make_form(act, request.POST, request.FILES)
        if form.is_valid():
            try:
                perform(act, form)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, success or _("Done."))
                return redirect(act)
    else:
        form = make_form(act, None, None)
    context = {
        "act": act,
        "title": queries.title_in(act),
        "action": {"name": name, "title": ACTION_TITLES[name]},
        "form": form,
        "nav": _nav(""),
        **(extra(act) if extra else {}),
    }
    return render(request, template, context)


def _route_form(act: Act, data, files) -> RouteForm:
    return RouteForm(data, steps=list(acts_services.default_route(act)))


def _route_extra(act: Act) -> dict[str, Any]:
    return {"missing": acts_services.missing_files(act)}


@login_required
@submit_once
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send for approval with the route editor (§10.3, §10.14)."""
    return _action(
        request,
        pk,
        "submit",
        _route_form,
        lambda act, form: acts_services.submit(act, actor=request.user, steps=form.steps()),
        template="acts/route_form.html",
        success=_("The draft is sent for approval."),
        extra=_route_extra,
    )


@login_required
@submit_once
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """The new version goes for approval again (§10.13)."""
    return _action(
        request,
        pk,
        "resubmit",
        _route_form,
        lambda act, form: acts_services.resubmit(act, actor=request.user, steps=form.steps()),
        template="acts/route_form.html",
        success=_("The new version is sent for approval."),
        extra=_route_extra,
    )


@login_required
@submit_once
def short_term(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "short_term",
        lambda act, data, files: ShortTermForm(data, initial={"due_on": act.short_term_on}),
        lambda act, form: acts_services.set_short_term(act, actor=request.user, due_on=form.cleaned_data["due_on"]),
        success=_("The approval term is set."),
    )


@login_required
@submit_once
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "return",
        lambda act, data, files: ReturnForm(data, grounds=acts_services.return_grounds(act, request.user)),
        lambda act, form: acts_services.return_draft(
            act,
            actor=request.user,
            ground=form.cleaned_data["ground"],
            reason=form.cleaned_data["reason"],
            reference=form.cleaned_data.get("reference", ""),
        ),
        success=_("The draft is returned for rework."),
    )


@login_required
@submit_once
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "withdraw",
        lambda act, data, files: WithdrawForm(data),
        lambda act, form: acts_services.request_withdrawal(act, actor=request.user, reason=form.cleaned_data["reason"]),
        success=_("The draft is withdrawn."),
    )


@login_required
@submit_once
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "sign",
        lambda act, data, files: SignForm(data, files, initial={"signed_on": workdays.today()}),
        lambda act, form: acts_services.sign(
            act,
            actor=request.user,
            signed_file=form.cleaned_data["signed_file"],
            signed_on=form.cleaned_data["signed_on"],
        ),
        success=_("The signature is recorded."),
    )


@login_required
@submit_once
def register(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "register",
        lambda act, data, files: RegisterForm(data),
        lambda act, form: acts_services.register(act, actor=request.user),
        success=_("The act is registered."),
    )


def _points_formset(act: Act, data, files) -> PointFormSet:
    from control.forms import executor_value

    initial = [
        {
            "number": point.number,
            "text": point.text,
            "executor": executor_value(point.lead_person or point.lead_unit),
            "deadline": point.deadline,
        }
        for point in ActPoint.objects.filter(act=act).select_related("lead_person", "lead_unit")
    ]
    return PointFormSet(data, initial=initial or None, prefix="points")


@login_required
@submit_once
def points(request: HttpRequest, pk: int) -> HttpResponse:
    """The act's points with executors and deadlines (put on control when the act is registered)."""

    def perform(act: Act, formset) -> None:
        # a registered act's new points go on control at once (the service)
        acts_services.set_points(act, actor=request.user, points=formset.points())

    return _action(
        request,
        pk,
        "points",
        _points_formset,
        perform,
        template="acts/points_form.html",
        success=_("The points are saved."),
    )


@login_required
@submit_once
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    """A certified copy sent to an addressee of the distribution list (§10.18)."""

    def make(act: Act, data, files) -> DispatchForm:
        rows = list(Distribution.objects.filter(act=act, sent_on__isnull=True).select_related("unit"))
        return DispatchForm(data, rows=rows, initial={"sent_on": workdays.today()})

    def perform(act: Act, form: DispatchForm) -> None:
        row = form.rows[form.cleaned_data["distribution"]]
        acts_services.record_dispatch(
            row, actor=request.user, sent_on=form.cleaned_data["sent_on"], channel=form.cleaned_data["channel"]
        )

    return _action(request, pk, "dispatch", make, perform, success=_("The dispatch is recorded."))


@login_required
@submit_once
def state_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """A normative act with the justice body: submitted, registered, published."""

    def make(act: Act, data, files) -> StateRegistrationForm:
        initial = {
            "submitted_on": act.justice_submitted_on,
            "justice_number": act.justice_number,
            "justice_registered_on": act.justice_registered_on,
            "published_on": act.published_on,
        }
        return StateRegistrationForm(data, initial=initial)

    def perform(act: Act, form: StateRegistrationForm) -> None:
        acts_services.record_state_registration(act, actor=request.user, **form.cleaned_data)

    return _action(request, pk, "state_registration", make, perform, success=_("The state registration is recorded."))
