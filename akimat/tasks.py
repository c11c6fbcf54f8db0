"""Celery tasks of the core: e-mail of notifications and a health check.

Tasks take ids, not objects, and are safe to run twice (CELERY_TASK_ACKS_LATE redelivers the task
of a worker that died).
"""

import logging
import time

from celery import shared_task
from django.conf import settings

from akimat import submissions
from akimat.notifications import deliver_email, pending_email_ids

logger = logging.getLogger(__name__)

# A run reads the pending e-mails in batches of this many (the beat sweep's), at most _EMAIL_BATCH_MAX.
EMAIL_BATCH = 200
_EMAIL_BATCH_MAX = 1000
# A continuation not started within this time is dropped: the next beat sweep (every 5 minutes) takes over.
_CONTINUATION_EXPIRES = 240


@shared_task
def ping() -> str:
    """Health check: a worker that answers is consuming its queue."""
    return "pong"


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """Send the e-mail of one notification; a no-op when it was sent or another sender holds it.

    No autoretry: a failed send keeps its lease, and the sweep tries again when the lease ends.
    """
    return deliver_email(notification_id)


@shared_task
def send_pending_emails(limit: int = EMAIL_BATCH) -> int:
    """Send the e-mails still to send, batch after batch until none is left; returns how many were sent.

    Beat runs it every five minutes; notify_many() queues it for many new notifications at once (`limit`,
    their number, then only sizes the batches). A run stops after NOTIFICATION_EMAIL_SWEEP_SECONDS and
    queues its continuation, so that no run comes near the broker's visibility timeout and other tasks get
    the worker between the runs. Every e-mail a batch reads is sent or claimed (a failed one waits for its
    lease to end), so the next batch reads other ones.
    """
    batch = max(1, min(limit, _EMAIL_BATCH_MAX))
    stop_at = time.monotonic() + settings.NOTIFICATION_EMAIL_SWEEP_SECONDS
    sent = tried = 0
    while True:
        ids = pending_email_ids(batch)
        for notification_id in ids:
            if tried and time.monotonic() >= stop_at:
                send_pending_emails.apply_async(kwargs={"limit": batch}, expires=_CONTINUATION_EXPIRES)
                logger.info("e-mail run: %s sent of %s tried; the rest in a new run", sent, tried)
                return sent
            tried += 1
            try:
                sent += deliver_email(notification_id)
            except Exception:  # one bad address must not stop the sweep; the attempt is counted
                logger.exception("e-mail of notification %s failed", notification_id)
        if len(ids) < batch:
            return sent


@shared_task
def purge_submissions() -> int:
    """Beat, daily: forget the one-time form tokens older than a day (akimat.submissions)."""
    return submissions.purge()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def remind_visas() -> int:
    """Every day at 09:00 Asia/Almaty (beat): visas due on the next working day and overdue ones (issue #13
    §2); a day off reminds of nothing. Idempotent: each reminder once per visa and kind."""
    from akimat import approvals

    made = approvals.remind()
    logger.info("visa reminders: %s", made)
    return made
