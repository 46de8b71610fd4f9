"""The Word minutes read back with python-docx and docx2python: structure, files, properties."""

from __future__ import annotations

import datetime as dt
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx2python import docx2python

import exports
from exports.public import Unpublishable
from storage import BadInput, Repository
from storage.domain import AttendanceStatus, Meeting, PublicationRules

NOTES_A = """\
Opening paragraph with **bold** words and ||Child Zeta|| named.

- **Working Together** – first bullet with a lead-in
  - nested bullet under it
- second bullet

1. First point of A
2. Second point of A

Alice Chair said the closing words."""

NOTES_B = """\
1. First point of B
2. Second point of B
3. Third point of B"""


def build_rich_meeting(repo: Repository, meeting_id: int) -> Meeting:
    """The sample meeting with every part of the minutes filled in."""
    meeting = repo.meeting(meeting_id)
    by_name = {a.person.name: a for a in meeting.attendees}
    carol = repo.add_person("Carol Deputy", "Deputy Head of Service", "Probation")
    deputy = repo.add_attendee(meeting_id, carol.id, AttendanceStatus.PRESENT)
    repo.update_attendance(by_name["Alice Chair"].id, status=AttendanceStatus.PRESENT)
    repo.update_attendance(by_name["Bob Probation"].id, status=AttendanceStatus.APOLOGIES)
    repo.update_attendance(
        deputy.id, deputising_for_id=by_name["Bob Probation"].person.id, note="Notes taken"
    )
    repo.update_attendance(by_name[None].id, status=AttendanceStatus.IN_ATTENDANCE)
    items = list(meeting.items)
    late = dt.datetime(2024, 3, 11, 13, 40).astimezone()
    repo.mark_arrived(deputy.id, late, items[3].id)
    repo.save_notes(items[1].id, NOTES_A)
    repo.save_notes(items[3].id, NOTES_B)
    repo.defer_item(items[2].id, dt.date(2024, 6, 10))
    repo.update_item(items[4].id, confidential=True)
    repo.save_notes(items[4].id, "Secret Street was discussed in private.")
    repo.add_action(items[4].id, "Independent Chair", "Write to Secret Street", "soon")
    repo.add_action(
        items[1].id, "Bob Probation", "Bring the ||Report Zed|| findings", "at the June Board"
    )
    repo.add_action(items[3].id, "Constabulary", "Update on phase 2", "by 10 June 2024")
    repo.add_decision(items[1].id, "Agreed the plan")
    return repo.meeting(meeting_id)


@pytest.fixture
def meeting(repo: Repository, meeting_id: int) -> Meeting:
    return build_rich_meeting(repo, meeting_id)


def table_with_header(document, first_cell: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)


def texts(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def repeats(row) -> bool:
    return row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_tables_and_repeating_headers(meeting: Meeting, tmp_path: Path) -> None:
    path = exports.write_minutes(meeting, tmp_path / "m.docx")
    document = docx.Document(str(path))
    details = document.tables[0]
    assert [r.cells[0].text for r in details.rows] == [
        "Meeting Name:",
        "Meeting Date & Time:",
        "Meeting Venue:",
    ]
    assert details.rows[1].cells[1].text == "Monday 11 March 2024 13.00-15.00"
    role_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Role"]
    assert len(role_tables) == 3
    for role_table in role_tables:
        assert [c.text for c in role_table.rows[0].cells] == ["Role", "Organisation", "Name"]
        assert repeats(role_table.rows[0]) and not repeats(role_table.rows[1])
    items = table_with_header(document, "Item No.")
    assert [c.text for c in items.rows[0].cells] == ["Item No.", "Item Description"]
    assert repeats(items.rows[0])
    log = table_with_header(document, "No.")
    assert [c.text for c in log.rows[0].cells] == ["No.", "Action", "Owner", "Due", "Status"]
    assert repeats(log.rows[0])
    assert len(log.rows) == 1 + 3


def test_section_rows_span_the_table_and_unnumbered_items_stay_blank(
    meeting: Meeting, tmp_path: Path
) -> None:
    document = docx.Document(str(exports.write_minutes(meeting, tmp_path / "m.docx")))
    rows = table_with_header(document, "Item No.")._tbl.findall(qn("w:tr"))
    spans = []
    for tr in rows:
        cells = tr.findall(qn("w:tc"))
        if len(cells) == 1:
            span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            spans.append((texts(cells[0]), span.get(qn("w:val"))))
    assert spans == [
        ("Agenda Items for Discussion", "2"),
        ("Standing and Information Items", "2"),
    ]
    numbers = [
        texts(tr.findall(qn("w:tc"))[0]) for tr in rows[1:] if len(tr.findall(qn("w:tc"))) > 1
    ]
    assert numbers == ["1.", "2.", "3.", "4.", "", "", "5."]


def test_item_content_actions_block_deferral_and_review(
    meeting: Meeting, repo: Repository, tmp_path: Path
) -> None:
    document = docx.Document(str(exports.write_minutes(meeting, tmp_path / "m.docx")))
    items = table_with_header(document, "Item No.")
    cell = items.rows[2].cells[1]
    texts = [p.text for p in cell.paragraphs]
    assert texts[0].startswith("Live Updates")
    assert cell.paragraphs[0].runs[0].bold
    assert "Actions/Decisions" in texts
    after = texts[texts.index("Actions/Decisions") + 1 :]
    assert after == [
        "Decision: Agreed the plan",
        "Bob Probation – Bring the Report Zed findings (due: at the June Board)",
    ]
    lead_in = next(p for p in cell.paragraphs if p.text.startswith("Working Together"))
    assert lead_in.runs[0].bold and lead_in.runs[0].text == "Working Together"
    deferred = items.rows[4].cells[1].text
    assert "This item was deferred to the meeting on Monday 10 June 2024." in deferred
    assert "Confidential: taken in private." in items.rows[7].cells[1].text


def test_reviewed_actions_show_the_update_given_at_this_meeting(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    earlier = repo.meeting(meeting_id)
    action = repo.add_action(earlier.items[1].id, "Probation", "Report on HMIP", "March")
    from storage.agenda import parse_agenda

    later_id = repo.create_meeting(
        earlier.committee.id, dt.date(2024, 6, 10), agenda=parse_agenda("Minutes\nAOB")
    )
    repo.add_action_update(action.id, "Findings shared with the Board.", meeting_id=later_id)
    document = docx.Document(
        str(exports.write_minutes(repo.meeting(later_id), tmp_path / "r.docx"))
    )
    first_item = table_with_header(document, "Item No.").rows[1].cells[1]
    bullet = next(p for p in first_item.paragraphs if "Report on HMIP" in p.text)
    assert bullet.text == (
        "Probation – Report on HMIP (raised 11 Mar 2024) – Findings shared with the Board."
        " Status: open."
    )
    assert bullet._p.pPr.numPr is not None


def numbering_start(document, num_id: int) -> int:
    """The number a list instance starts at, as a reader resolves it."""
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    if override is not None:
        return int(override.get(qn("w:val")))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    return int(abstract.find(f"{qn('w:lvl')}/{qn('w:start')}").get(qn("w:val")))


def list_paragraphs(cell) -> list[tuple[str, int, int]]:
    """(text, numId, level) of each numbered or bulleted paragraph in a cell."""
    found = []
    for p in cell.paragraphs:
        numpr = p._p.pPr.numPr if p._p.pPr is not None else None
        if numpr is not None:
            found.append((p.text, numpr.numId.val, numpr.ilvl.val))
    return found


def test_numbered_lists_restart_in_each_item_and_bullets_nest(
    meeting: Meeting, tmp_path: Path
) -> None:
    document = docx.Document(str(exports.write_minutes(meeting, tmp_path / "m.docx")))
    items = table_with_header(document, "Item No.")
    in_a = list_paragraphs(items.rows[2].cells[1])
    in_b = list_paragraphs(items.rows[5].cells[1])
    by_text = {text: (num, level) for text, num, level in in_a + in_b}
    assert by_text["nested bullet under it"][1] == 1
    assert by_text["Working Together – first bullet with a lead-in"][1] == 0
    a_list = by_text["First point of A"][0]
    b_list = by_text["First point of B"][0]
    assert a_list != b_list
    assert by_text["Second point of A"][0] == a_list
    assert numbering_start(document, a_list) == numbering_start(document, b_list) == 1

    # An independent reader numbers them the same way.
    text = docx2python(str(tmp_path / "m.docx")).text
    assert "1)\tFirst point of A" in text and "2)\tSecond point of A" in text
    assert "1)\tFirst point of B" in text and "3)\tThird point of B" in text
    assert "--\tsecond bullet" in text


def test_footer_fields_header_marking_and_properties(meeting: Meeting, tmp_path: Path) -> None:
    path = exports.write_minutes(meeting, tmp_path / "m.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert texts(footer) == "Page 1 of 1"
    props = document.core_properties
    assert props.title == "Minutes of Safeguarding Partnership Board, Monday 11 March 2024"
    assert props.subject == "Minutes of the meeting held on Monday 11 March 2024"
    assert props.author == props.last_modified_by == "minutebook" and props.comments == ""
    assert props.created is not None and props.created.year >= 2024
    assert props.modified == props.created
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            assert b"python-docx" not in package.read(name).lower(), name
        assert "docProps/thumbnail.jpeg" not in package.namelist()
        assert b"<Application>minutebook</Application>" in package.read("docProps/app.xml")


def test_docx2python_reads_the_whole_document(meeting: Meeting, tmp_path: Path) -> None:
    text = docx2python(str(exports.write_minutes(meeting, tmp_path / "m.docx"))).text
    for expected in (
        "Minutes",
        "Meeting Venue:",
        "Attendees",
        "In Attendance",
        "Apologies",
        "Deputy for Head of Service, Probation (Bob Probation)",
        "Joined 13:40 during item 4",
        "Notes taken",
        "Item No.",
        "Agenda Items for Discussion",
        "Actions/Decisions",
        "Action Log",
        "Alice Chair said the closing words.",
        "Child Zeta",
    ):
        assert expected in text, expected


def test_action_log_can_be_left_out(meeting: Meeting, tmp_path: Path) -> None:
    document = docx.Document(
        str(exports.write_minutes(meeting, tmp_path / "m.docx", action_log=False))
    )
    assert all(t.rows[0].cells[0].text != "No." for t in document.tables)
    assert "Action Log" not in [p.text for p in document.paragraphs]


def test_the_absent_are_listed_when_the_committee_asks(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    chair, probation, _ = meeting.attendees
    repo.update_attendance(chair.id, status=AttendanceStatus.PRESENT)
    repo.update_attendance(probation.id, status=AttendanceStatus.ABSENT)
    repo.mark_left(chair.id, None, meeting.items[3].id)  # the item known, not the time

    def headings() -> list[str]:
        path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "m.docx", force=True)
        document = docx.Document(str(path))
        groups = ("Attendees", "In Attendance", "Apologies", "Absent")
        return [p.text for p in document.paragraphs if p.text in groups]

    assert "Absent" not in headings()
    repo.restyle(meeting.committee.id, absent=True)
    assert headings() == ["Attendees", "In Attendance", "Apologies", "Absent"]
    document = docx.Document(str(tmp_path / "m.docx"))
    attendees, absent = [t for t in document.tables if t.rows[0].cells[0].text == "Role"]
    assert absent.rows[1].cells[0].text == "Head of Service"
    number = meeting.items[3].number.rstrip(".")
    assert f"Left during item {number}" in attendees.rows[1].cells[0].text


def test_file_is_private_and_never_overwritten_without_force(
    meeting: Meeting, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = exports.write_minutes(meeting, folder / "m.docx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"the clerk's own edits")
    with pytest.raises(BadInput, match=r"already exists.*--force"):
        exports.write_minutes(meeting, path)
    assert path.read_bytes() == b"the clerk's own edits"
    exports.write_minutes(meeting, path, force=True)
    assert zipfile.is_zipfile(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["m.docx"]
    with pytest.raises(BadInput, match="does not exist"):
        exports.write_minutes(meeting, tmp_path / "missing" / "m.docx")
    with pytest.raises(BadInput, match="is a folder"):
        exports.write_minutes(meeting, folder)


def test_default_export_path(meeting: Meeting, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert exports.default_export_path(meeting) == (
        tmp_path / "safeguarding-partnership-board-minutes-2024-03-11.docx"
    )
    assert exports.default_export_path(meeting, PublicationRules()).name == (
        "safeguarding-partnership-board-minutes-2024-03-11-public.docx"
    )
    assert exports.slug("Ωμέγα / ☃") == "meeting"


def test_action_log_alone(meeting: Meeting, repo: Repository, tmp_path: Path) -> None:
    actions = repo.actions()
    names = {meeting.committee.id: meeting.committee.name}
    path = exports.write_action_log(
        actions, tmp_path / "log.docx", title="Open actions", committee_names=names
    )
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Open actions"
    log = table_with_header(document, "No.")
    assert [c.text for c in log.rows[0].cells] == [
        "No.",
        "Committee",
        "Action",
        "Owner",
        "Due",
        "Status",
    ]
    assert len(log.rows) == 1 + len(actions)
    assert log.rows[1].cells[1].text == meeting.committee.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(BadInput):
        exports.write_action_log(actions, path, title="again")
    rules = repo.publication_rules(meeting.committee.id, meeting.id)
    public = exports.write_meeting_actions(meeting, tmp_path / "p.docx", public=rules)
    text = docx2python(str(public)).text
    assert "Report Zed" not in text and "Bring the ██████████ findings" in text
    assert "Secret Street" not in text


def test_template_styles_and_letterhead_are_used(meeting: Meeting, tmp_path: Path) -> None:
    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].text = "ACME BOARD LETTERHEAD"
    template.add_paragraph("Template body text that must not appear")
    template.save(str(tmp_path / "letterhead.docx"))
    path = exports.write_minutes(
        meeting, tmp_path / "m.docx", template=tmp_path / "letterhead.docx"
    )
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Georgia"
    header_text = [p.text for p in document.sections[0].header.paragraphs]
    assert header_text == ["OFFICIAL-SENSITIVE", "ACME BOARD LETTERHEAD"]
    assert "Template body text" not in docx2python(str(path)).text


def make_template_without_list_styles(path: Path) -> Path:
    """A template with no list styles and no numbering definitions at all."""
    template = docx.Document()
    styles = template.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")).startswith("List"):
            styles.remove(style)
    numbering = template.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    template.save(str(path))
    return path


def test_template_without_list_styles_still_numbers_lists(meeting: Meeting, tmp_path: Path) -> None:
    template = make_template_without_list_styles(tmp_path / "bare.docx")
    assert "List Bullet" not in [s.name for s in docx.Document(str(template)).styles]
    path = exports.write_minutes(meeting, tmp_path / "m.docx", template=template)
    document = docx.Document(str(path))
    cell = table_with_header(document, "Item No.").rows[5].cells[1]
    found = list_paragraphs(cell)[:3]
    assert [text for text, _, _ in found] == [
        "First point of B",
        "Second point of B",
        "Third point of B",
    ]
    assert numbering_start(document, found[0][1]) == 1
    assert "1)\tFirst point of B" in docx2python(str(path)).text


def test_a_bad_template_is_one_clear_error(meeting: Meeting, tmp_path: Path) -> None:
    (tmp_path / "not.docx").write_text("plain text")
    with pytest.raises(BadInput, match=r"not a Word \.docx file"):
        exports.write_minutes(meeting, tmp_path / "m.docx", template=tmp_path / "not.docx")
    with pytest.raises(BadInput, match="no such template"):
        exports.write_minutes(meeting, tmp_path / "m.docx", template=tmp_path / "gone.docx")
    assert not (tmp_path / "m.docx").exists()


HOSTILE = (
    "Start \x00\x01\x07\x0b\x0c\x1b\x7f\x85 control characters \ufffe\uffff.\r\n"
    "Emoji 👩🏽‍⚖️🎉 and right-to-left: مرحبا بالعالم שלום.\n\n"
    "**bold that never closes and ||a redaction that never closes\n\n"
    + "- " * 200
    + "very deep bullet\n\n"
    + "x" * 100_000
    + "\n\nTHE END"
)


def test_hostile_text_exports_without_losing_the_rest(
    repo: Repository, meeting: Meeting, tmp_path: Path
) -> None:
    item = meeting.items[1]
    repo.save_notes(item.id, HOSTILE)
    repo.update_item(item.id, title="Title \x08 with ‮ override")
    repo.add_action(item.id, "Owner \x0c", "Text \x00 " + "y" * 5000, "\x1f")
    changed = repo.meeting(meeting.id)
    path = exports.write_minutes(changed, tmp_path / "h.docx")
    document = docx.Document(str(path))
    text = table_with_header(document, "Item No.").rows[2].cells[1].text
    assert "THE END" in text and "very deep bullet" in text
    assert "x" * 100_000 in text
    assert "control characters" in text and "\x00" not in text and "\x1b" not in text
    assert "مرحبا" in text and "👩🏽" in text
    assert "bold that never closes" in text
    # The redaction that never closes cannot be read with certainty: no public version.
    rules = repo.publication_rules(changed.committee.id, changed.id)
    with pytest.raises(Unpublishable) as refused:
        exports.write_minutes(changed, tmp_path / "public.docx", public=rules)
    assert refused.value.item_id == item.id and refused.value.line > 1
    assert "never closed" in str(refused.value)
    assert not (tmp_path / "public.docx").exists()


def test_import_is_cheap_and_headless() -> None:
    code = (
        "import sys, exports\n"
        "heavy = [m for m in ('docx', 'markdown_it', 'textual', 'lxml') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_sub_items_keep_their_numbers_in_the_minutes(repo: Repository, tmp_path: Path) -> None:
    from storage.agenda import parse_agenda

    board = repo.create_committee("Trust Board")
    agenda = parse_agenda("Welcome\nFinance\n    Budget\n    Audit\nAOB\n")
    meeting_id = repo.create_meeting(board.id, dt.date(2024, 6, 10), agenda=agenda)
    path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "m.docx")
    items = table_with_header(docx.Document(str(path)), "Item No.")
    assert [row.cells[0].text for row in items.rows[1:]] == ["1.", "2.", "2.1", "2.2", "3."]
