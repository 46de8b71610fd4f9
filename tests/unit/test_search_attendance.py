"""The attendance register: per organisation and per member, each meeting counted once."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import Repository
from storage.attendance_register import AttendanceTally, attendance_register
from storage.domain import AttendanceStatus, Committee
from tui.output import format_attendance

TODAY = dt.date(2024, 6, 15)


def seed_attendance(repo: Repository) -> Committee:
    """Three meetings held and one to come; a deputy, apologies, an unmarked member."""
    board = repo.create_committee("Safeguarding Partnership Board")
    alice = repo.add_person("Alice Chair", "Independent Chair", "Safeguarding Partnership")
    bob = repo.add_person("Bob Probation", "Head of Service", "Probation")
    dee = repo.add_person(None, "Detective Superintendent", "Constabulary")
    eve = repo.add_person("Eve Deputy", "Senior Probation Officer", "Probation")
    for person in (alice, bob, dee):
        repo.add_to_roster(board.id, person.id)
    days = (dt.date(2024, 1, 8), dt.date(2024, 2, 12), dt.date(2024, 3, 11), dt.date(2099, 1, 1))
    marks: tuple[dict[int, str], ...] = (
        {alice.id: "present", bob.id: "present", dee.id: "apologies"},
        {alice.id: "present", bob.id: "apologies", dee.id: "absent"},
        {alice.id: "present", dee.id: "in attendance"},
        {},
    )
    for day, statuses in zip(days, marks, strict=True):
        meeting_id = repo.create_meeting(board.id, day)
        for attendee in repo.meeting(meeting_id).attendees:
            if attendee.person.id in statuses:
                repo.update_attendance(attendee.id, status=statuses[attendee.person.id])
        if day == days[1]:
            deputy = repo.add_attendee(meeting_id, eve.id, AttendanceStatus.PRESENT)
            repo.update_attendance(deputy.id, deputising_for_id=bob.id)
    return board


@pytest.fixture
def board(repo: Repository) -> Committee:
    return seed_attendance(repo)


def test_members_each_meeting_in_one_column(repo, board):
    register = attendance_register(repo, board, until=TODAY)
    assert register.meeting_dates == (
        dt.date(2024, 1, 8),
        dt.date(2024, 2, 12),
        dt.date(2024, 3, 11),
    )
    assert register.members == (
        AttendanceTally("Detective Superintendent (Constabulary)", 1, 0, 1, 1),
        AttendanceTally("Bob Probation, Head of Service (Probation)", 1, 1, 0, 1),
        AttendanceTally("Alice Chair, Independent Chair (Safeguarding Partnership)", 3, 0, 0, 0),
    )
    assert all(tally.meetings == 3 for tally in register.members)


def test_an_organisation_attends_when_anyone_from_it_does(repo, board):
    register = attendance_register(repo, board, until=TODAY)
    assert register.organisations == (
        AttendanceTally("Constabulary", attended=1, apologies=1, missed=1),
        AttendanceTally("Probation", attended=2, missed=1),
        AttendanceTally("Safeguarding Partnership", attended=3),
    )


def test_since_counts_only_later_meetings(repo, board):
    register = attendance_register(repo, board, since=dt.date(2024, 2, 1), until=TODAY)
    assert len(register.meeting_dates) == 2
    assert register.organisations[1] == AttendanceTally("Probation", attended=1, missed=1)


def test_register_text_fits_80_columns(repo, board):
    text = format_attendance(attendance_register(repo, board, until=TODAY), width=80)
    assert text.startswith("Safeguarding Partnership Board: 3 meetings, 2024-01-08 to 2024-03-11")
    assert all(len(line) <= 80 for line in text.splitlines())


def test_register_wraps_a_long_name_and_prints_it_as_typed(repo, board):
    chair = repo.add_person(
        "[bold]Alexandra[/bold] Worthington-Smythe",
        "Independent Chair",
        "Safeguarding Children Partnership and Multi-Agency Arrangements \x1b[2J",
    )
    repo.add_to_roster(board.id, chair.id)
    repo.create_meeting(board.id, dt.date(2024, 5, 1))
    text = format_attendance(attendance_register(repo, board, until=TODAY), width=80)
    words = {word for line in text.splitlines() for word in line.split()}
    assert all(len(line) <= 80 for line in text.splitlines())
    assert {"[bold]Alexandra[/bold]", "Worthington-Smythe,", "Multi-Agency", "[2J"} <= words
    assert "\x1b" not in text


def test_a_committee_with_no_meetings_held(repo):
    quiet = repo.create_committee("Quiet Panel")
    text = format_attendance(attendance_register(repo, quiet, until=TODAY))
    assert text == "Quiet Panel: no meetings held in this period\n"
