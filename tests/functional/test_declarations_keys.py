"""Ctrl+N on the capture screen: a declaration of interest typed into its form, shown in the
side list at once and saved behind the screen; Escape leaves nothing."""

from __future__ import annotations

from textual.widgets import Input

from storage import Repository
from storage.domain import AttendanceStatus, InterestAction
from tests.functional.conftest import make_app, settled
from tests.functional.test_behind_the_screen import typed_at_once
from tui.app import MinutebookApp
from tui.screens.capture import CaptureScreen
from tui.screens.declarations import DeclarationDialog
from tui.widgets.records import RecordList

SIZE = (160, 45)


def mark_present(repo: Repository, meeting_id: int) -> None:
    for attendee in repo.meeting(meeting_id).attendees:
        repo.update_attendance(attendee.id, status=AttendanceStatus.PRESENT)


def side_list(app: MinutebookApp) -> str:
    records = app.screen.query_one(RecordList)
    return "\n".join(
        str(records.get_option_at_index(i).prompt) for i in range(records.option_count)
    )


async def test_a_declaration_typed_at_human_speed_is_saved(
    repo: Repository, meeting_id: int
) -> None:
    mark_present(repo, meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, DeclarationDialog)
        await pilot.press(*"Bob", "tab")
        item = app.screen.query_one("#declaration-item", Input)
        assert item.value == "1"  # the current item
        await pilot.press("tab", *"his son works for the provider", "tab", "o", "tab", "l")
        await pilot.press("enter", *"After")
        assert isinstance(app.screen, CaptureScreen)
        assert "his son works for the provider" in side_list(app)
        await settled(app, pilot)
        assert "Bob Probation" in side_list(app)
        editor = app.screen.editor()
        assert editor is not None and editor.text == "After"
    meeting = repo.meeting(meeting_id)
    (declared,) = meeting.declarations
    bob = next(a.person for a in meeting.attendees if a.person.name == "Bob Probation")
    assert (declared.person_id, declared.item_id) == (bob.id, meeting.items[0].id)
    assert (declared.interest, declared.kind, declared.action) == (
        "his son works for the provider",
        "other registrable",
        InterestAction.LEFT,
    )


async def test_another_item_by_its_number_and_a_person_by_role_typed_at_once(
    repo: Repository, meeting_id: int
) -> None:
    mark_present(repo, meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        keys = ["ctrl+n", *"Detective", "tab", "2", "tab", *"a shareholder", "enter", *"Next"]
        typed_at_once(app, keys)
        await pilot.pause()
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
        editor = app.screen.editor()
        assert editor is not None and editor.text == "Next"
    meeting = repo.meeting(meeting_id)
    (declared,) = meeting.declarations
    assert declared.item_id == meeting.items[1].id
    assert declared.kind == meeting.committee.style.interest_kinds[0]
    assert declared.action is InterestAction.TOOK_PART


async def test_escape_cancels_and_someone_absent_is_refused_in_the_form(
    repo: Repository, meeting_id: int
) -> None:
    app = make_app(repo, meeting_id)  # no one is marked present yet
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+n", *"Bob", "tab", "tab", *"a contract", "enter")
        assert isinstance(app.screen, DeclarationDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, CaptureScreen)
        await settled(app, pilot)
    assert repo.meeting(meeting_id).declarations == ()
