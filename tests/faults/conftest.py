"""Helpers of the fault-injection suite: the app in tmux, tmpfs mounts, a tally of losses.

Every test records how many times it injected its fault and how many of those trials
lost anything; the tally is printed at the end of the run, one line per fault.
Mounting needs root (as in CI); without it the tests that mount are skipped.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage import open_repository
from storage.agenda import AgendaRow
from tests.terminal.tmux import Tmux

MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))
WARNING = "NOT being saved"
"""The start of the full-width warning shown while notes cannot be written."""


@dataclass(frozen=True)
class FaultResult:
    """How often one fault was injected, and how many of those trials lost text."""

    fault: str
    trials: int
    losses: int
    detail: str = ""


RESULTS: list[FaultResult] = []


class FaultLog:
    """Where each test records its trials; read back by pytest_terminal_summary."""

    def record(self, fault: str, trials: int, losses: int, detail: str = "") -> None:
        RESULTS.append(FaultResult(fault, trials, losses, detail))


@pytest.fixture(scope="session")
def fault_log() -> FaultLog:
    return FaultLog()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RESULTS:
        return
    terminalreporter.write_sep("-", "faults injected")
    for result in RESULTS:
        line = f"{result.fault}: {result.trials} trials, {result.losses} with losses"
        terminalreporter.write_line(line + (f" ({result.detail})" if result.detail else ""))


# -- databases -------------------------------------------------------------------------------


def make_meetings(database: Path, count: int, items: int = 2) -> list[tuple[int, int]]:
    """`count` meetings of `items` items each; (meeting id, first item id) of each."""
    repo = open_repository(database)
    board = repo.create_committee("Fault Board")
    made = []
    for n in range(count):
        agenda = [AgendaRow(title=f"Meeting {n + 1} item {i + 1}") for i in range(items)]
        meeting_id = repo.create_meeting(
            board.id, dt.date(2024, 1, 1) + dt.timedelta(n), agenda=agenda
        )
        made.append((meeting_id, repo.meeting(meeting_id).items[0].id))
    repo.engine.dispose()
    return made


def read_notes(database: Path, item_id: int) -> str:
    """An item's notes as another process sees them, through a read-only connection."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        row = connection.execute(
            "SELECT notes FROM agenda_item WHERE id = ?", (item_id,)
        ).fetchone()
    finally:
        connection.close()
    return row[0]


def wait_for_notes(database: Path, item_id: int, wanted: str, timeout: float = 20) -> str:
    """The item's notes once they equal `wanted`, or whatever they hold at the timeout."""
    deadline = time.monotonic() + timeout
    notes = read_notes(database, item_id)
    while notes != wanted and time.monotonic() < deadline:
        time.sleep(0.05)
        notes = read_notes(database, item_id)
    return notes


def integrity(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


# -- the app in a real terminal ---------------------------------------------------------------


@pytest.fixture
def app_env(tmp_path: Path) -> dict[str, str]:
    """Environment of a minutebook run: its own config folder, a colour terminal."""
    return {"MINUTEBOOK_CONFIG_DIR": str(tmp_path / "config"), "TERM": "xterm-256color"}


def open_in_tmux(
    database: Path, meeting_id: int, env: dict[str, str], *, command: tuple[str, ...] = ()
) -> Tmux:
    """`minutebook --db DATABASE open MEETING` in a detached tmux session."""
    program = list(command) or [MINUTEBOOK]
    return Tmux([*program, "--db", str(database), "open", str(meeting_id)], env)


def type_slowly(session: Tmux, text: str, interval: float = 0.03) -> None:
    """Type as a person does, a few characters at a time."""
    for start in range(0, len(text), 3):
        session.type(text[start : start + 3])
        time.sleep(interval)


# -- mounts ---------------------------------------------------------------------------------------


def run_root(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True)


def unmount(path: Path) -> None:
    """Unmount, lazily if a process that was just killed still holds a file there."""
    for _ in range(20):
        if run_root("umount", str(path)).returncode == 0:
            return
        time.sleep(0.1)
    run_root("umount", "-l", str(path))


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mounts a small tmpfs of the size asked for; every mount is undone afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"tmpfs-{len(mounted)}"
        folder.mkdir()
        result = run_root(
            "mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "mbfaults", str(folder)
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs (root is needed): {result.stderr.strip()}")
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in reversed(mounted):
            unmount(folder)


@pytest.fixture
def read_only_bind(tmp_path: Path) -> Iterator[Callable[[Path], Callable[[], None]]]:
    """Makes a file read-only for every new open (a read-only bind mount over it).

    Returns a function that lifts the fault; any mount left is undone afterwards.
    """
    mounted: list[Path] = []

    def bind(path: Path) -> Callable[[], None]:
        result = run_root("mount", "--bind", str(path), str(path))
        if result.returncode != 0:
            pytest.skip(f"cannot bind-mount (root is needed): {result.stderr.strip()}")
        mounted.append(path)
        result = run_root("mount", "-o", "remount,ro,bind", str(path))
        assert result.returncode == 0, result.stderr

        def lift() -> None:
            # Lazily: the app may hold the file open through this mount.
            if path in mounted:
                mounted.remove(path)
                run_root("umount", "-l", str(path))

        return lift

    try:
        yield bind
    finally:
        for path in reversed(mounted):
            unmount(path)
