"""Teams attendance reports: read in every shape Teams writes, matched to people, planned."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.domain import (
    AttendanceStatus,
    Attendee,
    Committee,
    Item,
    Meeting,
    Person,
    RosterEntry,
    RosterGroup,
    labelled,
)
from storage.errors import BadInput
from storage.teams import (
    ON_TIME_MARGIN,
    MatchKind,
    Participant,
    Presence,
    TeamsPlan,
    TeamsReport,
    match_participant,
    name_key,
    parse_duration,
    plan_attendance,
    read_report,
)

DATA = Path(__file__).parent.parent / "data" / "teams"
FILES = sorted(path.name for path in DATA.glob("*.csv"))
UTC = dt.UTC


def read(name: str) -> TeamsReport:
    return read_report((DATA / name).read_bytes())


def tabbed(*lines: tuple[str, ...] | str) -> str:
    return "\r\n".join(line if isinstance(line, str) else "\t".join(line) for line in lines)


def utf16(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day} {time}")


def small_report(
    *participants: tuple[str, ...],
    start: str = "15/11/2024, 09:30:00",
    end: str = "15/11/2024, 11:45:00",
) -> bytes:
    """A current report with the given participant rows (name, first join, last leave, email)."""
    return tabbed(
        "1. Summary",
        ("Meeting title", "Board"),
        ("Start time", start),
        ("End time", end),
        "",
        "2. Participants",
        ("Name", "First Join", "Last Leave", "Email"),
        *participants,
    ).encode()


def by_name(report: TeamsReport) -> dict[str, Participant]:
    return {p.name: p for p in report.participants}


# Reading


def test_the_current_report_in_utf16_with_uk_dates_merges_rejoins() -> None:
    data = (DATA / "board_uk_utf16.csv").read_bytes()
    assert data.startswith(b"\xff\xfe") and data[2:4] == b"1\x00"
    report = read_report(data)
    assert report.title == "Community Safety Partnership Board"
    assert (report.start, report.end) == (
        at("2024-11-15", "09:28:14"),
        at("2024-11-15", "11:45:02"),
    )
    people = by_name(report)
    assert len(people) == 7
    mark = people["DCI Mark O'Neill"]
    assert mark.presences == (
        Presence(at("2024-11-15", "09:30:05"), at("2024-11-15", "09:50:40")),
        Presence(at("2024-11-15", "09:56:13"), at("2024-11-15", "10:41:12")),
    )
    assert (mark.first_join, mark.last_leave) == (
        at("2024-11-15", "09:30:05"),
        at("2024-11-15", "10:41:12"),
    )
    assert (mark.email, mark.role, mark.key) == (
        "mark.oneill@police.example.uk",
        "Attendee",
        "mark oneill",
    )
    assert people["Bob Jones (Guest)"].emails == ()
    assert people["Priya Sharma (Unverified)"].key == "priya sharma"
    assert people["Smith, Jane (External)"].key == "jane smith"


def test_the_current_report_in_utf8_with_us_dates_and_columns_in_another_order() -> None:
    data = (DATA / "panel_us_utf8_bom.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf1. SUMMARY")
    report = read_report(data)
    assert report.title == "Budget Scrutiny Panel"
    # 11/5 with AM and PM is 5 November; 12:03:40 PM is just after noon.
    assert (report.start, report.end) == (
        at("2024-11-05", "09:58:12"),
        at("2024-11-05", "12:03:40"),
    )
    people = by_name(report)
    assert people["Cllr. Jon Smith"].presences == (
        Presence(at("2024-11-05", "10:31:40"), at("2024-11-05", "11:20:00")),
    )
    assert people["Renée Dubois"].email == "rdubois@city.example.gov"  # from the UPN column
    assert people["Carla Mendes"].emails == ("carla.mendes@city.example.gov",)  # once


def test_an_older_report_without_byte_order_mark_or_numbered_sections() -> None:
    data = (DATA / "older_variant_utf8.csv").read_bytes()
    assert data.startswith(b"meeting summary\n")
    report = read_report(data)
    assert report.title == "Licensing Sub-Committee"
    assert report.start == at("2024-10-03", "14:00:03")  # 03/10 is day first
    ann = by_name(report)["Ann Lee"]
    assert ann.presences == (
        Presence(at("2024-10-03", "14:00:03"), at("2024-10-03", "14:40:00")),
        Presence(at("2024-10-03", "14:45:10"), at("2024-10-03", "15:31:44")),
    )
    assert by_name(report)["Ch Supt Gail Ward"].key == "gail ward"


def test_the_older_list_of_joins_and_leaves_is_paired_in_time_order() -> None:
    data = (DATA / "joins_and_leaves_utf16.csv").read_bytes()
    assert data.startswith(b"\xff\xfeF\x00u\x00")
    report = read_report(data)
    day = "2020-03-16"
    assert (report.title, report.start, report.end) == (
        "",
        at(day, "10:00:12"),
        at(day, "11:30:05"),
    )
    people = by_name(report)
    assert people["Jane Smith"].presences == (Presence(at(day, "10:00:12"), at(day, "11:15:00")),)
    assert people["Tom Hill"].presences == (
        Presence(at(day, "10:01:30"), at(day, "10:20:00")),
        Presence(at(day, "10:24:10"), at(day, "11:30:05")),
    )
    # never left: there until the list's last time
    assert people["Amir Khan"].presences == (Presence(at(day, "10:40:00"), at(day, "11:30:05")),)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("05/11/2024, 09:30:00", "05/11/2024, 11:00:00", "2024-11-05"),  # day first by default
        ("11/15/2024, 09:30:00", "11/15/2024, 11:00:00", "2024-11-15"),  # 15 cannot be a month
        ("11/5/2024, 9:30:00 AM", "11/5/2024, 1:00:00 PM", "2024-11-05"),  # AM/PM: month first
        ("15/11/2024, 9:30:00 AM", "15/11/2024, 1:00:00 PM", "2024-11-15"),  # ...unless impossible
        ("2024-11-15 09:30:00", "2024-11-15T11:00:00", "2024-11-15"),
        ("15.11.2024 09:30", "15.11.2024 11:00", "2024-11-15"),
    ],
)
def test_day_or_month_first_is_decided_for_the_whole_file(
    first: str, second: str, expected: str
) -> None:
    report = read_report(small_report(("Ann Lee", first, second), start=first, end=second))
    assert report.start is not None and report.start.date().isoformat() == expected
    assert report.participants[0].presences[0].joined == report.start


def test_utf8_without_mark_and_utf16_read_alike() -> None:
    text = small_report(("Ann Lee", "15/11/2024, 09:31:00", "15/11/2024, 11:40:00")).decode()
    reports = {
        read_report(data) for data in (text.encode(), utf16(text), b"\xef\xbb\xbf" + text.encode())
    }
    assert len(reports) == 1


@pytest.mark.parametrize(
    ("summary", "participants", "activities"),
    [
        ("1. summary", "2. participants", "3. in-meeting activities"),
        ("1. SUMMARY", "2. PARTICIPANTS", "3. IN-MEETING ACTIVITIES"),
        ("1) Summary", "2)  Participants", "3) In-Meeting  Activities"),
    ],
)
def test_section_headings_in_any_case(summary: str, participants: str, activities: str) -> None:
    text = tabbed(
        summary,
        ("Start time", "15/11/2024, 09:30:00"),
        "",
        participants,
        ("NAME", "first join", "LAST LEAVE", "Unknown column"),
        ("Ann Lee", "15/11/2024, 09:31:00", "15/11/2024, 11:40:00", "x"),
        "",
        activities,
        ("Name", "Join Time", "Leave Time"),
        ("Ann Lee", "15/11/2024, 09:31:00", "15/11/2024, 10:00:00"),
        ("Ann Lee", "15/11/2024, 10:05:00", "15/11/2024, 11:40:00"),
    )
    (ann,) = read_report(utf16(text)).participants
    assert [p.joined.strftime("%H:%M") for p in ann.presences] == ["09:31", "10:05"]


def test_the_same_name_with_two_addresses_is_two_people() -> None:
    report = read_report(
        small_report(
            ("John Smith", "15/11/2024, 09:31:00", "15/11/2024, 10:00:00", "john@police.example"),
            ("John Smith", "15/11/2024, 09:32:00", "15/11/2024, 10:00:00", "john@fire.example"),
            ("JOHN SMITH", "15/11/2024, 10:10:00", "15/11/2024, 11:00:00", "John@Police.example"),
        )
    )
    assert [(p.email, len(p.presences)) for p in report.participants] == [
        ("john@police.example", 2),
        ("john@fire.example", 1),
    ]


def test_a_duration_stands_in_for_a_missing_leave() -> None:
    report = read_report(
        tabbed(
            "2. Participants",
            ("Name", "Join Time", "Duration"),
            ("Ann Lee", "15/11/2024, 09:31:00", "1h 7s"),
            ("Bob Roe", "15/11/2024, 09:31:00", "about an hour"),
        ).encode()
    )
    ann, bob = report.participants
    assert ann.last_leave == at("2024-11-15", "10:31:07")
    assert bob.presences == (Presence(at("2024-11-15", "09:31:00")),) and bob.last_leave is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h 14m 15s", dt.timedelta(hours=2, minutes=14, seconds=15)),
        ("1h 7s", dt.timedelta(hours=1, seconds=7)),
        ("10m 59s", dt.timedelta(minutes=10, seconds=59)),
        ("45s", dt.timedelta(seconds=45)),
        ("2h14m15s", dt.timedelta(hours=2, minutes=14, seconds=15)),
        ("01:02:03", dt.timedelta(hours=1, minutes=2, seconds=3)),
        ("", None),
        ("soon", None),
        ("9999h", None),
    ],
)
def test_durations(text: str, expected: dt.timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Hale, Andrew (Cllr)", "andrew hale"),
        ("Cllr Andrew Hale", "andrew hale"),
        ("SMITH, Jane", "jane smith"),
        ("Smith, Jane (External)", "jane smith"),
        ("Priya Sharma (Unverified)", "priya sharma"),
        ("  Bob   Jones (Guest) ", "bob jones"),
        ("DCI Mark O'Neill", "mark oneill"),
        ("Ch Supt Gail Ward", "gail ward"),
        ("Prof. Dame Sally Davies", "sally davies"),
        ("Dr. J. Smith", "j smith"),
        ("Renée Dubois", "renee dubois"),
        ("Mary-Jane Watson [Guest", "mary jane watson"),
        ("Dr", "dr"),
        ("(External)", ""),
    ],
)
def test_names_compared_without_titles_brackets_or_turned_round(name: str, key: str) -> None:
    assert name_key(name) == key


def one_line_bad_input(data: bytes) -> str:
    with pytest.raises(BadInput) as raised:
        read_report(data)
    message = str(raised.value)
    assert "\n" not in message and "the Teams report" in message
    return message


GOOD_ROW = ("Ann Lee", "15/11/2024, 09:31:00", "15/11/2024, 11:40:00")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the Teams report is empty"),
        (b" \r\n\t\r\n", "the Teams report is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1: the Teams report is not UTF-8"),
        (b"\x00\x01\x02\x03binary", "not text: binary data"),
        ("2. Participants\r\n".encode("utf-16-le"), "UTF-16 without its byte-order mark"),
        (b"\xff\xfe2\x00.\x00 ", "starts as UTF-16 text but is not UTF-16"),
        (
            "1. Summary\nMeeting title\tRenée\n".encode("cp1252"),
            "line 2: the Teams report is not UTF-8",
        ),
        (b"name,role,organisation\nAnn Lee,Chair,Council\n", "is not a Teams attendance report"),
        (
            tabbed("1. Summary", ("Meeting title", "Board")).encode(),
            "has no participants section",
        ),
        (
            tabbed("2. Participants", ("Email", "First Join"), ("a@b.c", GOOD_ROW[1])).encode(),
            "line 2: the participants have no 'Name' column (the first line under the heading "
            "is 'Email | First Join')",
        ),
        (tabbed("2. Participants", ("Name", "First Join")).encode(), "lists no participants"),
        (
            small_report(("Ann Lee", "15/11/2024", GOOD_ROW[2])),
            "line 8: 'First Join' is '15/11/2024', not a date and time",
        ),
        (
            small_report(("Ann Lee", "15/11/2024, 09:31:00", "soon")),
            "line 8: 'Last Leave' is 'soon', not a date and time",
        ),
        (
            small_report(GOOD_ROW, ("Bob Roe", "11/15/2024, 09:31:00", GOOD_ROW[2])),
            "line 9: 'First Join' is '11/15/2024, 09:31:00', which cannot be read day first",
        ),
        (
            small_report(("Ann Lee", "15/11/2024, 11:31:00", "15/11/2024, 09:40:00")),
            "line 8: 'Ann Lee' leaves at 09:40:00, before joining at 11:31:00",
        ),
        (
            small_report(("Ann Lee", "15/11/2024, 13:31:00 PM", GOOD_ROW[2])),
            "not a date and time",
        ),
        (
            small_report(GOOD_ROW, start="15/11/1492, 09:30:00"),
            "line 3: 'Start time' is '15/11/1492, 09:30:00', not a date and time",
        ),
        (small_report(("Ann Lee", "x" * 200_000)), "line 8: field larger than field limit"),
    ],
)
def test_every_bad_shape_is_refused_with_one_line(data: bytes, expected: str) -> None:
    assert expected in one_line_bad_input(data)


def test_an_impossible_date_names_its_line() -> None:
    text = tabbed(
        "1. Summary",
        ("Meeting title", "Board"),
        ("Start time", "15/11/2024, 09:30:00"),
        ("End time", "15/11/2024, 11:45:00"),
        "",
        "2. Participants",
        ("Name", "First Join", "Last Leave"),
        GOOD_ROW,
        ("Bob Roe", "32/13/2024, 25:00:00", GOOD_ROW[2]),
    )
    assert one_line_bad_input(utf16(text)) == (
        "the Teams report, line 9: 'First Join' is '32/13/2024, 25:00:00', not a date and time"
    )


# Matching


def participant(name: str, *emails: str) -> Participant:
    return Participant(name, emails=emails)


JANE = Person(1, "Jane Smith", "Head of Service", "Probation")
JOHN = Person(2, "John Smith", "Superintendent", "Police")
HALE = Person(3, "Cllr Andrew Hale", "Chair", "Council", email="andrew.hale@safer.gov.uk")
DIRECTOR = Person(4, None, "Director of Public Health", "Health", email="dph@health.example.org")
PEOPLE = (JANE, JOHN, HALE, DIRECTOR)


def test_email_beats_the_name() -> None:
    someone = participant("Jane Smith", "Andrew.Hale@safer.gov.uk")
    match = match_participant(someone, PEOPLE)
    assert (match.kind, match.people, match.score) == (MatchKind.EMAIL, (HALE,), 100.0)


def test_the_upn_counts_as_an_email() -> None:
    renee = by_name(read("panel_us_utf8_bom.csv"))["Renée Dubois"]
    known = Person(9, "R. Dubois", email="RDubois@city.example.gov")
    assert match_participant(renee, [known]).kind is MatchKind.EMAIL


def test_names_match_once_normalised() -> None:
    for name in ("Hale, Andrew (Cllr)", "andrew hale", "Andrew Hale (External)"):
        match = match_participant(participant(name), PEOPLE)
        assert (match.kind, match.people, match.score) == (MatchKind.NAME, (HALE,), 100.0)
    renee = match_participant(participant("Renée Dubois"), [Person(9, "Renee Dubois")])
    assert renee.kind is MatchKind.NAME


def test_a_close_name_is_a_fuzzy_match_with_its_score() -> None:
    match = match_participant(participant("Cllr. Jon Smith"), PEOPLE)
    assert (match.kind, match.people) == (MatchKind.FUZZY, (JOHN,))
    assert 85 <= match.score < 100


@pytest.mark.parametrize(
    ("name", "people", "kind"),
    [
        ("Jane Smith", (JANE, Person(7, "SMITH, Jane")), MatchKind.AMBIGUOUS),  # two exact
        ("J Smith", PEOPLE, MatchKind.AMBIGUOUS),  # an initial fits both
        ("Jon Smith", (JOHN, Person(8, "Joan Smith")), MatchKind.AMBIGUOUS),  # both close
        ("J Smith", (JANE, HALE), MatchKind.FUZZY),  # an initial that fits one person
        ("Bob Jones", PEOPLE, MatchKind.NONE),
        ("Jane Smith", (JOHN,), MatchKind.NONE),  # another first name is not close enough
        ("(External)", PEOPLE, MatchKind.NONE),
    ],
)
def test_ambiguous_matches_are_never_guessed(
    name: str, people: tuple[Person, ...], kind: MatchKind
) -> None:
    match = match_participant(participant(name), people)
    assert match.kind is kind
    if kind is MatchKind.AMBIGUOUS:
        assert len(match.people) == 2
    if kind is MatchKind.NONE:
        assert match.people == ()


def test_people_with_no_name_match_by_email_only() -> None:
    by_email = match_participant(participant("DPH office", "dph@health.example.org"), PEOPLE)
    assert (by_email.kind, by_email.people) == (MatchKind.EMAIL, (DIRECTOR,))
    for name in ("Director of Public Health", "Health", "None"):
        assert match_participant(participant(name), [DIRECTOR]).kind is MatchKind.NONE


def test_the_same_person_twice_is_not_ambiguous() -> None:
    match = match_participant(participant("Jane Smith"), [JANE, JANE, JOHN])
    assert (match.kind, match.people) == (MatchKind.NAME, (JANE,))


# Planning

BOARD_DAY = dt.date(2024, 11, 15)


def utc(time: str) -> dt.datetime:
    return dt.datetime.combine(BOARD_DAY, dt.time.fromisoformat(time), UTC)


ITEMS = (
    Item(11, 1, "Welcome", number="1", started_at=utc("09:30"), ended_at=utc("09:40")),
    Item(12, 1, "Minutes", number="2", started_at=utc("09:40"), ended_at=utc("09:50")),
    Item(13, 1, "Probation update", number="3", started_at=utc("09:50"), ended_at=utc("10:30")),
    Item(14, 1, "Policing", number="4", started_at=utc("10:30"), ended_at=utc("11:00")),
    Item(15, 1, "Any other business", started_at=utc("11:00")),  # still under way
)
AOIFE = Person(20, "Dr Aoife Byrne", "Director", "Health", email="aoife.byrne@health.example.org")
MARK = Person(21, "Mark O'Neil", "Detective Chief Inspector", "Police")
PRIYA = Person(22, "Priya Sharma", "Policy Officer")
SAM = Person(23, "Sam Patel", "Head of Housing", "Council")
LEE = Person(24, "Lee Wong", "Fire Officer", "Fire")
ROSTER = (
    RosterEntry(HALE),
    RosterEntry(JANE, RosterGroup.OFFICER, voting=False),
    RosterEntry(MARK),
    RosterEntry(AOIFE),
    RosterEntry(SAM),
)
ATTENDEES = (
    Attendee(101, HALE, AttendanceStatus.EXPECTED),
    Attendee(102, JANE, AttendanceStatus.APOLOGIES),
    Attendee(103, AOIFE, AttendanceStatus.PRESENT),
    Attendee(104, PRIYA, AttendanceStatus.IN_ATTENDANCE),
    Attendee(105, SAM, AttendanceStatus.EXPECTED),
    Attendee(106, LEE, AttendanceStatus.APOLOGIES),
)
MEETING = Meeting(
    1,
    Committee(1, "Community Safety Partnership Board"),
    BOARD_DAY,
    start_time="09:30",
    end_time="11:45",
    attendees=ATTENDEES,
    items=ITEMS,
)


def board_plan(meeting: Meeting = MEETING, tz: dt.tzinfo = UTC) -> TeamsPlan:
    return plan_attendance(read("board_uk_utf16.csv"), meeting, ROSTER, tz=tz)


def test_the_plan_marks_each_matched_person_once() -> None:
    plan = board_plan()
    marks = {mark.person.id: mark for mark in plan.marks}
    assert set(marks) == {HALE.id, JANE.id, MARK.id, AOIFE.id, PRIYA.id}

    hale = marks[HALE.id]
    assert (hale.attendee_id, hale.status, hale.matches[0].kind) == (
        101,
        AttendanceStatus.PRESENT,
        MatchKind.EMAIL,
    )
    assert (hale.arrived_at, hale.left_at, hale.unchanged, hale.email_is_new) == (
        None,
        None,
        False,
        False,
    )

    jane = marks[JANE.id]  # sent apologies, joined 22 minutes late, as an officer
    assert (jane.attendee_id, jane.status) == (102, AttendanceStatus.IN_ATTENDANCE)
    assert (jane.arrived_at, jane.arrived_item_id) == (utc("09:52:31"), 13)
    assert (jane.left_at, jane.left_item_id) == (None, None)
    assert (jane.email, jane.email_is_new) == ("jane.smith@probation.example.org", True)

    mark = marks[MARK.id]  # on the roster, not yet in the attendance; left early
    assert (mark.attendee_id, mark.status) == (None, AttendanceStatus.PRESENT)
    assert (mark.matches[0].kind, mark.arrived_at) == (MatchKind.FUZZY, None)
    assert (mark.left_at, mark.left_item_id) == (utc("10:41:12"), 14)

    assert marks[AOIFE.id].unchanged
    assert marks[PRIYA.id].status is AttendanceStatus.IN_ATTENDANCE  # kept as it was

    assert [p.name for p in plan.unmatched] == ["Clerk, Committee", "Bob Jones (Guest)"]
    assert plan.not_joined == (ATTENDEES[4],)  # Sam was expected; Lee sent apologies
    assert (plan.ambiguous, plan.warnings) == ((), ())


def test_the_plan_described_for_the_clerk() -> None:
    assert board_plan().describe() == [
        "Cllr Andrew Hale, Chair (Council): present",
        "Jane Smith, Head of Service (Probation): in attendance, joined 09:52 during item 3",
        "Mark O'Neil, Detective Chief Inspector (Police): present, added to the attendance, "
        'left 10:41 during item 4 (fuzzy match 95 for "DCI Mark O\'Neill")',
        "Priya Sharma, Policy Officer: in attendance, no change",
        "Dr Aoife Byrne, Director (Health): present, no change",
        "Not matched: Clerk, Committee, 09:28-11:45",
        "Not matched: Bob Jones (Guest), 09:33-11:40",
        "On the attendance and not in the report: Sam Patel, Head of Housing (Council)",
    ]


def applied(plan: TeamsPlan) -> Meeting:
    """The meeting as a caller would leave it after applying the plan."""
    meeting = plan.meeting
    for number, mark in enumerate(plan.marks):
        attendee = Attendee(
            mark.attendee_id or 900 + number,
            mark.person,
            mark.status,
            arrived_at=mark.arrived_at,
            arrived_item_id=mark.arrived_item_id,
            left_at=mark.left_at,
            left_item_id=mark.left_item_id,
        )
        meeting = meeting.with_attendee(attendee)
    return meeting


def test_a_plan_applied_then_planned_again_changes_nothing() -> None:
    again = board_plan(applied(board_plan()))
    assert again.marks and all(mark.unchanged for mark in again.marks)
    lines = again.describe()[: len(again.marks)]
    assert all(line.split(" (fuzzy")[0].endswith(", no change") for line in lines)
    jane = "Jane Smith, Head of Service (Probation): in attendance, joined 09:52 during item 3"
    assert f"{jane}, no change" in lines


def test_stamps_use_the_zone_of_the_report() -> None:
    """An hour ahead of UTC, 09:52 on the organiser's clock is 08:52 UTC."""
    hour = dt.timedelta(hours=1)
    items = tuple(
        replace(
            i,
            started_at=i.started_at and i.started_at - hour,
            ended_at=i.ended_at and i.ended_at - hour,
        )
        for i in ITEMS
    )
    plan = board_plan(replace(MEETING, items=items), dt.timezone(hour))
    jane = next(mark for mark in plan.marks if mark.person == JANE)
    assert (jane.arrived_at, jane.arrived_item_id) == (utc("08:52:31"), 13)
    assert jane.arrived_at is not None and jane.arrived_at.utcoffset() == dt.timedelta(0)


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the zone is set through TZ")
def test_by_default_the_report_is_in_this_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "EET-2")  # two hours ahead of UTC, all year
    time.tzset()
    try:
        plan = plan_attendance(read("board_uk_utf16.csv"), MEETING, ROSTER)
    finally:
        monkeypatch.undo()
        time.tzset()
    jane = next(mark for mark in plan.marks if mark.person == JANE)
    assert jane.arrived_at == utc("07:52:31")


@pytest.mark.parametrize(
    ("joined", "left", "stamped"),
    [
        ("09:35:00", "11:40:00", (False, False)),  # exactly the margin: on time
        ("09:35:01", "11:39:59", (True, True)),  # just beyond it
        ("09:20:00", "11:59:00", (False, False)),  # early and late stay unstamped
    ],
)
def test_arrival_and_leaving_are_stamped_only_beyond_the_margin(
    joined: str, left: str, stamped: tuple[bool, bool]
) -> None:
    assert dt.timedelta(minutes=5) == ON_TIME_MARGIN
    report = read_report(
        small_report(("Jane Smith", f"15/11/2024, {joined}", f"15/11/2024, {left}"))
    )
    (mark,) = plan_attendance(report, MEETING, ROSTER, tz=UTC).marks
    assert (mark.arrived_at is not None, mark.left_at is not None) == stamped
    if stamped[0]:
        assert mark.arrived_item_id == 11 and mark.left_item_id == 15


def test_without_meeting_times_the_reports_own_are_used() -> None:
    report = read_report(
        small_report(
            ("Jane Smith", "15/11/2024, 09:40:00", "15/11/2024, 11:45:00"),
            start="15/11/2024, 09:30:00",
        )
    )
    untimed = replace(MEETING, start_time="", end_time="")
    (mark,) = plan_attendance(report, untimed, ROSTER, tz=UTC).marks
    assert mark.arrived_at == utc("09:40") and mark.left_at is None
    assert mark.arrived_item_id == 12


def test_a_report_of_another_day_is_flagged() -> None:
    plan = board_plan(replace(MEETING, date=dt.date(2024, 11, 14)))
    assert plan.warnings == (
        "The report is of a meeting on 15 November 2024; this meeting is on 14 November 2024",
    )
    assert plan.describe()[0] == plan.warnings[0]


def test_ambiguous_participants_are_left_to_the_clerk() -> None:
    report = read_report(small_report(("J Smith", "15/11/2024, 09:31:00", "15/11/2024, 11:40:00")))
    meeting = replace(MEETING, attendees=(Attendee(1, JANE, AttendanceStatus.EXPECTED),))
    plan = plan_attendance(report, meeting, [RosterEntry(JOHN)], tz=UTC)
    assert plan.marks == () and plan.not_joined == ()
    assert [m.people for m in plan.ambiguous] == [(JANE, JOHN)]
    assert plan.describe() == [
        "Ambiguous: 'J Smith' could be Jane Smith, Head of Service (Probation) "
        "or John Smith, Superintendent (Police)"
    ]


def test_two_participants_who_are_one_person_make_one_mark() -> None:
    report = read_report(
        small_report(
            ("Jane Smith", "15/11/2024, 09:50:00", "15/11/2024, 10:40:00", "js@probation.example"),
            (
                "Smith, Jane (Mobile)",
                "15/11/2024, 10:45:00",
                "15/11/2024, 11:10:00",
                "js@home.example",
            ),
        )
    )
    assert len(report.participants) == 2
    (mark,) = plan_attendance(report, MEETING, ROSTER, tz=UTC).marks
    assert len(mark.matches) == 2 and mark.email == "js@probation.example"
    assert (mark.arrived_at, mark.left_at) == (utc("09:50"), utc("11:10"))


# Any bytes at all


def read_or_refuse(data: bytes) -> None:
    """Only a report or a one-line `BadInput`; a report read is always plannable."""
    try:
        report = read_report(data)
    except BadInput as error:
        assert "\n" not in str(error) and "the Teams report" in str(error)
        return
    plan_attendance(report, MEETING, ROSTER, tz=UTC).describe()
    plan_attendance(report, replace(MEETING, start_time="", end_time=""), ROSTER).describe()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


TEXTS = [
    (DATA / name).read_bytes().decode("utf-16" if "utf16" in name else "utf-8-sig")
    for name in FILES
]
PIECES = st.one_of(
    st.text(alphabet='\t\r\n,/:.- 0123456789APMaphms"()@#', max_size=12),
    st.text(max_size=6),
    st.sampled_from(["Name", "First Join", "2. Participants", "Joined", "Left", "12:00:00 PM"]),
)


@st.composite
def mutated_reports(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 40))
        operation = draw(st.sampled_from(["delete", "insert", "replace", "lines"]))
        if operation == "delete":
            text = text[:where] + text[where + length :]
        elif operation == "insert":
            text = text[:where] + draw(PIECES) + text[where:]
        elif operation == "replace":
            text = text[:where] + draw(PIECES) + text[where + length :]
        else:
            lines = text.split("\n")
            lines = draw(st.permutations(lines)) if len(lines) < 3 else lines
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_reports())
def test_mutated_reports_are_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


def test_a_stamp_the_clerk_made_is_kept_where_the_report_shows_none() -> None:
    stamped = Attendee(
        101, HALE, AttendanceStatus.PRESENT, arrived_at=utc("10:00"), arrived_item_id=13
    )
    meeting = MEETING.with_attendee(stamped)
    hale = next(mark for mark in board_plan(meeting).marks if mark.person.id == HALE.id)
    assert (hale.arrived_at, hale.arrived_item_id, hale.kept) == (utc("10:00"), 13, ("arrival",))
    assert hale.unchanged
    line = next(line for line in board_plan(meeting).describe() if line.startswith("Cllr"))
    assert line == "Cllr Andrew Hale, Chair (Council): present, arrival as stamped kept, no change"


def test_a_choice_is_for_one_participant_not_everyone_of_that_name() -> None:
    report = read_report(
        tabbed(
            "2. Participants",
            ("Name", "First Join", "Last Leave", "Email"),
            ("Sam Lee", "15/11/2024, 09:30:00", "15/11/2024, 11:45:00", "sam.lee@police.example"),
            ("Sam Lee", "15/11/2024, 09:31:00", "15/11/2024, 11:45:00", "sam.lee@nhs.example"),
        ).encode()
    )
    first, second = report.participants
    plan = plan_attendance(report, MEETING, ROSTER, tz=UTC, chosen={second: SAM.id})
    assert [(m.person.id, m.matches[0].participant) for m in plan.marks] == [(SAM.id, second)]
    assert plan.unmatched == (first,)


def test_a_guest_named_by_address_alone_is_matched_by_it() -> None:
    report = read_report(
        tabbed(
            "2. Participants",
            ("Name", "First Join", "Last Leave", "Email"),
            ("aoife.byrne@health.example.org", "15/11/2024, 09:30:00", "15/11/2024, 11:45:00", ""),
        ).encode()
    )
    (mark,) = plan_attendance(report, MEETING, ROSTER, tz=UTC).marks
    assert (mark.person.id, mark.matches[0].kind) == (AOIFE.id, MatchKind.EMAIL)


def test_people_who_share_a_label_can_each_be_chosen() -> None:
    twins = [Person(1, "Sam Lee"), Person(2, "Sam Lee"), Person(1, "Sam Lee"), Person(3, "Ann")]
    assert {label: p.id for label, p in labelled(twins).items()} == {
        "Sam Lee": 1,
        "Sam Lee (2)": 2,
        "Ann": 3,
    }
