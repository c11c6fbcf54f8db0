"""Reports of execution control: the weekly control list (003 §12.4) and the quarterly report (§12.16).

Weekly control list — which items it holds
    Every item that was *on control at some moment of the week* (Monday–Sunday): received on or before
    the Sunday and not removed from control before the Monday. So the list shows the instructions
    received that week, every instruction whose deadline falls in the week, every one still open, and
    the ones removed during the week with their removal mark and grounds — the general department
    informs the leadership of received instructions and their deadlines (003 §12.4). Marks are shown as
    at the end of the week (or today, for the running week): a removal after that date is not shown yet.

Quarterly report — how an item is counted
    The items *received* in the quarter (``received_on`` within it), counted as they stood at the report
    date = the last day of the quarter, or today if that is earlier (003 §12.16: the report is "по итогам
    квартала", so a report run on 10.04 shows the quarter as at 31.03 and states that date). What happened
    after the report date is not seen: an execution, a removal or an extension decided later is left out,
    and the deadline is the one in force on the report date.

    * executed — removed from control as fully executed by the report date (003 §12.9, §12.14: an
      instruction is executed when it is removed, as the grey light says, not when it is reported);
    * on time — executed, its report (``executed_on``) on or before the deadline in force on the report date
      (an extension counts);
    * late — executed, its report after that deadline;
    * report submitted, awaiting removal — the lead executor's report is in by the report date, the item
      not removed by then (the blue light);
    * overdue — no report and not removed by the report date, deadline before the report date;
    * open — no report and not removed by the report date, deadline on or after the report date;
    * removed without execution — removed as impossible for objective reasons (003 §12.9) by the report date;
    * extended — an extension approved by the report date (it is also counted in one of the groups above).

    received = on time + late + awaiting removal + overdue + open + removed without execution. The share on time is
    on time / received in percent with one decimal. Every number is a SQL aggregate: one query per
    grouping (totals, issuer group, department, executor), whatever the number of items. Executors are
    ranked most behind first (overdue, then late). The PDF bounds the executors and the overdue and
    extended lists (PDF_EXECUTOR_LIMIT, PDF_LIST_LIMIT) and points to the XLSX, which holds them all.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from akimat import pdf, permissions, request_values, workdays
from akimat.models import OrgUnit, Person
from control import xlsx
from control.models import REPORTED_LABEL, ControlExecutor, ControlItem, Decision, ExtensionRequest, Issuer

#: How many overdue and extended items the HTML page lists; the XLSX lists them all.
LIST_LIMIT = 500
#: The same for the PDF, which must render within 5 seconds at 100,000 items: WeasyPrint needs about 10 ms
#: of CPU per table row and 4 ms per listed paragraph, so the PDF shows the first ones and points to the XLSX
#: (measured on the 2-core server: 500 + 500 listed items alone took 6 s).
PDF_LIST_LIMIT = 100
#: The PDF shows the executors most behind (most overdue, then late items); the XLSX and the page show all.
PDF_EXECUTOR_LIMIT = 50


class ReportInputError(ValueError):
    """A week or quarter that cannot be read; the message is translated and shown to the user."""


# --- Periods ------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Week:
    """A calendar week, Monday to Sunday."""

    monday: datetime.date

    @classmethod
    def containing(cls, day: datetime.date) -> Week:
        return cls(day - datetime.timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str | None) -> Week:
        """The week containing a date written YYYY-MM-DD (or dd.mm.yyyy), within the calendar's years."""
        value = request_values.clean_text(text)
        if (day := request_values.parse_date(value)) is not None:
            return cls.containing(day)
        if request_values.parse_date(value, first=datetime.date.min, last=datetime.date.max) is not None:
            raise ReportInputError(
                gettext("Choose a date between %(first)s and %(last)s.")
                % {"first": workdays.FIRST_YEAR, "last": workdays.LAST_YEAR}
            )
        raise ReportInputError(
            gettext("“%(value)s” is not a date: choose a day of the week, e.g. 2026-03-16.") % {"value": value[:20]}
        )

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def key(self) -> str:
        """The Monday's ISO date: the week's name in URLs, files and notification keys."""
        return self.monday.isoformat()

    def previous(self) -> Week:
        return Week(self.monday - datetime.timedelta(days=7))

    def next(self) -> Week:
        return Week(self.monday + datetime.timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.monday:%d.%m.%Y} – {self.sunday:%d.%m.%Y}"


_QUARTER_RE = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written 2026Q1."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None) -> Quarter:
        value = request_values.clean_text(text)
        match = _QUARTER_RE.match(value)
        if not match or not workdays.FIRST_YEAR <= int(match[1]) <= workdays.LAST_YEAR:
            raise ReportInputError(
                gettext("“%(value)s” is not a quarter: write the year and the quarter 1–4, e.g. 2026Q1.")
                % {"value": value[:20]}
            )
        return cls(int(match[1]), int(match[2]))

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """“Q1 2026” in the active language."""
        return gettext("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self) -> str:
        return self.key


# --- Shared pieces ------------------------------------------------------------------------------------


def _items(user: Any | None) -> QuerySet:
    """All items, or those the user may see (akimat.permissions.visible) when a user is given."""
    queryset = ControlItem.objects.all()
    return queryset if user is None else permissions.visible(user, queryset)


def _unit_name(names: dict[str, str | None], language: str) -> str:
    """A unit's name from name_kk/ru/en columns in the language, falling back to Russian, then Kazakh."""
    return names.get(language) or names.get("ru") or names.get("kk") or ""


def _language() -> str:
    return (get_language() or "kk")[:2]


@dataclass(frozen=True)
class ExecutorName:
    name: str
    is_lead: bool

    def __str__(self) -> str:
        return gettext("%(name)s (lead)") % {"name": self.name} if self.is_lead else self.name


def _executor_name(row: ControlExecutor, language: str) -> str:
    if row.person_id is not None:
        return row.person.full_name
    unit = row.unit
    return _unit_name({"kk": unit.name_kk, "ru": unit.name_ru, "en": unit.name_en}, language)


# --- Weekly control list (003 §12.4) ----------------------------------------------------------------------

#: The nine columns of 003 §12.4, in the regulation's order.
WEEKLY_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("event", _("Kind of event where the instruction was given")),
    ("given_on", _("Date given")),
    ("content", _("Content of the instruction")),
    ("executors", _("Executors")),
    ("deadline", _("Deadline")),
    ("removed", _("Removed from control")),
    ("removal_ground", _("Grounds for removal")),
    ("extension", _("Extension mark")),
    ("note", _("Note")),
)


@dataclass(frozen=True)
class WeeklyRow:
    """One line of the weekly list: the nine columns of §12.4, plus the control number for reference."""

    number: str
    event: str
    given_on: datetime.date
    content: str
    executors: list[ExecutorName]
    deadline: datetime.date
    removed_on: datetime.date | None
    removal_ground: str
    extension: str
    note: str

    @property
    def removed(self) -> str:
        return gettext("removed on %(date)s") % {"date": f"{self.removed_on:%d.%m.%Y}"} if self.removed_on else ""

    @property
    def executors_text(self) -> str:
        return "; ".join(str(executor) for executor in self.executors)

    def cells(self) -> list[Any]:
        """The nine values in column order (dates as dates), for exports."""
        return [
            self.event,
            self.given_on,
            self.content,
            self.executors_text,
            self.deadline,
            self.removed_on,
            self.removal_ground,
            self.extension,
            self.note,
        ]


@dataclass(frozen=True)
class WeeklyList:
    week: Week
    as_of: datetime.date
    rows: list[WeeklyRow]
    total: int  # rows of the whole list; more than len(rows) when a limit cut it
    columns: tuple[tuple[str, Promise], ...] = WEEKLY_COLUMNS

    @property
    def headers(self) -> list[str]:
        return [str(label) for _key, label in self.columns]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def weekly_items(week: Week, *, user: Any | None = None) -> QuerySet:
    """Items on control at some moment of the week (see the module docstring), by deadline."""
    return (
        _items(user)
        .filter(received_on__lte=week.sunday)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gte=week.monday))
        .exclude(status=ControlItem.Status.REMOVED, removed_on__isnull=True)  # removed, date unknown: long gone
        .order_by("deadline", "id")
    )


def weekly_list(
    week: Week, *, user: Any | None = None, today: datetime.date | None = None, limit: int | None = None
) -> WeeklyList:
    """The weekly control list of §12.4 for a week; restricted to what `user` may see when given.

    Three queries: the items, their executors, their approved extensions (a fourth counts them when
    `limit` cuts the list, as the HTML preview does; the PDF and XLSX hold the whole list).
    """
    today = today or workdays.today()
    as_of = min(week.sunday, today)
    language = _language()
    executors = ControlExecutor.objects.select_related("person", "unit").order_by("-is_lead", "position", "id")
    extensions = ExtensionRequest.objects.filter(status=Decision.APPROVED).order_by("decided_at", "id")
    items = weekly_items(week, user=user)
    total = None
    if limit is not None:
        total = items.count()
        items = items[:limit]
    items = items.prefetch_related(
        Prefetch("executors", queryset=executors),
        Prefetch("extension_requests", queryset=extensions, to_attr="approved_extensions"),
    )
    rows = [_weekly_row(item, week, as_of, language) for item in items]
    return WeeklyList(week=week, as_of=as_of, rows=rows, total=len(rows) if total is None else total)


def _weekly_row(item: ControlItem, week: Week, as_of: datetime.date, language: str) -> WeeklyRow:
    removed_on = item.removed_on if item.removed_on and item.removed_on <= as_of else None
    executed_on = item.executed_on if item.executed_on and item.executed_on <= as_of else None
    return WeeklyRow(
        number=item.number,
        event=item.event or item.source_display,
        given_on=item.given_on,
        content=item.text,
        executors=[ExecutorName(_executor_name(row, language), row.is_lead) for row in item.executors.all()],
        deadline=item.deadline,
        removed_on=removed_on,
        removal_ground=item.get_removal_ground_display() if removed_on else "",
        extension=_extension_mark(item),
        note=_weekly_note(item, week, as_of, executed_on, removed_on),
    )


def _extension_mark(item: ControlItem) -> str:
    """“extended ×2: 13.04.2026 → 29.05.2026” from the approved requests (003 §12.6–12.8)."""
    granted = getattr(item, "approved_extensions", [])
    count = item.extension_count or len(granted)
    if not count:
        return ""
    if granted:
        old, new = granted[0].old_deadline, granted[-1].new_deadline
        return gettext("extended ×%(count)s: %(old)s → %(new)s") % {
            "count": count,
            "old": f"{old:%d.%m.%Y}",
            "new": f"{new:%d.%m.%Y}",
        }
    return gettext("extended ×%(count)s") % {"count": count}


def _weekly_note(
    item: ControlItem,
    week: Week,
    as_of: datetime.date,
    executed_on: datetime.date | None,
    removed_on: datetime.date | None,
) -> str:
    notes: list[str] = []
    if week.monday <= item.received_on <= week.sunday:
        notes.append(gettext("new this week"))
    if executed_on and not removed_on:  # one vocabulary (003 §12.14): executed only once removed
        notes.append(gettext("report submitted on %(date)s, awaiting removal") % {"date": f"{executed_on:%d.%m.%Y}"})
    if executed_on and executed_on > item.deadline:
        notes.append(gettext("report submitted late"))
    if not executed_on and not removed_on and item.deadline < as_of:
        days = (as_of - item.deadline).days
        notes.append(ngettext("overdue by %(days)s day", "overdue by %(days)s days", days) % {"days": days})
    if item.disciplinary_flag:
        notes.append(gettext("disciplinary review"))
    if item.external_deadline:
        notes.append(gettext("deadline of the higher body: %(date)s") % {"date": f"{item.external_deadline:%d.%m.%Y}"})
    return "; ".join(notes)


# --- Quarterly report (003 §12.16) ------------------------------------------------------------------------


class IssuerGroup:
    """The issuers of §12.16 (and the oblast akim, the deputies), then everyone else as "others"."""

    OTHERS = "others"
    ORDER: tuple[tuple[str, Promise], ...] = (
        (Issuer.PRESIDENT, _("President")),
        (Issuer.STATE_SECRETARY, _("State Secretary")),
        (Issuer.PRIME_MINISTER, _("Prime Minister")),
        (Issuer.PRESIDENTIAL_ADMINISTRATION, _("Presidential Administration")),
        (Issuer.GOVERNMENT_APPARATUS, _("Government Apparatus")),
        (Issuer.OBLAST_AKIM, _("oblast akim")),
        (Issuer.AKIM, _("akim")),
        (Issuer.DEPUTY_AKIM, _("deputy akims")),
        (OTHERS, _("others")),
    )

    @classmethod
    def expression(cls) -> Case:
        named = [code for code, _label in cls.ORDER if code != cls.OTHERS]
        return Case(
            *[When(issuer=code, then=Value(str(code))) for code in named],
            default=Value(cls.OTHERS),
            output_field=CharField(),
        )


#: The count columns of the quarterly report, in order.
QUARTERLY_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("received", _("Received")),
    ("on_time", _("Executed on time")),
    ("late", _("Executed late")),
    ("awaiting_removal", REPORTED_LABEL),
    ("extended", _("Extended")),
    ("overdue", _("Overdue")),
    ("open", _("Open, deadline not passed")),
    ("removed_unexecuted", _("Removed without execution")),
)


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after the day, in the apparatus's time zone (decisions are stored as moments)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _approved_extensions() -> QuerySet:
    return ExtensionRequest.objects.filter(item=OuterRef("pk"), status=Decision.APPROVED)


def _as_at(items: QuerySet, report_date: datetime.date) -> QuerySet:
    """003 §12.16: the item as it stood on the report date — `deadline_as_at` is the deadline then in force
    (the old deadline of the first extension approved after that day, else the deadline), `extended_as_at`
    whether an extension was approved by then.

    An item never extended (extension_count = 0; decide_extension() raises it with the approval, in the same
    transaction) has no approved request: its deadline is the one in force and the request table is not read.
    PostgreSQL evaluates a CASE branch only when it is taken, so the correlated lookups (which the count
    filters repeat, one per column) run for the extended items only, each an index-only probe of
    control_extension_approved_idx.
    """
    later = _approved_extensions().filter(decided_at__gte=_end_of(report_date)).order_by("decided_at", "id")
    never_extended = Q(extension_count=0)
    return items.annotate(
        deadline_as_at=Case(
            When(never_extended, then=F("deadline")),
            default=Coalesce(Subquery(later.values("old_deadline")[:1]), F("deadline")),
        ),
        extended_as_at=Case(
            When(never_extended, then=Value(False)),
            default=Exists(_approved_extensions().filter(decided_at__lt=_end_of(report_date))),
            output_field=BooleanField(),
        ),
    )


def _conditions(report_date: datetime.date) -> dict[str, Q]:
    """The count columns as filters on items annotated by _as_at() (003 §12.16: as at the report date)."""
    removed = Q(status=ControlItem.Status.REMOVED, removed_on__lte=report_date)
    # 003 §12.9, §12.14: executed = removed from control as executed; on time or late by the report's date
    executed = removed & Q(removal_ground=ControlItem.RemovalGround.EXECUTED)
    reported = Q(executed_on__lte=report_date)
    on_control = ~reported & ~removed
    return {
        "on_time": executed & Q(executed_on__lte=F("deadline_as_at")),
        "late": executed & Q(executed_on__gt=F("deadline_as_at")),
        "awaiting_removal": reported & ~removed,
        "extended": Q(extended_as_at=True),
        "overdue": on_control & Q(deadline_as_at__lt=report_date),
        "open": on_control & Q(deadline_as_at__gte=report_date),
        "removed_unexecuted": removed & ~Q(removal_ground=ControlItem.RemovalGround.EXECUTED),
    }


def _count_expressions(report_date: datetime.date) -> dict[str, Count]:
    conditions = _conditions(report_date)
    return {"received": Count("pk"), **{key: Count("pk", filter=condition) for key, condition in conditions.items()}}


@dataclass(frozen=True)
class Counts:
    """One line of the quarterly report: a group and its numbers."""

    key: Any
    label: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    awaiting_removal: int = 0
    extended: int = 0
    overdue: int = 0
    open: int = 0
    removed_unexecuted: int = 0
    detail: str = ""  # e.g. the executor's department

    @classmethod
    def from_row(cls, key: Any, label: str, row: dict[str, Any], detail: str = "") -> Counts:
        return cls(key=key, label=label, detail=detail, **{name: row.get(name) or 0 for name, _l in QUARTERLY_COLUMNS})

    @property
    def share_on_time(self) -> Decimal | None:
        """Executed on time / received, in percent with one decimal; None when nothing was received."""
        if not self.received:
            return None
        return (Decimal(100 * self.on_time) / Decimal(self.received)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def values(self) -> list[int]:
        return [getattr(self, name) for name, _label in QUARTERLY_COLUMNS]


@dataclass(frozen=True)
class ListedItem:
    """An item in the overdue or extended list of the quarterly report (limited columns)."""

    number: str
    issuer: str
    content: str
    lead: str
    department: str
    received_on: datetime.date
    deadline: datetime.date
    first_deadline: datetime.date | None
    extension_count: int
    executed_on: datetime.date | None
    days_overdue: int


@dataclass(frozen=True)
class QuarterlyReport:
    quarter: Quarter
    report_date: datetime.date
    totals: Counts
    by_issuer: list[Counts]
    by_department: list[Counts]
    by_executor: list[Counts]
    overdue_items: list[ListedItem]
    extended_items: list[ListedItem]
    list_limit: int | None
    executors_more: int = 0  # executors left out of by_executor (PDF only)
    columns: tuple[tuple[str, Promise], ...] = QUARTERLY_COLUMNS

    @property
    def headers(self) -> list[str]:
        return [str(label) for _key, label in self.columns]

    @property
    def overdue_more(self) -> int:
        """How many overdue items the bounded list leaves out."""
        return max(self.totals.overdue - len(self.overdue_items), 0)

    @property
    def extended_more(self) -> int:
        return max(self.totals.extended - len(self.extended_items), 0)

    @property
    def groupings(self) -> list[tuple[str, str, list[Counts]]]:
        """(key, title, lines) of each grouping, in the order the report shows them."""
        return [
            ("issuer", gettext("By issuer"), self.by_issuer),
            ("department", gettext("By department"), self.by_department),
            ("executor", gettext("By executor"), self.by_executor),
        ]


def quarterly_items(quarter: Quarter, *, user: Any | None = None) -> QuerySet:
    """Items received in the quarter (visible to `user` when given), with their lead executor joinable."""
    return (
        _items(user)
        .filter(received_on__gte=quarter.first_day, received_on__lte=quarter.last_day)
        .annotate(lead=FilteredRelation("executors", condition=Q(executors__is_lead=True)))
    )


def report_date_of(quarter: Quarter, today: datetime.date | None = None) -> datetime.date:
    """The day the report is as at (003 §12.16): the quarter's last day, or today if that is earlier."""
    return min(quarter.last_day, today or workdays.today())


def quarterly_report(
    quarter: Quarter,
    *,
    user: Any | None = None,
    today: datetime.date | None = None,
    list_limit: int | None = LIST_LIMIT,
    executor_limit: int | None = None,
) -> QuarterlyReport:
    """The quarterly report of §12.16, as at the quarter's last day, in five queries whatever the number of items.

    One query counts the items per issuer group and lead executor (conditional aggregation: every column in
    the same pass); the totals and the three groupings are sums of its rows. Two more name the people and
    units, two list the overdue and extended items. `list_limit` bounds those lists (None: all);
    `executor_limit` the executors, most behind first (None: all).
    """
    report_date = report_date_of(quarter, today)
    items = _as_at(quarterly_items(quarter, user=user), report_date)
    language = _language()
    with without_jit():
        rows = _grouped_counts(items, report_date)
        people = {
            person["pk"]: person
            for person in Person.objects.filter(pk__in={row["lead_person"] for row in rows if row["lead_person"]})
            .values("pk", "full_name", "unit_id")
            .order_by()
        }
        for row in rows:  # the lead's department: the lead person's unit, or the executing body that leads
            person = people.get(row["lead_person"])
            row["department"] = (person["unit_id"] if person else None) or row["lead_unit"]
        units = _unit_names([row["department"] for row in rows], language)
        by_executor = counts_by_executor(rows, people, units)
        shown = by_executor if executor_limit is None else by_executor[:executor_limit]
        return QuarterlyReport(
            quarter=quarter,
            report_date=report_date,
            totals=Counts.from_row("total", gettext("Total"), _summed(rows, lambda row: "total").get("total", {})),
            by_issuer=counts_by_issuer(rows),
            by_department=counts_by_department(rows, units),
            by_executor=shown,
            overdue_items=overdue_items(items, report_date, language, list_limit),
            extended_items=extended_items(items, report_date, language, list_limit),
            list_limit=list_limit,
            executors_more=len(by_executor) - len(shown),
        )


@contextlib.contextmanager
def without_jit() -> Iterator[None]:
    """The report's queries without PostgreSQL's JIT compilation (SET LOCAL: this transaction only).

    The planner's estimate of the grouped count at 100,000 items (its correlated lookups costed as if each ran
    for every row) passes jit_above_cost, and compiling its expressions took 4.6 s for a query that runs in
    0.4 s (EXPLAIN ANALYZE, 2026Q3 at 100,000 items): a report is a one-off query, never worth compiling.
    """
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:  # within a caller's, till its end
        cursor.execute("SET LOCAL jit = off")
        yield


def _grouped_counts(items: QuerySet, report_date: datetime.date) -> list[dict[str, Any]]:
    """The count columns per issuer group and lead executor (a person or an executing body), in one query.

    At most issuer groups × lead executors rows (a few thousand), whatever the number of items.
    """
    return list(
        items.annotate(group=IssuerGroup.expression(), lead_person=F("lead__person"), lead_unit=F("lead__unit"))
        .values("group", "lead_person", "lead_unit")
        .annotate(**_count_expressions(report_date))
        .order_by()
    )


_COUNT_NAMES = tuple(name for name, _label in QUARTERLY_COLUMNS)


def _summed(rows: Iterable[dict[str, Any]], key) -> dict[Any, dict[str, int]]:
    """The grouped rows' counts added up by key(row)."""
    sums: dict[Any, dict[str, int]] = {}
    for row in rows:
        total = sums.setdefault(key(row), dict.fromkeys(_COUNT_NAMES, 0))
        for name in _COUNT_NAMES:
            total[name] += row[name] or 0
    return sums


def counts_by_issuer(rows: list[dict[str, Any]]) -> list[Counts]:
    """One line per issuer group of §12.16, zeros included, in the regulation's order."""
    sums = _summed(rows, lambda row: row["group"])
    return [Counts.from_row(str(code), str(label), sums.get(str(code), {})) for code, label in IssuerGroup.ORDER]


_DEPARTMENT_NAMES = {
    f"department_{code}": Coalesce(f"lead__person__unit__name_{code}", f"lead__unit__name_{code}")
    for code in ("kk", "ru", "en")
}


def _names(row: dict[str, Any], prefix: str) -> dict[str, str | None]:
    return {code: row.get(f"{prefix}_{code}") for code in ("kk", "ru", "en")}


def _unit_names(ids: Iterable[int | None], language: str) -> dict[int, str]:
    """Names of units by id in the language (one small query; ids come from grouped rows)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    rows = OrgUnit.objects.filter(pk__in=wanted).values("pk", "name_kk", "name_ru", "name_en").order_by()
    return {row["pk"]: _unit_name(_names(row, "name"), language) for row in rows}


def counts_by_department(rows: list[dict[str, Any]], units: dict[int, str]) -> list[Counts]:
    """One line per department: the lead executor's unit, or the executing body that leads."""
    lines = [
        Counts.from_row(department, units.get(department) or gettext("no department"), counts)
        for department, counts in _summed(rows, lambda row: row["department"]).items()
    ]
    return sorted(lines, key=lambda line: (line.key is None, line.label.casefold()))


#: the order of executors: who is most behind first, then by name
def _executor_rank(line: Counts) -> tuple:
    return (-line.overdue, -line.late, -line.received, line.label.casefold())


def counts_by_executor(
    rows: list[dict[str, Any]], people: dict[int, dict[str, Any]], units: dict[int, str]
) -> list[Counts]:
    """One line per lead executor, a person (with their department) or an executing body; most overdue first."""
    lines = []
    for (lead_person, lead_unit), counts in _summed(rows, lambda row: (row["lead_person"], row["lead_unit"])).items():
        person = people.get(lead_person)
        if person is not None:
            key, label, detail = ("person", person["pk"]), person["full_name"], units.get(person["unit_id"], "")
        else:
            key, detail = ("unit", lead_unit), gettext("executing body")
            label = units.get(lead_unit) or gettext("no executor")
        lines.append(Counts.from_row(key, label, counts, detail=detail))
    return sorted(lines, key=_executor_rank)


def _listed(items: QuerySet, report_date: datetime.date, language: str, limit: int | None) -> list[ListedItem]:
    """The rows of a list, as at the report date (items annotated by _as_at())."""
    by_then = _approved_extensions().filter(decided_at__lt=_end_of(report_date))
    first_deadline = by_then.order_by("decided_at", "id")
    rows = items.annotate(
        lead_name=F("lead__person__full_name"),
        first_deadline=Subquery(first_deadline.values("old_deadline")[:1]),
        extensions_as_at=Coalesce(
            Subquery(by_then.order_by().values("item").annotate(count=Count("pk")).values("count")[:1]), Value(0)
        ),
        **{f"lead_unit_{code}": F(f"lead__unit__name_{code}") for code in ("kk", "ru", "en")},
        **_DEPARTMENT_NAMES,
    ).values(
        "number",
        "issuer",
        "text",
        "received_on",
        "deadline_as_at",
        "executed_on",
        "extensions_as_at",
        "lead_name",
        "first_deadline",
        *(f"{prefix}_{code}" for prefix in ("lead_unit", "department") for code in ("kk", "ru", "en")),
    )
    if limit is not None:
        rows = rows[:limit]
    issuers = dict(Issuer.choices)
    listed = []
    for row in rows:
        executed_on = row["executed_on"] if row["executed_on"] and row["executed_on"] <= report_date else None
        listed.append(
            ListedItem(
                number=row["number"],
                issuer=str(issuers.get(row["issuer"], row["issuer"])),
                content=row["text"],
                lead=row["lead_name"] or _unit_name(_names(row, "lead_unit"), language),
                department=_unit_name(_names(row, "department"), language),
                received_on=row["received_on"],
                deadline=row["deadline_as_at"],
                first_deadline=row["first_deadline"],
                extension_count=row["extensions_as_at"],
                executed_on=executed_on,
                days_overdue=max((report_date - row["deadline_as_at"]).days, 0) if executed_on is None else 0,
            )
        )
    return listed


def overdue_items(
    items: QuerySet, report_date: datetime.date, language: str, limit: int | None = LIST_LIMIT
) -> list[ListedItem]:
    """Items not executed and on control at the report date, with the deadline then before it; oldest first."""
    overdue = items.filter(_conditions(report_date)["overdue"])
    return _listed(overdue.order_by("deadline_as_at", "id"), report_date, language, limit)


def extended_items(
    items: QuerySet, report_date: datetime.date, language: str, limit: int | None = LIST_LIMIT
) -> list[ListedItem]:
    """Items extended at least once by the report date; most extensions first."""
    extended = items.filter(_conditions(report_date)["extended"])
    return _listed(extended.order_by("-extension_count", "deadline", "id"), report_date, language, limit)


# --- For pickers and the chart ----------------------------------------------------------------------------


def recent_quarters(today: datetime.date, count: int = 12) -> list[Quarter]:
    """The current quarter and the ones before it, newest first."""
    quarters: list[Quarter] = []
    quarter = Quarter.containing(today)
    for _index in range(count):
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


@dataclass(frozen=True)
class Bar:
    """A bar of the on-time chart: a label, the share and its width in percent (0–100)."""

    label: str
    share: Decimal | None
    received: int
    width: float


def on_time_bars(lines: Iterable[Counts]) -> list[Bar]:
    """Bars of on-time share per line (departments), for the PDF and HTML chart."""
    return [
        Bar(label=line.label, share=line.share_on_time, received=line.received, width=float(line.share_on_time or 0))
        for line in lines
        if line.received
    ]


# --- Files (PDF, XLSX) ----------------------------------------------------------------------------------

FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class Export:
    """A rendered report file."""

    content: bytes
    content_type: str
    filename: str


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ReportInputError(gettext("Unknown format “%(value)s”: choose pdf or xlsx.") % {"value": fmt[:10]})


def export_weekly_list(
    week: Week, fmt: str, *, user: Any | None = None, language: str | None = None, today: datetime.date | None = None
) -> Export:
    """The weekly control list as a PDF (A4 landscape) or XLSX file, built and labelled in `language`."""
    check_format(fmt)
    language = language or _language()
    with translation.override(language):
        weekly = weekly_list(week, user=user, today=today)
        filename = f"control-list-{week.key}.{fmt}"
        if fmt == "xlsx":
            return Export(xlsx.weekly_list_xlsx(weekly), xlsx.CONTENT_TYPE, filename)
        context = {"weekly": weekly, "signer": _controller_signature(), "LANGUAGE_CODE": language}
        content = pdf.render_pdf("control/pdf/weekly_list.html", context, language=language, prepared_by=user)
        return Export(content, "application/pdf", filename)


def export_quarterly_report(
    quarter: Quarter,
    fmt: str,
    *,
    user: Any | None = None,
    language: str | None = None,
    today: datetime.date | None = None,
) -> Export:
    """The quarterly report as a PDF (lists bounded to PDF_LIST_LIMIT) or XLSX (full lists), in `language`."""
    check_format(fmt)
    language = language or _language()
    with translation.override(language):
        filename = f"control-report-{quarter.key}.{fmt}"
        if fmt == "xlsx":
            report = quarterly_report(quarter, user=user, today=today, list_limit=None)
            return Export(xlsx.quarterly_report_xlsx(report), xlsx.CONTENT_TYPE, filename)
        report = quarterly_report(
            quarter, user=user, today=today, list_limit=PDF_LIST_LIMIT, executor_limit=PDF_EXECUTOR_LIMIT
        )
        context = {
            "report": report,
            "bars": on_time_bars(report.by_department),
            # 003 §12.16: the general department presents the report to the head of apparatus
            "approver": pdf.head_of_apparatus(),
            "signer": _controller_signature(),
            "LANGUAGE_CODE": language,
        }
        content = pdf.render_pdf("control/pdf/quarterly_report.html", context, language=language, prepared_by=user)
        return Export(content, "application/pdf", filename)


def _controller_signature() -> pdf.Official:
    """The general department, which keeps control and informs the leadership (003 §12.4), signs the reports."""
    return pdf.head_of_unit(OrgUnit.Function.GENERAL, gettext("Head of the general department"))
