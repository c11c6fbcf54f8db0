"""The talon given to the applicant at registration (APPK art. 64; 003 §13.6): the appeal's unique number, the
date and time of its registration, and the name and position of the person who received it, on the apparatus's
letterhead (``akimat.pdf``), in Kazakh or Russian.

The talon is a paper of the administrative procedure in the language the applicant is given it in: its fixed words
(ТАЛОН, Тіркеу нөмірі / Регистрационный номер …) and the names of the kinds of appeal are kept here, one set per
language, as meetings/documents.py keeps the protocol's — not interface strings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation

from akimat import pdf
from appeals.models import Appeal

LANGUAGES = ("kk", "ru")


@dataclass(frozen=True)
class Words:
    """The fixed words of the talon in one language."""

    title: str
    subtitle: str
    number: str
    registered: str
    received: str
    applicant: str
    anonymous: str
    representative: str
    kind: str
    pages: str
    received_by: str
    basis: str
    kinds: dict[str, str]


WORDS: dict[str, Words] = {
    "kk": Words(
        title="ТАЛОН",
        subtitle="жеке және заңды тұлғалардың өтінішін қабылдау туралы",
        number="Тіркеу нөмірі",
        registered="Тіркелген күні мен уақыты",
        received="Келіп түскен күні мен уақыты",
        applicant="Өтініш беруші",
        anonymous="жасырын (аноним) өтініш",
        representative="Өкіл",
        kind="Өтініштің түрі",
        pages="Парақтар саны",
        received_by="Өтінішті қабылдаған",
        basis="Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 64-бабына сәйкес берілді.",
        kinds={
            "application": "өтініш",
            "complaint": "шағым",
            "proposal": "ұсыныс",
            "response": "пікір",
            "request": "сұрау салу",
            "message": "хабарлама",
        },
    ),
    "ru": Words(
        title="ТАЛОН",
        subtitle="о приёме обращения физического или юридического лица",
        number="Регистрационный номер",
        registered="Дата и время регистрации",
        received="Дата и время поступления",
        applicant="Заявитель",
        anonymous="анонимное обращение",
        representative="Представитель",
        kind="Вид обращения",
        pages="Количество листов",
        received_by="Обращение принял",
        basis="Выдан в соответствии со статьёй 64 Административного процедурно-процессуального кодекса "
        "Республики Казахстан.",
        kinds={
            "application": "заявление",
            "complaint": "жалоба",
            "proposal": "предложение",
            "response": "отклик",
            "request": "запрос",
            "message": "сообщение",
        },
    ),
}


@dataclass(frozen=True)
class TalonContent:
    number: str
    registered: str  # "dd.mm.yyyy hh:mm"; the date alone when it was entered before its day of registration
    received: str
    applicants: tuple[str, ...]
    representative: str
    kind: str
    pages: int
    receiver: pdf.Official


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def _registered(appeal: Appeal) -> str:
    """The date and time of registration: the moment it was entered, on its day of registration. One entered after
    the working day or on a day off is registered the next working day (APPK art. 64): that date alone."""
    if timezone.localdate(appeal.registered_at) == appeal.registered_on:
        return _moment(appeal.registered_at)
    return appeal.registered_on.strftime("%d.%m.%Y")


def talon_content(appeal: Appeal, language: str) -> TalonContent:
    """What the talon says, in the language given."""
    if language not in LANGUAGES:
        raise ValueError(f"A talon is printed in Kazakh or Russian, not {language!r}.")
    words = WORDS[language]
    with translation.override(language):  # the receiver's position in the talon's language
        person = getattr(appeal.created_by, "person", None)
        receiver = pdf.official(person, "")
    parties = appeal.parties.select_related("applicant").order_by("order", "pk")
    return TalonContent(
        number=appeal.number,
        registered=_registered(appeal),
        received=_moment(appeal.received_at),
        applicants=tuple(party.applicant.display_name for party in parties),
        representative=appeal.representative_name,
        kind=words.kinds.get(appeal.kind, appeal.kind),
        pages=appeal.pages,
        receiver=receiver,
    )


def talon_pdf(appeal: Appeal, language: str) -> bytes:
    """The talon as PDF bytes, in Kazakh ("kk") or Russian ("ru")."""
    content = talon_content(appeal, language)
    return pdf.render_pdf(
        "appeals/pdf/talon.html", {"doc": content, "words": WORDS[language], "appeal": appeal}, language=language
    )


def talon_filename(appeal: Appeal, language: str) -> str:
    return f"talon-{appeal.number}-{appeal.registered_on:%Y-%m-%d}-{language}"
