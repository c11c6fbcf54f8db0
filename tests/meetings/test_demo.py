"""meetings/demo.py in `seed_demo` (issue #14 §6): the akimat's members, then meetings and protocols in every state,
replayed through meetings.services relative to today, idempotent.

The checks run on the one seed the seed_demo tests share (a seed takes ~20 s): tests/akimat/test_seed_demo.py's
test_the_demo_shows_every_module_at_work calls check_meetings_demo, and its second run compares
counts_of_meetings too (a second run adds nothing). Its clock: Wednesday 18 March 2026, 15:00 in Almaty, before
the Nauryz days off of 21–25 March.
"""

from django.contrib.auth.models import User
from django.utils import timezone

from akimat import permissions, workdays
from akimat.models import Counter, HistoryEntry, Notification, Visa
from control.models import ControlItem
from meetings import services
from meetings.models import AgendaItem, AkimatMember, Kind, Material, Meeting, Participant, Protocol, ProtocolPoint


def counts_of_meetings() -> dict[str, int]:
    return {
        "members": AkimatMember.objects.count(),
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "materials": Material.objects.count(),
        "protocols": Protocol.objects.count(),
        "points": ProtocolPoint.objects.count(),
        "visas": Visa.objects.filter(subject_type__app_label="meetings").count(),
        "control": ControlItem.objects.count(),
        "notifications": Notification.objects.count(),
        "history": HistoryEntry.objects.count(),
        "counters": sum(Counter.objects.values_list("last_value", flat=True)),
    }


def _protocol_visas():
    return Visa.objects.filter(subject_type__app_label="meetings", subject_type__model="protocol")


def check_meetings_in_every_state() -> None:
    """Issue #14 §6: what a newcomer finds in the demo's meetings, relative to today (003 §5, §8)."""
    today = workdays.today()
    now = timezone.now()
    registered = Protocol.objects.filter(status=Protocol.Status.REGISTERED)
    # §5.4: seven members of the akimat
    assert AkimatMember.objects.count() == 7
    # a session held with its quorum and votes (adopted), its protocol drafted on time (§8.8), agreed by visas,
    # signed and registered as № 1 of its year, its points on control: one reported, one overdue
    adopted = Meeting.objects.get(kind=Kind.SESSION, has_quorum=True)
    assert adopted.items.exclude(outcome=AgendaItem.Outcome.ADOPTED).count() == 0
    assert all(item.votes_for for item in adopted.items.all())
    protocol = adopted.protocol
    assert protocol.status == Protocol.Status.REGISTERED and protocol.number == "1"
    assert protocol.year == protocol.registered_on.year
    assert timezone.localdate(protocol.drafted_at) <= protocol.drafting_due_on
    assert _protocol_visas().filter(subject_id=protocol.pk, decision=Visa.Decision.AGREED).count() >= 2
    items = ControlItem.objects.filter(pk__in=protocol.points.values("control_item"))
    assert items.count() == protocol.points.count() == 3
    assert items.filter(status=ControlItem.Status.REPORTED).exists()
    assert items.filter(status=ControlItem.Status.ON_CONTROL, deadline__lt=today).exists()
    # a session without quorum (3 of 7, §5.4): no vote, and its protocol says so
    failed = Meeting.objects.get(kind=Kind.SESSION, has_quorum=False)
    assert (failed.present_members, failed.total_members) == (3, 7)
    assert not failed.items.exclude(outcome="").exists() and not failed.items.exclude(votes_for=None).exists()
    assert all("3 из 7" in item.heard_ru and "кворум" in item.heard_kk for item in failed.items.all())
    assert failed.protocol.status == Protocol.Status.REGISTERED
    # an apparatus meeting whose protocol was drafted two working days after it (late, §8.5), registered
    late = registered.get(meeting__kind=Kind.APPARATUS)
    drafted_on = timezone.localdate(late.drafted_at)
    assert drafted_on > late.drafting_due_on
    assert drafted_on == workdays.add_working_days(late.meeting.held_on, 2)
    # a meeting held whose protocol is still not drafted past its term; one on approval waiting for the head
    # of apparatus's visa
    missing = Protocol.objects.get(status=Protocol.Status.DRAFT)
    assert missing.meeting.status == Meeting.Status.HELD
    assert missing.drafted_at is None and missing.drafting_due_on < today
    on_approval = Protocol.objects.get(status=Protocol.Status.ON_APPROVAL)
    waiting = _protocol_visas().filter(subject_id=on_approval.pk, decision=Visa.Decision.PENDING)
    assert [visa.approver.user.username for visa in waiting.exclude(received_at=None)] == ["apparatus.head"]
    assert _protocol_visas().filter(subject_id=on_approval.pk, decision=Visa.Decision.AGREED).exists()
    # upcoming (§5.6, §5.17): a session with its agenda, materials partly in — one late, some missing
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=now)
    session = planned.get(kind=Kind.SESSION, is_extraordinary=False)
    assert session.items.count() == 3 and session.materials_due_on < today
    assert Material.objects.filter(item__meeting=session, is_late=True).count() == 1
    assert Material.objects.filter(item__meeting=session, is_late=False).exists()
    assert [item.order for item in session.items.all() if services.missing_materials(item)] == [3]
    assert Notification.objects.filter(kind="meeting_materials_missing", recipient__username="org.head").exists()
    # an apparatus meeting this week (the next working day), a closed operational meeting (§5.3), an
    # extraordinary session with its agenda sent at once (§5.10)
    this_week = planned.get(kind=Kind.APPARATUS)
    assert timezone.localdate(this_week.starts_at) == workdays.next_working_day(today, include_self=False)
    closed = planned.get(is_closed=True)
    assert closed.kind == Kind.OPERATIONAL and closed.items.exists()
    extraordinary = planned.get(is_extraordinary=True)
    assert Notification.objects.filter(kind="meeting_agenda", object_id=extraordinary.pk).exists()
    # a cancelled meeting with its reason
    assert Meeting.objects.filter(status=Meeting.Status.CANCELLED).exclude(cancel_reason="").count() == 1
    # titles in both languages; nothing after the moment of the run; dates on working days
    assert not AgendaItem.objects.filter(title_ru="").exists() and not Meeting.objects.filter(title_ru="").exists()
    assert not HistoryEntry.objects.filter(at__gt=now).exists()
    assert not Material.objects.filter(submitted_at__gt=now).exists()
    assert not _protocol_visas().filter(decided_at__gt=now).exists()
    assert not Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gt=now).exists()
    assert all(workdays.is_working_day(day) for day in registered.values_list("registered_on", flat=True))
    assert all(workdays.is_working_day(timezone.localdate(m.starts_at)) for m in Meeting.objects.all())


def check_the_closed_meeting_is_seen_only_by_those_granted() -> None:
    """§5.3: the closed meeting opens by a grant by name — the auditor (who sees every meeting) is not granted."""
    closed = Meeting.objects.get(is_closed=True)
    auditor = User.objects.get(username="auditor")
    assert not permissions.visible(auditor, Meeting).filter(pk=closed.pk).exists()
    assert permissions.visible(auditor, Meeting).filter(is_closed=False).exists()
    for row in Participant.objects.filter(meeting=closed).exclude(person=None).select_related("person__user"):
        assert permissions.visible(row.person.user, Meeting).filter(pk=closed.pk).exists(), row.person


def check_protocol_numbers_are_gapless_per_type_and_year() -> None:
    """§8.7, Appendix 6 item 3: one gapless sequence per type and year, following the registration dates."""
    for code in ("session", "apparatus", "operational", "advisory", "field"):
        protocols = Protocol.objects.filter(meeting__type__code=code).exclude(number="")
        for year in set(protocols.values_list("year", flat=True)):
            of_year = protocols.filter(year=year)
            counter = Counter.objects.get(journal__code=f"protocols-{code}", year=year)
            numbers = sorted(int(number) for number in of_year.values_list("number", flat=True))
            assert numbers == list(range(1, counter.last_value + 1)), code
            by_date = [int(n) for n in of_year.order_by("registered_on", "pk").values_list("number", flat=True)]
            assert by_date == sorted(by_date), code


def check_meetings_demo() -> None:
    check_meetings_in_every_state()
    check_the_closed_meeting_is_seen_only_by_those_granted()
    check_protocol_numbers_are_gapless_per_type_and_year()
