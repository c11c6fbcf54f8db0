"""Who sees a control item: ControlItem.readers, kept by the database's triggers (migration 0007; SPEC §5).

Executors see their items, department heads their department's, leadership what they issued or supervise,
the controlling unit what it controls; the keys follow the executor rows and a person moving to another
unit, whichever code path writes them.
"""

import pytest
from django.urls import reverse

from akimat import permissions, reglament
from akimat.models import ActingDuty, OrgUnit
from akimat.roles import Role
from control.access import may_read_reports
from control.models import ControlExecutor, ControlItem
from tests.control.conftest import mon_2026_03_16
from tests.factories import make_person, make_unit


def sees(user, item: ControlItem) -> bool:
    return permissions.visible(user, ControlItem).filter(pk=item.pk).exists()


def readers(item: ControlItem) -> set[str]:
    return set(ControlItem.objects.values_list("readers", flat=True).get(pk=item.pk))


def test_the_item_names_its_issuer_controller_and_lead_executor_with_the_executors_unit(make_item, akim, executor, org):
    item = make_item()

    assert readers(item) == {f"i{akim.person.pk}", f"c{org.general.pk}", f"p{executor.person.pk}", f"w{org.finance.pk}"}


def test_the_executor_their_department_head_the_supervising_deputy_and_the_controller_see_it(
    make_item, executor, department_head, deputy, registrar, outsider
):
    item = make_item()

    assert sees(executor, item)
    assert sees(department_head, item)  # heads finance, where the executor works
    assert sees(deputy, item)  # supervises finance
    assert sees(registrar, item)  # the general department controls it
    assert not sees(outsider, item)


def test_a_co_executor_added_or_removed_opens_and_closes_the_item(make_item, outsider, org):
    item = make_item()
    row = ControlExecutor.objects.create(item=item, unit=org.external, position=1)
    assert sees(outsider, item)  # a member of the rural akim's office, now an executing body of the item

    row.delete()

    assert not sees(outsider, item)


def test_a_person_moving_to_another_unit_takes_their_items_to_the_new_head(make_item, executor, department_head):
    item = make_item()
    education = make_unit("Education department")
    education.head = make_person("education_head", unit=education, roles=(Role.DEPARTMENT_HEAD,))
    education.save(update_fields=["head"])

    executor.person.unit = education
    executor.person.save(update_fields=["unit"])

    assert sees(education.head.user, item)
    assert not sees(department_head, item)


def test_saving_a_stale_item_keeps_the_readers_of_the_database(make_item, outsider, org):
    item = make_item()
    stale = ControlItem.objects.get(pk=item.pk)
    ControlExecutor.objects.create(item=item, unit=org.external, position=1)

    stale.text = "Changed after the co-executor was added"
    stale.save()

    assert f"e{org.external.pk}" in readers(item)
    assert sees(outsider, item)


# --- the controlling unit of the regulation profile (003 §12.4(2); issue #12 point 4) -------------------------


def fresh(user):
    """The same user as a new request sees them: nothing memoised."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def construction_item(make_item):
    """An item of another department, led by its executor and controlled by the general department."""
    construction = make_unit("Construction department")
    builder = make_person("builder", unit=construction, roles=(Role.EXECUTOR,))
    return make_item(lead=builder, text="Repair the school roof")


def test_003_12_4_the_general_department_head_sees_every_item_and_opens_both_reports(
    client, construction_item, general_head, org, clock
):
    """The head of the controlling unit — named as controller on every task — reads what the unit controls."""
    # the head is recorded in the leadership, not as one of the department's staff: heading it is enough
    general_head.person.unit = org.leadership
    general_head.person.save(update_fields=["unit"])
    other = ControlItem.objects.filter(pk=construction_item.pk).update(controller=org.finance)

    assert other == 1 and sees(fresh(general_head), ControlItem.objects.get(pk=construction_item.pk))
    client.force_login(general_head)
    assert client.get(reverse("control:control_reports:weekly_list")).status_code == 200
    assert client.get(reverse("control:control_reports:quarterly_report")).status_code == 200
    assert client.get(reverse("control:item", args=[construction_item.pk])).status_code == 200


def test_003_12_4_an_ordinary_department_head_sees_only_their_department_and_no_reports(
    client, construction_item, department_head
):
    assert not sees(fresh(department_head), construction_item)
    client.force_login(department_head)
    assert client.get(reverse("control:control_reports:weekly_list")).status_code == 403
    assert client.get(reverse("control:item", args=[construction_item.pk])).status_code == 404


def test_003_12_4_who_acts_for_the_general_department_head_reads_as_the_head(construction_item, general_head, deputy):
    ActingDuty.objects.create(
        acting=deputy.person, absent=general_head.person, starts_on=mon_2026_03_16, ends_on=mon_2026_03_16
    )

    assert sees(fresh(deputy), construction_item)
    assert permissions.controller_reads(fresh(deputy), "reports")


def test_003_12_4_the_controlling_unit_and_what_it_reads_are_rules_of_the_profile(
    construction_item, general_head, registrar, org
):
    """A profile that names the organisational department, and lets it read only the reports."""
    organisational = make_unit("Organisational department", function=OrgUnit.Function.ORGANISATIONAL)
    officer = make_person("org_officer", unit=organisational, roles=(Role.ORG_DEPARTMENT,)).user
    copy = reglament.copy_profile(reglament.active_profile(), code="oblast", name_kk="Облыс", name_ru="Область")
    reglament.set_rule(copy, "control.controlling_units", "organisational")
    reglament.set_rule(copy, "control.controlling_units_read", "reports")
    reglament.activate_profile(copy)

    assert permissions.controller_reads(fresh(officer), "reports")
    assert not permissions.controller_reads(fresh(officer), "control")
    assert not permissions.controller_reads(fresh(general_head), "reports")
    assert not sees(fresh(officer), construction_item)
    # the general department still sees what it controls, by the item's own keys
    assert sees(fresh(registrar), construction_item)
    assert may_read_reports(fresh(officer)) and not may_read_reports(fresh(general_head))


def test_003_12_4_a_sector_of_the_general_department_reads_as_the_department(construction_item, org):
    sector = make_unit("Archive sector", parent=org.general)
    archivist = make_person("archivist", unit=sector, roles=(Role.EXECUTOR,)).user

    assert sees(fresh(archivist), construction_item)
    assert may_read_reports(fresh(archivist))


def test_003_12_4_a_department_no_longer_active_controls_nothing(construction_item, general_head, org):
    OrgUnit.objects.filter(pk=org.general.pk).update(is_active=False)

    assert not permissions.controller_reads(fresh(general_head), "documents")
    assert not may_read_reports(fresh(general_head))
