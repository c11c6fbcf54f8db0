"""The act page, the draft form and the action pages (issue #13 §6): the page shows only the actions
acts.services.allowed_actions gives; an act the user may not see is a 404 on every page, an action not
allowed a 403; a bad form comes back with the error in the user's language and everything typed kept."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from acts import services
from acts.models import Act, ActReturn, ActType, Basis
from tests.acts.conftest import agree_all, pdf

ACT_PAGES = (
    "act",
    "edit",
    "compare",
    "approval_sheet",
    "submit",
    "resubmit",
    "short_term",
    "return",
    "withdraw",
    "sign",
    "register",
    "points",
    "dispatch",
    "state_registration",
)
ACTIONS = ACT_PAGES[4:] + ("edit",)


@pytest.fixture
def draft(make_draft):
    return make_draft()


def test_an_outsider_gets_404_on_every_page_of_a_draft_and_writes_nothing(client, acts_org, draft):
    client.force_login(acts_org.outsider)
    for name in ACT_PAGES:
        url = reverse(f"acts:{name}", args=[draft.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "x", "ground": "law"}).status_code == 404, name
    draft.refresh_from_db()
    assert draft.status == Act.Status.DRAFT and draft.version == 1


def test_a_dsp_act_is_404_to_a_staff_member_not_granted(client, acts_org, make_draft):
    act = make_draft(is_dsp=True)
    client.force_login(acts_org.interested_head)
    assert client.get(reverse("acts:act", args=[act.pk])).status_code == 404
    client.force_login(acts_org.developer)
    assert client.get(reverse("acts:act", args=[act.pk])).status_code == 200


def test_an_action_not_allowed_is_403(client, acts_org, draft):
    # the registrar sees the draft but may not edit, sign or register it now
    client.force_login(acts_org.registrar)
    assert client.get(reverse("acts:act", args=[draft.pk])).status_code == 200
    for name in ("edit", "submit", "sign", "register", "dispatch", "state_registration", "resubmit"):
        assert client.get(reverse(f"acts:{name}", args=[draft.pk])).status_code == 403, name
        assert client.post(reverse(f"acts:{name}", args=[draft.pk]), {}).status_code == 403, name


def test_the_page_shows_texts_versions_and_only_the_allowed_actions(client, acts_org, draft):
    client.force_login(acts_org.developer)
    response = client.get(reverse("acts:act", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "1. Мектептерді жөндеу." in content and "1. Отремонтировать школы." in content
    offered = {a["name"] for a in response.context["actions"]}
    assert offered == services.allowed_actions(draft, acts_org.developer) - {"visa"}
    assert "submit" in offered and "sign" not in offered and "register" not in offered
    assert 'data-testid="action-sign"' not in content
    # a draft never sent has no visas: no approval sheet is offered yet (seen in the browser: an empty sheet)
    assert reverse("acts:approval_sheet", args=[draft.pk]) not in content


def test_a_new_draft_through_the_form(client, acts_org):
    client.force_login(acts_org.developer)
    assert client.get(reverse("acts:create")).status_code == 200
    data = {
        "type": ActType.DECISION,
        "developer_unit": acts_org.developer_unit.pk,
        "developer": acts_org.developer.person.pk,
        "basis": Basis.INITIATIVE,
        "title_kk": "Жаңа шешім",
        "title_ru": "Новое решение",
        "text_kk": "1. Бірінші.",
        "text_ru": "1. Первое.",
        "addressees": [acts_org.interested.pk],
        "other_addressees": "Облыс әкімдігі\n",
    }
    response = client.post(reverse("acts:create"), data)
    assert response.status_code == 302
    act = Act.objects.get(title_ru="Новое решение")
    assert response["Location"] == reverse("acts:act", args=[act.pk])
    assert act.status == Act.Status.DRAFT and not act.number
    assert {str(row) for row in act.distribution.all()} >= {"Облыс әкімдігі"}


def test_a_checked_box_demands_its_file_and_nothing_typed_is_lost_10_5(client, acts_org):
    """§10.5–§10.10: the error names the missing file; the texts come back; the files must be chosen again."""
    client.force_login(acts_org.developer)
    data = {
        "type": ActType.DECISION,
        "developer_unit": acts_org.developer_unit.pk,
        "developer": acts_org.developer.person.pk,
        "basis": Basis.INITIATIVE,
        "title_ru": "Об изменениях",
        "text_ru": "1. Внести изменения.",
        "amends_acts": "on",
        "files": [SimpleUploadedFile("annex.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
    }
    response = client.post(reverse("acts:create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Attach the file this box demands: Comparison table (§10.5)." in content
    assert "choose them again" in content
    assert "1. Внести изменения." in content and "Об изменениях" in content
    assert not Act.objects.filter(title_ru="Об изменениях").exists()
    data["file_amends_acts"] = pdf("table.pdf")
    data.pop("files")
    assert client.post(reverse("acts:create"), data).status_code == 302


def test_a_normative_draft_without_kazakh_is_refused_by_the_service_10_2(client, acts_org):
    client.force_login(acts_org.developer)
    data = {
        "type": ActType.RESOLUTION,
        "is_normative": "on",
        "developer_unit": acts_org.developer_unit.pk,
        "developer": acts_org.developer.person.pk,
        "basis": Basis.INITIATIVE,
        "title_ru": "Нормативное",
        "text_ru": "1. Норма.",
    }
    response = client.post(reverse("acts:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "1. Норма." in response.content.decode()


def test_submit_with_the_default_route_then_return_then_resubmit(client, acts_org, draft):
    client.force_login(acts_org.developer)
    page = client.get(reverse("acts:submit", args=[draft.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    steps = services.default_route(draft)
    data = {}
    for index, row in enumerate(form.rows()):
        value = row["approver"].value()
        if value:
            data[f"approver_{index}"] = value
        data[f"order_{index}"] = index + 1
        data[f"role_{index}"] = row["role"].value() or ""
        if row["parallel"].value():
            data[f"parallel_{index}"] = "on"
    response = client.post(reverse("acts:submit", args=[draft.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    draft.refresh_from_db()
    assert draft.status == Act.Status.ON_APPROVAL
    assert draft.visas.count() == len(steps)
    # the route's table names the role each visa was asked in, in words (the core's labels)
    route = client.get(reverse("acts:act", args=[draft.pk])).content.decode()
    assert "legal consultant" in route and ">legal<" not in route
    # the head of apparatus returns it on a ground of §10.12 2); the form offers only their grounds
    client.force_login(acts_org.head_of_apparatus)
    page = client.get(reverse("acts:return", args=[draft.pk]))
    grounds = [value for value, _label in page.context["form"].fields["ground"].choices]
    assert ActReturn.Ground.LAW in grounds and ActReturn.Ground.LEGAL_OPINION not in grounds
    response = client.post(reverse("acts:return", args=[draft.pk]), {"ground": "law", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(reverse("acts:return", args=[draft.pk]), {"ground": "law", "reason": "Не по закону"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Act.Status.RETURNED
    client.force_login(acts_org.developer)
    content = client.get(reverse("acts:act", args=[draft.pk])).content.decode()
    assert "Не по закону" in content and 'data-testid="returns"' in content


def test_sign_register_points_and_dispatch(client, acts_org, submitted, clock):
    act = agree_all(submitted(other_addressees=["Облыс әкімдігі"]))
    assert act.status == Act.Status.TO_SIGN
    client.force_login(acts_org.registrar)
    response = client.post(reverse("acts:sign", args=[act.pk]), {"signed_on": "16.03.2026"})
    assert response.status_code == 200 and response.context["form"].errors["signed_file"]
    response = client.post(
        reverse("acts:sign", args=[act.pk]), {"signed_on": "16.03.2026", "signed_file": pdf("signed.pdf")}
    )
    assert response.status_code == 302
    response = client.post(reverse("acts:register", args=[act.pk]), {})
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == Act.Status.REGISTERED and act.number
    # the approval sheet of a registered act names the act, no longer its draft (000 Appendix 3)
    sheet = client.get(reverse("acts:approval_sheet", args=[act.pk]), {"lang": "ru"})
    assert sheet["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages)
    assert f"Решение акима № {act.number} от 16.03.2026" in " ".join(text.split())
    executor = f"unit:{acts_org.developer_unit.pk}"
    data = {
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-number": "1",
        "points-0-text": "Отремонтировать школы",
        "points-0-executor": executor,
        "points-0-deadline": "30.04.2026",
    }
    response = client.post(reverse("acts:points", args=[act.pk]), data)
    assert response.status_code == 302
    point = act.points.get()
    assert point.control_item is not None
    content = client.get(reverse("acts:act", args=[act.pk])).content.decode()
    assert reverse("control:item", args=[point.control_item_id]) in content
    row = act.distribution.get()
    response = client.post(
        reverse("acts:dispatch", args=[act.pk]),
        {"distribution": row.pk, "sent_on": "16.03.2026", "channel": "courier"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.sent_on == datetime.date(2026, 3, 16)


def test_compare_two_versions(client, acts_org, draft):
    client.force_login(acts_org.developer)
    response = client.get(reverse("acts:compare", args=[draft.pk]), {"a": 1, "b": 1})
    assert response.status_code == 200
    assert 'data-testid="comparison"' in response.content.decode()


def test_the_act_page_reads_right_in_each_state_as_seen_in_the_browser(client, acts_org, submitted, clock):
    """What the screenshots of the acts flow showed wrong: the approval sheet offered for a draft with no visas,
    "not sent" for every addressee of a draft that cannot be sent yet, the approval term kept on a registered act,
    the storage mark printed as its code ("permanent") in every language, and lower-case choices in the forms."""
    act = submitted(other_addressees=["Облыс әкімдігі"])
    client.force_login(acts_org.developer)
    content = client.get(reverse("acts:act", args=[act.pk])).content.decode()
    assert reverse("acts:approval_sheet", args=[act.pk]) + "?lang=kk" in content  # visas exist now
    assert 'data-sent="false"' not in content and "not sent" not in content  # nothing to send before registration
    assert "Approval term" in content
    act = agree_all(act)
    services.sign(act, actor=acts_org.registrar, signed_file=pdf("signed.pdf"), signed_on=datetime.date(2026, 3, 16))
    services.register(act, actor=acts_org.registrar)
    client.force_login(acts_org.registrar)
    content = client.get(reverse("acts:act", args=[act.pk])).content.decode()
    assert 'data-sent="false"' in content and "1 not sent" in content  # §10.18: the general department sees it
    assert "Approval term" not in content
    assert "<dd>permanent storage</dd>" in content  # §10.17, in words
    acts_org.registrar.person.preferred_language = "kk"
    acts_org.registrar.person.save(update_fields=["preferred_language"])
    content = client.get(reverse("acts:act", args=[act.pk])).content.decode()
    assert "<dd>тұрақты сақталады</dd>" in content and ">permanent<" not in content
    # the draft form's choices start with a capital, as in every other select of the project
    client.force_login(acts_org.developer)
    content = client.get(reverse("acts:create")).content.decode()
    assert ">Resolution of the akimat</option>" in content and ">On the akim&#x27;s initiative</option>" in content
    assert "---------" not in content


def test_the_edit_page_names_the_act_by_its_title_as_the_other_action_pages_do(client, acts_org, draft):
    client.force_login(acts_org.developer)
    content = client.get(reverse("acts:edit", args=[draft.pk])).content.decode()
    assert f'">{draft.title_ru}</a>' in content and "(draft) —" not in content
