"""ДСП (for official use only, 003 §9.4; SPEC §3.1): seen only by people granted access by name.

To everyone else — the registrar, the akim, an auditor, even a superuser — such a document does not
exist: not in a journal, a search, an export, a count, the document page, the card PDF or a file download.
"""

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from akimat import permissions
from correspondence import access
from correspondence.models import Document
from tests.correspondence.test_journals import journal_url, make_attachment, make_document
from tests.spreadsheets import table

PERSONAS = ["registrar", "akim", "auditor", "superuser"]


@pytest.fixture
def superuser(org):
    return User.objects.create_superuser("admin", "admin@example.kz", "pass")


@pytest.fixture
def dsp(registrar, org):
    """A ДСП document with a file, and an ordinary one registered the same day."""
    make_document(registrar, number="01-12/1", summary="Об уборке снега")
    document = make_document(registrar, number="01-12/2", summary="О мобилизационной готовности объектов", is_dsp=True)
    make_attachment(document, "мобилизационный-план.pdf", registrar)
    return document


@pytest.fixture
def persona(request, registrar, akim, auditor, superuser):
    return {"registrar": registrar, "akim": akim, "auditor": auditor, "superuser": superuser}[request.param]


def _export_numbers(response) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [row[0] for row in table(sheet)[1:]]


def _journal_numbers(response) -> list[str]:
    return [row.document.number for row in response.context["rows"]]


# --- not granted: nowhere ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_dsp_document_is_not_in_the_journal_of_a_user_not_granted(client, dsp, persona):
    client.force_login(persona)

    response = client.get(journal_url())

    assert _journal_numbers(response) == ["01-12/1"]
    assert "01-12/2" not in response.content.decode()
    assert response.context["page"].count == 1


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_dsp_document_is_not_found_by_search(client, dsp, persona):
    client.force_login(persona)

    for text in ("01-12/2", "мобилизационной", "мобилизационный-план.pdf"):
        response = client.get(journal_url(q=text))
        assert _journal_numbers(response) == [], text


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_dsp_document_is_not_in_the_export(client, dsp, persona):
    client.force_login(persona)

    assert _export_numbers(client.get(journal_url(format="xlsx"))) == ["01-12/1"]
    assert _export_numbers(client.get(journal_url(format="xlsx", q="мобилизационной"))) == []


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_dsp_document_is_not_counted_on_the_start_page(client, dsp, persona):
    client.force_login(persona)

    response = client.get(reverse("correspondence:index"))

    counts = {journal["kind"]: journal["count"] for journal in response.context["journals"]}
    assert counts["incoming"] == 1


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_page_and_the_card_of_a_dsp_document_are_404(client, dsp, persona):
    client.force_login(persona)

    assert client.get(reverse("correspondence:document", args=[dsp.pk])).status_code == 404
    assert client.get(reverse("correspondence:card", args=[dsp.pk]) + "?lang=kk").status_code == 404
    assert client.get(reverse("correspondence:card", args=[dsp.pk]) + "?lang=ru").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_files_of_a_dsp_document_are_404(client, dsp, persona):
    attachment = dsp_attachment(dsp)
    client.force_login(persona)

    assert permissions.can_view(persona, dsp) is False
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_dsp_answer_is_not_listed_among_linked_documents(client, registrar, dsp, persona):
    request = make_document(registrar, number="01-12/3", summary="Запрос")
    Document.objects.filter(pk=dsp.pk).update(answers=request)
    client.force_login(persona)

    response = client.get(reverse("correspondence:document", args=[request.pk]))

    assert response.context["doc"].answered_by == []
    assert "01-12/2" not in response.content.decode()


# --- granted by name: everywhere --------------------------------------------------------------------


def dsp_attachment(document: Document):
    from akimat.models import Attachment

    return Attachment.objects.for_object(document).get()


def test_a_user_granted_by_name_sees_the_dsp_document_everywhere(client, dsp, executor):
    # given: an executor of a department, who would not see the document by role either
    access.grant(dsp, executor)
    client.force_login(executor)

    # then
    assert _journal_numbers(client.get(journal_url())) == ["01-12/2"]
    assert _journal_numbers(client.get(journal_url(q="мобилизационной"))) == ["01-12/2"]
    assert _export_numbers(client.get(journal_url(format="xlsx"))) == ["01-12/2"]
    index = client.get(reverse("correspondence:index"))
    assert {j["kind"]: j["count"] for j in index.context["journals"]}["incoming"] == 1
    page = client.get(reverse("correspondence:document", args=[dsp.pk]))
    assert page.status_code == 200
    assert 'data-testid="dsp-mark"' in page.content.decode()
    card = client.get(reverse("correspondence:card", args=[dsp.pk]) + "?lang=ru")
    assert card.status_code == 200
    assert permissions.can_view(executor, dsp) is True
    download = client.get(reverse("attachment_download", args=[dsp_attachment(dsp).pk]))
    assert download.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_grant_by_name_opens_it_to_each_of_them_too(client, dsp, persona):
    access.grant(dsp, persona)
    permissions.forget(persona)
    client.force_login(persona)

    assert _journal_numbers(client.get(journal_url())) == ["01-12/2", "01-12/1"]
    assert client.get(reverse("correspondence:document", args=[dsp.pk])).status_code == 200
    assert permissions.can_view(persona, dsp) is True


def test_a_revoked_grant_closes_it_again(client, dsp, executor):
    access.grant(dsp, executor)
    permissions.revoke_view(executor, dsp)
    client.force_login(executor)

    assert _journal_numbers(client.get(journal_url())) == []
    assert client.get(reverse("correspondence:document", args=[dsp.pk])).status_code == 404
