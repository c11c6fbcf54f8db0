"""`python manage.py control_report --quarter 2026Q1 --format pdf --output report.pdf` (003 §12.16).

Also `--week 2026-03-16` for the weekly control list of the week containing that day (003 §12.4), and
`--language kk|ru|en` (default: the installation's LANGUAGE_CODE). The operator's report covers every
item. A bad quarter, week, format or language exits with code 2.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from control import reports


class Command(BaseCommand):
    help = "Write the quarterly report (--quarter 2026Q1) or the weekly control list (--week 2026-03-16) to a file."

    def add_arguments(self, parser) -> None:
        # either --quarter or --week; checked in handle() so that a wrong call always exits with code 2
        parser.add_argument("--quarter", help="the quarter of the report, e.g. 2026Q1")
        parser.add_argument(
            "--week", help="any day of the week of the weekly control list, YYYY-MM-DD (instead of --quarter)"
        )
        parser.add_argument("--format", default="pdf", help="pdf (default) or xlsx")
        parser.add_argument("--output", help="the file to write (default: control-report-2026Q1.pdf and the like)")
        parser.add_argument("--language", help="kk, ru or en (default: the installation's LANGUAGE_CODE)")

    def handle(
        self,
        *args,
        quarter: str | None,
        week: str | None,
        format: str,
        output: str | None,
        language: str | None,
        **options,
    ) -> None:
        if options.get("verbosity", 1) < 2:
            # WeasyPrint logs every page it lays out ("Step 5 - Creating layout - Page 12") at INFO
            logging.getLogger("weasyprint").setLevel(logging.WARNING)
        language = report_language(language)
        fmt = format.strip().lower()
        with translation.override(language):
            try:
                if quarter and week:
                    raise CommandError("Give either --quarter or --week, not both.", returncode=2)
                if not quarter and not week:
                    raise CommandError("Give --quarter 2026Q1 or --week 2026-03-16.", returncode=2)
                if week:
                    export = reports.export_weekly_list(reports.Week.parse(week), fmt, language=language)
                else:
                    export = reports.export_quarterly_report(reports.Quarter.parse(quarter), fmt, language=language)
            except reports.ReportInputError as error:
                raise CommandError(str(error), returncode=2) from None
        write_export(self, export, output)


def report_language(language: str | None) -> str:
    """The --language of a report command: one of LANGUAGES, the installation's LANGUAGE_CODE when not given."""
    codes = [code for code, _name in settings.LANGUAGES]
    chosen = (language or settings.LANGUAGE_CODE).strip().lower()
    if chosen not in codes:
        raise CommandError(f"--language must be one of {', '.join(codes)}; got {chosen!r}.", returncode=2)
    return chosen


def write_export(command: BaseCommand, export: reports.Export, output: str | None) -> None:
    """Write a report to --output (its own file name when not given) and say where; exit code 2 if it cannot."""
    path = Path(output or export.filename)
    try:
        path.write_bytes(export.content)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.", returncode=2) from None
    command.stdout.write(f"{path} ({len(export.content)} bytes)")
