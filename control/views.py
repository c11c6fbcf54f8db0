"""Screens of execution control (SPEC §5): dashboard, lists, export, the item page and its actions.

Every change goes through control/services.py; a view only reads, binds a form and calls a service.
Access: lists through akimat.permissions.visible(), one item through get_object_for_user() (404 for
strangers); an action the service refuses is a 403, a ValidationError comes back next to the fields
with everything the user typed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akimat import permissions, workdays
from akimat.exports import period_text
from akimat.forms import add_service_errors
from akimat.history import history_for
from akimat.models import Attachment, OrgUnit, Person
from akimat.reglament import RuleTypeError, unit_amount
from akimat.roles import Role
from akimat.submissions import submit_once
from control import access, deadlines, filters, services
from control.export import write_xlsx
from control.forms import (
    CoExecutorPartForm,
    DecisionForm,
    ExtensionRequestForm,
    ItemCreateForm,
    RedirectDecisionForm,
    RedirectRequestForm,
    RemovalProposalForm,
    ReportForm,
    date_field,
    executor_value,
)
from control.models import (
    NEVER_EXTENDED,
    ControlExecutor,
    ControlItem,
    Decision,
    ExecutionReport,
    ExtensionRequest,
    Issuer,
    RedirectRequest,
    RemovalProposal,
    SourceKind,
)
from control.queries import (
    CountCachedPaginator,
    Light,
    LightThresholds,
    cached_counts,
    light_counts,
    light_counts_by,
    part_state,
)

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- dashboard --------------------------------------------------------------------------------------


@dataclass
class CountCell:
    light: str
    count: int
    url: str


@dataclass
class CountRow:
    """One line of a dashboard table: a label, its counts per light, each a link to the list."""

    label: str
    total: int
    total_url: str
    cells: list[CountCell]

    def count(self, light: str) -> int:
        return next(cell.count for cell in self.cells if cell.light == light)


class PeriodForm(forms.Form):
    """The dashboard may be narrowed to instructions received in a period."""

    received_from = date_field(gettext_lazy("Received from"))
    received_to = date_field(gettext_lazy("Received to"))


def _count_row(label: str, counts: dict, params: dict[str, str], list_path: str) -> CountRow:
    # a dashboard has hundreds of rows: the list's address is reversed once, the row's query encoded once
    total_url = f"{list_path}?{urlencode(params)}"
    return CountRow(
        label=label,
        total=counts["total"] if "total" in counts else sum(counts[light] for light in Light.ORDER),
        total_url=total_url,
        cells=[CountCell(light, counts[light], f"{total_url}&light={light}") for light in Light.ORDER],
    )


def _rows(
    groups: list[dict], base: dict[str, str], label: Callable[[dict], str], params: Callable[[dict], dict]
) -> list[CountRow]:
    list_path = reverse("control:list")
    rows = [_count_row(label(group), group, {**base, **params(group)}, list_path) for group in groups]
    # the most pressing first: overdue, then close to the deadline
    rows.sort(key=lambda row: (-row.count(Light.RED), -row.count(Light.YELLOW), -row.total, row.label))
    return rows


def _dashboard_context(request: HttpRequest) -> dict[str, Any]:
    period = PeriodForm(request.GET or None)
    items = permissions.visible(request.user, ControlItem)
    base_params = {"scope": filters.ALL}
    if period.is_bound and period.is_valid():
        for name, lookup in (("received_from", "received_on__gte"), ("received_to", "received_on__lte")):
            if day := period.cleaned_data.get(name):
                items = items.filter(**{lookup: day})
                base_params[name] = day.isoformat()
    thresholds = LightThresholds.on()

    def compute() -> dict[str, Any]:
        leads = items.filter(executors__is_lead=True)
        return {
            "totals": light_counts(items, thresholds),
            "by_lead": light_counts_by(leads, thresholds, "executors__person", "executors__unit"),
            "by_department": light_counts_by(
                leads.annotate(lead_department=Coalesce("executors__person__unit", "executors__unit")),
                thresholds,
                "lead_department",
            ),
            "by_issuer": light_counts_by(items, thresholds, "issuer", "issuer_person"),
            "by_source": light_counts_by(items, thresholds, "source_kind"),
        }

    # the same visibility gives the same counts: one cache entry for all who see everything and are granted
    # the same restricted items
    scope = (
        "all" + access.granted_restricted_digest(request.user)
        if access.sees_all_items(request.user)
        else "u" + ".".join(str(p.pk) for p in permissions.principals(request.user))
    )
    counts = cached_counts(
        [scope, thresholds.today.isoformat(), *(f"{k}={v}" for k, v in sorted(base_params.items()))], compute
    )
    totals, by_lead, by_department = counts["totals"], counts["by_lead"], counts["by_department"]
    by_issuer, by_source = counts["by_issuer"], counts["by_source"]

    # names in two queries, whatever the number of rows
    person_ids = {g["executors__person"] for g in by_lead if g["executors__person"]}
    person_ids |= {g["issuer_person"] for g in by_issuer if g["issuer_person"]}
    unit_ids = {g["executors__unit"] for g in by_lead if g["executors__unit"]}
    unit_ids |= {g["lead_department"] for g in by_department if g["lead_department"]}
    people = Person.objects.in_bulk(person_ids) if person_ids else {}
    units = OrgUnit.objects.in_bulk(unit_ids) if unit_ids else {}

    def lead_label(group: dict) -> str:
        if group["executors__person"]:
            person = people.get(group["executors__person"])
            return person.full_name if person else "—"
        unit = units.get(group["executors__unit"])
        return unit.name if unit else "—"

    def lead_params(group: dict) -> dict:
        if group["executors__person"]:
            return {"lead": f"person:{group['executors__person']}"}
        return {"lead": f"unit:{group['executors__unit']}"}

    def issuer_label(group: dict) -> str:
        label = str(capfirst(Issuer(group["issuer"]).label)) if group["issuer"] in Issuer.values else group["issuer"]
        person = people.get(group["issuer_person"]) if group["issuer_person"] else None
        return f"{label}: {person.full_name}" if person else label

    def issuer_params(group: dict) -> dict:
        return {"issuer": group["issuer"], "issuer_person": str(group["issuer_person"] or filters.NOT_NAMED)}

    base = base_params
    sections = [
        ("lead", _("By lead executor"), _("Lead executor"), _rows(by_lead, base, lead_label, lead_params)),
        (
            "department",
            _("By department of the lead executor"),
            _("Department"),
            _rows(
                [g for g in by_department if g["lead_department"]],
                base,
                lambda g: units[g["lead_department"]].name if g["lead_department"] in units else "—",
                lambda g: {"department": str(g["lead_department"])},
            ),
        ),
        ("issuer", _("By issuer"), _("Issuer"), _rows(by_issuer, base, issuer_label, issuer_params)),
        (
            "source",
            _("By source"),
            _("Source"),
            _rows(
                by_source,
                base,
                lambda g: (
                    str(capfirst(SourceKind(g["source_kind"]).label)) if g["source_kind"] in SourceKind.values else "—"
                ),
                lambda g: {"source_kind": g["source_kind"]},
            ),
        ),
    ]
    total_row = _count_row(_("All instructions"), totals, base, reverse("control:list"))
    # 003 §12.13: a co-executor's own parts — her date, given or not, overdue — beside the items' lights
    my_parts = [(row.item, part_state(row, thresholds)) for row in access.open_parts(request.user)]
    return {
        "my_parts": my_parts,
        "period": period,
        "totals": total_row,
        "total_cards": [(cell, filters.LIGHT_NAMES[cell.light], Light.LABELS[cell.light]) for cell in total_row.cells],
        "lights": [(light, filters.LIGHT_NAMES[light], Light.LABELS[light]) for light in Light.ORDER],
        "sections": sections,
        "today": thresholds.today,
        **access.subnav(request.user),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The module's start page is the dashboard: the traffic light of what the user may see."""
    return render(request, "control/index.html", _dashboard_context(request))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Traffic-light totals and counts per lead executor, department, issuer and source (SPEC §5)."""
    return render(request, "control/dashboard.html", _dashboard_context(request))


# --- lists and export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    next_sort: str
    aria_sort: str  # "ascending" / "descending" / "none"


def _columns(sort: str) -> dict[str, Column]:
    current = sort.lstrip("-")
    descending = sort.startswith("-")
    columns = {}
    for key, spec in filters.SORTS.items():
        if key == current:
            columns[key] = Column(
                key, str(spec.label), key if descending else f"-{key}", "descending" if descending else "ascending"
            )
        else:
            columns[key] = Column(key, str(spec.label), key, "none")
    return columns


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    """My instructions, my department, issued or supervised by me, all: one list with a scope (SPEC §5)."""
    listing = filters.filter_items(request.user, request.GET)
    queryset = listing.queryset.prefetch_related(filters.lead_prefetch())
    page = CountCachedPaginator(queryset, PAGE_SIZE, count_key=listing.count_key(request.user)).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    # the labels once per page: Model.get_FOO_display() rebuilds the whole choice list on every call
    issuers = {value: capfirst(label) for value, label in Issuer.choices}
    statuses = dict(ControlItem.Status.choices)
    parts = access.co_executor_parts(request.user, items)
    for item in items:
        item.light_label = Light.LABELS[item.light]
        item.issuer_label = issuers.get(item.issuer, item.issuer)
        item.status_label = statuses.get(item.status, item.status)
        # 003 §12.13: a co-executor sees her own part — her date, given or not, overdue — not the item's light
        if item.pk in parts and item.status != ControlItem.Status.REMOVED:
            item.part = part_state(parts[item.pk], listing.thresholds)
            item.light, item.light_label = item.part.light, item.part.label
    scopes = filters.available_scopes(request.user)
    if listing.scope not in scopes:
        scopes.append(listing.scope)
    context = {
        "page": page,
        "items": items,
        "form": listing.form,
        "scope": listing.scope,
        "scopes": [(scope, filters.SCOPE_LABELS[scope]) for scope in scopes],
        "columns": _columns(listing.sort),
        **access.subnav(request.user),
        "has_filters": any(request.GET.get(name) for name in listing.form.fields if name not in {"scope", "sort"}),
    }
    return render(request, "control/item_list.html", context)


@login_required
def export(request: HttpRequest) -> FileResponse:
    """The filtered list (same GET parameters) as XLSX; only rows the user may see."""
    listing = filters.filter_items(request.user, request.GET)
    received = (listing.form.value("received_from"), listing.form.value("received_to"))
    period = period_text(*received, workdays.today())
    output = write_xlsx(listing.queryset, title=str(filters.SCOPE_LABELS[listing.scope]), period=period)
    filename = f"control-{workdays.today():%Y-%m-%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


# --- the item page ----------------------------------------------------------------------------------

FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "report": (ReportForm, "report"),
    "part": (CoExecutorPartForm, "part"),
    "extension": (ExtensionRequestForm, "extension"),
    "redirect": (RedirectRequestForm, "redirect"),
    "decide_extension": (DecisionForm, "decide-extension"),
    "decide_redirect": (RedirectDecisionForm, "decide-redirect"),
    "removal": (RemovalProposalForm, "removal"),
    "agree_removal": (DecisionForm, "agree-removal"),
    "decide_removal": (DecisionForm, "decide-removal"),
}


@dataclass
class ExecutorRow:
    """An executor with their intermediate date (003 §12.13) and whether it was met."""

    row: ControlExecutor
    label: str
    reported_on: datetime.date | None
    state: str  # "met", "late", "missed", "waiting" or "" (no intermediate date)


@dataclass
class Actions:
    """What the user may do with the item now (each as decided by control/access.py)."""

    report: bool = False
    part: bool = False
    extension: bool = False
    extension_note: str = ""
    redirect: bool = False
    decide_extension: ExtensionRequest | None = None
    decide_redirect: RedirectRequest | None = None
    removal: bool = False
    agree_removal: RemovalProposal | None = None
    decide_removal: RemovalProposal | None = None
    notes: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(
            self.report
            or self.part
            or self.extension
            or self.extension_note
            or self.redirect
            or self.decide_extension
            or self.decide_redirect
            or self.removal
            or self.agree_removal
            or self.decide_removal
        )


def _get_item(request: HttpRequest, pk: int) -> ControlItem:
    queryset = ControlItem.objects.select_related("issuer_person", "controller", "created_by__person")
    return permissions.get_object_for_user(request.user, queryset, pk)


def _pending(items: list, status: str = Decision.PENDING):
    return next((obj for obj in items if obj.status == status), None)


def _actions(user, item: ControlItem, extensions, redirects, proposals) -> Actions:
    actions = Actions()
    if item.status == ControlItem.Status.REMOVED:
        return actions
    today = workdays.today()
    is_lead = access.lead_principal(user, item) is not None
    if is_lead:
        actions.report = True
        pending_extension = _pending(extensions)
        last_day = deadlines.last_day_to_ask_extension(item.deadline, not_before=item.given_on)
        if item.issuer in NEVER_EXTENDED:
            actions.extension_note = _(
                "Deadlines of instructions of the Presidential Administration and the Government Apparatus "
                "are not extended (§12.7)."
            )
        elif pending_extension is None and today <= last_day:
            actions.extension = True
        elif pending_extension is None:
            actions.extension_note = _(
                "An extension could be asked for until %(date)s, 3 working days before the deadline (§12.6)."
            ) % {"date": last_day.strftime("%d.%m.%Y")}
        if _pending(redirects) is None and today <= deadlines.redirect_allowed_until(item.received_on):
            actions.redirect = True
    row, _principal = access.co_executor_row(user, item)
    actions.part = row is not None
    if (pending := _pending(extensions)) and access.authority_by_role(user, access.DECIDERS) is not None:
        actions.decide_extension = pending
    if (pending := _pending(redirects)) and access.issuer_authority(user, item) is not None:
        actions.decide_redirect = pending
    # 003 §12.14: the head of the executing department (or the controller) brings the memo; the curating deputy
    # head of apparatus agrees it; then the akim or the head of apparatus decides
    if _pending(proposals) is None and access.removal_proposer(user, item)[0] is not None:
        actions.removal = True
    if (proposal := _pending(proposals)) and proposal.visa == RemovalProposal.Visa.PENDING:
        if access.curator_principal(user, proposal.curator_id) is not None:
            actions.agree_removal = proposal
    elif proposal and access.removal_authority(user, item) is not None:
        actions.decide_removal = proposal
    return actions


def deadline_basis(item: ControlItem) -> str:
    """How the deadline was set: "fixed date 13.04.2026" or "1 month from 16.03.2026, §12.2"."""
    if item.deadline_basis == ControlItem.DeadlineBasis.FIXED:
        if item.fixed_date is None:
            return _("fixed date")
        text = _("fixed date %(date)s") % {"date": item.fixed_date.strftime("%d.%m.%Y")}
        if item.fixed_date != item.deadline:
            text = _("%(text)s, moved to the next working day (§12.15)") % {"text": text}
        return text
    try:
        term = unit_amount(item.term_amount or 0, item.term_unit)
    except RuleTypeError:
        term = f"{item.term_amount} {item.term_unit}"
    start = item.term_from.strftime("%d.%m.%Y") if item.term_from else "—"
    if item.term_direction == deadlines.BEFORE:
        text = _("%(term)s before %(date)s") % {"term": term, "date": start}
    else:
        text = _("%(term)s from %(date)s") % {"term": term, "date": start}
    return f"{text}, {item.term_section}" if item.term_section else text


def _user_label(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else (user.get_full_name() or user.get_username())


def _executor_rows(item: ControlItem, today: datetime.date) -> list[ExecutorRow]:
    rows = []
    for row in item.executors.select_related("person__unit", "unit"):
        reported_on = timezone.localdate(row.reported_at) if row.reported_at else None
        if row.report_due is None:
            state = ""
        elif reported_on is not None:
            state = "met" if reported_on <= row.report_due else "late"
        else:
            state = "missed" if today > row.report_due else "waiting"
        label = row.person.full_name if row.person_id else row.unit.name
        rows.append(ExecutorRow(row=row, label=label, reported_on=reported_on, state=state))
    return rows


def _reports_with_files(item: ControlItem) -> list[ExecutionReport]:
    reports = list(item.reports.select_related("author__person", "acting_for__person"))
    files: dict[int, list[Attachment]] = {}
    if reports:
        content_type = ContentType.objects.get_for_model(ExecutionReport)
        for attachment in Attachment.objects.filter(
            content_type=content_type, object_id__in=[report.pk for report in reports]
        ):
            files.setdefault(attachment.object_id, []).append(attachment)
    for report in reports:
        report.files = files.get(report.pk, [])
        report.author_label = _user_label(report.author)
        report.acting_for_label = _user_label(report.acting_for)
    return reports


def _decisions(queryset: QuerySet, who: str) -> list:
    rows = list(queryset.select_related(f"{who}__person", "decided_by__person"))
    for row in rows:
        row.who_label = _user_label(getattr(row, who))
        row.decided_by_label = _user_label(row.decided_by)
    return rows


def _source(item: ControlItem) -> tuple[Any, str]:
    """The source object (if it still exists) and its URL (if it has a page)."""
    if not item.source_type_id:
        return None, ""
    try:
        source = item.source
    except Exception:  # noqa: BLE001 - a source app removed or a model gone: the label still stands
        return None, ""
    url = source.get_absolute_url() if source is not None and hasattr(source, "get_absolute_url") else ""
    return source, url


def _render_item(
    request: HttpRequest, item: ControlItem, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    today = workdays.today()
    thresholds = LightThresholds.on(today)
    extensions = _decisions(item.extension_requests.all(), "requested_by")
    redirects = _decisions(item.redirect_requests.select_related("proposed_unit"), "requested_by")
    proposals = _decisions(item.removal_proposals.select_related("curator", "visa_by__person"), "proposed_by")
    actions = _actions(request.user, item, extensions, redirects, proposals)
    allowed = {
        "report": actions.report,
        "part": actions.part,
        "extension": actions.extension,
        "redirect": actions.redirect,
        "decide_extension": actions.decide_extension is not None,
        "decide_redirect": actions.decide_redirect is not None,
        "removal": actions.removal,
        "agree_removal": actions.agree_removal is not None,
        "decide_removal": actions.decide_removal is not None,
    }
    action_forms: dict[str, forms.Form] = {}
    for name, (form_class, prefix) in FORMS.items():
        if name in bound:  # a form sent back with errors is always shown, whatever changed meanwhile
            action_forms[name] = bound[name]
        elif allowed[name]:
            initial = {}
            if name == "decide_redirect" and actions.decide_redirect and actions.decide_redirect.proposed_unit:
                initial["new_lead"] = executor_value(actions.decide_redirect.proposed_unit)
            action_forms[name] = form_class(prefix=prefix, initial=initial)
    source, source_url = _source(item)
    light = thresholds.of(item)
    my_row = access.co_executor_parts(request.user, [item]).get(item.pk)
    context = {
        "item": item,
        "light": light,
        "light_label": Light.LABELS[light],
        # 003 §12.13: a co-executor's own part, shown before the item's state
        "my_part": part_state(my_row, thresholds) if my_row is not None else None,
        "light_name": filters.LIGHT_NAMES[light],
        "deadline_basis": deadline_basis(item),
        "executors": _executor_rows(item, today),
        "reports": _reports_with_files(item),
        "extensions": extensions,
        "redirects": redirects,
        "proposals": proposals,
        "history": history_for(item),
        "actions": actions,
        "forms": action_forms,
        "source": source,
        "source_url": source_url,
        "created_by_label": _user_label(item.created_by),
        "last_day_to_ask_extension": deadlines.last_day_to_ask_extension(item.deadline, not_before=item.given_on),
        "removal_memo_due": deadlines.removal_memo_due(item.deadline),
        "today": today,
        **access.subnav(request.user),
    }
    return render(request, "control/item_detail.html", context, status=status)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one item, its history and the forms of what the user may do now."""
    return _render_item(request, _get_item(request, pk))


# --- actions ----------------------------------------------------------------------------------------


@submit_once
def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    perform: Callable[[ControlItem, Any], str],
) -> HttpResponse:
    """Bind the action's form, call the service; on success back to the item with a message.

    PermissionDenied from the service becomes a 403; a ValidationError re-renders the page with the form
    as it was sent, errors next to the fields.
    """
    item = _get_item(request, pk)
    form_class, prefix = FORMS[name]
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            message = perform(item, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("control:item", pk=item.pk)
    return _render_item(request, item, {name: form})


@login_required
@require_POST
def submit_report(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: ReportForm) -> str:
        data = form.cleaned_data
        services.submit_report(
            item,
            actor=request.user,
            text=data["text"],
            outgoing_number=data["outgoing_number"],
            files=data["files"],
        )
        return _("The execution report is submitted; the controller is told.")

    return _act(request, pk, "report", perform)


@login_required
@require_POST
def submit_part(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: CoExecutorPartForm) -> str:
        services.submit_co_executor_part(item, actor=request.user, text=form.cleaned_data["text"])
        return _("Your part is given to the lead executor.")

    return _act(request, pk, "part", perform)


@login_required
@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: ExtensionRequestForm) -> str:
        extension = services.request_extension(
            item, actor=request.user, reason=form.cleaned_data["reason"], new_deadline=form.cleaned_data["new_deadline"]
        )
        if extension.status == Decision.REFUSED:
            return _("The request is recorded and refused: %(reason)s") % {"reason": extension.decision_comment}
        return _("The extension request is sent for a decision.")

    return _act(request, pk, "extension", perform)


@login_required
@require_POST
def decide_extension(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: DecisionForm) -> str:
        extension = get_object_or_404(ExtensionRequest, pk=request_pk, item=item)
        services.decide_extension(
            extension, actor=request.user, approve=form.approve, comment=form.cleaned_data["comment"]
        )
        if form.approve:
            return _("The extension is granted: the new deadline is %(date)s.") % {
                "date": ControlItem.objects.get(pk=item.pk).deadline.strftime("%d.%m.%Y")
            }
        return _("The extension is refused.")

    return _act(request, pk, "decide_extension", perform)


@login_required
@require_POST
def request_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: RedirectRequestForm) -> str:
        services.request_redirect(
            item, actor=request.user, memo=form.cleaned_data["memo"], proposed_unit=form.cleaned_data["proposed_unit"]
        )
        return _("The redirect request is sent to the official who gave the instruction.")

    return _act(request, pk, "redirect", perform)


@login_required
@require_POST
def decide_redirect(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: RedirectDecisionForm) -> str:
        redirect_request = get_object_or_404(RedirectRequest, pk=request_pk, item=item)
        services.decide_redirect(
            redirect_request,
            actor=request.user,
            approve=form.approve,
            new_lead=form.cleaned_data.get("new_lead"),
            comment=form.cleaned_data["comment"],
        )
        return _("The instruction is redirected.") if form.approve else _("The redirect is refused.")

    return _act(request, pk, "decide_redirect", perform)


@login_required
@require_POST
def propose_removal(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: RemovalProposalForm) -> str:
        data = form.cleaned_data
        services.propose_removal(
            item, actor=request.user, memo=data["memo"], ground=data["ground"], assessment=data["assessment"]
        )
        proposal = item.removal_proposals.filter(status=Decision.PENDING).first()
        if proposal is not None and proposal.visa == RemovalProposal.Visa.PENDING:
            return _("The memo on removal is sent to the curating deputy head of apparatus to agree (§12.14).")
        return _("The removal from control is proposed.")

    return _act(request, pk, "removal", perform)


@login_required
@require_POST
def agree_removal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: DecisionForm) -> str:
        proposal = get_object_or_404(RemovalProposal, pk=proposal_pk, item=item)
        services.agree_removal(proposal, actor=request.user, agree=form.approve, comment=form.cleaned_data["comment"])
        if form.approve:
            return _("The memo is agreed and goes to the akim or the head of apparatus for a decision.")
        return _("The memo is not agreed; the instruction stays on control.")

    return _act(request, pk, "agree_removal", perform)


@login_required
@require_POST
def decide_removal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    def perform(item: ControlItem, form: DecisionForm) -> str:
        proposal = get_object_or_404(RemovalProposal, pk=proposal_pk, item=item)
        services.decide_removal(
            proposal, actor=request.user, approve=form.approve, comment=form.cleaned_data["comment"]
        )
        if not form.approve:
            return _("The removal is refused; the instruction stays on control.")
        if ControlItem.objects.filter(pk=item.pk, status=ControlItem.Status.REMOVED).exists():
            return _("The instruction is removed from control.")
        return _("The period is accepted; the instruction stays on control with its next date.")

    return _act(request, pk, "decide_removal", perform)


# --- putting a standalone instruction on control ----------------------------------------------------


def _default_controller(user) -> OrgUnit | None:
    function = (
        OrgUnit.Function.ORGANISATIONAL
        if permissions.has_role(user, Role.ORG_DEPARTMENT) and not permissions.has_role(user, Role.REGISTRAR)
        else OrgUnit.Function.GENERAL
    )
    return OrgUnit.objects.filter(function=function).first()


def _source_label(data: dict[str, Any]) -> str:
    """E.g. "Akhmetov A. B., apparatus meeting, 13.03.2026": in no language, the issuer is put in front when shown
    (ControlItem.source_display), so that each reader sees it in theirs."""
    person = data.get("issuer_person")
    given = (data.get("given_on") or data["received_on"]).strftime("%d.%m.%Y")
    return ", ".join(part for part in (person.full_name if person else "", data.get("event", ""), given) if part)


@login_required
@submit_once
def create(request: HttpRequest) -> HttpResponse:
    """A standalone instruction of the leadership, put on control by the general or org department."""
    if not access.may_create(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ItemCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.put_on_control(
                    actor=request.user,
                    text=data["text"],
                    issuer=data["issuer"],
                    issuer_person=data["issuer_person"],
                    lead=data["lead"],
                    co_executors=data["co_executors"],
                    controller=data["controller"],
                    source_kind=SourceKind.STANDALONE,
                    source_label=_source_label(data),
                    received_on=data["received_on"],
                    given_on=data["given_on"],
                    event=data["event"],
                    urgency=data["urgency"],
                    deadline=data["deadline"],
                    external_deadline=data["external_deadline"],
                    periodicity=data["periodicity"],
                    urgent_submission=data["urgent_submission"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Instruction № %(number)s is on control; the deadline is %(date)s.")
                    % {"number": item.number, "date": item.deadline.strftime("%d.%m.%Y")},
                )
                return redirect("control:item", pk=item.pk)
    else:
        form = ItemCreateForm(
            initial={"received_on": workdays.today(), "controller": _default_controller(request.user)}
        )
    return render(request, "control/item_form.html", {"form": form, **access.subnav(request.user)})
