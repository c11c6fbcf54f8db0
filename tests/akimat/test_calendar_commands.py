"""Operator commands `deadline` and `calendar_exception` (SPEC §10: a stable interface)."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from akimat import workdays
from akimat.env import url_from_database
from akimat.models import CalendarException

ROOT = Path(__file__).resolve().parents[2]


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


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def manage(*args: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it, against the test database (whose rows it cannot see)."""
    env = {**os.environ, "DATABASE_URL": url_from_database(connection.settings_dict)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# --- deadline -----------------------------------------------------------------------------------------


def test_deadline_prints_13_april_for_15_working_days_after_18_march_2026(db):
    assert run("deadline", "--from", "2026-03-18", "--working-days", "15") == "2026-04-13\n"


def test_deadline_from_the_shell_prints_exactly_one_iso_line(db):
    result = manage("deadline", "--from", "2026-03-18", "--working-days", "15")
    assert (result.returncode, result.stdout, result.stderr) == (0, "2026-04-13\n", "")


def test_deadline_counts_calendar_days_and_months_moving_off_days_off(db):  # 003 §12.15
    assert run("deadline", "--from", "2026-03-18", "--calendar-days", "3") == "2026-03-26\n"
    assert run("deadline", "--from", "2026-01-31", "--months", "1") == "2026-03-02\n"


def test_deadline_before_counts_backwards_and_moves_to_the_previous_working_day(db):
    assert run("deadline", "--from", "2026-04-13", "--working-days", "15", "--before") == "2026-03-18\n"
    # 29.03 − 7 days = Sunday 22.03 (Nauryz) → Friday 20.03
    assert run("deadline", "--from", "2026-03-29", "--calendar-days", "7", "--before") == "2026-03-20\n"
    assert run("deadline", "--from", "2026-04-28", "--months", "1", "--before") == "2026-03-27\n"


def test_deadline_starts_today_in_almaty_without_from(db):
    assert run("deadline", "--working-days", "1") == "2026-03-19\n"


def test_deadline_sees_calendar_exceptions(db):
    CalendarException.objects.create(date=datetime.date(2026, 3, 28), kind="workday", reason="Transfer")
    assert run("deadline", "--from", "2026-03-18", "--working-days", "15") == "2026-04-10\n"


def test_deadline_accepts_keyword_options_from_python(db):
    out = StringIO()
    call_command("deadline", start=datetime.date(2026, 3, 18), working_days=15, stdout=out)
    assert out.getvalue() == "2026-04-13\n"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--from", "2026-03-18"], id="no term"),
        pytest.param(["--from", "2026-03-18", "--working-days", "15", "--months", "1"], id="two terms"),
        pytest.param(["--from", "2026-03-18", "--working-days", "15", "--working-days", "3"], id="a term twice"),
        pytest.param(["--from", "18.03.2026", "--working-days", "15"], id="not an ISO date"),
        pytest.param(["--from", "2026-02-30", "--working-days", "15"], id="no such date"),
        pytest.param(["--from", "2026-03-18", "--working-days", "-1"], id="negative"),
        pytest.param(["--from", "2026-03-18", "--calendar-days", "1.5"], id="not whole"),
        pytest.param(["--from", "2026-03-18", "--months", "x"], id="not a number"),
    ],
)
def test_deadline_refuses_bad_input_with_exit_code_2(db, args):
    with pytest.raises(CommandError) as refused:
        run("deadline", *args)
    assert refused.value.returncode == 2
    assert str(refused.value).startswith("Error: ")


def test_deadline_from_the_shell_exits_2_with_the_reason_on_stderr():
    result = manage("deadline", "--from", "2026-03-18", "--working-days", "-3")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "must not be negative" in result.stderr


# --- calendar_exception -------------------------------------------------------------------------------


def test_calendar_exception_adds_an_extra_day_off_and_a_working_saturday(db):
    out = run("calendar_exception", "add", "2026-04-03", "--kind", "holiday", "--reason", "Extra day off")
    assert out == "added: 2026-04-03  Fri  holiday  Extra day off\n"
    run("calendar_exception", "add", "2026-03-28", "--kind", "workday", "--reason", "Transfer")
    assert dict(CalendarException.objects.values_list("date", "kind")) == {
        datetime.date(2026, 4, 3): "holiday",
        datetime.date(2026, 3, 28): "workday",
    }
    assert not workdays.is_working_day(datetime.date(2026, 4, 3))
    assert workdays.is_working_day(datetime.date(2026, 3, 28))


def test_calendar_exception_lists_a_year_as_a_table(db):
    CalendarException.objects.create(date=datetime.date(2026, 4, 3), kind="holiday", reason="Extra day off")
    CalendarException.objects.create(date=datetime.date(2026, 3, 28), kind="workday", reason="Transfer")
    CalendarException.objects.create(date=datetime.date(2027, 1, 9), kind="workday", reason="Next year")
    assert run("calendar_exception", "list", "--year", "2026").splitlines() == [
        "date        day  kind     reason",
        "2026-03-28  Sat  workday  Transfer",
        "2026-04-03  Fri  holiday  Extra day off",
    ]
    assert run("calendar_exception", "list", "--year", "2025") == "no calendar exceptions in 2025\n"
    assert "Transfer" in run("calendar_exception", "list")  # this year by default


def test_calendar_exception_removes_an_exception(db):
    CalendarException.objects.create(date=datetime.date(2026, 3, 28), kind="workday", reason="Transfer")
    assert run("calendar_exception", "remove", "2026-03-28") == "removed: 2026-03-28\n"
    assert not CalendarException.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2026-03-28", "--kind", "holiday", "--reason", "x"], "already a day off (weekend)"),
        (["add", "2026-03-18", "--kind", "workday", "--reason", "x"], "already a working day"),
        (["add", "2026-03-28", "--kind", "bridge", "--reason", "x"], "invalid choice"),
        (["add", "2026-03-28", "--kind", "workday"], "--reason"),
        (["add", "28.03.2026", "--kind", "workday", "--reason", "x"], "not a date"),
        (["remove", "2026-03-27"], "no calendar exception on 27.03.2026"),
        (["list", "--year", "twenty"], "not a year"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_calendar_exception_refuses_bad_input_with_exit_code_2(db, args, message):
    with pytest.raises(CommandError) as refused:
        run("calendar_exception", *args)
    assert refused.value.returncode == 2
    assert message in str(refused.value)


def test_calendar_exception_from_the_shell_exits_2_on_a_refused_change(db):
    result = manage("calendar_exception", "add", "2026-03-18", "--kind", "workday", "--reason", "x")
    assert result.returncode == 2
    assert "18.03.2026 is already a working day" in result.stderr
