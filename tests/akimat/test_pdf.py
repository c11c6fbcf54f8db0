"""PDFs in the shipped DejaVu fonts, with Kazakh and Russian text that survives extraction (SPEC §3.6)."""

import datetime
import io
from urllib.parse import unquote

import pytest
import time_machine
from django.utils import translation
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from akimat.pdf import FONTS_DIR, _local_url_fetcher, page_counter_css, pdf_response, render_pdf

KAZAKH = "Әкімдік қаулысы: ғылыми сараптама, құжаттың өңделуі, һәм ұсыныс үшін жауапты орындаушы"
KAZAKH_LETTERS = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"
RUSSIAN = "Постановление акимата: ответственный исполнитель, срок исполнения"

SAMPLE = """{% extends "pdf/base.html" %}
{% block header %}Header of the registration card{% endblock header %}
{% block content %}
<h1>{{ heading }}</h1><p>{{ kazakh }}</p><p><b>{{ letters }}</b></p><p>{{ russian }}</p>
{% endblock content %}
"""


@pytest.fixture
def sample_template(tmp_path, settings):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "sample.html").write_text(SAMPLE, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "pdf/sample.html"


@pytest.fixture
def sample_pdf(sample_template) -> PdfReader:
    with time_machine.travel(datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC), tick=False):
        content = render_pdf(
            sample_template,
            {"heading": "Тіркеу картасы", "kazakh": KAZAKH, "letters": KAZAKH_LETTERS, "russian": RUSSIAN},
            language="en",
        )
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def extracted_text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_kazakh_and_russian_text_comes_back_from_the_pdf(sample_pdf):
    text = extracted_text(sample_pdf)
    assert "Тіркеу картасы" in text
    assert KAZAKH in text
    assert KAZAKH_LETTERS in text
    assert RUSSIAN in text


def test_the_page_has_its_header_number_and_printed_date(sample_pdf):
    text = extracted_text(sample_pdf)
    assert "Header of the registration card" in text
    assert "Page 1 of 1" in text
    assert "03.03.2026" in text


def test_the_page_is_a4(sample_pdf):
    box = sample_pdf.pages[0].mediabox
    # A4 is 210 × 297 mm = 595.3 × 841.9 pt
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def embedded_fonts(reader: PdfReader) -> dict[str, TTFont]:
    """PDF font name → the embedded font program, read back with fontTools."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    return fonts


def test_only_the_shipped_dejavu_fonts_are_embedded(sample_pdf):
    fonts = embedded_fonts(sample_pdf)
    shipped = {path.name: TTFont(path)["name"].getDebugName(5) for path in FONTS_DIR.glob("*.ttf")}
    assert fonts
    for pdf_name, program in fonts.items():
        # the family name comes from our @font-face, which no system font can answer to
        assert "+Akimat-DejaVu-" in pdf_name, pdf_name
        assert program["name"].getDebugName(1) in {"DejaVu Sans", "DejaVu Serif"}
        assert program["name"].getDebugName(5) in shipped.values()
    families = {program["name"].getDebugName(4) for program in fonts.values()}
    assert {"DejaVu Serif", "DejaVu Sans Bold"} <= families, families


def test_the_page_counter_is_a_css_content_value():
    with translation.override("en"):
        assert page_counter_css() == '"Page " counter(page) " of " counter(pages)'


def test_pdf_response_is_an_attachment_with_a_safe_name():
    response = pdf_response(b"%PDF-1.7 test", 'Тіркеу картасы 01-12/345 "1".pdf')
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "/" not in disposition.split("filename*=")[0].split("filename=")[1]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Тіркеу картасы 01-12_345 _1.pdf"
    assert response.content == b"%PDF-1.7 test"


def test_a_pdf_may_load_only_the_projects_static_files():
    fetcher = _local_url_fetcher()
    assert fetcher((FONTS_DIR / "DejaVuSans.ttf").as_uri()).read(4) == b"\x00\x01\x00\x00"
    for url in [
        "file:///etc/passwd",
        (FONTS_DIR / ".." / ".." / ".." / "settings.py").as_uri(),
        "http://169.254.169.254/",
    ]:
        with pytest.raises(ValueError, match="not allowed"):
            fetcher(url)
