"""Registration numbers: unique, gapless, one counter per journal and calendar year (SPEC §3.4).

A number is taken inside the registering transaction by locking the journal's counter row, so
concurrent registrars queue on that row and a rolled-back registration gives its number back.
A PostgreSQL sequence would be faster but is not transactional: a rollback would leave a hole.
"""

import datetime
import string

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat.models import Counter, Journal

PLACEHOLDERS = frozenset({"prefix", "index", "seq", "year", "yy"})


class NumberingError(Exception):
    """A number cannot be taken: unknown journal, bad format, missing index or no transaction."""


def validate_number_format(number_format: str) -> set[str]:
    """The placeholders of a format; NumberingError unless they are all known and include {seq}."""
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(number_format) if name is not None]
    except ValueError as error:
        raise NumberingError(_("Invalid number format: %(error)s") % {"error": error}) from None
    unknown = sorted(set(fields) - PLACEHOLDERS)
    if unknown:
        raise NumberingError(_("Unknown placeholders in the number format: %(names)s.") % {"names": ", ".join(unknown)})
    if "seq" not in fields:
        raise NumberingError(_("The number format must contain {seq}."))
    return set(fields)


def render_number(journal: Journal, *, seq: int, year: int, index: str = "") -> str:
    """The number as the journal's format writes it, e.g. "{index}/{seq}" → "01-12/345"."""
    placeholders = validate_number_format(journal.number_format)
    index = index.strip()
    if "index" in placeholders and not index:
        # a number never changes once taken, so refuse rather than issue "/345"
        raise NumberingError(
            _("Journal “%(code)s” needs the file nomenclature index for its numbers.") % {"code": journal.code}
        )
    try:
        return journal.number_format.format(
            prefix=journal.prefix, index=index, seq=seq, year=year, yy=f"{year % 100:02d}"
        )
    except (ValueError, IndexError) as error:  # a bad spec such as "{prefix:d}"
        raise NumberingError(_("Invalid number format: %(error)s") % {"error": error}) from None


def take_number(journal_code: str, *, on: datetime.date | None = None, index: str = "") -> str:
    """Take the next number of a journal for the year of `on` (today in Asia/Almaty by default).

    Must run inside the caller's transaction.atomic(): the counter row stays locked until that
    transaction ends, and a rollback returns the number. Take it as late in the transaction as
    possible, because other registrars in the same journal wait for the lock.
    """
    if not _in_callers_transaction():
        raise NumberingError(
            _("A registration number can only be taken inside the registering transaction (transaction.atomic).")
        )
    journal = _journal(journal_code)
    year = _year_of(on)
    # Race 1: two registrars read the same last value and issue the same number. FOR UPDATE makes the
    # second wait until the first commits or rolls back, and then read the value it left behind.
    counter = Counter.objects.select_for_update().filter(journal=journal, year=year).first()
    if counter is None:
        # Race 2: the first two registrations of a year both find no counter and both insert one.
        # ON CONFLICT DO NOTHING (bulk_create ignore_conflicts) makes the second wait for the first's
        # row instead of failing on the unique constraint, which would abort the caller's transaction.
        Counter.objects.bulk_create([Counter(journal=journal, year=year)], ignore_conflicts=True)
        counter = Counter.objects.select_for_update().get(journal=journal, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return render_number(journal, seq=counter.last_value, year=year, index=index)


def preview_number(journal_code: str, *, on: datetime.date | None = None, index: str = "") -> str:
    """The number the next registration would get, without taking it (another may take it first)."""
    journal = _journal(journal_code)
    year = _year_of(on)
    last = Counter.objects.filter(journal=journal, year=year).values_list("last_value", flat=True).first() or 0
    return render_number(journal, seq=last + 1, year=year, index=index)


def _in_callers_transaction() -> bool:
    """True inside transaction.atomic(); the blocks Django's TestCase wraps every test in do not count.

    Without that exception a service that forgot its atomic() would pass its tests and, in
    production, commit the counter before the document: a crash in between would leave a gap.
    """
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _journal(code: str) -> Journal:
    try:
        return Journal.objects.get(code=code)
    except Journal.DoesNotExist:
        raise NumberingError(_("There is no registration journal “%(code)s”.") % {"code": code}) from None


def _year_of(on: datetime.date | None) -> int:
    """Counters restart on 1 January in Asia/Almaty, whatever time zone the caller runs in."""
    zone = timezone.get_default_timezone()
    if on is None:
        return timezone.localdate(timezone=zone).year
    if isinstance(on, datetime.datetime) and timezone.is_aware(on):
        return timezone.localtime(on, zone).year
    return on.year
