"""What every connection to a minutebook database agrees on, whoever opens it: the
repository through SQLAlchemy (storage.engine), or the quick start-up readers through
sqlite3 or psycopg alone (storage.quick). Only the standard library is imported here.
"""

from __future__ import annotations

from typing import Any

HEAD_REVISION = "0010"
"""The newest migration; a test keeps it equal to the head of storage/migrations."""

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite file: anything else is refused before SQLite opens it."""

BUSY_TIMEOUT_MS = 5000
"""How long a SQLite connection waits for another program's lock before it says so."""

SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=FULL",  # a note saved is on disk, whatever happens next
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
)
"""Set on every SQLite connection (they last as long as the connection)."""

SAVE_NOTES_SQL = (
    "UPDATE agenda_item SET notes = :notes WHERE id = :id"
    " AND meeting_id IN (SELECT id FROM meeting WHERE status = 'draft')"
)
"""An item's notes written without reading them first, in one statement, while its
meeting is a draft; it writes no row otherwise, and the caller takes the repository's
slower path, which keeps circulated minutes' history and refuses approved ones
(`:name` parameters; see storage.servers.pyformat for psycopg's)."""


def configure_sqlite(dbapi_connection: Any) -> None:
    """The SQLITE_PRAGMAS on a sqlite3 connection."""
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
