"""Saves that fail in the middle of typing: a locked database, a full disk, a read-only file.

Each test types into a real minutebook in tmux, injects its fault, checks that the
warning shows and that typing goes on, lifts the fault, and checks that every line
typed, before, during and after, reaches the database.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    WARNING,
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

BEFORE = "Before the fault the chair opened the item."
DURING = "During the fault the clerk keeps typing."
STILL = "Still typing while the saves fail."
AFTER = "After the fault the item closed."
EVERYTHING = "\n".join((BEFORE, DURING, STILL, AFTER))


def type_line(session: Tmux, line: str, *, first: bool = False) -> None:
    if not first:
        session.press("Enter")
    type_slowly(session, line)


def warning_gone(session: Tmux, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if WARNING not in session.screen():
            return True
        time.sleep(0.1)
    return False


def type_through_fault(
    session: Tmux,
    database: Path,
    item_id: int,
    inject: Callable[[], None],
    lift: Callable[[], None],
    reason: str,
) -> str:
    """Type four lines around a fault; the notes saved at the end."""
    type_line(session, BEFORE, first=True)
    assert wait_for_notes(database, item_id, BEFORE) == BEFORE
    inject()
    type_line(session, DURING)
    screen = session.wait_for(WARNING, timeout=30)
    assert reason in screen
    # Typing goes on: the next line shows while saves still fail.
    type_line(session, STILL)
    session.wait_for(STILL)
    assert STILL not in read_notes(database, item_id)
    lift()
    type_line(session, AFTER)
    saved = wait_for_notes(database, item_id, EVERYTHING, timeout=30)
    assert warning_gone(session), session.screen()
    return saved


LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def test_database_locked_by_another_process(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    database = tmp_path / "locked.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    locker: subprocess.Popen[str] | None = None

    def inject() -> None:
        nonlocal locker
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"

    def lift() -> None:
        assert locker is not None and locker.stdin is not None
        locker.stdin.write("\n")
        locker.stdin.close()
        locker.wait(timeout=10)

    session = open_in_tmux(database, meeting_id, app_env)
    saved = ""
    try:
        session.wait_for("Meeting 1 item 1")
        saved = type_through_fault(
            session, database, item_id, inject, lift, "locked by another program"
        )
    finally:
        session.close()
        if locker is not None and locker.poll() is None:
            locker.kill()
        fault_log.record(
            "database locked (BEGIN EXCLUSIVE in another process)", 1, int(saved != EVERYTHING)
        )
    assert saved == EVERYTHING


def fill(folder: Path) -> Path:
    """Write a file until the file system holding `folder` has no space left."""
    filler = folder / "filler"
    block = b"\0" * 65536
    # Unbuffered, so closing the file has nothing left to flush into the full disk.
    with filler.open("wb", buffering=0) as file:
        try:
            while True:
                file.write(block)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_disk_full(
    tmpfs: Callable[[str], Path], app_env: dict[str, str], fault_log: FaultLog
) -> None:
    folder = tmpfs("4m")
    database = folder / "full.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    filler: list[Path] = []
    session = open_in_tmux(database, meeting_id, app_env)
    saved = ""
    try:
        session.wait_for("Meeting 1 item 1")
        saved = type_through_fault(
            session,
            database,
            item_id,
            lambda: filler.append(fill(folder)),
            lambda: filler[0].unlink(),
            "the disk is full",
        )
    finally:
        session.close()
        fault_log.record("disk full (tmpfs filled, then freed)", 1, int(saved != EVERYTHING))
    assert saved == EVERYTHING


def test_database_refusing_writes_mid_typing(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    """A read-only database, faked at the storage boundary (see refusing_minutebook.py)."""
    database = tmp_path / "refusing.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    flag = tmp_path / "read-only"
    launcher = (sys.executable, str(Path(__file__).with_name("refusing_minutebook.py")), str(flag))
    session = open_in_tmux(database, meeting_id, app_env, command=launcher)
    saved = ""
    try:
        session.wait_for("Meeting 1 item 1")
        saved = type_through_fault(
            session, database, item_id, flag.touch, flag.unlink, "the database file is read-only"
        )
    finally:
        session.close()
        fault_log.record(
            "read-only database mid-typing (writes refused at the storage boundary)",
            1,
            int(saved != EVERYTHING),
        )
    assert saved == EVERYTHING


def test_file_made_read_only_under_a_running_app(
    tmp_path: Path,
    app_env: dict[str, str],
    read_only_bind: Callable[[Path], Callable[[], None]],
    fault_log: FaultLog,
) -> None:
    """The real thing mid-typing: once no connection can write, the warning shows, typing
    goes on, and everything is saved when the file is writable again."""
    database = tmp_path / "bound.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    session = open_in_tmux(database, meeting_id, app_env)
    saved = ""
    try:
        session.wait_for("Meeting 1 item 1")
        type_line(session, BEFORE, first=True)
        assert wait_for_notes(database, item_id, BEFORE) == BEFORE
        lift = read_only_bind(database)
        # Connections opened before the mount may still write; new ones cannot. Either
        # way nothing may be lost, and a warning shown meanwhile must clear afterwards.
        for line in (DURING, STILL):
            type_line(session, line)
        session.wait_for(STILL)
        time.sleep(1.5)
        lift()
        type_line(session, AFTER)
        saved = wait_for_notes(database, item_id, EVERYTHING, timeout=30)
        assert warning_gone(session), session.screen()
    finally:
        session.close()
        fault_log.record(
            "file made read-only under the running app (read-only bind mount)",
            1,
            int(saved != EVERYTHING),
        )
    assert saved == EVERYTHING


def test_read_only_file_at_start_then_writable(
    tmp_path: Path,
    app_env: dict[str, str],
    read_only_bind: Callable[[Path], Callable[[], None]],
    fault_log: FaultLog,
) -> None:
    """The real thing: a database file read-only when the app opens it, writable later."""
    database = tmp_path / "late.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    lift = read_only_bind(database)
    session = open_in_tmux(database, meeting_id, app_env)
    saved = ""
    try:
        session.wait_for("Meeting 1 item 1")
        type_line(session, BEFORE, first=True)
        type_line(session, DURING)
        assert "the database file is read-only" in session.wait_for(WARNING, timeout=30)
        type_line(session, STILL)
        session.wait_for(STILL)
        lift()
        type_line(session, AFTER)
        # Four retries (one every 2 s) are plenty once the file is writable.
        saved = wait_for_notes(database, item_id, EVERYTHING, timeout=8)
    finally:
        session.close()
        fault_log.record(
            "read-only file at start, writable later (read-only bind mount)",
            1,
            int(saved != EVERYTHING),
        )
    assert saved == EVERYTHING
