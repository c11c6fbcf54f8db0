"""Every create form of control, sent twice, creates once (issue #11 point 7).

For each form: the page that offers it carries the one-time token; the form sent twice with it
creates one object, and the second answer is the first one's result. The mechanism itself is tested
in tests/akimat/test_submissions.py.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akimat.submissions import FIELD
from control import services
from control.models import (
    ControlExecutor,
    ControlItem,
    Decision,
    ExecutionReport,
    ExtensionRequest,
    Issuer,
    RedirectRequest,
    RemovalProposal,
)
from tests.akimat.test_submissions import form_token
from tests.control.conftest import thu_2026_03_19

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(clock, org, registrar, akim, department_head, executor, make_item) -> SimpleNamespace:
    return SimpleNamespace(
        clock=clock,
        org=org,
        registrar=registrar,
        akim=akim,
        department_head=department_head,
        executor=executor,
        make_item=make_item,
    )


@dataclass
class Form:
    """A create form: who sends it, the page offering it, where it posts, what it sends, what it makes."""

    user: Any
    page: str
    action: str
    data: Callable[[], dict]  # called for each post: files are read when sent
    count: Callable[[], int]


def put_on_control(w) -> Form:
    url = reverse("control:create")
    data = {
        "text": "Prepare the heating season plan",
        "issuer": Issuer.AKIM,
        "issuer_person": str(w.akim.person.pk),
        "lead": f"person:{w.executor.person.pk}",
        "controller": str(w.org.general.pk),
        "received_on": "2026-03-16",
        "given_on": "13.03.2026",
        "event": "apparatus meeting",
    }
    return Form(w.registrar, url, url, lambda: data, ControlItem.objects.count)


def execution_report(w) -> Form:
    item = w.make_item()

    def data() -> dict:
        upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
        return {"report-text": "Information sent", "report-outgoing_number": "01-15/77", "report-files": [upload]}

    return Form(
        w.executor,
        reverse("control:item", args=[item.pk]),
        reverse("control:report", args=[item.pk]),
        data,
        ExecutionReport.objects.count,
    )


def co_executor_part(w) -> Form:
    item = w.make_item(co_executors=[w.department_head.person])
    return Form(
        w.department_head,
        reverse("control:item", args=[item.pk]),
        reverse("control:part", args=[item.pk]),
        lambda: {"part-text": "Our part"},
        lambda: ControlExecutor.objects.exclude(report_text="").count(),
    )


def extension_request(w) -> Form:
    item = w.make_item()
    return Form(
        w.executor,
        reverse("control:item", args=[item.pk]),
        reverse("control:extension_request", args=[item.pk]),
        lambda: {"extension-new_deadline": "2026-04-30", "extension-reason": "Waiting for the oblast data"},
        ExtensionRequest.objects.count,
    )


def redirect_request(w) -> Form:
    w.clock(thu_2026_03_19)
    item = w.make_item()
    return Form(
        w.executor,
        reverse("control:item", args=[item.pk]),
        reverse("control:redirect_request", args=[item.pk]),
        lambda: {"redirect-memo": "The rural akim is competent", "redirect-proposed_unit": str(w.org.external.pk)},
        RedirectRequest.objects.count,
    )


def removal_proposal(w) -> Form:
    item = w.make_item()
    services.submit_report(item, actor=w.executor, text="Done")
    return Form(
        w.registrar,
        reverse("control:item", args=[item.pk]),
        reverse("control:removal_propose", args=[item.pk]),
        lambda: {"removal-ground": "executed", "removal-assessment": "executed", "removal-memo": "Executed in full"},
        RemovalProposal.objects.count,
    )


def extension_decision(w) -> Form:
    """Not a create, but a decision that is gone once taken: sent again it used to answer 403."""
    item = w.make_item()
    request = services.request_extension(item, actor=w.executor, reason="Late", new_deadline=datetime.date(2026, 4, 30))
    return Form(
        w.akim,
        reverse("control:item", args=[item.pk]),
        reverse("control:extension_decide", args=[item.pk, request.pk]),
        lambda: {"decide-extension-decision": "approve"},
        lambda: ExtensionRequest.objects.filter(status=Decision.APPROVED).count(),
    )


FORMS = [
    put_on_control,
    execution_report,
    co_executor_part,
    extension_request,
    redirect_request,
    removal_proposal,
    extension_decision,
]


@pytest.mark.parametrize("make_form", FORMS, ids=[f.__name__ for f in FORMS])
def test_issue11_p7_a_create_form_sent_twice_creates_once_and_the_second_lands_on_the_first_result(
    client, world, make_form
):
    form = make_form(world)
    client.force_login(form.user)
    token = form_token(client.get(form.page).content.decode(), form.action)
    before = form.count()

    first = client.post(form.action, {**form.data(), FIELD: token})
    second = client.post(form.action, {**form.data(), FIELD: token})

    assert first.status_code == 302, first.content.decode()[:3000]
    assert form.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "This form had already been sent: here is its result." in client.get(second["Location"]).content.decode()
