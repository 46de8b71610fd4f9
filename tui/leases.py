"""Which meetings this copy of minutebook holds, and so may write: the lease rules.

A copy claims a meeting's lease when it opens the meeting and renews it every LEASE_RENEW
seconds; a lease not renewed for LEASE_SECONDS lapses, so a copy that crashed or lost
the network lets go by itself. While another copy holds a meeting, notes typed here for
its items are kept aside, not written (that copy's words win), for a recovery file; a
meeting shown read-only is tried again until it is free. No Textual here: the app runs
these calls in its workers and shows what they answer.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.problems import describe_failure

if TYPE_CHECKING:
    from storage.domain import Meeting
    from storage.repository import Repository

LEASE_SECONDS = 30
LEASE_RENEW = 10


def crashed_here(holder: str) -> bool:
    """True for a lease holder ('host:pid:tag') on this machine whose process is gone."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


@dataclass(frozen=True)
class Claim:
    """What claiming a meeting found."""

    taken: bool
    problem: str = ""
    """Why the lease could not be read or written (the meeting is edited all the same)."""


class Leases:
    """The meetings this copy holds, and the items it may not write."""

    def __init__(self) -> None:
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        """How this copy names itself in a lease: host, process, and a tag of its own."""
        self._held: set[int] = set()
        self._settled = threading.Event()
        self._settled.set()
        self._held_elsewhere: set[int] = set()
        """Items of meetings that another copy has open."""
        self._meeting_items: dict[int, set[int]] = {}
        self._typed_elsewhere: dict[int, str] = {}
        self._held_by: dict[int, tuple[str, float]] = {}
        """Meetings shown read-only: who held each, and when it was last tried."""

    def __contains__(self, meeting_id: object) -> bool:
        return meeting_id in self._held

    def __iter__(self) -> Iterator[int]:
        return iter(list(self._held))

    # -- claiming -------------------------------------------------------------------------

    def claiming(self, holder_seen: str | None = None, *, looked: bool = False) -> None:
        """A meeting is about to be claimed: nothing is written until the claim is settled,
        unless a look at its lease (`looked`, finding `holder_seen`) showed it free."""
        self._settled.clear()
        if looked and (holder_seen in (None, self.holder) or crashed_here(holder_seen or "")):
            self._settled.set()

    def wait_until_settled(self) -> None:
        """Block until the latest claim is answered (a writer thread, before it writes)."""
        self._settled.wait()

    def claim(self, repository: Repository, meeting_id: int, item_ids: set[int]) -> Claim:
        try:
            taken = repository.acquire_lease(
                meeting_id, self.holder, seconds=LEASE_SECONDS, is_gone=crashed_here
            )
            problem = ""
        except Exception as error:
            # An unwritable database: editing goes on, and the save warning explains.
            taken, problem = True, describe_failure(error)
        self._meeting_items[meeting_id] = item_ids
        if taken:
            self._held.add(meeting_id)
        else:
            self._held_elsewhere |= item_ids
            self._held_by[meeting_id] = (self._holder_of(repository, meeting_id), time.monotonic())
        self._settled.set()
        return Claim(taken, problem)

    # -- writing while another copy holds the meeting -----------------------------------

    def kept_aside(self, item_id: int, notes: str) -> bool:
        """True if another copy holds the item's meeting: its notes are kept, not written."""
        if item_id not in self._held_elsewhere:
            return False
        self._typed_elsewhere[item_id] = notes
        return True

    def take_kept(self, item_ids: set[int]) -> dict[int, str]:
        """Remove and return the notes kept aside for these items."""
        return {
            i: self._typed_elsewhere.pop(i) for i in list(self._typed_elsewhere) if i in item_ids
        }

    # -- taking a meeting back ----------------------------------------------------------

    def due_to_retry(self) -> list[int]:
        """Meetings shown read-only to try again now: at once for a holder on this machine
        that has ended (it may have been saving its last words as this copy opened), else
        every LEASE_RENEW seconds, until its lease is released or lapses."""
        moment = time.monotonic()
        due = [
            meeting_id
            for meeting_id, (holder, tried) in self._held_by.items()
            if crashed_here(holder) or moment >= tried + LEASE_RENEW
        ]
        for meeting_id in due:
            del self._held_by[meeting_id]
        return due

    def reclaim(self, repository: Repository, meeting_id: int) -> Meeting | None:
        """Take the meeting back and read it as it now is; None if still held elsewhere."""
        try:
            taken = repository.acquire_lease(
                meeting_id, self.holder, seconds=LEASE_SECONDS, is_gone=crashed_here
            )
            meeting = repository.meeting(meeting_id) if taken else None
        except Exception:
            taken, meeting = False, None
        if meeting is None:
            if taken:
                self.release(repository, meeting_id)
            self._held_by[meeting_id] = (self._holder_of(repository, meeting_id), time.monotonic())
            return None
        self._held.add(meeting_id)
        self._held_elsewhere -= self._meeting_items.get(meeting_id, set())
        return meeting

    # -- keeping and letting go ---------------------------------------------------------

    def renew(self, repository: Repository) -> list[int]:
        """Renew every lease held; the meetings lost meanwhile (a lease that lapsed in a
        long outage and was taken by another copy): from now on that copy's words win."""
        lost = []
        for meeting_id in list(self._held):
            try:
                kept = repository.acquire_lease(meeting_id, self.holder, seconds=LEASE_SECONDS)
            except Exception:
                continue  # a failing database is reported by the notes saver
            if not kept:
                self._held_elsewhere |= self._meeting_items.get(meeting_id, set())
                self._held.discard(meeting_id)
                self._held_by[meeting_id] = ("", time.monotonic())
                lost.append(meeting_id)
        return lost

    def release(self, repository: Repository, meeting_id: int) -> None:
        self._held.discard(meeting_id)
        # If this fails, the lease lapses on its own within LEASE_SECONDS.
        try:
            repository.release_lease(meeting_id, self.holder)
        except Exception:
            return

    def _holder_of(self, repository: Repository, meeting_id: int) -> str:
        try:
            return repository.live_lease_holder(meeting_id) or ""
        except Exception:
            return ""
