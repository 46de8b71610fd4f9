"""A resolution typed at the keyboard, and the top line's quorum as members leave."""

from __future__ import annotations

from storage import Repository
from storage.domain import AttendanceStatus, MotionResult, VoteCast
from tests.functional.conftest import make_app, settled
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen
from tui.screens.resolution import ResolutionEntry
from tui.widgets.status import TopBar

SIZE = (160, 45)


def all_present(repo: Repository, meeting_id: int, quorum: str) -> None:
    """The sample board's three members (all voting) present, with a quorum."""
    meeting = repo.meeting(meeting_id)
    for attendee in meeting.attendees:
        repo.update_attendance(attendee.id, status=AttendanceStatus.PRESENT)
    repo.set_quorum(meeting.committee.id, quorum)


async def test_a_resolution_entered_from_the_keyboard(repo: Repository, meeting_id: int) -> None:
    all_present(repo, meeting_id, "2")
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("f4", *"the plan be adopted", "tab")
        assert isinstance(app.screen, ResolutionEntry)
        await pilot.press(*"Alice", "down", "enter", "tab", *"Bob", "down", "enter")
        await pilot.press("tab", "tab", "tab", "tab")  # past the counts, to the result
        await pilot.press("tab", "right")  # Alice's vote: for
        await pilot.press("tab", "right", "right")  # Bob's: against
        await pilot.press("tab", "right")  # the superintendent's: for
        await pilot.press("enter")
        await settled(app, pilot)
        assert isinstance(app.screen, CaptureScreen), app.screen.query_one(".dialog-error").render()
    meeting = repo.meeting(meeting_id)
    (decision,) = meeting.decisions
    people = {a.person.name: a.person.id for a in meeting.attendees}
    motion = decision.motion
    assert decision.text == "the plan be adopted" and motion is not None
    assert (motion.mover_id, motion.seconder_id) == (people["Alice Chair"], people["Bob Probation"])
    assert (motion.votes_for, motion.votes_against, motion.abstained) == (2, 1, 0)
    assert motion.result is MotionResult.CARRIED
    assert [v.vote for v in motion.votes] == [VoteCast.FOR, VoteCast.AGAINST, VoteCast.FOR]


async def test_a_plain_decision_is_still_one_line_and_enter(
    repo: Repository, meeting_id: int
) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", *"noted", "enter")
        await settled(app, pilot)
    (decision,) = repo.meeting(meeting_id).decisions
    assert (decision.text, decision.motion) == ("noted", None)


async def test_an_impossible_count_is_refused_in_the_form(
    repo: Repository, meeting_id: int
) -> None:
    all_present(repo, meeting_id, "2")
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("f4", *"the plan be adopted", "tab", "tab", "tab", *"9", "enter")
        assert isinstance(app.screen, ResolutionEntry)  # 9 votes of 3 members: refused
        await pilot.press("escape")
        await settled(app, pilot)
    assert repo.meeting(meeting_id).decisions == ()


async def test_the_top_line_goes_inquorate_when_a_member_leaves(
    repo: Repository, meeting_id: int
) -> None:
    all_present(repo, meeting_id, "3")
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        bar = app.screen.query_one(TopBar)
        assert "quorum 3/3" in str(bar.render())
        await pilot.press("f2")
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("o")  # the first member leaves
        await pilot.pause()
        assert "INQUORATE 2/3" in str(bar.render())  # at once, before it is saved
        assert any("INQUORATE" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await settled(app, pilot)
        assert "INQUORATE 2/3" in str(bar.render())
