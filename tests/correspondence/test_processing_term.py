"""003 §9.10: a registered incoming letter is processed — its first resolution — within one day
(registration.processing_term, 24 hours; over working days for ordinary mail, every day for urgent mail);
late processing is shown to the general department in the incoming journal and can be filtered (clock pinned)."""

import datetime

import pytest
from django.urls import reverse

from control.models import Urgency
from correspondence.models import Document
from correspondence.services.registration import processing_due, processing_late_q, receive_incoming
from correspondence.services.workflow import issue_resolution
from tests.correspondence.conftest import almaty, fri_2026_03_20, mon_2026_03_16, thu_2026_03_26, tue_2026_03_17

pytestmark = pytest.mark.django_db


def letter(registrar, correspondents, summary: str, **extra) -> Document:
    return receive_incoming(
        actor=registrar,
        correspondent=correspondents.state,
        summary=summary,
        addressee=Document.Addressee.AKIM,
        their_number=summary[:20],
        **extra,
    )


def test_003_9_10_the_processing_term_is_24_hours_over_working_days(db):
    # Monday 10:00 → Tuesday 10:00; Friday 15:00 → (Nauryz 21–25) Thursday 26.03 15:00
    assert processing_due(almaty(mon_2026_03_16, 10)) == almaty(tue_2026_03_17, 10)
    assert processing_due(almaty(fri_2026_03_20, 15)) == almaty(thu_2026_03_26, 15)
    # urgent mail: 24 hours whatever the day ("несмотря на праздничные и выходные дни")
    assert processing_due(almaty(fri_2026_03_20, 15), Urgency.URGENT) == almaty(datetime.date(2026, 3, 21), 15)


def test_003_9_10_registration_sets_the_processing_term(clock, registrar, akim, correspondents):
    clock(mon_2026_03_16, 10)
    document = letter(registrar, correspondents, "On the heating season")
    assert document.processing_due == almaty(tue_2026_03_17, 10)


def test_003_9_10_late_processing_is_a_filter_and_a_mark_of_the_incoming_journal(
    clock, client, registrar, akim, executor, correspondents
):
    clock(mon_2026_03_16, 10)
    on_time = letter(registrar, correspondents, "Resolved the same day")
    late_resolved = letter(registrar, correspondents, "Resolved two days later")
    waiting = letter(registrar, correspondents, "Not resolved yet")
    clock(mon_2026_03_16, 15)
    issue_resolution(on_time, actor=akim, text="For information", executors=[executor.person], for_information=True)
    clock(datetime.date(2026, 3, 18), 11)
    issue_resolution(
        late_resolved, actor=akim, text="For information", executors=[executor.person], for_information=True
    )
    # when the general department looks at the journal on Wednesday
    late = set(Document.objects.filter(processing_late_q()).values_list("pk", flat=True))
    assert late == {late_resolved.pk, waiting.pk}
    client.force_login(registrar)
    url = reverse("correspondence:journal", args=["incoming"])
    page = client.get(url, {"processing_late": "on"}).content.decode()
    assert waiting.number in page and late_resolved.number in page
    assert on_time.number not in page
    assert page.count("data-processing-late") == 2


def test_003_9_10_nothing_is_late_before_the_term_ends(clock, registrar, akim, correspondents):
    clock(mon_2026_03_16, 10)
    letter(registrar, correspondents, "Registered this morning")
    clock(tue_2026_03_17, 9, 59)
    assert not Document.objects.filter(processing_late_q()).exists()
    clock(tue_2026_03_17, 10, 1)
    assert Document.objects.filter(processing_late_q()).count() == 1
