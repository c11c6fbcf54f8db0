"""What an appeal must contain — APPK art. 63, checked at registration by the appeals department (003 §13.7).

An individual gives their surname and first name (the patronymic only if it is in the identity document, so it is
never required), their postal address, and their IIN if they have one; a legal entity its name, postal address and
BIN if any. Every appeal names its addressee (the body or the official) and its essence; a written appeal on paper
is signed and dated by the applicant (an electronic one is signed by EDS, an oral one is written into a record by
the employee, §13.10); a representative shows the document of their authority. An anonymous appeal is not
checked: it is not considered at all (SPEC §8).

The check never refuses an appeal (§13.5): it lists what is missing, so that the form can show it and the head of
the appeals department can give the applicant a reasonable term to fix it (§13.7). Only a mistyped IIN or BIN is an
error of the form: it is optional, but a given one must be valid (``akimat.identifiers``).

The missing items are stored as codes: an item of the appeal ("summary"), or of its n-th applicant ("address:2",
counted from 1) so that a collective appeal says whose address is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from akimat import identifiers
from appeals.models import PAPER_CHANNELS, Applicant

#: APPK art. 63: the items an appeal may lack, in the order the form and the notice list them
ITEMS = {
    "applicant": gettext_lazy("the applicant (surname, first name, postal address)"),
    "surname": gettext_lazy("surname"),
    "first_name": gettext_lazy("first name"),
    "organisation": gettext_lazy("name of the legal entity"),
    "address": gettext_lazy("postal address"),
    "addressee": gettext_lazy("the body or official the appeal is addressed to"),
    "summary": gettext_lazy("essence of the appeal"),
    "signature": gettext_lazy("signature of the applicant"),
    "date": gettext_lazy("date of the appeal"),
    "authority": gettext_lazy("document of the representative's authority"),
}
#: the items of one applicant (the others are of the appeal)
APPLICANT_ITEMS = frozenset({"surname", "first_name", "organisation", "address"})


class ApplicantLike(Protocol):
    type: str
    surname: str
    first_name: str
    organisation: str
    address: str
    iin: str
    bin: str


@dataclass(frozen=True)
class Missing:
    """A required item the appeal lacks: its code, and the applicant it concerns (1, 2, … or None)."""

    code: str
    applicant: int | None = None

    @property
    def key(self) -> str:
        """As stored in Appeal.missing_items: "summary", "address:2"."""
        return self.code if self.applicant is None else f"{self.code}:{self.applicant}"

    @property
    def label(self) -> str:
        """The item in words, in the active language; with the applicant's number when it is one's."""
        text = str(ITEMS[self.code])
        if self.applicant is None:
            return text
        return gettext("applicant %(number)s: %(item)s") % {"number": self.applicant, "item": text}


def parse(keys: Iterable[str]) -> list[Missing]:
    """The stored keys back as items (unknown codes are left out)."""
    found = []
    for key in keys:
        code, _sep, number = key.partition(":")
        if code in ITEMS:
            found.append(Missing(code, int(number) if number.isdigit() else None))
    return found


def labels(keys: Iterable[str]) -> list[str]:
    """The stored keys as the words a form or a notice shows."""
    return [item.label for item in parse(keys)]


def _applicant_missing(applicant: ApplicantLike, number: int | None) -> list[Missing]:
    found = []
    if applicant.type == Applicant.Type.LEGAL_ENTITY:
        if not applicant.organisation.strip():
            found.append(Missing("organisation", number))
    else:
        # the patronymic is given "if it is in the identity document": never required
        if not applicant.surname.strip():
            found.append(Missing("surname", number))
        if not applicant.first_name.strip():
            found.append(Missing("first_name", number))
    if not applicant.address.strip():
        found.append(Missing("address", number))
    return found


def missing(
    *,
    applicants: Sequence[ApplicantLike],
    addressee_given: bool,
    summary: str,
    channel: str,
    signed: bool,
    dated: bool,
    is_anonymous: bool = False,
    representative_name: str = "",
    representative_document: str = "",
) -> list[Missing]:
    """APPK art. 63: what the appeal lacks (empty when nothing); an anonymous appeal is not checked."""
    if is_anonymous:
        return []
    found: list[Missing] = []
    if not applicants:
        found.append(Missing("applicant"))
    numbered = len(applicants) > 1  # a collective appeal says whose item is missing
    for position, applicant in enumerate(applicants, start=1):
        found += _applicant_missing(applicant, position if numbered else None)
    if not addressee_given:
        found.append(Missing("addressee"))
    if not (summary or "").strip():
        found.append(Missing("summary"))
    # a paper appeal is signed and dated by the applicant; e-Otinish signs by EDS, §13.10 records an oral one
    if channel in PAPER_CHANNELS:
        if not signed:
            found.append(Missing("signature"))
        if not dated:
            found.append(Missing("date"))
    if representative_name.strip() and not representative_document.strip():
        found.append(Missing("authority"))
    return found


def missing_in_appeal(appeal) -> list[Missing]:
    """The check of a registered appeal, as it stands now."""
    return missing(
        applicants=[party.applicant for party in appeal.parties.select_related("applicant").order_by("order", "pk")],
        addressee_given=appeal.addressee_id is not None or bool(appeal.addressee_name.strip()),
        summary=appeal.summary,
        channel=appeal.channel,
        signed=appeal.signed,
        dated=appeal.dated_on is not None,
        is_anonymous=appeal.is_anonymous,
        representative_name=appeal.representative_name,
        representative_document=appeal.representative_document,
    )


def identifier_errors(applicants: Sequence[ApplicantLike]) -> list[str]:
    """The messages of every mistyped IIN or BIN (optional, but a given one must be valid); empty when none."""
    messages = []
    numbered = len(applicants) > 1
    for position, applicant in enumerate(applicants, start=1):
        if applicant.type == Applicant.Type.LEGAL_ENTITY:
            value, validate = applicant.bin, identifiers.validate_bin
        else:
            value, validate = applicant.iin, identifiers.validate_iin
        if not value:
            continue
        try:
            validate(value)
        except ValidationError as error:
            for message in error.messages:
                if numbered:
                    message = gettext("applicant %(number)s: %(item)s") % {"number": position, "item": message}
                messages.append(message)
    return messages


def validate_identifiers(applicants: Sequence[ApplicantLike]) -> None:
    """ValidationError on "applicants" naming each mistyped IIN or BIN."""
    messages = identifier_errors(applicants)
    if messages:
        raise ValidationError({"applicants": messages})
