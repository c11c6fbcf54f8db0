"""`manage.py bench appeals` end to end on a small seed, in its own database next to the test database (#15 §5)."""

import datetime
import io
import random
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from akimat import bench

REQUIRED = (
    "appeals.appeals",
    "appeals.seed_s",
    "appeals.journal_p95_ms",
    "appeals.journal_queries",
    "appeals.appeal_page_p95_ms",
    "appeals.appeal_page_queries",
    "appeals.register_p95_ms",
    "appeals.register_queries",
    "appeals.repeat_check_ms",
    "appeals.quarterly_pdf_ms",
)
FIGURE = re.compile(r"^(?P<name>[a-z0-9_.]+): (?P<value>\d+(\.\d)?) (?P<unit>\S+)$")
fri_2026_12_04 = datetime.date(2026, 12, 4)


@pytest.fixture
def bench_run(transactional_db, django_db_serialized_rollback):
    """Run the command outside any test transaction (it switches databases), then drop its database."""
    test_database = settings.DATABASES["default"]["NAME"]
    assert test_database.startswith("test_")  # the benchmark database is derived from the test database

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("bench", "appeals", *args, stdout=out)
        return out.getvalue()

    yield run
    bench.drop_database(bench.bench_database_name("appeals", test_database))
    assert settings.DATABASES["default"]["NAME"] == test_database


def test_bench_appeals_prints_every_required_figure_and_reuses_the_seed(bench_run):
    """Issue #15 §5: the journal, the appeal's page, registering (with the repeat check), the repeat check alone and
    the quarterly PDF, one `name: value unit` line each."""
    # given a fresh benchmark database, when the benchmark runs on 800 appeals with one request per page
    output = bench_run(
        "--appeals", "800", "--requests", "1", "--warmup", "0", "--registrations", "2", "--pdf-runs", "1",
        "--today", fri_2026_12_04.isoformat(), "--fresh",
    )  # fmt: skip

    # then every line is a figure or a note, and every required figure is there
    lines = output.splitlines()
    assert all(FIGURE.match(line) or line.startswith("# ") for line in lines), output
    figures = {m["name"]: (float(m["value"]), m["unit"]) for line in lines if (m := FIGURE.match(line))}
    assert set(REQUIRED) <= set(figures), output
    assert figures["appeals.appeals"] == (800, "count")
    assert figures["appeals.journal_p95_ms"][1] == "ms"
    assert 0 < figures["appeals.journal_queries"][0] <= 25
    assert 0 < figures["appeals.appeal_page_queries"][0] <= 40
    assert 0 < figures["appeals.register_queries"][0] <= 40
    assert figures["appeals.quarterly_pdf_ms"][0] > 0
    assert lines[-1].startswith("# ")

    # and a second run reuses the seeded data instead of seeding again
    again = bench_run(
        "--appeals", "800", "--requests", "1", "--warmup", "0", "--today", fri_2026_12_04.isoformat(),
        "--only", "journal,repeat",
    )  # fmt: skip
    assert "# reusing 800 seeded appeals" in again
    assert "appeals.journal_p95_ms" in again and "appeals.repeat_check_ms" in again
    assert "appeals.appeal_page_p95_ms" not in again


@pytest.mark.django_db
def test_the_seed_follows_appeals_along_their_life_up_to_today():
    """A gapless number per year in the order of registration (§13.3), on the day of receipt or the next working day
    (APPK art. 64); valid IINs; repeats linked only to answered appeals of the same applicant (issue #15 §1); the
    resolution on control with the appeal as its source, restricted to the resolution's readers (§13.8, SPEC §8);
    a final answer for every answered appeal, its item off control (001 §33), an unfavourable one only after the
    preliminary notice (APPK art. 73); recent appeals still in work."""
    from akimat import workdays
    from akimat.identifiers import is_valid_iin
    from appeals.bench import Seeder
    from appeals.models import Appeal, AppealAnswer, AppealLink, AppealNotice, AppealResolution, Applicant
    from control.models import ControlItem, SourceKind

    # given the control benchmark's organisation and 1,500 appeals up to a pinned Friday
    with bench.pinned_clock(fri_2026_12_04):
        Seeder(rng=random.Random(1), today=fri_2026_12_04).seed(1500)

    # then the journal is numbered without gaps, in the order of registration
    assert Appeal.objects.count() == 1500
    for year in set(Appeal.objects.values_list("year", flat=True)):
        rows = list(Appeal.objects.filter(year=year).order_by("seq").values_list("seq", "registered_on", "number"))
        assert [seq for seq, _day, _number in rows] == list(range(1, len(rows) + 1))
        assert [day for _seq, day, _number in rows] == sorted(day for _seq, day, _number in rows)
        assert all(number == f"ЖТ-{seq}" for seq, _day, number in rows)
    with workdays.pinned() as calendar:
        for appeal in Appeal.objects.all()[:300]:
            assert calendar.is_working_day(appeal.registered_on)
            assert appeal.registered_on >= appeal.received_at.date()
    iins = list(Applicant.objects.exclude(iin="").values_list("iin", flat=True))
    assert iins and all(is_valid_iin(iin) for iin in iins)

    # repeats: an earlier answered appeal of the same applicant
    repeats = AppealLink.objects.filter(kind=AppealLink.Kind.REPEAT).select_related("appeal", "earlier")[:200]
    assert repeats
    for link in repeats:
        assert link.earlier.status == Appeal.Status.ANSWERED
        assert link.earlier.received_at < link.appeal.received_at
        assert set(link.earlier.parties.values_list("applicant", flat=True)) & set(
            link.appeal.parties.values_list("applicant", flat=True)
        )

    # the resolutions on control, restricted to their readers
    resolution = AppealResolution.objects.select_related("control_item").order_by("pk").first()
    item = resolution.control_item
    assert item.source_kind == SourceKind.APPEAL and item.source_id == resolution.appeal_id
    assert item.restricted_by.endswith(f":{resolution.pk}")
    answered = Appeal.objects.filter(status=Appeal.Status.ANSWERED)
    assert answered.count() > 1000
    assert AppealAnswer.objects.filter(is_final=True).count() == answered.count()
    assert not ControlItem.objects.filter(source_id__in=answered.values("pk")).exclude(status="removed").exists()
    unfavourable = answered.filter(result__in=["refused", "partly_satisfied"])
    assert unfavourable.exists()
    assert not unfavourable.exclude(notices__kind=AppealNotice.Kind.PRELIMINARY).exists()

    # recent appeals are still in work, none are registered in the future
    assert Appeal.objects.filter(status__in=["on_consideration", "sent", "registered"]).exists()
    assert not Appeal.objects.filter(registered_on__gt=fri_2026_12_04).exists()
    assert not Appeal.objects.filter(status=Appeal.Status.ON_CONSIDERATION, due_on__isnull=True).exists()
