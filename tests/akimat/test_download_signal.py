"""Issue #12 §6: a file response tells the page that the download has started (akimat/js/busy.js)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from akimat.middleware import DownloadStartedMiddleware
from akimat.pdf import pdf_response

TOKEN = "0123456789abcdef01234567"


def answer(response: HttpResponse, query: str, *, secure: bool = False) -> HttpResponse:
    request = RequestFactory().get(f"/report/?{query}", secure=secure)
    return DownloadStartedMiddleware(lambda _request: response)(request)


def test_a_file_answered_to_a_link_with_a_token_carries_the_cookie_the_page_waits_for():
    response = answer(pdf_response(b"%PDF-1.7", "report.pdf"), f"format=pdf&download={TOKEN}")

    cookie = response.cookies[f"download-{TOKEN}"]
    assert cookie.value == "1"
    assert cookie["max-age"] == DownloadStartedMiddleware.MAX_AGE
    assert cookie["samesite"] == "Lax" and not cookie["httponly"]  # the page's script reads it
    assert cookie["path"] == "/"


def test_over_https_the_cookie_is_secure():
    response = answer(pdf_response(b"%PDF-1.7", "report.pdf"), f"download={TOKEN}", secure=True)

    assert response.cookies[f"download-{TOKEN}"]["secure"]


@pytest.mark.parametrize(
    ("response", "query"),
    [
        (HttpResponse("<html>an error page</html>", status=400), f"download={TOKEN}"),  # it replaces the page
        (pdf_response(b"%PDF-1.7", "report.pdf"), "format=pdf"),  # a link without the script
        (pdf_response(b"%PDF-1.7", "report.pdf"), "download=short"),
        (pdf_response(b"%PDF-1.7", "report.pdf"), "download=%3Cscript%3E%3B%20path%3D%2Fxxxxxxxx"),
    ],
)
def test_no_cookie_without_a_file_or_a_well_formed_token(response, query):
    assert not answer(response, query).cookies
