"""Background work of the personal reception (Celery): the daily list of §14.2 and the e-mails of the notices to
applicants (001 §15)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def send_lists(at: str | None = None) -> int:
    """Every working day (beat): the list of visitors to each official whose reception is on the profile's working
    day ahead (§14.2); once per day and official (the notification's key), also when beat fires twice."""
    from appeals.reception import services

    now = datetime.datetime.fromisoformat(at) if at else timezone.now()
    made = services.send_lists(now)
    logger.info("reception lists at %s: %s made", now, made)
    return made


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def send_notice_email(notice_id: int) -> bool:
    """E-mail one notice to the applicant's address (001 §15), once: a notice already e-mailed is left alone, and a
    failed send is retried by Celery (the notice stays recorded whatever happens)."""
    from appeals.reception import notices

    return notices.deliver(notice_id)
