"""docker-compose.yml and the Dockerfile describe a stack whose every command exists in the project."""

import importlib
import shlex
import tomllib
from pathlib import Path

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
