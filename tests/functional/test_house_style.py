"""A committee's house style chosen from the keyboard: S on the meetings list, or the
command palette while the meeting is taken."""

from __future__ import annotations

from storage import Repository
from storage.style import DEFAULT, PRESETS
from tests.functional.conftest import make_app, settled
from tui.screens.dialogs import ChoiceDialog

SIZE = (160, 45)


async def test_a_preset_chosen_on_the_meetings_list(repo: Repository, meeting_id: int) -> None:
    committee = repo.meeting(meeting_id).committee
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("S")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("4")
        await settled(app, pilot)
        said = [str(n.message) for n in app._notifications]
    assert repo.committee(committee.id).style == PRESETS["school-governors"]
    assert any("school-governors style" in line for line in said), said


async def test_a_preset_chosen_from_the_palette_and_escape_keeps_the_style(
    repo: Repository, meeting_id: int
) -> None:
    committee = repo.meeting(meeting_id).committee
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+p", *"House style", "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settled(app, pilot)
        assert repo.committee(committee.id).style == DEFAULT
        await pilot.press("ctrl+p", *"House style", "enter")
        await settled(app, pilot)
        await pilot.press("3")
        await settled(app, pilot)
    assert repo.committee(committee.id).style == PRESETS["nhs-board"]


async def test_the_protective_marking_set_from_the_palette(
    repo: Repository, meeting_id: int
) -> None:
    committee = repo.meeting(meeting_id).committee
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+p", *"Protective marking", "enter")
        await settled(app, pilot)
        await pilot.press("ctrl+u", *"OFFICIAL", "enter")
        await settled(app, pilot)
    assert repo.meeting(meeting_id).protective_marking == "OFFICIAL"
    assert repo.committee(committee.id).protective_marking == "OFFICIAL"
