"""`manage.py deadline --from 2026-03-18 --working-days 15` → `2026-04-13` (SPEC §10, a stable interface).

Exactly one term option: --working-days, --calendar-days or --months (a non-negative integer).
--from defaults to today (Asia/Almaty). --before counts backwards: N working days strictly before the
date; for calendar days and months the plain date minus N, moved to the *previous* working day when it
is a day off (a "no later than" date must not move later). Bad input: a message on stderr, exit code 2.
"""

import argparse
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from akimat import workdays
from akimat.workdays import Unit


class ExitTwoParser(CommandParser):
    """Usage errors end with exit code 2 from the shell (argparse) and from call_command alike."""

    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            super().error(message)  # usage and message on stderr, exit code 2
        raise CommandError(f"Error: {message}", returncode=2)


class _StoreOnce(argparse.Action):
    """Refuse an option given twice instead of silently keeping the last value."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        if getattr(namespace, "_seen_terms", None):
            parser.error(f"give only one term option (got {namespace._seen_terms} and {option})")
        namespace._seen_terms = option
        setattr(namespace, self.dest, values)


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def term_count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must not be negative (use --before to count backwards): {value}")
    return number


class Command(BaseCommand):
    help = "Print the deadline (ISO date) a term gives from a date, by the working-day calendar (SPEC §3.2)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = ExitTwoParser  # same parser, stricter exit code for usage errors
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=iso_date, help="start date YYYY-MM-DD (default: today)")
        terms = parser.add_mutually_exclusive_group(required=True)
        for option, unit in (
            ("--working-days", Unit.WORKING_DAYS),
            ("--calendar-days", Unit.CALENDAR_DAYS),
            ("--months", Unit.MONTHS),
        ):
            terms.add_argument(option, dest=unit.value, type=term_count, action=_StoreOnce, metavar="N")
        parser.add_argument("--before", action="store_true", help="count backwards from the date")

    def handle(self, *args: Any, start: date | None, before: bool, **options: Any) -> None:
        given = [unit for unit in Unit if options.get(unit.value) is not None]
        if len(given) != 1:  # call_command bypasses the mutually exclusive group
            raise CommandError("Error: give exactly one of --working-days, --calendar-days, --months", returncode=2)
        unit = given[0]
        amount = options[unit.value]
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise CommandError(f"Error: the term must be a non-negative whole number, not {amount!r}", returncode=2)
        try:
            result = workdays.deadline(start or workdays.today(), amount, unit, before=before)
        except OverflowError:
            raise CommandError("Error: the result is outside the supported dates", returncode=2) from None
        self.stdout.write(result.isoformat())
