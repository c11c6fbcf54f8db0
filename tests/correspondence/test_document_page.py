"""The document page: fields, files, routing, resolutions with control, execution card, answers, approvals,
history, the workflow actions — for those who may see the document, in a bounded number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from akimat import history
from akimat.models import Visa
from correspondence.models import Delivery, Document, ExecutionCard
from tests.correspondence.test_journals import (
    ALMATY,
    make_attachment,
    make_correspondent,
    make_document,
    make_resolution,
)


@pytest.fixture
def pinned():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ALMATY), tick=False):
        yield


def page_url(document: Document) -> str:
    return reverse("correspondence:document", args=[document.pk])


@pytest.fixture
def incoming(registrar, org):
    return make_document(
        registrar,
        number="01-12/345",
        correspondent=make_correspondent("Управление энергетики области"),
        their_number="12-3/45",
        their_date=datetime.date(2026, 3, 12),
        signatory="Сейтказиев Б.",
        signatory_position="руководитель",
        addressee=Document.Addressee.AKIM,
        channel=Document.Channel.EDMS,
        sheets=4,
        attachments_count=2,
        urgency="urgent",
    )


def test_an_outsider_gets_404_and_an_anonymous_visitor_the_login(client, incoming, outsider):
    assert client.get(page_url(incoming)).status_code == 302
    client.force_login(outsider)
    assert client.get(page_url(incoming)).status_code == 404
    assert client.get(reverse("correspondence:document", args=[999_999])).status_code == 404


def test_the_page_shows_the_registration_fields(client, registrar, incoming, pinned):
    client.force_login(registrar)

    response = client.get(page_url(incoming))

    assert response.status_code == 200
    fields = {row.label: row.value for row in response.context["doc"].fields}
    assert fields["Registration number"] == "01-12/345"
    assert fields["Registration date"] == "16.03.2026"
    assert fields["Correspondent"] == "Управление энергетики области"
    assert fields["Their outgoing number"] == "12-3/45"
    assert fields["Their outgoing date"] == "12.03.2026"
    assert fields["Signatory"] == "Сейтказиев Б., руководитель"
    assert fields["Number of sheets"] == "4"
    assert fields["Received at"] == "16.03.2026 09:00"
    html = response.content.decode()
    assert "О подготовке к отопительному сезону" in html
    assert reverse("correspondence:card", args=[incoming.pk]) + "?lang=kk" in html


def test_files_are_listed_with_download_links(client, registrar, incoming):
    attachment = make_attachment(incoming, "скан-письма.pdf", registrar)
    client.force_login(registrar)

    html = client.get(page_url(incoming)).content.decode()

    assert reverse("attachment_download", args=[attachment.pk]) in html
    assert "скан-письма.pdf" in html


def test_routing_highlights_a_delivery_not_received_in_time(client, registrar, akim, deputy, incoming, pinned):
    sent = datetime.datetime(2026, 3, 12, 10, tzinfo=ALMATY)
    late = Delivery.objects.create(
        document=incoming, person=akim.person, sent_at=sent, due_by=datetime.date(2026, 3, 13)
    )
    Delivery.objects.create(
        document=incoming, person=deputy.person, sent_at=sent, due_by=datetime.date(2026, 3, 13),
        received_at=datetime.datetime(2026, 3, 12, 15, tzinfo=ALMATY), is_copy=True,
    )  # fmt: skip
    client.force_login(registrar)

    response = client.get(page_url(incoming))

    rows = response.context["doc"].deliveries
    assert [(row.delivery.person.pk, row.overdue) for row in rows] == [
        (akim.person.pk, True),
        (deputy.person.pk, False),
    ]
    assert response.content.decode().count('data-overdue="true"') == 1
    assert late.pk


def test_resolutions_form_a_tree_with_the_lead_and_the_traffic_light(
    client, registrar, akim, deputy, executor, department_head, incoming, pinned
):
    # given: the akim to the deputy, the deputy to the department (a chain of resolutions)
    top = make_resolution(incoming, akim.person, registrar, executors=[deputy.person], text="Орынбасарға")
    make_resolution(
        incoming, deputy.person, registrar, parent=top, executors=[department_head.person, executor.person],
        deadline=datetime.date(2026, 3, 18), control=True, text="Отделу финансов подготовить ответ",
    )  # fmt: skip
    client.force_login(registrar)

    # when
    response = client.get(page_url(incoming))

    # then
    nodes = response.context["doc"].resolutions
    assert [(node.resolution.text, node.depth) for node in nodes] == [
        ("Орынбасарға", 0),
        ("Отделу финансов подготовить ответ", 1),
    ]
    assert [(e.person.pk, e.is_lead) for e in nodes[1].executors] == [
        (department_head.person.pk, True),
        (executor.person.pk, False),
    ]
    assert nodes[1].light == "yellow"  # 2 working days left
    html = response.content.decode()
    assert 'data-testid="control-item"' in html
    assert "light-yellow" in html
    assert reverse("control:item", args=[nodes[1].resolution.control_item_id]) in html


def test_execution_card_and_linked_answers(client, registrar, executor, incoming, pinned):
    answer = make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/9", answers=incoming)
    ExecutionCard.objects.create(
        document=incoming, executor=executor.person, result="Ответ направлен", answer_number="02-1/9",
        answer=answer, filled_by=registrar, filled_at=datetime.datetime(2026, 3, 16, 9, tzinfo=ALMATY),
    )  # fmt: skip
    client.force_login(registrar)

    response = client.get(page_url(incoming))
    back = client.get(page_url(answer))

    doc = response.context["doc"]
    assert doc.answered_by == [answer]
    assert doc.card_answer == answer
    assert 'data-testid="execution-card"' in response.content.decode()
    assert back.context["doc"].answers == incoming


def test_an_answer_the_user_may_not_see_is_not_linked(client, registrar, akim, executor, incoming, pinned):
    # given: the executor sees the incoming letter, not the outgoing answer of another department
    make_resolution(incoming, akim.person, registrar, executors=[executor.person])
    make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/9", answers=incoming)
    client.force_login(executor)

    response = client.get(page_url(incoming))

    assert response.status_code == 200
    assert response.context["doc"].answered_by == []


def test_approvals_of_an_outgoing_document(client, registrar, department_head, deputy, org):
    draft = make_document(registrar, kind=Document.Kind.OUTGOING, number="02-1/10")
    Visa.objects.create(subject=draft, approver=department_head.person, position=1,
                        decision=Visa.Decision.AGREED)  # fmt: skip
    Visa.objects.create(subject=draft, approver=deputy.person, position=2, decision=Visa.Decision.RETURNED,
                        comment="Уточнить сумму")  # fmt: skip
    client.force_login(registrar)

    response = client.get(page_url(draft))

    assert [a.approver_id for a in response.context["doc"].approvals] == [department_head.person.pk, deputy.person.pk]
    assert "Уточнить сумму" in response.content.decode()


def test_the_history_is_shown(client, registrar, incoming):
    history.record(incoming, "registered", actor=registrar, to_state=Document.Status.REGISTERED)
    client.force_login(registrar)

    response = client.get(page_url(incoming))

    assert [entry.action for entry in response.context["doc"].history] == ["registered"]
    assert "history-table" in response.content.decode()


def test_the_addressee_opening_the_page_is_recorded_once_9_10(client, registrar, akim, incoming):
    """The journal shows when each addressee received and opened the document (003 §9.10)."""
    sent = datetime.datetime(2026, 3, 16, 10, tzinfo=ALMATY)
    delivery = Delivery.objects.create(document=incoming, person=akim.person, sent_at=sent, due_by=sent.date())
    client.force_login(registrar)
    client.get(page_url(incoming))
    delivery.refresh_from_db()
    assert delivery.opened_at is None  # the registrar is not an addressee

    client.force_login(akim)
    with time_machine.travel(datetime.datetime(2026, 3, 16, 11, 30, tzinfo=ALMATY), tick=False):
        client.get(page_url(incoming))
    with time_machine.travel(datetime.datetime(2026, 3, 17, 9, 0, tzinfo=ALMATY), tick=False):
        client.get(page_url(incoming))

    delivery.refresh_from_db()
    assert delivery.opened_at == datetime.datetime(2026, 3, 16, 11, 30, tzinfo=ALMATY)
    assert delivery.received_at == delivery.opened_at


def test_the_addressee_finds_the_resolution_form_on_the_page(client, akim, incoming):
    sent = datetime.datetime(2026, 3, 16, 10, tzinfo=ALMATY)
    Delivery.objects.create(document=incoming, person=akim.person, sent_at=sent, due_by=sent.date())
    client.force_login(akim)

    response = client.get(page_url(incoming))

    assert "correspondence/_document_actions.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'data-testid="action-resolution"' in html
    assert reverse("correspondence:resolve", args=[incoming.pk]) in html


def _fill(document, registrar, akim, deputy, executor, count: int) -> None:
    sent = datetime.datetime(2026, 3, 16, 10, tzinfo=ALMATY)
    people = [akim.person, deputy.person, executor.person]
    for i in range(count):
        make_resolution(document, akim.person, registrar, executors=[executor.person, deputy.person],
                        deadline=datetime.date(2026, 4, 1), control=True)  # fmt: skip
        make_attachment(document, f"file-{i}.pdf", registrar)
        make_document(registrar, kind=Document.Kind.OUTGOING, number=f"02-1/{i}", answers=document)
        history.record(document, "routed", actor=registrar)
        if i < len(people):
            Delivery.objects.create(
                document=document, person=people[i], sent_at=sent, due_by=datetime.date(2026, 3, 17)
            )


@pytest.mark.parametrize("rows", [1, 20])
def test_the_page_runs_a_bounded_number_of_queries(
    client, registrar, akim, deputy, executor, incoming, rows, django_assert_max_num_queries, pinned
):
    """The whole page — fields, parts, the workflow actions and the opened mark — whatever the rows."""
    _fill(incoming, registrar, akim, deputy, executor, rows)
    client.force_login(registrar)
    client.get(page_url(incoming))  # warm the calendar and regulation caches

    with django_assert_max_num_queries(30):
        response = client.get(page_url(incoming))

    assert len(response.context["doc"].resolutions) == rows
    assert len(response.context["doc"].answered_by) == rows
