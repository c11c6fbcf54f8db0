"""Applicants' cards and the links found at registration (issue #15 §1, SPEC §8): the same applicant — by IIN/BIN, or
by name and address — with an earlier appeal already answered is a repeat; with one through another channel a few
days before whose essence reads the same, a duplicate."""

import datetime

import pytest

from akimat import history
from appeals import services
from appeals.models import Appeal, AppealLink, Applicant, Channel
from tests.appeals.conftest import BIN, IIN, individual, legal_entity, tue_2026_03_17

pytestmark = pytest.mark.django_db

LIGHTS = "Шаян ауылындағы Төле би көшесінде түнгі жарықтандыру жоқ, шамдарды орнатуды сұраймын"
LIGHTS_AGAIN = "Шаян ауылы Төле би көшесінде түнгі жарықтандыру жоқ, шамдарды орнатуды сұраймын!"
ROADS = "Аудан орталығына баратын жолды жөндеу мерзімі туралы ақпарат беруіңізді сұраймын"


def _answered(appeal: Appeal) -> None:
    # the answer is the next step of issue #15: here the state it leaves
    Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.ANSWERED)


# --- the applicant's card -------------------------------------------------------------------------------------


def test_one_card_per_iin_holds_all_the_applicants_appeals(appeals_org, register):
    first = register(applicants=[individual(iin=IIN)])
    second = register(applicants=[individual(iin=IIN, address="Шымкент қ., Тәуке хан даңғылы, 5", phone="")])

    card = Applicant.objects.get()
    assert set(card.appeals.values_list("pk", flat=True)) == {first.pk, second.pk}
    # the card holds the latest address; a contact not given again is kept
    assert card.address == "Шымкент қ., Тәуке хан даңғылы, 5"
    assert card.phone == "+7 701 000 00 00"


def test_an_applicant_without_iin_is_recognised_by_name_and_address_whatever_the_case_and_spaces(appeals_org, register):
    register()
    register(applicants=[individual(surname="СЕРІКБАЕВ", address="Түркістан облысы,  Бәйдібек ауданы, Шаян ауылы, "
                                                                 "Төле би көшесі 12")])  # fmt: skip

    assert Applicant.objects.count() == 1


def test_a_card_known_by_name_and_address_takes_the_iin_given_later(appeals_org, register):
    register()
    register(applicants=[individual(iin=IIN)])

    assert Applicant.objects.get().iin == IIN


def test_the_same_name_at_another_address_is_another_applicant(appeals_org, register):
    register()
    register(applicants=[individual(address="Шымкент қ., Тәуке хан даңғылы, 5")])

    assert Applicant.objects.count() == 2


def test_a_legal_entity_is_recognised_by_its_bin(appeals_org, register):
    register(applicants=[legal_entity(bin=BIN)])
    register(applicants=[legal_entity(bin=BIN, organisation="ТОО «Шаян Агро»")])

    assert Applicant.objects.get().organisation == "ТОО «Шаян Агро»"


# --- repeats ------------------------------------------------------------------------------------------------


def test_an_appeal_of_an_applicant_whose_earlier_appeal_was_answered_is_linked_as_a_repeat(appeals_org, register):
    earlier = register(summary=LIGHTS, applicants=[individual(iin=IIN)])
    _answered(earlier)
    appeals_org.move_to(datetime.date(2026, 4, 20))

    repeat = register(summary=LIGHTS_AGAIN, applicants=[individual(iin=IIN, address="another address")])

    link = AppealLink.objects.get(appeal=repeat)
    assert (link.earlier, link.kind) == (earlier, AppealLink.Kind.REPEAT)
    assert link.similarity > 0.5
    entry = history.history_for(repeat).get(action="appeal_linked")
    assert entry.data == {"repeat": [earlier.number], "duplicate": []}
    # exposed both ways
    assert [(lnk.kind, other) for lnk, other in services.links_of(repeat)] == [("repeat", earlier)]
    assert [(lnk.kind, other) for lnk, other in services.links_of(earlier)] == [("repeat", repeat)]


def test_a_repeat_is_found_by_name_and_address_when_no_iin_is_given(appeals_org, register):
    earlier = register(summary=LIGHTS)
    _answered(earlier)
    appeals_org.move_to(datetime.date(2026, 4, 20))

    repeat = register(summary=LIGHTS_AGAIN, channel=Channel.POST, signed=True, dated_on=datetime.date(2026, 4, 17))

    assert AppealLink.objects.get(appeal=repeat).earlier == earlier


def test_an_earlier_appeal_not_yet_answered_is_no_repeat(appeals_org, register):
    register(summary=LIGHTS)
    appeals_org.move_to(datetime.date(2026, 4, 20))

    later = register(summary=LIGHTS_AGAIN)

    assert not AppealLink.objects.filter(appeal=later).exists()


def test_another_applicants_answered_appeal_is_no_repeat(appeals_org, register):
    _answered(register(summary=LIGHTS, applicants=[individual(iin=IIN)]))
    appeals_org.move_to(datetime.date(2026, 4, 20))

    other = register(summary=LIGHTS, applicants=[individual(surname="Омарова", first_name="Гүлмира")])

    assert not AppealLink.objects.filter(appeal=other).exists()


def test_a_collective_appeal_repeats_the_answered_appeal_of_any_of_its_applicants(appeals_org, register):
    earlier = register(summary=LIGHTS, applicants=[individual(surname="Омарова", first_name="Гүлмира")])
    _answered(earlier)
    appeals_org.move_to(datetime.date(2026, 4, 20))

    collective = register(
        summary=LIGHTS_AGAIN, applicants=[individual(), individual(surname="Омарова", first_name="Гүлмира")]
    )

    assert AppealLink.objects.get(appeal=collective).earlier == earlier


# --- duplicates -----------------------------------------------------------------------------------------------


def test_the_same_appeal_through_two_channels_is_linked_as_a_duplicate(appeals_org, register):
    by_e_otinish = register(summary=LIGHTS, channel=Channel.E_OTINISH)
    appeals_org.move_to(datetime.date(2026, 3, 19), 11)

    by_email = register(summary=LIGHTS_AGAIN, channel=Channel.EMAIL)

    link = AppealLink.objects.get(appeal=by_email)
    assert (link.earlier, link.kind) == (by_e_otinish, AppealLink.Kind.DUPLICATE)
    assert [(lnk.kind, other) for lnk, other in services.links_of(by_e_otinish)] == [("duplicate", by_email)]


def test_another_question_of_the_same_applicant_is_no_duplicate(appeals_org, register):
    register(summary=LIGHTS, channel=Channel.E_OTINISH)
    appeals_org.move_to(datetime.date(2026, 3, 19), 11)

    other = register(summary=ROADS, channel=Channel.EMAIL)

    assert not AppealLink.objects.filter(appeal=other).exists()


def test_the_same_channel_again_or_weeks_later_is_no_duplicate(appeals_org, register):
    register(summary=LIGHTS, channel=Channel.E_OTINISH)
    same_channel = register(summary=LIGHTS_AGAIN, channel=Channel.E_OTINISH)
    appeals_org.move_to(datetime.date(2026, 4, 20))
    weeks_later = register(summary=LIGHTS_AGAIN, channel=Channel.EMAIL)

    assert not AppealLink.objects.filter(appeal__in=[same_channel, weeks_later]).exists()


def test_the_links_a_user_may_not_see_are_not_shown(appeals_org, register):
    """The akim sees the appeal addressed to him, not the earlier one addressed to the deputy."""
    earlier = register(summary=LIGHTS, addressee=appeals_org.deputy.person)
    _answered(earlier)
    appeals_org.move_to(datetime.date(2026, 4, 20))
    repeat = register(summary=LIGHTS_AGAIN, addressee=appeals_org.akim.person)

    assert services.links_of(repeat, appeals_org.akim) == []
    assert [other for _link, other in services.links_of(repeat, appeals_org.officer)] == [earlier]


def test_an_anonymous_appeal_is_linked_to_nothing(appeals_org, register):
    _answered(register(summary=LIGHTS))

    anonymous = register(summary=LIGHTS, applicants=[], is_anonymous=True, channel=Channel.WEBSITE)

    assert not AppealLink.objects.filter(appeal=anonymous).exists()
    assert anonymous.registered_on == tue_2026_03_17
