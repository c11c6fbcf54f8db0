"""`manage.py reglament show [--profile CODE]`: the rules of a regulation profile as a table (SPEC §3.3).

The command takes a subcommand, so that more (e.g. `diff`, `activate`) can be added beside `show`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from akimat import reglament
from akimat.models import RegulationProfile

#: Exit code for a profile that does not exist or a missing active profile.
EXIT_UNKNOWN_PROFILE = 2


class Command(BaseCommand):
    help = "Regulation profile: `show` prints the rules of the active (or a named) profile."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{show}")
        show = subcommands.add_parser("show", help="print the rules: key, value, unit, §")
        show.add_argument("--profile", metavar="CODE", help="profile code (default: the active profile)")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "show":
            self.show(options.get("profile"))

    def show(self, code: str | None) -> None:
        if code:
            profile = RegulationProfile.objects.filter(code=code).first()
            if profile is None:
                known = ", ".join(RegulationProfile.objects.values_list("code", flat=True)) or "none"
                raise CommandError(
                    f"Unknown regulation profile {code!r} (profiles: {known}).", returncode=EXIT_UNKNOWN_PROFILE
                )
        else:
            try:
                profile = reglament.active_profile()
            except reglament.NoActiveProfileError as error:
                raise CommandError(str(error), returncode=EXIT_UNKNOWN_PROFILE) from error

        marks = [mark for mark, flag in (("active", profile.is_active), ("preset", profile.is_preset)) if flag]
        self.stdout.write(f"Profile {profile.code}: {profile}" + (f" [{', '.join(marks)}]" if marks else ""))
        rows = [("key", "value", "unit", "§")]
        rows += [(r.key, r.value, r.unit, r.section) for r in reglament.profile_rules(profile)]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
