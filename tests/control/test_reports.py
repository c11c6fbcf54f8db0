"""Control reports: the weekly control list (003 §12.4) and the quarterly report (003 §12.16), clock pinned."""

import datetime
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from akimat.models import Notification
from control import reports, services, tasks
from control.models import ControlItem, Issuer
from tests.akimat.test_pdf import assert_readable
from tests.control.conftest import mon_2026_03_16, mon_2026_04_13
from tests.spreadsheets import header_row, table

pytestmark = pytest.mark.django_db

# named dates (2026)
mon_2026_02_02 = datetime.date(2026, 2, 2)
thu_2026_02_05 = datetime.date(2026, 2, 5)
tue_2026_02_10 = datetime.date(2026, 2, 10)
fri_2026_02_13 = datetime.date(2026, 2, 13)
mon_2026_02_16 = datetime.date(2026, 2, 16)
wed_2026_02_18 = datetime.date(2026, 2, 18)
fri_2026_02_20 = datetime.date(2026, 2, 20)
fri_2026_02_27 = datetime.date(2026, 2, 27)
mon_2026_03_02 = datetime.date(2026, 3, 2)
thu_2026_03_05 = datetime.date(2026, 3, 5)
tue_2026_03_10 = datetime.date(2026, 3, 10)
tue_2026_03_17 = datetime.date(2026, 3, 17)
wed_2026_03_18 = datetime.date(2026, 3, 18)
sun_2026_03_22 = datetime.date(2026, 3, 22)
mon_2026_03_23 = datetime.date(2026, 3, 23)
thu_2026_03_26 = datetime.date(2026, 3, 26)
fri_2026_03_27 = datetime.date(2026, 3, 27)
tue_2026_03_31 = datetime.date(2026, 3, 31)
wed_2026_04_01 = datetime.date(2026, 4, 1)
wed_2026_04_15 = datetime.date(2026, 4, 15)
thu_2026_04_30 = datetime.date(2026, 4, 30)

Q1_2026 = reports.Quarter(2026, 1)
WEEK_OF_MARCH_16 = reports.Week(mon_2026_03_16)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_text(content: bytes) -> str:
    """The PDF's text on one line; a word hyphenated at a line's end (a narrow column's heading) made whole."""
    reader = PdfReader(io.BytesIO(content))
    pages = ((page.extract_text() or "").replace("\N{HYPHEN}\n", "") for page in reader.pages)
    return " ".join(" ".join(text.split()) for text in pages)


def report_and_remove(item, *, executor, registrar, decider, ground="executed", assessment="executed") -> None:
    if ground == "executed":
        services.submit_report(item, actor=executor, text="Done")
    proposal = services.propose_removal(item, actor=registrar, memo="Memo", ground=ground, assessment=assessment)
    services.decide_removal(proposal, actor=decider, approve=True)


def extend(item, *, executor, decider, new_deadline: datetime.date) -> None:
    request = services.request_extension(item, actor=executor, reason="Late data", new_deadline=new_deadline)
    services.decide_extension(request, actor=decider, approve=True)


# --- periods ------------------------------------------------------------------------------------------------


def test_a_week_runs_from_monday_to_sunday_and_reads_a_date():
    week = reports.Week.parse("2026-03-19")
    assert (week.monday, week.sunday, week.key) == (mon_2026_03_16, sun_2026_03_22, "2026-03-16")
    assert reports.Week.parse("22.03.2026") == week
    assert week.previous() == reports.Week(datetime.date(2026, 3, 9))


@pytest.mark.parametrize("text", ["", "2026-02-30", "next week", "16/03/2026"])
def test_a_bad_week_is_refused_with_a_clear_message(text):
    with pytest.raises(reports.ReportInputError, match="not a date"):
        reports.Week.parse(text)


def test_a_quarter_is_written_2026q1():
    quarter = reports.Quarter.parse("2026q1")
    assert quarter == Q1_2026
    assert (quarter.first_day, quarter.last_day) == (datetime.date(2026, 1, 1), tue_2026_03_31)
    assert reports.Quarter(2026, 4).last_day == datetime.date(2026, 12, 31)
    assert Q1_2026.previous() == reports.Quarter(2025, 4)


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "Q1", "2026", "20261", ""])
def test_a_bad_quarter_is_refused_with_a_clear_message(text):
    with pytest.raises(reports.ReportInputError, match="not a quarter"):
        reports.Quarter.parse(text)


# --- the weekly control list (003 §12.4) --------------------------------------------------------------------


def test_the_weekly_list_has_exactly_the_nine_columns_of_12_4_in_order():
    assert [key for key, _label in reports.WEEKLY_COLUMNS] == [
        "event",
        "given_on",
        "content",
        "executors",
        "deadline",
        "removed",
        "removal_ground",
        "extension",
        "note",
    ]
    with translation.override("en"):
        assert [str(label) for _key, label in reports.WEEKLY_COLUMNS] == [
            "Kind of event where the instruction was given",
            "Date given",
            "Content of the instruction",
            "Executors",
            "Deadline",
            "Removed from control",
            "Grounds for removal",
            "Extension mark",
            "Note",
        ]


@pytest.fixture
def week_items(make_item, clock, executor, registrar, akim, department_head, org):
    """Items around the week of 16 March 2026, built through the services."""
    clock(mon_2026_03_02)
    due_in_week = make_item(
        text="Due this week",
        event="Apparatus meeting",
        received_on=mon_2026_03_02,
        deadline=wed_2026_03_18,
        co_executors=[department_head.person, org.external],
    )
    overdue = make_item(text="Overdue", received_on=mon_2026_03_02, deadline=tue_2026_03_10)
    removed_in_week = make_item(text="Removed in the week", received_on=mon_2026_03_02, deadline=wed_2026_03_18)
    removed_before = make_item(text="Removed before the week", received_on=mon_2026_03_02, deadline=wed_2026_03_18)
    extended = make_item(
        text="Extended",
        issuer=Issuer.PRESIDENT,
        issuer_person=None,
        received_on=mon_2026_03_02,
        deadline=mon_2026_04_13,
    )
    clock(thu_2026_03_05)
    report_and_remove(removed_before, executor=executor, registrar=registrar, decider=akim)
    clock(mon_2026_03_16)
    new = make_item(text="New this week", event="", received_on=mon_2026_03_16)
    clock(tue_2026_03_17)
    report_and_remove(removed_in_week, executor=executor, registrar=registrar, decider=akim)
    extend(extended, executor=executor, decider=akim, new_deadline=thu_2026_04_30)
    clock(thu_2026_03_26)
    later = make_item(text="Received after the week", received_on=thu_2026_03_26)
    clock(fri_2026_03_27)
    return {
        "due_in_week": due_in_week,
        "overdue": overdue,
        "removed_in_week": removed_in_week,
        "removed_before": removed_before,
        "extended": extended,
        "new": new,
        "later": later,
    }


def test_the_weekly_list_holds_what_was_on_control_during_the_week(week_items):
    # when
    with translation.override("en"):
        weekly = reports.weekly_list(WEEK_OF_MARCH_16)
    # then: not what was removed before the Monday nor what came after the Sunday
    numbers = {row.number for row in weekly.rows}
    expected = {"due_in_week", "overdue", "removed_in_week", "extended", "new"}
    assert numbers == {week_items[name].number for name in expected}
    assert weekly.as_of == sun_2026_03_22
    assert [row.deadline for row in weekly.rows] == sorted(row.deadline for row in weekly.rows)


def test_the_weekly_list_rows_carry_the_marks_of_12_4(week_items):
    with translation.override("en"):
        weekly = reports.weekly_list(WEEK_OF_MARCH_16)
        rows = {row.number: row for row in weekly.rows}
        due = rows[week_items["due_in_week"].number]
        assert due.event == "Apparatus meeting"
        assert due.given_on == mon_2026_03_02
        assert due.executors_text == "Executor (lead); Department Head; Rural akim of Aksu"
        assert due.cells()[:5] == [
            "Apparatus meeting",
            mon_2026_03_02,
            "Due this week",
            "Executor (lead); Department Head; Rural akim of Aksu",
            wed_2026_03_18,
        ]
        new = rows[week_items["new"].number]
        assert new.event == "Akim Akim, apparatus meeting, 13.03.2026"  # no event: the source, issuer in front
        assert "new this week" in new.note
        removed = rows[week_items["removed_in_week"].number]
        assert (removed.removed_on, removed.removed, removed.removal_ground) == (
            tue_2026_03_17,
            "removed on 17.03.2026",
            "fully executed",
        )
        extended = rows[week_items["extended"].number]
        assert extended.extension == "extended ×1: 13.04.2026 → 30.04.2026"
        assert extended.deadline == thu_2026_04_30
        overdue = rows[week_items["overdue"].number]
        assert "overdue by 12 days" in overdue.note  # 10.03 → Sunday 22.03
        assert overdue.removed == "" and overdue.extension == ""


def test_the_weekly_preview_can_be_cut_and_says_how_many_there_are(week_items):
    weekly = reports.weekly_list(WEEK_OF_MARCH_16, limit=2)
    assert (len(weekly.rows), weekly.total, weekly.more) == (2, 5, 3)
    assert reports.weekly_list(WEEK_OF_MARCH_16).more == 0


def test_the_weekly_list_shows_marks_as_at_the_end_of_that_week(week_items, executor, registrar, akim, clock):
    clock(thu_2026_03_26)
    report_and_remove(week_items["overdue"], executor=executor, registrar=registrar, decider=akim)
    with translation.override("en"):
        row = next(r for r in reports.weekly_list(WEEK_OF_MARCH_16).rows if r.number == week_items["overdue"].number)
    assert row.removed == "" and "overdue by 12 days" in row.note


def test_the_weekly_list_shows_a_deputy_only_what_they_may_see(week_items, make_item, deputy, org, clock):
    clock(mon_2026_03_16)
    make_item(text="Of a rural akim", lead=org.external, received_on=mon_2026_03_16)
    everything = reports.weekly_list(WEEK_OF_MARCH_16)
    for_deputy = reports.weekly_list(WEEK_OF_MARCH_16, user=deputy)
    assert len(everything.rows) == 6
    assert [row.content for row in for_deputy.rows if row.content == "Of a rural akim"] == []
    assert len(for_deputy.rows) == 5


def test_the_weekly_list_pdf_is_landscape_with_the_headers_in_the_chosen_language(week_items):
    export = reports.export_weekly_list(WEEK_OF_MARCH_16, "pdf", language="ru")
    assert export.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(export.content))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    text = pdf_text(export.content)
    with translation.override("ru"):
        headers = [str(label) for _key, label in reports.WEEKLY_COLUMNS]
    positions = [text.find(header) for header in headers]
    assert -1 not in positions, (headers, text[:500])
    assert positions == sorted(positions)  # in the order of §12.4
    assert "Rural akim of Aksu (ru)" in text  # names of bodies in the chosen language
    assert "16.03.2026" in text and "22.03.2026" in text


def test_the_weekly_list_xlsx_has_one_sheet_with_the_nine_columns_and_real_dates(week_items):
    export = reports.export_weekly_list(WEEK_OF_MARCH_16, "xlsx", language="en")
    workbook = load_workbook(io.BytesIO(export.content))
    assert len(workbook.sheetnames) == 1
    rows = table(workbook.active)
    assert list(rows[0]) == [str(label) for _key, label in reports.WEEKLY_COLUMNS]
    assert len(rows) == 1 + 5
    due = next(row for row in rows if row[2] == "Due this week")
    assert due[1] == datetime.datetime(2026, 3, 2)  # a date cell, not text
    assert due[4] == datetime.datetime(2026, 3, 18)
    assert workbook.active.cell(row=header_row(workbook.active) + 1, column=2).number_format == "DD.MM.YYYY"


def test_the_weekly_list_is_three_queries_whatever_the_number_of_items(
    make_item, clock, django_assert_max_num_queries, registrar
):
    for count in (3, 30):
        ControlItem.objects.all().delete()
        clock(mon_2026_03_16)
        for index in range(count):
            make_item(text=f"Item {index}")
        registrar_view = type(registrar).objects.get(pk=registrar.pk)  # nothing memoised yet
        # items, executors, extensions; roles, principals, whether they are of the controlling unit (003 §12.4)
        with django_assert_max_num_queries(6):
            reports.weekly_list(WEEK_OF_MARCH_16, user=registrar_view)


# --- the quarterly report (003 §12.16) ----------------------------------------------------------------------


@pytest.fixture
def quarter_items(make_item, clock, executor, department_head, registrar, akim, deputy, head_of_apparatus, org):
    """Q1 2026: one item per issuer group and state; the report is made on 15 April (overdue as at 31 March)."""
    clock(mon_2026_02_02)

    def put(issuer, deadline, **extra):
        person_issuers = {Issuer.AKIM: akim.person, Issuer.DEPUTY_AKIM: deputy.person}
        return make_item(
            text=f"Instruction of the {issuer}",
            issuer=issuer,
            issuer_person=person_issuers.get(issuer),
            received_on=mon_2026_02_02,
            deadline=deadline,
            **extra,
        )

    items = {
        "president_on_time": put(Issuer.PRESIDENT, mon_2026_02_16),
        "state_secretary_late": put(Issuer.STATE_SECRETARY, mon_2026_02_16, lead=department_head.person),
        "prime_minister_overdue": put(Issuer.PRIME_MINISTER, mon_2026_03_02),
        "administration_open": put(Issuer.PRESIDENTIAL_ADMINISTRATION, mon_2026_04_13),
        "apparatus_on_the_day": put(Issuer.GOVERNMENT_APPARATUS, mon_2026_02_16),
        "oblast_extended_on_time": put(Issuer.OBLAST_AKIM, mon_2026_02_16),
        "akim_extended_overdue": put(Issuer.AKIM, mon_2026_02_16, lead=org.external),
        "deputy_impossible": put(Issuer.DEPUTY_AKIM, mon_2026_02_16),
        "government_open_to_the_last_day": put(Issuer.GOVERNMENT, tue_2026_03_31),
        "other_body_on_time_removed": put(Issuer.OTHER_BODY, mon_2026_02_16),
    }
    clock(thu_2026_02_05)
    extend(items["oblast_extended_on_time"], executor=executor, decider=head_of_apparatus, new_deadline=mon_2026_03_02)
    lead_body = org.external  # the body leads: its staff act through the akim's decision only
    extend_request = services.request_extension(
        items["akim_extended_overdue"], actor=_body_member(lead_body), reason="Late", new_deadline=mon_2026_03_02
    )
    services.decide_extension(extend_request, actor=akim, approve=True)
    clock(tue_2026_02_10)
    report_and_remove(items["other_body_on_time_removed"], executor=executor, registrar=registrar, decider=akim)
    clock(fri_2026_02_13)
    report_and_remove(items["president_on_time"], executor=executor, registrar=registrar, decider=akim)
    clock(mon_2026_02_16)
    report_and_remove(items["apparatus_on_the_day"], executor=executor, registrar=registrar, decider=akim)
    clock(wed_2026_02_18)
    report_and_remove(items["state_secretary_late"], executor=department_head, registrar=registrar, decider=akim)
    clock(fri_2026_02_20)
    report_and_remove(
        items["deputy_impossible"],
        executor=executor,
        registrar=registrar,
        decider=deputy,
        ground="impossible",
        assessment="not_executed",
    )
    clock(fri_2026_02_27)
    report_and_remove(items["oblast_extended_on_time"], executor=executor, registrar=registrar, decider=akim)
    clock(wed_2026_04_01)
    items["next_quarter"] = make_item(text="Received in April", received_on=wed_2026_04_01)
    clock(wed_2026_04_15)
    return items


def _body_member(unit):
    from tests.factories import make_person

    return make_person("rural_clerk", unit=unit).user


def numbers(line: reports.Counts) -> tuple[int, ...]:
    return (line.received, line.on_time, line.late, line.extended, line.overdue, line.open, line.removed_unexecuted)


def test_the_quarterly_report_counts_each_issuer_group_of_12_16(quarter_items):
    with translation.override("en"):
        report = reports.quarterly_report(Q1_2026)
    assert report.report_date == tue_2026_03_31
    by_issuer = {line.key: line for line in report.by_issuer}
    assert [line.label for line in report.by_issuer] == [
        "President",
        "State Secretary",
        "Prime Minister",
        "Presidential Administration",
        "Government Apparatus",
        "oblast akim",
        "akim",
        "deputy akims",
        "others",
    ]
    #                                        received on_time late extended overdue open removed
    assert numbers(by_issuer["president"]) == (1, 1, 0, 0, 0, 0, 0)
    assert numbers(by_issuer["state_secretary"]) == (1, 0, 1, 0, 0, 0, 0)
    assert numbers(by_issuer["prime_minister"]) == (1, 0, 0, 0, 1, 0, 0)
    assert numbers(by_issuer["presidential_administration"]) == (1, 0, 0, 0, 0, 1, 0)
    assert numbers(by_issuer["government_apparatus"]) == (1, 1, 0, 0, 0, 0, 0)
    assert numbers(by_issuer["oblast_akim"]) == (1, 1, 0, 1, 0, 0, 0)
    assert numbers(by_issuer["akim"]) == (1, 0, 0, 1, 1, 0, 0)
    assert numbers(by_issuer["deputy_akim"]) == (1, 0, 0, 0, 0, 0, 1)
    assert numbers(by_issuer["others"]) == (2, 1, 0, 0, 0, 1, 0)  # the Government and another body
    assert numbers(report.totals) == (10, 4, 1, 2, 2, 2, 1)
    assert report.totals.share_on_time == reports.Decimal("40.0")
    assert by_issuer["others"].share_on_time == reports.Decimal("50.0")
    assert by_issuer["state_secretary"].share_on_time == reports.Decimal("0.0")


def test_the_quarterly_report_counts_by_department_and_executor(quarter_items):
    with translation.override("en"):
        report = reports.quarterly_report(Q1_2026)
    by_department = {line.label: line for line in report.by_department}
    assert set(by_department) == {"Finance department", "Rural akim of Aksu"}
    assert numbers(by_department["Finance department"]) == (9, 4, 1, 1, 1, 2, 1)
    assert by_department["Finance department"].share_on_time == reports.Decimal("44.4")  # 4 / 9
    assert numbers(by_department["Rural akim of Aksu"]) == (1, 0, 0, 1, 1, 0, 0)
    by_executor = {line.label: line for line in report.by_executor}
    assert numbers(by_executor["Executor"]) == (8, 4, 0, 1, 1, 2, 1)
    assert by_executor["Executor"].detail == "Finance department"
    assert numbers(by_executor["Department Head"]) == (1, 0, 1, 0, 0, 0, 0)
    assert numbers(by_executor["Rural akim of Aksu"]) == (1, 0, 0, 1, 1, 0, 0)


def test_the_quarterly_report_lists_the_overdue_and_the_extended_items(quarter_items):
    report = reports.quarterly_report(Q1_2026)
    assert [item.number for item in report.overdue_items] == [
        quarter_items["prime_minister_overdue"].number,
        quarter_items["akim_extended_overdue"].number,
    ]
    assert [item.days_overdue for item in report.overdue_items] == [29, 29]  # 02.03 → 31.03
    extended = {item.number: item for item in report.extended_items}
    oblast = extended[quarter_items["oblast_extended_on_time"].number]
    assert (oblast.first_deadline, oblast.deadline, oblast.extension_count) == (mon_2026_02_16, mon_2026_03_02, 1)
    assert len(extended) == 2
    assert report.overdue_more == report.extended_more == 0


def test_the_bounded_lists_say_how_many_more_there_are(quarter_items, monkeypatch):
    report = reports.quarterly_report(Q1_2026, list_limit=1, executor_limit=1)
    assert (len(report.overdue_items), report.overdue_more) == (1, 1)
    assert (len(report.extended_items), report.extended_more) == (1, 1)
    assert (len(report.by_executor), report.executors_more) == (1, 2)
    assert report.by_executor[0].label == "Executor"  # most behind first: one overdue, then 8 received
    # the PDF shows the first ones and points to the XLSX
    monkeypatch.setattr(reports, "PDF_LIST_LIMIT", 1)
    text = pdf_text(reports.export_quarterly_report(Q1_2026, "pdf", language="en").content)
    assert "and 1 more, see the XLSX file" in text
    assert quarter_items["prime_minister_overdue"].number in text  # the first overdue item
    assert quarter_items["akim_extended_overdue"].number not in text  # second in both lists: left out
    xlsx = load_workbook(io.BytesIO(reports.export_quarterly_report(Q1_2026, "xlsx", language="en").content))
    assert len(table(xlsx["Overdue instructions"])) == 3  # the XLSX lists them all


def test_overdue_is_judged_at_today_while_the_quarter_runs(quarter_items, clock):
    clock(datetime.date(2026, 2, 17))
    report = reports.quarterly_report(Q1_2026)
    assert report.report_date == datetime.date(2026, 2, 17)
    # the overdue Prime Minister's item (02.03) and the extended akim's one are not due yet on 17.02; as at
    # 17.02 (003 §12.16) the State Secretary's item (due 16.02, executed 18.02) and the deputy's (removed 20.02)
    # are overdue: what happened after the report date is not seen
    assert report.totals.overdue == 2
    assert {item.number for item in report.overdue_items} == {
        quarter_items["state_secretary_late"].number,
        quarter_items["deputy_impossible"].number,
    }


def test_003_12_16_an_item_due_next_quarter_executed_after_the_quarter_is_open_not_on_time(
    make_item, clock, executor, registrar, akim
):
    """003 §12.16: the Q1 report run on 10.04 is as at 31.03 — an execution on 06.04 is not seen."""
    # given an item received in March, due 13.04, executed 06.04, and one executed in March
    clock(mon_2026_03_02)
    due_next_quarter = make_item(text="Due in April", received_on=mon_2026_03_02, deadline=mon_2026_04_13)
    done_in_march = make_item(text="Done in March", received_on=mon_2026_03_02, deadline=mon_2026_04_13)
    clock(tue_2026_03_17)
    report_and_remove(done_in_march, executor=executor, registrar=registrar, decider=akim)
    clock(datetime.date(2026, 4, 6))
    services.submit_report(due_next_quarter, actor=executor, text="Done")
    # when the Q1 report is run on 10.04
    clock(datetime.date(2026, 4, 10))
    report = reports.quarterly_report(Q1_2026)
    # then it is as at 31.03: one executed on time, one still open
    assert report.report_date == tue_2026_03_31
    assert numbers(report.totals) == (2, 1, 0, 0, 0, 1, 0)
    assert report.totals.share_on_time == reports.Decimal("50.0")


def test_003_12_14_the_quarterly_report_counts_an_item_executed_only_once_removed_from_control(
    make_item, clock, executor, registrar, akim
):
    """003 §12.9, §12.14: a submitted report awaits removal; executed (on time) is counted once removed."""
    clock(mon_2026_03_02)
    item = make_item(text="Reported in March", received_on=mon_2026_03_02, deadline=fri_2026_03_27)
    clock(tue_2026_03_17)
    services.submit_report(item, actor=executor, text="Done")
    clock(tue_2026_03_31)
    report = reports.quarterly_report(Q1_2026)
    assert (report.totals.received, report.totals.on_time, report.totals.awaiting_removal) == (1, 0, 1)
    assert report.totals.overdue == 0  # the report came in time: not overdue while it awaits removal
    proposal = services.propose_removal(item, actor=registrar, memo="Memo", ground="executed", assessment="executed")
    services.decide_removal(proposal, actor=akim, approve=True)
    report = reports.quarterly_report(Q1_2026)
    assert (report.totals.received, report.totals.on_time, report.totals.awaiting_removal) == (1, 1, 0)


def test_003_12_16_removals_and_extensions_after_the_quarter_are_not_seen(
    make_item, clock, executor, registrar, akim, head_of_apparatus
):
    """003 §12.16: an item overdue at 31.03 stays overdue in the Q1 report whatever happened in April."""
    clock(mon_2026_03_02)
    removed_in_april = make_item(text="Removed in April", received_on=mon_2026_03_02, deadline=fri_2026_03_27)
    extended_in_april = make_item(text="Extended in April", received_on=mon_2026_03_02, deadline=fri_2026_03_27)
    clock(tue_2026_03_17)
    request = services.request_extension(
        extended_in_april, actor=executor, reason="Late data", new_deadline=wed_2026_04_15
    )
    clock(wed_2026_04_01)
    services.decide_extension(request, actor=head_of_apparatus, approve=True)
    proposal = services.propose_removal(
        removed_in_april, actor=registrar, memo="Memo", ground="impossible", assessment="not_executed"
    )
    services.decide_removal(proposal, actor=akim, approve=True)
    clock(datetime.date(2026, 4, 10))
    report = reports.quarterly_report(Q1_2026)
    #                                received on_time late extended overdue open removed
    assert numbers(report.totals) == (2, 0, 0, 0, 2, 0, 0)
    assert report.extended_items == []
    assert [(item.number, item.deadline, item.days_overdue) for item in report.overdue_items] == [
        (removed_in_april.number, fri_2026_03_27, 4),
        (extended_in_april.number, fri_2026_03_27, 4),
    ]
    # the Q2 view of the same items, as at today, sees April
    removed_in_april.refresh_from_db()
    assert removed_in_april.status == ControlItem.Status.REMOVED


def test_003_12_16_the_report_states_its_date(quarter_items, client, registrar):
    """003 §12.16: the report says the day it is as at ("по состоянию на 31.03.2026")."""
    client.force_login(registrar)
    page = client.get(reverse("control:control_reports:quarterly_report"), {"quarter": "2026Q1"})
    with translation.override(page.headers["Content-Language"]):
        assert translation.gettext("as at %(date)s") % {"date": "31.03.2026"} in page.content.decode()
    text = pdf_text(reports.export_quarterly_report(Q1_2026, "pdf", language="en").content)
    assert "as at 31.03.2026" in text


def test_the_quarterly_report_shows_a_deputy_only_what_they_may_see(quarter_items, deputy):
    report = reports.quarterly_report(Q1_2026, user=deputy)
    assert report.totals.received == 9  # not the rural akim's item issued by the akim
    assert "Rural akim of Aksu" not in {line.label for line in report.by_department}


def test_the_quarterly_numbers_take_a_fixed_number_of_queries(
    make_item, clock, django_assert_max_num_queries, registrar
):
    issuers = [Issuer.PRESIDENT, Issuer.GOVERNMENT, Issuer.OTHER_BODY]
    for count in (3, 30):
        ControlItem.objects.all().delete()
        clock(mon_2026_02_02)
        for index in range(count):
            make_item(issuer=issuers[index % 3], issuer_person=None, received_on=mon_2026_02_02, deadline=None)
        registrar_view = type(registrar).objects.get(pk=registrar.pk)
        # six for the report (003 §12.16: the counts per issuer group and lead executor in one query, whose rows
        # give the totals and the three groupings; people, units, two lists; JIT off for them) and three for the
        # user's roles, principals and whether they are of the controlling unit (003 §12.4)
        with django_assert_max_num_queries(9):
            report = reports.quarterly_report(Q1_2026, user=registrar_view, today=wed_2026_04_15)
        assert report.totals.received == count


LONG_NAME = "Тұрғын үй-коммуналдық шаруашылығы, жолаушылар көлігі және автомобиль жолдары бөлімі"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue12_p6_the_quarterly_pdf_is_an_official_paper(quarter_items, org, head_of_apparatus, registrar, language):
    """003 §12.16: presented by the general department to the head of apparatus, who approves it."""
    # given the apparatus's heads and a department with a long name
    org.apparatus.head = head_of_apparatus.person
    org.apparatus.save()
    org.general.head = registrar.person
    org.general.save()
    org.finance.name_kk = org.finance.name_ru = LONG_NAME
    org.finance.save()
    registrar.person.phone = "8 (72548) 2-12-34"
    registrar.person.save()

    export = reports.export_quarterly_report(Q1_2026, "pdf", user=registrar, language=language)

    text = pdf_text(export.content)
    with translation.override(language):
        grif = translation.pgettext("approval block of an official paper", "I approve").upper()
        prepared = translation.gettext("Prepared by")
        quarter = Q1_2026.label
    assert org.apparatus.name_in(language).upper() in text
    assert text.index(grif) < text.index(head_of_apparatus.person.full_name) < text.index(quarter)
    assert text.index(prepared) > text.index(registrar.person.full_name)  # the signer, then who prepared it
    assert "8 (72548) 2-12-34" in text
    assert LONG_NAME in text and "…" not in text  # cells wrap: no name cut
    assert re.search(r"\b100,0 %", text) and not re.search(r"\d\.\d %", text)  # as kk and ru write it
    assert_readable(export.content)


def test_the_quarterly_pdf_has_the_tables_and_the_chart_in_the_chosen_language(quarter_items):
    export = reports.export_quarterly_report(Q1_2026, "pdf", language="kk")
    assert export.content.startswith(b"%PDF-") and export.filename == "control-report-2026Q1.pdf"
    text = pdf_text(export.content)
    with translation.override("kk"):
        expected = [
            str(reports.IssuerGroup.ORDER[0][1]),
            str(reports.QUARTERLY_COLUMNS[1][1]),
            translation.gettext("Share executed on time by department"),
            translation.gettext("Overdue instructions"),
            translation.gettext("Extended instructions"),
        ]
    for phrase in expected:
        assert phrase in text, phrase
    assert "Finance department (kk)" in text and "Rural akim of Aksu (kk)" in text
    assert quarter_items["prime_minister_overdue"].number in text


def test_the_quarterly_xlsx_has_a_sheet_per_grouping_and_the_lists(quarter_items):
    with translation.override("en"):
        export = reports.export_quarterly_report(Q1_2026, "xlsx", language="en")
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == [
        "By issuer",
        "By department",
        "By executor",
        "Overdue instructions",
        "Extended instructions",
    ]
    issuers = table(workbook["By issuer"])
    assert issuers[0][:3] == ("Issuer", "Received", "Executed on time")
    assert issuers[1][:8] == ("President", 1, 1, 0, 0, 0, 0, 0)
    # received, on time, late, awaiting removal (003 §12.14), extended, overdue, open, removed without execution
    assert issuers[-1][:9] == ("Total", 10, 4, 1, 0, 2, 2, 2, 1)
    assert issuers[-1][-1] == pytest.approx(0.4)  # a share: a number shown with a % format (issue #12 §6)
    overdue = table(workbook["Overdue instructions"])
    assert len(overdue) == 3
    assert overdue[1][6] == datetime.datetime(2026, 3, 2)  # the deadline as a date cell


def test_an_unknown_format_is_refused():
    with pytest.raises(reports.ReportInputError, match="pdf or xlsx"):
        reports.export_quarterly_report(Q1_2026, "doc")


# --- the command ----------------------------------------------------------------------------------------------


def test_the_command_writes_the_quarterly_report_as_pdf_and_xlsx(quarter_items, tmp_path, capsys):
    pdf_file, xlsx_file = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    call_command("control_report", "--quarter", "2026Q1", "--format", "pdf", "--output", str(pdf_file))
    call_command(
        "control_report", "--quarter", "2026Q1", "--format", "xlsx", "--output", str(xlsx_file), "--language", "ru"
    )
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    with translation.override("ru"):
        assert load_workbook(xlsx_file).sheetnames[0] == translation.gettext("By issuer")[:31]
    assert str(pdf_file) in capsys.readouterr().out


def test_the_command_writes_the_weekly_list(week_items, tmp_path):
    target = tmp_path / "week.pdf"
    call_command("control_report", "--week", "2026-03-18", "--output", str(target), "--language", "kk")
    assert "Due this week" in pdf_text(target.read_bytes())


@pytest.mark.parametrize(
    "arguments",
    [
        ["--quarter", "2026Q5"],
        ["--quarter", "2026Q1", "--format", "docx"],
        ["--week", "2026-13-01"],
        ["--quarter", "2026Q1", "--week", "2026-03-16"],
        [],
        ["--quarter", "2026Q1", "--language", "de"],
    ],
)
def test_the_command_refuses_bad_input_with_exit_code_2(arguments, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("control_report", *arguments, "--output", str(tmp_path / "x"))
    assert error.value.returncode == 2
    assert not (tmp_path / "x").exists()


def test_the_command_exits_with_code_2_from_the_shell():
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "control_report", "--quarter", "2026Q5"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "2026Q5" in result.stderr and "quarter" in result.stderr


# --- the pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["weekly_list", "quarterly_report"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(f"control:control_reports:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["outsider", "executor", "department_head"])
@pytest.mark.parametrize("name", ["weekly_list", "quarterly_report"])
def test_people_outside_the_leadership_and_general_department_get_403(db, client, request, persona, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(f"control:control_reports:{name}")).status_code == 403
    assert client.get(reverse(f"control:control_reports:{name}"), {"format": "pdf"}).status_code == 403


@pytest.mark.parametrize("persona", ["registrar", "head_of_apparatus", "akim", "auditor", "deputy"])
def test_the_readers_open_both_reports(db, client, request, persona, clock):
    clock(wed_2026_04_15)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("control:control_reports:weekly_list")).status_code == 200
    assert client.get(reverse("control:control_reports:quarterly_report")).status_code == 200


def test_the_weekly_page_shows_the_nine_columns_and_offers_the_files(client, registrar, week_items):
    client.force_login(registrar)
    url = reverse("control:control_reports:weekly_list")
    response = client.get(url, {"week": "2026-03-19"})
    page = response.content.decode()
    assert response.status_code == 200
    positions = [page.find(f'<th scope="col">{label}</th>') for _key, label in reports.WEEKLY_COLUMNS]
    assert -1 not in positions and positions == sorted(positions)
    assert "Due this week" in page and "Received after the week" not in page
    assert "?week=2026-03-16&amp;format=pdf" in page
    download = client.get(url, {"week": "2026-03-19", "format": "pdf"})
    assert download["Content-Type"] == "application/pdf"
    assert "control-list-2026-03-16.pdf" in download["Content-Disposition"]
    assert client.get(url, {"week": "2026-03-19", "format": "xlsx"})["Content-Type"] == XLSX


def test_the_quarterly_page_shows_the_tables_and_the_chart(client, registrar, quarter_items):
    client.force_login(registrar)
    url = reverse("control:control_reports:quarterly_report")
    response = client.get(url, {"quarter": "2026Q1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart-bar' in page and 'width="44.4"' in page  # an SVG bar, no style attribute (CSP)
    assert quarter_items["prime_minister_overdue"].number in page
    assert client.get(url)["Content-Type"].startswith("text/html")  # default: the last quarter
    assert client.get(url, {"quarter": "2026Q1", "format": "xlsx"})["Content-Type"] == XLSX
    assert client.get(url, {"quarter": "2026Q1", "format": "pdf"})["Content-Type"] == "application/pdf"


def test_the_quarterly_page_in_pdf_shows_a_deputy_only_their_items(client, deputy, quarter_items):
    client.force_login(deputy)
    response = client.get(reverse("control:control_reports:quarterly_report"), {"quarter": "2026Q1", "format": "pdf"})
    text = pdf_text(response.content)
    assert quarter_items["prime_minister_overdue"].number in text
    assert quarter_items["akim_extended_overdue"].number not in text


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("quarterly_report", {"quarter": "2026Q5"}, "is not a quarter"),
        ("quarterly_report", {"quarter": "2026Q1", "format": "doc"}, "choose pdf or xlsx"),
        ("weekly_list", {"week": "2026-02-30"}, "is not a date"),
        ("weekly_list", {"week": "2026-03-16", "format": "csv"}, "choose pdf or xlsx"),
    ],
)
def test_bad_input_gives_a_clear_message_and_400(client, registrar, name, params, message):
    client.force_login(registrar)
    response = client.get(reverse(f"control:control_reports:{name}"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


# --- beat and tasks -------------------------------------------------------------------------------------------


def test_the_beat_schedule_sends_the_weekly_list_on_monday_and_the_reminder_on_the_15th():
    weekly = settings.CELERY_BEAT_SCHEDULE["control-weekly-list"]
    quarterly = settings.CELERY_BEAT_SCHEDULE["control-quarterly-report-reminder"]
    assert weekly["task"] == "control.tasks.send_weekly_list"
    assert quarterly["task"] == "control.tasks.remind_quarterly_report"
    assert weekly["schedule"] == crontab(day_of_week="mon", hour=8, minute=0)
    assert quarterly["schedule"] == crontab(day_of_month=15, month_of_year="1,4,7,10", hour=9, minute=0)
    assert weekly["options"]["expires"] > 0 and quarterly["options"]["expires"] > 0
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"


def test_the_monday_task_mails_last_weeks_list_once_to_each_head_of_apparatus(
    week_items, head_of_apparatus, akim, clock
):
    # given
    head_of_apparatus.person.preferred_language = "ru"
    head_of_apparatus.person.save(update_fields=["preferred_language"])
    clock(mon_2026_03_23, hour=8)
    mail.outbox.clear()
    # when: beat fires twice
    assert tasks.send_weekly_list() == 1
    assert tasks.send_weekly_list() == 0
    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [head_of_apparatus.person.email]
    assert "16.03.2026" in message.subject and "22.03.2026" in message.subject
    (filename, content, mimetype) = message.attachments[0]
    assert (filename, mimetype) == ("control-list-2026-03-16.pdf", "application/pdf")
    assert "Rural akim of Aksu (ru)" in pdf_text(content)
    notification = Notification.objects.get(recipient=head_of_apparatus, kind=tasks.WEEKLY_LIST_KIND)
    assert notification.key == "2026-03-16" and notification.email_sent_at is not None
    assert not Notification.objects.filter(recipient=akim, kind=tasks.WEEKLY_LIST_KIND).exists()


def test_a_failed_weekly_mail_is_sent_by_the_retry(head_of_apparatus, clock, monkeypatch):
    from django.core.mail import EmailMessage

    clock(mon_2026_03_23, hour=8)
    mail.outbox.clear()
    original = EmailMessage.send
    monkeypatch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("SMTP down")))
    with pytest.raises(OSError):
        tasks.send_weekly_list()
    monkeypatch.setattr(EmailMessage, "send", original)
    assert tasks.send_weekly_list() == 1
    assert tasks.send_weekly_list() == 0
    assert len(mail.outbox) == 1


class WorkerKilled(BaseException):
    """What a task sees of SIGKILL: nothing runs after it, no except clause, no release of the claim."""


def test_issue11_p9_a_weekly_mail_claimed_by_a_worker_that_died_is_sent_when_the_lease_ends(
    head_of_apparatus, clock, monkeypatch
):
    from django.core.mail import EmailMessage

    from akimat.tasks import send_pending_emails

    clock(mon_2026_03_23, hour=8)
    mail.outbox.clear()
    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(WorkerKilled))
        with pytest.raises(WorkerKilled):
            tasks.send_weekly_list()
    # the redelivered task and the sweep find the e-mail claimed while the lease runs
    assert tasks.send_weekly_list() == 0
    assert send_pending_emails() == 0
    clock(mon_2026_03_23, hour=9)  # the lease (10 minutes) ran out
    assert send_pending_emails() == 1
    assert tasks.send_weekly_list() == 0
    [message] = mail.outbox
    assert message.to == [head_of_apparatus.person.email]
    assert "/control/reports/weekly/?week=2026-03-16" in message.body  # the plain e-mail links to the list


def test_the_quarterly_reminder_reaches_the_general_department_once(registrar, executor, clock):
    clock(wed_2026_04_15)
    assert tasks.remind_quarterly_report() == 1
    assert tasks.remind_quarterly_report() == 0
    reminder = Notification.objects.get(kind=tasks.QUARTERLY_REPORT_DUE_KIND)
    assert (reminder.recipient, reminder.key) == (registrar, "2026Q1")
    assert "20.04.2026" in reminder.title and "2026Q1" in reminder.title
    assert reminder.url.endswith("?quarter=2026Q1")
