"""`python manage.py protocols_timeliness --week 2026-03-16` prints the Monday list of 003 §8.6.

The meetings held in the week containing that day (last week by default), each with its protocol's drafting
term, when it was drafted and whether on time or late by how many working days, or still missing; then the
counts. `--language kk|ru|en` (default: the installation's LANGUAGE_CODE). The operator's list covers every
meeting. A bad date or language exits with code 2.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext

from akimat import workdays
from control.management.commands.control_report import report_language
from control.reports import ReportInputError, Week
from meetings import timeliness

#: the title column is cut to this many characters, so that a row stays on one line of a terminal
TITLE_WIDTH = 60


class Command(BaseCommand):
    help = "Print the timeliness of protocols of the meetings held in a week (--week 2026-03-16; 003 §8.6)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--week", help="any day of the week, YYYY-MM-DD (default: last week)")
        parser.add_argument("--language", help="kk, ru or en (default: the installation's LANGUAGE_CODE)")

    def handle(self, *args, week: str | None, language: str | None, **options) -> None:
        language = report_language(language)
        with translation.override(language):
            try:
                chosen = Week.parse(week) if week else Week.containing(workdays.today()).previous()
            except ReportInputError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(self._render(timeliness.week_list(chosen)))

    def _render(self, data: timeliness.WeekTimeliness) -> str:
        lines = [
            gettext("Timeliness of protocols")
            + f": {data.week.monday:%d.%m.%Y} – {data.week.sunday:%d.%m.%Y} "
            + gettext("(as at %(date)s)") % {"date": f"{data.as_of:%d.%m.%Y}"},
            "",
        ]
        headers = [
            gettext("Date"),
            gettext("Type of meeting"),
            gettext("Title"),
            gettext("Chair"),
            gettext("Drafting term"),
            gettext("Drafted"),
            gettext("Timeliness"),
        ]
        rows = [_cells(row) for row in data.rows]
        widths = [max(len(cells[i]) for cells in [headers, *rows]) for i in range(len(headers))]
        for cells in [headers, ["-" * width for width in widths], *rows]:
            lines.append("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip())
        if not rows:
            lines.append(gettext("No meetings were held this week."))
        summary = data.summary
        lines += [
            "",
            f"{gettext('Meetings held')}: {summary.total} · {gettext('drafted on time')}: {summary.on_time} · "
            f"{gettext('drafted late')}: {summary.late} · {gettext('not drafted')}: {summary.missing}",
        ]
        return "\n".join(lines)


def _cells(row: timeliness.TimelinessRow) -> list[str]:
    meeting = row.meeting
    title = " ".join(row.title.split())
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1] + "…"
    return [
        f"{timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}",
        meeting.type.name,
        title,
        meeting.chair.full_name,
        f"{row.due_on:%d.%m.%Y}",
        f"{timezone.localtime(row.drafted_at):%d.%m.%Y %H:%M}" if row.drafted_at else "—",
        row.status_text,
    ]
