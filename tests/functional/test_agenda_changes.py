"""Changing the agenda from the capture screen while the meeting runs: shown at once,
numbered, and saved behind the screen; in the export too."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from storage import Repository
from tests.functional.conftest import make_app
from tui.app import MinutebookApp
from tui.screens.capture import CaptureScreen
from tui.widgets.agenda import AgendaList

SIZE = (160, 45)


async def settle(app: MinutebookApp, pilot) -> None:
    app.save_now()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: MinutebookApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, CaptureScreen)
    return [f"{i.number} {i.title}".strip() for i in screen.agenda_changes.items()]


def stored(repo: Repository, meeting_id: int) -> list[str]:
    return [i.heading for i in repo.meeting(meeting_id).items]


def exported_headings(repo: Repository, meeting_id: int, folder: Path) -> str:
    from exports.word import write_minutes

    path = write_minutes(repo.meeting(meeting_id), folder / "minutes.docx")
    document = Document(str(path))
    return "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


async def test_items_added_renamed_moved_nested_and_deleted(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        assert isinstance(app.focused, AgendaList)
        await pilot.press("down", "a", *"Urgent item", "enter")
        assert shown(app)[:4] == [
            "1. Minutes and actions from the last meeting",
            "2. Live Updates",
            "3. Urgent item",
            "4. Early Help - changes to ways of working",
        ]
        assert isinstance(app.focused, AgendaList)
        await settle(app, pilot)
        assert stored(repo, meeting_id)[2] == "3. Urgent item"
        # The cursor is on the new item: rename it and name its presenter.
        await pilot.press("e", "ctrl+u", *"Urgent: inspection letter", "tab", *"DCS", "enter")
        await pilot.press("right")  # a sub-item of Live Updates
        assert shown(app)[2] == "2.1 Urgent: inspection letter"
        await pilot.press("shift+up")  # a sub-item moves one place: under item 1 now
        assert shown(app)[1:3] == ["1.1 Urgent: inspection letter", "2. Live Updates"]
        await pilot.press("left")
        assert shown(app)[1:3] == ["2. Urgent: inspection letter", "3. Live Updates"]
        await settle(app, pilot)
        assert stored(repo, meeting_id) == shown(app)
        assert repo.meeting(meeting_id).items[1].presenter == "DCS"
        await pilot.press("delete", "y")
        assert "2. Urgent: inspection letter" not in shown(app)
        await settle(app, pilot)
    assert stored(repo, meeting_id)[:2] == [
        "1. Minutes and actions from the last meeting",
        "2. Live Updates",
    ]
    assert "Urgent" not in exported_headings(repo, meeting_id, tmp_path)


async def test_urgent_business_goes_under_any_other_business(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l", "a", *"Winter pressures", "tab", "tab", "right", "enter")
        assert shown(app)[-1] == "5.1 Winter pressures"
        await settle(app, pilot)
    assert stored(repo, meeting_id)[-1] == "5.1 Winter pressures"
    assert "5.1\nWinter pressures" in exported_headings(repo, meeting_id, tmp_path)


async def test_an_item_with_notes_is_not_deleted_and_moves_are_kept_in_bursts(
    repo: Repository, meeting_id: int
) -> None:
    minutes = repo.meeting(meeting_id).items[0]
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Minutes agreed.", "ctrl+l", "delete")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert shown(app)[0] == "1. Minutes and actions from the last meeting"
        # Four moves typed at once land as the last one left the agenda.
        await pilot.press("shift+down", "shift+down", "shift+down", "shift+up")
        expected = shown(app)
        assert expected[:3] == [
            "1. Live Updates",
            "2. Minutes and actions from the last meeting",  # into the next section, first
            "3. Early Help - changes to ways of working",
        ]
        assert screen.items[minutes.id].section_id is not None
        await settle(app, pilot)
        assert stored(repo, meeting_id) == expected
        assert shown(app) == expected


async def test_the_agenda_of_approved_minutes_does_not_change(
    repo: Repository, meeting_id: int
) -> None:
    import datetime as dt

    committee = repo.meeting(meeting_id).committee
    later = repo.create_meeting(committee.id, dt.date(2024, 6, 10))
    repo.approve_meeting(meeting_id, later)
    before = stored(repo, meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l", "shift+down", "a")
        await pilot.pause()
        assert shown(app) == before
        assert isinstance(app.screen, CaptureScreen)
    assert stored(repo, meeting_id) == before


async def test_agenda_keys_typed_at_once_land_in_order(repo: Repository, meeting_id: int) -> None:
    from tests.functional.test_behind_the_screen import typed_at_once

    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Noted.")
        typed_at_once(app, ["ctrl+l", "down", "a", *"Urgent", "enter", "shift+up", "right"])
        for _ in range(20):
            await pilot.pause()
        assert shown(app)[:3] == [
            "1. Minutes and actions from the last meeting",
            "1.1 Urgent",
            "2. Live Updates",
        ]
        await settle(app, pilot)
        assert stored(repo, meeting_id)[:3] == shown(app)[:3]
        assert repo.meeting(meeting_id).items[0].notes == "Noted."
