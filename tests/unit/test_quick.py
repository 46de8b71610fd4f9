"""The quick path that draws the first screen before SQLAlchemy is imported."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import NotFound, Repository, open_repository
from storage.domain import AttendanceStatus
from storage.errors import DatabaseUnreachable
from storage.quick import OpeningRepository, QuickReader, open_quickly


@pytest.fixture
def busy_meeting(repo: Repository, meeting_id: int) -> int:
    """The sample meeting with something in every part of it."""
    march = repo.meeting(meeting_id)
    items = march.items
    chair, probation, _police = march.attendees
    repo.update_attendance(chair.id, status=AttendanceStatus.PRESENT)
    deputy = repo.add_attendee(meeting_id, repo.add_person("Dee", "Deputy", "Probation").id)
    repo.update_attendance(deputy.id, deputising_for_id=probation.person.id)
    repo.mark_arrived(chair.id, dt.datetime(2024, 3, 11, 13, 20, tzinfo=dt.UTC), items[1].id)
    repo.save_notes(items[0].id, "Minutes **agreed**.\n- ||Child A|| case")
    repo.start_item(items[0].id, dt.datetime(2024, 3, 11, 13, 1, tzinfo=dt.UTC))
    earlier = repo.add_action(items[1].id, "Probation", "Bring findings", "10 June 2024")
    repo.add_action_update(earlier.id, "In hand", meeting_id=meeting_id)
    repo.add_decision(items[2].id, "Agreed")
    repo.defer_item(items[3].id, dt.date(2024, 6, 10))
    june = repo.create_meeting(march.committee.id, dt.date(2024, 6, 10))
    repo.add_action_update(earlier.id, "Done", meeting_id=june)
    return june


def test_quick_reads_match_the_repository(
    db_path: Path, repo: Repository, busy_meeting: int
) -> None:
    reader = QuickReader.open(db_path)
    assert reader is not None
    for meeting in repo.meetings():
        assert reader.meeting(meeting.id) == repo.meeting(meeting.id)
    assert reader.meetings() == repo.meetings()
    assert reader.resolve_meeting("latest") == busy_meeting
    with pytest.raises(NotFound):
        reader.meeting(999)


def test_files_the_quick_path_leaves_to_the_full_one(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert QuickReader.open(missing) is None
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    assert QuickReader.open(text) is None
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    assert QuickReader.open(empty) is None
    old = tmp_path / "old.db"
    open_repository(old).engine.dispose()
    with sqlite3.connect(old) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert QuickReader.open(old) is None
    assert open_quickly("mysql://nobody@127.0.0.1/minutes") is None
    # A server is read quickly too (see test_read_model); one away is said at once.
    with pytest.raises(DatabaseUnreachable, match="cannot reach the database server"):
        open_quickly("postgresql+psycopg://nobody@127.0.0.1:1/minutes")


def test_opening_repository_reads_at_once_and_writes_once_open(
    db_path: Path, repo: Repository, meeting_id: int
) -> None:
    opening = open_quickly(str(db_path))
    assert isinstance(opening, OpeningRepository)
    assert opening.meeting(meeting_id) == repo.meeting(meeting_id)
    item = repo.meeting(meeting_id).items[0]
    opening.save_notes(item.id, "written through the real repository")
    assert opening.meeting(meeting_id).items[0].notes == "written through the real repository"
    assert open_quickly(f"sqlite:///{db_path}") is not None


def test_first_screen_reads_need_no_sqlalchemy(db_path: Path, meeting_id: int) -> None:
    code = (
        "import sys\n"
        "from storage.quick import open_quickly\n"
        f"repo = open_quickly({str(db_path)!r})\n"
        f"assert repo.meeting({meeting_id}).items\n"
        "assert repo.meetings()\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_failure_to_open_reaches_the_caller(tmp_path: Path, repo: Repository) -> None:
    opening = OpeningRepository(str(tmp_path / "gone" / "m.db"), reader=None)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="does not exist"):
        opening.repository()
