"""Plain domain objects handed out by the repository.

They are frozen dataclasses (see `Value`) with no tie to a database session, so a worker
thread can load them and the UI thread can read them safely. Redactions live inside text as
`||redacted words||`; `split_redactions` is the one place that reads that markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value:
    """Base of the domain classes (and other small values): each subclass is a frozen
    dataclass, compared, hashed and shown by its fields, whose methods are these shared
    ones. `@dataclass` would write and compile six methods for every class, which made
    importing this module, on the way to the first screen, cost three times what it does."""

    _names: ClassVar[tuple[str, ...]]
    _name_set: ClassVar[frozenset[str]]
    _defaults: ClassVar[dict[str, Any]]
    _factories: ClassVar[tuple[tuple[str, Any], ...]]
    _compared: ClassVar[tuple[str, ...]]
    _shown: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(init=False, repr=False, eq=False)(cls)
        every = fields(cls)  # type: ignore[arg-type]
        cls._names = tuple(f.name for f in every)
        cls._name_set = frozenset(cls._names)
        cls._defaults = {f.name: f.default for f in every if f.default is not MISSING}
        cls._factories = tuple(
            (f.name, f.default_factory) for f in every if f.default_factory is not MISSING
        )
        cls._compared = tuple(f.name for f in every if f.compare)
        cls._shown = tuple(f.name for f in every if f.repr)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) > len(self._names) or any(n in kwargs for n in self._names[: len(args)]):
                raise TypeError(f"{type(self).__name__}(): too many or repeated arguments")
            kwargs.update(zip(self._names, args, strict=False))
        values = self._defaults | kwargs
        for name, factory in self._factories:
            if name not in values:
                values[name] = factory()
        if len(values) != len(self._names) or not values.keys() <= self._name_set:
            wrong = sorted(self._name_set ^ values.keys())
            raise TypeError(f"{type(self).__name__}(): missing or unknown fields {wrong}")
        self.__dict__.update(values)  # past __setattr__, which refuses every change

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


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


class RosterGroup(StrEnum):
    """Where a roster entry sits in the minutes."""

    MEMBER = "member"
    OFFICER = "officer"  # an officer or adviser usually in attendance
    SECRETARIAT = "secretariat"


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


def redact_words(text: str, words: str) -> str:
    """`text` with every whole-word appearance of `words` (any spacing) not yet redacted
    marked `||redacted||`."""
    spans = redaction_spans(text, words)
    for start, end in reversed(spans):
        text = f"{text[:start]}||{text[start:end]}||{text[end:]}"
    return text


def redaction_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Where `redact_words` would put its markers: (start, end) of each appearance of
    `words` outside a redaction."""
    if not words.split():
        return []
    pattern = re.compile(r"(?<![\w|])" + r"\s+".join(map(re.escape, words.split())) + r"(?![\w|])")
    marked = [m.span() for m in REDACTION.finditer(text)]
    return [
        m.span()
        for m in pattern.finditer(text)
        if not any(start <= m.start() < end for start, end in marked)
    ]


_BARS = re.compile(r"\|{2,}")


def redaction_problem(text: str) -> tuple[int, str] | None:
    """(line, what is wrong) for the first broken `||` marker in `text`, or None.

    A redaction that is not closed, nested, or opened or closed against a space or a word
    cannot be read with certainty, so the public version refuses it rather than guess.
    """
    opening = True
    for match in _BARS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if len(match.group()) > 2:
            return line, f"a run of {len(match.group())} bars (|) where a redaction marker is two"
        if opening and (after.isspace() or before.isalnum()):
            return line, "a redaction marker || that opens before a space or inside a word"
        if not opening and (before.isspace() or after.isalnum()):
            return line, "a redaction nested in another, or closed after a space or inside a word"
        opening = not opening
    if not opening:
        start = [m.start() for m in _BARS.finditer(text)][-1]
        return text.count("\n", 0, start) + 1, "a redaction that is opened with || and never closed"
    return None


class Person(Value):
    """Someone who attends, or is given actions: a name (optional), a role, an organisation."""

    id: int
    name: str | None
    role: str = ""
    organisation: str = ""
    initials: str = ""  # as the minutes write them ("JT"); the public version replaces them
    email: str = ""  # learnt from a Teams attendance report, to match the next one by

    def label(self, *, with_name: bool = True) -> str:
        """How a clerk refers to someone: 'Name, Role (Organisation)'."""
        parts = [p for p in ((self.name or "") if with_name else "", self.role) if p]
        text = ", ".join(parts)
        if self.organisation:
            text = f"{text} ({self.organisation})" if text else self.organisation
        return text or "(unnamed)"


NAME_LENGTH, FIELD_LENGTH, NOTE_LENGTH = 120, 200, 500
"""Room for any real name, role or organisation, and attendance note: no room for a page
of notes typed or pasted into the wrong place."""
NAME_WORDS = 10


def person_problem(name: str | None, role: str, organisation: str) -> str | None:
    """What is wrong with a person as given (a form, a roster file), or None."""
    name = name or ""
    if not (name.strip() or role.strip() or organisation.strip()):
        return "give a name, a role or an organisation"
    words = len(name.split())
    if len(name) > NAME_LENGTH or words > NAME_WORDS:
        return (
            f"a name of {words} word{'s' * (words != 1)}, {len(name)} characters, looks like notes"
        )
    for what, text in (("role", role), ("organisation", organisation)):
        if len(text) > FIELD_LENGTH:
            return f"the {what} is over {FIELD_LENGTH} characters long"
    return None


def labelled(people: Iterable[Person]) -> dict[str, Person]:
    """Each person once under their label, and a number after it where two people share
    one ("Sam Lee (2)"), so a clerk choosing from a list can choose either."""
    found: dict[str, Person] = {}
    for person in people:
        label = person.label()
        if found.get(label, person).id == person.id:
            found[label] = person
            continue
        count = 2
        while f"{label} ({count})" in found and found[f"{label} ({count})"].id != person.id:
            count += 1
        found[f"{label} ({count})"] = person
    return found


def valid_initials(text: str) -> bool:
    """Initials as minutes write them: letters, a few forms at most ("JT", "JT JTh")."""
    return all(word.isalpha() and len(word) <= 6 for word in text.split())


class NamesPolicy(StrEnum):
    """How a committee's public minutes treat people's names."""

    ROLES = "roles"  # every name replaced by the person's role
    KEEP = "keep"  # names published; redactions and confidential items still removed


class AttendanceGroup(Value):
    """One group of the minutes' attendance: its heading, and who is in it (see
    `storage.style.WHO`)."""

    heading: str
    who: str


class HouseStyle(Value):
    """How a committee's minutes look; `storage.style` reads and writes it, and holds the
    presets. These defaults are the partnership board's, the default style."""

    preset: str = "partnership-board"
    title: str = "Minutes"
    header: tuple[str, ...] = ("{marking}", "{state}")
    footer: tuple[str, ...] = ("Page {page} of {pages}",)
    time_format: str = "13.00"
    language: str = "en-GB"  # a BCP 47 tag: what screen readers speak the minutes in
    organisation: str = ""  # the documents' author; empty: "minutebook", never a person
    attendance_layout: str = "table"
    columns: tuple[str, ...] = ("role", "organisation", "name")
    groups: tuple[AttendanceGroup, ...] = (
        AttendanceGroup("Attendees", "present"),
        AttendanceGroup("In Attendance", "in attendance"),
        AttendanceGroup("Apologies", "apologies"),
    )
    absent: bool = False  # those absent without apologies are listed
    minute_taker: str = ""  # a heading naming the secretariat who took the minutes
    item_layout: str = "description"
    actions: tuple[str, ...] = ("after-item", "log")
    numbered_paragraphs: bool = False  # each paragraph of item 5's minutes is 5.1, 5.2 ...
    interest_kinds: tuple[str, ...] = (
        "disclosable pecuniary",
        "other registrable",
        "non-registrable",
        "none",
    )
    resolution: str = "RESOLVED – that"
    exclusion: str = (
        "RESOLVED – that under section 100A(4) of the Local Government Act 1972 the press"
        " and public be excluded from the meeting for the following item(s) of business on"
        " the grounds that it involves the likely disclosure of exempt information as defined"
        " in paragraph(s) {paragraphs} of Part 1 of Schedule 12A to the Act."
    )
    public_names: NamesPolicy = NamesPolicy.ROLES

    def with_values(self, **values: Any) -> HouseStyle:
        return replace(self, **values)


class Committee(Value):
    """A board or committee whose meetings are minuted, in its house style."""

    id: int
    name: str
    protective_marking: str = ""
    style: HouseStyle = field(default_factory=HouseStyle)
    quorum: str = ""  # voting members needed present: "5", or a share of them, "1/3"

    def restyled(self, **values: Any) -> Committee:
        return replace(self, style=self.style.with_values(**values))


class RosterEntry(Value):
    """Someone expected at every meeting of a committee, in the roster's order."""

    person: Person
    group: RosterGroup = RosterGroup.MEMBER
    voting: bool = True
    position: int = 0

    @property
    def expected_status(self) -> AttendanceStatus:
        """What being there makes them: present as a member, else in attendance."""
        if self.group is RosterGroup.MEMBER:
            return AttendanceStatus.PRESENT
        return AttendanceStatus.IN_ATTENDANCE


class Attendee(Value):
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
    group: RosterGroup | None = None  # where the committee's roster puts them; None: not on it
    voting: bool = False  # a voting member on the committee's roster


class Section(Value):
    """A heading of the agenda that groups items."""

    id: int
    title: str
    position: int = 0


class Item(Value):
    """An agenda item, with its notes and when it was taken."""

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
    deferred_to_name: str = ""  # the meeting as the clerk named it: "the June Board"
    deferred_to_meeting_date: dt.date | None = None  # of the meeting it was carried into
    carried_from_item_id: int | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    notes: str = ""
    confidential: bool = False
    exempt: bool = False  # taken with the press and public excluded
    exempt_reason: str = ""  # why: for councils, the paragraph of Schedule 12A ("3")
    public_summary: str = ""  # what the public version prints in its place

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


class ActionUpdate(Value):
    """A dated note of progress on an action."""

    id: int
    action_id: int
    made_at: dt.datetime
    text: str
    meeting_id: int | None = None


class Action(Value):
    """Something someone is to do, from the item where it was agreed."""

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
    after_text: str = ""
    """The notes line it was typed after (`ACTION:`), for styles that print it there."""


class ReviewedAction(Value):
    """An earlier action carried into a meeting, reviewed under `item_id`."""

    action: Action
    item_id: int | None
    position: int = 0


class VoteCast(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAINED = "abstained"


class MotionResult(StrEnum):
    CARRIED = "carried"
    LOST = "lost"
    CASTING = "carried on the chair's casting vote"
    WITHDRAWN = "withdrawn"


class Vote(Value):
    """How one member voted, in a recorded vote."""

    person_id: int
    vote: VoteCast


class Motion(Value):
    """A decision taken on a motion: moved, seconded, voted on."""

    mover_id: int | None = None
    seconder_id: int | None = None
    votes_for: int | None = None  # None: not counted (agreed without a vote)
    votes_against: int | None = None
    abstained: int | None = None
    result: MotionResult = MotionResult.CARRIED
    votes: tuple[Vote, ...] = ()  # each member's vote, when a recorded vote was asked for


class Decision(Value):
    """What was decided under an item; a resolution carries its motion."""

    id: int
    meeting_id: int
    text: str
    item_id: int | None = None
    position: int = 0
    motion: Motion | None = None
    publishable: bool = False  # under an exempt item: the public version may print it


class InterestAction(StrEnum):
    """What someone who declared an interest did about it."""

    LEFT = "left the room"
    DID_NOT_VOTE = "stayed and did not vote"
    DISPENSATION = "took part under a dispensation"
    TOOK_PART = "took part"


class Declaration(Value):
    """A declaration of interest: who, on which item, what interest, of which kind (one
    of the committee's `HouseStyle.interest_kinds`), and what they did."""

    id: int
    meeting_id: int
    person_id: int
    item_id: int | None
    interest: str
    kind: str
    action: InterestAction = InterestAction.TOOK_PART
    position: int = 0


class RegisteredDeclaration(Value):
    """A declaration as the committee's register of interests lists it."""

    date: dt.date  # of the meeting
    item: str  # the item's number and title; "" if the item has gone
    person: Person
    declaration: Declaration


class MeetingChange(Value):
    """A change made to minutes once circulated: what changed, from what, to what, when."""

    made_at: dt.datetime
    what: str
    before: str = ""
    after: str = ""


class MeetingSummary(Value):
    """A meeting as the list of meetings shows it."""

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


class PublicationRules(Value):
    """What the public version of a meeting must know beyond the meeting itself."""

    names: NamesPolicy = NamesPolicy.ROLES
    people: tuple[Person, ...] = ()  # everyone minutebook knows, of every committee
    withheld: tuple[str, ...] = ()  # words the committee never publishes
    redacted: tuple[str, ...] = ()  # words redacted anywhere in the committee's minutes
    fine: tuple[str, ...] = ()  # words the committee marked fine to publish
    confidential_items: frozenset[int] = frozenset()  # where carried actions were raised
    confidential_actions: frozenset[int] = frozenset()  # carried from a confidential item


class Correction(Value):
    """A correction made to minutes when a later meeting approved them: under `place`
    (the item as the minutes printed it) they said `said`, and now say `now_says`."""

    place: str
    said: str
    now_says: str
    item_id: int | None = None
    confidential: bool = False  # the item corrected was taken in private


class Approval(Value):
    """Earlier minutes approved at a meeting: their date, and what was corrected."""

    date: dt.date
    corrections: tuple[Correction, ...] = ()


class Meeting(Value):
    """A whole meeting, with everything minuted in it, ready to show or export."""

    id: int
    committee: Committee
    date: dt.date
    start_time: str = ""
    end_time: str = ""
    venue: str = ""
    protective_marking: str = ""
    status: MeetingStatus = MeetingStatus.DRAFT
    approved_on: dt.date | None = None
    approved_at_meeting_id: int | None = None
    approvals: tuple[Approval, ...] = ()  # earlier minutes approved at this one
    corrections: tuple[Correction, ...] = ()  # made to these minutes when approved
    attendees: tuple[Attendee, ...] = ()
    sections: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()
    actions: tuple[Action, ...] = ()
    decisions: tuple[Decision, ...] = ()
    reviewed: tuple[ReviewedAction, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    number: int = 0  # its place in the committee's series: 13 for the 13th meeting
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

    def without_record(self, kind: str, record_id: int) -> Meeting:
        """The meeting without one of its actions or decisions ("action", "decision")."""
        if kind == "action":
            return replace(self, actions=tuple(a for a in self.actions if a.id != record_id))
        return replace(self, decisions=tuple(d for d in self.decisions if d.id != record_id))

    def with_record_moved(self, kind: str, record_id: int, item_id: int) -> Meeting:
        """The meeting with one of its actions or decisions moved to another item."""
        if kind == "action":
            actions = (
                replace(a, item_id=item_id) if a.id == record_id else a for a in self.actions
            )
            return replace(self, actions=tuple(actions))
        decisions = (
            replace(d, item_id=item_id) if d.id == record_id else d for d in self.decisions
        )
        return replace(self, decisions=tuple(decisions))

    def with_items(self, items: Iterable[Item]) -> Meeting:
        """The meeting with its agenda items replaced (in agenda order)."""
        return replace(self, items=tuple(items), _by_item={})

    def with_attendee(self, attendee: Attendee) -> Meeting:
        """The meeting with one attendee's record replaced (or added)."""
        others = tuple(a for a in self.attendees if a.id != attendee.id)
        if len(others) == len(self.attendees):
            return replace(self, attendees=(*others, attendee))
        return replace(
            self, attendees=tuple(attendee if a.id == attendee.id else a for a in self.attendees)
        )
