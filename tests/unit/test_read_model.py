"""One read model: an object read alone equals the same object read with its meeting, and
the schema the migrations build is the one the tables declare."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import Repository
from storage.demo import load_demo


def test_each_object_read_alone_equals_it_read_with_its_meeting(repo: Repository) -> None:
    meeting_id = load_demo(repo)
    item = repo.meeting(meeting_id).items[2]
    attendee = repo.meeting(meeting_id).attendees[1]
    # Every field set, so that a converter forgetting one would show.
    repo.start_item(item.id, dt.datetime(2024, 3, 11, 13, 5, tzinfo=dt.UTC))
    repo.end_item(item.id, dt.datetime(2024, 3, 11, 13, 25, tzinfo=dt.UTC))
    repo.update_item(item.id, confidential=True)
    repo.mark_arrived(attendee.id, dt.datetime(2024, 3, 11, 13, 10, tzinfo=dt.UTC), item.id)
    repo.mark_left(attendee.id, dt.datetime(2024, 3, 11, 14, 0, tzinfo=dt.UTC), item.id)
    repo.update_attendance(attendee.id, note="(part)")
    repo.update_person(attendee.person.id, initials="JT")
    meeting = repo.meeting(meeting_id)

    assert meeting.items and meeting.actions and meeting.attendees and meeting.decisions
    for whole_item in meeting.items:
        assert repo.item(whole_item.id) == whole_item
    for whole_action in (*meeting.actions, *(r.action for r in meeting.reviewed)):
        assert repo.action(whole_action.id) == whole_action
    assert repo.committee(meeting.committee.id) == meeting.committee
    people = {person.id: person for person in repo.people()}
    for whole_attendee in meeting.attendees:
        assert people[whole_attendee.person.id] == whole_attendee.person
    changed = repo.update_attendance(attendee.id, note="(part)")
    assert changed == next(a for a in meeting.attendees if a.id == attendee.id)
    moved = repo.update_decision(meeting.decisions[0].id, meeting.decisions[0].text)
    assert moved == meeting.decisions[0]


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_migrations_build_the_tables_the_code_declares(repo: Repository) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.tables import SQLModel

    made_by_migrations_alone = {
        # The action search index (an FTS5 table on SQLite, a trigger-kept column and its
        # index on PostgreSQL) and the register's expression indexes: the database's own,
        # never read or written by the code through the tables.
        ("column", "search_vector"),
        ("index", "ix_action_search"),
        ("index", "ix_action_register"),
        ("index", "ix_action_register_status"),
    }

    def declared(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
        if kind == "table" and (name or "").startswith("action_fts"):
            return False
        return (kind, name) not in made_by_migrations_alone

    with repo.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": declared})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_quick_reader_on_a_server_reads_what_the_repository_reads(
    postgres_server: str,
) -> None:
    """The first screen on PostgreSQL is read through psycopg alone: the same meeting, the
    same database named in recovery files, and notes written as the repository writes them."""
    from storage import open_repository
    from storage.errors import DatabaseUnreachable
    from storage.quick import ServerReader, open_quickly
    from tests.conftest import server_database

    with server_database(postgres_server) as url:
        repo = open_repository(url)
        meeting_id = load_demo(repo)
        opening = open_quickly(url)
        assert opening is not None and isinstance(opening._reader, ServerReader)
        try:
            assert opening.meeting(meeting_id) == repo.meeting(meeting_id)
            assert opening.meetings() == repo.meetings()
            assert opening.resolve_meeting(str(meeting_id)) == meeting_id
            assert opening.where == repo.where
            assert "@" in repo.where and "***" not in repo.where
            item = repo.meeting(meeting_id).items[0]
            opening.save_notes(item.id, "Typed\x00 at once")
            assert repo.item(item.id).notes == "Typed at once"
        finally:
            opening._reader.close()
            repo.engine.dispose()
    with pytest.raises(DatabaseUnreachable, match="cannot reach the database server"):
        ServerReader.connect("postgresql+psycopg://nobody@127.0.0.1:1/minutes")
    assert ServerReader.connect("sqlite:///minutes.db") is None
