"""003 §12.3 on the control item: the roadmap of an act of the President within 5 working days of receipt, and
documents for an urgent instruction submitted to the apparatus 10 calendar days ahead — dates on the item,
reminded like the report dates and shown on the item page and the list (clock pinned)."""

import datetime

import pytest
from django.urls import reverse

from akimat.models import Notification
from control import reminders, services
from control.models import ControlItem, Issuer
from tests.control.conftest import mon_2026_03_16, mon_2026_04_13

pytestmark = pytest.mark.django_db

# named dates (2026): Nauryz 21–23 March, 24–25 March off in lieu
wed_2026_03_18 = datetime.date(2026, 3, 18)
fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)
fri_2026_04_03 = datetime.date(2026, 4, 3)
fri_2026_04_17 = datetime.date(2026, 4, 17)
mon_2026_04_27 = datetime.date(2026, 4, 27)


def presidential(make_item, **extra):
    return make_item(
        text="Implement the Address of the President", issuer=Issuer.PRESIDENT, issuer_person=None, **extra
    )


def test_003_12_3_an_act_of_the_president_has_its_roadmap_due_5_working_days_after_receipt(make_item):
    item = presidential(make_item)
    # 16.03 + 5 working days: 17, 18, 19, 20, (Nauryz 21–25), 26
    assert item.roadmap_due == thu_2026_03_26
    assert make_item(text="The akim's instruction").roadmap_due is None


def test_003_12_3_documents_for_urgent_submission_are_due_10_calendar_days_before_the_deadline(make_item):
    item = make_item(urgent_submission=True, deadline=mon_2026_04_13)
    assert item.urgent_submission
    assert item.submission_due == fri_2026_04_03  # 13.04 − 10 calendar days
    assert make_item(deadline=mon_2026_04_13).submission_due is None


def test_003_12_3_the_submission_date_falling_on_a_day_off_is_the_working_day_before(make_item):
    item = make_item(urgent_submission=True, deadline=datetime.date(2026, 4, 6))
    assert item.submission_due == datetime.date(2026, 3, 27)  # 06.04 − 10 = 27.03, a Friday
    item = make_item(urgent_submission=True, deadline=datetime.date(2026, 4, 2))
    # 02.04 − 10 = 23.03, a Nauryz holiday: the documents are in by the working day before, 20.03
    assert item.submission_due == fri_2026_03_20


def test_003_12_3_the_submission_date_is_never_before_the_task_was_given(make_item):
    item = make_item(urgent_submission=True, deadline=thu_2026_03_26)
    assert item.submission_due == mon_2026_03_16  # 16.03 − … collapses to the day given


def test_003_12_3_an_extension_moves_the_submission_date(make_item, executor, head_of_apparatus, clock):
    item = make_item(urgent_submission=True, deadline=mon_2026_04_13)
    request = services.request_extension(item, actor=executor, reason="Late data", new_deadline=mon_2026_04_27)
    services.decide_extension(request, actor=head_of_apparatus, approve=True)
    item.refresh_from_db()
    assert item.submission_due == fri_2026_04_17  # 27.04 − 10 calendar days


def test_003_12_3_the_dates_are_reminded_once_on_their_day_to_the_lead_and_the_controller(
    make_item, executor, registrar
):
    item = presidential(make_item, urgent_submission=True, deadline=mon_2026_04_13)
    assert reminders.scan(wed_2026_03_18) == []
    sent = reminders.scan(thu_2026_03_26)
    assert sorted((n.kind, n.recipient.username) for n in sent) == [
        ("control.roadmap_due", "executor"),
        ("control.roadmap_due", "registrar"),
    ]
    assert reminders.scan(thu_2026_03_26) == []  # once
    # a scan that missed the day catches up on the submission date, once
    sent = reminders.scan(datetime.date(2026, 4, 6))
    assert {(n.kind, n.recipient.username) for n in sent} >= {
        ("control.submission_due", "executor"),
        ("control.submission_due", "registrar"),
    }
    assert Notification.objects.filter(kind="control.submission_due", object_id=item.pk).count() == 2
    assert reminders.counts(sent)["submission_due"] == 2


def test_003_12_3_the_dates_are_shown_on_the_item_page_and_in_the_list(client, make_item, registrar):
    item = presidential(make_item, urgent_submission=True, deadline=mon_2026_04_13)
    client.force_login(registrar)
    page = client.get(reverse("control:item", args=[item.pk])).content.decode()
    assert 'data-testid="roadmap-due">26.03.2026<' in page
    assert 'data-testid="submission-due">03.04.2026<' in page
    listing = client.get(reverse("control:list")).content.decode()
    assert "26.03.2026" in listing and "03.04.2026" in listing


def test_003_12_3_the_create_form_marks_urgent_submission(client, registrar, akim, executor, org, clock):
    client.force_login(registrar)
    data = {
        "text": "Prepare the documents for the Government",
        "issuer": Issuer.PRESIDENT,
        "lead": f"person:{executor.person.pk}",
        "controller": str(org.general.pk),
        "received_on": "16.03.2026",
        "deadline": "13.04.2026",
        "urgent_submission": "on",
    }
    response = client.post(reverse("control:create"), data)
    item = ControlItem.objects.get()
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert (item.roadmap_due, item.submission_due) == (thu_2026_03_26, fri_2026_04_03)
    assert mon_2026_03_16 == item.received_on
