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
