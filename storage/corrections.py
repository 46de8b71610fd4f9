"""Corrections to minutes, made when a later meeting approves them: where each one falls.

A correction names an item of the earlier minutes by its number and quotes what they said
there; the words must be found once, in the item's notes, its title, or a decision or
action under it, or the correction is refused with the reason. The approval dialog checks
with this as the clerk types, and the repository again as it applies them.
"""

from __future__ import annotations

from storage.domain import Item, Meeting, Value, redaction_problem
from storage.errors import BadInput


class Requested(Value):
    """A correction as the clerk asks for it: under item `item` ("5", "5.1"), the words
    `said` now say `now_says`."""

    item: str
    said: str
    now_says: str


class Target(Value):
    """Where a correction falls: the item, which text of it ("notes", "title", or
    "decision" / "action" with the record's id), and that text as corrected."""

    item: Item
    kind: str
    record_id: int | None
    corrected: str


def item_numbered(meeting: Meeting, number: str) -> Item | None:
    wanted = number.strip().rstrip(".")
    return next((i for i in meeting.items if i.number.rstrip(".") == wanted and wanted), None)


def find_target(meeting: Meeting, wanted: Requested) -> Target:
    """Where `wanted` falls in `meeting`, with the corrected text; a BadInput says why not."""
    when = f"{meeting.date:%d %B %Y}"
    item = item_numbered(meeting, wanted.item)
    if item is None:
        raise BadInput(f"the minutes of {when} have no item {wanted.item.strip() or '(none)'}")
    said = wanted.said
    if not said.strip():
        raise BadInput("say what the minutes said")
    if said == wanted.now_says:
        raise BadInput("the correction changes nothing")
    places: list[tuple[str, int | None, str]] = [
        ("notes", None, item.notes),
        ("title", None, item.title),
    ]
    places += [("decision", d.id, d.text) for d in meeting.decisions_for(item.id)]
    places += [("action", a.id, a.text) for a in meeting.actions_for(item.id)]
    found = [(kind, record_id, text) for kind, record_id, text in places if said in text]
    count = sum(text.count(said) for _, _, text in found)
    if count == 0:
        raise BadInput(
            f"item {item.number.rstrip('.')} of the minutes of {when} does not say {said!r}"
        )
    if count > 1:
        raise BadInput(
            f"{said!r} is in item {item.number.rstrip('.')} {count} times: quote more of it"
        )
    kind, record_id, text = found[0]
    corrected = text.replace(said, wanted.now_says)
    if kind == "title" and not corrected.strip():
        raise BadInput("an item's title cannot be corrected to nothing")
    if redaction_problem(corrected) is not None:
        raise BadInput("the correction would break a redaction (||…||): quote the whole of it")
    return Target(item, kind, record_id, corrected)
