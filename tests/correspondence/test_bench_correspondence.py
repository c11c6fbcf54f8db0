"""`manage.py bench correspondence` end to end on a small seed, in its own database next to the test database."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from akimat import bench

REQUIRED = (
    "correspondence.documents",
    "correspondence.seed_s",
    "correspondence.journal_list_p95_ms",
    "correspondence.journal_list_queries",
    "correspondence.search_p95_ms",
    "correspondence.search_queries",
    "correspondence.document_page_p95_ms",
    "correspondence.document_page_queries",
    "correspondence.register_incoming_p95_ms",
    "correspondence.register_incoming_queries",
)
FIGURE = re.compile(r"^(?P<name>[a-z0-9_.]+): (?P<value>\d+(\.\d)?) (?P<unit>\S+)$")


@pytest.fixture
def bench_run(transactional_db, django_db_serialized_rollback):
    """Run the command outside any test transaction (it switches databases), then drop its database."""
    test_database = settings.DATABASES["default"]["NAME"]
    assert test_database.startswith("test_")  # the benchmark database is derived from the test database

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("bench", "correspondence", *args, stdout=out)
        return out.getvalue()

    yield run
    bench.drop_database(bench.bench_database_name("correspondence", test_database))
    assert settings.DATABASES["default"]["NAME"] == test_database


def test_bench_correspondence_prints_every_required_figure_and_reuses_the_seed(bench_run):
    # given a fresh benchmark database, when the benchmark runs on 200 documents
    output = bench_run("--documents", "200", "--requests", "2", "--warmup", "0", "--registrations", "2", "--fresh")

    # then every line is a figure or a note, and every required figure is there
    lines = output.splitlines()
    assert all(FIGURE.match(line) or line.startswith("# ") for line in lines), output
    figures = {m["name"]: (float(m["value"]), m["unit"]) for line in lines if (m := FIGURE.match(line))}
    assert set(REQUIRED) <= set(figures), output
    assert figures["correspondence.documents"] == (200, "count")
    assert figures["correspondence.search_p95_ms"][1] == "ms"
    assert 0 < figures["correspondence.journal_list_queries"][0] <= 20
    assert figures["correspondence.register_incoming_queries"][0] > 0

    # and a second run reuses the seeded data instead of seeding again
    again = bench_run("--documents", "200", "--requests", "1", "--warmup", "0", "--only", "search")
    assert "# reusing 200 seeded documents" in again
    assert "correspondence.search_p95_ms" in again
