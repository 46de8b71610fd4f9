"""Fixtures shared by every test: each test gets its own database file."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

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

POSTGRES_URL = os.environ.get("MINUTEBOOK_TEST_POSTGRES")
"""A PostgreSQL server's URL (any database on it); .ci/run starts one and sets this."""

BOTH_BACKENDS = {
    "test_repository",
    "test_transfer",
    "test_search",
    "test_action_cycle",
    "test_cli_actions",
    "test_postgres",
    "test_public",
    "test_read_model",
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
def database(backend: str, db_path: Path) -> Iterator[str]:
    """What `--db` would be given: a file path, or the URL of a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(db_path)
        return
    with server_database() as url:
        yield url


@contextmanager
def server_database() -> Iterator[str]:
    """The URL of a new database on the PostgreSQL server the tests were given (skipped
    without one), dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("set MINUTEBOOK_TEST_POSTGRES to run against PostgreSQL")
    server = sa.engine.make_url(POSTGRES_URL)
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
