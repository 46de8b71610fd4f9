"""Snapshots of the screens a clerk sees: home, live capture, attendance, action entry."""

from __future__ import annotations

from storage import Repository
from tui.app import MinutebookApp

SIZE = (160, 45)


class TestHome:
    """The list of meetings."""

    def test_home(self, snap_compare, home_app: MinutebookApp) -> None:
        assert snap_compare(home_app, terminal_size=SIZE)


class TestCapture:
    """Live capture with notes, actions, decisions and a carried-forward action."""

    def test_live_capture(
        self, snap_compare, capture_app: MinutebookApp, repo: Repository, meeting_id: int
    ) -> None:
        items = repo.meeting(meeting_id).items
        repo.add_action(items[1].id, "Probation", "Bring the HMIP findings", "at the June Board")
        repo.add_decision(items[1].id, "The Board noted the Working Together changes")
        repo.save_notes(items[1].id, "Working Together proposes changes to local partnerships.")

        async def to_item_two(pilot) -> None:
            await pilot.press("f8")
            await pilot.press(*" ||Child A|| was discussed.")
            capture_app.save_now()
            await capture_app.workers.wait_for_complete()
            await pilot.pause()

        assert snap_compare(capture_app, run_before=to_item_two, terminal_size=SIZE)

    def test_action_entry(self, snap_compare, capture_app: MinutebookApp) -> None:
        assert snap_compare(capture_app, press=["f3", *"Prob"], terminal_size=SIZE)


class TestAttendance:
    """The attendance roster with marks and a late arrival."""

    def test_attendance(self, snap_compare, capture_app: MinutebookApp) -> None:
        async def marked(pilot) -> None:
            await pilot.press("f2", "p", "a", "l")
            capture_app.save_now()
            await capture_app.workers.wait_for_complete()
            await pilot.pause()  # the marks saved, shown without their ○

        assert snap_compare(capture_app, run_before=marked, terminal_size=SIZE)
