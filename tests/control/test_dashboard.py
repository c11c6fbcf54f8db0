"""The control dashboard: traffic-light totals and counts per lead, department, issuer and source (SPEC §5)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from akimat.models import OrgUnit
from control import services
from control.models import Issuer, SourceKind
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("control:dashboard")
# session, user, principals and roles, five counting queries, two for names, the bell, the co-executor's parts
DASHBOARD_QUERIES = 16


@pytest.fixture
def items(make_item, executor, deputy, org, clock, registrar, akim):
    """Five items of different lights, leads, issuers and sources (clock: Monday 16 March 2026).

    The executor is also a co-executor of the education department's item: counted by lead only.
    """
    education = make_unit("District education department", kind=OrgUnit.Kind.EXECUTING_BODY)
    overdue = make_item(
        received_on=datetime.date(2026, 3, 2), deadline=datetime.date(2026, 3, 13), co_executors=[education]
    )
    close = make_item(deadline=datetime.date(2026, 3, 19))
    green = make_item(
        lead=education,
        co_executors=[executor.person],
        issuer=Issuer.DEPUTY_AKIM,
        issuer_person=deputy.person,
        source_kind=SourceKind.PROTOCOL,
    )
    reported = make_item()
    services.submit_report(reported, actor=executor, text="Done")
    executed = make_item()
    services.submit_report(executed, actor=executor, text="Done")
    proposal = services.propose_removal(
        executed, actor=registrar, memo="Done", ground="executed", assessment="executed"
    )
    services.decide_removal(proposal, actor=akim, approve=True)
    return {
        "red": overdue,
        "yellow": close,
        "green": green,
        "blue": reported,
        "grey": executed,
        "education": education,
    }


def section(response, key: str) -> dict[str, object]:
    """The rows of one dashboard table by label."""
    for name, _title, _column, rows in response.context["sections"]:
        if name == key:
            return {row.label: row for row in rows}
    raise KeyError(key)


def list_numbers(client, url: str) -> list[str]:
    return sorted(item.number for item in client.get(url).context["items"])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    for url in (DASHBOARD, reverse("control:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_outsider_sees_only_zeros_and_no_names(client, outsider, items):
    client.force_login(outsider)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["totals"].total == 0
    assert all(not rows for _key, _title, _column, rows in response.context["sections"])
    assert "Executor" not in response.content.decode()


def test_the_module_start_page_is_the_dashboard(client, registrar, items):
    client.force_login(registrar)
    response = client.get(reverse("control:index"))
    assert response.status_code == 200
    assert response.context["totals"].total == 5
    assert reverse("control:list") in response.content.decode()


def test_the_totals_count_each_light(client, registrar, items):
    client.force_login(registrar)
    totals = client.get(DASHBOARD).context["totals"]
    assert {cell.light: cell.count for cell in totals.cells} == {
        "red": 1,
        "yellow": 1,
        "green": 1,
        "blue": 1,
        "grey": 1,
    }
    assert totals.total == 5


def test_003_12_14_a_reported_item_is_blue_and_only_a_removed_one_is_grey_executed(client, registrar, items):
    """003 §12.9, §12.14: "executed" (grey) once removed from control; until then "report submitted, awaiting
    removal" (blue) — the same words as the item's status and the document's."""
    client.force_login(registrar)
    response = client.get(reverse("control:list"), {"scope": "all", "light": "blue"})
    assert [item.number for item in response.context["items"]] == [items["blue"].number]
    row = response.context["items"][0]
    assert row.light_label == row.status_label == "report submitted, awaiting removal"
    response = client.get(reverse("control:list"), {"scope": "all", "light": "grey"})
    assert [item.number for item in response.context["items"]] == [items["grey"].number]
    assert response.context["items"][0].light_label == "executed"


def test_each_total_opens_the_list_with_the_same_items(client, registrar, items):
    client.force_login(registrar)
    totals = client.get(DASHBOARD).context["totals"]
    for cell in totals.cells:
        assert list_numbers(client, cell.url) == [items[cell.light].number]
    assert len(list_numbers(client, totals.total_url)) == 5


def test_counts_per_lead_executor_link_to_their_list(client, registrar, items):
    client.force_login(registrar)
    rows = section(client.get(DASHBOARD), "lead")
    executor_row = rows["Executor"]
    assert executor_row.total == 4
    assert executor_row.count("red") == 1 and executor_row.count("green") == 0
    red = next(cell for cell in executor_row.cells if cell.light == "red")
    assert parse_qs(urlsplit(red.url).query)["light"] == ["red"]
    assert list_numbers(client, red.url) == [items["red"].number]
    body = rows["District education department"]
    assert (body.total, body.count("green")) == (1, 1)
    assert list_numbers(client, body.total_url) == [items["green"].number]


def test_an_issuer_without_a_named_official_has_its_own_row(client, registrar, make_item, items):
    president = make_item(issuer=Issuer.PRESIDENT, issuer_person=None, external_deadline=datetime.date(2026, 5, 29))
    client.force_login(registrar)
    issuers = section(client.get(DASHBOARD), "issuer")
    assert list_numbers(client, issuers["President"].total_url) == [president.number]
    assert len(list_numbers(client, issuers["Akim: Akim"].total_url)) == 4


def test_counts_per_department_issuer_and_source(client, registrar, items, org):
    client.force_login(registrar)
    response = client.get(DASHBOARD)
    departments = section(response, "department")
    assert departments["Finance department"].total == 4
    assert departments["District education department"].total == 1
    issuers = section(response, "issuer")
    assert issuers["Akim: Akim"].total == 4
    assert issuers["Deputy akim: Deputy"].total == 1
    assert list_numbers(client, issuers["Deputy akim: Deputy"].total_url) == [items["green"].number]
    sources = section(response, "source")
    assert sources["Protocol instruction"].total == 1
    assert sources["Instruction of the leadership"].total == 4
    finance_red = next(cell for cell in departments["Finance department"].cells if cell.light == "red")
    assert list_numbers(client, finance_red.url) == [items["red"].number]


def test_the_most_pressing_rows_come_first(client, registrar, items):
    client.force_login(registrar)
    labels = list(section(client.get(DASHBOARD), "lead"))
    assert labels[0] == "Executor"  # the one with an overdue item


def test_an_executor_counts_only_the_items_they_execute(client, executor, items, make_item):
    make_item(lead=items["education"])  # nothing to do with the executor
    client.force_login(executor)
    totals = client.get(DASHBOARD).context["totals"]
    assert totals.total == 5  # four as the lead, one as a co-executor


def test_the_period_narrows_the_counts_and_is_kept_in_the_links(client, registrar, items):
    client.force_login(registrar)
    response = client.get(DASHBOARD, {"received_from": "2026-03-16"})
    totals = response.context["totals"]
    assert totals.total == 4  # the overdue one was received on 02.03.2026
    assert "received_from=2026-03-16" in totals.total_url
    assert len(list_numbers(client, totals.total_url)) == 4


@pytest.mark.parametrize("count", [1, 50])
def test_the_dashboard_runs_a_bounded_number_of_queries(
    client, registrar, make_item, org, executor, department_head, deputy, count, django_assert_max_num_queries
):
    leads = [executor.person, org.external, department_head.person, org.finance]
    for index in range(count):
        extra = {"issuer": Issuer.DEPUTY_AKIM, "issuer_person": deputy.person} if index % 2 else {}
        make_item(lead=leads[index % len(leads)], **extra)
    client.force_login(registrar)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(DASHBOARD)
    assert response.context["totals"].total == count


def test_cached_counts_are_recomputed_after_any_change_of_an_item(make_item, executor, registrar):
    from control.queries import cached_counts

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_counts(["test"], compute) == 1
    assert cached_counts(["test"], compute) == 1  # served from the cache
    make_item()
    assert cached_counts(["test"], compute) == 2  # the new item made the cached counts stale
