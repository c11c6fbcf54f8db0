"""Read-only queries of the acts pages (issue #13 §6): the registry's filters, search and order, the drafts in
work with their current step. Nothing here changes a row: acts/services.py is the only mutator.

Every list starts from `visible_acts(user)` (akimat.permissions over the rule of acts/access.py), so an act the
user may not see — above all a ДСП act not granted to them by name — never reaches a row, a count or an export.
The list, its count and the export are built by one function, `registry_queryset`, so they agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery, When
from django.utils import translation

from acts.models import Act
from akimat import permissions, workdays
from akimat.models import OrgUnit, Visa
from correspondence.search import fold, query_words

#: more words add nothing but cost: the rest is ignored (as in correspondence.search)
MAX_WORDS = 8


def visible_acts(user, queryset: QuerySet | None = None) -> QuerySet:
    """The acts the user may see (drafts by the rule of acts/access.py, ДСП only by grant)."""
    return permissions.visible(user, Act.objects.all() if queryset is None else queryset)


def get_act_for_user(user, pk: int, queryset: QuerySet | None = None) -> Act | None:
    """The act if the user may see it, else None (the views answer 404: as for an act that does not exist)."""
    base = Act.objects.all() if queryset is None else queryset
    return visible_acts(user, base).filter(pk=pk).first()


def registry_years(visible: QuerySet) -> list[int]:
    """The years of the registered acts among `visible`, newest first, for the registry's year filter.

    A DISTINCT over every act the user sees reads the whole table (tens of thousands of rows on each registry
    page); instead the first and the last year are two probes of the year index (one query), and each year
    between them one more probe that stops at the first act seen (one query more, only when there are such)."""
    bounds = visible.exclude(year=None).order_by().aggregate(first=Min("year"), last=Max("year"))
    first, last = bounds["first"], bounds["last"]
    if first is None:
        return []
    probes = [
        visible.filter(year=year).order_by().values_list("year", flat=True)[:1] for year in range(first + 1, last)
    ]
    between = set(probes[0].union(*probes[1:], all=True)) if probes else set()
    return sorted({first, last} | between, reverse=True)


def developer_units(visible: QuerySet) -> QuerySet:
    """The units that developed an act among `visible`, for the registry's developer filter: per unit one probe
    of the developer_unit index that stops at its first act seen (rather than reading every visible act)."""
    # a scalar subquery, not EXISTS, which PostgreSQL turns into a join over every visible act; asked only of the
    # units that developed any act (CASE keeps that order), since for a unit without acts it would read them all
    developed = Exists(Act.objects.filter(developer_unit=OuterRef("pk")))
    first_act = Subquery(visible.filter(developer_unit=OuterRef("pk")).order_by().values("pk")[:1])
    return (
        OrgUnit.objects.alias(first_act=Case(When(developed, then=first_act), default=None))
        .filter(first_act__isnull=False)
        .order_by("order", "name_ru")
    )


#: what a registered act may still wait for (the registry's filter "waiting for" and the home panels that count it)
PENDING_COPIES = "copies"  # §10.18: a certified copy not yet sent to an addressee
PENDING_JUSTICE = "justice"  # a normative act not yet submitted for state registration


def pending(acts: QuerySet, what: str) -> QuerySet:
    """The registered acts of `acts` still waiting for `what` (PENDING_COPIES, PENDING_JUSTICE)."""
    from acts.models import Distribution

    registered = acts.filter(status=Act.Status.REGISTERED)
    if what == PENDING_COPIES:
        return registered.filter(Exists(Distribution.objects.filter(act=OuterRef("pk"), sent_on__isnull=True)))
    if what == PENDING_JUSTICE:
        return registered.filter(is_normative=True, justice_submitted_on__isnull=True)
    raise ValueError(what)


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Acts whose number or Kazakh or Russian title holds every word typed, whatever the case and whether the
    Kazakh letters were typed as Russian ones. A text without letters or digits leaves the queryset as it is."""
    words = query_words(text)[:MAX_WORDS]
    if not words:
        return queryset
    for word in words:
        queryset = queryset.filter(Q(number__icontains=word) | Q(search_text__contains=fold(word)))
    return queryset


def title_in(act: Act, language: str | None = None) -> str:
    """The title in the user's language, the other one where it is empty (Kazakh for kk, else Russian first)."""
    code = (language or translation.get_language() or "")[:2]
    first, second = (act.title_kk, act.title_ru) if code == "kk" else (act.title_ru, act.title_kk)
    return first or second


# --- drafts in work: where each one is now --------------------------------------------------------------------


@dataclass
class Step:
    """Who holds a draft now and since when, with the days left to the term (negative: overdue)."""

    who: str
    since: datetime.datetime | None
    due_on: datetime.date | None
    days_left: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_by(self) -> int:
        return -self.days_left if self.overdue else 0


@dataclass
class WorkRow:
    act: Act
    title: str
    steps: list[Step] = field(default_factory=list)


def days_left(due_on: datetime.date | None, today: datetime.date) -> int | None:
    """Working days from today to the term: 0 on the day itself, negative once it has passed."""
    if due_on is None:
        return None
    if due_on >= today:
        return workdays.working_days_between(today, due_on)
    return -workdays.working_days_between(due_on, today)


def waiting_steps(acts: list[Act], today: datetime.date) -> dict[int, list[Step]]:
    """The visas of the current round of each act that have reached their approver and wait: one query."""
    if not acts:
        return {}
    content_type = ContentType.objects.get_for_model(Act)
    wanted = Q()
    for act in acts:
        wanted |= Q(subject_id=act.pk, round=act.version)
    visas = (
        Visa.objects.filter(
            wanted, subject_type=content_type, decision=Visa.Decision.PENDING, received_at__isnull=False
        )
        .select_related("approver")
        .order_by("subject_id", "position")
    )
    steps: dict[int, list[Step]] = {}
    for visa in visas:
        steps.setdefault(visa.subject_id, []).append(
            Step(visa.approver.full_name, visa.received_at, visa.due_on, days_left(visa.due_on, today))
        )
    return steps


def holder_step(act: Act, today: datetime.date) -> Step | None:
    """Who holds a draft that is not on approval: the developer (draft, rework), the signer, the registrars."""
    if act.status == Act.Status.RETURNED:
        return Step(act.developer.full_name, None, act.rework_due_on, days_left(act.rework_due_on, today))
    if act.status == Act.Status.DRAFT:
        return Step(act.developer.full_name, act.created_at, None)
    if act.status == Act.Status.TO_SIGN:
        who = act.signer.full_name if act.signer_id else ""
        return Step(who, None, act.signing_due_on, days_left(act.signing_due_on, today))
    if act.status == Act.Status.SIGNED:
        return Step("", act.signed_at, None)
    return None
