"""The action register's search: an `ActionQuery` in, the matching actions out.

`search_actions` runs a query read by `storage.action_query`: free text through SQLite's
FTS5 index `action_fts` (made by migration 0003) or PostgreSQL's tsvector column
`action.search_vector` (migration 0004), filters as plain SQL. Both give the same results
for the same line; other databases get a portable ILIKE search instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    String,
    and_,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
)

from storage import reading
from storage.action_query import WORD, ActionQuery, parse_query
from storage.domain import Action, ActionStatus, ActionUpdate
from storage.tables import ActionRow, ActionUpdateRow, CommitteeRow, MeetingRow

ACTION = ActionRow.__table__  # type: ignore[attr-defined]
UPDATE = ActionUpdateRow.__table__  # type: ignore[attr-defined]
COMMITTEE = CommitteeRow.__table__  # type: ignore[attr-defined]
MEETING = MeetingRow.__table__  # type: ignore[attr-defined]

DEFAULT_LIMIT = 500
UNDATED = "9999-12-31"
"""Where actions with no due date sort: after every dated one."""


@dataclass(frozen=True, slots=True)
class ActionHit:
    """One action found, with the committee and meeting it came from."""

    action: Action
    committee_name: str
    meeting_date: dt.date | None

    @property
    def meeting_id(self) -> int | None:
        return self.action.meeting_id

    @property
    def item_id(self) -> int | None:
        return self.action.item_id


def fts_expression(query: ActionQuery) -> str:
    """The FTS5 MATCH text: every phrase as a quoted string, so no syntax can leak in."""
    return " ".join(
        '"' + " ".join(phrase).replace('"', '""') + '"' + ("*" if prefix else "")
        for phrase, prefix in zip(query.phrases, query.prefixes, strict=True)
    )


def search_actions(
    source: Any,
    query: ActionQuery | str,
    *,
    today: dt.date | None = None,
    limit: int | None = DEFAULT_LIMIT,
    with_updates: bool = True,
) -> list[ActionHit]:
    """Actions matching `query`, by due date (undated last), then the date each was raised.

    `source` is a Repository or an Engine. Hits carry their actions' updates unless
    `with_updates` is False (a list that shows no history need not load it).
    """
    if isinstance(query, str):
        query = parse_query(query)
    engine: Engine = getattr(source, "engine", source)
    today = today or dt.date.today()
    # The same order as the register indexes of migration 0003, so a search walks an
    # index and stops at `limit` instead of sorting every match.
    order = (
        func.coalesce(ACTION.c.due_date, literal_column(f"'{UNDATED}'")),
        ACTION.c.raised_on,
        ACTION.c.position,
        ACTION.c.id,
    )
    with engine.connect() as connection:
        connection.execution_options(minutebook_write=False)
        wanted = select(ACTION.c.id).where(*_filter_clauses(connection, query, today))
        wanted = wanted.order_by(*order)
        if limit is not None:
            wanted = wanted.limit(limit)
        statement = (
            select(
                ACTION,
                COMMITTEE.c.name.label("committee_name"),
                func.coalesce(MEETING.c.date, ACTION.c.raised_on).label("held"),
            )
            .select_from(
                ACTION.join(COMMITTEE, COMMITTEE.c.id == ACTION.c.committee_id).outerjoin(
                    MEETING, MEETING.c.id == ACTION.c.meeting_id
                )
            )
            .where(ACTION.c.id.in_(wanted))
            .order_by(*order)
        )
        rows = connection.execute(statement).all()
        updates = _updates_of(connection, [row.id for row in rows]) if with_updates else {}
    return [
        ActionHit(
            action=reading.action(row._mapping, updates.get(row.id, ())),
            committee_name=row.committee_name,
            meeting_date=row.held,
        )
        for row in rows
    ]


def _filter_clauses(
    connection: Connection, query: ActionQuery, today: dt.date
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    dialect = connection.dialect.name
    indexed = (dialect == "sqlite" and _has_fts_index(connection)) or (
        dialect == "postgresql" and _has_search_vector(connection)
    )
    owner_words = WORD.findall(query.owner or "")
    if indexed and (query.phrases or owner_words):
        if dialect == "postgresql":
            clauses.append(_tsvector_clause(query, owner_words))
        else:
            clauses.append(_fts_clause(query, owner_words))
    elif query.phrases:
        clauses.append(_like_clause(query))
    if query.owner and not (indexed and owner_words):
        clauses.append(_contains(ACTION.c.owner, query.owner))
    if query.statuses is not None:
        clauses.append(ACTION.c.status.in_(sorted(s.value for s in query.statuses)))
    if query.overdue:
        clauses.append(ACTION.c.status == ActionStatus.OPEN.value)
        clauses.append(ACTION.c.due_date < today)
    if query.committee:
        named = select(COMMITTEE.c.id).where(_contains(COMMITTEE.c.name, query.committee))
        clauses.append(ACTION.c.committee_id.in_(named))
    if query.due_before is not None:
        clauses.append(ACTION.c.due_date < query.due_before)
    if query.due_after is not None:
        clauses.append(ACTION.c.due_date > query.due_after)
    if query.due_on is not None:
        clauses.append(ACTION.c.due_date == query.due_on)
    if query.due_text:
        clauses.append(_contains(ACTION.c.due_text, query.due_text))
    return clauses


def _fts_clause(query: ActionQuery, owner_words: Sequence[str]) -> ColumnElement[bool]:
    """Membership of the FTS5 matches; owner words match as prefixes in the owner column."""
    expression = " AND ".join(
        part
        for part in (
            fts_expression(query),
            *(f'owner : "{word}"*' for word in owner_words),
        )
        if part
    )
    matching = text("SELECT rowid FROM action_fts WHERE action_fts MATCH :expression")
    # `id + 0` keeps SQLite from looking actions up match by match and sorting them all:
    # it walks the register index in order instead and stops after `limit` matches.
    return (ACTION.c.id + 0).in_(
        matching.bindparams(expression=expression).columns(column("rowid", Integer))
    )


@dataclass(frozen=True, slots=True)
class Term:
    """One word of a tsquery, and what follows its closing quote (prefix, weight)."""

    word: str
    suffix: str


def tsquery_terms(query: ActionQuery, owner_words: Sequence[str] = ()) -> list[str | Term]:
    """The PostgreSQL tsquery as operators and terms, in order, every term to be quoted.

    A phrase's words are adjacent (`<->`), the last one a prefix if the phrase is; phrases
    and owner words are all required (`&`); owner words are prefixes of the owner (weight
    B of the search vector).
    """
    parts: list[str | Term] = []
    for phrase, prefix in zip(query.phrases, query.prefixes, strict=True):
        if parts:
            parts.append(" & ")
        for index, word in enumerate(phrase):
            if index:
                parts.append(" <-> ")
            last = index == len(phrase) - 1
            parts.append(Term(word, ":*" if prefix and last else ""))
    for word in owner_words:
        if parts:
            parts.append(" & ")
        parts.append(Term(word, ":*B"))
    return parts


def _tsvector_clause(query: ActionQuery, owner_words: Sequence[str]) -> ColumnElement[bool]:
    """The search vector matches every phrase and owner word (PostgreSQL).

    Each word goes through the same `action_search_fold` as the indexed text, then between
    quotes: a `WORD` is letters and digits only, and folding only makes letters, so no
    tsquery syntax can leak in and no quoted term is empty. A term that leaves no lexeme
    is dropped by to_tsquery, with a notice, never an error.
    """
    pieces: list[Any] = []
    between = ""
    for part in tsquery_terms(query, owner_words):
        if isinstance(part, Term):
            pieces.append(literal(between + "'", String()))
            pieces.append(func.action_search_fold(literal(part.word, String())))
            between = "'" + part.suffix
        else:
            between += part
    if not pieces:
        return true()
    expression = pieces[0]
    for piece in [*pieces[1:], literal(between, String())]:
        expression = expression + piece
    tsquery = func.to_tsquery(literal_column("'pg_catalog.simple'"), expression)
    return literal_column("action.search_vector").op("@@")(tsquery)


def _has_search_vector(connection: Connection) -> bool:
    found = connection.exec_driver_sql(
        "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('action') "
        "AND attname = 'search_vector' AND NOT attisdropped"
    ).first()
    return found is not None


def _like_clause(query: ActionQuery) -> ColumnElement[bool]:
    """Portable fallback: every phrase somewhere in the text, owner or an update.

    A phrase's words must appear in order, anything between them, as FTS5 would find
    'near miss' in 'NEAR-miss'.
    """
    clauses = []
    for phrase in query.phrases:
        needle = "%".join(_escape_like(word) for word in phrase)
        in_updates = exists(
            select(UPDATE.c.id).where(
                UPDATE.c.action_id == ACTION.c.id,
                _contains(UPDATE.c.text, needle, escaped=True),
            )
        )
        clauses.append(
            or_(
                _contains(ACTION.c.text, needle, escaped=True),
                _contains(ACTION.c.owner, needle, escaped=True),
                in_updates,
            )
        )
    return and_(true(), *clauses)


def _has_fts_index(connection: Connection) -> bool:
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'action_fts'"
    ).first()
    return found is not None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(target: Any, value: str, *, escaped: bool = False) -> ColumnElement[bool]:
    """Case-insensitive substring match, with LIKE's wildcards taken literally."""
    pattern = value if escaped else _escape_like(value)
    return target.ilike(f"%{pattern}%", escape="\\")


def _updates_of(connection: Connection, ids: Sequence[int]) -> dict[int, list[ActionUpdate]]:
    found: dict[int, list[ActionUpdate]] = {}
    # In chunks: SQLite caps the number of bound parameters in one statement.
    for start in range(0, len(ids), 500):
        rows = connection.execute(
            select(UPDATE)
            .where(UPDATE.c.action_id.in_(ids[start : start + 500]))
            .order_by(UPDATE.c.made_at, UPDATE.c.id)
        ).all()
        for row in rows:
            found.setdefault(row.action_id, []).append(reading.action_update(row._mapping))
    return found
