"""The consideration on the appeal's page (issue #15 §2): each step offered to whom the services allow, refused to
others, a service's refusal shown next to the form with nothing written. Clock: Tuesday 17 March 2026, 10:00."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from appeals.models import Appeal, AppealNotice
from control.models import ControlItem
from tests.appeals.conftest import pdf

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, appeal) -> str:
    return reverse(f"appeals:{name}", args=[appeal.pk])


def test_issue15_register_send_resolve_extend_answer_and_removal_through_the_pages_13_8_76_001_33(consider, register):
    w = consider
    appeal = register()
    officer, akim, executor = _client(w.officer), _client(w.akim), _client(w.executor)
    page = officer.get(_url("appeal", appeal)).content.decode()
    assert 'data-testid="send"' in page and 'data-testid="resolve"' not in page
    assert officer.post(_url("send", appeal), {"official": "", "comment": ""}).status_code == 302
    assert 'data-testid="resolve"' in akim.get(_url("appeal", appeal)).content.decode()
    lead = f"person:{w.executor.person.pk}"
    response = akim.post(_url("resolve", appeal), {"lead": lead, "text": "Қарап, жауап беріңіз"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    item = ControlItem.objects.get(pk=appeal.resolution.control_item_id)
    assert appeal.status == Appeal.Status.ON_CONSIDERATION and item.deadline == appeal.due_on
    # APPK art. 76: the extension beyond two months from receipt is refused, with nothing written
    too_far = akim.post(_url("extend", appeal), {"new_due": "19.05.2026", "reason": "Қосымша тексеру"})
    assert too_far.status_code == 200 and "18.05.2026" in too_far.content.decode()
    assert not appeal.extensions.exists()
    assert akim.post(_url("extend", appeal), {"new_due": "15.05.2026", "reason": "Қосымша тексеру"}).status_code == 302
    assert 'data-testid="tell-extension"' in officer.get(_url("appeal", appeal)).content.decode()
    assert officer.post(_url("tell_extension", appeal), {"sent_on": "", "text": "Мерзім ұзартылды"}).status_code == 302
    assert AppealNotice.objects.filter(appeal=appeal, kind=AppealNotice.Kind.EXTENSION).count() == 1
    # 001 §33: the executor hands in the final, reasoned answer; the appeal leaves control
    answer = {"is_final": "1", "result": "explained", "text": "Түсіндірілді", "outgoing_number": "ЖТ-1/15",
              "handed_in_at": "", "grounds": "", "file": pdf()}  # fmt: skip
    assert executor.post(_url("answer", appeal), answer).status_code == 302
    appeal.refresh_from_db()
    item.refresh_from_db()
    assert appeal.status == Appeal.Status.ANSWERED and item.status == ControlItem.Status.REMOVED
    assert 'data-testid="answers"' in officer.get(_url("appeal", appeal)).content.decode()


def test_issue15_a_refusal_needs_the_preliminary_notice_first_and_the_form_says_from_when_art_73(consider, resolved):
    w = consider
    appeal = resolved()
    executor = _client(w.executor)
    refused = {"is_final": "1", "result": "refused", "text": "Бас тартылды", "grounds": "Заң бойынша",
               "outgoing_number": "ЖТ-1/16", "handed_in_at": "", "file": pdf()}  # fmt: skip
    response = executor.post(_url("answer", appeal), refused)
    assert response.status_code == 200 and "APPK art. 73" in response.content.decode()
    assert not appeal.answers.exists()
    notice = {"proposed_result": "refused", "text": "Бас тарту көзделуде", "sent_on": ""}
    assert executor.post(_url("preliminary", appeal), notice).status_code == 302
    assert 'data-testid="hearing"' in executor.get(_url("appeal", appeal)).content.decode()
    heard = {"heard_on": datetime.date(2026, 3, 17).strftime("%d.%m.%Y"), "text": "Қарсылығы жоқ"}
    assert executor.post(_url("hearing", appeal), heard).status_code == 302
    assert appeal.notices.get(kind=AppealNotice.Kind.PRELIMINARY).heard_on == datetime.date(2026, 3, 17)


def test_issue15_the_head_forwards_outside_competence_and_others_may_not_13_9(consider, register):
    w = consider
    appeal = register()
    assert _client(w.officer).get(_url("forward", appeal)).status_code == 403  # not the head
    head = _client(w.head)
    assert head.post(_url("forward", appeal), {"body": "", "notice": ""}).status_code == 200
    response = head.post(_url("forward", appeal), {"body": "Облыстың білім басқармасы", "notice": "Жолданды"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.FORWARDED and not appeal.forwarded_late


@pytest.mark.parametrize("step", ["send", "resolve", "forward", "extend", "tell_extension", "preliminary",
                                  "hearing", "answer", "lower_reply"])  # fmt: skip
def test_issue15_no_step_is_offered_to_an_outsider_or_an_unrelated_department_head(consider, resolved, step):
    w = consider
    appeal = resolved()
    assert _client(w.outsider).get(_url(step, appeal)).status_code == 404
    assert _client(w.finance_head).get(_url(step, appeal)).status_code in (403, 404)
