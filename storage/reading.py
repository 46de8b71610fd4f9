"""Reading whole meetings with plain SQL, over any connection that can run a query.

The repository runs these queries through SQLAlchemy; `storage.quick` runs the very same
ones through the standard library's sqlite3, so the first screen can be drawn before
SQLAlchemy has even been imported. Only the standard library and the domain are used here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from storage.dates import parse_date
from storage.domain import (
    Action,
    ActionStatus,
    ActionUpdate,
    Approval,
    AttendanceStatus,
    Attendee,
    Committee,
    Correction,
    Decision,
    Declaration,
    InterestAction,
    Item,
    ItemStatus,
    Meeting,
    MeetingStatus,
    MeetingSummary,
    Motion,
    MotionResult,
    Person,
    ReviewedAction,
    RosterGroup,
    Section,
    Vote,
    VoteCast,
)
from storage.errors import BadInput, NotFound
from storage.style import stored_style

Row = Mapping[Any, Any]
Fetch = Callable[[str, dict[str, Any]], Sequence[Row]]
"""Runs one query with :named parameters and returns its rows as mappings."""


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_moment(value: Any) -> dt.datetime | None:
    """SQLite hands datetimes back as text without their zone; they were stored in UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


_SUMMARIES = """
    SELECT m.id, m.committee_id, c.name AS committee_name, m.date, m.start_time, m.end_time,
           m.venue, m.status
    FROM meeting m JOIN committee c ON c.id = m.committee_id
    {where}
    ORDER BY m.date DESC, m.id DESC
"""


def meeting_summaries(fetch: Fetch, committee_id: int | None = None) -> list[MeetingSummary]:
    """Meetings, newest first."""
    where, params = ("WHERE m.committee_id = :committee", {"committee": committee_id})
    if committee_id is None:
        where, params = "", {}
    return [
        MeetingSummary(
            id=row["id"],
            committee_id=row["committee_id"],
            committee_name=row["committee_name"],
            date=as_date(row["date"]) or dt.date.min,
            start_time=row["start_time"],
            end_time=row["end_time"],
            venue=row["venue"],
            status=MeetingStatus(row["status"]),
        )
        for row in fetch(_SUMMARIES.format(where=where), params)
    ]


def resolve_meeting(fetch: Fetch, reference: str) -> int:
    """A meeting id from what a user types: an id, 'latest', or a date with one meeting."""
    reference = reference.strip()
    if reference.isdigit():
        if not fetch("SELECT id FROM meeting WHERE id = :id", {"id": int(reference)}):
            raise NotFound(f"no meeting with id {reference}")
        return int(reference)
    if reference == "latest":
        rows = fetch("SELECT id FROM meeting ORDER BY date DESC, id DESC LIMIT 1", {})
        if not rows:
            raise NotFound("there are no meetings yet")
        return int(rows[0]["id"])
    try:
        date = parse_date(reference)
    except BadInput:
        raise BadInput(
            f"not a meeting: {reference!r} (give an id, 'latest' or a date YYYY-MM-DD)"
        ) from None
    ids = [
        int(row["id"])
        for row in fetch("SELECT id FROM meeting WHERE date = :date ORDER BY id", {"date": date})
    ]
    if not ids:
        raise NotFound(f"no meeting on {reference}")
    if len(ids) > 1:
        listed = ", ".join(str(i) for i in ids)
        raise BadInput(f"{len(ids)} meetings on {reference} (ids {listed}): give an id")
    return ids[0]


def live_lease_holder(fetch: Fetch, meeting_id: int) -> str | None:
    """Who holds the meeting's editing lease, unless it has lapsed."""
    rows = fetch(
        "SELECT holder, expires_at FROM meeting_lease WHERE meeting_id = :meeting",
        {"meeting": meeting_id},
    )
    if not rows:
        return None
    lapses = as_moment(rows[0]["expires_at"])
    return rows[0]["holder"] if lapses and lapses > dt.datetime.now(dt.UTC) else None


MEETING_SQL = (
    "SELECT m.*, c.name AS committee_name, c.protective_marking AS committee_marking,"
    " c.house_style AS committee_house_style, c.quorum AS committee_quorum"
    " FROM meeting m JOIN committee c ON c.id = m.committee_id WHERE m.id = :meeting"
)
SECTIONS_SQL = "SELECT * FROM agenda_section WHERE meeting_id = :meeting ORDER BY position, id"
ITEMS_SQL = (
    "SELECT i.*, d.date AS deferred_to_meeting_date FROM agenda_item i"
    " LEFT JOIN meeting d ON d.id = i.deferred_to_meeting_id"
    " WHERE i.meeting_id = :meeting ORDER BY i.position, i.id"
)
UPDATES_SQL = (
    'SELECT * FROM action_update WHERE action_id IN (SELECT id FROM "action"'
    " WHERE meeting_id = :meeting) OR action_id IN (SELECT action_id FROM reviewed_action"
    " WHERE meeting_id = :meeting) ORDER BY made_at, id"
)
ACTIONS_SQL = 'SELECT * FROM "action" WHERE meeting_id = :meeting ORDER BY position, id'
REVIEWED_SQL = (
    "SELECT a.*, r.item_id AS reviewed_item_id, r.position AS reviewed_position"
    ' FROM reviewed_action r JOIN "action" a ON a.id = r.action_id'
    " WHERE r.meeting_id = :meeting ORDER BY r.position, a.id"
)
DECISIONS_SQL = "SELECT * FROM decision WHERE meeting_id = :meeting ORDER BY position, id"
VOTES_SQL = (
    "SELECT v.* FROM vote v JOIN decision d ON d.id = v.decision_id"
    " LEFT JOIN attendance a ON a.meeting_id = d.meeting_id AND a.person_id = v.person_id"
    " WHERE d.meeting_id = :meeting ORDER BY v.decision_id, a.position, a.id, v.person_id"
)
"""The recorded votes of a meeting's motions, each in the order of the attendance."""
DECLARATIONS_SQL = "SELECT * FROM declaration WHERE meeting_id = :meeting ORDER BY position, id"
ATTENDEES_SQL = (
    "SELECT a.*, p.name AS p_name, p.role AS p_role, p.organisation AS p_organisation,"
    " p.initials AS p_initials, p.email AS p_email, d.name AS d_name, d.role AS d_role,"
    " d.organisation AS d_organisation, d.initials AS d_initials, d.email AS d_email,"
    " r.roster_group AS roster_group, r.voting AS roster_voting"
    " FROM attendance a JOIN person p ON p.id = a.person_id"
    " LEFT JOIN person d ON d.id = a.deputising_for_id"
    " JOIN meeting m ON m.id = a.meeting_id"
    " LEFT JOIN roster_entry r ON r.committee_id = m.committee_id AND r.person_id = a.person_id"
    " WHERE a.meeting_id = :meeting ORDER BY a.position, a.id"
)
NUMBER_SQL = (
    "SELECT COUNT(*) AS number FROM meeting m JOIN meeting t ON t.committee_id = m.committee_id"
    " WHERE t.id = :meeting AND (m.date < t.date OR (m.date = t.date AND m.id <= t.id))"
)
"""The meeting's number in its committee's series: its meetings up to it, by date then id."""
APPROVALS_SQL = (
    "SELECT id, date FROM meeting WHERE approved_at_meeting_id = :meeting ORDER BY date, id"
)
CORRECTIONS_SQL = (
    "SELECT c.*, (i.confidential OR i.exempt) AS item_confidential FROM correction c"
    " LEFT JOIN agenda_item i ON i.id = c.item_id"
    " WHERE c.meeting_id = :meeting"
    " OR c.meeting_id IN (SELECT id FROM meeting WHERE approved_at_meeting_id = :meeting)"
    " ORDER BY c.meeting_id, c.position, c.id"
)
"""The corrections made to a meeting's minutes, and to those approved at it."""
MEETING_QUERIES = (
    MEETING_SQL,
    APPROVALS_SQL,
    CORRECTIONS_SQL,
    SECTIONS_SQL,
    ITEMS_SQL,
    UPDATES_SQL,
    ACTIONS_SQL,
    REVIEWED_SQL,
    DECISIONS_SQL,
    VOTES_SQL,
    DECLARATIONS_SQL,
    ATTENDEES_SQL,
    NUMBER_SQL,
)
"""Every query `load_meeting` runs, each with the one parameter `meeting`, none needing
another's answer: a server can be sent them all at once."""


def load_meeting(fetch: Fetch, meeting_id: int) -> Meeting:
    """A whole meeting, everything minuted in it included, in the `MEETING_QUERIES`."""
    params = {"meeting": meeting_id}
    rows = fetch(MEETING_SQL, params)
    if not rows:
        raise NotFound(f"no meeting with id {meeting_id}")
    meeting = rows[0]
    sections = [section(row) for row in fetch(SECTIONS_SQL, params)]
    items = [item(row) for row in fetch(ITEMS_SQL, params)]
    updates: dict[int, list[ActionUpdate]] = {}
    for row in fetch(UPDATES_SQL, params):
        updates.setdefault(row["action_id"], []).append(action_update(row))
    actions = [action(row, updates.get(row["id"], ())) for row in fetch(ACTIONS_SQL, params)]
    reviewed = [
        ReviewedAction(
            action=action(row, updates.get(row["id"], ())),
            item_id=row["reviewed_item_id"],
            position=row["reviewed_position"],
        )
        for row in fetch(REVIEWED_SQL, params)
    ]
    votes: dict[int, list[Vote]] = {}
    for row in fetch(VOTES_SQL, params):
        votes.setdefault(row["decision_id"], []).append(vote(row))
    decisions = [decision(row, votes.get(row["id"], ())) for row in fetch(DECISIONS_SQL, params)]
    corrections: dict[int, list[Correction]] = {}
    for row in fetch(CORRECTIONS_SQL, params):
        corrections.setdefault(row["meeting_id"], []).append(correction(row))
    return Meeting(
        id=meeting_id,
        committee=Committee(
            id=meeting["committee_id"],
            name=meeting["committee_name"],
            protective_marking=meeting["committee_marking"],
            style=stored_style(meeting["committee_house_style"]),
            quorum=meeting["committee_quorum"],
        ),
        date=as_date(meeting["date"]) or dt.date.min,
        start_time=meeting["start_time"],
        end_time=meeting["end_time"],
        venue=meeting["venue"],
        protective_marking=meeting["protective_marking"],
        status=MeetingStatus(meeting["status"]),
        approved_on=as_date(meeting["approved_on"]),
        approved_at_meeting_id=meeting["approved_at_meeting_id"],
        approvals=tuple(
            Approval(as_date(row["date"]) or dt.date.min, tuple(corrections.get(row["id"], ())))
            for row in fetch(APPROVALS_SQL, params)
        ),
        corrections=tuple(corrections.get(meeting_id, ())),
        attendees=tuple(_attendees(fetch, params)),
        sections=tuple(sections),
        items=tuple(in_agenda_order(items, {s.id: n for n, s in enumerate(sections)})),
        actions=tuple(actions),
        decisions=tuple(decisions),
        reviewed=tuple(reviewed),
        declarations=tuple(declaration(row) for row in fetch(DECLARATIONS_SQL, params)),
        number=int(fetch(NUMBER_SQL, params)[0]["number"]),
    )


class _Placed(Protocol):
    """An agenda item, as a row or as a domain object."""

    @property
    def id(self) -> int | None: ...
    @property
    def section_id(self) -> int | None: ...
    @property
    def position(self) -> int: ...


PlacedT = TypeVar("PlacedT", bound=_Placed)


def in_agenda_order(
    items: Sequence[PlacedT], section_rank: Mapping[int | None, int]
) -> list[PlacedT]:
    """Items as the agenda shows them: unsectioned first, then section by section."""
    return sorted(
        items, key=lambda item: (section_rank.get(item.section_id, -1), item.position, item.id or 0)
    )


def _attendees(fetch: Fetch, params: dict[str, Any]) -> list[Attendee]:
    return [
        attendee(
            row,
            person(row, prefix="p_", id_key="person_id"),
            person(row, prefix="d_", id_key="deputising_for_id")
            if row["deputising_for_id"] is not None
            else None,
            RosterGroup(row["roster_group"]) if row["roster_group"] else None,
            voting=bool(row["roster_voting"]),
        )
        for row in fetch(ATTENDEES_SQL, params)
    ]


# -- one converter per domain object, from a row as a mapping ----------------------------
# The repository hands its ORM rows to these too (as mappings of their fields), so an
# object read alone and the same object read with its whole meeting are always alike.


def person(row: Row, *, prefix: str = "", id_key: str = "id") -> Person:
    """A person from a row of `person`, or from its columns joined in under `prefix`."""
    return Person(
        id=row[id_key],
        name=row[f"{prefix}name"],
        role=row[f"{prefix}role"],
        organisation=row[f"{prefix}organisation"],
        initials=row[f"{prefix}initials"],
        email=row[f"{prefix}email"] or "",
    )


def committee(row: Row) -> Committee:
    return Committee(
        id=row["id"],
        name=row["name"],
        protective_marking=row["protective_marking"],
        style=stored_style(row["house_style"]),
        quorum=row["quorum"],
    )


def section(row: Row) -> Section:
    return Section(id=row["id"], title=row["title"], position=row["position"])


def correction(row: Row) -> Correction:
    return Correction(
        place=row["place"],
        said=row["said"],
        now_says=row["now_says"],
        item_id=row["item_id"],
        confidential=bool(row["item_confidential"]),
    )


def decision(row: Row, votes: Sequence[Vote] = ()) -> Decision:
    """A decision from a row of `decision`, with its motion's recorded `votes`."""
    return Decision(
        id=row["id"],
        meeting_id=row["meeting_id"],
        text=row["text"],
        item_id=row["item_id"],
        position=row["position"],
        publishable=bool(row["publishable"]),
        motion=motion(row, votes),
    )


def declaration(row: Row) -> Declaration:
    return Declaration(
        id=row["id"],
        meeting_id=row["meeting_id"],
        person_id=row["person_id"],
        item_id=row["item_id"],
        interest=row["interest"],
        kind=row["kind"],
        action=InterestAction(row["action"] or InterestAction.TOOK_PART),
        position=row["position"],
    )


def motion(row: Row, votes: Sequence[Vote]) -> Motion | None:
    """The motion a decision was taken on, from its row; None for a plain decision."""
    if not row["motion"]:
        return None
    return Motion(
        mover_id=row["mover_id"],
        seconder_id=row["seconder_id"],
        votes_for=row["votes_for"],
        votes_against=row["votes_against"],
        abstained=row["abstained"],
        result=MotionResult(row["result"] or MotionResult.CARRIED),
        votes=tuple(votes),
    )


def vote(row: Row) -> Vote:
    return Vote(person_id=row["person_id"], vote=VoteCast(row["vote"]))


def attendee(
    row: Row,
    person: Person,
    deputising_for: Person | None,
    group: RosterGroup | None,
    *,
    voting: bool = False,
) -> Attendee:
    return Attendee(
        id=row["id"],
        person=person,
        status=AttendanceStatus(row["status"]),
        position=row["position"],
        deputising_for=deputising_for,
        note=row["note"],
        arrived_at=as_moment(row["arrived_at"]),
        arrived_item_id=row["arrived_item_id"],
        left_at=as_moment(row["left_at"]),
        left_item_id=row["left_item_id"],
        group=group,
        voting=voting,
    )


def item(row: Row) -> Item:
    return Item(
        id=row["id"],
        meeting_id=row["meeting_id"],
        title=row["title"],
        section_id=row["section_id"],
        position=row["position"],
        number=row["number"],
        presenter=row["presenter"],
        status=ItemStatus(row["status"]),
        deferred_to_date=as_date(row["deferred_to_date"]),
        deferred_to_meeting_id=row["deferred_to_meeting_id"],
        deferred_to_name=row["deferred_to_name"],
        deferred_to_meeting_date=as_date(row["deferred_to_meeting_date"]),
        carried_from_item_id=row["carried_from_item_id"],
        started_at=as_moment(row["started_at"]),
        ended_at=as_moment(row["ended_at"]),
        notes=row["notes"],
        confidential=bool(row["confidential"]),
        exempt=bool(row["exempt"]),
        exempt_reason=row["exempt_reason"] or "",
        public_summary=row["public_summary"] or "",
    )


def action_update(row: Row) -> ActionUpdate:
    return ActionUpdate(
        id=row["id"],
        action_id=row["action_id"],
        made_at=as_moment(row["made_at"]) or dt.datetime.min.replace(tzinfo=dt.UTC),
        text=row["text"],
        meeting_id=row["meeting_id"],
    )


def action(row: Row, updates: Sequence[ActionUpdate]) -> Action:
    return Action(
        id=row["id"],
        committee_id=row["committee_id"],
        owner=row["owner"],
        text=row["text"],
        status=ActionStatus(row["status"]),
        meeting_id=row["meeting_id"],
        item_id=row["item_id"],
        raised_on=as_date(row["raised_on"]),
        position=row["position"],
        due_text=row["due_text"],
        due_date=as_date(row["due_date"]),
        updates=tuple(updates),
        after_text=row["after_text"],
    )
