"""The action lookup screen and the action update dialog, driven by Pilot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static

from storage import Repository
from storage.domain import Action, ActionStatus
from tests.unit.test_search import Register, seed_register
from tui.screens.lookup import ActionLookupScreen, ActionUpdateDialog

TODAY = dt.date(2024, 6, 15)
UNANSWERED = object()


class LookupApp(App[None]):
    """A bare app that shows one screen and keeps the answer it is dismissed with."""

    def __init__(self, screen_factory: Any) -> None:
        super().__init__()
        self.screen_factory = screen_factory
        self.answer: Any = UNANSWERED

    def on_mount(self) -> None:
        self.push_screen(self.screen_factory(), self.keep)

    def keep(self, answer: Any) -> None:
        self.answer = answer


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch):
    monkeypatch.setattr(ActionLookupScreen, "DEBOUNCE_SECONDS", 0)


@pytest.fixture
def register(repo: Repository) -> Register:
    return seed_register(repo)


def lookup_app(repo: Repository, **options: Any) -> LookupApp:
    return LookupApp(lambda: ActionLookupScreen(repo, today=TODAY, **options))


async def settle(pilot: Any) -> None:
    """Let the debounce timer fire and every search or save finish."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))
    await settle(pilot)


def shown(app: LookupApp) -> list[int]:
    table = app.screen.query_one("#lookup-results", DataTable)
    return [int(row.key.value or 0) for row in table.ordered_rows]


def hint(app: LookupApp) -> Static:
    return app.screen.query_one("#lookup-hint", Static)


async def test_opens_on_open_actions_with_the_filter_focused(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert shown(app) == [register.terms, register.audit, register.report]
        assert str(hint(app).render()) == "3 open actions"


async def test_filters_as_you_type(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await type_text(pilot, "proba")
        assert shown(app) == [register.audit, register.report]
        await type_text(pilot, " committee:panel")
        assert shown(app) == [register.audit]
        await pilot.press(*["backspace"] * len("committee:panel"))
        await type_text(pilot, "status:all overdue")
        assert shown(app) == []
        assert "no action" in str(hint(app).render())


async def test_fts_syntax_and_unknown_filters_show_a_hint_not_a_crash(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await type_text(pilot, 'NEAR( "terms" -* colour:red')
        assert shown(app) == []
        assert hint(app).has_class("-problem")
        assert "unknown filter colour:" in str(hint(app).render())
        await pilot.press(*["backspace"] * len(" colour:red"))
        await settle(pilot)
        assert not hint(app).has_class("-problem")


async def test_enter_opens_the_source_meeting_at_its_item(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await type_text(pilot, "reoffending")
        await pilot.press("enter")
        await pilot.pause()
    action = repo.action(register.report)
    assert app.answer == (register.board_meeting, action.item_id)


async def test_arrows_move_through_results_while_typing(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "ctrl+o")
        await pilot.pause()
    assert app.answer == (register.board_meeting, repo.action(register.report).item_id)


async def test_mark_done_records_the_meeting_and_leaves_the_open_list(repo, register):
    app = lookup_app(repo, meeting_id=register.panel_meeting)
    async with app.run_test() as pilot:
        await type_text(pilot, "probation")
        assert shown(app) == [register.audit, register.report]
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert shown(app) == [register.report]
    audit = repo.action(register.audit)
    assert audit.status == ActionStatus.DONE
    assert [(u.text, u.meeting_id) for u in audit.updates] == [
        ("Marked done.", register.panel_meeting)
    ]


async def test_mark_dropped(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await type_text(pilot, "terms")
        await pilot.press("ctrl+r")
        await settle(pilot)
    assert repo.action(register.terms).status == ActionStatus.DROPPED


async def test_escape_closes_with_none(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.answer is None


async def test_reassign_and_change_due_through_the_dialog(repo, register):
    app = lookup_app(repo)
    async with app.run_test() as pilot:
        await type_text(pilot, "reoffending")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ActionUpdateDialog)
        assert app.focused is app.screen.query_one("#update-owner", Input)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "Carol Clerk")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionLookupScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "by 1 September 2024")
        await pilot.press("enter")
        await settle(pilot)
    action = repo.action(register.report)
    assert action.owner == "Carol Clerk"
    assert action.due_date == dt.date(2024, 9, 1)
    assert [u.text for u in action.updates][-2:] == [
        "Reassigned from Bob Probation to Carol Clerk.",
        "Now due by 1 September 2024.",
    ]


async def test_update_dialog_records_update_and_status_in_the_meeting(repo, register):
    original = repo.action(register.report)
    app = LookupApp(lambda: ActionUpdateDialog(repo, original, register.board_meeting))
    async with app.run_test() as pilot:
        await pilot.pause()
        history = str(app.screen.query_one("#update-history-text", Static).render())
        assert "Report delayed: awaiting café data" in history
        await type_text(pilot, "Report received")
        await pilot.press("tab", "right", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert isinstance(app.answer, Action)
    assert app.answer.status == ActionStatus.DONE
    # Made in the board meeting, it is dated at that meeting, before the update made since.
    (made,) = [u for u in app.answer.updates if u.meeting_id == register.board_meeting]
    assert made.text == "Report received Marked done."
    assert repo.action(register.report) == app.answer


async def test_update_dialog_escape_saves_nothing(repo, register):
    original = repo.action(register.report)
    app = LookupApp(lambda: ActionUpdateDialog(repo, original, None))
    async with app.run_test() as pilot:
        await type_text(pilot, "not this")
        await pilot.press("escape")
        await pilot.pause()
    assert app.answer is None
    assert repo.action(register.report) == original


async def test_update_dialog_refuses_an_empty_owner(repo, register):
    original = repo.action(register.report)
    app = LookupApp(lambda: ActionUpdateDialog(repo, original, None, focus="owner"))
    async with app.run_test() as pilot:
        await pilot.press("end", "ctrl+u", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ActionUpdateDialog)
        error = str(app.screen.query_one("#update-error", Static).render())
        assert error == "An action needs an owner."
    assert repo.action(register.report) == original
