"""Downloading attachments: only for users who may see the object the file belongs to (SPEC §3.6, §9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akimat import permissions
from akimat.attachments import atomic_with_files, attach
from akimat.models import Attachment
from control import services
from tests.control.conftest import clock, make_item  # noqa: F401 - fixtures of control items

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 the scan of the answer"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name: str = "answer.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CONTENT, content_type="application/pdf")


@pytest.fixture
def item_file(make_item, registrar) -> Attachment:  # noqa: F811
    """A file attached to a control item that the executor leads (and so may see)."""
    item = make_item()
    with atomic_with_files():
        return attach(item, upload("справка № 5.pdf"), uploaded_by=registrar)


def url(attachment: Attachment) -> str:
    return reverse("attachment_download", args=[attachment.pk])


def test_who_may_see_the_object_downloads_the_file_under_its_original_name(client, executor, item_file):
    client.force_login(executor)
    response = client.get(url(item_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0" in disposition


def test_an_outsider_gets_404(client, outsider, item_file):
    client.force_login(outsider)
    assert client.get(url(item_file)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, item_file):
    response = client.get(url(item_file))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_attachment_is_404(client, executor):
    client.force_login(executor)
    assert client.get(reverse("attachment_download", args=[999_999])).status_code == 404


def test_a_file_gone_from_the_storage_is_404(client, executor, item_file):
    item_file.file.storage.delete(item_file.file.name)
    client.force_login(executor)
    assert client.get(url(item_file)).status_code == 404


def test_an_explicit_grant_on_the_object_opens_the_file(client, outsider, item_file):
    permissions.grant_view(outsider, item_file.subject)
    permissions.forget(outsider)
    client.force_login(outsider)
    assert client.get(url(item_file)).status_code == 200


def test_the_files_of_an_execution_report_are_downloaded_by_who_sees_the_item(
    client,
    make_item,  # noqa: F811
    executor,
    registrar,
):
    item = make_item()
    report = services.submit_report(item, actor=executor, text="Done", files=[upload()])
    attachment = Attachment.objects.for_object(report).get()
    client.force_login(registrar)
    assert client.get(url(attachment)).status_code == 200
