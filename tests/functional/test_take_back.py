"""Notes kept in a recovery file are offered, and taken back in, when their meeting opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from storage import Repository
from tests.functional.conftest import make_app, read_only_database, settled
from tui.app import MinutebookApp
from tui.recovery import write_recovery_file
from tui.screens.capture import CaptureScreen

SIZE = (160, 45)


def kept_files(tmp_path: Path, state: str = "") -> list[Path]:
    return sorted((tmp_path / "config").glob(f"unsaved-notes-*{state}.txt"))


def footer_keys(app: MinutebookApp) -> set[str]:
    return {binding.key for (_, binding, enabled, _) in app.active_bindings.values() if enabled}


async def test_words_kept_when_the_database_refused_are_taken_back_next_time(
    repo: Repository, meeting_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = repo.meeting(meeting_id).items[:2]
    repo.save_notes(first.id, "Minutes agreed")

    app = make_app(repo, meeting_id)
    with monkeypatch.context() as refusing:
        async with app.run_test(size=SIZE) as pilot:
            refusing.setattr(repo, "save_notes", read_only_database)
            await pilot.press("end", *" as a true record.")
            await settled(app, pilot)
            assert app.save_state == "failed"
    (kept,) = kept_files(tmp_path)
    assert repo.item(first.id).notes == "Minutes agreed"
    # The app left its lease to lapse (the database refused it): as if it had, since.
    repo.release_lease(meeting_id, app.leases.holder)

    # The database is writable again: the next opening finds the file, says so, and
    # Ctrl+G takes the words back in.
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        capture = app.screen
        assert isinstance(capture, CaptureScreen)
        notice = capture.query_one("#recovery-notice", Static)
        assert notice.display
        assert str(kept) in str(notice.render())
        assert "ctrl+g" in footer_keys(app)
        await pilot.press("ctrl+g")
        assert "1. " in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("r")
        await settled(app, pilot)
        assert not notice.display
        assert "ctrl+g" not in footer_keys(app)
        assert capture.current_id == first.id
        await pilot.press("ctrl+z")  # taken back through the editor: Ctrl+Z undoes it
        assert capture.editor().text == "Minutes agreed"
        await pilot.press("ctrl+y")
        await settled(app, pilot)
    assert repo.item(first.id).notes == "Minutes agreed as a true record."
    assert repo.item(second.id).notes == ""
    assert kept_files(tmp_path, "-taken-in") == [kept.with_name(kept.stem + "-taken-in.txt")]

    # Offered once only.
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.screen.query_one_optional("#recovery-notice") is None
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, CaptureScreen)
        assert "ctrl+g" not in footer_keys(app)


async def test_words_typed_while_open_elsewhere_are_added_after_the_other_copys(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    item = repo.meeting(meeting_id).items[0]
    repo.save_notes(item.id, "Shared start\nTheirs")
    write_recovery_file(tmp_path / "config", repo.where, {item.id: "Shared start\nOurs"}, {})
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+g", "r")
        await settled(app, pilot)
    assert repo.item(item.id).notes == "Shared start\nTheirs\n\nOurs"


async def test_a_file_set_aside_is_kept_and_not_offered_again(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    item = repo.meeting(meeting_id).items[0]
    write_recovery_file(tmp_path / "config", repo.where, {item.id: "not wanted"}, {})
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+g", "s")
        await settled(app, pilot)
        assert not app.screen.query_one("#recovery-notice", Static).display
    assert repo.item(item.id).notes == ""
    assert len(kept_files(tmp_path, "-set-aside")) == 1
    assert kept_files(tmp_path) == kept_files(tmp_path, "-set-aside")


async def test_another_databases_file_and_a_read_only_copy_are_not_offered(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    item = repo.meeting(meeting_id).items[0]
    write_recovery_file(tmp_path / "config", "/elsewhere.db", {item.id: "other"}, {})
    write_recovery_file(tmp_path / "config", repo.where, {item.id: "ours"}, {})
    assert repo.acquire_lease(meeting_id, "another-laptop:1:abc", seconds=30)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        assert app.screen.query_one_optional("#recovery-notice") is None
        await pilot.press("ctrl+g")
        await settled(app, pilot)
    assert repo.item(item.id).notes == ""
    assert len(kept_files(tmp_path)) == 2
