"""Who sees a meeting: Meeting.readers, kept by the database's triggers (migration 0005; issue #14 §6).

A meeting is seen by whoever created it, chairs it, keeps its minutes, takes part in it (member or invited), speaks
at or curates one of its items, executes a point of its protocol, and by the units that organise it, are
responsible for an item, receive the protocol or execute a point (their staff, heads and supervisors). The keys
follow every row that names them, whichever code path writes it. A closed meeting (SPEC §3.1, 003 §5.3) keeps its
keys, but only a grant by name opens it: the restriction and the grants are read by akimat.permissions as before.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import Q

from akimat import permissions
from akimat.models import ActingDuty
from meetings import services
from meetings.access import sees_every_meeting
from meetings.models import (
    AgendaItem,
    Meeting,
    Participant,
    ProtocolDistribution,
    ProtocolPoint,
)
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

MON_2026_03_16 = datetime.date(2026, 3, 16)
FRI_2026_03_20 = datetime.date(2026, 3, 20)


def fresh(user):
    """The same user as a new request sees them: nothing memoised."""
    return User.objects.get(pk=user.pk)


def sees(user, meeting: Meeting) -> bool:
    return permissions.visible(fresh(user), Meeting).filter(pk=meeting.pk).exists()


def readers(meeting: Meeting) -> set[str]:
    return set(Meeting.objects.values_list("readers", flat=True).get(pk=meeting.pk))


def _data(meeting: Meeting, **changes) -> services.MeetingData:
    """The meeting's data as the edit form would give it back, with changes."""
    data = services.MeetingData(
        type=meeting.type, starts_at=meeting.starts_at, chair=meeting.chair, secretary=meeting.secretary,
        organiser_unit=meeting.organiser_unit, place=meeting.place, is_closed=meeting.is_closed,
        members=[p.person for p in meeting.participants.filter(role=Participant.Role.MEMBER, person__isnull=False)],
        invited=[p.person for p in meeting.participants.filter(role=Participant.Role.INVITED, person__isnull=False)],
    )  # fmt: skip
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_issue14_the_meeting_names_its_author_chair_secretary_organiser_and_participants(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus", members=[w.deputy.person], invited=[w.education_executor.person])

    assert readers(meeting) == {
        f"u{w.secretary.pk}", f"p{w.akim.person.pk}", f"p{w.secretary.person.pk}", f"e{w.organisational.pk}",
        f"p{w.deputy.person.pk}", f"p{w.education_executor.person.pk}",
    }  # fmt: skip


def test_issue14_an_invited_participant_added_or_removed_opens_and_closes_the_meeting(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus", members=[w.deputy.person])
    assert not sees(w.education_executor, meeting)

    services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, invited=[w.education_executor.person]))
    assert sees(w.education_executor, meeting)

    services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, invited=[]))
    assert not sees(w.education_executor, meeting)


def test_issue14_a_member_row_written_directly_names_its_person(meetings_org, plan):
    """The keys follow the rows whatever writes them (the admin, a data migration, a bulk load)."""
    w = meetings_org
    meeting = plan("apparatus")
    row = Participant.objects.create(meeting=meeting, person=w.lawyer.person)
    assert sees(w.lawyer, meeting)

    Participant.objects.filter(pk=row.pk).update(person=w.education_executor.person)
    assert not sees(w.lawyer, meeting) and sees(w.education_executor, meeting)

    row.delete()
    assert not sees(w.education_executor, meeting)


def test_issue14_the_secretary_the_chair_and_the_organising_department_changed_move_the_meeting(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus", secretary=w.education_executor.person)
    assert sees(w.education_executor, meeting)  # keeps the minutes
    assert sees(w.deputy_head, meeting)  # curates the organising department
    assert not sees(w.lawyer, meeting) and not sees(w.education_head, meeting)

    services.update_meeting(
        meeting, actor=w.secretary,
        data=_data(meeting, secretary=None, chair=w.education_head.person, organiser_unit=w.legal),
    )  # fmt: skip

    assert not sees(w.education_executor, meeting) and not sees(w.deputy_head, meeting)
    assert sees(w.education_head, meeting)  # chairs it
    assert sees(w.lawyer, meeting)  # heads the organising department
    assert readers(meeting) == {f"u{w.secretary.pk}", f"p{w.education_head.person.pk}", f"e{w.legal.pk}"}


def test_issue14_an_items_speakers_curator_and_responsible_bodies_open_the_meeting_and_its_removal_closes_it(
    meetings_org, plan, item_of
):
    w = meetings_org
    meeting = plan("apparatus")
    item = item_of(meeting, speakers=[w.lawyer.person], responsible_units=[w.education], curator=w.deputy_head.person)
    assert sees(w.lawyer, meeting)  # speaks
    assert sees(w.education_head, meeting) and sees(w.education_executor, meeting)  # the responsible body
    assert f"p{w.deputy_head.person.pk}" in readers(meeting)  # curates

    services.update_item(
        item, actor=w.secretary, data=services.ItemData(title_kk="Мәселе", speakers=[], responsible_units=[])
    )
    assert not sees(w.lawyer, meeting) and not sees(w.education_head, meeting)
    assert f"p{w.deputy_head.person.pk}" not in readers(meeting)

    item.speakers.add(w.lawyer.person)
    assert sees(w.lawyer, meeting)
    services.remove_item(AgendaItem.objects.get(pk=item.pk), actor=w.secretary)
    assert not sees(w.lawyer, meeting)
    assert readers(meeting) == {
        f"u{w.secretary.pk}",
        f"p{w.akim.person.pk}",
        f"p{w.secretary.person.pk}",
        f"e{w.organisational.pk}",
    }


def test_issue14_the_points_executors_and_the_addressees_of_the_protocol_open_the_meeting(
    meetings_org, plan, item_of, protocol_of
):
    w = meetings_org
    meeting = plan("apparatus", day=FRI_2026_03_20, members=[w.deputy.person])
    item = item_of(meeting, speakers=[], responsible_units=[])
    protocol = protocol_of(meeting)
    finance_staff = make_person("finance_staff", unit=w.org.finance)
    assert not sees(w.lawyer, meeting) and not sees(w.education_head, meeting) and not sees(finance_staff.user, meeting)

    points = [
        services.PointData(number="1", text_kk="Тапсырма", item=item, lead_person=w.lawyer.person, term_days=5),
        services.PointData(number="2", text_kk="Тапсырма", item=item, lead_unit=w.education, term_days=5),
    ]
    services.set_points(protocol, actor=w.secretary, points=points)
    services.set_distribution(protocol, actor=w.secretary, units=[w.org.finance])
    assert sees(w.lawyer, meeting) and sees(w.education_head, meeting) and sees(finance_staff.user, meeting)
    point = protocol.points.get(number="1")
    assert permissions.visible(fresh(w.lawyer), ProtocolPoint).filter(pk=point.pk).exists()  # follows the meeting

    services.set_points(protocol, actor=w.secretary, points=points[1:])
    services.set_distribution(protocol, actor=w.secretary, units=[])
    assert not sees(w.lawyer, meeting) and not sees(finance_staff.user, meeting)
    assert sees(w.education_head, meeting)

    ProtocolPoint.objects.filter(protocol=protocol).update(lead_unit=w.legal)
    assert not sees(w.education_head, meeting) and sees(w.lawyer, meeting)  # heads the legal service
    ProtocolDistribution.objects.create(protocol=protocol, unit=w.education)
    assert sees(w.education_head, meeting)


def test_issue14_heads_see_their_sub_units_meetings_and_supervisors_their_areas(meetings_org, plan):
    w = meetings_org
    sector = make_unit("School sector", parent=w.education)
    meeting = plan("apparatus", organiser_unit=sector)

    assert sees(w.education_head, meeting)  # heads education, of which the sector is part
    assert not sees(w.lawyer, meeting)
    other = plan("apparatus", hour=12)
    assert sees(w.deputy_head, other)  # curates the organisational department, which organises it
    assert not sees(w.deputy_head, meeting)


def test_issue14_who_acts_for_a_participant_sees_the_meeting(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus", invited=[w.education_executor.person])
    assert not sees(w.lawyer, meeting)

    ActingDuty.objects.create(
        acting=w.lawyer.person, absent=w.education_executor.person, starts_on=MON_2026_03_16, ends_on=MON_2026_03_16
    )

    assert sees(w.lawyer, meeting)


def test_issue14_saving_a_stale_meeting_keeps_the_readers_of_the_database(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus")
    stale = Meeting.objects.get(pk=meeting.pk)
    Participant.objects.create(meeting=meeting, person=w.lawyer.person)

    stale.place = "Small hall"
    stale.save()

    assert f"p{w.lawyer.person.pk}" in readers(meeting)
    assert sees(w.lawyer, meeting)


def test_spec_3_1_5_3_a_closed_meeting_keeps_its_readers_but_opens_only_to_those_granted(meetings_org, plan):
    """SPEC §3.1, 003 §5.3: a closed meeting and everything of it are seen only by those granted it by name,
    whatever their part in it or their role; the keys stay, the restriction holds over them."""
    w = meetings_org
    meeting = plan("apparatus", invited=[w.education_executor.person])
    keys = readers(meeting)
    assert sees(w.education_executor, meeting) and sees(w.head_of_apparatus, meeting)

    Meeting.objects.filter(pk=meeting.pk).update(is_closed=True)  # closed without the services' grants

    assert readers(meeting) == keys
    assert not sees(w.education_executor, meeting)  # takes part, not granted
    assert not sees(w.head_of_apparatus, meeting)  # sees every meeting, not granted
    permissions.grant_view(w.education_executor, meeting)
    assert sees(w.education_executor, meeting)
    assert not sees(w.lawyer, meeting)
    permissions.grant_view(w.lawyer, meeting)  # granted by name, though no part of it
    assert sees(w.lawyer, meeting)

    Meeting.objects.filter(pk=meeting.pk).update(is_closed=False)
    assert sees(w.head_of_apparatus, meeting)


def test_spec_3_1_5_3_a_meeting_closed_through_the_services_stays_open_to_those_taking_part(meetings_org, plan):
    """003 §5.3: the services grant a closed meeting to those who take part as it is planned and changed."""
    w = meetings_org
    meeting = plan("apparatus", invited=[w.education_executor.person])

    services.update_meeting(meeting, actor=w.secretary, data=_data(meeting, is_closed=True))

    assert sees(w.education_executor, meeting)
    assert not sees(w.education_head, meeting) and not sees(w.deputy_head, meeting)


# --- the rule by the keys is the rule by the rows (meetings/access.py before migration 0005) ------------------


def _rule_by_rows(user) -> Q:
    """Who sees a meeting by their part in it, read from the rows themselves, as meetings/access.py did before the
    keys: the reference the keys must agree with."""
    if sees_every_meeting(user):
        return Q()
    condition = Q(created_by=user.pk)
    person = getattr(user, "person", None)
    units = sorted(permissions.unit_ids_of(user) | permissions.supervised_units(user))
    if person is not None:
        condition |= Q(chair=person.pk) | Q(secretary=person.pk)
        condition |= Q(pk__in=Participant.objects.filter(person=person.pk).values("meeting"))
        condition |= Q(pk__in=AgendaItem.objects.filter(speakers=person.pk).values("meeting"))
        condition |= Q(pk__in=AgendaItem.objects.filter(curator=person.pk).values("meeting"))
        condition |= Q(pk__in=ProtocolPoint.objects.filter(lead_person=person.pk).values("protocol__meeting"))
    if units:
        condition |= Q(organiser_unit__in=units)
        condition |= Q(pk__in=AgendaItem.objects.filter(responsible_units__in=units).values("meeting"))
        condition |= Q(pk__in=ProtocolDistribution.objects.filter(unit__in=units).values("protocol__meeting"))
        condition |= Q(pk__in=ProtocolPoint.objects.filter(lead_unit__in=units).values("protocol__meeting"))
    return condition


def test_issue14_every_user_sees_by_the_keys_exactly_the_meetings_the_rows_give_them(
    meetings_org, plan, item_of, protocol_of
):
    w = meetings_org
    sector = make_unit("School sector", parent=w.education)
    sector_staff = make_person("sector_staff", unit=sector)
    plan("apparatus", members=[w.deputy.person], invited=[w.education_executor.person])
    plan("apparatus", hour=11, organiser_unit=sector, secretary=w.lawyer.person)
    closed = plan("apparatus", hour=12, is_closed=True, invited=[sector_staff])
    item_of(closed, speakers=[w.lawyer.person], responsible_units=[w.org.finance], curator=w.deputy_head.person)
    held = plan("apparatus", day=FRI_2026_03_20, members=[w.deputy.person])
    item = item_of(held, speakers=[], responsible_units=[sector])
    protocol = protocol_of(held)
    services.set_points(protocol, actor=w.secretary, points=[
        services.PointData(number="1", text_kk="Тапсырма", item=item, lead_person=sector_staff, term_days=5),
        services.PointData(number="2", text_kk="Тапсырма", item=item, lead_unit=w.legal, term_days=5),
    ])  # fmt: skip
    services.set_distribution(protocol, actor=w.secretary, units=[w.org.external])
    rule = permissions.rule_for(Meeting)
    seen = set()

    for user in User.objects.all():
        user = fresh(user)
        by_keys = set(Meeting.objects.filter(rule.filter_visible(user)).values_list("pk", flat=True))
        by_rows = set(Meeting.objects.filter(_rule_by_rows(user)).values_list("pk", flat=True))
        assert by_keys == by_rows, user.username
        seen.add(frozenset(by_rows))

    assert len(seen) >= 6  # the users see different sets of the four meetings: the comparison says something
