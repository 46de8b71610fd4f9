"""The attendance report Microsoft Teams offers after a meeting: read, matched, planned.

`read_report` reads the file whole (the numbered-sections report, its older variants, and
the older list of joins and leaves) or refuses it with one line. `match_participant` finds
who a participant is among known people, never guessing between two. `plan_attendance`
says what the meeting's attendance would become; the caller applies it.

The report's times are the organiser's wall clock, kept naive until a plan turns them into
UTC. Whether `05/11/2024` is day or month first is decided once for the whole file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

from rapidfuzz import fuzz

from storage.dates import parse_time
from storage.domain import (
    AttendanceStatus,
    Attendee,
    Item,
    Meeting,
    Person,
    RosterEntry,
    Value,
)
from storage.errors import BadInput
from storage.roster_file import decode

_WHAT = "the Teams report"

FUZZY_THRESHOLD = 85.0
"""The least `token_sort_ratio` of two normalised names taken as the same person. It
accepts a one-letter slip in a usual name ('Jane Smyth' 90, 'Jon Smith' 95, 'Ann Lee' 93)
and keeps out different first names with the same surname ('Jane Smith'/'John Smith' 80),
a dropped middle name (80) and 'Andy'/'Andrew' (80). Names a letter apart can still be two
people ('Tom Hill'/'Tim Hill' 88), so a fuzzy match is always shown to the clerk as one,
with its score."""

AMBIGUITY_MARGIN = 3.0
"""Fuzzy candidates this close to the best are as likely as it: the match is ambiguous."""

ON_TIME_MARGIN = dt.timedelta(minutes=5)
"""Joining or leaving within this of the meeting's start or end is being there throughout:
late arrivals and early departures are stamped only beyond it."""

_MAX_DURATION = dt.timedelta(days=7)
"""Longer than any meeting: a duration beyond it is a mangled cell, not used."""

_ATTENDING = (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE)
_T = TypeVar("_T")


class Presence(Value):
    """One stretch of a participant's time in the meeting; `left` None if still there."""

    joined: dt.datetime
    left: dt.datetime | None = None


class Participant(Value):
    """Someone in the report: the name as Teams shows it, with every stretch they were in."""

    name: str
    emails: tuple[str, ...] = ()  # the e-mail column first, then the UPN if it differs
    role: str = ""  # as Teams gives it: Organizer, Presenter, Attendee
    presences: tuple[Presence, ...] = ()

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def first_join(self) -> dt.datetime | None:
        return min((p.joined for p in self.presences), default=None)

    @property
    def last_leave(self) -> dt.datetime | None:
        """None when they never left (or no times are known)."""
        if not self.presences or any(p.left is None for p in self.presences):
            return None
        return max(p.left for p in self.presences if p.left is not None)


class TeamsReport(Value):
    """A whole attendance report, its times naive in the organiser's zone."""

    title: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    participants: tuple[Participant, ...] = ()

    @property
    def date(self) -> dt.date | None:
        """The day of the meeting reported: its start, else the earliest join."""
        if self.start is not None:
            return self.start.date()
        joins = [p.first_join for p in self.participants if p.first_join is not None]
        return min(joins).date() if joins else None


class MatchKind(StrEnum):
    EMAIL = "e-mail"  # a person's e-mail is one of the participant's addresses
    NAME = "name"  # one person's normalised name is the participant's
    FUZZY = "fuzzy"  # one person's name is close enough (`score`); the clerk should check
    AMBIGUOUS = "ambiguous"  # several people fit as well as each other: none is chosen
    NONE = "none"  # nobody fits
    CHOSEN = "chosen"  # the clerk said who it is


class Match(Value):
    """Who a participant is: one person, several equally likely ones, or nobody."""

    participant: Participant
    kind: MatchKind
    people: tuple[Person, ...] = ()
    score: float = 0.0


class PlannedMark(Value):
    """What one person's attendance would become: everything the caller needs to apply it.

    `attendee_id` None means they are to be added to the attendance. The stamps are aware
    UTC and replace the attendee's: the report is the record of when they were there.
    """

    person: Person
    status: AttendanceStatus
    matches: tuple[Match, ...]  # the participants who are this person, usually one
    attendee_id: int | None = None
    arrived_at: dt.datetime | None = None
    arrived_item_id: int | None = None
    left_at: dt.datetime | None = None
    left_item_id: int | None = None
    email: str = ""  # the participant's address, to remember on the person
    unchanged: bool = False  # the attendance already says all of this
    kept: tuple[str, ...] = ()  # "arrival", "leaving": stamps of the clerk's the report leaves

    @property
    def email_is_new(self) -> bool:
        return bool(self.email) and self.email.casefold() != self.person.email.casefold()

    @property
    def first_join(self) -> dt.datetime | None:
        return _first_join(self.matches)

    @property
    def last_leave(self) -> dt.datetime | None:
        return _last_leave(self.matches)


def _first_join(matches: Iterable[Match]) -> dt.datetime | None:
    joins = [m.participant.first_join for m in matches]
    return min((join for join in joins if join is not None), default=None)


def _last_leave(matches: Iterable[Match]) -> dt.datetime | None:
    """None if any of them never left."""
    leaves = [m.participant.last_leave for m in matches]
    if not leaves or any(leave is None for leave in leaves):
        return None
    return max(leave for leave in leaves if leave is not None)


class TeamsPlan(Value):
    """What a report would do to a meeting's attendance, and what it leaves to the clerk."""

    meeting: Meeting
    marks: tuple[PlannedMark, ...] = ()
    ambiguous: tuple[Match, ...] = ()
    unmatched: tuple[Participant, ...] = ()
    not_joined: tuple[Attendee, ...] = ()  # expected, and no participant is (or may be) them
    warnings: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """The plan as plain lines for the clerk to read before it is applied."""
        lines = list(self.warnings)
        lines.extend(self._mark_line(mark) for mark in self.marks)
        for match in self.ambiguous:
            candidates = _in_words([person.label() for person in match.people], "or")
            lines.append(f"Ambiguous: {match.participant.name!r} could be {candidates}")
        lines.extend(
            f"Not matched: {participant.name}{_span(participant)}" for participant in self.unmatched
        )
        if self.not_joined:
            names = ", ".join(attendee.person.label() for attendee in self.not_joined)
            lines.append(f"On the attendance and not in the report: {names}")
        return lines

    def _mark_line(self, mark: PlannedMark) -> str:
        text = f"{mark.person.label()}: {mark.status}"
        if mark.attendee_id is None:
            text += ", added to the attendance"
        if "arrival" in mark.kept:
            text += ", arrival as stamped kept"
        elif mark.arrived_at is not None and mark.first_join is not None:
            text += f", joined {mark.first_join:%H:%M}{self._during(mark.arrived_item_id)}"
        if "leaving" in mark.kept:
            text += ", leaving as stamped kept"
        elif mark.left_at is not None and mark.last_leave is not None:
            text += f", left {mark.last_leave:%H:%M}{self._during(mark.left_item_id)}"
        if mark.unchanged:
            text += ", no change"
        hows = [
            f"fuzzy match {m.score:.0f} for {m.participant.name!r}"
            if m.kind is MatchKind.FUZZY
            else f"chosen for {m.participant.name!r}"
            for m in mark.matches
            if m.kind in (MatchKind.FUZZY, MatchKind.CHOSEN)
        ]
        if hows:
            text += f" ({'; '.join(hows)})"
        return text

    def _during(self, item_id: int | None) -> str:
        if item_id is None:
            return ""
        item = self.meeting.item(item_id)
        number = item.number.rstrip(".")
        return f" during item {number}" if number else f" during {item.title!r}"


# Reading


class _Column(StrEnum):
    NAME = "name"
    JOINED = "joined"
    LEFT = "left"
    DURATION = "duration"
    EMAIL = "email"
    UPN = "upn"
    ROLE = "role"
    ACTION = "action"
    TIMESTAMP = "timestamp"


_COLUMNS = {
    "name": _Column.NAME,
    "full name": _Column.NAME,
    "participant name": _Column.NAME,
    "display name": _Column.NAME,
    "first join": _Column.JOINED,
    "first join time": _Column.JOINED,
    "join time": _Column.JOINED,
    "last leave": _Column.LEFT,
    "last leave time": _Column.LEFT,
    "leave time": _Column.LEFT,
    "in-meeting duration": _Column.DURATION,
    "duration": _Column.DURATION,
    "attendance duration": _Column.DURATION,
    "email": _Column.EMAIL,
    "e-mail": _Column.EMAIL,
    "email address": _Column.EMAIL,
    "participant id (upn)": _Column.UPN,
    "participant id": _Column.UPN,
    "upn": _Column.UPN,
    "role": _Column.ROLE,
    "user action": _Column.ACTION,
    "action": _Column.ACTION,
    "timestamp": _Column.TIMESTAMP,
}
"""Column headings of every variant, lower case: older reports name some differently."""

_SUMMARY_ROWS = {
    "meeting title": "title",
    "title": "title",
    "start time": "start",
    "meeting start time": "start",
    "end time": "end",
    "meeting end time": "end",
}


class _Section(StrEnum):
    SUMMARY = "summary"
    PARTICIPANTS = "participants"
    ACTIVITIES = "activities"
    OTHER = "other"  # a numbered section this reader does not know: passed over


_SECTIONS = {
    "summary": _Section.SUMMARY,
    "meeting summary": _Section.SUMMARY,
    "participants": _Section.PARTICIPANTS,
    "in-meeting activities": _Section.ACTIVITIES,
    "in-meeting activity": _Section.ACTIVITIES,
    "in meeting activities": _Section.ACTIVITIES,
    "meeting activities": _Section.ACTIVITIES,
    "activities": _Section.ACTIVITIES,
}
_HEADING = re.compile(r"(?:(\d{1,2})\s*[.)]\s*)?(\D.*)")
_JOIN_ACTIONS = frozenset({"joined", "joined before"})
_LEAVE_ACTIONS = frozenset({"left"})

_STAMP = re.compile(
    r"(?:(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2}))"
    r"(?:T|,?\s+|,)(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,6})?)?"
    r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?",
    re.ASCII,
)
_YEARS = range(1970, 3000)
_DURATION = re.compile(
    r"(?:(?P<h>\d{1,6})\s*h[a-z]*)?\s*"
    r"(?:(?P<m>\d{1,6})\s*m[a-z]*)?\s*"
    r"(?:(?P<s>\d{1,8})\s*s[a-z]*)?",
    re.ASCII | re.IGNORECASE,
)
_CLOCK_DURATION = re.compile(r"(\d{1,4}):([0-5]\d):([0-5]\d)", re.ASCII)
_EMAIL = re.compile(r"[^@\s#]+@[^@\s#]+\.[^@\s#]+")


class _Cell(Value):
    """A cell as written, and where: its date and time are read once the file's day and
    month order is known."""

    text: str
    line: int
    column: str


class _Row(Value):
    """One participant row of any table, its times not yet read."""

    line: int
    name: str
    emails: tuple[str, ...] = ()
    role: str = ""
    joined: _Cell | None = None
    left: _Cell | None = None
    duration: dt.timedelta | None = None
    detailed: bool = False  # from the in-meeting activities, which supersede the summary row
    action: str = ""  # from the list of joins and leaves: its `joined` is the action's time


def read_report(data: bytes) -> TeamsReport:
    """A Teams attendance report, or `BadInput` with one line saying what is wrong."""
    text = decode(data, _WHAT)
    if not text.strip():
        raise BadInput(f"{_WHAT} is empty: download the attendance report from Teams again")
    if "\x00" in text:
        raise BadInput(f"{_WHAT} is not text: binary data, or UTF-16 without its byte-order mark")
    summary, rows = _scan(text)
    times = _read_stamps(
        [cell for key, cell in summary.items() if key != "title"]
        + [cell for row in rows for cell in (row.joined, row.left) if cell is not None]
    )
    start, end = (times[summary[key]] if key in summary else None for key in ("start", "end"))
    listed = sorted(times[row.joined] for row in rows if row.action and row.joined is not None)
    if listed:
        start, end = start or listed[0], end or listed[-1]
    if start is not None and end is not None and end < start:
        raise BadInput(
            f"{_WHAT}, line {summary['end'].line if 'end' in summary else 1}: the meeting "
            f"ends ({end:%d/%m/%Y %H:%M}) before it starts ({start:%d/%m/%Y %H:%M})"
        )
    return TeamsReport(
        title=summary["title"].text if "title" in summary else "",
        start=start,
        end=end,
        participants=_participants(rows, times, (listed[0], listed[-1]) if listed else None),
    )


def _scan(text: str) -> tuple[dict[str, _Cell], list[_Row]]:
    """The summary's values and every participant row, checked for shape but not times."""
    delimiter = "\t" if "\t" in text else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    summary: dict[str, _Cell] = {}
    rows: list[_Row] = []
    section: _Section | None = None
    columns: dict[_Column, int] | None = None
    labels: list[str] = []
    recognised = False
    try:
        while True:
            line = reader.line_num + 1
            raw = next(reader, None)
            if raw is None:
                break
            cells = [cell.strip().strip("\ufeff").strip() for cell in raw]
            filled = [cell for cell in cells if cell]
            if not filled:
                continue
            heading = _heading(filled[0]) if len(filled) == 1 and cells[0] else None
            if heading is not None:
                section, columns, recognised = heading, None, True
                continue
            if section is _Section.OTHER:
                continue
            header = _header(cells, strict=columns is not None or section not in _TABLES)
            if header is not None:
                columns, labels, recognised = header, cells, True
                continue
            if columns is not None:
                row = _row(line, section, columns, labels, cells)
                if row is not None:
                    rows.append(row)
            elif section in _TABLES:
                raise BadInput(
                    f"{_WHAT}, line {line}: the {section} have no 'Name' column "
                    f"(the first line under the heading is {_shown(cells)})"
                )
            elif (key := _SUMMARY_ROWS.get(_words(cells[0]))) and len(filled) > 1:
                summary.setdefault(key, _Cell(filled[1], line, cells[0]))
                recognised = True
    except csv.Error as error:
        raise BadInput(f"{_WHAT}, line {reader.line_num}: {error}") from None
    if not recognised:
        first = next(line for line in text.splitlines() if line.strip())
        raise BadInput(
            f"{_WHAT} is not a Teams attendance report: it begins {_shown([first])}, "
            "not '1. Summary' nor 'Full Name, User Action, Timestamp'"
        )
    if not rows:
        if columns is None:
            raise BadInput(f"{_WHAT} has no participants section ('2. Participants')")
        raise BadInput(f"{_WHAT} lists no participants")
    return summary, rows


_TABLES = (_Section.PARTICIPANTS, _Section.ACTIVITIES)


def _heading(cell: str) -> _Section | None:
    """The section a line like '2. Participants' begins, None if it is no heading."""
    match = _HEADING.fullmatch(cell)
    if match is None:
        return None
    known = _SECTIONS.get(_words(match.group(2)))
    if known is None and match.group(1):
        return _Section.OTHER
    return known


def _header(cells: list[str], *, strict: bool) -> dict[_Column, int] | None:
    """Where each known column is, if `cells` are a table's header.

    Under a participants heading a Name column is enough; elsewhere (no heading, or inside
    a table) the header must also give times, so a stray row or someone's CSV is no header.
    """
    columns: dict[_Column, int] = {}
    for index, cell in enumerate(cells):
        column = _COLUMNS.get(_words(cell))
        if column is not None:
            columns.setdefault(column, index)
    if _Column.NAME not in columns:
        return None
    timed = _Column.JOINED in columns or _Column.LEFT in columns
    listed = _Column.ACTION in columns and _Column.TIMESTAMP in columns
    return columns if timed or listed or not strict else None


def _row(
    line: int,
    section: _Section | None,
    columns: dict[_Column, int],
    labels: list[str],
    cells: list[str],
) -> _Row | None:
    def cell(column: _Column) -> str:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    def stamp(column: _Column) -> _Cell | None:
        text = cell(column)
        return _Cell(text, line, labels[columns[column]]) if text else None

    named = cell(_Column.NAME)
    given = (cell(_Column.EMAIL), cell(_Column.UPN), named)  # a guest may be named by address
    emails = tuple(dict.fromkeys(e for e in given if _EMAIL.fullmatch(e)))
    name = named or (emails[0] if emails else "")
    if not name:
        return None
    if _Column.ACTION in columns and _Column.TIMESTAMP in columns:
        action = _words(cell(_Column.ACTION))
        at = stamp(_Column.TIMESTAMP)
        if action not in _JOIN_ACTIONS | _LEAVE_ACTIONS or at is None:
            return None
        return _Row(line, name, emails, joined=at, action=action)
    return _Row(
        line,
        name,
        emails,
        role=cell(_Column.ROLE),
        joined=stamp(_Column.JOINED),
        left=stamp(_Column.LEFT),
        duration=parse_duration(cell(_Column.DURATION)),
        detailed=section is _Section.ACTIVITIES,
    )


def _words(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").split()).casefold()


def _shown(cells: list[str]) -> str:
    text = " | ".join(cell for cell in cells if cell)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_duration(text: str) -> dt.timedelta | None:
    """A duration as Teams writes it ('2h 14m 15s', '10m 59s', '45s', '1:02:03'), or None."""
    text = text.strip()
    clock = _CLOCK_DURATION.fullmatch(text)
    match = _DURATION.fullmatch(text)
    if clock:
        hours, minutes, seconds = (int(part) for part in clock.groups())
    elif text and match:
        hours, minutes, seconds = (int(part or 0) for part in match.group("h", "m", "s"))
    else:
        return None
    duration = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return duration if duration <= _MAX_DURATION else None


def _read_stamps(stamps: list[_Cell]) -> dict[_Cell, dt.datetime]:
    """Every date and time of the file, read in one day and month order for all.

    AM or PM means a US organiser, so month first unless a date cannot be read so; otherwise
    day first unless one cannot. A date that reads neither way, or a file whose dates need
    both, is refused at the line.
    """
    parts = {stamp: _stamp_parts(stamp) for stamp in stamps}
    us = any(match.group("half") for match in parts.values())
    orders = (True, False) if us else (False, True)
    for stamp, match in parts.items():
        if all(_stamp_value(match, month_first) is None for month_first in orders):
            raise _not_a_stamp(stamp)
    for month_first in orders:
        values = {stamp: _stamp_value(match, month_first) for stamp, match in parts.items()}
        if all(value is not None for value in values.values()):
            return {stamp: value for stamp, value in values.items() if value is not None}
    odd = next(s for s, match in parts.items() if _stamp_value(match, orders[0]) is None)
    usual = "month" if orders[0] else "day"
    raise BadInput(
        f"{_WHAT}, line {odd.line}: {odd.column!r} is {_shown([odd.text])}, which cannot be read "
        f"{usual} first as the report's other dates are"
    )


def _stamp_parts(stamp: _Cell) -> re.Match[str]:
    match = _STAMP.fullmatch(stamp.text)
    if match is None:
        raise _not_a_stamp(stamp)
    return match


def _stamp_value(match: re.Match[str], month_first: bool) -> dt.datetime | None:
    if match.group("iso_y"):
        year, month, day = (int(match.group(g)) for g in ("iso_y", "iso_m", "iso_d"))
    else:
        first, second, year = (int(match.group(g)) for g in ("a", "b", "y"))
        month, day = (first, second) if month_first else (second, first)
        year += 2000 if year < 100 else 0
    hour, minute = int(match.group("h")), int(match.group("min"))
    half = (match.group("half") or "").casefold()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if year not in _YEARS:
        return None
    try:
        return dt.datetime(year, month, day, hour, minute, int(match.group("s") or 0))
    except ValueError:
        return None


def _not_a_stamp(stamp: _Cell) -> BadInput:
    return BadInput(
        f"{_WHAT}, line {stamp.line}: {stamp.column!r} is {_shown([stamp.text])}, "
        "not a date and time"
    )


class _Gathered:
    """One person's rows as they are gathered: merged by e-mail, else by name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.emails: list[str] = []
        self.role = ""
        self.listed: list[Presence] = []  # from the participants table
        self.active: list[Presence] = []  # from the in-meeting activities, finer
        self.events: list[tuple[dt.datetime, bool]] = []  # from a list: (when, joined)


def _participants(
    rows: list[_Row],
    times: dict[_Cell, dt.datetime],
    listed: tuple[dt.datetime, dt.datetime] | None,
) -> tuple[Participant, ...]:
    """One participant for each person's rows, with every stretch they were in, sorted."""
    gathered: list[_Gathered] = []
    by_email: dict[str, _Gathered] = {}
    by_name: dict[str, _Gathered] = {}
    for row in rows:
        person = next(
            (by_email[e.casefold()] for e in row.emails if e.casefold() in by_email), None
        )
        key = name_key(row.name) or row.name.casefold()
        if person is None and key in by_name:
            person = by_name[key]
            if row.emails and person.emails:
                person = None  # the same name with another address: someone else
        if person is None:
            person = _Gathered(row.name)
            gathered.append(person)
        by_name.setdefault(key, person)
        for email in row.emails:
            by_email.setdefault(email.casefold(), person)
            if email.casefold() not in (e.casefold() for e in person.emails):
                person.emails.append(email)
        person.role = person.role or row.role
        _gather(person, row, times)
    return tuple(_participant(person, listed) for person in gathered)


def _gather(person: _Gathered, row: _Row, times: dict[_Cell, dt.datetime]) -> None:
    joined = times[row.joined] if row.joined is not None else None
    if joined is None:
        return
    if row.action:
        person.events.append((joined, row.action in _JOIN_ACTIONS))
        return
    left = times[row.left] if row.left is not None else None
    if left is None and row.duration is not None:
        left = joined + row.duration
    if left is not None and left < joined:
        raise BadInput(
            f"{_WHAT}, line {row.line}: {_shown([row.name])} leaves at {left:%H:%M:%S}, "
            f"before joining at {joined:%H:%M:%S}"
        )
    (person.active if row.detailed else person.listed).append(Presence(joined, left))


def _participant(person: _Gathered, listed: tuple[dt.datetime, dt.datetime] | None) -> Participant:
    presences = person.active or person.listed
    if listed is not None and not presences:
        presences = _paired(person.events, *listed)
    return Participant(
        name=person.name,
        emails=tuple(person.emails),
        role=person.role,
        presences=tuple(
            sorted(set(presences), key=lambda p: (p.joined, p.left is None, p.left or p.joined))
        ),
    )


def _paired(
    events: list[tuple[dt.datetime, bool]], first: dt.datetime, last: dt.datetime
) -> list[Presence]:
    """Joins and leaves paired in time order: a last join lasts until the list's `last`
    time, a leave with no join before it counts from its `first`."""
    presences: list[Presence] = []
    opened: dt.datetime | None = None
    for when, joined in sorted(events, key=lambda event: event[0]):
        if joined:
            opened = opened or when
        else:
            presences.append(Presence(opened or first, when))
            opened = None
    if opened is not None:
        presences.append(Presence(opened, last))
    return presences


# Matching

_TITLE_WORDS = """
    dr doctor cllr councillor mr mrs ms miss mx prof professor rev revd reverend sir dame
    lord lady baroness dci di ds dc pc ps sgt insp inspector det supt superintendent
    ch chief cc acc dcc
"""
_TITLES = frozenset(_TITLE_WORDS.split())
"""Words before a name that say what someone is, not who: left out when names are compared."""
_BRACKETED = re.compile(r"\([^)]*(?:\)|$)|\[[^\]]*(?:\]|$)")
_DROPPED = re.compile(r"['’.]")
_SEPARATORS = re.compile(r"[\W_]+")


def display_name(name: str) -> str:
    """A participant's name as the minutes would write it: 'Hale, Andrew (External)' is
    'Andrew Hale'; case and titles are kept."""
    text = " ".join(_BRACKETED.sub(" ", name).split())
    surname, comma, rest = text.partition(",")
    if comma and rest.strip() and " " not in surname.strip():
        text = f"{rest.strip()} {surname.strip()}"
    return text or " ".join(name.split())


def name_key(name: str) -> str:
    """A name as compared: 'Hale, Andrew (Cllr)' and 'Cllr Andrew Hale' are 'andrew hale'.

    Accents, case, full stops, brackets ('(External)', '(Unverified)') and titles go, and
    'Surname, First' turns round. A name of titles only keeps its last word.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _BRACKETED.sub(" ", text).casefold()
    surname, comma, rest = text.partition(",")
    if comma:
        text = f"{rest} {surname}"
    words = _SEPARATORS.sub(" ", _DROPPED.sub("", text)).split()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


def match_participant(participant: Participant, people: Sequence[Person]) -> Match:
    """Who the participant is among `people`: by e-mail, else by name, else by a close name.

    Several people fitting equally well make the match ambiguous; none of them is chosen.
    """
    people = list(_by_id(people, lambda person: person.id).values())
    addresses = {email.casefold() for email in participant.emails}
    by_email = [p for p in people if p.email and p.email.casefold() in addresses]
    if by_email:
        return _chosen(participant, by_email, MatchKind.EMAIL, 100.0)
    key = participant.key
    named = [(name_key(p.name), p) for p in people if p.name]
    named = [(other, p) for other, p in named if other]
    if not key or not named:
        return Match(participant, MatchKind.NONE)
    exact = [p for other, p in named if other == key]
    if exact:
        return _chosen(participant, exact, MatchKind.NAME, 100.0)
    scored = sorted(
        ((score, p) for other, p in named if (score := _likeness(key, other)) >= FUZZY_THRESHOLD),
        key=lambda pair: -pair[0],
    )
    if not scored:
        return Match(participant, MatchKind.NONE)
    best = scored[0][0]
    close = [p for score, p in scored if score >= best - AMBIGUITY_MARGIN]
    return _chosen(participant, close, MatchKind.FUZZY, best)


def _chosen(participant: Participant, people: list[Person], kind: MatchKind, score: float) -> Match:
    if len(people) > 1:
        kind = MatchKind.AMBIGUOUS
    return Match(participant, kind, tuple(people), score)


def _likeness(key: str, other: str) -> float:
    """How alike two normalised names are, out of 100. 'J Smith' and 'Jane Smith' differ
    little in letters but agree as far as they go: they count as the least fuzzy match."""
    score = float(fuzz.token_sort_ratio(key, other))
    if _initials_agree(key.split(), other.split()):
        score = max(score, FUZZY_THRESHOLD)
    return score


def _initials_agree(words: list[str], others: list[str]) -> bool:
    """The same surname, and each given name the same or an initial of the other's."""
    if len(words) != len(others) or len(words) < 2 or words[-1] != others[-1]:
        return False
    return all(
        a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
        for a, b in zip(words[:-1], others[:-1], strict=True)
    )


# Planning


def plan_attendance(
    report: TeamsReport,
    meeting: Meeting,
    roster: Sequence[RosterEntry],
    *,
    tz: dt.tzinfo | None = None,
    chosen: Mapping[Participant, int] | None = None,
) -> TeamsPlan:
    """What the report would make of the meeting's attendance, for the clerk to confirm.

    Participants are matched among the meeting's attendees and the committee's roster,
    but for those the clerk has `chosen` a person for (participant -> person id).
    The report's wall-clock times are in `tz` (by default this machine's zone). Someone
    more than `ON_TIME_MARGIN` late or early is stamped with the item then under way.
    """
    attendees = _by_id(meeting.attendees, lambda attendee: attendee.person.id)
    entries = _by_id(roster, lambda entry: entry.person.id)
    people = [a.person for a in meeting.attendees] + [e.person for e in roster]
    known = _by_id(people, lambda person: person.id)
    chosen = chosen or {}
    matches = [
        Match(p, MatchKind.CHOSEN, (known[chosen[p]],), 100.0)
        if chosen.get(p) in known
        else match_participant(p, people)
        for p in report.participants
    ]
    by_person: dict[int, list[Match]] = {}
    for match in matches:
        if match.kind in (MatchKind.EMAIL, MatchKind.NAME, MatchKind.FUZZY, MatchKind.CHOSEN):
            by_person.setdefault(match.people[0].id, []).append(match)
    start = _wall_clock(meeting.date, meeting.start_time) or report.start
    end = _wall_clock(meeting.date, meeting.end_time) or report.end
    marks = tuple(
        _mark(
            mine[0].people[0],
            tuple(mine),
            attendees.get(person_id),
            entries.get(person_id),
            meeting.items,
            (start, end),
            tz,
        )
        for person_id, mine in by_person.items()
    )
    ambiguous = tuple(m for m in matches if m.kind is MatchKind.AMBIGUOUS)
    perhaps = {person.id for match in ambiguous for person in match.people}
    not_joined = tuple(
        attendee
        for attendee in meeting.attendees
        if attendee.status is AttendanceStatus.EXPECTED
        and attendee.person.id not in by_person
        and attendee.person.id not in perhaps
    )
    warnings = []
    if report.date is not None and report.date != meeting.date:
        warnings.append(
            f"The report is of a meeting on {_day(report.date)}; "
            f"this meeting is on {_day(meeting.date)}"
        )
    return TeamsPlan(
        meeting=meeting,
        marks=marks,
        ambiguous=ambiguous,
        unmatched=tuple(m.participant for m in matches if m.kind is MatchKind.NONE),
        not_joined=not_joined,
        warnings=tuple(warnings),
    )


def _mark(
    person: Person,
    matches: tuple[Match, ...],
    attendee: Attendee | None,
    entry: RosterEntry | None,
    items: Sequence[Item],
    meeting_times: tuple[dt.datetime | None, dt.datetime | None],
    tz: dt.tzinfo | None,
) -> PlannedMark:
    if attendee is not None and attendee.status in _ATTENDING:
        status = attendee.status
    else:
        status = entry.expected_status if entry is not None else AttendanceStatus.PRESENT
    start, end = meeting_times
    joined, left = _first_join(matches), _last_leave(matches)
    late = start is not None and joined is not None and joined - start > ON_TIME_MARGIN
    early = end is not None and left is not None and end - left > ON_TIME_MARGIN
    # The report only adds what it shows: a stamp the clerk made stays unless the report
    # has a later arrival or an earlier leaving of its own.
    had_arrival = (attendee.arrived_at, attendee.arrived_item_id) if attendee else (None, None)
    had_leaving = (attendee.left_at, attendee.left_item_id) if attendee else (None, None)
    arrived_at, arrived_item_id = _stamped(joined if late else None, had_arrival, items, tz)
    left_at, left_item_id = _stamped(left if early else None, had_leaving, items, tz)
    kept = tuple(
        what
        for what, now, had in (("arrival", late, had_arrival), ("leaving", early, had_leaving))
        if not now and had != (None, None)
    )
    unchanged = attendee is not None and (
        attendee.status,
        attendee.arrived_at,
        attendee.arrived_item_id,
        attendee.left_at,
        attendee.left_item_id,
    ) == (status, arrived_at, arrived_item_id, left_at, left_item_id)
    return PlannedMark(
        person=person,
        status=status,
        matches=matches,
        attendee_id=attendee.id if attendee is not None else None,
        arrived_at=arrived_at,
        arrived_item_id=arrived_item_id,
        left_at=left_at,
        left_item_id=left_item_id,
        email=next((m.participant.email for m in matches if m.participant.email), ""),
        unchanged=unchanged,
        kept=kept,
    )


def _stamped(
    reported: dt.datetime | None,
    had: tuple[dt.datetime | None, int | None],
    items: Sequence[Item],
    tz: dt.tzinfo | None,
) -> tuple[dt.datetime | None, int | None]:
    """A stamp from the report's wall-clock time, with the item then under way; else the
    stamp the attendance `had`."""
    if reported is None:
        return had
    moment = _utc(reported, tz)
    return moment, _under_way(items, moment)


def _by_id(values: Iterable[_T], key: Callable[[_T], int]) -> dict[int, _T]:
    """Each value under its id, the first where several share one."""
    found: dict[int, _T] = {}
    for value in values:
        found.setdefault(key(value), value)
    return found


def _wall_clock(date: dt.date, time: str) -> dt.datetime | None:
    if not time:
        return None
    try:
        return dt.datetime.combine(date, dt.time.fromisoformat(parse_time(time)))
    except BadInput:
        return None


def _utc(wall_clock: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    local = wall_clock.replace(tzinfo=tz) if tz is not None else wall_clock.astimezone()
    return local.astimezone(dt.UTC)


def _under_way(items: Iterable[Item], moment: dt.datetime | None) -> int | None:
    """The item being taken at `moment`: started, and not yet ended; the latest if several."""
    if moment is None:
        return None
    taking = [
        item
        for item in items
        if item.started_at is not None
        and item.started_at <= moment
        and (item.ended_at is None or moment < item.ended_at)
    ]
    return max(taking, key=lambda item: item.started_at or moment).id if taking else None


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _in_words(names: list[str], conjunction: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _span(participant: Participant) -> str:
    joined, left = participant.first_join, participant.last_leave
    if joined is None:
        return ""
    return f", {joined:%H:%M}-{left:%H:%M}" if left is not None else f", from {joined:%H:%M}"
