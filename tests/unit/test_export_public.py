"""The public version: no personal name and no redacted word anywhere in the package."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx2python import docx2python

import exports
from storage import Repository
from storage.domain import Meeting, PublicationRules, redacted_strings
from tests.unit.test_export import build_rich_meeting, table_with_header

NAMES = ("Alice Chair", "Bob Probation", "Carol Deputy")
CONFIDENTIAL = "Secret Street"


@pytest.fixture
def meeting(repo: Repository, meeting_id: int) -> Meeting:
    return build_rich_meeting(repo, meeting_id)


def rules_of(meeting: Meeting) -> PublicationRules:
    """Everyone the meeting knows, as the repository would give them."""
    people = [a.person for a in meeting.attendees] + [
        a.deputising_for for a in meeting.attendees if a.deputising_for
    ]
    return PublicationRules(people=tuple(people))


def package_texts(path: Path) -> dict[str, tuple[str, str]]:
    """Every part of the package: its raw XML, and its text with the tags taken out."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            raw = package.read(name).decode("utf-8", errors="replace")
            parts[name] = (raw, re.sub(r"<[^>]+>", "", raw))
    return parts


def hidden_words(meeting: Meeting) -> list[str]:
    found: list[str] = []
    for item in meeting.items:
        found += redacted_strings(item.notes) + redacted_strings(item.title)
    for action in meeting.actions:
        found += redacted_strings(action.text)
    return found


def test_names_redactions_and_confidential_items_are_absent_from_every_part(
    meeting: Meeting, tmp_path: Path
) -> None:
    assert hidden_words(meeting) == ["Child Zeta", "Report Zed"]
    private = exports.write_minutes(meeting, tmp_path / "private.docx")
    public = exports.write_minutes(meeting, tmp_path / "public.docx", public=rules_of(meeting))

    private_text = "".join(text for _, text in package_texts(private).values())
    for word in (*NAMES, *hidden_words(meeting), CONFIDENTIAL):
        assert word in private_text, word

    parts = package_texts(public)
    assert {"word/document.xml", "docProps/core.xml", "docProps/app.xml"} <= set(parts)
    assert any(name.startswith("word/header") for name in parts)
    assert any(name.startswith("word/footer") for name in parts)
    for name, (raw, text) in parts.items():
        for word in (*NAMES, *hidden_words(meeting), CONFIDENTIAL):
            for form in (word, word.lower(), word.upper()):
                leaked = form in raw or form in text
                assert not leaked, (name, form)


def test_public_document_keeps_the_business(meeting: Meeting, tmp_path: Path) -> None:
    path = exports.write_minutes(meeting, tmp_path / "public.docx", public=rules_of(meeting))
    document = docx.Document(str(path))
    for role_table in (t for t in document.tables if t.rows[0].cells[0].text == "Role"):
        assert [c.text for c in role_table.rows[0].cells] == ["Role", "Organisation"]
    text = docx2python(str(path)).text
    assert "Deputy for Head of Service, Probation" in text
    assert "██████████ named" in text
    assert "Bring the ██████████ findings" in text
    # A name typed in the notes is replaced by the person's role.
    assert "Independent Chair said the closing words." in text
    # The action owner named as a person is given as their role.
    assert "Head of Service – Bring the" in text
    items = table_with_header(document, "Item No.")
    confidential = items.rows[7]
    assert confidential.cells[0].text == ""
    assert confidential.cells[1].text == "This item was taken in private."
    log = table_with_header(document, "No.")
    assert all("Secret" not in row.cells[1].text for row in log.rows)
    assert len(log.rows) == 1 + 2
    assert document.core_properties.subject.endswith("(public version)")


def test_redaction_blocks_do_not_give_away_the_length(
    repo: Repository, meeting: Meeting, tmp_path: Path
) -> None:
    item = meeting.items[0]
    repo.save_notes(item.id, "Short ||Al|| and long ||a much longer hidden phrase here||.")
    path = exports.write_minutes(
        repo.meeting(meeting.id), tmp_path / "p.docx", public=rules_of(meeting)
    )
    text = docx2python(str(path)).text
    assert "Short ██████████ and long ██████████." in text
    assert "much longer" not in text


def test_a_redaction_across_lines_and_markup_is_hidden_whole(
    repo: Repository, meeting: Meeting, tmp_path: Path
) -> None:
    item = meeting.items[0]
    repo.save_notes(item.id, "- first ||Zanzibar **one**\n- Zanzibar two|| after")
    path = exports.write_minutes(
        repo.meeting(meeting.id), tmp_path / "p.docx", public=rules_of(meeting)
    )
    for name, (raw, text) in package_texts(path).items():
        leaked = "Zanzibar" in raw or "Zanzibar" in text
        assert not leaked, name
    assert "first ██████████ after" in docx2python(str(path)).text


def test_custom_properties_and_comments_of_a_template_are_not_carried(
    meeting: Meeting, tmp_path: Path
) -> None:
    template = docx.Document()
    template.save(str(tmp_path / "t.docx"))
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
        "<vt:lpwstr>Alice Chair</vt:lpwstr></property></Properties>"
    )
    with (
        zipfile.ZipFile(tmp_path / "t.docx") as source,
        zipfile.ZipFile(tmp_path / "custom.docx", "w") as target,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            if entry.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            target.writestr(entry, data)
        target.writestr("docProps/custom.xml", custom)
    path = exports.write_minutes(
        meeting, tmp_path / "p.docx", public=rules_of(meeting), template=tmp_path / "custom.docx"
    )
    parts = package_texts(path)
    assert "docProps/custom.xml" not in parts
    assert all("Alice Chair" not in raw for raw, _ in parts.values())
