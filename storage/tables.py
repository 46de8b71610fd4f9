"""SQLModel tables: the stored shape of committees, meetings and what is minuted in them.

Only the repository touches these rows; everything outside storage/ sees the plain
domain objects of `storage.domain`. Enumerated values are stored as plain strings so a
JSON dump, a migration and a hand-written SQL query all read the same words.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CommitteeRow(SQLModel, table=True):
    __tablename__ = "committee"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    protective_marking: str = ""
    house_style: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """The committee's house style as TOML (storage.style); empty for the default."""
    quorum: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Voting members needed present: a number ("5") or a share of the voting membership
    ("1/3"); empty when none is set."""


class PublicWordRow(SQLModel, table=True):
    """A word a committee never publishes ("withheld"), or has judged fine to ("fine")."""

    __tablename__ = "public_word"

    committee_id: int = Field(foreign_key="committee.id", primary_key=True, ondelete="CASCADE")
    word: str = Field(primary_key=True)
    verdict: str


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = None
    role: str = ""
    organisation: str = ""
    initials: str = Field(default="", sa_column_kwargs={"server_default": ""})
    email: str = Field(default="", sa_column_kwargs={"server_default": ""})


class RosterEntryRow(SQLModel, table=True):
    """A person who is expected at every meeting of a committee."""

    __tablename__ = "roster_entry"

    committee_id: int = Field(foreign_key="committee.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    position: int = 0
    roster_group: str = Field(default="member", sa_column_kwargs={"server_default": "member"})
    voting: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})


class MeetingRow(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    date: dt.date = Field(index=True)
    start_time: str = ""
    end_time: str = ""
    venue: str = ""
    protective_marking: str = ""
    status: str = "draft"
    approved_on: dt.date | None = None
    # The later meeting that approved these minutes (no foreign key: added to a table
    # SQLite cannot alter; deleting that meeting clears it).
    approved_at_meeting_id: int | None = None


class AttendanceRow(SQLModel, table=True):
    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id")
    position: int = 0
    status: str = "expected"
    deputising_for_id: int | None = Field(default=None, foreign_key="person.id")
    note: str = ""
    arrived_at: dt.datetime | None = None
    arrived_item_id: int | None = None
    left_at: dt.datetime | None = None
    left_item_id: int | None = None


class SectionRow(SQLModel, table=True):
    __tablename__ = "agenda_section"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    title: str = ""
    position: int = 0


class ItemRow(SQLModel, table=True):
    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    section_id: int | None = Field(
        default=None, foreign_key="agenda_section.id", ondelete="SET NULL"
    )
    position: int = 0
    number: str = ""
    title: str = ""
    presenter: str = ""
    status: str = "pending"
    deferred_to_date: dt.date | None = None
    deferred_to_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    deferred_to_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    carried_from_item_id: int | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    notes: str = ""
    confidential: bool = False
    exempt: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    """Taken with the press and public excluded: `exempt_reason` says why (for councils the
    paragraph of Schedule 12A), `public_summary` is what the public version prints."""
    exempt_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    public_summary: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ActionRow(SQLModel, table=True):
    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", index=True, ondelete="SET NULL"
    )
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    raised_on: dt.date | None = None
    position: int = 0
    owner: str = ""
    text: str = ""
    due_text: str = ""
    due_date: dt.date | None = Field(default=None, index=True)
    status: str = Field(default="open", index=True)
    # Raised in a confidential item of a meeting this database does not hold (it came in
    # a dump): the item that says so is elsewhere, so the action says it itself.
    confidential: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    after_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """The notes line the action was typed after (`ACTION:`), for styles that print it there."""


class ActionUpdateRow(SQLModel, table=True):
    __tablename__ = "action_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    made_at: dt.datetime
    text: str = ""


class ReviewedActionRow(SQLModel, table=True):
    """An earlier open action carried into a meeting, to be reviewed under one of its items."""

    __tablename__ = "reviewed_action"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    action_id: int = Field(foreign_key="action.id", primary_key=True, ondelete="CASCADE")
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    position: int = 0


class DecisionRow(SQLModel, table=True):
    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    position: int = 0
    text: str = ""
    # Taken on a motion: who moved and seconded it, the votes cast, and the result.
    motion: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # People, by id (no foreign key: added to a table SQLite cannot alter).
    mover_id: int | None = None
    seconder_id: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstained: int | None = None
    result: str = Field(default="", sa_column_kwargs={"server_default": ""})
    publishable: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    """A decision under an exempt item that the public version may print."""


class VoteRow(SQLModel, table=True):
    """How one member voted on a motion, when a recorded vote was asked for."""

    __tablename__ = "vote"

    decision_id: int = Field(foreign_key="decision.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    vote: str


class DeclarationRow(SQLModel, table=True):
    """A declaration of interest: who, on which item, what interest, its kind, what they did."""

    __tablename__ = "declaration"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id")
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    interest: str = Field(default="", sa_column_kwargs={"server_default": ""})
    kind: str = Field(default="", sa_column_kwargs={"server_default": ""})
    action: str = Field(default="", sa_column_kwargs={"server_default": ""})


class MeetingLeaseRow(SQLModel, table=True):
    """Who has a meeting open for editing, until when: a lease that lapses, not a flag."""

    __tablename__ = "meeting_lease"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    holder: str
    expires_at: dt.datetime


class MeetingChangeRow(SQLModel, table=True):
    """A change to minutes already circulated: what it was and what it became, and when."""

    __tablename__ = "meeting_change"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    made_at: dt.datetime
    what: str
    before: str = Field(default="", sa_column_kwargs={"server_default": ""})
    after: str = Field(default="", sa_column_kwargs={"server_default": ""})


class CorrectionRow(SQLModel, table=True):
    """A correction made to a meeting's minutes when a later meeting approved them."""

    __tablename__ = "correction"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    at_meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", index=True, ondelete="SET NULL"
    )
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    """The item corrected (its notes, title, or a decision or action under it)."""
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    place: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Where: the item's number and title as the minutes printed them."""
    said: str = Field(default="", sa_column_kwargs={"server_default": ""})
    now_says: str = Field(default="", sa_column_kwargs={"server_default": ""})
