"""The text of an uploaded .docx draft, read in for comparison (issue #13 §1: texts may be uploaded as .docx).

Paragraphs and tables in the order of the document; a table row becomes one line, its cells separated by a
tab. A numbered list keeps its numbers: typed numbers are text anyway, and Word's automatic numbering
("1.", "1.1.", "а)") is worked out from the document's numbering definitions, so that the points of the act
("1.", "2.1.") survive the reading. Anything that is not a readable .docx is refused with a form error in
the user's language.
"""

import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: an archive that unpacks to more than this is not read (a .docx of a draft act is a few megabytes at most)
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

NOT_DOCX = _("Only a .docx file (Word 2007 or later) can be read in: save the document as .docx and upload it again.")
BROKEN = _("The file cannot be read as a .docx document: it is damaged or is not a Word document.")
TOO_LARGE = _("The .docx document is too large to be read in.")

ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def read_text(upload: IO[bytes]) -> str:
    """The text of a .docx (an uploaded file or any binary file object), lines joined with "\\n"."""
    name = getattr(upload, "name", None) or ""
    if name and PurePath(name).suffix.lower() != ".docx":
        raise ValidationError(NOT_DOCX, code="not_docx")
    document = _open(upload)
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.append(numbering.label(block) + block.text)
    return "\n".join(lines).strip("\n")


def _open(upload: IO[bytes]) -> Any:
    import docx  # python-docx, imported where a .docx is read

    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(TOO_LARGE, code="docx_too_large")
        upload.seek(0)
        return docx.Document(upload)
    except ValidationError:
        raise
    except Exception:  # python-docx fails on a foreign or broken package in many ways
        # (not a ZIP, no Word document inside — an .xlsx, an .odt —, a broken XML part): all are one refusal
        raise ValidationError(BROKEN, code="broken_docx") from None
    finally:
        upload.seek(0)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            yield "\t".join(cells)


class _Numbering:
    """Word's automatic numbers of list paragraphs, counted through the document as Word shows them."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # no numbering part: no automatic numbers
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for element in root.iterchildren(_w("abstractNum")):
            abstract[element.get(_w("abstractNumId"), "")] = {
                int(level.get(_w("ilvl"), "0")): (
                    _val(level.find(_w("numFmt"))) or "decimal",
                    _val(level.find(_w("lvlText"))),
                    int(_val(level.find(_w("start"))) or 1),
                )
                for level in element.iterchildren(_w("lvl"))
            }
        for num in root.iterchildren(_w("num")):
            abstract_id = num.find(_w("abstractNumId"))
            self.levels[num.get(_w("numId"), "")] = abstract.get(_val(abstract_id), {})

    def label(self, paragraph: Any) -> str:
        num_id, ilvl = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters[num_id]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]  # a new point restarts its sub-points
        fmt, text, _start = levels[ilvl]
        if fmt == "bullet":
            return "– "
        if fmt == "none":
            return ""
        for level in range(ilvl, -1, -1):
            value = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            text = text.replace(f"%{level + 1}", _format(value, levels.get(level, (fmt,))[0]))
        return f"{text} " if text else ""

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str | None, int]:
        """The paragraph's list and level: its own, or its style's (a "List Number" style)."""
        for owner in (paragraph._p, getattr(paragraph.style, "element", None)):
            ppr = owner.pPr if owner is not None else None
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return str(num_pr.numId.val), int(ilvl)
        return None, 0


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for number, numeral in ROMAN:
            count, value = divmod(value, number)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)  # decimal and the formats not worth a table here


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _val(element: Any) -> str:
    """The w:val of a child element such as <w:numFmt w:val="decimal"/>; "" when it is absent."""
    return "" if element is None else element.get(_w("val"), "")
