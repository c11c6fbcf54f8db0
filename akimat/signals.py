"""Signal handlers of the core (imported by AkimatConfig.ready)."""

from akimat import calendar_exceptions  # noqa: F401  (calendar exception writes bump the calendar version)
