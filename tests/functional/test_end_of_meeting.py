"""The end of a meeting: F8 after the last item, or F12, ends the item under way and the
meeting, whose end time is stamped when none was given."""

from __future__ import annotations

import datetime as dt

from storage import Repository
from storage.domain import ItemStatus
from tests.functional.conftest import FIXED_NOW, make_app, settled
from tui.screens.capture import CaptureScreen
from tui.screens.dialogs import ConfirmDialog

SIZE = (160, 45)


def start_only(repo: Repository, meeting_id: int) -> None:
    repo.update_meeting(meeting_id, end_time="")


async def test_f8_after_the_last_item_asks_then_ends_the_meeting(
    repo: Repository, meeting_id: int
) -> None:
    start_only(repo, meeting_id)
    items = repo.meeting(meeting_id).items
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Welcome.")  # the first item starts with the first word
        for _ in items[1:]:
            await pilot.press("f8")
        await pilot.press("f8")  # on the last item
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
    meeting = repo.meeting(meeting_id)
    assert all(i.ended_at is not None for i in meeting.items)  # the last one's timer stops
    assert meeting.end_time == FIXED_NOW.astimezone().strftime("%H:%M")


async def test_f12_with_items_not_taken_asks_and_no_keeps_it_going(
    repo: Repository, meeting_id: int
) -> None:
    start_only(repo, meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8", "f12")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "items not taken" in dialog.question
        await pilot.press("n", *"Still going")
        await settled(app, pilot)
    meeting = repo.meeting(meeting_id)
    assert meeting.end_time == ""
    assert meeting.items[1].notes == "Still going" and meeting.items[1].ended_at is None


async def test_an_end_time_given_is_kept(repo: Repository, meeting_id: int) -> None:
    items = repo.meeting(meeting_id).items
    for item in items:
        repo.start_item(item.id, dt.datetime(2024, 3, 11, 13, 0, tzinfo=dt.UTC))
    app = make_app(
        repo,
        meeting_id,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")  # every item taken: no question
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
    meeting = repo.meeting(meeting_id)
    assert meeting.end_time == "15:00"
    assert {i.status for i in meeting.items} == {ItemStatus.TAKEN}
