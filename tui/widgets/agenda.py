"""The agenda down the left of live capture: section headings, items with status marks."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from storage.domain import Item, ItemStatus, Section

MARKS = {ItemStatus.PENDING: "·", ItemStatus.TAKEN: "✓", ItemStatus.DEFERRED: "↷"}
CURRENT_MARK = "▶"


def item_label(item: Item, *, current: bool) -> Text:
    mark = CURRENT_MARK if current else MARKS[item.status]
    label = Text(f"{mark} ")
    label.append(f"{item.number} " if item.number else "  ", style="bold")
    label.append(item.title)
    if item.confidential:
        label.append(" [conf]", style="italic")
    if item.status is ItemStatus.DEFERRED:
        label.stylize("dim")
    return label


class AgendaList(OptionList):
    """Sections as headings and items as choices; the current item is marked ▶."""

    def __init__(self, sections: Sequence[Section], items: Sequence[Item], current: int | None):
        super().__init__(id="agenda")
        self.can_focus = True
        self._items = {item.id: item for item in items}
        self._current = current
        by_section = {s.id: s for s in sections}
        options: list[Option] = []
        shown_section: int | None = None
        for item in items:
            if item.section_id is not None and item.section_id != shown_section:
                shown_section = item.section_id
                title = by_section[item.section_id].title if item.section_id in by_section else ""
                options.append(
                    Option(
                        Text(title, style="bold underline"),
                        id=f"section-{item.section_id}",
                        disabled=True,
                    )
                )
            options.append(
                Option(item_label(item, current=item.id == current), id=f"item-{item.id}")
            )
        self.add_options(options)

    def on_mount(self) -> None:
        if self._current is not None:
            self.highlighted = self.get_option_index(f"item-{self._current}")

    def show_item(self, item: Item) -> None:
        """Redraw one item's row after its status or title changed."""
        self._items[item.id] = item
        self.replace_option_prompt(
            f"item-{item.id}", item_label(item, current=item.id == self._current)
        )

    def set_current(self, item_id: int) -> None:
        previous, self._current = self._current, item_id
        if previous is not None and previous in self._items:
            self.show_item(self._items[previous])
        self.show_item(self._items[item_id])
        self.highlighted = self.get_option_index(f"item-{item_id}")
