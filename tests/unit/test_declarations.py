"""Declarations of interest: refused when the minutes could not say them, kept in the
meeting's file, listed in the register, and printed under the declarations item and at
the item they concern."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from docx2python import docx2python

import exports
from storage import BadInput, Repository
from storage.agenda import parse_agenda
from storage.domain import AttendanceStatus, InterestAction, Meeting
from storage.transfer import dump_meeting, dumps_meeting, load_meeting

AGENDA = """\
Welcome and apologies
Declarations of interest
Minutes of the last meeting
Home care contract
Any other business
"""

Run = Callable[..., tuple[int, str, str]]


class Board:
    """A cabinet meeting: Cllr Peter Hale present, Jo Pike sent apologies."""

    def __init__(self, repo: Repository, agenda: str = AGENDA, name: str = "Cabinet") -> None:
        self.repo = repo
        self.committee = repo.create_committee(name)
        self.meeting_id = repo.create_meeting(
            self.committee.id, dt.date(2025, 5, 14), agenda=parse_agenda(agenda)
        )
        self.hale = repo.add_person("Cllr Peter Hale", "Cabinet Member for Adult Care")
        self.pike = repo.add_person("Jo Pike", "Director of Finance")
        repo.add_attendee(self.meeting_id, self.hale.id, AttendanceStatus.PRESENT)
        repo.add_attendee(self.meeting_id, self.pike.id, AttendanceStatus.APOLOGIES)
        self.items = {i.title: i for i in repo.meeting(self.meeting_id).items}

    @property
    def contract(self) -> int:
        return self.items["Home care contract"].id

    def declare(self, action: InterestAction = InterestAction.LEFT) -> None:
        self.repo.add_declaration(
            self.meeting_id,
            self.hale.id,
            self.contract,
            "his wife is employed by the provider",
            "disclosable pecuniary",
            action,
        )

    def meeting(self) -> Meeting:
        return self.repo.meeting(self.meeting_id)


@pytest.fixture
def board(repo: Repository) -> Board:
    return Board(repo)


def test_a_declaration_is_read_back_with_its_meeting(board: Board) -> None:
    board.declare()
    (declared,) = board.meeting().declarations
    assert (declared.person_id, declared.item_id, declared.kind, declared.action) == (
        board.hale.id,
        board.contract,
        "disclosable pecuniary",
        InterestAction.LEFT,
    )
    assert declared.interest == "his wife is employed by the provider"


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"person": "pike"}, "present or in attendance"),
        ({"person": "stranger"}, "present or in attendance"),
        ({"item": "elsewhere"}, "not on this meeting's agenda"),
        ({"kind": "personal"}, "not a kind of interest of this committee"),
        ({"interest": "   "}, "say what the interest is"),
    ],
)
def test_what_the_minutes_could_not_say_is_refused_and_nothing_changes(
    board: Board, change: dict[str, str], refusal: str
) -> None:
    repo = board.repo
    board.declare()
    before = board.meeting().declarations
    other = repo.create_meeting(board.committee.id, dt.date(2025, 6, 1), agenda=parse_agenda("X"))
    people = {
        "hale": board.hale.id,
        "pike": board.pike.id,
        "stranger": repo.add_person("Sam Stranger").id,
    }
    items = {"contract": board.contract, "elsewhere": repo.meeting(other).items[0].id}
    given = {"person": "hale", "item": "contract", "kind": "other registrable", "interest": "x"}
    given.update(change)
    with pytest.raises(BadInput, match=refusal) as refused:
        repo.add_declaration(
            board.meeting_id,
            people[given["person"]],
            items[given["item"]],
            given["interest"],
            given["kind"],
        )
    assert "\n" not in str(refused.value)
    with pytest.raises(BadInput, match=refusal):
        repo.update_declaration(
            before[0].id,
            person_id=people[given["person"]],
            item_id=items[given["item"]],
            interest=given["interest"],
            kind=given["kind"],
        )
    assert board.meeting().declarations == before


def test_a_declaration_is_changed_and_deleted(board: Board) -> None:
    board.declare()
    (declared,) = board.meeting().declarations
    changed = board.repo.update_declaration(
        declared.id, kind="other registrable", action=InterestAction.DID_NOT_VOTE
    )
    assert (changed.kind, changed.action, changed.interest) == (
        "other registrable",
        InterestAction.DID_NOT_VOTE,
        declared.interest,
    )
    board.repo.delete_declaration(declared.id)
    assert board.meeting().declarations == ()


def test_the_register_lists_every_meeting_of_the_committee(
    repo: Repository, board: Board, minutebook: Run
) -> None:
    board.declare()
    status, out, _ = minutebook("declarations", "Cabinet", "--format", "json")
    assert status == 0
    assert json.loads(out) == [
        {
            "date": "2025-05-14",
            "item": "4. Home care contract",
            "person": "Cllr Peter Hale, Cabinet Member for Adult Care",
            "interest": "his wife is employed by the provider",
            "kind": "disclosable pecuniary",
            "action": "left the room",
        }
    ]
    status, table, _ = minutebook("declarations", "Cabinet")
    assert status == 0
    assert table.startswith("Date") and "Home" in table and "pecuniary" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_the_register_csv_is_safe_in_a_spreadsheet(board: Board, minutebook: Run) -> None:
    board.repo.add_declaration(
        board.meeting_id, board.hale.id, board.contract, "=HYPERLINK(1)", "none"
    )
    status, out, _ = minutebook("declarations", "Cabinet", "--format", "csv")
    assert status == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert list(row) == ["date", "item", "person", "interest", "kind", "action"]
    assert not row["interest"].startswith("=")


def test_an_unknown_committee_is_one_line(board: Board, minutebook: Run) -> None:
    status, out, err = minutebook("declarations", "Nobody")
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and "Nobody" in err


def test_declarations_survive_dump_and_load(board: Board) -> None:
    board.declare()
    document = dump_meeting(board.meeting())
    assert document["declarations"] == [
        {
            "person": "p1",
            "item": "i4",
            "interest": "his wife is employed by the provider",
            "kind": "disclosable pecuniary",
            "action": "left the room",
        }
    ]
    loaded = load_meeting(board.repo, json.dumps(document))
    assert dump_meeting(board.repo.meeting(loaded))["declarations"] == document["declarations"]


@pytest.mark.parametrize(("field", "key"), [("person", "p9"), ("item", "i99")])
def test_a_declaration_of_an_unknown_key_is_refused(board: Board, field: str, key: str) -> None:
    board.declare()
    document = json.loads(dumps_meeting(board.meeting()))
    document["declarations"][0][field] = key
    meetings = len(board.repo.meetings())
    with pytest.raises(BadInput, match=f"declaration of interest refers to unknown key '{key}'"):
        load_meeting(board.repo, json.dumps(document))
    assert len(board.repo.meetings()) == meetings


def minutes_text(board: Board, tmp_path: Path, *, public: bool = False) -> str:
    meeting = board.meeting()
    rules = board.repo.publication_rules(meeting.committee.id, meeting.id) if public else None
    path = tmp_path / f"minutes-{meeting.id}{'-public' if public else ''}.docx"
    path = exports.write_minutes(meeting, path, public=rules)
    return " ".join(docx2python(str(path)).text.split())


def test_the_minutes_list_them_under_the_declarations_item_and_at_the_item(
    board: Board, tmp_path: Path
) -> None:
    board.declare()
    text = minutes_text(board, tmp_path)
    listed = (
        "Cllr Peter Hale (Cabinet Member for Adult Care) declared a disclosable pecuniary"
        " interest in item 4 (his wife is employed by the provider) and left the meeting for"
        " that item."
    )
    at_item = "Cllr Hale declared an interest and left the meeting for this item."
    assert text.index("Declarations of interest") < text.index(listed)
    assert text.index(listed) < text.index("Home care contract") < text.index(at_item)
    assert text.index(at_item) < text.index("Cllr Hale returned to the meeting.")
    assert "No declarations of interest were made." not in text


def test_no_declarations_are_said_only_under_a_declarations_item(
    repo: Repository, tmp_path: Path
) -> None:
    assert "No declarations of interest were made." in minutes_text(Board(repo), tmp_path)
    without = Board(repo, agenda="Welcome\nHome care contract\n", name="Scrutiny")
    assert "declaration" not in minutes_text(without, tmp_path).casefold()


def test_without_a_declarations_item_they_are_listed_under_the_first(
    repo: Repository, tmp_path: Path
) -> None:
    board = Board(repo, agenda="Welcome\nHome care contract\n")
    board.declare(InterestAction.DISPENSATION)
    text = minutes_text(board, tmp_path)
    assert text.index("Welcome") < text.index("declared a disclosable pecuniary interest in item 2")
    assert "Cllr Hale declared an interest and took part in this item under a dispensation." in text


def test_the_public_version_names_no_one(board: Board, tmp_path: Path) -> None:
    board.declare()
    text = minutes_text(board, tmp_path, public=True)
    assert "Hale" not in text and "Peter" not in text
    assert (
        "Cabinet Member for Adult Care declared a disclosable pecuniary interest in item 4" in text
    )
    assert "Cabinet Member for Adult Care declared an interest and left the meeting" in text


def test_someone_who_declared_stays_on_the_attendance(board: Board) -> None:
    board.declare()
    (hale,) = [a for a in board.meeting().attendees if a.person.id == board.hale.id]
    with pytest.raises(BadInput, match="declared an interest"):
        board.repo.remove_attendee(hale.id)
    assert hale in board.meeting().attendees
