"""Minutes approved at a later meeting with corrections: applied, kept, printed, and read
only after; refused whole when a correction does not fit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest

import exports
from storage import BadInput, Repository
from storage.agenda import parse_agenda
from storage.corrections import Requested
from storage.domain import MeetingStatus, PublicationRules
from storage.transfer import dump_meeting, load_meeting


def circulated_with_june(repo: Repository, meeting_id: int) -> int:
    march = repo.meeting(meeting_id)
    finance = march.items[2]
    repo.save_notes(finance.id, "The budget was £4.2m.\nBob Probation gave apologies.")
    repo.add_decision(finance.id, "Approved the budget of £4.2m.")
    repo.circulate_meeting(meeting_id)
    agenda = parse_agenda("Minutes of the last meeting\nAny Other Business\n")
    return repo.create_meeting(march.committee.id, dt.date(2024, 6, 10), agenda=agenda)


def test_corrections_are_applied_kept_and_printed(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    june = circulated_with_june(repo, meeting_id)
    corrections = [
        Requested("3", "£4.2m.\n", "£4.3m.\n"),
        Requested("3.", "Approved the budget of £4.2m", "Approved the budget of £4.3m"),
        Requested("4", "CYPS SEND", "CYPS SEND (Ofsted)"),
    ]
    repo.approve_meeting(meeting_id, june, corrections)
    march = repo.meeting(meeting_id)
    assert march.status is MeetingStatus.APPROVED
    assert march.items[2].notes == "The budget was £4.3m.\nBob Probation gave apologies."
    assert march.decisions[0].text == "Approved the budget of £4.3m."
    assert march.items[3].title == "CYPS SEND (Ofsted) Inspection"
    assert [(c.place, c.said) for c in march.corrections] == [
        ("3. Early Help - changes to ways of working", "£4.2m.\n"),
        ("3. Early Help - changes to ways of working", "Approved the budget of £4.2m"),
        ("4. CYPS SEND Inspection", "CYPS SEND"),
    ]
    history = [c.what for c in repo.history(meeting_id)]
    assert any("notes" in what for what in history), history
    later = repo.meeting(june)
    assert [len(a.corrections) for a in later.approvals] == [3]
    path = exports.write_minutes(later, tmp_path / "june.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs) + "\n".join(
        c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells
    )
    assert "were agreed as a true record, with these corrections:" in text
    assert "4. CYPS SEND Inspection: for “CYPS SEND” read “CYPS SEND (Ofsted)”." in text
    with pytest.raises(BadInput, match="approved"):
        repo.save_notes(march.items[2].id, "Changed after approval.")


@pytest.mark.parametrize(
    ("wanted", "reason"),
    [
        (Requested("9", "x", "y"), "no item 9"),
        (Requested("3", "£9m", "£1m"), "does not say '£9m'"),
        (Requested("3", "4.2m", "4.3m"), "2 times: quote more"),
        (Requested("3", "", "y"), "say what the minutes said"),
        (Requested("3", "budget", "budget"), "changes nothing"),
    ],
)
def test_a_correction_that_does_not_fit_changes_nothing(
    repo: Repository, meeting_id: int, wanted: Requested, reason: str
) -> None:
    june = circulated_with_june(repo, meeting_id)
    before = repo.meeting(meeting_id)
    good = Requested("4", "CYPS SEND", "CYPS SEND (Ofsted)")
    with pytest.raises(BadInput, match=reason):
        repo.approve_meeting(meeting_id, june, [good, wanted])
    assert repo.meeting(meeting_id) == before
    assert repo.meeting(meeting_id).status is MeetingStatus.CIRCULATED


def test_a_correction_may_not_break_a_redaction(repo: Repository, meeting_id: int) -> None:
    june = circulated_with_june(repo, meeting_id)
    item = repo.meeting(meeting_id).items[1]
    repo.save_notes(item.id, "About ||Child A|| at school.")
    with pytest.raises(BadInput, match="redaction"):
        repo.approve_meeting(meeting_id, june, [Requested("2", "A|| at", "B at")])
    repo.approve_meeting(meeting_id, june, [Requested("2", "Child A", "Child B")])
    assert repo.meeting(meeting_id).items[1].notes == "About ||Child B|| at school."


def test_the_public_version_prints_corrections_without_names_or_private_items(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    june = circulated_with_june(repo, meeting_id)
    march = repo.meeting(meeting_id)
    repo.update_item(march.items[3].id, confidential=True)
    repo.approve_meeting(
        meeting_id,
        june,
        [
            Requested("3", "Bob Probation gave", "Bob Probation sent"),
            Requested("4", "CYPS SEND", "CYPS SEND (secret)"),
        ],
    )
    later = repo.meeting(june)
    rules = repo.publication_rules(later.committee.id, later.id)
    assert isinstance(rules, PublicationRules)
    path = exports.write_minutes(later, tmp_path / "public.docx", public=rules)
    document = docx.Document(str(path))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "with these corrections" in text
    assert "Bob" not in text and "Probation gave" not in text.replace("Head of Service", "")
    assert "secret" not in text


def test_corrections_go_through_a_dump(repo: Repository, meeting_id: int) -> None:
    june = circulated_with_june(repo, meeting_id)
    repo.approve_meeting(meeting_id, june, [Requested("4", "CYPS SEND", "CYPS SEND (Ofsted)")])
    document = dump_meeting(repo.meeting(meeting_id), history=repo.history(meeting_id))
    assert document["corrections"] == [
        {
            "item": document["items"][3]["key"],
            "place": "4. CYPS SEND Inspection",
            "said": "CYPS SEND",
            "now_says": "CYPS SEND (Ofsted)",
        }
    ]
    copy = repo.meeting(load_meeting(repo, json.dumps(document)))
    assert copy.status is MeetingStatus.APPROVED
    assert [(c.place, c.now_says) for c in copy.corrections] == [
        ("4. CYPS SEND Inspection", "CYPS SEND (Ofsted)")
    ]
    assert copy.items[3].title == "CYPS SEND (Ofsted) Inspection"
