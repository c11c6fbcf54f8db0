"""PDFs in the shipped DejaVu fonts, with Kazakh and Russian text that survives extraction (SPEC §3.6)."""

import datetime
import io
import math
from decimal import Decimal
from urllib.parse import unquote

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from akimat.models import OrgUnit
from akimat.pdf import FONTS_DIR, Official, _local_url_fetcher, page_counter_css, pdf_response, render_pdf
from tests.factories import make_person

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
def sample_pdf(db, sample_template) -> PdfReader:
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


def test_only_the_shipped_dejavu_serif_is_embedded_one_family_for_every_text(sample_pdf):
    """Issue #12 §6: one font family — the shipped DejaVu Serif, regular and bold — headings and tables included."""
    fonts = embedded_fonts(sample_pdf)
    shipped = {path.name: TTFont(path)["name"].getDebugName(5) for path in FONTS_DIR.glob("*.ttf")}
    assert fonts
    for pdf_name, program in fonts.items():
        # the family name comes from our @font-face, which no system font can answer to
        assert "+Akimat-DejaVu-" in pdf_name, pdf_name
        assert program["name"].getDebugName(1) == "DejaVu Serif"
        assert program["name"].getDebugName(5) in shipped.values()
    families = {program["name"].getDebugName(4) for program in fonts.values()}
    assert families == {"DejaVu Serif", "DejaVu Serif Bold"}, families


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


# --- an official paper (issue #12 §6) ----------------------------------------------------------------------


def text_sizes(content: bytes) -> dict[float, list[str]]:
    """Each font size used for text in the PDF (points, as printed) → the texts set in it."""
    sizes: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            printed = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            sizes.setdefault(round(printed, 1), []).append(text.strip())

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def assert_readable(content: bytes) -> None:
    """Issue #12 §6: no text of an official paper is set below 9 pt."""
    small = {size: texts[:3] for size, texts in text_sizes(content).items() if size < 9}
    assert not small, small


def png(size: tuple[int, int] = (60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 190)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def apparatus(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return OrgUnit.objects.create(
        name_kk="Бәйдібек ауданы әкімінің аппараты",
        name_ru="Аппарат акима Байдибекского района",
        name_en="Apparatus of the Akim of Baidibek District",
        kind=OrgUnit.Kind.APPARATUS,
    )


def render_sample(language: str = "kk", **kwargs) -> bytes:
    return render_pdf("correspondence/pdf/card.html", kwargs.pop("context", {}), language=language, **kwargs)


@pytest.mark.parametrize(
    ("language", "name"), [("kk", "Бәйдібек ауданы әкімінің аппараты"), ("ru", "Аппарат акима Байдибекского района")]
)
def test_issue12_p6_a_pdf_is_headed_by_the_apparatus_name_in_its_language(apparatus, sample_template, language, name):
    content = render_pdf(sample_template, {"heading": "x"}, language=language)

    text = extracted_text(PdfReader(io.BytesIO(content)))
    assert name.upper() in text  # the name heads the paper in capitals (CSS), as a letterhead
    assert not PdfReader(io.BytesIO(content)).pages[0].images  # no emblem uploaded: none printed
    assert_readable(content)


def test_issue12_p6_the_emblem_uploaded_by_the_administrator_is_printed(apparatus, sample_template):
    apparatus.emblem.save("emblem.png", ContentFile(png()), save=True)

    content = render_pdf(sample_template, {"heading": "x"}, language="kk")

    images = PdfReader(io.BytesIO(content)).pages[0].images
    assert len(images) == 1
    assert images[0].image.size == (60, 60)


def test_issue12_p6_a_lost_emblem_file_does_not_stop_the_paper(apparatus, sample_template):
    apparatus.emblem.save("emblem.png", ContentFile(png()), save=True)
    apparatus.emblem.storage.delete(apparatus.emblem.name)

    content = render_pdf(sample_template, {"heading": "x"}, language="kk")

    assert not PdfReader(io.BytesIO(content)).pages[0].images


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("emblem.png", b"<html><script>alert(1)</script></html>", "file_content"),
        ("emblem.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "file_type"),
        ("emblem.jpg", png(), "file_content"),
        ("emblem.png", b"", "file_empty"),
    ],
)
def test_issue12_p6_an_emblem_must_be_a_png_or_jpeg_by_its_content(apparatus, name, content, code):
    apparatus.emblem = ContentFile(content, name=name)

    with pytest.raises(ValidationError) as refused:
        apparatus.full_clean()

    assert [error.code for error in refused.value.error_dict["emblem"]] == [code]


def test_issue12_p6_only_the_apparatus_itself_has_an_emblem(apparatus):
    department = OrgUnit(name_kk="Бөлім", name_ru="Отдел", parent=apparatus)
    department.emblem = ContentFile(png(), name="emblem.png")

    with pytest.raises(ValidationError) as refused:
        department.full_clean()

    assert "emblem" in refused.value.error_dict


def test_issue12_p6_the_administrator_uploads_the_emblem_on_the_apparatus_page(apparatus, admin_client):
    page = admin_client.get(reverse("admin:akimat_orgunit_change", args=[apparatus.pk]))

    assert page.status_code == 200
    assert b'name="emblem"' in page.content and b'type="file"' in page.content


PAPER = '{% extends "pdf/base.html" %}{% block content %}<h1>Есеп</h1>{% endblock content %}'


def test_issue12_p6_the_approval_signature_and_prepared_by_blocks(apparatus, tmp_path, settings):
    # given a paper with an approver and a signer, generated by a person with a phone
    (tmp_path / "paper.html").write_text(PAPER, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    maker = make_person("maker", unit=apparatus, full_name="Абдрахманова Гүлнар Сейітқызы")
    maker.phone, maker.position_kk = "8 (72548) 2-12-34", "бас маман"
    maker.save()
    context = {
        "approver": Official("Аппарат басшысы", "Сарсенбаев Ерлан"),
        "signer": Official("Жалпы бөлімнің басшысы", "Омарова Айгүл"),
    }

    # when
    with time_machine.travel(datetime.datetime(2026, 4, 10, 10, tzinfo=datetime.UTC), tick=False):
        content = render_pdf("paper.html", context, language="kk", prepared_by=maker.user)

    # then the approval block is above the title, the signature and "prepared by" below the content
    text = extracted_text(PdfReader(io.BytesIO(content)))
    with translation.override("kk"):
        grif = translation.pgettext("approval block of an official paper", "I approve").upper()
        prepared = translation.gettext("Prepared by")
    approval = ["Аппарат басшысы", "Сарсенбаев Ерлан", "2026"]
    signature = ["Жалпы бөлімнің басшысы", "Омарова Айгүл"]
    prepared_by = [prepared, "Абдрахманова Гүлнар Сейітқызы", "бас маман", "8 (72548) 2-12-34"]
    for expected in [grif, *approval, *signature, *prepared_by]:
        assert expected in text, expected
    assert text.index(grif) < text.index("Есеп") < text.index("Омарова Айгүл") < text.index(prepared)
    assert_readable(content)


SHARES = [("kk", "100.0", "100,0\N{NO-BREAK SPACE}%"), ("ru", "87.5", "87,5\N{NO-BREAK SPACE}%"),
          ("en", "87.5", "87.5\N{NO-BREAK SPACE}%"), ("kk", None, "—")]  # fmt: skip


@pytest.mark.parametrize(("language", "value", "expected"), SHARES)
def test_issue12_p6_a_share_is_written_as_the_language_writes_numbers(language, value, expected):
    """Django's localisation (floatformat), not a hand-made replace: "100,0 %" in Kazakh and Russian."""
    share = Decimal(value) if value else None
    with translation.override(language):
        rendered = Template("{% load typography %}{{ share|percent }}").render(Context({"share": share}))
    assert rendered == expected
