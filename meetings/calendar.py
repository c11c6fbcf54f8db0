"""The calendar of meetings (issue #14 §1): the meetings of a week or a month a user sees, each with the user's part
in it, and the private iCalendar feed of the same meetings (meetings/views/calendar.py serves both).

What a user sees is ``permissions.visible(user, Meeting)`` and nothing else: a closed meeting (003 §5.3) only when
granted by name. The part is read for the user and everyone they act for today (acting duties, as the access
rules read them). A period costs a fixed number of queries whatever the number of its meetings: the meetings, then
one query each for the user's participations, the items they speak at and the items their unit reports on.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akimat import permissions
from meetings.access import sees_every_meeting
from meetings.models import AgendaItem, Meeting, MeetingFeed, Participant

#: a meeting without an end time lasts this long in the calendar and the feed
DEFAULT_DURATION = datetime.timedelta(hours=1)
#: a month page or a feed never loads more meetings than this (a district holds far fewer in a month)
PERIOD_LIMIT = 500
#: the feed holds the meetings from this many days back to this many ahead
FEED_PAST = datetime.timedelta(days=62)
FEED_FUTURE = datetime.timedelta(days=366)


class Part(models.TextChoices):
    """The user's part in a meeting, strongest first."""

    CHAIR = "chair", _("chair")
    SECRETARY = "secretary", _("secretary")
    SPEAKER = "speaker", _("speaker")
    MEMBER = "member", _("member")
    INVITED = "invited", _("invited")
    ORGANISER = "organiser", _("organiser")  # their unit organises the meeting
    RESPONSIBLE = "responsible", _("reporting body")  # their unit is responsible for an item (§5.6)
    SEES = "sees", _("sees it")  # leadership, the general and organisational departments, auditors


_ORDER = {part: index for index, part in enumerate(Part)}
#: the parts that make a meeting "mine" — everything but seeing it by office
MINE = frozenset(Part) - {Part.SEES}


@dataclass
class Entry:
    """A meeting of the calendar with the user's parts in it (strongest first) and, for the feed, its agenda."""

    meeting: Meeting
    parts: list[Part]
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def part(self) -> Part:
        return self.parts[0]

    @property
    def is_mine(self) -> bool:
        return self.part in MINE

    @property
    def ends_at(self) -> datetime.datetime:
        return self.meeting.ends_at or self.meeting.starts_at + DEFAULT_DURATION

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.meeting.starts_at)


@dataclass(frozen=True)
class Period:
    """A week (Monday to Sunday) or a month of the calendar, with its neighbours."""

    view: str  # "week" or "month"
    day: datetime.date  # the day asked for
    first: datetime.date
    last: datetime.date

    @classmethod
    def of(cls, view: str, day: datetime.date) -> Period:
        if view == "month":
            first = day.replace(day=1)
            last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            return cls("month", day, first, last)
        first = day - datetime.timedelta(days=day.weekday())
        return cls("week", day, first, first + datetime.timedelta(days=6))

    @property
    def previous(self) -> datetime.date:
        if self.view == "month":
            return (self.first - datetime.timedelta(days=1)).replace(day=1)
        return self.first - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        if self.view == "month":
            return self.last + datetime.timedelta(days=1)
        return self.first + datetime.timedelta(days=7)

    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def weeks(self) -> list[list[datetime.date]]:
        """Monday-first weeks covering the period (a month's grid starts and ends with its neighbours' days)."""
        start = self.first - datetime.timedelta(days=self.first.weekday())
        end = self.last + datetime.timedelta(days=6 - self.last.weekday())
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        return [days[n : n + 7] for n in range(0, len(days), 7)]


def default_only_mine(user) -> bool:
    """Ordinary staff see their own meetings first; those who see every meeting by office see them all."""
    return not sees_every_meeting(user)


def _bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments that open the first day and close the last one in the akimat's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def _mine_q(person_ids: list[int], unit_ids: list[int]) -> Q:
    """Meetings the persons take part in or their units organise or report at (pk__in subqueries, no joins)."""
    condition = Q(pk__in=[])
    if person_ids:
        condition |= Q(chair__in=person_ids) | Q(secretary__in=person_ids)
        condition |= Q(pk__in=Participant.objects.filter(person__in=person_ids).values("meeting"))
        condition |= Q(pk__in=AgendaItem.objects.filter(speakers__in=person_ids).values("meeting"))
    if unit_ids:
        condition |= Q(organiser_unit__in=unit_ids)
        condition |= Q(pk__in=AgendaItem.objects.filter(responsible_units__in=unit_ids).values("meeting"))
    return condition


def meetings_between(
    user,
    first: datetime.date,
    last: datetime.date,
    *,
    only_mine: bool,
    with_items: bool = False,
    limit: int = PERIOD_LIMIT,
) -> list[Entry]:
    """The meetings from `first` to `last` (inclusive, local dates) the user sees, in time order, each with the
    user's part; with only_mine, those they take part in or their unit organises or reports at."""
    person_ids = sorted(person.pk for person in permissions.principal_persons(user))
    unit_ids = sorted(permissions.unit_ids_of(user))
    start, end = _bounds(first, last)
    queryset = permissions.visible(user, Meeting.objects.all()).filter(starts_at__gte=start, starts_at__lt=end)
    if only_mine:
        queryset = queryset.filter(_mine_q(person_ids, unit_ids))
    meetings = list(queryset.select_related("type", "organiser_unit", "chair").order_by("starts_at", "pk")[:limit])
    if not meetings:
        return []
    parts = _parts_of(meetings, person_ids, unit_ids)
    entries = [Entry(meeting, parts[meeting.pk]) for meeting in meetings]
    if with_items:
        _attach_items(entries)
    return entries


def _parts_of(meetings: list[Meeting], person_ids: list[int], unit_ids: list[int]) -> dict[int, list[Part]]:
    """Each meeting's parts of the persons and units, strongest first (three queries for any number of meetings)."""
    ids = [meeting.pk for meeting in meetings]
    found: dict[int, set[Part]] = defaultdict(set)
    persons = set(person_ids)
    units = set(unit_ids)
    for meeting in meetings:
        if meeting.chair_id in persons:
            found[meeting.pk].add(Part.CHAIR)
        if meeting.secretary_id in persons:
            found[meeting.pk].add(Part.SECRETARY)
        if meeting.organiser_unit_id in units:
            found[meeting.pk].add(Part.ORGANISER)
    if persons:
        rows = Participant.objects.filter(meeting__in=ids, person__in=persons).order_by().values_list("meeting", "role")
        for meeting_id, role in rows:
            found[meeting_id].add(Part.MEMBER if role == Participant.Role.MEMBER else Part.INVITED)
        speakers = AgendaItem.speakers.through.objects.filter(agendaitem__meeting__in=ids, person__in=persons)
        for meeting_id in speakers.order_by().values_list("agendaitem__meeting", flat=True):
            found[meeting_id].add(Part.SPEAKER)
    if units:
        responsible = AgendaItem.responsible_units.through.objects.filter(
            agendaitem__meeting__in=ids, orgunit__in=units
        )
        for meeting_id in responsible.order_by().values_list("agendaitem__meeting", flat=True):
            found[meeting_id].add(Part.RESPONSIBLE)
    return {pk: sorted(found[pk], key=_ORDER.__getitem__) or [Part.SEES] for pk in ids}


def _attach_items(entries: Iterable[Entry]) -> None:
    """The agenda titles of the meetings, in their order (one query)."""
    by_meeting = {entry.meeting.pk: entry for entry in entries}
    items = AgendaItem.objects.filter(meeting__in=list(by_meeting)).only("meeting", "order", "title_kk", "title_ru")
    for item in items.order_by("meeting", "order", "pk"):
        by_meeting[item.meeting_id].items.append(item)


def by_day(entries: Iterable[Entry]) -> dict[datetime.date, list[Entry]]:
    grouped: dict[datetime.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.day].append(entry)
    return grouped


# --- the private feed ----------------------------------------------------------------------------------------


def feed_of(user) -> MeetingFeed | None:
    return MeetingFeed.objects.filter(user=user.pk).first()


def feed_by_token(token: str) -> MeetingFeed | None:
    """The feed with this token of an active user (with the user and their person), None for an unknown one."""
    if not token or len(token) > 64:
        return None
    return MeetingFeed.objects.select_related("user__person").filter(token=token, user__is_active=True).first()


def feed_entries(user, *, only_mine: bool) -> list[Entry]:
    """The meetings of the feed: two months back to a year ahead, with their agenda."""
    today = timezone.localdate()
    return meetings_between(user, today - FEED_PAST, today + FEED_FUTURE, only_mine=only_mine, with_items=True)


def _description(entry: Entry) -> str:
    meeting = entry.meeting
    lines = [str(_("Your part: %(parts)s")) % {"parts": ", ".join(str(part.label) for part in entry.parts)}]
    if meeting.status == Meeting.Status.CANCELLED:
        lines.append(str(_("The meeting is cancelled.")))
    if meeting.format != Meeting.Format.IN_PERSON:
        lines.append(str(_("Format: %(format)s")) % {"format": meeting.get_format_display()})
    if entry.items:
        lines += ["", str(_("Agenda:"))]
        lines += [f"{item.order}. {item.title}" for item in entry.items]
    return "\n".join(lines)


def summary(meeting: Meeting) -> str:
    """The type of the meeting and its title in the active language."""
    return f"{meeting.type.name}: {meeting.title}" if meeting.title else meeting.type.name


def to_ics(entries: Iterable[Entry], *, link, domain: str, name: str) -> bytes:
    """The entries as an iCalendar (RFC 5545) calendar: one VEVENT per meeting, its UID stable across reads and
    renewals (meeting-<pk>@<domain>), times in UTC, texts in the active language."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Akimat EDMS//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now().astimezone(datetime.UTC)
    for entry in entries:
        meeting = entry.meeting
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
        event.add("dtend", entry.ends_at.astimezone(datetime.UTC))
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        event.add("summary", summary(meeting))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", _description(entry))
        event.add("url", link(meeting))
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        event.add("class", "CONFIDENTIAL" if meeting.is_closed else "PUBLIC")  # §5.3: a closed meeting is ДСП
        event.add("categories", [str(meeting.type.name)])
        calendar.add_component(event)
    return calendar.to_ical()
