"""`manage.py bench control` end to end on a small seed, in its own database next to the test database."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from akimat import bench

REQUIRED = (
    "control.items",
    "control.seed_s",
    "control.dashboard_p50_ms",
    "control.dashboard_p95_ms",
    "control.list_p50_ms",
    "control.list_p95_ms",
    "control.list_queries",
    "control.reminder_scan_ms",
    "control.reminder_notifications",
    "control.recompute_deadlines_ms",
    "control.recompute_moved",
    "control.quarterly_report_pdf_ms",
)
FIGURE = re.compile(r"^(?P<name>[a-z0-9_.]+): (?P<value>\d+(\.\d)?) (?P<unit>\S+)$")


@pytest.fixture
def bench_run(transactional_db, django_db_serialized_rollback):
    """Run the command outside any test transaction (it switches databases), then drop its database."""
    test_database = settings.DATABASES["default"]["NAME"]
    assert test_database.startswith("test_")  # the benchmark database is derived from the test database

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("bench", "control", *args, stdout=out)
        return out.getvalue()

    yield run
    bench.drop_database(bench.bench_database_name("control", test_database))
    assert settings.DATABASES["default"]["NAME"] == test_database


def test_bench_control_prints_every_required_figure_and_reuses_the_seed(bench_run):
    # given a fresh benchmark database, when the benchmark runs on 200 items
    output = bench_run("--items", "200", "--requests", "1", "--warmup", "0", "--fresh")

    # then every line is a figure or a note, and every required figure is there
    lines = output.splitlines()
    assert all(FIGURE.match(line) or line.startswith("# ") for line in lines), output
    figures = {m["name"]: (float(m["value"]), m["unit"]) for line in lines if (m := FIGURE.match(line))}
    assert set(REQUIRED) <= set(figures), output
    assert figures["control.items"] == (200, "count")
    assert figures["control.list_p95_ms"][1] == "ms"
    assert figures["control.list_queries"][0] > 0

    # and a second run reuses the seeded data instead of seeding again
    again = bench_run("--items", "200", "--requests", "1", "--warmup", "0", "--only", "dashboard")
    assert "# reusing 200 seeded items" in again
    assert "control.dashboard_p95_ms" in again


def test_the_pinned_clock_needs_no_development_dependency():
    """`manage.py bench` runs where only the runtime dependencies are installed (time-machine comes with the
    dev extra): the benchmark modules import without it and pin the clock through django.utils.timezone."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    script = textwrap.dedent(
        """
        import datetime, sys
        sys.modules["time_machine"] = None  # as if not installed: importing it raises ImportError
        import django
        django.setup()
        from django.utils import timezone
        from akimat import bench, workdays
        import akimat.management.commands.bench, control.bench, correspondence.bench
        real = timezone.now()
        with bench.pinned_clock(datetime.date(2026, 3, 16), hour=10) as pinned:
            first = timezone.now()
            print(pinned, workdays.today(), timezone.localtime(first).strftime("%H:%M"), timezone.now() >= first)
        print(abs((timezone.now() - real).total_seconds()) < 60)
        """
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "2026-03-16", "10:00", "True", "True"]
