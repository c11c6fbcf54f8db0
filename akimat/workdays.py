"""The working-day calendar: the only module that does deadline arithmetic (SPEC §3.2).

Which days are working days
    Monday to Friday work, Saturday and Sunday rest (003 §17.1). Public holidays of Kazakhstan and
    the days off they move to come from the `holidays` package (country "KZ", with its observed and
    substituted days), and so do the government transfers it knows (its `weekend_workdays`: a
    Saturday or Sunday worked in exchange). On top of that, `CalendarException` rows: kind "holiday"
    is an extra day off, kind "workday" a working Saturday/Sunday. An exception overrides everything.

How terms are counted (SPEC §3.2)
    * N working days after D: the N-th working day strictly after D (D is day 0, working or not).
    * N working days before D: the N-th working day strictly before D.
    * N calendar days / N months after D: plain date arithmetic (a month keeps the day number, clamped
      to the month's end), moved to the next working day when it lands on a day off (003 §12.15).
    * Counting backwards in calendar days or months gives a "no later than" date (materials due,
      the last day to ask), so a day off moves it to the *previous* working day: moving it forward
      would make it later than the rule allows.
    * A zero term gives D itself when it is a working day, else the nearest working day in the
      counting direction; a negative term counts in the other direction.

Snapshots and how every process sees a change without restart
    `WorkCalendar` is an immutable snapshot: the exceptions are read with one query into dicts,
    the public holidays (the same for every snapshot) are loaded per year once per process, and the
    working days of the years in use are kept as a sorted list of ordinals, so that adding or
    counting working days is a binary search, not a walk. Use a snapshot directly for bulk work.

    The module-level functions use a process-wide snapshot tagged with a *version*: a random number
    kept in the shared cache (Redis) under `VERSION_CACHE_KEY`. Every change of exceptions
    (service, admin, shell — see `akimat.calendar_exceptions`) writes a new version twice: at once
    (the writing transaction sees its own change) and after commit (a process that reloaded in
    between read the rows before commit, and must read them again). Each call costs one Redis GET of that short
    key on a client kept for the process (about a quarter of a `cache.get`); the snapshot is rebuilt
    only when the number differs. Random numbers, not a counter, so that a flushed cache can never
    bring back a version an old snapshot still holds. Inside `pinned()` the functions use one
    snapshot and do no cache GET at all (recomputing thousands of deadlines).
    If the cache is unreachable, each call reads the exceptions from the database (correct, slower).
"""

from __future__ import annotations

import bisect
import calendar as pycalendar
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
from django.core.cache import cache
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from akimat.models.calendar import CalendarException

logger = logging.getLogger(__name__)

COUNTRY = "KZ"
VERSION_CACHE_KEY = "workdays:version"
# The years this calendar counts right: the `holidays` package knows Kazakhstan's days off from 1991 (the
# first full year of the holiday law of independent Kazakhstan is 1992) to 2100, and none after.
# Dates typed into the application are kept within them (akimat.request_values, akimat.forms).
FIRST_YEAR = 1992
LAST_YEAR = 2100
ONE_DAY = timedelta(days=1)

# Sent after commit whenever calendar exceptions change; `dates` is a frozenset of the changed dates.
# The control module listens to recompute the deadlines of open items that the change moves.
calendar_changed = Signal()


class DayKind(models.TextChoices):
    """Why a day is or is not a working day; the values double as CSS classes."""

    WORKING = "working", _("working day")
    WEEKEND = "weekend", _("weekend")
    HOLIDAY = "holiday", _("public holiday")
    EXTRA_DAY_OFF = "exception-holiday", _("extra day off")
    TRANSFERRED_WORKDAY = "workday-transfer", _("working day (transfer of days off)")


class Unit(models.TextChoices):
    """Units in which a term is given (SPEC §3.2)."""

    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One day of the calendar: its kind and the holiday name or exception reason, if any."""

    date: date
    kind: DayKind
    name: str = ""

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKING, DayKind.TRANSFERRED_WORKDAY)


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a deadline was computed, for the calculator: the result and the days off passed over."""

    start: date
    amount: int
    unit: Unit
    before: bool
    result: date
    landing: date | None  # the plain-arithmetic date (calendar days, months) before moving off a day off
    skipped: tuple[DayInfo, ...]  # days off walked over, in walking order


# --- public holidays (process-wide, independent of the database) ------------------------------------

# English names of the `holidays` package, marked so that makemessages offers them to translators
# (the package itself ships Kazakh names, used as they are, and no Russian ones).
HOLIDAY_NAMES = (
    gettext_noop("New Year's Day"),
    gettext_noop("Orthodox Christmas"),
    gettext_noop("International Women's Day"),
    gettext_noop("Nowruz Holiday"),
    gettext_noop("Kazakhstan's People Solidarity Holiday"),
    gettext_noop("Defender of the Fatherland Day"),
    gettext_noop("Victory Day"),
    gettext_noop("Capital Day"),
    gettext_noop("Eid al-Adha"),
    gettext_noop("Constitution Day"),
    gettext_noop("Republic Day"),
    gettext_noop("First President Day"),
    gettext_noop("Independence Day"),
)
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
_SUFFIXED = re.compile(r"^(?P<name>.+) \((?P<suffix>observed|estimated)\)$")


def _translate_holiday_name(english: str) -> str:
    """Translate a package name through the project catalogue, with dates as dd.mm.yyyy."""
    if match := _SUBSTITUTED.match(english):
        month, day, year = match.groups()
        return gettext("Day off (moved from %(date)s)") % {"date": f"{day}.{month}.{year}"}
    if match := _SUFFIXED.match(english):
        name = gettext(match["name"])
        if match["suffix"] == "observed":
            return gettext("%(name)s (day off moved)") % {"name": name}
        return gettext("%(name)s (estimated date)") % {"name": name}
    return gettext(english)


class PublicHolidays:
    """Days off and worked weekend days of Kazakhstan from the `holidays` package, loaded per year."""

    def __init__(self, country: str = COUNTRY) -> None:
        self.country = country
        self.days_off: set[date] = set()
        self.working_weekends: set[date] = set()
        self.years: set[int] = set()
        self._names: dict[tuple[str, int], dict[date, str]] = {}
        self._lock = threading.Lock()

    def ensure(self, year: int) -> None:
        """Load `year` and its neighbours (a transfer may sit in the previous December)."""
        if year in self.years:
            return
        with self._lock:
            wanted = [y for y in (year - 1, year, year + 1) if 1 <= y <= 9999 and y not in self.years]
            if not wanted:
                return
            table = holidays.country_holidays(self.country, years=wanted)
            self.days_off.update(table.keys())
            self.working_weekends.update(getattr(table, "weekend_workdays", ()))
            self.years.update(wanted)

    def name(self, day: date) -> str:
        """The holiday's name in the active language ("" when `day` is no public holiday)."""
        language = (translation.get_language() or "en").split("-")[0]
        key = (language, day.year)
        names = self._names.get(key)
        if names is None:
            native = language if language in holidays.KZ.supported_languages else "en_US"
            table = holidays.country_holidays(self.country, years=day.year, language=native)
            names = dict(table.items())
            if native == "en_US":
                names = {d: _translate_holiday_name(n) for d, n in names.items()}
            self._names[key] = names
        return names.get(day, "")


PUBLIC_HOLIDAYS = PublicHolidays()


# --- the snapshot -------------------------------------------------------------------------------------


def shift_months(day: date, months: int) -> date:
    """`day` plus `months` months, keeping the day number clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = pycalendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _check_date(day: date) -> None:
    # A datetime is a date too, but never equal to one: convert with timezone.localdate() first.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"a date is expected, not {type(day).__name__}")


class WorkCalendar:
    """An immutable snapshot of the working-day calendar (public holidays + calendar exceptions)."""

    def __init__(
        self,
        exceptions: Mapping[date, tuple[str, str]] | None = None,
        *,
        version: int | None = None,
        public: PublicHolidays | None = None,
    ) -> None:
        """`exceptions` maps a date to (kind, reason) with kinds of `CalendarException.Kind`."""
        self.version = version
        self._public = public or PUBLIC_HOLIDAYS
        self._extra_days_off: dict[date, str] = {}
        self._working_weekends: dict[date, str] = {}
        for day, (kind, reason) in (exceptions or {}).items():
            target = self._working_weekends if kind == CalendarException.Kind.WORKDAY else self._extra_days_off
            target[day] = reason
        # (first year, last year, sorted ordinals of the working days in those years), swapped whole
        self._span: tuple[int, int, list[int]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, *, version: int | None = None) -> WorkCalendar:
        """A snapshot with the exceptions read from the database (one query)."""
        rows = CalendarException.objects.order_by().values_list("date", "kind", "reason")
        return cls({day: (kind, reason) for day, kind, reason in rows}, version=version)

    # -- single days --

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day; calendar exceptions override everything else."""
        _check_date(day)
        if day in self._working_weekends:
            return True
        if day in self._extra_days_off:
            return False
        public = self._public
        if day.year not in public.years:
            public.ensure(day.year)
        if day in public.days_off:
            return False
        if day in public.working_weekends:
            return True
        return day.weekday() < 5  # 003 §17.1: Saturday and Sunday are days off

    def day_info(self, day: date) -> DayInfo:
        """The kind of `day` with the holiday name or the exception's reason."""
        _check_date(day)
        if day in self._working_weekends:
            return DayInfo(day, DayKind.TRANSFERRED_WORKDAY, self._working_weekends[day])
        if day in self._extra_days_off:
            return DayInfo(day, DayKind.EXTRA_DAY_OFF, self._extra_days_off[day])
        self._public.ensure(day.year)
        if day in self._public.days_off:
            return DayInfo(day, DayKind.HOLIDAY, self._public.name(day))
        if day in self._public.working_weekends:
            return DayInfo(day, DayKind.TRANSFERRED_WORKDAY, gettext("working day moved by the Government"))
        if day.weekday() >= 5:
            return DayInfo(day, DayKind.WEEKEND)
        return DayInfo(day, DayKind.WORKING)

    def next_working_day(self, day: date, include_self: bool = True) -> date:
        """`day` if it is a working day (and `include_self`), else the first working day after it."""
        _check_date(day)
        if not include_self:
            day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: date, include_self: bool = True) -> date:
        """`day` if it is a working day (and `include_self`), else the last working day before it."""
        _check_date(day)
        if not include_self:
            day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    # -- terms (SPEC §3.2) --

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly after `day` (`day` is day 0, working or not)."""
        _check_date(day)
        if n < 0:
            return self.subtract_working_days(day, -n)
        if n == 0:
            return self.next_working_day(day)
        ordinal = day.toordinal()
        first, last = day.year, day.year + 1 + n // 200  # about 245 working days a year
        while True:
            working = self._working_ordinals(first, last)
            index = bisect.bisect_right(working, ordinal) + n - 1
            if index < len(working):
                return date.fromordinal(working[index])
            last += 1 + n // 200

    def subtract_working_days(self, day: date, n: int) -> date:
        """The n-th working day strictly before `day`."""
        _check_date(day)
        if n < 0:
            return self.add_working_days(day, -n)
        if n == 0:
            return self.previous_working_day(day)
        ordinal = day.toordinal()
        first, last = day.year - 1 - n // 200, day.year
        while True:
            working = self._working_ordinals(first, last)
            index = bisect.bisect_left(working, ordinal) - n
            if index >= 0:
                return date.fromordinal(working[index])
            first -= 1 + n // 200

    def add_calendar_days(self, day: date, n: int) -> date:
        """`day` plus n calendar days, moved to the next working day (003 §12.15)."""
        _check_date(day)
        if n < 0:
            return self.subtract_calendar_days(day, -n)
        return self.next_working_day(day + timedelta(days=n))

    def subtract_calendar_days(self, day: date, n: int) -> date:
        """`day` minus n calendar days, moved to the previous working day (a "no later than" date)."""
        _check_date(day)
        if n < 0:
            return self.add_calendar_days(day, -n)
        return self.previous_working_day(day - timedelta(days=n))

    def add_months(self, day: date, n: int) -> date:
        """`day` plus n months (day number clamped to the month's end), moved to the next working day."""
        _check_date(day)
        if n < 0:
            return self.subtract_months(day, -n)
        return self.next_working_day(shift_months(day, n))

    def subtract_months(self, day: date, n: int) -> date:
        """`day` minus n months (clamped), moved to the previous working day (a "no later than" date)."""
        _check_date(day)
        if n < 0:
            return self.add_months(day, -n)
        return self.previous_working_day(shift_months(day, -n))

    def deadline(self, start: date, amount: int, unit: Unit | str, *, before: bool = False) -> date:
        """The term of `amount` `unit`s after (or `before`) `start`."""
        unit = Unit(unit)
        if unit == Unit.WORKING_DAYS:
            return self.subtract_working_days(start, amount) if before else self.add_working_days(start, amount)
        if unit == Unit.CALENDAR_DAYS:
            return self.subtract_calendar_days(start, amount) if before else self.add_calendar_days(start, amount)
        return self.subtract_months(start, amount) if before else self.add_months(start, amount)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (minus those in (b, a]) when b is before a."""
        _check_date(a)
        _check_date(b)
        working = self._working_ordinals(min(a.year, b.year), max(a.year, b.year))
        return bisect.bisect_right(working, b.toordinal()) - bisect.bisect_right(working, a.toordinal())

    def working_days_in(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        return self.working_days_between(first - ONE_DAY, last)

    def explain(self, start: date, amount: int, unit: Unit | str, *, before: bool = False) -> Explanation:
        """The deadline with the days off it passed over and why (for the calculator page)."""
        unit = Unit(unit)
        if amount < 0:
            amount, before = -amount, not before
        result = self.deadline(start, amount, unit, before=before)
        landing: date | None = None
        if unit == Unit.CALENDAR_DAYS:
            landing = start - timedelta(days=amount) if before else start + timedelta(days=amount)
        elif unit == Unit.MONTHS:
            landing = shift_months(start, -amount if before else amount)
        # Walk towards the result (excluded) from the first day that could have been the deadline:
        # the landing day of a calendar term, the start of a zero term, else the day after the start.
        if landing is not None:
            walk_from = landing
        elif amount == 0:
            walk_from = start
        else:
            walk_from = start - ONE_DAY if before else start + ONE_DAY
        step = -ONE_DAY if before else ONE_DAY
        skipped = []
        day = walk_from
        while (day > result) if before else (day < result):
            info = self.day_info(day)
            if not info.is_working:
                skipped.append(info)
            day += step
        return Explanation(start, amount, unit, before, result, landing, tuple(skipped))

    def days_of_year(self, year: int) -> list[DayInfo]:
        """Every day of `year` with its kind, for the calendar page."""
        first = date(year, 1, 1)
        return [self.day_info(first + timedelta(days=i)) for i in range((date(year, 12, 31) - first).days + 1)]

    # -- internals --

    def _working_ordinals(self, first_year: int, last_year: int) -> list[int]:
        """Sorted ordinals of the working days of at least the years first_year..last_year."""
        span = self._span
        if span is not None and span[0] <= first_year and last_year <= span[1]:
            return span[2]
        if first_year < 1 or last_year > 9999:
            raise OverflowError("date out of the supported range")
        with self._lock:
            if span is not None:
                first_year, last_year = min(first_year, span[0]), max(last_year, span[1])
            start, end = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
            for year in range(first_year, last_year + 1):
                self._public.ensure(year)
            is_working = self.is_working_day
            working = [o for o in range(start, end + 1) if is_working(date.fromordinal(o))]
            self._span = (first_year, last_year, working)
            return working


# --- the process-wide snapshot and its version in the shared cache ----------------------------------

_snapshot: WorkCalendar | None = None
_pinned: ContextVar[WorkCalendar | None] = ContextVar("workdays_pinned", default=None)
# inside pinned_on_first_use(): empty until the first call reads a snapshot, then holding it
_first_use: ContextVar[list[WorkCalendar] | None] = ContextVar("workdays_first_use", default=None)
_read_version: Callable[[], int | None] | None = None
_cache_error_logged_at: float | None = None


def _new_version() -> int:
    # An int, which Django's Redis serializer stores as plain digits (no pickle): cheap to read back.
    return secrets.randbits(62)


def _version_reader() -> Callable[[], int | None]:
    """A function reading the version with one Redis GET on a client kept for the process.

    Django's RedisCache builds a new client object on every call (most of a GET's cost); the client
    reused here shares Django's connection pool, which is thread-safe and reset after a fork.
    Any other cache backend is read through the ordinary API.
    """
    key = cache.make_and_validate_key(VERSION_CACHE_KEY)
    get_client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if get_client is None:
        return lambda: cache.get(VERSION_CACHE_KEY)
    client = get_client(key)

    def read() -> int | None:
        raw = client.get(key)
        return int(raw) if raw is not None and raw.isdigit() else None

    return read


def _current_version() -> int | None:
    """The version in the shared cache, created when missing; None when the cache is unreachable."""
    global _read_version, _cache_error_logged_at
    try:
        if _read_version is None:
            _read_version = _version_reader()
        version = _read_version()
        if version is None:  # missing (first use, flushed cache) or not a number (written by older code)
            candidate = _new_version()
            version = candidate if cache.add(VERSION_CACHE_KEY, candidate, timeout=None) else _read_version()
            if version is None:
                version = bump_version()
    except Exception as error:  # any backend error: fall back to the database rather than to stale data
        now = time.monotonic()
        if _cache_error_logged_at is None or now - _cache_error_logged_at > 60:
            _cache_error_logged_at = now
            logger.warning("calendar version unavailable (%r); reading exceptions from the database", error)
        return None
    return version


def get_calendar() -> WorkCalendar:
    """The current snapshot: the pinned one, or the process-wide one while its version is current."""
    global _snapshot
    pinned_calendar = _pinned.get()
    if pinned_calendar is not None:
        return pinned_calendar
    first_use = _first_use.get()
    if first_use:
        return first_use[0]
    version = _current_version()  # read before loading: a change committed meanwhile bumps it again
    snapshot = _snapshot
    if snapshot is None or version is None or snapshot.version != version:
        snapshot = WorkCalendar.load(version=version)
        if version is not None:
            _snapshot = snapshot
    if first_use is not None:
        first_use.append(snapshot)
    return snapshot


@contextmanager
def pinned() -> Iterator[WorkCalendar]:
    """Use one snapshot inside the block: no cache GET per call (bulk recomputation)."""
    token = _pinned.set(get_calendar())
    try:
        yield _pinned.get()  # type: ignore[misc]
    finally:
        _pinned.reset(token)


@contextmanager
def pinned_on_first_use() -> Iterator[None]:
    """Inside the block the first call reads the snapshot (nothing is read if no date is computed) and every
    later call uses it: a page's dates on one calendar, with one cache GET (akimat.middleware)."""
    token = _first_use.set([])
    try:
        yield
    finally:
        _first_use.reset(token)


def bump_version() -> int:
    """Make every process drop its snapshot at its next call; return the new version."""
    version = _new_version()
    cache.set(VERSION_CACHE_KEY, version, timeout=None)
    return version


def forget_snapshot() -> None:
    """Drop this process's snapshot and cache client (tests simulate a fresh process with it)."""
    global _snapshot, _read_version
    _snapshot = None
    _read_version = None


def calendar_was_changed(dates: Iterable[date]) -> None:
    """Announce changed exceptions: new version now and after commit, then `calendar_changed`."""
    changed = frozenset(dates)
    bump_version()

    def after_commit() -> None:
        bump_version()
        calendar_changed.send(sender=WorkCalendar, dates=changed)

    transaction.on_commit(after_commit)


def today() -> date:
    """Today in Asia/Almaty (the project's time zone)."""
    return timezone.localdate()


def format_date(day: date) -> str:
    """dd.mm.yyyy, as the whole product shows dates."""
    return formats.date_format(day, "d.m.Y")


# --- module-level functions on the current snapshot ---------------------------------------------------


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day."""
    return get_calendar().is_working_day(day)


def day_info(day: date) -> DayInfo:
    """The kind of `day` with the holiday name or exception reason."""
    return get_calendar().day_info(day)


def next_working_day(day: date, include_self: bool = True) -> date:
    """`day` if working (and `include_self`), else the next working day."""
    return get_calendar().next_working_day(day, include_self)


def previous_working_day(day: date, include_self: bool = True) -> date:
    """`day` if working (and `include_self`), else the previous working day."""
    return get_calendar().previous_working_day(day, include_self)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day strictly after `day`."""
    return get_calendar().add_working_days(day, n)


def subtract_working_days(day: date, n: int) -> date:
    """The n-th working day strictly before `day`."""
    return get_calendar().subtract_working_days(day, n)


def add_calendar_days(day: date, n: int) -> date:
    """`day` + n calendar days, moved to the next working day (003 §12.15)."""
    return get_calendar().add_calendar_days(day, n)


def subtract_calendar_days(day: date, n: int) -> date:
    """`day` − n calendar days, moved to the previous working day."""
    return get_calendar().subtract_calendar_days(day, n)


def add_months(day: date, n: int) -> date:
    """`day` + n months (clamped), moved to the next working day (003 §12.15)."""
    return get_calendar().add_months(day, n)


def subtract_months(day: date, n: int) -> date:
    """`day` − n months (clamped), moved to the previous working day."""
    return get_calendar().subtract_months(day, n)


def deadline(start: date, amount: int, unit: Unit | str, *, before: bool = False) -> date:
    """The term of `amount` `unit`s after (or `before`) `start`."""
    return get_calendar().deadline(start, amount, unit, before=before)


def working_days_between(a: date, b: date) -> int:
    """Working days in (a, b], negative when b < a (traffic light: ≤ 3 left, SPEC §5)."""
    return get_calendar().working_days_between(a, b)


def explain(start: date, amount: int, unit: Unit | str, *, before: bool = False) -> Explanation:
    """The deadline with the days off it passed over and why."""
    return get_calendar().explain(start, amount, unit, before=before)
