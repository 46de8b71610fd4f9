"""Deferring to a named meeting from F9, and numbered paragraphs from the command palette."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from storage import Repository
from storage.domain import ItemStatus
from tests.functional.conftest import settled
from tui.app import MinutebookApp
from tui.screens.dialogs import PromptDialog

SIZE = (160, 45)


def shown(app: MinutebookApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_f9_refuses_what_names_no_meeting_and_takes_a_named_one(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[2]
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.press("f8", "f8", "f9", *"when [we] can", "enter")
        await pilot.pause()
        assert isinstance(capture_app.screen, PromptDialog)  # still open, nothing lost
        assert capture_app.screen.query_one(Input).value == "when [we] can"
        refusal = shown(capture_app, ".dialog-error")
        assert "'when [we] can' names no meeting" in refusal
        assert "'next'" in refusal and "YYYY-MM-DD" in refusal and "June Board" in refusal

        capture_app.screen.query_one(Input).value = ""
        await pilot.press(*"June Board", "enter")
        await pilot.pause()
        assert not isinstance(capture_app.screen, PromptDialog)
        assert "DEFERRED to June Board" in shown(capture_app, "#item-heading")  # at once
        await settled(capture_app, pilot)
    saved = repo.item(item.id)
    assert saved.status is ItemStatus.DEFERRED
    assert (saved.deferred_to_date, saved.deferred_to_name) == (dt.date(2024, 6, 1), "June Board")


async def test_the_palette_turns_numbered_paragraphs_on_and_off(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    committee = repo.meeting(meeting_id).committee
    async with capture_app.run_test(size=SIZE) as pilot:
        for expected in (True, False):
            await pilot.press("ctrl+p", *"Numbered paragraphs")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settled(capture_app, pilot)
            assert repo.committee(committee.id).style.numbered_paragraphs is expected
        said = [str(n.message) for n in capture_app._notifications]
    assert any("now number their paragraphs" in line for line in said)
    assert any("no longer number their paragraphs" in line for line in said)
