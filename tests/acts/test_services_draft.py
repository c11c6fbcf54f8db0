"""acts.services: the draft — 003 §10.1, §10.2, §10.5–§10.10, §10.15 (signing term from creation)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from acts import services
from acts.models import Act, ActFile, ActType, Basis, Distribution
from akimat import history
from tests.acts.conftest import pdf


def test_a_draft_is_version_one_without_a_number_16(acts_org, make_draft):
    """§10.16: a draft never holds a number; §10.15: the electronic draft's signing term runs from creation."""
    act = make_draft()
    assert act.status == Act.Status.DRAFT
    assert act.number == "" and act.year is None
    assert act.versions.get().number == 1
    # 3 working days from Monday 16.03.2026: Thursday 19.03.2026 (profile acts.signing_term)
    assert act.signing_due_on == datetime.date(2026, 3, 19)
    assert history.history_for(act).filter(action="act_created").exists()


def test_normative_act_needs_both_languages_10_2(acts_org, draft_data):
    """§10.2: an act containing norms of law is drawn up in Kazakh and Russian — the error names each field."""
    data = draft_data(is_normative=True, title_kk="", text_kk="")
    with pytest.raises(ValidationError) as error:
        services.create_draft(actor=acts_org.developer, data=data)
    assert set(error.value.message_dict) == {"title_kk", "text_kk"}
    assert "§10.2" in error.value.message_dict["text_kk"][0]
    # a non-normative act may be in one language (§10.1 "на государственном и (или) русском языках")
    act = services.create_draft(actor=acts_org.developer, data=draft_data(title_kk="", text_kk=""))
    assert act.pk


def test_an_outsider_may_not_create_a_draft_for_another_unit(acts_org, draft_data):
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=acts_org.outsider, data=draft_data())


@pytest.mark.parametrize(
    ("flag", "kind", "section"),
    [
        ("amends_acts", ActFile.Kind.COMPARISON_TABLE, "10.5"),
        ("repeals_acts", ActFile.Kind.JUSTIFICATION_NOTE, "10.6"),
        ("touches_business", ActFile.Kind.BUSINESS_OPINION, "10.7"),
        ("needs_science_expertise", ActFile.Kind.SCIENCE_EXPERTISE, "10.8"),
        ("executes_instruction", ActFile.Kind.INSTRUCTION_COPY, "10.9"),
        ("raises_spending", ActFile.Kind.FINANCING_NOTE, "10.10"),
    ],
)
def test_each_required_attachment_10_5_to_10_10(acts_org, make_draft, flag, kind, section):
    """§10.5–§10.10: each flag demands its file; without it the draft is not sent; with it, it is."""
    assert services.REQUIRED_FILES[flag] == kind
    act = make_draft(**{flag: True})
    assert services.missing_files(act) == [str(ActFile.Kind(kind).label)]
    with pytest.raises(ValidationError) as error:
        services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
    assert str(ActFile.Kind(kind).label) in error.value.message_dict["files"][0]
    act.refresh_from_db()
    assert act.status == Act.Status.DRAFT
    act = services.update_draft(
        act, actor=acts_org.developer, data=_data_of(act, **{flag: True}), files=[(kind, pdf())]
    )
    assert services.missing_files(act) == []


def _data_of(act, **overrides):
    version = act.versions.get(number=act.version)
    values = {
        "type": act.type, "is_normative": act.is_normative, "developer_unit": act.developer_unit,
        "developer": act.developer, "curator": act.curator, "urgency": act.urgency, "basis": act.basis,
        "basis_object": act.basis_object, "basis_label": act.basis_label, "title_kk": act.title_kk,
        "title_ru": act.title_ru, "text_kk": version.text_kk, "text_ru": version.text_ru,
    }  # fmt: skip
    values.update(overrides)
    return services.DraftData(**values)


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_refusal_names_each_missing_item_in_the_users_language_10_5_to_10_10(acts_org, make_draft, language):
    """§10.5–§10.10: the message lists every missing attachment, in the language of the user."""
    act = make_draft(amends_acts=True, raises_spending=True, touches_business=True)
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            services.submit(act, actor=acts_org.developer, steps=services.default_route(act))
        message = error.value.message_dict["files"][0]
        for kind in (ActFile.Kind.COMPARISON_TABLE, ActFile.Kind.FINANCING_NOTE, ActFile.Kind.BUSINESS_OPINION):
            assert str(ActFile.Kind(kind).label) in message
        assert len(services.missing_files(act)) == 3


def test_an_instruction_on_control_as_basis_demands_its_copy_10_9(acts_org, make_draft, registrar):
    """§10.1 / §10.9: a draft executing an instruction on control is marked so and carries its number."""
    from control import services as control_services
    from control.models import Issuer, SourceKind

    item = control_services.put_on_control(
        actor=registrar, text="Prepare a draft decision", issuer=Issuer.AKIM, issuer_person=acts_org.akim.person,
        lead=acts_org.developer.person, controller=acts_org.org.general, source_kind=SourceKind.STANDALONE,
        source_label="13.03.2026", deadline=datetime.date(2026, 4, 13),
    )  # fmt: skip
    act = make_draft(basis=Basis.INSTRUCTION, basis_object=item)
    assert act.executes_instruction is True
    assert act.basis_object == item
    assert act.basis_label == f"№ {item.number} 16.03.2026"
    assert services.missing_files(act) == [str(ActFile.Kind.INSTRUCTION_COPY.label)]


def test_the_distribution_list_is_kept_from_the_draft_10_18(acts_org, make_draft):
    act = make_draft(addressees=[acts_org.interested], other_addressees=["Prosecutor's office"])
    rows = Distribution.objects.filter(act=act)
    assert {(row.unit_id, row.name) for row in rows} == {(acts_org.interested.pk, ""), (None, "Prosecutor's office")}


def test_editing_a_draft_keeps_version_one_until_it_is_submitted(acts_org, make_draft):
    act = make_draft()
    act = services.update_draft(act, actor=acts_org.developer, data=_data_of(act, title_ru="О школах района"))
    assert act.version == 1 and act.versions.count() == 1
    assert act.title_ru == "О школах района"


def test_only_the_developer_side_edits(acts_org, make_draft):
    act = make_draft()
    with pytest.raises(PermissionDenied):
        services.update_draft(act, actor=acts_org.interested_head, data=_data_of(act))
    # the head of the developer unit is on the developer's side
    services.update_draft(act, actor=acts_org.developer_head, data=_data_of(act))


def test_a_resolution_type_exists(acts_org, make_draft):
    assert make_draft(type=ActType.RESOLUTION).type == ActType.RESOLUTION
