"""The top line of live capture: the clock, the time spent on the item, the save state."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Clock(Static):
    """The time of day, and how long the current item has been under way."""

    started_at: reactive[dt.datetime | None] = reactive(None)
    """When the current item was started (None until it is taken)."""

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    def watch_started_at(self) -> None:
        self.tick()

    def tick(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        text = now.strftime("%H:%M:%S")
        if self.started_at is not None:
            text += f"  on item {_duration((now - self.started_at).total_seconds())}"
        else:
            text += "  item not started"
        # Fixed width in CSS: no layout pass for a new second.
        self.update(text, layout=False)


class SaveIndicator(Static):
    """Saved, unsaved or NOT SAVED: mirrors the app's save state."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self.show_state)

    def show_state(self, state: str) -> None:
        self.set_class(state == "failed", "-failed")
        self.set_class(state == "saved", "-saved")
        labels = {"saved": "● saved", "pending": "○ saving…", "failed": "⚠ NOT SAVED"}
        self.update(labels.get(state, state), layout=False)


class SaveWarning(Static):
    """A full-width warning shown for as long as notes cannot be written."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_problem", self.show_problem)

    def show_problem(self, problem: str) -> None:
        self.display = bool(problem)
        if problem:
            self.update(
                f"⚠ Notes are NOT being saved: {problem}. Keep typing: nothing is lost, "
                "and saving is retried every 2 seconds."
            )


class TopBar(Horizontal):
    """Meeting title, read-only flag, clock and save state."""

    def __init__(self, title: str, *, read_only: bool) -> None:
        super().__init__(id="topbar")
        self.title_text = title
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="meeting-title")
        flag = Static("READ-ONLY: open elsewhere", id="read-only-flag")
        flag.display = self.read_only
        yield flag
        yield Clock(id="clock")
        yield SaveIndicator(id="save-indicator")

    def show_read_only(self) -> None:
        self.read_only = True
        self.query_one("#read-only-flag").display = True
