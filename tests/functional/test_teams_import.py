"""A Teams attendance report read in from the attendance list, and from the command line:
shown first, corrected by the clerk, applied in one change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable

from storage import Repository
from storage.domain import AttendanceStatus
from tests.functional.conftest import make_app, settled
from tests.unit.test_cli import assert_one_line_error, minutebook
from tui.screens.attendance import AttendanceScreen
from tui.screens.dialogs import PromptDialog
from tui.screens.teams import TeamsScreen

SIZE = (160, 45)
PARTICIPANTS = [
    ("Chair, Alice", "12:58:40", "15:01:10", "2h 2m 30s", "alice@board.example", "Organizer"),
    ("Bob Probaton (External)", "13:41:00", "14:20:00", "39m", "", "Attendee"),
    ("Ellie Stranger (Guest)", "13:05:00", "15:00:00", "1h 55m", "ellie@ngo.example", "Attendee"),
    ("Det Supt Rowe", "13:02:00", "15:00:30", "1h 58m", "", "Attendee"),
]
REPORT = (
    "1. Summary\n"
    "Meeting title\tSafeguarding Partnership Board\n"
    "Start time\t11/03/2024, 13:00:02\n"
    "End time\t11/03/2024, 15:01:10\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    + "".join(
        f"{name}\t11/03/2024, {joined}\t11/03/2024, {left}\t{length}\t{email}\t\t{role}\n"
        for name, joined, left, length, email, role in PARTICIPANTS
    )
)


def write_report(tmp_path: Path) -> Path:
    path = tmp_path / "meetingAttendanceReport.csv"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("utf-16"))  # as Teams saves it
    return path


def start_items(repo: Repository, meeting_id: int) -> None:
    """Items 1-4 taken from 13:00, 40 minutes each, so stamps fall during one."""
    for number, item in enumerate(repo.meeting(meeting_id).items[:4]):
        start = dt.datetime(2024, 3, 11, 13, 0).astimezone() + dt.timedelta(minutes=40 * number)
        repo.start_item(item.id, start)
        repo.end_item(item.id, start + dt.timedelta(minutes=40))


async def test_the_report_is_shown_corrected_and_applied(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    start_items(repo, meeting_id)
    path = write_report(tmp_path)
    meeting = repo.meeting(meeting_id)
    items = meeting.items
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("T")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+u", *str(path), "enter")
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, TeamsScreen)
        table = screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][1:4] == [
            "Alice Chair, Independent Chair (Safeguarding Partnership)",
            "name",
            "present",
        ]
        assert rows[1][2].startswith("fuzzy") and rows[1][4].startswith("13:41 (item 2)")
        assert rows[2][2] == "not matched" and rows[3][2] == "not matched"
        assert repo.meeting(meeting_id).attendees == meeting.attendees  # nothing yet
        # The superintendent, whom Teams names without a first name, chosen by hand;
        # the guest added as in attendance.
        await pilot.press("down", "down", "down", "enter")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Detective", "down", "enter", "enter")
        await pilot.press("up", "g")
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
    alice, bob, rowe, ellie = repo.meeting(meeting_id).attendees
    assert (alice.status, alice.arrived_at, alice.left_at) == (AttendanceStatus.PRESENT, None, None)
    assert alice.person.email == "alice@board.example"  # matched by it next time
    assert bob.status is AttendanceStatus.PRESENT
    assert bob.arrived_at is not None and bob.arrived_item_id == items[1].id
    assert bob.left_at is not None and bob.left_item_id == items[2].id
    assert rowe.status is AttendanceStatus.PRESENT and rowe.arrived_at is None
    assert (ellie.person.name, ellie.person.email, ellie.status) == (
        "Ellie Stranger",
        "ellie@ngo.example",
        AttendanceStatus.IN_ATTENDANCE,
    )


async def test_escape_changes_nothing(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    path = write_report(tmp_path)
    before = repo.meeting(meeting_id).attendees
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("T", "ctrl+u", *str(path), "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, TeamsScreen)
        await pilot.press("g", "escape")
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
    assert repo.meeting(meeting_id).attendees == before


async def test_a_file_that_is_no_report_is_one_line(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.csv"
    path.write_text("Item,Title\n1,Welcome\n")
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("T", "ctrl+u", *str(path), "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("agenda.csv: ") for m in said), said


def test_the_command_shows_then_applies(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,role,organisation,group,voting,initials\n"
        "Alice Chair,Independent Chair,Safeguarding Partnership,member,,\n"
        "Bob Probation,Head of Service,Probation,member,,\n"
    )
    assert minutebook("new", "Board", "--date", "2024-03-11", "--time", "13:00-15:00", db=db)
    assert minutebook("roster", "Board", "--load", str(roster), db=db).returncode == 0
    made = minutebook("new", "Board", "--date", "2024-03-11", db=db)
    meeting = made.stdout.strip()
    path = write_report(tmp_path)
    shown = minutebook("teams", meeting, str(path), db=db)
    assert shown.returncode == 0, shown.stderr
    assert "Alice Chair, Independent Chair (Safeguarding Partnership): present" in shown.stdout
    assert "Not matched: Ellie Stranger (Guest)" in shown.stdout
    assert "--apply" in shown.stdout.splitlines()[-1]
    applied = minutebook("teams", meeting, str(path), "--apply", "--add-unmatched", db=db)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines()[-1] == "4 attendances changed."
    again = minutebook("teams", meeting, str(path), db=db)
    assert "no change" in again.stdout and "Not matched" not in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\xffnot a report")
    assert_one_line_error(minutebook("teams", meeting, str(bad), db=db), "bad.csv: ")
    assert_one_line_error(minutebook("teams", "99", str(path), db=db), "no meeting")


def test_a_plan_older_than_a_change_still_applies(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    from storage.teams import plan_attendance, read_report

    meeting = repo.meeting(meeting_id)
    report = read_report(write_report(tmp_path).read_bytes())
    plan = plan_attendance(report, meeting, repo.roster(meeting.committee.id))
    alice = meeting.attendees[0]
    repo.remove_attendee(alice.id)  # since the plan was made
    assert repo.apply_attendance_plan(meeting_id, plan.marks) == 2
    after = repo.meeting(meeting_id).attendees
    assert [a.person.name for a in after] == ["Bob Probation", None, "Alice Chair"]
    assert after[-1].status is AttendanceStatus.PRESENT
