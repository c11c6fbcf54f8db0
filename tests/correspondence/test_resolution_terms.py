"""The term of a resolution — 003 §12.2 (no term is a month), §12.10 (only "for information" stays off
control), §12.6 and §12.13 (intermediate dates never before the day the task is given, issue #12 §2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from akimat import workdays
from control import deadlines
from control import services as control_services
from control.models import ControlItem
from correspondence.models import Document, ResolutionPhrase
from correspondence.services.workflow import issue_resolution
from tests.correspondence.test_resolutions import correspondent, make_incoming, mon_2026_03_16

__all__ = ["correspondent"]  # the fixture, shared with test_resolutions

thu_2026_04_16 = datetime.date(2026, 4, 16)
# the issue's example: a task given on Friday 4 December 2026 with the deadline Tuesday 8 December
fri_2026_12_04 = datetime.date(2026, 12, 4)
tue_2026_12_08 = datetime.date(2026, 12, 8)
tue_2026_12_15 = datetime.date(2026, 12, 15)


@pytest.fixture
def incoming(clock, registrar, akim, correspondent):
    return make_incoming(registrar, correspondent, addressee_person=akim.person)


def test_12_2_a_resolution_that_instructs_without_a_term_is_on_control_for_a_month(incoming, akim, executor):
    """003 §12.2: "В случае не установления сроков, определяется месячный срок исполнения"."""
    resolution = issue_resolution(incoming, actor=akim, text="Prepare and send proposals", executors=[executor.person])

    item = resolution.control_item
    assert item is not None and not resolution.for_information
    # one month from the day the resolution is written (16.03.2026), through the working-day calendar
    assert item.deadline == resolution.deadline == thu_2026_04_16 == deadlines.default_term_deadline(mon_2026_03_16)
    incoming.refresh_from_db()
    assert incoming.status == Document.Status.IN_WORK


def test_12_2_the_month_moves_to_a_working_day(db):
    """003 §12.2 with §12.15: a month from 21.02.2026 ends on 21.03 (Nauryz, and the days off after it):
    the term ends on the next working day, Thursday 26.03."""
    assert deadlines.default_term_deadline(datetime.date(2026, 2, 21)) == datetime.date(2026, 3, 26)
    assert workdays.is_working_day(deadlines.default_term_deadline(datetime.date(2026, 2, 21)))


def test_12_10_only_an_explicit_for_information_keeps_the_document_off_control(incoming, akim, executor):
    """003 §12.10: «принять к сведению» — no control item; the executors acknowledge."""
    resolution = issue_resolution(
        incoming, actor=akim, text="Принять к сведению", executors=[executor.person], for_information=True
    )

    assert resolution.for_information and resolution.control_item is None
    assert not ControlItem.objects.exists()
    incoming.refresh_from_db()
    assert incoming.status == Document.Status.FOR_INFORMATION


def test_12_10_a_resolution_for_information_with_a_term_is_refused(incoming, akim, executor):
    """003 §12.10: for information means no term; a term with it is a contradiction the akim is told about."""
    with pytest.raises(ValidationError) as refused:
        issue_resolution(
            incoming,
            actor=akim,
            text="Принять к сведению",
            executors=[executor.person],
            for_information=True,
            deadline=thu_2026_04_16,
        )
    assert "deadline" in refused.value.error_dict
    assert not ControlItem.objects.exists()


def test_12_10_the_seeded_phrases_mark_what_is_for_information(db):
    """003 §12.10: «Принять к сведению» is flagged; «Для исполнения» is not."""
    assert ResolutionPhrase.objects.get(text_ru="Принять к сведению").for_information
    assert ResolutionPhrase.objects.get(text_kk="Назарға алу").for_information
    assert not ResolutionPhrase.objects.get(text_ru="Для исполнения").for_information
    assert ResolutionPhrase.objects.get(text_ru="Подготовить ответ").text("kk") == "Жауап дайындау"


def test_003_12_13_intermediate_dates_are_never_before_the_assignment_day(
    clock, registrar, akim, executor, deputy, org, correspondent
):
    """003 §12.13, §12.6 (issue #12 §2): given 04.12.2026 with deadline 08.12.2026, the co-executor's report
    (7 working days before: 27.11) and the executing body's (5 before: 01.12) and the last day to ask for an
    extension (3 before: 03.12) would all be before the task was given: they collapse to 04.12."""
    clock(fri_2026_12_04)
    document = make_incoming(registrar, correspondent, registered_on=fri_2026_12_04, addressee_person=akim.person)

    resolution = issue_resolution(
        document,
        actor=akim,
        text="Prepare the answer",
        executors=[org.finance, executor.person, deputy.person],
        deadline=tue_2026_12_08,
    )

    item = resolution.control_item
    assert item.given_on == fri_2026_12_04 and item.deadline == tue_2026_12_08
    dues = {(row.is_lead, row.unit_id is not None): row.report_due for row in item.executors.all()}
    assert dues == {(True, True): fri_2026_12_04, (False, False): fri_2026_12_04}
    assert deadlines.last_day_to_ask_extension(item.deadline, not_before=item.given_on) == fri_2026_12_04
    # without the assignment day the old dates come back: the rule is the floor, not another offset
    assert deadlines.report_due_dates(tue_2026_12_08) == (datetime.date(2026, 12, 1), datetime.date(2026, 11, 27))
    assert deadlines.last_day_to_ask_extension(tue_2026_12_08) == datetime.date(2026, 12, 3)


def test_003_12_6_the_lead_may_ask_for_an_extension_on_the_day_a_short_task_is_given(
    clock, registrar, akim, executor, correspondent
):
    """003 §12.6 for a short term: the last day to ask is the assignment day, so asking that day is allowed."""
    clock(fri_2026_12_04)
    document = make_incoming(registrar, correspondent, registered_on=fri_2026_12_04, addressee_person=akim.person)
    item = issue_resolution(
        document, actor=akim, text="Prepare the answer", executors=[executor.person], deadline=tue_2026_12_08
    ).control_item

    request = control_services.request_extension(
        item, actor=executor, new_deadline=tue_2026_12_15, reason="The data come from the oblast on 10.12"
    )
    assert request.pk


def test_003_12_13_the_form_is_told_which_terms_are_too_short(db):
    """003 §12.13: from 04.12.2026 a deadline before 15.12.2026 (7 working days on) collapses the dates."""
    assert deadlines.term_collapses(fri_2026_12_04, tue_2026_12_08)
    assert deadlines.earliest_unhurried_deadline(fri_2026_12_04) == tue_2026_12_15
    assert not deadlines.term_collapses(fri_2026_12_04, tue_2026_12_15)
    assert deadlines.term_collapses(fri_2026_12_04, datetime.date(2026, 12, 14))
