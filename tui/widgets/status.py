"""The top line of live capture (title, clock, time on the item, save state) and the
warning shown while notes cannot be saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.saving import SaveState

if TYPE_CHECKING:
    from storage.motions import QuorumCount


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class SaveWarning(Static):
    """A full-width warning shown for as long as what the clerk types and marks cannot be
    written: on the capture screen and the attendance list."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_problem", self.show_problem)

    def show_problem(self, problem: str) -> None:
        self.display = bool(problem)
        if problem:
            self.update(
                f"⚠ NOT being saved: {problem}. Keep going: nothing typed or marked is "
                "lost, and saving is retried every 2 seconds."
            )


class TopBar(Widget):
    """The top line: meeting title, read-only flag, the clock and time on the item, and
    whether the notes are saved. One widget drawing one line: it is on the first screen,
    where every widget adds to the time before the clerk can type."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "topbar--title",
        "topbar--read-only",
        "topbar--saved",
        "topbar--failed",
        "topbar--inquorate",
    }
    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $panel;
        & > .topbar--title { text-style: bold; }
        & > .topbar--read-only { background: $warning; color: $text; text-style: bold; }
        & > .topbar--saved { color: $success; }
        & > .topbar--failed { background: $error; color: $text; text-style: bold; }
        & > .topbar--inquorate { background: $error; color: $text; text-style: bold; }
    }
    """
    SAVE_LABELS: ClassVar[dict[SaveState, str]] = {
        SaveState.SAVED: "● saved",
        SaveState.PENDING: "○ saving…",
        SaveState.FAILED: "⚠ NOT SAVED",
    }

    started_at: reactive[dt.datetime | None] = reactive(None)
    """When the current item was started (None until it is taken)."""
    read_only: reactive[bool] = reactive(False)
    save_state: reactive[SaveState] = reactive(SaveState.SAVED)
    quorum: reactive[QuorumCount | None] = reactive(None)
    """The voting members present at the current item against the quorum (None: none set)."""

    def __init__(
        self,
        title: str,
        *,
        read_only: bool,
        clock: Callable[[], dt.datetime],
        why: str = "open elsewhere",
    ) -> None:
        super().__init__(id="topbar")
        self.title_text = title
        self.clock = clock
        self.set_reactive(TopBar.read_only, read_only)
        self.why = why
        """Why the meeting is read-only, as the bar says it."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._save_state_changed)
        self.set_interval(1, self.refresh)

    def _save_state_changed(self, state: SaveState) -> None:
        self.save_state = state

    def clock_text(self) -> str:
        now = self.clock()
        text = now.strftime("%H:%M:%S")
        if self.started_at is None:
            return text + "  item not started"
        return text + f"  on item {_duration((now - self.started_at).total_seconds())}"

    def render(self) -> Content:
        right = [Content(f" {self.clock_text():<28} ")]
        state = self.save_state
        label = f" {self.SAVE_LABELS.get(state, state):<13} "
        if state in (SaveState.SAVED, SaveState.FAILED):
            right.append(Content.styled(label, self.get_visual_style(f"topbar--{state}")))
        else:
            right.append(Content(label))
        if self.quorum is not None:
            count = f"{self.quorum.present}/{self.quorum.needed}"
            if self.quorum.inquorate:
                style = self.get_visual_style("topbar--inquorate")
                right.insert(0, Content.styled(f" INQUORATE {count} ", style))
            else:
                right.insert(0, Content(f" quorum {count} "))
        if self.read_only:
            flag = f" READ-ONLY: {self.why} "
            right.insert(0, Content.styled(flag, self.get_visual_style("topbar--read-only")))
        right_part = Content("").join(right)
        room = max(self.size.width - right_part.cell_length - 2, 0)
        title = Content(self.title_text).truncate(room, ellipsis=True)
        title = title.stylize(self.get_visual_style("topbar--title"))
        gap = Content(" " * (room - title.cell_length + 1))
        return Content(" ") + title + gap + right_part

    def show_read_only(self) -> None:
        self.read_only = True
