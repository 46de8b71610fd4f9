"""However the app ends: closing the terminal (SIGHUP), logging out (SIGTERM), with the
database working or locked by another program, every word typed is in the database or in
exactly one private recovery file, which the meeting takes back in when it next opens; a
byte that is not UTF-8 is typed, not a crash."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import Repository, open_repository
from storage.agenda import AgendaRow
from tests.conftest import server_database
from tests.faults.conftest import (
    MINUTEBOOK,
    FaultLog,
    make_meetings,
    open_in_tmux,
    read_notes,
    type_slowly,
    wait_for_notes,
)
from tests.faults.test_save_faults import LOCKER
from tests.proxy import proxy_to
from tests.terminal.tmux import Tmux

pytestmark = [
    pytest.mark.faults,
    pytest.mark.terminal,
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed"),
]

SAVED = "The chair opened the item."
LAST = " The last words, typed just before the end"


def ended(session: Tmux, timeout: float = 40) -> bool:
    deadline = time.monotonic() + timeout
    while session.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not session.running()


@pytest.mark.parametrize("locked", [False, True], ids=["database working", "database locked"])
@pytest.mark.parametrize("ending", ["SIGHUP", "SIGTERM"])
def test_every_word_survives_the_end(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog, ending: str, locked: bool
) -> None:
    database = tmp_path / "endings.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    session = open_in_tmux(database, meeting_id, app_env)
    locker: subprocess.Popen[str] | None = None
    lost = 1
    try:
        session.wait_for("Meeting 1 item 1")
        type_slowly(session, SAVED)
        assert wait_for_notes(database, item_id, SAVED) == SAVED
        if locked:
            locker = subprocess.Popen(
                [sys.executable, "-c", LOCKER, str(database)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        type_slowly(session, LAST)
        session.wait_for(LAST.split()[-1])
        os.kill(session.pid(), getattr(signal, ending))
        assert ended(session)
        if locker is not None and locker.stdin is not None:
            locker.stdin.write("\n")
            locker.stdin.close()
            locker.wait(timeout=10)
        recovery = list((tmp_path / "config").glob("unsaved-notes-*.txt"))
        if locked:
            assert read_notes(database, item_id) == SAVED
            assert len(recovery) == 1
            assert SAVED + LAST in recovery[0].read_text()
            assert stat.S_IMODE(recovery[0].stat().st_mode) == 0o600
            # Opened again, the meeting offers the kept words back, and Ctrl+G takes them.
            session.close()
            session = open_in_tmux(database, meeting_id, app_env)
            session.wait_for("Ctrl+G takes them back in")
            session.press("C-g")
            session.wait_for("Take them back in")
            session.press("r")
            assert wait_for_notes(database, item_id, SAVED + LAST) == SAVED + LAST
        else:
            assert read_notes(database, item_id) == SAVED + LAST
            assert recovery == []
        lost = 0
    finally:
        session.close()
        if locker is not None and locker.poll() is None:
            locker.kill()
        where = "locked database" if locked else "working database"
        fault_log.record(f"{ending} ({where})", 1, lost)


def test_a_byte_that_is_not_utf_8_is_typed(tmp_path: Path, app_env: dict[str, str]) -> None:
    database = tmp_path / "latin.db"
    [(meeting_id, item_id)] = make_meetings(database, 1)
    session = open_in_tmux(database, meeting_id, app_env)
    try:
        session.wait_for("Meeting 1 item 1")
        session.type("caf")
        session.send_bytes(b"\xe9")  # é from a terminal set to ISO-8859-1
        session.type(" au lait")
        assert wait_for_notes(database, item_id, "café au lait") == "café au lait"
        assert session.running()
    finally:
        session.close()


def test_keys_typed_before_the_first_frame_are_kept(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    trials, missed = 5, []
    for trial in range(trials):
        # A database each: what is measured is the first frame, not reopening a meeting.
        database = tmp_path / f"early-{trial}.db"
        [(meeting_id, item_id)] = make_meetings(database, 1)
        session = open_in_tmux(database, meeting_id, app_env)
        try:
            session.type("early ")  # at once, as the app starts
            session.wait_for("Meeting 1 item 1")
            session.wait_for("early")
            session.type("late ")
            notes = wait_for_notes(database, item_id, "early late ")
            if notes != "early late ":
                missed.append(f"trial {trial}: {notes!r}")
            session.press("C-q")
            assert ended(session)
        finally:
            session.close()
    fault_log.record("keys typed before the first frame", trials, len(missed))
    assert missed == []


@pytest.fixture
def on_server(postgres_server: str) -> Iterator[str]:
    with server_database(postgres_server) as url:
        yield url


class StoppedServer:
    """The PostgreSQL server itself stopped (SIGSTOP): its postmaster, and every backend
    serving the database, as a server that hangs does. Needs the right to signal it."""

    def __init__(self, repo: Repository) -> None:
        with repo.engine.connect() as connection:
            folder = connection.exec_driver_sql("SHOW data_directory").scalar_one()
            self.backends = [
                pid
                for (pid,) in connection.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
        self.postmaster = int(Path(folder, "postmaster.pid").read_text().split()[0])

    def freeze(self) -> None:
        for pid in (self.postmaster, *self.backends):
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in (self.postmaster, *self.backends):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


@pytest.mark.parametrize("hang", ["proxy", "SIGSTOP"], ids=["silent network", "server stopped"])
def test_a_server_that_stops_answering(
    on_server: str, app_env: dict[str, str], tmp_path: Path, fault_log: FaultLog, hang: str
) -> None:
    server_database = on_server
    repo = open_repository(server_database)
    board = repo.create_committee("Hang Board")
    meeting_id = repo.create_meeting(
        board.id, dt.date(2024, 1, 1), agenda=[AgendaRow(title="Meeting 1 item 1")]
    )
    item_id = repo.meeting(meeting_id).items[0].id
    lost = 1
    with proxy_to(server_database) as proxy:
        session = Tmux(
            [MINUTEBOOK, "--db", proxy.url(server_database), "open", str(meeting_id)], app_env
        )
        stopped: StoppedServer | None = None
        try:
            session.wait_for("Meeting 1 item 1", timeout=30)
            type_slowly(session, SAVED)
            deadline = time.monotonic() + 20
            while repo.item(item_id).notes != SAVED and time.monotonic() < deadline:
                time.sleep(0.1)
            assert repo.item(item_id).notes == SAVED
            if hang == "proxy":
                proxy.freeze()  # the server goes on accepting packets, and answers none
            else:
                try:
                    stopped = StoppedServer(repo)
                    stopped.freeze()
                except (OSError, sa.exc.DBAPIError) as error:
                    stopped = None
                    pytest.skip(f"cannot stop the PostgreSQL server here: {error}")
            type_slowly(session, LAST)
            screen = session.wait_for("NOT", timeout=25)
            assert "not answering" in screen or "cannot reach" in screen, screen
            session.press("C-q")
            assert ended(session, timeout=40)
            recovery = list((tmp_path / "config").glob("unsaved-notes-*.txt"))
            assert len(recovery) == 1 and SAVED + LAST in recovery[0].read_text()
            lost = 0
        finally:
            session.close()
            proxy.thaw()
            if stopped is not None:
                stopped.thaw()
            fault_log.record(f"database server stops answering ({hang})", 1, lost)
    repo.engine.dispose()
