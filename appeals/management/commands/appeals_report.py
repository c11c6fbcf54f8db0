"""`python manage.py appeals_report --quarter 2026Q1 --format pdf --output appeals.pdf` (issue #15 §4).

The quarterly appeals statistics of every appeal (appeals.statistics), as a PDF (default) or an XLSX, in
`--language kk|ru|en` (default: the installation's LANGUAGE_CODE). A bad quarter, format or language exits with
code 2, as control_report does, whose language check and writing this command shares.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from appeals import statistics
from control.management.commands.control_report import report_language, write_export
from control.reports import Quarter, ReportInputError


class Command(BaseCommand):
    help = "Write the quarterly appeals statistics (--quarter 2026Q1) to a PDF or XLSX file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quarter", default="", help="the quarter, e.g. 2026Q1")
        parser.add_argument("--format", default="pdf", help="pdf (default) or xlsx")
        parser.add_argument("--output", help="the file to write (default: appeals-statistics-2026Q1.pdf and the like)")
        parser.add_argument("--language", help="kk, ru or en (default: the installation's LANGUAGE_CODE)")

    def handle(self, *args, quarter: str, format: str, output: str | None, language: str | None, **options) -> None:
        if options.get("verbosity", 1) < 2:
            logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a line per page laid out, at INFO
        language = report_language(language)
        with translation.override(language):
            try:
                export = statistics.export_quarterly_report(
                    Quarter.parse(quarter), format.strip().lower(), language=language
                )
            except ReportInputError as error:
                raise CommandError(str(error), returncode=2) from None
        write_export(self, export, output)
