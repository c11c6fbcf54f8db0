"""Journals: the start page, filters, sorting, search, pages, XLSX export, access and pinned query counts.

Documents are built directly (Document.objects.create and friends) so that these tests do not depend on
the registration and workflow services. The builders here are shared by the other journal tests.
"""

import datetime
import io
import itertools
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akimat.models import Attachment, Person
from control.models import ControlExecutor, ControlItem, ControlType, Issuer, SourceKind
from correspondence.models import Correspondent, Document, Recipient, Resolution, ResolutionExecutor
from correspondence.search import refresh_search_vectors
from correspondence.views import journals
from tests.spreadsheets import header_row, table

ALMATY = ZoneInfo("Asia/Almaty")
mon_2026_03_16 = datetime.date(2026, 3, 16)
_sequence = itertools.count(1)


# --- builders (used by the other correspondence view tests too) -------------------------------------


def make_correspondent(name: str = "Управление энергетики и ЖКХ области", **fields) -> Correspondent:
    return Correspondent.objects.get_or_create(name=name, defaults=fields)[0]


def make_document(
    creator,
    *,
    kind: str = Document.Kind.INCOMING,
    number: str | None = None,
    registered_on: datetime.date = mon_2026_03_16,
    summary: str = "О подготовке к отопительному сезону и ремонте котельных",
    correspondent: Correspondent | None = None,
    status: str = Document.Status.REGISTERED,
    **fields,
) -> Document:
    """A registered document of a journal, with its search vector."""
    seq = next(_sequence)
    hour = datetime.time(9 + seq % 8, seq % 60)
    document = Document.objects.create(
        kind=kind,
        status=status,
        number=f"01-12/{seq}" if number is None else number,
        registered_on=registered_on,
        registered_at=datetime.datetime.combine(registered_on, hour, tzinfo=ALMATY) if registered_on else None,
        received_at=datetime.datetime.combine(registered_on, datetime.time(9, 0), tzinfo=ALMATY)
        if registered_on
        else None,
        correspondent=correspondent if correspondent is not None else make_correspondent(),
        summary=summary,
        created_by=creator,
        registered_by=creator,
        **fields,
    )
    refresh_search_vectors([document.pk])
    return document


def make_resolution(
    document: Document,
    author: Person,
    entered_by,
    *,
    executors: list[Person] = (),
    deadline: datetime.date | None = None,
    control: bool = False,
    control_status: str = ControlItem.Status.ON_CONTROL,
    parent: Resolution | None = None,
    text: str = "Прошу рассмотреть и подготовить ответ.",
    controller=None,
) -> Resolution:
    """A resolution with executors (the first is the lead) and, when asked, its control item."""
    resolution = Resolution.objects.create(
        document=document,
        parent=parent,
        author=author,
        entered_by=entered_by,
        text=text,
        deadline=deadline,
        created_at=datetime.datetime(2026, 3, 16, 11, 0, tzinfo=ALMATY),
    )
    for position, person in enumerate(executors):
        ResolutionExecutor.objects.create(
            resolution=resolution, person=person, is_lead=position == 0, position=position
        )
    if control:
        item = ControlItem.objects.create(
            number=f"К-{resolution.pk}",
            source_kind=SourceKind.INCOMING,
            source_type=ContentType.objects.get_for_model(Resolution),
            source_id=resolution.pk,
            source_label=document.reference,
            given_on=document.registered_on,
            received_on=document.registered_on,
            issuer=Issuer.AKIM,
            text=text,
            controller=controller or author.unit,
            control_type=ControlType.SHORT_TERM,
            deadline=deadline or document.registered_on + datetime.timedelta(days=30),
            deadline_basis=ControlItem.DeadlineBasis.FIXED,
            status=control_status,
        )
        for position, person in enumerate(executors):
            ControlExecutor.objects.create(item=item, person=person, is_lead=position == 0, position=position)
        resolution.control_item = item
        resolution.save(update_fields=["control_item"])
    return resolution


def make_attachment(document: Document, name: str, uploaded_by, content: bytes = b"%PDF-1.4 scan") -> Attachment:
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=document.pk,
        original_name=name,
        size=len(content),
        mime_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    refresh_search_vectors([document.pk])
    return attachment


def journal_url(kind: str = "incoming", **params) -> str:
    from urllib.parse import urlencode

    url = reverse("correspondence:journal", args=[kind])
    return f"{url}?{urlencode(params)}" if params else url


def numbers(response) -> list[str]:
    return [row.document.number for row in response.context["rows"]]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pinned():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ALMATY), tick=False):
        yield


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("correspondence:index"),
        reverse("correspondence:journal", args=["incoming"]),
        reverse("correspondence:document", args=[1]),
        reverse("correspondence:card", args=[1]),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_journal_is_404(client, registrar):
    client.force_login(registrar)

    assert client.get(reverse("correspondence:journal", args=["secret"])).status_code == 404


def test_an_outsider_sees_empty_journals_counts_and_exports(client, registrar, outsider, pinned):
    # given
    make_document(registrar, number="01-12/1")
    make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/1")
    client.force_login(outsider)

    # then: the pages open, but nothing of the apparatus is in them
    index = client.get(reverse("correspondence:index"))
    assert [j["count"] for j in index.context["journals"]] == [0, 0, 0]
    for kind in journals.JOURNALS:
        response = client.get(journal_url(kind))
        assert response.status_code == 200
        assert response.context["rows"] == []
    export = client.get(journal_url("incoming", format="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert table(sheet)[1:] == []  # the header only


def test_an_executor_sees_only_the_documents_of_their_resolutions(client, registrar, akim, executor, pinned):
    # given
    mine = make_document(registrar, number="01-12/10")
    make_document(registrar, number="01-12/11")
    make_resolution(mine, akim.person, registrar, executors=[executor.person])
    client.force_login(executor)

    # when
    response = client.get(journal_url())

    # then
    assert numbers(response) == ["01-12/10"]


# --- the start page ---------------------------------------------------------------------------------


def test_the_start_page_counts_registered_documents_per_journal(client, registrar, pinned):
    make_document(registrar, number="01-12/1")
    make_document(registrar, number="01-12/2")
    make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/1")
    make_document(registrar, number="", registered_on=None, status=Document.Status.RECEIVED)  # not registered
    client.force_login(registrar)

    response = client.get(reverse("correspondence:index"))

    counts = {j["kind"]: j["count"] for j in response.context["journals"]}
    assert counts == {"incoming": 2, "outgoing": 1, "internal": 0}
    assert response.status_code == 200
    assert 'data-testid="count-incoming">2<' in response.content.decode()


def test_the_start_page_links_only_to_pages_that_exist(client, registrar, monkeypatch):
    client.force_login(registrar)

    response = client.get(reverse("correspondence:index"))

    for link in response.context["links"]:
        assert link["url"] == reverse(link["name"])  # every link shown resolves


# --- filters ----------------------------------------------------------------------------------------


def test_the_journal_shows_one_kind_and_only_registered_documents(client, registrar, pinned):
    make_document(registrar, number="01-12/1")
    make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/1")
    make_document(registrar, number="", registered_on=None, status=Document.Status.RECEIVED)
    client.force_login(registrar)

    assert numbers(client.get(journal_url("incoming"))) == ["01-12/1"]
    assert numbers(client.get(journal_url("outgoing"))) == ["02-1/1"]


def test_filter_by_period_of_registration(client, registrar, pinned):
    make_document(registrar, number="01-12/1", registered_on=datetime.date(2026, 3, 2))
    make_document(registrar, number="01-12/2", registered_on=datetime.date(2026, 3, 10))
    make_document(registrar, number="01-12/3", registered_on=datetime.date(2026, 3, 16))
    client.force_login(registrar)

    response = client.get(journal_url(registered_from="2026-03-05", registered_to="2026-03-15"))

    assert numbers(response) == ["01-12/2"]


def test_filter_by_correspondent_name_or_short_name(client, registrar, pinned):
    police = make_correspondent("Районное управление полиции", short_name="РУП")
    make_document(registrar, number="01-12/1", correspondent=police)
    make_document(registrar, number="01-12/2")
    client.force_login(registrar)

    assert numbers(client.get(journal_url(correspondent="полиции"))) == ["01-12/1"]
    assert numbers(client.get(journal_url(correspondent="руп"))) == ["01-12/1"]


def test_an_outgoing_letter_is_found_by_any_of_its_addressees(client, registrar, pinned):
    ministry, police = make_correspondent("Министерство энергетики"), make_correspondent("Управление полиции")
    letter = make_document(registrar, kind="outgoing", number="02-1/1", correspondent=ministry)
    for position, addressee in enumerate((ministry, police)):
        Recipient.objects.create(document=letter, correspondent=addressee, position=position)
    make_document(registrar, kind="outgoing", number="02-1/2")
    make_document(registrar, number="01-12/1", correspondent=police)  # incoming: another journal
    client.force_login(registrar)

    assert numbers(client.get(journal_url("outgoing", correspondent="полиции"))) == ["02-1/1"]
    assert numbers(client.get(journal_url("outgoing", correspondent="министерство"))) == ["02-1/1"]
    assert numbers(client.get(journal_url(correspondent="полиции"))) == ["01-12/1"]


def test_filter_by_addressee_status_and_urgency(client, registrar, pinned):
    make_document(registrar, number="01-12/1", addressee=Document.Addressee.AKIM, urgency="urgent")
    make_document(registrar, number="01-12/2", addressee=Document.Addressee.DEPUTY, status=Document.Status.IN_WORK)
    client.force_login(registrar)

    assert numbers(client.get(journal_url(addressee="akim"))) == ["01-12/1"]
    assert numbers(client.get(journal_url(status="in_work"))) == ["01-12/2"]
    assert numbers(client.get(journal_url(urgency="urgent"))) == ["01-12/1"]


def test_filter_by_executor_person_or_unit(client, registrar, akim, executor, org, pinned):
    first = make_document(registrar, number="01-12/1")
    make_document(registrar, number="01-12/2")
    make_resolution(first, akim.person, registrar, executors=[executor.person])
    client.force_login(registrar)

    assert numbers(client.get(journal_url(executor=f"person:{executor.person.pk}"))) == ["01-12/1"]
    assert numbers(client.get(journal_url(executor=f"person:{akim.person.pk}"))) == []


def test_filter_on_control_and_overdue_follows_the_traffic_light(client, registrar, akim, executor, org, pinned):
    # given: one on control and overdue, one on control in time, one reported late (grey), one without control
    overdue = make_document(registrar, number="01-12/1")
    in_time = make_document(registrar, number="01-12/2")
    reported = make_document(registrar, number="01-12/3")
    make_document(registrar, number="01-12/4")
    yesterday, later = datetime.date(2026, 3, 13), datetime.date(2026, 4, 30)
    make_resolution(overdue, akim.person, registrar, executors=[executor.person], deadline=yesterday, control=True)
    make_resolution(in_time, akim.person, registrar, executors=[executor.person], deadline=later, control=True)
    make_resolution(
        reported, akim.person, registrar, executors=[executor.person], deadline=yesterday, control=True,
        control_status=ControlItem.Status.REPORTED,
    )  # fmt: skip
    client.force_login(registrar)

    # then
    assert sorted(numbers(client.get(journal_url(on_control="on")))) == ["01-12/1", "01-12/2", "01-12/3"]
    response = client.get(journal_url(overdue="on"))
    assert numbers(response) == ["01-12/1"]
    assert response.context["rows"][0].light == "red"


def test_an_invalid_filter_value_is_ignored_not_an_error(client, registrar, pinned):
    make_document(registrar, number="01-12/1")
    client.force_login(registrar)

    response = client.get(journal_url(registered_from="31.02.2026", status="nonsense", sort="bogus", page="x"))

    assert response.status_code == 200
    assert numbers(response) == ["01-12/1"]


# --- search, sorting, pages -------------------------------------------------------------------------


def test_the_search_box_finds_by_number_and_words(client, registrar, pinned):
    make_document(registrar, number="01-12/345", summary="О ремонте дорог")
    make_document(registrar, number="01-12/346", summary="Об отоплении школ района")
    client.force_login(registrar)

    assert numbers(client.get(journal_url(q="01-12/345"))) == ["01-12/345"]
    assert numbers(client.get(journal_url(q="отопления"))) == ["01-12/346"]


def test_sorting_by_clickable_headers(client, registrar, pinned):
    a = make_correspondent("Акимат области")
    b = make_correspondent("Бюро статистики")
    make_document(registrar, number="01-12/2", correspondent=b, registered_on=datetime.date(2026, 3, 3))
    make_document(registrar, number="01-12/1", correspondent=a, registered_on=datetime.date(2026, 3, 2))
    make_document(registrar, number="01-12/3", correspondent=a, registered_on=datetime.date(2026, 3, 4),
                  status=Document.Status.EXECUTED)  # fmt: skip
    client.force_login(registrar)

    assert numbers(client.get(journal_url())) == ["01-12/3", "01-12/2", "01-12/1"]  # newest first
    assert numbers(client.get(journal_url(sort="date"))) == ["01-12/1", "01-12/2", "01-12/3"]
    assert numbers(client.get(journal_url(sort="number"))) == ["01-12/1", "01-12/2", "01-12/3"]
    assert numbers(client.get(journal_url(sort="-number"))) == ["01-12/3", "01-12/2", "01-12/1"]
    assert numbers(client.get(journal_url(sort="correspondent")))[-1] == "01-12/2"
    assert numbers(client.get(journal_url(sort="-status")))[-1] == "01-12/3"
    # the header of the current column reverses the order
    response = client.get(journal_url(sort="date"))
    assert response.context["columns"]["date"].next_sort == "-date"
    assert 'aria-sort="ascending"' in response.content.decode()


def test_memos_sort_by_author_and_outgoing_letters_do_not_offer_the_other_side_as_a_sort(
    client, registrar, department_head, executor, pinned
):
    make_document(registrar, kind=Document.Kind.INTERNAL, number="03/1", author=executor.person)
    make_document(registrar, kind=Document.Kind.INTERNAL, number="03/2", author=department_head.person)
    make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/1", correspondent=None)
    client.force_login(registrar)

    # "Department Head" before "Executor"
    assert numbers(client.get(journal_url("internal", sort="correspondent"))) == ["03/2", "03/1"]
    assert numbers(client.get(journal_url("internal", sort="-correspondent"))) == ["03/1", "03/2"]
    outgoing = client.get(journal_url("outgoing", sort="correspondent"))
    assert outgoing.context["sort"] == journals.DEFAULT_SORT
    assert outgoing.context["columns"]["correspondent"].sortable is False
    assert 'data-sort="correspondent"' not in outgoing.content.decode()


def test_a_registered_incoming_letter_always_names_its_correspondent(registrar, pinned):
    # the journal sorted by correspondent joins them: no registered letter may be left out by it
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            kind=Document.Kind.INCOMING, status=Document.Status.REGISTERED, number="01-12/9", summary="…",
            registered_on=mon_2026_03_16, created_by=registrar,
        )  # fmt: skip


def test_the_cached_total_follows_a_newly_registered_letter(client, registrar, pinned):
    make_document(registrar, number="01-12/1")
    client.force_login(registrar)
    assert client.get(journal_url()).context["page"].count == 1

    make_document(registrar, number="01-12/2")

    assert client.get(journal_url()).context["page"].count == 2


def test_pages_of_fifty_with_an_exact_count(client, registrar, pinned):
    for i in range(51):
        make_document(registrar, number=f"01-12/{i + 1}", registered_on=mon_2026_03_16 - datetime.timedelta(days=i))
    client.force_login(registrar)

    first = client.get(journal_url())
    second = client.get(journal_url(page=2))

    assert len(first.context["rows"]) == 50
    assert first.context["page"].count == 51
    assert first.context["page"].num_pages == 2
    assert numbers(second) == ["01-12/51"]
    assert client.get(journal_url(page=99)).context["page"].number == 2  # past the end: the last page


def test_a_journal_with_nothing_to_show_reads_no_page(client, registrar, executor, pinned):
    make_document(registrar, number="01-12/1")  # not the executor's
    client.force_login(executor)
    client.get(journal_url())  # the count (0) is cached

    with CaptureQueriesContext(connection) as captured:
        response = client.get(journal_url())

    assert response.context["rows"] == [] and response.context["page"].count == 0
    assert not [q for q in captured.captured_queries if 'FROM "correspondence_document"' in q["sql"]]


def test_a_count_above_the_limit_is_shown_as_more_than(client, registrar, monkeypatch, pinned):
    monkeypatch.setattr(journals, "COUNT_LIMIT", 3)
    for i in range(5):
        make_document(registrar, number=f"01-12/{i + 1}")
    client.force_login(registrar)

    response = client.get(journal_url())

    page = response.context["page"]
    assert (page.count, page.count_is_exact, page.num_pages) == (3, False, None)
    assert len(response.context["rows"]) == 5  # the page itself is complete
    assert "more than 3 documents" in response.content.decode()


# --- export -----------------------------------------------------------------------------------------


def test_xlsx_export_of_the_filtered_journal_has_translated_headers_and_real_dates(
    client, registrar, akim, executor, pinned
):
    # given
    police = make_correspondent("Районное управление полиции")
    first = make_document(
        registrar, number="01-12/1", correspondent=police, their_number="12-3/45",
        their_date=datetime.date(2026, 3, 12), registered_on=datetime.date(2026, 3, 13),
    )  # fmt: skip
    make_document(registrar, number="01-12/2")
    make_resolution(first, akim.person, registrar, executors=[executor.person], deadline=datetime.date(2026, 4, 1),
                    control=True)  # fmt: skip
    client.force_login(registrar)

    # when
    response = client.get(journal_url(correspondent="полиции", format="xlsx"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "incoming-2026-03-16.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = table(sheet)
    assert rows[0][:4] == ("Registration number", "Registration date", "Received at", "Correspondent")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Registration number"] == "01-12/1"
    assert row["Registration date"] == datetime.datetime(2026, 3, 13)  # a date cell, not text
    assert row["Their outgoing date"] == datetime.datetime(2026, 3, 12)
    assert row["Their outgoing number"] == "12-3/45"
    assert row["Deadline"] == datetime.datetime(2026, 4, 1)
    assert "Executor" in row["Executors"]
    assert sheet.cell(row=header_row(sheet) + 1, column=2).number_format == "DD.MM.YYYY"


@pytest.mark.parametrize(("language", "header"), [("kk", "Тіркеу нөмірі"), ("ru", "Регистрационный номер")])
def test_xlsx_headers_follow_the_users_language(client, registrar, language, header, pinned):
    make_document(registrar, number="01-12/1")
    Person.objects.filter(user=registrar).update(preferred_language=language)
    client.force_login(registrar)

    response = client.get(journal_url(format="xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=header_row(sheet), column=1).value == header


# --- pinned query counts ----------------------------------------------------------------------------


def _fill(registrar, akim, executor, count: int, kind: str) -> None:
    for i in range(count):
        document = make_document(registrar, kind=kind, number=f"{kind[:2]}-{i}")
        make_resolution(document, akim.person, registrar, executors=[executor.person, akim.person], control=i % 2 == 0)
        make_attachment(document, f"scan-{i}.pdf", registrar)


@pytest.mark.parametrize("kind", ["incoming", "outgoing", "internal"])
@pytest.mark.parametrize("rows", [1, 50])
def test_the_journal_runs_a_bounded_number_of_queries(
    client, registrar, akim, executor, kind, rows, django_assert_max_num_queries, pinned
):
    _fill(registrar, akim, executor, rows, kind)
    client.force_login(registrar)
    client.get(journal_url(kind))  # warm the calendar and regulation caches

    with django_assert_max_num_queries(14):
        response = client.get(journal_url(kind, q="котельной", on_control="on", sort="correspondent"))

    assert len(response.context["rows"]) == (rows + 1) // 2
    with django_assert_max_num_queries(14):
        response = client.get(journal_url(kind))
    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_start_page_and_the_export_run_a_bounded_number_of_queries(
    client, registrar, akim, executor, rows, django_assert_max_num_queries, pinned
):
    _fill(registrar, akim, executor, rows, "incoming")
    client.force_login(registrar)
    client.get(reverse("correspondence:index"))

    with django_assert_max_num_queries(8):
        client.get(reverse("correspondence:index"))
    with django_assert_max_num_queries(14):
        response = client.get(journal_url(format="xlsx"))
        b"".join(response.streaming_content)


def test_a_number_may_return_next_year_but_never_twice_in_one_journal_and_year(registrar):
    """Numbers run per journal and year (SPEC §3.4): the database refuses a second "01-12/7" in 2026."""
    make_document(registrar, number="01-12/7", registered_on=datetime.date(2026, 12, 30))
    make_document(registrar, number="01-12/7", registered_on=datetime.date(2027, 1, 5))
    make_document(registrar, kind=Document.Kind.OUTGOING, number="01-12/7", registered_on=datetime.date(2026, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(registrar, number="01-12/7", registered_on=datetime.date(2026, 3, 2))
