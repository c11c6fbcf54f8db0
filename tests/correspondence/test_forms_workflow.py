"""The lists of people in the workflow forms: read once per data version, checked against the queryset."""

from django import forms
from django.utils import translation

from akimat.roles import Role
from correspondence.forms_workflow import PersonChoiceField, people, people_with_roles


class PersonForm(forms.Form):
    person = PersonChoiceField(queryset=people())


def test_a_list_of_people_is_read_once_and_drawn_from_the_cache(akim, executor, django_assert_num_queries):
    assert akim.person.full_name in str(PersonForm()["person"])

    with django_assert_num_queries(0):
        html = str(PersonForm()["person"])

    assert f'<option value="{akim.person.pk}">{akim.person.full_name}' in html
    assert f'<option value="{executor.person.pk}">' in html


def test_a_renamed_person_is_listed_under_the_new_name(akim):
    str(PersonForm()["person"])

    akim.person.full_name = "Жаңа Аты-Жөні"
    akim.person.save()  # replaces the data version

    assert "Жаңа Аты-Жөні" in str(PersonForm()["person"])


def test_each_list_and_language_has_its_own_options(akim, executor):
    class LeadersForm(forms.Form):
        person = PersonChoiceField(queryset=people_with_roles([Role.AKIM]))

    everyone = str(PersonForm()["person"])
    leaders = str(LeadersForm()["person"])

    assert executor.person.full_name in everyone and executor.person.full_name not in leaders
    assert akim.person.full_name in leaders
    with translation.override("ru"):
        russian = str(PersonForm()["person"])
    with translation.override("kk"):
        kazakh = str(PersonForm()["person"])
    unit = executor.person.unit
    assert f"— {unit.name_ru}" in russian and f"— {unit.name_kk}" in kazakh


def test_the_value_is_still_checked_against_the_queryset(akim, executor):
    str(PersonForm()["person"])  # the options are cached
    executor.is_active = False
    executor.save()

    assert PersonForm(data={"person": str(akim.person.pk)}).is_valid()
    form = PersonForm(data={"person": str(executor.person.pk)})
    assert not form.is_valid() and "person" in form.errors
