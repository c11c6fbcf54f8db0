"""The daily reminder scan — 003 §12.4 (3 working days before), §12.13 (report dates).

003 §12.4: "уведомляет за 3 (три) рабочих дня о наступлении сроков исполнения руководителей отделов и
руководство Аппарата" — the 3-day reminder goes to the lead executor, their department head, the controller
and the leadership of the apparatus: the holders of the roles in the profile rule `control.reminder_leadership`
(the head of apparatus in the presets). The leadership is told, not asked to act: their copy carries no action.

Each reminder goes at most once per (recipient, item, kind, date) — the notification table's unique
constraint guarantees it — so the scan may run twice, run late, or die half-way and be run again.
It works on windows rather than on exact days, so a scan that did not run for some days catches up:
an item whose 3-day window began while nobody scanned is still reminded.
"""

import dataclasses
import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from akimat import reglament, workdays
from akimat.models import Notification
from akimat.notifications import notify_many
from control import access
from control.models import ControlExecutor, ControlItem
from control.notify import draft

User = get_user_model()

KINDS = (
    "reminder_3_days",
    "deadline_today",
    "overdue",
    "report_due_body",
    "report_due_co",
    "roadmap_due",
    "submission_due",
)


class _Dry(Exception):
    """Raised to roll back a dry run."""


def scan(on: datetime.date, *, dry_run: bool = False) -> list[Notification]:
    """Send the reminders due on a date; returns the notifications sent (none on a day off).

    A dry run computes the same and rolls back: nothing is stored and no e-mail leaves.
    """
    if not workdays.is_working_day(on):
        return []
    sent: list[Notification] = []
    try:
        with transaction.atomic(), workdays.pinned() as calendar:
            sent = _scan(on, calendar)
            if dry_run:
                raise _Dry
    except _Dry:
        pass
    return sent


def counts(sent: list[Notification]) -> Counter:
    """How many reminders of each kind (every kind present, zero when none)."""
    result = Counter({kind: 0 for kind in KINDS})
    result.update(notification.kind.removeprefix("control.") for notification in sent)
    return result


def _not_reminded(kind: str, key_field: str, item_field: str = "pk") -> Exists:
    """Whether this reminder about the item was already sent (by any scan): the scan skips those rows
    before building anything, so a daily scan costs what is new, not the whole backlog."""
    return ~Exists(
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(ControlItem),
            object_id=OuterRef(item_field),
            kind=f"control.{kind}",
            key=Cast(OuterRef(key_field), CharField()),
        )
    )


def _scan(on: datetime.date, calendar) -> list[Notification]:
    offset = reglament.term("control.reminder_offset").amount
    horizon = calendar.add_working_days(on, offset)
    open_items = ControlItem.objects.filter(status=ControlItem.Status.ON_CONTROL)
    windows = {
        "overdue": Q(deadline__lt=on),
        "deadline_today": Q(deadline=on),
        "reminder_3_days": Q(deadline__gt=on, deadline__lte=horizon),
    }
    people = access.UnitPeople()
    leadership = _leadership()
    drafts = []
    for kind, window in windows.items():
        items = (
            open_items.filter(window)
            .filter(_not_reminded(kind, "deadline"))
            .select_related("controller__head__user")
            .prefetch_related(_executors_prefetch())
            .order_by("pk")
        )
        for item in items:
            recipients = _deadline_recipients(item, people)
            for user in recipients:
                drafts.append(draft(item, kind, user))
            if kind == "reminder_3_days":  # 003 §12.4: and the leadership of the apparatus, for information
                told = {user.pk for user in recipients}
                drafts += [
                    dataclasses.replace(draft(item, kind, user), action=None)
                    for user in leadership
                    if user.pk not in told
                ]
    # 003 §12.13: executing bodies and co-executors reminded on their report date, until they report
    for kind, is_lead in (("report_due_body", True), ("report_due_co", False)):
        rows = (
            ControlExecutor.objects.filter(
                is_lead=is_lead,
                item__status=ControlItem.Status.ON_CONTROL,
                reported_at__isnull=True,
                report_due__lte=on,
                item__deadline__gte=on,
            )
            .filter(_not_reminded(kind, "report_due", "item_id"))
            .select_related("item", "person__user", "unit__head__user")
            .order_by("pk")
        )
        for row in rows:
            for user in people.of_row(row):
                drafts.append(draft(row.item, kind, user, key=row.report_due.isoformat(), date=row.report_due))
    # 003 §12.3: the roadmap of a presidential act and the documents for an urgent instruction, reminded on their
    # date (catching up) to the lead executor and the controller, while the item is on control
    for kind in ("roadmap_due", "submission_due"):
        items = (
            open_items.filter(**{f"{kind}__lte": on, "deadline__gte": on})
            .filter(_not_reminded(kind, kind))
            .select_related("controller__head__user")
            .prefetch_related(_executors_prefetch())
            .order_by("pk")
        )
        for item in items:
            day = getattr(item, kind)
            users = [user for row in item.lead_rows for user in people.of_row(row)] + people.of_unit(item.controller)
            for user in {user.pk: user for user in users}.values():
                drafts.append(draft(item, kind, user, key=day.isoformat(), date=day))
    return notify_many(drafts)


def _leadership() -> list:
    """The active users holding a role of the rule control.reminder_leadership (003 §12.4), read once per scan."""
    roles = reglament.rule("control.reminder_leadership").as_codes()
    return list(
        User.objects.filter(groups__name__in=roles, is_active=True, person__is_active=True).distinct().order_by("pk")
    )


def _executors_prefetch():
    from django.db.models import Prefetch

    return Prefetch(
        "executors",
        queryset=ControlExecutor.objects.filter(is_lead=True).select_related(
            "person__user", "person__unit__head__user", "unit__head__user"
        ),
        to_attr="lead_rows",
    )


def _deadline_recipients(item: ControlItem, people: access.UnitPeople) -> list:
    """003 §12.4: the lead executor, their department head and the controller."""
    users = []
    for row in item.lead_rows:
        users += people.of_row(row)
        if row.person_id and row.person.unit_id:
            unit = row.person.unit
            if unit.head_id and unit.head_id != row.person_id:
                users += people.of_unit(unit)
    users += people.of_unit(item.controller)
    return list({user.pk: user for user in users}.values())
