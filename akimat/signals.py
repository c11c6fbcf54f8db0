"""Signal handlers of the core (imported by AkimatConfig.ready).

calendar_exceptions: calendar exception writes bump the calendar version; login_throttle: failed sign-ins
are counted and a sign-in forgets them.
"""

from akimat import calendar_exceptions, login_throttle  # noqa: F401
