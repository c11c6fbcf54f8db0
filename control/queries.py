"""Read-side of control: the traffic light as SQL, filters, and counts for the dashboard (SPEC §5).

Traffic light: green — more than 3 working days left; yellow — 3 or fewer; red — overdue; blue — the
execution report is submitted and the item awaits removal; grey — executed, i.e. removed from control
(003 §12.9, §12.14: an instruction is executed when it is removed, not when it is reported). "3 working
days" is turned into one date per request through the
working-day calendar, so the colour is a plain comparison in SQL and lists and counts stay one query.
"""

import datetime
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from akimat import reglament, workdays
from control.models import REPORTED_LABEL, ControlExecutor, ControlItem


class Light:
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    BLUE = "blue"
    GREY = "grey"

    LABELS = {
        GREEN: _("more than 3 working days left"),
        YELLOW: _("3 working days or fewer left"),
        RED: _("overdue"),
        BLUE: REPORTED_LABEL,
        GREY: _("executed"),
    }
    ORDER = (RED, YELLOW, GREEN, BLUE, GREY)


@dataclass(frozen=True)
class LightThresholds:
    today: datetime.date
    yellow_until: datetime.date  # deadlines up to this date (from today) are yellow

    @classmethod
    def on(cls, today: datetime.date | None = None) -> "LightThresholds":
        today = today or workdays.today()
        offset = reglament.term("control.reminder_offset").amount
        return cls(today=today, yellow_until=workdays.add_working_days(today, offset))

    def q(self, light: str) -> Q:
        if light == Light.GREY:
            return Q(status__in=EXECUTED_STATUSES)
        if light == Light.BLUE:
            return Q(status__in=AWAITING_REMOVAL_STATUSES)
        running = Q(status__in=RUNNING_STATUSES)
        if light == Light.RED:
            return running & Q(deadline__lt=self.today)
        if light == Light.YELLOW:
            return running & Q(deadline__gte=self.today, deadline__lte=self.yellow_until)
        if light == Light.GREEN:
            return running & Q(deadline__gt=self.yellow_until)
        raise ValueError(light)

    def expression(self) -> Case:
        return Case(
            *[When(self.q(light), then=Value(light)) for light in (Light.GREY, Light.BLUE, Light.RED, Light.YELLOW)],
            default=Value(Light.GREEN),
            output_field=CharField(),
        )

    def of(self, item: ControlItem) -> str:
        """The light of one item in Python (same rule as the SQL)."""
        return self.light(item.status, item.deadline)

    def light(self, status: str, deadline: datetime.date) -> str:
        """The light of an item with this status and deadline (for rows read as values, not items)."""
        if status in EXECUTED_STATUSES:
            return Light.GREY
        if status in AWAITING_REMOVAL_STATUSES:
            return Light.BLUE
        if deadline < self.today:
            return Light.RED
        if deadline <= self.yellow_until:
            return Light.YELLOW
        return Light.GREEN


# executed = removed from control (003 §12.9, §12.14)
EXECUTED_STATUSES = (ControlItem.Status.REMOVED,)
# the report is in: the item no longer runs against its deadline, but it is not executed until removed
AWAITING_REMOVAL_STATUSES = (ControlItem.Status.REPORTED, ControlItem.Status.REMOVAL_PROPOSED)
# the others, named: `status IN (…)` can walk the (status, deadline) index, `NOT status IN (…)` cannot
RUNNING_STATUSES = tuple(
    status
    for status in ControlItem.Status.values
    if status not in EXECUTED_STATUSES and status not in AWAITING_REMOVAL_STATUSES
)


@dataclass(frozen=True)
class PartState:
    """A co-executor's own part of an item (003 §12.13): her date, whether she gave it to the lead, overdue or not —
    what she sees instead of the item's light (the lead's report does not execute her part)."""

    light: str
    label: str
    due: datetime.date | None
    reported_on: datetime.date | None
    late: bool


def part_state(row: ControlExecutor, thresholds: LightThresholds) -> PartState | None:
    """The state of a co-executor's part in the words of the traffic light; None for the lead (the item's light)."""
    if row.is_lead:
        return None
    due = row.report_due
    reported_on = timezone.localdate(row.reported_at) if row.reported_at else None
    if reported_on is not None:
        late = due is not None and reported_on > due
        label = (
            _("your part was given to the lead on %(date)s, late")
            if late
            else _("your part was given to the lead on %(date)s")
        ) % {"date": f"{reported_on:%d.%m.%Y}"}
        return PartState(Light.BLUE, str(label), due, reported_on, late)
    if due is None:
        return PartState(Light.GREEN, str(_("your part: no date of its own")), None, None, False)
    light = thresholds.light(ControlItem.Status.ON_CONTROL, due)
    overdue = light == Light.RED
    label = _("your part is overdue: it was due on %(date)s") if overdue else _("your part is due on %(date)s")
    return PartState(light, str(label % {"date": f"{due:%d.%m.%Y}"}), due, None, overdue)


def with_light(queryset: QuerySet, thresholds: LightThresholds) -> QuerySet:
    return queryset.annotate(light=thresholds.expression())


def light_counts(queryset: QuerySet, thresholds: LightThresholds) -> dict[str, int]:
    """Count of items per light in one query."""
    aggregates = {light: Count("pk", filter=thresholds.q(light)) for light in Light.ORDER}
    return queryset.aggregate(**aggregates)


def light_counts_by(queryset: QuerySet, thresholds: LightThresholds, *fields: str) -> list[dict]:
    """Counts per light grouped by some fields (per person, department, issuer, source kind): one query."""
    # no DISTINCT: visible() filters by a pk subquery and an item has one lead, so rows are not repeated,
    # and DISTINCT would force a sort that spills to disk at 100,000 items
    aggregates = {light: Count("pk", filter=thresholds.q(light)) for light in Light.ORDER}
    return list(queryset.values(*fields).annotate(total=Count("pk"), **aggregates).order_by(*fields))


# --- cached counts ----------------------------------------------------------------------------------
# The dashboard's counts scan every visible item; they are cached in Redis under a version that every
# change of control data replaces (after commit), so a cached count is never older than the data.

DATA_VERSION_KEY = "control:data-version"
COUNTS_TIMEOUT = 600


def data_version() -> str:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(DATA_VERSION_KEY, version, timeout=None):
            version = cache.get(DATA_VERSION_KEY) or version
    return version


def data_changed() -> None:
    """Invalidate cached counts: now (for this transaction) and again after commit (for everyone)."""
    cache.set(DATA_VERSION_KEY, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(DATA_VERSION_KEY, secrets.token_hex(8), timeout=None))


def replace_version_on_change(*models: type, prefix: str) -> None:
    """Replace the data version whenever a row of these models is saved or deleted (from AppConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"{prefix}.{model.__name__}"
        post_save.connect(_replace_version, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        post_delete.connect(_replace_version, sender=model, weak=False, dispatch_uid=f"{uid}.delete")


def _replace_version(**kwargs: Any) -> None:
    data_changed()


def count_key(name: str, user, day: datetime.date, params, *context: str, ignore=("page", "sort")) -> list[str]:
    """The key of a list's cached total: which list, who asks, on which day (acting duties and the light
    depend on it), in which context (scope, journal) and with which filters; the GET parameters that do
    not change the total (the page, the order) are left out."""
    kept = sorted((key, value) for key, value in params.lists() if key not in ignore)
    digest = hashlib.sha256(repr((context, kept)).encode()).hexdigest()[:32]
    return [name, str(user.pk), day.isoformat(), digest]


def cached_counts(key_parts: Iterable[str], compute: Callable[[], Any]) -> Any:
    """The counts (or any other value read from control data, people and units) for these key parts
    under the current data version, computed once per version."""
    key = ":".join(["control:counts", data_version(), *key_parts])
    counts = cache.get(key)
    if counts is None:
        counts = compute()
        cache.set(key, counts, timeout=COUNTS_TIMEOUT)
    return counts


class CountCachedPaginator(Paginator):
    """A paginator whose total comes from cached_counts: at 100,000 items counting the visible rows
    costs as much as the page itself, and the total cannot change without a change of control data or
    of who sees what, which replaces the data version."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count_key: list[str]) -> None:
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached_counts(self.count_key, self.object_list.count)
