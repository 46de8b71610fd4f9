"""The agenda down the left of live capture: section headings, items with status marks.

Drawn a line at a time (Textual's line API): only the rows in sight are ever styled, so a
long agenda costs no more to show than a short one. It is the biggest thing on the first
screen, where a list widget that lays out and styles every row up front was the largest
single cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storage.domain import Item, ItemStatus, Section, Value

MARKS = {ItemStatus.PENDING: "·", ItemStatus.TAKEN: "✓", ItemStatus.DEFERRED: "↷"}
CURRENT_MARK = "▶"
BOLD = Style(bold=True)
SECTION = Style(bold=True, underline=True)
DEFERRED = Style(dim=True)


class Row(Value):
    """One entry of the agenda: a section heading (item_id None) or an item."""

    item_id: int | None
    lead: str
    """Mark and number of an item, drawn bold; empty for a section."""
    title: str
    deferred: bool = False


def item_row(item: Item, *, current: bool) -> Row:
    mark = CURRENT_MARK if current else MARKS[item.status]
    title = (
        item.title + (" [conf]" if item.confidential else "") + (" [exempt]" if item.exempt else "")
    )
    if item.id < 0:  # added, and not yet saved
        title += " (saving…)"
    return Row(
        item.id,
        f"{mark} {item.number or ' '} ",
        title,
        deferred=item.status is ItemStatus.DEFERRED,
    )


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells; a word too long is cut."""
    lines: list[str] = []
    room = max(width, 1)
    line = ""
    for word in text.split():
        gap = " " if line else ""
        if cell_len(line + gap + word) <= room:
            line += gap + word
            continue
        if line:
            lines.append(line)
        while cell_len(word) > room:
            lines.append(word[:room])
            word = word[room:]
        line = word
    lines.append(line)
    return lines


class AgendaList(ScrollView, can_focus=True):
    """Sections as headings and items as choices; the current item is marked ▶."""

    # Every key is bound with priority, so the app runs each before it hands on the next:
    # a title typed straight after `a` goes into the form `a` opens, not into the list.
    # The agenda's changes are the screen's to make (`change_agenda`).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, priority=True),
        Binding("down", "cursor(1)", "Down", show=False, priority=True),
        Binding("pageup", "cursor(-10)", "Page up", show=False, priority=True),
        Binding("pagedown", "cursor(10)", "Page down", show=False, priority=True),
        Binding("home", "cursor(-100000)", "First", show=False, priority=True),
        Binding("end", "cursor(100000)", "Last", show=False, priority=True),
        Binding("enter", "choose", "Go to item", id="agenda.choose", priority=True),
        Binding(
            "a",
            "screen.change_agenda('add')",
            "Add",
            id="agenda.add",
            priority=True,
            tooltip="Add an item: after this one, under any other business, or at the end",
        ),
        Binding(
            "e",
            "screen.change_agenda('edit')",
            "Title",
            id="agenda.edit",
            priority=True,
            tooltip="Change the item's title or presenter",
        ),
        Binding(
            "x",
            "screen.change_agenda('exempt')",
            "Exempt",
            id="agenda.exempt",
            priority=True,
            tooltip="Mark the item exempt (press and public excluded), or no longer",
        ),
        Binding("shift+up", "screen.change_agenda('up')", "Move up", id="agenda.up", priority=True),
        Binding(
            "shift+down",
            "screen.change_agenda('down')",
            "Move down",
            id="agenda.down",
            priority=True,
        ),
        Binding(
            "right",
            "screen.change_agenda('sub')",
            "Sub-item",
            id="agenda.sub",
            priority=True,
            tooltip="Make it a sub-item of the item above (5.1)",
        ),
        Binding(
            "left",
            "screen.change_agenda('lift')",
            "Lift",
            id="agenda.lift",
            priority=True,
            tooltip="Make a sub-item an item of its own",
        ),
        Binding(
            "delete",
            "screen.change_agenda('delete')",
            "Delete",
            id="agenda.delete",
            priority=True,
            tooltip="Delete an item with nothing minuted (asks first)",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"agenda--highlighted"}
    DEFAULT_CSS = """
    AgendaList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        padding: 0 0 0 1;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .agenda--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .agenda--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class ItemChosen(Message):
        """Enter or a click on an item."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    highlighted: reactive[int | None] = reactive(None, layout=False)
    """Index into `rows` of the row under the cursor (always an item)."""

    def __init__(self, sections: Sequence[Section], items: Sequence[Item], current: int | None):
        super().__init__(id="agenda")
        self._current = current
        self._lines: list[tuple[int, str, str]] = []
        """Per visual line: row index, lead (first line only) and text."""
        self._first_line: list[int] = []
        self._styles: dict[str, Style] = {}
        """Rich styles of the rows, looked up afresh at each repaint (see render_lines)."""
        self._build(sections, items)
        if current is not None:
            self.set_reactive(AgendaList.highlighted, self._index.get(current))

    def _build(self, sections: Sequence[Section], items: Sequence[Item]) -> None:
        self._items = {item.id: item for item in items}
        self.rows: list[Row] = []
        by_section = {s.id: s for s in sections}
        shown_section: int | None = None
        for item in items:
            if item.section_id is not None and item.section_id != shown_section:
                shown_section = item.section_id
                section = by_section.get(item.section_id)
                self.rows.append(Row(None, "", section.title if section else ""))
            self.rows.append(item_row(item, current=item.id == self._current))
        self._index = {row.item_id: n for n, row in enumerate(self.rows) if row.item_id is not None}
        self._laid_out_width = -1
        if self.is_mounted:  # laid out now, for the cursor to be scrolled to
            self._lay_out(self.scrollable_content_region.width)

    # -- layout and drawing -------------------------------------------------------------

    def _lay_out(self, width: int) -> None:
        self._lines, self._first_line = [], []
        for index, row in enumerate(self.rows):
            self._first_line.append(len(self._lines))
            indent = cell_len(row.lead)
            for n, text in enumerate(wrap_words(row.title, width - indent)):
                self._lines.append((index, row.lead if n == 0 else " " * indent, text))
        self._laid_out_width = width
        if self.virtual_size != (size := Size(width, len(self._lines))):
            self.virtual_size = size

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(self.scrollable_content_region.width)
        self._scroll_to_highlighted()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Layout and styles checked once per repaint, not once per line.
        width = self.scrollable_content_region.width
        if width != self._laid_out_width:
            self._lay_out(width)
        self._styles = {
            "base": self.rich_style,
            "highlighted": self.get_component_rich_style("agenda--highlighted"),
        }
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._laid_out_width
        number = self.scroll_offset.y + y
        styles = self._styles
        base = styles["base"]
        if not 0 <= number < len(self._lines):
            return Strip.blank(width, base)
        index, lead, text = self._lines[number]
        row = self.rows[index]
        if row.item_id is None:
            style = base + SECTION
            segments = [Segment(text, style)]
        else:
            style = base
            if row.deferred:
                style += DEFERRED
            if index == self.highlighted:
                style += styles["highlighted"]
            segments = [Segment(lead, style + BOLD), Segment(text, style)]
            base = style  # the highlight runs to the edge
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # -- moving and choosing ------------------------------------------------------------

    def watch_highlighted(self) -> None:
        self._scroll_to_highlighted()
        self.refresh()

    def _scroll_to_highlighted(self) -> None:
        if self.highlighted is None or not self._first_line:
            return
        top = self._first_line[self.highlighted]
        bottom = (
            self._first_line[self.highlighted + 1]
            if self.highlighted + 1 < len(self._first_line)
            else len(self._lines)
        )
        # Bring a section heading just above into view with its first item.
        if self.highlighted > 0 and self.rows[self.highlighted - 1].item_id is None:
            top = self._first_line[self.highlighted - 1]
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > y + height:
            self.scroll_to(y=max(bottom - height, 0), animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        """Move the cursor by `step` items (sections are skipped)."""
        items = list(self._index.values())  # the item rows, in order
        if not items:
            return
        position = items.index(self.highlighted) if self.highlighted in items else 0
        self.highlighted = items[max(0, min(len(items) - 1, position + step))]

    @property
    def highlighted_item(self) -> int | None:
        return self.rows[self.highlighted].item_id if self.highlighted is not None else None

    def action_choose(self) -> None:
        if self.highlighted is not None:
            item_id = self.rows[self.highlighted].item_id
            if item_id is not None:
                self.post_message(self.ItemChosen(item_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        number = self.scroll_offset.y + offset.y
        if 0 <= number < len(self._lines):
            index = self._lines[number][0]
            if self.rows[index].item_id is not None:
                self.highlighted = index
                self.action_choose()

    # -- what the screen tells it ---------------------------------------------------------

    def show_item(self, item: Item) -> None:
        """Redraw one item's row after its status or title changed."""
        self._items[item.id] = item
        index = self._index.get(item.id)
        if index is None:
            return
        self.rows[index] = item_row(item, current=item.id == self._current)
        self._laid_out_width = -1  # its title may wrap differently now
        self.refresh()

    def show_agenda(
        self, sections: Sequence[Section], items: Sequence[Item], highlighted: int | None
    ) -> None:
        """Show the agenda anew after it changed, the cursor on `highlighted`."""
        self._build(sections, items)
        index = self._index.get(highlighted) if highlighted is not None else None
        if index is None and self._index:
            index = next(iter(self._index.values()))
        self.highlighted = index
        self._scroll_to_highlighted()
        self.refresh()

    def set_current(self, item_id: int) -> None:
        previous, self._current = self._current, item_id
        if previous is not None and previous in self._items:
            self.show_item(self._items[previous])
        self.show_item(self._items[item_id])
        self.highlighted = self._index.get(item_id)
