"""Shared pieces of `python manage.py bench <module>` (SPEC §9: a benchmark that prints timings).

A module benchmarks itself in `<app>/bench.py` with `add_arguments(parser)` and `run(options, out)`;
`akimat/management/commands/bench.py` finds those modules and dispatches to them. What they share lives
here: a separate benchmark database per module (the configured name + "_bench_<module>"; never the
configured database, nor another module's, so one seed cannot change another's figures), a small
key/value table in it that says what was seeded, bulk loading with COPY, timing with percentiles, a
pinned clock, and the output format — one `name: value unit` line per figure, anything else prefixed
with "# " so that a script can read the figures with one regular expression.
"""

from __future__ import annotations

import contextlib
import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

BENCH_MARK = "_bench_"
META_TABLE = "bench_meta"


# --- output -----------------------------------------------------------------------------------------


@dataclass
class Output:
    """Prints figures as `name: value unit` and notes as `# text`; remembers the figures for callers."""

    stream: TextIO
    figures: dict[str, tuple[float | int, str]] = field(default_factory=dict)

    def figure(self, name: str, value: float | int, unit: str) -> None:
        """One figure; milliseconds and seconds with one decimal, counts as integers."""
        self.figures[name] = (value, unit)
        text = f"{value:.1f}" if isinstance(value, float) else str(value)
        self._write(f"{name}: {text} {unit}")

    def note(self, text: str) -> None:
        self._write(f"# {text}")

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()


# --- timing -----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) by the nearest-rank method: a value that was actually measured."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Timings:
    """Durations of repeated runs, in milliseconds."""

    values: tuple[float, ...]

    @property
    def p50(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return percentile(self.values, 95)

    @property
    def max(self) -> float:
        return max(self.values)

    def __add__(self, other: Timings) -> Timings:
        return Timings(self.values + other.values)


def signed_in_client(user) -> Client:
    """A test client signed in as `user`, over HTTPS where the settings redirect to it."""
    client = Client(secure=bool(getattr(settings, "SECURE_SSL_REDIRECT", False)))
    client.force_login(user)
    return client


def get_ok(client: Client, url: str, params: dict[str, str]) -> None:
    """GET a page; anything but 200 stops the benchmark (a figure of an error page would mean nothing)."""
    response = client.get(url, params)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params} answered {response.status_code}")


def measure_pages(
    module: str, name: str, requests: list[tuple[str, Any, list[tuple[str, dict[str, str]]]]], options, out: Output,
    *, counted: int = 12,
) -> None:  # fmt: skip
    """Time GETs for each (label, user) cycling through its (url, params); print `<module>.<name>` p50/p95 per label
    and in all, and the most queries of up to `counted` variants (fewer on a short run, as the tests')."""
    total = Timings(())
    most_queries = 0
    for label, user, variants in requests:
        if not variants:
            out.note(f"{name} as {label} ({user.username}): nothing to measure")
            continue
        client = signed_in_client(user)
        timings = repeat(
            lambda i, client=client, variants=variants: get_ok(client, *variants[i % len(variants)]),
            runs=max(options["requests"], 1),
            warmup=options["warmup"],
        )
        queries = []
        for url, params in variants[: max(3, min(counted, options["requests"]))]:
            with CaptureQueriesContext(connection) as captured:
                get_ok(client, url, params)
            queries.append(len(captured))
        most_queries = max(most_queries, *queries)
        total += timings
        out.figure(f"{module}.{name}.{label}_p95_ms", round(timings.p95, 1), "ms")
        out.note(f"{name} as {label} ({user.username}): p50 {timings.p50:.1f} ms, queries {queries}")
    if not total.values:
        return
    out.figure(f"{module}.{name}_p50_ms", round(total.p50, 1), "ms")
    out.figure(f"{module}.{name}_p95_ms", round(total.p95, 1), "ms")
    out.figure(f"{module}.{name}_queries", most_queries, "count")


def time_ms(function: Callable[[], Any]) -> tuple[float, Any]:
    """Run once; return (milliseconds, result)."""
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def repeat(function: Callable[[int], Any], *, runs: int, warmup: int = 0) -> Timings:
    """Call function(i) `warmup` times untimed, then `runs` times timed."""
    for index in range(warmup):
        function(index)
    values = []
    for index in range(runs):
        elapsed, _result = time_ms(lambda index=index: function(index))
        values.append(elapsed)
    return Timings(tuple(values))


# --- a run: which measurements, which seed, how it went ------------------------------------------------


def run_steps(steps: dict[str, Callable[[], None]], only: str) -> None:
    """Run the measurements in order, or only those named in `--only` (comma-separated)."""
    chosen = {part.strip() for part in only.split(",") if part.strip()}
    for name, step in steps.items():
        if not chosen or name in chosen:
            step()


def seed_suits(meta: dict[str, str], options: dict[str, Any], *, version: str, key: str, wanted: int) -> bool:
    """The seeded data (as `write_meta` recorded them) are of this seed version, size and pinned today."""
    return (
        not options["reseed"]
        and not options["fresh"]
        and meta.get("version") == version
        and int(meta.get(key, 0)) == wanted
        and (options["today"] is None or meta.get("today") == options["today"].isoformat())
    )


def verdict(out: Output, targets_ms: dict[str, float]) -> None:
    """A last note naming each figure over its target."""
    missed = [
        f"{name} {out.figures[name][0]:.1f} > {target}"
        for name, target in targets_ms.items()
        if name in out.figures and out.figures[name][0] > target
    ]
    out.note("targets missed: " + "; ".join(missed) if missed else "all measured figures within their targets")


# --- the separate benchmark database ----------------------------------------------------------------


def bench_database_name(module: str, configured: str | None = None) -> str:
    """A module's benchmark database: "akimat" → "akimat_bench_control" (a test database gets its own)."""
    name = configured or settings.DATABASES["default"]["NAME"]
    return f"{name.split(BENCH_MARK)[0]}{BENCH_MARK}{module}"


def _refuse_unless_bench(name: str, what: str) -> None:
    if BENCH_MARK not in name:
        raise RuntimeError(f"refusing to {what} {name!r}: not a benchmark database")


def _server_connection(settings_dict: dict[str, Any]):
    """An autocommit psycopg connection to the maintenance database of the same server."""
    import psycopg

    params = {
        "dbname": "postgres",
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        **{k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in {"sslmode", "sslrootcert"}},
    }
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v is not None})


def _database_exists(server, name: str) -> bool:
    return server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create_database(name: str, *, drop: bool = False) -> bool:
    """Create the database `name` (dropping it first when asked); True when it was created now."""
    from psycopg import sql

    if name == _configured_name():
        raise RuntimeError(f"refusing to create or drop the configured database {name!r}")
    with _server_connection(settings.DATABASES["default"]) as server:
        exists = _database_exists(server, name)
        if exists and drop:
            server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    return False


def drop_database(name: str) -> None:
    """Drop a benchmark database if it exists (tests clean up with it)."""
    from psycopg import sql

    _refuse_unless_bench(name, "drop")
    with _server_connection(settings.DATABASES["default"]) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


_original_name: str | None = None


def _configured_name() -> str:
    return _original_name or settings.DATABASES["default"]["NAME"]


def _switch_to(name: str) -> None:
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    # content type ids differ between databases: never reuse ones read from another database
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@contextlib.contextmanager
def bench_database(module: str, *, fresh: bool = False, out: Output | None = None) -> Iterator[str]:
    """Point the default connection at the module's benchmark database (created and migrated) inside the block.

    The configured database is never opened: connections are closed before the switch, and the name is
    put back (connections closed again) on the way out. The shared cache gets its own key prefix, so
    that the regulation rules and the calendar version of the benchmark never mix with the real ones.
    """
    global _original_name
    original = settings.DATABASES["default"]["NAME"]
    name = bench_database_name(module, original)
    _original_name = original
    original_prefix = cache.key_prefix
    try:
        created = create_database(name, drop=fresh)
        if out is not None:
            out.note(f"benchmark database {name} ({'created' if created else 'exists'})")
        _switch_to(name)
        cache.key_prefix = f"{original_prefix}{BENCH_MARK}{module}"
        _forget_process_caches()
        call_command("migrate", interactive=False, verbosity=0)
        yield name
    finally:
        _switch_to(original)
        cache.key_prefix = original_prefix
        _forget_process_caches()
        _original_name = None


def _forget_process_caches() -> None:
    """Snapshots of the calendar and the regulation read from one database must not serve another."""
    from akimat import reglament, workdays

    workdays.forget_snapshot()
    reglament.clear_local_cache()


def reset_database() -> None:
    """Empty the benchmark database by dropping and re-creating it (faster and surer than TRUNCATE)."""
    name = settings.DATABASES["default"]["NAME"]
    _refuse_unless_bench(name, "reset")
    connections.close_all()
    create_database(name, drop=True)
    _forget_process_caches()
    call_command("migrate", interactive=False, verbosity=0)


# --- what is seeded: a key/value table of the benchmark database -------------------------------------


def read_meta(prefix: str) -> dict[str, str]:
    """Values stored under `prefix.` (empty when nothing was seeded yet)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text NOT NULL)")
        cursor.execute(f"SELECT key, value FROM {META_TABLE} WHERE key LIKE %s", [f"{prefix}.%"])
        return {key.removeprefix(f"{prefix}."): value for key, value in cursor.fetchall()}


def write_meta(prefix: str, values: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text NOT NULL)")
        for key, value in values.items():
            cursor.execute(
                f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [f"{prefix}.{key}", str(value)],
            )


# --- bulk loading -----------------------------------------------------------------------------------


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Load rows with COPY … FROM STDIN (psycopg 3): several times faster than INSERT for 100,000s of rows."""
    count = 0
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def copy_models(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
    """COPY dicts keyed by attname into the model's table; absent fields take their default.

    A field added to the model later is filled from its default (or NULL, or "" for blank text, or now
    for auto_now fields), so a seeder does not break on every new column; one without any raises.
    JSON values are given already encoded (json.dumps) so that COPY passes them as text.
    """
    if not rows:
        return 0
    fields = model._meta.concrete_fields
    fillers: dict[str, Any] = {}
    for f in fields:
        if f.has_default():
            value = f.get_default()
            fillers[f.attname] = json.dumps(value) if isinstance(f, models.JSONField) else value
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fillers[f.attname] = timezone.now()
        elif f.null:
            fillers[f.attname] = None
        elif f.blank and isinstance(f, models.CharField | models.TextField):
            fillers[f.attname] = ""
    missing = [f.name for f in fields if f.attname not in fillers and f.attname not in rows[0]]
    if missing:
        raise ValueError(f"{model._meta.label}: no value and no default for {', '.join(missing)}")
    names = [f.attname for f in fields]
    return copy_rows(
        model._meta.db_table,
        [f.column for f in fields],
        ([row[name] if name in row else fillers[name] for name in names] for row in rows),
    )


@contextlib.contextmanager
def triggers_off(*models_: type[models.Model]) -> Iterator[None]:
    """The tables' own triggers (those keeping the readers' keys) off while rows are COPYed in; the caller
    fills what they would have written with one UPDATE afterwards. Inside a transaction."""
    tables = [model._meta.db_table for model in models_]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} DISABLE TRIGGER USER")
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while foreign keys wait to be checked
        for table in tables:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} ENABLE TRIGGER USER")


def reset_sequences(*tables: str) -> None:
    """Move the id sequences past the ids loaded explicitly by copy_rows."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM {table}), 0) + 1, "
                "false)",
                [table],
            )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum_analyze() -> None:
    """Leave the seeded database as autovacuum keeps a production one: statistics fresh and the visibility
    map set, without which the planner never chooses an index-only scan. (A server may run with autovacuum
    off, as this machine's does, and rows loaded with COPY are never vacuumed then.)"""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


@contextlib.contextmanager
def production_like() -> Iterator[None]:
    """Measure as production runs: DEBUG off (no query log, cached templates), the garbage collector tuned as
    for the web server, the test client's host allowed, libraries' progress logging quiet; everything is put
    back afterwards (tests share the process)."""
    import logging

    from akimat import collector

    saved = settings.DEBUG, settings.ALLOWED_HOSTS
    loggers = {name: logging.getLogger(name) for name in ("weasyprint", "fontTools")}
    levels = {name: logger.level for name, logger in loggers.items()}
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    for logger in loggers.values():  # WeasyPrint reports every page at INFO
        logger.setLevel(logging.WARNING)
    collected = collector.tune_for_server()  # as akimat/wsgi.py does for gunicorn's workers
    try:
        yield
    finally:
        settings.DEBUG, settings.ALLOWED_HOSTS = saved
        for name, logger in loggers.items():
            logger.setLevel(levels[name])
        collector.restore(collected)


# --- a pinned clock ---------------------------------------------------------------------------------


@contextlib.contextmanager
def pinned_clock(day: date, hour: int = 10) -> Iterator[bool]:
    """Let the process believe it is `day`, `hour`:00 in the project's time zone (ticking on); yields True.

    The seeded data are placed around one "today", so every later run measures against the same day. The
    project reads the clock only through django.utils.timezone (workdays.today() is timezone.localdate(),
    auto_now fields and sessions call timezone.now()), so replacing timezone.now is enough; no development
    dependency (time-machine comes with the dev extra only) is needed to run the benchmark.
    """
    from zoneinfo import ZoneInfo

    moment = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(UTC)
    started = time.monotonic()
    real_now = timezone.now

    def now() -> datetime:
        return moment + timedelta(seconds=time.monotonic() - started)

    timezone.now = now
    try:
        yield True
    finally:
        timezone.now = real_now


def days(n: int) -> timedelta:
    return timedelta(days=n)
