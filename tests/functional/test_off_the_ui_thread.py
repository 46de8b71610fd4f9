"""No screen waits on the database: a clerk's way through a meeting, from the list of
meetings to the next item, makes every repository call from a worker thread, never from
the thread that draws the screen and takes the keys (on a server far away each call is
hundreds of milliseconds of a frozen screen). Only the very first screen, before anything
is drawn, is read where it is drawn."""

from __future__ import annotations

import functools
import inspect
import threading
from typing import Any

import pytest
from textual.widgets import TextArea

from storage import Repository
from tests.functional.conftest import make_app
from tui.app import MinutebookApp
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen
from tui.screens.home import HomeScreen

SIZE = (160, 45)


def calls_on_the_ui_thread(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The names of the repository's methods called, from now on, on the main thread
    (until `None` is appended: quitting saves and lets go of the meeting where it is)."""
    seen: list[str | None] = []
    for name, method in inspect.getmembers(repo, inspect.ismethod):
        if name.startswith("__"):
            continue

        @functools.wraps(method)
        def recorded(*args: Any, _method: Any = method, _name: str = name, **kwargs: Any) -> Any:
            if None not in seen and threading.current_thread() is threading.main_thread():
                seen.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(repo, name, recorded)
    return seen


async def settle(app: MinutebookApp, pilot: Any) -> None:
    for _ in range(3):
        app.save_now()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_from_the_list_of_meetings_to_the_next_item_nothing_waits_on_the_database(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        seen = calls_on_the_ui_thread(repo, monkeypatch)
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"Adults Board", "tab", "tab", "tab", *"Teams")
        app.screen.query_one("#agenda-text", TextArea).insert("Welcome\nBudget\n")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press(*"The chair welcomed everyone.")
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("escape", "f3", *"Chair", "enter", *"Send the report", "enter")
        await pilot.press("f4", *"Agreed", "enter", "f8", *"Budget noted.")
        await settle(app, pilot)
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
        opened = app.screen.meeting
        assert app.save_state == "saved"
        seen.append(None)
    assert seen == [None]
    created = [m for m in repo.meetings() if m.committee_name == "Adults Board"]
    assert len(created) == 1
    meeting = repo.meeting(created[0].id)
    assert [a.text for a in meeting.actions] == ["Send the report"]
    assert [d.text for d in meeting.decisions] == ["Agreed"]
    assert meeting.items[1].notes == "Budget noted."
    assert opened.id in {m.id for m in repo.meetings()}
