"""A form posted twice creates once (issue #11 point 7): a double click registers one letter, with one number.

Every create form carries a hidden one-time token (`{% submission_token %}` from the `submissions`
template library) and its view opts in with `@submit_once`. The view then runs in one transaction
that first inserts the token's row, unique per user, token and posted data:

- a second post of the same form while the first is still running waits on that unique index; when
  the first commits, the insert fails and the second post is sent to the first one's result, with the
  messages the first one left (the browser dropped the first answer, and its message with it);
- a first post that did not do what it was sent for (its form came back with errors, or it raised)
  leaves no row, so the retry runs as if it were the first;
- a post without a token (an old form, a script) runs as it always did.

A view's success is a redirect (post/redirect/get): that is when the token is kept and where the
result is. Tokens are kept for a day (`purge()`, run by the beat task akimat.tasks.purge_submissions):
a double click or a reload that sends a form again comes within minutes.
"""

import datetime
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from akimat.models import Submission

FIELD = "submission"
KEEP = datetime.timedelta(days=1)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# what secrets.token_urlsafe() gives; anything else posted under the name is not a token and is ignored
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# posted with every form, different on every page load: not part of what the user sent
_NOT_DATA = frozenset({FIELD, "csrfmiddlewaretoken"})

View = Callable[..., HttpResponse]


def new_token() -> str:
    """A fresh one-time token for one rendered form."""
    return secrets.token_urlsafe(24)


def hidden_input() -> SafeString:
    """The hidden field that makes a form's post a submission that happens once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


def token_of(request: HttpRequest) -> str | None:
    """The posted token, or None when there is none (or something that is not one)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def fingerprint(request: HttpRequest) -> str:
    """A hash of what was posted (values, and each file's name and size): the same form sent again."""
    digest = hashlib.sha256()
    for key in sorted(request.POST):
        if key not in _NOT_DATA:
            digest.update(json.dumps([key, request.POST.getlist(key)]).encode())
    for key in sorted(request.FILES):
        files = [[upload.name, upload.size] for upload in request.FILES.getlist(key)]
        digest.update(json.dumps([key, files]).encode())
    return digest.hexdigest()


def submit_once(view: View) -> View:
    """Run a create view at most once per posted token; a repeat lands on the first one's result."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = token_of(request)
        if token is None:
            return view(request, *args, **kwargs)
        key = {"user": request.user, "token": token, "fingerprint": fingerprint(request)}
        inserted = False
        try:
            with transaction.atomic():
                # first, so that a second post of the same form waits here until this one is done
                submission = Submission.objects.create(**key)
                inserted = True
                already_queued = len(_queued_messages(request))
                response = view(request, *args, **kwargs)
                if response.status_code in REDIRECTS:
                    submission.result_url = response["Location"]
                    submission.messages = [
                        {"level": m.level, "message": str(m.message), "extra_tags": m.extra_tags or ""}
                        for m in _queued_messages(request)[already_queued:]
                    ]
                    submission.save(update_fields=["result_url", "messages"])
                else:
                    # the form came back (errors): it did not happen, so sending it again may
                    submission.delete()
                return response
        except IntegrityError:
            if inserted:  # the view's own
                raise
        first = Submission.objects.filter(**key).first()
        if first is None:  # purged in between: nothing to land on, so it is new
            return view(request, *args, **kwargs)
        return _repeat(request, first)

    return wrapper


def _queued_messages(request: HttpRequest) -> list:
    # the messages added during this request; the storage keeps them in a list it exposes no other way
    return list(getattr(messages.get_messages(request), "_queued_messages", ()))


def _repeat(request: HttpRequest, first: Submission) -> HttpResponse:
    """The answer to a form sent again: the first one's result, with what the first one said."""
    for message in first.messages:
        messages.add_message(
            request, message["level"], message["message"], extra_tags=message["extra_tags"], fail_silently=True
        )
    messages.info(request, _("This form had already been sent: here is its result."), fail_silently=True)
    return HttpResponseRedirect(first.result_url)


def purge(now: datetime.datetime | None = None) -> int:
    """Forget the tokens older than KEEP; the number forgotten."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _by_model = Submission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
