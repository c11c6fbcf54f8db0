"""`python manage.py send_reminders [--date 2026-03-20] [--dry-run]` — the daily scan for a date (003 §12.4)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from akimat import workdays
from control import reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD; got {value!r}.", returncode=2) from None


class Command(BaseCommand):
    help = "Send the control reminders due on a date (today by default) and print what was sent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="the day to scan, YYYY-MM-DD (default: today in Asia/Almaty)")
        parser.add_argument("--dry-run", action="store_true", help="show what would be sent; send nothing")

    def handle(self, *args, date: str | None, dry_run: bool, **options) -> None:
        day = _date(date) if date else workdays.today()
        if not workdays.is_working_day(day):
            self.stdout.write(f"{day.isoformat()} is not a working day: no reminders are sent.")
        sent = reminders.scan(day, dry_run=dry_run)
        for notification in sent:
            self.stdout.write(
                f"{notification.kind.removeprefix('control.'):16} {notification.key:12} "
                f"{notification.recipient.get_username():20} {notification.title}"
            )
        counts = reminders.counts(sent)
        prefix = "would send" if dry_run else "sent"
        self.stdout.write(f"{prefix}: " + ", ".join(f"{kind}={count}" for kind, count in counts.items()))
