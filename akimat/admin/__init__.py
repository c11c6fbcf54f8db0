"""Django admin for the reference data of the core (each part in its own module)."""

from akimat.admin import calendar, login, numbering, org, reglament  # noqa: F401
