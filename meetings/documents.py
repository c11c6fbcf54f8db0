"""The documents of a meeting (issue #14 §2, §4): the protocol in the official form of 003 Appendix 6 as a PDF and
as a .docx, and the package of a meeting for the head of apparatus (§5.8) as a PDF.

A protocol is drafted in the state language and, where the akimat keeps one, in Russian (§8.5): it is printed in
the language asked for, whoever reads it, and its words (ХАТТАМА / ПРОТОКОЛ, ТЫҢДАЛДЫ / СЛУШАЛИ …) are the
requisites Appendix 6 fixes for each language, not interface strings — so they are kept here, one set per
language, and the .docx and the PDF print the same content in the same order (``protocol_content``). The package
is a working paper for the reader and speaks the reader's language.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation

from acts.queries import title_in
from akimat import pdf
from akimat.models import OrgUnit, Person
from meetings import services
from meetings.models import AgendaItem, Material, Meeting, Participant, Protocol, ProtocolPoint

LANGUAGES = ("kk", "ru")
#: Appendix 6 item 1: the present are listed in the protocol up to ten; above that, in an attached list
PRESENT_LISTED_UP_TO = 10


@dataclass(frozen=True)
class Words:
    """The fixed words of the protocol's form (Appendix 6) in one language."""

    kind: str
    draft: str
    chaired: str
    secretary: str
    present: str
    present_attached: str  # "{count}" is the number of those present
    agenda: str
    speaker: str
    speakers: str
    heard: str
    spoke: str
    resolved: str
    general: str
    executors: str
    lead_mark: str
    deadline: str
    votes: str
    adopted: str
    rejected: str
    control: str
    sign_chair: str
    sign_secretary: str
    annex: str
    annex_title: str
    instead_of: str
    quorum: str
    extract: str
    extract_true: str
    addressee: str

    def term(self, days: int) -> str:
        raise NotImplementedError


class _KazakhWords(Words):
    def term(self, days: int) -> str:
        return f"хаттамаға қол қойылған күннен бастап {days} жұмыс күні ішінде"


class _RussianWords(Words):
    def term(self, days: int) -> str:
        unit = "рабочего дня" if days % 10 == 1 and days % 100 != 11 else "рабочих дней"
        return f"в течение {days} {unit} со дня подписания протокола"


WORDS: dict[str, Words] = {
    "kk": _KazakhWords(
        kind="ХАТТАМА",
        draft="ЖОБА",
        chaired="Төрағалық еткен",
        secretary="Хатшы",
        present="Қатысқандар",
        present_attached="тізімі қоса беріледі ({count} адам)",
        agenda="КҮН ТӘРТІБІ",
        speaker="Баяндамашы",
        speakers="Баяндамашылар",
        heard="ТЫҢДАЛДЫ",
        spoke="СӨЙЛЕДІ",
        resolved="ҚАУЛЫ ЕТТІ",
        general="ХАТТАМА БОЙЫНША ЖАЛПЫ ТАПСЫРМАЛАР",
        executors="Орындаушылар",
        lead_mark="жинақтау",
        deadline="Мерзімі",
        votes="Дауыс беру қорытындысы: «жақтап» – {for_}, «қарсы» – {against}, «қалыс қалғандар» – {abstained}.",
        adopted="Шешім қабылданды.",
        rejected="Шешім қабылданбады.",
        control="Хаттаманың орындалуын бақылау",
        sign_chair="Төрағалық етуші",
        sign_secretary="Хатшы",
        annex="Хаттамаға қосымша",
        annex_title="Қатысқандар тізімі",
        instead_of="{absent} орнына",
        quorum="Қатысқан әкімдік мүшелері: {present} (барлығы {total}).",
        extract="ХАТТАМАДАН ҮЗІНДІ",
        extract_true="Үзінді дұрыс",
        addressee="Кімге",
    ),
    "ru": _RussianWords(
        kind="ПРОТОКОЛ",
        draft="ПРОЕКТ",
        chaired="Председательствовал",
        secretary="Секретарь",
        present="Присутствовали",
        present_attached="список прилагается ({count} чел.)",
        agenda="ПОВЕСТКА ДНЯ",
        speaker="Докладчик",
        speakers="Докладчики",
        heard="СЛУШАЛИ",
        spoke="ВЫСТУПИЛИ",
        resolved="ПОСТАНОВИЛИ",
        general="ОБЩИЕ ПОРУЧЕНИЯ ПО ПРОТОКОЛУ",
        executors="Исполнители",
        lead_mark="свод",
        deadline="Срок",
        votes="Итоги голосования: «за» – {for_}, «против» – {against}, «воздержались» – {abstained}.",
        adopted="Решение принято.",
        rejected="Решение не принято.",
        control="Контроль за исполнением протокола",
        sign_chair="Председательствующий",
        sign_secretary="Секретарь",
        annex="Приложение к протоколу",
        annex_title="Список присутствовавших",
        instead_of="вместо {absent}",
        quorum="Присутствовали члены акимата: {present} из {total}.",
        extract="ВЫПИСКА ИЗ ПРОТОКОЛА",
        extract_true="Выписка верна",
        addressee="Кому",
    ),
}


@dataclass(frozen=True)
class Signatory:
    """A person as the protocol names them: the position (may be blank) and the full name."""

    position: str
    name: str

    @property
    def line(self) -> str:
        return f"{self.name}, {self.position}" if self.position else self.name


@dataclass(frozen=True)
class PointContent:
    number: str
    text: str
    executors: str
    deadline: str


@dataclass(frozen=True)
class SectionContent:
    """One item of the agenda as its section of the protocol (Appendix 6)."""

    number: int
    title: str
    speakers: tuple[Signatory, ...]
    heard: str
    spoke: str
    points: tuple[PointContent, ...]
    votes: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class ProtocolContent:
    """Everything the protocol prints, in its language and in the order of Appendix 6."""

    language: str
    words: Words
    letterhead: str
    is_draft: bool
    number: str
    date: str
    place: str
    title: str
    full: bool
    chair: Signatory
    secretary: Signatory | None
    present: tuple[str, ...]
    quorum: str
    sections: tuple[SectionContent, ...]
    general_points: tuple[PointContent, ...]
    control: str
    header: str = ""
    emblem: str = ""
    addressee: str = ""  # an extract's addressee: only the points that concern it are in the content

    @property
    def present_attached(self) -> bool:
        """Appendix 6 item 1: more than ten present — the protocol refers to the attached list."""
        return len(self.present) > PRESENT_LISTED_UP_TO

    @property
    def present_attached_text(self) -> str:
        return self.words.present_attached.format(count=len(self.present))


def protocol_languages(protocol: Protocol) -> tuple[str, ...]:
    """The languages the protocol is kept in: Kazakh always (§8.5), Russian when it has a Russian version."""
    return LANGUAGES if protocol.has_russian else ("kk",)


def _check_language(protocol: Protocol, language: str) -> None:
    if language not in protocol_languages(protocol):
        raise ValueError(f"The protocol {protocol.pk} is not kept in {language!r}.")


def _in(language: str, kk: str, ru: str) -> str:
    """The text of the document's language; a Russian version falls back to the Kazakh text where it has none."""
    return kk or ru if language == "kk" else ru or kk


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _signatory(person: Person | None) -> Signatory | None:
    if person is None:
        return None
    return Signatory(position=person.position, name=person.full_name)


def _present(meeting: Meeting, words: Words) -> tuple[str, ...]:
    """Who was present (members first, then the invited), with the substitutes who came for absent members; the
    chair and the secretary are named on their own lines of the protocol, not again in the list."""
    rows = []
    named = [pk for pk in (meeting.chair_id, meeting.secretary_id) if pk is not None]
    participants = meeting.participants.select_related("person").exclude(person__in=named).order_by("id")
    members_first = sorted(participants, key=lambda p: (p.role != Participant.Role.MEMBER, p.pk))
    for participant in members_first:
        person = participant.person
        name = person.full_name if person else participant.name
        position = (person.position if person else "") or participant.position
        if participant.present:
            rows.append(f"{name}, {position}" if position else name)
        elif participant.substitute:
            rows.append(f"{participant.substitute} ({words.instead_of.format(absent=name)})")
    return tuple(rows)


def _executors(point: ProtocolPoint, words: Words) -> str:
    lead = point.lead_person.full_name if point.lead_person else ""
    if point.lead_unit is not None:
        lead = f"{point.lead_unit.name}{f' ({lead})' if lead else ''}"
    co = [unit.name for unit in point.co_units.all()]
    if co:
        lead = f"{lead} ({words.lead_mark})"
    return ", ".join([lead, *co])


def _deadline(protocol: Protocol, point: ProtocolPoint, words: Words) -> str:
    if point.deadline is not None:
        return _date(point.deadline)
    if protocol.signed_on is not None:  # a signed protocol's term has become a date (akimat.workdays)
        return _date(services.point_deadline(protocol, point))
    return words.term(point.term_days or 0)


def _point(protocol: Protocol, point: ProtocolPoint, language: str, words: Words) -> PointContent:
    return PointContent(
        number=point.number,
        text=_in(language, point.text_kk, point.text_ru),
        executors=_executors(point, words),
        deadline=_deadline(protocol, point, words),
    )


def _control(protocol: Protocol) -> str:
    """§8.5, Appendix 6 item 5: who controls the execution — the unit and the official it names."""
    names = []
    if protocol.controller_unit is not None:
        names.append(protocol.controller_unit.name)
    if protocol.controller_person is not None:
        names.append(_signatory(protocol.controller_person).line)
    return ", ".join(names)


def _load(protocol: Protocol) -> tuple[list[AgendaItem], list[ProtocolPoint]]:
    points = list(
        protocol.points.select_related("lead_unit", "lead_person").prefetch_related("co_units").order_by("order", "id")
    )
    items = list(
        protocol.meeting.items.prefetch_related(Prefetch("speakers", queryset=Person.objects.order_by("id"))).order_by(
            "order", "id"
        )
    )
    return items, points


def _concerns(point: ProtocolPoint, unit: OrgUnit) -> bool:
    return point.lead_unit_id == unit.pk or any(co.pk == unit.pk for co in point.co_units.all())


def protocol_content(protocol: Protocol, language: str, *, unit: OrgUnit | None = None) -> ProtocolContent:
    """The protocol's content in `language` ("kk", or "ru" when it has a Russian version), in Appendix 6's order;
    with `unit`, the extract for that addressee (Appendix 6 item 4): the items and points that concern it alone."""
    _check_language(protocol, language)
    protocol = Protocol.objects.select_related(
        "meeting__type", "meeting__chair", "meeting__secretary", "signer", "controller_unit", "controller_person"
    ).get(pk=protocol.pk)  # fmt: skip
    meeting = protocol.meeting
    words = WORDS[language]
    with translation.override(language):  # the names of units and positions in the document's language
        items, points = _load(protocol)
        by_item: dict[int, list[PointContent]] = {}
        general: list[PointContent] = []
        for point in points:
            if unit is not None and not _concerns(point, unit):
                continue
            content = _point(protocol, point, language, words)
            (by_item.setdefault(point.item_id, []) if point.item_id else general).append(content)
        sections = []
        for number, item in enumerate(items, start=1):
            if unit is not None and item.pk not in by_item:
                continue
            votes = ""
            if item.votes_for is not None:
                votes = words.votes.format(
                    for_=item.votes_for, against=item.votes_against or 0, abstained=item.votes_abstained or 0
                )
            outcome = {AgendaItem.Outcome.ADOPTED: words.adopted, AgendaItem.Outcome.REJECTED: words.rejected}
            sections.append(
                SectionContent(
                    number=number,
                    title=_in(language, item.title_kk, item.title_ru),
                    speakers=tuple(_signatory(person) for person in item.speakers.all()),
                    heard=_in(language, item.heard_kk, item.heard_ru),
                    spoke=_in(language, item.spoke_kk, item.spoke_ru),
                    points=tuple(by_item.get(item.pk, ())),
                    votes=votes,
                    outcome=outcome.get(item.outcome, ""),
                )
            )
        quorum = ""
        if meeting.is_session and meeting.total_members:
            quorum = words.quorum.format(present=meeting.present_members or 0, total=meeting.total_members)
        head = pdf.letterhead()
        is_draft = protocol.status != Protocol.Status.REGISTERED
        day = services.meeting_day(meeting)
        number = "" if is_draft else protocol.number
        return ProtocolContent(
            language=language,
            words=words,
            letterhead=head.name,
            emblem=head.emblem,
            is_draft=is_draft,
            number=number,
            date=_date(day),
            place=meeting.place,
            title=_in(language, meeting.title_kk, meeting.title_ru) or meeting.type.name_in(language),
            full=protocol.form == Protocol.Form.FULL,
            chair=_signatory(meeting.chair),
            secretary=_signatory(meeting.secretary),
            present=_present(meeting, words),
            quorum=quorum,
            sections=tuple(sections),
            general_points=tuple(general),
            control=_control(protocol),
            header=" · ".join(filter(None, [words.kind, f"№ {number}" if number else words.draft, _date(day)])),
            addressee=unit.name if unit is not None else "",
        )


def protocol_pdf(protocol: Protocol, language: str) -> bytes:
    """The protocol in the official form of 003 Appendix 6 as PDF bytes, in Kazakh or Russian."""
    content = protocol_content(protocol, language)
    return pdf.render_pdf("meetings/pdf/protocol.html", {"doc": content, "words": content.words}, language=language)


def extract_units(protocol: Protocol) -> dict[int, OrgUnit]:
    """The units an extract of the protocol can be made for: its addressees and the executors of its points."""
    ids = set(protocol.distribution.filter(unit__isnull=False).values_list("unit", flat=True))
    ids |= set(protocol.points.filter(lead_unit__isnull=False).values_list("lead_unit", flat=True))
    ids |= set(
        ProtocolPoint.co_units.through.objects.filter(protocolpoint__protocol=protocol).values_list(
            "orgunit", flat=True
        )
    )
    return OrgUnit.objects.in_bulk(ids)


def extract_pdf(protocol: Protocol, language: str, unit: OrgUnit) -> bytes:
    """Appendix 6 item 4: the extract of the protocol for one addressee — its header, the items and points that
    concern the unit (as lead or co-executor), who controls, and the secretary's "extract is true"."""
    content = protocol_content(protocol, language, unit=unit)
    return pdf.render_pdf("meetings/pdf/extract.html", {"doc": content, "words": content.words}, language=language)


def protocol_filename(protocol: Protocol, language: str) -> str:
    stem = f"protocol-{protocol.number}" if protocol.number else f"protocol-draft-{protocol.pk}"
    return f"{stem}-{services.meeting_day(protocol.meeting):%Y-%m-%d}-{language}"


# --- the .docx ---------------------------------------------------------------------------------------------


def protocol_docx(protocol: Protocol, language: str) -> bytes:
    """The same protocol as a .docx (python-docx) for those who pass the text on: same content, same order."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    doc_content = protocol_content(protocol, language)
    words = doc_content.words
    document = docx.Document()
    for section in document.sections:  # the PDF's page: A4, a wider left margin for binding (templates/pdf)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin = section.bottom_margin = Mm(20)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(2)
    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT

    def para(text: str = "", *, bold: bool = False, align=None, underline: bool = False, space_before: int = 0):
        paragraph = document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if space_before:
            paragraph.paragraph_format.space_before = Pt(space_before)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
            run.underline = underline
        return paragraph

    def labelled(label: str, text: str):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text)
        return paragraph

    def points(rows: tuple[PointContent, ...]) -> None:
        for point in rows:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{point.number}. ").bold = True
            paragraph.add_run(point.text)
            labelled(words.executors, point.executors).paragraph_format.left_indent = Mm(8)
            labelled(words.deadline, point.deadline).paragraph_format.left_indent = Mm(8)

    para(doc_content.letterhead.upper(), bold=True, align=centre)
    if doc_content.is_draft:
        para(words.draft, bold=True, align=right)
    para(words.kind, bold=True, align=centre, space_before=6)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = doc_content.date
    number_cell = table.cell(0, 1)
    number_cell.text = f"№ {doc_content.number}" if doc_content.number else "№ ____"
    number_cell.paragraphs[0].alignment = right
    if doc_content.place:
        para(doc_content.place, align=centre)
    para(doc_content.title, bold=True, align=centre, space_before=6)
    labelled(words.chaired, doc_content.chair.line)
    if doc_content.secretary:
        labelled(words.secretary, doc_content.secretary.line)
    if doc_content.present_attached:
        labelled(words.present, doc_content.present_attached_text)
    else:
        para(f"{words.present}:", bold=True)
        for row in doc_content.present:
            para(row).paragraph_format.left_indent = Mm(8)
    if doc_content.quorum:
        para(doc_content.quorum)
    if doc_content.full:
        para(f"{words.agenda}:", bold=True, space_before=6)
        for section in doc_content.sections:
            para(f"{section.number}. {section.title}")
            if section.speakers:
                label = words.speakers if len(section.speakers) > 1 else words.speaker
                labelled(label, "; ".join(s.line for s in section.speakers)).paragraph_format.left_indent = Mm(8)
        for section in doc_content.sections:
            para(f"{section.number}. {words.heard}:", bold=True, space_before=8)
            for speaker in section.speakers:
                para(speaker.line)
            para(section.heard or section.title)
            if section.spoke:
                para(f"{words.spoke}:", bold=True)
                para(section.spoke)
            if section.points or section.votes:  # as the PDF: no empty heading for an item without a decision
                para(f"{words.resolved}:", bold=True)
            points(section.points)
            if section.votes:
                para(f"{section.votes} {section.outcome}".strip())
    else:
        for section in doc_content.sections:
            para(f"{section.number}. {section.title}", bold=True, align=centre, underline=True, space_before=8)
            if section.speakers:
                para("; ".join(s.line for s in section.speakers), align=centre)
            if section.spoke:
                para(section.spoke)
            points(section.points)
            if section.votes:
                para(f"{section.votes} {section.outcome}".strip())
    if doc_content.general_points:
        para(f"{words.general}:", bold=True, space_before=8)
        points(doc_content.general_points)
    if doc_content.control:
        labelled(words.control, doc_content.control).paragraph_format.space_before = Pt(8)
    signatures = document.add_table(rows=0, cols=3)
    signers = [(words.sign_chair, doc_content.chair)]
    if doc_content.secretary:
        signers.append((words.sign_secretary, doc_content.secretary))
    for label, person in signers:
        cells = signatures.add_row().cells
        cells[0].text = f"{label}\n{person.position}".strip()
        cells[1].text = "____________"
        cells[2].text = person.name
    if doc_content.present_attached:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        annex = para(words.annex, align=right)
        annex.add_run(f"\n{words.kind.capitalize()} № {doc_content.number or '____'} {doc_content.date}")
        para(words.annex_title, bold=True, align=centre, space_before=6)
        for index, row in enumerate(doc_content.present, start=1):
            para(f"{index}. {row}")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- the package of a meeting (§5.8) --------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageMaterial:
    kind: str
    language: str
    name: str
    submitted_at: datetime.datetime | None
    late: bool = False
    missing: bool = False


@dataclass(frozen=True)
class PackageItem:
    number: int
    title: str
    speakers: tuple[Signatory, ...]
    starts: str
    minutes: int | None
    responsible: str
    draft_resolutions: tuple[str, ...]
    materials: tuple[PackageMaterial, ...]


def package_items(meeting: Meeting) -> list[PackageItem]:
    """The items in order, each with its time in the order of proceedings, its speakers, its draft resolutions
    (the linked draft act and the materials of that kind) and its materials with late and missing marks (§5.17)."""
    items = meeting.items.select_related("draft_act").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.order_by("id")),
        "responsible_units",
        Prefetch("materials", queryset=Material.objects.select_related("attachment").order_by("kind", "id")),
    )
    kind_labels = dict(Material.Kind.choices)
    language_labels = dict(Material.Language.choices)
    clock: datetime.datetime | None = timezone.localtime(meeting.starts_at)
    rows = []
    for number, item in enumerate(items.order_by("order", "id"), start=1):
        materials = list(item.materials.all())
        drafts = []
        if item.draft_act is not None:
            drafts.append(title_in(item.draft_act))
        drafts += [
            f"{m.attachment.original_name} ({language_labels[m.language]})"
            for m in materials
            if m.kind == Material.Kind.DRAFT_RESOLUTION
        ]
        marked = [
            PackageMaterial(
                kind=str(kind_labels[m.kind]),
                language=str(language_labels[m.language]),
                name=m.attachment.original_name,
                submitted_at=m.submitted_at,
                late=m.is_late,
            )  # fmt: skip
            for m in materials
        ]
        marked += [
            PackageMaterial(kind=str(kind_labels[kind]), language="", name="", submitted_at=None, missing=True)
            for kind in services.missing_materials(item, [m.kind for m in materials])
        ]
        rows.append(
            PackageItem(
                number=number,
                title=item.title,
                speakers=tuple(_signatory(p) for p in item.speakers.all()),
                starts=f"{clock:%H:%M}" if clock else "",
                minutes=item.minutes,
                responsible=", ".join(unit.name for unit in item.responsible_units.all()),
                draft_resolutions=tuple(filter(None, drafts)),
                materials=tuple(marked),
            )
        )
        # the next item starts when this one ends; an item without a time leaves the rest untimed
        clock = clock + datetime.timedelta(minutes=item.minutes) if clock and item.minutes else None
    return rows


def package_pdf(meeting: Meeting, *, prepared_by: Any | None = None) -> bytes:
    """§5.8, §5.30: the package of a meeting as one PDF in the reader's language: the agenda, the order of
    proceedings, the invited, the list of draft resolutions and the materials of each item, late and missing
    ones marked."""
    meeting = Meeting.objects.select_related("type", "chair", "secretary", "organiser_unit").get(pk=meeting.pk)
    invited = [
        _signatory(p.person) or Signatory(position=p.position, name=p.name)
        for p in meeting.participants.filter(role=Participant.Role.INVITED).select_related("person").order_by("id")
    ]
    items = package_items(meeting)
    context = {
        "meeting": meeting,
        "title": meeting.title or meeting.type.name,
        "starts_at": timezone.localtime(meeting.starts_at),
        "chair": _signatory(meeting.chair),
        "items": items,
        "invited": invited,
        "drafts": [item for item in items if item.draft_resolutions],
        "missing": sum(1 for item in items for m in item.materials if m.missing),
        "late": sum(1 for item in items for m in item.materials if m.late),
    }
    return pdf.render_pdf("meetings/pdf/package.html", context, prepared_by=prepared_by)


def package_zip(meeting: Meeting, *, prepared_by: Any | None = None) -> bytes:
    """§5.8: the package "and the files": one archive with the package PDF first, then the materials of each
    item in the agenda's order under their original names ("02-item/reference_note-kk-note.pdf"), so that the
    head of apparatus has the whole set offline. A file missing from the storage is left out, not a failure."""
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("00-package.pdf", package_pdf(meeting, prepared_by=prepared_by))
        materials = Material.objects.filter(item__meeting=meeting).select_related("attachment", "item")
        numbers = {pk: n for n, pk in enumerate(meeting.items.order_by("order", "id").values_list("pk", flat=True), 1)}
        taken: set[str] = set()
        for material in sorted(materials, key=lambda m: (numbers[m.item_id], m.kind, m.pk)):
            folder, original = f"{numbers[material.item_id]:02d}", material.attachment.original_name.replace("/", "_")
            name = f"{folder}/{material.kind}-{material.language}-{original}"
            if name in taken:  # two files of one name in one item
                name = f"{folder}/{material.pk}-{original}"
            taken.add(name)
            try:
                with material.attachment.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except FileNotFoundError:
                continue
    return output.getvalue()
