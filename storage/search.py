"""The action register's search: one line of text in, the matching actions out.

The line a clerk types mixes free text with filters, as in
`probation owner:bob status:all due:<2024-07-01`. `parse_query` reads it without ever
failing (anything it cannot use becomes a hint), and `search_actions` runs it: free text
through SQLite's FTS5 index `action_fts` (made by migration 0003) or PostgreSQL's
tsvector column `action.search_vector` (migration 0004), filters as plain SQL. Both give
the same results for the same line; other databases get a portable ILIKE search instead.
"""

from __future__ import annotations

import datetime as dt
import re
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
from storage.dates import due_date_from_text
from storage.domain import Action, ActionStatus, ActionUpdate
from storage.tables import ActionRow, ActionUpdateRow, CommitteeRow, MeetingRow

ACTION = ActionRow.__table__  # type: ignore[attr-defined]
UPDATE = ActionUpdateRow.__table__  # type: ignore[attr-defined]
COMMITTEE = CommitteeRow.__table__  # type: ignore[attr-defined]
MEETING = MeetingRow.__table__  # type: ignore[attr-defined]

FILTER_KEYS = ("owner", "status", "committee", "due")
FILTER_HELP = "owner:, status:, committee:, due:<DATE, due:>DATE, due:TEXT, overdue"
STATUS_WORDS: dict[str, frozenset[ActionStatus] | None] = {
    "open": frozenset({ActionStatus.OPEN}),
    "done": frozenset({ActionStatus.DONE}),
    "dropped": frozenset({ActionStatus.DROPPED}),
    "closed": frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    "all": None,
}
DEFAULT_STATUSES = STATUS_WORDS["open"]
DEFAULT_LIMIT = 500
UNDATED = "9999-12-31"
"""Where actions with no due date sort: after every dated one."""

# A `key:value` filter (the value may be "quoted", even unterminated while typing), a
# "quoted phrase", or a bare word. The key is letters only, so 10:30 stays free text.
_TOKEN = re.compile(
    r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"?|\S*)|(?P<phrase>"[^"]*"?)|(?P<word>\S+)'
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ActionQuery:
    """What a search line asks for; `hints` says what in it was not understood."""

    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[bool, ...] = ()
    owner: str | None = None
    statuses: frozenset[ActionStatus] | None = DEFAULT_STATUSES
    committee: str | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    due_on: dt.date | None = None
    due_text: str | None = None
    overdue: bool = False
    hints: tuple[str, ...] = ()

    @property
    def words(self) -> list[str]:
        """Every free-text word, in order."""
        return [word for phrase in self.phrases for word in phrase]


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


def parse_query(line: str) -> ActionQuery:
    """Read a search line; never raises. Unknown or malformed filters become hints."""
    fields: dict[str, Any] = {}
    phrases: list[tuple[str, ...]] = []
    hints: list[str] = []
    prefixes: list[bool] = []
    for match in _TOKEN.finditer(line):
        if match.group("key") is not None:
            key = match.group("key").lower()
            value = _unquote(match.group("value"))
            if key not in FILTER_KEYS:
                hints.append(f"unknown filter {key}: (the filters are {FILTER_HELP})")
            elif value:
                hint = _apply_filter(key, value, fields)
                if hint:
                    hints.append(hint)
            continue
        raw = match.group("phrase") or match.group("word")
        if match.group("word") is not None and raw.lower() == "overdue":
            fields["overdue"] = True
            continue
        words = tuple(_WORD.findall(raw))
        if _first_letter_typed(match, words, line):
            # One letter matches most of the register: wait for the next keystroke.
            continue
        if words:
            phrases.append(words)
            # Words match as prefixes ('proba' finds 'Probation'), and so does a quoted
            # phrase still being typed; a closed "quoted phrase" matches exactly.
            if match.group("phrase") is not None:
                prefixes.append(not _is_closed_quote(raw) and match.end() == len(line))
            else:
                prefixes.append(True)
    return ActionQuery(
        phrases=tuple(phrases), prefixes=tuple(prefixes), hints=tuple(hints), **fields
    )


def _first_letter_typed(match: re.Match[str], words: tuple[str, ...], line: str) -> bool:
    at_end = match.end() == len(line)
    return at_end and match.group("word") is not None and len("".join(words)) == 1


def _unquote(value: str) -> str:
    if value.startswith('"'):
        value = value[1:]
        if value.endswith('"'):
            value = value[:-1]
    return value.strip()


def _is_closed_quote(raw: str) -> bool:
    return len(raw) >= 2 and raw.startswith('"') and raw.endswith('"')


def _apply_filter(key: str, value: str, fields: dict[str, Any]) -> str | None:
    """Set one filter from `key:value`; return a hint if the value makes no sense."""
    if key == "owner":
        fields["owner"] = value
    elif key == "committee":
        fields["committee"] = value
    elif key == "status":
        word = value.lower()
        if word not in STATUS_WORDS:
            return f"status:{value}: give open, done, dropped, closed or all"
        fields["statuses"] = STATUS_WORDS[word]
    elif key == "due":
        return _apply_due(value, fields)
    return None


def _apply_due(value: str, fields: dict[str, Any]) -> str | None:
    if value[0] in "<>":
        date = _read_date(value[1:].lstrip("="))
        if date is None:
            return f"due:{value}: give a date, as in due:{value[0]}2024-06-10"
        fields["due_before" if value[0] == "<" else "due_after"] = date
        return None
    date = _read_date(value)
    if date is not None:
        fields["due_on"] = date
    else:
        fields["due_text"] = value
    return None


def _read_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return due_date_from_text(value) if value else None


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
    owner_words = _WORD.findall(query.owner or "")
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
        # FTS5 splits words at underscores, so 'panel_cases' is a phrase of two words. A
        # phrase of underscores alone becomes a blank term: to_tsquery drops it, so, as in
        # FTS5, it matches nothing on its own and changes nothing beside other words.
        words = [piece for word in phrase for piece in word.split("_") if piece] or [" "]
        if parts:
            parts.append(" & ")
        for index, word in enumerate(words):
            if index:
                parts.append(" <-> ")
            last = index == len(words) - 1
            parts.append(Term(word, ":*" if prefix and last else ""))
    for word in owner_words:
        if parts:
            parts.append(" & ")
        parts.append(Term(word, ":*B"))
    return parts


def _tsvector_clause(query: ActionQuery, owner_words: Sequence[str]) -> ColumnElement[bool]:
    """The search vector matches every phrase and owner word (PostgreSQL).

    Each word goes through the same `action_search_fold` as the indexed text, then between
    quotes: `\\w+` words hold no quote, backslash or underscore, and folding only makes
    letters, so no tsquery syntax can leak in and no quoted term is empty. A term that
    leaves no lexeme is dropped by to_tsquery, with a notice, never an error.
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


# -- the register as text: a table for the terminal, CSV for a spreadsheet, JSON ----------

TABLE_WIDTH = 79
_TABLE_COLUMNS = (("Due", 10), ("Owner", 12), ("Action", 25), ("Status", 7), ("Committee", 10))


def status_label(action: Action, today: dt.date) -> str:
    """The status as the register shows it: an open action past its due date is overdue."""
    if action.status == ActionStatus.OPEN and action.due_date and action.due_date < today:
        return "overdue"
    return action.status.value


def due_label(action: Action) -> str:
    return action.due_date.isoformat() if action.due_date else action.due_text


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """Text fit for a terminal: control characters (escape sequences among them) and
    direction overrides, which would recolour, move or hide what follows, become spaces."""
    return _CONTROLS.sub(" ", text)


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as typed: one that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def format_table(hits: Sequence[ActionHit], *, today: dt.date | None = None) -> str:
    """A plain table that fits an 80-column terminal; long cells wrap onto more lines."""
    import textwrap

    today = today or dt.date.today()
    headings = [name for name, _ in _TABLE_COLUMNS] + ["Meeting"]
    widths = [width for _, width in _TABLE_COLUMNS] + [10]
    lines = [" ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip()]
    lines.append(" ".join("-" * w for w in widths))
    for hit in hits:
        action = hit.action
        cells = [
            due_label(action),
            action.owner,
            action.text,
            status_label(action, today),
            hit.committee_name,
            hit.meeting_date.isoformat() if hit.meeting_date else "",
        ]
        wrapped = [
            textwrap.wrap(printable(cell), width, break_long_words=True) or [""]
            for cell, width in zip(cells, widths, strict=True)
        ]
        for index in range(max(len(cell) for cell in wrapped)):
            parts = [
                (cell[index] if index < len(cell) else "").ljust(width)
                for cell, width in zip(wrapped, widths, strict=True)
            ]
            lines.append(" ".join(parts).rstrip())
    lines.append(f"{len(hits)} action{'s' if len(hits) != 1 else ''}")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "id",
    "committee",
    "meeting_date",
    "owner",
    "action",
    "due",
    "due_date",
    "status",
    "raised_on",
    "latest_update",
    "updates",
)


def _record(hit: ActionHit) -> dict[str, Any]:
    action = hit.action
    return {
        "id": action.id,
        "committee": hit.committee_name,
        "meeting_id": action.meeting_id,
        "item_id": action.item_id,
        "meeting_date": hit.meeting_date.isoformat() if hit.meeting_date else None,
        "owner": action.owner,
        "action": action.text,
        "due": action.due_text,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "status": action.status.value,
        "raised_on": action.raised_on.isoformat() if action.raised_on else None,
        "updates": [
            {"made_at": u.made_at.isoformat(), "meeting_id": u.meeting_id, "text": u.text}
            for u in action.updates
        ],
    }


def format_csv(hits: Sequence[ActionHit]) -> str:
    """One row per action, ready for a spreadsheet; the updates joined, oldest first."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for hit in hits:
        record = _record(hit)
        updates = [f"{u.made_at.date().isoformat()}: {u.text}" for u in hit.action.updates]
        record["latest_update"] = updates[-1] if updates else ""
        record["updates"] = "\n".join(updates)
        writer.writerow({k: "" if v is None else spreadsheet_cell(v) for k, v in record.items()})
    return buffer.getvalue()


def format_json(hits: Sequence[ActionHit]) -> str:
    """A JSON list of actions, each with its updates, for scripts."""
    import json

    return json.dumps([_record(hit) for hit in hits], indent=2, ensure_ascii=False) + "\n"
