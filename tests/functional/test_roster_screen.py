"""The roster edited in the TUI: from the home screen and from the attendance list."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from storage import Repository
from storage.domain import RosterGroup
from tests.functional.conftest import make_app, settled
from tui.app import MinutebookApp
from tui.screens.dialogs import ConfirmDialog, RosterEntryDialog
from tui.screens.roster import RosterScreen

SIZE = (160, 45)


async def wait(app: MinutebookApp, pilot) -> None:
    for _ in range(3):
        await settled(app, pilot)


def roles(repo: Repository, committee_id: int) -> list[str]:
    return [e.person.role for e in repo.roster(committee_id)]


async def test_add_change_move_and_remove_from_the_home_screen(
    repo: Repository, meeting_id: int
) -> None:
    committee_id = repo.meeting(meeting_id).committee.id
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await wait(app, pilot)
        await pilot.press("R")
        await wait(app, pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        assert screen.query_one(DataTable).row_count == 3
        # Add a secretariat officer with initials, not voting.
        await pilot.press("n")
        assert isinstance(app.screen, RosterEntryDialog)
        await pilot.press(*"Carol Clerk", "tab", *"Business Manager", "tab", *"Partnership")
        await pilot.press("tab", "s", "tab", "right", "tab", *"CC", "enter")
        await wait(app, pilot)
        assert screen.query_one(DataTable).row_count == 4
        # Move her to the top, three places up, with the key held.
        await pilot.press("down", "down", "down", "shift+up", "shift+up", "shift+up")
        await wait(app, pilot)
        assert roles(repo, committee_id)[0] == "Business Manager"
        # Change the second person's role; remove the third.
        await pilot.press("home", "down", "enter")
        assert isinstance(app.screen, RosterEntryDialog)
        await pilot.press("tab", "ctrl+u", *"Chair of the Board", "enter")
        await wait(app, pilot)
        await pilot.press("down", "delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait(app, pilot)
        await pilot.press("x")  # the minutes list those absent
        await wait(app, pilot)
    entries = repo.roster(committee_id)
    assert [e.person.role for e in entries] == [
        "Business Manager",
        "Chair of the Board",
        "Detective Superintendent",
    ]
    carol = entries[0]
    assert (carol.person.name, carol.person.initials) == ("Carol Clerk", "CC")
    assert (carol.group, carol.voting) == (RosterGroup.SECRETARIAT, False)
    assert repo.committee(committee_id).style.absent
    # The meeting already made keeps the chair as she was; the next one has the new role.
    assert repo.meeting(meeting_id).attendees[0].person.role == "Independent Chair"
    june = repo.meeting(repo.create_meeting(committee_id, dt.date(2024, 6, 10)))
    assert [a.person.role for a in june.attendees] == roles(repo, committee_id)


async def test_the_roster_from_the_attendance_list(repo: Repository, meeting_id: int) -> None:
    committee_id = repo.meeting(meeting_id).committee.id
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await wait(app, pilot)
        await pilot.press("R")
        await wait(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("shift+down")
        await wait(app, pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, RosterScreen)
    assert roles(repo, committee_id)[:2] == ["Head of Service", "Independent Chair"]
