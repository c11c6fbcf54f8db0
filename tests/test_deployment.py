"""docker-compose.yml and the Dockerfile describe a stack whose every command exists in the project."""

import importlib
import os
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
