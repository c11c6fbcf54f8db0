"""Adding and removing calendar exceptions: extra days off and working weekend days (SPEC §3.2).

Every write of a `CalendarException` — through these functions, the admin or a shell — passes the
model signals below, which make every process see the change (`workdays.calendar_was_changed`:
a new calendar version now and after commit) and send `workdays.calendar_changed` with the changed
dates after commit, so that the control module can recompute the deadlines the change moves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from akimat import workdays
from akimat.history import record, register_actions
from akimat.models.calendar import CalendarException

register_actions(
    {
        "calendar_exception_added": _("calendar exception added"),
        "calendar_exception_changed": _("calendar exception changed"),
        "calendar_exception_removed": _("calendar exception removed"),
    }
)


def check_exception(day: date, kind: str, reason: str, *, exclude_pk: int | None = None) -> None:
    """Raise ValidationError unless an exception of `kind` on `day` would change the calendar."""
    if kind not in CalendarException.Kind.values:
        raise ValidationError(_("Choose the kind: day off or working day."), code="kind")
    if not reason.strip():
        raise ValidationError(_("Give the reason, e.g. the decree that transfers the day off."), code="reason")
    taken = CalendarException.objects.filter(date=day)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    params = {"date": workdays.format_date(day)}
    if taken.exists():
        raise ValidationError(
            _("%(date)s already has a calendar exception; remove it first."), code="duplicate", params=params
        )
    # Judge against the calendar without exceptions: the day has none (other than the one being changed).
    base = workdays.WorkCalendar().day_info(day)
    if kind == CalendarException.Kind.HOLIDAY and not base.is_working:
        why = f"{base.kind.label}: {base.name}" if base.name else str(base.kind.label)
        raise ValidationError(
            _("%(date)s is already a day off (%(why)s); an extra day off would change nothing."),
            code="already_day_off",
            params={**params, "why": why},
        )
    if kind == CalendarException.Kind.WORKDAY and base.is_working:
        raise ValidationError(
            _("%(date)s is already a working day; a working day exception is for a Saturday, Sunday or holiday."),
            code="already_working",
            params=params,
        )


def save_exception(exception: CalendarException, *, actor: Any = None) -> CalendarException:
    """Validate and save a new or changed exception, with a history row (also the admin's path)."""
    exception.reason = exception.reason.strip()
    check_exception(exception.date, exception.kind, exception.reason, exclude_pk=exception.pk)
    created = exception.pk is None
    if created and exception.created_by_id is None and actor is not None:
        exception.created_by = actor
    try:
        with transaction.atomic():
            exception.save()  # the model signals below bump the version and schedule calendar_changed
            record(
                exception,
                "calendar_exception_added" if created else "calendar_exception_changed",
                actor=actor,
                comment=exception.reason,
                data={"date": exception.date, "kind": exception.kind},
            )
    except IntegrityError as error:  # a concurrent add of the same date won the unique constraint
        raise ValidationError(
            _("%(date)s already has a calendar exception; remove it first."),
            code="duplicate",
            params={"date": workdays.format_date(exception.date)},
        ) from error
    return exception


def add_exception(day: date, kind: str, reason: str, *, actor: Any = None) -> CalendarException:
    """Add an extra day off (kind "holiday") or a working Saturday/Sunday (kind "workday")."""
    return save_exception(CalendarException(date=day, kind=kind, reason=reason), actor=actor)


@transaction.atomic
def remove_exception(day: date, *, actor: Any = None) -> None:
    """Remove the exception on `day`; the day goes back to the public calendar."""
    exception = CalendarException.objects.select_for_update().filter(date=day).first()
    if exception is None:
        raise ValidationError(
            _("There is no calendar exception on %(date)s."),
            code="missing",
            params={"date": workdays.format_date(day)},
        )
    record(
        exception,
        "calendar_exception_removed",
        actor=actor,
        comment=exception.reason,
        data={"date": exception.date, "kind": exception.kind},
    )
    exception.delete()


# --- every write, whatever its path, invalidates the calendar and tells listeners ---------------------


@receiver(pre_save, sender=CalendarException, dispatch_uid="calendar_exception_pre_save")
def _remember_old_date(sender: type[CalendarException], instance: CalendarException, **kwargs: Any) -> None:
    # A changed date frees the old one too: both are reported.
    old = sender.objects.filter(pk=instance.pk).values_list("date", flat=True).first() if instance.pk else None
    instance._calendar_old_date = old  # type: ignore[attr-defined]


@receiver(post_save, sender=CalendarException, dispatch_uid="calendar_exception_post_save")
def _exception_saved(sender: type[CalendarException], instance: CalendarException, **kwargs: Any) -> None:
    old = getattr(instance, "_calendar_old_date", None)
    workdays.calendar_was_changed({instance.date} | ({old} if old else set()))


@receiver(post_delete, sender=CalendarException, dispatch_uid="calendar_exception_post_delete")
def _exception_deleted(sender: type[CalendarException], instance: CalendarException, **kwargs: Any) -> None:
    workdays.calendar_was_changed({instance.date})
