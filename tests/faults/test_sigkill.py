"""SIGKILL at random moments while notes are typed: nothing typed a second before is lost."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.faults.conftest import FaultLog, integrity, make_meetings, open_in_tmux, read_notes
from tests.terminal.tmux import Tmux

pytestmark = [
    pytest.mark.faults,
    pytest.mark.terminal,
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed"),
]

TRIALS = 20
SEED = 20240311
KEY_INTERVAL = 0.04
"""Seconds between keys: about 25 characters a second, faster than any clerk types."""
DURABLE_AFTER = 1.0
"""The promise: anything typed more than this many seconds before the kill is kept."""
TEXT = (
    "The chair welcomed members and noted apologies from Probation, Education and "
    "Housing. Members discussed the HMIP report, the neglect strategy, county lines, "
    "and the SEND inspection outcome, and agreed the next steps with the partners. "
)


def kill_while_typing(session: Tmux, kill_after: float) -> tuple[str, str]:
    """Type TEXT steadily and SIGKILL the app `kill_after` seconds in.

    Returns what was typed in all, and what was typed more than DURABLE_AFTER seconds
    before the kill (each key counts as typed once tmux has taken it).
    """
    pid = session.pid()
    started = time.monotonic()
    sent_at: list[float] = []
    index = 0
    while True:
        moment = time.monotonic()
        if moment - started >= kill_after:
            os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            break
        session.type(TEXT[index % len(TEXT)])
        sent_at.append(time.monotonic())
        index += 1
        time.sleep(KEY_INTERVAL)
    typed = "".join(TEXT[i % len(TEXT)] for i in range(len(sent_at)))
    durable = sum(1 for moment in sent_at if moment < killed_at - DURABLE_AFTER)
    return typed, typed[:durable]


def test_sigkill_at_random_moments_while_typing_loses_nothing_older_than_a_second(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    database = tmp_path / "kills.db"
    meetings = make_meetings(database, TRIALS, items=1)
    rng = random.Random(SEED)
    failures: list[str] = []
    required_total = 0
    for trial, (meeting_id, item_id) in enumerate(meetings):
        kill_after = rng.uniform(0.3, 3.0)
        session = open_in_tmux(database, meeting_id, app_env)
        try:
            session.wait_for(f"Meeting {trial + 1} item 1")
            typed, required = kill_while_typing(session, kill_after)
        finally:
            session.close()
        required_total += len(required)
        notes = read_notes(database, item_id)
        check = integrity(database)
        if check != "ok":
            failures.append(f"trial {trial} (kill at {kill_after:.2f} s): integrity {check}")
        # What is saved is what the editor held at one moment: a prefix of what was typed.
        if not (notes.startswith(required) and typed.startswith(notes)):
            failures.append(
                f"trial {trial} (kill at {kill_after:.2f} s): typed {len(typed)}, "
                f"needed {len(required)}, saved {notes!r}"
            )
    fault_log.record(
        "SIGKILL while typing",
        TRIALS,
        len(failures),
        f"seed {SEED}; {required_total} characters were due to be durable",
    )
    assert not failures, "\n".join(failures)
