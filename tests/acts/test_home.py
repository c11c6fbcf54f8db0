"""acts/home.py: the home page's panels of acts — each counts what the list it links to shows, for the user whose
work it is, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import User

from acts import home, services
from acts.models import Act, ActReturn, ActType
from tests.acts.conftest import agree_all, pdf

mon = datetime.date(2026, 3, 16)
fri_2026_03_27 = datetime.date(2026, 3, 27)


def fresh(user) -> User:
    """The user as a new request sees them (no per-user memo of roles and units left from an earlier call)."""
    return User.objects.get(pk=user.pk)


def panel(provider, user):
    return provider(fresh(user))


@pytest.fixture
def registered(acts_org, submitted):
    def make(**overrides):
        act = agree_all(submitted(**overrides))
        act = services.sign(act, actor=act.signer.user, signed_file=pdf(), signed_on=mon)
        return services.register(act, actor=acts_org.registrar)

    return make


def returned(acts_org, submitted):
    act = submitted()
    services.return_draft(
        act, actor=acts_org.head_of_apparatus, ground=ActReturn.Ground.NOT_AUTHENTIC, reason="Тексты не аутентичны"
    )
    act.refresh_from_db()
    return act


def work_count(client, user, url: str, status: str) -> int:
    client.force_login(user)
    groups = client.get(url).context["groups"]
    return next(group["count"] for group in groups if group["status"] == status)


def registry_count(client, user, url: str) -> int:
    client.force_login(user)
    return client.get(url).context["page"].count


def test_the_developer_sees_the_draft_returned_to_them_with_its_term_as_the_drafts_in_work_list_does(
    acts_org, submitted, client, clock
):
    act = returned(acts_org, submitted)

    found = panel(home.returned_to_me, acts_org.developer)

    assert found.count == 1 == work_count(client, acts_org.developer, found.url, Act.Status.RETURNED)
    assert found.rows[0].url == act.get_absolute_url() and "26.03.2026" in found.rows[0].meta
    assert found.rows[0].light == ""
    assert panel(home.returned_to_me, acts_org.deputy) is None  # not theirs to rework


def test_a_returned_draft_past_its_rework_term_is_flagged_10_13(acts_org, submitted, clock):
    returned(acts_org, submitted)
    clock(fri_2026_03_27)

    assert panel(home.returned_to_me, acts_org.developer).rows[0].light == home.RED


def test_the_akim_sees_the_agreed_acts_to_sign_as_the_registry_filter_does_10_15(acts_org, submitted, client, clock):
    decision = agree_all(submitted())
    agree_all(submitted(type=ActType.APPARATUS_ORDER))
    submitted()  # still on approval: not counted

    found = panel(home.to_sign, acts_org.akim)

    assert found.count == 2 == registry_count(client, acts_org.akim, found.url)
    assert decision.get_absolute_url() in [row.url for row in found.rows]


def test_the_head_of_apparatus_sees_only_the_orders_of_the_apparatus_to_sign(acts_org, submitted, client, clock):
    agree_all(submitted())
    order = agree_all(submitted(type=ActType.APPARATUS_ORDER))

    found = panel(home.to_sign, acts_org.head_of_apparatus)

    assert found.count == 1 == registry_count(client, acts_org.head_of_apparatus, found.url)
    assert [row.url for row in found.rows] == [order.get_absolute_url()]
    assert panel(home.to_sign, acts_org.developer) is None


def test_the_general_department_sees_signed_acts_to_register_and_copies_not_sent_10_16_10_18(
    acts_org, registered, submitted, client, clock
):
    act = registered(addressees=[acts_org.interested], other_addressees=["Облыс әкімдігі"])
    services.record_dispatch(
        act.distribution.get(unit=acts_org.interested), actor=acts_org.registrar, sent_on=mon, channel="system"
    )
    signed = agree_all(submitted())
    services.sign(signed, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)

    to_register = panel(home.to_register, acts_org.registrar)
    unsent = panel(home.copies_not_sent, acts_org.registrar)

    assert to_register.count == 1 == registry_count(client, acts_org.registrar, to_register.url)
    assert unsent.count == 1 and "1 of 2" in unsent.rows[0].meta
    # the registry's "waiting for" filter is the list the panel counts
    assert registry_count(client, acts_org.registrar, unsent.url) == 1
    # the head of apparatus is above the general department, not in it: registering is not her work
    assert panel(home.to_register, acts_org.head_of_apparatus) is None
    assert panel(home.copies_not_sent, acts_org.head_of_apparatus) is None
    assert panel(home.to_register, acts_org.developer) is None


def test_the_legal_service_sees_normative_acts_not_submitted_flagged_past_their_term(
    acts_org, registered, client, clock
):
    act = registered(is_normative=True)
    registered(is_normative=False)  # not normative: not in the panel nor in its list
    assert panel(home.not_submitted, acts_org.lawyer).rows[0].light == ""
    clock(fri_2026_03_27)

    found = panel(home.not_submitted, acts_org.lawyer)

    assert found.count == 1 and found.rows[0].light == home.RED
    assert registry_count(client, acts_org.lawyer, found.url) == 1
    services.record_state_registration(act, actor=acts_org.lawyer, submitted_on=fri_2026_03_27)
    assert panel(home.not_submitted, acts_org.lawyer) is None
    assert panel(home.not_submitted, acts_org.registrar) is None


def test_a_dsp_act_is_counted_only_for_those_granted_it(acts_org, submitted, general_head, clock):
    act = agree_all(submitted(is_dsp=True))
    services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)

    assert panel(home.to_register, acts_org.registrar).count == 1  # the registrars are granted it at signing
    assert panel(home.to_register, general_head).count == 0  # in the general department, but not named (003 §9.4)


#: each panel's queries for its user, whatever the number of rows
PANEL_QUERIES = {
    # the user's principals, roles, units and the units they head or supervise (the visibility rule), the count
    # and the rows
    "returned_to_me": ("developer", 9),
    # the roles (a leadership role sees every act: no unit lookups), the count and the rows
    "to_sign": ("akim", 4),
    "to_register": ("registrar", 4),
    "copies_not_sent": ("registrar", 4),
    "not_submitted": ("lawyer", 4),
}


def _rows_of_every_panel(acts_org, submitted, registered, n: int) -> None:
    for _ in range(n):
        returned(acts_org, submitted)
        agree_all(submitted())
        services.sign(agree_all(submitted()), actor=acts_org.akim, signed_file=pdf(), signed_on=mon)
        registered(is_normative=True, other_addressees=["Облыс әкімдігі"])


@pytest.mark.parametrize("name", PANEL_QUERIES)
def test_a_panel_needs_the_same_queries_for_1_and_3_rows(
    name, acts_org, submitted, registered, clock, django_assert_num_queries
):
    provider = getattr(home, name)
    username, expected = PANEL_QUERIES[name]
    user = getattr(acts_org, username)
    _rows_of_every_panel(acts_org, submitted, registered, 1)
    subject = fresh(user)
    with django_assert_num_queries(expected):
        assert len(provider(subject).rows) == 1
    _rows_of_every_panel(acts_org, submitted, registered, 2)
    subject = fresh(user)
    with django_assert_num_queries(expected):
        assert len(provider(subject).rows) == 3
