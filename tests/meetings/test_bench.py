"""`manage.py bench meetings` end to end on a small seed, in its own database next to the test database (#14 §7)."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from akimat import bench

REQUIRED = (
    "meetings.protocols",
    "meetings.seed_s",
    "meetings.registry_p95_ms",
    "meetings.registry_queries",
    "meetings.meeting_page_p95_ms",
    "meetings.meeting_page_queries",
    "meetings.calendar_p95_ms",
    "meetings.calendar_queries",
    "meetings.protocol_pdf_ms",
    "meetings.timeliness_ms",
)
FIGURE = re.compile(r"^(?P<name>[a-z0-9_.]+): (?P<value>\d+(\.\d)?) (?P<unit>\S+)$")


@pytest.fixture
def bench_run(transactional_db, django_db_serialized_rollback):
    """Run the command outside any test transaction (it switches databases), then drop its database."""
    test_database = settings.DATABASES["default"]["NAME"]
    assert test_database.startswith("test_")  # the benchmark database is derived from the test database

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("bench", "meetings", *args, stdout=out)
        return out.getvalue()

    yield run
    bench.drop_database(bench.bench_database_name("meetings", test_database))
    assert settings.DATABASES["default"]["NAME"] == test_database


def test_bench_meetings_prints_every_required_figure_and_reuses_the_seed(bench_run):
    """Issue #14 §7: the registry, the meeting page, the calendar, the protocol PDF (Appendix 6) and the Monday
    list (003 §8.6), one `name: value unit` line each."""
    # given a fresh benchmark database, when the benchmark runs on 300 protocols with one request per page
    output = bench_run("--protocols", "300", "--requests", "1", "--warmup", "0", "--pdf-runs", "1", "--fresh")

    # then every line is a figure or a note, and every required figure is there
    lines = output.splitlines()
    assert all(FIGURE.match(line) or line.startswith("# ") for line in lines), output
    figures = {m["name"]: (float(m["value"]), m["unit"]) for line in lines if (m := FIGURE.match(line))}
    assert set(REQUIRED) <= set(figures), output
    assert figures["meetings.protocols"] == (300, "count")
    assert figures["meetings.registry_p95_ms"][1] == "ms"
    assert 0 < figures["meetings.registry_queries"][0] <= 25
    assert 0 < figures["meetings.meeting_page_queries"][0] <= 30
    assert figures["meetings.protocol_pdf_ms"][0] > 0
    assert lines[-1].startswith("# ")

    # and a second run reuses the seeded data instead of seeding again
    again = bench_run("--protocols", "300", "--requests", "1", "--warmup", "0", "--only", "registry")
    assert "# reusing 300 seeded protocols" in again
    assert "meetings.registry_p95_ms" in again
    assert "meetings.calendar_p95_ms" not in again


@pytest.mark.django_db
def test_the_seed_follows_meetings_and_protocols_along_their_life_up_to_today():
    """A number only on a registered protocol (§8.7), the legal consultant's visa last and closing, the points of
    recent registered protocols on control with the protocol as their source (§5.12), closed meetings (§5.3) granted
    by name, recent protocols still in work, planned meetings ahead."""
    import datetime
    import random

    from akimat.models import Visa
    from control.models import ControlItem
    from meetings.bench import Seeder
    from meetings.models import Meeting, Protocol, ProtocolPoint

    # given the control benchmark's organisation and 300 protocols up to a pinned Friday
    friday = datetime.date(2026, 12, 4)
    with bench.pinned_clock(friday):
        Seeder(rng=random.Random(1), today=friday).seed(300)

    # then
    assert Protocol.objects.count() == 300
    statuses = set(Protocol.objects.values_list("status", flat=True))
    assert Protocol.Status.REGISTERED in statuses and statuses - {Protocol.Status.REGISTERED}
    assert not Protocol.objects.exclude(status=Protocol.Status.REGISTERED).exclude(number="").exists()
    assert not Protocol.objects.filter(status=Protocol.Status.REGISTERED, number="").exists()
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__date__gt=friday).exists()
    registered = Protocol.objects.filter(status=Protocol.Status.REGISTERED, version=1).last()
    route = list(Visa.objects.filter(subject_id=registered.pk, round=1).order_by("position"))
    assert {v.decision for v in route} == {"agreed"}
    assert route[-1].closes_route and route[-1].role == "legal" and route[-1].stage == max(v.stage for v in route)
    assert ProtocolPoint.objects.filter(protocol=registered).count() == 20
    on_control = ProtocolPoint.objects.filter(control_item__isnull=False).select_related("protocol", "control_item")
    assert on_control.exists()
    assert all(p.protocol.status == Protocol.Status.REGISTERED for p in on_control)
    assert all(p.control_item.source_id == p.protocol_id for p in on_control)
    assert ControlItem.objects.count() == on_control.count()
    assert (
        not Protocol.objects.filter(meeting__starts_at__date__lt=friday - datetime.timedelta(days=60))
        .exclude(status=Protocol.Status.REGISTERED)
        .exists()
    )
