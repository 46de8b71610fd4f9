"""Minutes circulated: marked so from the home screen or the command line, and exported
with DRAFT in the header until approved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

import exports
from storage import BadInput, Repository
from storage.agenda import parse_agenda
from storage.domain import MeetingStatus
from tests.functional.conftest import make_app, settled
from tests.unit.test_cli import assert_one_line_error, minutebook
from tui.screens.dialogs import ConfirmDialog
from tui.screens.home import HomeScreen

SIZE = (160, 45)


def header_lines(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).sections[0].header.paragraphs if p.text]


async def test_circulated_from_the_home_screen(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    before = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "draft.docx")
    assert header_lines(before) == ["OFFICIAL-SENSITIVE"]
    app = make_app(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settled(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")  # again: said, not asked
        assert isinstance(app.screen, HomeScreen)
    meeting = repo.meeting(meeting_id)
    assert meeting.status is MeetingStatus.CIRCULATED
    after = exports.write_minutes(meeting, tmp_path / "circulated.docx")
    assert header_lines(after) == ["OFFICIAL-SENSITIVE", "DRAFT: circulated for approval"]


def test_circulate_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert minutebook("new", "Board", "--date", "2024-03-11", db=db).returncode == 0
    done = minutebook("circulate", "latest", db=db)
    assert done.returncode == 0, done.stderr
    assert "Board, 11 March 2024: circulated" in done.stdout
    listed = minutebook("meetings", db=db)
    assert "circulated" in listed.stdout
    from storage import open_repository

    repo = open_repository(str(db))
    repo.update_meeting(repo.resolve_meeting("latest"), status="approved")
    repo.engine.dispose()
    assert_one_line_error(minutebook("circulate", "latest", db=db), "approved already")


def approved_at_june(repo: Repository, meeting_id: int) -> int:
    march = repo.meeting(meeting_id)
    agenda = parse_agenda("Minutes of the last meeting\nAny Other Business\n")
    june = repo.create_meeting(march.committee.id, dt.date(2024, 6, 10), agenda=agenda)
    repo.approve_meeting(meeting_id, june)
    return june


def test_minutes_approved_at_the_next_meeting_say_so_in_both(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    june = approved_at_june(repo, meeting_id)
    march = repo.meeting(meeting_id)
    assert (march.status, march.approved_on) == (MeetingStatus.APPROVED, dt.date(2024, 6, 10))
    details = docx.Document(str(exports.write_minutes(march, tmp_path / "m.docx"))).tables[0]
    assert [c.text for c in details.rows[-1].cells] == [
        "Minutes:",
        "Approved as a true record at the meeting of Monday 10 June 2024",
    ]
    later = exports.write_minutes(repo.meeting(june), tmp_path / "j.docx")
    items = next(t for t in docx.Document(str(later)).tables if t.cell(0, 0).text == "Item No.")
    first_item = items.rows[1].cells[1].text
    assert "The minutes of the meeting held on Monday 11 March 2024 were agreed" in first_item


def test_approval_refusals(repo: Repository, meeting_id: int) -> None:
    march = repo.meeting(meeting_id)
    earlier = repo.create_meeting(march.committee.id, dt.date(2023, 12, 13))
    other = repo.create_meeting(repo.create_committee("Other").id, dt.date(2024, 6, 10))
    with pytest.raises(BadInput, match="only be approved at a later meeting"):
        repo.approve_meeting(meeting_id, earlier)
    with pytest.raises(BadInput, match="same committee"):
        repo.approve_meeting(meeting_id, other)
    with pytest.raises(BadInput, match="later meeting"):
        repo.approve_meeting(meeting_id, meeting_id)
    approved_at_june(repo, meeting_id)
    with pytest.raises(BadInput, match="approved already"):
        repo.approve_meeting(meeting_id, other)
    with pytest.raises(BadInput, match="approved already"):
        repo.circulate_meeting(meeting_id)


async def test_approved_minutes_open_read_only(repo: Repository, meeting_id: int) -> None:
    approved_at_june(repo, meeting_id)
    before = repo.meeting(meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press(*"typed over", "f3")
        await settled(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        said = [n.message for n in app._notifications]
        assert any("approved on 10 June 2024" in m for m in said), said
        await pilot.press("f2", "p")
        await settled(app, pilot)
    assert repo.meeting(meeting_id) == before


def test_approve_on_the_command_line_and_through_a_dump(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert minutebook("new", "Board", "--date", "2024-03-11", db=db).returncode == 0
    assert minutebook("new", "Board", "--date", "2024-06-10", db=db).returncode == 0
    done = minutebook("approve", "2024-03-11", "--at", "2024-06-10", db=db)
    assert done.returncode == 0, done.stderr
    assert "approved as a true record at the meeting of 10 June 2024" in done.stdout
    assert_one_line_error(
        minutebook("approve", "2024-06-10", "--at", "2024-03-11", db=db), "later meeting"
    )
    dumped = tmp_path / "march.json"
    assert minutebook("dump", "2024-03-11", "-o", str(dumped), db=db).returncode == 0
    other = tmp_path / "other.db"
    loaded = minutebook("load", str(dumped), db=other)
    assert loaded.returncode == 0, loaded.stderr
    from storage import open_repository

    again = open_repository(str(other)).meeting(int(loaded.stdout))
    assert (again.status, again.approved_on) == (MeetingStatus.APPROVED, dt.date(2024, 6, 10))
    report = tmp_path / "r.csv"
    report.write_text("Full Name\tUser Action\tTimestamp\nAnn Lee\tJoined\t11/03/2024, 13:00:00\n")
    assert_one_line_error(
        minutebook("teams", "2024-03-11", str(report), "--apply", db=db), "are approved"
    )


async def test_circulated_minutes_say_once_that_changes_are_kept(
    repo: Repository, meeting_id: int
) -> None:
    repo.circulate_meeting(meeting_id)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        said = [n.message for n in app._notifications]
    assert sum("kept in their history" in m for m in said) == 1, said


def test_approve_with_corrections_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("Minutes of the last meeting\nFinance report\n")
    assert (
        minutebook(
            "new", "Board", "--date", "2024-03-11", "--agenda", str(agenda), db=db
        ).returncode
        == 0
    )
    assert minutebook("new", "Board", "--date", "2024-06-10", db=db).returncode == 0
    wrong = minutebook(
        "approve", "2024-03-11", "--at", "2024-06-10", "--item", "2", "--said", "Budget", db=db
    )
    assert_one_line_error(wrong, "--item, --said and --now-says")
    absent = minutebook(
        "approve",
        "2024-03-11",
        "--at",
        "2024-06-10",
        "--item",
        "2",
        "--said",
        "Budget",
        "--now-says",
        "Accounts",
        db=db,
    )
    assert_one_line_error(absent, "does not say 'Budget'")
    done = minutebook(
        "approve",
        "2024-03-11",
        "--at",
        "2024-06-10",
        "--item",
        "2",
        "--said",
        "Finance",
        "--now-says",
        "Finance and audit",
        db=db,
    )
    assert done.returncode == 0, done.stderr
    assert "with 1 correction(s)" in done.stdout
    from storage import open_repository

    repo = open_repository(str(db))
    march = repo.meeting(repo.resolve_meeting("2024-03-11"))
    assert march.items[1].title == "Finance and audit report"
    repo.engine.dispose()


async def test_approved_with_corrections_from_the_later_meeting(
    repo: Repository, meeting_id: int
) -> None:
    from tui.screens.dialogs import ApprovalDialog

    repo.circulate_meeting(meeting_id)
    march = repo.meeting(meeting_id)
    agenda = parse_agenda("Minutes of the last meeting\nAny Other Business\n")
    june = repo.create_meeting(march.committee.id, dt.date(2024, 6, 10), agenda=agenda)
    app = make_app(repo, june)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+p", *"Approve the last", "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, ApprovalDialog)
        await pilot.press("4", "enter", *"Nothing", "enter", *"Something", "enter")
        said = str(app.screen.query_one(".dialog-error").render())
        assert "does not say 'Nothing'" in said  # refused; what was typed stays
        await pilot.press("shift+tab", "ctrl+u", *"CYPS", "enter")
        await pilot.press("ctrl+u", *"CYPS (Ofsted)", "enter", "ctrl+s")
        await settled(app, pilot)
        assert not isinstance(app.screen, ApprovalDialog)
    approved = repo.meeting(meeting_id)
    assert approved.status is MeetingStatus.APPROVED
    assert approved.items[3].title == "CYPS (Ofsted) SEND Inspection"
    assert [c.now_says for c in repo.meeting(june).approvals[0].corrections] == ["CYPS (Ofsted)"]


async def test_no_minutes_awaiting_approval_is_said(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pilot.press("ctrl+p", *"Approve the last", "enter")
        await settled(app, pilot)
        said = [n.message for n in app._notifications]
        assert any("No earlier minutes" in m for m in said), said
    assert repo.meeting(meeting_id).status is MeetingStatus.DRAFT
