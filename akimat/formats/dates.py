"""Dates as the apparatus writes them in every language: dd.mm.yyyy, the 24-hour clock (issue #12 §1).

Django's English and Russian formats ("April 13, 2026", "13 апреля 2026 г.") and its defaults for Kazakh,
which it has no formats for, would show a date that no template formats itself in three ways, and the
admin's date fields would take "2026-04-13" in English. The project's format modules for en and ru, and the
settings (the fallback for kk), take these; the forms' widget is akimat.widgets.DateInput.
"""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]  # typed dd.mm.yyyy; ISO still accepted
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
