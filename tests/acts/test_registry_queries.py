"""The registry's filter choices read by index probes (issue #13 §7): the same years and developer units as reading
every act the user sees would give — only theirs, a ДСП act not granted to them counting for nothing."""

import datetime

import pytest

from acts import queries
from acts.models import Act, ActType
from tests.acts.test_views_registry import make_act


@pytest.fixture
def registered(org, registrar, department_head):
    """Registered acts of 2023, 2025 and 2026 (none of 2024) by two units; a ДСП one of 2022 by a third."""
    person = department_head.person
    made = []
    for year, unit in ((2023, org.finance), (2025, org.finance), (2026, org.general), (2026, org.finance)):
        made.append(
            make_act(
                registrar,
                unit=unit,
                person=person,
                title_ru=f"Акт {year}",
                status=Act.Status.REGISTERED,
                number=str(len(made) + 1),
                year=year,
                registered_on=datetime.date(year, 3, 2),
                type=ActType.ORDER,
            )  # fmt: skip
        )
    make_act(registrar, unit=org.leadership, person=person, title_ru="ДСП", status=Act.Status.REGISTERED, number="9",
             year=2022, registered_on=datetime.date(2022, 3, 2), is_dsp=True)  # fmt: skip
    return made


@pytest.mark.django_db
def test_the_years_are_those_of_the_visible_registered_acts_newest_first_with_a_gap_kept(registered, registrar):
    # when the registrar opens the registry: the ДСП act of 2022 is not granted to them
    years = queries.registry_years(queries.visible_acts(registrar))

    # then 2024, between the first and the last year, is not offered; 2022 neither
    assert years == [2026, 2025, 2023]


@pytest.mark.django_db
def test_the_developer_units_are_those_of_the_visible_acts(registered, registrar, org):
    units = list(queries.developer_units(queries.visible_acts(registrar)))

    assert set(units) == {org.finance, org.general}


@pytest.mark.django_db
def test_nothing_visible_offers_no_year_and_no_unit(registrar):
    assert queries.registry_years(queries.visible_acts(registrar)) == []
    assert list(queries.developer_units(queries.visible_acts(registrar))) == []
