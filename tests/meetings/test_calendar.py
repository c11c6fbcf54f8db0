"""The calendar of meetings and the private iCalendar feed (issue #14 §1; who sees a meeting: §6, 003 §5.3).

The clock is pinned on Monday 16 March 2026 10:00 Almaty (tests/acts/conftest.py); 21–25 March are days off.
"""

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from akimat.models import Person
from meetings import services
from meetings.models import MeetingFeed, MeetingType
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

FRI_2026_03_27 = datetime.date(2026, 3, 27)
THU_2026_03_19 = datetime.date(2026, 3, 19)
WED_2026_04_08 = datetime.date(2026, 4, 8)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _calendar(user, **query) -> str:
    response = _client(user).get(reverse("meetings:calendar"), query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _shown(body: str) -> dict[int, str]:
    """The meetings on the page and the user's part in each."""
    return {int(pk): part for pk, part in re.findall(r'data-meeting="(\d+)" data-part="(\w+)"', body)}


def _apparatus(plan, day=THU_2026_03_19, **changes):
    return plan("apparatus", day=day, title_kk="Аппарат кеңесі", title_ru="Аппаратное совещание", **changes)


def _feed_url(user, *, only_mine: bool = True) -> str:
    client = _client(user)
    response = client.post(reverse("meetings:calendar_feed"), {"only_mine": "1" if only_mine else "0"})
    assert response.status_code == 302
    return reverse("meetings:feed", args=[MeetingFeed.objects.get(user=user).token])


def _events(url: str) -> dict[str, icalendar.Event]:
    response = Client().get(url)  # no session: the token authenticates
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


# --- who sees what --------------------------------------------------------------------------------------------


def test_issue14_1_a_member_sees_the_session_of_their_week_as_a_member(meetings_org, plan):
    w = meetings_org
    session = plan("session", day=FRI_2026_03_27, title_ru="Заседание акимата")

    body = _calendar(w.deputy_head, day="2026-03-27")

    assert _shown(body) == {session.pk: "member"}
    assert "23.03.2026 – 29.03.2026" in body
    assert "10:00–11:00" in body  # no end time given: an hour
    assert _shown(_calendar(w.deputy_head)) == {}  # the current week (16–22 March) has no meeting of theirs


def test_issue14_1_a_speaker_sees_the_meeting_they_report_at_as_a_speaker(meetings_org, plan, item_of):
    w = meetings_org
    meeting = _apparatus(plan)
    item_of(meeting, speakers=[w.lawyer.person], responsible_units=[])

    assert _shown(_calendar(w.lawyer)) == {meeting.pk: "speaker"}


def test_issue14_1_the_chair_and_the_secretary_see_their_parts(meetings_org, plan):
    w = meetings_org
    meeting = _apparatus(plan)

    assert _shown(_calendar(w.akim, mine="1")) == {meeting.pk: "chair"}
    assert _shown(_calendar(w.secretary, mine="1")) == {meeting.pk: "secretary"}


def test_issue14_1_the_staff_of_the_organising_unit_see_it_as_organisers(meetings_org, plan):
    w = meetings_org
    meeting = _apparatus(plan, organiser_unit=w.education)

    assert _shown(_calendar(w.education_executor)) == {meeting.pk: "organiser"}


def test_issue14_1_invited_see_it_as_invited_and_an_outsider_sees_nothing_6(meetings_org, plan):
    w = meetings_org
    meeting = _apparatus(plan, invited=[w.lawyer.person])

    assert _shown(_calendar(w.lawyer)) == {meeting.pk: "invited"}
    for query in ({}, {"mine": "0"}, {"view": "month"}, {"view": "month", "mine": "0"}):
        body = _calendar(w.outsider, **query)
        assert _shown(body) == {}, query
        assert "Аппаратное совещание" not in body


def test_issue14_1_only_mine_is_the_default_for_staff_and_all_i_see_for_the_leadership(meetings_org, plan, item_of):
    w = meetings_org
    theirs = _apparatus(plan, members=[w.education_executor.person])
    other = _apparatus(plan, day=datetime.date(2026, 3, 20))
    item_of(other, speakers=[w.lawyer.person], responsible_units=[w.education])

    # the education department reports at `other`: its head sees it, by default among their own
    assert _shown(_calendar(w.education_executor)) == {theirs.pk: "member", other.pk: "responsible"}
    # the akim sees every meeting by office: all by default, his chair among them
    assert _shown(_calendar(w.akim)) == {theirs.pk: "chair", other.pk: "chair"}
    # the registrar sees every meeting and takes part in none
    assert _shown(_calendar(w.registrar)) == {theirs.pk: "sees", other.pk: "sees"}
    assert _shown(_calendar(w.registrar, mine="1")) == {}


def test_issue14_1_a_closed_meeting_is_shown_only_to_those_granted_5_3(meetings_org, plan):
    w = meetings_org
    closed = plan("session", day=FRI_2026_03_27, title_ru="Закрытое заседание", is_closed=True)
    open_one = _apparatus(plan, day=FRI_2026_03_27)

    member = _calendar(w.deputy_head, day="2026-03-27")
    assert _shown(member) == {closed.pk: "member"}
    assert "Закрытое заседание" in member
    # the registrar sees every meeting by office, but a closed one only by name (§5.3)
    registrar = _calendar(w.registrar, day="2026-03-27", mine="0")
    assert _shown(registrar) == {open_one.pk: "sees"}
    assert "Закрытое заседание" not in registrar
    assert _shown(_calendar(w.registrar, view="month", day="2026-03-01", mine="0")) == {open_one.pk: "sees"}


def test_issue14_1_the_month_shows_its_meetings_as_a_grid_and_links_to_its_neighbours(meetings_org, plan):
    w = meetings_org
    march = plan("session", day=FRI_2026_03_27)
    april = plan("session", day=WED_2026_04_08)

    body = _calendar(w.deputy_head, view="month", day="2026-03-10")
    # the grid runs Monday 23 February to Sunday 5 April: the April meeting is not in it
    assert _shown(body) == {march.pk: "member"}
    assert 'data-day="2026-02-23"' in body and 'data-day="2026-04-05"' in body
    assert "view=month&amp;mine=1&amp;day=2026-02-01" in body  # previous month
    assert "view=month&amp;mine=1&amp;day=2026-04-01" in body  # next month
    assert _shown(_calendar(w.deputy_head, view="month", day="2026-04-01")) == {april.pk: "member"}


def test_issue14_1_a_busy_day_of_the_month_shows_four_meetings_the_users_own_first_and_how_many_more(
    meetings_org, plan
):
    """A day of six meetings: the month shows four — the one the user is a member of among them, though it is the
    last of the day — and "2 more" leading to the week, which shows all six."""
    w = meetings_org
    others = [_apparatus(plan, hour=hour) for hour in (9, 10, 11, 12, 13)]
    own = _apparatus(plan, hour=16, members=[w.deputy_head.person])

    body = _calendar(w.deputy_head, view="month", day="2026-03-10", mine="0")
    shown = _shown(body)
    assert len(shown) == 4 and shown[own.pk] == "member"
    assert "2 more" in body and 'href="/meetings/calendar/?view=week&amp;mine=0&amp;day=2026-03-19"' in body
    week = _shown(_calendar(w.deputy_head, view="week", day="2026-03-19", mine="0"))
    assert set(week) == {own.pk, *(m.pk for m in others)}


def test_issue14_1_the_week_links_to_the_previous_and_the_next_week_and_today(meetings_org):
    body = _calendar(meetings_org.deputy_head, day="2026-03-18")

    assert "16.03.2026 – 22.03.2026" in body
    assert "view=week&amp;mine=1&amp;day=2026-03-09" in body
    assert "view=week&amp;mine=1&amp;day=2026-03-23" in body
    assert 'href="/meetings/calendar/?view=week&amp;mine=1"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"day": "2026-13-45"},
        {"day": "not a date"},
        {"day": "99999-01-01"},
        {"day": "1900-01-01"},
        {"day": "2026-03-27" * 50},
        {"day": ""},
        {"view": "year", "day": "x"},
        {"view": "<script>", "mine": "maybe"},
    ],
)
def test_issue14_1_bad_day_values_give_the_current_week_not_an_error(meetings_org, query):
    body = _calendar(meetings_org.deputy_head, **query)

    assert "16.03.2026 – 22.03.2026" in body
    assert 'data-testid="calendar-week"' in body


@pytest.mark.parametrize("day", ["1992-01-01", "2100-12-31"])
@pytest.mark.parametrize("view", ["week", "month"])
def test_issue14_1_the_first_and_the_last_day_the_calendar_counts_with_are_shown(meetings_org, view, day):
    body = _calendar(meetings_org.deputy_head, view=view, day=day)

    assert f'data-day="{day}"' in body


def test_issue14_1_the_calendar_asks_for_a_sign_in(meetings_org):
    for name in ("meetings:calendar", "meetings:calendar_feed"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_issue14_1_the_calendar_page_costs_the_same_queries_for_3_and_for_12_meetings(
    meetings_org, plan, item_of, django_assert_max_num_queries
):
    w = meetings_org
    days = [datetime.date(2026, 3, 16) + datetime.timedelta(days=n) for n in (0, 1, 2, 3, 4)]

    def plan_many(count: int) -> None:
        for n in range(count):
            meeting = _apparatus(plan, day=days[n % len(days)], members=[w.deputy_head.person])
            item_of(meeting, speakers=[w.deputy_head.person])

    def read(user, **query) -> dict[int, str]:
        client = _client(user)
        client.get(reverse("meetings:calendar"))  # the session and the work calendar settle
        # session, user, person; the user's principals, roles, unit functions, units, headed and supervised units
        # and their subtree (akimat.permissions); the meetings; the parts: participants, speakers, reporting
        # bodies; the unread notifications of the header
        with django_assert_max_num_queries(15):
            response = client.get(reverse("meetings:calendar"), query)
        return _shown(response.content.decode())

    plan_many(3)
    assert len(read(w.deputy_head)) == 3
    assert len(read(w.registrar, view="month")) == 3
    plan_many(9)
    assert len(read(w.deputy_head)) == 12
    assert len(read(w.registrar, view="month")) == 12


# --- the feed -------------------------------------------------------------------------------------------------


def test_issue14_1_the_feed_holds_the_meetings_with_their_times_part_and_agenda(meetings_org, plan, item_of):
    w = meetings_org
    Person.objects.filter(user=w.deputy_head).update(preferred_language="ru")
    session = plan("session", day=FRI_2026_03_27, title_kk="Әкімдік отырысы", title_ru="Заседание акимата")
    item_of(session, "О подготовке школ")
    ends = at(WED_2026_04_08, 12)
    other = plan("session", day=WED_2026_04_08, title_ru="Второе заседание", ends_at=ends)

    events = _events(_feed_url(w.deputy_head))

    assert set(events) == {f"meeting-{session.pk}@testserver", f"meeting-{other.pk}@testserver"}
    event = events[f"meeting-{session.pk}@testserver"]
    assert event.decoded("DTSTART") == at(FRI_2026_03_27, 10)
    assert event.decoded("DTEND") == at(FRI_2026_03_27, 11)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # written in UTC
    assert str(event["SUMMARY"]) == f"{MeetingType.objects.get(code='session').name_in('ru')}: Заседание акимата"
    assert str(event["LOCATION"]) == "Hall of sessions"
    assert str(event["URL"]) == f"http://testserver/meetings/{session.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "1. О подготовке школ" in description
    assert re.search(r": \w+", description.splitlines()[0])  # the user's part, in their language
    assert events[f"meeting-{other.pk}@testserver"].decoded("DTEND") == ends


def test_issue14_1_a_cancelled_meeting_stays_in_the_feed_as_cancelled(meetings_org, plan):
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    services.cancel_meeting(meeting, actor=w.secretary, reason="The akim is away")

    events = _events(_feed_url(w.deputy_head))

    assert str(events[f"meeting-{meeting.pk}@testserver"]["STATUS"]) == "CANCELLED"


def test_issue14_1_a_closed_meeting_is_in_the_feed_of_the_granted_only_with_its_title_5_3(meetings_org, plan):
    w = meetings_org
    closed = plan("session", day=FRI_2026_03_27, title_ru="Закрытое заседание", is_closed=True)
    open_one = _apparatus(plan)

    member = _events(_feed_url(w.deputy_head))
    assert "Закрытое заседание" in str(member[f"meeting-{closed.pk}@testserver"]["SUMMARY"])
    assert str(member[f"meeting-{closed.pk}@testserver"]["CLASS"]) == "CONFIDENTIAL"
    registrar = _events(_feed_url(w.registrar, only_mine=False))
    assert set(registrar) == {f"meeting-{open_one.pk}@testserver"}
    assert _events(_feed_url(w.outsider, only_mine=False)) == {}


def test_issue14_1_the_feed_follows_the_users_current_access(meetings_org, plan):
    w = meetings_org
    url = _feed_url(w.lawyer)
    assert _events(url) == {}
    meeting = _apparatus(plan, invited=[w.lawyer.person])

    assert set(_events(url)) == {f"meeting-{meeting.pk}@testserver"}
    w.lawyer.is_active = False
    w.lawyer.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404  # a blocked user's feed says nothing


def test_issue14_1_renewing_the_token_kills_the_old_url_and_an_unknown_token_is_404(meetings_org, plan):
    w = meetings_org
    _apparatus(plan, members=[w.deputy_head.person])
    old = _feed_url(w.deputy_head)
    page = _client(w.deputy_head).get(reverse("meetings:calendar_feed")).content.decode()
    assert f"http://testserver{old}" in page

    new = _feed_url(w.deputy_head)

    assert new != old
    assert Client().get(old).status_code == 404
    assert len(_events(new)) == 1
    assert Client().get(reverse("meetings:feed", args=["unknown-token"])).status_code == 404
    assert Client().get("/meetings/feed/.ics").status_code == 404
    assert MeetingFeed.objects.filter(user=w.deputy_head).count() == 1


def test_issue14_1_the_feed_page_renews_only_on_post(meetings_org):
    client = _client(meetings_org.deputy_head)

    assert client.get(reverse("meetings:calendar_feed")).status_code == 200
    assert not MeetingFeed.objects.exists()
    assert client.put(reverse("meetings:calendar_feed")).status_code == 405


def test_issue14_1_an_unreadable_choice_of_the_feed_gives_the_users_default(meetings_org):
    w = meetings_org
    for user, expected in ((w.deputy_head, True), (w.registrar, False)):
        response = _client(user).post(reverse("meetings:calendar_feed"), {"only_mine": "a\x00b"})

        assert response.status_code == 302
        assert MeetingFeed.objects.get(user=user).only_mine is expected
