"""A real Celery worker process for tests, on the test database and Redis: started, stopped or killed."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from akimat.env import url_from_database

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


class Worker:
    """`celery worker` consuming one queue, in a process group of its own (so that it can be killed whole).

    `env` adds to or overrides the worker's environment (settings read from it, e.g. CELERY_VISIBILITY_TIMEOUT).
    """

    def __init__(self, queue: str, log: Path, *, pool: str = "solo", env: dict[str, str] | None = None):
        self.queue = queue
        self.log_path = log
        self.pool = pool
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings"),
            "DATABASE_URL": url_from_database(settings.DATABASES["default"]),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_QUEUE": queue,
            "CELERY_TEST_QUEUE": queue,  # tests/settings.py: the worker's own tasks go to the queue it consumes
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [
            str(CELERY),
            "-A",
            "akimat",
            "worker",
            f"--pool={self.pool}",
            "--concurrency=1",
            "-Q",
            self.queue,
            "-n",
            f"{self.queue}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ]
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def kill(self) -> None:
        """SIGKILL to the main process and its pool processes at once: nothing is acknowledged or requeued."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Warm shutdown; killed when it does not stop within 30 s. Nothing to do when it is not running."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def delete_queue(name: str) -> None:
    """Drop a queue, whatever messages are left in it and its binding (Celery's: an exchange of the same name)."""
    from kombu import Exchange, Queue

    from akimat.celery import app

    with app.connection_for_write() as connection:
        # declared first: kombu deletes only the bindings this channel knows of
        queue = Queue(name, Exchange(name), routing_key=name)(connection.default_channel)
        queue.declare()
        queue.delete()
