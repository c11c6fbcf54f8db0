"""Reading the text of an uploaded .docx draft (issue #13 §1: the texts may be uploaded as .docx)."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from acts import docx as act_docx
from acts.docx import read_text


def upload(document: docx.document.Document, name: str = "жоба.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def points_list(document: docx.document.Document) -> str:
    """A two-level numbered list as acts number their points: "1." and "1.1." (its numId)."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, text in ((0, "%1."), (1, "%1.%2.")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.insert(0, abstract)  # abstract definitions come before the w:num elements
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), "90")
    num.append(abstract_id)
    numbering.append(num)
    return "90"


def numbered(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    paragraph._p.get_or_add_pPr().append(num_pr)


def test_paragraphs_in_order_with_kazakh_and_russian_letters():
    document = docx.Document()
    document.add_paragraph("Әкімдік ҚАУЛЫ ЕТЕДІ:")
    document.add_paragraph("1. Аудандық бюджет бекітілсін.")
    document.add_paragraph("2. Контроль возложить на заместителя акима района.")
    assert read_text(upload(document)) == (
        "Әкімдік ҚАУЛЫ ЕТЕДІ:\n1. Аудандық бюджет бекітілсін.\n2. Контроль возложить на заместителя акима района."
    )


def test_typed_numbers_of_points_and_sub_points_are_kept():
    document = docx.Document()
    for text in ("1. Утвердить план.", "1.1. Отделу финансов:", "1.2. Отделу экономики:", "2. Контроль."):
        document.add_paragraph(text)
    assert read_text(upload(document)).splitlines() == [
        "1. Утвердить план.",
        "1.1. Отделу финансов:",
        "1.2. Отделу экономики:",
        "2. Контроль.",
    ]


def test_automatic_numbers_of_points_and_sub_points_are_written_out():
    document = docx.Document()
    num_id = points_list(document)
    document.add_paragraph("Акимат ПОСТАНОВЛЯЕТ:")
    numbered(document, "Утвердить план.", num_id, 0)
    numbered(document, "Отделу финансов.", num_id, 1)
    numbered(document, "Отделу экономики.", num_id, 1)
    numbered(document, "Контроль возложить на заместителя.", num_id, 0)
    numbered(document, "Новый подпункт.", num_id, 1)
    assert read_text(upload(document)).splitlines() == [
        "Акимат ПОСТАНОВЛЯЕТ:",
        "1. Утвердить план.",
        "1.1. Отделу финансов.",
        "1.2. Отделу экономики.",
        "2. Контроль возложить на заместителя.",
        "2.1. Новый подпункт.",  # the sub-points restart under each point
    ]


def test_a_list_number_style_is_numbered_too():
    document = docx.Document()
    document.add_paragraph("бірінші", style="List Number")
    document.add_paragraph("екінші", style="List Number")
    assert read_text(upload(document)) == "1. бірінші\n2. екінші"


def test_bullets_become_dashes():
    document = docx.Document()
    document.add_paragraph("бірінші", style="List Bullet")
    assert read_text(upload(document)) == "– бірінші"


def test_table_cells_are_read_a_row_per_line_after_the_paragraph_before_it():
    document = docx.Document()
    document.add_paragraph("Салыстырмалы кесте")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("Редакция", "Новая редакция", "Обоснование")):
        table.cell(0, column).text = text
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Біріктірілген  ұяшық"
    table.cell(1, 2).text = "Негіздеме"
    document.add_paragraph("Соңы")
    assert read_text(upload(document)).splitlines() == [
        "Салыстырмалы кесте",
        "Редакция\tНовая редакция\tОбоснование",
        "Біріктірілген ұяшық\tНегіздеме",  # a merged cell once
        "Соңы",
    ]


def test_an_empty_document_has_no_text():
    assert read_text(upload(docx.Document())) == ""


def test_a_plain_file_object_is_read_too():
    document = docx.Document()
    document.add_paragraph("Мәтін")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_text(buffer) == "Мәтін"


@pytest.mark.parametrize("name", ["жоба.doc", "жоба.pdf", "жоба.txt"])
def test_another_format_is_refused_in_the_users_language(name):
    document = docx.Document()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_text(upload(document, name))
    assert refused.value.code == "not_docx"
    assert ".docx" in refused.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a zip at all",
        b"PK\x03\x04 broken zip",
        b"%PDF-1.7\n",
    ],
)
def test_a_broken_file_is_refused(content):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_text(SimpleUploadedFile("жоба.docx", content))
    assert refused.value.code == "broken_docx"
    assert "damaged" in refused.value.messages[0]


def test_a_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError) as refused:
        read_text(SimpleUploadedFile("кесте.docx", buffer.getvalue()))
    assert refused.value.code == "broken_docx"


def test_a_zip_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(act_docx, "MAX_UNPACKED_BYTES", 1000)
    document = docx.Document()
    document.add_paragraph("ә" * 2000)
    with pytest.raises(ValidationError) as refused:
        read_text(upload(document))
    assert refused.value.code == "docx_too_large"


def test_the_refusal_reads_in_kazakh_and_russian():
    for language in ("kk", "ru"):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            read_text(SimpleUploadedFile("жоба.docx", b"broken"))
        assert refused.value.messages[0]
