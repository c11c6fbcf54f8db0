"""Downloading attachments: only for users who may see the object the file belongs to (SPEC §3.6, §9)."""

import importlib
import io
import re
import zipfile

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django.views.static import serve as static_serve

from akimat import permissions
from akimat.attachments import atomic_with_files, attach, check_allowed_extensions, validate_upload
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


# --- issue #11 point 2: files only through the permission check ---------------------------------------


@pytest.fixture
def debug_urlconf(settings):
    """The URL configuration as `make run` builds it (DEBUG=1), restored afterwards."""
    import akimat.urls

    settings.DEBUG = True
    importlib.reload(akimat.urls)
    clear_url_caches()
    yield akimat.urls
    settings.DEBUG = False
    importlib.reload(akimat.urls)
    clear_url_caches()


def test_issue11_p2_no_url_pattern_serves_media_even_with_debug(debug_urlconf):
    served_by_static = [
        pattern for pattern in debug_urlconf.urlpatterns if getattr(pattern, "callback", None) is static_serve
    ]
    assert served_by_static == []


def test_issue11_p2_a_stored_file_is_404_at_its_media_url_for_anonymous_and_signed_in_users_with_debug(
    client, executor, item_file, debug_urlconf, settings
):
    media_url = f"/{settings.MEDIA_URL}{item_file.file.name}"
    assert item_file.file.storage.exists(item_file.file.name)  # the file is there: the URL itself is missing
    assert client.get(media_url).status_code == 404
    client.force_login(executor)  # who may download it through /files/<id>/
    assert client.get(media_url).status_code == 404
    assert client.get(url(item_file)).status_code == 200


def test_issue11_p2_a_file_is_stored_under_a_random_name_with_its_extension(item_file, make_item, registrar):  # noqa: F811
    # the clock of the control fixtures stands in March 2026
    assert re.fullmatch(r"attachments/2026/03/[0-9a-f]{32}\.pdf", item_file.file.name), item_file.file.name
    assert "справка" not in item_file.file.name
    assert item_file.original_name == "справка № 5.pdf"
    with atomic_with_files():
        again = attach(make_item(), upload("справка № 5.pdf"), uploaded_by=registrar)
    assert again.file.name != item_file.file.name


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def odt_bytes(mime_type: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime_type)  # first and stored, as the standard says
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", CONTENT)
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("answer.pdf", CONTENT, "application/pdf"),
        ("scan.PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("scan.tif", b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        ("scan.tiff", b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        ("letter.doc", OLE2, "application/msword"),
        ("table.xls", OLE2, "application/vnd.ms-excel"),
        ("letter.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("table.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("letter.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}", "application/rtf"),
        ("note.txt", "Жауап дайындалды.\r\nОтвет подготовлен.".encode(), "text/plain"),
        ("note-1251.txt", "Ответ подготовлен.".encode("cp1251"), "text/plain"),
        ("note-16.txt", "Жауап дайындалды.".encode("utf-16"), "text/plain"),
        ("annexes.zip", zip_bytes(), "application/zip"),
    ],
)
def test_issue11_p2_a_file_whose_content_matches_its_extension_is_stored_with_the_extensions_type(
    make_item,  # noqa: F811
    registrar,
    name,
    content,
    mime_type,
):
    browser_says = SimpleUploadedFile(name, content, content_type="text/html")  # the browser's word is ignored
    with atomic_with_files():
        attachment = attach(make_item(), browser_says, uploaded_by=registrar)
    assert attachment.mime_type == mime_type
    assert attachment.file.name.endswith("." + name.rsplit(".", 1)[1].lower())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.pdf", HTML),  # the case found: HTML served as text/html under a PDF's name
        ("x.pdf", b"  %PDF-1.4 but not at the start"),
        ("x.png", CONTENT),
        ("x.jpg", b"GIF89a"),
        ("x.doc", CONTENT),
        ("x.docx", zip_bytes()),  # a ZIP, but not a Word document
        ("x.xlsx", docx_bytes()),  # a Word document named as a workbook
        ("x.odt", odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("x.docx", b"PK\x03\x04 not really an archive"),
        ("x.rtf", HTML),
        ("x.txt", HTML),
        ("x.txt", b"  <svg onload=alert(1)>"),
        ("x.txt", b"MZ\x90\x00\x03\x00\x00\x00"),  # a program
        ("x.zip", b"PK\x03\x04 broken"),
    ],
)
def test_issue11_p2_a_file_whose_content_does_not_match_its_extension_is_refused_at_upload(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert refused.value.code == "file_content"
    assert refused.value.messages == [
        f"The content of the file {name} is not a .{name.rsplit('.', 1)[1]} file. "
        "Save it in that format or give it the extension of its real format."
    ]


def test_issue11_p2_html_named_pdf_is_refused_on_the_report_form_and_nothing_is_stored(
    client,
    executor,
    make_item,  # noqa: F811
    tmp_path,
):
    item = make_item()
    client.force_login(executor)
    response = client.post(
        reverse("control:report", args=[item.pk]),
        {"report-text": "Done, see the file", "report-files": [SimpleUploadedFile("x.pdf", HTML, "application/pdf")]},
    )
    assert response.status_code == 200
    assert "The content of the file x.pdf is not a .pdf file." in " ".join(
        response.context["forms"]["report"].errors["files"]
    )
    assert not Attachment.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_issue11_p2_the_download_type_comes_from_the_extension_not_the_stored_column(client, executor, item_file):
    # a row stored before the fix, with the browser's claim in the column
    Attachment.objects.filter(pk=item_file.pk).update(mime_type="text/html")
    client.force_login(executor)
    response = client.get(url(item_file))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_issue11_p2_an_old_file_stored_under_its_original_name_is_served_with_its_extensions_type(
    client, executor, item_file
):
    old_name = "attachments/2026/03/answer.docx"
    item_file.file.storage.save(old_name, io.BytesIO(docx_bytes()))
    Attachment.objects.filter(pk=item_file.pk).update(file=old_name, original_name="answer.docx", mime_type="text/html")
    client.force_login(executor)
    response = client.get(url(item_file))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_issue11_p2_the_nosniff_header_stays_on_a_download_without_the_security_setting(
    client, executor, item_file, settings
):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = False
    client.force_login(executor)
    assert client.get(url(item_file))["X-Content-Type-Options"] == "nosniff"


def test_issue11_p2_an_allowed_extension_without_a_content_signature_fails_the_system_check(settings):
    settings.UPLOAD_ALLOWED_EXTENSIONS = ["pdf", "exe"]
    errors = check_allowed_extensions()
    assert [error.id for error in errors] == ["akimat.E010"]
    assert "exe" in errors[0].msg
    settings.UPLOAD_ALLOWED_EXTENSIONS = ["pdf", "docx"]
    assert check_allowed_extensions() == []


def test_issue11_p2_the_migration_resets_the_browsers_type_of_existing_rows_from_the_extension(item_file):
    migration = importlib.import_module("akimat.migrations.0010_attachment_random_file_names")
    Attachment.objects.filter(pk=item_file.pk).update(mime_type="text/html")
    odd = Attachment.objects.create(
        subject=item_file.subject,
        file="attachments/2026/03/notes.exe",
        original_name="notes.exe",
        size=1,
        mime_type="text/html",
        sha256="0" * 64,
        uploaded_by=item_file.uploaded_by,
    )
    migration.types_from_extensions(django_apps, None)
    item_file.refresh_from_db()
    odd.refresh_from_db()
    assert (item_file.mime_type, odd.mime_type) == ("application/pdf", "application/octet-stream")
