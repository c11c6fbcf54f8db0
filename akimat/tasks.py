"""Celery tasks of the core: e-mail of notifications and a health check.

Tasks take ids, not objects, and are safe to run twice (CELERY_TASK_ACKS_LATE redelivers the task
of a worker that died).
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from akimat import submissions
from akimat.notifications import deliver_email, pending_email_ids

logger = logging.getLogger(__name__)


@shared_task
def ping() -> str:
    """Health check: a worker that answers is consuming its queue."""
    return "pong"


@shared_task(
    autoretry_for=(SMTPException, OSError, OperationalError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=4,
)
def send_notification_email(notification_id: int) -> bool:
    """Send the e-mail of one notification; a no-op when it was already sent."""
    return deliver_email(notification_id)


@shared_task
def send_pending_emails(limit: int = 200) -> int:
    """Beat sweep: send the e-mails that the after-commit task did not (broker down, retries exhausted)."""
    sent = 0
    for notification_id in pending_email_ids(limit):
        try:
            sent += deliver_email(notification_id)
        except Exception:  # one bad address must not stop the sweep; the attempt is counted
            logger.exception("e-mail of notification %s failed", notification_id)
    return sent


@shared_task
def purge_submissions() -> int:
    """Beat, daily: forget the one-time form tokens older than a day (akimat.submissions)."""
    return submissions.purge()
