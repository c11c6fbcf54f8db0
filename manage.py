#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

Two mistakes of a newcomer end in one line saying what to do instead of a traceback: a bad setting in
the environment (`DEBUG=maybe`), and a command run before `migrate` on a fresh database.
"""

import os
import sys

NOT_MIGRATED = "The database is not set up: run `python manage.py migrate` (or `make run`)"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akimat.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        sys.exit(f"{error}")
    except ProgrammingError as error:
        if not _is_missing_table(error):
            raise
        sys.exit(NOT_MIGRATED)


def _is_missing_table(error: Exception) -> bool:
    """PostgreSQL's undefined_table (42P01): a table the migrations create does not exist yet."""
    return getattr(error.__cause__, "sqlstate", None) == "42P01"


if __name__ == "__main__":
    main()
