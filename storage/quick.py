"""Opening a database fast enough that the first screen never waits for SQLAlchemy.

Importing SQLAlchemy and SQLModel costs more than starting Textual itself. So the app is
handed an `OpeningRepository`: it answers the reads that draw the first screen (a meeting,
the list of meetings) with the standard library's sqlite3, or psycopg alone on a server,
and the same SQL as the repository (storage.reading), while the real repository opens in
a background thread. Every other call waits for it. Only the standard library is imported
here (psycopg when a server is opened).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from storage import reading, servers
from storage.database import HEAD_REVISION, SAVE_NOTES_SQL, SQLITE_HEADER, configure_sqlite
from storage.domain import Meeting, MeetingSummary

if TYPE_CHECKING:
    from storage.repository import Repository


class QuickReader:
    """Queries on an up-to-date minutebook SQLite file, with sqlite3 alone: the reads that
    draw the first screen, and the one write that cannot wait (notes)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> QuickReader | None:
        """A reader, or None when the file needs the full path (new, other, or to migrate)."""
        try:
            if not os.access(path, os.W_OK):
                return None  # the full path says why, or opens it (a read-only mount)
            with path.open("rb") as file:
                if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    return None
            # isolation_level=None: transactions are begun explicitly (see save_notes).
            connection = sqlite3.connect(
                path, check_same_thread=False, timeout=5, isolation_level=None
            )
        except (OSError, sqlite3.Error):
            return None
        try:
            connection.row_factory = sqlite3.Row
            configure_sqlite(connection)
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or row[0] != HEAD_REVISION:
            connection.close()
            return None
        return cls(connection)

    def fetch(self, sql: str, params: dict[str, Any]) -> Sequence[reading.Row]:
        with self._lock:
            return cast(Sequence[reading.Row], self._connection.execute(sql, params).fetchall())

    def meeting(self, meeting_id: int) -> Meeting:
        return reading.load_meeting(self.fetch, meeting_id)

    def meetings(self, committee_id: int | None = None) -> list[MeetingSummary]:
        return reading.meeting_summaries(self.fetch, committee_id)

    def resolve_meeting(self, reference: str) -> int:
        return reading.resolve_meeting(self.fetch, reference)

    def live_lease_holder(self, meeting_id: int) -> str | None:
        return reading.live_lease_holder(self.fetch, meeting_id)

    def save_notes(self, item_id: int, notes: str) -> bool:
        """Write notes before the repository is open, so no keystroke waits for it to be.
        False when nothing was written (no such item, or its meeting is no longer a draft):
        the repository's own `save_notes` then says why, or keeps the change in the history."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._connection.execute(SAVE_NOTES_SQL, {"notes": notes, "id": item_id})
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")
        return cursor.rowcount > 0

    def close(self) -> None:
        with self._lock:
            self._connection.close()


class ServerReader(QuickReader):
    """The same reads on a PostgreSQL server, through psycopg alone: the first screen
    comes after a handful of round trips (SQLAlchemy's first connection alone takes a
    dozen), the meeting's queries sent in one."""

    @classmethod
    def connect(cls, url: str) -> ServerReader | None:
        """A reader on an up-to-date minutebook database at `url`; else None (the full
        path then opens it, migrates it, or says what is wrong). A server that cannot be
        reached is DatabaseUnreachable."""
        settings = servers.connection_settings(url)
        if settings is None:
            return None
        import psycopg

        try:
            connection = psycopg.connect(**settings, autocommit=True)  # type: ignore[arg-type]
        except psycopg.OperationalError as error:
            # Unreachable: said now, not after the full path has waited as long again.
            where = f"{settings.get('host', 'localhost')}:{settings.get('port', '5432')}"
            raise servers.cannot_reach(where, error) from None
        except Exception:
            return None
        try:
            servers.drop_nul_characters(connection)
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception:
            row = None
        if row is None or row[0] != HEAD_REVISION:
            connection.close()
            return None
        return cls(connection)  # type: ignore[arg-type]

    @property
    def _server(self) -> Any:
        """The psycopg connection (QuickReader types its connection as sqlite3's)."""
        return self._connection

    def fetch(self, sql: str, params: dict[str, Any]) -> Sequence[reading.Row]:
        from psycopg.rows import dict_row

        with self._lock:
            cursor = self._server.cursor(row_factory=dict_row)
            rows = cursor.execute(servers.pyformat(sql), params).fetchall()
        return cast(Sequence[reading.Row], rows)

    def meeting(self, meeting_id: int) -> Meeting:
        with self._lock:
            answered = servers.pipelined(
                self._server, reading.MEETING_QUERIES, {"meeting": meeting_id}
            )

        def fetch(sql: str, params: dict[str, Any]) -> Sequence[reading.Row]:
            return answered.pop(sql) if sql in answered else self.fetch(sql, params)

        return reading.load_meeting(fetch, meeting_id)

    def save_notes(self, item_id: int, notes: str) -> bool:
        with self._lock:
            cursor = self._server.execute(
                servers.pyformat(SAVE_NOTES_SQL), {"notes": notes, "id": item_id}
            )
        return bool(cursor.rowcount > 0)


class OpeningRepository:
    """A Repository that is still opening: quick reads now, everything else when ready."""

    def __init__(self, target: str, reader: QuickReader) -> None:
        self.target = target
        self.on_a_server = isinstance(reader, ServerReader)
        """Each read is a round trip away: none is made before the first screen but its own."""
        self.where = (
            servers.server_identity(target) if self.on_a_server else str(Path(target).resolve())
        )
        """As `Repository.where` says it, without waiting for the repository."""
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

            # The quick reader holds a connection to the file (no second look at its header),
            # and has read that the schema is the newest.
            self._repository = open_repository(
                self.target, header_checked=not self.on_a_server, migrated=True
            )
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

    def live_lease_holder(self, meeting_id: int) -> str | None:
        reader = self._quick()
        if reader is not None:
            return reader.live_lease_holder(meeting_id)
        return self.repository().live_lease_holder(meeting_id)

    def save_notes(self, item_id: int, notes: str) -> None:
        reader = self._quick()
        if reader is None or not reader.save_notes(item_id, notes):
            self.repository().save_notes(item_id, notes)

    def resolve_meeting(self, reference: str) -> int:
        reader = self._quick()
        return (
            reader.resolve_meeting(reference)
            if reader
            else self.repository().resolve_meeting(reference)
        )


Store: TypeAlias = "Repository | OpeningRepository"
"""What the app and its screens are handed: the repository, or one still opening."""


def opened(store: Store) -> Repository:
    """The repository itself: `store`, or the one it is opening, once it has opened."""
    return store.repository() if isinstance(store, OpeningRepository) else store


class OpenedRepository:
    """`holder.repository`, the repository of `holder.store`, waiting for it to open if
    need be: for workers, and for keys taken once the first screen is up, never for
    drawing it (the quick reads are `holder.store`'s own)."""

    def __get__(self, holder: Any, owner: type | None = None) -> Repository:
        return opened(holder.store)


def open_quickly(target: str | None) -> OpeningRepository | None:
    """An OpeningRepository on an existing, up-to-date SQLite file or PostgreSQL
    database; else None."""
    from storage.locations import default_database_path

    if target is not None and "://" in target:
        if target.startswith("postgresql"):
            server = ServerReader.connect(target)
            return OpeningRepository(target, server) if server else None
        if not target.startswith("sqlite:///"):
            return None
        path = Path(target.removeprefix("sqlite:///"))
    else:
        path = Path(target).expanduser() if target else default_database_path()
    reader = QuickReader.open(path)
    return OpeningRepository(str(path), reader) if reader else None
