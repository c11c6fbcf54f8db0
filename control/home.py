"""Control's panels of the home page (akimat/home.py): what is due and overdue, the traffic light, what waits
for a removal memo or a decision (003 §12.4, §12.7, §12.14).

Every count is taken from control.filters.filter_items, the query of the list each panel links to, so the
home page and the list always agree; a panel costs a fixed number of queries whatever the number of items.
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from akimat.home import PANEL_ROWS, Cell, Panel, Row
from akimat.roles import LEADERSHIP, Role
from control import filters
from control.access import DECIDERS
from control.models import ControlItem, Decision, RemovalProposal
from control.queries import AWAITING_REMOVAL_STATUSES, Light, light_counts


def list_url(**params: str) -> str:
    """The list of instructions with these filters (the link of a panel or of one of its counts)."""
    return f"{reverse('control:list')}?{urlencode(params)}"


def _rows(queryset, thresholds) -> list[Row]:
    items = queryset.order_by("deadline", "pk")[:PANEL_ROWS]
    return [
        Row(
            label=item.number,
            url=reverse("control:item", args=[item.pk]),
            text=item.text,
            meta=item.deadline.strftime("%d.%m.%Y"),
            light=thresholds.of(item),
            light_label=str(Light.LABELS[thresholds.of(item)]),
            source=item.source_display,
        )
        for item in items
    ]


def _cells(counts: dict[str, int], lights, **params: str) -> list[Cell]:
    return [
        Cell(
            light=light,
            name=str(capfirst(filters.LIGHT_NAMES[light])),
            description=str(Light.LABELS[light]),
            count=counts[light],
            url=list_url(**params, light=light),
        )
        for light in lights
    ]


def due_and_overdue(user) -> Panel | None:
    """An executor's own instructions that are overdue or due within 3 working days (003 §12.4)."""
    listing = filters.filter_items(user, {"scope": filters.MINE})
    thresholds = listing.thresholds
    urgent = listing.queryset.filter(thresholds.q(Light.RED) | thresholds.q(Light.YELLOW))
    counts = light_counts(listing.queryset.order_by(), thresholds)
    if not any(counts.values()) and not permissions.has_role(user, Role.EXECUTOR):
        return None
    # nothing at all: the sentence of `empty` says so better than three zeros
    cells = _cells(counts, (Light.RED, Light.YELLOW, Light.GREEN), scope=filters.MINE) if any(counts.values()) else []
    return Panel(
        key="control-due",
        title=_("My instructions: due and overdue"),
        count=counts[Light.RED] + counts[Light.YELLOW],
        url=list_url(scope=filters.MINE),
        link_label=_("All my instructions"),
        rows=_rows(urgent, thresholds),
        cells=cells,
        empty=_("Nothing of yours is overdue or due within 3 working days."),
    )


def traffic_light(user) -> Panel | None:
    """The traffic light of what the user oversees: everything for the leadership and the general department,
    the department for its head (SPEC §5)."""
    scope = filters.default_scope(user)
    if scope == filters.MINE:
        return None  # an executor's own items are the panel above
    listing = filters.filter_items(user, {"scope": scope})
    counts = light_counts(listing.queryset.order_by(), listing.thresholds)
    return Panel(
        key="control-light",
        title=_("Traffic light: %(scope)s") % {"scope": filters.SCOPE_LABELS[scope]},
        count=sum(counts[light] for light in Light.ORDER),
        url=reverse("control:dashboard"),
        link_label=_("Open the traffic light"),
        rows=_rows(listing.queryset.filter(listing.thresholds.q(Light.RED)), listing.thresholds),
        cells=_cells(counts, Light.ORDER, scope=scope),
        note=_("The most overdue first."),
        empty=_("There are no instructions in this view."),
        wide=True,
    )


def awaiting_removal(user) -> Panel | None:
    """For the controlling unit: reports submitted, awaiting the removal memo or its decision (003 §12.14)."""
    # the units the user (or whom they act for) works in: the general department's staff and head, not the
    # head of apparatus above it, whose part is the decision
    units = {person.unit_id for person in permissions.principal_persons(user)} - {None}
    if not units:
        return None
    listing = filters.filter_items(user, {"scope": filters.ALL})
    waiting = listing.queryset.filter(controller_id__in=units, status__in=AWAITING_REMOVAL_STATUSES)
    count = waiting.count()
    if not count:
        return None
    return Panel(
        key="control-removal",
        title=_("Reported, awaiting removal from control"),
        count=count,
        url=list_url(scope=filters.ALL, status=ControlItem.Status.REPORTED),
        link_label=_("All reported instructions"),
        rows=_rows(waiting, listing.thresholds),
    )


def awaiting_decision(user) -> Panel | None:
    """For the akim and the head of apparatus (a deputy: their own instructions): extension requests and
    removal proposals waiting for their decision (003 §12.7, §12.14)."""
    roles = permissions.roles_of(user)
    if not roles & LEADERSHIP:
        return None
    listing = filters.filter_items(user, {"scope": filters.ALL})
    # a memo still waiting for the curator's agreement is not theirs to decide yet (003 §12.14)
    to_decide = RemovalProposal.objects.filter(status=Decision.PENDING).exclude(visa=RemovalProposal.Visa.PENDING)
    pending = Q(pk__in=to_decide.values("item_id"))
    if roles & set(DECIDERS):
        pending |= Q(extension_requests__status=Decision.PENDING)
    else:
        people = [person.pk for person in permissions.principal_persons(user)]
        pending &= Q(issuer_person_id__in=people)
    waiting = listing.queryset.filter(pk__in=ControlItem.objects.filter(pending).values("pk"))
    return Panel(
        key="control-decisions",
        title=_("Waiting for my decision: extensions and removals"),
        count=waiting.count(),
        url=list_url(scope=filters.ALL, status=ControlItem.Status.REMOVAL_PROPOSED),
        link_label=_("All removal proposals"),
        rows=_rows(waiting, listing.thresholds),
        empty=_("No extension request or removal proposal waits for you."),
    )


def awaiting_agreement(user) -> Panel | None:
    """For a curating deputy head of apparatus: removal memos of the curated departments to agree (003 §12.14)."""
    if not permissions.supervised_units(user):
        return None  # curates nothing (curated units are among the supervised ones, akimat.permissions)
    people = [person.pk for person in permissions.principal_persons(user)]
    memos = RemovalProposal.objects.filter(
        curator_id__in=people, status=Decision.PENDING, visa=RemovalProposal.Visa.PENDING
    )
    listing = filters.filter_items(user, {"scope": filters.ALL})
    waiting = listing.queryset.filter(pk__in=memos.values("item_id"))
    count = waiting.count()
    if not count:
        return None
    return Panel(
        key="control-agreement",
        title=_("Removal memos to agree"),
        count=count,
        url=list_url(scope=filters.ALL, status=ControlItem.Status.REMOVAL_PROPOSED),
        link_label=_("All removal proposals"),
        rows=_rows(waiting, listing.thresholds),
    )


HOME_PANELS = [due_and_overdue, awaiting_agreement, awaiting_decision, traffic_light, awaiting_removal]
