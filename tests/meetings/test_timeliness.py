"""The Monday list of protocols' timeliness — 003 §8.6 (issue #14 §5): the meetings held in a week, each protocol
drafted on time or late by N working days or still missing, for the page, its PDF, the command and the Monday task.

The week of 30 March 2026 (no day off but the weekend): the list is read on Wednesday 8 April.
"""

import datetime
import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from akimat.models import Notification
from control.reports import Week
from meetings import services, tasks, timeliness
from meetings.timeliness import Timeliness

pytestmark = pytest.mark.django_db

mon_2026_03_30 = datetime.date(2026, 3, 30)
tue_2026_03_31 = datetime.date(2026, 3, 31)
wed_2026_04_01 = datetime.date(2026, 4, 1)
thu_2026_04_02 = datetime.date(2026, 4, 2)
fri_2026_04_03 = datetime.date(2026, 4, 3)
mon_2026_04_06 = datetime.date(2026, 4, 6)
tue_2026_04_07 = datetime.date(2026, 4, 7)
wed_2026_04_08 = datetime.date(2026, 4, 8)
WEEK = Week(mon_2026_03_30)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


class Week30:
    """Builds the meetings of the week of 30 March through meetings.services, moving the clock as it goes."""

    def __init__(self, meetings_org, plan, clock):
        self.w, self.plan, self.clock = meetings_org, plan, clock

    def planned(self, day: datetime.date, title: str, *, kind: str = "operational", hour: int = 10, **changes):
        return self.plan(kind=kind, day=day, hour=hour, title_kk=f"{title} (kk)", title_ru=title, **changes)

    def hold(self, meeting):
        self.clock(services.meeting_day(meeting), 18)
        services.record_attendance(meeting, actor=self.w.secretary, rows=[])
        meeting.refresh_from_db()
        return meeting

    def start(self, meeting, day: datetime.date | None = None):
        if day is not None:
            self.clock(day, 19)
        return services.start_protocol(meeting, actor=self.w.secretary)

    def draft(self, meeting, day: datetime.date):
        """The protocol opened, its point written, and sent: no visas to ask, so straight to signature (§8.5)."""
        protocol = self.start(meeting, day)
        services.set_points(
            protocol,
            actor=self.w.secretary,
            points=[services.PointData(number="1", text_kk="Орындау", lead_unit=self.w.education, term_days=5)],
        )
        return services.submit(protocol, actor=self.w.secretary, steps=[])


@pytest.fixture
def build(meetings_org, plan, clock):
    return Week30(meetings_org, plan, clock)


@pytest.fixture
def week_of_march_30(build, meetings_org, clock):
    """Mon: drafted the same day (on time); Tue: cancelled, and a closed one drafted on time; Wed: never drafted;
    Thu: drafted on Tuesday after the weekend (late by 2 WD); Fri: opened, not sent (missing). Read on Wed 8 April."""
    w = meetings_org
    on_time = build.planned(mon_2026_03_30, "Operational meeting on heating", hour=11)
    cancelled = build.planned(tue_2026_03_31, "Meeting on roads (cancelled)")
    closed = build.planned(tue_2026_03_31, "Closed meeting on security", kind="apparatus", is_closed=True, hour=15)
    missing = build.planned(wed_2026_04_01, "Meeting on schools")
    late = build.planned(thu_2026_04_02, "Meeting on water supply")
    opened = build.planned(fri_2026_04_03, "Meeting on the budget")
    services.cancel_meeting(cancelled, actor=w.secretary, reason="The akim is away")
    build.hold(on_time)
    build.draft(on_time, mon_2026_03_30)
    build.hold(closed)
    build.draft(closed, tue_2026_03_31)
    build.hold(missing)
    build.hold(late)
    build.hold(opened)
    build.start(opened, fri_2026_04_03)
    build.draft(late, tue_2026_04_07)  # term Fri 3 April; Sat, Sun off; Mon 6 and Tue 7: 2 working days late
    clock(wed_2026_04_08)
    return {"on_time": on_time, "cancelled": cancelled, "closed": closed, "missing": missing, "late": late,
            "opened": opened}  # fmt: skip


def _by_title(rows):
    return {row.meeting.title_ru: row for row in rows}


def test_s8_6_a_protocol_drafted_within_its_term_is_on_time(week_of_march_30, meetings_org):
    rows = _by_title(timeliness.week_rows(mon_2026_03_30, meetings_org.secretary))
    row = rows["Operational meeting on heating"]
    assert row.status == Timeliness.ON_TIME and row.days_late == 0
    assert row.due_on == tue_2026_03_31  # §8.5: one working day
    assert row.drafted_on == mon_2026_03_30
    assert row.status_text == "on time"


def test_s8_6_a_protocol_drafted_after_the_weekend_is_late_by_two_working_days(week_of_march_30, meetings_org):
    row = _by_title(timeliness.week_rows(wed_2026_04_01, meetings_org.secretary))["Meeting on water supply"]
    assert (row.due_on, row.drafted_on) == (fri_2026_04_03, tue_2026_04_07)
    assert row.status == Timeliness.LATE and row.days_late == 2
    assert row.status_text == "late by 2 working days"


def test_s8_6_a_protocol_not_drafted_is_missing_and_overdue_in_working_days_as_of_today(week_of_march_30, meetings_org):
    rows = _by_title(timeliness.week_rows(mon_2026_03_30, meetings_org.secretary))
    never = rows["Meeting on schools"]  # no protocol: the term from the profile (services.drafting_due_on)
    assert never.protocol is None and never.due_on == thu_2026_04_02
    assert never.status == Timeliness.MISSING and never.days_late == 4  # Fri 3, Mon 6, Tue 7, Wed 8
    assert never.status_text == "not drafted, 4 working days overdue"
    opened = rows["Meeting on the budget"]  # opened, never sent for approval
    assert opened.protocol is not None and opened.drafted_at is None
    assert (opened.due_on, opened.status, opened.days_late) == (mon_2026_04_06, Timeliness.MISSING, 2)


def test_s8_6_a_missing_protocol_within_its_term_is_not_yet_overdue(week_of_march_30, meetings_org):
    row = _by_title(timeliness.week_rows(mon_2026_03_30, meetings_org.secretary, today=mon_2026_04_06))[
        "Meeting on the budget"
    ]
    assert row.missing and not row.overdue and row.days_late == 0
    assert row.status_text == "not drafted yet, within the term"


def test_s8_6_a_cancelled_meeting_is_not_on_the_list_and_the_summary_counts_the_others(week_of_march_30, meetings_org):
    data = timeliness.week_list(WEEK, user=meetings_org.secretary)
    titles = [row.meeting.title_ru for row in data.rows]
    assert "Meeting on roads (cancelled)" not in titles
    assert titles == [
        "Operational meeting on heating", "Closed meeting on security", "Meeting on schools",
        "Meeting on water supply", "Meeting on the budget",
    ]  # fmt: skip
    assert data.summary == timeliness.Summary(total=5, on_time=2, late=1, missing=2)
    assert data.as_of == wed_2026_04_08


def test_s8_6_s5_3_a_closed_meeting_is_absent_for_those_not_granted(week_of_march_30, meetings_org):
    seen_by_head = _by_title(timeliness.week_rows(mon_2026_03_30, meetings_org.head_of_apparatus))
    assert "Closed meeting on security" not in seen_by_head
    assert "Operational meeting on heating" in seen_by_head
    assert "Closed meeting on security" in _by_title(timeliness.week_rows(mon_2026_03_30, meetings_org.secretary))
    assert len(timeliness.week_rows(mon_2026_03_30)) == 5  # no user: the operator's list, every meeting


def test_s8_6_the_command_prints_the_week_of_any_of_its_days(week_of_march_30):
    out = io.StringIO()
    call_command("protocols_timeliness", "--week", "2026-04-02", "--language", "en", stdout=out)
    text = out.getvalue()
    assert "30.03.2026 – 05.04.2026" in text and "(as at 08.04.2026)" in text
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "late by 2 working days" in lines["02.04.2026 10:00"] and "Meeting on water supply" in text
    assert "03.04.2026" in lines["02.04.2026 10:00"] and "07.04.2026" in lines["02.04.2026 10:00"]
    assert "on time" in lines["30.03.2026 11:00"]
    assert "not drafted, 4 working days overdue" in lines["01.04.2026 10:00"]
    assert "Akim" in lines["01.04.2026 10:00"]  # the chair
    assert "cancelled" not in text
    assert "Meetings held: 5 · drafted on time: 2 · drafted late: 1 · not drafted: 2" in text


@pytest.mark.parametrize("value", ["2026-13-45", "last week"])
def test_s8_6_the_command_refuses_a_bad_date(value, meetings_org):
    with pytest.raises(CommandError, match="choose a day of the week|Choose a date"):
        call_command("protocols_timeliness", "--week", value, "--language", "en", stdout=io.StringIO())


def test_s8_6_the_page_shows_the_week_with_links_to_the_weeks_around_it(week_of_march_30, meetings_org):
    response = _client(meetings_org.head_of_apparatus).get(reverse("meetings:timeliness"), {"week": "2026-04-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Meeting on water supply" in body and "late by 2 working days" in body
    assert "Closed meeting on security" not in body  # not granted to the head of apparatus (§5.3)
    assert "Meeting on roads (cancelled)" not in body
    assert "?week=2026-03-23" in body and "?week=2026-04-06" in body
    assert response.context["timeliness"].summary == timeliness.Summary(total=4, on_time=1, late=1, missing=2)


def test_s8_6_the_page_opens_on_last_week_by_default(meetings_org, clock):
    clock(wed_2026_04_08)
    response = _client(meetings_org.head_of_apparatus).get(reverse("meetings:timeliness"))
    assert response.status_code == 200
    assert response.context["week"] == WEEK


def test_s8_6_a_bad_week_on_the_page_is_a_clear_error(meetings_org):
    response = _client(meetings_org.head_of_apparatus).get(reverse("meetings:timeliness"), {"week": "2026-02-31"})
    assert response.status_code == 400
    assert "is not a date" in response.context["error"]


def test_s8_6_the_pdf_holds_the_same_list(week_of_march_30, meetings_org):
    response = _client(meetings_org.head_of_apparatus).get(reverse("meetings:timeliness_pdf"), {"week": "2026-03-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "protocols-timeliness-2026-03-30.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Meeting on water supply" in text and "late by 2 working days" in text
    assert "Closed meeting on security" not in text


@pytest.mark.parametrize("who", ["general_head", "registrar", "org_head", "secretary"])
def test_s8_6_the_general_and_the_organisational_departments_open_the_list(who, meetings_org):
    assert _client(getattr(meetings_org, who)).get(reverse("meetings:timeliness")).status_code == 200


def test_s8_6_an_auditor_opens_the_list(meetings_org, auditor):
    assert _client(auditor).get(reverse("meetings:timeliness")).status_code == 200


@pytest.mark.parametrize("who", ["education_executor", "outsider", "education_head"])
def test_s8_6_an_executor_and_others_are_refused_the_page_and_the_pdf(who, meetings_org):
    client = _client(getattr(meetings_org, who))
    assert client.get(reverse("meetings:timeliness")).status_code == 403
    assert client.get(reverse("meetings:timeliness_pdf"), {"week": "2026-03-30"}).status_code == 403


def test_s8_6_the_page_needs_a_login(meetings_org):
    response = Client().get(reverse("meetings:timeliness"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_s8_6_the_page_reads_a_bounded_number_of_queries_whatever_the_rows(
    build, meetings_org, clock, django_assert_max_num_queries
):
    # given: three meetings held in the week (one drafted, two not), then ten
    def make(day: datetime.date, count: int, drafted: int) -> None:
        meetings = [build.planned(day, f"Meeting {day:%d} {n}", hour=9 + n) for n in range(count)]
        for n, meeting in enumerate(meetings):
            build.hold(meeting)
            if n < drafted:
                build.draft(meeting, day)

    make(mon_2026_03_30, 3, drafted=1)
    clock(wed_2026_04_08)
    client = _client(meetings_org.head_of_apparatus)
    url = f"{reverse('meetings:timeliness')}?week=2026-03-30"
    client.get(url)  # the profile's terms and the calendar are cached once per process

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["timeliness"].rows)

    with django_assert_max_num_queries(12):
        three, rows = count()
    assert rows == 3
    clock(tue_2026_03_31)
    make(tue_2026_03_31, 7, drafted=4)
    clock(wed_2026_04_08)
    with django_assert_max_num_queries(12):
        ten, rows = count()
    assert rows == 10
    assert ten == three


def test_s8_6_the_monday_list_goes_to_each_recipient_once(week_of_march_30, meetings_org, clock):
    # given: Monday 13 April, 08:10; beat fires twice
    clock(datetime.date(2026, 4, 13), 8)
    mail.outbox.clear()
    recipients = timeliness.recipients()
    assert meetings_org.head_of_apparatus in recipients
    # when
    sent = tasks.send_timeliness(on="2026-04-07")  # any day of the week after: the list of the week of 30 March
    again = tasks.send_timeliness(on="2026-04-07")
    # then
    assert (sent, again) == (len(recipients), 0)
    for user in recipients:
        [notification] = Notification.objects.filter(recipient=user, kind=tasks.TIMELINESS_KIND)
        assert notification.key == "timeliness.2026-03-30"
        assert notification.url == f"{reverse('meetings:timeliness')}?week=2026-03-30"
        assert notification.email_sent_at is not None
    assert not Notification.objects.filter(recipient=meetings_org.secretary, kind=tasks.TIMELINESS_KIND).exists()
    assert len(mail.outbox) == len(recipients)
    message = next(m for m in mail.outbox if m.to == [meetings_org.head_of_apparatus.person.email])
    assert "30.03.2026" in message.subject and "05.04.2026" in message.subject
    assert "/meetings/timeliness/?week=2026-03-30" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert (filename, mimetype) == ("protocols-timeliness-2026-03-30.pdf", "application/pdf")
    text = pdf_text(content)
    assert "Meeting on water supply" in text and "Closed meeting on security" not in text


def test_s8_6_the_beat_schedule_sends_the_list_on_monday_at_08_10():
    entry = settings.CELERY_BEAT_SCHEDULE["meetings-timeliness"]
    assert entry["task"] == "meetings.tasks.send_timeliness"
    assert entry["schedule"] == crontab(day_of_week="mon", hour=8, minute=10)
    assert entry["options"]["expires"] > 0
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"
