"""Pages of meetings (issue #14 §1–§3, §6): the upcoming meetings, the meeting page, the meeting form, the agenda,
the materials, the attendance and the votes.

A view only reads, binds a form and calls meetings/services.py, the only mutator. Every page finds the meeting
through akimat.permissions: a meeting the user may not see — a closed one not granted to them included — is a
404, as one that does not exist; an action the services do not give the user is a 403 (and so is a service's
PermissionDenied). A ValidationError of a service is shown next to the field it names, with what was typed kept.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acts.models import Act
from akimat import permissions, workdays
from akimat.forms import add_service_errors
from akimat.history import history_for
from akimat.submissions import submit_once
from meetings import services
from meetings.forms import AttendanceForm, CancelForm, ItemForm, MaterialForm, MeetingForm, UpcomingFilterForm, VoteForm
from meetings.models import AgendaItem, Material, Meeting, Participant, Protocol

UPCOMING_LIMIT = 200


def module_nav(current: str) -> list[dict[str, Any]]:
    items = [
        ("index", reverse("meetings:index"), _("Upcoming meetings")),
        ("registry", reverse("meetings:registry"), _("Protocols")),
        ("calendar", reverse("meetings:calendar"), _("Calendar")),
        ("timeliness", reverse("meetings:timeliness"), _("Timeliness of protocols")),
    ]
    return [{"url": url, "label": label, "current": name == current} for name, url, label in items]


def get_meeting(user, pk: int, queryset=None) -> Meeting:
    queryset = queryset if queryset is not None else Meeting.objects.all()
    queryset = queryset.select_related("type", "chair", "secretary", "organiser_unit")
    found = permissions.visible(user, queryset).filter(pk=pk).first()
    if found is None:
        raise Http404("No meeting matches the given query.")
    return found


def with_lights(points: list) -> list:
    """Each point on control with the traffic light of its item (control.queries: the same rule as every list)."""
    from control.queries import Light, LightThresholds

    thresholds = LightThresholds.on()
    for point in points:
        if point.control_item is not None:
            point.light = thresholds.of(point.control_item)
            point.light_label = Light.LABELS[point.light]
    return points


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- the upcoming meetings ----------------------------------------------------------------------------------


def _members_first(meeting: Meeting) -> list[Participant]:
    """The participants as the attendance lists them: the members first, then the invited, each in their order."""
    participants = meeting.participants.select_related("person__unit").order_by("pk")
    return sorted(participants, key=lambda p: p.role != Participant.Role.MEMBER)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The meetings from today on that the user sees (or takes part in), with the materials' state per meeting."""
    form = UpcomingFilterForm(request.GET)
    data = form.values()
    today = workdays.today()
    meetings = permissions.visible(request.user, Meeting.objects.all()).filter(
        starts_at__date__gte=today, status=Meeting.Status.PLANNED
    )
    if data.get("kind"):
        meetings = meetings.filter(kind=data["kind"])
    if data.get("scope") == "mine":
        persons = [p.pk for p in permissions.principal_persons(request.user)]
        meetings = meetings.filter(
            Q(chair__in=persons) | Q(secretary__in=persons) | Q(participants__person__in=persons)
            | Q(items__speakers__in=persons)
        ).distinct()  # fmt: skip
    rows = list(
        meetings.select_related("type", "chair", "organiser_unit")
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.prefetch_related("materials")))
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    entries = []
    for meeting in rows:
        items = list(meeting.items.all())
        missing = sum(1 for item in items if services.missing_materials(item, [m.kind for m in item.materials.all()]))
        entries.append({"meeting": meeting, "items": len(items), "missing": missing})
    context = {
        "form": form,
        "entries": entries,
        "today": today,
        "may_plan": services.may_plan(request.user),
        "nav": module_nav("index"),
        "limit": UPCOMING_LIMIT,
    }
    return render(request, "meetings/index.html", context)


# --- the meeting page ---------------------------------------------------------------------------------------


def meeting_actions(meeting: Meeting, user) -> dict[str, bool]:
    manage = services.may_manage(user, meeting)
    planned = meeting.status == Meeting.Status.PLANNED
    protocol = getattr(meeting, "protocol", None)
    editable = protocol is None or protocol.status in services.EDITABLE
    return {
        "edit": manage and planned,
        "cancel": manage and planned,
        "agenda": manage and planned,
        "send_agenda": manage and planned,
        "attendance": manage and meeting.status != Meeting.Status.CANCELLED and editable
        and services.meeting_day(meeting) <= workdays.today(),
        "vote": manage and meeting.status == Meeting.Status.HELD and editable,
        "start_protocol": manage and meeting.status == Meeting.Status.HELD and protocol is None,
    }  # fmt: skip


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting: agenda with materials and what is missing per item, attendance and quorum, votes, the
    protocol and its points with the traffic light of each on control, the history."""
    meeting = get_meeting(request.user, pk)
    items = list(
        meeting.items.select_related("curator", "draft_act")
        .prefetch_related(
            "speakers", "responsible_units",
            Prefetch("materials", queryset=Material.objects.select_related("attachment").order_by("kind", "pk")),
        )
        .order_by("order", "pk")
    )  # fmt: skip
    for item in items:
        item.missing = [
            Material.Kind(kind).label
            for kind in services.missing_materials(item, [m.kind for m in item.materials.all()])
        ]
    participants = _members_first(meeting)
    protocol = Protocol.objects.filter(meeting=meeting).first()
    points = []
    if protocol is not None:
        points = with_lights(
            list(protocol.points.select_related("lead_unit", "lead_person", "control_item").order_by("order", "pk"))
        )
    material_form = None
    if meeting.status == Meeting.Status.PLANNED:
        own = [item for item in items if services.may_submit_material(request.user, item)]
        material_form = MaterialForm(items=own) if own else None
    context = {
        "meeting": meeting,
        "items": items,
        "members": [p for p in participants if p.role == Participant.Role.MEMBER],
        "invited": [p for p in participants if p.role == Participant.Role.INVITED],
        "quorum": services.quorum(meeting) if meeting.is_session and meeting.status == Meeting.Status.HELD else None,
        "protocol": protocol,
        "points": points,
        "actions": meeting_actions(meeting, request.user),
        "material_form": material_form,
        "vote_form": VoteForm(items=items),
        "history": list(history_for(meeting)),
        "today": workdays.today(),
        "nav": module_nav(""),
    }
    return render(request, "meetings/meeting.html", context)


# --- the meeting form ---------------------------------------------------------------------------------------


def _default_initial(user) -> dict[str, Any]:
    person = getattr(user, "person", None)
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    return {
        "starts_at": start,
        "secretary": getattr(person, "pk", None),
        "organiser_unit": getattr(person, "unit_id", None),
    }


@login_required
@submit_once
def create(request: HttpRequest) -> HttpResponse:
    _require(services.may_plan(request.user))
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.plan_meeting(actor=request.user, data=form.data_for_service())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The meeting is planned."))
                return redirect(meeting)
    else:
        form = MeetingForm(initial=_default_initial(request.user))
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None, "nav": module_nav("")})


@login_required
@submit_once
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["edit"])
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.update_meeting(meeting, actor=request.user, data=form.data_for_service())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The meeting is saved."))
                return redirect(meeting)
    else:
        form = MeetingForm(initial=MeetingForm.initial_for(meeting))
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "nav": module_nav("")})


def _simple_action(request, meeting, form, perform, success: str, title: str, template="meetings/action_form.html"):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(meeting)
    context = {"meeting": meeting, "form": form, "title": title, "nav": module_nav("")}
    return render(request, template, context)


@login_required
@submit_once
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["cancel"])
    form = CancelForm(request.POST if request.method == "POST" else None)
    return _simple_action(
        request, meeting, form,
        lambda f: services.cancel_meeting(meeting, actor=request.user, reason=f.cleaned_data["reason"]),
        _("The meeting is cancelled."), _("Cancel the meeting"),
    )  # fmt: skip


@login_required
@require_POST
@submit_once
def send_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["send_agenda"])
    count = services.send_agenda(meeting, actor=request.user)
    if count:
        messages.success(request, _("The agenda is sent to %(count)s participants.") % {"count": count})
    else:
        messages.info(request, _("Everyone already has this agenda."))
    return redirect(meeting)


# --- the agenda ---------------------------------------------------------------------------------------------


def _draft_acts(user) -> list[Act]:
    from acts import queries

    return list(queries.visible_acts(user, Act.objects.drafts()).order_by("-created_at")[:200])


@login_required
@submit_once
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["agenda"])
    form = ItemForm(request.POST if request.method == "POST" else None, acts=_draft_acts(request.user))
    return _simple_action(
        request, meeting, form,
        lambda f: services.add_item(meeting, actor=request.user, data=f.data_for_service()),
        _("The item is added to the agenda."), _("Add an agenda item"),
    )  # fmt: skip


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404("No agenda item matches the given query.")
    return item


@login_required
@submit_once
def item_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["agenda"])
    found = _item(meeting, item)
    if request.method == "POST":
        form = ItemForm(request.POST, acts=_draft_acts(request.user))
    else:
        form = ItemForm(initial=ItemForm.initial_for(found), acts=_draft_acts(request.user))
    return _simple_action(
        request, meeting, form,
        lambda f: services.update_item(found, actor=request.user, data=f.data_for_service()),
        _("The item is saved."), _("Edit the agenda item"),
    )  # fmt: skip


@login_required
@require_POST
@submit_once
def item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["agenda"])
    try:
        services.remove_item(_item(meeting, item), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The item is removed from the agenda."))
    return redirect(meeting)


@login_required
@submit_once
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    items = [
        item for item in meeting.items.prefetch_related("speakers") if services.may_submit_material(request.user, item)
    ]
    _require(bool(items) and meeting.status == Meeting.Status.PLANNED)
    form = MaterialForm(request.POST or None, request.FILES or None, items=items)

    def perform(f):
        data = f.cleaned_data
        services.add_material(
            f.items[data["item"]], actor=request.user, kind=data["kind"], language=data["language"],
            upload=data["file"], visaed_by=data["visaed_by"],
        )  # fmt: skip

    return _simple_action(request, meeting, form, perform, _("The material is submitted."), _("Submit a material"))


# --- attendance and votes (§5.4) ----------------------------------------------------------------------------


@login_required
@submit_once
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["attendance"])
    participants = _members_first(meeting)
    form = AttendanceForm(request.POST or None, participants=participants)

    def perform(f):
        found = services.record_attendance(meeting, actor=request.user, rows=f.rows())
        if meeting.is_session and not found.valid:
            messages.warning(
                request,
                _("%(present)s of %(total)s members are present, %(required)s are needed: the session has no quorum "
                  "and no resolution can be adopted (§5.4).") % {"present": found.present, "total": found.total,
                                                                "required": found.required},
            )  # fmt: skip

    return _simple_action(
        request, meeting, form, perform, _("The attendance is recorded."), _("Attendance"),
        template="meetings/attendance.html",
    )  # fmt: skip


@login_required
@submit_once
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, pk)
    _require(meeting_actions(meeting, request.user)["vote"])
    items = list(meeting.items.order_by("order", "pk"))
    form = VoteForm(request.POST or None, items=items)

    def perform(f):
        data = f.cleaned_data
        services.record_vote(
            f.items[data["item"]], actor=request.user, votes_for=data["votes_for"],
            votes_against=data["votes_against"], votes_abstained=data["votes_abstained"],
        )  # fmt: skip

    return _simple_action(request, meeting, form, perform, _("The vote is recorded."), _("Record a vote"))
