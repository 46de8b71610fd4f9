"""Whole flows of live capture, driven key by key with Pilot."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys

import pytest
import sqlalchemy.exc
from textual.widgets import Static

from storage import Repository
from storage.domain import AttendanceStatus, ItemStatus
from tests.functional.conftest import make_app
from tui.app import MinutebookApp
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen
from tui.widgets.notes import NotesEditor

SIZE = (160, 45)


async def settle(app: MinutebookApp, pilot) -> None:
    """Write pending notes and wait for every worker, as the app would within a second."""
    app.save_now()
    await app.workers.wait_for_complete()
    await pilot.pause()


def editor_of(app: MinutebookApp) -> NotesEditor:
    screen = app.screen
    assert isinstance(screen, CaptureScreen)
    editor = screen.editor()
    assert editor is not None
    return editor


async def test_opens_in_notes_of_first_item_not_taken(repo: Repository, meeting_id: int) -> None:
    first = repo.meeting(meeting_id).items[0]
    repo.start_item(first.id)
    repo.end_item(first.id)
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE):
        editor = editor_of(app)
        assert editor.item_id == repo.meeting(meeting_id).items[1].id
        assert app.focused is editor


async def test_take_three_items_with_notes(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Minutes agreed.")
        await pilot.press("f8")
        await pilot.press(*"Working Together update.")
        await pilot.press("f8")
        await pilot.press(*"Early Help rescheduled.")
        await settle(capture_app, pilot)
        saved = {i.id: i for i in repo.meeting(meeting_id).items}
    assert saved[items[0].id].notes == "Minutes agreed."
    assert saved[items[1].id].notes == "Working Together update."
    assert saved[items[2].id].notes == "Early Help rescheduled."
    for done in items[:2]:
        assert saved[done.id].status is ItemStatus.TAKEN
        assert saved[done.id].started_at is not None and saved[done.id].ended_at is not None
    assert saved[items[2].id].started_at is not None and saved[items[2].id].ended_at is None


async def test_previous_item_and_go_to_by_number(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "4", "enter")
        assert editor_of(capture_app).item_id == items[3].id
        await pilot.press("f7")
        assert editor_of(capture_app).item_id == items[2].id
        await pilot.press(*"back on three")
        await pilot.press("f5", "1", "enter")
        await settle(capture_app, pilot)
        assert editor_of(capture_app).item_id == items[0].id
    assert repo.item(items[2].id).notes == "back on three"


async def test_attendance_with_late_arrival(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")  # item 2 is under way
        await pilot.press("f2")
        assert isinstance(capture_app.screen, AttendanceScreen)
        await pilot.press("p", "a", "l")
        await pilot.press("escape")
        assert isinstance(capture_app.screen, CaptureScreen)
        assert capture_app.focused is editor_of(capture_app)
    alice, bob, detective = repo.meeting(meeting_id).attendees
    assert alice.status is AttendanceStatus.PRESENT
    assert bob.status is AttendanceStatus.APOLOGIES
    assert detective.status is AttendanceStatus.PRESENT
    assert detective.arrived_at is not None
    assert detective.arrived_item_id == items[1].id


async def test_add_person_with_known_organisation(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "n")
        await pilot.press("tab")
        await pilot.press(*"Team Lead", "tab")
        await pilot.press(*"Customer First", "enter")
        await pilot.pause()
        await pilot.press("i")
    added = repo.meeting(meeting_id).attendees[-1]
    assert added.person.role == "Team Lead"
    assert added.person.organisation == "Customer First"
    assert added.status is AttendanceStatus.IN_ATTENDANCE


async def test_tab_moves_on_even_when_a_suggestion_shows(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "n", "tab", *"Head of Service", "tab")
        # "Pro" brings up the known organisation "Probation"; Tab must not take it.
        await pilot.press(*"Pro", "tab")
        await pilot.pause()
        await pilot.press("shift+tab", "end", *"bation Service", "enter")
        await pilot.pause()
    added = repo.meeting(meeting_id).attendees[-1]
    assert added.person.role == "Head of Service"
    assert added.person.organisation == "Probation Service"


async def test_action_and_decision_by_key(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Probation shared headlines")
        before = editor_of(capture_app).cursor_location
        await pilot.press("f3")
        await pilot.press(*"Probation", "escape")  # close the completion list, keep the text
        assert not isinstance(capture_app.screen, CaptureScreen)
        await pilot.press("tab", *"Bring the findings", "tab", *"at the June Board", "enter")
        assert isinstance(capture_app.screen, CaptureScreen)
        assert capture_app.focused is editor_of(capture_app)
        assert editor_of(capture_app).cursor_location == before
        await pilot.press("f4", *"The Board noted the report", "enter")
        await pilot.press(*" and more.")
        await settle(capture_app, pilot)
    meeting = repo.meeting(meeting_id)
    (action,) = meeting.actions
    assert (action.owner, action.text, action.due_text) == (
        "Probation",
        "Bring the findings",
        "at the June Board",
    )
    assert [d.text for d in meeting.decisions] == ["The Board noted the report"]
    assert meeting.items[0].notes == "Probation shared headlines and more."


async def test_action_and_decision_by_typed_prefix(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Opening words.", "enter")
        await pilot.press(*"ACTION: CF - Put on the forward plan - at the June Board", "enter")
        await pilot.press(*"decision: Minutes agreed", "enter")
        await pilot.press(*"Closing words.")
        await settle(capture_app, pilot)
    meeting = repo.meeting(meeting_id)
    (action,) = meeting.actions
    assert (action.owner, action.text, action.due_text) == (
        "CF",
        "Put on the forward plan",
        "at the June Board",
    )
    assert [d.text for d in meeting.decisions] == ["Minutes agreed"]
    assert meeting.items[0].notes == "Opening words.\nClosing words."


async def test_edit_move_and_delete_an_action(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    action = repo.add_action(items[0].id, "CF", "Draft the plan", "")
    decision = repo.add_decision(items[0].id, "Agreed")
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the screen is drawn, records list and all
        await pilot.press("ctrl+o", "e")
        await pilot.press("tab", "end", *" and circulate it", "enter")
        assert repo.action(action.id).text == "Draft the plan and circulate it"
        await pilot.press("m", "1", "enter")  # the item it is under: refused, and said
        said = str(capture_app.screen.query_one(".dialog-error").render())
        assert "already" in said
        await pilot.press("ctrl+u", "3", "enter")
        assert repo.action(action.id).item_id == items[2].id
        await pilot.press("d", "y")
        await pilot.pause()
    assert repo.meeting(meeting_id).decisions == ()
    assert decision.id not in [d.id for d in repo.meeting(meeting_id).decisions]


async def test_defer_an_item_onto_the_next_agenda(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f8", "f8", "f9", "enter")
        await pilot.pause()
    assert repo.item(items[2].id).status is ItemStatus.DEFERRED
    committee = repo.meeting(meeting_id).committee
    next_id = repo.create_meeting(committee.id, dt.date(2024, 6, 10))
    carried = [i for i in repo.meeting(next_id).items if i.carried_from_item_id == items[2].id]
    assert [i.title for i in carried] == [items[2].title]


async def test_undo_in_notes(capture_app: MinutebookApp) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"kept")
        await pilot.pause(0.1)
        editor_of(capture_app).history.checkpoint()
        await pilot.press(*" removed")
        assert editor_of(capture_app).text == "kept removed"
        await pilot.press("ctrl+z")
        assert editor_of(capture_app).text == "kept"
        await pilot.press("ctrl+y")
        assert editor_of(capture_app).text == "kept removed"


async def test_redact_selection_and_confidential(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Case of Child A today")
        editor = editor_of(capture_app)
        editor.selection = editor.selection.__class__((0, 8), (0, 15))
        await pilot.press("ctrl+r", "ctrl+t")
        await settle(capture_app, pilot)
    item = repo.meeting(meeting_id).items[0]
    assert item.notes == "Case of ||Child A|| today"
    assert item.confidential


async def test_a_failed_save_warns_keeps_text_and_saves_later(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = repo.meeting(meeting_id).items[0].id

    def refuse(item_id: int, notes: str) -> None:
        raise sqlalchemy.exc.OperationalError(
            "UPDATE item", {}, Exception("attempt to write a readonly database")
        )

    async with capture_app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(repo, "save_notes", refuse)
        await pilot.press(*"Words that must survive")
        await settle(capture_app, pilot)
        warning = capture_app.screen.query_one("#save-warning", Static)
        assert capture_app.save_state == "failed"
        assert warning.display
        assert "read-only" in str(warning.render())
        assert editor_of(capture_app).text == "Words that must survive"
        await pilot.press(*" and more")
        await settle(capture_app, pilot)
        assert capture_app.save_state == "failed"
        monkeypatch.undo()
        capture_app._retry()
        await app_workers(capture_app, pilot)
        assert capture_app.save_state == "saved"
        assert not warning.display
    assert repo.item(item_id).notes == "Words that must survive and more"


async def app_workers(app: MinutebookApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_second_app_opens_read_only(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int, tmp_path
) -> None:
    assert repo.acquire_lease(meeting_id, "another-laptop:1:abc", seconds=30)
    async with capture_app.run_test(size=SIZE) as pilot:
        # Typed before the answer came: never written over the other copy's notes.
        await pilot.press(*"early words")
        await app_workers(capture_app, pilot)
        editor = editor_of(capture_app)
        assert editor.read_only
        assert "READ-ONLY" in str(capture_app.screen.query_one("#topbar").render())
        await pilot.press("f3")
        assert isinstance(capture_app.screen, CaptureScreen)
        dimmed = {
            binding.key for (_, binding, enabled, _) in capture_app.active_bindings.values()
        } - {
            binding.key
            for (_, binding, enabled, _) in capture_app.active_bindings.values()
            if enabled
        }
        assert {"f3", "f4", "f9", "ctrl+t", "ctrl+r"} <= dimmed  # shown, dimmed in the footer
        typed = editor.text
    assert repo.meeting(meeting_id).items[0].notes == ""
    # Whatever got in before the editor locked is kept in a recovery file.
    recovered = list(tmp_path.rglob("unsaved-notes-*.txt"))
    assert len(recovered) == (1 if typed else 0)
    assert all(typed in path.read_text() for path in recovered)
    assert repo.acquire_lease(meeting_id, "another-laptop:1:abc", seconds=30)


async def test_a_crashed_copy_on_this_machine_does_not_lock_the_meeting(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{finished.stdout.strip()}:crashed"
    assert repo.acquire_lease(meeting_id, dead, seconds=30)
    async with capture_app.run_test(size=SIZE) as pilot:
        await app_workers(capture_app, pilot)
        assert not editor_of(capture_app).read_only
        assert not repo.acquire_lease(meeting_id, dead, seconds=30)


async def test_a_copy_still_closing_on_this_machine_hands_the_meeting_over(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    """Reopened while the last copy is still saving its last words: read-only until it
    has ended, then editable, on the notes as that copy left them."""
    item_id = repo.meeting(meeting_id).items[0].id
    closing = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        holder = f"{socket.gethostname()}:{closing.pid}:closing"
        assert repo.acquire_lease(meeting_id, holder, seconds=30)
        async with capture_app.run_test(size=SIZE) as pilot:
            await app_workers(capture_app, pilot)
            editor = editor_of(capture_app)
            assert editor.read_only
            repo.save_notes(item_id, "Its last words.")  # the closing copy's final save
            closing.kill()
            closing.wait()
            for _ in range(40):
                await pilot.pause(0.1)
                if not editor.read_only:
                    break
            assert not editor.read_only
            assert editor.text == "Its last words."
            assert "READ-ONLY" not in str(capture_app.screen.query_one("#topbar").render())
            await pilot.press("end", *" Ours.")
            await settle(capture_app, pilot)
        assert repo.item(item_id).notes == "Its last words. Ours."
    finally:
        closing.kill()


async def test_lease_is_taken_and_released(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await app_workers(capture_app, pilot)
        assert not repo.acquire_lease(meeting_id, "someone-else", seconds=30)
    assert repo.acquire_lease(meeting_id, "someone-else", seconds=30)


async def test_quitting_saves_at_once(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press(*"last words", "ctrl+q")
    assert repo.meeting(meeting_id).items[0].notes == "last words"


async def test_user_keymap_remaps_a_binding(repo: Repository, meeting_id: int, tmp_path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('[capture]\nnext_item = "f12"\n')
    items = repo.meeting(meeting_id).items
    app = make_app(repo, meeting_id)  # settings are read when the app is made
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        assert editor_of(app).item_id == items[1].id


async def test_command_palette_jumps_to_an_item(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Jump to item 4.")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert editor_of(capture_app).item_id == items[3].id


async def test_an_unexpected_error_goes_to_a_crash_report_and_keeps_the_notes(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int, tmp_path, monkeypatch
) -> None:
    from tui.screens.capture import CaptureScreen

    async def broken(self: CaptureScreen) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(CaptureScreen, "action_next_item", broken)
    with pytest.raises(RuntimeError):
        async with capture_app.run_test(size=SIZE) as pilot:
            await pilot.press(*"words before the bug", "f8")
            await pilot.pause()
    (report,) = (tmp_path / "config").glob("crash-*.log")
    assert "RuntimeError: a bug" in report.read_text()
    assert repo.meeting(meeting_id).items[0].notes == "words before the bug"


async def test_home_and_back_to_the_meeting_opened_first(
    capture_app: MinutebookApp, meeting_id: int
) -> None:
    from tui.screens.home import HomeScreen

    async with capture_app.run_test(size=SIZE) as pilot:
        first = capture_app.screen
        await pilot.press(*"kept", "ctrl+b")
        await pilot.pause()
        assert isinstance(capture_app.screen, HomeScreen)
        capture_app.open_meeting(meeting_id)
        await pilot.pause()
        assert capture_app.screen is first  # the same screen, not a second copy
        assert editor_of(capture_app).text == "kept"
