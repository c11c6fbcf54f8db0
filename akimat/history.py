"""Writing and reading the append-only audit trail (SPEC §3.5).

Services call record() inside their transaction, once per state change. Deadline changes go into
`data` as "old_deadline" / "new_deadline" (ISO dates), which the shared history table shows.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from akimat.models import HistoryEntry
from akimat.models.history import HistoryQuerySet

# Labels of the state changes every module shares (SPEC §3.5); modules add theirs with register_actions().
_ACTION_LABELS: dict[str, Promise | str] = {
    "registered": _("registered"),
    "returned_unregistered": _("returned without registration"),
    "routed": _("routed"),
    "resolution": _("resolution"),
    "assigned": _("assigned"),
    "visa": _("approval (visa)"),
    "agreed": _("agreed"),
    "returned": _("returned for rework"),
    "extension_requested": _("extension requested"),
    "extended": _("deadline extended"),
    "extension_refused": _("extension refused"),
    "removed_from_control": _("removed from control"),
    "signed": _("signed"),
    "answered": _("answered"),
    "executed": _("executed"),
}


def register_actions(labels: Mapping[str, Promise | str]) -> None:
    """Add translated labels for a module's actions (call from its AppConfig.ready)."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The translated label of an action code, or the code itself."""
    return str(_ACTION_LABELS.get(action, action))


def json_safe(value: Any) -> Any:
    """A copy of `value` that JSONField can store: dates and datetimes as ISO strings, lazy text as str."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    return value


def record(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    acting_for=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: Mapping[str, Any] | None = None,
) -> HistoryEntry:
    """Append one history row about `obj` (saved, with a primary key), timed now."""
    if obj.pk is None:
        raise ValueError("history can only be recorded for a saved object")
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        actor=actor,
        acting_for=acting_for,
        at=timezone.now(),
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        comment=comment or "",
        data=json_safe(dict(data or {})),
    )


def record_many(
    entries: Iterable[tuple[models.Model, str, Mapping[str, Any]]], *, actor=None, comment: str = ""
) -> int:
    """Append one history row per (object, action, data) in one INSERT (bulk operations, e.g. recomputing)."""
    now = timezone.now()
    rows = [
        HistoryEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            actor=actor,
            at=now,
            action=action,
            comment=comment,
            data=json_safe(dict(data)),
        )
        for obj, action, data in entries
    ]
    HistoryEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def history_for(obj: models.Model) -> HistoryQuerySet:
    """The history of one object, oldest first, with the names the table shows fetched in the same query."""
    return HistoryEntry.objects.for_object(obj).select_related(
        "actor", "actor__person", "acting_for", "acting_for__person"
    )
