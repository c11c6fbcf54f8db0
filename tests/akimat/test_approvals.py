"""The core approval route (akimat.approvals, issue #13 point 2): rounds, parallel stages, the closing visa
(003 §10.3), two outcomes and a reason for a return (§10.4, §9.22), acting-for, times, reminders.

The subject here is an organisation unit registered for the test only: the mechanism is generic.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from akimat import approvals
from akimat.approvals import Step, Subject
from akimat.history import history_for
from akimat.models import Notification, OrgUnit, Visa
from akimat.roles import Role
from tests.factories import make_acting_duty, make_person

mon_2026_03_16 = datetime.date(2026, 3, 16)
thu_2026_03_19 = datetime.date(2026, 3, 19)
fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)  # 21–25 March: Nauryz and the days off in lieu


@pytest.fixture
def clock():
    traveller = time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10) -> None:
        machine.move_to(datetime.datetime(day.year, day.month, day.day, hour - 5, 0, tzinfo=datetime.UTC))

    yield move_to
    traveller.stop()


@pytest.fixture
def events():
    return []


@pytest.fixture
def author(org):
    return make_person("author", unit=org.finance, roles=(Role.EXECUTOR,)).user


@pytest.fixture
def subject(org, events, author, clock):
    """An org unit standing for any approved object; the callbacks write down what happened."""
    previous = approvals._SUBJECTS.get(OrgUnit)
    approvals.register(
        Subject(
            model=OrgUnit,
            label=lambda unit: unit.name_en,
            url=lambda unit: f"/units/{unit.pk}/",
            on_done=lambda unit, actor: events.append(("done", unit.pk, actor.username)),
            on_returned=lambda unit, visa, actor: events.append(("returned", unit.pk, visa.comment)),
            lock=lambda unit: OrgUnit.objects.select_for_update().get(pk=unit.pk),
            authors=lambda unit: [author],
        )
    )
    yield org.finance
    if previous is None:
        approvals._SUBJECTS.pop(OrgUnit, None)
    else:
        approvals.register(previous)


@pytest.fixture
def people(org):
    def person(name, roles=(Role.DEPARTMENT_HEAD,)):
        return make_person(name, unit=org.leadership, roles=roles)

    return {name: person(name) for name in ("first", "second", "third", "lawyer")}


def test_sequential_route_reaches_one_approver_at_a_time(subject, people, author, events):
    visas = approvals.start_round(
        subject, actor=author, steps=[Step(people["first"]), Step(people["second"]), Step(people["third"])]
    )
    assert [(v.round, v.position, v.stage) for v in visas] == [(1, 0, 0), (1, 1, 1), (1, 2, 2)]
    assert [v.approver for v in approvals.waiting(subject)] == [people["first"]]
    assert approvals.current_round(subject) == 1
    for visa in visas:
        assert not approvals.all_agreed(subject)
        approvals.decide(visa, actor=visa.approver.user, agree=True)
    assert approvals.all_agreed(subject)
    assert events == [("done", subject.pk, "third")]


def test_parallel_stage_and_closing_visa_last_10_3(subject, people, author, events):
    """Parallel visas reach their approvers together; the legal consultant's closes the route (§10.3)."""
    visas = approvals.start_round(
        subject,
        actor=author,
        steps=[
            Step(people["first"], role="departments"),
            Step(people["second"], role="departments", parallel=True),
            Step(people["third"]),
            Step(people["lawyer"], role="legal", closes=True),
        ],
    )
    assert [v.stage for v in visas] == [0, 0, 1, 2]
    assert visas[-1].closes_route
    assert {v.approver.user.username for v in approvals.waiting(subject)} == {"first", "second"}
    approvals.decide(visas[1], actor=people["second"].user, agree=True)
    assert [v.approver for v in approvals.waiting(subject)] == [people["first"]]
    approvals.decide(visas[0], actor=people["first"].user, agree=True)
    assert [v.approver for v in approvals.waiting(subject)] == [people["third"]]
    approvals.decide(visas[2], actor=people["third"].user, agree=True)
    assert [v.approver for v in approvals.waiting(subject)] == [people["lawyer"]]
    assert events == []
    approvals.decide(visas[3], actor=people["lawyer"].user, agree=True)
    assert events == [("done", subject.pk, "lawyer")]


@pytest.mark.parametrize(
    "steps",
    [
        lambda p: [Step(p["lawyer"], closes=True), Step(p["first"])],
        lambda p: [Step(p["first"]), Step(p["lawyer"], closes=True, parallel=True)],
        lambda p: [Step(p["first"]), Step(p["lawyer"], closes=True), Step(p["second"], parallel=True)],
    ],
    ids=["not-last", "parallel-with-previous", "parallel-after-it"],
)
def test_closing_visa_only_last_and_alone_10_3(subject, people, author, steps):
    with pytest.raises(ValidationError) as error:
        approvals.start_round(subject, actor=author, steps=steps(people))
    assert "approvers" in error.value.message_dict
    assert not Visa.objects.exists()


def test_route_needs_an_approver_and_none_twice(subject, people, author):
    with pytest.raises(ValidationError) as error:
        approvals.start_round(subject, actor=author, steps=[])
    assert "approvers" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        approvals.start_round(subject, actor=author, steps=[Step(people["first"]), Step(people["first"])])
    assert "approvers" in error.value.message_dict


def test_return_needs_a_reason_and_drops_the_rest_of_the_round_10_4(subject, people, author, events):
    """Exactly two outcomes: agreed, or returned with a written reason (§10.4)."""
    visas = approvals.start_round(
        subject,
        actor=author,
        steps=[Step(people["first"]), Step(people["second"], parallel=True), Step(people["third"])],
    )
    with pytest.raises(ValidationError) as error:
        approvals.decide(visas[0], actor=people["first"].user, agree=False, comment="  ")
    assert "comment" in error.value.message_dict
    approvals.decide(visas[0], actor=people["first"].user, agree=False, comment="Wrong figures")
    assert events == [("returned", subject.pk, "Wrong figures")]
    # the parallel visa not given and the stage not reached are dropped
    assert list(Visa.objects.values_list("approver__user__username", "decision")) == [("first", "returned")]
    assert [h.action for h in history_for(subject)] == ["returned"]
    # a resubmission is the next round
    again = approvals.start_round(subject, actor=author, steps=[Step(people["first"])])
    assert again[0].round == 2 == approvals.current_round(subject)
    assert approvals.round_visas(subject, 1)[0].comment == "Wrong figures"


def test_no_agreed_with_remarks_10_4(subject, people, author):
    """The decision has two values only; there is no third outcome to choose."""
    assert set(Visa.Decision.values) == {"pending", "agreed", "returned"}
    visa = approvals.start_round(subject, actor=author, steps=[Step(people["first"])])[0]
    approvals.decide(visa, actor=people["first"].user, agree=True)
    visa.refresh_from_db()
    assert visa.decision == Visa.Decision.AGREED


def test_only_the_approver_or_who_acts_for_them_decides(subject, people, author, outsider):
    visas = approvals.start_round(subject, actor=author, steps=[Step(people["first"]), Step(people["second"])])
    with pytest.raises(PermissionDenied):
        approvals.decide(visas[0], actor=outsider, agree=True)
    with pytest.raises(ValidationError, match="not waiting"):
        approvals.decide(visas[1], actor=people["second"].user, agree=True)
    approvals.decide(visas[0], actor=people["first"].user, agree=True)
    with pytest.raises(ValidationError, match="not waiting"):
        approvals.decide(visas[0], actor=people["first"].user, agree=True)


def test_acting_person_gives_the_visa_and_both_names_show(subject, people, author, clock):
    """An absent approver is replaced by the person acting for them; the visa names both."""
    stand_in = people["third"]
    make_acting_duty(stand_in, people["first"], mon_2026_03_16, fri_2026_03_20)
    visa = approvals.start_round(subject, actor=author, steps=[Step(people["first"])])[0]
    assert list(approvals.awaiting(stand_in.user)) == [visa]
    approvals.decide(visa, actor=stand_in.user, agree=True)
    visa.refresh_from_db()
    assert (visa.approver, visa.acting_person, visa.decided_by) == (people["first"], stand_in, stand_in.user)
    entry = history_for(subject).last()
    assert (entry.actor, entry.acting_for) == (stand_in.user, people["first"].user)


def test_received_and_decided_times(subject, people, author, clock):
    visas = approvals.start_round(subject, actor=author, steps=[Step(people["first"]), Step(people["second"])])
    assert visas[0].received_at == timezone.now()
    assert visas[1].received_at is None
    clock(thu_2026_03_19, hour=15)
    approvals.decide(visas[0], actor=people["first"].user, agree=True)
    first, second = approvals.round_visas(subject)
    assert first.decided_at == timezone.now() == second.received_at
    assert second.decided_at is None


def test_reaching_notifies_and_deciding_completes_the_action(subject, people, author):
    visa = approvals.start_round(subject, actor=author, steps=[Step(people["first"])])[0]
    note = Notification.objects.get(recipient=people["first"].user, kind="akimat.visa_requested")
    assert note.action == approvals.VISA.name and note.action_done_at is None
    approvals.decide(visa, actor=people["first"].user, agree=True)
    note.refresh_from_db()
    assert note.action_done_at is not None


def test_awaiting_and_overdue(subject, people, author, clock):
    visas = approvals.start_round(
        subject, actor=author, steps=[Step(people["first"], due_on=fri_2026_03_20), Step(people["second"])]
    )
    assert list(approvals.awaiting(people["first"].user)) == [visas[0]]
    assert list(approvals.awaiting(people["second"].user)) == []
    assert list(approvals.overdue(fri_2026_03_20)) == []
    assert list(approvals.overdue(thu_2026_03_26)) == [visas[0]]


def test_reminders_once_per_visa_and_kind(subject, people, author, clock):
    """The working day before the term and once overdue: in-app and e-mail, exactly once each."""
    visa = approvals.start_round(subject, actor=author, steps=[Step(people["first"], due_on=fri_2026_03_20)])[0]
    assert approvals.remind() == 0  # Monday: the term is Friday
    clock(thu_2026_03_19)
    assert approvals.remind() == 2  # the approver and the author
    assert approvals.remind() == 0
    clock(fri_2026_03_20)
    assert approvals.remind() == 0  # the term day itself
    clock(datetime.date(2026, 3, 22))
    assert approvals.remind() == 0  # a day off reminds of nothing
    clock(thu_2026_03_26)
    assert approvals.remind() == 2
    assert approvals.remind() == 0
    keys = sorted(Notification.objects.filter(kind__startswith="akimat.visa_").values_list("kind", "key"))
    assert keys == [
        ("akimat.visa_due", f"visa.{visa.pk}.due"),
        ("akimat.visa_due", f"visa.{visa.pk}.due"),
        ("akimat.visa_overdue", f"visa.{visa.pk}.overdue"),
        ("akimat.visa_overdue", f"visa.{visa.pk}.overdue"),
        ("akimat.visa_requested", "1.0"),
    ]
    approvals.decide(visa, actor=people["first"].user, agree=True)
    clock(datetime.date(2026, 3, 27))
    assert approvals.remind() == 0  # a given visa is not reminded of


def test_reminders_run_daily_from_beat(subject, people, author, clock, settings):
    from akimat import tasks

    assert settings.CELERY_BEAT_SCHEDULE["visa-reminders"]["task"] == "akimat.tasks.remind_visas"
    approvals.start_round(subject, actor=author, steps=[Step(people["first"], due_on=fri_2026_03_20)])
    clock(thu_2026_03_26)
    assert tasks.remind_visas.apply().get() == 2


def test_drop_pending_on_a_return_outside_the_route_10_12(subject, people, author, events):
    visas = approvals.start_round(subject, actor=author, steps=[Step(people["first"]), Step(people["second"])])
    approvals.decide(visas[0], actor=people["first"].user, agree=True)
    assert approvals.drop_pending(subject, actor=author) == 1
    assert [v.decision for v in approvals.round_visas(subject)] == [Visa.Decision.AGREED]
    note = Notification.objects.get(recipient=people["second"].user, kind="akimat.visa_requested")
    assert note.action_done_at is not None
    assert events == []
