"""Fixtures shared by every test: each test gets its own database file."""

from __future__ import annotations

import datetime as dt
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings
from pytest_postgresql.executors import PostgreSQLExecutor

from storage import Repository, open_repository
from storage.agenda import parse_agenda

SAMPLE_AGENDA = """\
Minutes and actions from the last meeting
Live Updates | Independent Chair
# Agenda Items for Discussion
Early Help - changes to ways of working | Early Help lead
CYPS SEND Inspection
# Standing and Information Items
- Lived experience / Sharing good practice
- Suffolk's multi-agency Issues Log
Any Other Business
"""


# In CI every property test replays the same examples, so a failure there is repeatable.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

BOTH_BACKENDS = {
    "test_repository",
    "test_transfer",
    "test_search",
    "test_action_cycle",
    "test_cli_actions",
    "test_postgres",
    "test_public",
    "test_read_model",
    "test_saving",
    "test_roster",
    "test_corrections",
    "test_style",
    "test_history",
    "test_deferral",
    "test_exempt",
    "test_declarations",
    "test_motions",
}
"""Test modules whose `repo` runs on SQLite and on PostgreSQL."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        module = metafunc.module.__name__.rsplit(".", 1)[-1]
        backends = ["sqlite", "postgresql"] if module in BOTH_BACKENDS else ["sqlite"]
        metafunc.parametrize("backend", backends)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minutebook.db"


@pytest.fixture
def database(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What `--db` would be given: a file path, or the URL of a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(db_path)
        return
    # Asked for here rather than in the signature, so that SQLite alone starts no server.
    with server_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@contextmanager
def server_database(server_url: str) -> Iterator[str]:
    """The URL of a new database on the PostgreSQL server at `server_url` (the
    `postgres_server` fixture's), dropped afterwards."""
    server = sa.engine.make_url(server_url)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"minutebook_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# -- the PostgreSQL server ----------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server's URL (any database on it, as a user who may create databases).

    `MINUTEBOOK_TEST_POSTGRES` names a server to use. Without it, when PostgreSQL is
    installed, a throwaway server is started for this run, then stopped and deleted at its
    end; when it is not, the tests that need a server skip."""
    given = os.environ.get("MINUTEBOOK_TEST_POSTGRES")
    if given:
        yield given
        return
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        pytest.skip(
            "PostgreSQL is not installed (no pg_ctl on PATH, in /usr/lib/postgresql/*/bin"
            " or where pg_config says): install it, or set MINUTEBOOK_TEST_POSTGRES"
        )
    with throwaway_postgres(pg_ctl) as url:
        yield url


def find_pg_ctl() -> str | None:
    """PostgreSQL's pg_ctl: on PATH, else the newest of Debian's /usr/lib/postgresql/NN
    (not on PATH there), else in the folder `pg_config --bindir` names."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return on_path
    debian = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    if debian:
        return max(debian, key=lambda path: [int(n) for n in re.findall(r"\d+", path)])
    if shutil.which("pg_config"):
        bindir = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir and Path(bindir, "pg_ctl").is_file():
            return str(Path(bindir, "pg_ctl"))
    return None


@contextmanager
def throwaway_postgres(pg_ctl: str) -> Iterator[str]:
    """A new PostgreSQL server on 127.0.0.1 alone, in a temporary folder deleted afterwards.

    PostgreSQL refuses to run as root, and CI runs as root: then initdb and pg_ctl run as
    the `postgres` system user, through a one-line wrapper that pytest-postgresql's
    executor is given as its pg_ctl, and the server's folder belongs to that user."""
    as_root = os.geteuid() == 0
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL will not run as root, and there is no postgres user")
    work = Path(tempfile.mkdtemp(prefix="minutebook-postgres-"))
    try:
        server = work / "server"
        server.mkdir()
        if as_root:
            work.chmod(0o755)
            os.chown(server, owner.pw_uid, owner.pw_gid)
            wrapper = work / "pg_ctl"
            wrapper.write_text(f'#!/bin/sh\nexec runuser -u postgres -- "{pg_ctl}" "$@"\n')
            wrapper.chmod(0o755)
            pg_ctl = str(wrapper)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = server / "log"
        executor = PostgreSQLExecutor(
            executable=pg_ctl,
            host="127.0.0.1",
            port=port,
            datadir=str(server / "data"),
            unixsocketdir=str(server),
            logfile=str(log),
            startparams="-w",
            dbname="postgres",
            user="postgres",
            postgres_options="-c listen_addresses=127.0.0.1",
        )
        try:
            executor.start()
        except Exception as error:
            told = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
            raise RuntimeError(f"the throwaway PostgreSQL did not start:\n{told}") from error
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            executor.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def repo(database: str) -> Iterator[Repository]:
    repository = open_repository(database)
    yield repository
    repository.engine.dispose()


@pytest.fixture
def meeting_id(repo: Repository) -> int:
    """A board with a small roster and a meeting on the sample agenda."""
    board = repo.create_committee("Safeguarding Partnership Board", "OFFICIAL-SENSITIVE")
    for name, role, organisation in (
        ("Alice Chair", "Independent Chair", "Safeguarding Partnership"),
        ("Bob Probation", "Head of Service", "Probation"),
        (None, "Detective Superintendent", "Constabulary"),
    ):
        person = repo.add_person(name, role, organisation)
        repo.add_to_roster(board.id, person.id)
    return repo.create_meeting(
        board.id,
        dt.date(2024, 3, 11),
        start_time="13:00",
        end_time="15:00",
        venue="MS Teams Meeting",
        agenda=parse_agenda(SAMPLE_AGENDA),
    )
