"""The meetings pages through HTTP (issue #14 §6): plan → agenda → material → attendance → vote → protocol →
points → visas → signature → number → points on control, each step by the role the regulation gives it, and
who sees what (a closed meeting, §5.3)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from akimat import approvals
from akimat.models import Visa
from control.models import ControlItem
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingType, Protocol
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

FRI_2026_03_27 = datetime.date(2026, 3, 27)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ok(response, *texts: str) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    for text in texts:
        assert text in body, text
    return body


def _redirected(response) -> str:
    assert response.status_code == 302, (response.status_code, response.content.decode()[:3000])
    assert "/login" not in response["Location"], response["Location"]
    return response["Location"]


def test_issue14_the_secretary_plans_a_session_and_its_materials_are_due_5_working_days_before_5_6(meetings_org):
    w = meetings_org
    client = _client(w.secretary)
    _ok(client.get(reverse("meetings:create")), "Plan a meeting")
    response = client.post(
        reverse("meetings:create"),
        {
            "type": MeetingType.objects.get(code="session").pk,
            "title_kk": "Әкімдік отырысы",
            "title_ru": "Заседание акимата",
            "starts_at": "2026-03-27 10:00",
            "format": "in_person",
            "place": "Hall",
            "chair": w.akim.person.pk,
            "secretary": w.secretary.person.pk,
            "organiser_unit": w.organisational.pk,
            "invited_names": "Депутат маслихата",
        },
    )
    meeting = Meeting.objects.get()
    assert _redirected(response) == meeting.get_absolute_url()
    # Nauryz: 21–25 March off; five working days before Friday 27 March is Tuesday 17 March
    assert meeting.materials_due_on == datetime.date(2026, 3, 17)
    assert meeting.participants.filter(role="member").count() == len(w.members)
    _ok(client.get(meeting.get_absolute_url()), "17.03.2026", "Депутат маслихата")


def test_issue14_a_bad_date_keeps_what_was_typed_and_writes_nothing(meetings_org):
    w = meetings_org
    response = _client(w.secretary).post(
        reverse("meetings:create"),
        {"type": MeetingType.objects.get(code="session").pk, "title_ru": "Сохраните меня", "starts_at": "31.02.2026"},
    )
    _ok(response, "Сохраните меня")
    assert not Meeting.objects.exists()


def test_issue14_the_whole_path_across_roles_ends_with_points_on_control_8_7(meetings_org, plan, item_of, clock):
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    # the education department submits its reference note (§5.6, §5.7)
    upload = SimpleUploadedFile("note.pdf", b"%PDF-1.4 note", content_type="application/pdf")
    response = _client(w.education_head).post(
        reverse("meetings:material_add", args=[meeting.pk]),
        {"item": item.pk, "kind": "reference_note", "language": "kk", "file": upload, "visaed_by": "Head"},
    )
    _redirected(response)
    assert item.materials.count() == 1
    # on the day, the secretary records four of six members present: quorum (§5.4)
    clock(FRI_2026_03_27)
    secretary = _client(w.secretary)  # signed in on the day: a session of the 16th has expired by then
    members = list(meeting.participants.filter(role="member").order_by("pk"))
    data = {f"present_{p.pk}": "on" for p in members[:4]}
    _redirected(secretary.post(reverse("meetings:attendance", args=[meeting.pk]), data))
    meeting.refresh_from_db()
    assert meeting.has_quorum is True
    _redirected(
        secretary.post(
            reverse("meetings:vote", args=[meeting.pk]),
            {"item": item.pk, "votes_for": 3, "votes_against": 1, "votes_abstained": 0},
        )
    )
    assert AgendaItem.objects.get(pk=item.pk).outcome == "adopted"
    # the protocol: opened, written, its points, sent for visas
    _redirected(secretary.post(reverse("meetings:protocol_start", args=[meeting.pk])))
    protocol = Protocol.objects.get(meeting=meeting)
    response = secretary.post(
        reverse("meetings:protocol_edit", args=[protocol.pk]),
        {
            "form": "full",
            "has_russian": "on",
            "controller_unit": w.org.general.pk,
            f"heard_kk_{item.pk}": "Білім бөлімінің басшысы",
            f"heard_ru_{item.pk}": "Руководителя отдела образования",
        },
    )
    _redirected(response)
    response = secretary.post(
        reverse("meetings:protocol_points", args=[protocol.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-number": "1.1",
            "form-0-item": item.pk,
            "form-0-text_kk": "Мектептерді дайындау",
            "form-0-text_ru": "Подготовить школы",
            "form-0-executor": f"unit:{w.education.pk}",
            "form-0-term_days": "10",
        },
    )
    _redirected(response)
    _ok(secretary.get(reverse("meetings:protocol_submit", args=[protocol.pk])), "Send for approval")
    _redirected(secretary.post(reverse("meetings:protocol_submit", args=[protocol.pk])))
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.ON_APPROVAL
    # every approver agrees through the core visa page (the same mechanism as acts)
    for _ in range(10):
        waiting = approvals.waiting(protocol)
        if not waiting:
            break
        for visa in waiting:
            client = _client(visa.approver.user)
            _ok(client.get(protocol.get_absolute_url()), "Your visa")
            response = client.post(reverse("akimat:visa_decide", args=[visa.pk]), {"visa-decision": "agree"})
            assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.TO_SIGN
    assert not Visa.objects.filter(subject_id=protocol.pk, decision="pending").exists()
    # the akim signs: number 1 of the sessions' journal, the point on control (§8.7)
    akim = _client(w.akim)
    _redirected(akim.post(reverse("meetings:protocol_sign", args=[protocol.pk]), {"signed_on": "27.03.2026"}))
    protocol.refresh_from_db()
    assert (protocol.status, protocol.number) == (Protocol.Status.REGISTERED, "1")
    point = protocol.points.get()
    assert point.control_item is not None
    item_on_control = ControlItem.objects.get(pk=point.control_item_id)
    assert item_on_control.controller_id == w.org.general.pk
    body = _ok(akim.get(protocol.get_absolute_url()), "№ 1", "1.1")
    assert "light-" in body
    # the registry lists it and exports it
    _ok(akim.get(reverse("meetings:registry")), "№ 1")
    response = akim.get(reverse("meetings:registry"), {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert any(str(cell.value) == "1" for row in workbook.active.iter_rows() for cell in row)


def test_issue14_a_closed_meeting_is_a_404_for_the_ungranted_5_3(meetings_org, plan, item_of):
    w = meetings_org
    meeting = plan("apparatus", is_closed=True)
    assert _client(w.secretary).get(meeting.get_absolute_url()).status_code == 200
    for user in (w.outsider, w.education_executor, w.deputy):
        assert _client(user).get(meeting.get_absolute_url()).status_code == 404
    assert "Hall of sessions" not in _client(w.deputy).get(reverse("meetings:index")).content.decode()


def test_issue14_the_outsider_sees_no_meeting_and_may_not_plan(meetings_org, plan):
    w = meetings_org
    meeting = plan("apparatus")
    outsider = _client(w.outsider)
    assert outsider.get(meeting.get_absolute_url()).status_code == 404
    assert outsider.get(reverse("meetings:create")).status_code == 403
    assert outsider.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 404


def test_issue14_a_session_without_quorum_is_said_so_and_refuses_a_vote_5_4(meetings_org, plan, item_of, clock):
    w = meetings_org
    meeting = plan("session", day=FRI_2026_03_27)
    item = item_of(meeting)
    clock(FRI_2026_03_27)
    members = list(meeting.participants.filter(role="member").order_by("pk"))
    client = _client(w.secretary)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]), {f"present_{p.pk}": "on" for p in members[:3]}, follow=True
    )
    _ok(response, "no quorum")
    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {"item": item.pk, "votes_for": 3, "votes_against": 0, "votes_abstained": 0},
    )
    _ok(response, "no quorum")
    assert AgendaItem.objects.get(pk=item.pk).outcome == ""


@pytest.mark.parametrize("rows", [3, 12])
def test_issue14_the_upcoming_list_and_the_registry_have_a_pinned_query_count(
    meetings_org, plan, django_assert_max_num_queries, rows
):
    w = meetings_org
    for index in range(rows):
        meeting = plan("apparatus", day=FRI_2026_03_27 + datetime.timedelta(days=7 * (index % 3)), hour=9 + index % 8)
        services.add_item(meeting, actor=w.secretary, data=services.ItemData(title_kk=f"Мәселе {index}"))
    client = _client(w.head_of_apparatus)
    client.get(reverse("meetings:index"))
    with django_assert_max_num_queries(16):
        _ok(client.get(reverse("meetings:index")), "Hall of sessions")
    with django_assert_max_num_queries(16):
        _ok(client.get(reverse("meetings:registry")))


def test_issue14_starts_at_is_shown_in_the_akimat_time(meetings_org, plan):
    meeting = plan("apparatus", day=FRI_2026_03_27, hour=15)
    assert meeting.starts_at == at(FRI_2026_03_27, 15)
    _ok(_client(meetings_org.secretary).get(meeting.get_absolute_url()), "27.03.2026 15:00")


def test_issue14_a_closed_meetings_protocol_to_sign_opens_to_the_registrar_who_registers_it_8_7(
    meetings_org, plan, item_of, clock
):
    w = meetings_org
    meeting = plan("apparatus", day=FRI_2026_03_27, is_closed=True)
    item = item_of(meeting)
    clock(FRI_2026_03_27)
    services.record_attendance(
        meeting, actor=w.secretary, rows=[services.Attendance(p, True) for p in meeting.participants.all()]
    )
    protocol = services.start_protocol(meeting, actor=w.secretary)
    services.set_points(
        protocol,
        actor=w.secretary,
        points=[services.PointData(number="1", text_kk="Тапсырма", item=item, lead_unit=w.education, term_days=5)],
    )
    registrar = _client(w.registrar)
    assert registrar.get(protocol.get_absolute_url()).status_code == 404
    services.submit(protocol, actor=w.secretary, steps=[])
    _ok(registrar.get(protocol.get_absolute_url()), "Sign the protocol")
    _redirected(registrar.post(reverse("meetings:protocol_sign", args=[protocol.pk]), {"signed_on": "27.03.2026"}))
    protocol.refresh_from_db()
    assert protocol.number == "1"
