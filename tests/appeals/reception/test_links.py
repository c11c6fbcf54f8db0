"""The personal reception seen from the appeals' pages (issue #15 §3, §4): the appeal registered from a reception
card names the reception and links to the card for those who may open it (001 §25); the applicant's card lists
their sign-ups for personal reception (001 §11, §14, §23) — only those the user sees, in a bounded number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akimat.models import Person
from appeals.reception import services
from appeals.reception.models import Signup
from tests.appeals.conftest import IIN, individual
from tests.appeals.reception.conftest import fri_2026_03_20, thu_2026_03_19

pytestmark = pytest.mark.django_db

AKIM = "Бекболатов Ерлан Сәкенұлы"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _received_card(reception, day, *, question="Шаян ауылындағы көшені жарықтандыру"):
    """A visitor (the same person, by IIN) received on the day, with the card opened; the clock on that day, 11:00."""
    w = reception.w
    signup = reception.signup(day, iin=IIN, question=question)
    w.move_to(day.date, 11)
    services.mark_received(signup, actor=w.officer)
    return services.start_card(signup, actor=w.officer)


def _from_reception(reception):
    """The written appeal registered from the akim's reception of Thursday 19 March 2026 (001 §25), and its card."""
    w = reception.w
    Person.objects.filter(user=w.akim).update(full_name=AKIM)
    card = _received_card(reception, reception.make_day(thu_2026_03_19))
    appeal = services.register_written_appeal(card, actor=w.officer, summary="Көшені жарықтандыру туралы өтініш")
    return appeal, card


def _page(user, appeal) -> str:
    response = _client(user).get(reverse("appeals:appeal", args=[appeal.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- the appeal's page shows its reception card (001 §25) ---------------------------------------------------------


def test_001_25_the_appeal_registered_at_the_reception_names_it_and_links_to_the_card(reception):
    w = reception.w
    appeal, card = _from_reception(reception)
    card_url = reverse("appeals:reception:card", args=[card.pk])
    for user in (w.officer, w.akim):  # the appeals department and the official who received: both open the card
        page = _page(user, appeal)
        assert f"Registered at the personal reception of {AKIM} on 19.03.2026" in page
        assert card_url in page


def test_the_appeal_page_names_the_reception_without_a_link_for_whoever_may_not_open_the_card(reception):
    # the auditor sees every appeal, but a card's personal data only by a grant by name (SPEC §8)
    w = reception.w
    appeal, card = _from_reception(reception)
    page = _page(w.auditor, appeal)
    assert f"Registered at the personal reception of {AKIM} on 19.03.2026" in page
    assert reverse("appeals:reception:card", args=[card.pk]) not in page


def test_an_appeal_not_registered_at_a_reception_says_nothing_of_it(reception, register):
    page = _page(reception.w.officer, register())
    assert 'data-testid="reception-card"' not in page


def test_the_reception_card_costs_the_appeal_page_one_query_at_most(reception, register):
    w = reception.w
    plain = register()
    appeal, _card = _from_reception(reception)
    client = _client(w.officer)

    def queries(target) -> int:
        client.get(reverse("appeals:appeal", args=[target.pk]))  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("appeals:appeal", args=[target.pk])).status_code == 200
        return len(captured)

    assert queries(appeal) <= queries(plain) + 1  # the card's grant; its official and day come with the appeal


# --- the applicant's card lists their sign-ups ---------------------------------------------------------------------


def _applicant_page(user, applicant) -> str:
    response = _client(user).get(reverse("appeals:applicant", args=[applicant.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_applicants_card_lists_their_sign_ups_with_the_card_of_each_reception(reception):
    w = reception.w
    appeal, card = _from_reception(reception)
    applicant = appeal.applicants.get()
    assert card.applicant == applicant  # the reception and the journal know the same person
    # signed up again for the akim's next day, and refused once as outside the competence of local bodies (001 §14)
    waiting = reception.signup(reception.make_day(fri_2026_03_20), iin=IIN, question="Жер учаскесін беру")
    refused = services.refuse_sign_up(
        actor=w.officer, official=w.akim.person, ground=Signup.Refusal.OUTSIDE_COMPETENCE, reason="Соттың құзыреті",
        data=services.SignupData(applicant=individual(iin=IIN), question="Сот шешімін қайта қарау"),
    )  # fmt: skip
    page = _applicant_page(w.officer, applicant)
    assert 'data-testid="applicant-reception"' in page
    for signup in (card.signup, waiting, refused):
        assert f'data-signup="{signup.pk}"' in page
    assert "19.03.2026" in page and "20.03.2026" in page and AKIM in page
    assert "Шаян ауылындағы көшені жарықтандыру" in page and "Жер учаскесін беру" in page
    assert 'data-state="received"' in page and 'data-state="waiting"' in page and 'data-state="refused"' in page
    assert "outside the competence of local bodies" in page
    assert page.count('data-testid="card-link"') == 1
    assert reverse("appeals:reception:card", args=[card.pk]) in page


def test_the_applicants_sign_ups_show_a_card_link_only_to_whoever_may_open_the_card(reception):
    w = reception.w
    appeal, card = _from_reception(reception)
    page = _applicant_page(w.auditor, appeal.applicants.get())
    assert f'data-signup="{card.signup.pk}"' in page  # the auditor sees every reception day (read-only)
    assert reverse("appeals:reception:card", args=[card.pk]) not in page


def test_the_applicants_card_lists_only_the_sign_ups_the_user_sees(reception):
    # the akim sees the applicant (the written appeal is addressed to him), not a sign-up to the deputy's reception
    w = reception.w
    appeal, card = _from_reception(reception)
    other = reception.signup(reception.make_day(fri_2026_03_20, official=w.deputy), iin=IIN, question="Мектеп")
    page = _applicant_page(w.akim, appeal.applicants.get())
    assert f'data-signup="{card.signup.pk}"' in page
    assert f'data-signup="{other.pk}"' not in page and "Мектеп" not in page


def test_the_applicants_card_is_closed_to_whoever_sees_none_of_their_appeals(reception):
    w = reception.w
    appeal, _card = _from_reception(reception)
    for user in (w.outsider, w.finance_head):
        assert _client(user).get(reverse("appeals:applicant", args=[appeal.applicants.get().pk])).status_code == 404


def test_the_applicants_sign_ups_cost_the_same_queries_for_one_and_for_many(reception):
    w = reception.w
    officials = (w.akim, w.deputy, w.head_of_apparatus)
    days = [reception.make_day(date, official=official) for date in (thu_2026_03_19, fri_2026_03_20)
            for official in officials]  # fmt: skip
    client = _client(w.officer)

    def queries(count: int) -> int:
        for day in days[:count]:
            if not day.signups.exists():
                reception.signup(day, iin=IIN, question=f"Мәселе {day.pk}")
        w.move_to(fri_2026_03_20, 11)
        for signup in Signup.objects.filter(status=Signup.Status.WAITING):
            services.mark_received(signup, actor=w.officer)
            services.start_card(signup, actor=w.officer)
        w.move_to(datetime.date(2026, 3, 17))
        applicant = Signup.objects.first().applicant
        client.get(reverse("appeals:applicant", args=[applicant.pk]))
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("appeals:applicant", args=[applicant.pk])).content.decode()
        assert page.count('data-testid="card-link"') == count
        return len(captured)

    assert queries(1) == queries(len(days))
