"""Settings come from the environment through typed readers that reject bad values clearly."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from akimat.env import check_redis_url, database_from_url, env_bool, env_int, env_list, url_from_database


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_env_bool_rejects_a_bad_value_with_its_name(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG", False)


def test_env_int_rejects_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("UPLOAD_MAX_BYTES", "ten")
    with pytest.raises(ImproperlyConfigured, match="UPLOAD_MAX_BYTES must be a whole number"):
        env_int("UPLOAD_MAX_BYTES", 1)
    monkeypatch.setenv("UPLOAD_MAX_BYTES", "5")
    with pytest.raises(ImproperlyConfigured, match="at least 1024"):
        env_int("UPLOAD_MAX_BYTES", 2048, minimum=1024)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.kz, ,b.kz ")
    assert env_list("ALLOWED_HOSTS", []) == ["a.kz", "b.kz"]


def test_database_url_is_parsed_with_a_socket_directory():
    db = database_from_url("postgresql://postgres:@/akimat?host=/srv/pg")
    assert (db["NAME"], db["USER"], db["HOST"]) == ("akimat", "postgres", "/srv/pg")
    db = database_from_url("postgres://u:p%40ss@db.local:6543/prod?sslmode=require")
    assert (db["HOST"], db["PORT"], db["PASSWORD"], db["OPTIONS"]) == (
        "db.local",
        "6543",
        "p@ss",
        {"sslmode": "require"},
    )


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/akimat_ci",
        "postgres://u:p%40ss@db.local:6543/prod?sslmode=require",
        "postgres://postgres@:5433/test_akimat?host=%2Fwork%2Fvar%2Fpostgres",  # the embedded server's socket
        "postgres://postgres@/akimat?host=%2Fsrv%2Fpg",
    ],
)
def test_a_database_url_is_rebuilt_from_the_settings_it_gave(url):
    db = database_from_url(url)
    assert database_from_url(url_from_database(db)) == db
    assert url_from_database(db) == url


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h:5432/", "postgres://u@h:notaport/db"])
def test_a_bad_database_url_is_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_a_bad_redis_url_is_rejected():
    assert check_redis_url("unix:///tmp/r.sock") == "unix:///tmp/r.sock"
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        check_redis_url("http://redis:6379")


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Almaty"
    assert settings.USE_TZ is True
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ru", "en"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # the browser tests' conftest allows async-unsafe calls in this process; a deployment never does
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "akimat.settings",
        "DATABASE_URL": settings.DATABASE_URL,
        "REDIS_URL": settings.REDIS_URL,
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_the_deployment_check():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="k3y-" + "abcdefghij0123456789" * 3, ALLOWED_HOSTS="akimat.example.kz",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "akimat.example.kz", "SECRET_KEY": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


def test_health_answers_ok(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_issue12_s7_tests_queue_their_tasks_apart_and_the_run_leaves_none_queued():
    from akimat.celery import app
    from akimat.tasks import ping
    from tests.worker import delete_queue

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    # not the queue a real worker on the same Redis consumes (CELERY_QUEUE, "akimat" by default)
    assert queue != os.environ.get("CELERY_QUEUE", "akimat")
    with app.connection_for_write() as connection:
        redis = connection.default_channel.client
        before = redis.llen(queue)
        ping.apply_async()  # no worker runs it: it waits in the run's queue
        assert redis.llen(queue) == before + 1
        delete_queue(queue)  # what the session fixture does at the end of the run (tests/conftest.py)
        assert redis.llen(queue) == 0
