"""Notifications: in the recipient's language, at most once, e-mailed after commit (SPEC §3.5)."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from akimat.celery import app as celery_app
from akimat.models import Notification
from akimat.notifications import (
    MAX_EMAIL_ATTEMPTS,
    Action,
    claim_email,
    complete_action,
    deliver_email,
    notify,
    pending_email_ids,
)
from akimat.tasks import send_pending_emails
from tests.factories import make_person

# Django's own catalogue has these in Kazakh and Russian; the project's .po files come later.
REQUIRED = _("This field is required.")
VALID_DATE = _("Enter a valid date.")
# session, user, person (language), unread count (bell), awaiting-action count, page count, page
INBOX_QUERY_LIMIT = 7


class RolledBackOnPurpose(Exception):
    pass


@pytest.fixture
def eager_celery():
    """Run .delay() in-process, so that the after-commit e-mail is sent within the test."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def kazakh(org):
    return make_person("aigerim", unit=org.finance, language="kk", full_name="Айгерім Серікқызы").user


@pytest.fixture
def russian(org):
    return make_person("sergey", unit=org.finance, language="ru", full_name="Сергей Петров").user


def test_the_text_is_stored_in_each_recipients_language(kazakh, russian, org):
    for_kazakh = notify(kazakh, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE)
    for_russian = notify(russian, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE)
    assert (for_kazakh.language, for_kazakh.title, for_kazakh.body) == (
        "kk",
        "Бұл өрісті толтыру міндетті.",
        "Дұрыс күнді енгізіңіз.",
    )
    assert (for_russian.language, for_russian.title, for_russian.body) == (
        "ru",
        "Обязательное поле.",
        "Введите правильную дату.",
    )


def test_a_template_is_rendered_in_the_recipients_language(kazakh, russian, org, tmp_path, settings):
    (tmp_path / "notify").mkdir()
    (tmp_path / "notify" / "title.txt").write_text('{% load i18n %}{% translate "Yes" %}: {{ number }}\n')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    context = {"number": "01-12/345"}
    assert notify(kazakh, "registered", obj=org.finance, title="notify/title.txt", context=context).title == (
        "Иә: 01-12/345"
    )
    assert notify(russian, "registered", obj=org.finance, title="notify/title.txt", context=context).title == (
        "Да: 01-12/345"
    )


def test_placeholders_are_filled_and_dates_written_dd_mm_yyyy(executor, org):
    notification = notify(
        executor,
        "reminder",
        obj=org.finance,
        key="2026-03-18",
        title=_("Deadline %(deadline)s: %(unit)s"),
        context={"deadline": datetime.date(2026, 3, 18), "unit": org.finance},
    )
    assert notification.title == "Deadline 18.03.2026: Finance department"


def test_the_database_rejects_a_duplicate_notification(executor, org):
    fields = {"recipient": executor, "kind": "reminder", "key": "2026-03-18", "language": "en", "title": "x"}
    Notification.objects.create(**fields)  # no object: NULLs count as equal (NULLS NOT DISTINCT)
    with pytest.raises(IntegrityError, match="notification_once"), transaction.atomic():
        Notification.objects.create(**fields)


def test_notifying_twice_stores_one_row_and_sends_one_email(
    executor, org, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://edms.example.kz"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = notify(executor, "reminder", obj=org.finance, key="2026-03-18", title=REQUIRED, url="/control/7/")
        second = notify(executor, "reminder", obj=org.finance, key="2026-03-18", title=REQUIRED, url="/control/7/")
        # the transaction is still usable after the ignored duplicate
        assert Notification.objects.filter(recipient=executor).count() == 1
    assert first is not None and first.pk
    assert second is None
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["executor@example.kz"]
    assert message.subject == "This field is required."
    assert "https://edms.example.kz/control/7/" in message.body
    first.refresh_from_db()
    assert first.email_sent_at is not None and first.email_attempts == 1


def test_the_email_is_written_in_the_recipients_language(kazakh, org, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kazakh, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE, url="/control/7/")
    assert mail.outbox[0].subject == "Бұл өрісті толтыру міндетті."
    assert "Дұрыс күнді енгізіңіз." in mail.outbox[0].body


def test_another_key_is_another_notification(executor, org):
    assert notify(executor, "reminder", obj=org.finance, key="2026-03-18", title=REQUIRED)
    assert notify(executor, "reminder", obj=org.finance, key="2026-03-25", title=REQUIRED)
    assert notify(executor, "overdue", obj=org.finance, key="2026-03-25", title=REQUIRED)
    assert Notification.objects.filter(recipient=executor).count() == 3


def test_a_rolled_back_transaction_sends_nothing(executor, org, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RolledBackOnPurpose),
        transaction.atomic(),
    ):
        notify(executor, "reminder", obj=org.finance, title=REQUIRED)
        raise RolledBackOnPurpose
    assert callbacks == []
    assert not Notification.objects.filter(recipient=executor).exists()


def test_the_sweep_run_twice_sends_each_email_once(executor, department_head, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # the after-commit tasks never ran: the sweep must do it
        notify(executor, "reminder", obj=org.finance, title=REQUIRED)
        notify(department_head, "reminder", obj=org.finance, title=REQUIRED)
    assert send_pending_emails() == 2
    assert send_pending_emails() == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["department_head@example.kz", "executor@example.kz"]
    assert set(Notification.objects.values_list("email_attempts", flat=True)) == {1}


def test_a_sent_email_is_not_sent_again_by_a_retried_task(executor, org):
    notification = notify(executor, "reminder", obj=org.finance, title=REQUIRED)
    assert deliver_email(notification.pk) is True
    assert deliver_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_recipient_without_email_gets_only_the_inbox_notification(org, django_capture_on_commit_callbacks):
    person = make_person("no_mail", unit=org.external)
    person.email = ""
    person.save(update_fields=["email"])
    person.user.email = ""
    person.user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(person.user, "reminder", obj=org.finance, title=REQUIRED)
    assert notification is not None
    assert callbacks == []
    assert send_pending_emails() == 0
    assert mail.outbox == []


def test_issue11_p9_a_failed_send_waits_for_its_lease_then_is_retried_until_the_limit(
    executor, org, monkeypatch, settings
):
    """issue #11 point 9: a failed e-mail is tried again when its lease ends, not again at once in a loop."""
    lease = datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS)
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False) as clock:
        notification = notify(executor, "reminder", obj=org.finance, title=REQUIRED)

        def refuse(self, messages):
            raise smtplib.SMTPServerDisconnected("mail server down")

        monkeypatch.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(smtplib.SMTPException):
            deliver_email(notification.pk)
        notification.refresh_from_db()
        assert (notification.email_sent_at, notification.email_attempts) == (None, 1)
        assert send_pending_emails() == 0  # the lease still runs: not tried again at once
        notification.refresh_from_db()
        assert notification.email_attempts == 1
        for _attempt in range(MAX_EMAIL_ATTEMPTS - 1):
            clock.shift(lease)
            send_pending_emails()  # logs the failure and goes on
        notification.refresh_from_db()
        assert (notification.email_sent_at, notification.email_attempts) == (None, MAX_EMAIL_ATTEMPTS)

        monkeypatch.undo()
        clock.shift(lease)
        assert send_pending_emails() == 0  # given up: it stays in the inbox only
    assert mail.outbox == []


def _claimed_by_a_worker_that_died(notification: Notification) -> None:
    """What a sender leaves when its worker is killed between the claim and the mail server."""
    with transaction.atomic():
        claim_email(Notification.objects.select_for_update().get(pk=notification.pk))


def test_issue11_p9_a_live_claim_is_not_sent_by_another_sender(executor, org):
    notification = notify(executor, "reminder", obj=org.finance, title=REQUIRED)
    _claimed_by_a_worker_that_died(notification)
    assert pending_email_ids() == []
    assert deliver_email(notification.pk) is False
    assert send_pending_emails() == 0
    assert mail.outbox == []


def test_issue11_p9_an_expired_claim_is_sent_by_the_next_sweep(executor, org, settings):
    """issue #11 point 9: an e-mail claimed by a worker that died is sent once the lease ran out, not lost."""
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False) as clock:
        notification = notify(executor, "reminder", obj=org.finance, title=REQUIRED)
        _claimed_by_a_worker_that_died(notification)
        clock.shift(datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE_SECONDS - 1))
        assert send_pending_emails() == 0
        clock.shift(datetime.timedelta(seconds=1))
        assert pending_email_ids() == [notification.pk]
        assert send_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["executor@example.kz"]]
    notification.refresh_from_db()
    assert notification.email_sent_at == datetime.datetime(2026, 3, 16, 5, 10, tzinfo=datetime.UTC)
    assert (notification.email_claimed_until, notification.email_attempts) == (None, 2)


def test_issue11_p9_a_sent_email_is_marked_sent_and_its_lease_ended(executor, org):
    notification = notify(executor, "reminder", obj=org.finance, title=REQUIRED)
    assert deliver_email(notification.pk) is True
    notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert (notification.email_claimed_until, notification.email_attempts) == (None, 1)


@pytest.fixture
def continuations(monkeypatch):
    """The continuations a run of the sweep queues, recorded instead of sent to the broker."""
    queued = []
    monkeypatch.setattr(send_pending_emails, "apply_async", lambda **options: queued.append(options))
    return queued


def _pending(user, count: int) -> None:
    for number in range(count):
        notify(user, "reminder", key=str(number), title=f"Reminder {number}")


def test_issue11_p9_the_sweep_sends_batch_after_batch_until_none_is_left(executor, continuations):
    """issue #11 point 9: a backlog drains in one sweep, not 200 per five minutes."""
    _pending(executor, 7)
    assert send_pending_emails(limit=2) == 7
    assert len(mail.outbox) == 7
    assert continuations == []
    assert pending_email_ids() == []


def test_issue11_p9_a_run_past_its_time_budget_continues_in_a_new_task(executor, continuations, settings):
    """issue #11 point 9: no run outlives the visibility timeout; the rest goes on in a queued continuation."""
    settings.NOTIFICATION_EMAIL_SWEEP_SECONDS = 0  # the budget is spent after the first e-mail of each run
    _pending(executor, 3)
    assert send_pending_emails(limit=2) == 1
    assert continuations == [{"kwargs": {"limit": 2}, "expires": 240}]
    runs = 1
    while continuations:
        send_pending_emails(**continuations.pop()["kwargs"])
        runs += 1
    assert (runs, len(mail.outbox)) == (3, 3)
    assert pending_email_ids() == []


# --- views ----------------------------------------------------------------------------------------


def make_notifications(user, count: int) -> list[Notification]:
    return [
        notify(user, "reminder", key=str(number), title=f"Reminder {number}", url=f"/control/{number}/")
        for number in range(count)
    ]


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [("get", "notifications", []), ("post", "notification_read", [1]), ("post", "notifications_read_all", [])],
)
def test_the_views_require_login(client, db, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_inbox_shows_only_ones_own_notifications(client, executor, outsider):
    notify(executor, "reminder", title="For the executor")
    notify(outsider, "reminder", title="For the outsider")
    client.force_login(outsider)
    response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert "For the outsider" in response.content.decode()
    assert "For the executor" not in response.content.decode()


def test_the_inbox_pages_by_25_newest_first(client, executor):
    make_notifications(executor, 30)
    client.force_login(executor)
    page = client.get(reverse("notifications")).context["page"]
    assert len(page.object_list) == 25
    assert page.object_list[0].title == "Reminder 29"
    assert len(client.get(reverse("notifications"), {"page": 2}).context["page"].object_list) == 5


@pytest.mark.parametrize("count", [1, 50])
def test_the_inbox_query_count_does_not_grow_with_notifications(client, executor, count, django_assert_max_num_queries):
    make_notifications(executor, count)
    client.force_login(executor)
    with django_assert_max_num_queries(INBOX_QUERY_LIMIT):
        response = client.get(reverse("notifications"))
    assert response.status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, executor):
    (notification,) = make_notifications(executor, 1)
    client.force_login(executor)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/control/0/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_one_read_returns_to_the_inbox_page(client, executor):
    (notification,) = make_notifications(executor, 1)
    client.force_login(executor)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"page": "2"})
    assert response["Location"] == reverse("notifications") + "?page=2"


def test_an_external_link_is_not_followed(client, executor):
    notification = notify(executor, "reminder", title="Phish", url="https://evil.example.com/")
    client.force_login(executor)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications")


def test_the_outsider_cannot_mark_anothers_notification(client, executor, outsider):
    (notification,) = make_notifications(executor, 1)
    client.force_login(outsider)
    assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_reading_requires_post(client, executor):
    (notification,) = make_notifications(executor, 1)
    client.force_login(executor)
    assert client.get(reverse("notification_read", args=[notification.pk])).status_code == 405


def test_mark_all_read_touches_only_ones_own(client, executor, outsider):
    make_notifications(executor, 3)
    make_notifications(outsider, 2)
    client.force_login(executor)
    assert client.post(reverse("notifications_read_all")).status_code == 302
    assert not Notification.objects.for_user(executor).unread().exists()
    assert Notification.objects.for_user(outsider).unread().count() == 2


def test_already_read_keeps_its_first_read_time(client, executor):
    (notification,) = make_notifications(executor, 1)
    first_read = timezone.now() - datetime.timedelta(days=1)
    Notification.objects.filter(pk=notification.pk).update(read_at=first_read)
    client.force_login(executor)
    client.post(reverse("notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read


# --- issue #12 §7: each in the reader's language; an asked action marked done ----------------------

RESOLVE = Action("test.resolve", _("This field is required."))
DECIDE = Action("test.decide", _("Enter a valid date."))


def test_issue12_s7_a_notification_is_written_in_every_language_of_the_site(kazakh, org):
    notification = notify(kazakh, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE, action=RESOLVE)
    notification.refresh_from_db()
    assert notification.text_in("ru") == {
        "title": "Обязательное поле.",
        "body": "Введите правильную дату.",
        "action": "Обязательное поле.",
    }
    assert notification.text_in("en")["title"] == "This field is required."
    assert notification.text_in("kk")["title"] == notification.title == "Бұл өрісті толтыру міндетті."


def test_issue12_s7_the_inbox_shows_a_notification_in_the_readers_language_of_the_moment(client, kazakh, org):
    # given a notification written while its recipient read Kazakh
    notify(kazakh, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE)
    # when the recipient has switched to Russian since
    kazakh.person.preferred_language = "ru"
    kazakh.person.save(update_fields=["preferred_language"])
    client.force_login(kazakh)
    html = client.get(reverse("notifications")).content.decode()
    # then the inbox shows it in Russian
    assert "Обязательное поле." in html and "Введите правильную дату." in html
    assert "Бұл өрісті толтыру міндетті." not in html


def test_issue12_s7_a_notification_stored_before_the_languages_shows_its_own_text(client, executor):
    Notification.objects.create(recipient=executor, kind="old", language="kk", title="Ескі хабарландыру")
    client.force_login(executor)
    assert "Ескі хабарландыру" in client.get(reverse("notifications")).content.decode()


def test_issue12_s7_the_email_goes_in_the_language_the_recipient_has_when_it_is_sent(kazakh, org):
    notification = notify(kazakh, "reminder", obj=org.finance, title=REQUIRED, body=VALID_DATE, action=RESOLVE)
    kazakh.person.preferred_language = "ru"
    kazakh.person.save(update_fields=["preferred_language"])
    assert deliver_email(notification.pk)
    assert mail.outbox[0].subject == "Обязательное поле."
    assert "Введите правильную дату." in mail.outbox[0].body


def test_issue12_s7_the_inbox_groups_notifications_by_day(client, executor):
    with time_machine.travel(datetime.datetime(2026, 3, 13, 5, 0, tzinfo=datetime.UTC), tick=False):
        notify(executor, "reminder", key="fri", title="Friday reminder")
    with time_machine.travel(datetime.datetime(2026, 3, 15, 5, 0, tzinfo=datetime.UTC), tick=False):
        notify(executor, "reminder", key="sun", title="Sunday reminder")
    with time_machine.travel(datetime.datetime(2026, 3, 16, 5, 0, tzinfo=datetime.UTC), tick=False):
        notify(executor, "reminder", key="mon1", title="Monday first")
        notify(executor, "reminder", key="mon2", title="Monday second")
        client.force_login(executor)
        response = client.get(reverse("notifications"))
    days = response.context["days"]
    assert [day.date for day in days] == [
        datetime.date(2026, 3, 16),
        datetime.date(2026, 3, 15),
        datetime.date(2026, 3, 13),
    ]
    assert [n.title for n in days[0].notifications] == ["Monday second", "Monday first"]
    html = response.content.decode()
    assert html.index("Today") < html.index("Monday second") < html.index("Yesterday") < html.index("13.03.2026")


def test_issue12_s7_the_inbox_filters_unread_and_awaiting_action(client, executor, org):
    read = notify(executor, "reminder", key="1", title="Already read")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    notify(executor, "reminder", key="2", title="Not read yet")
    notify(executor, "asks", obj=org.finance, title="Asks to resolve", action=RESOLVE)
    client.force_login(executor)

    def titles(show: str) -> set[str]:
        page = client.get(reverse("notifications"), {"show": show}).context["page"]
        return {n.title for n in page.object_list}

    assert titles("all") == {"Already read", "Not read yet", "Asks to resolve"}
    assert titles("unread") == {"Not read yet", "Asks to resolve"}
    assert titles("action") == {"Asks to resolve"}
    assert titles("nonsense") == titles("all")
    complete_action(org.finance, RESOLVE)
    assert titles("action") == set()


def test_issue12_s7_marking_read_keeps_the_filter_and_the_page(client, executor):
    (notification,) = make_notifications(executor, 1)
    client.force_login(executor)
    response = client.post(reverse("notification_read", args=[notification.pk]), {"page": "2", "show": "unread"})
    assert response["Location"] == reverse("notifications") + "?show=unread&page=2"


def test_issue12_s7_the_inbox_names_the_object_and_the_awaited_action(client, executor, org):
    notify(executor, "asks", obj=org.finance, title="Please decide", url="/control/1/", action=DECIDE)
    client.force_login(executor)
    html = client.get(reverse("notifications")).content.decode()
    with translation.override(executor.person.preferred_language):
        assert str(capfirst(org.finance._meta.verbose_name)) in html  # what the notification is about
    assert 'data-testid="action-awaited"' in html and "Enter a valid date." in html
    complete_action(org.finance, DECIDE)
    html = client.get(reverse("notifications")).content.decode()
    assert 'data-testid="action-done"' in html and 'data-testid="action-awaited"' not in html


def test_issue12_s7_an_action_done_by_anyone_entitled_is_done_for_every_recipient(executor, department_head, org):
    # given the same request for a decision sent to two people who may decide it
    for user in (executor, department_head):
        notify(user, "asks", obj=org.finance, key="request-1", title="Decide", action=DECIDE)
    notify(executor, "asks", obj=org.finance, key="request-2", title="Decide another", action=DECIDE)
    notify(executor, "other", obj=org.finance, title="Resolve", action=RESOLVE)
    notify(executor, "info", obj=org.finance, title="Only so you know")
    # when one of them decides request 1
    assert complete_action(org.finance, DECIDE, key="request-1") == 2
    # then it is done for both; the other request, the other action and the mere information are not
    assert set(Notification.objects.exclude(action_done_at=None).values_list("recipient", "key")) == {
        (executor.pk, "request-1"),
        (department_head.pk, "request-1"),
    }
    assert Notification.objects.awaiting_action().count() == 2
    assert complete_action(org.finance, DECIDE, key="request-1") == 0  # done once, its time kept


def test_issue12_s7_an_action_can_be_done_for_some_recipients_only(executor, department_head, org):
    for user in (executor, department_head):
        notify(user, "part", obj=org.finance, title="Your part", action=RESOLVE)
    assert complete_action(org.finance, RESOLVE, recipients=[department_head]) == 1
    assert list(Notification.objects.awaiting_action().values_list("recipient", flat=True)) == [executor.pk]


def test_issue12_s7_an_action_rolled_back_stays_awaited(executor, org):
    notify(executor, "asks", obj=org.finance, title="Decide", action=DECIDE)
    with pytest.raises(RolledBackOnPurpose), transaction.atomic():
        complete_action(org.finance, DECIDE)
        raise RolledBackOnPurpose
    assert Notification.objects.awaiting_action().count() == 1


def test_issue12_s7_a_lazy_value_in_the_context_is_written_in_each_language(executor, org):
    notification = notify(
        executor,
        "reminder",
        obj=org.finance,
        title=_("Deadline %(deadline)s: %(unit)s"),
        context={"unit": _("Yes"), "deadline": datetime.date(2026, 3, 18)},
    )
    assert notification.text_in("kk")["title"].endswith(": Иә")
    assert notification.text_in("ru")["title"].endswith(": Да")
    assert notification.text_in("en")["title"] == "Deadline 18.03.2026: Yes"


def test_issue12_s7_drafts_given_one_by_one_each_keep_their_own_text_and_values(executor, department_head, org):
    """A generator's drafts are dropped once built: the texts written for one are never taken for another's."""
    from akimat.notifications import Draft, notify_many

    def drafts():
        for number, user in enumerate([executor, department_head]):
            title = _("Deadline %(deadline)s: %(unit)s") if number == 0 else _("Enter a valid date.")
            context = {"deadline": datetime.date(2026, 3, 18 + number), "unit": f"unit {number}"}
            yield Draft(recipient=user, kind="reminder", obj=org.finance, key=str(number), title=title, context=context)

    first, second = notify_many(drafts())
    assert first.text_in("en")["title"] == "Deadline 18.03.2026: unit 0"
    assert second.text_in("en")["title"] == "Enter a valid date."
