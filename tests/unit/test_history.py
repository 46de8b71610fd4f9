"""Approved minutes are read-only in storage itself, and every change made to minutes once
circulated is kept, in the clerk's words, in their history."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from storage import BadInput, Repository, open_repository
from storage import repository as repository_module
from storage.domain import ActionStatus, AttendanceStatus, ItemStatus, MeetingStatus
from storage.transfer import dumps_meeting, load_meeting
from tests.unit.test_cli import assert_one_line_error, minutebook

READ_ONLY = "the minutes of 11 March 2024 are approved: they can no longer change"


class Clock:
    """`storage.repository.now`, moved on by hand."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2024, 3, 20, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def later(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(repository_module, "now", clock)
    return clock


@pytest.fixture
def minuted(repo: Repository, meeting_id: int) -> dict[str, int]:
    """The March meeting with notes, a decision and an action, and a June meeting."""
    march = repo.meeting(meeting_id)
    item = march.items[2]
    repo.save_notes(item.id, "Early Help set out the new ways of working.")
    decision = repo.add_decision(item.id, "The Board agreed the changes.")
    action = repo.add_action(item.id, "Probation", "Bring the findings", "June")
    june = repo.create_meeting(march.committee.id, dt.date(2024, 6, 10))
    return {
        "march": meeting_id,
        "june": june,
        "item": item.id,
        "other_item": march.items[3].id,
        "section": march.sections[0].id,
        "attendance": march.attendees[0].id,
        "person": march.attendees[0].person.id,
        "decision": decision.id,
        "action": action.id,
    }


@pytest.fixture
def approved(repo: Repository, minuted: dict[str, int]) -> dict[str, int]:
    repo.circulate_meeting(minuted["march"])
    repo.approve_meeting(minuted["march"], minuted["june"])
    return minuted


Write = Callable[[Repository, dict[str, int]], Any]

REFUSED: dict[str, Write] = {
    "update_meeting": lambda r, m: r.update_meeting(m["march"], venue="Elsewhere"),
    "update_meeting status": lambda r, m: r.update_meeting(m["march"], status="draft"),
    "delete_meeting": lambda r, m: r.delete_meeting(m["march"]),
    "add_section": lambda r, m: r.add_section(m["march"], "New heading"),
    "rename_section": lambda r, m: r.rename_section(m["section"], "Renamed"),
    "delete_section": lambda r, m: r.delete_section(m["section"]),
    "add_item": lambda r, m: r.add_item(m["march"], "Late item"),
    "update_item title": lambda r, m: r.update_item(m["item"], title="Retitled"),
    "update_item presenter": lambda r, m: r.update_item(m["item"], presenter="Someone"),
    "update_item confidential": lambda r, m: r.update_item(m["item"], confidential=True),
    "update_item numbered": lambda r, m: r.update_item(m["item"], numbered=False),
    "move_item": lambda r, m: r.move_item(m["item"], 0),
    "delete_item": lambda r, m: r.delete_item(m["other_item"]),
    "save_notes": lambda r, m: r.save_notes(m["item"], "Typed over"),
    "start_item": lambda r, m: r.start_item(m["item"]),
    "set_item_status": lambda r, m: r.set_item_status(m["item"], ItemStatus.TAKEN),
    "defer_item": lambda r, m: r.defer_item(m["item"]),
    "add_attendee": lambda r, m: r.add_attendee(
        m["march"], r.add_person("Newcomer").id, AttendanceStatus.PRESENT
    ),
    "update_attendance": lambda r, m: r.update_attendance(
        m["attendance"], status=AttendanceStatus.APOLOGIES
    ),
    "mark_arrived": lambda r, m: r.mark_arrived(
        m["attendance"], dt.datetime(2024, 3, 11, 13, 30, tzinfo=dt.UTC)
    ),
    "remove_attendee": lambda r, m: r.remove_attendee(m["attendance"]),
    "add_decision": lambda r, m: r.add_decision(m["item"], "Another decision"),
    "update_decision": lambda r, m: r.update_decision(m["decision"], "Reworded"),
    "move_decision": lambda r, m: r.move_decision(m["decision"], m["other_item"]),
    "delete_decision": lambda r, m: r.delete_decision(m["decision"]),
    "add_action": lambda r, m: r.add_action(m["item"], "Police", "Report back"),
    "update_action text": lambda r, m: r.update_action(m["action"], text="Reworded"),
    "update_action due": lambda r, m: r.update_action(m["action"], due_text="September"),
    "move_action": lambda r, m: r.move_action(m["action"], m["other_item"]),
    "delete_action": lambda r, m: r.delete_action(m["action"]),
    "redact": lambda r, m: r.redact("notes", m["item"], "Early Help"),
}


@pytest.mark.parametrize("write", REFUSED.values(), ids=REFUSED.keys())
def test_approved_minutes_refuse_every_change(
    repo: Repository, approved: dict[str, int], write: Write
) -> None:
    before = repo.meeting(approved["march"]), repo.history(approved["march"])
    with pytest.raises(BadInput, match=f"^{READ_ONLY}$"):
        write(repo, approved)
    assert (repo.meeting(approved["march"]), repo.history(approved["march"])) == before


def test_refused_inside_a_larger_transaction_too(
    repo: Repository, approved: dict[str, int]
) -> None:
    before = repo.meeting(approved["march"])
    june_item = repo.add_item(approved["june"], "Minutes of the last meeting")
    with pytest.raises(BadInput, match=READ_ONLY), repo.together():
        repo.save_notes(june_item.id, "Agreed.")
        repo.save_notes(approved["item"], "Typed over")
    assert repo.meeting(approved["march"]) == before
    assert repo.item(june_item.id).notes == ""


def test_what_lives_on_after_approval(repo: Repository, approved: dict[str, int]) -> None:
    action = approved["action"]
    repo.add_action_update(action, "Findings due in June.", meeting_id=approved["june"])
    repo.add_action_update(action, "", owner="Police", due_text="September")
    repo.set_action_status(action, ActionStatus.DONE)
    done = repo.action(action)
    assert (done.status, done.owner, done.due_text) == (ActionStatus.DONE, "Police", "September")
    assert len(done.updates) == 3
    repo.delete_meeting(approved["june"])  # clears where the March minutes were approved
    march = repo.meeting(approved["march"])
    assert (march.status, march.approved_at_meeting_id) == (MeetingStatus.APPROVED, None)


def test_an_item_deferred_in_approved_minutes_still_carries(
    repo: Repository, minuted: dict[str, int]
) -> None:
    repo.defer_item(minuted["item"], dt.date(2024, 9, 1))  # not to June: to September
    repo.approve_meeting(minuted["march"], minuted["june"])
    march = repo.meeting(minuted["march"])
    september = repo.create_meeting(march.committee.id, dt.date(2024, 9, 9))
    titles = [i.title for i in repo.meeting(september).items]
    assert "Early Help - changes to ways of working" in titles


def test_nothing_is_kept_for_a_draft(repo: Repository, minuted: dict[str, int]) -> None:
    repo.save_notes(minuted["item"], "Redrafted")
    repo.update_item(minuted["item"], title="Retitled")
    repo.delete_decision(minuted["decision"])
    assert repo.history(minuted["march"]) == []


def test_notes_tidied_after_circulation_are_kept_as_one_change(
    repo: Repository, minuted: dict[str, int], clock: Clock
) -> None:
    repo.circulate_meeting(minuted["march"])
    first = "Early Help set out the new ways of working."
    for typed in (
        "Early Help set out",
        "Early Help set out its plan",
        "Early Help set out its plan.",
    ):
        clock.later(seconds=1)
        repo.save_notes(minuted["item"], typed)
    clock.later(minutes=9)
    repo.save_notes(minuted["item"], "Early Help set out its plans.")
    [change] = repo.history(minuted["march"])
    assert change.what == "item 3. Early Help - changes to ways of working: notes"
    assert (change.before, change.after) == (first, "Early Help set out its plans.")
    assert change.made_at == clock.moment
    clock.later(minutes=11)
    repo.save_notes(minuted["item"], "Early Help set out its plans in full.")
    later = repo.history(minuted["march"])
    assert [(c.before, c.after) for c in later] == [
        (first, "Early Help set out its plans."),
        ("Early Help set out its plans.", "Early Help set out its plans in full."),
    ]


def test_every_kind_of_change_is_kept_in_the_clerks_words(
    repo: Repository, minuted: dict[str, int], clock: Clock
) -> None:
    march = minuted["march"]
    repo.circulate_meeting(march)
    repo.update_item(minuted["item"], title="Early Help")
    added = repo.add_decision(minuted["item"], "The Board noted the report.")
    repo.delete_decision(minuted["decision"])
    repo.update_attendance(minuted["attendance"], status=AttendanceStatus.APOLOGIES)
    repo.update_meeting(march, start_time="13:30")
    repo.update_decision(added.id, "The Board noted the report with thanks.")
    repo.approve_meeting(march, minuted["june"])
    said = [(c.what, c.before, c.after) for c in repo.history(march)]
    heading = "item 3. Early Help - changes to ways of working"
    assert said == [
        (f"{heading}: title", "Early Help - changes to ways of working", "Early Help"),
        ("decision under item 3.", "", "The Board noted the report."),
        ("decision under item 3.", "The Board agreed the changes.", ""),
        ("attendance: Alice Chair", "expected", "apologies"),
        ("start time", "13:00", "13:30"),
        (
            "decision under item 3.",
            "The Board noted the report.",
            "The Board noted the report with thanks.",
        ),
        ("status", "circulated", "approved"),
    ]
    assert all(c.made_at == clock.moment for c in repo.history(march))


def test_history_is_not_read_with_the_meeting(repo: Repository, minuted: dict[str, int]) -> None:
    assert not hasattr(repo.meeting(minuted["march"]), "history")


@pytest.fixture
def statements(repo: Repository) -> Iterator[list[str]]:
    said: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            said.append(statement)

    event.listen(repo.engine, "before_cursor_execute", count)
    yield said
    event.remove(repo.engine, "before_cursor_execute", count)


def test_notes_of_a_draft_are_still_saved_in_one_statement(
    repo: Repository, minuted: dict[str, int], statements: list[str]
) -> None:
    repo.save_notes(minuted["item"], "warming the pool up")
    statements.clear()
    repo.save_notes(minuted["item"], "One statement, every second.")
    assert len(statements) == 1, statements
    assert repo.item(minuted["item"]).notes == "One statement, every second."


def test_dump_and_load_carry_the_history(
    repo: Repository, minuted: dict[str, int], clock: Clock
) -> None:
    march = minuted["march"]
    repo.circulate_meeting(march)
    repo.save_notes(minuted["item"], "Tidied.")
    repo.approve_meeting(march, minuted["june"])
    kept = repo.history(march)
    assert len(kept) == 2
    text = dumps_meeting(repo.meeting(march), history=kept)
    assert [c["what"] for c in json.loads(text)["history"]] == [c.what for c in kept]
    loaded = load_meeting(repo, text)
    assert repo.history(loaded) == kept
    assert repo.meeting(loaded).status is MeetingStatus.APPROVED
    assert dumps_meeting(repo.meeting(loaded), history=repo.history(loaded)) == text


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def database_with_history(tmp_path: Path) -> Path:
    db = tmp_path / "m.db"
    repo = open_repository(str(db))
    board = repo.create_committee("Board")
    march = repo.create_meeting(board.id, dt.date(2024, 3, 11))
    item = repo.add_item(march, "Finance report")
    repo.save_notes(item.id, "Balanced.")
    repo.circulate_meeting(march)
    repo.save_notes(item.id, "Balanced, with a long explanation. " * 10)
    repo.update_meeting(march, venue="Town Hall")
    repo.create_meeting(board.id, dt.date(2024, 6, 10))
    repo.engine.dispose()
    return db


def test_history_on_the_command_line(database_with_history: Path) -> None:
    db = database_with_history
    table = minutebook("history", "2024-03-11", db=db)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), table.stdout
    assert len(lines) == 4  # headings, rule, two changes
    assert "item 1. Finance report: notes" in table.stdout or "…" in lines[2]
    assert "…" in table.stdout and "venue" in table.stdout
    as_json = json.loads(minutebook("history", "2024-03-11", "--format", "json", db=db).stdout)
    assert as_json[0]["after"] == "Balanced, with a long explanation. " * 10
    assert [c["what"] for c in as_json] == ["item 1. Finance report: notes", "venue"]
    as_csv = minutebook("history", "2024-03-11", "--format", "csv", db=db).stdout
    assert as_csv.splitlines()[0] == "made_at,what,before,after"
    assert "Balanced, with a long explanation. " * 10 in as_csv
    never = minutebook("history", "2024-06-10", db=db)
    assert (never.returncode, never.stdout) == (
        0,
        "no changes kept: the minutes have not been circulated\n",
    )
    assert_one_line_error(minutebook("history", "2031-01-01", db=db), "2031-01-01")
    assert_one_line_error(minutebook("history", "latest", "--format", "xml", db=db), "--format")


def test_the_command_line_refuses_to_change_approved_minutes(
    database_with_history: Path, tmp_path: Path
) -> None:
    db = database_with_history
    assert minutebook("approve", "2024-03-11", "--at", "2024-06-10", db=db).returncode == 0
    report = tmp_path / "r.csv"
    report.write_text("Full Name\tUser Action\tTimestamp\nAnn Lee\tJoined\t11/03/2024, 13:00:00\n")
    assert_one_line_error(
        minutebook("teams", "2024-03-11", str(report), "--apply", db=db), READ_ONLY
    )
    dumped = tmp_path / "march.json"
    assert minutebook("dump", "2024-03-11", "-o", str(dumped), db=db).returncode == 0
    assert len(json.loads(dumped.read_text())["history"]) == 3
    loaded = minutebook("load", str(dumped), db=tmp_path / "other.db")
    assert loaded.returncode == 0, loaded.stderr
    again = minutebook(
        "history", loaded.stdout.strip(), "--format", "json", db=tmp_path / "other.db"
    )
    assert [c["what"] for c in json.loads(again.stdout)][-1] == "status"
