"""The attendance register: how often each organisation and member came to a committee.

Boards report on partner engagement with these figures. Each meeting held counts once
per member in exactly one column: attended (present or in attendance), deputy (someone
came in their place), apologies, or missed (marked absent, or never marked at all). An
organisation attended a meeting if anyone from it did, deputies included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from storage.domain import AttendanceStatus, Committee, Person
from storage.tables import AttendanceRow, MeetingRow, PersonRow

ATTENDANCE = AttendanceRow.__table__  # type: ignore[attr-defined]
MEETING = MeetingRow.__table__  # type: ignore[attr-defined]
PERSON = PersonRow.__table__  # type: ignore[attr-defined]

ATTENDED = frozenset({AttendanceStatus.PRESENT.value, AttendanceStatus.IN_ATTENDANCE.value})
NO_ORGANISATION = "(no organisation)"


@dataclass(frozen=True, slots=True)
class AttendanceTally:
    """One organisation's or member's figures over the meetings counted."""

    label: str
    attended: int = 0
    deputy: int = 0
    apologies: int = 0
    missed: int = 0

    @property
    def meetings(self) -> int:
        return self.attended + self.deputy + self.apologies + self.missed


@dataclass(frozen=True, slots=True)
class AttendanceRegister:
    """The figures for one committee's meetings held between `since` and `until`."""

    committee: Committee
    meeting_dates: tuple[dt.date, ...]
    organisations: tuple[AttendanceTally, ...]
    members: tuple[AttendanceTally, ...]


def attendance_register(
    source: Any,
    committee: Committee,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AttendanceRegister:
    """Tally attendance at `committee`'s meetings from `since` up to `until` (default today).

    Meetings after `until` have not been held, so nobody could attend them yet.
    """
    engine: Engine = getattr(source, "engine", source)
    until = until or dt.date.today()
    conditions = [MEETING.c.committee_id == committee.id, MEETING.c.date <= until]
    if since is not None:
        conditions.append(MEETING.c.date >= since)
    with engine.connect() as connection:
        connection.execution_options(minutebook_write=False)
        dates = connection.execute(
            select(MEETING.c.id, MEETING.c.date).where(*conditions).order_by(MEETING.c.date)
        ).all()
        meeting_ids = [row.id for row in dates]
        rows = connection.execute(
            select(
                ATTENDANCE.c.meeting_id,
                ATTENDANCE.c.status,
                ATTENDANCE.c.deputising_for_id,
                PERSON.c.id,
                PERSON.c.name,
                PERSON.c.role,
                PERSON.c.organisation,
            )
            .join(PERSON, PERSON.c.id == ATTENDANCE.c.person_id)
            .where(ATTENDANCE.c.meeting_id.in_(meeting_ids))
            .order_by(ATTENDANCE.c.meeting_id, ATTENDANCE.c.position)
        ).all()
        people = {
            row.id: Person(row.id, row.name, row.role, row.organisation)
            for row in connection.execute(select(PERSON)).all()
        }
    return AttendanceRegister(
        committee=committee,
        meeting_dates=tuple(row.date for row in dates),
        organisations=_organisation_tallies(rows, people),
        members=_member_tallies(rows, people),
    )


def _organisation_of(person: Person) -> str:
    return person.organisation or NO_ORGANISATION


def _member_tallies(rows: Any, people: dict[int, Person]) -> tuple[AttendanceTally, ...]:
    # Per member and meeting: own status, and whether a deputy came for them.
    own: dict[tuple[int, int], str] = {}
    deputised: set[tuple[int, int]] = set()
    for row in rows:
        if row.deputising_for_id is not None:
            if row.status in ATTENDED:
                deputised.add((row.deputising_for_id, row.meeting_id))
            continue
        own[(row.id, row.meeting_id)] = row.status
    for member, meeting in deputised:
        own.setdefault((member, meeting), AttendanceStatus.ABSENT.value)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (member, meeting), status in own.items():
        counts[member][_column(status, (member, meeting) in deputised)] += 1
    members = sorted(counts, key=lambda m: (_organisation_of(people[m]), people[m].label()))
    return tuple(AttendanceTally(label=people[m].label(), **counts[m]) for m in members)


def _organisation_tallies(rows: Any, people: dict[int, Person]) -> tuple[AttendanceTally, ...]:
    statuses: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row in rows:
        statuses[(_organisation_of(people[row.id]), row.meeting_id)].add(row.status)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (organisation, _meeting), seen in statuses.items():
        if seen & ATTENDED:
            counts[organisation]["attended"] += 1
        elif AttendanceStatus.APOLOGIES.value in seen:
            counts[organisation]["apologies"] += 1
        else:
            counts[organisation]["missed"] += 1
    return tuple(
        AttendanceTally(label=organisation, **counts[organisation])
        for organisation in sorted(counts)
    )


def _column(status: str, deputy_came: bool) -> str:
    if status in ATTENDED:
        return "attended"
    if deputy_came:
        return "deputy"
    if status == AttendanceStatus.APOLOGIES.value:
        return "apologies"
    return "missed"
