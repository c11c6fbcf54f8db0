"""`manage.py bench acts` end to end on a small seed, in its own database next to the test database (#13 §7)."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from akimat import bench

REQUIRED = (
    "acts.acts",
    "acts.seed_s",
    "acts.registry_p95_ms",
    "acts.registry_queries",
    "acts.act_page_p95_ms",
    "acts.act_page_queries",
    "acts.my_visas_p95_ms",
    "acts.my_visas_queries",
    "acts.give_visa_p95_ms",
    "acts.give_visa_queries",
    "acts.approval_sheet_pdf_ms",
)
FIGURE = re.compile(r"^(?P<name>[a-z0-9_.]+): (?P<value>\d+(\.\d)?) (?P<unit>\S+)$")


@pytest.fixture
def bench_run(transactional_db, django_db_serialized_rollback):
    """Run the command outside any test transaction (it switches databases), then drop its database."""
    test_database = settings.DATABASES["default"]["NAME"]
    assert test_database.startswith("test_")  # the benchmark database is derived from the test database

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("bench", "acts", *args, stdout=out)
        return out.getvalue()

    yield run
    bench.drop_database(bench.bench_database_name("acts", test_database))
    assert settings.DATABASES["default"]["NAME"] == test_database


def test_bench_acts_prints_every_required_figure_and_reuses_the_seed(bench_run):
    # given a fresh benchmark database, when the benchmark runs on 400 acts with one request per page
    output = bench_run(
        "--acts", "400", "--requests", "1", "--warmup", "0", "--visas", "1", "--pdf-runs", "1", "--fresh"
    )  # fmt: skip

    # then every line is a figure or a note, and every required figure is there
    lines = output.splitlines()
    assert all(FIGURE.match(line) or line.startswith("# ") for line in lines), output
    figures = {m["name"]: (float(m["value"]), m["unit"]) for line in lines if (m := FIGURE.match(line))}
    assert set(REQUIRED) <= set(figures), output
    assert figures["acts.acts"] == (400, "count")
    assert figures["acts.registry_p95_ms"][1] == "ms"
    assert 0 < figures["acts.registry_queries"][0] <= 20
    assert 0 < figures["acts.my_visas_queries"][0] <= 20
    assert figures["acts.give_visa_queries"][0] > 0
    assert figures["acts.approval_sheet_pdf_ms"][0] > 0

    # and a second run reuses the seeded data instead of seeding again
    again = bench_run("--acts", "400", "--requests", "1", "--warmup", "0", "--only", "registry")
    assert "# reusing 400 seeded acts" in again
    assert "acts.registry_p95_ms" in again
    assert "acts.give_visa_p95_ms" not in again


@pytest.mark.django_db
def test_the_seed_follows_acts_along_their_life_up_to_today():
    """Five visas on a round, the legal consultant's last and closing (003 §10.3), a number only on a registered
    act (§10.16), the visas not given dropped on a return (§10.4), recent acts still in work."""
    import datetime
    import random

    from acts.bench import Seeder
    from acts.models import Act, ActReturn
    from akimat.models import Visa

    # given the control benchmark's organisation and 300 acts up to a pinned Friday
    friday = datetime.date(2026, 12, 4)
    with bench.pinned_clock(friday):
        Seeder(rng=random.Random(1), today=friday).seed(300)

    # then
    statuses = set(Act.objects.values_list("status", flat=True))
    assert {Act.Status.REGISTERED, Act.Status.ON_APPROVAL} <= statuses
    assert not Act.objects.exclude(status=Act.Status.REGISTERED).exclude(number="").exists()
    assert not Act.objects.filter(status=Act.Status.REGISTERED, number="").exists()
    registered = Act.objects.filter(status=Act.Status.REGISTERED, version=1).first()
    route = list(Visa.objects.filter(subject_id=registered.pk).order_by("position"))
    assert [v.decision for v in route] == ["agreed"] * 5
    assert route[-1].closes_route and route[-1].role == "legal" and route[-1].stage == max(v.stage for v in route)
    for ret in ActReturn.objects.select_related("visa"):
        given = Visa.objects.filter(subject_id=ret.act_id, round=ret.version)
        assert not given.filter(decision="pending").exists()
        assert ret.visa.decision == "returned"
    assert (
        not Act.objects.filter(created_at__date__lt=friday - datetime.timedelta(days=90))
        .exclude(status__in=[Act.Status.REGISTERED, Act.Status.WITHDRAWN, Act.Status.RETURNED])
        .exists()
    )
