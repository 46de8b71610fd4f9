"""The agenda's numbering and the changes a clerk makes to it while the meeting runs."""

from __future__ import annotations

import pytest

from storage import agenda_changes as rules
from storage.domain import Item
from storage.errors import BadInput


def agenda(*lines: str) -> tuple[Item, ...]:
    """Items from lines "number title" (number "?" an item, "?.?" a sub-item, "-" none)
    with an optional "@section" at the end; ids 1, 2, ... in order."""
    items = []
    for n, line in enumerate(lines, start=1):
        kind, _, rest = line.partition(" ")
        title, _, section = rest.partition(" @")
        items.append(
            Item(
                id=n,
                meeting_id=1,
                title=title,
                number="" if kind == "-" else kind,
                section_id=int(section) if section else None,
            )
        )
    return rules.arranged(items)


def shown(items: tuple[Item, ...]) -> list[str]:
    return [f"{i.number} {i.title}".strip() for i in items]


def test_numbers_follow_the_order_and_sub_items_their_item() -> None:
    assert rules.numbers_in_order(["?", "?.?", "5.7", "", "?", "?.?"]) == [
        "1.",
        "1.1",
        "1.2",
        "",
        "2.",
        "2.1",
    ]
    assert rules.numbers_in_order(["?.?", "?"]) == ["1.", "2."]  # no item above: an item


def test_an_item_moves_with_its_sub_items() -> None:
    items = agenda("? Welcome", "? Finance", "?.? Budget", "?.? Audit", "? Any other business")
    up = rules.moved(items, 2, -1)
    assert shown(up) == [
        "1. Finance",
        "1.1 Budget",
        "1.2 Audit",
        "2. Welcome",
        "3. Any other business",
    ]
    down = rules.moved(items, 2, 1)
    assert shown(down) == [
        "1. Welcome",
        "2. Any other business",
        "3. Finance",
        "3.1 Budget",
        "3.2 Audit",
    ]
    assert [i.position for i in down] == [0, 1, 2, 3, 4]


def test_a_sub_item_moves_one_place_and_can_pass_into_the_item_above() -> None:
    items = agenda("? Welcome", "? Finance", "?.? Budget", "?.? Audit")
    assert shown(rules.moved(items, 4, -1)) == [
        "1. Welcome",
        "2. Finance",
        "2.1 Audit",
        "2.2 Budget",
    ]
    assert shown(rules.moved(items, 3, -1)) == [
        "1. Welcome",
        "1.1 Budget",
        "2. Finance",
        "2.1 Audit",
    ]


def test_an_item_crosses_a_section_heading_first_then_moves_within() -> None:
    items = agenda("? Welcome", "? Finance @7", "? Audit @7")
    once = rules.moved(items, 2, -1)
    assert [(i.title, i.section_id) for i in once] == [
        ("Welcome", None),
        ("Finance", None),
        ("Audit", 7),
    ]
    twice = rules.moved(once, 2, -1)
    assert shown(twice) == ["1. Finance", "2. Welcome", "3. Audit"]


def test_moving_past_either_end_is_refused() -> None:
    items = agenda("? Welcome", "? Finance", "?.? Budget")
    with pytest.raises(BadInput, match="first"):
        rules.moved(items, 1, -1)
    with pytest.raises(BadInput, match="last"):
        rules.moved(items, 2, 1)  # its sub-item is the last row, and comes with it
    with pytest.raises(BadInput, match="no longer"):
        rules.moved(items, 99, 1)


def test_sub_items_are_made_and_lifted() -> None:
    items = agenda("? Welcome", "? Finance", "? Budget", "?.? Audit", "? Close")
    made = rules.made_sub_item(items, 3)
    assert shown(made) == ["1. Welcome", "2. Finance", "2.1 Budget", "2.2 Audit", "3. Close"]
    lifted = rules.lifted(made, 3)
    assert shown(lifted) == shown(items)
    with pytest.raises(BadInput, match="sub-item already"):
        rules.made_sub_item(made, 3)
    with pytest.raises(BadInput, match="no numbered item above"):
        rules.made_sub_item(items, 1)
    with pytest.raises(BadInput, match="not a sub-item"):
        rules.lifted(items, 2)
    standing = agenda("? Welcome", "- Standing item")
    with pytest.raises(BadInput, match="not numbered"):
        rules.made_sub_item(standing, 2)


def test_added_items_take_their_place_and_number() -> None:
    items = agenda("? Welcome", "? Finance @3", "?.? Budget @3", "? Any other business @3")
    new = Item(id=-1, meeting_id=1, title="Urgent")
    after = rules.placed_after(items, 2)
    assert after == 3  # past Finance's sub-item
    added = rules.with_item(items, new, after_id=after, sub_item=False)
    assert shown(added) == [
        "1. Welcome",
        "2. Finance",
        "2.1 Budget",
        "3. Urgent",
        "4. Any other business",
    ]
    assert added[3].section_id == 3
    aob = rules.other_business(items)
    assert aob is not None and aob.id == 4
    under = rules.with_item(items, new, after_id=rules.placed_after(items, 4), sub_item=True)
    assert shown(under)[-1] == "3.1 Urgent"
    first = rules.with_item((), new, after_id=None, sub_item=False)
    assert shown(first) == ["1. Urgent"]


def test_only_an_item_with_nothing_minuted_can_be_deleted() -> None:
    items = agenda("? Welcome", "? Finance", "? Close")
    assert shown(rules.without_item(items, 2)) == ["1. Welcome", "2. Close"]
    noted = items[1].__class__(id=2, meeting_id=1, title="Finance", number="2.", notes="Said.")
    assert "has notes" in (rules.deletion_problem(noted, has_records=False, only_item=False) or "")
    assert "actions or decisions" in (
        rules.deletion_problem(items[1], has_records=True, only_item=False) or ""
    )
    assert "only item" in (
        rules.deletion_problem(items[1], has_records=False, only_item=True) or ""
    )
    assert rules.deletion_problem(items[1], has_records=False, only_item=False) is None
