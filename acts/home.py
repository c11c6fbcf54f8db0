"""Acts' panels of the home page (akimat/home.py): the user's own work on acts — drafts returned to them for
rework (003 §10.13), agreed acts to sign (§10.15), signed acts to register and certified copies not yet sent
(§10.18), normative acts not yet submitted for state registration.

Visas are not here: "Awaiting my visa" is the core's page for every subject (akimat:my_visas, in the top
navigation), so a second list of act visas would be a copy of it. Every act counted is one the user may see
(acts.queries.visible_acts: a ДСП act only by grant); each panel costs a fixed number of queries.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from acts import queries
from acts.models import Act, ActType
from akimat import permissions, workdays
from akimat.home import PANEL_ROWS, Panel, Row
from akimat.models import OrgUnit
from akimat.roles import Role

RED = "red"  # the traffic light's colour of a term that has passed (akimat/_home_panel.html)


def registry_url(**params: str) -> str:
    """The registry of acts with these filters (acts.views.registry_queryset reads them)."""
    return f"{reverse('acts:index')}?{urlencode(params)}"


def work_url(**params: str) -> str:
    """The drafts in work with these filters (acts.views.work)."""
    return f"{reverse('acts:work')}?{urlencode(params)}"


def _day(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def _works_in(user, role: str, function: str) -> bool:
    """Whether the user holds the role, or works in (not above) the unit of that function — the head of apparatus
    heads every department of the apparatus, but registering acts and submitting them to the justice body is not
    her own work (as control/home.py's awaiting_removal)."""
    return permissions.has_role(user, role) or function in permissions.unit_functions(user)


def _row(act: Act, meta: str, *, late: bool = False, late_label: str = "") -> Row:
    return Row(
        label=queries.title_in(act, translation.get_language()),
        url=act.get_absolute_url(),
        meta=meta,
        light=RED if late else "",
        light_label=late_label if late else "",
    )


def returned_to_me(user) -> Panel | None:
    """The drafts of which the user (or whom they act for) is the responsible person, returned for rework, with
    the rework term (§10.13; past it the draft is flagged) — "drafts in work" at my step, returned."""
    persons = [person.pk for person in permissions.principal_persons(user)]
    if not persons:
        return None
    returned = queries.visible_acts(user, Act.objects.filter(status=Act.Status.RETURNED, developer_id__in=persons))
    count = returned.count()
    if not count:
        return None
    today = workdays.today()
    acts = returned.order_by("rework_due_on", "pk")[:PANEL_ROWS]
    rows = [
        _row(
            act,
            _("rework term %(day)s") % {"day": _day(act.rework_due_on)} if act.rework_due_on else _("in working order"),
            late=act.rework_due_on is not None and act.rework_due_on < today,
            late_label=_("term passed"),
        )
        for act in acts
    ]
    return Panel(
        key="acts-rework",
        title=_("Draft acts returned to me for rework"),
        count=count,
        url=work_url(status=Act.Status.RETURNED, scope="my_step"),
        link_label=_("Open the drafts in work"),
        rows=rows,
        note=_("Resubmit the reworked draft or ask in writing to withdraw it within the term (§10.13)."),
    )


def _to_sign_filters(user) -> dict[str, str] | None:
    """The registry's filters of what the user signs (§10.15): the akim signs the akim's and the akimat's acts —
    the list shows him every agreed act, an order of the apparatus included, as he oversees them —, the head of
    apparatus the orders of the apparatus; None for anyone else."""
    roles = permissions.roles_of(user)
    if Role.AKIM in roles:
        return {"status": Act.Status.TO_SIGN}
    if Role.HEAD_OF_APPARATUS in roles:
        return {"status": Act.Status.TO_SIGN, "type": ActType.APPARATUS_ORDER}
    return None


def _registry(user, filters: dict[str, str]) -> QuerySet:
    """The registry's acts under its status and type filters, as acts.views.registry_queryset applies them."""
    acts = queries.visible_acts(user).filter(status=filters["status"])
    if "type" in filters:
        acts = acts.filter(type=filters["type"])
    return acts


def to_sign(user) -> Panel | None:
    """Agreed acts waiting for the signature of the akim (or the head of apparatus for an order of the apparatus)."""
    filters = _to_sign_filters(user)
    if filters is None:
        return None
    acts = _registry(user, filters)
    today = workdays.today()
    rows = [
        _row(
            act,
            f"{act.get_type_display()} · {act.signer.full_name if act.signer_id else ''}".rstrip(" ·"),
            late=act.signing_due_on is not None and act.signing_due_on < today,
            late_label=_("signing term passed"),
        )
        for act in acts.select_related("signer").order_by("updated_at", "pk")[:PANEL_ROWS]
    ]
    return Panel(
        key="acts-sign",
        title=_("Agreed acts to sign"),
        count=acts.count(),
        url=registry_url(**filters),
        link_label=_("Open the list"),
        rows=rows,
        empty=_("No agreed act waits for a signature."),
    )


def to_register(user) -> Panel | None:
    """For the general department: signed acts waiting for their registration number (§10.16)."""
    if not _works_in(user, Role.REGISTRAR, OrgUnit.Function.GENERAL):
        return None
    acts = _registry(user, {"status": Act.Status.SIGNED})
    rows = [
        _row(act, _("%(type)s, signed %(day)s") % {"type": act.get_type_display(), "day": _day(act.signed_on)})
        for act in acts.order_by("signed_at", "pk")[:PANEL_ROWS]
    ]
    return Panel(
        key="acts-register",
        title=_("Signed acts to register"),
        count=acts.count(),
        url=registry_url(status=Act.Status.SIGNED),
        link_label=_("Open the list"),
        rows=rows,
        empty=_("No signed act waits for registration."),
    )


def copies_not_sent(user) -> Panel | None:
    """For the general department: registered acts with certified copies not yet sent to an addressee (§10.18),
    the oldest first; each row opens the act, where the dispatch is recorded."""
    if not _works_in(user, Role.REGISTRAR, OrgUnit.Function.GENERAL):
        return None
    # §10.18: the registry's filter "waiting for: certified copies not yet sent"
    acts = queries.pending(queries.visible_acts(user), queries.PENDING_COPIES)
    count = acts.count()
    if not count:
        return None
    listed = acts.annotate(
        unsent=Count("distribution", filter=Q(distribution__sent_on__isnull=True)), addressees=Count("distribution")
    ).order_by("registered_on", "pk")[:PANEL_ROWS]
    rows = [
        _row(
            act,
            _("№ %(number)s of %(day)s: %(unsent)d of %(all)d copies not sent")
            % {"number": act.number, "day": _day(act.registered_on), "unsent": act.unsent, "all": act.addressees},
        )
        for act in listed
    ]
    return Panel(
        key="acts-unsent",
        title=_("Certified copies not yet sent"),
        count=count,
        url=registry_url(pending=queries.PENDING_COPIES),
        link_label=_("Open the list"),
        rows=rows,
        note=_("Acts with an addressee not yet sent; open an act to record the dispatch."),
    )


def not_submitted(user) -> Panel | None:
    """For the legal service: registered normative acts not yet submitted for state registration, the term of
    submission with each (flagged once it has passed)."""
    if not _works_in(user, Role.LEGAL_SERVICE, OrgUnit.Function.LEGAL):
        return None
    acts = queries.pending(queries.visible_acts(user), queries.PENDING_JUSTICE)
    count = acts.count()
    if not count:
        return None
    today = workdays.today()
    rows = [
        _row(
            act,
            _("№ %(number)s of %(day)s; submit by %(due)s")
            % {"number": act.number, "day": _day(act.registered_on), "due": _day(act.justice_submission_due_on)},
            late=act.justice_submission_due_on is not None and act.justice_submission_due_on < today,
            late_label=_("term passed"),
        )
        for act in acts.order_by("justice_submission_due_on", "pk")[:PANEL_ROWS]
    ]
    return Panel(
        key="acts-justice",
        title=_("Normative acts not submitted for state registration"),
        count=count,
        url=registry_url(pending=queries.PENDING_JUSTICE),
        link_label=_("Open the list"),
        rows=rows,
        note=_("Submit each to the justice body within its term."),
    )


HOME_PANELS = [returned_to_me, to_sign, to_register, copies_not_sent, not_submitted]
