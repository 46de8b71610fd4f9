"""Exempt business from the keyboard: x in the agenda list opens the form, the item is
marked at once and saved behind the screen; p in the records list makes a decision of an
exempt item publishable."""

from __future__ import annotations

from storage import Repository
from tests.functional.conftest import make_app, settled
from tui.app import MinutebookApp
from tui.screens.capture import CaptureScreen
from tui.screens.exempt import ExemptDialog
from tui.widgets.agenda import AgendaList, item_row
from tui.widgets.records import RecordList

SIZE = (160, 45)


def capture(app: MinutebookApp) -> CaptureScreen:
    screen = app.screen
    assert isinstance(screen, CaptureScreen)
    return screen


def heading(app: MinutebookApp) -> str:
    return str(capture(app).query_one("#item-heading").render())


async def test_x_marks_the_item_exempt_and_back_again(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l", "down")
        item_id = app.query_one(AgendaList).highlighted_item
        assert item_id is not None
        await pilot.press("x")
        assert isinstance(app.screen, ExemptDialog)
        await pilot.press("enter")  # no reason: refused, the form stays
        assert isinstance(app.screen, ExemptDialog)
        assert "needs its reason" in str(app.screen.query_one(".dialog-error").render())
        await pilot.press(*"paragraph 3", "tab", *"Tenders were considered.", "enter")
        assert isinstance(app.focused, AgendaList)
        shown = capture(app).items[item_id]
        assert (shown.exempt, shown.exempt_reason) == (True, "paragraph 3")
        assert item_row(shown, current=False).title.endswith("[exempt]")
        await settled(app, pilot)
        saved = repo.item(item_id)
        assert (saved.exempt, saved.exempt_reason, saved.public_summary) == (
            True,
            "paragraph 3",
            "Tenders were considered.",
        )

        await pilot.press("x", "shift+tab", "right", "enter")  # taken in public
        assert not capture(app).items[item_id].exempt
        await settled(app, pilot)
        assert not repo.item(item_id).exempt


async def test_palette_command_heading_and_publishable_decision(
    repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[0]
    decision = repo.add_decision(item.id, "Award the contract.")
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = capture(app)
        assert screen.current_id == item.id
        screen.action_exempt_business()
        await pilot.pause()
        assert isinstance(app.screen, ExemptDialog)
        await pilot.press(*"3", "enter")
        assert "EXEMPT paragraph 3" in heading(app)
        await pilot.press("ctrl+o")
        records = app.query_one(RecordList)
        records.highlighted = records.get_option_index(f"decision-{decision.id}")
        await pilot.press("p")
        assert screen.meeting.decisions[0].publishable
        await settled(app, pilot)
    assert repo.item(item.id).exempt_reason == "3"
    assert repo.meeting(meeting_id).decisions[0].publishable
