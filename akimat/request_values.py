"""Reading a date, an id, a number or a text from a request — only what the database and the calendar accept.

A query string or a form is typed by anyone: a NUL byte (PostgreSQL refuses it in text), a number past
the column's range, a Unicode digit that `str.isdigit()` accepts and `int()` refuses, a date in year
9999 that deadline arithmetic cannot move past. Views read parameters through these functions; each
answers None (or the default) for a value it cannot use, so the page ignores the parameter or says so
in its own words — never a server error. Form fields with the same bounds are in `akimat.forms`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from akimat import workdays

# Dates the working-day calendar can count with: the `holidays` package knows Kazakhstan's days off
# from 1991 to 2100, and nothing past 9999 can be computed at all.
FIRST_DATE = datetime.date(workdays.FIRST_YEAR, 1, 1)
LAST_DATE = datetime.date(workdays.LAST_YEAR, 12, 31)
DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")  # the date picker sends ISO; typed by hand, dd.mm.yyyy

# PostgreSQL's integer and bigint (every primary key of the project is a bigint)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
ID_MAX = 2**63 - 1

_ASCII_DIGITS = frozenset("0123456789")


def clean_text(value: str | None, *, max_length: int | None = None) -> str:
    """The text without NUL bytes and with runs of whitespace made one space, cut to max_length."""
    text = " ".join((value or "").replace("\x00", "").split())
    return text[:max_length] if max_length is not None else text


def parse_int(value: str | None, *, min_value: int = INT_MIN, max_value: int = INT_MAX) -> int | None:
    """A whole number written in ASCII digits (an optional leading minus) within the bounds; else None."""
    text = (value or "").strip()
    digits = text.removeprefix("-")
    if not digits or len(digits) > 19 or not _ASCII_DIGITS.issuperset(digits):
        return None
    number = int(text)
    return number if min_value <= number <= max_value else None


def parse_id(value: str | None) -> int | None:
    """A primary key: a positive whole number a bigint column holds; else None."""
    return parse_int(value, min_value=1, max_value=ID_MAX)


def parse_date(
    value: str | None,
    *,
    first: datetime.date = FIRST_DATE,
    last: datetime.date = LAST_DATE,
    formats: Iterable[str] = DATE_INPUT_FORMATS,
) -> datetime.date | None:
    """A date written in one of the formats, between first and last; else None."""
    text = (value or "").strip()
    if not text or len(text) > 10:  # every accepted format writes at most 10 characters
        return None
    for pattern in formats:
        try:
            day = datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 — a date, no time
        except ValueError:
            continue
        return day if first <= day <= last else None
    return None


def text_from(data: Mapping[str, str], name: str, *, max_length: int = 200) -> str:
    """The parameter `name` as clean text ("" when absent)."""
    return clean_text(data.get(name), max_length=max_length)


def int_from(data: Mapping[str, str], name: str, *, min_value: int = INT_MIN, max_value: int = INT_MAX) -> int | None:
    """The parameter `name` as a whole number within the bounds, or None."""
    return parse_int(data.get(name), min_value=min_value, max_value=max_value)


def id_from(data: Mapping[str, str], name: str) -> int | None:
    """The parameter `name` as a primary key, or None."""
    return parse_id(data.get(name))


def date_from(data: Mapping[str, str], name: str) -> datetime.date | None:
    """The parameter `name` as a date the calendar can count with, or None."""
    return parse_date(data.get(name))
