"""Registration numbers: unique, gapless, yearly, inside the registering transaction (SPEC §3.4)."""

import datetime
import random
import threading
import time

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse

from akimat.models import Counter, Journal
from akimat.numbering import NumberingError, preview_number, take_number

SEEDED_CODES = {
    "incoming",
    "outgoing",
    "internal",
    "appeals",
    "act_resolution",
    "act_decision",
    "act_order",
    "act_head_order",
    "protocol_session",
    "protocol_apparatus",
    "protocol_operational",
}

CONNECTIONS = 8
TAKES_PER_CONNECTION = 15
ROLLBACK_EVERY = 3  # every third transaction of a connection rolls back on purpose


class RolledBackOnPurpose(Exception):
    pass


def make_journal(code: str = "test", number_format: str = "{prefix}{seq}", prefix: str = "") -> Journal:
    return Journal.objects.create(code=code, number_format=number_format, prefix=prefix, name_kk=code, name_ru=code)


def test_the_migration_seeds_every_journal_with_three_names(db):
    journals = {journal.code: journal for journal in Journal.objects.filter(code__in=SEEDED_CODES)}
    assert set(journals) == SEEDED_CODES
    assert all(journal.name_kk and journal.name_ru and journal.name_en for journal in journals.values())
    assert journals["incoming"].name_ru == "Журнал входящих документов"
    assert journals["incoming"].name_kk == "Кіріс құжаттар журналы"


def test_incoming_number_carries_the_department_index(db):
    with transaction.atomic():
        assert take_number("incoming", on=datetime.date(2026, 3, 3), index="01-12") == "01-12/1"
        assert take_number("incoming", on=datetime.date(2026, 3, 3), index="01-15") == "01-15/2"


def test_appeal_number_carries_the_prefix(db):
    with transaction.atomic():
        assert take_number("appeals", on=datetime.date(2026, 3, 3)) == "ЖТ-1"


@pytest.mark.parametrize(
    ("number_format", "prefix", "expected"),
    [
        ("{index}/{seq}", "", "01-12/7"),
        ("{prefix}{seq}", "ҚБ-", "ҚБ-7"),
        ("{seq}/{yy}", "", "7/05"),
        ("{prefix}{year}-{seq:05d}", "ЖТ-", "ЖТ-2005-00007"),
    ],
)
def test_the_format_renders_every_placeholder(db, number_format, prefix, expected):
    journal = make_journal(number_format=number_format, prefix=prefix)
    Counter.objects.create(journal=journal, year=2005, last_value=6)
    with transaction.atomic():
        assert take_number("test", on=datetime.date(2005, 6, 1), index="01-12") == expected


def test_a_format_needing_an_index_refuses_to_number_without_one(db):
    with transaction.atomic(), pytest.raises(NumberingError, match="index"):
        take_number("incoming", on=datetime.date(2026, 3, 3))


def test_an_unknown_placeholder_is_refused(db):
    make_journal(number_format="{seq}/{department}")
    with transaction.atomic(), pytest.raises(NumberingError, match="department"):
        take_number("test")


def test_an_unknown_journal_is_a_clear_error(db):
    with transaction.atomic(), pytest.raises(NumberingError, match="no-such-journal"):
        take_number("no-such-journal")


def test_a_number_cannot_be_taken_outside_a_transaction(db):
    # the test's own wrapping transaction does not count: only the caller's atomic() does
    make_journal()
    with pytest.raises(NumberingError, match="transaction"):
        take_number("test")
    assert not Counter.objects.filter(journal__code="test").exists()


def test_the_counter_restarts_every_calendar_year(db):
    make_journal()
    with transaction.atomic():
        assert take_number("test", on=datetime.date(2025, 12, 30)) == "1"
        assert take_number("test", on=datetime.date(2025, 12, 31)) == "2"
        assert take_number("test", on=datetime.date(2026, 1, 1)) == "1"
        assert take_number("test", on=datetime.date(2025, 12, 31)) == "3"
    assert dict(Counter.objects.filter(journal__code="test").values_list("year", "last_value")) == {2025: 3, 2026: 1}


def test_the_default_year_is_the_year_in_almaty(db):
    make_journal(number_format="{seq}/{year}")
    # 31.12.2026 20:00 UTC is already 01.01.2027 01:00 in Almaty (UTC+5)
    new_year_in_almaty = datetime.datetime(2026, 12, 31, 20, 0, tzinfo=datetime.UTC)
    with time_machine.travel(new_year_in_almaty, tick=False), transaction.atomic():
        assert take_number("test") == "1/2027"


def test_a_rolled_back_registration_gives_its_number_back(db):
    make_journal()
    with transaction.atomic():
        assert take_number("test", on=datetime.date(2026, 3, 3)) == "1"
    with pytest.raises(RolledBackOnPurpose), transaction.atomic():
        assert take_number("test", on=datetime.date(2026, 3, 3)) == "2"
        raise RolledBackOnPurpose
    with transaction.atomic():
        assert take_number("test", on=datetime.date(2026, 3, 3)) == "2"


def test_preview_shows_the_next_number_without_taking_it(db):
    make_journal(number_format="{index}/{seq}")
    assert preview_number("test", on=datetime.date(2026, 3, 3), index="01-12") == "01-12/1"
    with transaction.atomic():
        take_number("test", on=datetime.date(2026, 3, 3), index="01-12")
    assert preview_number("test", on=datetime.date(2026, 3, 3), index="01-12") == "01-12/2"
    assert preview_number("test", on=datetime.date(2026, 3, 3), index="01-12") == "01-12/2"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrars_get_unique_gapless_numbers():
    # given: a journal with no counter yet, so the connections also race to create this year's counter
    make_journal(code="concurrent")
    day = datetime.date(2026, 3, 3)
    start = threading.Barrier(CONNECTIONS)
    lock = threading.Lock()
    committed: list[int] = []
    rolled_back: list[int] = []
    errors: list[BaseException] = []
    in_flight = 0  # transactions holding or waiting for the counter at the same moment
    max_in_flight = 0

    def registrar(worker: int) -> None:
        nonlocal in_flight, max_in_flight
        rng = random.Random(worker)
        try:
            start.wait(timeout=30)
            for attempt in range(TAKES_PER_CONNECTION):
                roll_back = (worker + attempt) % ROLLBACK_EVERY == 0
                with lock:
                    in_flight += 1
                    max_in_flight = max(max_in_flight, in_flight)
                try:
                    with transaction.atomic():
                        number = int(take_number("concurrent", on=day))
                        # hold the lock a little, as a registration writing its document would
                        time.sleep(rng.uniform(0, 0.003))
                        if roll_back:
                            raise RolledBackOnPurpose
                except RolledBackOnPurpose:
                    with lock:
                        rolled_back.append(number)
                    continue
                finally:
                    with lock:
                        in_flight -= 1
                with lock:
                    committed.append(number)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    # when: eight connections take numbers at the same time
    threads = [threading.Thread(target=registrar, args=(worker,)) for worker in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then: the committed numbers are exactly 1..N, each once, and the counter stands at N
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    assert max_in_flight > 1, "the transactions never overlapped: nothing was tested"
    total = CONNECTIONS * TAKES_PER_CONNECTION
    assert len(committed) + len(rolled_back) == total
    assert len(rolled_back) >= total // ROLLBACK_EVERY
    assert len(committed) == len(set(committed)), "a number was issued twice"
    assert sorted(committed) == list(range(1, len(committed) + 1)), "a gap among committed numbers"
    assert Counter.objects.get(journal__code="concurrent", year=2026).last_value == len(committed)
    print(
        f"\nconcurrency: {CONNECTIONS} connections, {total} numbers taken, {len(rolled_back)} rolled back, "
        f"{len(committed)} committed (1..{max(committed)}), up to {max_in_flight} transactions at once, "
        "no duplicates, no gaps"
    )


# --- admin (admin_client: pytest-django's signed-in superuser) --------------------------------------


def test_the_admin_lists_journals_with_an_example_number(admin_client):
    response = admin_client.get(reverse("admin:akimat_journal_changelist"))
    assert response.status_code == 200
    assert "01-12/345" in response.content.decode()


def test_the_admin_refuses_a_format_without_seq(admin_client):
    journal = Journal.objects.get(code="incoming")
    response = admin_client.post(
        reverse("admin:akimat_journal_change", args=[journal.pk]),
        {"name_kk": "a", "name_ru": "b", "name_en": "c", "number_format": "{index}/", "prefix": ""},
    )
    assert response.status_code == 200
    assert "{seq}" in response.content.decode()
    journal.refresh_from_db()
    assert journal.number_format == "{index}/{seq}"


def test_counters_are_read_only_in_the_admin(admin_client):
    journal = make_journal()
    counter = Counter.objects.create(journal=journal, year=2026, last_value=5)
    assert admin_client.get(reverse("admin:akimat_counter_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:akimat_counter_add")).status_code == 403
    admin_client.post(reverse("admin:akimat_counter_change", args=[counter.pk]), {"last_value": 1})
    assert admin_client.post(reverse("admin:akimat_counter_delete", args=[counter.pk])).status_code == 403
    counter.refresh_from_db()
    assert counter.last_value == 5


@pytest.mark.parametrize("model", ["historyentry", "notification"])
def test_history_and_notifications_are_read_only_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:akimat_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:akimat_{model}_add")).status_code == 403
