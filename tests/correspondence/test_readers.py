"""Who sees a document: Document.readers, kept by the database's triggers (migration 0003; SPEC §3.1).

The keys follow every row that names a reader — deliveries, resolutions, their executors, approvals — and
a person moving to another unit, whichever code path writes them; a stale instance saved later cannot write
old keys back.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from akimat.models import Visa
from akimat.roles import Role
from correspondence import access
from correspondence.models import Delivery, Document, Resolution, ResolutionExecutor
from tests.correspondence.test_journals import make_document
from tests.factories import make_person, make_unit


def sees(user, document: Document) -> bool:
    return access.visible_documents(user).filter(pk=document.pk).exists()


def readers(document: Document) -> set[str]:
    return set(Document.objects.values_list("readers", flat=True).get(pk=document.pk))


@pytest.fixture
def letter(registrar, correspondents) -> Document:
    return make_document(registrar, correspondent=correspondents.state)


def resolve(document: Document, author, *executors) -> Resolution:
    resolution = Resolution.objects.create(
        document=document, author=author.person, entered_by=author, text="To work", created_at=timezone.now()
    )
    for position, executor in enumerate(executors):
        person, unit = (executor.person, None) if hasattr(executor, "person") else (None, executor)
        ResolutionExecutor.objects.create(
            resolution=resolution, person=person, unit=unit, is_lead=position == 0, position=position
        )
    return resolution


def test_a_registered_letter_is_seen_by_whoever_registered_it_and_by_nobody_else(letter, registrar, executor):
    assert readers(letter) == {f"u{registrar.pk}"}
    assert not sees(executor, letter)


def test_an_executor_their_department_head_and_the_supervising_deputy_see_the_letter(
    letter, akim, executor, department_head, deputy, outsider, org
):
    # SPEC §3.1: executors, their department heads and the leadership by supervised area
    resolve(letter, akim, executor)

    assert {f"p{executor.person.pk}", f"w{org.finance.pk}", f"p{akim.person.pk}"} <= readers(letter)
    assert sees(executor, letter)
    assert sees(department_head, letter)
    assert sees(deputy, letter)
    assert not sees(outsider, letter)


def test_an_executing_body_opens_the_letter_to_its_members(letter, akim, executor, org):
    resolve(letter, akim, org.finance)

    assert f"e{org.finance.pk}" in readers(letter)
    assert sees(executor, letter)


def test_removing_the_executor_closes_the_letter_again(letter, akim, executor):
    resolve(letter, akim, executor)
    ResolutionExecutor.objects.filter(person=executor.person).delete()

    assert not sees(executor, letter)


def test_a_delivery_opens_the_letter_to_the_person_it_is_routed_to(letter, executor):
    Delivery.objects.create(
        document=letter, person=executor.person, sent_at=timezone.now(), due_by=timezone.localdate()
    )

    assert sees(executor, letter)


def test_an_approver_sees_the_draft_put_to_them(registrar, executor):
    draft = make_document(registrar, kind=Document.Kind.OUTGOING, number="", status=Document.Status.ON_APPROVAL)
    Visa.objects.create(subject=draft, approver=executor.person, position=1)

    assert sees(executor, draft)


def test_a_person_moving_to_another_unit_takes_their_letters_to_the_new_head(letter, akim, executor, department_head):
    # given: the executor moves from finance to education, headed by someone else
    resolve(letter, akim, executor)
    education = make_unit("Education department")
    education.head = make_person("education_head", unit=education, roles=(Role.DEPARTMENT_HEAD,))
    education.save(update_fields=["head"])

    executor.person.unit = education
    executor.person.save(update_fields=["unit"])

    assert sees(education.head.user, letter)
    assert not sees(department_head, letter)


def test_saving_a_stale_instance_keeps_the_readers_of_the_database(letter, akim, executor):
    stale = Document.objects.get(pk=letter.pk)
    resolve(letter, akim, executor)

    stale.summary = "Changed after the resolution was written"
    stale.save()

    assert f"p{executor.person.pk}" in readers(letter)
    assert sees(executor, letter)


# --- the controlling unit of the regulation profile (003 §12.4(2); issue #12 point 4) -------------------------


def test_003_12_4_the_general_department_head_reads_the_journal_and_the_documents_but_no_ungranted_dsp(
    client, registrar, general_head, correspondents
):
    letter = make_document(registrar, correspondent=correspondents.state, summary="Heating season")
    secret = make_document(registrar, correspondent=correspondents.state, summary="Mobilisation plan", is_dsp=True)
    access.grant(secret, registrar)
    client.force_login(general_head)

    journal = client.get(reverse("correspondence:journal", args=["incoming"]))

    assert [row.document.pk for row in journal.context["rows"]] == [letter.pk]
    assert client.get(reverse("correspondence:document", args=[letter.pk])).status_code == 200
    # 003 §9.4: a ДСП letter opens only by a grant by name, whoever controls
    assert client.get(reverse("correspondence:document", args=[secret.pk])).status_code == 404
    assert "Mobilisation plan" not in journal.content.decode()


def test_003_12_4_the_general_department_head_granted_a_dsp_letter_reads_it(registrar, general_head, correspondents):
    secret = make_document(registrar, correspondent=correspondents.state, is_dsp=True)
    access.grant(secret, general_head)

    assert sees(general_head, secret)


def test_003_12_4_an_ordinary_department_head_still_does_not_see_other_departments_letters(
    client, registrar, department_head, correspondents
):
    letter = make_document(registrar, correspondent=correspondents.state)
    client.force_login(department_head)

    journal = client.get(reverse("correspondence:journal", args=["incoming"]))

    assert list(journal.context["rows"]) == []
    assert client.get(reverse("correspondence:document", args=[letter.pk])).status_code == 404
    assert client.get(reverse("correspondence:returns")).status_code == 403
