"""The quarterly appeals statistics (issue #15 §4): by kind, channel, official and result, the term kept (APPK
art. 76), forwarded (§13.9) and repeat appeals, as at the quarter's last day — a page, a PDF and an XLSX from SQL
aggregates, the numbers of the appeals the user may see; `manage.py appeals_report`. The clock moves from December
2025 to April 2026 (Almaty time) while the appeals are made; Nauryz keeps 21–25 March off."""

import datetime
import io
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from appeals import services, statistics
from appeals.models import Channel, Kind, Result
from control.reports import Quarter, ReportInputError
from tests.akimat.test_pdf import assert_readable
from tests.appeals.conftest import individual, pdf
from tests.control.test_reports import pdf_text
from tests.spreadsheets import table

pytestmark = pytest.mark.django_db

mon_2025_12_01 = datetime.date(2025, 12, 1)
mon_2025_12_08 = datetime.date(2025, 12, 8)
wed_2025_12_10 = datetime.date(2025, 12, 10)
mon_2025_12_15 = datetime.date(2025, 12, 15)
tue_2026_01_20 = datetime.date(2026, 1, 20)
mon_2026_02_02 = datetime.date(2026, 2, 2)
fri_2026_02_06 = datetime.date(2026, 2, 6)
tue_2026_02_10 = datetime.date(2026, 2, 10)
mon_2026_03_02 = datetime.date(2026, 3, 2)
thu_2026_03_05 = datetime.date(2026, 3, 5)
tue_2026_03_17 = datetime.date(2026, 3, 17)
tue_2026_03_31 = datetime.date(2026, 3, 31)
wed_2026_04_01 = datetime.date(2026, 4, 1)
thu_2026_04_02 = datetime.date(2026, 4, 2)
mon_2026_04_06 = datetime.date(2026, 4, 6)
wed_2026_04_08 = datetime.date(2026, 4, 8)
wed_2026_04_15 = datetime.date(2026, 4, 15)

Q1_2026 = Quarter(2026, 1)
#: received, repeat, considered, answered within the term, late, forwarded, forwarded late, on consideration, overdue
TOTALS = [7, 1, 5, 1, 2, 1, 1, 4, 2]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def quarter(consider, register):
    """Appeals around the first quarter of 2026, each of its own applicant unless a repeat; the clock left on
    Wednesday 15 April 2026 (the quarter's statistics are as at 31 March).

    Before the quarter: one still on consideration and overdue since December; one answered in December (not in
    the quarter at all); one answered late on 20 January (considered in the quarter, received before it).
    In the quarter: answered within the term (satisfied), a complaint answered late (explained), a request to the
    deputy overdue on 31 March (its term extended only on 1 April, answered on 8 April), a proposal forwarded late
    (§13.9), a repeat of the satisfied one still registered, an anonymous message closed at once, and one to an
    addressee outside the apparatus's officials, registered on 17 March. After it: one registered on 6 April.
    """
    w = consider
    move_to = w.move_to

    def new(surname: str, **changes):
        return register(applicants=[individual(surname=surname)], **changes)

    def resolved(appeal, official=None):
        services.send_to_official(appeal, actor=w.officer)
        services.resolve(appeal, actor=(official or w.akim), lead=w.executor.person, text="Қарап, жауап беріңіз")
        appeal.refresh_from_db()
        return appeal

    def answer(appeal, result=Result.SATISFIED):
        services.answer(appeal, actor=w.officer, result=result, text="Жауап", file=pdf(), outgoing_number="ЖТ-1")
        appeal.refresh_from_db()
        return appeal

    made = SimpleNamespace()
    move_to(mon_2025_12_01)
    made.old_pending = resolved(new("Әбенов"))
    move_to(mon_2025_12_08)
    made.done_before = resolved(new("Бекенов"))
    move_to(wed_2025_12_10)
    answer(made.done_before)
    move_to(mon_2025_12_15)
    made.done_in_quarter = resolved(new("Ғаниев"))
    move_to(tue_2026_01_20)
    answer(made.done_in_quarter, Result.EXPLAINED)

    move_to(mon_2026_02_02)
    made.kept = resolved(new("Серікбаев"))
    made.complaint = resolved(new("Дәулетов", kind=Kind.COMPLAINT, channel=Channel.EMAIL))
    made.request = resolved(
        new("Жақыпов", kind=Kind.REQUEST, channel=Channel.WEBSITE, addressee=w.deputy.person), official=w.deputy
    )
    made.proposal = new("Исаев", kind=Kind.PROPOSAL, channel=Channel.MESSENGER)
    move_to(fri_2026_02_06)  # the fourth working day of receipt: forwarded late (§13.9)
    services.forward(made.proposal, actor=w.head, body="Облыстық денсаулық сақтау басқармасы")
    move_to(tue_2026_02_10)
    answer(made.kept)
    move_to(mon_2026_03_02)
    made.repeat = new("Серікбаев")
    made.anonymous = register(applicants=[], is_anonymous=True, kind=Kind.MESSAGE, channel=Channel.WEBSITE)
    move_to(thu_2026_03_05)
    answer(made.complaint, Result.EXPLAINED)
    move_to(tue_2026_03_17)
    made.fresh = new("Нұрланов", addressee=None, addressee_name="Облыс әкімі")

    move_to(wed_2026_04_01)
    services.extend(made.request, actor=w.deputy, new_due=thu_2026_04_02, reason="Қосымша тексеру")
    move_to(mon_2026_04_06)
    made.next_quarter = new("Оспанов")
    move_to(wed_2026_04_08)
    answer(made.request)
    move_to(wed_2026_04_15)
    return SimpleNamespace(**vars(w), made=made)


def _lines(lines) -> dict:
    return {line.key: line.values() for line in lines}


# --- the numbers ------------------------------------------------------------------------------------------------


def test_issue15_4_the_quarter_counts_received_considered_and_on_consideration_as_at_its_last_day(quarter):
    found = statistics.quarterly_statistics(Q1_2026)

    assert found.report_date == tue_2026_03_31
    assert found.totals.values() == TOTALS
    # the term kept: 1 of the 3 answered in the quarter (APPK art. 76)
    assert str(found.totals.share_on_time) == "33.3"
    assert (quarter.made.repeat.links.get().earlier_id, found.totals.repeat) == (quarter.made.kept.pk, 1)


def test_issue15_4_the_statistics_by_kind_and_channel_list_every_kind_and_channel(quarter):
    found = statistics.quarterly_statistics(Q1_2026)

    assert _lines(found.by_kind) == {
        Kind.APPLICATION: [3, 1, 2, 1, 1, 0, 0, 3, 1],
        Kind.COMPLAINT: [1, 0, 1, 0, 1, 0, 0, 0, 0],
        Kind.PROPOSAL: [1, 0, 1, 0, 0, 1, 1, 0, 0],
        Kind.RESPONSE: [0] * 9,
        Kind.REQUEST: [1, 0, 0, 0, 0, 0, 0, 1, 1],
        Kind.MESSAGE: [1, 0, 1, 0, 0, 0, 0, 0, 0],
    }
    assert _lines(found.by_channel) == {
        Channel.E_OTINISH: [3, 1, 2, 1, 1, 0, 0, 3, 1],
        Channel.POST: [0] * 9,
        Channel.EMAIL: [1, 0, 1, 0, 1, 0, 0, 0, 0],
        Channel.WEBSITE: [2, 0, 1, 0, 0, 0, 0, 1, 1],
        Channel.MESSENGER: [1, 0, 1, 0, 0, 1, 1, 0, 0],
        Channel.IN_PERSON: [0] * 9,
        Channel.ORAL: [0] * 9,
        Channel.RECEPTION: [0] * 9,
    }


def test_issue15_4_the_statistics_by_official_put_the_addressees_outside_the_apparatus_last(quarter):
    found = statistics.quarterly_statistics(Q1_2026)

    akim, deputy = quarter.akim.person, quarter.deputy.person
    assert [(line.key, line.label) for line in found.by_official] == [
        (akim.pk, akim.full_name),
        (deputy.pk, deputy.full_name),
        (None, "Other addressees"),
    ]
    assert _lines(found.by_official) == {
        akim.pk: [5, 1, 5, 1, 2, 1, 1, 2, 1],
        deputy.pk: [1, 0, 0, 0, 0, 0, 0, 1, 1],
        None: [1, 0, 0, 0, 0, 0, 0, 1, 0],
    }
    # the chart: the officials who answered any, the share within the term of how many they answered
    assert [(bar.label, str(bar.share), bar.received) for bar in found.bars] == [(akim.full_name, "33.3", 3)]


def test_issue15_4_the_results_are_those_of_the_appeals_considered_in_the_quarter(quarter):
    found = statistics.quarterly_statistics(Q1_2026)

    counts = {line.key: line.count for line in found.by_result}
    assert counts == {
        Result.SATISFIED: 1,
        Result.PARTLY_SATISFIED: 0,
        Result.EXPLAINED: 2,
        Result.REFUSED: 0,
        Result.FORWARDED: 1,
        Result.LEFT_WITHOUT_CONSIDERATION: 1,
        Result.RETURNED: 0,
    }
    assert str(found.by_result[2].share) == "40.0"
    assert (found.results_total.count, str(found.results_total.share)) == (5, "100.0")


def test_appk_76_an_extension_decided_after_the_quarter_does_not_hide_an_overdue_appeal(quarter):
    """The request's term passed in February; its extension on 1 April is not seen as at 31 March."""
    found = statistics.quarterly_statistics(Q1_2026)

    request = next(line for line in found.by_kind if line.key == Kind.REQUEST)
    assert (request.pending, request.overdue) == (1, 1)


def test_issue15_4_while_the_quarter_runs_the_statistics_are_as_at_today(quarter):
    found = statistics.quarterly_statistics(Quarter(2026, 2))

    assert found.report_date == wed_2026_04_15
    # the one registered on 6 April; answered on 8 April: the request; on consideration: the December one, the repeat,
    # the one of 17 March and the one of 6 April; overdue: the December one
    assert found.totals.values() == [1, 0, 1, 0, 1, 0, 0, 4, 1]


def test_issue15_4_a_quarter_not_begun_is_refused(quarter):
    with pytest.raises(ReportInputError, match="not begun"):
        statistics.quarterly_statistics(Quarter(2026, 3))


def test_issue15_4_an_executor_counts_only_the_appeals_given_to_them(quarter):
    found = statistics.quarterly_statistics(Q1_2026, user=quarter.executor)

    # given to the executor: the December ones (one overdue, one answered in January), the satisfied one, the
    # complaint and the request
    assert found.totals.values() == [3, 0, 3, 1, 2, 0, 0, 2, 2]
    assert [line.key for line in found.by_official] == [quarter.akim.person.pk, quarter.deputy.person.pk]


def test_issue15_4_a_deputy_counts_only_the_appeals_addressed_to_them(quarter):
    found = statistics.quarterly_statistics(Q1_2026, user=quarter.deputy)

    assert found.totals.values() == [1, 0, 0, 0, 0, 0, 0, 1, 1]


@pytest.mark.parametrize("appeals", [3, 12])
def test_issue15_4_the_numbers_take_a_fixed_number_of_queries(consider, register, django_assert_num_queries, appeals):
    """One query counts every column per kind, channel and official; one names the officials; one turns JIT off. The
    officer's acting duties and roles, for what they see (appeals/access.py), are the other two."""
    for index in range(appeals):
        register(applicants=[individual(surname=f"Өтініш беруші {index}")], kind=Kind.values[index % 6])
    officer = type(consider.officer).objects.get(pk=consider.officer.pk)
    with django_assert_num_queries(5):
        found = statistics.quarterly_statistics(Q1_2026, user=officer)
    assert found.totals.received == appeals


#: the session and the user; the officer's acting duties, roles, units (whether they see every appeal); JIT off, the
#: counts, the officials
PAGE_QUERIES = 9


@pytest.mark.parametrize("appeals", [3, 12])
def test_issue15_4_the_page_runs_a_fixed_number_of_queries(consider, register, django_assert_num_queries, appeals):
    for index in range(appeals):
        register(applicants=[individual(surname=f"Өтініш беруші {index}")], channel=Channel.values[index % 5])
    client = _client(consider.officer)
    url = reverse("appeals:statistics")
    client.get(url)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


# --- the page -----------------------------------------------------------------------------------------------------


def test_issue15_4_the_page_shows_the_tables_the_chart_and_the_files(quarter):
    response = _client(quarter.officer).get(reverse("appeals:statistics"), {"quarter": "2026Q1"})

    assert response.status_code == 200
    body = response.content.decode()
    for grouping in ("by-kind", "by-channel", "by-official", "by-result"):
        assert f'data-testid="{grouping}"' in body
    assert 'class="chart"' in body and quarter.akim.person.full_name in body
    assert "?quarter=2026Q1&amp;format=pdf" in body and "?quarter=2026Q1&amp;format=xlsx" in body
    assert "".join(f'<td class="num">{value}</td>' for value in TOTALS) in body
    assert 'aria-current="true" data-testid="appeals-statistics"' in body


def test_issue15_4_the_page_shows_the_current_quarter_by_default(consider):
    response = _client(consider.officer).get(reverse("appeals:statistics"))
    assert response.status_code == 200
    assert response.context["quarter"] == Quarter(2026, 1)


@pytest.mark.parametrize("value", ["2026Q5", "2026Q3", "next"])
def test_issue15_4_a_bad_or_future_quarter_gives_a_clear_message_and_400(consider, value):
    response = _client(consider.officer).get(reverse("appeals:statistics"), {"quarter": value})
    assert response.status_code == 400
    assert "field-error" in response.content.decode()


def test_issue15_4_the_page_downloads_the_pdf_and_the_xlsx_of_what_the_user_sees(quarter):
    client = _client(quarter.deputy)
    url = reverse("appeals:statistics")

    document = client.get(url, {"quarter": "2026Q1", "format": "pdf"})
    book = client.get(url, {"quarter": "2026Q1", "format": "xlsx"})

    assert document["Content-Type"] == "application/pdf" and document.content.startswith(b"%PDF-")
    assert "appeals-statistics-2026Q1.pdf" in document["Content-Disposition"]
    assert quarter.akim.person.full_name not in pdf_text(document.content)
    totals = table(load_workbook(io.BytesIO(book.content)).worksheets[0])[-1]
    assert list(totals[1:10]) == [1, 0, 0, 0, 0, 0, 0, 1, 1]


def test_issue15_4_an_outsider_and_a_department_head_with_no_appeal_get_403(quarter):
    url = reverse("appeals:statistics")
    for user in (quarter.outsider, quarter.finance_head):
        assert _client(user).get(url).status_code == 403
        assert _client(user).get(url, {"quarter": "2026Q1", "format": "pdf"}).status_code == 403


def test_issue15_4_the_appeals_department_and_the_auditor_open_it_before_any_appeal(appeals_org):
    for user in (appeals_org.officer, appeals_org.head, appeals_org.auditor):
        assert _client(user).get(reverse("appeals:statistics")).status_code == 200


def test_the_statistics_page_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("appeals:statistics"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the files ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_issue15_4_the_pdf_is_an_official_paper_with_the_numbers_and_the_chart(quarter, language):
    export = statistics.export_quarterly_report(Q1_2026, "pdf", user=quarter.officer, language=language)

    assert export.content.startswith(b"%PDF-") and export.filename == "appeals-statistics-2026Q1.pdf"
    text = pdf_text(export.content)
    with translation.override(language):
        expected = [
            translation.gettext("Quarterly appeals statistics"),
            Q1_2026.label,
            translation.gettext("Share answered within the term, by official"),
            translation.gettext("By result"),
            translation.gettext("Prepared by"),
        ]
    for phrase in expected:
        assert phrase in text, phrase
    assert " ".join(str(value) for value in TOTALS) in text  # the totals line of each grouping
    assert quarter.akim.person.full_name in text and quarter.deputy.person.full_name in text
    assert "33,3 %" in text if language != "en" else "33.3 %" in text
    assert_readable(export.content)


def test_issue15_4_the_pdf_is_signed_by_the_head_of_the_appeals_department(quarter):
    export = statistics.export_quarterly_report(Q1_2026, "pdf", language="ru")
    assert quarter.head.person.full_name in pdf_text(export.content)


def test_issue15_4_the_xlsx_has_a_sheet_per_grouping_and_the_results(quarter):
    export = statistics.export_quarterly_report(Q1_2026, "xlsx", language="en")

    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["By kind of appeal", "By channel", "By official", "By result"]
    kinds = table(workbook["By kind of appeal"])
    assert kinds[0][:4] == ("Kind of appeal", "Received", "Repeat", "Considered")
    assert kinds[1] == ("Application", 3, 1, 2, 1, 1, 0, 0, 3, 1, pytest.approx(0.5))
    assert kinds[-1][:10] == ("Total", *TOTALS)
    officials = table(workbook["By official"])
    assert officials[0][1] == "Position"
    assert officials[1][:3] == (quarter.akim.person.full_name, quarter.akim.person.position, 5)
    results = table(workbook["By result"])
    assert results[1] == ("Satisfied", 1, pytest.approx(0.2))
    assert results[-1] == ("Total", 5, pytest.approx(1.0))
    assert "Q1 2026" in workbook["By result"]["A2"].value


def test_an_unknown_format_is_refused(quarter):
    with pytest.raises(ReportInputError, match="pdf or xlsx"):
        statistics.export_quarterly_report(Q1_2026, "doc", language="en")


# --- the command --------------------------------------------------------------------------------------------------


def test_issue15_4_the_command_writes_the_pdf_and_the_xlsx_of_every_appeal(quarter, tmp_path, capsys):
    pdf_file, xlsx_file = tmp_path / "appeals.pdf", tmp_path / "appeals.xlsx"

    call_command("appeals_report", "--quarter", "2026Q1", "--format", "pdf", "--output", str(pdf_file))
    call_command(
        "appeals_report", "--quarter", "2026Q1", "--format", "xlsx", "--output", str(xlsx_file), "--language", "ru"
    )

    assert " ".join(str(value) for value in TOTALS) in pdf_text(pdf_file.read_bytes())
    workbook = load_workbook(xlsx_file)
    with translation.override("ru"):
        assert workbook.sheetnames[0] == translation.gettext("By kind of appeal")[:31]
    assert table(workbook.worksheets[0])[-1][1:10] == tuple(TOTALS)
    assert str(pdf_file) in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments",
    [
        ["--quarter", "2026Q5"],
        ["--quarter", "2026Q3"],  # not begun on 17 March 2026
        [],
        ["--quarter", "2026Q1", "--format", "docx"],
        ["--quarter", "2026Q1", "--language", "de"],
    ],
)
def test_issue15_4_the_command_refuses_bad_input_with_exit_code_2(appeals_org, arguments, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("appeals_report", *arguments, "--output", str(tmp_path / "x"))
    assert error.value.returncode == 2
    assert not (tmp_path / "x").exists()


def test_issue15_4_the_command_exits_with_code_2_from_the_shell():
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "appeals_report", "--quarter", "2026Q5"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "2026Q5" in result.stderr
