"""APPK art. 63: what an appeal must contain, per applicant type and channel (appeals.requisites); an IIN or BIN is
optional but a given one must be valid."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from appeals import requisites, services
from appeals.models import Applicant, Channel
from tests.appeals.conftest import BIN, IIN, individual, legal_entity

pytestmark = pytest.mark.django_db


def _data(**changes) -> services.AppealData:
    data = services.AppealData(
        channel=Channel.E_OTINISH, summary="Су құбыры туралы", addressee_name="Бәйдібек ауданының әкімі",
        applicants=[individual()],
    )  # fmt: skip
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def _codes(**changes) -> list[str]:
    return [item.key for item in services.check_requisites(_data(**changes))]


def test_appk_63_an_individual_gives_surname_first_name_and_postal_address():
    assert _codes() == []
    assert _codes(applicants=[individual(surname="", first_name="", address="")]) == [
        "surname",
        "first_name",
        "address",
    ]


def test_appk_63_the_patronymic_and_the_iin_of_an_individual_are_not_required():
    assert _codes(applicants=[individual(patronymic="", iin="")]) == []


def test_appk_63_a_legal_entity_gives_its_name_and_postal_address():
    assert _codes(applicants=[legal_entity()]) == []
    assert _codes(applicants=[legal_entity(organisation=" ", address="")]) == ["organisation", "address"]
    # a legal entity has no surname: none is asked for
    assert _codes(applicants=[legal_entity(bin="")]) == []


def test_appk_63_every_appeal_names_its_addressee_and_its_essence():
    assert _codes(addressee_name="", summary="  ") == ["addressee", "summary"]


def test_appk_63_the_addressee_is_an_official_or_a_body_as_written(appeals_org):
    assert _codes(addressee_name="", addressee=appeals_org.akim.person) == []


@pytest.mark.parametrize("channel", [Channel.POST, Channel.IN_PERSON])
def test_appk_63_a_paper_appeal_is_signed_and_dated_by_the_applicant(channel):
    assert _codes(channel=channel) == ["signature", "date"]
    import datetime

    assert _codes(channel=channel, signed=True, dated_on=datetime.date(2026, 3, 16)) == []


@pytest.mark.parametrize(
    "channel", [Channel.E_OTINISH, Channel.EMAIL, Channel.WEBSITE, Channel.MESSENGER, Channel.ORAL, Channel.RECEPTION]
)
def test_appk_63_an_electronic_or_oral_appeal_needs_no_paper_signature(channel):
    """e-Otinish signs by EDS; an oral appeal is written into a record by the employee (§13.10)."""
    assert _codes(channel=channel) == []


def test_appk_63_a_representative_shows_the_document_of_authority():
    assert _codes(representative_name="Ахметов Б.") == ["authority"]
    assert _codes(representative_name="Ахметов Б.", representative_document="Сенімхат № 12, 02.03.2026") == []


def test_appk_63_a_collective_appeal_says_whose_requisite_is_missing():
    missing = services.check_requisites(_data(applicants=[individual(), individual(surname="", address="")]))

    assert [item.key for item in missing] == ["surname:2", "address:2"]
    with translation.override("en"):
        assert [item.label for item in missing] == ["applicant 2: surname", "applicant 2: postal address"]


def test_appk_63_an_appeal_without_any_applicant_lacks_the_applicant():
    assert _codes(applicants=[]) == ["applicant"]


def test_an_anonymous_appeal_is_not_checked():
    assert _codes(applicants=[], is_anonymous=True, summary="", addressee_name="") == []


def test_the_stored_codes_read_back_as_labels():
    with translation.override("en"):
        assert requisites.labels(["summary", "address:2", "unknown"]) == [
            "essence of the appeal",
            "applicant 2: postal address",
        ]


def test_a_valid_iin_and_bin_pass_the_check():
    assert _codes(applicants=[individual(iin=IIN), legal_entity(bin=BIN)]) == []
    assert _codes(applicants=[individual(iin="850101 300124")]) == []  # typed with a space


def test_a_mistyped_iin_is_an_error_of_the_form_with_a_clear_message():
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.check_requisites(_data(applicants=[individual(iin="850101300125")]))
    assert error.value.message_dict == {
        "applicants": ["The IIN 850101300125 is mistyped: its check digit does not match."]
    }


def test_a_mistyped_bin_of_the_second_applicant_is_named():
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.check_requisites(_data(applicants=[individual(), legal_entity(bin="120340004711")]))
    assert error.value.message_dict["applicants"] == [
        "applicant 2: The BIN 120340004711 is mistyped: its check digit does not match."
    ]


def test_a_mistyped_iin_stops_the_registration_until_it_is_corrected(appeals_org, register):
    with pytest.raises(ValidationError) as error:
        register(applicants=[individual(iin="850101300125")])
    assert "applicants" in error.value.message_dict

    appeal = register(applicants=[individual(iin=IIN)])
    assert appeal.parties.get().applicant.iin == IIN


def test_a_legal_entitys_bin_is_kept_and_an_individuals_only_fields_are_dropped(appeals_org, register):
    appeal = register(applicants=[legal_entity(bin=BIN, surname="stray")])

    card = appeal.parties.get().applicant
    assert (card.type, card.organisation, card.bin, card.surname) == (
        Applicant.Type.LEGAL_ENTITY,
        "«Шаян Агро» ЖШС",
        BIN,
        "",
    )
