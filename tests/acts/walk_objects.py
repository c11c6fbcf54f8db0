"""Acts in every state that offers a page or a form, for the walking tests (tests/test_bad_input.py, the access
matrix): a draft, a draft on approval, one agreed and waiting for its signature, and a registered act with
its points on control and an addressee not yet sent — all made through acts.services and the core visas."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from acts import services
from acts.models import Act, ActType, Basis
from akimat import approvals


def _agree_all(act: Act) -> Act:
    for _ in range(50):
        waiting = approvals.waiting(act)
        if not waiting:
            break
        for visa in waiting:
            approvals.decide(visa, actor=visa.approver.user, agree=True)
    act.refresh_from_db()
    return act


def acts_in_every_state(*, developer, unit, registrar, marker: str = "", is_dsp: bool = False) -> dict[str, Act]:
    """{"draft", "on_approval", "to_sign", "registered"} acts of `unit` by `developer` (a user), the titles and
    texts carrying `marker`; `registrar` signs on paper and registers."""

    def data(title: str) -> services.DraftData:
        return services.DraftData(
            type=ActType.DECISION,
            is_normative=True,
            developer_unit=unit,
            developer=developer.person,
            curator=None,
            urgency="",
            basis=Basis.INITIATIVE,
            basis_object=None,
            basis_label="",
            title_kk=f"{marker} {title} туралы".strip(),
            title_ru=f"{marker} О {title}".strip(),
            text_kk=f"1. {marker} мәтін.",
            text_ru=f"1. {marker} текст.",
            is_dsp=is_dsp,
            other_addressees=[f"{marker} облыс әкімдігі".strip()],
        )

    found = {"draft": services.create_draft(actor=developer, data=data("жоба"))}
    for state in ("on_approval", "to_sign", "registered"):
        act = services.create_draft(actor=developer, data=data(state))
        found[state] = services.submit(act, actor=developer, steps=services.default_route(act))
    found["to_sign"] = _agree_all(found["to_sign"])
    act = _agree_all(found["registered"])
    signed = SimpleUploadedFile(f"{marker}-signed.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    act = services.sign(act, actor=registrar, signed_file=signed, signed_on=act.created_at.date())
    act = services.register(act, actor=registrar)
    deadline = datetime.date(2026, 4, 27)
    services.set_points(
        act,
        actor=registrar,
        points=[services.PointData(number="1", text=f"{marker} point", deadline=deadline, lead_unit=unit)],
    )
    act.refresh_from_db()
    found["registered"] = act
    return found


def dsp_draft(*, developer, marker: str) -> Act:
    """A ДСП draft of the developer's unit: granted by name to the developer and the unit's head only (003 §9.4)
    — an ordinary draft is seen by design by every deputy akim and the legal service, and a draft on approval by
    each approver, whom the access matrix's sets of letters do not entitle."""
    data = services.DraftData(
        type=ActType.DECISION,
        is_normative=False,
        developer_unit=developer.person.unit,
        developer=developer.person,
        curator=None,
        urgency="",
        basis=Basis.INITIATIVE,
        basis_object=None,
        basis_label="",
        title_kk=f"{marker} шешім жобасы",
        title_ru=f"{marker} проект решения",
        text_kk=f"1. {marker} мәтін.",
        text_ru=f"1. {marker} текст.",
        is_dsp=True,
        other_addressees=[f"{marker} addressee"],
    )
    return services.create_draft(actor=developer, data=data)
