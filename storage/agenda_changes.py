"""The agenda as it changes while the meeting runs: its numbers, and each change a clerk can
make to it (add, move, make a sub-item, lift, delete).

The rules are pure functions over the items in agenda order, so the capture screen shows a
change at once with the numbers the database will give it (`Repository.arrange_agenda`
stores the same order and numbers it with the same `numbers_in_order`).

An item's number also says what it is: "" an unnumbered (standing) item, a sub-number
("5.1", or "?.?" when new) a sub-item of the item before it, anything else ("5.", "?") an
item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storage.agenda import is_sub_number
from storage.domain import Item, Meeting
from storage.errors import BadInput

ITEM, SUB_ITEM = "?", "?.?"
"""The numbers an item and a sub-item take until the agenda is numbered."""


def numbers_in_order(numbers: Sequence[str]) -> list[str]:
    """The numbers of an agenda's items, in agenda order: items 1., 2., ...; sub-items
    5.1, 5.2 ... under the item before them (one with no item before it is an item);
    unnumbered items stay blank."""
    result: list[str] = []
    number = sub = 0
    for kind in numbers:
        if not kind:
            result.append("")
        elif is_sub_number(kind) and number:
            sub += 1
            result.append(f"{number}.{sub}")
        else:
            number, sub = number + 1, 0
            result.append(f"{number}.")
    return result


def number_kind(number: str) -> str:
    """What a number makes its item: "" unnumbered, ITEM or SUB_ITEM."""
    if not number:
        return ""
    return SUB_ITEM if is_sub_number(number) else ITEM


def is_sub_item(item: Item) -> bool:
    return number_kind(item.number) == SUB_ITEM


def arranged(items: Sequence[Item]) -> tuple[Item, ...]:
    """The items in this order, with their positions and numbers to match."""
    numbers = numbers_in_order([item.number for item in items])
    return tuple(
        replace(item, position=position, number=number)
        for position, (item, number) in enumerate(zip(items, numbers, strict=True))
    )


def _index(items: Sequence[Item], item_id: int) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise BadInput("that item is no longer on the agenda")


def _block(items: Sequence[Item], index: int) -> range:
    """The item at `index` and, if it is an item, the sub-items under it."""
    end = index + 1
    if not is_sub_item(items[index]):
        while end < len(items) and is_sub_item(items[end]):
            end += 1
    return range(index, end)


def _block_before(items: Sequence[Item], index: int, moving_sub: bool) -> range:
    """What an item at `index` moves past going up: the item before it, or when an item
    moves, the whole item (with its sub-items) before it."""
    start = index - 1
    if not moving_sub:
        while start > 0 and is_sub_item(items[start]):
            start -= 1
    return range(start, index)


def moved(items: Sequence[Item], item_id: int, step: int) -> tuple[Item, ...]:
    """The agenda with one item moved up (step -1) or down (+1), taking its sub-items
    with it. At a section's edge it first moves into the next section, where it stands."""
    index = _index(items, item_id)
    block = _block(items, index)
    moving_sub = is_sub_item(items[index])
    if step < 0:
        if index == 0:
            raise BadInput("it is first on the agenda already")
        past = _block_before(items, index, moving_sub)
    else:
        if block.stop >= len(items):
            raise BadInput("it is last on the agenda already")
        past = range(block.stop, block.stop + 1) if moving_sub else _block(items, block.stop)
    neighbour = items[past.start]
    mine = list(items[block.start : block.stop])
    if neighbour.section_id != items[index].section_id:
        # Over the section heading first: the item joins the neighbouring section.
        mine = [replace(item, section_id=neighbour.section_id) for item in mine]
        order = [*items[: block.start], *mine, *items[block.stop :]]
    elif step < 0:
        order = [
            *items[: past.start],
            *mine,
            *items[past.start : past.stop],
            *items[block.stop :],
        ]
    else:
        order = [
            *items[: block.start],
            *items[past.start : past.stop],
            *mine,
            *items[past.stop :],
        ]
    return arranged(order)


def made_sub_item(items: Sequence[Item], item_id: int) -> tuple[Item, ...]:
    """The agenda with an item made a sub-item of the item above it (its own sub-items
    stay sub-items, under the same item)."""
    index = _index(items, item_id)
    item = items[index]
    if not item.number:
        raise BadInput(f"{item.title} is not numbered, so it cannot be a sub-item")
    if is_sub_item(item):
        raise BadInput(f"{item.heading} is a sub-item already")
    if not any(other.number for other in items[:index]):
        raise BadInput(f"{item.heading} has no numbered item above it to go under")
    order = list(items)
    order[index] = replace(item, number=SUB_ITEM)
    return arranged(order)


def lifted(items: Sequence[Item], item_id: int) -> tuple[Item, ...]:
    """The agenda with a sub-item made an item of its own (the sub-items after it follow
    it, as its sub-items)."""
    index = _index(items, item_id)
    item = items[index]
    if not is_sub_item(item):
        raise BadInput(f"{item.heading or item.title} is not a sub-item")
    order = list(items)
    order[index] = replace(item, number=ITEM)
    return arranged(order)


def with_item(
    items: Sequence[Item], new: Item, *, after_id: int | None, sub_item: bool
) -> tuple[Item, ...]:
    """The agenda with `new` added just after `after_id` (None: first), in that item's
    section, as an item or a sub-item."""
    index = _index(items, after_id) + 1 if after_id is not None else 0
    section_id = items[index - 1].section_id if index else new.section_id
    placed = replace(new, section_id=section_id, number=SUB_ITEM if sub_item else ITEM)
    return arranged([*items[:index], placed, *items[index:]])


def without_item(items: Sequence[Item], item_id: int) -> tuple[Item, ...]:
    index = _index(items, item_id)
    return arranged([*items[:index], *items[index + 1 :]])


def deletion_problem(item: Item, *, has_records: bool, only_item: bool) -> str | None:
    """Why an item cannot be deleted: only an item with nothing minuted under it can."""
    heading = item.heading or item.title
    if item.notes.strip():
        return f"{heading} has notes: only an item with nothing minuted can be deleted"
    if has_records:
        return f"{heading} has actions or decisions: move them first"
    if only_item:
        return f"{heading} is the only item on the agenda"
    return None


def has_records(meeting: Meeting, item_id: int) -> bool:
    return bool(
        meeting.actions_for(item_id)
        or meeting.decisions_for(item_id)
        or meeting.reviewed_for(item_id)
    )


def placed_after(items: Sequence[Item], item_id: int) -> int:
    """Where an item added "after" `item_id` goes: after it, past its sub-items."""
    index = _index(items, item_id)
    return items[_block(items, index).stop - 1].id


def other_business(items: Sequence[Item]) -> Item | None:
    """The agenda's "Any other business" item, where urgent business is taken."""
    for item in reversed(items):
        title = item.title.lower()
        if "other business" in title or title.strip(" .") in {"aob", "a.o.b"}:
            return item
    return None
