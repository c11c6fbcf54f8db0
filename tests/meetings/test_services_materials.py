"""meetings.services — the materials of an agenda item (issue #14; 003 §5.6–§5.8, §5.17, §5.28–§5.32): what each
kind of meeting needs, the 10 MB presentation, a late material flagged to the head of apparatus once, and the daily
reminders (remind_materials) made exactly once each, never on a day off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.models import Material
from tests.meetings.conftest import pdf

pytestmark = pytest.mark.django_db

# the clock stands on Monday 16 March 2026; Nauryz 21–25 March is off
MON_2026_03_16 = datetime.date(2026, 3, 16)
TUE_2026_03_17 = datetime.date(2026, 3, 17)
WED_2026_03_18 = datetime.date(2026, 3, 18)
THU_2026_03_19 = datetime.date(2026, 3, 19)
SAT_2026_03_21 = datetime.date(2026, 3, 21)
TUE_2026_03_24 = datetime.date(2026, 3, 24)
THU_2026_03_26 = datetime.date(2026, 3, 26)
FRI_2026_03_27 = datetime.date(2026, 3, 27)


def _told(kind: str, user=None) -> int:
    from akimat.models import Notification

    found = Notification.objects.filter(kind=kind)
    return found.filter(recipient=user).count() if user is not None else found.count()


def _add(item, user, kind=Material.Kind.REFERENCE_NOTE, upload=None):
    return services.add_material(item, actor=user, kind=kind, language="kk", upload=upload or pdf(), visaed_by="Head")


# --- add_material ------------------------------------------------------------------------------------------------


def test_a_material_before_its_due_date_is_not_late_5_6(meetings_org, plan, item_of, clock):
    """§5.6: brought by 17 March for the session of 27 March — in time; nobody is told of lateness."""
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    clock(TUE_2026_03_17, hour=17)
    material = _add(item, meetings_org.education_head)
    assert material.is_late is False
    assert _told("meeting_materials_late") == 0


def test_a_material_after_its_due_date_is_late_and_the_head_of_apparatus_is_told_once_5_17(
    meetings_org, plan, item_of, clock
):
    """§5.17: materials brought after the due date are reported to the head of apparatus — once per item, however
    many late files follow — and to the organising department."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    clock(WED_2026_03_18)
    assert _add(item, w.education_head).is_late is True
    assert _add(item, w.education_head, kind=Material.Kind.PARTICIPANTS).is_late is True
    assert _told("meeting_materials_late", w.head_of_apparatus) == 1
    assert _told("meeting_materials_late", w.org_head) == 1
    other = item_of(meeting, "О дорогах")
    _add(other, w.education_head)
    assert _told("meeting_materials_late", w.head_of_apparatus) == 2


def test_a_presentation_is_at_most_10_mb_5_6(meetings_org, plan, item_of):
    """§5.6 3): colour slides of at most 10 MB."""
    w = meetings_org
    item = item_of(plan("session"))
    limit = services.PRESENTATION_MAX_BYTES
    assert limit == 10 * 1024 * 1024
    too_big = pdf("slides.pdf", b"%PDF-1.4 " + b"0" * (limit - 8))
    with pytest.raises(ValidationError) as error:
        _add(item, w.education_head, kind=Material.Kind.PRESENTATION, upload=too_big)
    assert "file" in error.value.message_dict
    assert not item.materials.exists()
    just = pdf("slides.pdf", b"%PDF-1.4 " + b"0" * (limit - 9))
    assert _add(item, w.education_head, kind=Material.Kind.PRESENTATION, upload=just).attachment.size == limit


def test_materials_are_brought_by_the_items_bodies_not_by_strangers_5_7(meetings_org, plan, item_of):
    """§5.7: the responsible body (its head and staff), the speakers, the curator and the organisers bring the
    materials; an outsider does not, and a held meeting takes none."""
    w = meetings_org
    item = item_of(plan("session"))
    for user in (w.education_head, w.education_executor, w.deputy, w.secretary):
        _add(item, user)
    with pytest.raises(PermissionDenied):
        _add(item, w.outsider)
    with pytest.raises(ValidationError):
        services.add_material(item, actor=w.secretary, kind="poem", language="kk", upload=pdf())


def test_missing_materials_follow_the_kind_of_meeting_5_6_5_28(meetings_org, plan, item_of):
    """§5.6 1), 2), 5): a session item needs a reference note, a draft resolution and the list of participants;
    §5.28: an apparatus item a reference note, a report, proposals to the protocol and the invited; other kinds a
    note and a draft decision."""
    w = meetings_org
    K = Material.Kind
    session = item_of(plan("session"))
    assert services.missing_materials(session) == [K.REFERENCE_NOTE, K.DRAFT_RESOLUTION, K.PARTICIPANTS]
    _add(session, w.education_head)
    _add(session, w.education_head, kind=K.OTHER)
    assert services.missing_materials(session) == [K.DRAFT_RESOLUTION, K.PARTICIPANTS]
    apparatus = item_of(plan("apparatus"))
    assert services.missing_materials(apparatus) == [K.REFERENCE_NOTE, K.REPORT, K.DRAFT_DECISION, K.PARTICIPANTS]
    operational = item_of(plan("operational"))
    assert services.missing_materials(operational) == [K.REFERENCE_NOTE, K.DRAFT_DECISION]
    assert services.missing_materials(operational, [K.REFERENCE_NOTE, K.DRAFT_DECISION]) == []


def test_the_last_missing_material_closes_the_request_for_materials_5_7(meetings_org, plan, item_of):
    """§5.7: the bodies asked for the item's materials have the request done once nothing is missing."""
    from akimat.models import Notification

    w = meetings_org
    item = item_of(plan("operational", materials_due_on=THU_2026_03_26))
    asked = Notification.objects.get(kind="meeting_materials", recipient=w.education_head)
    _add(item, w.education_head)
    asked.refresh_from_db()
    assert asked.action_done_at is None
    _add(item, w.education_head, kind=Material.Kind.DRAFT_DECISION)
    asked.refresh_from_db()
    assert asked.action_done_at is not None


# --- remind_materials (the daily beat) ------------------------------------------------------------------------------


def test_remind_materials_the_working_day_before_the_due_date_tells_the_responsible_body_once_5_6_5_7(
    meetings_org, plan, item_of, clock
):
    """§5.6, §5.7: on Monday 16 March (the working day before 17 March) the head of the responsible body is reminded
    of the missing materials — once, however often the beat runs; a complete item is not reminded."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    complete = item_of(meeting, "О полном пакете", responsible_units=[w.org.finance], speakers=[])
    for kind in services.required_materials(meeting):
        _add(complete, w.finance_head, kind=kind)
    assert services.remind_materials() == 1
    assert services.remind_materials() == 0
    assert _told("meeting_materials_due", w.education_head) == 1
    assert _told("meeting_materials_due", w.finance_head) == 0
    assert _told("meeting_materials_missing") == 0
    # on the due day itself nothing more is said
    clock(TUE_2026_03_17)
    assert services.remind_materials() == 0
    assert item.materials.count() == 0


def test_remind_materials_after_the_due_date_flags_the_missing_to_the_head_of_apparatus_once_5_17(
    meetings_org, plan, item_of, clock
):
    """§5.17: the day after the due date, each item still missing materials is reported to the head of apparatus
    and the organising department — once, on every later run too."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    done = item_of(meeting, "О полном пакете")
    for kind in services.required_materials(meeting):
        _add(done, w.education_head, kind=kind)
    clock(WED_2026_03_18)
    assert services.remind_materials() == 2  # the head of apparatus and the head of the organisational department
    assert services.remind_materials() == 0
    clock(THU_2026_03_19)
    assert services.remind_materials() == 0
    assert _told("meeting_materials_missing", w.head_of_apparatus) == 1
    assert _told("meeting_materials_missing", w.org_head) == 1
    assert item.materials.count() == 0


def test_remind_materials_sends_the_package_to_the_head_of_apparatus_on_its_day_once_5_8(
    meetings_org, plan, item_of, clock
):
    """§5.8: on Thursday 26 March (1 working day before the session) the package goes to the head of apparatus —
    once per meeting; not before."""
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    for kind in services.required_materials(meeting):
        _add(item, w.secretary, kind=kind)
    clock(datetime.date(2026, 3, 20))
    services.remind_materials()
    assert _told("meeting_package") == 0
    clock(THU_2026_03_26)
    assert services.remind_materials() == 1
    assert services.remind_materials() == 0
    clock(FRI_2026_03_27, hour=9)
    assert services.remind_materials() == 0
    assert _told("meeting_package", w.head_of_apparatus) == 1
    assert _told("meeting_package") == 1


@pytest.mark.parametrize("day_off", [SAT_2026_03_21, TUE_2026_03_24])
def test_remind_materials_on_a_day_off_reminds_nothing_5_6(meetings_org, plan, item_of, clock, day_off):
    """§5.6 counts working days: on a weekend or a holiday (Nauryz) the beat says nothing, even with missing
    materials and a package due; the next working day says it."""
    meeting = plan("session", day=FRI_2026_03_27)
    item_of(meeting)
    clock(day_off)
    assert services.remind_materials() == 0
    clock(THU_2026_03_26)
    assert services.remind_materials() == 3  # the item flagged to two, the package to one
    assert _told("meeting_package") == 1


def test_a_cancelled_meeting_reminds_nothing_5_17(meetings_org, plan, item_of, clock):
    """§5.17: nothing is late for a cancelled meeting."""
    meeting = plan("session", day=FRI_2026_03_27)
    item_of(meeting)
    services.cancel_meeting(meeting, actor=meetings_org.secretary, reason="Postponed")
    clock(THU_2026_03_26)
    assert services.remind_materials() == 0
