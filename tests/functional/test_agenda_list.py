"""The agenda down the left of live capture: wrapping, moving and choosing an item."""

from __future__ import annotations

from storage import Repository
from tui.app import MinutebookApp
from tui.widgets.agenda import AgendaList, wrap_words

SIZE = (160, 45)


def test_titles_wrap_at_words_and_a_word_too_long_is_cut() -> None:
    assert wrap_words("Minutes and actions from the last meeting", 16) == [
        "Minutes and",
        "actions from the",
        "last meeting",
    ]
    assert wrap_words("Safeguarding-partnership-arrangements", 12) == [
        "Safeguarding",
        "-partnership",
        "-arrangement",
        "s",
    ]
    assert wrap_words("", 10) == [""]


async def test_keys_and_a_click_in_the_agenda_go_to_an_item(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    async with capture_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agenda = capture_app.screen.query_one(AgendaList)
        agenda.focus()
        await pilot.press("down", "down", "up", "enter")
        await pilot.pause()
        assert capture_app.capture_screen().current.id == items[1].id
        assert agenda.highlighted is not None
        assert agenda.rows[agenda.highlighted].item_id == items[1].id
        assert capture_app.focused is not agenda  # back in the notes, to type on
        agenda.focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert capture_app.capture_screen().current.id == items[-1].id
        await pilot.click(AgendaList, offset=(3, 0))  # the first row: item 1
        await pilot.pause()
        assert capture_app.capture_screen().current.id == items[0].id
