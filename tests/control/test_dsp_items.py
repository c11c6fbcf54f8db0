"""Issue #11 point 1: ДСП through control (003 §9.4, SPEC §3.1).

A ДСП letter with an akim's resolution puts an item on control. The restriction flows from the letter to the
item and to everything derived from it — its execution report and file, history, notifications, the lists,
search, exports, the weekly list, the dashboard and the quarterly report — so that only those granted the
letter (and the item's own executors) see it, count it and act on it. Administrators are not granted it by
being administrators.
"""

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from akimat import permissions
from akimat.models import Attachment, HistoryEntry, Notification
from akimat.roles import Role
from control import reports
from control import services as control_services
from control.models import ControlItem, ExecutionReport, ExtensionRequest
from correspondence import access
from correspondence.services.workflow import issue_resolution
from tests.control.conftest import mon_2026_03_16, mon_2026_04_13
from tests.correspondence.test_resolutions import make_incoming
from tests.factories import make_person, make_unit

SECRET_TEXT = "Проверить мобилизационную готовность объектов"
SECRET_SUMMARY = "О мобилизационной готовности"
NOT_GRANTED = [
    "superuser",
    "head_of_apparatus",
    "auditor",
    "deputy",
    "other_department_head",
    "general_department_head",
]


@pytest.fixture
def world(clock, org, registrar, akim, executor, deputy, head_of_apparatus, auditor, department_head):
    """An ordinary letter and a ДСП letter, each put on control by the akim with the executor leading."""
    from correspondence.models import Correspondent

    correspondent = Correspondent.objects.create(name="Department of defence affairs", kind="state_body")
    ordinary = make_incoming(registrar, correspondent, number="01-12/1", addressee_person=akim.person)
    secret = make_incoming(
        registrar, correspondent, number="01-12/2", addressee_person=akim.person, is_dsp=True, summary=SECRET_SUMMARY
    )
    access.grant(secret, akim)  # routed to the akim
    plain = issue_resolution(
        ordinary, actor=akim, text="Prepare the heating plan", executors=[executor.person], deadline=mon_2026_04_13
    ).control_item
    item = issue_resolution(
        secret, actor=akim, text=SECRET_TEXT, executors=[executor.person], deadline=mon_2026_04_13
    ).control_item
    other = make_unit("Construction department", parent=org.apparatus)
    other_head = make_person("other_head", unit=other, roles=(Role.DEPARTMENT_HEAD,))
    other.head = other_head
    other.save(update_fields=["head"])
    general_head = make_person("general_head", unit=org.general, roles=(Role.DEPARTMENT_HEAD,))
    org.general.head = general_head
    org.general.save(update_fields=["head"])
    users = {
        "superuser": User.objects.create_superuser("admin", "admin@example.kz", "pass"),
        "head_of_apparatus": head_of_apparatus,
        "auditor": auditor,
        "deputy": deputy,  # supervises the executor's department
        "other_department_head": other_head.user,
        "general_department_head": general_head.user,
        "akim": akim,
        "executor": executor,
        "registrar": registrar,
    }
    return item, plain, users


def _report_with_file(item, executor):
    upload = SimpleUploadedFile("мобилизация.pdf", b"%PDF-1.4\n% the plan\n", content_type="application/pdf")
    report = control_services.submit_report(item, actor=executor, text="Готовность проверена", files=[upload])
    return report, Attachment.objects.for_object(report).get()


def test_the_item_of_a_dsp_letter_carries_its_restriction(world):
    item, plain, _users = world

    assert item.restricted_by and permissions.is_restricted(item)
    assert plain.restricted_by == "" and not permissions.is_restricted(plain)


@pytest.mark.parametrize("who", NOT_GRANTED)
def test_the_item_page_the_report_and_its_file_are_not_found_by_those_not_granted(client, world, who):
    item, _plain, users = world
    report, attachment = _report_with_file(item, users["executor"])
    client.force_login(users[who])

    assert client.get(reverse("control:item", args=[item.pk])).status_code == 404
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404
    assert not permissions.can_view(users[who], report)
    assert not permissions.visible(users[who], ExecutionReport).exists()


@pytest.mark.parametrize("who", NOT_GRANTED)
def test_the_item_is_not_listed_searched_or_exported_for_those_not_granted(client, world, who):
    item, plain, users = world
    client.force_login(users[who])

    listing = client.get(reverse("control:list"), {"scope": "all"}).content.decode()
    found = client.get(reverse("control:list"), {"scope": "all", "q": item.number}).content.decode()
    export = client.get(reverse("control:export"), {"scope": "all"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    exported = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)

    item_url = reverse("control:item", args=[item.pk])
    for text in (listing, found):
        assert f'href="{item_url}"' not in text and SECRET_TEXT not in text
    assert item.number not in exported and SECRET_TEXT not in exported
    assert (plain.number in listing) == permissions.can_view(users[who], plain)


@pytest.mark.parametrize("who", NOT_GRANTED)
def test_the_weekly_list_in_every_format_leaves_the_item_out(client, world, who):
    item, _plain, users = world
    client.force_login(users[who])
    url = reverse("control:control_reports:weekly_list")
    week = {"week": mon_2026_03_16.isoformat()}

    html = client.get(url, week)
    pdf = client.get(url, {**week, "format": "pdf"})
    xlsx = client.get(url, {**week, "format": "xlsx"})

    if html.status_code == 403:  # who may not read reports at all sees none of them
        assert pdf.status_code == xlsx.status_code == 403
        return
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    xlsx_text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    for text in (html.content.decode(), pdf_text, xlsx_text):
        assert SECRET_TEXT not in text and item.number not in text
    assert "Prepare the heating plan" in xlsx_text  # the ordinary item is there


@pytest.mark.parametrize("who", NOT_GRANTED)
def test_the_item_is_not_counted_for_those_not_granted(client, world, who):
    item, plain, users = world
    user = users[who]
    client.force_login(users["akim"])  # a granted reader fills the shared cache first
    granted_total = client.get(reverse("control:dashboard")).context["totals"].total
    client.force_login(user)

    totals = client.get(reverse("control:dashboard")).context["totals"]
    quarter = reports.quarterly_report(reports.Quarter.containing(mon_2026_03_16), user=user)

    assert granted_total == 2
    expected = 1 if permissions.can_view(user, plain) else 0
    assert totals.total == expected
    assert quarter.totals.received == expected


def test_those_granted_the_letter_and_the_executors_see_and_count_it(client, world):
    item, _plain, users = world

    for who in ("akim", "executor", "registrar"):
        client.force_login(users[who])
        assert client.get(reverse("control:item", args=[item.pk])).status_code == 200, who
        assert permissions.visible(users[who], ControlItem).filter(pk=item.pk).exists(), who


def test_a_grant_of_the_letter_given_later_opens_its_item(world):
    item, _plain, users = world
    auditor = users["auditor"]
    assert not permissions.can_view(auditor, item)

    access.grant(item.source.document, auditor)
    permissions.forget(auditor)

    assert permissions.can_view(auditor, item)
    assert permissions.visible(auditor, ControlItem).filter(pk=item.pk).exists()


def test_an_executor_assigned_by_a_redirect_is_granted_the_item(world, org):
    """Issue #11 p1: the item's own executors are granted when they are assigned."""
    item, _plain, users = world
    newcomer = make_person("newcomer", unit=org.finance, roles=(Role.EXECUTOR,))
    request = control_services.request_redirect(item, actor=users["executor"], memo="Not our competence")
    assert not permissions.can_view(newcomer.user, item)

    control_services.decide_redirect(request, actor=users["akim"], approve=True, new_lead=newcomer)

    assert permissions.can_view(newcomer.user, item)
    assert not permissions.can_view(newcomer.user, item.source.document)  # the item, not the whole letter


def test_those_not_granted_cannot_act_on_the_item(world):
    """Issue #11 p1: the head of apparatus approved its extension; the general department's head and the
    administrator proposed its removal — the services refuse them all."""
    item, _plain, users = world
    control_services.request_extension(
        item,
        actor=users["executor"],
        reason="Waiting for the garrison's data",
        new_deadline=mon_2026_04_13.replace(day=20),
    )
    extension = ExtensionRequest.objects.get(item=item)

    with pytest.raises(PermissionDenied):
        control_services.decide_extension(extension, actor=users["head_of_apparatus"], approve=True)
    control_services.submit_report(item, actor=users["executor"], text="Done")
    for who in ("general_department_head", "superuser", "auditor"):
        with pytest.raises(PermissionDenied):
            control_services.propose_removal(
                item, actor=users[who], memo="Executed", ground="executed", assessment="executed"
            )
    item.refresh_from_db()
    assert item.status == ControlItem.Status.REPORTED
    assert ExtensionRequest.objects.get(item=item).status == "pending"


def test_the_decide_view_answers_404_to_a_decider_not_granted(client, world):
    item, _plain, users = world
    control_services.request_extension(
        item, actor=users["executor"], reason="Waiting", new_deadline=mon_2026_04_13.replace(day=20)
    )
    extension = ExtensionRequest.objects.get(item=item)
    client.force_login(users["head_of_apparatus"])

    response = client.post(
        reverse("control:extension_decide", args=[item.pk, extension.pk]), {"decision": "approve", "comment": ""}
    )

    assert response.status_code == 404
    assert ExtensionRequest.objects.get(pk=extension.pk).status == "pending"


def test_notifications_to_those_not_granted_say_nothing_of_the_item(world):
    """The head of apparatus is told an extension was requested, but not what the instruction is."""
    item, _plain, users = world
    control_services.request_extension(
        item, actor=users["executor"], reason="Waiting", new_deadline=mon_2026_04_13.replace(day=20)
    )

    told = Notification.objects.get(recipient=users["head_of_apparatus"], kind="control.extension_requested")
    granted = Notification.objects.get(recipient=users["akim"], kind="control.extension_requested")

    for text in (told.title, told.body, told.url):
        assert item.number not in text and SECRET_TEXT not in text and "01-12/2" not in text
    assert told.url == ""
    assert item.number in granted.title + granted.body


def test_the_admin_site_lists_no_history_or_notification_of_a_dsp_letter(client, world):
    item, _plain, users = world
    control_services.request_extension(
        item, actor=users["executor"], reason="Waiting", new_deadline=mon_2026_04_13.replace(day=20)
    )
    assert Notification.objects.filter(title__contains=item.number).exists()
    assert HistoryEntry.objects.filter(comment=SECRET_TEXT).exists()
    client.force_login(users["superuser"])

    notifications = client.get(reverse("admin:akimat_notification_changelist"))
    history = client.get(reverse("admin:akimat_historyentry_changelist"), {"q": "мобилизационную"})
    everything = client.get(reverse("admin:akimat_historyentry_changelist"))

    assert item.number not in notifications.content.decode()
    assert SECRET_SUMMARY not in notifications.content.decode()
    assert notifications.context["cl"].result_count == Notification.objects.exclude(object_id=item.pk).count()
    assert history.context["cl"].result_count == 0
    secret_rows = HistoryEntry.objects.filter(object_id__in=[item.pk, item.source.document.pk])
    assert 0 < everything.context["cl"].result_count < HistoryEntry.objects.count()
    assert everything.context["cl"].result_count == HistoryEntry.objects.count() - secret_rows.count()


def test_the_curator_is_granted_a_dsp_item_when_its_removal_memo_comes_to_agree(world, org, department_head):
    """003 §12.14 with §9.4: the head of the executing department brings the memo (granted the item once its lead
    reports), the curating deputy head of apparatus agrees it — and must see the item to do so; the head of
    apparatus, not needed (the akim who wrote the resolution decides), is still not granted."""
    item, _plain, users = world
    curator = make_person("apparatus_deputy", unit=org.leadership, roles=(Role.EXECUTOR,))
    org.finance.curator = curator
    org.finance.save(update_fields=["curator"])
    control_services.submit_report(item, actor=users["executor"], text="Done")
    assert not permissions.can_view(curator.user, item)

    proposal = control_services.propose_removal(
        item, actor=department_head, memo="Executed", ground="executed", assessment="executed"
    )
    control_services.agree_removal(proposal, actor=curator.user, agree=True)
    control_services.decide_removal(proposal, actor=users["akim"], approve=True)

    item.refresh_from_db()
    assert item.status == ControlItem.Status.REMOVED
    assert permissions.can_view(curator.user, item)
    assert not permissions.can_view(curator.user, item.source.document)  # the item, not the whole letter
    assert not permissions.can_view(users["head_of_apparatus"], item)


def test_a_deputys_dsp_item_is_granted_to_those_who_decide_its_extension(world, registrar, akim):
    """003 §12.7 with §9.4: a deputy akim's ДСП letter — no one who decides extensions (the akim, the head of
    apparatus) was granted it, so they are granted the item when an extension is asked, or it could never be
    decided."""
    _item, _plain, users = world
    from correspondence.models import Correspondent

    secret = make_incoming(
        registrar,
        Correspondent.objects.get(),
        number="01-12/3",
        addressee_person=users["deputy"].person,
        is_dsp=True,
        summary=SECRET_SUMMARY,
    )
    access.grant(secret, users["deputy"])
    item = issue_resolution(
        secret, actor=users["deputy"], text=SECRET_TEXT, executors=[users["executor"].person], deadline=mon_2026_04_13
    ).control_item
    assert not permissions.can_view(users["head_of_apparatus"], item)

    control_services.request_extension(
        item, actor=users["executor"], reason="Waiting for the data", new_deadline=mon_2026_04_13.replace(day=20)
    )
    control_services.decide_extension(
        ExtensionRequest.objects.get(item=item), actor=users["head_of_apparatus"], approve=True
    )

    item.refresh_from_db()
    assert item.deadline == mon_2026_04_13.replace(day=20)
    assert not permissions.can_view(users["head_of_apparatus"], secret)  # the item, not the letter
    assert not permissions.can_view(users["auditor"], item)
