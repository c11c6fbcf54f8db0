"""Screens of the workflow: action views, the document's action forms, new drafts, my work."""

# ruff: noqa: F811  (pytest fixtures imported from test_resolutions are redefined as arguments)

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from control.models import ControlItem
from correspondence.models import Document, Resolution
from correspondence.services import outgoing
from correspondence.services.workflow import issue_resolution
from correspondence.views.workflow import document_actions
from tests.correspondence.test_resolutions import (  # noqa: F401  (fixtures)
    clock,
    correspondent,
    incoming,
    make_incoming,
    mon_2026_04_13,
)

DOCUMENT_ACTIONS = (
    "resolve",
    "resolve_on_paper",
    "acknowledge",
    "execution_card",
    "accept_answer",
    "propose_removal",
    "send_for_approval",
    "sign",
    "check",
    "dispatch",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(clock, executor, deputy, correspondent):
    return outgoing.create_outgoing(
        actor=executor,
        recipients=[correspondent],
        summary="On the heating season",
        body="Text",
        attachments_listed=0,
        signer=deputy.person,
        language="kk",
    )


def _actions_of(user, document) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    document.refresh_from_db()
    return [action.name for action in document_actions(request, document)["workflow"].actions]


def test_anonymous_users_are_sent_to_the_login_page(client, incoming):
    urls = [reverse(f"correspondence:{name}", args=[incoming.pk]) for name in DOCUMENT_ACTIONS]
    urls += [
        reverse("correspondence:my_work"),
        reverse("correspondence:outgoing_new"),
        reverse("correspondence:memo_new"),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "login" in response.url, url


def test_an_outsider_gets_404_on_every_document_action(client, outsider, incoming, draft):
    client.force_login(outsider)
    for document in (incoming, draft):
        for name in DOCUMENT_ACTIONS:
            url = reverse(f"correspondence:{name}", args=[document.pk])
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url
    assert client.get(reverse("correspondence:outgoing_new")).status_code == 403
    assert client.get(reverse("correspondence:memo_new")).status_code == 403


def test_a_user_who_sees_the_document_but_may_not_act_gets_403(client, registrar, executor, draft, incoming):
    client.force_login(registrar)
    assert client.post(reverse("correspondence:dispatch", args=[draft.pk]), {}).status_code == 403
    assert client.post(reverse("correspondence:resolve", args=[incoming.pk]), {}).status_code == 403
    client.force_login(executor)
    assert client.post(reverse("correspondence:sign", args=[draft.pk]), {}).status_code == 403


def test_the_addressee_issues_a_resolution_from_the_document_page(client, akim, executor, incoming):
    client.force_login(akim)
    response = client.post(
        reverse("correspondence:resolve", args=[incoming.pk]),
        {
            "resolution-text": "Prepare the information",
            "resolution-executors": [f"person:{executor.person.pk}"],
            "resolution-deadline": "2026-04-13",
            "resolution-urgency": "",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("correspondence:document", args=[incoming.pk])
    assert ControlItem.objects.get().deadline == mon_2026_04_13


def test_typed_values_are_kept_when_the_service_refuses(client, akim, executor, incoming):
    """A deadline in the past comes back next to the field, with the text as typed."""
    client.force_login(akim)
    response = client.post(
        reverse("correspondence:resolve", args=[incoming.pk]),
        {
            "resolution-text": "Typed by the akim",
            "resolution-executors": [f"person:{executor.person.pk}"],
            "resolution-deadline": "2026-03-02",
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Typed by the akim" in content
    assert "The deadline cannot be in the past." in content
    assert not Resolution.objects.exists()


def test_a_visa_returned_without_a_reason_is_refused_on_the_page(client, draft, executor, department_head):
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    client.force_login(department_head)
    url = reverse("akimat:visa_decide", args=[draft.approvals.get().pk])  # the core's visa form (issue #13 §2)

    response = client.post(url, {"visa-decision": "return", "visa-comment": ""})
    assert response.status_code == 200 and "Give the reason for returning the draft." in response.content.decode()

    response = client.post(url, {"visa-decision": "return", "visa-comment": "Wrong recipient"})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == Document.Status.RETURNED_FOR_REWORK


def test_each_user_is_offered_exactly_the_forms_they_may_use(
    draft, incoming, akim, registrar, executor, department_head, deputy
):
    assert _actions_of(akim, incoming) == ["resolution"]
    assert _actions_of(registrar, incoming) == ["paper_resolution"]
    assert _actions_of(executor, incoming) == []
    assert _actions_of(executor, draft) == ["send_for_approval"]

    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    assert _actions_of(department_head, draft) == ["visa"]
    assert _actions_of(deputy, draft) == []
    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    assert _actions_of(deputy, draft) == ["sign"]
    outgoing.sign(draft, actor=deputy)
    assert _actions_of(registrar, draft) == ["check"]
    outgoing.check_and_register(draft, actor=registrar, addressee_ok=True, attachments_ok=True)
    assert _actions_of(registrar, draft) == ["dispatch"]

    issue_resolution(incoming, actor=akim, text="Do it", executors=[executor.person], deadline=mon_2026_04_13)
    incoming.refresh_from_db()
    # 003 §9.23, one execution step: the lead reports on the item, which fills the card; no second form here
    assert _actions_of(executor, incoming) == []
    assert "card" in _actions_of(registrar, incoming)  # a card the registrar fills by hand, from paper
    assert "removal" in _actions_of(registrar, incoming)
    assert "removal" in _actions_of(department_head, incoming)  # 003 §12.14: the executing department's head


def test_003_9_23_the_lead_is_sent_to_the_instruction_to_report_once(client, akim, executor, incoming):
    issue_resolution(incoming, actor=akim, text="Do it", executors=[executor.person], deadline=mon_2026_04_13)
    client.force_login(executor)
    content = client.get(reverse("correspondence:document", args=[incoming.pk])).content.decode()
    assert 'data-testid="form-card"' not in content
    assert "the report fills in this document&#x27;s execution card too (§9.23)" in content


def test_the_actions_partial_renders_the_forms(akim, incoming):
    request = RequestFactory().get("/")
    request.user = akim
    html = render_to_string("correspondence/_document_actions.html", document_actions(request, incoming), request)
    assert 'data-testid="form-resolution"' in html
    assert reverse("correspondence:resolve", args=[incoming.pk]) in html


def test_the_document_page_shows_the_workflow_forms(client, akim, incoming):
    client.force_login(akim)
    response = client.get(reverse("correspondence:document", args=[incoming.pk]))
    assert response.status_code == 200
    assert 'data-testid="form-resolution"' in response.content.decode()


def test_a_new_outgoing_letter_with_files_goes_for_approval(
    client, clock, executor, deputy, department_head, correspondent
):
    client.force_login(executor)
    page = client.get(reverse("correspondence:outgoing_new"))
    assert page.status_code == 200
    assert page.context["form"].initial["approver_1"] == department_head.person.pk

    response = client.post(
        reverse("correspondence:outgoing_new"),
        {
            "recipients": [correspondent.pk],
            "summary": "On the heating season",
            "body": "",
            "files": [
                SimpleUploadedFile("letter.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
                SimpleUploadedFile("annex.pdf", b"%PDF-1.4 b", content_type="application/pdf"),
            ],
            "attachments_listed": "1",
            "language": "ru",
            "signer": deputy.person.pk,
            "approver_1": department_head.person.pk,
            "send": "on",
        },
    )

    document = Document.objects.get(kind=Document.Kind.OUTGOING)
    assert response.status_code == 302
    assert document.status == Document.Status.ON_APPROVAL
    assert [a.approver for a in document.approvals.all()] == [department_head.person]
    assert outgoing.files_of(document) and len(outgoing.files_of(document)) == 2


def test_an_answer_without_its_incoming_document_is_refused_with_the_values_kept(
    client, clock, executor, deputy, correspondent
):
    """003 §9.22."""
    client.force_login(executor)
    response = client.post(
        reverse("correspondence:outgoing_new"),
        {
            "recipients": [correspondent.pk],
            "summary": "Our answer on schools",
            "body": "Text",
            "attachments_listed": "0",
            "language": "kk",
            "signer": deputy.person.pk,
            "is_answer": "on",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Our answer on schools" in content and "§9.22" in content
    assert not Document.objects.filter(kind=Document.Kind.OUTGOING).exists()


def test_a_memo_is_signed_and_sent_from_its_form(client, clock, department_head, head_of_apparatus):
    client.force_login(department_head)
    response = client.post(
        reverse("correspondence:memo_new"),
        {
            "addressee": head_of_apparatus.person.pk,
            "summary": "On the staff schedule",
            "body": "Please consider it.",
            "action": "send",
        },
    )
    memo = Document.objects.get(kind=Document.Kind.INTERNAL)
    assert response.status_code == 302
    assert memo.status == Document.Status.REGISTERED and memo.number


def _make_drafts(executor, deputy, correspondent, count: int) -> None:
    for n in range(count):
        outgoing.create_outgoing(
            actor=executor,
            recipients=[correspondent],
            summary=f"Letter {n}",
            body="Text",
            attachments_listed=0,
            signer=deputy.person,
            language="kk",
        )


def test_my_work_needs_the_same_queries_for_1_and_50_documents(client, clock, executor, deputy, correspondent):
    """SPEC §9: every section is one bounded query, whatever the number of rows."""
    client.force_login(executor)
    # the first page of a process also loads the regulation profile (who controls, 003 §12.4): not a row's cost
    client.get(reverse("correspondence:my_work"))
    counts: list[int] = []
    made = 0
    for total in (1, 50):
        _make_drafts(executor, deputy, correspondent, total - made)
        made = total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("correspondence:my_work"))
        assert response.status_code == 200
        assert len(response.context["sections"][0].documents) == total
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 21


def test_my_work_lists_what_waits_for_each_role(client, draft, executor, department_head, deputy, registrar):
    outgoing.send_for_approval(draft, actor=executor, approvers=[department_head.person])
    client.force_login(department_head)
    sections = {s.key: s.documents for s in client.get(reverse("correspondence:my_work")).context["sections"]}
    assert sections["visas"] == [draft]

    outgoing.decide_visa(draft.approvals.get(), actor=department_head, agree=True)
    client.force_login(deputy)
    sections = {s.key: s.documents for s in client.get(reverse("correspondence:my_work")).context["sections"]}
    assert sections["to_sign"] == [draft]

    outgoing.sign(draft, actor=deputy)
    client.force_login(registrar)
    sections = {s.key: s.documents for s in client.get(reverse("correspondence:my_work")).context["sections"]}
    assert sections["to_check"] == [draft]


def test_the_action_page_is_offered_by_get_to_whoever_may_act(client, akim, incoming, executor):
    client.force_login(akim)
    assert client.get(reverse("correspondence:resolve", args=[incoming.pk])).status_code == 200
    client.force_login(executor)
    assert client.get(reverse("correspondence:resolve", args=[incoming.pk])).status_code == 404
    assert datetime.date(2026, 3, 16) == incoming.registered_on
