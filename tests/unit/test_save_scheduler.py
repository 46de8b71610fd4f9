"""When the scheduler writes, and what it says: on a clock the test moves by hand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tui import save_scheduler
from tui.save_scheduler import SAVE_IDLE, SAVE_MAX_WAIT, SAVE_PATIENCE, SAVE_RETRY, SaveScheduler
from tui.saving import NotesSaver, SaveState


@dataclass
class Editor:
    item_id: int
    text: str
    heading: str = "1. Welcome"


class Harness:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 100.0
        monkeypatch.setattr(save_scheduler.time, "monotonic", lambda: self.now)
        self.written: list[dict[int, str]] = []
        self.saver = NotesSaver(lambda item_id, text: self.written.append({item_id: text}))
        self.flushes = 0
        self.shown: list[tuple[SaveState, str]] = []
        self.warnings: list[str] = []
        self.schedule = SaveScheduler(
            self.saver,
            self._start,
            lambda state, problem: self.shown.append((state, problem)),
            lambda message, error: self.warnings.append(message),
        )

    def _start(self) -> None:
        self.flushes += 1

    def run_flush(self, error: BaseException | None = None) -> None:
        """The worker's flush, answered as the database would."""
        self.schedule.flushed(error if error is not None else self.saver.flush())

    def after(self, seconds: float) -> None:
        self.now += seconds
        self.schedule.tick()


def test_notes_wait_for_a_pause_but_never_longer_than_the_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    h = Harness(monkeypatch)
    editor = Editor(1, "The chair")
    h.schedule.typed(editor)
    assert h.schedule.state is SaveState.PENDING
    h.after(SAVE_IDLE / 2)
    assert h.flushes == 0
    h.after(SAVE_IDLE)
    assert h.flushes == 1
    h.run_flush()
    assert h.written == [{1: "The chair"}] and h.schedule.state is SaveState.SAVED
    # Typing without a pause is written once the first key is SAVE_MAX_WAIT old.
    for _ in range(int(SAVE_MAX_WAIT / 0.1) + 1):
        editor.text += " welcomed"
        h.schedule.typed(editor)
        h.after(0.1)
    assert h.flushes == 2


def test_a_failure_is_said_retried_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    h = Harness(monkeypatch)
    h.schedule.typed(Editor(1, "words"))
    h.schedule.save_now()
    h.schedule.flushed(TimeoutError())
    assert h.schedule.state is SaveState.FAILED
    assert h.shown[-1] == (SaveState.FAILED, "the database server is not answering")
    assert len(h.warnings) == 1
    h.after(SAVE_RETRY / 2)
    assert h.flushes == 1
    h.after(SAVE_RETRY)
    assert h.flushes == 2
    h.run_flush()
    assert h.shown[-1] == (SaveState.SAVED, "")
    assert h.written == [{1: "words"}]


def test_a_save_that_waits_too_long_is_said_to_fail_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    h = Harness(monkeypatch)
    h.schedule.typed(Editor(1, "words"))
    h.schedule.save_now()
    h.after(SAVE_PATIENCE + 0.1)
    h.after(1)
    assert h.schedule.state is SaveState.FAILED and len(h.warnings) == 1
    assert h.flushes == 1  # no second flush while the first still waits
    h.run_flush()
    assert h.schedule.state is SaveState.SAVED and h.schedule.problem == ""
