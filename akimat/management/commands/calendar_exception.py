"""Calendar exceptions from the shell (SPEC §3.2):

    manage.py calendar_exception add 2026-04-03 --kind holiday --reason "Decree No. …"
    manage.py calendar_exception add 2026-03-28 --kind workday --reason "Transfer of 23.03"
    manage.py calendar_exception remove 2026-04-03
    manage.py calendar_exception list --year 2026

Changes go through `akimat.calendar_exceptions`, so every process sees them at once and the deadlines
they move are recomputed. Errors: a message on stderr and exit code 2.
"""

import argparse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR

from akimat import workdays
from akimat.calendar_exceptions import add_exception, remove_exception
from akimat.management.commands.deadline import ExitTwoParser, iso_date
from akimat.models import CalendarException


def year_number(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not 1 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}")
    return year


class Command(BaseCommand):
    help = "Add, remove or list calendar exceptions: extra days off and working weekend days."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = ExitTwoParser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, parser_class=ExitTwoParser, metavar="ACTION")
        add = actions.add_parser("add", help="add an exception")
        add.add_argument("date", type=iso_date, help="YYYY-MM-DD")
        add.add_argument("--kind", required=True, choices=CalendarException.Kind.values)
        add.add_argument("--reason", required=True, help="e.g. the decree that transfers the day off")
        remove = actions.add_parser("remove", help="remove the exception on a date")
        remove.add_argument("date", type=iso_date, help="YYYY-MM-DD")
        listing = actions.add_parser("list", help="list the exceptions of a year")
        listing.add_argument("--year", type=year_number, help="default: this year")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with translation.override("en"):  # operator output stays the same whatever LANGUAGE_CODE is
            self._handle(action, options)

    def _handle(self, action: str, options: dict[str, Any]) -> None:
        try:
            if action == "add":
                exception = add_exception(options["date"], options["kind"], options["reason"])
                self.stdout.write(f"added: {self._line(exception)}")
            elif action == "remove":
                remove_exception(options["date"])
                self.stdout.write(f"removed: {options['date'].isoformat()}")
            else:
                self._list(options.get("year") or workdays.today().year)
        except ValidationError as error:
            raise CommandError("Error: " + " ".join(error.messages), returncode=2) from None

    def _list(self, year: int) -> None:
        rows = CalendarException.objects.filter(date__year=year).order_by("date")
        if not rows:
            self.stdout.write(f"no calendar exceptions in {year}")
            return
        self.stdout.write(f"{'date':<10}  {'day':<3}  {'kind':<7}  reason")
        for exception in rows:
            self.stdout.write(self._line(exception))

    @staticmethod
    def _line(exception: CalendarException) -> str:
        day = exception.date
        return f"{day.isoformat():<10}  {WEEKDAYS_ABBR[day.weekday()]!s:<3}  {exception.kind:<7}  {exception.reason}"
