"""E-mail of the notices to applicants (001 §15). Applicants are no users of the system, so the in-app notifications
(``akimat.notifications``) do not reach them: a notice is recorded (``ReceptionNotice``) and, when the applicant gave
an address, e-mailed through Django's mail backend by ``tasks.send_notice_email`` — once: the row is locked while it
is sent and marked when the mail server took it."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from appeals.reception.models import ReceptionNotice

#: after so many failed attempts the notice stays recorded only (the appeals department telephones, 001 §36)
MAX_ATTEMPTS = 5


def deliver(notice_id: int) -> bool:
    """Send the notice's e-mail unless it was sent (or is being sent); True when it went out now."""
    with transaction.atomic():
        notice = (
            ReceptionNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("signup")
            .filter(pk=notice_id, emailed_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS)
            .exclude(email="")
            .first()
        )
        if notice is None:
            return False
        notice.email_attempts += 1
        notice.save(update_fields=["email_attempts"])
        with translation.override(notice.signup.language):
            subject = gettext("Personal reception is cancelled")
        EmailMessage(subject=subject, body=notice.text, to=[notice.email]).send()
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True
