"""Notes and changes waiting to be written, and the one writer that writes them in order.

This module knows nothing of Textual: the app hands it the latest text of each changed
item, and each other change (a mark, a record, a stamp) as it is made, and calls `flush`
from a worker thread (and once more, synchronously, on exit). What fails to save stays
pending, in order, until a later flush succeeds; a change the database refuses outright
(a rule it breaks, a record gone) is dropped and its owner told, and the rest go on.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from storage.errors import BadInput, ConnectionLost, NotFound
from tui.problems import describe_failure

if TYPE_CHECKING:
    import datetime as dt

    from tui.widgets.notes import NotesEditor


class SaveState(StrEnum):
    """Where what the clerk typed and changed stands, as the top line shows it."""

    SAVED = "saved"
    PENDING = "pending"
    """Typed or changed, not yet written."""
    FAILED = "failed"
    """The database will not take it now; it is kept and retried."""


def refused_outright(error: BaseException) -> bool:
    """The database will refuse this change however often it is tried (as against a
    server away, a lock, a full disk, which pass)."""
    return isinstance(error, (BadInput, NotFound)) or type(error).__name__ == "IntegrityError"


@dataclass(frozen=True)
class RefusedNotes:
    """Notes the database will never take (their item was deleted elsewhere)."""

    item_id: int
    text: str
    reason: str


@dataclass(eq=False)
class Change:
    """A change other than notes, shown on screen already and written in its turn."""

    what: str
    """What it is, for the clerk: "action: Board: Send the report"."""
    write: Callable[[], Any]
    done: Callable[[Any], None] = lambda result: None
    """Given what `write` returned, once written."""
    refused: Callable[[str], None] = lambda reason: None
    """Given the reason, when the database refuses it outright."""


class ChangeWriter(Protocol):
    """What a screen needs to show a change at once and have it saved behind it (the app,
    which outlives every screen). Called, not messaged: a change must be queued before the
    next key (an export after a confidential mark) is taken."""

    clock: Callable[[], dt.datetime]
    """The time a stamp takes: the clerk's clock, local time."""

    def change(
        self,
        what: str,
        write: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Write `write` in its turn, after everything queued before it."""

    def notes_changed(self, editor: NotesEditor) -> None:
        """An editor's text changed: it will be written within a moment."""

    def save_now(self) -> None:
        """Write every changed note now."""


class NotesSaver:
    """The latest unsaved notes of each item, then the changes in the order they were
    made, written by one flush at a time. `deliver(callback, argument)` hands a change's
    outcome to the app's own thread. `together()` makes everything written inside it one
    transaction: a flush writes all it has at once, and only when the database refuses
    one change outright does it write them one by one, so that the rest are kept."""

    def __init__(
        self,
        save: Callable[[int, str], None],
        deliver: Callable[[Callable[[Any], None], Any], None] = lambda call, argument: None,
        together: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext,
        notes_refused: Callable[[RefusedNotes], None] = lambda refused: None,
    ) -> None:
        self._save = save
        self._deliver = deliver
        self._together = together
        self._notes_refused = notes_refused
        self._pending: dict[int, str] = {}
        self._changes: deque[Change] = deque()
        self._pending_lock = threading.Lock()
        self._writer = threading.Lock()

    def add(self, change: Change) -> None:
        with self._pending_lock:
            self._changes.append(change)

    @property
    def changes(self) -> list[Change]:
        """The changes not yet written, oldest first."""
        with self._pending_lock:
            return list(self._changes)

    def take_changes(self) -> list[Change]:
        """Remove and return the changes not yet written (they will not be written)."""
        with self._pending_lock:
            taken = list(self._changes)
            self._changes.clear()
            return taken

    @property
    def idle(self) -> bool:
        """Nothing waits to be written."""
        with self._pending_lock:
            return not self._pending and not self._changes

    def put(self, item_id: int, text: str) -> None:
        with self._pending_lock:
            self._pending[item_id] = text

    @property
    def pending(self) -> dict[int, str]:
        with self._pending_lock:
            return dict(self._pending)

    def take(self, item_ids: set[int]) -> dict[int, str]:
        """Remove and return the pending notes of these items (they will not be written)."""
        with self._pending_lock:
            return {i: self._pending.pop(i) for i in list(self._pending) if i in item_ids}

    @property
    def busy(self) -> bool:
        """A flush is under way (perhaps waiting on a server that does not answer)."""
        return self._writer.locked()

    def flush(self, *, timeout: float | None = None) -> BaseException | None:
        """Write everything pending; the first failure is returned, and its text kept.

        With `timeout`, give up after that many seconds (a `TimeoutError`): a server that
        has stopped answering holds a write, and the thread waiting on it, for minutes.
        The text stays pending, so the caller can keep it elsewhere."""
        if timeout is None:
            return self._flush()
        outcome: list[BaseException | None] = []
        writer = threading.Thread(
            target=lambda: outcome.append(self._flush(wait=timeout)),
            name="final-save",
            daemon=True,
        )
        writer.start()
        writer.join(timeout)
        return outcome[0] if outcome else TimeoutError("the database did not answer")

    def _flush(self, *, wait: float = -1) -> BaseException | None:
        if not self._writer.acquire(timeout=wait):
            return TimeoutError("an earlier save is still waiting for the database")
        try:
            try:
                self._write_together()
            except ConnectionLost:
                # A connection the server dropped since its last use (a restart): nothing
                # was written, and the pool has a new one ready.
                self._write_together()
        except Exception as error:  # any failure must keep the text, never crash
            if not refused_outright(error):
                return error  # all of it kept, in order, for the next flush
            return self._one_by_one()
        finally:
            self._writer.release()
        return None

    def _write_together(self) -> None:
        notes, changes = self.pending, self.changes
        with self._together():
            for item_id, text in notes.items():
                self._save(item_id, text)
            results = [change.write() for change in changes]
        self._written(notes)
        for change, result in zip(changes, results, strict=True):
            self._settled(change)
            self._deliver(change.done, result)

    def _one_by_one(self) -> BaseException | None:
        """Each note and change in a transaction of its own: one the database refuses
        outright is dropped, and its owner told (notes: given to `notes_refused`, to be
        kept elsewhere); the rest are written."""
        for item_id, text in self.pending.items():
            try:
                self._save(item_id, text)
            except Exception as error:
                if not refused_outright(error):
                    return error
                self._deliver(
                    self._notes_refused, RefusedNotes(item_id, text, describe_failure(error))
                )
            self._written({item_id: text})
        while True:
            with self._pending_lock:
                if not self._changes:
                    return None
                change = self._changes[0]
            try:
                result = change.write()
            except Exception as error:
                if not refused_outright(error):
                    return error  # kept, first in line, for the next flush
                self._settled(change)
                self._deliver(change.refused, describe_failure(error))
                continue
            self._settled(change)
            self._deliver(change.done, result)

    def _written(self, notes: dict[int, str]) -> None:
        with self._pending_lock:
            for item_id, text in notes.items():
                # Newer text typed meanwhile stays pending for the next flush.
                if self._pending.get(item_id) is text:
                    del self._pending[item_id]

    def _settled(self, change: Change) -> None:
        """`change` is written or refused: off the queue (unless already taken off it)."""
        with self._pending_lock:
            if self._changes and self._changes[0] is change:
                self._changes.popleft()
