"""What every full screen of minutebook shares: its workers' failures are said by the app,
and the keys that change screen wait for the keys typed before them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TypeVar

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from storage.domain import Committee


async def caught_up(widget: Widget) -> None:
    """Return once `widget` has handled every message already sent to it."""
    handled = asyncio.Event()
    widget.call_later(handled.set)
    await handled.wait()


ResultT = TypeVar("ResultT")


@dataclass
class WorkerFailed(Message):
    """A worker failed without saying so itself: the app says it, in one line."""

    description: str
    error: BaseException


@dataclass
class StyleWanted(Message):
    """The clerk asked to choose a committee's house style (the app asks which)."""

    committee: Committee


class WorkingScreen(Screen[ResultT]):
    """A screen whose workers, when they fail, hand the failure to the app (a worker's own
    messages go to the screen that started it alone). A worker that can say more where it
    happened (the list of meetings, a form) catches its own."""

    async def action_in_turn(self, action: str) -> None:
        """Run `action` (a key bound with `priority=True`) once the keys typed before its
        key have reached the widget they were typed into.

        The app hands each key to the focused widget as it comes, before the last one is
        handled, so a key that opens a form or changes screen and is handled there, in
        its turn, would leave the keys typed straight after it in the old widget: a
        name typed after `n` marking people, an owner typed after F3 going into the
        notes. Bound with priority, the app runs this before it hands on the next key.
        """
        if self.focused is not None:
            await caught_up(self.focused)
        await self.run_action(action)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.app.post_message(WorkerFailed(event.worker.description, error))
