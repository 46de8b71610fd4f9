"""The notes editor draws exactly what Textual's own TextArea draws, whatever is done to it.

NotesEditor answers some of TextArea's questions faster and keeps styled rows between
frames (see tui.widgets.notes), reaching into TextArea's private names to do it. Random
edits, selections, scrolls and resizes, driven through both side by side, must leave every
rendered line the same, text and styles, so that a Textual upgrade that breaks an
assumption shows here.
"""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import TextArea

from tui.widgets.notes import NotesEditor

PLACEHOLDER = "Notes for this item. ACTION: owner - text - due / DECISION: text"

words = st.text(st.sampled_from(list("abcdefghij klmnop\n—é字||")), min_size=0, max_size=60)
edits = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), words, st.floats(0, 1), st.floats(0, 1)),
        st.tuples(st.just("delete"), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
        st.tuples(st.just("select"), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
        st.tuples(st.just("scroll"), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
        st.tuples(st.just("width"), st.integers(12, 60), st.floats(0, 1), st.floats(0, 1)),
        st.tuples(st.just("undo"), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
    ),
    max_size=25,
)


class SideBySide(App[None]):
    CSS = "TextArea { width: 40; height: 12; border: none; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield NotesEditor("", 1)
            plain = TextArea(
                soft_wrap=True, show_line_numbers=False, placeholder=PLACEHOLDER, id="plain"
            )
            plain.match_cursor_bracket = False
            yield plain


def location(area: TextArea, where: float) -> tuple[int, int]:
    row = min(int(where * area.document.line_count), area.document.line_count - 1)
    line = area.document[row]
    return row, min(int(where * (len(line) + 1)), len(line))


def drawn(area: TextArea) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every line as the screen gets it: through `render_lines`, where NotesEditor keeps
    styled rows from one frame to the next."""
    strips = area.render_lines(area.size.region)
    return [(strip.text, [(s.text, str(s.style)) for s in strip]) for strip in strips]


async def drive(steps: list[tuple]) -> None:
    app = SideBySide()
    async with app.run_test(size=(100, 20)) as pilot:
        notes, plain = app.query_one(NotesEditor), app.query_one("#plain", TextArea)
        for kind, a, b, c in steps:
            for area in (notes, plain):
                if kind == "insert":
                    area.insert(a, location(area, b))
                elif kind == "delete":
                    start, end = sorted((location(area, a), location(area, b)))
                    area.delete(start, end)
                elif kind == "select":
                    area.selection = area.selection.__class__(location(area, a), location(area, b))
                elif kind == "scroll":
                    area.scroll_to(y=int(a * area.virtual_size.height), animate=False)
                elif kind == "width":
                    area.styles.width = a
                elif kind == "undo":
                    area.undo()
            assert notes.text == plain.text
            assert notes.wrapped_document.height == plain.wrapped_document.height
            seen = []
            for area in (notes, plain):  # each drawn with the focus, its cursor showing
                area.focus()
                await pilot.pause()
                seen.append(drawn(area))
            assert seen[0] == seen[1], (kind, a, b, c)
            assert notes.virtual_size == plain.virtual_size
            assert notes.scroll_offset == plain.scroll_offset


@settings(max_examples=30, deadline=None)
@given(edits)
def test_the_notes_editor_draws_what_a_text_area_draws(steps: list[tuple]) -> None:
    asyncio.run(drive(steps))
