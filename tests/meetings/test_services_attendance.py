"""meetings.services — attendance, quorum and votes (issue #14; 003 §5.4): a session is valid with two thirds of
the akimat's members present (substitutes are not members), its resolutions pass by a majority of the members
present, and no vote is taken without a quorum or with more votes than members present."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import AgendaItem, Meeting, Participant

pytestmark = pytest.mark.django_db

FRI_2026_03_27 = datetime.date(2026, 3, 27)


def _attend(meeting, actor, present: int, substitutes: int = 0) -> services.Quorum:
    """The first `present` members present, the next `substitutes` absent with a substitute, the others absent."""
    members = list(meeting.participants.filter(role=Participant.Role.MEMBER).order_by("pk"))
    rows = [services.Attendance(p, present=index < present) for index, p in enumerate(members)]
    for row in rows[present : present + substitutes]:
        row.substitute = "Deputy head of the department, acting"
    return services.record_attendance(meeting, actor=actor, rows=rows)


@pytest.fixture
def session(meetings_org, plan, item_of, clock):
    """A session of Friday 27 March with one item, on its day."""
    meeting = plan("session", day=FRI_2026_03_27)
    item_of(meeting)
    clock(FRI_2026_03_27)
    return meeting


def test_four_of_six_members_make_a_quorum_5_4(meetings_org, session):
    """§5.4: "не менее двух третей членов акимата" — 4 of 6 present is a valid session."""
    found = _attend(session, meetings_org.secretary, present=4)
    assert (found.total, found.present, found.required, found.valid) == (6, 4, 4, True)
    session.refresh_from_db()
    assert (session.status, session.held_on, session.has_quorum) == (Meeting.Status.HELD, FRI_2026_03_27, True)
    assert (session.total_members, session.present_members) == (6, 4)


def test_three_of_six_members_are_no_quorum_5_4(meetings_org, session):
    """§5.4: 3 of 6 is less than two thirds — the session is not valid."""
    found = _attend(session, meetings_org.secretary, present=3)
    assert (found.present, found.required, found.valid) == (3, 4, False)
    session.refresh_from_db()
    assert session.has_quorum is False


def test_substitutes_of_absent_members_do_not_count_toward_the_quorum_5_4(meetings_org, session):
    """§5.4: a substitute is not a member of the akimat — 3 members and 2 substitutes are no quorum; a present
    member has no substitute."""
    found = _attend(session, meetings_org.secretary, present=3, substitutes=2)
    assert (found.present, found.valid) == (3, False)
    rows = session.participants.filter(role=Participant.Role.MEMBER).order_by("pk")
    assert [bool(p.substitute) for p in rows] == [False, False, False, True, True, False]
    first = rows[0]
    services.record_attendance(
        session, actor=meetings_org.secretary, rows=[services.Attendance(first, present=True, substitute="Someone")]
    )
    first.refresh_from_db()
    assert first.substitute == ""


def test_a_person_not_named_in_the_session_does_not_count_toward_the_quorum_5_4_5_5(meetings_org, plan, clock):
    """§5.4, §5.5: the invited present do not make a quorum — only the akimat's members do."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27, members=[w.education_head.person], invited=[w.org_head.person])
    clock(FRI_2026_03_27)
    members = list(meeting.participants.filter(role=Participant.Role.MEMBER).order_by("pk"))
    invited = list(meeting.participants.filter(role=Participant.Role.INVITED))
    rows = [services.Attendance(p, present=i < 3) for i, p in enumerate(members)]
    rows += [services.Attendance(p, present=True) for p in invited]
    found = services.record_attendance(meeting, actor=w.secretary, rows=rows)
    assert (found.total, found.present, found.valid) == (6, 3, False)


def test_attendance_is_not_recorded_before_the_meeting_day_5_4(meetings_org, plan, clock):
    """§5.4: who is present is known on the day — not on Thursday before a Friday session."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    clock(datetime.date(2026, 3, 26))
    with pytest.raises(ValidationError):
        _attend(meeting, w.secretary, present=6)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_attendance_is_recorded_by_who_keeps_the_meeting_and_only_for_its_participants_5_4(meetings_org, session, plan):
    """§5.4, §5.11: the secretary records it; a member does not; a participant of another meeting is refused."""
    w = meetings_org
    with pytest.raises(PermissionDenied):
        _attend(session, w.deputy, present=6)
    other = plan("session", day=datetime.date(2026, 4, 3))
    stranger = other.participants.first()
    with pytest.raises(ValidationError):
        services.record_attendance(session, actor=w.secretary, rows=[services.Attendance(stranger, present=True)])


def test_a_vote_at_a_session_without_quorum_is_refused_5_4(meetings_org, session):
    """§5.4: a session without its quorum adopts no resolution."""
    w = meetings_org
    _attend(session, w.secretary, present=3)
    item = session.items.get()
    with pytest.raises(ValidationError):
        services.record_vote(item, actor=w.secretary, votes_for=3, votes_against=0, votes_abstained=0)
    item.refresh_from_db()
    assert (item.outcome, item.votes_for) == ("", None)


def test_a_vote_before_the_attendance_is_refused_5_4(meetings_org, session):
    """§5.4: the majority is of the members present — unknown before the attendance is recorded."""
    with pytest.raises(ValidationError):
        services.record_vote(
            session.items.get(), actor=meetings_org.secretary, votes_for=4, votes_against=0, votes_abstained=0
        )


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [((3, 1, 0), AgendaItem.Outcome.ADOPTED), ((2, 1, 1), AgendaItem.Outcome.REJECTED),
     ((2, 2, 0), AgendaItem.Outcome.REJECTED), ((3, 0, 0), AgendaItem.Outcome.ADOPTED)],
)  # fmt: skip
def test_a_resolution_passes_by_a_majority_of_the_members_present_5_4(meetings_org, session, votes, outcome):
    """§5.4: "большинством голосов присутствующих членов" — of 4 present, 3 for pass, 2 for do not (half is not a
    majority), whatever the others did."""
    _attend(session, meetings_org.secretary, present=4)
    for_, against, abstained = votes
    item = services.record_vote(
        session.items.get(), actor=meetings_org.secretary, votes_for=for_, votes_against=against,
        votes_abstained=abstained,
    )  # fmt: skip
    assert item.outcome == outcome
    assert (item.votes_for, item.votes_against, item.votes_abstained) == votes


def test_more_votes_than_members_present_are_refused_5_4(meetings_org, session):
    """§5.4: 5 votes cannot be cast by 4 members present; negative counts neither."""
    w = meetings_org
    _attend(session, w.secretary, present=4)
    item = session.items.get()
    with pytest.raises(ValidationError):
        services.record_vote(item, actor=w.secretary, votes_for=3, votes_against=1, votes_abstained=1)
    with pytest.raises(ValidationError):
        services.record_vote(item, actor=w.secretary, votes_for=-1, votes_against=0, votes_abstained=0)
    item.refresh_from_db()
    assert item.outcome == ""


def test_an_apparatus_meeting_has_no_quorum_to_check_5_4(meetings_org, plan, clock):
    """§5.4 is a rule of the akimat's session: an apparatus meeting is held with whoever came."""
    w = meetings_org
    meeting = plan("apparatus", day=FRI_2026_03_27, members=[w.deputy.person, w.second_deputy.person])
    clock(FRI_2026_03_27)
    found = _attend(meeting, w.secretary, present=1)
    assert found.required == 0
    meeting.refresh_from_db()
    assert (meeting.status, meeting.has_quorum) == (Meeting.Status.HELD, None)


def test_the_quorum_counts_the_members_of_the_akimat_on_the_sessions_date_5_4(meetings_org, plan, clock):
    """§5.4: a member whose term ended before the session is not one of those the two thirds are counted of."""
    from meetings.models import AkimatMember

    w = meetings_org
    AkimatMember.objects.filter(person=w.finance_head.person).update(until=datetime.date(2026, 3, 20))
    meeting = plan("session", day=FRI_2026_03_27)
    clock(FRI_2026_03_27)
    found = _attend(meeting, w.secretary, present=4)
    assert (found.total, found.required, found.valid) == (5, 4, True)
