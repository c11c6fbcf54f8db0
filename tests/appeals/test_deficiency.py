"""003 §13.7: an appeal that does not meet APPK art. 63 — the head of the appeals department names what is missing
and sets a reasonable term; fixed in time it goes on, not fixed it is returned to the applicant once the term has
passed. Terms in working days through akimat.workdays (Nauryz 21–25 March 2026 is off)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from akimat import history
from akimat.models import Notification
from appeals import services
from appeals.models import Appeal, AppealNotice, Channel
from tests.appeals.conftest import individual, tue_2026_03_17
from tests.factories import make_acting_duty

pytestmark = pytest.mark.django_db

FRI_2026_03_27 = datetime.date(2026, 3, 27)  # 5 working days after 17 March: 18, 19, 20, 26, 27
SAT_2026_03_28 = datetime.date(2026, 3, 28)
MON_2026_03_30 = datetime.date(2026, 3, 30)


@pytest.fixture
def deficient(appeals_org, register):
    """A paper appeal without the applicant's address, signature and date, registered on 17 March."""
    return register(channel=Channel.POST, applicants=[individual(address="")])


def test_13_7_the_head_names_what_is_missing_and_sets_a_term_in_working_days(appeals_org, deficient):
    notice = services.mark_deficient(deficient, actor=appeals_org.head, term_days=5, text="Мекенжайыңызды көрсетіңіз")

    deficient.refresh_from_db()
    assert deficient.status == Appeal.Status.DEFICIENT
    assert deficient.deficiency_due_on == FRI_2026_03_27
    assert (notice.kind, notice.items, notice.due_on, notice.sent_on) == (
        AppealNotice.Kind.DEFICIENCY,
        ["address", "signature", "date"],
        FRI_2026_03_27,
        tue_2026_03_17,
    )
    entry = history.history_for(deficient).get(action="deficiency_noticed")
    assert entry.data == {"items": ["address", "signature", "date"], "due_on": "2026-03-27"}
    # the head's request to set the term is done
    asked = Notification.objects.get(recipient=appeals_org.head, object_id=deficient.pk)
    assert asked.action_done_at is not None


def test_13_7_the_term_may_be_a_date_and_a_day_off_moves_to_the_next_working_day(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, due_on=SAT_2026_03_28)

    deficient.refresh_from_db()
    assert deficient.deficiency_due_on == MON_2026_03_30


def test_13_7_the_head_may_name_the_missing_items_itself(appeals_org, register):
    appeal = register()

    notice = services.mark_deficient(appeal, actor=appeals_org.head, items=["summary"], term_days=3)

    assert notice.items == ["summary"]


def test_13_7_the_term_is_either_days_or_a_date_and_ends_after_today(appeals_org, deficient):
    head = appeals_org.head
    with pytest.raises(ValidationError):
        services.mark_deficient(deficient, actor=head)
    with pytest.raises(ValidationError):
        services.mark_deficient(deficient, actor=head, term_days=3, due_on=MON_2026_03_30)
    with pytest.raises(ValidationError):
        services.mark_deficient(deficient, actor=head, due_on=tue_2026_03_17)
    with pytest.raises(ValidationError):
        services.mark_deficient(deficient, actor=head, term_days=0)
    with pytest.raises(ValidationError):
        services.mark_deficient(deficient, actor=head, items=["no such item"], term_days=3)


def test_13_7_only_the_head_of_the_appeals_department_sets_the_term(appeals_org, deficient):
    for user in (appeals_org.officer, appeals_org.registrar, appeals_org.outsider, appeals_org.akim):
        with pytest.raises(PermissionDenied):
            services.mark_deficient(deficient, actor=user, term_days=5)


def test_13_7_the_person_acting_for_the_head_sets_the_term(appeals_org, deficient):
    make_acting_duty(appeals_org.officer.person, appeals_org.head.person, tue_2026_03_17, FRI_2026_03_27)
    acting = User.objects.get(pk=appeals_org.officer.pk)  # a new request: what they may do is read anew

    services.mark_deficient(deficient, actor=acting, term_days=5)

    assert Appeal.objects.get(pk=deficient.pk).status == Appeal.Status.DEFICIENT


def test_13_7_a_deficiency_fixed_within_the_term_sends_the_appeal_on(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, term_days=5)
    appeals_org.move_to(datetime.date(2026, 3, 20))

    fixed = services.fix_deficiency(
        deficient,
        actor=appeals_org.officer,
        corrections=services.Corrections(applicants=[individual()], signed=True, dated_on=datetime.date(2026, 3, 16)),
        comment="The applicant brought the signed appeal with the address",
    )

    assert fixed.status == Appeal.Status.REGISTERED
    assert (fixed.missing_items, fixed.deficiency_due_on) == ([], None)
    assert fixed.parties.get().applicant.address.startswith("Түркістан облысы")
    assert fixed.number == "ЖТ-1"  # the registration stands
    assert [e.action for e in history.history_for(fixed)] == [
        "appeal_registered",
        "deficiency_noticed",
        "deficiency_fixed",
    ]


def test_13_7_a_fix_that_leaves_items_missing_names_them(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, term_days=5)

    with pytest.raises(ValidationError) as error:
        services.fix_deficiency(deficient, actor=appeals_org.officer, corrections=services.Corrections(signed=True))

    assert "postal address" in str(error.value)
    assert Appeal.objects.get(pk=deficient.pk).status == Appeal.Status.DEFICIENT


def test_13_7_missing_items_may_be_fixed_before_the_head_sets_a_term(appeals_org, register):
    appeal = register(applicants=[individual(address="")])

    services.fix_deficiency(
        appeal, actor=appeals_org.officer, corrections=services.Corrections(applicants=[individual()])
    )

    appeal.refresh_from_db()
    assert (appeal.status, appeal.missing_items) == (Appeal.Status.REGISTERED, [])
    assert Notification.objects.get(recipient=appeals_org.head, object_id=appeal.pk).action_done_at is not None


def test_13_7_an_appeal_not_fixed_is_returned_only_after_the_term_has_passed(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, term_days=5)

    # the last day of the term: the applicant may still bring it
    appeals_org.move_to(FRI_2026_03_27, 18)
    with pytest.raises(ValidationError) as error:
        services.return_unfixed(deficient, actor=appeals_org.officer)
    assert "27.03.2026" in str(error.value)

    appeals_org.move_to(MON_2026_03_30, 9)
    returned = services.return_unfixed(deficient, actor=appeals_org.officer, reason="No address was given")

    assert returned.status == Appeal.Status.RETURNED
    assert returned.returned_on == MON_2026_03_30
    entry = history.history_for(returned).get(action="appeal_returned")
    assert (entry.comment, entry.from_state, entry.to_state) == ("No address was given", "deficient", "returned")


def test_13_7_a_returned_appeal_is_not_fixed_nor_returned_again(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, term_days=5)
    appeals_org.move_to(MON_2026_03_30)
    services.return_unfixed(deficient, actor=appeals_org.officer)

    with pytest.raises(ValidationError):
        services.return_unfixed(deficient, actor=appeals_org.officer)
    with pytest.raises(ValidationError):
        services.fix_deficiency(deficient, actor=appeals_org.officer)


def test_13_7_only_the_appeals_department_fixes_and_returns(appeals_org, deficient):
    services.mark_deficient(deficient, actor=appeals_org.head, term_days=5)
    appeals_org.move_to(MON_2026_03_30)

    for user in (appeals_org.outsider, appeals_org.akim, appeals_org.registrar):
        with pytest.raises(PermissionDenied):
            services.return_unfixed(deficient, actor=user)
        with pytest.raises(PermissionDenied):
            services.fix_deficiency(deficient, actor=user)


def test_13_7_a_complete_or_anonymous_appeal_is_not_found_deficient_by_the_check(appeals_org, register):
    complete = register()
    with pytest.raises(ValidationError):  # nothing to name
        services.mark_deficient(complete, actor=appeals_org.head, term_days=5)
    anonymous = register(applicants=[], is_anonymous=True)
    with pytest.raises(ValidationError):
        services.mark_deficient(anonymous, actor=appeals_org.head, items=["summary"], term_days=5)
    with pytest.raises(ValidationError):
        services.fix_deficiency(complete, actor=appeals_org.officer)


def test_13_7_without_an_appeals_department_the_head_of_the_general_department_sets_the_term(
    org, registrar, general_head, register_without_appeals_unit
):
    """004 §14.2, §14.7: a district apparatus without an appeals department — its documentation support unit."""
    appeal = register_without_appeals_unit(registrar, applicants=[individual(address="")])

    services.mark_deficient(appeal, actor=general_head, term_days=5)

    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.DEFICIENT


@pytest.fixture
def register_without_appeals_unit(clock):
    def make(actor, **changes):
        data = services.AppealData(channel=Channel.E_OTINISH, summary="Жол жөндеу", addressee_name="Әкім")
        for name, value in changes.items():
            setattr(data, name, value)
        return services.register_appeal(actor=actor, data=data)

    return make
