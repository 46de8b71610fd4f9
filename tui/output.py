"""The command line's output: the action register as a table, CSV or JSON.

Everything printed goes through `printable`, so nothing typed into a meeting can move the
cursor or recolour the terminal, and every CSV cell through `spreadsheet_cell`, so nothing
runs as a formula. The live screens show an action's status and due date the same way
(`status_label`, `due_label`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storage.domain import Action, ActionStatus

if TYPE_CHECKING:
    from storage.search import ActionHit

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
