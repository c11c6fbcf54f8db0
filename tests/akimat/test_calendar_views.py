"""The working-day calendar page and the deadline calculator (SPEC §3.2)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from akimat import workdays
from akimat.models import CalendarException


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Asia/Almaty")), tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.bump_version()
    workdays.forget_snapshot()
    yield
    workdays.bump_version()
    workdays.forget_snapshot()


@pytest.mark.parametrize("name", ["calendar", "deadline_calculator"])
def test_calendar_pages_require_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- calendar page ------------------------------------------------------------------------------------


def test_calendar_shows_this_year_with_nauryz_weekends_and_working_day_counts(client, executor):
    client.force_login(executor)
    response = client.get(reverse("calendar"))
    assert response.status_code == 200
    assert response.context["year"] == 2026
    months = response.context["months"]
    assert [len([d for week in m.weeks for d in week if d]) for m in months][:3] == [31, 28, 31]
    # March 2026: 22 weekdays minus 23, 24, 25 March (Nauryz) and 9 March (Women's Day observed)
    assert months[2].working_days == 18
    assert response.context["working_days_total"] == sum(m.working_days for m in months)
    html = response.content.decode()
    assert 'class="day holiday"' in html
    assert 'class="day weekend"' in html
    assert "Nowruz Holiday" in html
    assert "23.03.2026" in html
    assert 'class="day working today"' in html  # Wednesday 18.03.2026


def test_calendar_marks_exceptions_with_their_reason(client, executor):
    CalendarException.objects.create(date=datetime.date(2026, 3, 28), kind="workday", reason="Transfer of 23.03")
    CalendarException.objects.create(date=datetime.date(2026, 4, 3), kind="holiday", reason="Extra day off by decree")
    client.force_login(executor)
    html = client.get(reverse("calendar")).content.decode()
    assert 'class="day workday-transfer"' in html
    assert 'class="day exception-holiday"' in html
    assert "Transfer of 23.03" in html
    assert "Extra day off by decree" in html
    months = client.get(reverse("calendar")).context["months"]
    assert months[2].working_days == 19  # the working Saturday counts


def test_calendar_shows_another_year_with_links_to_its_neighbours(client, executor):
    client.force_login(executor)
    response = client.get(reverse("calendar"), {"year": "2025"})
    assert response.context["year"] == 2025
    html = response.content.decode()
    assert 'href="?year=2024"' in html
    assert 'href="?year=2026"' in html
    assert 'class="day workday-transfer"' in html  # Sunday 05.01.2025, a government transfer


@pytest.mark.parametrize("year", ["abc", "1800", "3000"])
def test_calendar_answers_404_for_a_year_it_cannot_show(client, executor, year):
    client.force_login(executor)
    assert client.get(reverse("calendar"), {"year": year}).status_code == 404


@pytest.mark.parametrize("exceptions", [1, 50])
def test_calendar_page_runs_a_bounded_number_of_queries(client, executor, django_assert_max_num_queries, exceptions):
    CalendarException.objects.bulk_create(
        [
            CalendarException(date=datetime.date(2026, 1, 3) + datetime.timedelta(weeks=i), kind="workday", reason="x")
            for i in range(exceptions)
        ]
    )
    client.force_login(executor)
    # session, user, person, notification bell, permissions (2) — the layout's — and one for the exceptions
    with django_assert_max_num_queries(9) as captured:
        assert client.get(reverse("calendar")).status_code == 200
    assert sum("akimat_calendarexception" in query["sql"] for query in captured.captured_queries) == 1
    # the next page view reuses this process's snapshot while the calendar version is unchanged
    with django_assert_max_num_queries(8) as captured:
        assert client.get(reverse("calendar"), {"year": "2027"}).status_code == 200
    assert not any("akimat_calendarexception" in query["sql"] for query in captured.captured_queries)


def test_the_outsider_may_read_the_calendar_which_holds_no_secrets(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("calendar")).status_code == 200


# --- deadline calculator ------------------------------------------------------------------------------


def test_calculator_starts_with_today_and_working_days(client, executor):
    client.force_login(executor)
    response = client.get(reverse("deadline_calculator"))
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["start"] == datetime.date(2026, 3, 18)
    assert "explanation" not in response.context


def test_calculator_gives_13_april_and_the_days_it_skipped(client, executor):
    client.force_login(executor)
    response = client.get(
        reverse("deadline_calculator"),
        {"start": "2026-03-18", "amount": "15", "unit": "working_days", "direction": "after"},
    )
    assert response.context["explanation"].result == datetime.date(2026, 4, 13)
    html = response.content.decode()
    assert 'data-testid="deadline-result">13.04.2026<' in html
    assert "23.03.2026" in html
    assert "Nowruz Holiday" in html
    assert "weekend" in html


def test_calculator_accepts_a_date_typed_as_dd_mm_yyyy_and_counts_backwards(client, executor):
    client.force_login(executor)
    response = client.get(
        reverse("deadline_calculator"),
        {"start": "29.03.2026", "amount": "7", "unit": "calendar_days", "direction": "before"},
    )
    explanation = response.context["explanation"]
    assert explanation.result == datetime.date(2026, 3, 20)
    assert explanation.landing == datetime.date(2026, 3, 22)
    assert "22.03.2026" in response.content.decode()


def test_calculator_moves_a_month_term_off_a_saturday(client, executor):  # 003 §12.15
    client.force_login(executor)
    response = client.get(
        reverse("deadline_calculator"), {"start": "2026-01-31", "amount": "1", "unit": "months", "direction": "after"}
    )
    assert response.context["explanation"].result == datetime.date(2026, 3, 2)
    assert "28.02.2026" in response.content.decode()


def test_calculator_shows_clear_errors_and_keeps_what_was_typed(client, executor):
    client.force_login(executor)
    response = client.get(
        reverse("deadline_calculator"),
        {"start": "31.02.2026", "amount": "-3", "unit": "weeks", "direction": "after"},
    )
    assert response.status_code == 200
    assert "explanation" not in response.context
    errors = response.context["form"].errors
    assert errors["start"] == ["Enter a date such as 18.03.2026."]
    assert "cannot be negative" in errors["amount"][0]
    assert "unit" in errors
    html = response.content.decode()
    assert 'value="31.02.2026"' in html
    assert 'value="-3"' in html


def test_calculator_refuses_a_term_that_is_not_a_whole_number(client, executor):
    client.force_login(executor)
    response = client.get(
        reverse("deadline_calculator"), {"start": "2026-03-18", "amount": "1.5", "unit": "months", "direction": "after"}
    )
    assert response.context["form"].errors["amount"] == ["Enter a whole number."]
    assert 'value="1.5"' in response.content.decode()
