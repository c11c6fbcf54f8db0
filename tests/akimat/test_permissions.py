"""akimat.permissions: principals and acting duties, roles, supervised units, rules, guardian grants."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.http import Http404

from akimat import permissions
from akimat.models import CalendarException, Journal, OrgUnit
from akimat.roles import Role
from tests.factories import make_acting_duty, make_unit

wed_2026_03_18 = datetime.date(2026, 3, 18)
mon_2026_03_16 = datetime.date(2026, 3, 16)
fri_2026_03_20 = datetime.date(2026, 3, 20)
fri_2026_03_13 = datetime.date(2026, 3, 13)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def author_rule():
    """A tiny rule on a core model: the author of a calendar exception sees and changes it."""
    previous = permissions.unregister(CalendarException)
    rule = permissions.register(
        CalendarException,
        filter_visible=lambda user: Q(created_by=user),
        can_change=lambda user, obj: obj.created_by_id == user.pk,
    )
    yield rule
    permissions.unregister(CalendarException)
    if previous is not None:
        permissions.register(
            previous.model,
            filter_visible=previous.filter_visible,
            can_view=previous.can_view,
            can_change=previous.can_change,
        )


@pytest.fixture
def no_journal_rule():
    """Journal without a rule, whatever other apps registered: visible through grants only."""
    previous = permissions.unregister(Journal)
    yield
    if previous is not None:
        permissions.register(
            Journal, filter_visible=previous.filter_visible, can_view=previous.can_view, can_change=previous.can_change
        )


def exception_by(user: User, day: int) -> CalendarException:
    return CalendarException.objects.create(
        date=datetime.date(2026, 1, day), kind=CalendarException.Kind.HOLIDAY, reason="test", created_by=user
    )


def fresh(user: User) -> User:
    """The same user without memoised answers, as a new request would see them."""
    return User.objects.get(pk=user.pk)


# --- principals and acting duties -------------------------------------------------------------------


def test_principals_of_a_user_without_duties_is_the_user_alone(executor):
    assert permissions.principals(executor) == [executor]


def test_acting_duty_in_force_adds_the_absent_person(deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.principals(fresh(deputy)) == [deputy, head_of_apparatus]


def test_expired_and_future_duties_do_not_count_today(deputy, head_of_apparatus, akim):
    make_acting_duty(deputy.person, head_of_apparatus.person, datetime.date(2026, 3, 2), fri_2026_03_13)
    make_acting_duty(deputy.person, akim.person, datetime.date(2026, 3, 23), datetime.date(2026, 3, 27))

    assert permissions.principals(deputy) == [deputy]
    assert permissions.principals(deputy, on=datetime.date(2026, 3, 24)) == [deputy, akim]


def test_duty_counts_on_its_first_and_last_day(deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, wed_2026_03_18, wed_2026_03_18)

    assert permissions.principals(deputy) == [deputy, head_of_apparatus]


def test_acting_is_not_transitive(deputy, head_of_apparatus, akim):
    # the head of apparatus acts for the akim, and the deputy for the head of apparatus
    make_acting_duty(head_of_apparatus.person, akim.person, mon_2026_03_16, fri_2026_03_20)
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.principals(deputy) == [deputy, head_of_apparatus]
    # a rule is asked about each principal; asking further must not reach the akim through them
    principal = permissions.principals(deputy)[1]
    assert permissions.principals(principal) == [head_of_apparatus]
    assert Role.AKIM not in permissions.roles_of(principal)


def test_acting_for_names_the_principal_only_while_the_duty_is_in_force(deputy, head_of_apparatus, akim):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.acting_for(deputy, head_of_apparatus) == head_of_apparatus
    assert permissions.acting_for(deputy, akim) is None
    assert permissions.acting_for(deputy, deputy) is None
    assert permissions.acting_for(deputy, head_of_apparatus, on=datetime.date(2026, 3, 23)) is None


def test_principals_are_memoised_on_the_user_until_forgotten(deputy, head_of_apparatus, django_assert_num_queries):
    permissions.principals(deputy)
    with django_assert_num_queries(0):
        assert permissions.principals(deputy) == [deputy]

    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)
    permissions.forget(deputy)

    assert permissions.principals(deputy) == [deputy, head_of_apparatus]


def test_anonymous_and_inactive_users_have_no_principals(executor):
    executor.is_active = False

    assert permissions.principals(AnonymousUser()) == []
    assert permissions.principals(executor) == []


# --- roles ------------------------------------------------------------------------------------------


def test_roles_of_are_own_roles(registrar):
    assert permissions.roles_of(registrar) == {Role.REGISTRAR}
    assert permissions.has_role(registrar, Role.REGISTRAR, Role.AKIM)
    assert not permissions.has_role(registrar, Role.AKIM)


def test_while_acting_a_person_holds_the_roles_of_the_absent_one(deputy, head_of_apparatus):
    make_acting_duty(deputy.person, head_of_apparatus.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.roles_of(deputy) == {Role.DEPUTY_AKIM, Role.HEAD_OF_APPARATUS}
    assert permissions.has_role(deputy, Role.HEAD_OF_APPARATUS)


def test_anonymous_user_has_no_role():
    assert permissions.roles_of(AnonymousUser()) == set()
    assert not permissions.has_role(AnonymousUser(), *Role.values)


# --- units ------------------------------------------------------------------------------------------


def test_supervised_units_include_descendants(org, deputy):
    sector = make_unit("Budget sector", parent=org.finance)
    team = make_unit("Budget team", parent=sector)

    assert permissions.supervised_units(deputy) == {org.finance.pk, sector.pk, team.pk}


def test_supervision_passes_to_the_acting_person(org, deputy, head_of_apparatus, executor):
    make_acting_duty(head_of_apparatus.person, deputy.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.supervised_units(head_of_apparatus) == {org.finance.pk}
    assert permissions.supervised_units(executor) == set()


def test_unit_ids_of_a_staff_member_is_their_unit(org, executor):
    make_unit("Budget sector", parent=org.finance)

    assert permissions.unit_ids_of(executor) == {org.finance.pk}


def test_unit_ids_of_a_head_include_the_sub_units(org, department_head):
    sector = make_unit("Budget sector", parent=org.finance)

    assert permissions.unit_ids_of(department_head) == {org.finance.pk, sector.pk}


def test_subtree_ids_survive_a_cycle(org):
    OrgUnit.objects.filter(pk=org.apparatus.pk).update(parent=org.general)

    assert OrgUnit.objects.subtree_ids([org.apparatus.pk]) == {
        org.apparatus.pk,
        org.leadership.pk,
        org.general.pk,
        org.finance.pk,
    }


# --- rules ------------------------------------------------------------------------------------------


def test_registered_rule_decides_view_and_change(author_rule, registrar, executor):
    mine = exception_by(registrar, 5)

    assert permissions.can_view(registrar, mine)
    assert permissions.can_change(registrar, mine)
    assert not permissions.can_view(executor, mine)
    assert not permissions.can_change(executor, mine)
    assert list(permissions.visible(registrar, CalendarException)) == [mine]
    assert list(permissions.visible(executor, CalendarException)) == []


def test_rule_holds_for_the_person_acting_for_the_author(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)
    make_acting_duty(executor.person, registrar.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.can_view(executor, theirs)
    assert permissions.can_change(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == [theirs]


def test_expired_acting_duty_gives_nothing(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)
    make_acting_duty(executor.person, registrar.person, datetime.date(2026, 3, 2), fri_2026_03_13)

    assert not permissions.can_view(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == []


def test_a_rule_returning_an_empty_q_opens_every_row(registrar, executor, no_journal_rule):
    permissions.register(Journal, filter_visible=lambda user: Q() if user.pk == registrar.pk else Q(pk__in=[]))
    journal = Journal.objects.create(code="demo-incoming", name_kk="Кіріс", name_ru="Входящие")

    try:
        assert set(permissions.visible(registrar, Journal)) == set(Journal.objects.all())
        assert permissions.can_view(registrar, journal)
        assert list(permissions.visible(executor, Journal)) == []
    finally:
        permissions.unregister(Journal)


def test_a_model_cannot_get_two_rules(author_rule):
    with pytest.raises(ImproperlyConfigured):
        permissions.register(CalendarException, filter_visible=lambda user: Q())


def test_superuser_sees_and_changes_everything(author_rule, registrar, admin_user):
    theirs = exception_by(registrar, 5)

    assert permissions.can_view(admin_user, theirs)
    assert permissions.can_change(admin_user, theirs)
    assert list(permissions.visible(admin_user, CalendarException)) == [theirs]


def test_anonymous_user_sees_nothing(author_rule, registrar):
    theirs = exception_by(registrar, 5)

    assert not permissions.can_view(AnonymousUser(), theirs)
    assert list(permissions.visible(AnonymousUser(), CalendarException)) == []


# --- explicit grants (django-guardian) --------------------------------------------------------------


def test_view_grant_by_name_lets_a_user_see_but_not_change(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)

    permissions.grant_view(executor, theirs)

    assert permissions.can_view(executor, theirs)
    assert not permissions.can_change(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == [theirs]


def test_revoked_view_grant_hides_the_object_again(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)
    permissions.grant_view(executor, theirs)

    permissions.revoke_view(executor, theirs)

    assert not permissions.can_view(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == []


def test_the_condition_built_once_per_request_still_sees_a_grant_given_since(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)
    assert list(permissions.visible(executor, CalendarException)) == []  # built and remembered on the user

    permissions.grant_view(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == [theirs]

    permissions.revoke_view(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == []


def test_change_grant_implies_view(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)

    permissions.grant_change(executor, theirs)

    assert permissions.can_view(executor, theirs)
    assert permissions.can_change(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == [theirs]


def test_grant_to_a_group_reaches_its_members(author_rule, registrar, executor, auditor):
    theirs = exception_by(registrar, 5)

    permissions.grant_view(Group.objects.get(name=Role.AUDITOR), theirs)

    assert permissions.can_view(auditor, theirs)
    assert not permissions.can_view(executor, theirs)
    assert list(permissions.visible(auditor, CalendarException)) == [theirs]


def test_grant_to_the_absent_person_reaches_the_acting_one(author_rule, registrar, executor, department_head):
    theirs = exception_by(registrar, 5)
    permissions.grant_view(department_head, theirs)
    make_acting_duty(executor.person, department_head.person, mon_2026_03_16, fri_2026_03_20)

    assert permissions.can_view(executor, theirs)
    assert list(permissions.visible(executor, CalendarException)) == [theirs]


def test_global_model_permission_does_not_open_objects(author_rule, registrar, auditor):
    # the auditor's group holds view_calendarexception, yet objects are opened by rules and grants only
    theirs = exception_by(registrar, 5)

    assert auditor.has_perm("akimat.view_calendarexception")
    assert not permissions.can_view(auditor, theirs)


def test_model_without_a_rule_is_visible_through_grants_only(no_journal_rule, registrar):
    journal = Journal.objects.create(code="demo-incoming", name_kk="Кіріс", name_ru="Входящие")
    Journal.objects.create(code="demo-outgoing", name_kk="Шығыс", name_ru="Исходящие")
    assert list(permissions.visible(registrar, Journal)) == []

    permissions.grant_view(registrar, journal)

    assert list(permissions.visible(registrar, Journal)) == [journal]
    assert permissions.can_view(registrar, journal)


# --- one query --------------------------------------------------------------------------------------


def test_visible_is_one_query_however_many_rows_and_grants(
    author_rule, registrar, executor, department_head, django_assert_num_queries
):
    for day in range(1, 31):
        exception_by(registrar if day % 2 else department_head, day)
    for exception in CalendarException.objects.filter(created_by=department_head)[:5]:
        permissions.grant_view(executor, exception)
    permissions.grant_view(Group.objects.get(name=Role.EXECUTOR), CalendarException.objects.get(date__day=1))
    make_acting_duty(executor.person, registrar.person, mon_2026_03_16, fri_2026_03_20)
    user = fresh(executor)
    permissions.principals(user)  # once per request, memoised

    with django_assert_num_queries(1):
        rows = list(permissions.visible(user, CalendarException.objects.order_by("date")))

    assert len(rows) == 15 + 5


def test_visible_keeps_the_callers_ordering_and_filters(author_rule, registrar):
    first, second = exception_by(registrar, 5), exception_by(registrar, 6)

    queryset = CalendarException.objects.filter(kind=CalendarException.Kind.HOLIDAY).order_by("-date")

    assert list(permissions.visible(registrar, queryset)) == [second, first]


# --- get_object_for_user ----------------------------------------------------------------------------


def test_get_object_for_user_returns_a_visible_object(author_rule, registrar):
    mine = exception_by(registrar, 5)

    assert permissions.get_object_for_user(registrar, CalendarException, mine.pk, change=True) == mine


def test_get_object_for_user_is_404_for_a_stranger(author_rule, registrar, outsider):
    theirs = exception_by(registrar, 5)

    with pytest.raises(Http404):
        permissions.get_object_for_user(outsider, CalendarException, theirs.pk)


def test_get_object_for_user_is_404_for_a_missing_or_malformed_id(author_rule, registrar):
    with pytest.raises(Http404):
        permissions.get_object_for_user(registrar, CalendarException, 999999)
    with pytest.raises(Http404):
        permissions.get_object_for_user(registrar, CalendarException, "not-a-number")


def test_get_object_for_user_is_403_when_read_only(author_rule, registrar, executor):
    theirs = exception_by(registrar, 5)
    permissions.grant_view(executor, theirs)

    assert permissions.get_object_for_user(executor, CalendarException.objects.all(), theirs.pk) == theirs
    with pytest.raises(PermissionDenied):
        permissions.get_object_for_user(executor, CalendarException.objects.all(), theirs.pk, change=True)


@pytest.fixture
def restricted_rule():
    """Exceptions whose reason is "restricted" open only through a grant by name (like ДСП documents)."""
    previous = permissions.unregister(CalendarException)
    permissions.register(CalendarException, filter_visible=lambda user: Q(), restricted=Q(reason="restricted"))
    yield
    permissions.unregister(CalendarException)
    if previous is not None:
        permissions._rules[CalendarException] = previous


def test_restricted_rows_open_only_through_a_grant_by_name_even_for_a_superuser(restricted_rule, registrar):
    # 003 §9.4: documents for official use only are seen by people granted access by name
    admin = User.objects.create_superuser("root", "root@example.kz", "pass")
    secret = CalendarException.objects.create(
        date=datetime.date(2026, 1, 9), kind=CalendarException.Kind.HOLIDAY, reason="restricted"
    )
    public = exception_by(registrar, 8)
    for user in (admin, registrar):
        assert list(permissions.visible(fresh(user), CalendarException)) == [public]
        assert not permissions.can_view(fresh(user), secret)
    permissions.grant_view(registrar, secret)
    assert set(permissions.visible(fresh(registrar), CalendarException)) == {public, secret}
    assert permissions.can_view(fresh(registrar), secret)
    assert not permissions.can_view(fresh(admin), secret)
