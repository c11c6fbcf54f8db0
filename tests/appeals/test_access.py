"""Who sees an appeal (issue #15 §4, SPEC §8: personal data): the appeals department, the registrar who entered it,
the official it is addressed to (§13.8), the executors (added by the routing step), the auditor and the
administrator; nobody else. The IIN is shown in full only to those handling the appeal."""

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404

from akimat import permissions
from appeals import access
from appeals.models import Appeal, AppealLink, AppealNotice, Applicant
from tests.appeals.conftest import IIN, individual, tue_2026_03_17, wed_2026_03_18
from tests.factories import make_acting_duty, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(appeals_org, register):
    """An appeal to the akim with the applicant's IIN, registered by the appeals officer."""
    return register(applicants=[individual(iin=IIN)], addressee=appeals_org.akim.person)


def _sees(user, appeal) -> bool:
    in_list = permissions.visible(user, Appeal).filter(pk=appeal.pk).exists()
    assert in_list == permissions.can_view(user, appeal)  # the list and the page agree
    return in_list


@pytest.mark.parametrize("who", ["officer", "head", "akim", "auditor"])
def test_the_appeals_department_the_addressee_and_the_auditor_see_the_appeal(appeals_org, appeal, who):
    assert _sees(getattr(appeals_org, who), appeal)


@pytest.mark.parametrize("who", ["outsider", "finance_head", "deputy", "head_of_apparatus", "registrar"])
def test_an_outsider_and_an_unrelated_department_head_see_no_appeal(appeals_org, appeal, who):
    user = getattr(appeals_org, who)

    assert not _sees(user, appeal)
    assert not permissions.visible(user, Applicant).exists()
    with pytest.raises(Http404):
        permissions.get_object_for_user(user, Appeal, appeal.pk)


def test_the_registrar_sees_the_appeals_they_registered(appeals_org, register):
    theirs = register(actor=appeals_org.registrar)
    others = register()

    assert list(permissions.visible(appeals_org.registrar, Appeal)) == [theirs]
    assert not _sees(appeals_org.registrar, others)


def test_an_administrator_sees_every_appeal(appeals_org, appeal):
    admin = User.objects.create_superuser("admin", "admin@example.kz", "pass")

    assert _sees(admin, appeal)


def test_the_person_acting_for_the_addressee_sees_the_appeal(appeals_org, appeal):
    first_deputy = make_person("first_deputy", unit=appeals_org.org.leadership)
    make_acting_duty(first_deputy, appeals_org.akim.person, tue_2026_03_17, wed_2026_03_18)

    assert _sees(first_deputy.user, appeal)


def test_the_applicants_card_and_the_appeals_links_and_notices_follow_the_appeal(appeals_org, appeal):
    card = appeal.parties.get().applicant
    assert list(permissions.visible(appeals_org.akim, Applicant)) == [card]
    assert list(permissions.visible(appeals_org.officer, Applicant)) == [card]
    assert not permissions.visible(appeals_org.outsider, Applicant).exists()
    for model in (AppealLink, AppealNotice):
        assert permissions.rule_for(model).follows == "appeal"


def test_the_executors_are_added_by_the_routing_step_through_the_hook(appeals_org, appeal):
    """§13.8: a later step names the executors of the resolution; here a condition naming the finance head."""
    finance_head = appeals_org.finance_head
    assert not _sees(finance_head, appeal)

    def executors(user):
        return Q(pk=appeal.pk) if user.pk == finance_head.pk else Q(pk__in=[])

    access.add_readers(executors)
    try:
        fresh = User.objects.get(pk=finance_head.pk)
        assert _sees(fresh, appeal)
        assert access.handles(fresh, appeal)
    finally:
        access._READERS.remove(executors)


def test_the_iin_is_shown_in_full_only_to_those_handling_the_appeal(appeals_org, appeal):
    card = appeal.parties.get().applicant

    for user in (appeals_org.officer, appeals_org.head, appeals_org.akim):
        assert access.shown_iin(user, appeal, card) == IIN
    assert access.shown_iin(appeals_org.auditor, appeal, card) == "********0124"
    admin = User.objects.create_superuser("admin", "admin@example.kz", "pass")
    assert access.shown_iin(admin, appeal, card) == "********0124"


def test_a_legal_entitys_bin_is_not_masked(appeals_org, register):
    from tests.appeals.conftest import BIN, legal_entity

    appeal = register(applicants=[legal_entity(bin=BIN)])

    assert access.shown_iin(appeals_org.auditor, appeal, appeal.parties.get().applicant) == BIN
