"""Who sees a control item: ControlItem.readers, kept by the database's triggers (migration 0007; SPEC §5).

Executors see their items, department heads their department's, leadership what they issued or supervise,
the controlling unit what it controls; the keys follow the executor rows and a person moving to another
unit, whichever code path writes them.
"""

from akimat import permissions
from akimat.roles import Role
from control.models import ControlExecutor, ControlItem
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
