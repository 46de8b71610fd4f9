"""The home screen: the list of meetings and the new meeting form."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from storage import Repository
from storage.errors import DatabaseUnreachable
from tui.app import MinutebookApp
from tui.screens.capture import CaptureScreen
from tui.screens.home import HomeScreen, NewMeetingScreen

SIZE = (160, 45)


async def settled(app: MinutebookApp, pilot: Pilot[None]) -> None:
    """Every read and write behind the screen done, and its answer shown."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_open_a_meeting_from_home(home_app: MinutebookApp, meeting_id: int) -> None:
    async with home_app.run_test(size=SIZE) as pilot:
        assert isinstance(home_app.screen, HomeScreen)
        await settled(home_app, pilot)
        await pilot.press("enter")
        await settled(home_app, pilot)
        assert isinstance(home_app.screen, CaptureScreen)
        assert home_app.screen.meeting_id == meeting_id
        await pilot.press("ctrl+b")
        assert isinstance(home_app.screen, HomeScreen)


async def test_create_a_meeting_with_a_pasted_agenda(
    home_app: MinutebookApp, repo: Repository
) -> None:
    async with home_app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(home_app.screen, NewMeetingScreen)
        await settled(home_app, pilot)  # the one committee known is offered, selected
        await pilot.press(*"Adults Board", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"2024-06-10", "tab")
        await pilot.press(*"10:00-12:00", "tab", *"Endeavour House", "tab")
        home_app.screen.query_one("#agenda-text", TextArea).insert(
            "Welcome\n# Business\nBudget | Treasurer\n"
        )
        await pilot.press("ctrl+s")
        await settled(home_app, pilot)
        assert isinstance(home_app.screen, CaptureScreen)
        meeting = repo.meeting(home_app.screen.meeting_id)
    assert meeting.committee.name == "Adults Board"
    assert (meeting.start_time, meeting.end_time, meeting.venue) == (
        "10:00",
        "12:00",
        "Endeavour House",
    )
    assert [i.heading for i in meeting.items] == ["1. Welcome", "2. Budget"]
    assert meeting.items[1].presenter == "Treasurer"


async def test_a_meeting_with_its_start_time_alone(
    home_app: MinutebookApp, repo: Repository
) -> None:
    async with home_app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settled(home_app, pilot)
        await pilot.press(*"Governors", "tab", "ctrl+a", "ctrl+k", *"2024-06-10", "tab")
        await pilot.press(*"6.30pm", "ctrl+s")
        await settled(home_app, pilot)
        assert isinstance(home_app.screen, CaptureScreen)
        meeting = repo.meeting(home_app.screen.meeting_id)
    assert (meeting.start_time, meeting.end_time) == ("18:30", "")


async def test_a_bad_date_is_one_clear_line(home_app: MinutebookApp, repo: Repository) -> None:
    before = len(repo.meetings())
    async with home_app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Finance", "tab", "ctrl+a", "ctrl+k", *"11/03/24", "ctrl+s")
        assert isinstance(home_app.screen, NewMeetingScreen)
        assert "not a date" in str(home_app.screen.query_one("#new-error").render())
    assert len(repo.meetings()) == before


async def test_a_meeting_gone_meanwhile_is_said_in_one_line(
    home_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with home_app.run_test(size=SIZE) as pilot:
        await settled(home_app, pilot)
        repo.delete_meeting(meeting_id)  # by another copy, after the list was read
        await pilot.press("enter")
        await settled(home_app, pilot)
        assert isinstance(home_app.screen, HomeScreen)
        said = [n.message for n in home_app._notifications]
        assert any(
            m == f"Opening the meeting failed: no meeting with id {meeting_id}" for m in said
        ), said


async def test_a_new_meeting_the_database_will_not_take_keeps_the_form(
    home_app: MinutebookApp, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def server_gone(*args: object, **kwargs: object) -> int:
        raise DatabaseUnreachable("cannot reach the database server db.example:5432: timeout")

    monkeypatch.setattr(repo, "create_meeting", server_gone)
    before = len(repo.meetings())
    async with home_app.run_test(size=SIZE) as pilot:
        await settled(home_app, pilot)
        await pilot.press("n")
        await settled(home_app, pilot)
        await pilot.press(*"Finance Committee", "tab")
        home_app.screen.query_one("#agenda-text", TextArea).insert("Welcome\nBudget\n")
        await pilot.press("ctrl+s")
        await settled(home_app, pilot)
        screen = home_app.screen
        assert isinstance(screen, NewMeetingScreen)  # still there, with what was typed
        error = str(screen.query_one("#new-error", Static).render())
        assert error == "Not created: cannot reach the database server db.example:5432: timeout"
        assert screen.query_one("#committee", Input).value == "Finance Committee"
        assert screen.query_one("#agenda-text", TextArea).text == "Welcome\nBudget\n"
        assert not screen.creating  # Ctrl+S tries again
    assert len(repo.meetings()) == before
    # The committee made on the way was not kept without its meeting.
    assert "Finance Committee" not in [c.name for c in repo.committees()]
