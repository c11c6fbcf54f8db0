"""The working-day calendar and deadline arithmetic (SPEC §3.2) and the calendar exception service."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from akimat import workdays
from akimat.calendar_exceptions import add_exception, remove_exception
from akimat.models import CalendarException, HistoryEntry
from akimat.workdays import DayKind, Unit, WorkCalendar

D = datetime.date
ALMATY = ZoneInfo("Asia/Almaty")

# named dates (2026 unless the name says otherwise)
wed_2025_12_31 = D(2025, 12, 31)
fri_2025_01_03 = D(2025, 1, 3)
sun_2025_01_05 = D(2025, 1, 5)
fri_2026_01_02 = D(2026, 1, 2)
mon_2026_01_05 = D(2026, 1, 5)
wed_2026_01_07 = D(2026, 1, 7)
thu_2026_01_08 = D(2026, 1, 8)
sat_2026_01_31 = D(2026, 1, 31)
sat_2026_02_28 = D(2026, 2, 28)
mon_2026_03_02 = D(2026, 3, 2)
mon_2026_03_16 = D(2026, 3, 16)
wed_2026_03_18 = D(2026, 3, 18)
fri_2026_03_20 = D(2026, 3, 20)
sat_2026_03_21 = D(2026, 3, 21)
sun_2026_03_22 = D(2026, 3, 22)
mon_2026_03_23 = D(2026, 3, 23)
tue_2026_03_24 = D(2026, 3, 24)
wed_2026_03_25 = D(2026, 3, 25)
thu_2026_03_26 = D(2026, 3, 26)
sat_2026_03_28 = D(2026, 3, 28)
sun_2026_03_29 = D(2026, 3, 29)
fri_2026_04_03 = D(2026, 4, 3)
fri_2026_04_10 = D(2026, 4, 10)
mon_2026_04_13 = D(2026, 4, 13)
tue_2026_04_14 = D(2026, 4, 14)


@pytest.fixture(autouse=True)
def clock():
    """Every deadline test runs on Wednesday 18.03.2026, 10:00 in Almaty."""
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, tzinfo=ALMATY), tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The version lives in Redis and outlives the rolled-back test database: start and end clean."""
    workdays.bump_version()
    workdays.forget_snapshot()
    yield
    workdays.bump_version()
    workdays.forget_snapshot()


@pytest.fixture
def public():
    """A snapshot without calendar exceptions: the public calendar of Kazakhstan only."""
    return WorkCalendar()


# --- the public calendar ------------------------------------------------------------------------------


def test_saturday_and_sunday_are_days_off_and_weekdays_work(public):  # 003 §17.1
    assert public.is_working_day(mon_2026_03_16)
    assert public.is_working_day(fri_2026_03_20)
    assert not public.is_working_day(sat_2026_03_28)
    assert not public.is_working_day(sun_2026_03_29)


def test_nauryz_2026_with_its_observed_days_is_off_from_21_to_25_march(public):
    # 21.03 (Sat) and 22.03 (Sun) are holidays on a weekend, so 24.03 and 25.03 are given instead
    for day in (sat_2026_03_21, sun_2026_03_22, mon_2026_03_23, tue_2026_03_24, wed_2026_03_25):
        assert not public.is_working_day(day), day
    assert public.is_working_day(fri_2026_03_20)
    assert public.is_working_day(thu_2026_03_26)
    assert public.day_info(tue_2026_03_24).kind == DayKind.HOLIDAY


def test_new_year_and_orthodox_christmas_are_days_off(public):
    assert not public.is_working_day(D(2026, 1, 1))
    assert not public.is_working_day(fri_2026_01_02)
    assert not public.is_working_day(wed_2026_01_07)
    assert public.is_working_day(mon_2026_01_05)


def test_a_government_transfer_known_to_the_holidays_package_makes_a_sunday_work(public):
    # 2025: Friday 03.01 off, Sunday 05.01 worked instead
    assert not public.is_working_day(fri_2025_01_03)
    assert public.is_working_day(sun_2025_01_05)
    assert public.day_info(sun_2025_01_05).kind == DayKind.TRANSFERRED_WORKDAY


def test_holiday_names_follow_the_active_language(public):
    with translation.override("kk"):
        assert public.day_info(mon_2026_03_23).name == "Наурыз мейрамы"
    with translation.override("en"):
        assert public.day_info(mon_2026_03_23).name == "Nowruz Holiday"
        assert public.day_info(tue_2026_03_24).name == "Nowruz Holiday (day off moved)"
        assert public.day_info(fri_2025_01_03).name == "Day off (moved from 05.01.2025)"


def test_a_datetime_is_refused_so_that_nobody_forgets_the_time_zone(public):
    with pytest.raises(TypeError):
        public.is_working_day(datetime.datetime(2026, 3, 23, 12, 0))


# --- N working days after / before (SPEC §3.2) ---------------------------------------------------------


def test_fifteen_working_days_after_18_march_2026_is_13_april(public):
    # 19, 20, 26, 27, 30, 31 March, 1, 2, 3, 6, 7, 8, 9, 10, 13 April: Nauryz 21–25.03 skipped
    assert public.add_working_days(wed_2026_03_18, 15) == mon_2026_04_13


def test_fifteen_working_days_after_18_march_2026_through_the_module_functions(db):
    assert workdays.add_working_days(wed_2026_03_18, 15) == mon_2026_04_13


def test_the_first_working_day_after_friday_before_nauryz_is_thursday(public):
    assert public.add_working_days(fri_2026_03_20, 1) == thu_2026_03_26


def test_the_start_day_is_day_0_even_when_it_is_a_day_off(public):
    assert public.add_working_days(sat_2026_03_21, 1) == thu_2026_03_26
    assert public.add_working_days(wed_2026_03_25, 1) == thu_2026_03_26


def test_working_days_after_new_year_skip_the_holidays_and_christmas(public):
    assert public.add_working_days(wed_2025_12_31, 1) == mon_2026_01_05
    assert public.add_working_days(wed_2025_12_31, 3) == thu_2026_01_08


def test_working_days_before_are_counted_strictly_before_the_date(public):
    assert public.subtract_working_days(thu_2026_03_26, 1) == fri_2026_03_20
    assert public.subtract_working_days(mon_2026_04_13, 15) == wed_2026_03_18
    assert public.subtract_working_days(sun_2026_03_29, 1) == D(2026, 3, 27)


def test_zero_working_days_give_the_date_itself_or_the_nearest_working_day(public):
    assert public.add_working_days(wed_2026_03_18, 0) == wed_2026_03_18
    assert public.add_working_days(sat_2026_03_21, 0) == thu_2026_03_26
    assert public.subtract_working_days(sat_2026_03_21, 0) == fri_2026_03_20


def test_a_negative_number_of_working_days_counts_the_other_way(public):
    assert public.add_working_days(mon_2026_04_13, -15) == wed_2026_03_18
    assert public.subtract_working_days(wed_2026_03_18, -15) == mon_2026_04_13


def test_long_terms_agree_with_walking_day_by_day(public):
    rng = random.Random(2026)
    for _ in range(200):
        start = D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
        n = rng.randrange(1, 700)
        walked, counted = start, 0
        while counted < n:
            walked += datetime.timedelta(days=1)
            counted += public.is_working_day(walked)
        assert public.add_working_days(start, n) == walked, (start, n)
        assert public.working_days_between(start, walked) == n


# --- calendar days and months (003 §12.15) -------------------------------------------------------------


def test_calendar_days_landing_on_nauryz_move_to_the_next_working_day(public):  # 003 §12.15
    assert public.add_calendar_days(wed_2026_03_18, 3) == thu_2026_03_26
    assert public.add_calendar_days(wed_2026_03_18, 2) == fri_2026_03_20


def test_calendar_days_before_a_date_move_to_the_previous_working_day(public):
    # 29.03 − 7 days = Sunday 22.03 (Nauryz): a "no later than" date moves earlier, to Friday 20.03
    assert public.subtract_calendar_days(sun_2026_03_29, 7) == fri_2026_03_20
    assert public.add_calendar_days(sun_2026_03_29, -7) == fri_2026_03_20


def test_a_month_after_31_january_is_clamped_to_28_february_then_moved_to_monday(public):  # 003 §12.15
    assert workdays.shift_months(sat_2026_01_31, 1) == sat_2026_02_28
    assert public.add_months(sat_2026_01_31, 1) == mon_2026_03_02


def test_month_arithmetic_keeps_the_day_number_clamped_to_the_end_of_the_month():
    assert workdays.shift_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert workdays.shift_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert workdays.shift_months(D(2026, 11, 30), 2) == D(2027, 1, 30)
    assert workdays.shift_months(D(2026, 1, 15), -13) == D(2024, 12, 15)


def test_months_before_a_date_move_to_the_previous_working_day(public):
    # 28.04 − 1 month = Saturday 28.03 → Friday 27.03
    assert public.subtract_months(D(2026, 4, 28), 1) == D(2026, 3, 27)
    assert public.add_months(D(2026, 4, 28), -1) == D(2026, 3, 27)


def test_zero_calendar_days_or_months_move_a_day_off_to_the_next_working_day(public):
    assert public.add_calendar_days(sat_2026_03_21, 0) == thu_2026_03_26
    assert public.add_months(sat_2026_03_21, 0) == thu_2026_03_26


def test_deadline_dispatches_on_the_unit_and_the_direction(public):
    assert public.deadline(wed_2026_03_18, 15, Unit.WORKING_DAYS) == mon_2026_04_13
    assert public.deadline(mon_2026_04_13, 15, "working_days", before=True) == wed_2026_03_18
    assert public.deadline(wed_2026_03_18, 3, Unit.CALENDAR_DAYS) == thu_2026_03_26
    assert public.deadline(sat_2026_01_31, 1, Unit.MONTHS) == mon_2026_03_02
    with pytest.raises(ValueError):
        public.deadline(wed_2026_03_18, 1, "hours")


# --- working days between (traffic light, SPEC §5) -----------------------------------------------------


def test_working_days_between_counts_the_half_open_interval(public):
    assert public.working_days_between(wed_2026_03_18, mon_2026_04_13) == 15
    assert public.working_days_between(fri_2026_03_20, thu_2026_03_26) == 1
    assert public.working_days_between(wed_2026_03_18, wed_2026_03_18) == 0


def test_working_days_between_is_negative_when_the_deadline_has_passed(public):
    assert public.working_days_between(mon_2026_04_13, wed_2026_03_18) == -15
    assert public.working_days_between(thu_2026_03_26, fri_2026_03_20) == -1


def test_working_days_between_spans_years(public):
    assert public.working_days_between(wed_2025_12_31, thu_2026_01_08) == 3


# --- explanation for the calculator ------------------------------------------------------------------


def test_explain_lists_every_day_off_skipped_with_its_reason(public):
    with translation.override("en"):
        explanation = public.explain(wed_2026_03_18, 15, Unit.WORKING_DAYS)
    assert explanation.result == mon_2026_04_13
    assert [info.date for info in explanation.skipped] == [
        sat_2026_03_21,
        sun_2026_03_22,
        mon_2026_03_23,
        tue_2026_03_24,
        wed_2026_03_25,
        sat_2026_03_28,
        sun_2026_03_29,
        D(2026, 4, 4),
        D(2026, 4, 5),
        D(2026, 4, 11),
        D(2026, 4, 12),
    ]
    kinds = {info.date: info for info in explanation.skipped}
    assert kinds[mon_2026_03_23].kind == DayKind.HOLIDAY
    assert kinds[mon_2026_03_23].name == "Nowruz Holiday"
    assert kinds[sat_2026_03_28].kind == DayKind.WEEKEND


def test_explain_shows_the_landing_day_of_a_month_term(public):
    explanation = public.explain(sat_2026_01_31, 1, Unit.MONTHS)
    assert explanation.landing == sat_2026_02_28
    assert explanation.result == mon_2026_03_02
    assert [info.date for info in explanation.skipped] == [sat_2026_02_28, D(2026, 3, 1)]


def test_explain_walks_backwards_for_a_term_before_a_date(public):
    explanation = public.explain(sun_2026_03_29, 7, Unit.CALENDAR_DAYS, before=True)
    assert explanation.result == fri_2026_03_20
    assert [info.date for info in explanation.skipped] == [sun_2026_03_22, sat_2026_03_21]
    explanation = public.explain(thu_2026_03_26, 1, Unit.WORKING_DAYS, before=True)
    assert [info.date for info in explanation.skipped] == [
        wed_2026_03_25,
        tue_2026_03_24,
        mon_2026_03_23,
        sun_2026_03_22,
        sat_2026_03_21,
    ]


def test_explain_of_a_negative_term_is_a_term_before_the_date(public):
    explanation = public.explain(mon_2026_04_13, -15, Unit.WORKING_DAYS)
    assert (explanation.amount, explanation.before, explanation.result) == (15, True, wed_2026_03_18)


# --- calendar exceptions ------------------------------------------------------------------------------


def test_a_working_saturday_exception_counts_as_a_working_day(db, registrar):
    add_exception(sat_2026_03_28, "workday", "Transfer of the day off to 23.03", actor=registrar)
    assert workdays.is_working_day(sat_2026_03_28)
    assert workdays.day_info(sat_2026_03_28).kind == DayKind.TRANSFERRED_WORKDAY
    assert workdays.add_working_days(wed_2026_03_18, 15) == fri_2026_04_10


def test_an_extra_day_off_exception_pushes_the_deadline_one_day(db, registrar):
    add_exception(fri_2026_04_03, "holiday", "Extra day off by decree", actor=registrar)
    assert not workdays.is_working_day(fri_2026_04_03)
    info = workdays.day_info(fri_2026_04_03)
    assert (info.kind, info.name) == (DayKind.EXTRA_DAY_OFF, "Extra day off by decree")
    assert workdays.add_working_days(wed_2026_03_18, 15) == tue_2026_04_14
    assert workdays.working_days_between(wed_2026_03_18, tue_2026_04_14) == 15


def test_an_exception_overrides_a_public_holiday():
    calendar = WorkCalendar({wed_2026_03_25: ("workday", "Observed day worked")})
    assert calendar.is_working_day(wed_2026_03_25)
    assert calendar.add_working_days(fri_2026_03_20, 1) == wed_2026_03_25


def test_adding_a_day_off_on_a_weekend_or_holiday_is_refused_with_the_reason(db):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        add_exception(sat_2026_03_28, "holiday", "Nothing to change")
    assert refused.value.messages == [
        "28.03.2026 is already a day off (weekend); an extra day off would change nothing."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        add_exception(mon_2026_03_23, "holiday", "Nothing to change")
    assert "public holiday: Nowruz Holiday" in refused.value.messages[0]
    assert not CalendarException.objects.exists()


def test_adding_a_working_day_on_a_working_weekday_is_refused(db):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        add_exception(wed_2026_03_18, "workday", "Nothing to change")
    assert refused.value.messages[0].startswith("18.03.2026 is already a working day")


def test_a_second_exception_on_the_same_date_a_blank_reason_or_an_unknown_kind_is_refused(db):
    add_exception(sat_2026_03_28, "workday", "Transfer")
    with pytest.raises(ValidationError, match="already has a calendar exception"):
        add_exception(sat_2026_03_28, "workday", "Again")
    with pytest.raises(ValidationError, match="reason"):
        add_exception(sun_2026_03_29, "workday", "   ")
    with pytest.raises(ValidationError, match="kind"):
        add_exception(sun_2026_03_29, "bridge", "Long weekend")


def test_removing_an_exception_restores_the_public_calendar_and_is_recorded(db, registrar):
    add_exception(sat_2026_03_28, "workday", "Transfer", actor=registrar)
    remove_exception(sat_2026_03_28, actor=registrar)
    assert not workdays.is_working_day(sat_2026_03_28)
    actions = list(HistoryEntry.objects.order_by("id").values_list("action", "actor"))
    assert actions == [
        ("calendar_exception_added", registrar.pk),
        ("calendar_exception_removed", registrar.pk),
    ]
    with pytest.raises(ValidationError, match="no calendar exception"):
        remove_exception(sat_2026_03_28)


def test_calendar_changed_is_sent_after_commit_with_the_changed_dates(db, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, dates, **kwargs):
        received.append(dates)

    workdays.calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            add_exception(sat_2026_03_28, "workday", "Transfer")
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert received == [frozenset({sat_2026_03_28})]

        exception = CalendarException.objects.get()
        exception.date = sun_2026_03_29
        with django_capture_on_commit_callbacks(execute=True):
            exception.save()  # any path, e.g. a shell: both the old and the new date are reported
        assert received[-1] == frozenset({sat_2026_03_28, sun_2026_03_29})

        with django_capture_on_commit_callbacks(execute=True):
            remove_exception(sun_2026_03_29)
        assert received[-1] == frozenset({sun_2026_03_29})
    finally:
        workdays.calendar_changed.disconnect(listener)


def test_an_admin_edit_goes_through_the_service_and_sends_the_signal(client, db, django_capture_on_commit_callbacks):
    admin_user = User.objects.create_superuser("admin", "admin@example.kz", "pass")
    client.force_login(admin_user)
    received = []

    def listener(sender, dates, **kwargs):
        received.append(dates)

    workdays.calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:akimat_calendarexception_add"),
                {"date": "2026-03-28", "kind": "workday", "reason": "Transfer"},
            )
        assert response.status_code == 302
        assert received == [frozenset({sat_2026_03_28})]
        assert workdays.is_working_day(sat_2026_03_28)
        assert HistoryEntry.objects.get().actor == admin_user

        response = client.post(
            reverse("admin:akimat_calendarexception_add"),
            {"date": "2026-03-18", "kind": "workday", "reason": "Nothing"},
        )
        assert response.status_code == 200  # refused with the service's message
        assert "already a working day" in response.content.decode()

        exception = CalendarException.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("admin:akimat_calendarexception_delete", args=[exception.pk]), {"post": "yes"})
        assert not CalendarException.objects.exists()
        assert received[-1] == frozenset({sat_2026_03_28})
        assert not workdays.is_working_day(sat_2026_03_28)
    finally:
        workdays.calendar_changed.disconnect(listener)


# --- every process sees a change without restart --------------------------------------------------------


def test_a_change_through_the_service_is_seen_by_a_process_without_a_snapshot(db):
    assert not workdays.is_working_day(sat_2026_03_28)  # this process now holds a snapshot
    add_exception(sat_2026_03_28, "workday", "Transfer")
    workdays.forget_snapshot()  # another process: its own (empty) memory, the same shared cache
    assert workdays.is_working_day(sat_2026_03_28)


def test_a_new_version_in_the_cache_makes_a_process_drop_its_snapshot(db, django_assert_num_queries):
    assert not workdays.is_working_day(sat_2026_03_28)
    # another process writes the row; this process's snapshot does not know it yet
    CalendarException.objects.bulk_create([CalendarException(date=sat_2026_03_28, kind="workday", reason="Transfer")])
    with django_assert_num_queries(0):
        assert not workdays.is_working_day(sat_2026_03_28)  # same version: the snapshot is reused
    workdays.bump_version()  # ... and the other process bumps the shared version
    with django_assert_num_queries(1):
        assert workdays.is_working_day(sat_2026_03_28)


def test_a_lost_version_in_the_cache_never_revives_an_old_snapshot(db):
    from django.core.cache import cache

    assert not workdays.is_working_day(sat_2026_03_28)
    CalendarException.objects.bulk_create([CalendarException(date=sat_2026_03_28, kind="workday", reason="Transfer")])
    cache.delete(workdays.VERSION_CACHE_KEY)  # e.g. Redis flushed or restarted
    assert workdays.is_working_day(sat_2026_03_28)


def test_a_version_the_process_cannot_read_is_replaced(db):
    from django.core.cache import cache

    cache.set(workdays.VERSION_CACHE_KEY, "written by an older release", timeout=None)
    assert not workdays.is_working_day(sat_2026_03_28)
    assert isinstance(cache.get(workdays.VERSION_CACHE_KEY), int)


def test_an_unreachable_cache_falls_back_to_the_database_not_to_stale_data(db, settings):
    assert not workdays.is_working_day(sat_2026_03_28)  # a snapshot under the real cache
    CalendarException.objects.bulk_create([CalendarException(date=sat_2026_03_28, kind="workday", reason="Transfer")])
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    workdays.forget_snapshot()  # drop the client bound to the real cache
    try:
        assert workdays.is_working_day(sat_2026_03_28)
        assert workdays.get_calendar().version is None
    finally:
        workdays.forget_snapshot()


def test_pinned_uses_one_snapshot_for_bulk_work(db):
    with workdays.pinned() as calendar:
        add_exception(sat_2026_03_28, "workday", "Transfer")
        assert workdays.get_calendar() is calendar
        assert not workdays.is_working_day(sat_2026_03_28)
    assert workdays.is_working_day(sat_2026_03_28)


def test_the_snapshot_loads_exceptions_with_one_query(db, django_assert_num_queries):
    CalendarException.objects.bulk_create(
        [
            CalendarException(date=D(2026, 1, 3) + datetime.timedelta(weeks=i), kind="workday", reason="x")
            for i in range(50)
        ]
    )
    with django_assert_num_queries(1):
        calendar = WorkCalendar.load()
    assert calendar.is_working_day(D(2026, 1, 3))


def test_the_admin_lists_exceptions_by_kind_and_year_and_bulk_deletes_through_the_service(
    client, db, django_capture_on_commit_callbacks
):
    admin_user = User.objects.create_superuser("admin", "admin@example.kz", "pass")
    client.force_login(admin_user)
    add_exception(sat_2026_03_28, "workday", "Transfer")
    add_exception(fri_2026_04_03, "holiday", "Extra day off")
    changelist = reverse("admin:akimat_calendarexception_changelist")
    response = client.get(changelist, {"kind__exact": "holiday", "date__year": "2026"})
    assert [e.date for e in response.context["cl"].result_list] == [fri_2026_04_03]

    received = []

    def listener(sender, dates, **kwargs):
        received.append(dates)

    workdays.calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                changelist,
                {
                    "action": "delete_selected",
                    "post": "yes",
                    "_selected_action": list(CalendarException.objects.values_list("pk", flat=True)),
                },
            )
    finally:
        workdays.calendar_changed.disconnect(listener)
    assert not CalendarException.objects.exists()
    assert set().union(*received) == {sat_2026_03_28, fri_2026_04_03}
    assert HistoryEntry.objects.filter(action="calendar_exception_removed", actor=admin_user).count() == 2
    assert workdays.is_working_day(fri_2026_04_03)
