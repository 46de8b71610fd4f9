"""Minutes whose paragraphs are numbered after their item (5.1, 5.2), as Word numbering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import docx
from docx.oxml.ns import qn

import exports
from storage import Repository
from storage.agenda import parse_agenda
from tests.unit.test_export_public import rules_of

AGENDA = """\
Minutes
Finance
5.1 Budget
- Standing item
"""
NOTES = "First paragraph.\n\nSecond paragraph.\n\n- a bullet\n- another\n\nThird paragraph."


def numbered_meeting(repo: Repository, *, numbered: bool = True) -> int:
    board = repo.create_committee("Trust Board")
    repo.restyle(board.id, numbered_paragraphs=numbered)
    meeting_id = repo.create_meeting(board.id, dt.date(2027, 3, 15), agenda=parse_agenda(AGENDA))
    for item in repo.meeting(meeting_id).items:
        repo.save_notes(item.id, NOTES)
    return meeting_id


def paragraphs(path: Path) -> list[tuple[str, str | None, str | None]]:
    """Each note paragraph's text, with its list instance's level text and numId."""
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    abstract_of = {
        n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.iterchildren(qn("w:num"))
    }
    level_text = {
        a.get(qn("w:abstractNumId")): a.find(f"{qn('w:lvl')}/{qn('w:lvlText')}").get(qn("w:val"))
        for a in numbering.iterchildren(qn("w:abstractNum"))
    }
    found: list[tuple[str, str | None, str | None]] = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        num_id = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            found.append((text, None, None))
        else:
            number = num_id.get(qn("w:val"))
            found.append((text, level_text[abstract_of[number]], number))
    return found


def test_each_item_numbers_its_paragraphs_and_not_its_bullets(
    repo: Repository, tmp_path: Path
) -> None:
    meeting = repo.meeting(numbered_meeting(repo))
    for public in (None, rules_of(meeting)):
        path = exports.write_minutes(meeting, tmp_path / "m.docx", public=public, force=True)
        found = [p for p in paragraphs(path) if p[0] in NOTES and p[0]]
        shown = [(text, level) for text, level, _ in found]
        expected: list[tuple[str, str | None]] = []
        for prefix in ("1", "2", "2.1"):
            expected += [
                ("First paragraph.", f"{prefix}.%1"),
                ("Second paragraph.", f"{prefix}.%1"),
                ("a bullet", "•"),
                ("another", "•"),
                ("Third paragraph.", f"{prefix}.%1"),
            ]
        # The unnumbered standing item: no paragraph numbers, its bullets as ever.
        expected += [
            ("First paragraph.", None),
            ("Second paragraph.", None),
            ("a bullet", "•"),
            ("another", "•"),
            ("Third paragraph.", None),
        ]
        assert shown == expected
        # One list instance per item, so each item counts from 1 again.
        instances = [num for _, level, num in found if level and level.endswith("%1")]
        assert len(set(instances)) == 3
        assert not any(text[:1].isdigit() for text, _, _ in found)  # no typed numbers


def test_paragraphs_are_not_numbered_by_default(repo: Repository, tmp_path: Path) -> None:
    meeting = repo.meeting(numbered_meeting(repo, numbered=False))
    assert not meeting.committee.style.numbered_paragraphs
    path = exports.write_minutes(meeting, tmp_path / "m.docx")
    assert all(level is None for text, level, _ in paragraphs(path) if text.endswith("paragraph."))


def test_the_roster_command_sets_numbered_paragraphs(
    repo: Repository, minutebook: Callable[..., tuple[int, str, str]]
) -> None:
    board = repo.create_committee("Trust Board")
    status, _, err = minutebook("roster", "Trust Board", "--numbered-paragraphs")
    assert (status, err) == (0, "")
    assert repo.committee(board.id).style.numbered_paragraphs
    assert not repo.committee(board.id).style.absent  # the other setting left alone
    status, _, _ = minutebook("roster", "Trust Board", "--no-numbered-paragraphs", "--list-absent")
    assert status == 0
    assert not repo.committee(board.id).style.numbered_paragraphs
    assert repo.committee(board.id).style.absent
