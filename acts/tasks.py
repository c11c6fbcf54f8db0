"""Background work of acts: the daily reminders of 003 §10.13 (rework term) and of normative acts (Celery)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def remind(at: str | None = None) -> int:
    """Every day (beat): the rework reminder and flag (§10.13), the normative acts past their submission term.
    Idempotent: each reminder is sent exactly once per act and kind."""
    from acts import services

    now = datetime.datetime.fromisoformat(at) if at else timezone.now()
    sent = services.remind_rework(now)
    logger.info("acts reminders at %s: %s sent", now, sent)
    return sent
