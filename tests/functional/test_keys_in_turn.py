"""Keys a fast typist sends at once: a key that opens a form or changes screen takes the
keys typed after it there, and leaves the keys typed before it where they were typed."""

from __future__ import annotations

from textual.widgets import Input

from storage import Repository
from storage.domain import AttendanceStatus
from tests.functional.conftest import make_app, settled
from tests.functional.test_behind_the_screen import typed_at_once
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen
from tui.screens.dialogs import ActionEntry

SIZE = (160, 45)


async def test_an_action_typed_straight_after_f3(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        typed_at_once(
            app, [*"Before", "f3", *"Probation", "tab", *"Bring the data", "enter", *"After"]
        )
        await pilot.pause()
        await settled(app, pilot)
    meeting = repo.meeting(meeting_id)
    assert [(a.owner, a.text) for a in meeting.actions] == [("Probation", "Bring the data")]
    assert [i.notes for i in meeting.items if i.notes] == ["BeforeAfter"]


async def test_tab_moves_before_the_next_key_is_typed(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        typed_at_once(app, [*"Prob", "tab", *"Report", "tab", *"June", "shift+tab"])
        await pilot.pause()
        await settled(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionEntry)
        values = [dialog.query_one(f"#action-{f}", Input).value for f in ("owner", "text", "due")]
        assert values == ["Prob", "Report", "June"]
        assert dialog.focused is dialog.query_one("#action-text", Input)


async def test_words_typed_straight_after_leaving_attendance_are_notes_not_marks(
    repo: Repository, meeting_id: int
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        typed_at_once(app, ["p", "f2", *"apologies were received"])
        await pilot.pause()
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
    meeting = repo.meeting(meeting_id)
    assert [a.status for a in meeting.attendees] == [
        AttendanceStatus.PRESENT,  # the one mark typed before F2
        AttendanceStatus.EXPECTED,
        AttendanceStatus.EXPECTED,
    ]
    assert [i.notes for i in meeting.items if i.notes] == ["apologies were received"]


async def test_a_name_typed_straight_after_n_is_the_name(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        typed_at_once(app, ["down", "n", *"Dia Paxi", "tab", *"Head", "tab", *"Police", "enter"])
        await pilot.pause()
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
    meeting = repo.meeting(meeting_id)
    added = meeting.attendees[-1]
    assert (added.person.name, added.person.role, added.person.organisation) == (
        "Dia Paxi",
        "Head",
        "Police",
    )
    assert {a.status for a in meeting.attendees[:3]} == {AttendanceStatus.EXPECTED}


async def test_editing_keys_in_a_burst_keep_their_order(repo: Repository, meeting_id: int) -> None:
    """Backspace and the arrows run in turn with the characters around them, in the
    notes and in a form's field."""
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        burst = [*"teh", "backspace", "backspace", *"he", "left", *"X", "enter", *"ok"]
        typed_at_once(app, burst)
        await pilot.pause()
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        editor = screen.editor()
        assert editor is not None and editor.text == "thX\noke"
        await pilot.press("f3")
        typed_at_once(app, [*"Prbo", "backspace", "backspace", *"ob", "home", *"The "])
        await pilot.pause()
        await settled(app, pilot)
        assert app.screen.query_one("#action-owner", Input).value == "The Prob"
