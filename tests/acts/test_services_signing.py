"""acts.services: signing, registration, storage, distribution, points on control, normative acts —
003 §10.15–§10.18."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from acts import services
from acts.models import Act, ActFile, ActPoint, ActType, Distribution
from akimat import permissions
from akimat.models import Notification
from control.models import ControlItem, SourceKind
from tests.acts.conftest import agree_all, pdf
from tests.factories import make_acting_duty

mon = datetime.date(2026, 3, 16)


@pytest.fixture
def agreed(submitted):
    def make(**overrides):
        return agree_all(submitted(**overrides))

    return make


@pytest.fixture
def signed(acts_org, agreed):
    def make(**overrides):
        act = agreed(**overrides)
        return services.sign(act, actor=act.signer.user, signed_file=pdf("signed.pdf"), signed_on=mon)

    return make


@pytest.fixture
def registered(acts_org, signed):
    def make(**overrides):
        return services.register(signed(**overrides), actor=acts_org.registrar)

    return make


def test_signing_only_after_every_visa_10_15(acts_org, submitted):
    act = submitted()
    with pytest.raises(ValidationError):
        services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)


def test_the_akim_signs_with_the_signed_file_and_date_10_15(acts_org, agreed):
    act = agreed()
    with pytest.raises(PermissionDenied):
        services.sign(act, actor=acts_org.deputy, signed_file=pdf(), signed_on=mon)
    with pytest.raises(ValidationError) as error:
        services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon + datetime.timedelta(days=1))
    assert "signed_on" in error.value.message_dict
    act = services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)
    assert act.status == Act.Status.SIGNED
    assert (act.signer, act.signed_by, act.signed_on) == (acts_org.akim.person, acts_org.akim.person, mon)
    assert ActFile.objects.filter(version__act=act, kind=ActFile.Kind.SIGNED).count() == 1
    assert act.number == ""  # §10.16: no number before registration
    assert Notification.objects.filter(recipient=acts_org.registrar, kind="act_to_register").exists()


def test_the_person_acting_for_the_akim_signs_10_15(acts_org, agreed):
    act = agreed()
    make_acting_duty(acts_org.deputy.person, acts_org.akim.person, mon, mon + datetime.timedelta(days=5))
    permissions.forget(acts_org.deputy)
    act = services.sign(act, actor=acts_org.deputy, signed_file=pdf(), signed_on=mon)
    assert (act.signer, act.signed_by) == (acts_org.akim.person, acts_org.deputy.person)


def test_the_head_of_apparatus_signs_an_order_of_the_apparatus_10_15(acts_org, agreed):
    act = agreed(type=ActType.APPARATUS_ORDER)
    assert act.signer == acts_org.head_of_apparatus.person
    with pytest.raises(PermissionDenied):
        services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)
    services.sign(act, actor=acts_org.head_of_apparatus, signed_file=pdf(), signed_on=mon)


def test_the_general_department_records_a_paper_signature_for_the_signer_10_15(acts_org, agreed):
    act = services.sign(agreed(), actor=acts_org.registrar, signed_file=pdf(), signed_on=mon)
    assert act.signed_by == acts_org.akim.person


def test_the_number_is_given_at_registration_gapless_per_type_and_year_10_16(acts_org, signed, registered):
    """§10.16: a signed act gets its number when the general department registers it; one sequence per type."""
    act = signed()
    with pytest.raises(PermissionDenied):
        services.register(act, actor=acts_org.developer)
    act = services.register(act, actor=acts_org.registrar)
    assert (act.status, act.number, act.year, act.registered_on) == (Act.Status.REGISTERED, "1", 2026, mon)
    assert act.storage_mark == services.STORAGE_PERMANENT  # §10.17
    assert registered().number == "2"
    assert registered(type=ActType.RESOLUTION).number == "1"  # its own journal
    with pytest.raises(ValidationError):
        services.register(act, actor=acts_org.registrar)  # only a signed act


def test_a_draft_never_holds_a_number_10_16(acts_org, make_draft):
    act = make_draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Act.objects.filter(pk=act.pk).update(number="7")


def test_a_normative_act_gets_its_justice_submission_term_and_is_flagged_to_the_legal_consultant(
    acts_org, registered, clock
):
    """Normative acts: submission for state registration within the profile's term; past it, the legal
    consultant is told (once)."""
    act = registered(is_normative=True)
    assert act.justice_submission_due_on == datetime.date(2026, 3, 26)  # 10 calendar days, a working day
    assert Notification.objects.filter(recipient=acts_org.lawyer, kind="act_state_registration").exists()
    clock(datetime.date(2026, 3, 27))
    assert list(services.justice_submission_overdue()) == [act]
    assert services.flags(act) == {"justice_submission"}
    assert services.remind_rework() == 1 and services.remind_rework() == 0
    act = services.record_state_registration(act, actor=acts_org.lawyer, submitted_on=datetime.date(2026, 3, 27))
    assert list(services.justice_submission_overdue()) == []
    with pytest.raises(ValidationError):
        services.record_state_registration(act, actor=acts_org.lawyer, justice_number="123")
    act = services.record_state_registration(
        act, actor=acts_org.lawyer, justice_number="123", justice_registered_on=datetime.date(2026, 3, 27),
        published_on=datetime.date(2026, 3, 27),
    )  # fmt: skip
    assert (act.justice_number, act.published_on) == ("123", datetime.date(2026, 3, 27))


def test_state_registration_is_for_normative_acts_only(acts_org, registered):
    with pytest.raises(ValidationError):
        services.record_state_registration(registered(), actor=acts_org.lawyer, submitted_on=mon)


def test_the_signing_term_from_creation_is_flagged_when_passed_10_15(acts_org, make_draft, clock):
    act = make_draft()
    assert services.flags(act) == set()
    clock(datetime.date(2026, 3, 20))
    assert services.flags(act) == {"signing"} and list(services.signing_overdue()) == [act]


def test_distribution_recorded_per_addressee_and_the_not_yet_sent_list_10_18(acts_org, registered):
    act = registered(addressees=[acts_org.interested], other_addressees=["Prosecutor's office"])
    assert set(services.not_yet_sent()) == set(act.distribution.all())
    row = act.distribution.get(unit=acts_org.interested)
    with pytest.raises(PermissionDenied):
        services.record_dispatch(row, actor=acts_org.developer, sent_on=mon, channel=Distribution.Channel.EMAIL)
    with pytest.raises(ValidationError):
        services.record_dispatch(row, actor=acts_org.registrar, sent_on=mon, channel="pigeon")
    row = services.record_dispatch(row, actor=acts_org.registrar, sent_on=mon, channel=Distribution.Channel.EMAIL)
    assert (row.sent_by, row.channel) == (acts_org.registrar, "email")
    assert [r.name for r in services.not_yet_sent()] == ["Prosecutor's office"]


def _points(acts_org):
    return [
        services.PointData(number="3.2", text="Repair the schools", deadline=datetime.date(2026, 5, 4),
                           lead_unit=acts_org.developer_unit),
        services.PointData(number="4", text="Report", deadline=datetime.date(2026, 6, 1),
                           lead_person=acts_org.developer_head.person),
    ]  # fmt: skip


def test_points_go_on_control_at_registration_with_a_neutral_source_label(acts_org, make_draft, clock):
    """The act's points with executors go on control through control.services (source = the act)."""
    act = make_draft()
    services.set_points(act, actor=acts_org.developer, points=_points(acts_org))
    services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
    act = agree_all(act)
    act = services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)
    act = services.register(act, actor=acts_org.registrar)
    items = ControlItem.objects.filter(pk__in=ActPoint.objects.filter(act=act).values("control_item"))
    assert sorted(items.values_list("source_label", flat=True)) == ["№ 1 16.03.2026 ¶ 3.2", "№ 1 16.03.2026 ¶ 4"]
    item = items.get(source_label__endswith="3.2")
    # the item's page names the act and its point in the reader's language (issue #13 §4)
    assert item.source_display == "Act № 1 16.03.2026, point 3.2"
    with translation.override("ru"):
        assert item.source_display == "Акт № 1 16.03.2026, пункт 3.2"
    assert item.source_kind == SourceKind.ACT and item.source == act and item.deadline == datetime.date(2026, 5, 4)
    assert item.restricted_by == ""


def test_point_validation(acts_org, make_draft):
    act = make_draft()
    bad = [services.PointData(number="1", text="x", deadline=datetime.date(2026, 3, 1))]
    with pytest.raises(ValidationError):
        services.set_points(act, actor=acts_org.developer, points=bad)
    with pytest.raises(PermissionDenied):
        services.set_points(act, actor=acts_org.outsider, points=_points(acts_org))


def test_a_dsp_acts_control_items_are_restricted(acts_org, make_draft, clock):
    """A ДСП act's control items carry its restriction: an outsider, or staff not granted, do not see them."""
    act = make_draft(is_dsp=True)
    services.set_points(act, actor=acts_org.developer, points=_points(acts_org)[:1])
    services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
    act = agree_all(act)
    act = services.sign(act, actor=acts_org.akim, signed_file=pdf(), signed_on=mon)
    act = services.register(act, actor=acts_org.registrar)
    item = ControlItem.objects.get(pk=act.points.get().control_item_id)
    assert item.restricted_by != ""
    for user in (acts_org.outsider, acts_org.interested_head):
        assert not permissions.visible(user, ControlItem).filter(pk=item.pk).exists()
        assert not permissions.visible(user, Act).filter(pk=act.pk).exists()
    assert permissions.visible(acts_org.registrar, Act).filter(pk=act.pk).exists()
