"""Bare Textual apps the benchmarks measure against.

python benchmarks/baseline_apps.py textarea LINES   a TextArea holding LINES lines
python benchmarks/baseline_apps.py hello            a Static saying READY
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareTextArea(App[None]):
    """One TextArea, the cursor at the end of its text."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea  # here, so that Hello stays a bare app

        text = "\n".join(
            f"Line {n}: the Board discussed the item and agreed the next steps."
            for n in range(self.lines - 1)
        )
        yield TextArea(text + ("\n" if self.lines > 1 else ""))

    def on_mount(self) -> None:
        from textual.widgets import TextArea

        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()


class Hello(App[None]):
    """The smallest app: one line of text."""

    def compose(self) -> ComposeResult:
        yield Static("READY")


if __name__ == "__main__":
    if sys.argv[1] == "textarea":
        BareTextArea(int(sys.argv[2])).run()
    else:
        Hello().run()
