"""The core screens of the approval route (issue #13 §2): give a visa, "Awaiting my visa", overdue visas.

Subjects here are outgoing letters (correspondence registers Document with akimat.approvals).
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from akimat.models import Visa
from akimat.roles import Role
from correspondence.models import Correspondent, Document
from correspondence.services import outgoing
from tests.factories import make_acting_duty, make_person

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
mon_2026_03_16 = datetime.date(2026, 3, 16)
fri_2026_03_20 = datetime.date(2026, 3, 20)
thu_2026_03_26 = datetime.date(2026, 3, 26)  # after Nauryz (21–25 March off)


@pytest.fixture
def clock():
    traveller = time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=ALMATY), tick=False)
    machine = traveller.start()

    def move_to(day: datetime.date, hour: int = 10) -> None:
        machine.move_to(datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ALMATY))

    yield move_to
    traveller.stop()


@pytest.fixture
def correspondent(db):
    return Correspondent.objects.create(kind=Correspondent.Kind.STATE_BODY, name="Oblast finance department")


@pytest.fixture
def make_draft(clock, executor, deputy, correspondent):
    def make(summary="On the heating season", approvers=()):
        draft = outgoing.create_outgoing(
            actor=executor,
            recipients=[correspondent],
            summary=summary,
            body="Text",
            attachments_listed=0,
            signer=deputy.person,
            language="kk",
        )
        if approvers:
            outgoing.send_for_approval(draft, actor=executor, approvers=list(approvers))
        return draft

    return make


@pytest.fixture
def draft(make_draft, department_head):
    return make_draft(approvers=[department_head.person])


def decide_url(visa: Visa) -> str:
    return reverse("akimat:visa_decide", args=[visa.pk])


def test_awaiting_my_visa_lists_the_visas_waiting_for_me(client, draft, department_head, deputy):
    client.force_login(department_head)
    response = client.get(reverse("akimat:my_visas"))
    assert response.status_code == 200
    assert [row.url for row in response.context["rows"]] == [draft.get_absolute_url()]
    client.force_login(deputy)
    assert client.get(reverse("akimat:my_visas")).context["rows"] == []


def test_awaiting_my_visa_shows_working_days_left_and_overdue(client, draft, department_head, clock):
    draft.approvals.update(due_on=fri_2026_03_20)
    client.force_login(department_head)
    row = client.get(reverse("akimat:my_visas")).context["rows"][0]
    assert (row.days_left, row.overdue) == (4, False)
    clock(thu_2026_03_26)
    client.force_login(department_head)  # the session of ten days ago has ended
    response = client.get(reverse("akimat:my_visas"))
    row = response.context["rows"][0]
    assert row.overdue and 'data-testid="visa-overdue"' in response.content.decode()


def test_the_person_acting_for_the_approver_sees_and_gives_the_visa(client, draft, department_head, clock):
    stand_in = make_person("stand_in", unit=department_head.person.unit, roles=(Role.DEPARTMENT_HEAD,))
    make_acting_duty(stand_in, department_head.person, mon_2026_03_16, fri_2026_03_20)
    client.force_login(stand_in.user)
    assert [row.visa.approver for row in client.get(reverse("akimat:my_visas")).context["rows"]] == [
        department_head.person
    ]
    visa = draft.approvals.get()
    response = client.post(decide_url(visa), {"visa-decision": "agree", "visa-comment": ""})
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    visa.refresh_from_db()
    assert (visa.decision, visa.acting_person) == (Visa.Decision.AGREED, stand_in)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="visa-acting"' in page and stand_in.full_name in page


def test_my_visas_needs_the_same_queries_for_1_and_5_rows(
    client, make_draft, department_head, django_assert_max_num_queries
):
    make_draft(approvers=[department_head.person])
    client.force_login(department_head)
    client.get(reverse("akimat:my_visas"))  # warm the per-process caches
    with django_assert_max_num_queries(12) as one:
        assert len(client.get(reverse("akimat:my_visas")).context["rows"]) == 1
    for number in range(4):
        make_draft(summary=f"Draft {number}", approvers=[department_head.person])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(reverse("akimat:my_visas")).context["rows"]) == 5


def test_agree_on_the_core_form_goes_back_to_the_subject(client, draft, department_head):
    client.force_login(department_head)
    page = client.get(draft.get_absolute_url()).content.decode()
    visa = draft.approvals.get()
    assert f'action="{decide_url(visa)}"' in page
    response = client.post(decide_url(visa), {"visa-decision": "agree", "visa-comment": ""})
    assert response.status_code == 302
    visa.refresh_from_db()
    assert visa.decision == Visa.Decision.AGREED


def test_a_return_without_a_reason_is_a_form_error_and_nothing_changes_10_4(client, draft, department_head):
    """Two outcomes only; the return's reason is required (§10.4), what was typed is kept."""
    client.force_login(department_head)
    visa = draft.approvals.get()
    response = client.post(decide_url(visa), {"visa-decision": "return", "visa-comment": "   "})
    assert response.status_code == 200
    assert "Give the reason for returning the draft." in response.content.decode()
    response = client.post(decide_url(visa), {"visa-decision": "remarks", "visa-comment": "Minor remarks"})
    assert response.status_code == 200 and "Minor remarks" in response.content.decode()
    visa.refresh_from_db()
    assert visa.decision == Visa.Decision.PENDING
    response = client.post(decide_url(visa), {"visa-decision": "return", "visa-comment": "Wrong recipient"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Document.Status.RETURNED_FOR_REWORK


def test_the_decide_form_offers_exactly_two_outcomes_10_4(client, draft, department_head):
    client.force_login(department_head)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert page.count('name="visa-decision"') == 2
    assert 'value="agree"' in page and 'value="return"' in page


def test_decide_access(client, draft, executor, outsider, department_head):
    visa = draft.approvals.get()
    data = {"visa-decision": "agree", "visa-comment": ""}
    client.force_login(outsider)
    assert client.post(decide_url(visa), data).status_code == 404  # may not see the letter
    client.force_login(executor)
    assert client.post(decide_url(visa), data).status_code == 403  # sees it, not their visa
    client.force_login(department_head)
    assert client.get(decide_url(visa)).status_code == 405
    assert client.post(reverse("akimat:visa_decide", args=[visa.pk + 1000]), data).status_code == 404
    visa.refresh_from_db()
    assert visa.decision == Visa.Decision.PENDING


def test_overdue_visas_by_approver_for_the_legal_service_and_leadership(
    client, make_draft, department_head, general_head, executor, head_of_apparatus, akim, clock, org
):
    first = make_draft(approvers=[department_head.person])
    make_draft(summary="Second", approvers=[general_head.person])
    make_draft(summary="Third", approvers=[department_head.person])
    Visa.objects.update(due_on=fri_2026_03_20)
    first.approvals.update(due_on=thu_2026_03_26)
    clock(thu_2026_03_26)
    lawyer = make_person("lawyer", unit=org.apparatus, roles=(Role.LEGAL_SERVICE,)).user
    url = reverse("akimat:overdue_visas")
    client.force_login(executor)
    assert client.get(url).status_code == 403
    client.force_login(department_head)
    assert client.get(url).status_code == 403
    for user in (lawyer, head_of_apparatus, akim):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
    groups = response.context["groups"]
    assert sorted((g.approver.pk, len(g.rows)) for g in groups) == sorted(
        [(department_head.person.pk, 1), (general_head.person.pk, 1)]
    )


def test_overdue_visas_list_only_subjects_the_reader_may_see(client, make_draft, department_head, org, clock):
    draft = make_draft(approvers=[department_head.person])
    Document.objects.filter(pk=draft.pk).update(is_dsp=True)
    draft.approvals.update(due_on=fri_2026_03_20)
    clock(thu_2026_03_26)
    lawyer = make_person("lawyer", unit=org.apparatus, roles=(Role.LEGAL_SERVICE,)).user
    client.force_login(lawyer)
    assert client.get(reverse("akimat:overdue_visas")).context["groups"] == []


def test_navigation_links_awaiting_my_visa(client, executor):
    client.force_login(executor)
    assert reverse("akimat:my_visas") in client.get(reverse("akimat:my_visas")).content.decode()
