"""Fixtures shared by every test: each test gets its own database file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minutebook.db"


@pytest.fixture
def repo(db_path: Path) -> Repository:
    repository = open_repository(db_path)
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
