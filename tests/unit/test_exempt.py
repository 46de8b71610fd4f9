"""Exempt ("Part B") business: the refusals, the exclusion resolution, the members' and
public versions, the extracts of the command line, and the meeting's JSON."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest

import exports
from storage import BadInput, Repository
from storage.domain import Item, Meeting
from storage.exempt import exclusion_paragraphs, reason_label
from storage.transfer import dumps_meeting, load_meeting

Run = Callable[..., tuple[int, str, str]]

SECRET_NOTES = "The bid from Harbour Freight Limited came in well under the estimate."
SECRET_DECISION = "Negotiate the final price with the preferred bidder first."
SECRET_ACTION = "Write to the preferred bidder about the revised figures."
PUBLISHED_DECISION = "Award the haulage contract, within the approved budget."
SUMMARY = "The Board considered the tenders for the haulage contract."
SECOND_NOTES = "The tribunal claim of the former employee is to be settled out of court."


def titled(meeting: Meeting, start: str) -> Item:
    return next(i for i in meeting.items if i.title.startswith(start))


@pytest.fixture
def exempt_meeting(repo: Repository, meeting_id: int) -> Meeting:
    """Item 3 exempt under paragraph 3 (a summary, one publishable decision, one not, an
    action), item 4 exempt for a reason in words (no summary)."""
    for person in repo.people():
        repo.add_attendee(meeting_id, person.id)
    meeting = repo.meeting(meeting_id)
    tender, claim = titled(meeting, "Early Help"), titled(meeting, "CYPS")
    repo.save_notes(tender.id, SECRET_NOTES)
    repo.update_item(tender.id, exempt=True, exempt_reason="3", public_summary=SUMMARY)
    repo.update_decision(repo.add_decision(tender.id, PUBLISHED_DECISION).id, publishable=True)
    repo.add_decision(tender.id, SECRET_DECISION)
    repo.add_action(tender.id, "Head of Service", SECRET_ACTION)
    repo.save_notes(claim.id, SECOND_NOTES)
    repo.update_item(claim.id, exempt=True, exempt_reason="legal advice")
    return repo.meeting(meeting_id)


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = {c._tc: c.text for t in document.tables for r in t.rows for c in r.cells}
    return "\n".join([*(p.text for p in document.paragraphs), *cells.values()])


def every_part(path: Path) -> list[tuple[str, str]]:
    """Each part of the package: its name, and its text with and without the tags."""
    with zipfile.ZipFile(path) as package:
        raw = {
            name: package.read(name).decode("utf-8", errors="replace")
            for name in package.namelist()
        }
    return [(name, f"{xml}\n{re.sub(r'<[^>]+>', '', xml)}") for name, xml in raw.items()]


# -- storage -----------------------------------------------------------------------------


def test_an_exempt_item_needs_a_reason_and_nothing_is_saved(
    repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[0]
    for reason in ("", "   "):
        with pytest.raises(BadInput, match="needs its reason"):
            repo.update_item(item.id, exempt=True, exempt_reason=reason, public_summary="S")
    with pytest.raises(BadInput, match="one line"):
        repo.update_item(item.id, exempt=True, exempt_reason="x" * 300)
    kept = repo.item(item.id)
    assert (kept.exempt, kept.exempt_reason, kept.public_summary) == (False, "", "")


def test_exempt_fields_are_read_back_and_can_be_taken_off(
    repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[0]
    changed = repo.update_item(item.id, exempt=True, exempt_reason=" 3 ", public_summary="S")
    assert (changed.exempt, changed.exempt_reason, changed.public_summary) == (True, "3", "S")
    read = repo.meeting(meeting_id).item(item.id)
    assert (read.exempt, read.exempt_reason, read.public_summary) == (True, "3", "S")
    assert not repo.update_item(item.id, exempt=False).exempt
    decision = repo.add_decision(item.id, "Agreed.")
    assert repo.update_decision(decision.id, publishable=True).publishable
    assert repo.meeting(meeting_id).decisions[0].publishable
    assert repo.update_decision(decision.id, "Agreed again.").publishable  # text alone


def test_paragraphs_of_the_exclusion() -> None:
    def item(reason: str) -> Item:
        return Item(id=1, meeting_id=1, title="T", exempt=True, exempt_reason=reason)

    assert exclusion_paragraphs([item("5"), item("paragraph 3")]) == "3 and 5"
    assert exclusion_paragraphs([item("Para. 1"), item("3"), item("3"), item("7")]) == "1, 3 and 7"
    assert exclusion_paragraphs([item("3"), item("legal advice")]) == "3 and legal advice"
    assert reason_label("3") == "paragraph 3"
    assert reason_label("legal  advice") == "legal advice"


# -- the Word minutes --------------------------------------------------------------------


def test_members_version_prints_the_exclusion_and_every_exempt_item_whole(
    exempt_meeting: Meeting, tmp_path: Path
) -> None:
    text = document_text(exports.write_minutes(exempt_meeting, tmp_path / "members.docx"))
    assert "in paragraph(s) 3 and legal advice of Part 1 of Schedule 12A" in text
    assert text.count("press and public be excluded") == 1
    # The resolution stands before the first exempt item.
    assert text.index("be excluded") < text.index("Early Help")
    for said in (SECRET_NOTES, SECRET_DECISION, SECRET_ACTION, PUBLISHED_DECISION, SECOND_NOTES):
        assert said in text
    assert "Exempt: paragraph 3" in text and "Exempt: legal advice" in text


def test_public_version_holds_the_title_summary_and_publishable_decisions_only(
    repo: Repository, exempt_meeting: Meeting, tmp_path: Path
) -> None:
    rules = repo.publication_rules(exempt_meeting.committee.id, exempt_meeting.id)
    path = exports.write_minutes(exempt_meeting, tmp_path / "public.docx", public=rules)
    text = document_text(path)
    for kept in ("Early Help", SUMMARY, PUBLISHED_DECISION, "This item was considered in private."):
        assert kept in text
    assert "be excluded" in text and "Exempt: paragraph 3" in text
    secrets = [SECRET_NOTES, SECRET_DECISION, SECRET_ACTION, SECOND_NOTES, "Harbour Freight"]
    secrets += ["Alice Chair", "Bob Probation"]
    for name, content in every_part(path):
        for secret in secrets:
            assert secret not in content, (name, secret)
            assert secret.lower() not in content.lower(), (name, secret)


def test_the_scan_stops_exempt_text_that_reaches_the_public_version(
    repo: Repository, exempt_meeting: Meeting, tmp_path: Path
) -> None:
    """Exempt notes copied into a public item are caught before the file is written;
    a sentence of them put in the public summary is published on purpose."""
    rules = repo.publication_rules(exempt_meeting.committee.id, exempt_meeting.id)
    leaky = exempt_meeting.with_items(
        replace(i, notes=SECRET_NOTES) if i.title.startswith("Any Other") else i
        for i in exempt_meeting.items
    )
    target = tmp_path / "public.docx"
    with pytest.raises(BadInput, match="exempt item"):
        exports.write_minutes(leaky, target, public=rules)
    assert not target.exists()
    tender = titled(exempt_meeting, "Early Help")
    repo.update_item(tender.id, public_summary=SECRET_NOTES)
    again = repo.meeting(exempt_meeting.id)
    assert SECRET_NOTES in document_text(exports.write_minutes(again, target, public=rules))


# -- the command line ----------------------------------------------------------------------


def test_exempt_only_holds_the_attendance_and_the_exempt_items(
    minutebook: Run, exempt_meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = minutebook("export", str(exempt_meeting.id), "--exempt-only")
    assert status == 0, err
    path = Path(out.strip())
    assert path.name == "safeguarding-partnership-board-minutes-2024-03-11-exempt.docx"
    text = document_text(path)
    assert "Exempt business" in text and "Attendees" in text
    assert SECRET_NOTES in text and SECOND_NOTES in text and "be excluded" in text
    assert "Live Updates" not in text and "Any Other Business" not in text
    status, _, err = minutebook("export", str(exempt_meeting.id), "--exempt-only", "--public")
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_item_extract_for_members_and_public_and_an_unknown_number(
    minutebook: Run, exempt_meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tender = titled(exempt_meeting, "Early Help")
    number = tender.number.rstrip(".")
    status, out, err = minutebook("export", str(exempt_meeting.id), "--item", number)
    assert status == 0, err
    path = Path(out.strip())
    assert path.name.endswith(f"-minutes-2024-03-11-item-{number}.docx")
    text = document_text(path)
    assert "Meeting Name:" in text and f"Extract: item {number}" in text
    assert SECRET_NOTES in text and SECRET_ACTION in text and PUBLISHED_DECISION in text
    assert SECOND_NOTES not in text and "Attendees" not in text

    status, out, err = minutebook("export", str(exempt_meeting.id), "--item", number, "--public")
    assert status == 0, err
    public = Path(out.strip())
    assert public.name.endswith(f"-item-{number}-public.docx")
    assert SUMMARY in document_text(public) and PUBLISHED_DECISION in document_text(public)
    for name, content in every_part(public):
        for secret in (SECRET_NOTES, SECRET_DECISION, SECRET_ACTION, SECOND_NOTES):
            assert secret not in content, (name, secret)

    status, out, err = minutebook("export", str(exempt_meeting.id), "--item", "42")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "42" in err


# -- the meeting's JSON -----------------------------------------------------------------


def test_dump_and_load_carry_exempt_items_and_publishable_decisions(
    repo: Repository, exempt_meeting: Meeting
) -> None:
    text = dumps_meeting(exempt_meeting)
    document = json.loads(text)
    tender = next(i for i in document["items"] if i["title"].startswith("Early Help"))
    assert tender["exempt"] == {"reason": "3", "public_summary": SUMMARY}
    assert next(i for i in document["items"] if i["title"].startswith("Live"))["exempt"] is None
    assert [d["publishable"] for d in document["decisions"]] == [True, False]
    loaded = repo.meeting(load_meeting(repo, text))
    assert dumps_meeting(loaded) == text

    tender["exempt"] = {"public_summary": "S"}
    with pytest.raises(BadInput, match="reason"):
        load_meeting(repo, json.dumps(document))
    tender["exempt"] = {"reason": " ", "public_summary": "S"}
    with pytest.raises(BadInput, match="needs its reason"):
        load_meeting(repo, json.dumps(document))
