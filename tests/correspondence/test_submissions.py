"""Every create form of correspondence, sent twice, creates once (issue #11 point 7).

For each form: the page that offers it carries the one-time token; the form sent twice with it
creates one object, and the second answer is the first one's result. The mechanism itself is tested
in tests/akimat/test_submissions.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akimat.models import Visa
from akimat.submissions import FIELD
from control.models import RemovalProposal
from correspondence.models import Correspondent, Document, Resolution, Return
from correspondence.services import outgoing
from correspondence.services.registration import receive_incoming
from correspondence.services.workflow import issue_resolution
from tests.akimat.test_submissions import form_token
from tests.correspondence.conftest import mon_2026_03_16, tue_2026_03_17
from tests.correspondence.test_correspondents import CSV_HEADER
from tests.correspondence.test_registration_views import form_data
from tests.correspondence.test_resolutions import make_incoming, mon_2026_04_13

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(
    clock, org, registrar, akim, deputy, head_of_apparatus, department_head, executor, correspondents
) -> SimpleNamespace:
    return SimpleNamespace(
        clock=clock,
        org=org,
        registrar=registrar,
        akim=akim,
        deputy=deputy,
        head_of_apparatus=head_of_apparatus,
        department_head=department_head,
        executor=executor,
        correspondents=correspondents,
    )


@dataclass
class Form:
    """A create form: who sends it, the page offering it, where it posts, what it sends, what it makes."""

    user: Any
    page: str
    action: str | None  # None: the form has no action attribute and posts to its page
    data: Callable[[], dict]  # called for each post: files are read when sent
    count: Callable[[], int]


def _incoming(w) -> Document:
    return make_incoming(w.registrar, w.correspondents.state, addressee_person=w.akim.person)


def register(w) -> Form:
    url = reverse("correspondence:register")
    return Form(w.registrar, url, url, lambda: form_data(w.correspondents.state), Document.objects.count)


def register_received(w) -> Form:
    w.clock(mon_2026_03_16, 18)  # after the cutoff: queued for the next working day (§9.10)
    letter = receive_incoming(actor=w.registrar, correspondent=w.correspondents.state, summary="Late letter")
    w.clock(tue_2026_03_17, 10)
    url = reverse("correspondence:register_received", args=[letter.pk])
    return Form(
        w.registrar,
        reverse("correspondence:queue"),
        url,
        dict,
        lambda: Document.objects.filter(status=Document.Status.REGISTERED).count(),
    )


def return_unregistered(w) -> Form:
    url = reverse("correspondence:return")
    data = {
        "correspondent_name": w.correspondents.state.name,
        "correspondent": str(w.correspondents.state.pk),
        "their_number": "05-11/90",
        "received_at": "2026-03-16T09:40",
        "channel": "edms",
        "reason": "Not on the letterhead.",
        "norm": "003 §9.12",
    }
    return Form(w.registrar, url, url, lambda: data, Return.objects.count)


def outgoing_letter(w) -> Form:
    def data() -> dict:
        return {
            "recipients": [w.correspondents.state.pk],
            "summary": "On the heating season",
            "body": "",
            "files": [SimpleUploadedFile("letter.pdf", b"%PDF-1.4 a", content_type="application/pdf")],
            "attachments_listed": "0",
            "language": "ru",
            "signer": w.deputy.person.pk,
            "approver_1": w.department_head.person.pk,
            "send": "on",
        }

    return Form(
        w.executor,
        reverse("correspondence:outgoing_new"),
        None,
        data,
        lambda: Document.objects.filter(kind=Document.Kind.OUTGOING).count(),
    )


def memo(w) -> Form:
    data = {
        "addressee": w.head_of_apparatus.person.pk,
        "summary": "On the staff schedule",
        "body": "Please consider it.",
        "action": "send",
    }
    return Form(
        w.department_head,
        reverse("correspondence:memo_new"),
        None,
        lambda: data,
        lambda: Document.objects.filter(kind=Document.Kind.INTERNAL).count(),
    )


def resolution(w) -> Form:
    incoming = _incoming(w)
    data = {
        "resolution-text": "Prepare the information",
        "resolution-executors": [f"person:{w.executor.person.pk}"],
        "resolution-deadline": "2026-04-13",
        "resolution-urgency": "",
    }
    return Form(
        w.akim,
        incoming.get_absolute_url(),
        reverse("correspondence:resolve", args=[incoming.pk]),
        lambda: data,
        Resolution.objects.count,
    )


def paper_resolution(w) -> Form:
    incoming = _incoming(w)
    data = {
        "paper-on_paper_author": w.akim.person.pk,
        "paper-text": "Prepare the information",
        "paper-executors": [f"person:{w.executor.person.pk}"],
        "paper-deadline": "2026-04-13",
        "paper-urgency": "",
    }
    return Form(
        w.registrar,
        incoming.get_absolute_url(),
        reverse("correspondence:resolve_on_paper", args=[incoming.pk]),
        lambda: data,
        Resolution.objects.count,
    )


def removal_proposal(w) -> Form:
    incoming = _incoming(w)
    issue_resolution(incoming, actor=w.akim, text="Do it", executors=[w.executor.person], deadline=mon_2026_04_13)
    item = incoming.resolutions.get().control_item
    data = {
        "removal-item": item.pk,
        "removal-ground": "impossible",
        "removal-assessment": "not_executed",
        "removal-memo": "The school was closed: nothing left to prepare",
    }
    return Form(
        w.registrar,
        incoming.get_absolute_url(),
        reverse("correspondence:propose_removal", args=[incoming.pk]),
        lambda: data,
        RemovalProposal.objects.count,
    )


def visa(w) -> Form:
    """Not a create, but an action that is gone once taken: sent again it used to answer 403."""
    draft = outgoing.create_outgoing(
        actor=w.executor,
        recipients=[w.correspondents.state],
        summary="On the heating season",
        body="Text",
        attachments_listed=0,
        signer=w.deputy.person,
        language="kk",
    )
    outgoing.send_for_approval(draft, actor=w.executor, approvers=[w.department_head.person])
    return Form(
        w.department_head,
        draft.get_absolute_url(),
        reverse("akimat:visa_decide", args=[draft.approvals.get().pk]),  # the core visa form (issue #13 §2)
        lambda: {"visa-decision": "agree", "visa-comment": ""},
        lambda: Visa.objects.exclude(decision=Visa.Decision.PENDING).count(),
    )


FORMS = [
    register,
    register_received,
    return_unregistered,
    outgoing_letter,
    memo,
    resolution,
    paper_resolution,
    removal_proposal,
    visa,
]


@pytest.mark.parametrize("make_form", FORMS, ids=[f.__name__ for f in FORMS])
def test_issue11_p7_a_create_form_sent_twice_creates_once_and_the_second_lands_on_the_first_result(
    client, world, make_form
):
    form = make_form(world)
    client.force_login(form.user)
    token = form_token(client.get(form.page).content.decode(), form.action)
    url = form.action or form.page
    before = form.count()

    first = client.post(url, {**form.data(), FIELD: token})
    second = client.post(url, {**form.data(), FIELD: token})

    assert first.status_code == 302, first.content.decode()[:3000]
    assert form.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "This form had already been sent: here is its result." in client.get(second["Location"]).content.decode()


def test_issue11_p7_the_correspondent_import_confirmed_twice_imports_once(client, registrar):
    client.force_login(registrar)
    url = reverse("correspondence:correspondents_import")
    upload = SimpleUploadedFile(
        "directory.csv", (CSV_HEADER + "Akimat of Aksu rural district,,state_body,,,,\n").encode()
    )
    preview = client.post(
        url, {"action": "preview", "file": upload, FIELD: form_token(client.get(url).content.decode(), url)}
    )
    assert not Correspondent.objects.exists()  # a dry run
    confirm = {
        "action": "confirm",
        "token": preview.context["token"],
        FIELD: form_token(preview.content.decode(), url, containing='value="confirm"'),
    }

    first = client.post(url, confirm)
    second = client.post(url, confirm)

    assert Correspondent.objects.count() == 1
    assert first.status_code == second.status_code == 302
    page = client.get(second["Location"]).content.decode()
    assert "Imported: 1 new" in page and "The preview has expired" not in page
