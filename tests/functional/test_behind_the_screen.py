"""Marks, records and stamps show at once and are saved behind the screen, in order;
keys typed after Enter on a form go to the notes; nothing waits on the database."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from textual import events
from textual.widgets import DataTable, Static

from storage import Repository
from storage.domain import AttendanceStatus, Attendee
from storage.errors import BadInput
from tests.functional.conftest import make_app, read_only_database, settled
from tui.app import MinutebookApp
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen

SIZE = (160, 45)


def typed_at_once(app: MinutebookApp, keys: list[str]) -> None:
    """Keys as a fast typist sends them: all in the app's queue before the first is handled
    (Pilot's `press` waits for each key to be handled)."""
    named = {"enter": "\r", "tab": "\t", "space": " "}
    for key in keys:
        character = named.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


def server_gone() -> sqlalchemy.exc.OperationalError:
    return sqlalchemy.exc.OperationalError(
        "UPDATE", {}, Exception("server closed the connection unexpectedly")
    )


async def test_words_typed_right_after_enter_on_the_action_form_go_to_the_notes(
    repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[0]
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", *"Probation", "enter")
        typed_at_once(app, [*"Bring the findings", "enter", *"Then the chair"])
        await pilot.pause()
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
        editor = app.screen.editor()
        assert editor is not None and editor.text == "Then the chair"
    meeting = repo.meeting(meeting_id)
    assert [(a.owner, a.text) for a in meeting.actions] == [("Probation", "Bring the findings")]
    assert repo.item(item.id).notes == "Then the chair"


async def test_a_suggestion_is_taken_only_when_the_clerk_goes_into_it(
    repo: Repository, meeting_id: int
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        # "Probation" is offered for "Prob"; Enter goes on with what was typed.
        await pilot.press("f3", *"Prob", "enter", *"Typed owner kept", "enter")
        await settled(app, pilot)
        await pilot.press("f3", *"Prob", "down", "enter", "enter", *"Suggestion taken", "enter")
        await settled(app, pilot)
    owners = [(a.owner, a.text) for a in repo.meeting(meeting_id).actions]
    assert owners == [("Prob", "Typed owner kept"), ("Probation", "Suggestion taken")]


async def test_a_mark_shows_at_once_as_saving_then_saved(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = threading.Event()
    update = repo.update_attendance

    def slow_server(attendance_id: int, **fields):
        answer.wait(10)
        return update(attendance_id, **fields)

    monkeypatch.setattr(repo, "update_attendance", slow_server)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "p")
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        table = screen.query_one(DataTable)
        first = str(screen.meeting.attendees[0].id)
        assert str(table.get_cell(first, "Status")) == "○ present"  # before the server answers
        assert table.cursor_row == 1  # and the cursor has moved on for the next mark
        assert app.save_state == "pending"
        answer.set()
        await settled(app, pilot)
        assert str(table.get_cell(first, "Status")) == "present"
        assert app.save_state == "saved"
    assert repo.meeting(meeting_id).attendees[0].status is AttendanceStatus.PRESENT


async def test_the_attendance_list_says_when_marks_are_not_being_saved(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    away = True
    update = repo.update_attendance

    def gated(attendance_id: int, **fields: Any) -> Attendee:
        if away:
            raise server_gone()
        return update(attendance_id, **fields)

    monkeypatch.setattr(repo, "update_attendance", gated)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "p")
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        warning = screen.query_one("#save-warning", Static)
        assert warning.display and "NOT being saved" in str(warning.render())
        away = False
        app._retry()
        await settled(app, pilot)
        assert not warning.display
        assert app.save_state == "saved"
    assert repo.meeting(meeting_id).attendees[0].status is AttendanceStatus.PRESENT


async def test_the_server_away_mid_meeting_then_back_loses_nothing_and_keeps_order(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    away = True
    for name in ("update_attendance", "add_action", "add_decision", "start_item", "end_item"):
        real = getattr(repo, name)

        def gated(*args, _real=real, **kwargs):
            if away:
                raise server_gone()
            return _real(*args, **kwargs)

        monkeypatch.setattr(repo, name, gated)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Minutes agreed.")
        await pilot.press("f2", "p", "a", "p", "up", "x", "escape")  # the second one twice
        await pilot.press("f3", *"Probation", "enter", *"Report back", "enter")
        await pilot.press("f4", *"Noted", "enter")
        await pilot.press("f8", *"Item two.")
        await settled(app, pilot)
        assert app.save_state == "failed"
        assert isinstance(app.screen, CaptureScreen)
        assert len(app.saver.changes) >= 6
        away = False
        app._retry()
        for _ in range(20):
            await settled(app, pilot)
            if app.saver.idle:
                break
        assert app.save_state == "saved"
        # Written in one go, then read back once: the screen shows them as saved records.
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert screen.waiting == [] and screen.written == []
        assert [a.text for a in screen.meeting.actions] == ["Report back"]
        assert [d.text for d in screen.meeting.decisions] == ["Noted"]
    meeting = repo.meeting(meeting_id)
    statuses = [a.status for a in meeting.attendees]
    assert statuses[:3] == [
        AttendanceStatus.PRESENT,
        AttendanceStatus.ABSENT,  # marked a, then x: the later mark won
        AttendanceStatus.PRESENT,
    ]
    assert [a.text for a in meeting.actions] == ["Report back"]
    assert [d.text for d in meeting.decisions] == ["Noted"]
    assert meeting.items[0].notes == "Minutes agreed."
    assert meeting.items[1].notes == "Item two."
    assert meeting.items[0].ended_at is not None and meeting.items[1].started_at is not None


async def test_a_record_the_database_refuses_is_named_and_nothing_else_is_lost(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise BadInput("an action needs an owner the committee knows")

    monkeypatch.setattr(repo, "add_action", refuse)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", *"Nobody", "enter", *"Refused one", "enter")
        await pilot.press("f4", *"Kept decision", "enter", *"Kept words")
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert screen.waiting == []
        said = [n.message for n in app._notifications]
        assert any("Not saved: action Nobody: Refused one" in m for m in said), said
        assert app.save_state == "saved"
    meeting = repo.meeting(meeting_id)
    assert [d.text for d in meeting.decisions] == ["Kept decision"]
    assert meeting.items[0].notes == "Kept words"


async def test_changes_the_database_never_took_are_listed_in_the_recovery_file(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(repo, meeting_id)
    with monkeypatch.context() as refusing:
        async with app.run_test(size=SIZE) as pilot:
            refusing.setattr(repo, "add_action", read_only_database)
            await pilot.press("f3", *"Probation", "enter", *"Bring the findings", "enter")
            await settled(app, pilot)
            assert app.save_state == "failed"
    (kept,) = (tmp_path / "config").glob("unsaved-notes-*.txt")
    text = kept.read_text()
    assert "Changes not saved: enter them again" in text
    assert "action Probation: Bring the findings" in text


async def test_a_screen_worker_that_fails_is_said_by_the_app_in_one_line(
    repo: Repository, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CaptureScreen)

        def unreadable(meeting_id: int) -> None:
            raise server_gone()

        monkeypatch.setattr(repo, "meeting", unreadable)
        screen.reload()
        said: list[str] = []
        for _ in range(50):  # not workers.wait_for_complete: it raises the worker's error
            await pilot.pause(0.05)
            said = [n.message for n in app._notifications]
            if any(m.startswith("Reading the meeting again failed: ") for m in said):
                break
        assert any(m.startswith("Reading the meeting again failed: ") for m in said), said
        assert app.is_running
