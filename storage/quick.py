"""Opening a SQLite database fast enough that the first screen never waits for SQLAlchemy.

Importing SQLAlchemy and SQLModel costs more than starting Textual itself. So the app is
handed an `OpeningRepository`: it answers the reads that draw the first screen (a meeting,
the list of meetings) with the standard library's sqlite3 and the same SQL as the
repository (storage.reading), while the real repository opens in a background thread.
Every other call waits for it. Only the standard library is imported here.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import reading
from storage.domain import Meeting, MeetingSummary

if TYPE_CHECKING:
    from storage.repository import Repository

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).parent / "migrations" / "versions"


def newest_revision() -> str:
    """The head of the migrations: revision ids are the numbers their files start with."""
    return max(path.name.split("_", 1)[0] for path in MIGRATIONS.glob("[0-9]*_*.py"))


class QuickReader:
    """Read-only queries on an up-to-date minutebook SQLite file, with sqlite3 alone."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> QuickReader | None:
        """A reader, or None when the file needs the full path (new, other, or to migrate)."""
        try:
            with path.open("rb") as file:
                if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    return None
            connection = sqlite3.connect(path, check_same_thread=False, timeout=5)
            connection.row_factory = sqlite3.Row
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except (OSError, sqlite3.Error):
            return None
        if row is None or row[0] != newest_revision():
            connection.close()
            return None
        return cls(connection)

    def fetch(self, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    def meeting(self, meeting_id: int) -> Meeting:
        return reading.load_meeting(self.fetch, meeting_id)

    def meetings(self, committee_id: int | None = None) -> list[MeetingSummary]:
        return reading.meeting_summaries(self.fetch, committee_id)

    def resolve_meeting(self, reference: str) -> int:
        return reading.resolve_meeting(self.fetch, reference)

    def close(self) -> None:
        with self._lock:
            self._connection.close()


class OpeningRepository:
    """A Repository that is still opening: quick reads now, everything else when ready."""

    def __init__(self, target: str, reader: QuickReader) -> None:
        self.target = target
        self._reader = reader
        self._repository: Repository | None = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin opening the real repository (at once if nobody asked before)."""
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._open, name="open-repository", daemon=True
                )
                self._thread.start()

    def _open(self) -> None:
        try:
            from storage import open_repository

            self._repository = open_repository(self.target)
        except BaseException as error:
            self._error = error
        finally:
            self._ready.set()

    def repository(self) -> Repository:
        """The real repository, waiting for it to open if need be."""
        self.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        assert self._repository is not None
        return self._repository

    def _quick(self) -> QuickReader | None:
        return None if self._ready.is_set() else self._reader

    def meeting(self, meeting_id: int) -> Meeting:
        reader = self._quick()
        return reader.meeting(meeting_id) if reader else self.repository().meeting(meeting_id)

    def meetings(self, committee_id: int | None = None) -> list[MeetingSummary]:
        reader = self._quick()
        return reader.meetings(committee_id) if reader else self.repository().meetings(committee_id)

    def resolve_meeting(self, reference: str) -> int:
        reader = self._quick()
        return (
            reader.resolve_meeting(reference)
            if reader
            else self.repository().resolve_meeting(reference)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.repository(), name)


def open_quickly(target: str | None) -> OpeningRepository | None:
    """An OpeningRepository on an existing, up-to-date SQLite file; else None."""
    from storage.locations import default_database_path

    if target is not None and "://" in target:
        if not target.startswith("sqlite:///"):
            return None
        path = Path(target.removeprefix("sqlite:///"))
    else:
        path = Path(target).expanduser() if target else default_database_path()
    reader = QuickReader.open(path)
    return OpeningRepository(str(path), reader) if reader else None
