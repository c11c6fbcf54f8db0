"""Acts: the ONLY mutator of acts and their versions, files, returns, points and distribution — 003 §10.

    DRAFT → (submit) ON_APPROVAL → visas (akimat.approvals) → TO_SIGN → (sign) SIGNED → (register) REGISTERED
    ON_APPROVAL/TO_SIGN/SIGNED → (return_draft, or a visa returned) RETURNED → (resubmit) ON_APPROVAL …
    RETURNED/DRAFT → (request_withdrawal) WITHDRAWN

Every term comes from the regulation profile (``acts.*`` rules) and every date from ``akimat.workdays``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from acts.models import Act, ActFile, ActPoint, ActReturn, ActType, ActVersion, Basis, Distribution, Urgency

if TYPE_CHECKING:
    from akimat.approvals import Step

    from akimat.models import OrgUnit, Person
    from control.models import ControlItem

# §10.5–§10.10: a flag of the draft → the attachment it demands
REQUIRED_FILES: dict[str, str] = {
    "amends_acts": ActFile.Kind.COMPARISON_TABLE,  # §10.5
    "repeals_acts": ActFile.Kind.JUSTIFICATION_NOTE,  # §10.6
    "touches_business": ActFile.Kind.BUSINESS_OPINION,  # §10.7
    "needs_science_expertise": ActFile.Kind.SCIENCE_EXPERTISE,  # §10.8
    "executes_instruction": ActFile.Kind.INSTRUCTION_COPY,  # §10.9
    "raises_spending": ActFile.Kind.FINANCING_NOTE,  # §10.10
}

ACTIONS = frozenset(
    {"edit", "submit", "return", "resubmit", "withdraw", "sign", "register", "points", "dispatch",
     "state_registration", "short_term", "visa"}
)  # fmt: skip


@dataclass
class DraftData:
    """What the draft form holds (VIEWS builds it from its form's cleaned_data)."""

    type: str
    is_normative: bool
    developer_unit: OrgUnit
    developer: Person
    curator: Person | None
    urgency: str
    basis: str
    basis_object: models.Model | None
    basis_label: str
    title_kk: str
    title_ru: str
    text_kk: str
    text_ru: str
    note: str = ""
    amends_acts: bool = False
    repeals_acts: bool = False
    touches_business: bool = False
    needs_science_expertise: bool = False
    executes_instruction: bool = False
    raises_spending: bool = False
    is_dsp: bool = False
    addressees: list[OrgUnit] = field(default_factory=list)
    other_addressees: list[str] = field(default_factory=list)


@dataclass
class PointData:
    """A point of the act going on control: its number ("3.2"), text, executor and deadline."""

    number: str
    text: str
    deadline: datetime.date
    lead_unit: OrgUnit | None = None
    lead_person: Person | None = None


def create_draft(*, actor, data: DraftData, files: Sequence[tuple[str, UploadedFile]] = ()) -> Act:
    """A new draft, version 1. ``files`` are (ActFile.Kind, upload); a .docx text upload fills the text when
    the text field is empty. §10.2: a normative act needs both languages. A basis INSTRUCTION with a control
    item sets executes_instruction and the basis label (§10.9)."""
    raise NotImplementedError


def update_draft(
    act: Act,
    *,
    actor,
    data: DraftData,
    files: Sequence[tuple[str, UploadedFile]] = (),
    remove_files: Sequence[int] = (),
) -> Act:
    """Edits a DRAFT or RETURNED act (developer side only); after a return opens the next version (§10.13)."""
    raise NotImplementedError


def missing_files(act: Act) -> list[str]:
    """Labels of the required attachments missing from the current version (§10.5–§10.10), translated."""
    raise NotImplementedError


def default_route(act: Act) -> list[Step]:
    """The default route from the profile rule acts.route.<type>, with terms (§10.3, §10.14)."""
    raise NotImplementedError


def approval_due_on(act: Act, *, start: datetime.date) -> datetime.date:
    """The route's term per type / urgency / shorter term (§10.14)."""
    raise NotImplementedError


def submit(act: Act, *, actor, steps: Sequence[Step]) -> Act:
    """Sends the draft for approval: §10.5–§10.10 files, §10.2 languages, §10.3 the legal consultant last."""
    raise NotImplementedError


def set_short_term(act: Act, *, actor, due_on: datetime.date) -> Act:
    """§10.14: a shorter approval term, set by the akim, a deputy akim or the head of apparatus only."""
    raise NotImplementedError


def return_draft(act: Act, *, actor, ground: str, reason: str, reference: str = "") -> ActReturn:
    """§10.12 / §10.11: returns the draft for rework on a ground the actor may use."""
    raise NotImplementedError


def resubmit(act: Act, *, actor, steps: Sequence[Step] | None = None) -> Act:
    """§10.13: the reworked version goes on a new round."""
    raise NotImplementedError


def request_withdrawal(act: Act, *, actor, reason: str) -> Act:
    """§10.13: the developer asks in writing to withdraw the draft → WITHDRAWN."""
    raise NotImplementedError


def sign(act: Act, *, actor, signed_file: UploadedFile, signed_on: datetime.date) -> Act:
    """§10.15: signing after every visa, by the signer (or acting, or the general department on paper)."""
    raise NotImplementedError


def register(act: Act, *, actor) -> Act:
    """§10.16–§10.17: the number, the registration date, the storage mark; points on control."""
    raise NotImplementedError


def set_points(act: Act, *, actor, points: Sequence[PointData]) -> list[ActPoint]:
    """Replaces the act's points not yet on control."""
    raise NotImplementedError


def put_points_on_control(act: Act, *, actor) -> list[ControlItem]:
    """The registered act's points go on control (control.services.put_on_control, source = the act)."""
    raise NotImplementedError


def record_dispatch(distribution: Distribution, *, actor, sent_on: datetime.date, channel: str) -> Distribution:
    """§10.18: the certified copy sent to one addressee."""
    raise NotImplementedError


def record_state_registration(
    act: Act,
    *,
    actor,
    submitted_on: datetime.date | None = None,
    justice_number: str = "",
    justice_registered_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
) -> Act:
    """Normative acts only: submission to the justice body, its registration, publication."""
    raise NotImplementedError


def versions_compare(act: Act, a: int, b: int) -> Any:
    """Thin wrapper over acts.compare: versions ``a`` and ``b`` of the act side by side."""
    raise NotImplementedError


def allowed_actions(act: Act, user) -> set[str]:
    """The actions the act page offers ``user`` (a subset of ACTIONS)."""
    raise NotImplementedError


__all__ = [
    "ACTIONS", "REQUIRED_FILES", "ActType", "Basis", "DraftData", "PointData", "Urgency", "allowed_actions",
    "approval_due_on", "create_draft", "default_route", "missing_files", "put_points_on_control",
    "record_dispatch", "record_state_registration", "register", "request_withdrawal", "resubmit",
    "return_draft", "set_points", "set_short_term", "sign", "submit", "update_draft", "versions_compare",
    "ActReturn", "ActVersion", "PermissionDenied", "ValidationError", "transaction", "_",
]  # fmt: skip
