"""A real Celery worker answers through Redis; the beat schedule names real tasks and expires."""

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings

from akimat.celery import app as celery_app
from akimat.tasks import ping
from tests.worker import Worker, delete_queue

RESULT_TIMEOUT = 60


@pytest.fixture
def worker_queue(tmp_path) -> Iterator[str]:
    """A worker process consuming a queue of its own; always stopped, even when the test fails."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = Worker(queue, tmp_path / "worker.log").start()
    try:
        yield queue
    finally:
        worker.stop()
        delete_queue(queue)  # and whatever is left in it (nothing, when the test passed)


@pytest.mark.celery_worker
def test_a_real_worker_answers_ping_through_redis(worker_queue, tmp_path):
    assert not celery_app.conf.task_always_eager, "this test needs a real worker, not an eager run"
    # the worker may still be starting: the message waits in Redis until it consumes the queue
    result = ping.apply_async(queue=worker_queue)
    try:
        assert result.get(timeout=RESULT_TIMEOUT) == "pong"
    except Exception:
        print((tmp_path / "worker.log").read_text())
        raise
    finally:
        result.forget()


def test_every_beat_entry_names_a_registered_task_and_expires():
    celery_app.loader.import_default_modules()  # autodiscovers every app's tasks.py
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"{name}: {entry['task']} is not a registered task"
        assert entry.get("options", {}).get("expires"), f"{name} has no options.expires"


def test_the_email_sweep_runs_every_five_minutes_and_expires_before_the_next_run():
    entry = settings.CELERY_BEAT_SCHEDULE["send-pending-emails"]
    assert entry["task"] == "akimat.tasks.send_pending_emails"
    assert entry["options"]["expires"] < 300


# --- issue #11 point 9: background work survives a crashed worker --------------------------------------

PROJECT_APPS = {"akimat", "control", "correspondence", "meetings", "acts", "appeals"}


def _longest_wait(task) -> float:
    """The longest a retry of this task waits in a worker (unacknowledged) before it runs."""
    waits = [task.default_retry_delay] if task.retry_on_worker_lost else []
    if getattr(task, "autoretry_for", ()):
        backoff = float(getattr(task, "retry_backoff", False))
        if backoff:
            maximum = getattr(task, "retry_backoff_max", 600)
            waits += [min(maximum, int(max(1.0, backoff)) * 2**retry) for retry in range(task.max_retries or 0)]
        else:
            waits.append(task.default_retry_delay)
    return max(waits, default=0)


def test_issue11_p9_the_visibility_timeout_exceeds_the_longest_run_plus_the_longest_wait():
    """issue #11 point 9: a running task or a retry waiting in a worker is never handed to a second worker."""
    celery_app.loader.import_default_modules()
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    limit = celery_app.conf.task_time_limit
    ours = [task for name, task in celery_app.tasks.items() if name.split(".")[0] in PROJECT_APPS]
    assert ours
    longest_wait = max(_longest_wait(task) for task in ours)
    assert limit + longest_wait < visibility < 3600  # and a dead worker's task is back sooner than kombu's hour
    sweep = settings.NOTIFICATION_EMAIL_SWEEP_SECONDS
    assert sweep < limit  # an e-mail run ends well before it is cut


def test_issue11_p9_an_email_lease_outlasts_any_run_so_a_living_sender_is_never_doubled():
    lease = settings.NOTIFICATION_EMAIL_LEASE_SECONDS
    assert lease > celery_app.conf.task_time_limit


def test_issue11_p9_a_lost_pool_process_gives_its_task_back_as_a_counted_retry():
    """issue #11 point 9: acks_late; a task of a dead pool process is retried (bounded), not dropped or looped."""
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_retry_on_worker_lost is True
    assert celery_app.conf.task_reject_on_worker_lost is True  # the fallback when sending the retry fails
