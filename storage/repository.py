"""The one facade the app, the CLI and the exporter use to read and change minutes.

Each call runs in its own short transaction and returns plain domain objects, never ORM
rows, so it is safe to call from a worker thread and hand the result to the UI.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from sqlalchemy import Connection, Engine, func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, delete, select

from storage import reading
from storage.agenda import AgendaRow
from storage.agenda_changes import (
    ITEM,
    SUB_ITEM,
    deletion_problem,
    number_kind,
    numbers_in_order,
)
from storage.corrections import Requested, find_target
from storage.database import SAVE_NOTES_SQL
from storage.dates import due_date_from_text, local_moment
from storage.domain import (
    Action,
    ActionStatus,
    ActionUpdate,
    AttendanceStatus,
    Attendee,
    Committee,
    Decision,
    Declaration,
    HouseStyle,
    InterestAction,
    Item,
    ItemStatus,
    Meeting,
    MeetingChange,
    MeetingStatus,
    MeetingSummary,
    Motion,
    Person,
    PublicationRules,
    RegisteredDeclaration,
    RosterEntry,
    RosterGroup,
    Section,
    redact_words,
    redacted_strings,
)
from storage.engine import sqlite_path
from storage.errors import BadInput, DatabaseUnusable, NotFound
from storage.exempt import check_exempt
from storage.history import kept_changes
from storage.motions import motion_problem, quorum_problem
from storage.roster_file import RosterLine, person_key
from storage.servers import pipelined, server_identity
from storage.style import stored_style, style_text
from storage.tables import (
    ActionRow,
    ActionUpdateRow,
    AttendanceRow,
    CommitteeRow,
    CorrectionRow,
    DecisionRow,
    DeclarationRow,
    ItemRow,
    MeetingLeaseRow,
    MeetingRow,
    PersonRow,
    PublicWordRow,
    ReviewedActionRow,
    RosterEntryRow,
    SectionRow,
    VoteRow,
)

if TYPE_CHECKING:
    from storage.teams import PlannedMark

RowT = TypeVar("RowT", bound=SQLModel)

# The stored texts `Repository.redact` may mark, by the name a public-version suspect gives.
_REDACTABLE: dict[str, tuple[type[SQLModel], str]] = {
    "notes": (ItemRow, "notes"),
    "title": (ItemRow, "title"),
    "presenter": (ItemRow, "presenter"),
    "owner": (ActionRow, "owner"),
    "action": (ActionRow, "text"),
    "update": (ActionUpdateRow, "text"),
    "decision": (DecisionRow, "text"),
    "attendance": (AttendanceRow, "note"),
}


@dataclass
class RosterMerge:
    """What merging a roster file did."""

    added: int = 0
    updated: int = 0


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Repository:
    """Everything minutebook stores, behind one set of plain-object methods."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._joined = threading.local()
        """The session of this thread's `together` block, if one is open."""

    @property
    def where(self) -> str:
        """The database as recovery files name it: a SQLite file's full path, or a server's
        URL without its password."""
        path = sqlite_path(self.engine)
        if path is not None:
            return str(path.resolve())
        return server_identity(self.engine.url.render_as_string(hide_password=False))

    # -- transactions -------------------------------------------------------------

    @contextmanager
    def _session(self, *, write: bool) -> Iterator[Session]:
        joined: Session | None = getattr(self._joined, "session", None)
        if joined is not None:
            yield joined
            joined.flush()  # a write that breaks a rule fails here, as itself
            return
        with self.engine.connect() as connection:
            connection.execution_options(minutebook_write=write)
            with Session(bind=connection, expire_on_commit=False) as session:
                yield session
                if write:
                    session.commit()

    @contextmanager
    def together(self) -> Iterator[None]:
        """Every read and write made inside, on this thread, in one transaction: committed
        at the end, none of it kept if any of it fails. On a server far away that is a
        round trip for each statement, instead of four or more for each write."""
        if getattr(self._joined, "session", None) is not None:
            yield
            return
        with self._session(write=True) as session:
            self._joined.session = session
            try:
                yield
            finally:
                self._joined.session = None

    def _reading(self) -> AbstractContextManager[Session]:
        return self._session(write=False)

    def _writing(self) -> AbstractContextManager[Session]:
        return self._session(write=True)

    def transaction(self) -> AbstractContextManager[Session]:
        """One write transaction for a caller that writes many rows as one whole (a meeting
        loaded from a dump): committed at the end, nothing of it kept if it fails."""
        return self._writing()

    @staticmethod
    def _get(session: Session, table: type[RowT], key: Any, what: str) -> RowT:
        row = session.get(table, key)
        if row is None:
            raise NotFound(f"no {what} with id {key}")
        return row

    # -- people and committees ----------------------------------------------------

    def add_person(self, name: str | None, role: str = "", organisation: str = "") -> Person:
        with self._writing() as session:
            row = PersonRow(name=(name or None), role=role, organisation=organisation)
            session.add(row)
            session.flush()
            return _person(row)

    def update_person(self, person_id: int, **fields: Any) -> Person:
        with self._writing() as session:
            row = self._get(session, PersonRow, person_id, "person")
            _assign(row, fields, ("name", "role", "organisation", "initials", "email"))
            row.initials = " ".join(row.initials.split())
            if row.name == "":
                row.name = None
            return _person(row)

    def people(self) -> list[Person]:
        with self._reading() as session:
            rows = session.exec(select(PersonRow).order_by(col(PersonRow.id))).all()
            return [_person(r) for r in rows]

    def organisations(self) -> list[str]:
        """Every organisation already known, for completion."""
        with self._reading() as session:
            names = session.exec(
                select(PersonRow.organisation)
                .where(PersonRow.organisation != "")
                .distinct()
                .order_by(PersonRow.organisation)
            ).all()
            return list(names)

    def create_committee(self, name: str, protective_marking: str = "") -> Committee:
        name = name.strip()
        if not name:
            raise BadInput("a committee needs a name")
        with self._writing() as session:
            if session.exec(select(CommitteeRow).where(CommitteeRow.name == name)).first():
                raise BadInput(f"a committee named {name!r} already exists")
            row = CommitteeRow(name=name, protective_marking=protective_marking)
            session.add(row)
            session.flush()
            return _committee(row)

    def committee_named(self, name: str, *, create: bool = False) -> Committee:
        with self._reading() as session:
            row = session.exec(
                select(CommitteeRow).where(CommitteeRow.name == name.strip())
            ).first()
            if row is not None:
                return _committee(row)
        if create:
            return self.create_committee(name)
        raise NotFound(f"no committee named {name!r}")

    def committee(self, committee_id: int) -> Committee:
        with self._reading() as session:
            return _committee(self._get(session, CommitteeRow, committee_id, "committee"))

    def committees(self) -> list[Committee]:
        with self._reading() as session:
            rows = session.exec(select(CommitteeRow).order_by(CommitteeRow.name)).all()
            return [_committee(r) for r in rows]

    def update_committee(self, committee_id: int, **fields: Any) -> Committee:
        """Change the name or protective marking."""
        with self._writing() as session:
            row = self._get(session, CommitteeRow, committee_id, "committee")
            _assign(row, fields, ("name", "protective_marking"))
            return _committee(row)

    def set_style(self, committee_id: int, style: HouseStyle) -> Committee:
        """Give a committee its house style (every later export of its meetings uses it)."""
        with self._writing() as session:
            row = self._get(session, CommitteeRow, committee_id, "committee")
            row.house_style = style_text(style)
            session.add(row)
            return _committee(row)

    def set_quorum(self, committee_id: int, quorum: str) -> Committee:
        """Set the voting members a meeting needs present: a whole number ("5"), a share
        of the voting members ("1/3", rounded up), or "" for none."""
        problem = quorum_problem(quorum)
        if problem:
            raise BadInput(problem)
        with self._writing() as session:
            row = self._get(session, CommitteeRow, committee_id, "committee")
            row.quorum = "".join(quorum.split())
            session.add(row)
            return _committee(row)

    def restyle(self, committee_id: int, **values: Any) -> Committee:
        """Change some keys of a committee's house style ("absent", "public_names" ...),
        read and written in one transaction."""
        with self._writing() as session:
            row = self._get(session, CommitteeRow, committee_id, "committee")
            style = stored_style(row.house_style).with_values(**values)
            row.house_style = style_text(style)
            session.add(row)
            return _committee(row)

    def check_integrity(self) -> None:
        """Refuse a SQLite file with a damaged page before anything reads or writes it
        (`PRAGMA quick_check`: a few milliseconds a megabyte)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            try:
                verdict = [row[0] for row in raw.execute("PRAGMA quick_check(1)")]
            except Exception:  # sqlite3.DatabaseError: the damage is in the schema itself
                verdict = ["damaged"]
        if verdict != ["ok"]:
            where = self.engine.url.database
            raise DatabaseUnusable(
                f"{where} is damaged: restore the latest backup (it was left untouched)"
            )

    def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the database file, so that a copy of the .db
        file alone, made once minutebook has closed, holds every word. A server keeps its
        own journal: nothing to do there."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as connection:
            # On the driver's own connection: the pragma cannot run inside a transaction.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # -- what may be published ------------------------------------------------------

    def publication_rules(
        self, committee_id: int, meeting_id: int | None = None
    ) -> PublicationRules:
        """What a public version of the committee's minutes must know: its names policy
        and words, everyone minutebook knows, and (for a meeting) the confidential and
        exempt items that its reviewed actions were raised in."""
        with self._reading() as session:
            committee = self._get(session, CommitteeRow, committee_id, "committee")
            words = session.exec(
                select(PublicWordRow)
                .where(PublicWordRow.committee_id == committee_id)
                .order_by(col(PublicWordRow.word))
            ).all()
            people = session.exec(select(PersonRow).order_by(col(PersonRow.id))).all()
            confidential: set[int] = set()
            if meeting_id is not None:
                confidential = _ids(
                    session.exec(
                        select(ItemRow.id)
                        .join(ActionRow, col(ActionRow.item_id) == col(ItemRow.id))
                        .join(
                            ReviewedActionRow, col(ReviewedActionRow.action_id) == col(ActionRow.id)
                        )
                        .where(
                            ReviewedActionRow.meeting_id == meeting_id,
                            col(ItemRow.confidential) | col(ItemRow.exempt),
                        )
                    ).all()
                )
            carried: set[int] = set()
            if meeting_id is not None:
                carried = _ids(
                    session.exec(
                        select(ActionRow.id)
                        .join(
                            ReviewedActionRow, col(ReviewedActionRow.action_id) == col(ActionRow.id)
                        )
                        .outerjoin(ItemRow, col(ItemRow.id) == col(ActionRow.item_id))
                        .where(
                            ReviewedActionRow.meeting_id == meeting_id,
                            col(ActionRow.confidential)
                            | col(ItemRow.confidential).is_(True)
                            | col(ItemRow.exempt).is_(True),
                        )
                    ).all()
                )
            redacted = self._committee_redactions(session, committee_id)
            return PublicationRules(
                names=stored_style(committee.house_style).public_names,
                redacted=redacted,
                people=tuple(_person(r) for r in people),
                withheld=tuple(w.word for w in words if w.verdict == "withheld"),
                fine=tuple(w.word for w in words if w.verdict == "fine"),
                confidential_items=frozenset(i for i in confidential if i is not None),
                confidential_actions=frozenset(a for a in carried if a is not None),
            )

    def redact(self, kind: str, record_id: int, words: str) -> bool:
        """Mark every appearance of `words` in one stored text `||redacted||`: an item's
        "notes", "title" or "presenter", an action's "owner" or text ("action"), an
        "update", a "decision" or an "attendance" note. False if they are not in it."""
        table, field = _REDACTABLE.get(kind, (None, ""))
        if table is None:
            raise BadInput(f"cannot redact in {kind!r}")
        with self._writing() as session:
            row = self._get(session, table, record_id, kind)
            text = getattr(row, field)
            changed = redact_words(text, words)
            if changed == text:
                return False
            setattr(row, field, changed)
            session.add(row)
            return True

    @staticmethod
    def _committee_redactions(session: Session, committee_id: int) -> tuple[str, ...]:
        """Every `||redacted||` string typed in any of the committee's meetings: a word
        redacted in March stays hidden when it is typed unmarked in June."""
        marked = "%||%"
        meetings = select(MeetingRow.id).where(MeetingRow.committee_id == committee_id)
        actions = select(ActionRow.id).where(ActionRow.committee_id == committee_id)
        texts: list[str] = []
        for table, columns, owner in (
            (ItemRow, ("title", "notes", "presenter"), col(ItemRow.meeting_id).in_(meetings)),
            (ActionRow, ("owner", "text", "due_text"), col(ActionRow.committee_id) == committee_id),
            (ActionUpdateRow, ("text",), col(ActionUpdateRow.action_id).in_(actions)),
            (DecisionRow, ("text",), col(DecisionRow.meeting_id).in_(meetings)),
            (AttendanceRow, ("note",), col(AttendanceRow.meeting_id).in_(meetings)),
        ):
            for name in columns:
                column = col(getattr(table, name))
                texts += session.exec(select(column).where(owner, column.like(marked))).all()
        return tuple(dict.fromkeys(s for text in texts for s in redacted_strings(text)))

    def judge_public_word(self, committee_id: int, word: str, verdict: str | None) -> None:
        """Remember `word` as "withheld" (never published) or "fine" for the committee;
        None forgets it."""
        word = " ".join(word.split())
        if not word:
            raise BadInput("give the word or name to remember")
        if verdict not in ("withheld", "fine", None):
            raise BadInput(f"unknown verdict {verdict!r}")
        with self._writing() as session:
            self._get(session, CommitteeRow, committee_id, "committee")
            row = session.get(PublicWordRow, (committee_id, word))
            if verdict is None:
                if row is None:
                    raise NotFound(f"{word!r} is not on the committee's lists")
                session.delete(row)
            elif row is None:
                session.add(PublicWordRow(committee_id=committee_id, word=word, verdict=verdict))
            else:
                row.verdict = verdict
                session.add(row)

    def add_to_roster(
        self,
        committee_id: int,
        person_id: int,
        *,
        group: RosterGroup = RosterGroup.MEMBER,
        voting: bool | None = None,
    ) -> RosterEntry:
        """Put someone on the roster, last (or change their group and vote if there);
        a member votes unless told otherwise, an officer or the secretariat does not."""
        group = RosterGroup(group)
        voting = group is RosterGroup.MEMBER if voting is None else voting
        with self._writing() as session:
            self._get(session, CommitteeRow, committee_id, "committee")
            person = self._get(session, PersonRow, person_id, "person")
            row = session.get(RosterEntryRow, (committee_id, person_id))
            if row is None:
                position = _next_position(
                    session, RosterEntryRow, RosterEntryRow.committee_id, committee_id
                )
                row = RosterEntryRow(
                    committee_id=committee_id, person_id=person_id, position=position
                )
            row.roster_group, row.voting = group.value, voting
            session.add(row)
            return _roster_entry(row, person)

    def edit_roster_entry(
        self,
        committee_id: int,
        person_id: int,
        *,
        name: str | None,
        role: str,
        organisation: str,
        initials: str,
        group: RosterGroup,
        voting: bool,
    ) -> RosterEntry:
        """Change someone on the roster. A new name, role or organisation for someone who
        has attended a meeting makes a new person in their place on the roster, so the
        minutes already taken keep saying who was there then."""
        with self._writing() as session:
            entry = self._get(session, RosterEntryRow, (committee_id, person_id), "roster entry")
            person = self._get(session, PersonRow, person_id, "person")
            name = " ".join((name or "").split()) or None
            role, organisation = " ".join(role.split()), " ".join(organisation.split())
            was = tuple(" ".join((part or "").split()) for part in (person.name, person.role))
            was += (" ".join(person.organisation.split()),)
            renamed = (name or "", role, organisation) != was
            attended = session.exec(
                select(AttendanceRow.id).where(AttendanceRow.person_id == person_id).limit(1)
            ).first()
            if renamed and attended is not None:
                person = PersonRow(
                    name=name, role=role, organisation=organisation, email=person.email
                )
                session.add(person)
                session.flush()
                assert person.id is not None
                replacement = RosterEntryRow(
                    committee_id=committee_id, person_id=person.id, position=entry.position
                )
                session.delete(entry)
                entry = replacement
            else:
                person.name, person.role, person.organisation = name, role, organisation
            person.initials = " ".join(initials.split())
            entry.roster_group, entry.voting = RosterGroup(group).value, voting
            session.add_all([person, entry])
            return _roster_entry(entry, person)

    def remove_from_roster(self, committee_id: int, person_id: int) -> None:
        """Off the roster: later meetings no longer expect them; past ones keep them."""
        with self._writing() as session:
            row = session.get(RosterEntryRow, (committee_id, person_id))
            if row is not None:
                session.delete(row)

    def move_in_roster(self, committee_id: int, person_id: int, steps: int) -> list[RosterEntry]:
        """Move one entry `steps` places down the roster (up when negative)."""
        with self._writing() as session:
            rows = _roster_rows(session, committee_id)
            ids = [entry.person_id for entry, _ in rows]
            if person_id not in ids:
                raise NotFound(f"no person with id {person_id} on the roster")
            at = ids.index(person_id)
            moved = rows.pop(at)
            rows.insert(max(0, min(len(rows), at + steps)), moved)
            for position, (entry, _) in enumerate(rows):
                entry.position = position
                session.add(entry)
            return [_roster_entry(entry, person) for entry, person in rows]

    def roster(self, committee_id: int) -> list[RosterEntry]:
        with self._reading() as session:
            return [
                _roster_entry(entry, person)
                for entry, person in _roster_rows(session, committee_id)
            ]

    def merge_roster(self, committee_id: int, lines: Sequence[RosterLine]) -> RosterMerge:
        """Merge a roster file: a line naming a member by the same name, role and
        organisation updates them; any other line is a new entry, last, reusing a person
        already known by those three. All of it in one transaction."""
        merge = RosterMerge()
        with self._writing() as session:
            self._get(session, CommitteeRow, committee_id, "committee")
            rows = _roster_rows(session, committee_id)
            on_roster = {_person_key(p): (e, p) for e, p in reversed(rows)}
            known = {_person_key(p): p for p in reversed(session.exec(select(PersonRow)).all())}
            position = max((entry.position for entry, _ in rows), default=-1) + 1
            added: list[tuple[RosterLine, PersonRow]] = []
            for line in lines:
                if line.key in on_roster:
                    entry, person = on_roster[line.key]
                    entry.roster_group, entry.voting = line.group.value, line.voting
                    session.add(entry)
                    merge.updated += 1
                else:
                    person = known.get(line.key) or PersonRow(
                        name=line.name, role=line.role, organisation=line.organisation
                    )
                    added.append((line, person))
                if line.initials:
                    person.initials = line.initials
                session.add(person)
            session.flush()  # one statement a new person, their ids known from here
            for line, person in added:
                assert person.id is not None
                session.add(
                    RosterEntryRow(
                        committee_id=committee_id,
                        person_id=person.id,
                        position=position,
                        roster_group=line.group.value,
                        voting=line.voting,
                    )
                )
                position += 1
                merge.added += 1
        return merge

    # -- meetings -----------------------------------------------------------------

    def create_meeting(
        self,
        committee_id: int,
        date: dt.date,
        *,
        start_time: str = "",
        end_time: str = "",
        venue: str = "",
        agenda: Sequence[AgendaRow] = (),
    ) -> int:
        """A new meeting: the roster as expected attendance, the agenda, then what carries in.

        Items deferred to this committee's next meeting (or to a date on or before this one)
        are appended to the agenda, and every open action of the committee is carried in
        for review under the first item.
        """
        with self._writing() as session:
            committee = self._get(session, CommitteeRow, committee_id, "committee")
            meeting = MeetingRow(
                committee_id=committee_id,
                date=date,
                start_time=start_time,
                end_time=end_time,
                venue=venue,
                protective_marking=committee.protective_marking,
            )
            session.add(meeting)
            session.flush()
            assert meeting.id is not None
            roster = session.exec(
                select(RosterEntryRow)
                .where(RosterEntryRow.committee_id == committee_id)
                .order_by(col(RosterEntryRow.position))
            ).all()
            for position, entry in enumerate(roster):
                session.add(
                    AttendanceRow(
                        meeting_id=meeting.id, person_id=entry.person_id, position=position
                    )
                )
            _add_agenda_rows(session, meeting.id, agenda)
            _carry_deferred_items(session, meeting)
            _carry_open_actions(session, meeting)
            _renumber(session, meeting.id)
            return meeting.id

    def meeting(self, meeting_id: int) -> Meeting:
        with self._reading() as session:
            return meeting_in(session, meeting_id)

    def meetings(self, committee_id: int | None = None) -> list[MeetingSummary]:
        """Meetings, newest first."""
        with self._reading() as session:
            return reading.meeting_summaries(_fetcher(session), committee_id)

    def resolve_meeting(self, reference: str) -> int:
        """A meeting id from what a user types: an id, 'latest', or a date with one meeting."""
        with self._reading() as session:
            return reading.resolve_meeting(_fetcher(session), reference)

    def update_meeting(self, meeting_id: int, **fields: Any) -> None:
        with self._writing() as session:
            row = self._get(session, MeetingRow, meeting_id, "meeting")
            if "status" in fields:
                fields["status"] = MeetingStatus(fields["status"]).value
            _assign(
                row,
                fields,
                ("date", "start_time", "end_time", "venue", "protective_marking", "status"),
            )

    def circulate_meeting(self, meeting_id: int) -> MeetingStatus:
        """Mark a draft's minutes circulated: their export says DRAFT until approved."""
        with self._writing() as session:
            row = self._get(session, MeetingRow, meeting_id, "meeting")
            if row.status == MeetingStatus.APPROVED:
                raise BadInput(f"the minutes of {row.date:%d %B %Y} are approved already")
            row.status = MeetingStatus.CIRCULATED.value
            session.add(row)
            return MeetingStatus.CIRCULATED

    def approve_meeting(
        self, meeting_id: int, at_meeting_id: int, corrections: Sequence[Requested] = ()
    ) -> None:
        """Approve a meeting's minutes as a true record at a later meeting of the same
        committee, with any corrections applied to them (each refused, and nothing
        changed, when the words it quotes are not found once): from then on they are
        approved, and read-only."""
        with self._writing() as session:
            row = self._get(session, MeetingRow, meeting_id, "meeting")
            at = self._get(session, MeetingRow, at_meeting_id, "meeting")
            when = f"{row.date:%d %B %Y}"
            if row.status == MeetingStatus.APPROVED:
                raise BadInput(f"the minutes of {when} are approved already")
            if at.committee_id != row.committee_id:
                raise BadInput("minutes are approved at a meeting of the same committee")
            if (at.date, at.id) <= (row.date, row.id):
                raise BadInput(
                    f"the minutes of {when} can only be approved at a later meeting, "
                    f"not the one of {at.date:%d %B %Y}"
                )
            if corrections:
                self._correct(session, row, at_meeting_id, corrections)
            row.status = MeetingStatus.APPROVED.value
            row.approved_on, row.approved_at_meeting_id = at.date, at.id
            session.add(row)

    @staticmethod
    def _correct(
        session: Session, row: MeetingRow, at_meeting_id: int, corrections: Sequence[Requested]
    ) -> None:
        """Apply corrections one after another (a later one may quote an earlier one's
        words), and keep each; flushed while the minutes are not yet approved."""
        assert row.id is not None
        for position, wanted in enumerate(corrections):
            meeting = reading.load_meeting(_fetcher(session), row.id)
            target = find_target(meeting, wanted)
            if target.kind in ("notes", "title"):
                item = session.get(ItemRow, target.item.id)
                assert item is not None
                setattr(item, target.kind, target.corrected)
            else:
                table = DecisionRow if target.kind == "decision" else ActionRow
                record = session.get(table, target.record_id)
                assert record is not None
                record.text = target.corrected
            session.add(
                CorrectionRow(
                    meeting_id=row.id,
                    at_meeting_id=at_meeting_id,
                    item_id=target.item.id,
                    position=position,
                    place=target.item.heading,
                    said=wanted.said,
                    now_says=wanted.now_says,
                )
            )
            session.flush()

    def history(self, meeting_id: int) -> list[MeetingChange]:
        """Every change made to the minutes since they were circulated, oldest first."""
        with self._reading() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            return kept_changes(session, meeting_id)

    def delete_meeting(self, meeting_id: int) -> None:
        with self._writing() as session:
            row = self._get(session, MeetingRow, meeting_id, "meeting")
            session.exec(
                delete(ActionUpdateRow).where(
                    col(ActionUpdateRow.action_id).in_(
                        select(ActionRow.id).where(ActionRow.meeting_id == meeting_id)
                    )
                )
            )
            session.exec(delete(ActionRow).where(col(ActionRow.meeting_id) == meeting_id))
            session.exec(
                delete(ReviewedActionRow).where(col(ReviewedActionRow.meeting_id) == meeting_id)
            )
            for approved in session.exec(
                select(MeetingRow).where(MeetingRow.approved_at_meeting_id == meeting_id)
            ).all():
                approved.approved_at_meeting_id = None  # still approved, on its date
                session.add(approved)
            session.delete(row)

    # -- attendance ---------------------------------------------------------------

    def add_attendee(
        self,
        meeting_id: int,
        person_id: int,
        status: AttendanceStatus = AttendanceStatus.PRESENT,
        *,
        note: str | None = None,
    ) -> Attendee:
        """Put someone in a meeting's attendance, last (or mark them if already in it)."""
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            self._get(session, PersonRow, person_id, "person")
            existing = session.exec(
                select(AttendanceRow).where(
                    AttendanceRow.meeting_id == meeting_id, AttendanceRow.person_id == person_id
                )
            ).first()
            if existing is not None:
                existing.status = AttendanceStatus(status).value
                existing.note = existing.note if note is None else note
                row = existing
            else:
                position = _next_position(
                    session, AttendanceRow, AttendanceRow.meeting_id, meeting_id
                )
                row = AttendanceRow(
                    meeting_id=meeting_id,
                    person_id=person_id,
                    position=position,
                    status=AttendanceStatus(status).value,
                    note=note or "",
                )
                session.add(row)
            session.flush()
            return _attendee(session, row)

    def update_attendance(self, attendance_id: int, **fields: Any) -> Attendee:
        """Change status, note or deputising_for_id of one attendance."""
        with self._writing() as session:
            row = self._get(session, AttendanceRow, attendance_id, "attendance")
            if "status" in fields:
                fields["status"] = AttendanceStatus(fields["status"]).value
            _assign(row, fields, ("status", "note", "deputising_for_id", "position"))
            return _attendee(session, row)

    def mark_arrived(
        self, attendance_id: int, at: dt.datetime | None, item_id: int | None = None
    ) -> Attendee:
        """A late arrival: present from `at`, during `item_id` (either may be unknown)."""
        with self._writing() as session:
            row = self._get(session, AttendanceRow, attendance_id, "attendance")
            row.arrived_at, row.arrived_item_id = at, item_id
            if row.status not in (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE):
                row.status = AttendanceStatus.PRESENT.value
            return _attendee(session, row)

    def mark_left(
        self, attendance_id: int, at: dt.datetime | None, item_id: int | None = None
    ) -> Attendee:
        """An early leaving, at `at`, during `item_id` (either may be unknown): they were
        there, so someone not yet marked is marked present."""
        with self._writing() as session:
            row = self._get(session, AttendanceRow, attendance_id, "attendance")
            row.left_at, row.left_item_id = at, item_id
            if row.status == AttendanceStatus.EXPECTED:
                row.status = AttendanceStatus.PRESENT.value
            return _attendee(session, row)

    def clear_arrival_and_leaving(self, attendance_id: int) -> Attendee:
        with self._writing() as session:
            row = self._get(session, AttendanceRow, attendance_id, "attendance")
            row.arrived_at = row.left_at = None
            row.arrived_item_id = row.left_item_id = None
            return _attendee(session, row)

    def apply_attendance_plan(
        self,
        meeting_id: int,
        marks: Sequence[PlannedMark],
        guests: Sequence[tuple[str, str]] = (),
    ) -> int:
        """Apply what a Teams report says, all of it or none: each mark's status and stamps
        (the person added to the attendance if not in it, their e-mail remembered when
        they had none), and each guest (name, e-mail) added as in attendance. How many
        attendances changed."""
        changed = 0
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            position = _next_position(session, AttendanceRow, AttendanceRow.meeting_id, meeting_id)
            for mark in marks:
                person = self._get(session, PersonRow, mark.person.id, "person")
                if mark.email and not person.email:
                    person.email = mark.email
                    session.add(person)
                if mark.unchanged:
                    continue
                # The person's attendance as it is now (the plan may be older than a
                # change made since), or a new one.
                row = session.exec(
                    select(AttendanceRow).where(
                        AttendanceRow.meeting_id == meeting_id,
                        AttendanceRow.person_id == mark.person.id,
                    )
                ).first()
                if row is None:
                    row = AttendanceRow(
                        meeting_id=meeting_id, person_id=mark.person.id, position=position
                    )
                    position += 1
                row.status = AttendanceStatus(mark.status).value
                row.arrived_at, row.arrived_item_id = mark.arrived_at, mark.arrived_item_id
                row.left_at, row.left_item_id = mark.left_at, mark.left_item_id
                session.add(row)
                changed += 1
            for name, email in guests:
                guest = PersonRow(name=name or None, email=email)
                session.add(guest)
                session.flush()
                assert guest.id is not None
                session.add(
                    AttendanceRow(
                        meeting_id=meeting_id,
                        person_id=guest.id,
                        position=position,
                        status=AttendanceStatus.IN_ATTENDANCE.value,
                    )
                )
                position += 1
                changed += 1
        return changed

    def remove_attendee(self, attendance_id: int) -> None:
        """Take someone off the meeting's attendance: not one who declared an interest at
        it (the minutes name them)."""
        with self._writing() as session:
            row = self._get(session, AttendanceRow, attendance_id, "attendance")
            declared = session.exec(
                select(DeclarationRow.id).where(
                    DeclarationRow.meeting_id == row.meeting_id,
                    DeclarationRow.person_id == row.person_id,
                )
            ).first()
            if declared is not None:
                raise BadInput("they declared an interest at this meeting: delete that first")
            session.delete(row)

    # -- agenda -------------------------------------------------------------------

    def add_section(self, meeting_id: int, title: str, *, position: int | None = None) -> Section:
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            if position is None:
                position = _next_position(session, SectionRow, SectionRow.meeting_id, meeting_id)
            row = SectionRow(meeting_id=meeting_id, title=title, position=position)
            session.add(row)
            session.flush()
            return _section(row)

    def rename_section(self, section_id: int, title: str) -> Section:
        with self._writing() as session:
            row = self._get(session, SectionRow, section_id, "section")
            row.title = title
            return _section(row)

    def delete_section(self, section_id: int) -> None:
        """Remove a heading; its items stay, under the heading before it."""
        with self._writing() as session:
            row = self._get(session, SectionRow, section_id, "section")
            previous = session.exec(
                select(SectionRow)
                .where(SectionRow.meeting_id == row.meeting_id, SectionRow.position < row.position)
                .order_by(col(SectionRow.position).desc())
            ).first()
            for item in session.exec(select(ItemRow).where(ItemRow.section_id == section_id)):
                item.section_id = previous.id if previous else None
            session.delete(row)

    def add_item(
        self,
        meeting_id: int,
        title: str,
        *,
        section_id: int | None = None,
        presenter: str = "",
        numbered: bool = True,
        after_item_id: int | None = None,
        sub_item: bool = False,
    ) -> Item:
        """An item at the end of its section, or just after `after_item_id` in its section;
        `sub_item` numbers it under the item before it (5.1)."""
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            rows = _ordered_items(session, meeting_id)
            if after_item_id is not None:
                found = next((i for i, r in enumerate(rows) if r.id == after_item_id), None)
                if found is None:
                    raise NotFound(f"no item with id {after_item_id} in this meeting")
                index = found + 1
                section_id = rows[index - 1].section_id
            else:
                order = _section_order(session, meeting_id)
                rank = order.get(section_id, -1)
                index = sum(1 for r in rows if order.get(r.section_id, -1) <= rank)
            row = ItemRow(
                meeting_id=meeting_id,
                title=title,
                section_id=section_id,
                presenter=presenter,
                number=(SUB_ITEM if sub_item else ITEM) if numbered else "",
            )
            session.add(row)
            rows.insert(index, row)
            for position, item in enumerate(rows):
                item.position = position
            session.flush()
            _renumber(session, meeting_id)
            return _item(row)

    def update_item(self, item_id: int, **fields: Any) -> Item:
        """Change title, presenter, confidential, exempt (with its exempt_reason and
        public_summary), or numbered (True/False)."""
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            numbered = fields.pop("numbered", None)
            if "exempt_reason" in fields:
                fields["exempt_reason"] = fields["exempt_reason"].strip()
            check_exempt(
                fields.get("exempt", row.exempt), fields.get("exempt_reason", row.exempt_reason)
            )
            _assign(
                row,
                fields,
                ("title", "presenter", "confidential", "exempt", "exempt_reason", "public_summary"),
            )
            if numbered is not None:
                row.number = "?" if numbered else ""
                session.flush()
                _renumber(session, row.meeting_id)
            return _item(row)

    def move_item(self, item_id: int, index: int, *, section_id: int | str | None = "keep") -> Item:
        """Put an item at `index` in the agenda order (and in another section), renumbering."""
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            rows = [r for r in _ordered_items(session, row.meeting_id) if r.id != item_id]
            rows.insert(max(0, min(index, len(rows))), row)
            if section_id != "keep":
                row.section_id = section_id  # type: ignore[assignment]
            for position, item in enumerate(rows):
                item.position = position
            session.flush()
            _renumber(session, row.meeting_id)
            return _item(row)

    def arrange_agenda(self, meeting_id: int, items: Sequence[Item]) -> None:
        """Put the agenda in the order of `items`, each in its section and as an item,
        sub-item or unnumbered item as its number says (see `storage.agenda_changes`), and
        number it. Items not named (added meanwhile elsewhere) follow, in their order."""
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            rows = {row.id: row for row in _ordered_for_display(session, meeting_id)}
            sections = {None, *_section_order(session, meeting_id)}
            placed = [(rows.pop(item.id), item) for item in items if item.id in rows]
            for row, item in placed:
                if item.section_id in sections:
                    row.section_id = item.section_id
                if number_kind(row.number) != number_kind(item.number):
                    row.number = number_kind(item.number)
            named = [row for row, _ in placed]
            for position, row in enumerate([*named, *rows.values()]):
                if row.position != position:
                    row.position = position
            session.flush()
            _renumber(session, meeting_id)

    def renumber(self, meeting_id: int) -> None:
        with self._writing() as session:
            _renumber(session, meeting_id)

    def delete_item(self, item_id: int) -> None:
        """Take an item off the agenda: only one with nothing minuted under it."""
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            meeting_id = row.meeting_id
            records = [
                session.exec(select(table.item_id).where(table.item_id == item_id)).first()
                for table in (ActionRow, DecisionRow, ReviewedActionRow)
            ]
            others = session.exec(
                select(ItemRow.id).where(ItemRow.meeting_id == meeting_id, ItemRow.id != item_id)
            ).first()
            problem = deletion_problem(
                _item(row),
                has_records=any(found is not None for found in records),
                only_item=others is None,
            )
            if problem:
                raise BadInput(problem)
            session.delete(row)
            session.flush()
            _renumber(session, meeting_id)

    def item(self, item_id: int) -> Item:
        with self._reading() as session:
            return _item(self._get(session, ItemRow, item_id, "item"))

    def save_notes(self, item_id: int, notes: str) -> None:
        """Write an item's notes: while its meeting is a draft, one UPDATE, without loading
        the old text into the ORM; after, through it, so that the history keeps them."""
        with self._writing() as session:
            written = session.connection().execute(
                text(SAVE_NOTES_SQL), {"notes": notes, "id": item_id}
            )
            if written.rowcount == 0:
                self._get(session, ItemRow, item_id, "item").notes = notes
                session.flush()

    def start_item(self, item_id: int, at: dt.datetime | None = None) -> Item:
        """The item is under way: stamp its start (once) and mark it taken."""
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            row.started_at = row.started_at or at or now()
            row.ended_at = None
            if row.status == ItemStatus.PENDING:
                row.status = ItemStatus.TAKEN.value
            return _item(row)

    def end_item(self, item_id: int, at: dt.datetime | None = None) -> Item:
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            if row.started_at is not None:
                row.ended_at = at or now()
            return _item(row)

    def set_item_status(self, item_id: int, status: ItemStatus) -> Item:
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            row.status = ItemStatus(status).value
            if row.status != ItemStatus.DEFERRED:
                row.deferred_to_date = None
                row.deferred_to_name = ""
            return _item(row)

    def defer_item(self, item_id: int, to_date: dt.date | None = None, name: str = "") -> Item:
        """Defer to the committee's next meeting, or to the first one on or after `to_date`
        (`name` is that meeting as the clerk named it: "the June Board"). A later meeting
        already planned that matches takes the item onto its agenda at once; otherwise the
        meeting does when it is created."""
        with self._writing() as session:
            row = self._get(session, ItemRow, item_id, "item")
            row.status = ItemStatus.DEFERRED.value
            row.deferred_to_date = to_date
            row.deferred_to_name = name.strip()
            session.flush()
            target = _deferral_target(session, row) if row.deferred_to_meeting_id is None else None
            if target is None:
                return _item(row)
            assert target.id is not None
            _place_carried(session, target, [row])
            _renumber(session, target.id)
            return _item(row, carried_on=target.date)

    # -- actions ------------------------------------------------------------------

    def add_action(
        self, item_id: int, owner: str, text: str, due_text: str = "", *, after_text: str = ""
    ) -> Action:
        """A new action under an item; `after_text` is the notes line it was typed after."""
        with self._writing() as session:
            item = self._get(session, ItemRow, item_id, "item")
            meeting = self._get(session, MeetingRow, item.meeting_id, "meeting")
            position = _next_position(session, ActionRow, ActionRow.meeting_id, meeting.id)
            row = ActionRow(
                committee_id=meeting.committee_id,
                meeting_id=meeting.id,
                item_id=item_id,
                raised_on=meeting.date,
                position=position,
                owner=owner.strip(),
                text=text.strip(),
                due_text=due_text.strip(),
                due_date=due_date_from_text(due_text),
                after_text=after_text.strip(),
            )
            session.add(row)
            session.flush()
            return _action(session, row)

    def update_action(self, action_id: int, **fields: Any) -> Action:
        """Change owner, text or due_text (the due date follows the text)."""
        with self._writing() as session:
            row = self._get(session, ActionRow, action_id, "action")
            _assign(row, fields, ("owner", "text", "due_text", "due_date"))
            if "due_text" in fields and "due_date" not in fields:
                row.due_date = due_date_from_text(row.due_text)
            return _action(session, row)

    def move_action(self, action_id: int, item_id: int) -> Action:
        with self._writing() as session:
            row = self._get(session, ActionRow, action_id, "action")
            item = self._get(session, ItemRow, item_id, "item")
            row.item_id, row.meeting_id = item_id, item.meeting_id
            return _action(session, row)

    def delete_action(self, action_id: int) -> None:
        with self._writing() as session:
            session.delete(self._get(session, ActionRow, action_id, "action"))

    def add_action_update(
        self,
        action_id: int,
        text: str,
        *,
        meeting_id: int | None = None,
        status: ActionStatus | None = None,
        owner: str | None = None,
        due_text: str | None = None,
        at: dt.datetime | None = None,
    ) -> Action:
        """Record a dated update, made in `meeting_id` if any. A new status, owner or due
        date may come with it, each then said in the update ("Reassigned from A to B."),
        all in one transaction."""
        with self._writing() as session:
            row = self._get(session, ActionRow, action_id, "action")
            notes = [text.strip()] if text.strip() else []
            if owner is not None and owner != row.owner:
                notes.append(f"Reassigned from {row.owner or 'no one'} to {owner or 'no one'}.")
                row.owner = owner
            if due_text is not None and due_text != row.due_text:
                notes.append(f"Now due {due_text}." if due_text else "Due date removed.")
                row.due_text, row.due_date = due_text, due_date_from_text(due_text)
            if status is not None and ActionStatus(status) != row.status:
                row.status = ActionStatus(status).value
                notes.append(f"Marked {row.status}.")
            text = " ".join(notes)
            if text:
                if at is None and meeting_id is not None:
                    at = _dated_at(self._get(session, MeetingRow, meeting_id, "meeting"))
                session.add(
                    ActionUpdateRow(
                        action_id=action_id,
                        meeting_id=meeting_id,
                        made_at=at or now(),
                        text=text.strip(),
                    )
                )
            session.flush()
            return _action(session, row)

    def set_action_status(
        self, action_id: int, status: ActionStatus, *, meeting_id: int | None = None
    ) -> Action:
        return self.add_action_update(action_id, "", meeting_id=meeting_id, status=status)

    def action(self, action_id: int) -> Action:
        with self._reading() as session:
            return _action(session, self._get(session, ActionRow, action_id, "action"))

    def actions(
        self,
        *,
        committee_id: int | None = None,
        status: ActionStatus | None = None,
        owner: str | None = None,
    ) -> list[Action]:
        """Actions of every meeting, by due date then meeting date."""
        with self._reading() as session:
            query = select(ActionRow)
            if committee_id is not None:
                query = query.where(ActionRow.committee_id == committee_id)
            if status is not None:
                query = query.where(ActionRow.status == ActionStatus(status).value)
            if owner:
                query = query.where(col(ActionRow.owner).ilike(f"%{owner}%"))
            query = query.order_by(
                col(ActionRow.due_date).is_(None),
                col(ActionRow.due_date),
                col(ActionRow.raised_on),
                col(ActionRow.id),
            )
            return _actions(session, session.exec(query).all())

    # -- decisions ----------------------------------------------------------------

    def add_decision(self, item_id: int, text: str, motion: Motion | None = None) -> Decision:
        """A decision under the item; with a `motion`, a resolution, refused (nothing
        saved) when the motion could not have happened as recorded (`motion_problem`)."""
        with self._writing() as session:
            item = self._get(session, ItemRow, item_id, "item")
            position = _next_position(session, DecisionRow, DecisionRow.meeting_id, item.meeting_id)
            row = DecisionRow(
                meeting_id=item.meeting_id, item_id=item_id, text=text.strip(), position=position
            )
            session.add(row)
            session.flush()
            if motion is not None:
                record_motion(session, row, motion)
            return _decision(session, row)

    def update_decision(
        self,
        decision_id: int,
        text: str | None = None,
        *,
        publishable: bool | None = None,
        motion: Motion | Literal["keep"] | None = "keep",
    ) -> Decision:
        """Change a decision's text, or whether the public version may print it under an
        exempt item, or its motion (None: a plain decision), checked as `add_decision`'s."""
        with self._writing() as session:
            row = self._get(session, DecisionRow, decision_id, "decision")
            if text is not None:
                row.text = text.strip()
            if publishable is not None:
                row.publishable = publishable
            if motion != "keep":
                record_motion(session, row, motion)
            return _decision(session, row)

    def move_decision(self, decision_id: int, item_id: int) -> Decision:
        with self._writing() as session:
            row = self._get(session, DecisionRow, decision_id, "decision")
            item = self._get(session, ItemRow, item_id, "item")
            row.item_id, row.meeting_id = item_id, item.meeting_id
            decision = _decision(session, row)
            if decision.motion is not None:  # those who moved and voted: there for this item?
                record_motion(session, row, decision.motion)
            return decision

    def delete_decision(self, decision_id: int) -> None:
        with self._writing() as session:
            session.delete(self._get(session, DecisionRow, decision_id, "decision"))

    # -- declarations of interest ---------------------------------------------------

    def add_declaration(
        self,
        meeting_id: int,
        person_id: int,
        item_id: int | None,
        interest: str,
        kind: str,
        action: InterestAction = InterestAction.TOOK_PART,
    ) -> Declaration:
        """Someone at the meeting declares an interest in one of its items."""
        with self._writing() as session:
            self._get(session, MeetingRow, meeting_id, "meeting")
            position = _next_position(
                session, DeclarationRow, DeclarationRow.meeting_id, meeting_id
            )
            row = DeclarationRow(meeting_id=meeting_id, person_id=person_id, position=position)
            _declare(session, row, item_id, interest, kind, action)
            session.add(row)
            session.flush()
            return _declaration(row)

    def update_declaration(
        self,
        declaration_id: int,
        *,
        person_id: int | None = None,
        item_id: int | Literal["keep"] | None = "keep",
        interest: str | None = None,
        kind: str | None = None,
        action: InterestAction | None = None,
    ) -> Declaration:
        """Change a declaration: what is not given stays as it is (`item_id` None: no item)."""
        with self._writing() as session:
            row = self._get(session, DeclarationRow, declaration_id, "declaration")
            row.person_id = row.person_id if person_id is None else person_id
            _declare(
                session,
                row,
                row.item_id if item_id == "keep" else item_id,
                row.interest if interest is None else interest,
                row.kind if kind is None else kind,
                row.action if action is None else action,
            )
            return _declaration(row)

    def delete_declaration(self, declaration_id: int) -> None:
        with self._writing() as session:
            session.delete(self._get(session, DeclarationRow, declaration_id, "declaration"))

    def declaration_register(self, committee_id: int) -> list[RegisteredDeclaration]:
        """Every declaration made at the committee's meetings, oldest meeting first."""
        with self._reading() as session:
            self._get(session, CommitteeRow, committee_id, "committee")
            rows = session.exec(
                select(DeclarationRow, MeetingRow, PersonRow, ItemRow)
                .join(MeetingRow, col(MeetingRow.id) == DeclarationRow.meeting_id)
                .join(PersonRow, col(PersonRow.id) == DeclarationRow.person_id)
                .outerjoin(ItemRow, col(ItemRow.id) == DeclarationRow.item_id)
                .where(MeetingRow.committee_id == committee_id)
                .order_by(
                    col(MeetingRow.date),
                    col(MeetingRow.id),
                    col(DeclarationRow.position),
                    col(DeclarationRow.id),
                )
            ).all()
            return [
                RegisteredDeclaration(
                    date=meeting.date,
                    item=f"{item.number} {item.title}".strip() if item else "",
                    person=_person(person),
                    declaration=_declaration(row),
                )
                for row, meeting, person, item in rows
            ]

    # -- leases: one editor per meeting ---------------------------------------------

    def acquire_lease(
        self,
        meeting_id: int,
        holder: str,
        seconds: float = 30,
        *,
        is_gone: Callable[[str], bool] | None = None,
    ) -> bool:
        """Take or renew the editing lease; False while someone else holds a live one.

        `is_gone(holder)` may say that a live-looking lease's holder is known to be dead
        (a crashed minutebook on this very machine), so a clerk reopening after a crash
        need not wait for its lease to lapse.
        """
        try:
            with self._writing() as session:
                self._get(session, MeetingRow, meeting_id, "meeting")
                # FOR UPDATE: on a server, two clerks taking a lapsed lease at once wait
                # for each other instead of both winning (SQLite's writers already queue).
                lease = session.get(MeetingLeaseRow, meeting_id, with_for_update=True)
                moment = now()
                if lease is not None and lease.holder != holder:
                    lapses = reading.as_moment(lease.expires_at) or moment
                    if lapses > moment and not (is_gone and is_gone(lease.holder)):
                        return False
                expires = moment + dt.timedelta(seconds=seconds)
                if lease is None:
                    session.add(
                        MeetingLeaseRow(meeting_id=meeting_id, holder=holder, expires_at=expires)
                    )
                else:
                    lease.holder, lease.expires_at = holder, expires
                return True
        except IntegrityError:
            # Someone else made the lease between our look and our insert: theirs it is.
            return False

    def live_lease_holder(self, meeting_id: int) -> str | None:
        with self._reading() as session:
            return reading.live_lease_holder(_fetcher(session), meeting_id)

    def release_lease(self, meeting_id: int, holder: str) -> None:
        with self._writing() as session:
            lease = session.get(MeetingLeaseRow, meeting_id)
            if lease is not None and lease.holder == holder:
                session.delete(lease)


# -- helpers that run inside a session ------------------------------------------------


def _assign(row: SQLModel, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"cannot change {name!r} here")
        setattr(row, name, value)


def _next_position(session: Session, table: type[SQLModel], column: Any, value: Any) -> int:
    position = table.position  # type: ignore[attr-defined]
    highest = session.exec(select(func.max(position)).where(column == value)).one()
    return 0 if highest is None else int(highest) + 1


def _ordered_items(session: Session, meeting_id: int) -> list[ItemRow]:
    return list(
        session.exec(
            select(ItemRow)
            .where(ItemRow.meeting_id == meeting_id)
            .order_by(col(ItemRow.position), col(ItemRow.id))
        ).all()
    )


def _section_order(session: Session, meeting_id: int) -> dict[int | None, int]:
    sections = session.exec(
        select(SectionRow)
        .where(SectionRow.meeting_id == meeting_id)
        .order_by(col(SectionRow.position))
    ).all()
    return {s.id: rank for rank, s in enumerate(sections)}


def _ordered_for_display(session: Session, meeting_id: int) -> list[ItemRow]:
    """Items as the agenda shows them: unsectioned first, then section by section."""
    return reading.in_agenda_order(
        _ordered_items(session, meeting_id), _section_order(session, meeting_id)
    )


def _renumber(session: Session, meeting_id: int) -> None:
    """Number the agenda in its order (see `agenda_changes.numbers_in_order`)."""
    rows = _ordered_for_display(session, meeting_id)
    for row, number in zip(rows, numbers_in_order([r.number for r in rows]), strict=True):
        if row.number != number:
            row.number = number


def _add_agenda_rows(session: Session, meeting_id: int, agenda: Sequence[AgendaRow]) -> None:
    section_id: int | None = None
    section_position = item_position = 0
    for entry in agenda:
        if entry.is_section:
            section = SectionRow(
                meeting_id=meeting_id, title=entry.title, position=section_position
            )
            session.add(section)
            session.flush()
            section_id, section_position = section.id, section_position + 1
        else:
            session.add(
                ItemRow(
                    meeting_id=meeting_id,
                    section_id=section_id,
                    position=item_position,
                    title=entry.title,
                    presenter=entry.presenter,
                    number=("?.?" if entry.sub_item else "?") if entry.numbered else "",
                )
            )
            item_position += 1
    session.flush()


def _deferral_target(session: Session, row: ItemRow) -> MeetingRow | None:
    """The meeting already planned that a deferred item goes to: the committee's first
    after the item's own, on or after the date it was deferred to."""
    meeting = session.get(MeetingRow, row.meeting_id)
    assert meeting is not None
    later = select(MeetingRow).where(
        MeetingRow.committee_id == meeting.committee_id, MeetingRow.date > meeting.date
    )
    if row.deferred_to_date is not None:
        later = later.where(MeetingRow.date >= row.deferred_to_date)
    return session.exec(later.order_by(col(MeetingRow.date), col(MeetingRow.id))).first()


def _carry_deferred_items(session: Session, meeting: MeetingRow) -> None:
    """Bring onto the new agenda every item deferred to it from an earlier meeting."""
    earlier = select(MeetingRow.id).where(
        MeetingRow.committee_id == meeting.committee_id,
        MeetingRow.id != meeting.id,
        MeetingRow.date <= meeting.date,
    )
    deferred = [
        old
        for old in session.exec(
            select(ItemRow)
            .where(
                col(ItemRow.meeting_id).in_(earlier),
                ItemRow.status == ItemStatus.DEFERRED.value,
                col(ItemRow.deferred_to_meeting_id).is_(None),
            )
            .order_by(col(ItemRow.meeting_id), col(ItemRow.position))
        ).all()
        if old.deferred_to_date is None or old.deferred_to_date <= meeting.date
    ]
    _place_carried(session, meeting, deferred)


def _place_carried(session: Session, meeting: MeetingRow, deferred: Sequence[ItemRow]) -> None:
    """Copy deferred items onto the meeting's agenda, each marked as gone there.

    They go where business for discussion goes: at the end of the first section, or just
    after the first item (the review of the last minutes) when the agenda has no sections.
    """
    if not deferred:
        return
    assert meeting.id is not None
    rows = _ordered_for_display(session, meeting.id)
    section_id = next(iter(_section_order(session, meeting.id)), None)
    if section_id is None:
        index = min(1, len(rows))
    else:
        index = max((i + 1 for i, r in enumerate(rows) if r.section_id == section_id), default=0)
        index = index or sum(1 for r in rows if r.section_id is None)
    for offset, old in enumerate(deferred):
        new = ItemRow(
            meeting_id=meeting.id,
            section_id=section_id,
            title=old.title,
            presenter=old.presenter,
            number="?" if old.number else "",
            carried_from_item_id=old.id,
            confidential=old.confidential,
        )
        session.add(new)
        rows.insert(index + offset, new)
        old.deferred_to_meeting_id = meeting.id
    for position, row in enumerate(rows):
        row.position = position
    session.flush()


def _carry_open_actions(session: Session, meeting: MeetingRow) -> None:
    """Every open action of the committee's earlier meetings comes up for review."""
    first_item = session.exec(
        select(ItemRow.id)
        .where(ItemRow.meeting_id == meeting.id)
        .order_by(col(ItemRow.position), col(ItemRow.id))
    ).first()
    open_actions = session.exec(
        select(ActionRow)
        .where(
            ActionRow.committee_id == meeting.committee_id,
            ActionRow.status == ActionStatus.OPEN.value,
        )
        .order_by(col(ActionRow.raised_on), col(ActionRow.position), col(ActionRow.id))
    ).all()
    for position, action in enumerate(open_actions):
        assert action.id is not None and meeting.id is not None
        session.add(
            ReviewedActionRow(
                meeting_id=meeting.id, action_id=action.id, item_id=first_item, position=position
            )
        )


# -- converters: rows to plain domain objects --------------------------------------------


def _ids(ids: Iterable[int | None]) -> set[int]:
    """The ids a query of one id column gave (a primary key is never None)."""
    return {i for i in ids if i is not None}


def _fields(row: SQLModel) -> dict[str, Any]:
    """A row's columns as the mapping storage.reading's converters take (read through
    the attributes, so that nothing expired or not yet loaded is missed)."""
    return {name: getattr(row, name) for name in type(row).model_fields}


def _dated_at(meeting: MeetingRow) -> dt.datetime | None:
    """When an update made in `meeting` is dated: now, during the meeting's day; on its
    day, at its end (or start) time, when written up later. None: now."""
    moment = now()
    if moment.astimezone().date() == meeting.date:
        return None
    for time in (meeting.end_time, meeting.start_time, "12:00"):
        try:
            return local_moment(meeting.date, time)
        except BadInput:
            continue  # not a time minutebook wrote (a loaded file's): the next one
    return None


def _person(row: PersonRow) -> Person:
    return reading.person(_fields(row))


def _roster_rows(session: Session, committee_id: int) -> list[tuple[RosterEntryRow, PersonRow]]:
    rows = session.exec(
        select(RosterEntryRow, PersonRow)
        .join(PersonRow, col(PersonRow.id) == RosterEntryRow.person_id)
        .where(RosterEntryRow.committee_id == committee_id)
        .order_by(col(RosterEntryRow.position), col(RosterEntryRow.person_id))
    ).all()
    return [(entry, person) for entry, person in rows]


def _person_key(row: PersonRow) -> tuple[str, ...]:
    return person_key(row.name, row.role, row.organisation)


def _roster_entry(entry: RosterEntryRow, person: PersonRow) -> RosterEntry:
    return RosterEntry(
        person=_person(person),
        group=RosterGroup(entry.roster_group),
        voting=entry.voting,
        position=entry.position,
    )


def _committee(row: CommitteeRow) -> Committee:
    return reading.committee(_fields(row))


def _section(row: SectionRow) -> Section:
    return reading.section(_fields(row))


def _item(row: ItemRow, carried_on: dt.date | None = None) -> Item:
    """The item; `carried_on` is the date of the meeting it was deferred into, which only
    reading a whole meeting joins in (`reading.ITEMS_SQL`)."""
    return reading.item({**_fields(row), "deferred_to_meeting_date": carried_on})


def _decision(session: Session, row: DecisionRow) -> Decision:
    votes = session.exec(select(VoteRow).where(VoteRow.decision_id == row.id)).all()
    return reading.decision(_fields(row), [reading.vote(_fields(v)) for v in votes])


def record_motion(session: Session, row: DecisionRow, motion: Motion | None) -> None:
    """Give the decision its motion and recorded votes (None: none), refusing a motion
    that could not have happened at its item as the meeting records it."""
    assert row.id is not None
    if motion is not None:
        if row.item_id is None:
            raise BadInput("a motion is recorded under the item it was moved at")
        session.flush()
        problem = motion_problem(meeting_in(session, row.meeting_id), row.item_id, motion)
        if problem:
            raise BadInput(problem)
    row.motion = motion is not None
    row.mover_id = motion.mover_id if motion else None
    row.seconder_id = motion.seconder_id if motion else None
    row.votes_for = motion.votes_for if motion else None
    row.votes_against = motion.votes_against if motion else None
    row.abstained = motion.abstained if motion else None
    row.result = motion.result.value if motion else ""
    session.add(row)
    session.exec(delete(VoteRow).where(col(VoteRow.decision_id) == row.id))
    for vote in motion.votes if motion else ():
        session.add(VoteRow(decision_id=row.id, person_id=vote.person_id, vote=vote.vote.value))
    session.flush()


def meeting_in(session: Session, meeting_id: int) -> Meeting:
    """The whole meeting as `session` sees it (its queries sent together to a server)."""
    fetch = _fetcher(session, ahead=reading.MEETING_QUERIES, params={"meeting": meeting_id})
    return reading.load_meeting(fetch, meeting_id)


def _declaration(row: DeclarationRow) -> Declaration:
    return reading.declaration(_fields(row))


def _declare(
    session: Session,
    row: DeclarationRow,
    item_id: int | None,
    interest: str,
    kind: str,
    action: InterestAction | str,
) -> None:
    """Fill in a declaration of `row.person_id` at `row.meeting_id`, refusing what the
    minutes could not say: someone not at the meeting, an item of another meeting, a kind of
    interest the committee does not use, or no interest at all."""
    attendance = session.exec(
        select(AttendanceRow).where(
            AttendanceRow.meeting_id == row.meeting_id, AttendanceRow.person_id == row.person_id
        )
    ).first()
    if attendance is None or attendance.status not in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.IN_ATTENDANCE,
    ):
        raise BadInput("only someone present or in attendance can declare an interest")
    if item_id is not None:
        item = session.get(ItemRow, item_id)
        if item is None or item.meeting_id != row.meeting_id:
            raise BadInput(f"item {item_id} is not on this meeting's agenda")
    meeting = session.get(MeetingRow, row.meeting_id)
    committee = session.get(CommitteeRow, meeting.committee_id) if meeting else None
    kinds = stored_style(committee.house_style if committee else None).interest_kinds
    if kind not in kinds:
        raise BadInput(
            f"not a kind of interest of this committee: {kind!r} (give {', '.join(kinds)})"
        )
    if not interest.strip():
        raise BadInput("say what the interest is")
    try:
        action = InterestAction(action)
    except ValueError:
        raise BadInput(f"not something done about an interest: {action!r}") from None
    row.item_id, row.interest, row.kind, row.action = item_id, interest.strip(), kind, action.value


def _actions(session: Session, rows: Sequence[ActionRow]) -> list[Action]:
    """Actions with their updates, loaded in one query for all of them."""
    ids = [r.id for r in rows]
    updates: dict[int, list[ActionUpdate]] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for u in session.exec(
            select(ActionUpdateRow)
            .where(col(ActionUpdateRow.action_id).in_(chunk))
            .order_by(col(ActionUpdateRow.made_at), col(ActionUpdateRow.id))
        ).all():
            updates.setdefault(u.action_id, []).append(reading.action_update(_fields(u)))
    return [reading.action(_fields(r), updates.get(r.id or 0, [])) for r in rows]


def _action(session: Session, row: ActionRow) -> Action:
    return _actions(session, [row])[0]


def _attendee(session: Session, row: AttendanceRow) -> Attendee:
    person = session.get(PersonRow, row.person_id)
    deputy_for = session.get(PersonRow, row.deputising_for_id) if row.deputising_for_id else None
    meeting = session.get(MeetingRow, row.meeting_id)
    assert person is not None and meeting is not None
    entry = session.get(RosterEntryRow, (meeting.committee_id, row.person_id))
    return reading.attendee(
        _fields(row),
        _person(person),
        _person(deputy_for) if deputy_for else None,
        RosterGroup(entry.roster_group) if entry else None,
        voting=bool(entry and entry.voting),
    )


def _fetcher(
    session: Session, *, ahead: Sequence[str] = (), params: dict[str, Any] | None = None
) -> reading.Fetch:
    """Run the plain SQL of storage.reading on this session's connection. The `ahead`
    queries (with `params`), which do not depend on each other's answers, are sent to a
    PostgreSQL server all at once, in psycopg's pipeline mode: one round trip, not one each."""
    connection = session.connection()
    answered = _pipelined(connection, ahead, params or {}) if ahead else {}

    def fetch(sql: str, params: dict[str, Any]) -> Sequence[reading.Row]:
        if sql in answered:
            return answered.pop(sql)
        rows = connection.execute(text(sql), params).mappings()
        return cast(Sequence[reading.Row], list(rows))

    return fetch


def _pipelined(
    connection: Connection, queries: Sequence[str], params: dict[str, Any]
) -> dict[str, Sequence[reading.Row]]:
    """Each query's rows, the queries sent together; {} where the driver cannot pipeline
    (SQLite, psycopg2), and the caller runs them one by one."""
    raw = connection.connection.driver_connection
    if raw is None or connection.dialect.name != "postgresql" or not hasattr(raw, "pipeline"):
        return {}
    return dict(pipelined(raw, queries, params))
