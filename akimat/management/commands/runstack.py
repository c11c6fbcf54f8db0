"""`make run`: migrate, load the demo once, then run web server, Celery worker and Celery beat.

Ctrl-C stops all of them; the embedded PostgreSQL and Redis (held by this process) stop with it.
Everything it prints is in English, the demo logins included: the console of migrate, runserver and Celery
speaks only English, and one start-up in two languages reads as broken. The site itself opens in
LANGUAGE_CODE (Kazakh by default), and each demo login in the language of its person.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation


class Command(BaseCommand):
    help = "Run the whole stack for development: web server, Celery worker and beat."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where the web server listens")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args, addrport: str, no_demo: bool, **options) -> None:
        with translation.override("en"):
            call_command("migrate", interactive=False, verbosity=1)
            if not no_demo:
                call_command("seed_demo", once=True)

        # The children use the servers this process holds (embedded or not) through these URLs.
        env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, "REDIS_URL": settings.REDIS_URL}
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "akimat"]
        schedule = settings.BASE_DIR / "var" / "celerybeat-schedule"
        schedule.parent.mkdir(parents=True, exist_ok=True)
        commands = {
            "web": [python, "manage.py", "runserver", addrport],
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": [*celery, "beat", "--loglevel", "INFO", "--schedule", str(schedule)],
        }
        children: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            for name, command in commands.items():
                # own process group, so that Ctrl-C reaches only this supervisor, which then stops
                # each child together with everything it started (reloader, pool processes)
                children[name] = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, start_new_session=True)
            self.stdout.write(self.style.SUCCESS(f"Running on http://{addrport}/ — press Ctrl-C to stop."))
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with code {child.returncode}; stopping.")
                        stopping = True
                time.sleep(0.5)
        finally:
            _terminate(children.values())
            self.stdout.write("Stopped.")


def _terminate(children) -> None:
    """SIGTERM every child's process group, then SIGKILL what is still there after 10 seconds."""
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
    for child in children:
        _signal_group(child, signal.SIGKILL)
        child.wait()


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, sig)
