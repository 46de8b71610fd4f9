"""The items table in each house-style layout, and the places a style prints actions in,
read back from the .docx with python-docx."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import exports
from storage import Repository
from storage.domain import Meeting
from storage.style import ITEM_LAYOUTS, PRESETS
from storage.transfer import dumps_meeting, load_meeting
from tests.unit.test_export_libreoffice import long_meeting
from tests.unit.test_export_public import NAMES, package_texts, rules_of

TYPED_AFTER = "Probation reported on the **HMIP** inspection with Alice Chair."
NOTES = f"""\
Working Together proposes changes to local partnerships.

{TYPED_AFTER}

- Closing bullet of the item"""
HEADERS = {
    "description": ["Item No.", "Item Description"],
    "minute-action": ["No.", "Item", "Minute", "Action"],
    "action-column": ["Item No.", "Item Description", "Action / Owner / Due"],
}


def build_meeting(repo: Repository, meeting_id: int) -> Meeting:
    """Item 2: an action typed after a paragraph, and a decision; item 4: one added with F3
    and one whose paragraph has since been edited away."""
    items = repo.meeting(meeting_id).items
    repo.save_notes(items[1].id, NOTES)
    repo.add_action(
        items[1].id,
        "Bob Probation",
        "Bring the findings",
        "at the June Board",
        after_text=TYPED_AFTER,
    )
    repo.add_decision(items[1].id, "Agreed the plan")
    repo.save_notes(items[3].id, "The notes as they read now.")
    repo.add_action(items[3].id, "Constabulary", "Update on phase 2", "by 10 June 2024")
    repo.add_action(
        items[3].id, "SCC", "Circulate the plan", after_text="A line since edited away."
    )
    return repo.meeting(meeting_id)


def styled(
    repo: Repository, meeting_id: int, layout: str, actions: tuple[str, ...], preset: str = ""
) -> Meeting:
    committee = repo.meeting(meeting_id).committee
    name = preset or {"minute-action": "school-governors", "action-column": "nhs-board"}.get(
        layout, "partnership-board"
    )
    repo.set_style(committee.id, PRESETS[name].with_values(item_layout=layout, actions=actions))
    return build_meeting(repo, meeting_id)


def export(meeting: Meeting, path: Path, *, public: bool = False):
    written = exports.write_minutes(meeting, path, public=rules_of(meeting) if public else None)
    return docx.Document(str(written))


def items_table(document):
    first = {headers[0] for headers in HEADERS.values()}
    return next(t for t in document.tables if t.rows[0].cells[0].text in first)


def row_of(table, number: str):
    return next(r for r in table.rows if r.cells[0].text == number)


def unique_cells(row) -> list[str]:
    return [tc.xpath("string(.)") for tc in row._tr.findall(qn("w:tc"))]


def document_text(document) -> str:
    return document.element.body.xpath("string(.)")


# -- the layouts --------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ITEM_LAYOUTS)
def test_each_layout_has_its_columns_a_repeating_header_and_full_width_sections(
    repo: Repository, meeting_id: int, tmp_path: Path, layout: str
) -> None:
    meeting = styled(repo, meeting_id, layout, ("column", "after-item"))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    header = table.rows[0]
    assert [c.text for c in header.cells] == HEADERS[layout]
    assert header._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    assert len(grid) == len(HEADERS[layout])
    sections = [r for r in table.rows if r.cells[0].text == "Agenda Items for Discussion"]
    (section,) = sections
    (cell,) = section._tr.findall(qn("w:tc"))
    span = cell.find(qn("w:tcPr")).find(qn("w:gridSpan"))
    assert span is not None and span.get(qn("w:val")) == str(len(HEADERS[layout]))


def test_minute_action_puts_title_minute_and_actions_in_their_own_columns(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "minute-action", ("column",))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    number, item, minute, action = unique_cells(row_of(table, "2."))
    assert number == "2."
    assert item == "Live Updates – Independent Chair"
    assert "Working Together proposes" in minute and "Decision: Agreed the plan" in minute
    assert "Bring the findings" not in minute  # "column" alone: not after the item
    assert "Live Updates" not in minute
    assert action == "Bob Probation — Bring the findings — at the June Board"
    deferred_item = row_of(table, "4.")
    assert unique_cells(deferred_item)[3] == (
        "Constabulary — Update on phase 2 — by 10 June 2024SCC — Circulate the plan"
    )


def test_minute_action_minute_holds_the_deferral_and_approval_lines(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    items = repo.meeting(meeting_id).items
    repo.defer_item(items[2].id, None)
    meeting = styled(repo, meeting_id, "minute-action", ("column",))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    _, item, minute, _ = unique_cells(row_of(table, "3."))
    assert "This item was deferred to the next meeting." in minute
    assert "deferred" not in item


def test_action_column_lists_what_owner_and_due(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "action-column", ("column",))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    _, description, column = unique_cells(row_of(table, "2."))
    assert description.startswith("Live Updates – Independent Chair")
    assert "Decision: Agreed the plan" in description
    assert "Bring the findings" not in description
    assert column == "Bring the findings — Bob Probation — at the June Board"


@pytest.mark.parametrize("layout", ["minute-action", "action-column"])
def test_the_action_column_is_empty_without_column_in_the_places(
    repo: Repository, meeting_id: int, tmp_path: Path, layout: str
) -> None:
    meeting = styled(repo, meeting_id, layout, ("after-item",))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    cells = unique_cells(row_of(table, "2."))
    assert cells[-1] == ""
    assert "Bob Probation – Bring the findings (due: at the June Board)" in cells[-2]


# -- where actions print --------------------------------------------------------------------


def test_after_item_lists_the_actions_with_the_decisions(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "description", ("after-item",))
    table = items_table(export(meeting, tmp_path / "m.docx"))
    description = unique_cells(row_of(table, "2."))[1]
    assert "Actions/DecisionsDecision: Agreed the planBob Probation – Bring the findings" in (
        description
    )
    assert "(Action" not in description


@pytest.mark.parametrize("layout", ITEM_LAYOUTS)
def test_with_no_place_no_action_prints_but_decisions_do(
    repo: Repository, meeting_id: int, tmp_path: Path, layout: str
) -> None:
    meeting = styled(repo, meeting_id, layout, ())
    document = export(meeting, tmp_path / "m.docx")
    text = document_text(document)
    for action in meeting.actions:
        assert action.text not in text
    assert "DecisionsDecision: Agreed the plan" in text
    assert "Actions/Decisions" not in text
    assert "Action Log" not in text and "Summary of actions" not in text


def test_the_description_layout_has_no_column_to_print_in(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "description", ("column",))
    text = document_text(export(meeting, tmp_path / "m.docx"))
    assert "Bring the findings" not in text


def test_in_notes_ends_the_paragraph_it_was_typed_after(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "description", ("in-notes",))
    assert meeting.actions[0].after_text == TYPED_AFTER
    cell = row_of(items_table(export(meeting, tmp_path / "m.docx")), "2.").cells[1]
    texts = [p.text for p in cell.paragraphs]
    assert (
        "Probation reported on the HMIP inspection with Alice Chair. (Action: Bob Probation)"
        in texts
    )
    assert not any("Bring the findings" in t for t in texts)
    assert "Actions/Decisions" not in texts and "Decisions" in texts


def test_in_notes_falls_back_to_after_the_item(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    """One action was added with F3 (no line typed), the other's line has been edited away."""
    meeting = styled(repo, meeting_id, "description", ("in-notes",))
    cell = row_of(items_table(export(meeting, tmp_path / "m.docx")), "4.").cells[1]
    texts = [p.text for p in cell.paragraphs]
    assert texts[1:] == [
        "The notes as they read now.",
        "Actions/Decisions",
        "Constabulary – Update on phase 2 (due: by 10 June 2024)",
        "SCC – Circulate the plan",
    ]


def test_in_notes_finds_a_list_entry_and_ignores_the_markup(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    items = repo.meeting(meeting_id).items
    repo.save_notes(items[0].id, "Minutes agreed.\n\n- **Filming** on wards\n- Border force")
    repo.add_action(items[0].id, "CF", "Send the guidance", after_text="- **Filming** on wards")
    repo.restyle(repo.meeting(meeting_id).committee.id, actions=("in-notes",))
    cell = row_of(items_table(export(repo.meeting(meeting_id), tmp_path / "m.docx")), "1.")
    assert "Filming on wards (Action: CF)" in [p.text for p in cell.cells[1].paragraphs]


def test_summary_lists_every_action_with_a_page_reference_to_its_item(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = styled(repo, meeting_id, "action-column", ("column", "summary"))
    document = export(meeting, tmp_path / "m.docx")
    body = list(document.element.body)
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Action")
    headings = [p.text for p in document.paragraphs]
    assert headings.index("Summary of actions") > headings.index("Apologies")
    assert body.index(summary._tbl) < body.index(items_table(document)._tbl)
    assert [c.text for c in summary.rows[0].cells] == ["Action", "Owner", "Due", "Item", "Page"]
    rows = [[c.text for c in r.cells][:4] for r in summary.rows[1:]]
    assert rows == [
        ["Bring the findings", "Bob Probation", "at the June Board", "2"],
        ["Update on phase 2", "Constabulary", "by 10 June 2024", "4"],
        ["Circulate the plan", "SCC", "", "4"],
    ]
    references = [" ".join(t.text.split()) for t in summary._tbl.iter(qn("w:instrText"))]
    items = {i.number: i for i in meeting.items}
    assert references == [
        f"PAGEREF item_{items['2.'].id} \\h",
        f"PAGEREF item_{items['4.'].id} \\h",
        f"PAGEREF item_{items['4.'].id} \\h",
    ]
    table = items_table(document)
    for number in ("2.", "4."):
        paragraph = row_of(table, number).cells[0].paragraphs[0]._p
        start = paragraph.find(qn("w:bookmarkStart"))
        assert start.get(qn("w:name")) == f"item_{items[number].id}"
        end = paragraph.find(qn("w:bookmarkEnd"))
        assert end.get(qn("w:id")) == start.get(qn("w:id"))
    names = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names)) == len(meeting.items)
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_no_summary_no_bookmarks(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    document = export(
        styled(repo, meeting_id, "description", ("after-item", "log")), tmp_path / "m.docx"
    )
    assert "Summary of actions" not in [p.text for p in document.paragraphs]
    assert next(document.element.body.iter(qn("w:bookmarkStart")), None) is None
    assert document.settings.element.find(qn("w:updateFields")) is None


@pytest.mark.parametrize("places", [("after-item", "log"), ("after-item",)])
def test_the_action_log_prints_only_with_log(
    repo: Repository, meeting_id: int, tmp_path: Path, places: tuple[str, ...]
) -> None:
    document = export(styled(repo, meeting_id, "description", places), tmp_path / "m.docx")
    headings = [p.text for p in document.paragraphs]
    assert ("Action Log" in headings) == ("log" in places)
    log_tables = [t for t in document.tables if t.rows[0].cells[0].text == "No."]
    assert len(log_tables) == ("log" in places)


# -- the public version -------------------------------------------------------------------


@pytest.mark.parametrize("layout", ITEM_LAYOUTS)
def test_public_version_of_each_layout_holds_no_names(
    repo: Repository, meeting_id: int, tmp_path: Path, layout: str
) -> None:
    places = ("after-item", "column", "in-notes", "summary", "log")
    meeting = styled(repo, meeting_id, layout, places)
    path = tmp_path / "public.docx"
    document = export(meeting, path, public=True)
    for name, (raw, text) in package_texts(path).items():
        for word in NAMES:
            assert word not in raw and word not in text, (name, word)
    text = document_text(document)
    # The line the action was typed after is published as the notes are, and still found.
    assert "with Independent Chair. (Action: Head of Service)" in text
    shown = {
        "description": "Head of Service – Bring the findings (due: at the June Board)",
        "minute-action": "Head of Service — Bring the findings — at the June Board",
        "action-column": "Bring the findings — Head of Service — at the June Board",
    }
    assert shown[layout] in text


# -- the place kept ------------------------------------------------------------------------


def test_the_typed_line_survives_a_dump_and_load(repo: Repository, meeting_id: int) -> None:
    meeting = build_meeting(repo, meeting_id)
    text = dumps_meeting(meeting)
    assert [a["after_text"] for a in json.loads(text)["actions"]] == [
        TYPED_AFTER,
        "",
        "A line since edited away.",
    ]
    loaded = repo.meeting(load_meeting(repo, text))
    assert [a.after_text for a in loaded.actions] == [a.after_text for a in meeting.actions]
    without = json.loads(text)
    for action in without["actions"]:
        del action["after_text"]
    again = repo.meeting(load_meeting(repo, json.dumps(without)))
    assert [a.after_text for a in again.actions] == ["", "", ""]


# -- in a real word processor ---------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_works_out_the_summary_pages(tmp_path: Path) -> None:
    meeting = long_meeting()
    committee = meeting.committee.restyled(
        item_layout="action-column", actions=("column", "summary")
    )
    path = exports.write_minutes(replace(meeting, committee=committee), tmp_path / "m.docx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    starts: dict[str, int] = {}
    for page, content in enumerate(pages, start=1):
        for number in re.findall(r"^\s*(\d+)\.\s+Agenda item \1\b", content, re.MULTILINE):
            starts.setdefault(number, page)
    listed = re.findall(r"Logged action number \d+ .*?(\d+)\s+(\d+)\s*$", text, re.MULTILINE)
    assert len(listed) == len(meeting.actions)
    assert len(starts) == len(meeting.items) and max(starts.values()) > 5
    for item, page in listed:
        assert int(page) == starts[item], item
