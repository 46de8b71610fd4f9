"""When what the clerk types and changes is written, and what the top line says of it.

Notes are written SAVE_IDLE seconds after the last key, and at most SAVE_MAX_WAIT after
the first one not yet written; a change (a mark, a record, a stamp) at once. One flush
runs at a time: what comes meanwhile waits for the next. A flush that fails is tried
again every SAVE_RETRY seconds, and one that waits on the database for SAVE_PATIENCE is
said to be failing (a server that has stopped answering holds it for minutes).

No Textual here: the app ticks the scheduler ten times a second, runs each flush it asks
for in a worker and hands back how it went, and shows the state and the warnings it is
given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from tui.problems import describe_failure
from tui.saving import NotesSaver, SaveState

SAVE_IDLE = 0.2
"""Seconds of quiet after a keystroke before notes are written."""
SAVE_MAX_WAIT = 0.5
"""However fast the clerk types, notes older than this are written."""
SAVE_RETRY = 2.0
"""Seconds between tries while the database will not take what waits."""
SAVE_PATIENCE = 7.0
"""Seconds a save may wait on the database before the clerk is told it is not answering:
longer than SQLite waits for a lock (5 s), which then says itself that the file is locked."""


class TypedNotes(Protocol):
    """An item's notes editor, as the scheduler sees it."""

    item_id: int
    heading: str

    @property
    def text(self) -> str: ...


class SaveScheduler:
    """Decides when the `saver` flushes; `start_flush()` runs one (and must end with
    `flushed(error)`), `show(state, problem)` the top line, `warn(message, error)` a notice."""

    def __init__(
        self,
        saver: NotesSaver,
        start_flush: Callable[[], object],
        show: Callable[[SaveState, str], None],
        warn: Callable[[str, bool], None],
    ) -> None:
        self.saver = saver
        self._start_flush = start_flush
        self._show = show
        self._warn = warn
        self.state = SaveState.SAVED
        self.problem = ""
        """Why what waits cannot be written, while it cannot."""
        self.headings: dict[int, str] = {}
        """Each item's heading, for the recovery file."""
        self._typed: dict[int, TypedNotes] = {}
        self._first_key = self._last_key = 0.0
        self._flushing = False
        self._flush_started = 0.0
        self._flush_again = False
        self._failed_at: float | None = None

    def _set(self, state: SaveState, problem: str | None = None) -> None:
        self.state = state
        if problem is not None:
            self.problem = problem
        self._show(self.state, self.problem)

    def _pending(self) -> None:
        if self.state is SaveState.SAVED:
            self._set(SaveState.PENDING)

    # -- what the app reports ----------------------------------------------------------

    def typed(self, editor: TypedNotes) -> None:
        """An editor's text changed: it is written within SAVE_MAX_WAIT or so."""
        moment = time.monotonic()
        if not self._typed:
            self._first_key = moment
        self._typed[editor.item_id] = editor
        self._last_key = moment
        self._pending()

    def changed(self) -> None:
        """A change was queued on the saver: written now, after what is before it."""
        self._pending()
        self.save_now()

    def tick(self) -> None:
        """Ten times a second: write notes that are due, retry, warn of a save that waits."""
        moment = time.monotonic()
        if self._flushing:
            if self.state is not SaveState.FAILED and moment - self._flush_started > SAVE_PATIENCE:
                self._set(SaveState.FAILED, describe_failure(TimeoutError()))
                self._warn(f"NOT saved: {self.problem}. Keep typing: nothing is lost.", True)
            return
        if self._failed_at is not None and moment - self._failed_at >= SAVE_RETRY:
            self.retry()
        elif self._typed and (
            moment - self._last_key >= SAVE_IDLE or moment - self._first_key >= SAVE_MAX_WAIT
        ):
            self.save_now()

    # -- flushing ------------------------------------------------------------------------

    def collect(self) -> None:
        """Hand the saver the latest text of every editor typed in."""
        for item_id, editor in self._typed.items():
            self.saver.put(item_id, editor.text)
            self.headings.setdefault(item_id, editor.heading)
        self._typed.clear()

    def save_now(self) -> None:
        """Write everything that waits now (after the flush under way, if one is)."""
        self.collect()
        if self.saver.idle:
            return
        if self._flushing:
            self._flush_again = True
            return
        self._flush()

    def retry(self) -> None:
        self.collect()
        if not self._flushing:
            self._flush()

    def _flush(self) -> None:
        self._flushing = True
        self._flush_started = time.monotonic()
        self._start_flush()

    def flushed(self, error: BaseException | None) -> None:
        """How the flush `start_flush` ran went."""
        self._flushing = False
        if error is not None:
            problem = describe_failure(error)
            if problem != self.problem:
                self._warn(f"NOT saved: {problem}. Keep typing; retrying every 2 s.", True)
            self._failed_at = time.monotonic()
            self._set(SaveState.FAILED, problem)
            return
        self._failed_at = None
        if self.problem:
            self._warn("Saving again: everything shown is being written.", False)
            self._set(self.state, "")  # the red bar goes now
        if self._flush_again:
            self._flush_again = False
            if not self.saver.idle:
                self._flush()
                return
        waiting = self._typed or not self.saver.idle
        self._set(SaveState.PENDING if waiting else SaveState.SAVED, "")
