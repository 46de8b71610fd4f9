"""The action register's query language: one line a clerk types, read into an `ActionQuery`.

The line mixes free text with filters, as in `probation owner:bob status:all due:<2024-07-01`.
`parse_query` reads it without ever failing: anything it cannot use becomes a hint for the
clerk. Running the query is `storage.search`'s business; this module knows no SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from storage.dates import due_date_from_text
from storage.domain import ActionStatus

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

# A `key:value` filter (the value may be "quoted", even unterminated while typing), a
# "quoted phrase", or a bare word. The key is letters only, so 10:30 stays free text.
_TOKEN = re.compile(
    r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"?|\S*)|(?P<phrase>"[^"]*"?)|(?P<word>\S+)'
)
WORD = re.compile(r"[^\W_]+")
"""What a search counts as one word, in free text and in an owner filter alike.

A run of letters and digits, as FTS5's unicode61 tokeniser and PostgreSQL's folded text
both read words: underscores split words like other punctuation ('panel_cases' is two),
and a piece of the line with no letter or digit in it ('_', '--') is ignored.
"""


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
        words = tuple(WORD.findall(raw))
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
