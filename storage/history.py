"""Approved minutes never change, and every change to minutes once circulated is kept.

Both rules look at whatever a session is about to write, in one `before_flush` event, so
that no write of the repository (nor one added to it later) can slip past them: the rows
of a meeting that are new, changed or deleted are gathered, each meeting's status is
found once per flush, and then the flush is refused (approved minutes) or its changes are
written to `meeting_change` in the clerk's words (circulated minutes). Notes, saved every
second in one plain UPDATE, come this way only once their meeting is no longer a draft
(`Repository.save_notes`, `SAVE_NOTES_SQL`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session, SQLModel, col, select

from storage.domain import MeetingChange, MeetingStatus
from storage.errors import BadInput
from storage.reading import as_moment
from storage.tables import (
    ActionRow,
    ActionUpdateRow,
    AttendanceRow,
    DecisionRow,
    ItemRow,
    MeetingChangeRow,
    MeetingRow,
    PersonRow,
    ReviewedActionRow,
    SectionRow,
)

COALESCED = dt.timedelta(minutes=10)
"""Changes of one field, each made within this long of the last, are kept as one."""


def no_longer_change(date: dt.date) -> BadInput:
    """The one line that refuses any change to the approved minutes of `date`."""
    return BadInput(f"the minutes of {date:%d %B %Y} are approved: they can no longer change")


def kept_changes(session: Session, meeting_id: int) -> list[MeetingChange]:
    """The history of a meeting's minutes, oldest first."""
    rows = session.exec(
        select(MeetingChangeRow)
        .where(MeetingChangeRow.meeting_id == meeting_id)
        .order_by(col(MeetingChangeRow.made_at), col(MeetingChangeRow.id))
    ).all()
    changes = []
    for row in rows:
        made_at = as_moment(row.made_at)
        assert made_at is not None  # a column that is never empty
        changes.append(MeetingChange(made_at, row.what, row.before, row.after))
    return changes


@dataclass(frozen=True)
class _Kept:
    """How the rows of one table belong to a meeting's minutes."""

    label: Callable[[Session, Any], str]
    """The record in the clerk's words ("item 5. Finance report"), as the minutes had it."""
    summary: Callable[[Session, Any], str]
    """What the record said, kept when it is added or deleted."""
    fields: dict[str, str] = field(default_factory=dict)
    """The columns told in the history, each with its word ("" when the label says it)."""
    free: frozenset[str] = frozenset()
    """Columns that live on after the minutes are approved."""


def _was(row: Any, name: str) -> Any:
    """A column's value as stored before this flush."""
    history = inspect(row).attrs[name].history
    return history.deleted[0] if history.deleted else getattr(row, name)


def _item_heading(session: Session, item_id: int | None, *, short: bool = False) -> str:
    item = session.get(ItemRow, item_id) if item_id is not None else None
    if item is None:
        return ""
    number, title = _was(item, "number"), _was(item, "title")
    return number if short and number else f"{number} {title}".strip()


def _under_item(kind: str) -> Callable[[Session, Any], str]:
    def label(session: Session, row: Any) -> str:
        heading = _item_heading(session, _was(row, "item_id"), short=True)
        return f"{kind} under item {heading}" if heading else kind

    return label


def _person_named(session: Session, person_id: int | None) -> str:
    person = session.get(PersonRow, person_id) if person_id is not None else None
    if person is None:
        return ""
    return person.name or ", ".join(p for p in (person.role, person.organisation) if p)


def _said(session: Session, name: str, value: Any) -> str:
    """A stored value as the history says it."""
    if value is None:
        return ""
    if name in ("item_id", "arrived_item_id", "left_item_id"):
        return _item_heading(session, value)
    if name in ("person_id", "deputising_for_id"):
        return _person_named(session, value)
    if name == "section_id":
        section = session.get(SectionRow, value)
        return section.title if section else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return f"{as_moment(value):%Y-%m-%d %H:%M} UTC"  # as stored: the clerk's zone may vary
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _action_summary(session: Session, row: ActionRow) -> str:
    due = f" (by {row.due_text})" if row.due_text else ""
    return f"{row.owner}: {row.text}{due}" if row.owner else f"{row.text}{due}"


_KEPT: dict[type[SQLModel], _Kept] = {
    MeetingRow: _Kept(
        label=lambda session, row: "",
        summary=lambda session, row: "",
        fields={
            "date": "date",
            "start_time": "start time",
            "end_time": "end time",
            "venue": "venue",
            "protective_marking": "protective marking",
            "status": "status",
        },
        # Cleared when the later meeting that approved them is deleted.
        free=frozenset({"approved_at_meeting_id"}),
    ),
    SectionRow: _Kept(
        label=lambda session, row: f"heading {_was(row, 'title')}".strip(),
        summary=lambda session, row: row.title,
        fields={"title": ""},
    ),
    ItemRow: _Kept(
        label=lambda session, row: f"item {_was(row, 'number')} {_was(row, 'title')}".replace(
            "  ", " "
        ).strip(),
        summary=lambda session, row: "\n\n".join(t for t in (row.title, row.notes) if t),
        fields={
            "title": "title",
            "notes": "notes",
            "presenter": "presenter",
            "number": "number",
            "status": "status",
            "started_at": "started at",
            "ended_at": "ended at",
            "deferred_to_date": "deferred to",
            "deferred_to_name": "deferred to",
            "confidential": "confidential",
            "section_id": "heading",
        },
        # Set when a later meeting takes the deferred item onto its agenda.
        free=frozenset({"deferred_to_meeting_id"}),
    ),
    AttendanceRow: _Kept(
        label=lambda session, row: f"attendance: {_person_named(session, _was(row, 'person_id'))}",
        summary=lambda session, row: " — ".join(t for t in (row.status, row.note) if t),
        fields={
            "status": "",
            "note": "note",
            "deputising_for_id": "deputising for",
            "arrived_at": "arrived at",
            "arrived_item_id": "arrived during",
            "left_at": "left at",
            "left_item_id": "left during",
        },
    ),
    DecisionRow: _Kept(
        label=_under_item("decision"),
        summary=lambda session, row: row.text,
        fields={"text": "", "item_id": "item"},
    ),
    ActionRow: _Kept(
        label=_under_item("action"),
        summary=_action_summary,
        fields={"text": "", "owner": "owner", "due_text": "due", "item_id": "item"},
        # An action's progress is not the minutes: it is reviewed at later meetings.
        free=frozenset({"status", "confidential"}),
    ),
    ReviewedActionRow: _Kept(label=lambda session, row: "", summary=lambda session, row: ""),
}

_WITH_AN_UPDATE = frozenset({"owner", "due_text", "due_date"})
"""An action's columns that a dated update may change, saying so (`add_action_update`)."""


def _changed(row: Any) -> list[str]:
    state = inspect(row)
    return [a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()]


def _meetings_of(row: Any) -> set[int]:
    if isinstance(row, MeetingRow):
        return {row.id} if row.id is not None else set()
    return {m for m in (row.meeting_id, _was(row, "meeting_id")) if m is not None}


def _stored_statuses(session: Session, ids: set[int]) -> dict[int, tuple[str, dt.date]]:
    """Each meeting's status and date as stored before this flush: from the rows the
    session holds already, else in one query."""
    found: dict[int, tuple[str, dt.date]] = {}
    for row in session.identity_map.values():
        if isinstance(row, MeetingRow) and row.id is not None and row.id in ids:
            loaded = inspect(row).dict
            if "status" in loaded and "date" in loaded:
                found[row.id] = (_was(row, "status"), _was(row, "date"))
    missing = ids - found.keys()
    if missing:
        query = select(col(MeetingRow.id), col(MeetingRow.status), col(MeetingRow.date)).where(
            col(MeetingRow.id).in_(missing)
        )
        for meeting_id, status, date in session.connection().execute(query):
            if meeting_id is not None:  # a primary key, never
                found[meeting_id] = (status, date)
    return found


class _History:
    """The changes of one flush to circulated minutes. A field's change carries on the
    change just before it, and is joined to it, when that was to the same field, lately,
    and ended in what this one starts from (notes tidied, saved every second)."""

    def __init__(self, session: Session, moment: dt.datetime) -> None:
        self.session, self.moment = session, moment
        self.latest: dict[int, MeetingChangeRow | None] = {}

    def keep(self, meeting_id: int, what: str, before: str, after: str, *, join: bool) -> None:
        if before == after:
            return
        if meeting_id not in self.latest:
            self.latest[meeting_id] = self.session.exec(
                select(MeetingChangeRow)
                .where(MeetingChangeRow.meeting_id == meeting_id)
                .order_by(col(MeetingChangeRow.id).desc())
                .limit(1)
            ).first()
        last = self.latest[meeting_id]
        made = as_moment(last.made_at) if last is not None else None
        if (
            join
            and last is not None
            and (last.what, last.after) == (what, before)
            and made is not None
            and self.moment - made <= COALESCED
        ):
            last.after, last.made_at = after, self.moment
            return
        change = MeetingChangeRow(
            meeting_id=meeting_id, made_at=self.moment, what=what, before=before, after=after
        )
        self.session.add(change)
        self.latest[meeting_id] = change


@event.listens_for(Session, "before_flush")
def _guard_and_keep(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse a flush that would change approved minutes; keep what it changes in
    circulated ones."""
    touched: list[tuple[Any, str, list[str]]] = []
    for kind, rows in (("new", session.new), ("dirty", session.dirty), ("gone", session.deleted)):
        for row in rows:
            if type(row) in _KEPT:
                names = _changed(row) if kind == "dirty" else []
                if kind != "dirty" or names:
                    touched.append((row, kind, names))
    if not touched:
        return
    statuses = _stored_statuses(session, {m for row, _, _ in touched for m in _meetings_of(row)})
    updated = {u.action_id for u in session.new if isinstance(u, ActionUpdateRow)}
    from storage import repository  # it imports this module; `now` is its clock

    history = _History(session, repository.now())
    for row, kind, names in touched:
        kept = _KEPT[type(row)]
        free = kept.free | (_WITH_AN_UPDATE if getattr(row, "id", None) in updated else set())
        for meeting_id in _meetings_of(row):
            status, date = statuses.get(meeting_id, (MeetingStatus.DRAFT.value, dt.date.min))
            if status == MeetingStatus.APPROVED and (kind != "dirty" or set(names) - free):
                raise no_longer_change(date)
            if status != MeetingStatus.CIRCULATED or not kept.fields:
                continue
            label = kept.label(session, row)
            if kind == "dirty":
                for name in names:
                    if name in kept.fields:
                        what = ": ".join(w for w in (label, kept.fields[name]) if w)
                        before = _said(session, name, _was(row, name))
                        after = _said(session, name, getattr(row, name))
                        history.keep(meeting_id, what, before, after, join=True)
            else:
                said = kept.summary(session, row)
                before, after = ("", said) if kind == "new" else (said, "")
                history.keep(meeting_id, label, before, after, join=False)
