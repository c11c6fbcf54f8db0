"""issue #11 point 9: a worker killed as a whole, with its pool process, mid-task loses nothing.

A real worker (prefork, as in production) runs the reminder scan and the e-mails it queues; the test kills
its process group with SIGKILL — during the scan's transaction, or while it sends a claimed e-mail — then
starts another worker and checks that every reminder is in the inbox exactly once and every e-mail sent
exactly once. The broker's visibility timeout and the e-mail lease are set to seconds for the test.
"""

import datetime
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.utils import timezone

from akimat.celery import app as celery_app
from akimat.env import url_from_database
from akimat.models import Notification
from akimat.tasks import send_notification_email
from control import reminders, services
from control.models import Issuer, SourceKind
from control.tasks import scan_reminders
from tests.factories import make_person
from tests.mailbox import GATE, HELD, sent_messages
from tests.worker import Worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ITEMS = 30
CLERKS = 7  # of the controlling general department: with the lead executor and their head, 10 reminders an item
VISIBILITY_TIMEOUT = 4
EMAIL_LEASE = 2
WAIT = 60  # seconds, for what a worker should do in a few

mon_2026_03_16 = datetime.date(2026, 3, 16)
wed_2026_04_08 = datetime.date(2026, 4, 8)  # three working days before the deadline
mon_2026_04_13 = datetime.date(2026, 4, 13)


class Workers:
    """Start workers on one queue, one after another; each is stopped at the end of the test."""

    def __init__(self, folder: Path):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.mail = folder / "mail"
        self.mail.mkdir()
        self.folder = folder
        self.started: list[Worker] = []

    def start(self) -> Worker:
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "EMAIL_FILE_PATH": str(self.mail),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "NOTIFICATION_EMAIL_LEASE_SECONDS": str(EMAIL_LEASE),
            "NOTIFICATION_EMAIL_SWEEP_SECONDS": "1",
        }
        log = self.folder / f"worker-{len(self.started) + 1}.log"
        worker = Worker(self.queue, log, pool="prefork", env=env).start()
        self.started.append(worker)
        return worker

    def logs(self) -> str:
        return "\n".join(f"--- {worker.log_path.name}\n{worker.log()}" for worker in self.started)


@pytest.fixture
def workers(tmp_path) -> Iterator[Workers]:
    workers = Workers(tmp_path)
    try:
        yield workers
    finally:
        for worker in workers.started:
            worker.stop()
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(workers.queue)


@pytest.fixture
def items_due(org, registrar, akim, executor, department_head, monkeypatch) -> list[tuple]:
    """Items whose 3-day reminders are due on Wed 8 April; returns the reminders expected (recipient, item)."""
    for number in range(CLERKS):
        make_person(f"clerk_{number}", unit=org.general)
    with monkeypatch.context() as patch:  # the new-item e-mails are not this test's subject: none is queued
        patch.setattr(send_notification_email, "delay", lambda *args, **kwargs: None)
        for number in range(ITEMS):
            services.put_on_control(
                actor=registrar,
                text=f"Prepare the information on the heating season, part {number}",
                issuer=Issuer.AKIM,
                issuer_person=akim.person,
                lead=executor.person,
                controller=org.general,
                source_kind=SourceKind.STANDALONE,
                source_label="Instruction of the akim at the apparatus meeting",
                received_on=mon_2026_03_16,
                deadline=mon_2026_04_13,
            )
    Notification.objects.update(email_sent_at=timezone.now())
    expected = sorted((n.recipient_id, n.object_id) for n in reminders.scan(wed_2026_04_08, dry_run=True))
    assert len(expected) == (3 + CLERKS) * ITEMS
    return expected


def wait_until(condition: Callable[[], object], workers: Workers, what: str) -> object:
    deadline = time.monotonic() + WAIT
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT} s for {what}\n{workers.logs()}")
        time.sleep(0.1)
    return result


def database() -> psycopg.Connection:
    """A connection of its own to the test database, beside Django's."""
    return psycopg.connect(url_from_database(settings.DATABASES["default"]), autocommit=True)


def reminders_in_inbox() -> list[tuple]:
    rows = Notification.objects.filter(kind="control.reminder_3_days", key=mon_2026_04_13.isoformat())
    return sorted(rows.values_list("recipient_id", "object_id"))


def emails_unsent() -> int:
    return Notification.objects.filter(email_sent_at__isnull=True).count()


def emails_written(workers: Workers) -> Counter:
    return Counter((tuple(message["to"]), message["subject"]) for message in sent_messages(workers.mail))


def emails_expected() -> Counter:
    rows = Notification.objects.filter(kind="control.reminder_3_days").select_related("recipient__person")
    return Counter(((row.recipient.person.email,), " ".join(row.title.split())) for row in rows)


def test_issue11_p9_a_worker_killed_during_the_reminder_scan_leaves_every_reminder_once(items_due, workers):
    # given: the scan will wait inside its transaction, at the insert of the reminders
    with database() as blocker, database() as watcher:
        blocker.execute("BEGIN")
        blocker.execute(f'LOCK TABLE "{Notification._meta.db_table}" IN EXCLUSIVE MODE')
        first = workers.start()
        scan_reminders.apply_async(args=[wed_2026_04_08.isoformat()], queue=workers.queue, ignore_result=True)
        waiting = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO %%notification%%'"
        )
        scan_backend = wait_until(lambda: watcher.execute(waiting).fetchone(), workers, "the scan to reach its insert")[
            0
        ]

        # when: the worker is killed as a whole mid-scan
        first.kill()
        blocker.execute("ROLLBACK")
        # PostgreSQL rolls the dead worker's transaction back (it finds its client gone)
        gone = "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)"
        wait_until(lambda: watcher.execute(gone, [scan_backend]).fetchone()[0], workers, "the dead scan's backend")
    assert reminders_in_inbox() == []

    # then: once its visibility timeout ran out, another worker gets the unacknowledged scan and runs it
    workers.start()
    wait_until(lambda: len(reminders_in_inbox()) == len(items_due), workers, "the reminders")
    wait_until(lambda: emails_unsent() == 0, workers, "the e-mails")
    assert reminders_in_inbox() == items_due  # every expected reminder, none twice
    assert emails_written(workers) == emails_expected()  # every e-mail, once


def test_issue11_p9_a_worker_killed_while_sending_a_claimed_email_leaves_no_email_unsent(items_due, workers):
    # given: the sender will stop at its 101st e-mail, claimed and not yet sent
    (workers.mail / GATE).write_text("100")
    first = workers.start()
    scan_reminders.apply_async(args=[wed_2026_04_08.isoformat()], queue=workers.queue, ignore_result=True)
    wait_until((workers.mail / HELD).exists, workers, "the sender to reach the gate")

    # when: the worker is killed as a whole mid-run
    first.kill()
    (workers.mail / GATE).unlink()
    assert len(sent_messages(workers.mail)) == 100
    claimed = Notification.objects.filter(email_sent_at__isnull=True, email_claimed_until__isnull=False)
    assert claimed.count() == 1  # the e-mail the dead worker had claimed: lost for good before issue #11
    assert emails_unsent() == len(items_due) - 100

    # then: once the visibility timeout and the lease ran out, another worker finishes the run
    workers.start()
    wait_until(lambda: emails_unsent() == 0, workers, "the e-mails")
    assert reminders_in_inbox() == items_due
    assert emails_written(workers) == emails_expected()  # every e-mail, the claimed one too, once
