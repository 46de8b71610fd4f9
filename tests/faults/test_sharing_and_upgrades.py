"""Two minutebook processes on one database, and a database from the first schema revision."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from storage.database import HEAD_REVISION
from storage.migrations import alembic_config
from tests.faults.conftest import (
    FaultLog,
    make_meetings,
    open_in_tmux,
    read_notes,
    type_slowly,
    wait_for_notes,
)
from tests.terminal.tmux import Tmux

pytestmark = [
    pytest.mark.faults,
    pytest.mark.terminal,
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed"),
]

READ_ONLY_FLAG = "READ-ONLY"


def test_two_processes_on_one_database(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    database = tmp_path / "shared.db"
    (first, first_item), (second, second_item) = make_meetings(database, 2)
    sessions: list[Tmux] = []
    losses = 0
    try:
        # Different meetings: both clerks edit, and both are saved.
        clerk_a = open_in_tmux(database, first, app_env)
        sessions.append(clerk_a)
        clerk_b = open_in_tmux(database, second, app_env)
        sessions.append(clerk_b)
        clerk_a.wait_for("Meeting 1 item 1")
        clerk_b.wait_for("Meeting 2 item 1")
        type_slowly(clerk_a, "Clerk A takes the first meeting.")
        type_slowly(clerk_b, "Clerk B takes the second meeting.")
        saved_a = wait_for_notes(database, first_item, "Clerk A takes the first meeting.")
        saved_b = wait_for_notes(database, second_item, "Clerk B takes the second meeting.")
        losses += int(saved_a != "Clerk A takes the first meeting.")
        losses += int(saved_b != "Clerk B takes the second meeting.")
        assert READ_ONLY_FLAG not in clerk_a.screen() + clerk_b.screen()

        # The same meeting: the second process shows it read-only and cannot change it.
        clerk_c = open_in_tmux(database, first, app_env)
        sessions.append(clerk_c)
        clerk_c.wait_for("Meeting 1 item 1")
        clerk_c.wait_for(READ_ONLY_FLAG)
        clerk_c.type("Clerk C must not write here.")
        type_slowly(clerk_a, " Clerk A goes on.")
        wanted = "Clerk A takes the first meeting. Clerk A goes on."
        saved_a = wait_for_notes(database, first_item, wanted)
        time.sleep(1.0)  # longer than a save takes: anything C could write would be there
        losses += int(read_notes(database, first_item) != wanted)
        assert "Clerk C" not in clerk_c.screen()
        assert READ_ONLY_FLAG not in clerk_a.screen()
    finally:
        for session in sessions:
            session.close()
        fault_log.record("two processes on one database", 3, losses)
    assert saved_a == wanted
    assert saved_b == "Clerk B takes the second meeting."
    assert losses == 0


def first_revision_database(path: Path) -> None:
    """A database as the first schema revision left it, holding a meeting with notes."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.exec_driver_sql(
            "INSERT INTO committee (id, name, protective_marking) VALUES (1, 'Old Board', '')"
        )
        connection.exec_driver_sql(
            "INSERT INTO meeting (id, committee_id, date, start_time, end_time, venue, "
            "protective_marking, status) "
            "VALUES (1, 1, '2023-05-02', '10:00', '12:00', 'Town Hall', '', 'draft')"
        )
        for position, title in enumerate(("Welcome and apologies", "Old business")):
            connection.exec_driver_sql(
                "INSERT INTO agenda_item (meeting_id, position, number, title, presenter, "
                "status, notes, confidential) VALUES (1, ?, ?, ?, '', 'pending', ?, 0)",
                (position, f"{position + 1}.", title, f"Notes kept since 2023 ({position + 1})."),
            )
    engine.dispose()


def test_first_schema_revision_opens_after_a_backup(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    database = tmp_path / "old.db"
    first_revision_database(database)
    session = open_in_tmux(database, 1, app_env)
    try:
        session.wait_for("Welcome and apologies")
        session.wait_for("Notes kept since 2023 (1).")
        type_slowly(session, " Added after the upgrade.")
        saved = wait_for_notes(database, 1, "Notes kept since 2023 (1). Added after the upgrade.")
    finally:
        session.close()
    [backup] = tmp_path.glob("old.db.before-migration-from-0001-*.bak")
    with sqlite3.connect(backup) as copy:
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        notes = [row[0] for row in copy.execute("SELECT notes FROM agenda_item ORDER BY id")]
    with sqlite3.connect(database) as upgraded:
        head = upgraded.execute("SELECT version_num FROM alembic_version").fetchone()
    fault_log.record(
        "database from schema revision 0001 opened by minutebook open",
        1,
        int(saved != "Notes kept since 2023 (1). Added after the upgrade."),
    )
    assert revision == ("0001",)
    assert notes == ["Notes kept since 2023 (1).", "Notes kept since 2023 (2)."]
    assert head == (HEAD_REVISION,)
    assert saved == "Notes kept since 2023 (1). Added after the upgrade."
