"""In a real terminal: what was typed a second before a SIGKILL is in the database."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from storage import Repository
from tests.terminal.tmux import Tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed"),
]

MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))


def test_sigkill_one_second_after_typing_loses_nothing(
    repo: Repository, meeting_id: int, db_path: Path, tmp_path: Path
) -> None:
    if repo.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the terminal test runs on a database file")
    env = {"MINUTEBOOK_CONFIG_DIR": str(tmp_path / "config"), "TERM": "xterm-256color"}
    first = repo.meeting(meeting_id).items[0]
    typed = "The chair welcomed members; Probation's HMIP report (April/May) – noted."
    session = Tmux([MINUTEBOOK, "--db", str(db_path), "open", str(meeting_id)], env)
    try:
        session.wait_for(first.title)
        session.type(typed[:30])
        session.press("Enter")
        session.type(typed[30:])
        session.wait_for(typed[-20:])
        time.sleep(1.0)  # the promise: anything typed more than a second ago is durable
        os.kill(session.pid(), signal.SIGKILL)
    finally:
        session.close()
    assert repo.item(first.id).notes == typed[:30] + "\n" + typed[30:]

    # Reopening shows every character back in the notes.
    reopened = Tmux([MINUTEBOOK, "--db", str(db_path), "open", str(meeting_id)], env)
    try:
        screen = reopened.wait_for(typed[30:60])
        assert typed[:30] in screen
    finally:
        reopened.close()


def test_a_terminal_closed_as_the_first_screen_shows_ends_the_app(
    repo: Repository, meeting_id: int, db_path: Path, tmp_path: Path
) -> None:
    """Closing the window a moment after minutebook has drawn its first screen: Textual's
    shutdown can then hang for good on the terminal gone (about every other time). The
    process must end all the same, within SHUTDOWN_SECONDS of being told to."""
    from tui.app import SHUTDOWN_SECONDS

    if repo.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the terminal test runs on a database file")
    env = {"MINUTEBOOK_CONFIG_DIR": str(tmp_path / "config"), "TERM": "xterm-256color"}
    title = repo.meeting(meeting_id).items[0].title
    left_running = []
    for _ in range(4):
        session = Tmux([MINUTEBOOK, "--db", str(db_path), "open", str(meeting_id)], env)
        session.wait_for(title)
        pid = session.pid()
        session.close()  # the window closed: SIGHUP, and the terminal gone
        deadline = time.monotonic() + SHUTDOWN_SECONDS + 5
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            left_running.append(pid)
            os.kill(pid, signal.SIGKILL)
    assert left_running == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
