"""The Content-Security-Policy header, and pages that need no exception to it (issue #11 point 3).

The browser test (tests/browser/test_csp.py) opens the pages under the policy; these tests check the header
and keep inline script and style out of the templates and of the HTML written in Python.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
APPS = ["akimat", "control", "correspondence", "meetings", "acts", "appeals"]

# an inline <script> (one without src; a JSON data block is not run and is allowed), an on…= handler attribute,
# a javascript: URL, a style attribute or a <style> element
SCRIPT_WITHOUT_SRC = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/json)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response) -> dict[str, list[str]]:
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], policy
    assert policy["style-src"] == ["'self'"], policy
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    return policy


def test_issue11_p3_the_login_page_has_a_csp_without_unsafe_inline(client, db):
    response = client.get(reverse("login"))

    policy = assert_strict(response)

    for values in policy.values():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values


def test_issue11_p3_pages_of_a_signed_in_user_and_the_admin_have_the_csp(client, admin_client, executor):
    client.force_login(executor)
    assert_strict(client.get(reverse("home")))
    assert_strict(client.get(reverse("control:index")))
    assert_strict(admin_client.get(reverse("admin:index")))
    assert_strict(client.get("/admin/login/"))


def _template_files() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


def _matches(pattern: re.Pattern, path: Path) -> list[str]:
    """file:line: text of each match; the whole file is searched, so a tag split over lines is found too."""
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)[:120]}"
        for match in pattern.finditer(text)
    ]


@pytest.mark.parametrize("pattern", [SCRIPT_WITHOUT_SRC, HANDLER, JAVASCRIPT_URL, STYLE_ATTRIBUTE, STYLE_ELEMENT])
def test_issue11_p3_no_page_template_holds_inline_script_or_style(pattern):
    """PDF templates (templates/pdf, */pdf/) are rendered by WeasyPrint on the server, never under the CSP."""
    paths = [path for path in _template_files() if "pdf" not in path.relative_to(ROOT).parts]
    found = [hit for path in paths for hit in _matches(pattern, path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("pattern", [SCRIPT_WITHOUT_SRC, HANDLER, JAVASCRIPT_URL, STYLE_ATTRIBUTE, STYLE_ELEMENT])
def test_issue11_p3_no_html_written_in_python_holds_inline_script_or_style(pattern):
    paths = [path for app in APPS for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts]
    found = [hit for path in paths for hit in _matches(pattern, path)]
    assert not found, "\n".join(found)


def test_issue11_p3_the_scan_finds_what_it_looks_for():
    assert SCRIPT_WITHOUT_SRC.search("<script>alert(1)</script>")
    assert not SCRIPT_WITHOUT_SRC.search('<script src="/static/a.js" defer></script>')
    assert not SCRIPT_WITHOUT_SRC.search('<script id="x" type="application/json">{}</script>')
    assert HANDLER.search('<input type="checkbox" onchange="go(event)">')
    assert not HANDLER.search('<input type="checkbox" data-once="1">')
    assert STYLE_ATTRIBUTE.search('<div class="bar" style="width: 5%">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')


def test_issue11_p3_the_admin_export_page_runs_no_inline_handler(admin_client):
    """django-import-export's export page, overridden without its onchange and style attributes."""
    response = admin_client.get(reverse("admin:correspondence_correspondent_export"))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'class="select-toggle"' in page and "akimat/js/admin_export.js" in page
    assert not HANDLER.search(page) and not STYLE_ATTRIBUTE.search(page) and not SCRIPT_WITHOUT_SRC.search(page)
    assert_strict(response)
