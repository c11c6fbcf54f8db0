"""Return without registration (003 §9.10, §9.12): recorded with the sender, reason and norm, no number."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from correspondence.models import Document, Return
from correspondence.services.registration import return_unregistered
from tests.correspondence.conftest import almaty, mon_2026_03_16, tue_2026_03_17

pytestmark = pytest.mark.django_db


def give_back(actor, **overrides) -> Return:
    params = {
        "actor": actor,
        "sender_name": "Department of Agriculture of Turkestan Region",
        "their_number": "05-11/90",
        "their_date": datetime.date(2026, 3, 13),
        "summary": "On the spring sowing campaign",
        "received_at": almaty(mon_2026_03_16, 9, 40),
        "reason": "Not signed by the first head or a deputy.",
        "norm": "003 §9.9, §9.12",
        "channel": Document.Channel.EDMS,
    }
    params.update(overrides)
    return return_unregistered(**params)


def test_a_return_is_recorded_the_same_day_without_a_number_9_12(clock, registrar):
    returned = give_back(registrar)
    assert returned.returned_on == mon_2026_03_16
    assert returned.returned_by == registrar
    assert not hasattr(returned, "number")
    assert not Document.objects.exists()  # nothing enters the journal of incoming documents


def test_a_return_from_a_directory_correspondent_takes_its_name(clock, registrar, correspondents):
    returned = give_back(registrar, sender_name="", correspondent=correspondents.state)
    assert returned.sender_name == correspondents.state.name
    assert returned.correspondent == correspondents.state


def test_a_return_needs_the_reason_and_the_norm_9_12(clock, registrar):
    with pytest.raises(ValidationError) as refused:
        give_back(registrar, reason=" ", norm="")
    assert set(refused.value.message_dict) == {"reason", "norm"}
    assert not Return.objects.exists()


def test_only_the_registrar_returns_mail(clock, executor):
    with pytest.raises(PermissionDenied):
        give_back(executor)


def test_the_returns_journal_shows_the_days_returns_today_by_default(clock, client, registrar):
    give_back(registrar, sender_name="Returned on Monday")
    clock(tue_2026_03_17, 11)
    give_back(registrar, sender_name="Returned on Tuesday")
    client.force_login(registrar)

    today = client.get(reverse("correspondence:returns")).content.decode()
    assert "Returned on Tuesday" in today and "Returned on Monday" not in today
    monday = client.get(reverse("correspondence:returns"), {"on": "2026-03-16"}).content.decode()
    assert "Returned on Monday" in monday and "Returned on Tuesday" not in monday
    assert "16.03.2026" in monday


def test_the_return_form_records_a_return_and_shows_it_in_the_journal(clock, client, registrar, correspondents):
    client.force_login(registrar)
    response = client.post(
        reverse("correspondence:return"),
        {
            "correspondent_name": correspondents.state.name,
            "correspondent": str(correspondents.state.pk),
            "their_number": "05-11/90",
            "received_at": "2026-03-16T09:40",
            "channel": "edms",
            "reason": "Not on the letterhead.",
            "norm": "003 §9.12",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("correspondence:returns")
    assert "Not on the letterhead." in response.content.decode()
    assert Return.objects.get().correspondent == correspondents.state


def test_the_return_form_keeps_what_was_typed_on_an_error(clock, client, registrar):
    client.force_login(registrar)
    response = client.post(
        reverse("correspondence:return"),
        {"correspondent_name": "LLP Unknown Sender", "received_at": "2026-03-16T09:40", "reason": "", "norm": ""},
    )
    assert response.status_code == 200
    assert 'value="LLP Unknown Sender"' in response.content.decode()
    assert not Return.objects.exists()


def test_the_akim_reads_the_returns_journal_but_may_not_return(clock, client, akim):
    client.force_login(akim)
    assert client.get(reverse("correspondence:returns")).status_code == 200
    assert client.get(reverse("correspondence:return")).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_the_returns_journal_needs_the_same_queries_for_1_and_50_returns(
    clock, client, registrar, django_assert_max_num_queries, rows
):
    for n in range(rows):
        give_back(registrar, sender_name=f"Sender {n}")
    client.force_login(registrar)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("correspondence:returns"))
    assert len(response.context["page"].object_list) == rows


# --- 003 §9.10: a return happens the same day ------------------------------------------------------------------


def test_003_9_10_a_return_on_the_day_of_receipt_is_not_late(clock, registrar):
    returned = give_back(registrar)
    assert returned.late is False


def test_003_9_10_a_return_days_after_receipt_is_recorded_and_marked_late(clock, client, registrar):
    from akimat.models import HistoryEntry

    clock(tue_2026_03_17, 11)
    returned = give_back(registrar)  # received on Monday 09:40, returned on Tuesday
    assert returned.late is True
    entry = HistoryEntry.objects.get(object_id=returned.pk, action="returned_unregistered")
    assert entry.data["late"] is True and entry.data["due"] == "2026-03-16"
    client.force_login(registrar)
    page = client.get(reverse("correspondence:returns"), {"on": "2026-03-17"}).content.decode()
    assert 'data-testid="returned-late"' in page


def test_003_9_10_mail_received_after_the_cutoff_may_be_returned_the_next_working_day(clock, registrar):
    clock(tue_2026_03_17, 10)
    returned = give_back(registrar, received_at=almaty(mon_2026_03_16, 17, 30))
    assert returned.late is False


def test_003_9_10_the_return_form_warns_of_a_late_return(clock, client, registrar):
    clock(tue_2026_03_17, 11)
    client.force_login(registrar)
    data = {
        "correspondent_name": "Department of Agriculture of Turkestan Region",
        "received_at": "2026-03-16T09:40",
        "reason": "Not signed by the first head or a deputy.",
        "norm": "003 §9.9, §9.12",
        "channel": Document.Channel.EDMS,
    }
    response = client.post(reverse("correspondence:return"), data, follow=True)
    assert Return.objects.count() == 1, response.context["form"].errors if response.context.get("form") else ""
    assert "Returned late" in response.content.decode()
