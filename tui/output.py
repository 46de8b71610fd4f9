"""The command line's output: tables for a terminal, CSV for a spreadsheet, JSON for scripts.

Tables are drawn by Rich at the terminal's width; piped or redirected, they are plain text
(no escape sequences, no colour) at `$COLUMNS` or 100 columns. Long cells wrap at spaces:
a column is never narrower than its longest word unless the screen is too narrow for it.

Everything printed goes through `printable`, so nothing typed into a meeting can move the
cursor or recolour the terminal, and into Rich as a `Text`, so square brackets a clerk typed
are never read as Rich markup. Every CSV cell goes through `spreadsheet_cell`, so nothing
runs as a formula. The live screens show an action's status and due date the same way
(`status_label`, `due_label`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from storage.csv_cells import spreadsheet_cell
from storage.domain import (
    Action,
    ActionStatus,
    Committee,
    MeetingChange,
    RegisteredDeclaration,
    RosterEntry,
)
from storage.motions import quorum_needed
from storage.roster_file import COLUMNS as ROSTER_COLUMNS

if TYPE_CHECKING:
    from storage.attendance_register import AttendanceRegister, AttendanceTally
    from storage.search import ActionHit

PIPED_WIDTH = 100
"""The width of a table written anywhere but a terminal, unless `$COLUMNS` says otherwise."""

# Headings over a rule of dashes, columns two spaces apart, no other lines: the table reads
# the same on any terminal and in a file.
_RULED = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


def status_label(action: Action, today: dt.date) -> str:
    """The status as the register shows it: an open action past its due date is overdue."""
    if action.status == ActionStatus.OPEN and action.due_date and action.due_date < today:
        return "overdue"
    return action.status.value


def due_label(action: Action) -> str:
    return action.due_date.isoformat() if action.due_date else action.due_text


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text fit for a terminal: control characters (escape sequences among them) and
    direction overrides, which would recolour, move or hide what follows, become spaces."""
    return _CONTROLS.sub(" ", text)


def format_table(
    hits: Sequence[ActionHit], *, today: dt.date | None = None, width: int = PIPED_WIDTH
) -> str:
    """The action register as plain text `width` columns wide, and how many actions."""
    return plain_text(actions_table(hits, today=today), width)


def actions_table(hits: Sequence[ActionHit], *, today: dt.date | None = None) -> RenderableType:
    """The action register as a table laid out for whatever width it is drawn at."""
    today = today or dt.date.today()
    rows = [
        [
            due_label(hit.action),
            hit.action.owner,
            hit.action.text,
            status_label(hit.action, today),
            hit.committee_name,
            hit.meeting_date.isoformat() if hit.meeting_date else "",
        ]
        for hit in hits
    ]
    columns = [
        # A due date is ten characters; a due text ('at the June Board') wraps.
        _Column("Due", at_least=10),
        _Column("Owner"),
        # The action's own words get most of the room, and a long web address folds.
        _Column("Action", weight=3, at_least=10),
        _Column("Status", weight=0),
        _Column("Committee"),
        _Column("Meeting", weight=0),
    ]
    count = Text(f"{len(hits)} action{'s' if len(hits) != 1 else ''}")
    return _AtWidth(lambda width: (_table(columns, rows, width), count))


def format_attendance(register: AttendanceRegister, *, width: int = PIPED_WIDTH) -> str:
    """The attendance register as plain text `width` columns wide."""
    return plain_text(attendance_tables(register), width)


def attendance_tables(register: AttendanceRegister) -> RenderableType:
    """The attendance register: which meetings count, then a table of organisations and one
    of members, with a column for each way of attending or not."""
    name = printable(register.committee.name)
    dates = register.meeting_dates
    if not dates:
        return Text(f"{name}: no meetings held in this period")
    span = dates[0].isoformat() if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    count = f"{len(dates)} meeting{'s' if len(dates) != 1 else ''}"
    organisations = _tallies("Organisation", register.organisations, deputy=False)
    members = _tallies("Member", register.members, deputy=True)

    def draw(width: int) -> Iterable[RenderableType]:
        yield Text(f"{name}: {count}, {span}")
        yield Text("")
        yield _table(*organisations, width)
        yield Text("")
        yield _table(*members, width)

    return _AtWidth(draw)


def _tallies(
    heading: str, tallies: Sequence[AttendanceTally], *, deputy: bool
) -> tuple[list[_Column], list[list[str]]]:
    figures = ["Attended", *(["Deputy"] if deputy else []), "Apologies", "Missed"]
    columns = [_Column(heading), *(_Column(f, weight=0, justify="right") for f in figures)]
    rows = [
        [
            tally.label,
            str(tally.attended),
            *([str(tally.deputy)] if deputy else []),
            str(tally.apologies),
            str(tally.missed),
        ]
        for tally in tallies
    ]
    return columns, rows


def _roster_record(entry: RosterEntry) -> dict[str, Any]:
    person = entry.person
    return {
        "name": person.name or "",
        "role": person.role,
        "organisation": person.organisation,
        "group": entry.group.value,
        "voting": "yes" if entry.voting else "no",
        "initials": person.initials,
    }


def roster_table(committee: Committee, entries: Sequence[RosterEntry]) -> RenderableType:
    """The roster in its order, as the next meeting will expect it, and the quorum."""
    name = printable(committee.name)
    if not entries:
        return Text(f"{name}: no one on the roster yet")
    columns = [
        _Column("#", weight=0, justify="right"),
        _Column("Name"),
        _Column("Role", weight=2),
        _Column("Organisation", weight=2),
        _Column("Group", weight=0),
        _Column("Voting", weight=0),
        _Column("Initials", weight=0),
    ]
    rows = [
        [str(number), *_roster_record(entry).values()]
        for number, entry in enumerate(entries, start=1)
    ]
    voting = sum(entry.voting for entry in entries)
    summary = f"{name}: {len(entries)} on the roster, {voting} voting"
    needed = quorum_needed(committee, voting)
    if needed is not None:
        share = f" ({committee.quorum} of them)" if "/" in committee.quorum else ""
        summary += f"; the quorum is {needed}{share}"
    count = Text(summary)
    return _AtWidth(lambda width: (_table(columns, rows, width), count))


def format_roster_csv(entries: Sequence[RosterEntry]) -> str:
    """The roster as a CSV that `minutebook roster --load` reads back to the same roster."""
    return _csv(ROSTER_COLUMNS, [_roster_record(entry) for entry in entries])


def _csv(columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> str:
    """Records as CSV, each cell safe to open in a spreadsheet."""
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: spreadsheet_cell(v) for k, v in record.items()})
    return buffer.getvalue()


def format_roster_json(entries: Sequence[RosterEntry]) -> str:
    import json

    records = [
        {**_roster_record(entry), "name": entry.person.name, "voting": entry.voting}
        for entry in entries
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


# -- laying a table out ---------------------------------------------------------------------

_GAP = 2
"""Columns are two spaces apart: one of padding, one of (blank) border."""


@dataclass(frozen=True, slots=True)
class _Column:
    """A column's heading and how it gives up room when the table is too wide.

    Columns of `weight` 0 never wrap; the others wrap at spaces, each narrowed in
    proportion to its weight, but never below its longest word (up to a fifth of the
    width) or `at_least`.
    """

    heading: str
    weight: int = 1
    at_least: int = 6
    justify: JustifyMethod = "left"


def _table(columns: Sequence[_Column], rows: Sequence[Sequence[str]], width: int) -> Table:
    cells = [[printable(cell) for cell in row] for row in rows]
    table = Table(
        box=_RULED,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    widths = _widths(columns, [[row[i] for row in cells] for i in range(len(columns))], width)
    for column, column_width in zip(columns, widths, strict=True):
        table.add_column(
            column.heading,
            width=column_width,
            justify=column.justify,
            no_wrap=column.weight == 0,
            overflow="fold",
        )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _widths(columns: Sequence[_Column], cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """Each column's width: what its longest cell needs, if the table fits in `width`;
    otherwise the wrapping columns share what is left, in proportion to their weights."""
    room = width - _GAP * (len(columns) - 1)
    natural = [
        max(cell_len(text) for text in (column.heading, *column_cells))
        for column, column_cells in zip(columns, cells, strict=True)
    ]
    if sum(natural) <= room:
        return natural
    floors = []
    for column, column_cells, most in zip(columns, cells, natural, strict=True):
        words = [w for text in (column.heading, *column_cells) for w in text.split()]
        longest = max((cell_len(word) for word in words), default=1)
        floor = most if column.weight == 0 else max(min(longest, width // 5), column.at_least)
        floors.append(min(floor, most))
    flexible = [i for i, column in enumerate(columns) if column.weight]
    # Too narrow for every whole word: the widest wrapping column folds first, down to its
    # `at_least`, and only then below it.
    for limit in ([columns[i].at_least for i in range(len(columns))], [1] * len(columns)):
        while sum(floors) > room:
            shrinkable = [i for i in flexible if floors[i] > limit[i]]
            if not shrinkable:
                break
            floors[max(shrinkable, key=lambda i: floors[i])] -= 1
    if sum(floors) >= room:
        return floors

    def at(level: int) -> list[int]:
        return [
            max(floor, min(most, column.weight * level))
            for column, floor, most in zip(columns, floors, natural, strict=True)
        ]

    level = 0
    while level < max(natural) and sum(at(level + 1)) <= room:
        level += 1
    widths = at(level)
    # What the last step could not share out goes to the heaviest columns still short.
    for i in sorted(flexible, key=lambda i: -columns[i].weight):
        widths[i] += min(room - sum(widths), natural[i] - widths[i])
    return widths


@dataclass(frozen=True, slots=True)
class _AtWidth:
    """A renderable that lays itself out for the width it is drawn at."""

    draw: Callable[[int], Iterable[RenderableType]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.draw(options.max_width)


def show(renderable: RenderableType, stream: TextIO | None = None) -> None:
    """Print a table: on a terminal at its width, styled; anywhere else as `plain_text`."""
    stream = stream or sys.stdout
    if _is_terminal(stream):
        _console(stream, width=None, terminal=True).print(renderable)
    else:
        stream.write(plain_text(renderable, piped_width()))


def plain_text(renderable: RenderableType, width: int) -> str:
    """A renderable as text `width` columns wide: no escape sequences, no trailing spaces."""
    console = _console(io.StringIO(), width=width, terminal=False)
    with console.capture() as capture:
        console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in capture.get().splitlines())


def piped_width() -> int:
    """The width of a table not written to a terminal: `$COLUMNS`, or 100."""
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _console(stream: TextIO, *, width: int | None, terminal: bool) -> Console:
    # Never markup, emoji codes or highlighting: every cell is a clerk's text, shown as typed.
    # `force_terminal` is always given, so FORCE_COLOR cannot put escapes into a file.
    return Console(
        file=stream,
        width=width,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


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


# -- the history of a meeting's minutes ------------------------------------------------------

HISTORY_WIDTH = 80
"""The history table is never wider: its long texts are shortened, with "…"."""

HISTORY_COLUMNS = ("made_at", "what", "before", "after")


def _shortened(text: str, width: int) -> str:
    cell = Text(" ".join(printable(text).split()))
    cell.truncate(max(width, 1), overflow="ellipsis")
    return cell.plain


def history_table(changes: Sequence[MeetingChange]) -> RenderableType:
    """The changes, oldest first, one line each (the CSV and JSON give them whole)."""
    if not changes:
        return Text("no changes since the minutes were circulated")

    def draw(width: int) -> Iterable[RenderableType]:
        when = 16  # 2026-03-12 14:05
        room = min(width, HISTORY_WIDTH) - when - 3 * _GAP
        texts = (room * 2 // 5, room * 3 // 10, room - room * 2 // 5 - room * 3 // 10)
        columns = [
            _Column("When", weight=0),
            *(_Column(h, weight=0) for h in ("What", "Before", "After")),
        ]
        rows = [
            [
                f"{change.made_at.astimezone():%Y-%m-%d %H:%M}",
                *(
                    _shortened(text, cells)
                    for text, cells in zip(
                        (change.what, change.before, change.after), texts, strict=True
                    )
                ),
            ]
            for change in changes
        ]
        yield _table(columns, rows, min(width, HISTORY_WIDTH))

    return _AtWidth(draw)


def _change_record(change: MeetingChange) -> dict[str, str]:
    return {
        "made_at": change.made_at.isoformat(),
        "what": change.what,
        "before": change.before,
        "after": change.after,
    }


def format_history_csv(changes: Sequence[MeetingChange]) -> str:
    """Every change, its texts whole."""
    return _csv(HISTORY_COLUMNS, [_change_record(change) for change in changes])


def format_history_json(changes: Sequence[MeetingChange]) -> str:
    import json

    records = [_change_record(change) for change in changes]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


# -- the register of interests ---------------------------------------------------------------

DECLARATIONS_WIDTH = 80
"""The register table is never wider: its long texts wrap."""

DECLARATION_COLUMNS = ("date", "item", "person", "interest", "kind", "action")


def _declaration_record(entry: RegisteredDeclaration) -> dict[str, str]:
    declaration = entry.declaration
    return {
        "date": entry.date.isoformat(),
        "item": entry.item,
        "person": entry.person.label(),
        "interest": declaration.interest,
        "kind": declaration.kind,
        "action": declaration.action.value,
    }


def declarations_table(committee: str, entries: Sequence[RegisteredDeclaration]) -> RenderableType:
    """The committee's declarations of interest, oldest meeting first."""
    if not entries:
        return Text(f"{printable(committee)}: no declarations of interest yet")
    columns = [
        _Column("Date", weight=0),
        _Column("Item"),
        _Column("Person", weight=2),
        _Column("Interest", weight=3),
        _Column("Kind"),
        _Column("Action"),
    ]
    rows = [list(_declaration_record(entry).values()) for entry in entries]
    return _AtWidth(lambda width: (_table(columns, rows, min(width, DECLARATIONS_WIDTH)),))


def format_declarations_csv(entries: Sequence[RegisteredDeclaration]) -> str:
    return _csv(DECLARATION_COLUMNS, [_declaration_record(entry) for entry in entries])


def format_declarations_json(entries: Sequence[RegisteredDeclaration]) -> str:
    import json

    records = [_declaration_record(entry) for entry in entries]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
