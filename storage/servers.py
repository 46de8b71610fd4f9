"""Talking to a PostgreSQL server: what the repository (through SQLAlchemy) and the quick
start-up reader (psycopg alone, storage.quick) share. Only the standard library is
imported here; psycopg only inside the function that sends queries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from storage.errors import DatabaseUnreachable

SERVER_TIMEOUTS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "15000",
}
"""libpq settings for database servers, unless the URL gives its own: a save to a server
that cannot be reached fails within seconds, as a locked SQLite file does, instead of
waiting minutes for the operating system to give up on the network."""


def cannot_reach(where: str, error: BaseException) -> DatabaseUnreachable:
    """The clerk's line for a server that would not take a connection."""
    # psycopg says where it failed, then why: keep the why.
    first_line = str(error).split("\n")[0]
    reason = " ".join(first_line.rsplit(": ", 1)[-1].split())
    return DatabaseUnreachable(f"cannot reach the database server {where}: {reason}")


_NAMED = re.compile(r"(?<![:\w]):(\w+)")
"""A `:name` parameter of storage.reading's SQL (never a `::` cast)."""


def pyformat(sql: str) -> str:
    """storage.reading's `:name` parameters as psycopg writes them, `%(name)s`."""
    return _NAMED.sub(lambda match: f"%({match.group(1)})s", sql)


def pipelined(
    connection: Any, queries: Sequence[str], params: Mapping[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Each query's rows, the queries (which must not need each other's answers) sent to
    the server together in psycopg's pipeline mode: one round trip, not one each."""
    from psycopg.rows import dict_row

    with connection.pipeline():
        cursors = []
        for sql in queries:
            cursor = connection.cursor(row_factory=dict_row)
            cursor.execute(pyformat(sql), params)
            cursors.append(cursor)
    return {sql: cursor.fetchall() for sql, cursor in zip(queries, cursors, strict=True)}


def connection_settings(url: str) -> dict[str, str] | None:
    """psycopg's connection settings for a `postgresql+psycopg://` URL, with the
    SERVER_TIMEOUTS it does not set itself; None for any other URL."""
    from urllib.parse import parse_qsl, unquote, urlsplit  # only on the way to a server

    parts = urlsplit(url)
    if parts.scheme not in ("postgresql+psycopg", "postgresql"):
        return None
    try:
        port = parts.port
    except ValueError:
        return None  # the repository says what is wrong with it
    settings = dict(parse_qsl(parts.query))
    for key, value in (
        ("host", parts.hostname),
        ("port", str(port) if port else None),
        ("user", unquote(parts.username) if parts.username else None),
        ("password", unquote(parts.password) if parts.password else None),
        ("dbname", unquote(parts.path.lstrip("/")) or None),
    ):
        if value is not None:
            settings.setdefault(key, value)
    for key, value in SERVER_TIMEOUTS.items():
        settings.setdefault(key, value)
    return settings


def server_identity(url: str) -> str:
    """The database a server URL names, as recovery files name it: no password, and the
    same however the URL is written."""
    settings = connection_settings(url) or {}
    where = f"{settings.get('host', 'localhost')}:{settings.get('port', '5432')}"
    return f"postgresql://{settings.get('user', '')}@{where}/{settings.get('dbname', '')}"


def drop_nul_characters(connection: Any) -> None:
    """PostgreSQL text cannot hold a NUL character, which SQLite stores: one pasted into
    notes would make every save fail. This connection drops them instead (they show
    nothing anyway)."""
    for dumper in _nul_free_dumpers():
        connection.adapters.register_dumper(str, dumper)


@functools.cache
def _nul_free_dumpers() -> tuple[type, ...]:
    """psycopg's dumpers of Python strings (text and binary), minus NUL characters."""
    from psycopg.types.string import StrBinaryDumper, StrDumperUnknown

    class NulFreeTextDumper(StrDumperUnknown):
        """A string parameter in text format, without NUL characters."""

        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", ""))

    class NulFreeBinaryDumper(StrBinaryDumper):
        """A string parameter in binary format, without NUL characters."""

        def dump(self, obj: str) -> Any:
            return super().dump(obj.replace("\x00", ""))

    return NulFreeTextDumper, NulFreeBinaryDumper
