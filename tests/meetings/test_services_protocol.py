"""meetings.services — the protocol (issue #14; 003 §5.11, §5.34, §8.5–§8.8, Appendix 6): drafted within a working
day of the meeting, its points numbered in arabic numerals with an executor and a deadline, a controller named, the
route of visas from the profile (akimat.approvals), a return and a second version, the chair's signature, the
number of the type's yearly journal, the points on control (restricted for a closed meeting) and the distribution."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from akimat import approvals, permissions, reglament
from akimat.models import Notification
from control.models import ControlItem, SourceKind, point_source_label
from meetings import services
from meetings.models import Participant, Protocol

pytestmark = pytest.mark.django_db

MON_2026_03_16 = datetime.date(2026, 3, 16)
FRI_2026_03_20 = datetime.date(2026, 3, 20)
THU_2026_03_26 = datetime.date(2026, 3, 26)
FRI_2026_03_27 = datetime.date(2026, 3, 27)
MON_2026_03_30 = datetime.date(2026, 3, 30)


def _told(kind: str, user=None) -> int:
    found = Notification.objects.filter(kind=kind)
    return found.filter(recipient=user).count() if user is not None else found.count()


@pytest.fixture
def held(meetings_org, plan, item_of, clock):
    """held(kind, day, present=…, **changes) → a meeting with one item, its attendance recorded on its day (the clock
    stays there)."""

    def make(kind: str = "apparatus", day: datetime.date = FRI_2026_03_20, present: int | None = None, **changes):
        w = meetings_org
        if kind != "session":
            changes.setdefault("members", [w.deputy.person, w.second_deputy.person])
        meeting = plan(kind, day=day, **changes)
        item_of(meeting)
        clock(day)
        members = list(meeting.participants.filter(role=Participant.Role.MEMBER).order_by("pk"))
        count = len(members) if present is None else present
        rows = [services.Attendance(p, present=index < count) for index, p in enumerate(members)]
        services.record_attendance(meeting, actor=w.secretary, rows=rows)
        meeting.refresh_from_db()
        return meeting

    return make


def _point(w, number: str = "1.1", **changes) -> services.PointData:
    data = services.PointData(
        number=number, text_kk="Мектептерді дайындау", text_ru="Подготовить школы", lead_unit=w.education, term_days=10
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def drafted(meetings_org, held):
    """drafted(kind, day, points=…, **changes) → a held meeting's protocol with its points, ready to submit."""

    def make(kind: str = "apparatus", day: datetime.date = FRI_2026_03_20, points=None, **changes):
        w = meetings_org
        meeting = held(kind, day, **changes)
        protocol = services.start_protocol(meeting, actor=w.secretary)
        points = points or [_point(w)]
        for point in points:
            point.item = point.item or meeting.items.get()
        services.set_points(protocol, actor=w.secretary, points=points)
        return protocol

    return make


def _to_sign(protocol, actor) -> Protocol:
    """Straight to the chair's signature (no visas asked): for the tests of what follows the signature."""
    return services.submit(protocol, actor=actor, steps=[])


def _agree_all(protocol) -> Protocol:
    for _ in range(20):
        waiting = approvals.waiting(protocol)
        if not waiting:
            break
        for visa in waiting:
            approvals.decide(visa, actor=visa.approver.user, agree=True)
    protocol.refresh_from_db()
    return protocol


# --- drafting -------------------------------------------------------------------------------------------------------


def test_a_sessions_protocol_is_drafted_within_1_working_day_8_8_5_11(meetings_org, plan):
    """§8.8, §5.11: a session's protocol within 1 working day (the profile's rule) — Friday's session by Monday."""
    assert reglament.term("meetings.session_protocol_drafting_term").amount == 1
    assert services.drafting_due_on(plan("session", day=FRI_2026_03_27)) == MON_2026_03_30


def test_an_apparatus_meetings_protocol_is_drafted_within_1_working_day_across_holidays_8_5_5_34(meetings_org, held):
    """§8.5, §5.34: within 1 working day of the meeting — Friday 20 March's protocol by Thursday 26 March (Nauryz)."""
    assert reglament.term("meetings.protocol_drafting_term").amount == 1
    meeting = held("apparatus", FRI_2026_03_20)
    protocol = services.start_protocol(meeting, actor=meeting.created_by)
    assert protocol.drafting_due_on == THU_2026_03_26
    assert (protocol.status, protocol.signer, protocol.version) == (Protocol.Status.DRAFT, meeting.chair, 1)
    # §5.12, §5.35: the general department (ОДК) controls the instructions unless the protocol names another
    assert protocol.controller_unit == meetings_org.org.general


def test_a_protocol_is_opened_only_after_the_attendance_once_by_who_keeps_the_meeting_8_3(meetings_org, plan, held):
    """§8.3: the protocol names those present — it is opened once the attendance is recorded, once per meeting,
    by the secretary or the organisers."""
    w = meetings_org
    planned = plan("apparatus", day=datetime.date(2026, 4, 3))
    with pytest.raises(ValidationError):
        services.start_protocol(planned, actor=w.secretary)
    meeting = held("apparatus")
    with pytest.raises(PermissionDenied):
        services.start_protocol(meeting, actor=w.deputy)
    services.start_protocol(meeting, actor=w.secretary)
    with pytest.raises(ValidationError):
        services.start_protocol(meeting, actor=w.secretary)


# --- points (§8.5) ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("numbers", [["1"], ["1", "1.1", "1.2", "2"], ["1.1.2"], ["3."]])
def test_points_are_numbered_in_arabic_numerals_8_5(meetings_org, drafted, numbers):
    """§8.5: "в виде пунктов и подпунктов, обозначаемых арабскими цифрами" — 1, 1.1, 1.1.2 are points."""
    w = meetings_org
    protocol = drafted()
    rows = services.set_points(protocol, actor=w.secretary, points=[_point(w, n) for n in numbers])
    assert [row.number for row in rows] == [n.rstrip(".") for n in numbers]


@pytest.mark.parametrize("number", ["I", "1.a", "IV.2", "a)", "0", "1.0", "", "1,1"])
def test_points_in_roman_numerals_or_letters_are_refused_8_5(meetings_org, drafted, number):
    """§8.5: arabic numerals only — "I", "1.a" and the like are refused and nothing is changed."""
    w = meetings_org
    protocol = drafted()
    with pytest.raises(ValidationError) as error:
        services.set_points(protocol, actor=w.secretary, points=[_point(w, number)])
    assert "points" in error.value.message_dict
    assert list(protocol.points.values_list("number", flat=True)) == ["1.1"]


def test_each_point_has_an_executor_and_a_deadline_or_a_term_8_5(meetings_org, drafted):
    """§8.3, §8.5: every instruction names who executes it and by when (a date, or a term in working days); a
    deadline in the past and a point listed twice are refused."""
    w = meetings_org
    protocol = drafted()
    for bad in (
        _point(w, lead_unit=None),
        _point(w, term_days=None),
        _point(w, term_days=None, deadline=datetime.date(2026, 3, 13)),
    ):
        with pytest.raises(ValidationError):
            services.set_points(protocol, actor=w.secretary, points=[bad])
    with pytest.raises(ValidationError):
        services.set_points(protocol, actor=w.secretary, points=[_point(w, "1"), _point(w, "1")])
    rows = services.set_points(
        protocol, actor=w.secretary,
        points=[_point(w, "1", lead_unit=None, lead_person=w.deputy.person, term_days=None,
                       deadline=datetime.date(2026, 4, 30)), _point(w, "2")],
    )  # fmt: skip
    assert [(r.lead_person_id, r.deadline, r.term_days) for r in rows] == [
        (w.deputy.person.pk, datetime.date(2026, 4, 30), None),
        (None, None, 10),
    ]


def test_submit_is_refused_without_a_controller_8_5(meetings_org, drafted):
    """§8.5: "в протоколе обязательно должно быть указано, на кого возлагается контроль за его исполнением"."""
    w = meetings_org
    protocol = drafted()
    services.update_protocol(protocol, actor=w.secretary, form="full", has_russian=True, controller_unit=None)
    with pytest.raises(ValidationError) as error:
        services.submit(protocol, actor=w.secretary, steps=[])
    assert "controller_unit" in error.value.message_dict
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.DRAFT


def test_submit_is_refused_without_points_8_5(meetings_org, held):
    """§8.3, §8.5: a protocol carries its instructions."""
    w = meetings_org
    protocol = services.start_protocol(held(), actor=w.secretary)
    with pytest.raises(ValidationError):
        services.submit(protocol, actor=w.secretary, steps=[])


# --- the route of visas -----------------------------------------------------------------------------------------------


def test_a_sessions_default_route_is_the_deputy_head_the_head_of_apparatus_and_the_members_8_8_5_11(
    meetings_org, drafted
):
    """§8.8: agreed with the deputy head and the head of apparatus; §5.11: visaed by all the members of the akimat —
    except the chair, who signs (meetings.protocol_route.session)."""
    w = meetings_org
    protocol = drafted("session", FRI_2026_03_27)
    steps = services.default_route(protocol)
    assert [(s.role, s.approver.pk, s.parallel) for s in steps[:2]] == [
        ("deputy_head", w.deputy_head.person.pk, False),
        ("head_of_apparatus", w.head_of_apparatus.person.pk, False),
    ]
    members = steps[2:]
    assert {s.role for s in members} == {"members"}
    assert {s.approver.pk for s in members} == {w.deputy.person.pk, w.second_deputy.person.pk,
                                                 w.finance_head.person.pk}  # fmt: skip
    assert [s.parallel for s in members] == [False, True, True]
    assert w.akim.person.pk not in {s.approver.pk for s in steps}
    assert all(s.due_on == MON_2026_03_30 for s in steps)  # §8.5: agreed within one day


def test_an_apparatus_meetings_default_route_ends_with_the_legal_consultant_5_34_8_5(meetings_org, drafted):
    """§5.34, §8.5: the interested department heads (the heads of the items' responsible bodies), the curating
    deputies (the items' curators), the head of apparatus, and the legal consultant last
    (meetings.protocol_route.apparatus)."""
    w = meetings_org
    protocol = drafted("apparatus")
    steps = services.default_route(protocol)
    assert [(s.role, s.approver.pk) for s in steps] == [
        ("departments", w.education_head.person.pk),
        ("deputy_akims", w.deputy.person.pk),
        ("head_of_apparatus", w.head_of_apparatus.person.pk),
        ("legal", w.lawyer.person.pk),
    ]
    assert steps[-1].closes is True


def test_a_returned_visa_makes_it_returned_and_tells_the_secretary_then_version_2_is_a_new_round_8_5(
    meetings_org, drafted
):
    """§8.5: "после согласования правок и внесения соответствующих исправлений" — a visa returned with a reason sends
    the draft back to the secretary; sent again it is version 2 in a new round of visas."""
    w = meetings_org
    protocol = drafted()
    steps = [approvals.Step(approver=w.deputy.person, role="deputy_akims"),
             approvals.Step(approver=w.head_of_apparatus.person, role="head_of_apparatus")]  # fmt: skip
    protocol = services.submit(protocol, actor=w.secretary, steps=steps)
    assert (protocol.status, approvals.current_round(protocol)) == (Protocol.Status.ON_APPROVAL, 1)
    (visa,) = approvals.waiting(protocol)
    with pytest.raises(ValidationError):
        services.set_points(protocol, actor=w.secretary, points=[_point(w, "2")])
    approvals.decide(visa, actor=w.deputy, agree=False, comment="Уточнить сроки")
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.RETURNED
    assert _told("protocol_returned", w.secretary) == 1
    assert Notification.objects.get(kind="protocol_returned", recipient=w.secretary).body == "Уточнить сроки"
    # reworked and sent again
    services.set_points(protocol, actor=w.secretary, points=[_point(w, "1", term_days=5)])
    protocol = services.submit(protocol, actor=w.secretary, steps=steps)
    assert (protocol.status, protocol.version, approvals.current_round(protocol)) == (
        Protocol.Status.ON_APPROVAL, 2, 2,
    )  # fmt: skip
    assert [v.approver_id for v in approvals.waiting(protocol)] == [w.deputy.person.pk]
    protocol = _agree_all(protocol)
    assert protocol.status == Protocol.Status.TO_SIGN
    assert _told("protocol_to_sign", w.akim) == 1


def test_all_visas_on_the_default_route_agreed_ask_the_chair_to_sign_5_11(meetings_org, drafted):
    """§5.11: visaed by the members, signed by the chair — the akim is asked once every visa is given."""
    w = meetings_org
    protocol = services.submit(drafted("session", FRI_2026_03_27), actor=w.secretary)
    assert protocol.status == Protocol.Status.ON_APPROVAL
    assert _told("protocol_to_sign", w.akim) == 0
    protocol = _agree_all(protocol)
    assert protocol.status == Protocol.Status.TO_SIGN
    assert _told("protocol_to_sign", w.akim) == 1
    assert services.may_sign(w.akim, protocol)


# --- signature, number, control, distribution (§8.7, Appendix 6) ----------------------------------------------


def test_the_chair_or_the_general_department_signs_others_do_not_appendix_6_item_2(meetings_org, drafted):
    """Appendix 6 item 2: the chair signs; the general department records a paper signature (§8.7); a deputy or the
    secretary do not; nothing is signed before every visa."""
    w = meetings_org
    protocol = drafted()
    with pytest.raises(ValidationError):
        services.sign(protocol, actor=w.akim)
    protocol = _to_sign(protocol, w.secretary)
    for user in (w.deputy, w.secretary, w.outsider):
        assert not services.may_sign(user, protocol), user
        with pytest.raises(PermissionDenied):
            services.sign(protocol, actor=user)
    assert services.may_sign(w.registrar, protocol)
    protocol = services.sign(protocol, actor=w.registrar)
    assert (protocol.status, protocol.number, protocol.registered_by) == (Protocol.Status.REGISTERED, "1", w.registrar)


def test_the_date_of_signature_is_between_the_meeting_and_today_appendix_6_item_2(meetings_org, drafted, clock):
    """Appendix 6 item 2: a signature is not dated before the meeting or in the future."""
    w = meetings_org
    protocol = _to_sign(drafted(), w.secretary)
    clock(THU_2026_03_26)
    for day in (datetime.date(2026, 3, 19), FRI_2026_03_27):
        with pytest.raises(ValidationError):
            services.sign(protocol, actor=w.akim, signed_on=day)
    protocol = services.sign(protocol, actor=w.akim, signed_on=FRI_2026_03_20)
    assert (protocol.signed_on, protocol.registered_on) == (FRI_2026_03_20, THU_2026_03_26)


def test_protocols_are_numbered_in_their_types_yearly_journal_8_7_appendix_6_item_3(meetings_org, drafted, clock):
    """§8.7: the general department registers with a number; Appendix 6 item 3: numbered within the calendar year in
    the journal of the type — apparatus 1, 2; an operational meeting has its own 1; a new year starts again."""
    w = meetings_org
    first = services.sign(_to_sign(drafted("apparatus", FRI_2026_03_20), w.secretary), actor=w.akim)
    second = services.sign(_to_sign(drafted("apparatus", FRI_2026_03_27), w.secretary), actor=w.akim)
    other = services.sign(_to_sign(drafted("operational", MON_2026_03_30), w.secretary), actor=w.akim)
    assert [(p.number, p.year) for p in (first, second, other)] == [("1", 2026), ("2", 2026), ("1", 2026)]
    next_year = services.sign(_to_sign(drafted("apparatus", datetime.date(2027, 1, 15)), w.secretary), actor=w.akim)
    assert (next_year.number, next_year.year) == ("1", 2027)


def test_the_points_go_on_control_with_the_protocol_as_source_and_the_controller_named_appendix_6_item_5(
    meetings_org, drafted, clock
):
    """Appendix 6 item 5, §5.12, §5.35: every point goes on control, labelled "Protocol № 1 20.03.2026, point 1.1",
    controlled by whom the protocol names, by a date or by a term in working days from the signature."""
    w = meetings_org
    protocol = drafted(points=[_point(w, "1.1", term_days=3),
                               _point(w, "1.2", term_days=None, deadline=datetime.date(2026, 4, 30))])  # fmt: skip
    services.update_protocol(
        protocol, actor=w.secretary, form="full", has_russian=True, controller_unit=w.organisational
    )
    protocol = _to_sign(protocol, w.secretary)
    clock(THU_2026_03_26)
    protocol = services.sign(protocol, actor=w.akim, signed_on=THU_2026_03_26)
    first, second = protocol.points.order_by("order")
    item = ControlItem.objects.get(pk=first.control_item_id)
    assert item.source_kind == SourceKind.PROTOCOL
    assert item.source_label == point_source_label("№ 1 20.03.2026", "1.1")
    with translation.override("en"):
        assert item.source_text == "№ 1 20.03.2026, point 1.1"
        assert "Protocol" in item.source_display and item.source_display.endswith("№ 1 20.03.2026, point 1.1")
    assert item.controller == w.organisational
    assert item.deadline == datetime.date(2026, 3, 31)  # 27, 30, 31 March: three working days after the signature
    assert ControlItem.objects.get(pk=second.control_item_id).deadline == datetime.date(2026, 4, 30)
    assert services.put_points_on_control(protocol, actor=w.akim) == []  # once


def test_a_point_of_a_named_controlling_official_is_controlled_by_their_unit_8_5(meetings_org, drafted):
    """§8.5: control may be put on an official — the item's controlling unit is theirs."""
    w = meetings_org
    protocol = drafted()
    services.update_protocol(
        protocol, actor=w.secretary, form="short", has_russian=False, controller_unit=None,
        controller_person=w.finance_head.person,
    )  # fmt: skip
    protocol = services.sign(_to_sign(protocol, w.secretary), actor=w.akim)
    assert ControlItem.objects.get(pk=protocol.points.get().control_item_id).controller == w.org.finance


def test_a_closed_meetings_control_items_are_restricted_5_3(meetings_org, drafted):
    """§5.3: the instructions of a closed meeting are seen by name only — an ungranted deputy does not see the
    control item; the executor's head and the named controller do; an open meeting's items are not restricted."""
    w = meetings_org
    closed = drafted(is_closed=True, members=[w.deputy.person])
    protocol = services.sign(_to_sign(closed, w.secretary), actor=w.akim)
    item = ControlItem.objects.get(pk=protocol.points.get().control_item_id)
    assert permissions.is_restricted(item) is True
    assert not permissions.visible(w.second_deputy, ControlItem).filter(pk=item.pk).exists()
    assert not permissions.visible(w.finance_head, ControlItem).filter(pk=item.pk).exists()
    assert not permissions.visible(w.outsider, ControlItem).filter(pk=item.pk).exists()
    assert not permissions.visible(w.deputy_head, ControlItem).filter(pk=item.pk).exists()
    for user in (w.education_head, w.deputy, w.general_head):
        assert permissions.visible(user, ControlItem).filter(pk=item.pk).exists(), user
    opened = services.sign(_to_sign(drafted(day=FRI_2026_03_27), w.secretary), actor=w.akim)
    assert permissions.is_restricted(ControlItem.objects.get(pk=opened.points.get().control_item_id)) is False


def test_the_registered_protocol_goes_to_its_distribution_list_once_appendix_6_item_4(meetings_org, drafted):
    """Appendix 6 item 4: the protocol goes to the addressees of its distribution list, the executors of its points
    and those who took part — each once; the list is marked sent."""
    w = meetings_org
    protocol = drafted()
    services.set_distribution(protocol, actor=w.secretary, units=[w.org.finance, w.org.finance], names=["Маслихат"])
    protocol = services.sign(_to_sign(protocol, w.secretary), actor=w.akim)
    for user in (w.finance_head, w.education_head, w.deputy, w.second_deputy, w.akim):
        assert _told("protocol_registered", user) == 1, user
    assert _told("protocol_registered", w.outsider) == 0
    rows = list(protocol.distribution.all())
    assert len(rows) == 2 and all(row.sent_at is not None for row in rows)
    with pytest.raises(ValidationError):
        services.set_distribution(protocol, actor=w.secretary, units=[])
