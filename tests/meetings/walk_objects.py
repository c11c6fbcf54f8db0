"""Meetings in every state that offers a page or a form, for the walking tests (tests/test_bad_input.py, the access
matrix): planned with its agenda and a material, held without a protocol, and held with a protocol as a draft, on
approval, agreed and registered (its point on control) — all made through meetings.services and the core visas.
The clock must stand on Monday 16 March 2026 (the walks' own)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from akimat import approvals
from meetings import services
from meetings.models import Meeting, MeetingType, Protocol
from tests.urlwalk import iter_patterns

MON_2026_03_16 = datetime.date(2026, 3, 16)
FRI_2026_03_27 = datetime.date(2026, 3, 27)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _meeting(*, planner, chair, secretary, unit, speaker, marker, is_closed, day, hour, kind="apparatus") -> Meeting:
    meeting = services.plan_meeting(
        actor=planner,
        data=services.MeetingData(
            type=MeetingType.objects.get(code=kind), starts_at=_at(day, hour), chair=chair.person,
            secretary=secretary.person, organiser_unit=unit, title_kk=f"{marker} кеңес", title_ru=f"{marker} совещание",
            place=f"{marker} hall", is_closed=is_closed, members=[speaker.person],
        ),
    )  # fmt: skip
    services.add_item(
        meeting,
        actor=planner,
        data=services.ItemData(
            title_kk=f"{marker} мәселе",
            title_ru=f"{marker} вопрос",
            speakers=[speaker.person],
            responsible_units=[unit],
        ),
    )
    return meeting


def meetings_in_every_state(
    *, planner, chair, secretary, unit, speaker, marker: str = "", is_closed: bool = False, approver=None,
    controller=None,
) -> dict[str, Meeting]:  # fmt: skip
    """{"planned", "held", "draft", "on_approval", "to_sign", "registered"}: meetings of `unit` kept by `planner` and
    `secretary`, chaired by `chair` (who signs), `speaker` on the agenda; the protocols on approval go to
    `approver` only (the chair by default) and are controlled by `controller` (a unit; the general department by
    default), so that a closed meeting is granted to these people alone (and to the registrars, who register)."""
    approver = approver or chair
    planned = _meeting(
        planner=planner, chair=chair, secretary=secretary, unit=unit, speaker=speaker, marker=marker,
        is_closed=is_closed, day=FRI_2026_03_27, hour=10,
    )  # fmt: skip
    item = planned.items.get()
    upload = SimpleUploadedFile(f"{marker}-note.pdf", b"%PDF-1.4 note", content_type="application/pdf")
    services.add_material(item, actor=planner, kind="reference_note", language="kk", upload=upload)
    found = {"planned": planned}
    for hour, state in enumerate(("held", "draft", "on_approval", "to_sign", "registered"), start=8):
        meeting = _meeting(
            planner=planner, chair=chair, secretary=secretary, unit=unit, speaker=speaker, marker=marker,
            is_closed=is_closed, day=MON_2026_03_16, hour=hour % 10,
        )  # fmt: skip
        rows = [services.Attendance(participant=p, present=True) for p in meeting.participants.all()]
        services.record_attendance(meeting, actor=secretary, rows=rows)
        found[state] = meeting
        if state == "held":
            continue
        protocol = services.start_protocol(meeting, actor=secretary)
        if controller is not None:
            services.update_protocol(
                protocol, actor=secretary, form=protocol.form, has_russian=True, controller_unit=controller
            )
        services.set_points(
            protocol,
            actor=secretary,
            points=[
                services.PointData(
                    number="1",
                    text_kk=f"{marker} тапсырма",
                    text_ru=f"{marker} поручение",
                    item=meeting.items.get(),
                    lead_unit=unit,
                    deadline=datetime.date(2026, 4, 27),
                )  # fmt: skip
            ],
        )
        if state == "draft":
            continue
        services.submit(protocol, actor=secretary, steps=[approvals.Step(approver=approver.person)])
        if state == "on_approval":
            continue
        for visa in approvals.waiting(protocol):
            approvals.decide(visa, actor=visa.approver.user, agree=True)
        if state == "registered":
            services.sign(Protocol.objects.get(pk=protocol.pk), actor=chair)
    return found


def _protocol_url_names() -> list[str]:
    """The URL names of the protocol pages (their `pk` is a protocol's, not a meeting's)."""
    return [
        pattern.name
        for pattern in iter_patterns()
        if pattern.name and pattern.name.startswith("meetings:") and "/protocols/<" in f"/{pattern.route}"
    ]


def meeting_ids(meeting: Meeting) -> dict[str, int]:
    """The ids that fill every meetings URL for one meeting: its pk, its first item, and its protocol (when it has
    one, else the protocol of another state is needed: see ids_for)."""
    ids = {"meetings:pk": meeting.pk, "meetings:item": meeting.items.order_by("pk").first().pk}
    protocol = Protocol.objects.filter(meeting=meeting).first()
    if protocol is not None:
        ids.update({f"{name}:pk": protocol.pk for name in _protocol_url_names()})
    return ids


def ids_for(meeting: Meeting, fallback: Meeting) -> dict[str, int]:
    """meeting_ids of `meeting`, with the protocol pages of `fallback` when `meeting` has no protocol yet."""
    ids = meeting_ids(fallback)
    ids.update(meeting_ids(meeting))
    return ids
