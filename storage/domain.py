"""Plain domain objects handed out by the repository.

They are frozen dataclasses with no tie to a database session, so a worker thread can
load them and the UI thread can read them safely. Redactions live inside text as
`||redacted words||`; `split_redactions` is the one place that reads that markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class AttendanceStatus(StrEnum):
    EXPECTED = "expected"
    PRESENT = "present"
    IN_ATTENDANCE = "in attendance"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class ItemStatus(StrEnum):
    PENDING = "pending"
    TAKEN = "taken"
    DEFERRED = "deferred"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"


REDACTION = re.compile(r"\|\|(.+?)\|\|", re.DOTALL)


def split_redactions(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (fragment, redacted) pairs in order; `||Child A||` marks a redaction."""
    end = 0
    for match in REDACTION.finditer(text):
        if match.start() > end:
            yield text[end : match.start()], False
        yield match.group(1), True
        end = match.end()
    if end < len(text):
        yield text[end:], False


def redacted_strings(text: str) -> list[str]:
    return [fragment for fragment, redacted in split_redactions(text) if redacted]


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str | None
    role: str = ""
    organisation: str = ""

    def label(self, *, with_name: bool = True) -> str:
        """How a clerk refers to someone: 'Name, Role (Organisation)'."""
        parts = [p for p in ((self.name or "") if with_name else "", self.role) if p]
        text = ", ".join(parts)
        if self.organisation:
            text = f"{text} ({self.organisation})" if text else self.organisation
        return text or "(unnamed)"


@dataclass(frozen=True, slots=True)
class Committee:
    id: int
    name: str
    protective_marking: str = ""


@dataclass(frozen=True, slots=True)
class RosterEntry:
    person: Person
    in_attendance: bool = False


@dataclass(frozen=True, slots=True)
class Attendee:
    """One person's attendance at one meeting."""

    id: int
    person: Person
    status: AttendanceStatus
    position: int = 0
    deputising_for: Person | None = None
    note: str = ""
    arrived_at: dt.datetime | None = None
    arrived_item_id: int | None = None
    left_at: dt.datetime | None = None
    left_item_id: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    id: int
    title: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    meeting_id: int
    title: str
    section_id: int | None = None
    position: int = 0
    number: str = ""
    presenter: str = ""
    status: ItemStatus = ItemStatus.PENDING
    deferred_to_date: dt.date | None = None
    deferred_to_meeting_id: int | None = None
    carried_from_item_id: int | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    notes: str = ""
    confidential: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    id: int
    action_id: int
    made_at: dt.datetime
    text: str
    meeting_id: int | None = None


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    committee_id: int
    owner: str
    text: str
    status: ActionStatus = ActionStatus.OPEN
    meeting_id: int | None = None
    item_id: int | None = None
    raised_on: dt.date | None = None
    position: int = 0
    due_text: str = ""
    due_date: dt.date | None = None
    updates: tuple[ActionUpdate, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewedAction:
    """An earlier action carried into a meeting, reviewed under `item_id`."""

    action: Action
    item_id: int | None
    position: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    meeting_id: int
    text: str
    item_id: int | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    committee_id: int
    committee_name: str
    date: dt.date
    start_time: str = ""
    end_time: str = ""
    venue: str = ""
    status: MeetingStatus = MeetingStatus.DRAFT

    @property
    def when(self) -> str:
        times = "-".join(t for t in (self.start_time, self.end_time) if t)
        return f"{self.date.isoformat()} {times}".strip()


@dataclass(frozen=True, slots=True)
class Meeting:
    """A whole meeting, with everything minuted in it, ready to show or export."""

    id: int
    committee: Committee
    date: dt.date
    start_time: str = ""
    end_time: str = ""
    venue: str = ""
    protective_marking: str = ""
    status: MeetingStatus = MeetingStatus.DRAFT
    attendees: tuple[Attendee, ...] = ()
    sections: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()
    actions: tuple[Action, ...] = ()
    decisions: tuple[Decision, ...] = ()
    reviewed: tuple[ReviewedAction, ...] = ()
    _by_item: dict[int, Item] = field(default_factory=dict, compare=False, repr=False)

    def item(self, item_id: int) -> Item:
        if not self._by_item:
            self._by_item.update((i.id, i) for i in self.items)
        return self._by_item[item_id]

    def actions_for(self, item_id: int) -> list[Action]:
        return [a for a in self.actions if a.item_id == item_id]

    def decisions_for(self, item_id: int) -> list[Decision]:
        return [d for d in self.decisions if d.item_id == item_id]

    def reviewed_for(self, item_id: int) -> list[ReviewedAction]:
        return [r for r in self.reviewed if r.item_id == item_id]

    def items_in(self, section_id: int | None) -> list[Item]:
        return [i for i in self.items if i.section_id == section_id]

    def attendees_with(self, *statuses: AttendanceStatus) -> list[Attendee]:
        return [a for a in self.attendees if a.status in statuses]
