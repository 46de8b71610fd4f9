"""Parts of a meeting's minutes written on their own: one item's minute, to send to the
officer who must act on it, or the exempt business alone, for the members."""

from __future__ import annotations

from dataclasses import replace

from storage.domain import Meeting, Value
from storage.errors import BadInput


class Extract(Value):
    """Which items of a meeting an extract holds, how it is named and headed, and whether
    it lists the attendance."""

    name: str  # what the file name adds: "item-5", "exempt"
    label: str  # the line under the title: "Extract: item 5"
    item_ids: frozenset[int]
    attendance: bool = True


def item_extract(meeting: Meeting, number: str) -> Extract:
    """The extract of the item numbered `number` ("5", "5." or "5.1")."""
    wanted = number.strip().rstrip(".")
    found = [i for i in meeting.items if wanted and i.number.rstrip(".") == wanted]
    if not found:
        raise BadInput(f"no item numbered {number.strip()!r} in this meeting")
    name = "item-" + wanted.replace(".", "-")
    return Extract(name, f"Extract: item {wanted}", frozenset({found[0].id}), attendance=False)


def exempt_extract(meeting: Meeting) -> Extract:
    """The extract of the exempt items, with the attendance."""
    exempt = frozenset(i.id for i in meeting.items if i.exempt)
    if not exempt:
        raise BadInput("this meeting has no exempt items")
    return Extract("exempt", "Exempt business", exempt)


def narrowed(meeting: Meeting, extract: Extract) -> Meeting:
    """The meeting holding only the extract's items and what was minuted under them."""
    kept = extract.item_ids
    items = [i for i in meeting.items if i.id in kept]
    first = meeting.items[0].id if meeting.items else None
    return replace(
        meeting.with_items(items),
        sections=tuple(s for s in meeting.sections if any(i.section_id == s.id for i in items)),
        actions=tuple(a for a in meeting.actions if a.item_id in kept),
        decisions=tuple(d for d in meeting.decisions if d.item_id in kept),
        reviewed=tuple(r for r in meeting.reviewed if r.item_id in kept),
        declarations=tuple(d for d in meeting.declarations if d.item_id in kept),
        # The earlier minutes were approved under the first item: only its extract says so.
        approvals=meeting.approvals if first in kept else (),
    )
