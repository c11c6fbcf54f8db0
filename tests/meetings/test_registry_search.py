"""The search box of the registry of protocols (issue #14 §6): a protocol is found by its number, or by a word of
its meeting's title or of an agenda item's title, in Kazakh or Russian, whatever the case — read from the protocol's
search row (meetings.ProtocolSearch), which the database's triggers keep as the titles and the number change
(migration 0006), and found exactly where the titles themselves give it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Protocol, ProtocolSearch
from meetings.views.protocols import registry_queryset

pytestmark = pytest.mark.django_db

FRI_2026_03_20 = datetime.date(2026, 3, 20)
FRI_2026_03_27 = datetime.date(2026, 3, 27)


def found(user, text: str) -> set[int]:
    _form, protocols, _sort = registry_queryset(User.objects.get(pk=user.pk), {"q": text})
    return set(protocols.values_list("pk", flat=True))


def _number(protocol: Protocol, number: str) -> None:
    """Registered with this number (as services.sign leaves it, without the route)."""
    Protocol.objects.filter(pk=protocol.pk).update(number=number, year=2026, status=Protocol.Status.REGISTERED)


@pytest.fixture
def protocols(meetings_org, plan, item_of, protocol_of):
    """Two protocols: a session on the flood season (№ 12), an apparatus meeting on heating and roads (a draft)."""
    w = meetings_org
    flood = plan("session", day=FRI_2026_03_20, title_kk="Тасқын кезеңіне дайындық", title_ru="О паводке")
    item_of(flood, "О подготовке к паводковому периоду", title_kk="Тасқын кезеңіне дайындық туралы")
    heating = plan("apparatus", day=FRI_2026_03_27, members=[w.deputy.person])
    item_of(heating, "О подготовке к отопительному сезону", title_kk="Жылу беру маусымына дайындық туралы")
    item_of(heating, "О ремонте дорог 50% и более", title_kk="Жолдарды_жөндеу туралы")
    first = protocol_of(flood)
    second = protocol_of(heating)
    _number(first, "12")
    return first, second


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("12", {0}),
        ("№ 12", {0}),
        ("1", set()),  # a number is found whole, not by a part of it
        ("тасқын", {0}),  # the meeting's and the item's Kazakh titles
        ("ТАСҚЫН", {0}),  # whatever the case, Kazakh letters too
        ("паводковому", {0}),  # the item's Russian title only
        ("паводке", {0}),  # the meeting's Russian title only
        ("дайындық", {0, 1}),
        ("отопительному СЕЗОНУ", {1}),  # two words as typed
        ("50%", {1}),  # % and _ are letters, not patterns
        ("0%", {1}),
        ("%", {1}),
        ("Жолдарды_жөндеу", {1}),
        ("Жолдарды жөндеу", set()),
        ("_", {1}),
        ("туралы\nО подготовке", set()),  # never across two titles
        ("дорог", {1}),
        ("трамвай", set()),
    ],
)
def test_issue14_the_registry_finds_a_protocol_by_its_number_and_the_titles_of_its_meeting_and_items(
    meetings_org, protocols, text, which
):
    assert found(meetings_org.head_of_apparatus, text) == {protocols[index].pk for index in which}


def test_issue14_a_title_with_a_line_break_is_found_by_a_text_with_one(meetings_org, protocols):
    first, _second = protocols
    Meeting.objects.filter(pk=first.meeting_id).update(title_ru="Первая строка\nвторая строка")

    assert found(meetings_org.head_of_apparatus, "строка\nвторая") == {first.pk}
    assert found(meetings_org.head_of_apparatus, "О паводке") == set()


def test_issue14_the_search_row_follows_the_titles_the_items_and_the_number(meetings_org, protocols, item_of):
    w = meetings_org
    first, second = protocols
    head = w.head_of_apparatus

    Meeting.objects.filter(pk=second.meeting_id).update(title_ru="Совещание по тарифам")
    assert found(head, "тарифам") == {second.pk}

    item = AgendaItem.objects.filter(meeting=second.meeting_id).order_by("pk").first()
    item.title_ru = "О благоустройстве"
    item.save()
    assert found(head, "благоустройстве") == {second.pk}
    assert found(head, "отопительному") == set()

    AgendaItem.objects.filter(pk=item.pk).update(meeting=first.meeting_id)  # moved to the other meeting
    assert found(head, "благоустройстве") == {first.pk}

    item.delete()
    assert found(head, "благоустройстве") == set()

    _number(second, "7")
    assert found(head, "7") == {second.pk}
    assert found(head, "12") == {first.pk}


def test_issue14_the_search_row_goes_with_its_protocol(meetings_org, protocols):
    _first, second = protocols
    assert ProtocolSearch.objects.filter(protocol=second).exists()

    second.delete()

    assert not ProtocolSearch.objects.filter(protocol_id=second.pk).exists()


def test_spec_3_1_5_3_the_search_finds_only_protocols_of_meetings_the_user_sees(meetings_org, protocols):
    """SPEC §3.1, 003 §5.3: a closed meeting's protocol is found only by those granted the meeting by name."""
    w = meetings_org
    first, second = protocols
    assert found(w.lawyer, "дайындық") == set()
    assert found(w.education_head, "дайындық") == {first.pk, second.pk}  # heads the items' responsible body

    Meeting.objects.filter(pk=first.meeting_id).update(is_closed=True)

    assert found(w.education_head, "дайындық") == {second.pk}
    assert found(w.head_of_apparatus, "12") == set()
    body = _page(w.head_of_apparatus, "12")
    assert "Тасқын" not in body and "паводке" not in body


def _page(user, text: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("meetings:registry"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_issue14_the_registry_page_shows_what_the_search_finds(meetings_org, protocols):
    first, second = protocols
    body = _page(meetings_org.head_of_apparatus, "паводковому")

    assert "О паводке" in body  # the meeting's title in the reader's language (Russian for an English reader)
    assert f'href="{first.get_absolute_url()}"' in body and f'href="{second.get_absolute_url()}"' not in body


# --- the search by the stored row is the search by the titles (protocols._search before migration 0006) --------


def _search_by_titles(text: str) -> Q:
    """Protocols by their number, or a word of their meeting's or an item's title, read from the titles themselves
    as meetings/views/protocols.py did before the search row: the reference the row must agree with."""
    found = Q(number__iexact=text.lstrip("№ ").strip())
    found |= Q(meeting__in=Meeting.objects.filter(Q(title_kk__icontains=text) | Q(title_ru__icontains=text)))
    items = AgendaItem.objects.filter(Q(title_kk__icontains=text) | Q(title_ru__icontains=text))
    return found | Q(meeting__in=items.values("meeting"))


def test_issue14_every_text_finds_by_the_search_row_exactly_what_the_titles_give(meetings_org, protocols):
    first, second = protocols
    Meeting.objects.filter(pk=first.meeting_id).update(title_kk="Straße\nİstanbul ǅ", title_ru="ТАСҚЫН")
    head = meetings_org.head_of_apparatus
    texts = [
        "12", "№12", " № 12 ", "№", "1", "тасқын", "Тасқын", "ТАСҚЫН", "ҚЫН", "қын", "straße", "STRASSE", "STRAßE",
        "i̇stanbul", "İSTANBUL", "ǆ", "ǅ", "Ǆ", "\n", "ße\nİ", "e\n", "%", "_", "\\", "50%", "a_b", "дайындық туралы",
        "ДАЙЫНДЫҚ ТУРАЛЫ", "туралы\nо", "к паводковому",
    ]  # fmt: skip

    for text in texts:
        _form, visible, _sort = registry_queryset(User.objects.get(pk=head.pk), {})
        assert found(head, text) == set(visible.filter(_search_by_titles(text.strip())).values_list("pk", flat=True)), (
            repr(text)
        )
