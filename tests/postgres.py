"""A throwaway PostgreSQL server for the test suite: its own data directory, a free port on 127.0.0.1, no fsync.

Debian's `postgresql` package provides the binaries (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to
run as root, so under root initdb and pg_ctl run as the `postgres` system user (via runuser) and the temporary
directory is handed to that user. Nothing listens beyond 127.0.0.1, and the Unix socket lives in the temp dir.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

_BINARIES = ("initdb", "pg_ctl", "postgres")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
USER = "sitrep"
DATABASE = "sitrep_test"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are not installed (tests that need them should skip)."""


def _version_key(bindir: str) -> tuple[int, ...]:
    version = Path(bindir).parent.name  # /usr/lib/postgresql/<version>/bin
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def find_bindir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: Debian's newest version first, else PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for bindir in candidates:
        if all(os.access(os.path.join(bindir, name), os.X_OK) for name in _BINARIES):
            return Path(bindir)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        bindir = Path(pg_ctl).resolve().parent
        if all(os.access(bindir / name, os.X_OK) for name in _BINARIES):
            return bindir
    raise PostgresUnavailable("no initdb/pg_ctl/postgres under /usr/lib/postgresql/*/bin or on PATH")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A private PostgreSQL server: start() it, hand out `url` / new_database(), stop() it (removes everything)."""

    def __init__(self) -> None:
        self.bindir: Path | None = None
        self.base: Path | None = None
        self.port: int | None = None
        self._as_postgres = os.geteuid() == 0
        self._admin: sa.Engine | None = None
        self._running = False

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def start(self) -> ThrowawayPostgres:
        self.bindir = find_bindir()  # raises PostgresUnavailable
        if self._as_postgres:
            if shutil.which("runuser") is None:
                raise RuntimeError("running as root but `runuser` is missing; cannot start PostgreSQL as `postgres`")
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root but there is no `postgres` system user to run PostgreSQL as") \
                    from None
        # Keep the socket path short (Unix sockets allow ~107 bytes), whatever TMPDIR says.
        tmp = tempfile.gettempdir()
        self.base = Path(tempfile.mkdtemp(prefix="sitrep-pg-", dir=tmp if len(tmp) < 60 else "/tmp"))
        atexit.register(self.stop)  # a backstop: the fixture stops it, but never leave a server behind
        try:
            sockets = self.base / "socket"
            sockets.mkdir()
            if self._as_postgres:
                for path in (self.base, sockets):
                    os.chown(path, owner.pw_uid, owner.pw_gid)
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "--encoding", "UTF8",
                      "--locale", "C", "--no-sync")
            last_error: Exception | None = None
            for _ in range(3):  # the free port can be taken between probing and binding; try another
                self.port = free_port()
                options = (f"-F -k {shlex.quote(str(sockets))} -h 127.0.0.1 -p {self.port}"
                           " -c fsync=off -c full_page_writes=off -c synchronous_commit=off")
                try:
                    self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                              "-o", options)
                except RuntimeError as exc:
                    last_error = exc
                    continue
                self._running = True
                break
            else:
                raise RuntimeError(f"PostgreSQL did not start: {last_error}\n{self.log_tail()}")
            self.new_database(DATABASE)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (immediately; nothing in it matters) and remove its directory. Safe to call twice."""
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if self.base is not None and (self._running or (self.data / "postmaster.pid").exists()):
            self._running = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- URLs and databases ------------------------------------------------------------------------------------

    @property
    def data(self) -> Path:
        assert self.base is not None, "not started"
        return self.base / "data"

    @property
    def log(self) -> Path:
        assert self.base is not None, "not started"
        return self.base / "postgres.log"

    def url_for(self, database: str) -> str:
        assert self.port is not None, "not started"
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    @property
    def url(self) -> str:
        """The URL of the `sitrep_test` database created at start."""
        return self.url_for(DATABASE)

    def new_database(self, name: str) -> str:
        """Create an empty database called `name` (lower-case letters, digits, _) and return its URL."""
        if not _NAME.match(name):
            raise ValueError(f"unsafe database name {name!r}")
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop `name`, disconnecting anything still attached to it (a test's engine left undisposed)."""
        if not _NAME.match(name):
            raise ValueError(f"unsafe database name {name!r}")
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @property
    def admin(self) -> sa.Engine:
        if self._admin is None:
            self._admin = sa.create_engine(self.url_for("postgres"), isolation_level="AUTOCOMMIT",
                                           poolclass=NullPool)
        return self._admin

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return ""

    # -- helpers -----------------------------------------------------------------------------------------------

    def _run(self, binary: str, *args: str) -> None:
        assert self.bindir is not None and self.base is not None
        command = [str(self.bindir / binary), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        # pg_ctl's -l sends the server's output to the log file, so capturing here cannot hang on an open pipe.
        result = subprocess.run(command, cwd=self.base, env=env, capture_output=True, text=True, timeout=60,
                                check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
