"""The Word minutes in each house style, read back with python-docx: the title, header and
footer, the attendance groups, columns and layout, and times in the style's format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import exports
from storage import Repository
from storage.domain import AttendanceStatus, HouseStyle, NamesPolicy, RosterGroup
from storage.style import PRESETS

BOARD = "Safeguarding Partnership Board"


def full_attendance(repo: Repository, meeting_id: int) -> int:
    """People in every group: members present, an officer in attendance, the secretariat,
    apologies, an absent member, a deputy (not on the roster) who joined late, and a member
    (with no name) who left early. Returns the committee's id."""
    meeting = repo.meeting(meeting_id)
    committee_id = meeting.committee.id
    by_role = {a.person.role: a for a in meeting.attendees}
    status = AttendanceStatus
    for name, role, organisation, group, attends in (
        ("Olive Officer", "Director of Public Health", "County Council", RosterGroup.OFFICER,
         status.IN_ATTENDANCE),
        ("Sam Clerk", "Board Clerk", "Business Unit", RosterGroup.SECRETARIAT, status.PRESENT),
        ("Andy Absent", "Head of Education", "Schools", RosterGroup.MEMBER, status.ABSENT),
    ):  # fmt: skip
        person = repo.add_person(name, role, organisation)
        repo.add_to_roster(committee_id, person.id, group=group)
        repo.add_attendee(meeting_id, person.id, attends)
    repo.update_attendance(by_role["Independent Chair"].id, status=status.PRESENT)
    repo.update_attendance(by_role["Head of Service"].id, status=status.APOLOGIES)
    police = by_role["Detective Superintendent"]
    repo.update_attendance(police.id, status=status.PRESENT)
    carol = repo.add_person("Carol Deputy", "Deputy Head of Service", "Probation")
    deputy = repo.add_attendee(meeting_id, carol.id, status.PRESENT)
    repo.update_attendance(deputy.id, deputising_for_id=by_role["Head of Service"].person.id)
    items = meeting.items
    repo.mark_arrived(deputy.id, dt.datetime(2024, 3, 11, 13, 40).astimezone(), items[3].id)
    repo.mark_left(police.id, dt.datetime(2024, 3, 11, 14, 30).astimezone(), items[6].id)
    return committee_id


def export(repo: Repository, meeting_id: int, path: Path, *, public: bool = False):
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id) if public else None
    return docx.Document(str(exports.write_minutes(meeting, path, public=rules)))


def body_texts(document) -> list[str]:
    """Every paragraph of the body and of its tables' cells, in order."""
    return [p.text for p in document.element.body.iter(qn("w:p")) if p.xpath("string(.)")]


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 2"]


def header_lines(document) -> list[str]:
    return [p.text for p in document.sections[0].header.paragraphs if p.text]


def footer_lines(document) -> list[str]:
    return [p.text for p in document.sections[0].footer.paragraphs if p.text]


def fields(part) -> list[str]:
    return [i.text.strip() for i in part._element.iter(qn("w:instrText"))]


def header_row(table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def test_the_default_style_prints_as_it_always_has(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    full_attendance(repo, meeting_id)
    document = export(repo, meeting_id, tmp_path / "m.docx")
    assert document.paragraphs[0].text == "Minutes"
    assert header_lines(document) == ["OFFICIAL-SENSITIVE"]
    assert footer_lines(document) == ["Page 1 of 1"]
    assert fields(document.sections[0].footer) == ["PAGE", "NUMPAGES"]
    assert headings(document)[:3] == ["Attendees", "In Attendance", "Apologies"]
    attendees = document.tables[1]
    assert header_row(attendees) == ["Role", "Organisation", "Name"]
    assert [r.cells[2].text for r in attendees.rows[1:]] == [
        "Alice Chair",
        "",
        "Sam Clerk",
        "Carol Deputy",
    ]
    texts = body_texts(document)
    assert "Monday 11 March 2024 13.00-15.00" in texts
    assert "Joined 13:40 during item 4" in texts and "Left 14:30 during item 5" in texts
    assert "Andy Absent" not in "\n".join(texts)  # the absent are not listed by default
    rows = attendees._tbl.findall(qn("w:tr"))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)


def test_council_committee(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    committee_id = full_attendance(repo, meeting_id)
    repo.set_style(committee_id, PRESETS["council-committee"])
    document = export(repo, meeting_id, tmp_path / "m.docx")
    assert document.paragraphs[0].text == f"Minutes of the meeting of the {BOARD}"
    assert footer_lines(document) == [f"{BOARD}, Monday 11 March 2024", "Page 1 of 1"]
    assert headings(document)[:3] == ["Present", "Officers in attendance", "Apologies for absence"]
    texts = body_texts(document)
    assert "Monday 11 March 2024 1.00pm-3.00pm" in texts
    assert (
        "Alice Chair (Independent Chair); Detective Superintendent (Left 2.30pm during item 5);"
        " Carol Deputy (Deputy Head of Service) (Deputy for Head of Service, Probation"
        " (Bob Probation); Joined 1.40pm during item 4)"
    ) in texts
    assert "Olive Officer (Director of Public Health)" in texts
    assert "Bob Probation (Head of Service)" in texts
    assert len(document.tables) == 2  # the details and the items: the attendance is lists


def test_nhs_board(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    committee_id = full_attendance(repo, meeting_id)
    repo.set_style(committee_id, PRESETS["nhs-board"])
    document = export(repo, meeting_id, tmp_path / "m.docx")
    assert document.paragraphs[0].text == f"Minutes of the {BOARD} Meeting in Public"
    assert footer_lines(document) == ["Members' minutes v0.1", "Page 1 of 1"]
    assert headings(document)[:3] == ["Members present", "In attendance", "Apologies"]
    members, officers, apologies = document.tables[1:4]
    assert header_row(members) == ["Name", "Role"]
    assert [r.cells[0].text for r in members.rows[1:]] == [
        "Alice Chair",
        "—\nLeft 14:30 during item 5",
        "Carol Deputy\nDeputy for Head of Service, Probation (Bob Probation)"
        "\nJoined 13:40 during item 4",
    ]
    assert [r.cells[1].text for r in officers.rows[1:]] == ["Director of Public Health"]
    assert [r.cells[0].text for r in apologies.rows[1:]] == ["Bob Probation"]
    texts = body_texts(document)
    assert "Monday 11 March 2024 13:00-15:00" in texts
    assert "Secretariat: Sam Clerk (Board Clerk)" in texts
    assert sum("Sam Clerk" in t for t in texts) == 1  # not in a group as well
    repo.circulate_meeting(meeting_id)
    circulated = export(repo, meeting_id, tmp_path / "c.docx")
    assert header_lines(circulated) == ["OFFICIAL-SENSITIVE", "DRAFT: circulated for approval"]
    assert footer_lines(circulated)[0] == "Members' minutes v0.2"
    public = export(repo, meeting_id, tmp_path / "p.docx", public=True)
    assert footer_lines(public)[0] == "Public minutes v0.2"


def test_school_governors(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    committee_id = full_attendance(repo, meeting_id)
    repo.set_style(committee_id, PRESETS["school-governors"])
    document = export(repo, meeting_id, tmp_path / "m.docx")
    assert (
        document.paragraphs[0].text
        == f"Minutes of the {BOARD} meeting held on Monday 11 March 2024"
    )
    assert headings(document)[:4] == ["Present", "In attendance", "Apologies", "Absent"]
    texts = body_texts(document)
    assert "Monday 11 March 2024 1.00pm-3.00pm" in texts
    assert "Andy Absent (Head of Education)" in texts
    assert "Clerk: Sam Clerk (Board Clerk)" in texts
    assert sum("Sam Clerk" in t for t in texts) == 1


def test_the_register_is_one_table_with_ticks_and_group_rows(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    committee_id = full_attendance(repo, meeting_id)
    style = HouseStyle().with_values(attendance_layout="register", absent=True)
    repo.set_style(committee_id, style)
    document = export(repo, meeting_id, tmp_path / "m.docx")
    assert len(document.tables) == 3  # the details, the register, the items
    register = document.tables[1]
    assert header_row(register) == ["Role", "Organisation", "Name", "Present", "Apologies"]
    rows = register._tbl.findall(qn("w:tr"))[1:]
    group_rows = [tr for tr in rows if len(tr.findall(qn("w:tc"))) == 1]
    assert [tr.xpath("string(.)") for tr in group_rows] == [
        "Attendees",
        "In Attendance",
        "Apologies",
        "Absent",
    ]
    for tr in group_rows:
        tc_pr = tr.find(qn("w:tc")).find(qn("w:tcPr"))
        assert tc_pr.find(qn("w:gridSpan")).get(qn("w:val")) == "5"
        assert tc_pr.find(qn("w:shd")) is not None
    ticks = {
        r.cells[2].text: (r.cells[3].text, r.cells[4].text)
        for r in register.rows[1:]
        if len(r._tr.findall(qn("w:tc"))) == 5
    }
    assert ticks["Alice Chair"] == ("✓", "")
    assert ticks["Olive Officer"] == ("✓", "")
    assert ticks["Bob Probation"] == ("", "✓")
    assert ticks["Andy Absent"] == ("", "")
    assert "Role" not in headings(document)


def test_a_column_empty_for_everyone_is_left_out(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    council = repo.create_committee("Parish Council")
    for name in ("Ann Lee", "Ben Moss"):
        repo.add_to_roster(council.id, repo.add_person(name).id)
    parish = repo.create_meeting(council.id, dt.date(2024, 4, 2))
    for attendee in repo.meeting(parish).attendees:
        repo.update_attendance(attendee.id, status=AttendanceStatus.PRESENT)
    document = export(repo, parish, tmp_path / "m.docx")
    attendees = document.tables[1]
    assert header_row(attendees) == ["Name"]
    assert [r.cells[0].text for r in attendees.rows[1:]] == ["Ann Lee", "Ben Moss"]
    assert "—" not in "\n".join(body_texts(document))
    widths = [c.get(qn("w:w")) for c in attendees._tbl.iter(qn("w:gridCol"))]
    assert len(widths) == 1 and int(widths[0]) > 9000  # the whole width


@pytest.mark.parametrize(("names", "shown"), [(NamesPolicy.KEEP, True), (NamesPolicy.ROLES, False)])
def test_the_public_version_keeps_names_only_when_the_style_does(
    repo: Repository, meeting_id: int, tmp_path: Path, names: NamesPolicy, shown: bool
) -> None:
    committee_id = full_attendance(repo, meeting_id)
    repo.set_style(committee_id, PRESETS["school-governors"].with_values(public_names=names))
    document = export(repo, meeting_id, tmp_path / "p.docx", public=True)
    everything = "\n".join(body_texts(document) + header_lines(document) + footer_lines(document))
    for name in ("Alice Chair", "Sam Clerk", "Carol Deputy", "Bob Probation"):
        assert (name in everything) is shown
    assert ("Clerk: Sam Clerk (Board Clerk)" in everything) is shown
    if not shown:
        assert "Clerk: Board Clerk" in everything
        assert "Independent Chair; Detective Superintendent" in everything


def test_the_number_and_ordinal_count_the_committees_meetings(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    committee_id = repo.meeting(meeting_id).committee.id
    other = repo.create_committee("Another Board")
    repo.create_meeting(other.id, dt.date(2024, 1, 1))  # not in this committee's series
    second = repo.create_meeting(committee_id, dt.date(2024, 6, 10), start_time="9:30")
    style = HouseStyle().with_values(
        title="The {ordinal} meeting of the {committee}",
        header=("{committee} ({number})", "{venue}", "{time}"),
        footer=("{page}/{pages}",),
    )
    repo.set_style(committee_id, style)
    assert repo.meeting(meeting_id).number == 1
    document = export(repo, second, tmp_path / "m.docx")
    assert document.paragraphs[0].text == f"The 2nd meeting of the {BOARD}"
    assert header_lines(document) == [f"{BOARD} (2)", "09.30"]  # the empty venue dropped
    assert footer_lines(document) == ["1/1"]
    assert fields(document.sections[0].footer) == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize("name", list(PRESETS))
def test_a_template_still_sets_fonts_and_letterhead_under_any_style(
    repo: Repository, meeting_id: int, tmp_path: Path, name: str
) -> None:
    committee_id = full_attendance(repo, meeting_id)
    repo.set_style(committee_id, PRESETS[name])
    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].text = "ACME BOARD LETTERHEAD"
    template.save(str(tmp_path / "letterhead.docx"))
    path = exports.write_minutes(
        repo.meeting(meeting_id), tmp_path / "m.docx", template=tmp_path / "letterhead.docx"
    )
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Georgia"
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[-1] == "ACME BOARD LETTERHEAD" and "OFFICIAL-SENSITIVE" in header
