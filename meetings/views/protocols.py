"""Pages of protocols (issue #14 §4, §6): the registry (filters, search, sorting, XLSX), the protocol page with its
visas and points (the traffic light of each on control), and its actions: edit, points, send for approval, sign.

As everywhere: the protocol is found through its meeting's access (akimat.permissions: a closed meeting's
protocol only for the granted; 404 otherwise); meetings/services.py decides and changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Upper
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from acts.views import paginate
from akimat import approvals, permissions, workdays
from akimat.forms import add_service_errors
from akimat.history import history_for
from akimat.models import Visa
from akimat.submissions import submit_once
from meetings import export, services
from meetings.forms import DEFAULT_SORT, FILTER_FIELDS, SORTS, PointFormSet, ProtocolForm, RegistryFilterForm, SignForm
from meetings.models import AgendaItem, Protocol
from meetings.views.meetings import get_meeting, module_nav, with_lights


def get_protocol(user, pk: int) -> Protocol:
    protocol = (
        permissions.visible(user, Protocol.objects.all())
        .select_related(
            "meeting__type", "meeting__chair", "meeting__secretary", "signer", "controller_unit", "controller_person"
        )  # fmt: skip
        .filter(pk=pk)
        .first()
    )
    if protocol is None:
        raise Http404("No protocol matches the given query.")
    return protocol


def protocol_actions(protocol: Protocol, user) -> dict[str, bool]:
    editable = services.may_edit_protocol(user, protocol)
    return {
        "edit": editable,
        "points": editable,
        "submit": editable,
        "sign": services.may_sign(user, protocol),
    }


# --- the registry -------------------------------------------------------------------------------------------


#: the sorts' columns that may be empty (a draft has no year, no date of registration): only these are ordered
#: NULLS LAST — on a column that is never empty it would keep PostgreSQL from reading the page off an index
NULLABLE_SORTS = frozenset({"year", "registered_on"})


def _order(name: str, descending: bool) -> F:
    nulls_last = True if name in NULLABLE_SORTS else None
    return F(name).desc(nulls_last=nulls_last) if descending else F(name).asc(nulls_last=nulls_last)


#: what joins the titles in ProtocolSearch.text (migration 0006)
SEARCH_TEXT_SEPARATOR = "\n"


def _search(text: str) -> Q:
    """Protocols by their number, or a word of their meeting's title or of an agenda item's title.

    Both read from the protocol's search row (ProtocolSearch, migration 0006): the number and the titles stored
    upper-cased as iexact and icontains compare them, two conditions of one row, which PostgreSQL estimates from
    its statistics — so a rare word is read through the row's indexes, and for a common one the newest protocols
    are read off meeting_start_idx, each tested as it comes, until the page is full. Subqueries of every matching
    meeting and item of the whole table were read in full for a common word, and an EXISTS over a meeting's
    items, of a selectivity PostgreSQL cannot estimate, walked every meeting for a rare one.
    """
    number = text.lstrip("№ ").strip()
    if SEARCH_TEXT_SEPARATOR in text:  # it would span two titles of the stored text: search the titles themselves
        items = AgendaItem.objects.filter(Q(title_kk__icontains=text) | Q(title_ru__icontains=text))
        found = Q(number__iexact=number)
        found |= Q(meeting__title_kk__icontains=text) | Q(meeting__title_ru__icontains=text)
        return found | Q(meeting__in=items.values("meeting"))
    # UPPER() in the database, as iexact and icontains apply it (Python's str.upper() differs on a few letters)
    return Q(search__number=Upper(Value(number))) | Q(search__text__contains=Upper(Value(text)))


def registry_years(visible: QuerySet) -> list[int]:
    """The years of the visible protocols, newest first, for the year filter: the first and the last year of all
    protocols are two probes of the year index, and each year between them one probe that stops at the first
    protocol the user sees (a DISTINCT, or a MIN and MAX, over the visible ones is a pass over all of them)."""
    bounds = Protocol.objects.exclude(year=None).aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    # ordered as protocol_number_idx (year, number) is, so that PostgreSQL walks the index to the first protocol
    # seen rather than joining meetings and protocols by key from the start
    probes = [
        visible.filter(year=year).order_by("number").values_list("year", flat=True)[:1]
        for year in range(bounds["first"], bounds["last"] + 1)
    ]
    return sorted(set(probes[0].union(*probes[1:], all=True)), reverse=True)


def registry_queryset(user, params) -> tuple[RegistryFilterForm, QuerySet, str]:
    visible = permissions.visible(user, Protocol.objects.all())
    years = registry_years(visible)
    form = RegistryFilterForm(params, years=years)
    data = form.values()
    protocols = visible
    if value := data.get("type"):
        protocols = protocols.filter(meeting__type=value)
    if value := data.get("year"):
        protocols = protocols.filter(Q(year=value) | Q(year=None, meeting__starts_at__year=value))
    if value := data.get("status"):
        protocols = protocols.filter(status=value)
    if value := data.get("chair"):
        protocols = protocols.filter(meeting__chair=value)
    if text := (data.get("q") or "").strip():
        protocols = protocols.filter(_search(text))
    sort = data.get("sort") or DEFAULT_SORT
    names = SORTS[sort.lstrip("-")]
    order = [_order(n, sort.startswith("-")) for n in names]
    return form, protocols.order_by(*order), sort


#: the columns the registry's rows and its XLSX show: a sort that reads every visible protocol (by number, by
#: type) sorts these narrow rows rather than every column of four joined tables
LIST_FIELDS = (
    "meeting_id", "status", "year", "number", "drafting_due_on", "signed_on",
    "meeting__type__name_kk", "meeting__type__name_ru", "meeting__type__name_en", "meeting__kind",
    "meeting__title_kk", "meeting__title_ru", "meeting__starts_at", "meeting__is_closed",
    "meeting__chair__full_name",
)  # fmt: skip


def _list(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("meeting__type", "meeting__chair").only(*LIST_FIELDS)


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    """The registry of protocols: type, year, number, date, chair, status; `?format=xlsx` downloads it."""
    form, protocols, sort = registry_queryset(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        output = export.write_registry_xlsx(_list(protocols).iterator(chunk_size=500))
        filename = f"protocols-{workdays.today():%Y-%m-%d}.xlsx"
        return FileResponse(output, as_attachment=True, filename=filename, content_type=export.XLSX_CONTENT_TYPE)
    page = paginate(_list(protocols), request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "sorts": list(SORTS),
        "query": params.urlencode(),
        "filtered": any(form.values().get(name) for name in FILTER_FIELDS),
        "nav": module_nav("registry"),
    }
    return render(request, "meetings/registry.html", context)


# --- the protocol page --------------------------------------------------------------------------------------


def _my_visa(protocol: Protocol, user, visas: list[Visa]) -> Visa | None:
    persons = {p.pk for p in permissions.principal_persons(user)}
    return next(
        (
            v for v in visas
            if v.round == protocol.version and v.decision == Visa.Decision.PENDING and v.received_at
            and v.approver_id in persons
        ),
        None,
    )  # fmt: skip


@login_required
def protocol_page(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_protocol(request.user, pk)
    meeting = protocol.meeting
    items = list(meeting.items.prefetch_related("speakers").order_by("order", "pk"))
    points = list(
        protocol.points.select_related("lead_unit", "lead_person", "control_item", "item")
        .prefetch_related("co_units")
        .order_by("order", "pk")
    )
    with_lights(points)
    visas = approvals.visas_of(protocol)
    today = workdays.today()
    late = (protocol.drafted_at is None and protocol.drafting_due_on < today) or (
        protocol.drafted_at is not None and protocol.drafted_at.date() > protocol.drafting_due_on
    )
    context = {
        "protocol": protocol,
        "meeting": meeting,
        "items": items,
        "points": points,
        "distribution": list(protocol.distribution.select_related("unit")),
        "present": list(meeting.participants.filter(present=True).select_related("person")),
        "visas": visas,
        "my_visa": _my_visa(protocol, request.user, visas),
        "actions": protocol_actions(protocol, request.user),
        "late": late,
        "history": list(history_for(protocol)),
        "nav": module_nav(""),
    }
    return render(request, "meetings/protocol.html", context)


@login_required
@submit_once
def protocol_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    if request.method != "POST":
        return redirect(meeting)
    if not services.may_manage(request.user, meeting):
        raise PermissionDenied
    try:
        protocol = services.start_protocol(meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(request, _("The protocol is opened: write it within %(date)s.") % {
        "date": protocol.drafting_due_on.strftime("%d.%m.%Y")
    })  # fmt: skip
    return redirect(protocol)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
@submit_once
def protocol_edit(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_protocol(request.user, pk)
    _require(protocol_actions(protocol, request.user)["edit"])
    items = list(protocol.meeting.items.order_by("order", "pk"))
    if request.method == "POST":
        form = ProtocolForm(request.POST, items=items)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_protocol(
                    protocol, actor=request.user, form=data["form"], has_russian=data["has_russian"],
                    controller_unit=data.get("controller_unit"), controller_person=data.get("controller_person"),
                    sections=form.sections(),
                )  # fmt: skip
                services.set_distribution(
                    protocol, actor=request.user, units=list(data["distribution"]),
                    names=(data.get("distribution_names") or "").splitlines(), extract_only=data["extract_only"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The protocol is saved."))
                return redirect(protocol)
    else:
        form = ProtocolForm(initial=ProtocolForm.initial_for(protocol), items=items)
    context = {"protocol": protocol, "meeting": protocol.meeting, "form": form, "nav": module_nav("")}
    return render(request, "meetings/protocol_form.html", context)


def _point_initial(protocol: Protocol) -> list[dict[str, Any]]:
    from control.forms import executor_value

    rows = []
    for point in protocol.points.select_related("lead_unit", "lead_person").prefetch_related("co_units"):
        rows.append({
            "number": point.number, "item": point.item_id, "text_kk": point.text_kk, "text_ru": point.text_ru,
            "executor": executor_value(point.lead_person or point.lead_unit),
            "co_units": [u.pk for u in point.co_units.all()], "deadline": point.deadline, "term_days": point.term_days,
        })  # fmt: skip
    return rows


@login_required
@submit_once
def protocol_points(request: HttpRequest, pk: int) -> HttpResponse:
    """§8.5: the decisions as numbered points with executors and deadlines."""
    protocol = get_protocol(request.user, pk)
    _require(protocol_actions(protocol, request.user)["points"])
    items = list(protocol.meeting.items.order_by("order", "pk"))
    if request.method == "POST":
        formset = PointFormSet(request.POST, items=items)
        if formset.is_valid():
            try:
                services.set_points(protocol, actor=request.user, points=formset.points())
            except ValidationError as error:
                for message in (
                    error.message_dict.get("points", error.messages) if hasattr(error, "error_dict") else error.messages
                ):
                    messages.error(request, message)
            else:
                messages.success(request, _("The points are saved."))
                return redirect(protocol)
    else:
        formset = PointFormSet(initial=_point_initial(protocol), items=items)
    context = {"protocol": protocol, "meeting": protocol.meeting, "formset": formset, "nav": module_nav("")}
    return render(request, "meetings/points_form.html", context)


@login_required
@submit_once
def protocol_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft goes for visas on the profile's route (§8.5, §8.8, §5.11)."""
    protocol = get_protocol(request.user, pk)
    _require(protocol_actions(protocol, request.user)["submit"])
    steps = services.default_route(protocol)
    if request.method == "POST":
        try:
            services.submit(protocol, actor=request.user, steps=steps)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The protocol is sent for approval."))
            return redirect(protocol)
    context = {"protocol": protocol, "meeting": protocol.meeting, "steps": steps, "nav": module_nav("")}
    return render(request, "meetings/submit_form.html", context)


@login_required
@submit_once
def protocol_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair signs (Appendix 6 item 2); the protocol takes its number and its points go on control (§8.7)."""
    protocol = get_protocol(request.user, pk)
    _require(protocol_actions(protocol, request.user)["sign"])
    form = SignForm(request.POST or None, initial={"signed_on": workdays.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.sign(protocol, actor=request.user, signed_on=form.cleaned_data["signed_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            protocol.refresh_from_db()
            messages.success(
                request, _("The protocol is signed and registered: № %(number)s.") % {"number": protocol.number}
            )
            return redirect(protocol)
    context = {"protocol": protocol, "meeting": protocol.meeting, "form": form, "nav": module_nav(""),
               "title": _("Sign the protocol")}  # fmt: skip
    return render(request, "meetings/action_form.html", context)
