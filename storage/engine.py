"""Opening a minutebook database: where it lives, how SQLite is set up, and migrations.

The engine is only ever made here, by `open_database`, from a path or a SQLAlchemy URL;
nothing connects at import time, so every test points minutebook at its own file.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import DatabaseError, DisconnectionError, OperationalError, ProgrammingError

from storage.database import HEAD_REVISION, SQLITE_HEADER, configure_sqlite
from storage.errors import ConnectionLost, DatabaseUnusable
from storage.files import new_private_file, private_folder
from storage.locations import default_database_path
from storage.servers import SERVER_TIMEOUTS, cannot_reach, drop_nul_characters


def is_url(target: str) -> bool:
    return "://" in target


def _usable_url(target: str) -> URL:
    """A URL of a SQLite file or a PostgreSQL server; anything else is refused by name."""
    shown = target.split("@")[-1] if "@" in target else target
    try:
        url = make_url(target)
    except Exception:  # SQLAlchemy's ArgumentError, or a ValueError from a bad port
        raise DatabaseUnusable(f"--db {shown}: not a database URL") from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUnusable(
            f"--db {shown}: minutebook keeps its minutes in a SQLite file or on a PostgreSQL "
            "server (postgresql+psycopg://...)"
        )
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        raise DatabaseUnusable(
            f"--db {shown}: a database in memory keeps nothing; give a file path"
        )
    if backend == "postgresql" and url.get_driver_name() not in ("psycopg", "psycopg2", ""):
        raise DatabaseUnusable(f"--db {shown}: use postgresql+psycopg://")
    return url


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or None for other databases."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    header_checked: bool = False,
    migrated: bool = False,
) -> Engine:
    """An engine on `target` (a file path or SQLAlchemy URL), migrated to the newest schema.

    With no target, the default file in the user data folder is used, and its folder is
    made (0700) if need be. A path in a folder that does not exist is refused, as is a
    file that is not a SQLite database; nothing is ever overwritten. `header_checked`
    says the caller has already read the file's header and holds a SQLite connection to
    it: reading the header again would close a descriptor of that file, and on POSIX
    that drops every lock the process holds on it, the other connection's included.
    `migrated` says the caller has just read that the schema is the newest.
    """
    if target is None:
        path = default_database_path()
        private_folder(path.parent)
        engine = _sqlite_engine(path, header_checked)
    elif is_url(str(target)):
        url = _usable_url(str(target))
        if url.get_backend_name() == "sqlite":
            engine = _sqlite_engine(Path(url.database or ""), header_checked)
        else:
            engine = _server_engine(url)
    elif str(target) == ":memory:":
        raise DatabaseUnusable("--db :memory:: a database in memory keeps nothing; give a file")
    else:
        engine = _sqlite_engine(Path(target), header_checked)
    if migrated:
        return engine  # the caller has just read the newest revision: a round trip saved
    try:
        migrate(engine)
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        where = sqlite_path(engine) or engine.url.render_as_string(hide_password=True)
        raise DatabaseUnusable(f"cannot open database {where}: {error.orig}") from None
    return engine


def _sqlite_engine(path: Path, header_checked: bool = False) -> Engine:
    path = path.expanduser()
    _check_sqlite_file(path, read_header=not header_checked)
    if not path.exists():
        # Created here, before SQLite sees it, so it is never readable by others;
        # SQLite gives its -wal and -shm files the same mode.
        new_private_file(path)
    # hide_parameters: an error's message (a crash report) never carries the notes.
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 5},
        hide_parameters=True,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    event.listen(engine, "handle_error", _drop_read_only_connections)
    return engine


def _drop_read_only_connections(context: ExceptionContext) -> None:
    # A connection opened while the file was read-only stays read-only after the file is
    # writable again: drop it (it alone: others may still write), so a retry gets a fresh one.
    if "readonly" in str(context.original_exception).lower():
        context.is_disconnect = True
        context.invalidate_pool_on_disconnect = False


def _server_engine(url: URL) -> Engine:
    """An engine on a database server; a lost server raises DatabaseUnreachable."""
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        connect_args = {k: v for k, v in SERVER_TIMEOUTS.items() if k not in url.query}
    engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
    event.listen(engine.pool, "connect", _note_last_use)  # a new connection is alive
    event.listen(engine.pool, "checkin", _note_last_use)
    event.listen(engine.pool, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    event.listen(engine, "handle_error", _report_lost_server)
    if url.get_backend_name() == "postgresql":
        event.listen(engine, "connect", _configure_postgresql_connection)
    return engine


PING_AFTER_IDLE = 10.0
"""Seconds a pooled server connection may lie unused before it is tried (one round trip)
before use. One used more recently is trusted: if the server dropped it after all, that
write fails, the pool drops the connection, and the retry gets a new one."""


def _note_last_use(_dbapi_connection: Any, record: Any) -> None:
    record.info["last_used"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Replace a connection the server dropped while it lay idle, so that once the server
    is back, the next save simply works (the pool takes a new one on DisconnectionError)."""
    if time.monotonic() - record.info.get("last_used", 0.0) < PING_AFTER_IDLE:
        return
    try:
        alive = dialect.do_ping(dbapi_connection)
    except Exception as error:
        raise DisconnectionError() from error
    if not alive:
        raise DisconnectionError()


def _report_lost_server(context: ExceptionContext) -> BaseException | None:
    """Turn a dropped connection, or a server that cannot be reached, into one clear error."""
    if context.is_pre_ping:
        return None  # the pool reconnects by itself; a failed reconnect comes back here
    connecting = context.connection is None
    failed = context.sqlalchemy_exception
    if not (context.is_disconnect or (connecting and isinstance(failed, OperationalError))):
        return None
    url = context.engine.url if context.engine is not None else None
    where = f"{url.host or 'localhost'}:{url.port or 5432}" if url is not None else "server"
    if connecting:
        return cannot_reach(where, context.original_exception)
    return ConnectionLost(f"lost the connection to the database server {where}")


def _configure_postgresql_connection(dbapi_connection: Any, _record: Any) -> None:
    drop_nul_characters(dbapi_connection)


def _check_sqlite_file(path: Path, *, read_header: bool = True) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseUnusable(f"cannot use database {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(f"cannot use database {path}: folder {folder} is not writable")
    if path.exists():
        if path.is_dir():
            raise DatabaseUnusable(f"cannot use database {path}: it is a folder")
        _refuse_someone_elses(path)
        if not read_header:
            return
        try:
            with path.open("rb") as file:
                header = file.read(len(SQLITE_HEADER))
        except OSError as error:
            raise DatabaseUnusable(f"cannot read database {path}: {error.strerror}") from None
        if header and header != SQLITE_HEADER:
            raise DatabaseUnusable(
                f"{path} is not a minutebook database (not an SQLite file); it was left untouched"
            )


def _refuse_someone_elses(path: Path) -> None:
    """Refuse a file another user owns that we may not write: SQLite would make its -wal and
    -shm files ours, with the file's mode, and from then on its owner could not write to it.
    (A file of ours that is read-only, on a read-only mount say, is opened: saves wait.)"""
    owner = path.stat().st_uid
    if owner == os.geteuid() or os.access(path, os.W_OK):
        return
    try:
        import pwd

        name = pwd.getpwuid(owner).pw_name
    except (ImportError, KeyError):
        name = f"user {owner}"
    raise DatabaseUnusable(
        f"cannot use database {path}: it belongs to {name} and you may not write to it; "
        f"opening it would stop {name} saving to it (they can give you write access)"
    )


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's begin event issue BEGIN itself (see _begin_sqlite_transaction).
    dbapi_connection.isolation_level = None
    configure_sqlite(dbapi_connection)


def _begin_sqlite_transaction(connection: Any) -> None:
    # A deferred transaction that reads and then writes cannot wait for a lock and fails
    # with "database is locked"; writers take the lock up front instead.
    write = connection.get_execution_options().get("minutebook_write", True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        connection.execution_options(minutebook_write=False)
        return set(engine.dialect.get_table_names(connection))


def current_revision(engine: Engine) -> str | None:
    """The schema's revision, None for a database without minutebook's tables. Asked
    straight away, one query on one connection: on a server far away, every round trip
    before the first screen shows."""
    with engine.connect() as connection:
        connection.execution_options(minutebook_write=False)
        try:
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        except (OperationalError, ProgrammingError):
            connection.rollback()
            if "alembic_version" in engine.dialect.get_table_names(connection):
                raise  # the table is there: what failed is the database itself
            return None
        return row[0] if row else None


def migrate(engine: Engine) -> Path | None:
    """Bring the schema to HEAD_REVISION; return the backup taken first, if one was needed.

    Alembic is imported only when a migration runs, which keeps the app's start quick.
    """
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return None
    if revision is None and table_names(engine):
        where = sqlite_path(engine) or engine.url.render_as_string(hide_password=True)
        raise DatabaseUnusable(
            f"{where} holds tables that are not minutebook's; it was left untouched"
        )
    backup = backup_before_migration(engine)
    from alembic import command

    from storage.migrations import alembic_config

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    return backup


def backup_before_migration(engine: Engine) -> Path | None:
    """Copy a SQLite database that already holds data, with SQLite's online backup API."""
    path = sqlite_path(engine)
    if path is None or not table_names(engine):
        return None
    revision = current_revision(engine) or "unversioned"
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    return copy_database(
        path, path.with_name(f"{path.name}.before-migration-from-{revision}-{stamp}.bak")
    )


def copy_database(path: Path, backup: Path) -> Path:
    """A consistent copy of a SQLite database, safe while it is in use; made 0600.

    An existing `backup` is never replaced. SQLite's online backup API copies the pages
    committed so far, the write-ahead log's included.
    """
    try:
        new_private_file(backup)
    except FileExistsError:
        raise DatabaseUnusable(f"{backup} already exists; choose another name") from None
    except OSError as error:
        raise DatabaseUnusable(f"cannot write {backup}: {error.strerror}") from None
    source = sqlite3.connect(path)
    target = sqlite3.connect(backup)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    os.chmod(backup, stat.S_IRUSR | stat.S_IWUSR)
    return backup
