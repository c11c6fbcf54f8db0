"""Background work of meetings (Celery): the daily reminders of materials and the package (003 §5.6–§5.8, §5.17),
the Monday list of protocols' timeliness (003 §8.6)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from akimat import workdays

logger = logging.getLogger(__name__)

TIMELINESS_KIND = "meetings.timeliness"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def remind_materials(at: str | None = None) -> int:
    """Every day (beat): materials due on the next working day, the items still missing them past their date
    (§5.17), the package of the meetings whose package day has come (§5.8). Each once (notification keys)."""
    from meetings import services

    now = datetime.datetime.fromisoformat(at) if at else timezone.now()
    made = services.remind_materials(now)
    logger.info("meetings reminders at %s: %s made", now, made)
    return made


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def send_timeliness(on: str | None = None) -> int:
    """Monday 08:10 Asia/Almaty (beat): last week's list of protocols' timeliness to each holder of a role of
    meetings.timeliness_recipients (§8.6) — in the inbox with a link to the page, by e-mail with the PDF.

    Once per recipient and week, also when beat fires twice or the task is retried (key "timeliness.<monday>").
    Returns the e-mails sent.
    """
    from control.reports import Week
    from meetings import timeliness

    day = datetime.date.fromisoformat(on) if on else workdays.today()
    week = Week.containing(day).previous()
    sent = sum(_send_to(user, week) for user in timeliness.recipients())
    logger.info("timeliness of protocols of %s: %s e-mails", week.key, sent)
    return sent


def _send_to(user, week) -> bool:
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from akimat.notifications import Draft, notify_with_file
    from meetings import timeliness

    draft = Draft(
        recipient=user,
        kind=TIMELINESS_KIND,
        key=f"timeliness.{week.key}",
        title=_("Timeliness of protocols: %(start)s – %(end)s"),
        body=_(
            "The meetings held in the week from %(start)s to %(end)s and whether their protocols were drafted "
            "on time (003 §8.6) are in the attached list."
        ),
        url=f"{reverse('meetings:timeliness')}?week={week.key}",
        context={"start": week.monday, "end": week.sunday},
    )
    return notify_with_file(draft, lambda language: timeliness.export_pdf(week, user=user, language=language))
