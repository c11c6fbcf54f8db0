"""A real Celery worker answers through Redis; the beat schedule names real tasks and expires."""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from akimat.celery import app as celery_app
from akimat.env import url_from_database
from akimat.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
RESULT_TIMEOUT = 60


@pytest.fixture
def worker_queue(tmp_path) -> Iterator[str]:
    """A worker process consuming a queue of its own; always stopped, even when the test fails."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings"),
        "DATABASE_URL": url_from_database(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log = (tmp_path / "worker.log").open("w")
    command = [
        str(CELERY),
        "-A",
        "akimat",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield queue
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        # drop whatever is left in the queue (nothing, when the test passed)
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


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
