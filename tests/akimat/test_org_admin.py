"""Admin of the organisation reference data, and the validation of acting duties."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from akimat.models import ActingDuty, OrgUnit, Person, Supervision
from tests.factories import make_acting_duty, make_unit

mon_2026_03_16 = datetime.date(2026, 3, 16)
fri_2026_03_20 = datetime.date(2026, 3, 20)


# --- acting duty validation -------------------------------------------------------------------------


def test_acting_duty_ending_before_it_starts_is_refused(deputy, head_of_apparatus):
    duty = ActingDuty(
        acting=deputy.person, absent=head_of_apparatus.person, starts_on=fri_2026_03_20, ends_on=mon_2026_03_16
    )

    with pytest.raises(ValidationError) as error:
        duty.full_clean()

    assert "ends_on" in error.value.message_dict


def test_overlapping_duty_for_the_same_pair_is_refused(deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)
    duty = ActingDuty(
        acting=deputy.person,
        absent=head_of_apparatus.person,
        starts_on=fri_2026_03_20,
        ends_on=datetime.date(2026, 3, 27),
    )

    with pytest.raises(ValidationError) as error:
        duty.full_clean()

    assert "16.03.2026" in str(error.value) and "20.03.2026" in str(error.value)


def test_following_duty_and_another_pair_are_accepted(deputy, head_of_apparatus, akim):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    make_acting_duty(deputy.person, head_of_apparatus.person, datetime.date(2026, 3, 21), datetime.date(2026, 3, 27))
    make_acting_duty(deputy.person, akim.person, mon_2026_03_16, fri_2026_03_20)

    assert ActingDuty.objects.count() == 3


def test_editing_a_duty_does_not_clash_with_itself(deputy, head_of_apparatus):
    duty = make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)
    duty.ends_on = datetime.date(2026, 3, 19)

    duty.full_clean()


def test_acting_for_oneself_is_refused(deputy):
    duty = ActingDuty(acting=deputy.person, absent=deputy.person, starts_on=mon_2026_03_16, ends_on=fri_2026_03_20)

    with pytest.raises(ValidationError) as error:
        duty.full_clean()

    assert "absent" in error.value.message_dict


def test_overlap_message_is_translated(deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)
    duty = ActingDuty(
        acting=deputy.person, absent=head_of_apparatus.person, starts_on=mon_2026_03_16, ends_on=fri_2026_03_20
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        duty.full_clean()

    assert "already acts for" in " ".join(error.value.messages)


def test_unit_cannot_be_moved_under_its_own_sub_unit(org):
    org.apparatus.parent = org.general

    with pytest.raises(ValidationError) as error:
        org.apparatus.full_clean()

    assert "parent" in error.value.message_dict


# --- admin pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    "model", ["orgunit", "person", "supervision", "actingduty"], ids=["units", "people", "supervision", "duties"]
)
def test_changelists_open_in_every_language(admin_client, org, deputy, department_head, model, language):
    response = admin_client.get(reverse(f"admin:akimat_{model}_changelist"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == language


def test_units_are_listed_as_a_tree(admin_client, org):
    sector = make_unit("Budget sector", parent=org.finance)

    response = admin_client.get(reverse("admin:akimat_orgunit_changelist"), HTTP_ACCEPT_LANGUAGE="en")

    listed = [unit.pk for unit in response.context["cl"].result_list]
    assert listed.index(sector.pk) == listed.index(org.finance.pk) + 1
    assert listed.index(org.apparatus.pk) < listed.index(org.general.pk)
    assert "\u2003\u2003\u2003\u2003Budget sector" in response.text


def test_units_are_found_by_their_kazakh_name_and_filtered_by_kind(admin_client, org):
    url = reverse("admin:akimat_orgunit_changelist")

    found = admin_client.get(url, {"q": "Finance department (kk)"}).context["cl"].result_list
    rural = admin_client.get(url, {"kind__exact": OrgUnit.Kind.RURAL_AKIM}).context["cl"].result_list

    assert list(found) == [org.finance]
    assert list(rural) == [org.external]


def test_person_page_shows_the_acting_duties(admin_client, deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    response = admin_client.get(reverse("admin:akimat_person_change", args=[deputy.person.pk]))

    assert response.status_code == 200
    assert "Head Of Apparatus" in response.text


def test_acting_duty_form_reports_reversed_dates(admin_client, deputy, head_of_apparatus):
    response = admin_client.post(
        reverse("admin:akimat_actingduty_add"),
        {
            "acting": deputy.person.pk,
            "absent": head_of_apparatus.person.pk,
            "starts_on": "2026-03-20",
            "ends_on": "2026-03-16",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "The end date cannot be earlier than the start date." in response.text
    assert not ActingDuty.objects.exists()


def test_administrator_creates_a_login_and_a_person_on_one_page(admin_client, org):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new.clerk",
            "usable_password": "true",
            "password1": "a-Long-demo-passw0rd",
            "password2": "a-Long-demo-passw0rd",
            "person-TOTAL_FORMS": "1",
            "person-INITIAL_FORMS": "0",
            "person-MIN_NUM_FORMS": "0",
            "person-MAX_NUM_FORMS": "1",
            "person-0-full_name": "Сейітова Әйгерім Болатқызы",
            "person-0-unit": org.general.pk,
            "person-0-position_kk": "Бас маман",
            "person-0-position_ru": "Главный специалист",
            "person-0-position_en": "Chief specialist",
            "person-0-preferred_language": "kk",
            "person-0-is_active": "on",
        },
    )

    assert response.status_code == 302, response.context and response.context.get("errors")
    person = Person.objects.get(user__username="new.clerk")
    assert person.unit == org.general
    assert person.full_name == "Сейітова Әйгерім Болатқызы"


def test_user_list_shows_person_unit_and_roles(admin_client, registrar):
    response = admin_client.get(reverse("admin:auth_user_changelist"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "registrar (general department)" in response.text
    assert "General department" in response.text


def test_admin_is_closed_to_staff_without_admin_rights(client, executor):
    client.force_login(executor)

    response = client.get(reverse("admin:akimat_orgunit_changelist"))

    assert response.status_code == 302


def test_readable_strings(org, deputy):
    supervision = Supervision.objects.get(supervisor=deputy.person)

    with translation.override("en"):
        assert str(org.finance) == "Finance department"
        assert str(supervision) == "Deputy → Finance department"
        assert str(User.objects.get(username="deputy").person) == "Deputy"
