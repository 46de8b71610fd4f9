"""The committee's roster: kept in order, carried into each new meeting, read from a CSV."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storage.domain import AttendanceStatus, RosterGroup
from storage.errors import BadInput
from storage.repository import Repository
from storage.roster_file import read_roster
from tests.unit.test_cli import assert_one_line_error, minutebook
from tui.output import format_roster_csv

HEADER = "name,role,organisation,group,voting,initials\n"
ROSTER = (
    HEADER + "Alice Chair,Independent Chair,Safeguarding Partnership,member,yes,AC\n"
    ",Detective Superintendent,Constabulary,member,,\n"
    "Carol Clerk,Business Manager,Safeguarding Partnership,secretariat,no,CC\n"
    "Dan Adviser,Legal Adviser,County Council,officer,,\n"
)


def test_a_new_meeting_expects_the_roster_in_its_order(repo: Repository) -> None:
    board = repo.create_committee("Board")
    repo.merge_roster(board.id, read_roster(ROSTER.encode()))
    entries = repo.roster(board.id)
    dan = entries[3].person
    repo.move_in_roster(board.id, dan.id, -3)  # to the top
    march = repo.create_meeting(board.id, dt.date(2024, 3, 11))
    meeting = repo.meeting(march)
    assert [a.person.role for a in meeting.attendees] == [
        "Legal Adviser",
        "Independent Chair",
        "Detective Superintendent",
        "Business Manager",
    ]
    assert {a.status for a in meeting.attendees} == {AttendanceStatus.EXPECTED}
    # Someone added in March and put on the roster is expected in June.
    guest = repo.add_person("Erin Guest", "Head of Education", "Schools")
    repo.add_attendee(march, guest.id, AttendanceStatus.IN_ATTENDANCE, note="observer")
    repo.add_to_roster(board.id, guest.id, group=RosterGroup.OFFICER)
    repo.remove_from_roster(board.id, entries[1].person.id)  # the superintendent
    june = repo.meeting(repo.create_meeting(board.id, dt.date(2024, 6, 10)))
    assert [a.person.role for a in june.attendees] == [
        "Legal Adviser",
        "Independent Chair",
        "Business Manager",
        "Head of Education",
    ]
    assert repo.meeting(march).attendees[-1].note == "observer"


def test_groups_and_votes_are_read_with_their_defaults(repo: Repository) -> None:
    board = repo.create_committee("Board")
    repo.merge_roster(board.id, read_roster(ROSTER.encode()))
    entries = repo.roster(board.id)
    assert [(e.group, e.voting) for e in entries] == [
        (RosterGroup.MEMBER, True),
        (RosterGroup.MEMBER, True),  # a member votes unless the file says no
        (RosterGroup.SECRETARIAT, False),
        (RosterGroup.OFFICER, False),  # an officer does not unless the file says yes
    ]
    assert entries[0].person.initials == "AC" and entries[1].person.name is None


def test_loading_again_updates_the_same_people_and_adds_the_new(repo: Repository) -> None:
    board = repo.create_committee("Board")
    repo.merge_roster(board.id, read_roster(ROSTER.encode()))
    again = (
        HEADER + "alice  chair,Independent Chair,safeguarding partnership,member,no,ACh\n"
        "Fay New,Designated Nurse,Health,member,yes,\n"
    )
    merged = repo.merge_roster(board.id, read_roster(again.encode()))
    assert (merged.added, merged.updated) == (1, 1)
    entries = repo.roster(board.id)
    assert len(entries) == 5
    assert (entries[0].voting, entries[0].person.initials) == (False, "ACh")
    assert entries[-1].person.name == "Fay New"


def test_the_csv_written_reads_back_to_the_same_roster(repo: Repository) -> None:
    board = repo.create_committee("Board")
    lines = read_roster(ROSTER.encode())
    tricky = lines[0].__class__(line=9, name="=HYPERLINK(1)", role="-", organisation="@Org")
    repo.merge_roster(board.id, [*lines, tricky])
    written = format_roster_csv(repo.roster(board.id))
    assert "'=HYPERLINK" in written  # never a formula in a spreadsheet
    other = repo.create_committee("Other")
    repo.merge_roster(other.id, read_roster(written.encode()))
    assert [(e.person, e.group, e.voting) for e in repo.roster(other.id)] == [
        (e.person, e.group, e.voting) for e in repo.roster(board.id)
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (HEADER.encode(), "no one under it"),
        (b"name,role,organisation,group,voting,initials,email\n", "unknown column 'email'"),
        (b"name,role\nA,B\n", "no 'organisation' column"),
        ((HEADER + "A,B,C,chair,,\n").encode(), "line 2: group 'chair'"),
        ((HEADER + "A,B,C,member,,\nD,E,F,member,maybe,\n").encode(), "line 3: voting 'maybe'"),
        ((HEADER + "A,B,C,member,yes,J.T.\n").encode(), "line 2: initials"),
        ((HEADER + ",,,member,yes,\n").encode(), "line 2: give a name"),
        ((HEADER + "A,B,C,member,yes,,extra\n").encode(), "line 2: 7 values"),
        ((HEADER + "Zoë,B,C,member,,\n").encode("latin-1"), "line 2: the roster is not UTF-8"),
        ((HEADER + '"A,B,C\n').encode(), "line"),
        ((HEADER + "A" * 300 + ",B,C,,,\n").encode(), "line 2: a name of 1 word, 300"),
        ((HEADER + "A," + "B" * 201 + ",C,,,\n").encode(), "line 2: the role is over 200"),
        (b"\x00\x01\x02PK\x03\x04", "binary"),
    ],
)
def test_a_bad_file_is_refused_with_its_line(data: bytes, fragment: str) -> None:
    with pytest.raises(BadInput, match=None) as refused:
        read_roster(data)
    assert fragment in str(refused.value)


def test_utf16_and_a_byte_order_mark_are_read() -> None:
    for data in (ROSTER.encode("utf-16"), ROSTER.encode("utf-8-sig")):
        assert [line.name for line in read_roster(data)][:2] == ["Alice Chair", None]


def test_the_command_lists_loads_and_refuses(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert minutebook("new", "Board", "--date", "2024-03-11", db=db).returncode == 0
    file = tmp_path / "roster.csv"
    file.write_text(ROSTER)
    loaded = minutebook("roster", "Board", "--load", str(file), "--format", "json", db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "4 added, 0 updated" in loaded.stderr
    assert [e["role"] for e in json.loads(loaded.stdout)][:2] == [
        "Independent Chair",
        "Detective Superintendent",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER + "Zed,Head,Police,chair,,\n")
    assert_one_line_error(minutebook("roster", "Board", "--load", str(bad), db=db), "line 6")
    listed = minutebook("roster", "Board", "--format", "csv", db=db)
    assert listed.stdout.count("\n") == 5  # nothing of the refused file was kept
    table = minutebook("roster", "Board", db=db)
    assert "Detective Superintendent" in table.stdout and "4 on the roster" in table.stdout
    assert_one_line_error(minutebook("roster", "Nobody", db=db), "no committee named")
    assert_one_line_error(minutebook("roster", "Board", "--format", "xml", db=db), "--format")


def test_an_older_roster_keeps_its_officers_in_attendance(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from storage import open_repository
    from storage.migrations import alembic_config

    path = tmp_path / "old.db"
    repo = open_repository(str(path))
    board = repo.create_committee("Board")
    chair = repo.add_person("Alice Chair", "Chair", "Partnership")
    adviser = repo.add_person("Dan Adviser", "Legal Adviser", "Council")
    with repo.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
        connection.execute(
            text(
                "INSERT INTO roster_entry (committee_id, person_id, position, in_attendance)"
                " VALUES (:c, :p1, 0, :no), (:c, :p2, 1, :yes)"
            ),
            {"c": board.id, "p1": chair.id, "p2": adviser.id, "no": False, "yes": True},
        )
    repo.engine.dispose()
    upgraded = open_repository(str(path))
    try:
        entries = upgraded.roster(board.id)
        assert [(e.person.role, e.group, e.voting) for e in entries] == [
            ("Chair", RosterGroup.MEMBER, True),
            ("Legal Adviser", RosterGroup.OFFICER, False),
        ]
    finally:
        upgraded.engine.dispose()


def test_a_person_twice_in_a_file_is_refused_where_they_come_again() -> None:
    twice = ROSTER + "ALICE CHAIR,Independent  Chair,Safeguarding Partnership,officer,,\n"
    with pytest.raises(BadInput, match="line 6: the same person as line 2"):
        read_roster(twice.encode())


def test_a_line_is_named_where_its_record_starts() -> None:
    spanning = HEADER + 'Jane,"Chair\n(acting)",Org,member,yes,\nJo,Clerk,Org,member,maybe,\n'
    with pytest.raises(BadInput, match=r"^line 4: voting 'maybe'"):
        read_roster(spanning.encode())
    bad_first = HEADER + 'Jane,"Chair\n(acting)",Org,member,maybe,\n'
    with pytest.raises(BadInput, match=r"^line 2: voting 'maybe'"):
        read_roster(bad_first.encode())


def test_changing_only_initials_or_spacing_keeps_the_person(repo: Repository) -> None:
    board = repo.create_committee("Board")
    jane = repo.add_person("Jane  Smith", "Chair", "Org")
    repo.add_to_roster(board.id, jane.id)
    meeting = repo.create_meeting(board.id, dt.date(2024, 3, 11))  # she has attended
    assert repo.meeting(meeting).attendees[0].person.id == jane.id
    edited = repo.edit_roster_entry(
        board.id,
        jane.id,
        name="Jane Smith",
        role="Chair",
        organisation="Org",
        initials="JS",
        group=RosterGroup.MEMBER,
        voting=True,
    )
    assert edited.person.id == jane.id and edited.person.initials == "JS"
    renamed = repo.edit_roster_entry(
        board.id,
        jane.id,
        name="Jane Smith",
        role="Vice Chair",
        organisation="Org",
        initials="JS",
        group=RosterGroup.MEMBER,
        voting=True,
    )
    assert renamed.person.id != jane.id and renamed.position == 0
    assert repo.meeting(meeting).attendees[0].person.role == "Chair"  # the minutes keep her


def test_a_thousand_lines_merge_in_one_pass(repo: Repository) -> None:
    board = repo.create_committee("Board")
    lines = "".join(f"Person {n},Role {n},Org {n % 7},member,,\n" for n in range(1000))
    first = repo.merge_roster(board.id, read_roster((HEADER + lines).encode()))
    again = repo.merge_roster(board.id, read_roster((HEADER + lines).encode()))
    assert (first.added, again.updated, again.added) == (1000, 1000, 0)
    assert [e.person.name for e in repo.roster(board.id)][998:] == ["Person 998", "Person 999"]
