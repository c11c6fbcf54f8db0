"""Background work of control: the daily reminder scan and recomputing deadlines (Celery)."""

import datetime
import logging

from celery import shared_task

from akimat import workdays

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def scan_reminders(on: str | None = None) -> dict[str, int]:
    """Every day at 09:00 Asia/Almaty (beat); does nothing on a day off. Idempotent (003 §12.4)."""
    from control import reminders

    day = datetime.date.fromisoformat(on) if on else workdays.today()
    counts = reminders.counts(reminders.scan(day))
    logger.info("control reminders for %s: %s", day, dict(counts))
    return dict(counts)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def recompute_deadlines(dates: list[str] | None = None) -> int:
    """Count deadlines of open items again after the working-day calendar changed (003 §12.15)."""
    from control import services

    moved = services.recompute_deadlines([datetime.date.fromisoformat(day) for day in dates or []])
    logger.info("control deadlines recomputed: %s moved", moved)
    return moved


def on_calendar_changed(sender, dates, **kwargs) -> None:
    """`calendar_changed` is sent after the change committed: queue the recomputation."""
    recompute_deadlines.delay(sorted(day.isoformat() for day in dates))


# --- Reports: the weekly control list (003 §12.4) and the quarterly report reminder (§12.16) ---------------

WEEKLY_LIST_KIND = "control.weekly_list"
QUARTERLY_REPORT_DUE_KIND = "control.quarterly_report_due"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def send_weekly_list(on: str | None = None) -> int:
    """Monday 08:00 Asia/Almaty (beat): e-mail last week's control list (PDF) to each head of apparatus.

    Once per head and week, also when beat fires twice or the task is retried: the e-mail is recorded
    as a notification (kind control.weekly_list, key = the week's Monday). Returns the e-mails sent.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from akimat.roles import Role
    from control import reports

    day = datetime.date.fromisoformat(on) if on else workdays.today()
    week = reports.Week.containing(day).previous()
    heads = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HEAD_OF_APPARATUS)
        .filter(Q(person__isnull=True) | Q(person__is_active=True))
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    sent = sum(_send_weekly_list_to(user, week) for user in heads)
    logger.info("weekly control list of %s: %s e-mails", week.key, sent)
    return sent


def _send_weekly_list_to(user, week) -> bool:
    """Record the week's notification and, if its e-mail is not out yet, send it with the PDF attached
    (akimat.notifications.notify_with_file: once per head and week, a failed send picked up by the retry)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from akimat.notifications import Draft, notify_with_file
    from control import reports

    draft = Draft(
        recipient=user,
        kind=WEEKLY_LIST_KIND,
        key=week.key,
        title=_("Weekly control list: %(start)s – %(end)s"),
        body=_("The list of instructions on control for the week from %(start)s to %(end)s is attached."),
        url=f"{reverse('control:control_reports:weekly_list')}?week={week.key}",
        context={"start": week.monday, "end": week.sunday},
    )
    return notify_with_file(
        draft, lambda language: reports.export_weekly_list(week, "pdf", user=user, language=language)
    )


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def remind_quarterly_report(on: str | None = None) -> int:
    """The 15th of Jan/Apr/Jul/Oct (beat): remind the general department that the report is due (§12.16).

    Once per registrar and quarter (kind control.quarterly_report_due, key = the quarter, e.g. 2026Q1).
    Returns the number of new reminders.
    """
    from calendar import monthrange

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import Q
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from akimat import reglament
    from akimat.notifications import Draft, notify_many
    from akimat.roles import Role
    from control import reports

    day = datetime.date.fromisoformat(on) if on else workdays.today()
    quarter = reports.Quarter.containing(day).previous()
    first = quarter.next().first_day  # 003 §12.16: by the 20th of the month after the quarter
    day_of_month = min(reglament.rule("control.quarterly_report_day").as_int(), monthrange(first.year, first.month)[1])
    due = first.replace(day=day_of_month)
    registrars = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.REGISTRAR)
        .filter(Q(person__isnull=True) | Q(person__is_active=True))
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    url = f"{reverse('control:control_reports:quarterly_report')}?quarter={quarter.key}"
    drafts = [
        Draft(
            recipient=user,
            kind=QUARTERLY_REPORT_DUE_KIND,
            key=quarter.key,
            title=_("The quarterly report on instructions for %(quarter)s is due by %(due)s"),
            body=_(
                "Prepare the report on the execution of instructions for %(quarter)s and give it to the head of "
                "apparatus by %(due)s (003 §12.16)."
            ),
            url=url,
            context={"quarter": quarter.key, "due": due},
        )
        for user in registrars
    ]
    with transaction.atomic():
        created = notify_many(drafts)
    logger.info("quarterly report reminders for %s: %s", quarter.key, len(created))
    return len(created)
