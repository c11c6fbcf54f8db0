"""The registrar's screens: the registration form, the queue, the correspondent search (003 §9.9–9.15)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from correspondence.models import Correspondent, Delivery, Document
from correspondence.services.registration import receive_incoming
from tests.correspondence.conftest import almaty, mon_2026_03_16, tue_2026_03_17

pytestmark = pytest.mark.django_db

REGISTRAR_VIEWS = [
    ("correspondence:register", ()),
    ("correspondence:queue", ()),
    ("correspondence:return", ()),
    ("correspondence:returns", ()),
    ("correspondence:correspondents", ()),
    ("correspondence:correspondents_import", ()),
    ("correspondence:correspondent_search", ()),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(correspondent: Correspondent | None = None, **overrides) -> dict:
    data = {
        "correspondent_name": correspondent.name if correspondent else "",
        "correspondent": str(correspondent.pk) if correspondent else "",
        "their_number": "02-15/778",
        "their_date": "2026-03-12",
        "received_at": "2026-03-16T10:00",
        "urgency": "",
        "addressee": Document.Addressee.APPARATUS,
        "summary": "On the readiness of schools for the heating season",
        "sheets": "2",
        "attachments_count": "1",
        "language": "kk",
        "channel": "edms",
        "signatory": "B. Seitkali",
        "signatory_is_first_head": "on",
        "new_kind": Correspondent.Kind.STATE_BODY,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "args"), REGISTRAR_VIEWS)
def test_anonymous_users_are_sent_to_the_login_page(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize(("name", "args"), REGISTRAR_VIEWS)
def test_an_outsider_is_refused_every_registration_screen(client, outsider, name, args):
    client.force_login(outsider)
    assert client.get(reverse(name, args=args)).status_code in {403, 404}


def test_an_outsider_cannot_register_a_queued_letter(
    clock, client, registrar, outsider, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 18)
    document = receive_incoming(actor=registrar, correspondent=correspondents.state, summary="Late letter")
    client.force_login(outsider)
    response = client.post(reverse("correspondence:register_received", args=[document.pk]))
    assert response.status_code in {403, 404}
    response = client.post(reverse("correspondence:mark_received", args=[document.pk]))
    assert response.status_code == 404


def test_the_form_opens_on_the_correspondent_box_with_the_next_number(clock, client, registrar, head_of_apparatus):
    client.force_login(registrar)
    response = client.get(reverse("correspondence:register"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="correspondent_name"' in content and "autofocus" in content
    assert 'data-testid="next-number">01-12/1<' in content
    assert 'type="file" name="files" multiple' in content


def test_a_letter_is_registered_and_the_form_comes_back_empty_for_the_next(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    response = client.post(reverse("correspondence:register"), form_data(correspondents.state, channel="post"))
    assert response.status_code == 302
    assert response.url == reverse("correspondence:register") + "?channel=post&language=kk"
    document = Document.objects.get()
    assert document.number == "01-12/1"
    assert document.sheets == 2 and document.channel == "post"
    page = client.get(response.url)
    content = page.content.decode()
    assert "01-12/1" in content  # the message with the number
    assert 'value="post" selected' in content  # the channel of the batch is kept
    assert "02-15/778" not in content  # the rest is empty


def test_a_letter_after_the_cutoff_is_received_and_will_be_registered_next_morning(
    clock, client, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 17, 1)
    client.force_login(registrar)
    response = client.post(
        reverse("correspondence:register"), form_data(correspondents.state, received_at="2026-03-16T17:01"), follow=True
    )
    assert "17.03.2026" in response.content.decode()
    assert Document.objects.get().status == Document.Status.RECEIVED


def test_a_validation_error_keeps_everything_typed_and_saves_nothing(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    data = form_data(correspondents.state, summary="", executes_reference="Instruction of the akim № 12")
    data["files"] = [SimpleUploadedFile("scan.pdf", b"%PDF-1.4", content_type="application/pdf")]
    response = client.post(reverse("correspondence:register"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert 'value="02-15/778"' in content
    assert "Instruction of the akim № 12" in content
    assert f'value="{correspondents.state.name}"' in content
    assert f'value="{correspondents.state.pk}"' in content
    assert "Choose the files again" in content
    assert 'class="field-error"' in content


def test_issue12_a_likely_duplicate_is_shown_with_everything_typed_and_registered_only_when_confirmed(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    client.post(reverse("correspondence:register"), form_data(correspondents.state))
    first = Document.objects.get()
    # when the same letter is entered again (another channel, another summary)
    data = form_data(correspondents.state, channel="post", summary="Heating of schools: the paper copy")
    response = client.post(reverse("correspondence:register"), data)
    content = response.content.decode()
    # then nothing is written, the first letter is named with a link, and everything typed is kept
    assert response.status_code == 200
    assert Document.objects.count() == 1
    assert 'data-testid="likely-duplicates"' in content
    assert first.get_absolute_url() in content and "01-12/1" in content
    assert "Heating of schools: the paper copy" in content
    assert 'value="post" selected' in content
    assert 'name="duplicate_confirmed"' in content
    # when the registrar confirms it is another letter
    response = client.post(reverse("correspondence:register"), {**data, "duplicate_confirmed": "on"})
    assert response.status_code == 302
    assert Document.objects.count() == 2


def test_issue12_the_confirm_box_is_not_offered_without_a_likely_duplicate(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    content = client.get(reverse("correspondence:register")).content.decode()
    assert 'name="duplicate_confirmed"' not in content


def test_a_refused_letter_offers_a_return_filled_with_the_reason_and_the_norm(
    clock, client, registrar, akim, correspondents
):
    client.force_login(registrar)
    data = form_data(correspondents.state, addressee=Document.Addressee.AKIM)
    del data["signatory_is_first_head"]
    response = client.post(reverse("correspondence:register"), data)
    assert response.status_code == 200
    assert not Document.objects.exists()
    return_url = response.context["return_url"]
    assert "9.9" in return_url
    returned = client.get(return_url)
    form = returned.context["form"]
    assert "§9.9" in form.initial["reason"]
    assert form.initial["norm"] == "003 §9.9"
    assert form.initial["their_number"] == "02-15/778"


def test_a_presidential_act_goes_to_the_akim(clock, client, registrar, akim, correspondents):
    client.force_login(registrar)
    client.post(reverse("correspondence:register"), form_data(correspondents.central, presidential="on"))
    document = Document.objects.get()
    assert document.addressee == Document.Addressee.AKIM
    assert document.deliveries.get().person == akim.person


def test_a_name_typed_in_full_matches_the_directory_without_javascript(
    clock, client, registrar, head_of_apparatus, correspondents
):
    client.force_login(registrar)
    data = form_data(correspondent_name="oblast education department")  # the short name, any case
    client.post(reverse("correspondence:register"), data)
    assert Document.objects.get().correspondent == correspondents.state


def test_an_unknown_name_is_added_to_the_directory_only_when_asked(clock, client, registrar, head_of_apparatus):
    client.force_login(registrar)
    data = form_data(correspondent_name="LLP Aksu Su Arnasy")
    response = client.post(reverse("correspondence:register"), data)
    assert "not in the directory" in response.content.decode()
    assert not Correspondent.objects.exists()

    data.update(new_correspondent="on", new_kind=Correspondent.Kind.ORGANISATION, new_bin_iin="123")
    response = client.post(reverse("correspondence:register"), data)
    assert "12 digits" in response.content.decode()

    data["new_bin_iin"] = "190540000444"
    response = client.post(reverse("correspondence:register"), data)
    assert response.status_code == 302
    created = Correspondent.objects.get()
    assert (created.name, created.kind, created.bin_iin) == ("LLP Aksu Su Arnasy", "organisation", "190540000444")


def test_a_file_over_the_limit_is_reported_next_to_the_files(
    clock, client, settings, registrar, head_of_apparatus, correspondents
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(registrar)
    data = form_data(correspondents.state)
    data["files"] = [SimpleUploadedFile("big.pdf", b"x" * 4096, content_type="application/pdf")]
    response = client.post(reverse("correspondence:register"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert not Document.objects.exists()


def test_the_correspondent_search_returns_up_to_20_matches_without_an_individuals_iin(
    client, registrar, correspondents
):
    Correspondent.objects.bulk_create(
        Correspondent(name=f"Rural akim of district {n}", kind=Correspondent.Kind.STATE_BODY) for n in range(30)
    )
    client.force_login(registrar)
    url = reverse("correspondence:correspondent_search")
    results = client.get(url, {"q": "rural akim"}).json()["results"]
    assert len(results) == 20
    education = client.get(url, {"q": "educat"}).json()["results"]
    assert [r["id"] for r in education] == [correspondents.state.pk]
    person = client.get(url, {"q": "Sarsenova"}).json()["results"]
    assert person[0]["bin"] == ""  # IIN is personal data
    assert client.get(url, {"q": "100240000222"}).json()["results"][0]["id"] == correspondents.state.pk


def test_an_executor_may_search_the_directory_but_not_register(client, executor, correspondents):
    client.force_login(executor)
    assert client.get(reverse("correspondence:correspondent_search"), {"q": "educat"}).status_code == 200
    assert client.get(reverse("correspondence:register")).status_code == 403


# --- the queue ---------------------------------------------------------------------------------------


def _late_letters(registrar, correspondents, count: int) -> None:
    for n in range(count):
        receive_incoming(
            actor=registrar,
            correspondent=correspondents.state,
            summary=f"Late letter {n}",
            received_at=almaty(mon_2026_03_16, 17, 5) + datetime.timedelta(minutes=n),
            duplicate_confirmed=True,  # "Late letter 1" and "Late letter 12" are told apart by the registrar
        )


def test_the_queue_registers_the_letters_of_the_morning_first(
    clock, client, registrar, head_of_apparatus, correspondents
):
    clock(mon_2026_03_16, 18)
    _late_letters(registrar, correspondents, 2)
    client.force_login(registrar)
    assert client.get(reverse("correspondence:queue")).context["due"] == []

    clock(tue_2026_03_17, 9)
    client.force_login(registrar)  # the next morning: yesterday's session has ended (SESSION_COOKIE_AGE, 9 hours)
    response = client.get(reverse("correspondence:queue"))
    first, second = response.context["due"]
    assert first.summary == "Late letter 0"
    response = client.post(reverse("correspondence:register_received", args=[first.pk]), follow=True)
    assert "01-12/1" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Document.Status.REGISTERED
    assert [d.summary for d in response.context["due"]] == ["Late letter 1"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_needs_the_same_number_of_queries_for_1_and_50_letters(
    clock, client, registrar, head_of_apparatus, correspondents, django_assert_max_num_queries, rows
):
    clock(mon_2026_03_16, 18)
    _late_letters(registrar, correspondents, rows)
    clock(tue_2026_03_17, 9)
    client.force_login(registrar)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("correspondence:queue"))
    assert len(response.context["due"]) == rows


def test_the_addressee_confirms_receipt(clock, client, registrar, akim, correspondents):
    document = receive_incoming(
        actor=registrar, correspondent=correspondents.state, summary="x", addressee=Document.Addressee.AKIM
    )
    client.force_login(akim)
    client.post(reverse("correspondence:mark_received", args=[document.pk]))
    delivery = Delivery.objects.get(document=document)
    assert delivery.received_at == almaty(mon_2026_03_16, 10)
    assert delivery.opened_at is None
