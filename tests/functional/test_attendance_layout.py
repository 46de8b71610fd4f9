"""The attendance list at any width: every column fits, the status first, and the person
highlighted is shown whole under the list, whatever the columns had to cut."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from storage import Repository
from tests.functional.conftest import make_app
from tui.screens.attendance import COLUMNS, AttendanceScreen

LONG_ROLE = "Director of Children and Young Peoples Services"
LONG_ORGANISATION = "Children & Young Peoples Services, Suffolk County Council"


@pytest.mark.parametrize("width", [100, 160, 220])
async def test_every_column_fits_and_the_highlighted_person_shows_whole(
    repo: Repository, meeting_id: int, width: int
) -> None:
    meeting = repo.meeting(meeting_id)
    first = meeting.attendees[0].person
    repo.update_person(first.id, role=LONG_ROLE, organisation=LONG_ORGANISATION)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        table = screen.query_one(DataTable)
        assert [str(column.label) for column in table.ordered_columns] == list(COLUMNS)
        used = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert used <= width, (used, width)
        await pilot.press("p")  # marks the first person and moves down
        await pilot.press("up")
        await pilot.pause()
        detail = str(screen.query_one("#attendance-detail", Static).render())
        assert LONG_ROLE in detail and LONG_ORGANISATION in detail
        assert detail.startswith(first.name or "")
        assert "present" in str(table.get_cell(str(meeting.attendees[0].id), "Status"))
