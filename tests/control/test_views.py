"""The control screens: lists, export, the item page and its actions, creation (SPEC §5, §9; clock pinned)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from akimat import permissions
from akimat.history import history_for
from akimat.models import Attachment, OrgUnit
from control import services
from control.models import ControlItem, Decision, Issuer, SourceKind
from tests.control.conftest import mon_2026_03_16, thu_2026_03_19
from tests.factories import make_person, make_unit
from tests.spreadsheets import table

pytestmark = pytest.mark.django_db

LIST = reverse("control:list")
EXPORT = reverse("control:export")
CREATE = reverse("control:create")
# session, user, principals and roles, the filter form's choices, count, page, lead executors, the bell, the user's own
# co-executor parts of the page (003 §12.13)
LIST_QUERIES = 17


def item_url(item: ControlItem) -> str:
    return reverse("control:item", args=[item.pk])


def numbers_in(response) -> list[str]:
    return [item.number for item in response.context["items"]]


def xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return table(workbook.active)


@pytest.fixture
def finance_item(make_item):
    """The executor (finance department) leads it; the akim gave it; deadline 13.04.2026."""
    return make_item()


@pytest.fixture
def education(db):
    """An executing body of the district (no one of the personas works there)."""
    return make_unit("District education department", kind=OrgUnit.Kind.EXECUTING_BODY)


@pytest.fixture
def external_item(make_item, education, deputy):
    """A deputy's instruction led by the education department (an executing body), term by the regulation."""
    return make_item(
        text="Repair the school roof in Aksu",
        issuer=Issuer.DEPUTY_AKIM,
        issuer_person=deputy.person,
        lead=education,
        source_kind=SourceKind.PROTOCOL,
        source_label="Protocol of the apparatus meeting № 7",
        deadline=None,
    )


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name, args, method",
    [
        ("control:list", [], "get"),
        ("control:export", [], "get"),
        ("control:create", [], "get"),
        ("control:item", ["pk"], "get"),
        ("control:report", ["pk"], "post"),
        ("control:part", ["pk"], "post"),
        ("control:extension_request", ["pk"], "post"),
        ("control:extension_decide", ["pk", 1], "post"),
        ("control:redirect_request", ["pk"], "post"),
        ("control:redirect_decide", ["pk", 1], "post"),
        ("control:removal_propose", ["pk"], "post"),
        ("control:removal_agree", ["pk", 1], "post"),
        ("control:removal_decide", ["pk", 1], "post"),
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, finance_item, url_name, args, method):
    url = reverse(url_name, args=[finance_item.pk if arg == "pk" else arg for arg in args])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "url_name, extra",
    [
        ("control:item", []),
        ("control:report", []),
        ("control:part", []),
        ("control:extension_request", []),
        ("control:extension_decide", [1]),
        ("control:redirect_request", []),
        ("control:redirect_decide", [1]),
        ("control:removal_propose", []),
        ("control:removal_agree", [1]),
        ("control:removal_decide", [1]),
    ],
)
def test_an_outsider_gets_404_for_an_item_and_its_actions(client, outsider, finance_item, url_name, extra):
    client.force_login(outsider)
    url = reverse(url_name, args=[finance_item.pk, *extra])
    response = client.get(url) if url_name == "control:item" else client.post(url, {"report-text": "x"})
    assert response.status_code == 404


def test_an_outsider_sees_an_empty_list_and_an_empty_export(client, outsider, finance_item, external_item):
    client.force_login(outsider)
    for scope in ("mine", "department", "leadership", "all"):
        assert numbers_in(client.get(LIST, {"scope": scope})) == []
    assert xlsx_rows(client.get(EXPORT, {"scope": "all"}))[1:] == []


def test_an_outsider_and_an_executor_may_not_put_instructions_on_control(client, outsider, executor):
    for user in (outsider, executor):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"text": "x"}).status_code == 403


def test_the_scope_never_widens_what_the_user_may_see(client, executor, finance_item, external_item):
    client.force_login(executor)
    response = client.get(LIST, {"scope": "all"})
    assert numbers_in(response) == [finance_item.number]


# --- lists ------------------------------------------------------------------------------------------


def test_my_instructions_show_what_the_user_executes_with_number_deadline_and_light(client, executor, finance_item):
    client.force_login(executor)
    response = client.get(LIST)
    assert response.context["scope"] == "mine"
    content = response.content.decode()
    assert finance_item.number in content
    assert "13.04.2026" in content
    assert 'class="light light-green"' in content
    assert "Executor" in content  # the lead executor's name
    assert "on control" in content


def test_the_default_view_follows_the_role(client, registrar, akim, deputy, department_head, executor, auditor):
    expected = {registrar: "all", akim: "all", auditor: "all", deputy: "leadership", department_head: "department"}
    expected[executor] = "mine"
    for user, scope in expected.items():
        client.force_login(user)
        assert client.get(LIST).context["scope"] == scope, user.username


def test_the_department_view_shows_the_items_of_the_heads_units(
    client, department_head, finance_item, external_item, make_item, org, registrar
):
    general_item = make_item(lead=registrar.person)
    client.force_login(department_head)
    numbers = numbers_in(client.get(LIST, {"scope": "department"}))
    assert numbers == [finance_item.number]
    assert general_item.number not in numbers


def test_the_leadership_view_shows_what_the_deputy_issued_or_supervises(
    client, deputy, finance_item, external_item, make_item, registrar
):
    not_supervised = make_item(lead=registrar.person)
    client.force_login(deputy)
    numbers = numbers_in(client.get(LIST, {"scope": "leadership"}))
    # finance is supervised by the deputy; the Aksu item was issued by the deputy
    assert sorted(numbers) == sorted([finance_item.number, external_item.number])
    assert not_supervised.number not in numbers


def test_the_general_department_sees_everything(client, registrar, finance_item, external_item):
    client.force_login(registrar)
    assert sorted(numbers_in(client.get(LIST))) == sorted([finance_item.number, external_item.number])


def test_search_finds_by_control_number_content_and_source(client, registrar, finance_item, external_item):
    client.force_login(registrar)
    assert numbers_in(client.get(LIST, {"q": "school roof"})) == [external_item.number]
    assert numbers_in(client.get(LIST, {"q": "apparatus meeting № 7"})) == [external_item.number]
    assert numbers_in(client.get(LIST, {"q": finance_item.number})) == [finance_item.number]


@pytest.mark.parametrize(
    "params, which",
    [
        ({"status": "reported"}, "finance"),
        ({"status": "on_control"}, "external"),
        ({"light": "blue"}, "finance"),
        ({"light": "green"}, "external"),
        ({"issuer": "deputy_akim"}, "external"),
        ({"source_kind": "protocol"}, "external"),
        ({"source_kind": "standalone"}, "finance"),
        ({"executor": "unit:EXTERNAL"}, "external"),
        ({"executor": "person:EXECUTOR"}, "finance"),
        ({"department": "FINANCE"}, "finance"),
        ({"lead": "unit:EXTERNAL"}, "external"),
        ({"lead": "person:EXECUTOR"}, "finance"),
        ({"issuer_person": "DEPUTY"}, "external"),
        ({"issuer_person": "AKIM"}, "finance"),
        ({"deadline_from": "2026-04-14"}, "external"),
        ({"deadline_to": "13.04.2026"}, "finance"),
        ({"received_from": "2026-03-17"}, "external"),
        ({"received_to": "2026-03-16"}, "finance"),
    ],
)
def test_each_filter_narrows_the_list(
    client, registrar, executor, org, finance_item, make_item, deputy, clock, params, which
):
    services.submit_report(finance_item, actor=executor, text="Done")  # blue: awaiting removal
    clock(datetime.date(2026, 3, 17))
    external = make_item(
        issuer=Issuer.DEPUTY_AKIM,
        issuer_person=deputy.person,
        lead=org.external,
        source_kind=SourceKind.PROTOCOL,
        received_on=datetime.date(2026, 3, 17),
        deadline=datetime.date(2026, 5, 15),
    )
    replacements = {
        "EXTERNAL": str(org.external.pk),
        "EXECUTOR": str(executor.person.pk),
        "FINANCE": str(org.finance.pk),
        "DEPUTY": str(deputy.person.pk),
        "AKIM": str(finance_item.issuer_person_id),
    }
    for key, value in params.items():
        for placeholder, real in replacements.items():
            value = value.replace(placeholder, real)
        params[key] = value
    client.force_login(registrar)
    expected = {"finance": finance_item, "external": external}[which]
    assert numbers_in(client.get(LIST, params)) == [expected.number]


def test_the_executor_filter_takes_co_executors_and_the_lead_filter_does_not(
    client, registrar, executor, department_head, make_item
):
    led = make_item()
    helped = make_item(lead=department_head.person, co_executors=[executor.person])
    client.force_login(registrar)
    assert sorted(numbers_in(client.get(LIST, {"executor": f"person:{executor.person.pk}"}))) == sorted(
        [led.number, helped.number]
    )
    assert numbers_in(client.get(LIST, {"lead": f"person:{executor.person.pk}"})) == [led.number]


def test_issued_by_no_named_official(client, registrar, make_item, finance_item):
    president = make_item(issuer=Issuer.PRESIDENT, issuer_person=None, external_deadline=datetime.date(2026, 5, 29))
    client.force_login(registrar)
    assert numbers_in(client.get(LIST, {"issuer_person": "none"})) == [president.number]
    assert numbers_in(client.get(LIST, {"issuer_person": str(finance_item.issuer_person_id)})) == [finance_item.number]


def test_the_light_filter_finds_overdue_and_close_deadlines(client, registrar, make_item, clock):
    overdue = make_item(received_on=datetime.date(2026, 3, 2), deadline=datetime.date(2026, 3, 13))
    close = make_item(deadline=thu_2026_03_19)
    later = make_item()
    client.force_login(registrar)
    assert numbers_in(client.get(LIST, {"light": "red"})) == [overdue.number]
    assert numbers_in(client.get(LIST, {"light": "yellow"})) == [close.number]
    assert numbers_in(client.get(LIST, {"light": "green"})) == [later.number]


def test_a_bad_filter_value_is_ignored_and_shown(client, registrar, finance_item):
    client.force_login(registrar)
    response = client.get(LIST, {"deadline_from": "not a date", "light": "purple"})
    assert response.status_code == 200
    assert numbers_in(response) == [finance_item.number]
    assert response.context["form"].errors.keys() == {"deadline_from", "light"}


def test_column_headers_sort_both_ways(client, registrar, make_item):
    first = make_item(text="Alpha", deadline=datetime.date(2026, 4, 30))
    second = make_item(text="Beta", deadline=datetime.date(2026, 4, 1))
    client.force_login(registrar)
    assert numbers_in(client.get(LIST)) == [second.number, first.number]  # deadline first
    assert numbers_in(client.get(LIST, {"sort": "-deadline"})) == [first.number, second.number]
    assert numbers_in(client.get(LIST, {"sort": "text"})) == [first.number, second.number]
    assert numbers_in(client.get(LIST, {"sort": "-number"})) == [second.number, first.number]
    content = client.get(LIST, {"sort": "deadline", "q": "a"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?sort=-deadline&amp;q=a" in content or "?q=a&amp;sort=-deadline" in content


def test_by_deadline_the_removed_items_come_after_the_open_ones(client, registrar, executor, akim, make_item):
    old = make_item(received_on=datetime.date(2026, 3, 2), deadline=datetime.date(2026, 3, 13))
    services.submit_report(old, actor=executor, text="Done")
    proposal = services.propose_removal(old, actor=registrar, memo="Done", ground="executed", assessment="executed")
    services.decide_removal(proposal, actor=akim, approve=True)
    current = make_item()
    client.force_login(registrar)
    assert numbers_in(client.get(LIST)) == [current.number, old.number]
    assert numbers_in(client.get(LIST, {"status": "open"})) == [current.number]


def test_the_list_has_50_rows_a_page(client, registrar, make_item):
    for _ in range(51):
        make_item()
    client.force_login(registrar)
    assert len(client.get(LIST).context["items"]) == 50
    second = client.get(LIST, {"page": 2})
    assert len(second.context["items"]) == 1
    assert "Page 2 of 2" in second.content.decode()


def _many_items(make_item, org, executor, deputy, department_head, count: int) -> None:
    """Items with varied leads (people and bodies), co-executors and issuers."""
    leads = [executor.person, org.external, department_head.person, org.finance]
    for index in range(count):
        extra = {"issuer": Issuer.DEPUTY_AKIM, "issuer_person": deputy.person} if index % 2 else {}
        make_item(lead=leads[index % len(leads)], co_executors=[org.general] if index % 3 == 0 else [], **extra)


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_a_bounded_number_of_queries(
    client, registrar, make_item, org, executor, deputy, department_head, count, django_assert_max_num_queries
):
    _many_items(make_item, org, executor, deputy, department_head, count)
    client.force_login(registrar)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST, {"scope": "all"})
    assert len(response.context["items"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_my_instructions_run_a_bounded_number_of_queries(
    client, executor, make_item, org, deputy, department_head, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_item()
    client.force_login(executor)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST, {"light": "green", "q": "heating"})
    assert len(response.context["items"]) == count


# --- export -----------------------------------------------------------------------------------------


def test_the_export_opens_in_excel_with_translated_headers_dates_and_only_visible_rows(
    client, executor, finance_item, external_item
):
    client.force_login(executor)
    response = client.get(EXPORT, {"scope": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="control-2026-03-16.xlsx"'
    rows = xlsx_rows(response)
    header = rows[0]
    assert header[0] == "Control number" and "Deadline" in header and "Lead executor" in header
    assert [row[0] for row in rows[1:]] == [finance_item.number]
    row = dict(zip(header, rows[1], strict=True))
    assert row["Deadline"] == datetime.datetime(2026, 4, 13)  # a real date cell
    assert row["Date received"] == datetime.datetime(2026, 3, 16)
    assert row["Lead executor"] == "Executor"
    assert row["Issued by"] == "Akim"


def test_the_export_applies_the_same_filters_as_the_list(client, registrar, finance_item, external_item):
    client.force_login(registrar)
    rows = xlsx_rows(client.get(EXPORT, {"q": "roof"}))
    assert [row[0] for row in rows[1:]] == [external_item.number]
    co = dict(zip(rows[0], rows[1], strict=True))
    assert co["Lead executor"] == "District education department"


# --- the item page ----------------------------------------------------------------------------------


def test_the_item_page_shows_everything_about_the_item(client, registrar, external_item):
    client.force_login(registrar)
    response = client.get(item_url(external_item))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Repair the school roof in Aksu" in content
    assert "Protocol of the apparatus meeting № 7" in content
    assert "Deputy" in content  # the issuer person
    assert "1 month from 16.03.2026, §12.2" in content  # how the deadline was set
    assert "16.04.2026" in content  # the deadline
    assert "District education department" in content
    assert "09.04.2026" in content  # executing body's report due, 5 working days before (§12.13)
    assert "put on control" in content  # the history
    assert 'class="light light-green"' in content


def test_the_source_is_a_link_when_the_source_object_has_a_page(client, registrar, make_item, org, monkeypatch):
    monkeypatch.setattr(OrgUnit, "get_absolute_url", lambda unit: f"/somewhere/{unit.pk}/", raising=False)
    item = make_item(source=org.finance, source_kind=SourceKind.INCOMING, source_label="№ 01-12/345 03.03.2026")
    client.force_login(registrar)
    content = client.get(item_url(item)).content.decode()
    assert f'<a href="/somewhere/{org.finance.pk}/">Incoming document № 01-12/345 03.03.2026</a>' in content
    assert "Incoming document: " not in content  # the kind is said once


def test_the_item_page_shows_the_external_deadline_next_to_the_internal_one(client, registrar, make_item):
    item = make_item(
        issuer=Issuer.PRESIDENT, issuer_person=None, deadline=None, external_deadline=datetime.date(2026, 4, 30)
    )
    client.force_login(registrar)
    content = client.get(item_url(item)).content.decode()
    assert 'data-testid="external-deadline">30.04.2026' in content
    assert "10 working days before 30.04.2026, §12.2" in content


def test_the_item_page_shows_whether_co_executors_met_their_date(client, registrar, department_head, make_item, clock):
    item = make_item(co_executors=[department_head.person])
    clock(datetime.date(2026, 4, 3))  # the part was due 02.04.2026
    services.submit_co_executor_part(item, actor=department_head, text="Our part is late")
    client.force_login(registrar)
    response = client.get(item_url(item))
    rows = {row.label: row for row in response.context["executors"]}
    assert rows["Department Head"].state == "late"
    assert rows["Executor"].row.is_lead
    assert "Our part is late" in response.content.decode()


def test_003_12_13_a_co_executor_sees_her_own_parts_state_not_the_items(
    client, executor, department_head, make_item, clock
):
    """003 §12.13: the co-executor's date (7 working days before the deadline), given or not, overdue or not — on
    the item page, in her list and on her dashboard — whatever the lead did with the item."""
    item = make_item(co_executors=[department_head.person])
    services.submit_report(item, actor=executor, text="Done")  # the lead reported: the item awaits removal
    clock(datetime.date(2026, 4, 3))  # her part was due 02.04.2026 and is not given
    client.force_login(department_head)

    part = client.get(item_url(item)).context["my_part"]
    assert (part.light, part.label, part.late) == ("red", "your part is overdue: it was due on 02.04.2026", True)
    listed = next(row for row in client.get(LIST, {"scope": "all"}).context["items"] if row.pk == item.pk)
    assert (listed.light, listed.light_label) == ("red", "your part is overdue: it was due on 02.04.2026")
    assert listed.status_label == "report submitted, awaiting removal"  # the item's own state beside it
    [(dashboard_item, dashboard_part)] = client.get(reverse("control:dashboard")).context["my_parts"]
    assert dashboard_item == item and dashboard_part.light == "red"

    services.submit_co_executor_part(item, actor=department_head, text="Our part")
    part = client.get(item_url(item)).context["my_part"]
    assert (part.light, part.label) == ("blue", "your part was given to the lead on 03.04.2026, late")
    # the lead sees the item's own light, not a part
    client.force_login(executor)
    assert client.get(item_url(item)).context["my_part"] is None


def test_the_executor_sees_exactly_the_lead_executors_actions(client, executor, finance_item):
    client.force_login(executor)
    forms = client.get(item_url(finance_item)).context["forms"]
    assert set(forms) == {"report", "extension", "redirect"}


def test_the_controller_sees_the_removal_form_and_the_akim_nothing_yet(client, registrar, akim, finance_item):
    client.force_login(registrar)
    assert set(client.get(item_url(finance_item)).context["forms"]) == {"removal"}
    client.force_login(akim)
    response = client.get(item_url(finance_item))
    assert response.context["forms"] == {}
    assert 'data-testid="no-actions"' in response.content.decode()


def test_a_removed_item_offers_no_action(client, executor, registrar, akim, finance_item):
    services.submit_report(finance_item, actor=executor, text="Done")
    proposal = services.propose_removal(
        finance_item, actor=registrar, memo="Executed", ground="executed", assessment="executed"
    )
    services.decide_removal(proposal, actor=akim, approve=True)
    for user in (executor, registrar, akim):
        client.force_login(user)
        assert client.get(item_url(finance_item)).context["forms"] == {}


def test_the_extension_form_is_replaced_by_a_note_after_the_last_day(client, executor, finance_item, clock):
    clock(datetime.date(2026, 4, 9))
    client.force_login(executor)
    response = client.get(item_url(finance_item))
    assert "extension" not in response.context["forms"]
    assert "08.04.2026" in response.context["actions"].extension_note


# --- actions through the page -----------------------------------------------------------------------


def test_the_lead_executor_submits_a_report_with_a_file(client, executor, finance_item, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(executor)
    upload = SimpleUploadedFile("справка.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(
        reverse("control:report", args=[finance_item.pk]),
        {"report-text": "Information sent", "report-outgoing_number": "01-15/77", "report-files": [upload]},
    )
    assert response.status_code == 302 and response["Location"] == item_url(finance_item)
    finance_item.refresh_from_db()
    assert finance_item.status == ControlItem.Status.REPORTED
    attachment = Attachment.objects.get()
    assert attachment.original_name == "справка.pdf"
    page = client.get(item_url(finance_item)).content.decode()
    assert "The execution report is submitted" in page
    assert reverse("attachment_download", args=[attachment.pk]) in page
    assert "01-15/77" in page


def test_a_report_without_text_keeps_what_was_typed(client, executor, finance_item):
    client.force_login(executor)
    response = client.post(
        reverse("control:report", args=[finance_item.pk]),
        {"report-text": "   ", "report-outgoing_number": "01-15/78"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="01-15/78"' in content
    assert "field-error" in content
    finance_item.refresh_from_db()
    assert finance_item.status == ControlItem.Status.ON_CONTROL


def test_a_file_of_a_refused_type_is_shown_next_to_the_field(client, executor, finance_item):
    client.force_login(executor)
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("control:report", args=[finance_item.pk]),
        {"report-text": "Done, see the file", "report-files": [upload]},
    )
    assert response.status_code == 200
    form = response.context["forms"]["report"]
    assert "files" in form.errors
    assert "Done, see the file" in response.content.decode()


def test_someone_who_is_not_the_lead_gets_403_when_posting_a_report(client, department_head, finance_item):
    client.force_login(department_head)  # sees the item (their department) but does not lead it
    response = client.post(reverse("control:report", args=[finance_item.pk]), {"report-text": "Done"})
    assert response.status_code == 403


def test_a_co_executor_gives_a_part_through_the_page(client, department_head, make_item):
    item = make_item(co_executors=[department_head.person])
    client.force_login(department_head)
    assert "part" in client.get(item_url(item)).context["forms"]
    response = client.post(reverse("control:part", args=[item.pk]), {"part-text": "Our part"})
    assert response.status_code == 302
    assert item.executors.get(is_lead=False).report_text == "Our part"


def test_an_extension_is_asked_and_granted_through_the_pages(client, executor, akim, finance_item):
    client.force_login(executor)
    response = client.post(
        reverse("control:extension_request", args=[finance_item.pk]),
        {"extension-new_deadline": "2026-04-30", "extension-reason": "Waiting for the oblast data"},
    )
    assert response.status_code == 302
    request = finance_item.extension_requests.get()
    assert request.status == Decision.PENDING

    client.force_login(akim)
    page = client.get(item_url(finance_item))
    assert page.context["forms"].keys() == {"decide_extension"}
    assert "Waiting for the oblast data" in page.content.decode()
    response = client.post(
        reverse("control:extension_decide", args=[finance_item.pk, request.pk]),
        {"decide-extension-decision": "approve"},
    )
    assert response.status_code == 302
    finance_item.refresh_from_db()
    assert finance_item.deadline == datetime.date(2026, 4, 30)
    assert "30.04.2026" in client.get(item_url(finance_item)).content.decode()


def test_an_earlier_new_deadline_is_refused_and_the_reason_is_kept(client, executor, finance_item):
    client.force_login(executor)
    response = client.post(
        reverse("control:extension_request", args=[finance_item.pk]),
        {"extension-new_deadline": "2026-04-01", "extension-reason": "Waiting for the oblast data"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["extension"]
    assert "new_deadline" in form.errors
    content = response.content.decode()
    assert "Waiting for the oblast data" in content
    assert 'value="2026-04-01"' in content
    assert not finance_item.extension_requests.exists()


def test_refusing_an_extension_without_a_reason_keeps_the_page(client, executor, akim, finance_item):
    request = services.request_extension(
        finance_item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30)
    )
    client.force_login(akim)
    response = client.post(
        reverse("control:extension_decide", args=[finance_item.pk, request.pk]),
        {"decide-extension-decision": "refuse", "decide-extension-comment": "  "},
    )
    assert response.status_code == 200
    assert "comment" in response.context["forms"]["decide_extension"].errors
    request.refresh_from_db()
    assert request.status == Decision.PENDING


def test_a_deputy_cannot_decide_an_extension_through_the_page(client, executor, deputy, finance_item):
    request = services.request_extension(
        finance_item, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30)
    )
    client.force_login(deputy)
    assert "decide_extension" not in client.get(item_url(finance_item)).context["forms"]
    response = client.post(
        reverse("control:extension_decide", args=[finance_item.pk, request.pk]),
        {"decide-extension-decision": "approve"},
    )
    assert response.status_code == 403


def test_a_decision_on_another_items_request_is_404(client, executor, akim, finance_item, make_item):
    other = make_item()
    request = services.request_extension(other, actor=executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    client.force_login(akim)
    response = client.post(
        reverse("control:extension_decide", args=[finance_item.pk, request.pk]),
        {"decide-extension-decision": "approve"},
    )
    assert response.status_code == 404


def test_a_redirect_is_asked_and_decided_through_the_pages(client, executor, akim, finance_item, org, clock):
    clock(thu_2026_03_19)
    client.force_login(executor)
    response = client.post(
        reverse("control:redirect_request", args=[finance_item.pk]),
        {"redirect-memo": "The rural akim is competent", "redirect-proposed_unit": str(org.external.pk)},
    )
    assert response.status_code == 302
    request = finance_item.redirect_requests.get()
    client.force_login(akim)
    page = client.get(item_url(finance_item))
    assert page.context["forms"]["decide_redirect"].initial["new_lead"] == f"unit:{org.external.pk}"
    response = client.post(
        reverse("control:redirect_decide", args=[finance_item.pk, request.pk]),
        {"decide-redirect-decision": "approve", "decide-redirect-new_lead": f"unit:{org.external.pk}"},
    )
    assert response.status_code == 302
    assert finance_item.executors.get(is_lead=True).unit == org.external


def test_a_redirect_without_a_memo_keeps_the_chosen_unit(client, executor, finance_item, org):
    client.force_login(executor)
    response = client.post(
        reverse("control:redirect_request", args=[finance_item.pk]),
        {"redirect-memo": "", "redirect-proposed_unit": str(org.external.pk)},
    )
    assert response.status_code == 200
    assert f'<option value="{org.external.pk}" selected>' in response.content.decode()


def test_removal_is_proposed_and_decided_through_the_pages(client, executor, registrar, akim, finance_item):
    services.submit_report(finance_item, actor=executor, text="Done")
    client.force_login(registrar)
    response = client.post(
        reverse("control:removal_propose", args=[finance_item.pk]),
        {"removal-ground": "executed", "removal-assessment": "executed", "removal-memo": "Executed in full"},
    )
    assert response.status_code == 302
    proposal = finance_item.removal_proposals.get()
    client.force_login(akim)
    assert set(client.get(item_url(finance_item)).context["forms"]) == {"decide_removal"}
    response = client.post(
        reverse("control:removal_decide", args=[finance_item.pk, proposal.pk]), {"decide-removal-decision": "approve"}
    )
    assert response.status_code == 302
    finance_item.refresh_from_db()
    assert finance_item.status == ControlItem.Status.REMOVED
    page = client.get(item_url(finance_item)).content.decode()
    assert "The instruction is removed from control." in page
    assert [entry.action for entry in history_for(finance_item)][-1] == "removed_from_control"


def test_12_14_the_department_head_brings_the_memo_the_curator_agrees_the_head_of_apparatus_decides_on_the_pages(
    client, executor, department_head, head_of_apparatus, akim, org, finance_item
):
    """003 §12.14 through the item page: memo by the head of the executing department, the curating deputy head of
    apparatus agrees (or not, with a reason kept on the page), then the head of apparatus decides."""
    curator = make_person("deputy_head_of_apparatus", unit=org.leadership)
    org.finance.curator = curator
    org.finance.save(update_fields=["curator"])
    services.submit_report(finance_item, actor=executor, text="Done")
    client.force_login(department_head)
    assert "removal" in client.get(item_url(finance_item)).context["forms"]
    response = client.post(
        reverse("control:removal_propose", args=[finance_item.pk]),
        {"removal-ground": "executed", "removal-assessment": "executed", "removal-memo": "Executed in full"},
        follow=True,
    )
    assert "sent to the curating deputy head of apparatus to agree (§12.14)" in response.content.decode()
    proposal = finance_item.removal_proposals.get()
    client.force_login(head_of_apparatus)  # nothing to decide before the visa
    assert "decide_removal" not in client.get(item_url(finance_item)).context["forms"]
    response = client.post(
        reverse("control:removal_decide", args=[finance_item.pk, proposal.pk]), {"decide-removal-decision": "approve"}
    )
    assert response.status_code == 200 and "has not agreed the memo yet" in response.content.decode()

    client.force_login(curator.user)
    assert set(client.get(item_url(finance_item)).context["forms"]) == {"agree_removal"}
    url = reverse("control:removal_agree", args=[finance_item.pk, proposal.pk])
    response = client.post(url, {"agree-removal-decision": "refuse", "agree-removal-comment": ""})
    assert response.status_code == 200 and "Give the reason for not agreeing." in response.content.decode()
    assert client.post(url, {"agree-removal-decision": "approve"}).status_code == 302

    client.force_login(head_of_apparatus)
    assert set(client.get(item_url(finance_item)).context["forms"]) == {"decide_removal"}
    response = client.post(
        reverse("control:removal_decide", args=[finance_item.pk, proposal.pk]), {"decide-removal-decision": "approve"}
    )
    assert response.status_code == 302
    finance_item.refresh_from_db()
    assert finance_item.status == ControlItem.Status.REMOVED
    page = client.get(item_url(finance_item)).content.decode()
    assert 'data-testid="proposal-visa"' in page and curator.full_name in page


def test_12_14_a_stranger_may_not_agree_a_memo(client, executor, department_head, org, finance_item):
    curator = make_person("deputy_head_of_apparatus", unit=org.leadership)
    org.finance.curator = curator
    org.finance.save(update_fields=["curator"])
    services.submit_report(finance_item, actor=executor, text="Done")
    proposal = services.propose_removal(
        finance_item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    client.force_login(department_head)
    url = reverse("control:removal_agree", args=[finance_item.pk, proposal.pk])
    assert client.post(url, {"agree-removal-decision": "approve"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.visa == "pending"


def test_a_removal_proposal_without_grounds_keeps_the_memo(client, registrar, finance_item):
    client.force_login(registrar)
    response = client.post(
        reverse("control:removal_propose", args=[finance_item.pk]),
        {"removal-ground": "executed", "removal-assessment": "", "removal-memo": "Executed in full, see report"},
    )
    assert response.status_code == 200
    form = response.context["forms"]["removal"]
    # not reported yet, and no assessment: both come back from the service next to their fields
    assert {"ground", "assessment"} <= form.errors.keys()
    content = response.content.decode()
    assert "Executed in full, see report" in content
    assert '<option value="executed" selected>' in content


# --- putting a standalone instruction on control ----------------------------------------------------


@pytest.fixture
def create_data(akim, executor, org, department_head, clock):
    return {
        "text": "Prepare the heating season plan",
        "issuer": Issuer.AKIM,
        "issuer_person": str(akim.person.pk),
        "lead": f"person:{executor.person.pk}",
        "co_executors": [f"unit:{org.external.pk}", f"person:{department_head.person.pk}"],
        "controller": str(org.general.pk),
        "received_on": "2026-03-16",
        "given_on": "13.03.2026",
        "event": "apparatus meeting",
        "urgency": "",
        "deadline": "",
        "external_deadline": "",
        "periodicity": "",
    }


def test_the_registrar_puts_a_standalone_instruction_on_control(client, registrar, executor, org, create_data):
    client.force_login(registrar)
    form = client.get(CREATE).context["form"]
    assert form.initial["received_on"] == mon_2026_03_16
    assert form.initial["controller"] == org.general
    response = client.post(CREATE, create_data)
    item = ControlItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item_url(item)
    assert item.source_kind == SourceKind.STANDALONE
    assert item.given_on == datetime.date(2026, 3, 13)
    assert item.deadline == datetime.date(2026, 4, 16)  # one month from receipt (§12.2)
    assert item.executors.count() == 3
    assert item.executors.get(is_lead=True).person == executor.person
    # stored in no language: the issuer is put in front when shown, in the reader's language
    assert item.source_label == "Akim, apparatus meeting, 13.03.2026"
    assert item.source_display == "Akim Akim, apparatus meeting, 13.03.2026"
    assert f"Instruction № {item.number} is on control" in client.get(item_url(item)).content.decode()


def test_the_source_of_an_item_put_on_control_in_english_reads_in_kazakh_to_a_kazakh_reader(
    client, registrar, create_data
):
    """#12, 003 §12.4: the kind of source and the issuer are words of the reader's language (item page, list,
    weekly list page and PDF), not of whoever put the item on control; only names, numbers and dates are stored."""
    client.force_login(registrar)
    client.post(CREATE, create_data | {"event": ""})
    item = ControlItem.objects.get()
    assert item.source_label == "Akim, 13.03.2026"
    registrar.person.preferred_language = "kk"
    registrar.person.save(update_fields=["preferred_language"])
    weekly = reverse("control:control_reports:weekly_list") + "?week=2026-03-16"
    pages = {
        "item": client.get(item_url(item)).content.decode(),
        "list": client.get(LIST).content.decode(),
        "weekly": client.get(weekly).content.decode(),
    }
    assert "Басшылықтың тапсырмасы: Әкім Akim, 13.03.2026" in pages["item"]
    for name, content in pages.items():
        assert "Әкім Akim, 13.03.2026" in content, name
        assert "Akim Akim" not in content and "nstruction of the leadership" not in content, name
    pdf = client.get(weekly + "&format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_item_from_a_resolution_names_the_document_kind_in_the_readers_language(make_item, org):
    """#12: "№ 01-12/1 16.03.2026, Abenov N." is stored; the kind word comes in each language when shown."""
    item = make_item(source_kind=SourceKind.INCOMING, source_label="№ 01-12/1 16.03.2026, Abenov N.")
    with translation.override("kk"):
        assert item.source_display == "Кіріс құжат № 01-12/1 16.03.2026, Abenov N."
    with translation.override("ru"):
        assert item.source_display == "Входящий документ № 01-12/1 16.03.2026, Abenov N."
    with translation.override("en"):
        assert item.source_display == "Incoming document № 01-12/1 16.03.2026, Abenov N."


def test_the_org_department_may_create_too(client, org, create_data):
    from akimat.roles import Role

    inspector = make_person("inspector", unit=org.apparatus, roles=(Role.ORG_DEPARTMENT,)).user
    client.force_login(inspector)
    assert client.get(CREATE).status_code == 200
    assert client.post(CREATE, create_data).status_code == 302


def test_a_missing_issuer_person_keeps_everything_typed(client, registrar, create_data):
    client.force_login(registrar)
    create_data["issuer_person"] = ""
    response = client.post(CREATE, create_data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "issuer_person" in form.errors  # from the service, next to its field
    content = response.content.decode()
    assert "Prepare the heating season plan" in content
    assert 'value="apparatus meeting"' in content
    assert 'value="13.03.2026"' in content or 'value="2026-03-13"' in content
    assert content.count(" selected>") >= 4  # issuer, lead, two co-executors, controller stay chosen
    assert not ControlItem.objects.exists()


def test_a_deadline_before_receipt_is_refused_with_the_input_kept(client, registrar, create_data):
    client.force_login(registrar)
    create_data["deadline"] = "2026-03-10"
    response = client.post(CREATE, create_data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="2026-03-10"' in response.content.decode()


def test_the_lead_cannot_be_a_co_executor(client, registrar, executor, create_data):
    client.force_login(registrar)
    create_data["co_executors"] = [f"person:{executor.person.pk}"]
    response = client.post(CREATE, create_data)
    assert "co_executors" in response.context["form"].errors


def test_an_instruction_of_a_higher_body_gets_its_internal_deadline(client, registrar, create_data):
    client.force_login(registrar)
    create_data.update(issuer=Issuer.PRESIDENT, issuer_person="", external_deadline="2026-04-30")
    client.post(CREATE, create_data)
    item = ControlItem.objects.get()
    assert item.external_deadline == datetime.date(2026, 4, 30)
    assert item.deadline == datetime.date(2026, 4, 16)  # 10 working days before (§12.2)


def test_the_cached_total_follows_new_items_and_grants(client, make_item, outsider, registrar):
    """The list's total comes from the versioned cache: a new item or a grant by name shows at once."""
    first = make_item()
    client.force_login(outsider)
    assert client.get(reverse("control:list"), {"scope": "all"}).context["page"].paginator.count == 0
    permissions.grant_view(outsider, first)
    assert client.get(reverse("control:list"), {"scope": "all"}).context["page"].paginator.count == 1

    client.force_login(registrar)
    assert client.get(reverse("control:list"), {"scope": "all"}).context["page"].paginator.count == 1
    make_item(text="Second instruction")
    response = client.get(reverse("control:list"), {"scope": "all", "page": "1"})
    assert response.context["page"].paginator.count == 2
    assert len(numbers_in(response)) == 2


def test_the_filters_offer_people_as_they_are_now(client, registrar, org):
    """The people and units of the filters are cached; a new person, a renamed unit and a deactivated
    user show on the next page, and a sign-in (which saves last_login) does not empty the cache."""
    from control.queries import data_version

    client.force_login(registrar)
    content = client.get(reverse("control:list")).content.decode()
    assert "Newcomer Person" not in content
    newcomer = make_person("newcomer_person", unit=org.finance)
    org.finance.name_en = "Budget office"
    org.finance.save()
    content = client.get(reverse("control:list")).content.decode()
    assert f'<option value="person:{newcomer.pk}">Newcomer Person — Budget office</option>' in content
    assert f'<option value="{org.finance.pk}">Budget office</option>' in content

    newcomer.user.is_active = False
    newcomer.user.save()
    assert f'value="person:{newcomer.pk}"' not in client.get(reverse("control:list")).content.decode()

    version = data_version()
    client.force_login(registrar)  # saves last_login only
    assert data_version() == version
