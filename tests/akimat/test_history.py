"""The audit trail: append-only in Python and in PostgreSQL, shown with who acted for whom (SPEC §3.5)."""

import datetime
import decimal

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string

from akimat.history import history_for, json_safe, record
from akimat.models import HistoryEntry
from akimat.models.history import AppendOnlyError
from tests.factories import make_person

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
TUE_2026_03_03_1015 = datetime.datetime(2026, 3, 3, 10, 15, tzinfo=ALMATY)


@pytest.fixture
def entry(org, registrar):
    return record(org.general, "registered", actor=registrar, to_state="registered")


def test_record_writes_who_when_what_and_iso_dates(org, registrar):
    with time_machine.travel(TUE_2026_03_03_1015, tick=False):
        entry = record(
            org.general,
            "extended",
            actor=registrar,
            from_state="on_control",
            to_state="on_control",
            comment="по заявке исполнителя",
            data={"old_deadline": datetime.date(2026, 3, 18), "new_deadline": datetime.date(2026, 3, 25)},
        )
    entry = HistoryEntry.objects.get(pk=entry.pk)
    assert entry.at == TUE_2026_03_03_1015
    assert entry.actor == registrar
    assert entry.subject == org.general
    assert entry.data == {"old_deadline": "2026-03-18", "new_deadline": "2026-03-25"}
    assert entry.old_deadline == datetime.date(2026, 3, 18)
    assert entry.new_deadline == datetime.date(2026, 3, 25)


def test_json_safe_turns_dates_into_iso_strings_at_any_depth():
    value = {
        "deadline": datetime.date(2026, 3, 18),
        "at": datetime.datetime(2026, 3, 3, 10, 15, tzinfo=ALMATY),
        "amount": decimal.Decimal("12.50"),
        "items": [{"due": datetime.date(2026, 4, 1)}, ("x", 1)],
    }
    assert json_safe(value) == {
        "deadline": "2026-03-18",
        "at": "2026-03-03T10:15:00+05:00",
        "amount": "12.50",
        "items": [{"due": "2026-04-01"}, ["x", 1]],
    }


def test_history_for_lists_only_that_object_oldest_first(org, registrar):
    with time_machine.travel(TUE_2026_03_03_1015, tick=False):
        first = record(org.general, "registered", actor=registrar)
    record(org.finance, "registered", actor=registrar)
    with time_machine.travel(TUE_2026_03_03_1015 + datetime.timedelta(hours=1), tick=False):
        second = record(org.general, "routed", actor=registrar)
    assert list(history_for(org.general)) == [first, second]


def test_history_and_its_names_are_read_in_one_query(org, registrar, akim, django_assert_num_queries):
    for _ in range(5):
        record(org.general, "visa", actor=registrar, acting_for=akim)
    with django_assert_num_queries(1):
        labels = [entry.actor_label for entry in history_for(org.general)]
    assert labels == ["Registrar (acting for Akim)"] * 5


def test_saving_an_existing_entry_is_refused(entry):
    entry.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).delete()
    assert HistoryEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_raw_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE akimat_historyentry SET comment = 'rewritten' WHERE id = %s", [entry.pk])
    assert HistoryEntry.objects.get(pk=entry.pk).comment == ""


def test_the_database_refuses_a_raw_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM akimat_historyentry WHERE id = %s", [entry.pk])
    assert HistoryEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_still_accepts_new_entries(entry, org):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM akimat_historyentry")
        assert cursor.fetchone()[0] == 1
    record(org.general, "routed")
    assert HistoryEntry.objects.count() == 2


def test_the_label_shows_who_acted_for_whom_by_full_name(org):
    deputy = make_person("temir", unit=org.leadership, full_name="Темірхан Әлібекұлы Нұрланов").user
    akim = make_person("bolat", unit=org.leadership, full_name="Болат Қайратұлы Жұмабаев").user
    entry = record(org.general, "signed", actor=deputy, acting_for=akim)
    assert entry.actor_label == "Темірхан Әлібекұлы Нұрланов (acting for Болат Қайратұлы Жұмабаев)"


def test_the_label_falls_back_to_the_login_and_to_system(org):
    admin = User.objects.create_user("admin", first_name="", last_name="")
    assert record(org.general, "registered", actor=admin).actor_label == "admin"
    assert record(org.general, "reminded").actor_label == "system"


def test_the_history_table_shows_time_names_states_and_deadlines(org, executor, akim):
    with time_machine.travel(TUE_2026_03_03_1015, tick=False):
        record(
            org.general,
            "extended",
            actor=executor,
            acting_for=akim,
            from_state="on_control",
            to_state="extended",
            comment="Причина: командировка",
            data={"old_deadline": datetime.date(2026, 3, 18), "new_deadline": datetime.date(2026, 3, 25)},
        )
    html = render_to_string("akimat/_history.html", {"history": history_for(org.general)})
    assert "03.03.2026 10:15" in html
    assert "Executor (acting for Akim)" in html
    assert "deadline extended" in html
    assert "on_control → extended" in html
    assert "Причина: командировка" in html
    assert "18.03.2026 → 25.03.2026" in html
