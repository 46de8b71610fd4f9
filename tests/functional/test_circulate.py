"""Minutes circulated: marked so from the home screen or the command line, and exported
with DRAFT in the header until approved."""

from __future__ import annotations

from pathlib import Path

import docx

import exports
from storage import Repository
from storage.domain import MeetingStatus
from tests.functional.conftest import make_app, settled
from tests.unit.test_cli import assert_one_line_error, minutebook
from tui.screens.dialogs import ConfirmDialog
from tui.screens.home import HomeScreen

SIZE = (160, 45)


def header_lines(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).sections[0].header.paragraphs if p.text]


async def test_circulated_from_the_home_screen(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    before = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "draft.docx")
    assert header_lines(before) == ["OFFICIAL-SENSITIVE"]
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settled(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")  # again: said, not asked
        assert isinstance(app.screen, HomeScreen)
    meeting = repo.meeting(meeting_id)
    assert meeting.status is MeetingStatus.CIRCULATED
    after = exports.write_minutes(meeting, tmp_path / "circulated.docx")
    assert header_lines(after) == ["OFFICIAL-SENSITIVE", "DRAFT: circulated for approval"]


def test_circulate_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert minutebook("new", "Board", "--date", "2024-03-11", db=db).returncode == 0
    done = minutebook("circulate", "latest", db=db)
    assert done.returncode == 0, done.stderr
    assert "Board, 11 March 2024: circulated" in done.stdout
    listed = minutebook("meetings", db=db)
    assert "circulated" in listed.stdout
    from storage import open_repository

    repo = open_repository(str(db))
    repo.update_meeting(repo.resolve_meeting("latest"), status="approved")
    repo.engine.dispose()
    assert_one_line_error(minutebook("circulate", "latest", db=db), "approved already")
