"""meetings.services — planning, changing and cancelling a meeting (issue #14; 003 §5.1–§5.10, §5.27–§5.30):
the dates its materials and its package are due, the members of a session on its date, the agenda of an
extraordinary session at once, a closed meeting seen only by name, and who may plan and keep a meeting."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from akimat import permissions
from akimat.models import Notification
from meetings import services
from meetings.models import AkimatMember, Meeting, MeetingType, Participant
from tests.factories import make_person
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

# named dates (2026): Nauryz 21–23 March with 24–25 March off in lieu; the clock stands on Monday 16 March
MON_2026_03_16 = datetime.date(2026, 3, 16)
TUE_2026_03_17 = datetime.date(2026, 3, 17)
WED_2026_03_18 = datetime.date(2026, 3, 18)
FRI_2026_03_20 = datetime.date(2026, 3, 20)
THU_2026_03_26 = datetime.date(2026, 3, 26)
FRI_2026_03_27 = datetime.date(2026, 3, 27)


def _data(meeting: Meeting, **changes) -> services.MeetingData:
    """The MeetingData of a planned meeting, with changes."""
    data = services.MeetingData(
        type=meeting.type, starts_at=meeting.starts_at, chair=meeting.chair, organiser_unit=meeting.organiser_unit,
        secretary=meeting.secretary, title_kk=meeting.title_kk, title_ru=meeting.title_ru, place=meeting.place,
        is_closed=meeting.is_closed, is_extraordinary=meeting.is_extraordinary,
    )  # fmt: skip
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def _members(meeting: Meeting) -> set[int]:
    return set(meeting.participants.filter(role=Participant.Role.MEMBER).values_list("person", flat=True))


def _told(kind: str, user=None) -> int:
    found = Notification.objects.filter(kind=kind)
    return found.filter(recipient=user).count() if user is not None else found.count()


# --- due dates -----------------------------------------------------------------------------------------------


def test_session_materials_are_due_5_working_days_and_the_package_1_working_day_before_5_6_5_8(plan):
    """§5.6: materials 5 working days before the session; §5.8: the package 1 working day before (Nauryz off)."""
    meeting = plan("session", day=FRI_2026_03_27)
    # 26, 20, 19, 18, 17 March are the five working days before Friday 27 March (21–25 are off)
    assert meeting.materials_due_on == TUE_2026_03_17
    assert meeting.package_due_on == THU_2026_03_26


def test_apparatus_meeting_materials_are_due_2_working_days_before_5_27_5_28_5_30(plan):
    """§5.28: the bodies bring the materials 2 working days before the apparatus meeting; §5.30: the order of
    proceedings 1 working day before."""
    meeting = plan("apparatus", day=FRI_2026_03_27)
    assert meeting.materials_due_on == FRI_2026_03_20
    assert meeting.package_due_on == THU_2026_03_26


def test_a_session_planned_late_never_has_its_materials_due_before_today_5_6(plan):
    """§5.6: five working days before Wednesday 18 March is in the past — the materials are due today, not before
    the day they are asked for."""
    meeting = plan("session", day=WED_2026_03_18)
    assert meeting.materials_due_on == MON_2026_03_16
    assert meeting.package_due_on == TUE_2026_03_17


def test_other_kinds_take_the_organisers_term_for_materials_5_39(plan):
    """§5.39, §5.50: an operational meeting has no term in the profile — the organiser's date is kept."""
    meeting = plan("operational", day=FRI_2026_03_27, materials_due_on=THU_2026_03_26)
    assert meeting.materials_due_on == THU_2026_03_26
    assert meeting.package_due_on is None


def test_moving_a_session_moves_its_due_dates_5_6(meetings_org, plan):
    """§5.6: the dates follow the session's new day."""
    meeting = plan("session", day=FRI_2026_03_27)
    later = datetime.date(2026, 4, 3)
    services.update_meeting(meeting, actor=meetings_org.secretary, data=_data(meeting, starts_at=at(later)))
    meeting.refresh_from_db()
    assert meeting.materials_due_on == FRI_2026_03_27
    assert meeting.package_due_on == datetime.date(2026, 4, 2)


def test_changing_the_place_after_the_due_date_keeps_the_due_date_5_6_5_17(meetings_org, plan, clock):
    """§5.6, §5.17: an edit that does not move the session does not move a passed due date to today (materials
    brought after 17 March stay late)."""
    meeting = plan("session", day=FRI_2026_03_27)
    clock(WED_2026_03_18)
    services.update_meeting(meeting, actor=meetings_org.secretary, data=_data(meeting, place="Small hall"))
    meeting.refresh_from_db()
    assert (meeting.place, meeting.materials_due_on) == ("Small hall", TUE_2026_03_17)


def test_a_meeting_is_not_planned_or_moved_into_the_past_5_1(meetings_org, plan):
    """§5.1: a meeting is planned for today or later, and is not moved to a past day."""
    with pytest.raises(ValidationError):
        plan("session", day=datetime.date(2026, 3, 13))
    meeting = plan("session", day=FRI_2026_03_27)
    with pytest.raises(ValidationError):
        services.update_meeting(
            meeting, actor=meetings_org.secretary, data=_data(meeting, starts_at=at(datetime.date(2026, 3, 13)))
        )


# --- members, extraordinary session, cancellation -------------------------------------------------------------


def test_the_members_of_a_session_are_the_akimats_members_on_its_date_5_4(meetings_org, plan):
    """§5.4: a member whose term ended before the session is not on it; one who joined by then is."""
    w = meetings_org
    left = make_person("left_member", unit=w.org.leadership).user
    AkimatMember.objects.create(person=left.person, since=datetime.date(2026, 1, 1), until=FRI_2026_03_20)
    joined = make_person("new_member", unit=w.org.leadership).user
    AkimatMember.objects.create(person=joined.person, since=THU_2026_03_26)
    early = plan("session", day=THU_2026_03_26, hour=9)
    late = plan("session", day=datetime.date(2026, 4, 3))
    members = {u.person.pk for u in w.members}
    assert _members(early) == members | {joined.person.pk}
    assert _members(late) == members | {joined.person.pk}
    first = plan("session", day=FRI_2026_03_20)
    assert _members(first) == members | {left.person.pk}


def test_an_apparatus_meeting_has_no_akimat_members_by_itself_5_21(meetings_org, plan):
    """§5.21: only a session gathers the members of the akimat; an apparatus meeting has whom the organiser names."""
    w = meetings_org
    meeting = plan("apparatus", members=[w.deputy.person], invited=[w.education_head.person])
    assert _members(meeting) == {w.deputy.person.pk}
    assert meeting.participants.get(role=Participant.Role.INVITED).person == w.education_head.person


def test_a_session_counts_only_the_akimats_members_as_members_others_are_invited_5_4_5_5(meetings_org, plan):
    """§5.4, §5.5: a person named in a session who is not a member of the akimat takes part as invited (they do not
    count toward the quorum)."""
    w = meetings_org
    meeting = plan("session", members=[w.education_head.person])
    assert _members(meeting) == {u.person.pk for u in w.members}
    assert meeting.participants.get(person=w.education_head.person).role == Participant.Role.INVITED


def test_an_extraordinary_session_sends_its_agenda_at_once_to_members_and_invited_5_10(meetings_org, plan, item_of):
    """§5.10: the agenda of an extraordinary session goes to the members of the akimat and the invited at once,
    and again when the agenda changes."""
    w = meetings_org
    meeting = plan("session", is_extraordinary=True, invited=[w.education_head.person])
    for user in [*w.members, w.education_head]:
        assert _told("meeting_agenda", user) == 1, user
    assert _told("meeting_agenda", w.outsider) == 0
    first = item_of(meeting)
    assert _told("meeting_agenda", w.deputy) == 2
    item_of(meeting, "О дорогах")
    assert _told("meeting_agenda", w.deputy) == 3
    # an item renamed, removed, or replaced by another is a new agenda too
    data = services.ItemData(title_kk="Жаңа атау", speakers=[w.education_head.person], responsible_units=[w.education])
    services.update_item(first, actor=w.secretary, data=data)
    assert _told("meeting_agenda", w.deputy) == 4
    services.remove_item(first, actor=w.secretary)
    assert _told("meeting_agenda", w.deputy) == 5
    item_of(meeting, "О благоустройстве")
    assert _told("meeting_agenda", w.deputy) == 6
    # an edit that leaves the agenda as it is sends nothing again
    services.update_meeting(
        meeting, actor=w.secretary, data=_data(meeting, place="Small hall", invited=[w.education_head.person])
    )
    assert _told("meeting_agenda", w.deputy) == 6


def test_a_session_made_extraordinary_sends_its_agenda_at_once_5_10(meetings_org, plan, item_of):
    """§5.10: a planned session turned extraordinary sends its agenda to the members at once."""
    w = meetings_org
    meeting = plan("session")
    item_of(meeting)
    assert _told("meeting_agenda") == 0
    services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, is_extraordinary=True))
    for user in w.members:
        assert _told("meeting_agenda", user) == 1, user


def test_an_ordinary_session_does_not_send_its_agenda_by_itself_5_10(meetings_org, plan, item_of):
    """§5.10 is for an extraordinary session: an ordinary one's agenda goes when the secretary sends it."""
    w = meetings_org
    meeting = plan("session")
    item_of(meeting)
    assert _told("meeting_agenda") == 0
    assert services.send_agenda(meeting, actor=w.secretary) == len(w.members) + 2  # the speaker, the secretary
    assert services.send_agenda(meeting, actor=w.secretary) == 0  # the same agenda once


def test_only_a_session_is_extraordinary_5_1(plan):
    """§5.1: extraordinary sessions are convened by the akim; other meetings are not "extraordinary"."""
    with pytest.raises(ValidationError) as error:
        plan("apparatus", is_extraordinary=True)
    assert "is_extraordinary" in error.value.message_dict


def test_cancelling_needs_a_reason_and_tells_those_taking_part_5_1(meetings_org, plan):
    """§5.1: a cancelled meeting is told to its participants once; a cancelled meeting is not changed."""
    w = meetings_org
    meeting = plan("session")
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting, actor=w.secretary, reason="  ")
    services.cancel_meeting(meeting, actor=w.secretary, reason="The akim is away")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (Meeting.Status.CANCELLED, "The akim is away")
    assert _told("meeting_cancelled", w.deputy) == 1
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting, actor=w.secretary, reason="again")
    with pytest.raises(ValidationError):
        services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, place="Hall"))


# --- a closed meeting (§5.3) ---------------------------------------------------------------------------------------


def test_a_closed_meeting_is_seen_only_by_those_granted_by_name_5_3(meetings_org, plan, item_of):
    """§5.3: a closed session is seen by its participants, speakers and organisers, granted by name — not by the
    general department or the auditors who see every open meeting."""
    w = meetings_org
    closed = plan("session", is_closed=True)
    item_of(closed)
    opened = plan("session", day=datetime.date(2026, 4, 3))
    assert permissions.is_restricted(closed)
    for user in [*w.members, w.secretary, w.education_head, w.org_head]:
        assert permissions.visible(user, Meeting).filter(pk=closed.pk).exists(), user
    for user in (w.general_head, w.registrar, w.outsider, w.education_executor):
        assert not permissions.visible(user, Meeting).filter(pk=closed.pk).exists(), user
    assert permissions.visible(w.general_head, Meeting).filter(pk=opened.pk).exists()


def test_making_a_meeting_closed_grants_its_participants_5_3(meetings_org, plan):
    """§5.3: a meeting closed after planning is still seen by those taking part."""
    w = meetings_org
    meeting = plan("apparatus", members=[w.deputy.person])
    services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, is_closed=True, members=[w.deputy.person]))
    assert permissions.visible(w.deputy, Meeting).filter(pk=meeting.pk).exists()
    assert not permissions.visible(w.second_deputy, Meeting).filter(pk=meeting.pk).exists()


# --- who plans and keeps a meeting -----------------------------------------------------------------------------


def test_the_organisational_department_and_department_heads_plan_others_do_not_5_6_5_57(meetings_org):
    """§5.6–§5.10: the organisational department plans; §5.57: a department head organises their own meetings;
    an executor or an outsider plans nothing."""
    w = meetings_org
    for user in (w.secretary, w.org_head, w.head_of_apparatus, w.finance_head, w.registrar):
        assert services.may_plan(user), user
    for user in (w.education_executor, w.outsider):
        assert not services.may_plan(user), user
    data = services.MeetingData(
        type=MeetingType.objects.get(code="session"), starts_at=at(FRI_2026_03_27), chair=w.akim.person,
        organiser_unit=w.organisational,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.plan_meeting(actor=w.outsider, data=data)
    assert not Meeting.objects.exists()


def test_only_those_who_keep_the_meeting_change_or_cancel_it_5_6(meetings_org, plan):
    """§5.6: the secretary, the organising department and the head of apparatus keep the meeting; a member or a
    department head of another unit does not."""
    w = meetings_org
    meeting = plan("session")
    for user in (w.secretary, w.org_head, w.head_of_apparatus):
        assert services.may_manage(user, meeting), user
    for user in (w.deputy, w.finance_head, w.outsider):
        assert not services.may_manage(user, meeting), user
        with pytest.raises(PermissionDenied):
            services.cancel_meeting(meeting, actor=user, reason="no")
    services.cancel_meeting(meeting, actor=w.head_of_apparatus, reason="Postponed")


def test_the_chair_and_the_secretary_are_different_people_5_2(meetings_org, plan):
    """§5.2: the akim chairs; the protocol is kept by someone else."""
    with pytest.raises(ValidationError) as error:
        plan("session", secretary=meetings_org.akim.person)
    assert "secretary" in error.value.message_dict
