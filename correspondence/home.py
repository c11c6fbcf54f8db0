"""Correspondence's panels of the home page (akimat/home.py): letters for one's resolution, the registration
queue, drafts waiting for one's visa or signature (003 §9.10, §9.13, §9.22).

The documents are those of "my work" (correspondence.views.workflow.work_queries) and of the registrar's
queue (correspondence.services.registration.queue_for), the lists each panel links to.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from akimat.home import PANEL_ROWS, Panel, Row
from akimat.roles import LEADERSHIP
from correspondence.services import registration
from correspondence.views.workflow import work_queries


def _document_rows(queryset) -> list[Row]:
    documents = queryset.select_related("correspondent").order_by("-created_at", "-id")[:PANEL_ROWS]
    return [
        Row(
            label=document.label,
            url=document.get_absolute_url(),
            text=document.summary,
            meta=str(document.correspondent or ""),
        )
        for document in documents
    ]


def _section(user, key: str):
    return next(queryset for section_key, _title, queryset in work_queries(user) if section_key == key)


def for_resolution(user) -> Panel | None:
    """The akim's (a deputy's, the head of apparatus's) letters routed to them and waiting for a resolution."""
    if not permissions.roles_of(user) & LEADERSHIP:
        return None
    waiting = _section(user, "to_resolve")
    return Panel(
        key="correspondence-resolve",
        title=_("For my resolution"),
        count=waiting.count(),
        url=f"{reverse('correspondence:my_work')}#section-to_resolve",
        link_label=_("Open my work"),
        rows=_document_rows(waiting),
        empty=_("No letter waits for your resolution."),
    )


def registration_queue(user) -> Panel | None:
    """The registrar's queue: letters received after the cutoff or on a day off, due today (003 §9.10); when
    none is due today, those registered on a later day (a day off's view of Monday's queue)."""
    if not registration.is_registrar(user):
        return None
    queue = registration.queue_for(user)
    later = registration.waiting_for(user)
    count = queue.count()
    documents = list((queue if count else later)[:PANEL_ROWS])
    rows = [
        Row(
            label=str(document.correspondent or ""),
            url=reverse("correspondence:queue"),
            text=document.summary,
            meta=_("received %(moment)s, registered on %(day)s")
            % {
                "moment": timezone.localtime(document.received_at).strftime("%d.%m.%Y %H:%M"),
                "day": document.registration_due.strftime("%d.%m.%Y"),
            },
        )
        for document in documents
    ]
    return Panel(
        key="correspondence-queue",
        title=_("Registration queue"),
        count=count,
        url=reverse("correspondence:queue"),
        link_label=_("Open the queue"),
        rows=rows,
        note="" if count else _("No letter waits for registration today; these are registered on a later day."),
        empty=_("No letter waits for registration."),
    )


def to_approve(user) -> Panel | None:
    """Drafts waiting for the user's visa or signature (003 §9.22); shown only when there are some."""
    sections = {key: queryset for key, _title, queryset in work_queries(user)}
    waiting = sections["visas"] | sections["to_sign"]
    count = waiting.count()
    if not count:
        return None
    return Panel(
        key="correspondence-approve",
        title=_("Waiting for my visa or signature"),
        count=count,
        url=f"{reverse('correspondence:my_work')}#section-visas",
        link_label=_("Open my work"),
        rows=_document_rows(waiting),
    )


HOME_PANELS = [registration_queue, for_resolution, to_approve]
