"""appeals/demo.py in `seed_demo` (issue #15 §4): appeals of every kind, channel and state and the personal reception,
replayed through appeals.services and appeals.reception.services relative to today, idempotent.

The seed runs the core's steps and this module's only (the other modules' demos have their own tests), with the
clock pinned on three dates: a Monday, a Thursday, and the first working day after the Nauryz days off (21–25 March
2026) — the stories must replay whatever today is.
"""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from django.utils import timezone
from django.utils.translation import gettext as _

from akimat import workdays
from akimat.management.commands import seed_demo
from akimat.management.commands.seed_demo import SeedContext
from akimat.models import Counter, HistoryEntry, Notification
from appeals import demo
from appeals.models import Appeal, AppealAnswer, AppealLink, AppealNotice, Channel, Kind, Result
from appeals.reception import services as reception
from appeals.reception.models import CardInstruction, ReceptionCard, ReceptionDay, ScheduleEntry, Signup
from control.models import ControlItem
from control.queries import Light, LightThresholds

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
mon_2026_04_13 = datetime.datetime(2026, 4, 13, 15, 0, tzinfo=ALMATY)
thu_2026_04_16 = datetime.datetime(2026, 4, 16, 15, 0, tzinfo=ALMATY)
thu_2026_03_26 = datetime.datetime(2026, 3, 26, 15, 0, tzinfo=ALMATY)  # just after Nauryz (21–25 March off)


def seed() -> SeedContext:
    """The core's steps, then this module's: as `seed_demo` runs them (collect_steps finds appeals.demo)."""
    assert demo.seed_appeals in seed_demo.collect_steps()
    ctx = SeedContext(stdout=OutputWrapper(StringIO()), style=no_style())
    for step in [*seed_demo.CORE_STEPS, *demo.SEED_STEPS]:
        step(ctx)
    return ctx


def counts() -> dict[str, int]:
    return {
        "appeals": Appeal.objects.count(),
        "answers": AppealAnswer.objects.count(),
        "notices": AppealNotice.objects.count(),
        "links": AppealLink.objects.count(),
        "entries": ScheduleEntry.objects.count(),
        "days": ReceptionDay.objects.count(),
        "signups": Signup.objects.count(),
        "cards": ReceptionCard.objects.count(),
        "control": ControlItem.objects.count(),
        "notifications": Notification.objects.count(),
        "history": HistoryEntry.objects.count(),
        "counters": sum(Counter.objects.values_list("last_value", flat=True)),
    }


def _status(status: str):
    return Appeal.objects.filter(status=status)


def check_appeals_in_every_state() -> None:
    """Issue #15 §4: what a newcomer finds in the journal, relative to today (003 §13, APPK art. 63–76)."""
    today = workdays.today()
    S = Appeal.Status
    assert 15 <= Appeal.objects.count() <= 25
    # every kind and every channel at least once
    assert set(Appeal.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Appeal.objects.values_list("channel", flat=True)) == set(Channel.values)
    # registered today, not yet sent
    assert _status(S.REGISTERED).filter(registered_on=today, missing_items=[]).exists()
    # §13.7: deficient with its term running; returned after its term passed
    deficient = _status(S.DEFICIENT).get()
    assert deficient.deficiency_due_on >= today and deficient.notices.filter(kind="deficiency").exists()
    returned = _status(S.RETURNED).get()
    assert returned.returned_on > returned.deficiency_due_on and returned.result == Result.RETURNED
    # §13.8: sent to the akim, awaiting the resolution (the one fixed after its deficiency among them)
    sent = _status(S.SENT)
    assert sent.filter(addressee__user__username="akim").exists()
    assert HistoryEntry.objects.filter(action="deficiency_fixed").exists()
    # on consideration with executors, on control: within the term, amber (3 working days or fewer), red
    on = _status(S.ON_CONSIDERATION)
    assert on.count() >= 7
    assert all(appeal.resolution.control_item.status != ControlItem.Status.REMOVED for appeal in on)
    items = ControlItem.objects.filter(pk__in=on.values("resolution__control_item"))
    thresholds = LightThresholds.on(today)
    for light in (Light.GREEN, Light.YELLOW, Light.RED):
        assert items.filter(thresholds.q(light)).exists(), light
    assert on.filter(due_on__lt=today, answers__is_final=False).exists()  # the red one has an interim reply
    # APPK art. 76: extended, the applicant told; APPK art. 73: a preliminary decision told, the applicant heard
    extended = on.get(extensions__isnull=False)
    assert extended.due_on > extended.initial_due_on
    assert extended.notices.filter(kind="extension", late=False).exists()
    assert AppealNotice.objects.filter(kind="preliminary", appeal__in=on).exclude(heard_on=None).exists()
    # answered finally, removed from control: one on time, one late
    answered = _status(S.ANSWERED)
    assert answered.filter(term_kept=True).exists() and answered.filter(term_kept=False).exists()
    for appeal in answered:
        assert appeal.resolution.control_item.status == ControlItem.Status.REMOVED
        assert appeal.answers.get(is_final=True).outgoing_number
    # §13.9 forwarded in the term; §13.11 a complaint sent to the lower body
    forwarded = _status(S.FORWARDED)
    assert forwarded.filter(to_lower_body=False, forwarded_late=False).exists()
    assert forwarded.filter(to_lower_body=True, kind=Kind.COMPLAINT).exclude(lower_body_due_on=None).exists()
    # SPEC §8: an anonymous one closed; a repeat linked to an earlier answered one; a collective one
    assert _status(S.CLOSED).filter(is_anonymous=True).exists()
    repeat = AppealLink.objects.get(kind=AppealLink.Kind.REPEAT)
    assert repeat.earlier.status == S.ANSWERED
    collective = Appeal.objects.get(is_collective=True)
    assert collective.parties.count() == 2
    # Kazakh and Russian texts; every IIN valid; nothing after now; numbers gapless in the order of registration
    assert set(Appeal.objects.values_list("language", flat=True)) == {"kk", "ru"}
    now = timezone.now()
    assert not HistoryEntry.objects.filter(at__gt=now).exists()
    assert not Appeal.objects.filter(registered_at__gt=now).exists()
    assert not Notification.objects.filter(email_sent_at=None).exists()
    assert all(workdays.is_working_day(day) for day in Appeal.objects.values_list("registered_on", flat=True))
    for year in set(Appeal.objects.values_list("year", flat=True)):
        seqs = list(Appeal.objects.filter(year=year).order_by("registered_at").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))


def check_the_reception() -> None:
    """§14, 001: the schedule, a day held with its cards on control, the next one with the priority first, a
    refusal, a cancellation with its notices."""
    today = workdays.today()
    assert {e.official.user.username for e in ScheduleEntry.objects.all()} == {"akim", "deputy.infra"}
    held = ReceptionDay.objects.get(status=ReceptionDay.Status.HELD)
    assert held.date < today and held.official.user.username == "akim"
    cards = ReceptionCard.objects.filter(day=held, status=ReceptionCard.Status.COMPLETED)
    assert cards.count() == 2
    instructions = CardInstruction.objects.filter(card__in=cards)
    assert instructions.count() == 3 and not instructions.filter(control_item=None).exists()
    written = cards.exclude(appeal=None).get().appeal
    assert written.channel == Channel.RECEPTION and written.status == Appeal.Status.ON_CONSIDERATION
    assert held.signups.filter(status=Signup.Status.ABSENT).exists()
    # the next working day: a person with a disability first in the queue though signed up last (001 §11)
    upcoming = ReceptionDay.objects.get(status=ReceptionDay.Status.PLANNED, date__gte=today)
    assert upcoming.date == workdays.add_working_days(today, 1)
    line = list(reception.queue(upcoming))
    assert len(line) == 3 and line[0].priority == "disability"
    assert line[0].signed_up_at == max(s.signed_up_at for s in line)
    assert upcoming.list_sent_on == today  # §14.2: the list went to the deputy this morning
    # 001 §14: refused as already answered, naming the earlier answer
    refused = Signup.objects.get(status=Signup.Status.REFUSED)
    assert refused.answered_appeal.status == Appeal.Status.ANSWERED
    # 001 §15: cancelled in time, every signed-up applicant told
    cancelled = ReceptionDay.objects.get(status=ReceptionDay.Status.CANCELLED)
    assert not cancelled.cancelled_late and cancelled.cancel_reason
    assert cancelled.signups.count() == 2
    assert all(signup.notices.filter(kind="cancellation").exists() for signup in cancelled.signups.all())


@pytest.mark.parametrize("moment", [mon_2026_04_13, thu_2026_04_16, thu_2026_03_26], ids=["mon", "thu", "nauryz"])
def test_issue_15_4_the_demo_shows_appeals_and_reception_in_every_state(db, moment):
    with time_machine.travel(moment, tick=False):
        seed()
        check_appeals_in_every_state()
        check_the_reception()
        before = counts()

        ctx = seed()

        assert counts() == before
        assert not ctx.created[_("Appeals")]
