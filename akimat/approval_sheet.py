"""The approval sheet (лист согласования, келісу парағы) of anything approved by visas — a draft act, an outgoing
letter, a protocol: 000 Appendix 3 (the record of the approval time with the officials of the apparatus) and
003 §10.15 (the draft goes to the general department on paper "with the electronic visas of the officials on
a separate sheet").

One row per visa, in the order of the route: the official's position and name (and who gave the visa when
someone acted for them), when the visa reached them, when it was given, the outcome and the reason of a
return. A PDF in Kazakh or Russian on the apparatus's letterhead (akimat.pdf), whatever the reader's language.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext

from akimat import approvals, pdf
from akimat.models import Visa


@dataclass(frozen=True)
class SheetRow:
    """One visa as the sheet prints it."""

    number: int
    position: str
    name: str
    role: str
    acting_name: str
    acting_position: str
    received_at: datetime | None
    decided_at: datetime | None
    decision: str
    outcome: str
    reason: str

    @property
    def returned(self) -> bool:
        return self.decision == Visa.Decision.RETURNED


@dataclass(frozen=True)
class SheetRound:
    """The visas of one round of approval (a resubmission starts the next; for an act, its version)."""

    number: int
    rows: tuple[SheetRow, ...]


def approval_sheet_pdf(
    subject: Any,
    *,
    language: str,
    title: str,
    visas: Iterable[Visa],
    kind: str = "",
    role_labels: Mapping[str, str] | None = None,
    prepared_by: Any | None = None,
) -> bytes:
    """The approval sheet of `subject`'s `visas` as PDF bytes, in `language` ("kk" or "ru").

    `title` names the document ("On the district budget for 2027"); `kind` says what it is ("Draft resolution
    of the akimat"), printed above it; `role_labels` turns the visas' role codes into words (by default the
    route's own words, akimat.approvals.role_label); `prepared_by` is
    the user who prints the sheet. The visas are printed as given, grouped by round in route order.
    """
    if isinstance(visas, QuerySet):
        visas = visas.select_related("approver", "acting_person")
    with translation.override(language):
        rounds = sheet_rounds(visas, role_labels=role_labels)
        context = {
            "subject": subject,
            "title": title,
            "kind": kind,
            "rounds": rounds,
            "several_rounds": len(rounds) > 1,
        }
        return pdf.render_pdf("pdf/approval_sheet.html", context, language=language, prepared_by=prepared_by)


def sheet_rounds(visas: Iterable[Visa], *, role_labels: Mapping[str, str] | None = None) -> tuple[SheetRound, ...]:
    """The visas grouped by round, each round in the order of its route (in the active language)."""
    by_round: dict[int, list[Visa]] = {}
    for visa in visas:
        by_round.setdefault(visa.round, []).append(visa)
    return tuple(
        SheetRound(
            number=number,
            rows=tuple(
                _row(index, visa, role_labels)
                for index, visa in enumerate(sorted(by_round[number], key=lambda visa: visa.position), start=1)
            ),
        )
        for number in sorted(by_round)
    )


def _row(number: int, visa: Visa, role_labels: Mapping[str, str] | None) -> SheetRow:
    approver, acting = visa.approver, visa.acting_person
    if not visa.role:
        role = ""
    else:
        role = str(role_labels.get(visa.role, "")) if role_labels is not None else approvals.role_label(visa.role)
    return SheetRow(
        number=number,
        position=approver.position or role,
        name=approver.full_name,
        role=role if role and role.casefold() != approver.position.casefold() else "",
        acting_name=acting.full_name if acting else "",
        acting_position=acting.position if acting else "",
        received_at=visa.received_at,
        decided_at=visa.decided_at,
        decision=visa.decision,
        outcome=_outcome(visa),
        reason=visa.comment if visa.decision == Visa.Decision.RETURNED else "",
    )


def _outcome(visa: Visa) -> str:
    if visa.decision == Visa.Decision.AGREED:
        return gettext("Agreed")
    if visa.decision == Visa.Decision.RETURNED:
        return gettext("Returned for rework")
    if visa.received_at is None:
        return gettext("Not yet received")
    return gettext("Under consideration")
