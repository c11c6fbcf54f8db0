"""Notifications: in the inbox and by e-mail, in the recipient's language, at most once (SPEC §3.5).

notify() stores the text already translated into every language of the site, because a reminder is read
later, maybe after the sender switched language or the reader changed theirs: the inbox shows the
reader's language of the moment, the e-mail the recipient's saved language. A notification that asks
for an action (an Action: resolve a letter, report, decide a request) is marked done by complete_action(),
called by the service that does the action, whoever of those entitled did it.
The database constraint `notification_once` decides whether a notification is new: a scan that runs twice or
a retried task inserts nothing.
The e-mail leaves after commit, from a Celery task; the beat sweep picks up what that task missed,
and what a dead worker left claimed once the claim's lease ran out (deliver_email).
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from akimat.models import Notification

logger = logging.getLogger(__name__)

# After so many failed e-mail attempts the sweep gives up; the notification stays in the inbox.
MAX_EMAIL_ATTEMPTS = 5
TEMPLATE_SUFFIXES = (".txt", ".html")

Text = str | Promise


def recipient_language(user: AbstractBaseUser) -> str:
    """The preferred language of the user's Person, else the installation's default language."""
    person = getattr(user, "person", None)
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    return language[:2]


def recipient_email(user: AbstractBaseUser) -> str:
    """The Person's e-mail, else the login's; empty when the user has none (in-app only)."""
    person = getattr(user, "person", None)
    return (getattr(person, "email", "") or getattr(user, "email", "") or "").strip()


def render_text(text: Text, context: Mapping[str, Any] | None, language: str) -> str:
    """A (lazy) string with %(name)s placeholders, or a template name ending in .txt/.html, in `language`."""
    with translation.override(language):
        if isinstance(text, str) and text.endswith(TEMPLATE_SUFFIXES) and "\n" not in text:
            return render_to_string(text, dict(context or {})).strip()
        rendered = str(text)
        if context:
            rendered = rendered % {key: _display(value) for key, value in context.items()}
        return rendered


def _display(value: Any) -> Any:
    """Values for %-placeholders: dates as dd.mm.yyyy, lazy text in the active language."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Promise | models.Model):
        return str(value)
    return value


@dataclass(frozen=True)
class Action:
    """What a notification asks to be done about its object: a name the services complete it by, and its label."""

    name: str
    label: Text


@dataclass(frozen=True)
class Draft:
    """One notification to create: rendered in the recipient's language when it is stored."""

    recipient: AbstractBaseUser
    kind: str
    title: Text
    obj: models.Model | None = None
    key: str = ""
    body: Text = ""
    url: str = ""
    context: Mapping[str, Any] | None = field(default=None, hash=False)
    action: Action | None = None


def notify(
    recipient: AbstractBaseUser,
    kind: str,
    *,
    obj: models.Model | None = None,
    key: str = "",
    title: Text,
    body: Text = "",
    url: str = "",
    context: Mapping[str, Any] | None = None,
    action: Action | None = None,
) -> Notification | None:
    """Create a notification in the recipient's language; None when this one was already created.

    The e-mail is sent after the caller's transaction commits (never for a rolled-back one).
    """
    draft = Draft(
        recipient=recipient,
        kind=kind,
        obj=obj,
        key=key,
        title=title,
        body=body,
        url=url,
        context=context,
        action=action,
    )
    created = notify_many([draft])
    return created[0] if created else None


_RESTRICTED_TITLE = _("A document for official use only needs attention")
_RESTRICTED_BODY = _(
    "Its content is shown only to those granted access by name (§9.4). Ask the general department for access."
)

# Above this many new notifications in one call, one sweep task sends the e-mails instead of one task each.
_EMAIL_TASKS_PER_CALL = 20
_INSERT_CHUNK = 1000


def notify_many(drafts: Iterable[Draft]) -> list[Notification]:
    """Create many notifications at once; returns those that were new (the others existed already).

    One INSERT … ON CONFLICT ON CONSTRAINT notification_once DO NOTHING per thousand rows: checking
    first and inserting after would race with a second scan, and catching IntegrityError would abort
    the caller's transaction. The reminder scan sends thousands this way within its time budget.
    """
    restricted: dict[tuple, bool] = {}  # the restriction of each object, looked up once per call
    renderer = _Renderer()
    notifications = [_build(draft, restricted, renderer) for draft in drafts]
    created: list[Notification] = []
    for start in range(0, len(notifications), _INSERT_CHUNK):
        created += _insert_new(notifications[start : start + _INSERT_CHUNK])
    with_address = [n.pk for n in created if recipient_email(n.recipient)]
    if with_address:
        from akimat.tasks import send_notification_email, send_pending_emails

        if len(with_address) <= _EMAIL_TASKS_PER_CALL:
            for notification_id in with_address:
                transaction.on_commit(lambda pk=notification_id: send_notification_email.delay(pk))
        else:
            transaction.on_commit(lambda: send_pending_emails.delay(limit=len(with_address)))
    return created


def _says_nothing(draft: Draft, restricted: dict[tuple, bool]) -> bool:
    """Whether the notification is about a restricted object (ДСП, or derived from one) that its recipient may
    not see: then it says nothing of it (SPEC §3.1, 003 §9.4)."""
    if draft.obj is None:
        return False
    key = (draft.obj._meta.label, draft.obj.pk)
    if key not in restricted:
        restricted[key] = permissions.is_restricted(draft.obj)
    return restricted[key] and not permissions.can_view(draft.recipient, draft.obj)


def _build(draft: Draft, restricted: dict[tuple, bool], renderer: "_Renderer") -> Notification:
    language = recipient_language(draft.recipient)
    if _says_nothing(draft, restricted):
        draft = replace(draft, title=_RESTRICTED_TITLE, body=_RESTRICTED_BODY, url="", context=None)
    texts = {code: _texts(draft, code, renderer) for code, _name in settings.LANGUAGES}
    own = texts.get(language) or _texts(draft, language, renderer)
    return Notification(
        recipient=draft.recipient,
        kind=draft.kind,
        content_type=ContentType.objects.get_for_model(draft.obj) if draft.obj is not None else None,
        object_id=draft.obj.pk if draft.obj is not None else None,
        key=str(draft.key),
        language=language,
        title=own["title"],
        body=own["body"],
        url=draft.url,
        texts=texts,
        action=draft.action.name if draft.action else "",
        created_at=timezone.now(),
    )


_TITLE_LENGTH = Notification._meta.get_field("title").max_length


def _texts(draft: Draft, language: str, renderer: "_Renderer") -> dict[str, str]:
    """The draft's title, body and action label written in `language`."""
    text = {
        "title": renderer.render(draft.title, draft.context, language)[:_TITLE_LENGTH],
        "body": renderer.render(draft.body, draft.context, language) if draft.body else "",
    }
    if draft.action is not None:
        text["action"] = renderer.render(draft.action.label, None, language)
    return text


class _Renderer:
    """render_text() for many drafts: a lazy text is translated once per language, a context's values are
    written out once, then each text is only filled in.

    The reminder scan writes thousands of notifications from a dozen texts, each in every language.
    """

    def __init__(self) -> None:
        # keyed by id; each entry holds its object too, so that no id is reused by another during the call
        self._translated: dict[tuple[int, str], tuple[Promise, str]] = {}  # (lazy text, language): translation
        self._values: dict[int, tuple[Mapping, dict[str, Any] | None]] = {}  # context: its values written out

    def render(self, text: Text, context: Mapping[str, Any] | None, language: str) -> str:
        values = self._written(context) if context else {}
        if not isinstance(text, Promise) or values is None:
            return render_text(text, context, language)
        key = (id(text), language)
        if key not in self._translated:
            with translation.override(language):
                self._translated[key] = (text, str(text))
        translated = self._translated[key][1]
        return translated % values if values else translated

    def _written(self, context: Mapping[str, Any]) -> dict[str, Any] | None:
        """The values for %-placeholders; None when one is lazy text, written in each language anew."""
        if id(context) not in self._values:
            lazy = any(isinstance(value, Promise) for value in context.values())
            self._values[id(context)] = (context, None if lazy else {k: _display(v) for k, v in context.items()})
        return self._values[id(context)][1]


def complete_action(
    obj: models.Model, *actions: Action, key: str | None = None, recipients: Iterable[AbstractBaseUser] | None = None
) -> int:
    """Mark done the notifications about `obj` that asked for one of `actions`, whoever entitled did it;
    returns how many.

    `key` narrows it to one request (an extension request's id), `recipients` to those whose part it was
    (a co-executor's people). Called inside the service's transaction: undone with it when it rolls back.
    """
    rows = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action__in=[action.name for action in actions],
        action_done_at__isnull=True,
    )
    if key is not None:
        rows = rows.filter(key=str(key))
    if recipients is not None:
        rows = rows.filter(recipient__in=[user.pk for user in recipients])
    return rows.update(action_done_at=timezone.now())


def _insert_new(notifications: list[Notification]) -> list[Notification]:
    """Insert the rows that do not exist yet; set their pks and return them."""
    if not notifications:
        return []
    meta = Notification._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    values = []
    for notification in notifications:
        values += [f.get_db_prep_save(getattr(notification, f.attname), connection) for f in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row_sql] * len(notifications))} "
        f"ON CONFLICT ON CONSTRAINT {quote('notification_once')} DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}, recipient_id, content_type_id, object_id, kind, key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        returned = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
    created = []
    for notification in notifications:
        identity = (
            notification.recipient_id,
            notification.content_type_id,
            notification.object_id,
            notification.kind,
            notification.key,
        )
        pk = returned.pop(identity, None)
        if pk is not None:
            notification.pk = pk
            notification._state.adding = False
            notification._state.db = connection.alias
            created.append(notification)
    return created


def emails_due() -> models.QuerySet:
    """Notifications whose e-mail is to send now: not sent, not given up, and no sender's lease running."""
    return Notification.objects.filter(email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS).filter(
        Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=timezone.now())
    )


def pending_email_ids(limit: int = 200) -> list[int]:
    """Ids of notifications whose e-mail is to send now (emails_due) and whose recipient has an address."""
    has_address = Q(recipient__person__email__gt="") | Q(recipient__email__gt="")
    return list(emails_due().filter(has_address).order_by("created_at", "id").values_list("id", flat=True)[:limit])


def claim_email(notification: Notification) -> datetime.datetime:
    """Count an attempt and hold the e-mail for NOTIFICATION_EMAIL_LEASE_SECONDS; returns the end of the lease.

    Call it inside a transaction that holds the row lock, and commit before calling the mail server.
    """
    lease = timezone.now() + datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
    notification.email_claimed_until = lease
    notification.email_attempts += 1
    notification.save(update_fields=["email_claimed_until", "email_attempts"])
    return lease


def mark_email_sent(notification: Notification) -> None:
    """The mail server took the e-mail: it is sent and the lease ends."""
    notification.email_sent_at = timezone.now()
    notification.email_claimed_until = None
    Notification.objects.filter(pk=notification.pk).update(
        email_sent_at=notification.email_sent_at, email_claimed_until=None
    )


def release_email(notification: Notification, lease: datetime.datetime) -> None:
    """End one's own lease early, so that the e-mail can be tried again at once (a retry that follows)."""
    Notification.objects.filter(pk=notification.pk, email_claimed_until=lease).update(email_claimed_until=None)


def deliver_email(notification_id: int) -> bool:
    """Send one notification's e-mail unless it was sent or a sender holds it; True when it was sent now.

    The sender claims the e-mail with a lease (claim_email), committed before the mail server is called,
    under a row lock that a parallel sweep or a second task skips, and marks it sent when the server took
    it. A worker that dies in between leaves the lease to run out; a later sweep then sends the e-mail.
    We chose that over "at most once": a duplicate e-mail (the server took it just before the worker died,
    a short window) is better than a lost reminder; the inbox notification stays exactly once.
    A failed send keeps its lease too: the e-mail is tried again when the lease ends (a mail server down
    for a while costs one attempt per lease, at most MAX_EMAIL_ATTEMPTS), not again and again in one sweep.
    """
    with transaction.atomic():
        notification = (
            emails_due()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "recipient__person")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return False
        # claimed even without an address, so that a sweep moves past it (given up after MAX_EMAIL_ATTEMPTS)
        claim_email(notification)
    address = recipient_email(notification.recipient)
    if not address:
        return False
    try:
        _email_message(notification, address).send()
    except Exception:
        logger.warning("e-mail of notification %s failed (attempt %s)", notification.pk, notification.email_attempts)
        raise
    mark_email_sent(notification)
    return True


class File(Protocol):
    """A rendered file to attach (a report's PDF: control.reports.Export and the like)."""

    filename: str
    content: bytes
    content_type: str


def notify_with_file(draft: Draft, make_file: Callable[[str], File]) -> bool:
    """Notify once (the draft's recipient, kind, object and key) and send its e-mail with a file made in the
    recipient's language (a weekly list's PDF) instead of the plain one; True when that e-mail went out now.

    Once per notification also when beat fires twice or the task is retried: a notification made before whose
    e-mail is still due (a failed send) is sent by the retry. The e-mail is claimed before commit, so that the
    plain sender notify() queued after commit finds it taken; if the worker dies before it is marked sent, the
    lease runs out and the sweep sends the plain e-mail (with the link). Without an address: in-app only.
    """
    user = draft.recipient
    address = recipient_email(user)
    with transaction.atomic():
        notification = notify_many([draft])
        notification = notification[0] if notification else None
        if notification is None:  # made before, or being sent (a retry picks up a failed send here)
            content_type = ContentType.objects.get_for_model(draft.obj) if draft.obj is not None else None
            notification = (
                emails_due()
                .select_for_update(skip_locked=True)
                .filter(recipient=user, kind=draft.kind, key=str(draft.key), content_type=content_type)
                .filter(object_id=draft.obj.pk if draft.obj is not None else None)
                .first()
            )
        if notification is None or not address:
            return False
        lease = claim_email(notification)
    try:
        attachment = make_file(recipient_language(user))
        url = notification.url
        link = url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"
        # subject and body were rendered in the recipient's language by notify(); one line: no header injection
        message = EmailMessage(
            subject=" ".join(notification.title.split()), body=f"{notification.body}\n\n{link}", to=[address]
        )
        message.attach(attachment.filename, attachment.content, attachment.content_type)
        message.send()
    except Exception:
        # let the task's retry send it with the file at once; until then the inbox has the notification
        release_email(notification, lease)
        raise
    mark_email_sent(notification)
    return True


def _email_message(notification: Notification, address: str) -> EmailMessage:
    """Subject and text in the recipient's saved language at the time of sending, with a link to the site."""
    url = notification.url or "/"
    link = url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}/{url.lstrip('/')}"
    language = recipient_language(notification.recipient)
    text = notification.text_in(language)
    with translation.override(language):
        body = render_to_string("email/notification.txt", {"notification": notification, "text": text, "link": link})
    # a subject must be one line: mail servers reject header injection
    subject = " ".join(text["title"].split())
    return EmailMessage(subject=subject, body=body, to=[address])
