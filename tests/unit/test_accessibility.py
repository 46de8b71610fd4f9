"""`minutebook check`: each accessibility rule catches its problem, and every export passes."""

from __future__ import annotations

import dataclasses
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

import exports
from exports.accessibility import check_file, contrast_ratio, problems
from storage import BadInput, Repository
from storage.demo import load_demo
from storage.domain import Meeting
from storage.style import PRESETS, parse_style

Document = docx.document.Document


def good() -> Document:
    """A small document that passes every rule."""
    document = docx.Document()
    document.core_properties.title = "Minutes of the Safeguarding Board, 11 March 2024"
    document.core_properties.language = "en-GB"
    document.add_paragraph("Minutes", style="Title").paragraph_format.keep_with_next = True
    document.add_paragraph("Attendance", style="Heading 1")
    table = document.add_table(rows=2, cols=2)
    for tr in table.rows:
        properties = tr._tr.get_or_add_trPr()
        properties.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    table.rows[0]._tr.trPr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    table.cell(0, 0).text, table.cell(0, 1).text = "Role", "Organisation"
    table.cell(1, 0).text, table.cell(1, 1).text = "Chair", "Kent Police"
    document.add_paragraph("The Board met.")
    return document


def found(document: Document, tmp_path: Path, name: str = "m.docx") -> list[str]:
    path = tmp_path / name
    document.save(str(path))
    return [str(p) for p in check_file(path)]


def test_the_good_document_passes(tmp_path: Path) -> None:
    assert found(good(), tmp_path) == []


def _untitled(d: Document) -> None:
    d.core_properties.title = "Minutes"


def _file_named(d: Document) -> None:
    d.core_properties.title = "board_minutes_final.docx"


def _no_language(d: Document) -> None:
    d.core_properties.language = ""
    lang = d.styles.element.find(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    lang.getparent().remove(lang)


def _bad_language(d: Document) -> None:
    d.core_properties.language = "English (UK)"


def _skipped(d: Document) -> None:
    d.add_paragraph("Detail", style="Heading 3")


def _loose_heading(d: Document) -> None:
    heading = d.add_paragraph("Decisions", style="Heading 2")
    d.add_paragraph("After.")
    keep = d.styles["Heading 2"].element.find(f".//{qn('w:keepNext')}")
    assert heading.text and keep is not None
    keep.getparent().remove(keep)


def _no_header_row(d: Document) -> None:
    d.add_table(rows=1, cols=1).cell(0, 0).text = "A long paragraph " * 10


def _split_row(d: Document) -> None:
    tr = d.tables[0].add_row()
    tr.cells[0].text, tr.cells[1].text = "Clerk", "Council"


def _spacing(d: Document) -> None:
    d.add_paragraph()
    d.add_paragraph()
    d.add_paragraph("After the gap.")


def _one_spacer(d: Document) -> None:
    d.add_paragraph()
    d.add_paragraph("After the gap.")


def _typed_list(d: Document) -> None:
    d.add_paragraph("1. First point")
    d.add_paragraph("• A bullet")


def _picture(d: Document) -> None:
    d.add_picture(io.BytesIO(_png()))
    d.add_paragraph("Below the picture.")


def _png() -> bytes:
    """A one-pixel white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _grey_text(d: Document) -> None:
    d.add_paragraph().add_run("Pale words").font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)


def _dark_highlight(d: Document) -> None:
    d.add_paragraph().add_run("Hidden words").font.highlight_color = WD_COLOR_INDEX.BLACK


def _dark_cell(d: Document) -> None:
    tc = d.tables[0].cell(1, 1)._tc
    tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="333333"/>')
    )


@pytest.mark.parametrize(
    ("spoil", "line"),
    [
        (_untitled, "the document: the title property “Minutes” does not say what it is"),
        (_file_named, "the document: the title property “board_minutes_final.docx”"),
        (_no_language, "the document: no language set"),
        (_bad_language, "the language “English (UK)” is not a tag like en-GB"),
        (_skipped, "paragraph 4 (“Detail”): a level 3 heading after level 1: one skipped"),
        (_loose_heading, "paragraph 4 (“Decisions”): a heading not kept with the next"),
        (_no_header_row, "table 2, row 1 (“A long paragraph A long paragraph …”): a table"),
        (_split_row, "table 1, row 3 (“Clerk”): a short row that may split across pages"),
        (_spacing, "paragraph 4 (“”): empty paragraphs used for spacing"),
        (_one_spacer, "paragraph 4: an empty paragraph used for spacing"),
        (_typed_list, "paragraph 4 (“1. First point”): a list number or bullet typed"),
        (_picture, "paragraph 4 (“”): a picture without alternative text"),
        (_grey_text, "paragraph 4 (“Pale words”): text AAAAAA on FFFFFF: contrast 2.32:1"),
        (_dark_highlight, "paragraph 4 (“Hidden words”): text 000000 on 000000"),
        (_dark_cell, "table 1, row 2 (“Kent Police”): text 000000 on 333333"),
    ],
)
def test_each_rule_catches_its_problem(
    spoil: Callable[[Document], None], line: str, tmp_path: Path
) -> None:
    document = good()
    spoil(document)
    lines = found(document, tmp_path)
    assert any(line in each for each in lines), lines


def test_typed_bullets_are_each_found_and_a_lone_number_is_not(tmp_path: Path) -> None:
    document = good()
    _typed_list(document)
    document.add_paragraph("5.1")
    lines = found(document, tmp_path)
    assert [line.split(":")[0] for line in lines] == ["paragraph 4 (“1. First point”)",
                                                       "paragraph 5 (“• A bullet”)"]  # fmt: skip


def test_a_picture_with_alternative_text_or_marked_decorative_passes(tmp_path: Path) -> None:
    document = good()
    _picture(document)
    properties = document.element.body.find(f".//{qn('wp:docPr')}")
    properties.set("descr", "The Board's logo")
    assert found(document, tmp_path) == []


def test_the_contrast_ratio_is_wcag_s() -> None:
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21)
    assert contrast_ratio("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_not_a_docx_is_bad_input() -> None:
    with pytest.raises(BadInput, match=r"not a Word \.docx file"):
        problems(b"plain text", "notes.docx")


# -- every export passes -------------------------------------------------------------------


@pytest.fixture
def demo(repo: Repository) -> Meeting:
    return repo.meeting(load_demo(repo))


@pytest.mark.parametrize("preset", PRESETS)
def test_every_export_of_every_preset_passes(
    preset: str, repo: Repository, demo: Meeting, meeting_id: int, tmp_path: Path
) -> None:
    for original in (demo, repo.meeting(meeting_id)):
        committee = dataclasses.replace(original.committee, style=PRESETS[preset])
        meeting = dataclasses.replace(original, committee=committee)
        rules = repo.publication_rules(meeting.committee.id, meeting.id)
        written = []
        for public in (None, rules):
            suffix = f"{meeting.id}-{'public' if public else 'members'}"
            written += [
                exports.write_minutes(meeting, tmp_path / f"m{suffix}.docx", public=public),
                exports.write_meeting_actions(meeting, tmp_path / f"a{suffix}.docx", public=public),
            ]
        written.append(
            exports.write_action_log(
                list(meeting.actions), tmp_path / f"log{meeting.id}.docx", title="Open actions"
            )
        )
        for path in written:
            assert [str(p) for p in check_file(path)] == [], path.name


def test_the_language_and_organisation_keys(demo: Meeting, tmp_path: Path) -> None:
    style = parse_style('[document]\nlanguage = "cy-GB"\norganisation = "Kent County Council"\n')
    meeting = dataclasses.replace(demo, committee=dataclasses.replace(demo.committee, style=style))
    document = docx.Document(str(exports.write_minutes(meeting, tmp_path / "m.docx")))
    props = document.core_properties
    assert props.language == "cy-GB"
    assert props.author == props.last_modified_by == "Kent County Council"
    lang = document.styles.element.find(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "cy-GB"
    assert props.title == f"Minutes of {demo.committee.name}, {exports.word.long_date(demo.date)}"
    with pytest.raises(BadInput, match="a BCP 47 tag like en-GB"):
        parse_style('[document]\nlanguage = "Welsh"\n')


def test_the_default_language_and_author(demo: Meeting, tmp_path: Path) -> None:
    document = docx.Document(str(exports.write_minutes(demo, tmp_path / "m.docx")))
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.author == "minutebook"


# -- the command line ----------------------------------------------------------------------


def test_check_on_the_command_line(minutebook, tmp_path: Path) -> None:
    meeting_id = minutebook("demo", "--no-open")[1].strip()
    members, public = tmp_path / "members.docx", tmp_path / "public.docx"
    assert minutebook("export", meeting_id, "-o", str(members))[0] == 0
    assert minutebook("export", meeting_id, "--public", "-o", str(public))[0] == 0
    status, out, err = minutebook("check", str(members))
    assert (status, err) == (0, "") and out == f"{members}: no accessibility problems found\n"
    bad = good()
    _untitled(bad)
    _typed_list(bad)
    bad.save(str(tmp_path / "bad.docx"))
    status, out, _ = minutebook("check", str(tmp_path / "bad.docx"))
    assert status == 1 and len(out.splitlines()) == 3 and "does not say what it is" in out
    # --public does both: the members' version passes one and fails the other.
    status, out, _ = minutebook("check", str(members), "--public")
    assert status == 1 and "the name" in out
    status, out, _ = minutebook("check", str(tmp_path / "bad.docx"), "--public")
    assert status == 1 and "typed" in out
    status, out, err = minutebook("check", str(public), "--public")
    assert (status, err) == (0, "") and "no accessibility problems" in out
    (tmp_path / "notes.docx").write_text("plain text")
    status, out, err = minutebook("check", str(tmp_path / "notes.docx"))
    assert status == 2 and len(err.strip().splitlines()) == 1 and out == ""


@pytest.mark.parametrize("layout", ["table", "list", "register"])
def test_every_attendance_layout_and_every_extract_passes(
    layout: str, repo: Repository, demo: Meeting, tmp_path: Path
) -> None:
    from exports.extracts import exempt_extract, item_extract

    style = PRESETS["nhs-board"].with_values(attendance_layout=layout)
    first = demo.items[0]
    repo.update_item(first.id, exempt=True, exempt_reason="3", public_summary="Noted.")
    meeting = repo.meeting(demo.id)
    meeting = dataclasses.replace(
        meeting, committee=dataclasses.replace(meeting.committee, style=style)
    )
    rules = repo.publication_rules(meeting.committee.id, meeting.id)
    written = [exports.write_minutes(meeting, tmp_path / "whole.docx", public=rules)]
    for name, extract in (
        ("item", item_extract(meeting, "4")),
        ("exempt", exempt_extract(meeting)),
    ):
        written.append(exports.write_minutes(meeting, tmp_path / f"{name}.docx", extract=extract))
    written.append(
        exports.write_minutes(
            meeting, tmp_path / "item-public.docx", public=rules, extract=item_extract(meeting, "4")
        )
    )
    for path in written:
        assert [str(p) for p in check_file(path)] == [], path.name
