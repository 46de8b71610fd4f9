"""The notes editor of one agenda item, and the typed prefixes that turn a line into a record.

Textual's TextArea does work proportional to the whole document for every line it draws:
`render_line` tests `not self.text` (which joins every line) and the wrapped document sums
the height of every line each time it is asked. `NotesEditor` answers both in constant
time, so typing in an item with thousands of lines costs what it costs in a short one.

Typed prefixes, at the start of a line (any case), are taken when Enter ends the line:

    ACTION: owner - what is to be done - due
    DECISION: what was decided

In an action, the owner is the text before the first " - ", the due text is after the
last " - " when there are three parts or more, and the rest is what is to be done. With a
single part there is no owner; with two there is no due text. An en dash works as well.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.content import Content
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as ContentStyle
from textual.widgets import TextArea

from storage.domain import Value
from tui.widgets.in_order import KeysInOrder

_PREFIX = re.compile(r"^\s*(action|decision)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_PARTS = re.compile(r"\s+[-–—]\s+")


class TypedAction(Value):
    """An action typed in the notes as `ACTION: owner - text - due`."""

    owner: str
    text: str
    due: str = ""


class TypedDecision(Value):
    """A decision typed in the notes as `DECISION: text`."""

    text: str


def parse_prefixed_line(line: str) -> TypedAction | TypedDecision | None:
    """The action or decision a notes line asks for, or None for an ordinary line."""
    match = _PREFIX.match(line)
    if not match or not match.group(2):
        return None
    kind, body = match.group(1).lower(), match.group(2)
    if kind == "decision":
        return TypedDecision(body)
    parts = [p.strip() for p in _PARTS.split(body)]
    if len(parts) == 1:
        return TypedAction(owner="", text=parts[0])
    if len(parts) == 2:
        return TypedAction(owner=parts[0], text=parts[1])
    return TypedAction(owner=parts[0], text=" - ".join(parts[1:-1]), due=parts[-1])


class _CountedWrappedDocument(WrappedDocument):
    """A wrapped document whose height is the length of a list it already keeps."""

    @property
    def height(self) -> int:
        # One entry per visual line, kept up to date by wrap() and wrap_range().
        return len(self._offset_to_line_info)


class NotesEditor(KeysInOrder, TextArea):
    """The notes of one item, fast however long they grow."""

    class PrefixedLine(Message):
        """Enter ended a line that starts with ACTION: or DECISION: (the line is now empty).

        `after_text` is the last line of notes above it that holds any text: where a style
        that prints actions in the notes puts this one."""

        def __init__(
            self,
            editor: NotesEditor,
            row: int,
            line: str,
            record: TypedAction | TypedDecision,
            after_text: str = "",
        ) -> None:
            super().__init__()
            self.editor = editor
            self.row = row
            self.line = line
            self.record = record
            self.after_text = after_text

    def __init__(
        self, text: str, item_id: int, *, heading: str = "", read_only: bool = False
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            read_only=read_only,
            show_line_numbers=False,
            id=f"notes-{item_id}",
            classes="notes",
            placeholder="Notes for this item. ACTION: owner - text - due / DECISION: text",
        )
        self.match_cursor_bracket = False
        self._style_updates = 0
        self._styled_rows: dict[int, tuple[tuple[object, ...], Strip]] = {}
        self._placeholder_lines: tuple[int, list[Content]] = (-1, [])
        """The placeholder wrapped to a width, and that width."""
        self.item_id = item_id
        self.heading = heading

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        # Same object, constant-time height (the class adds no state).
        self.wrapped_document.__class__ = _CountedWrappedDocument

    @property
    def is_empty(self) -> bool:
        """True when the document holds nothing, without joining its lines."""
        document = self.document
        return document.line_count == 1 and not document[0]

    def notify_style_update(self) -> None:
        self._style_updates += 1
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every keystroke and cursor move repaints the whole widget, which empties the
        # styles cache: each visible line would be styled, filtered and cut again into
        # new strips. Besides the time, that churn fills the heap's oldest generation
        # and brings on full garbage collections (a stall of 100 ms or more in this
        # app). A styled row is put back when nothing it depends on has changed.
        if self.placeholder and self.is_empty:
            self._styled_rows.clear()
            return super().render_lines(crop)
        cache = self._styles_cache
        app = self.app
        frame = (
            self.size,
            self._style_updates,
            self.background_colors,
            self.opacity,
            app.theme,
            app.ansi_theme,
            app.native_ansi_color,
        )
        top = self.styles.gutter.top
        scroll_y = self.scroll_offset.y
        keys = {}
        for y in crop.line_range:
            key = (frame, self._line_key(scroll_y + y - top))
            keys[y] = key
            kept = self._styled_rows.get(y)
            if kept is not None and kept[0] == key:
                cache._cache[y] = kept[1]
                cache._dirty_lines.discard(y)
        strips = super().render_lines(crop)
        styled = cache._cache
        for y, key in keys.items():
            if (strip := styled.get(y)) is not None:
                self._styled_rows[y] = (key, strip)
        return strips

    def _line_key(self, absolute_y: int) -> tuple[object, ...]:
        """What the visual line at `absolute_y` looks like depends on, and nothing else."""
        scroll_x = self.scroll_offset.x
        info = self.wrapped_document._offset_to_line_info
        if not 0 <= absolute_y < len(info):
            return (self.size, scroll_x, absolute_y, self.has_focus, self.theme)
        line_index, section = info[absolute_y]
        selection = self.selection
        top, bottom = sorted((selection.start[0], selection.end[0]))
        touched = top <= line_index <= bottom
        return (
            self.size,
            scroll_x,
            absolute_y,
            line_index,
            section,
            self.document.get_line(line_index),
            # Where the line wraps: a resize can draw a row before the document is
            # wrapped again to the new width, and that row must not be kept after it.
            tuple(self.wrapped_document.get_offsets(line_index)),
            selection if touched else None,
            self._cursor_visible if touched else None,
            self.has_focus,
            self.theme,
            self.soft_wrap,
            self.read_only,
            self.show_cursor,
            self.suggestion if touched else None,
        )

    def render_line(self, y: int) -> Strip:
        if self.placeholder and self.is_empty:
            return self._render_placeholder(y)
        # TextArea.render_line keys its cache on the whole selection when soft-wrapping,
        # so every keystroke redraws every visible line. Here the key holds the line's
        # own text, and the selection only when it touches that line; edits then redraw
        # only the lines they change.
        absolute_y = self.scroll_offset.y + y
        if absolute_y >= len(self.wrapped_document._offset_to_line_info):
            return self._render_line(y)
        cache_key = self._line_key(absolute_y)
        if (cached_line := self._line_cache.get(cache_key)) is not None:
            return cached_line
        line = self._render_line(y)
        self._line_cache[cache_key] = line
        return line

    def _render_placeholder(self, y: int) -> Strip:
        if self.content_size.width <= 0:
            # Laid out before the terminal reported its size: nothing to wrap into yet.
            return self._render_line(y)
        width = self.content_size.width
        if self._placeholder_lines[0] != width:
            self._placeholder_lines = (width, Content.from_text(self.placeholder).wrap(width))
        lines = self._placeholder_lines[1]
        if y >= len(lines):
            return self._render_line(y)
        content = lines[y].stylize(self.get_visual_style("text-area--placeholder"))
        if self._draw_cursor and y == 0:
            theme = self._theme
            cursor_style = theme.cursor_style if theme else None
            if cursor_style:
                content = content.stylize(ContentStyle.from_rich_style(cursor_style), 0, 1)
        return Strip(content.render_segments(self.visual_style), content.cell_length)

    def _build_highlight_map(self) -> None:
        # Plain prose has no highlights; lines are cached by their own text instead
        # of the whole cache being cleared on every edit.
        self._highlights.clear()

    def get_line(self, line_index: int) -> Text:
        return Text(self.document.get_line(line_index), end="", no_wrap=True)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only and not self.selected_text:
            row, _ = self.cursor_location
            record = parse_prefixed_line(self.document.get_line(row))
            if record is not None:
                event.stop()
                event.prevent_default()
                # Cleared here, before the next key is handled, so nothing typed after
                # Enter can be caught up in it; the screen puts the line back on failure.
                line = self.document.get_line(row)
                self.clear_line(row)
                self.post_message(self.PrefixedLine(self, row, line, record, self._text_above(row)))
                return
        await super()._on_key(event)

    def _text_above(self, row: int) -> str:
        """The nearest line above `row` that is not blank (a few at most are looked at:
        Enter must not walk a long document)."""
        for above in range(row - 1, max(-1, row - 50), -1):
            line = self.document.get_line(above)
            if line.strip():
                return line
        return ""

    def clear_line(self, row: int) -> None:
        """Empty one line (undoable), leaving the cursor at its start to type on."""
        self.delete((row, 0), (row, len(self.document.get_line(row))))

    def wrap_redaction(self) -> None:
        """Mark the selection redacted (`||words||`); with none, open an empty redaction."""
        start, end = sorted(self.selection)
        if start == end:
            self.insert("||||")
            row, column = self.cursor_location
            self.move_cursor((row, column - 2))
            return
        chosen = self.get_text_range(start, end)
        self.replace(f"||{chosen}||", start, end)
