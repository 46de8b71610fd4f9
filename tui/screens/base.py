"""What every full screen of minutebook shares: its workers' failures are said by the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

ResultT = TypeVar("ResultT")


@dataclass
class WorkerFailed(Message):
    """A worker failed without saying so itself: the app says it, in one line."""

    description: str
    error: BaseException


class WorkingScreen(Screen[ResultT]):
    """A screen whose workers, when they fail, hand the failure to the app (a worker's own
    messages go to the screen that started it alone). A worker that can say more where it
    happened (the list of meetings, a form) catches its own."""

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.app.post_message(WorkerFailed(event.worker.description, error))
