"""The public export from live capture: suspects judged one by one, broken markers shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx2python import docx2python

from storage import Repository
from tests.functional.test_capture_flows import SIZE, editor_of, settle
from tui.app import MinutebookApp
from tui.screens.publishing import SuspectsDialog


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_suspects_are_redacted_withheld_and_the_file_written(
    repo: Repository, meeting_id: int, in_tmp: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    first, third = meeting.items[0], meeting.items[2]
    repo.save_notes(third.id, "DCI Hollowmere reported.")
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        assert editor_of(app).item_id == first.id
        await pilot.press(*"Cllr Ravenscroft asked.")
        await pilot.press("f10", "p")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SuspectsDialog)
        assert [s.text for s in dialog.suspects] == ["Cllr Ravenscroft", "DCI Hollowmere"]
        await pilot.press("w")  # withhold the first for the committee
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SuspectsDialog)
        assert [s.text for s in dialog.suspects] == ["DCI Hollowmere"]
        await pilot.press("r")  # redact it in item 3's notes, opened for it
        await settle(app, pilot)
        await settle(app, pilot)
        assert not isinstance(app.screen, SuspectsDialog)
        assert editor_of(app).item_id == third.id
        assert editor_of(app).text == "||DCI Hollowmere|| reported."
    assert repo.publication_rules(meeting.committee.id).withheld == ("Cllr Ravenscroft",)
    assert repo.item(third.id).notes == "||DCI Hollowmere|| reported."
    [written] = in_tmp.glob("*-public.docx")
    text = docx2python(str(written)).text
    assert "Ravenscroft" not in text and "Hollowmere" not in text


async def test_a_broken_marker_takes_the_cursor_to_its_line(
    repo: Repository, meeting_id: int, in_tmp: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    second = meeting.items[1]
    repo.save_notes(second.id, "first line\nsecond ||never closed\nthird")
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "p")
        await settle(app, pilot)
        await settle(app, pilot)
        editor = editor_of(app)
        assert editor.item_id == second.id
        assert editor.cursor_location == (1, 0)
    assert list(in_tmp.glob("*.docx")) == []


async def test_a_suspect_in_an_action_is_redacted_there(
    repo: Repository, meeting_id: int, in_tmp: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    action = repo.add_action(meeting.items[1].id, "Probation", "Write to Cllr Ravenscroft", "")
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "p")
        await settle(app, pilot)
        assert isinstance(app.screen, SuspectsDialog)
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        assert not isinstance(app.screen, SuspectsDialog)
    assert repo.action(action.id).text == "Write to ||Cllr Ravenscroft||"
    [written] = in_tmp.glob("*-public.docx")
    assert "Ravenscroft" not in docx2python(str(written)).text


async def test_initials_are_given_on_the_attendance_screen(
    repo: Repository, meeting_id: int
) -> None:
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "t", *"AC", "enter")
        await pilot.press("t", *"A1", "enter")  # refused: letters only
        await pilot.press("escape", "escape")
    alice = repo.meeting(meeting_id).attendees[0].person
    assert (alice.name, alice.initials) == ("Alice Chair", "AC")


async def test_an_item_marked_confidential_but_not_yet_saved_is_never_exported(
    repo: Repository, meeting_id: int, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+T shows CONFIDENTIAL at once; while the database will not take it, no export."""
    from tests.functional.test_behind_the_screen import server_gone

    first = repo.meeting(meeting_id).items[0]
    repo.save_notes(first.id, "The case of the family at the school.")

    def away(*args, **kwargs):
        raise server_gone()

    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(repo, "update_item", away)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert app.save_state == "failed"
        for version in ("p", "m"):
            await pilot.press("f10", version)
            await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert any("Not exported" in m for m in said), said
    assert list(in_tmp.glob("*.docx")) == []
    assert not repo.item(first.id).confidential
