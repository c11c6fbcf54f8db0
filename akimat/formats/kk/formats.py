"""Kazakh formats: Django ships none for "kk", so a number would be written "100.0" (the English default).

Kazakhstan writes a decimal comma and groups thousands with a space, as in Russian ("1 234,5"), and dates as
the apparatus writes them in every language (akimat/formats/dates.py). Django's localisation (number_format,
floatformat, localize, |date) reads these.
"""

from akimat.formats.dates import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1  # Monday
