"""The writer behind the screen: a flush writes the notes and the changes queued since the
last one in a single transaction, in the order they were made; a change the database
refuses outright is dropped alone; a database away keeps all of it for the next flush."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from sqlalchemy import event

from storage import Repository
from storage.domain import AttendanceStatus
from storage.errors import DatabaseUnreachable
from tui.saving import Change, NotesSaver


@pytest.fixture
def commits(repo: Repository) -> Iterator[list[str]]:
    """Each transaction committed on the repository's engine."""
    seen: list[str] = []

    def committed(_connection: Any) -> None:
        seen.append("commit")

    event.listen(repo.engine, "commit", committed)
    yield seen
    event.remove(repo.engine, "commit", committed)


def delivered() -> tuple[list[Any], Any]:
    """A list and a `deliver` that runs each outcome at once, keeping what it was given."""
    outcomes: list[Any] = []

    def deliver(callback: Any, argument: Any) -> None:
        outcomes.append(argument)
        callback(argument)

    return outcomes, deliver


def test_notes_and_changes_are_written_in_one_transaction_in_order(
    repo: Repository, meeting_id: int, commits: list[str]
) -> None:
    meeting = repo.meeting(meeting_id)
    item, attendee = meeting.items[0], meeting.attendees[0]
    outcomes, deliver = delivered()
    saver = NotesSaver(repo.save_notes, deliver, repo.together)
    saver.put(item.id, "The chair welcomed everyone.")
    for status in (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES):
        saver.add(Change("mark", partial(repo.update_attendance, attendee.id, status=status)))
    saver.add(Change("action", lambda: repo.add_action(item.id, "Board", "Send the report")))
    assert saver.flush() is None
    assert commits == ["commit"]
    assert saver.idle
    after = repo.meeting(meeting_id)
    assert after.items[0].notes == "The chair welcomed everyone."
    assert after.attendees[0].status == AttendanceStatus.APOLOGIES  # the later mark wins
    assert [action.text for action in after.actions] == ["Send the report"]
    assert len(outcomes) == 3


def test_a_change_refused_outright_is_dropped_alone(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    item = meeting.items[0]
    gone = repo.add_action(item.id, "Board", "An action deleted elsewhere")
    repo.delete_action(gone.id)
    refusals: list[str] = []
    saver = NotesSaver(repo.save_notes, delivered()[1], repo.together)
    saver.put(item.id, "Notes typed meanwhile.")
    saver.add(Change("before", lambda: repo.add_decision(item.id, "Agreed first")))
    saver.add(
        Change(
            "edit of a deleted action",
            lambda: repo.update_action(gone.id, text="Edited"),
            refused=refusals.append,
        )
    )
    saver.add(Change("after", lambda: repo.add_decision(item.id, "Agreed after")))
    assert saver.flush() is None
    assert len(refusals) == 1 and "no action" in refusals[0]
    after = repo.meeting(meeting_id)
    assert after.items[0].notes == "Notes typed meanwhile."
    assert [d.text for d in after.decisions] == ["Agreed first", "Agreed after"]
    assert saver.idle


def test_a_database_away_mid_flush_keeps_everything_and_writes_none_of_it(
    repo: Repository, meeting_id: int
) -> None:
    item = repo.meeting(meeting_id).items[0]
    away = [True]

    def flaky() -> None:
        if away[0]:
            raise DatabaseUnreachable("cannot reach the database server")
        repo.add_decision(item.id, "Agreed once back")

    saver = NotesSaver(repo.save_notes, delivered()[1], repo.together)
    saver.put(item.id, "Words before the outage.")
    saver.add(Change("first", lambda: repo.add_decision(item.id, "Agreed before")))
    saver.add(Change("second", flaky))
    assert isinstance(saver.flush(), DatabaseUnreachable)
    untouched = repo.meeting(meeting_id)
    assert untouched.items[0].notes == "" and not untouched.decisions
    assert saver.pending == {item.id: "Words before the outage."}
    assert [change.what for change in saver.changes] == ["first", "second"]
    away[0] = False
    assert saver.flush() is None
    after = repo.meeting(meeting_id)
    assert after.items[0].notes == "Words before the outage."
    assert [d.text for d in after.decisions] == ["Agreed before", "Agreed once back"]
