"""The personal reception's screens (issue #15 §3, §4): the public schedule without login (001 §7), the days, the
day's queue (001 §11), the sign-up (001 §14), the card (§14.4); every object page closed to outsiders; list pages
bounded in queries."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from appeals.reception import services
from appeals.reception.models import PriorityCategory, Signup
from tests.appeals.conftest import IIN, tue_2026_03_17
from tests.appeals.reception.conftest import fri_2026_03_27, thu_2026_03_19

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _entry(w):
    return services.save_schedule_entry(
        actor=w.officer,
        data=services.ScheduleData(
            official=w.akim.person, weekday=5, starts_at=datetime.time(10), ends_at=datetime.time(13),
            place_kk="Қоғамдық қабылдау бөлмесі", place_ru="Общественная приёмная",
        ),
    )  # fmt: skip


def test_the_public_schedule_opens_without_login_in_kk_and_ru_with_nothing_personal_001_7(reception):
    w = reception.w
    _entry(w)
    day = reception.make_day()
    reception.signup(day, surname="Құпиябаев", iin=IIN)
    response = _client().get(reverse("appeals:reception:public"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="public-kk"' in text and 'data-testid="public-ru"' in text
    assert "Қоғамдық қабылдау бөлмесі" in text and "Общественная приёмная" in text
    assert w.akim.person.full_name in text and "27.03.2026" in text
    assert "Құпиябаев" not in text and IIN not in text and "Ауылдағы" not in text


def test_the_object_pages_are_closed_to_outsiders(reception):
    w = reception.w
    day = reception.make_day(thu_2026_03_19)
    signup = reception.signup(day)
    w.move_to(thu_2026_03_19)
    services.mark_received(signup, actor=w.officer)
    card = services.start_card(signup, actor=w.officer)
    outsider = _client(w.outsider)
    for name, args in (("day", [day.pk]), ("day_pdf", [day.pk]), ("card", [card.pk])):
        assert outsider.get(reverse(f"appeals:reception:{name}", args=args)).status_code == 404, name
    for name in ("schedule", "signup", "day_add", "schedule_add"):
        assert outsider.get(reverse(f"appeals:reception:{name}")).status_code == 403, name
    assert outsider.post(reverse("appeals:reception:received", args=[signup.pk])).status_code == 404
    assert _client().get(reverse("appeals:reception:days")).status_code == 302  # login
    # the auditor sees the day, not the card's personal data (granted by name only)
    auditor = _client(w.auditor)
    assert auditor.get(reverse("appeals:reception:day", args=[day.pk])).status_code == 200
    assert auditor.get(reverse("appeals:reception:card", args=[card.pk])).status_code == 404
    assert _client(w.akim).get(reverse("appeals:reception:card", args=[card.pk])).status_code == 200


def test_the_day_view_shows_the_queue_priority_first_with_each_visitors_state_001_11(reception):
    w = reception.w
    day = reception.make_day()
    first = reception.signup(day, surname="Бірінші")
    w.move_to(tue_2026_03_17, 11)
    veteran = reception.signup(day, surname="Ардагер", priority=PriorityCategory.DISABILITY)
    response = _client(w.akim).get(reverse("appeals:reception:day", args=[day.pk]))
    text = response.content.decode()
    assert text.index(f'data-signup="{veteran.pk}"') < text.index(f'data-signup="{first.pk}"')
    assert 'data-state="waiting"' in text


def test_the_sign_up_form_keeps_what_was_typed_and_asks_to_confirm_over_earlier_answers_001_14(reception, register):
    w = reception.w
    day = reception.make_day()
    client = _client(w.officer)
    url = reverse("appeals:reception:signup")
    form = {
        "day": day.pk, "surname": "Серікбаев", "first_name": "Нұрлан", "iin": "850101300125",
        "question": "Көшені жарықтандыру", "language": "kk", "decision": "sign_up",
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200 and 'value="Серікбаев"' in response.content.decode()
    assert Signup.objects.count() == 0
    # an answered appeal of the same person: proposed, and signing up over it needs the confirmation
    from appeals.models import Appeal
    from tests.appeals.conftest import individual

    answered = register(applicants=[individual(iin=IIN)], summary="Көшені жарықтандыру туралы")
    Appeal.objects.filter(pk=answered.pk).update(status=Appeal.Status.ANSWERED)
    form["iin"] = IIN
    response = client.post(url, form)
    text = response.content.decode()
    assert 'data-testid="matches"' in text and answered.number in text and 'data-testid="confirm-error"' in text
    form.update(decision="already_answered", reference=f"appeal:{answered.pk}")
    response = client.post(url, form)
    assert response.status_code == 302
    refused = Signup.objects.get()
    assert refused.status == Signup.Status.REFUSED and refused.answered_appeal_id == answered.pk


def test_sign_up_through_the_form(reception):
    w = reception.w
    day = reception.make_day()
    response = _client(w.officer).post(
        reverse("appeals:reception:signup"),
        {"day": day.pk, "surname": "Серікбаев", "first_name": "Нұрлан", "question": "Су құбыры",
         "language": "ru", "priority": "pregnant", "decision": "sign_up"},
    )  # fmt: skip
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert signup.day == day and signup.priority == "pregnant" and signup.language == "ru"


def test_the_card_form_refuses_the_previous_decider_as_executor_keeping_the_input_001_35(reception):
    w = reception.w
    day = reception.make_day(thu_2026_03_19)
    signup = reception.signup(day)
    w.move_to(thu_2026_03_19)
    services.mark_received(signup, actor=w.officer)
    card = services.start_card(signup, actor=w.officer)
    client = _client(w.officer)
    data = {
        "asked": "Көше", "answer": "Түсіндірілді", "previous_decider": w.executor.person.pk,
        "instructions-TOTAL_FORMS": "1", "instructions-INITIAL_FORMS": "0",
        "instructions-0-text": "Жарық орнату", "instructions-0-executor": f"person:{w.executor.person.pk}",
        "instructions-0-deadline": "30.04.2026",
    }  # fmt: skip
    response = client.post(reverse("appeals:reception:card", args=[card.pk]), data)
    text = response.content.decode()
    assert response.status_code == 200 and "001 §35" in text and "Жарық орнату" in text
    data["instructions-0-executor"] = f"person:{w.finance_head.person.pk}"
    assert client.post(reverse("appeals:reception:card", args=[card.pk]), data).status_code == 302
    assert client.post(reverse("appeals:reception:card_complete", args=[card.pk])).status_code == 302
    card.refresh_from_db()
    assert card.status == "completed" and card.instructions.get().control_item is not None


def test_the_day_list_pdf_is_rendered_14_2(reception):
    w = reception.w
    day = reception.make_day()
    reception.signup(day)
    response = _client(w.akim).get(reverse("appeals:reception:day_pdf", args=[day.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_cancel_page_cancels_and_says_when_it_is_late_001_15(reception):
    w = reception.w
    day = reception.make_day(fri_2026_03_27)
    reception.signup(day)
    w.move_to(datetime.date(2026, 3, 26))
    response = _client(w.akim).post(reverse("appeals:reception:day_cancel", args=[day.pk]), {"reason": "Іссапар"})
    assert response.status_code == 302
    page = _client(w.akim).get(reverse("appeals:reception:day", args=[day.pk])).content.decode()
    assert 'data-testid="cancelled-late"' in page


@pytest.mark.parametrize("rows", [1, 12])
def test_the_days_list_and_the_day_view_have_a_bounded_query_count(reception, django_assert_max_num_queries, rows):
    w = reception.w
    _entry(w)
    days = services.generate_days(actor=w.officer, start=tue_2026_03_17, end=datetime.date(2026, 5, 15))
    for index in range(rows):
        reception.signup(days[0], surname=f"Келуші{index}",
                         priority=PriorityCategory.PREGNANT if index % 3 == 0 else "")  # fmt: skip
    client = _client(w.officer)
    client.get(reverse("appeals:reception:days"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("appeals:reception:days")).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(reverse("appeals:reception:day", args=[days[0].pk])).status_code == 200
    with django_assert_max_num_queries(2):
        assert _client().get(reverse("appeals:reception:public")).status_code == 200


def test_issue15_a_nul_in_the_iin_of_a_sign_up_is_no_server_error(reception):
    """The earlier answers are looked up by what was typed before validation: a NUL never reaches the query."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(reception.w.officer)
    response = client.post(reverse("appeals:reception:signup"), {"iin": "a\x00b", "surname": "a\x00b"})
    assert response.status_code == 200
