"""Dates in dd.mm.yyyy in this language too (akimat/formats/dates.py); Django's own formats give the rest."""

from akimat.formats.dates import *  # noqa: F403
