"""JSON dump and load: any meeting survives the round trip, and bad files are refused whole."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import BadInput, Repository, open_repository
from storage.agenda import AgendaRow
from storage.domain import ActionStatus, AttendanceStatus
from storage.transfer import dump_meeting, dumps_meeting, load_meeting

# Any text a person could type or paste: every code point but lone surrogates.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NAME = TEXT.filter(lambda s: s.strip() != "")


@pytest.fixture(scope="module")
def empty_database() -> Iterator[Path]:
    """One migrated empty database, copied for each example (migrating each time is slow)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "empty.db"
        open_repository(path).engine.dispose()
        yield path


def fresh_repository(template: Path, folder: Path, name: str) -> Repository:
    target = folder / name
    shutil.copy(template, target)
    return open_repository(target)


@st.composite
def meetings(draw: st.DrawFn) -> dict:
    return {
        "committee": draw(NAME),
        "marking": draw(TEXT),
        "venue": draw(TEXT),
        "people": draw(
            st.lists(
                st.tuples(st.none() | TEXT, TEXT, TEXT, st.sampled_from(list(AttendanceStatus))),
                max_size=4,
            )
        ),
        "agenda": draw(
            st.lists(st.tuples(st.booleans(), NAME, st.booleans(), TEXT), min_size=1, max_size=5)
        ),
        "notes": draw(st.lists(TEXT, max_size=5)),
        "actions": draw(
            st.lists(st.tuples(TEXT, TEXT, TEXT, st.lists(NAME, max_size=2)), max_size=3)
        ),
        "decisions": draw(st.lists(TEXT, max_size=2)),
        "earlier_action": draw(st.none() | st.tuples(TEXT, TEXT)),
        "confidential": draw(st.booleans()),
    }


def build(repo: Repository, spec: dict) -> int:
    committee = repo.create_committee(spec["committee"], spec["marking"])
    if spec["earlier_action"]:
        earlier = repo.create_meeting(
            committee.id, dt.date(2023, 12, 13), agenda=[AgendaRow("Item")]
        )
        owner, text = spec["earlier_action"]
        action = repo.add_action(repo.meeting(earlier).items[0].id, owner, text, "next meeting")
        repo.add_action_update(
            action.id, "Earlier update", at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC)
        )
    agenda = [
        AgendaRow(title, is_section=is_section, numbered=numbered, presenter=presenter)
        for is_section, title, numbered, presenter in spec["agenda"]
    ]
    if all(row.is_section for row in agenda):
        agenda.append(AgendaRow("Any Other Business"))
    meeting_id = repo.create_meeting(
        committee.id, dt.date(2024, 3, 11), venue=spec["venue"], agenda=agenda
    )
    items = repo.meeting(meeting_id).items
    for name, role, organisation, status in spec["people"]:
        person = repo.add_person(name, role, organisation)
        attendee = repo.add_attendee(meeting_id, person.id, status)
        repo.mark_arrived(
            attendee.id, dt.datetime(2024, 3, 11, 13, 30, tzinfo=dt.UTC), items[-1].id
        )
    for item, notes in zip(items, spec["notes"], strict=False):
        repo.save_notes(item.id, notes)
        repo.start_item(item.id, dt.datetime(2024, 3, 11, 13, 5, tzinfo=dt.UTC))
    for owner, text, due, updates in spec["actions"]:
        action = repo.add_action(items[0].id, owner, text, due)
        for update in updates:
            repo.add_action_update(action.id, update, meeting_id=meeting_id)
    for text in spec["decisions"]:
        repo.add_decision(items[-1].id, text)
    if spec["confidential"]:
        repo.update_item(items[-1].id, confidential=True)
    if len(items) > 1:
        repo.defer_item(items[1].id, dt.date(2024, 6, 10))
    reviewed = repo.meeting(meeting_id).reviewed
    if reviewed:
        repo.add_action_update(
            reviewed[0].action.id, "Done now", meeting_id=meeting_id, status=ActionStatus.DONE
        )
    return meeting_id


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=meetings())
def test_any_meeting_survives_dump_then_load(spec: dict, empty_database: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = fresh_repository(empty_database, Path(folder), "source.db")
        original = dump_meeting(source.meeting(build(source, spec)))
        text = json.dumps(original, ensure_ascii=False)

        target = fresh_repository(empty_database, Path(folder), "target.db")
        assert dump_meeting(target.meeting(load_meeting(target, text))) == original
        source.engine.dispose()
        target.engine.dispose()


def test_dump_names_its_format_and_carries_no_database_ids(
    repo: Repository, meeting_id: int
) -> None:
    document = json.loads(dumps_meeting(repo.meeting(meeting_id)))
    assert (document["format"], document["version"]) == ("minutebook-meeting", 1)
    assert document["items"][0]["key"] == "i1"
    assert "id" not in document["items"][0]
    assert document["attendance"][0]["person"] == "p1"


def test_reviewed_actions_are_not_duplicated_when_loaded_where_they_exist(
    repo: Repository, meeting_id: int
) -> None:
    march = repo.meeting(meeting_id)
    action = repo.add_action(march.items[0].id, "Probation", "Bring findings")
    june = repo.create_meeting(
        march.committee.id, dt.date(2024, 6, 10), agenda=[AgendaRow("Minutes")]
    )
    repo.add_action_update(action.id, "In hand", meeting_id=june)
    text = dumps_meeting(repo.meeting(june))
    load_meeting(repo, text)
    assert [a.id for a in repo.actions()] == [action.id]
    assert [u.text for u in repo.action(action.id).updates] == ["In hand"]


VALID = {
    "format": "minutebook-meeting",
    "version": 1,
    "committee": {"name": "Board"},
    "meeting": {"date": "2024-03-11"},
    "items": [{"key": "i1", "title": "Minutes"}],
}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a minutebook meeting"),
        (json.dumps({**VALID, "version": 2}), "format version 2 is not supported"),
        (json.dumps({**VALID, "meeting": {"date": "11/03/2024"}}), "meeting.date"),
        (json.dumps({**VALID, "surprise": 1}), "surprise"),
        (json.dumps({**VALID, "decisions": [{"item": "i9", "text": "x"}]}), "unknown key 'i9'"),
        (
            json.dumps(
                {**VALID, "items": [{"key": "i1", "title": "a"}, {"key": "i1", "title": "b"}]}
            ),
            "two items share a key",
        ),
        (
            json.dumps(
                {**VALID, "items": [{"key": "i1", "title": "a", "started_at": "2024-03-11T13:00"}]}
            ),
            "started_at",
        ),
    ],
)
def test_bad_documents_write_nothing(repo: Repository, document: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        load_meeting(repo, document, source="in.json")
    assert repo.meetings() == [] and repo.committees() == []


def test_a_valid_minimal_document_loads(repo: Repository) -> None:
    meeting = repo.meeting(load_meeting(repo, json.dumps(VALID)))
    assert meeting.committee.name == "Board"
    assert [i.title for i in meeting.items] == ["Minutes"]


def test_initials_travel_with_the_person(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    alice = repo.meeting(meeting_id).attendees[0].person
    repo.update_person(alice.id, initials="AC")
    text = dumps_meeting(repo.meeting(meeting_id))
    other = open_repository(tmp_path / "other.db")
    try:
        loaded = other.meeting(load_meeting(other, text, source="dump"))
        assert loaded.attendees[0].person.initials == "AC"
    finally:
        other.engine.dispose()


def test_meetings_moved_oldest_first_keep_their_review_updates(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    march = repo.meeting(meeting_id)
    action = repo.add_action(march.items[0].id, "Probation", "Bring findings")
    june = repo.create_meeting(
        march.committee.id, dt.date(2024, 6, 10), agenda=[AgendaRow("Minutes")]
    )
    repo.add_action_update(action.id, "In hand", meeting_id=june)
    dumps = [dumps_meeting(repo.meeting(m)) for m in (meeting_id, june)]
    other = open_repository(tmp_path / "other.db")
    try:
        loaded = [load_meeting(other, text) for text in dumps]
        [moved] = other.actions()
        assert [(u.text, u.meeting_id) for u in moved.updates] == [("In hand", loaded[1])]
        assert other.meeting(loaded[1]).reviewed[0].action.updates[0].meeting_id == loaded[1]
    finally:
        other.engine.dispose()
