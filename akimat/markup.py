"""HTML written in Python for the markup a list repeats on every row (journal rows, options of a select).

Django's format_html() and escape() are lazy-aware wrappers around the standard library's html.escape;
called thousands of times per page they cost more than the queries. Code that builds such markup writes
f-strings and passes every value that is not its own markup through `esc`.
"""

from html import escape


def esc(value: object) -> str:
    """Text escaped for HTML, quotes included: what django.utils.html.escape returns, without its wrapper."""
    return escape(str(value))
