"""Opening databases: SQLite settings, file modes, refusing files that are not ours, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from storage import DatabaseUnusable, open_repository
from storage.database import HEAD_REVISION
from storage.engine import current_revision, open_database
from storage.migrations import alembic_config


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_head_revision_constant_matches_the_migrations() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_sqlite_connections_are_durable_and_strict(db_path: Path) -> None:
    engine = open_database(db_path)
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    assert current_revision(engine) == HEAD_REVISION


def test_database_and_its_journal_are_private(db_path: Path) -> None:
    repo = open_repository(db_path)
    repo.create_committee("Board")
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        assert mode(path) == 0o600, path


def test_default_database_folder_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    engine = open_database()
    folder = tmp_path / "data" / "minutebook"
    assert Path(engine.url.database or "") == folder / "minutebook.db"
    assert mode(folder) == 0o700
    assert mode(folder / "minutebook.db") == 0o600


def test_writers_take_the_lock_up_front(db_path: Path) -> None:
    """Two writers never fail with 'database is locked' halfway through a transaction."""
    repo = open_repository(db_path)
    board = repo.create_committee("Board")
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    with (
        pytest.raises(sa.exc.OperationalError, match="locked"),
        repo.engine.connect() as connection,
    ):
        connection.execution_options(minutebook_write=True)
        connection.exec_driver_sql("PRAGMA busy_timeout=50")
        connection.begin()
    other.rollback()
    other.close()
    assert repo.committee(board.id).name == "Board"


def test_a_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database")
    with pytest.raises(DatabaseUnusable, match=r"notes\.db is not a minutebook database"):
        open_database(path)
    assert path.read_text() == "these are my notes, not a database"


def test_a_corrupt_database_is_named_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = path.read_bytes()
    with pytest.raises(DatabaseUnusable, match=r"corrupt\.db"):
        open_database(path)
    assert path.read_bytes() == before


def test_folders_that_cannot_hold_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DatabaseUnusable, match="does not exist"):
        open_database(tmp_path / "missing" / "m.db")
    with pytest.raises(DatabaseUnusable, match="is a folder"):
        open_database(tmp_path)
    # Root may write anywhere, so the check itself is what is tested here.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, flags: False if Path(path) == locked else real_access(path, flags),
    )
    with pytest.raises(DatabaseUnusable, match="not writable"):
        open_database(locked / "m.db")
    assert not (locked / "m.db").exists()


def test_first_revision_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.exec_driver_sql(
            "INSERT INTO committee (name, protective_marking) VALUES ('Old Board', '')"
        )
    engine.dispose()

    repo = open_repository(path)
    assert current_revision(repo.engine) == HEAD_REVISION
    assert [c.name for c in repo.committees()] == ["Old Board"]
    backups = list(tmp_path.glob("old.db.before-migration-from-0001-*.bak"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM committee").fetchall() == [("Old Board",)]
    # Opening again needs no migration, so no second backup.
    open_repository(path)
    assert len(list(tmp_path.glob("old.db.before-migration-*.bak"))) == 1


def test_a_new_database_needs_no_backup(db_path: Path) -> None:
    open_repository(db_path)
    assert list(db_path.parent.glob("*.bak")) == []
