"""The Monday list of protocols' timeliness — 003 §8.6 (issue #14 §5).

"Отдел ОДК еженедельно (в понедельник) по итогам недели представляет руководителю аппарата … информацию о
своевременности оформления протоколов": for a week (Monday to Sunday) the meetings held that week, each with
the protocol's drafting term (§8.5, §8.8), when it was drafted (= first sent for approval, or straight to
signature: ``Protocol.drafted_at``), on time or late by how many working days, and the ones still missing with
the working days they are overdue as of today. The page, its PDF, the command ``protocols_timeliness`` and the
Monday task all read ``week_list()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from akimat import officials, pdf, permissions, reglament, workdays
from akimat.models import OrgUnit
from akimat.roles import Role
from control.reports import Export, Week
from meetings import services
from meetings.models import Meeting, Protocol

#: the profile's rule naming the roles that get the list every Monday (§8.6: the head of apparatus and/or deputies)
RECIPIENTS_RULE = "meetings.timeliness_recipients"
#: besides the recipients, who may open the list: the general department keeps the protocols (§8.7), the
#: organisational department controls their drafting (§8.6), auditors read everything
READER_ROLES = frozenset({Role.ORG_DEPARTMENT, Role.AUDITOR})


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("drafted on time")
    LATE = "late", _("drafted late")
    MISSING = "missing", _("not drafted")


@dataclass(frozen=True)
class TimelinessRow:
    """One meeting held in the week and its protocol's timeliness (§8.6)."""

    meeting: Meeting
    protocol: Protocol | None
    due_on: datetime.date  # the drafting term (§8.5, §8.8)
    drafted_at: datetime.datetime | None  # first sent for approval (or straight to signature)
    status: str  # Timeliness
    days_late: int  # working days past the term: when drafted late, or (missing) as of today; 0 otherwise

    @property
    def drafted_on(self) -> datetime.date | None:
        return timezone.localdate(self.drafted_at) if self.drafted_at else None

    @property
    def on_time(self) -> bool:
        return self.status == Timeliness.ON_TIME

    @property
    def late(self) -> bool:
        return self.status == Timeliness.LATE

    @property
    def missing(self) -> bool:
        return self.status == Timeliness.MISSING

    @property
    def overdue(self) -> bool:
        """Missing and past its term (a missing protocol still within its term is not yet late)."""
        return self.missing and self.days_late > 0

    @property
    def title(self) -> str:
        return self.meeting.title or self.meeting.type.name

    @property
    def light(self) -> str:
        """The traffic light of the row: green on time, red late or overdue, yellow still within the term."""
        if self.on_time:
            return "green"
        return "yellow" if self.missing and not self.overdue else "red"

    @property
    def status_text(self) -> str:
        """On time; late by N working days; not drafted, N working days overdue (or still within the term)."""
        count = self.days_late
        if self.on_time:
            return gettext("on time")
        if self.late:
            return ngettext("late by %(count)s working day", "late by %(count)s working days", count) % {"count": count}
        if self.overdue:
            return ngettext(
                "not drafted, %(count)s working day overdue", "not drafted, %(count)s working days overdue", count
            ) % {"count": count}
        return gettext("not drafted yet, within the term")


@dataclass(frozen=True)
class Summary:
    total: int
    on_time: int
    late: int
    missing: int


@dataclass(frozen=True)
class WeekTimeliness:
    """The list of a week as of a day: its rows (by the meeting's start) and their counts."""

    week: Week
    as_of: datetime.date
    rows: list[TimelinessRow]
    summary: Summary


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def held_in(week: Week, *, user=None) -> models.QuerySet:
    """The meetings held in the week (cancelled and still planned ones aside), with their type, chair and
    protocol in the same query; only those `user` may see when given (closed ones only by grant, §5.3)."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.HELD,
        starts_at__gte=_start_of(week.monday),
        starts_at__lt=_start_of(week.next().monday),
    )  # served by meeting_status_start_idx
    if user is not None:
        meetings = permissions.visible(user, meetings)
    return meetings.select_related("type", "chair", "protocol").order_by("starts_at", "id")


def _row(meeting: Meeting, today: datetime.date) -> TimelinessRow:
    protocol = getattr(meeting, "protocol", None)  # the reverse one-to-one, read by select_related
    due_on = protocol.drafting_due_on if protocol is not None else services.drafting_due_on(meeting)
    drafted_at = protocol.drafted_at if protocol is not None else None
    if drafted_at is None:
        status, late = Timeliness.MISSING, max(workdays.working_days_between(due_on, today), 0)
    else:
        late = max(workdays.working_days_between(due_on, timezone.localdate(drafted_at)), 0)
        status = Timeliness.LATE if late else Timeliness.ON_TIME
    return TimelinessRow(
        meeting=meeting, protocol=protocol, due_on=due_on, drafted_at=drafted_at, status=status, days_late=late
    )


def week_rows(monday: datetime.date, user=None, *, today: datetime.date | None = None) -> list[TimelinessRow]:
    """The rows of the week containing `monday`, as of `today`: one query whatever the number of meetings."""
    today = today or workdays.today()
    return [_row(meeting, today) for meeting in held_in(Week.containing(monday), user=user)]


def summarize(rows: list[TimelinessRow]) -> Summary:
    return Summary(
        total=len(rows),
        on_time=sum(row.on_time for row in rows),
        late=sum(row.late for row in rows),
        missing=sum(row.missing for row in rows),
    )


def week_list(week: Week, *, user=None, today: datetime.date | None = None) -> WeekTimeliness:
    """The week's list with its summary (§8.6), as of today."""
    today = today or workdays.today()
    rows = week_rows(week.monday, user, today=today)
    return WeekTimeliness(week=week, as_of=today, rows=rows, summary=summarize(rows))


def export_pdf(week: Week, *, user=None, language: str | None = None, today: datetime.date | None = None) -> Export:
    """The week's list as a PDF in `language`, signed by the general department (ОДК), which presents it to
    the head of apparatus (§8.6)."""
    language = language or translation.get_language()
    with translation.override(language):
        context = {
            "timeliness": week_list(week, user=user, today=today),
            "signer": pdf.head_of_unit(OrgUnit.Function.GENERAL, gettext("Head of the general department")),
            "LANGUAGE_CODE": language,
        }
        content = pdf.render_pdf("meetings/pdf/timeliness.html", context, language=language, prepared_by=user)
    return Export(content, "application/pdf", f"protocols-timeliness-{week.key}.pdf")


# --- who receives it and who may read it ----------------------------------------------------------------


def recipient_roles() -> tuple[str, ...]:
    """§8.6: the roles that get the list every Monday (the profile's meetings.timeliness_recipients)."""
    return reglament.rule(RECIPIENTS_RULE).as_codes()


def recipients() -> list:
    """The active users holding one of the recipients' roles."""
    roles = recipient_roles()
    return officials.role_users(*roles) if roles else []


def may_read(user) -> bool:
    """The recipients, the general department, the organisational department and auditors (§8.6, §8.7)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = permissions.roles_of(user)
    if roles & (READER_ROLES | set(recipient_roles())):
        return True
    if OrgUnit.Function.ORGANISATIONAL in permissions.unit_functions(user):
        return True
    return officials.is_general_department(user)
