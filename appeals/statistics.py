"""Quarterly appeals statistics (issue #15 §4, SPEC §8): by kind, channel, official and result, the term kept, the
forwarded and the repeat appeals — a page, a PDF and an XLSX, every number an SQL aggregate.

What a quarter holds (the regulations in force set no form for these statistics; the columns are those of the usual
statistics of appeals: received, considered, still on consideration)
    * received — the appeals registered in the quarter (``registered_on``, the day APPK art. 64 fixes), and of them
      the repeat ones (linked at registration to an earlier answered appeal of the same applicant);
    * considered — the appeals whose consideration ended in the quarter, whenever they were received: the final
      answer dispatched (``answered_on``, §13.4), forwarded to the competent body (§13.9, §13.11), returned (§13.7)
      or closed without consideration (anonymous); by result; the answers within the term and late (APPK art. 76,
      the term in force when answered, an extension counted); the forwarded ones, and of them those forwarded later
      than §13.9 allows;
    * on consideration at the report date — registered by then and not considered by then (awaiting correction
      included), and of them overdue: the answer term in force on the report date had passed. An appeal has its
      term from its resolution (§13.8); one not yet resolved is not counted overdue.

As the control report (003 §12.16) the statistics are as at the report date — the quarter's last day, or today while
the quarter runs: an answer or an extension decided after it is not seen. A user sees the numbers of the appeals
they may see (appeals/access.py: the appeals department and the auditors all of them, an official those addressed
to them, an executor those given to them); the command counts every appeal.

One query counts everything per kind, channel and addressee (conditional aggregation: every column in the same
pass, at most kinds × channels × officials rows whatever the number of appeals); the groupings, the results and the
totals are sums of its rows. A second names the officials.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from akimat import pdf, permissions, workdays
from akimat.exports import Column, ReportWorkbook, period_text
from akimat.models import Person
from appeals import services
from appeals.models import Appeal, AppealExtension, AppealLink, Channel, Kind, Result
from control import xlsx
from control.reports import (
    Bar,
    Export,
    Quarter,
    ReportInputError,
    check_format,
    report_date_of,
    without_jit,
)

#: The count columns of every grouping, in order.
COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("received", _("Received")),
    ("repeat", pgettext_lazy("appeals statistics column", "Repeat")),
    ("considered", _("Considered")),
    ("term_kept", _("Answered within the term")),
    ("term_missed", _("Answered late")),
    ("forwarded", pgettext_lazy("appeals statistics column", "Forwarded")),
    ("forwarded_late", capfirst(Appeal._meta.get_field("forwarded_late").verbose_name)),
    ("pending", _("On consideration at the report date")),
    ("overdue", _("Overdue")),
)
_NAMES = tuple(name for name, _label in COLUMNS)
_RESULTS = tuple(f"result_{code}" for code in Result.values)


@dataclass(frozen=True)
class Line:
    """One line of a grouping: a kind, a channel or an official, and its numbers (see the module docstring)."""

    key: Any
    label: str
    received: int = 0
    repeat: int = 0
    considered: int = 0
    term_kept: int = 0
    term_missed: int = 0
    forwarded: int = 0
    forwarded_late: int = 0
    pending: int = 0
    overdue: int = 0
    detail: str = ""  # an official's position

    @classmethod
    def from_counts(cls, key: Any, label: str, counts: dict[str, int], detail: str = "") -> Line:
        return cls(key=key, label=label, detail=detail, **{name: counts.get(name) or 0 for name in _NAMES})

    @property
    def answered(self) -> int:
        return self.term_kept + self.term_missed

    @property
    def share_on_time(self) -> Decimal | None:
        """Answered within the term / answered, in percent with one decimal; None when nothing was answered."""
        return _share(self.term_kept, self.answered)

    def values(self) -> list[int]:
        return [getattr(self, name) for name in _NAMES]


@dataclass(frozen=True)
class ResultLine:
    """A result of consideration (issue #15 §2) and how many appeals ended with it in the quarter."""

    key: str
    label: str
    count: int
    share: Decimal | None  # of the considered, in percent


@dataclass(frozen=True)
class AppealStatistics:
    quarter: Quarter
    report_date: datetime.date
    totals: Line
    by_kind: list[Line]
    by_channel: list[Line]
    by_official: list[Line]
    by_result: list[ResultLine]
    columns: tuple[tuple[str, Promise], ...] = COLUMNS

    @property
    def headers(self) -> list[str]:
        return [str(label) for _key, label in self.columns]

    @property
    def groupings(self) -> list[tuple[str, str, str, list[Line]]]:
        """(key, title, first column's header, lines) of each grouping, in the order the report shows them."""
        return [
            ("kind", gettext("By kind of appeal"), gettext("Kind of appeal"), self.by_kind),
            ("channel", gettext("By channel"), gettext("Channel"), self.by_channel),
            ("official", gettext("By official"), gettext("Official"), self.by_official),
        ]

    @property
    def results_total(self) -> ResultLine:
        """The total line of the results: every appeal considered in the quarter."""
        considered = self.totals.considered
        return ResultLine(key="total", label=gettext("Total"), count=considered, share=_share(considered, considered))

    @property
    def bars(self) -> list[Bar]:
        """The chart: the share answered within the term per official who answered any (of how many answered)."""
        return [
            Bar(label=line.label, share=line.share_on_time, received=line.answered, width=float(line.share_on_time))
            for line in self.by_official
            if line.answered
        ]


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- The numbers -----------------------------------------------------------------------------------------------


def _appeals(user: Any | None) -> QuerySet:
    """Every appeal, or those the user may see (appeals/access.py) when a user is given."""
    appeals = Appeal.objects.all()
    return appeals if user is None else permissions.visible(user, appeals)


def _finished_on() -> Case:
    """The day the consideration ended: the answer's dispatch, the forwarding, the return or the closing; none
    while it goes on (a complaint a lower body sent up has its forwarding day but no result again, §13.11)."""
    return Case(
        When(result="", then=Value(None)),
        default=Coalesce("answered_on", "forwarded_on", "returned_on", "closed_on"),
        output_field=DateField(),
    )


def _term_as_at(report_date: datetime.date) -> Coalesce:
    """The answer term in force on the report date: the old term of the first extension decided after it, else the
    term (APPK art. 76)."""
    later = AppealExtension.objects.filter(appeal=OuterRef("pk"), decided_on__gt=report_date)
    return Coalesce(Subquery(later.order_by("decided_on", "id").values("old_due_on")[:1]), F("due_on"))


def _count_expressions(quarter: Quarter, report_date: datetime.date) -> dict[str, Count]:
    received = Q(registered_on__gte=quarter.first_day)
    considered = Q(finished_on__gte=quarter.first_day, finished_on__lte=report_date)
    pending = Q(finished_on__isnull=True) | Q(finished_on__gt=report_date)
    forwarded = considered & Q(result=Result.FORWARDED)
    # a probe of the appeal's own links: `pk IN (every repeat link)` is hashed only while the links fit in work_mem,
    # and past some 300,000 links PostgreSQL rescanned them for each appeal (minutes for the quarter's PDF)
    repeats = Exists(AppealLink.objects.filter(appeal=OuterRef("pk"), kind=AppealLink.Kind.REPEAT))
    conditions = {
        "received": received,
        "repeat": received & Q(repeats),
        "considered": considered,
        "term_kept": considered & Q(term_kept=True),
        "term_missed": considered & Q(term_kept=False),
        "forwarded": forwarded,
        "forwarded_late": forwarded & Q(forwarded_late=True),
        "pending": pending,
        "overdue": pending & Q(term_as_at__lt=report_date),
        **{f"result_{code}": considered & Q(result=code) for code in Result.values},
    }
    # named apart from the columns they count on (term_kept, forwarded_late): an annotation would shadow the column
    return {f"n_{name}": Count("pk", filter=condition) for name, condition in conditions.items()}


def grouped_counts(quarter: Quarter, report_date: datetime.date, *, user: Any | None = None) -> list[dict[str, Any]]:
    """The count columns and the results per kind, channel and addressee, in one query.

    The appeals read: registered by the report date and not considered before the quarter (each counts in one of
    received, considered or on consideration at least).
    """
    appeals = (
        _appeals(user)
        .filter(registered_on__lte=report_date)
        .annotate(finished_on=_finished_on(), term_as_at=_term_as_at(report_date))
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=quarter.first_day))
    )
    return list(
        appeals.values("kind", "channel", "addressee").annotate(**_count_expressions(quarter, report_date)).order_by()
    )


def _summed(rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> dict[Any, dict[str, int]]:
    """The grouped rows' counts added up by key(row)."""
    sums: dict[Any, dict[str, int]] = {}
    for row in rows:
        total = sums.setdefault(key(row), dict.fromkeys(_NAMES + _RESULTS, 0))
        for name in total:
            total[name] += row[f"n_{name}"] or 0
    return sums


def _by_choice(rows: list[dict[str, Any]], name: str, choices: Iterable[tuple[str, str]]) -> list[Line]:
    """One line per choice (every kind, every channel), zeros included, in the choices' order."""
    sums = _summed(rows, lambda row: row[name])
    return [Line.from_counts(code, str(capfirst(label)), sums.get(code, {})) for code, label in choices]


def _by_official(rows: list[dict[str, Any]]) -> list[Line]:
    """One line per official the appeals are addressed to (§13.8), most received first; the appeals addressed to no
    one of the apparatus (the addressee only as written) last."""
    sums = _summed(rows, lambda row: row["addressee"])
    people = Person.objects.filter(pk__in=[pk for pk in sums if pk is not None]).only(
        "full_name", "position_kk", "position_ru", "position_en"
    )
    named = {person.pk: person for person in people.order_by()}
    lines = []
    for pk, counts in sums.items():
        person = named.get(pk)
        if person is None:
            lines.append(Line.from_counts(None, gettext("Other addressees"), counts))
        else:
            lines.append(Line.from_counts(pk, person.full_name, counts, detail=person.position))
    return sorted(
        lines,
        key=lambda line: (line.key is None, -line.received, -line.considered, -line.pending, line.label.casefold()),
    )


def _by_result(totals: dict[str, int]) -> list[ResultLine]:
    """One line per result of consideration, zeros included; its share of the considered."""
    considered = totals.get("considered", 0)
    return [
        ResultLine(
            key=code,
            label=str(capfirst(label)),
            count=totals.get(f"result_{code}", 0),
            share=_share(totals.get(f"result_{code}", 0), considered),
        )
        for code, label in Result.choices
    ]


def quarterly_statistics(
    quarter: Quarter, *, user: Any | None = None, today: datetime.date | None = None
) -> AppealStatistics:
    """The quarter's appeals statistics as at its report date, of the appeals `user` may see (every one for None).

    Three queries whatever the number of appeals: JIT off, the grouped counts, the officials' names.
    """
    today = today or workdays.today()
    if quarter.first_day > today:
        raise ReportInputError(
            gettext("%(quarter)s has not begun yet: choose the current quarter or an earlier one.")
            % {"quarter": quarter.label}
        )
    report_date = report_date_of(quarter, today)
    with without_jit():
        rows = grouped_counts(quarter, report_date, user=user)
        by_official = _by_official(rows)
    totals = _summed(rows, lambda row: "total").get("total", dict.fromkeys(_NAMES + _RESULTS, 0))
    return AppealStatistics(
        quarter=quarter,
        report_date=report_date,
        totals=Line.from_counts("total", gettext("Total"), totals),
        by_kind=_by_choice(rows, "kind", Kind.choices),
        by_channel=_by_choice(rows, "channel", Channel.choices),
        by_official=by_official,
        by_result=_by_result(totals),
    )


# --- Files (PDF, XLSX) ---------------------------------------------------------------------------------------


def title(statistics: AppealStatistics) -> str:
    """“Appeals statistics, Q1 2026, from 01.01.2026 to 31.03.2026, as at 31.03.2026”."""
    quarter = statistics.quarter
    return ", ".join(
        [
            gettext("Appeals statistics"),
            quarter.label,
            period_text(quarter.first_day, quarter.last_day, statistics.report_date),
            period_text(None, None, statistics.report_date),
        ]
    )


def statistics_xlsx(statistics: AppealStatistics) -> bytes:
    """A sheet per grouping (kind, channel, official: the counts and the share within the term), then the results."""
    workbook = ReportWorkbook()
    heading = title(statistics)
    for key, name, first, lines in statistics.groupings:
        detail = [Column(gettext("Position"), 30)] if key == "official" else []
        columns = [
            Column(first, 36),
            *detail,
            *[Column(header, 14, "number") for header in statistics.headers],
            Column(gettext("Share answered within the term"), 14, "percent"),
        ]
        sheet = workbook.sheet(name, columns, title=heading)
        for line in [*lines, statistics.totals]:
            sheet.append([line.label, *([line.detail] if detail else []), *line.values(), line.share_on_time])
    columns = [
        Column(gettext("Result"), 36),
        Column(gettext("Considered"), 14, "number"),
        Column(gettext("Share of the considered"), 14, "percent"),
    ]
    sheet = workbook.sheet(gettext("By result"), columns, title=heading)
    for line in [*statistics.by_result, statistics.results_total]:
        sheet.append([line.label, line.count, line.share])
    return workbook.save()


def _signer() -> pdf.Official:
    """The head of the appeals department (or of the general department doing its work, 004 §14.2) signs."""
    unit = services.appeals_head_unit()
    return pdf.official(unit.head if unit is not None else None, gettext("Head of the appeals department"))


def export_quarterly_report(quarter: Quarter, fmt: str, *, user: Any | None = None, language: str) -> Export:
    """The quarter's appeals statistics as a PDF (A4 landscape, with the chart) or an XLSX, in `language`; of the
    appeals `user` may see, or of every appeal when there is no user (the command, the benchmark)."""
    check_format(fmt)
    with translation.override(language):
        statistics = quarterly_statistics(quarter, user=user)
        filename = f"appeals-statistics-{quarter.key}.{fmt}"
        if fmt == "xlsx":
            return Export(statistics_xlsx(statistics), xlsx.CONTENT_TYPE, filename)
        context = {"statistics": statistics, "signer": _signer(), "LANGUAGE_CODE": language}
        content = pdf.render_pdf("appeals/pdf/statistics.html", context, language=language, prepared_by=user)
        return Export(content, "application/pdf", filename)
