"""minutebook on PostgreSQL: search vector, leases across processes, a lost server.

Every test here runs on SQLite too where the behaviour is shared (two processes, leases,
any search line); the ones about PostgreSQL itself skip on SQLite.
"""

from __future__ import annotations

import datetime as dt
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Repository, engine, open_repository
from storage.action_query import parse_query
from storage.database import HEAD_REVISION
from storage.engine import current_revision
from storage.errors import DatabaseUnreachable
from storage.search import search_actions, tsquery_terms
from tests.unit.test_search import TODAY, Register, seed_register

ROOT = Path(__file__).resolve().parents[2]


# -- helpers shared with the other PostgreSQL tests ------------------------------------


def admin_engine(server: str) -> sa.Engine:
    """A connection to the test server outside any transaction, for ALTER DATABASE."""
    return sa.create_engine(server, isolation_level="AUTOCOMMIT")


def cut_off(server: str, url: str) -> None:
    """The server refuses the database and drops every connection to it, as in an outage."""
    name = sa.engine.make_url(url).database
    admin = admin_engine(server)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        connection.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
    admin.dispose()


def restore(server: str, url: str) -> None:
    """The server takes connections to the database again."""
    name = sa.engine.make_url(url).database
    admin = admin_engine(server)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    admin.dispose()


def postgres_only(repo: Repository) -> None:
    if repo.engine.dialect.name != "postgresql":
        pytest.skip("about PostgreSQL itself")


def found(repo: Repository, line: str) -> list[int]:
    return [hit.action.id for hit in search_actions(repo, line, today=TODAY)]


@pytest.fixture
def register(repo: Repository) -> Register:
    return seed_register(repo)


# -- the schema -----------------------------------------------------------------------


def test_search_vector_is_postgresql_only(repo: Repository) -> None:
    assert current_revision(repo.engine) == HEAD_REVISION
    columns = {column["name"] for column in sa.inspect(repo.engine).get_columns("action")}
    postgresql = repo.engine.dialect.name == "postgresql"
    with repo.engine.connect() as connection:
        indexes = set(
            connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'action'"
                if postgresql
                else "SELECT name FROM sqlite_master WHERE type = 'index'"
            ).scalars()
        )
    if postgresql:
        assert "search_vector" in columns
        assert "ix_action_search" in indexes
    else:
        assert "search_vector" not in columns
        assert "ix_action_search" not in indexes


def test_vector_weighs_text_owner_and_updates_apart(repo: Repository, register: Register):
    postgres_only(repo)
    with repo.engine.connect() as connection:
        vector = connection.execute(
            sa.text("SELECT search_vector::text FROM action WHERE id = :id"),
            {"id": register.report},
        ).scalar_one()
    assert "'reoffending':3A" in vector
    assert "'bob':" in vector and "B" in vector.split("'bob':")[1].split(" ")[0]
    assert "'cafe':" in vector and vector.split("'cafe':")[1].split(" ")[0].endswith("C")


# -- search through the vector ----------------------------------------------------------


def tsquery_text(repo: Repository, line: str) -> str:
    """What PostgreSQL makes of a search line's free text and owner words."""
    from storage.action_query import WORD
    from storage.search import _tsvector_clause

    query = parse_query(line)
    clause = _tsvector_clause(query, WORD.findall(query.owner or ""))
    tsquery = clause.right
    with repo.engine.connect() as connection:
        return str(connection.execute(sa.select(sa.cast(tsquery, sa.Text))).scalar_one())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('near "x" (yes', "'near':* & 'x' & 'yes':*"),
        ("report owner:bob", "'report':* & 'bob':*B"),
        ('"terms of reference"', "'terms' <-> 'of' <-> 'reference'"),
        ('"terms of ref', "'terms' <-> 'of' <-> 'ref':*"),
        ("NEAR-miss", "'near' <-> 'miss':*"),
        ("panel_cases", "'panel' <-> 'cases':*"),
        ("Café", "'cafe':*"),
        ("'; DROP TABLE action; --", "'drop':* & 'table':* & 'action':*"),
    ],
)
def test_words_are_quoted_prefixes(repo: Repository, line: str, expected: str) -> None:
    postgres_only(repo)
    assert tsquery_text(repo, line) == expected


def test_terms_are_plain_words_and_operators() -> None:
    terms = tsquery_terms(parse_query('"a_b c" de__'))
    rendered = "".join(t if isinstance(t, str) else f"[{t.word}]{t.suffix}" for t in terms)
    assert rendered == "[a] <-> [b] <-> [c] & [de]:*"


def test_search_goes_through_the_vector_not_like(
    repo: Repository, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres_only(repo)

    def no_like(*_: object) -> None:
        raise AssertionError("the ILIKE fallback was used")

    monkeypatch.setattr("storage.search._like_clause", no_like)
    assert found(repo, "reoffending") == [register.report]
    # Only the folded index finds 'café' from 'cafe'; ILIKE would not.
    assert found(repo, "cafe") == [register.report]
    assert found(repo, "owner:prob") == [register.audit, register.report]
    # A phrase does not run from the text into the owner ('... June Board' + 'Bob ...').
    assert found(repo, '"board bob"') == []


def test_nul_characters_never_fail_a_save_or_a_search(repo: Repository, register: Register):
    item = repo.add_item(register.board_meeting, "Any other business")
    repo.save_notes(item.id, "pasted\x00text")
    assert repo.item(item.id).notes.replace("\x00", "") == "pastedtext"
    search_actions(repo, "owner:a\x00b committee:\x00 due:\x00 re\x00port", today=TODAY)


LINE_PARTS = st.sampled_from(
    [
        "report",
        "rep",
        "REOFF",
        "café",
        "cafe",
        "delayed",
        "awaiting",
        "probation",
        "bob",
        "data",
        "shared",
        "terms",
        "of",
        "reference",
        "board",
        "june",
        "NEAR-miss",
        "near",
        "miss",
        "lines*",
        "panel_cases",
        "panel",
        "cases",
        "100%",
        "audit",
        '"terms of reference"',
        '"of terms"',
        '"board bob"',
        '"data shared',
        "(draft",
        "_",
        "__",
        "owner:bob",
        "owner:probation",
        'owner:"Detective Super"',
        "owner:---",
        "status:all",
        "status:done",
        "committee:panel",
        "overdue",
        "due:<2024-06-01",
        "x",
        "OR",
        "NOT",
        "*",
        '"',
    ]
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(parts=st.lists(LINE_PARTS, min_size=1, max_size=4))
def test_postgresql_finds_what_sqlite_finds(
    repo: Repository, register: Register, twin: tuple[Repository, Register], parts: list[str]
) -> None:
    """The same line finds the same actions in FTS5 and in the tsvector."""
    postgres_only(repo)
    sqlite_repo, sqlite_register = twin
    line = " ".join(parts)
    names = {getattr(register, f): f for f in Register.__dataclass_fields__}
    sqlite_names = {getattr(sqlite_register, f): f for f in Register.__dataclass_fields__}
    on_postgres = [names[i] for i in found(repo, line)]
    on_sqlite = [sqlite_names[i] for i in found(sqlite_repo, line)]
    assert on_postgres == on_sqlite, line


@pytest.fixture
def twin(repo: Repository, tmp_path: Path) -> Iterator[tuple[Repository, Register]]:
    """The same register in a SQLite file beside the repository under test."""
    sqlite_repo = open_repository(tmp_path / "twin.db")
    yield sqlite_repo, seed_register(sqlite_repo)
    sqlite_repo.engine.dispose()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(line=st.text(max_size=40))
def test_no_search_line_is_an_error(repo: Repository, register: Register, line: str) -> None:
    search_actions(repo, line, today=TODAY)
    search_actions(repo, f"owner:{line} {line}", today=TODAY)


# -- two processes on one database --------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time
    from storage import open_repository

    database, meeting_id, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    repo = open_repository(database)
    item_id = repo.meeting(meeting_id).items[0].id
    text = ""
    for round_ in range(rounds):
        text += f"line {round_} of meeting {meeting_id}\\n"
        repo.save_notes(item_id, text)
        repo.add_action(item_id, "Clerk", f"action {round_}")
    print("done", flush=True)
    """
)

HOLDER = textwrap.dedent(
    """
    import sys, time
    from storage import open_repository

    database, meeting_id, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    repo = open_repository(database)
    assert repo.acquire_lease(meeting_id, "first-laptop", seconds=seconds)
    print("held", flush=True)
    while True:
        # Renewed far more often than it lapses, as the app renews its leases.
        time.sleep(seconds / 10)
        repo.acquire_lease(meeting_id, "first-laptop", seconds=seconds)
    """
)


def python(script: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *(str(a) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_two_processes_work_on_different_meetings_at_once(
    repo: Repository, database: str, meeting_id: int
) -> None:
    committee = repo.meeting(meeting_id).committee
    other = repo.create_meeting(committee.id, dt.date(2024, 4, 8))
    repo.add_item(other, "Minutes and actions from the last meeting")
    rounds = 25
    workers = [python(WORKER, database, m, rounds) for m in (meeting_id, other)]
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert out == "done\n"
    for m in (meeting_id, other):
        meeting = repo.meeting(m)
        lines = meeting.items[0].notes.splitlines()
        assert lines == [f"line {r} of meeting {m}" for r in range(rounds)]
        assert [a.text for a in meeting.actions] == [f"action {r}" for r in range(rounds)]


def test_a_meeting_open_elsewhere_is_read_only_until_its_holder_dies(
    repo: Repository, database: str, meeting_id: int
) -> None:
    holder = python(HOLDER, database, meeting_id, 3)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        assert not repo.acquire_lease(meeting_id, "second-laptop", seconds=3)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    # Death releases nothing: the lease is still there, and lapses on its own.
    with repo.engine.connect() as connection:
        lease = connection.execute(
            sa.text("SELECT holder, expires_at FROM meeting_lease WHERE meeting_id = :m"),
            {"m": meeting_id},
        ).one()
    assert lease.holder == "first-laptop"
    deadline = time.monotonic() + 60
    while not repo.acquire_lease(meeting_id, "second-laptop", seconds=3):
        assert time.monotonic() < deadline, "the lease never lapsed"
        time.sleep(0.2)
    # Now the second laptop holds it, and the first would be refused.
    assert not repo.acquire_lease(meeting_id, "first-laptop", seconds=3)


def test_only_one_of_many_takes_a_free_lease(repo: Repository, meeting_id: int) -> None:
    """Clerks opening one meeting at the same moment: exactly one may edit it."""
    contenders = 6
    for round_ in range(12):
        barrier = threading.Barrier(contenders)
        outcomes: list[bool | BaseException] = []

        def contend(
            name: str,
            barrier: threading.Barrier = barrier,
            outcomes: list[bool | BaseException] = outcomes,
        ) -> None:
            barrier.wait()
            try:
                outcomes.append(repo.acquire_lease(meeting_id, name, seconds=60))
            except BaseException as error:
                outcomes.append(error)

        threads = [
            threading.Thread(target=contend, args=(f"laptop-{round_}-{n}",))
            for n in range(contenders)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes, key=str) == [False] * (contenders - 1) + [True], outcomes
        with repo.engine.connect() as connection:
            winner = connection.execute(
                sa.text("SELECT holder FROM meeting_lease WHERE meeting_id = :m"),
                {"m": meeting_id},
            ).scalar_one()
        # Every other round the lease is released, else it lapses: both paths are raced.
        if round_ % 2:
            repo.release_lease(meeting_id, winner)
        else:
            assert repo.acquire_lease(meeting_id, winner, seconds=-1)


# -- a lost server -------------------------------------------------------------------------


def test_a_save_while_the_server_is_away_fails_clearly_then_succeeds(
    repo: Repository, database: str, meeting_id: int, postgres_server: str
) -> None:
    postgres_only(repo)
    from tui.problems import describe_failure
    from tui.saving import NotesSaver

    item_id = repo.meeting(meeting_id).items[0].id
    saver = NotesSaver(repo.save_notes)
    saver.put(item_id, "Words typed before the outage")
    assert saver.flush() is None
    cut_off(postgres_server, database)
    try:
        # The pooled connection, used a moment ago, is found gone when used; the pool
        # then drops it, and the next try finds the server refusing new ones.
        with pytest.raises(DatabaseUnreachable, match="lost the connection"):
            repo.save_notes(item_id, "direct")
        saver.put(item_id, "Words typed before the outage, and during it")
        error = saver.flush()
        assert isinstance(error, DatabaseUnreachable)
        assert describe_failure(error).startswith("cannot reach the database server")
        assert "not currently accepting connections" in str(error)
        assert saver.pending == {item_id: "Words typed before the outage, and during it"}
    finally:
        restore(postgres_server, database)
    # The same repository, with no reopening: the pool reconnects.
    assert saver.flush() is None
    assert saver.pending == {}
    assert repo.item(item_id).notes == "Words typed before the outage, and during it"


def test_a_connection_dropped_mid_transaction_is_reported_and_replaced(
    repo: Repository, database: str, meeting_id: int, postgres_server: str
) -> None:
    postgres_only(repo)
    item_id = repo.meeting(meeting_id).items[0].id
    admin = admin_engine(postgres_server)
    try:
        with (
            pytest.raises(DatabaseUnreachable, match="lost the connection"),
            repo.engine.connect() as connection,
        ):
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with admin.connect() as kill:
                kill.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid or 0)})")
            connection.exec_driver_sql("SELECT 1")
    finally:
        admin.dispose()
    repo.save_notes(item_id, "after the drop")
    assert repo.item(item_id).notes == "after the drop"


def test_server_connections_are_killed_between_saves_without_a_failure(
    repo: Repository, database: str, meeting_id: int, postgres_server: str
) -> None:
    """A server restart between two saves goes unnoticed: the saver finds its connection
    gone and at once writes again on a new one (nothing had been written on the old)."""
    postgres_only(repo)
    from tui.saving import NotesSaver

    item_id = repo.meeting(meeting_id).items[0].id
    saver = NotesSaver(repo.save_notes, together=repo.together)
    saver.put(item_id, "one")
    assert saver.flush() is None
    cut_off(postgres_server, database)
    restore(postgres_server, database)
    saver.put(item_id, "one two")
    assert saver.flush() is None
    assert repo.item(item_id).notes == "one two"


def test_a_server_that_never_answers_is_given_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that takes the connection and then says nothing fails within the timeout."""
    monkeypatch.setitem(engine.SERVER_TIMEOUTS, "connect_timeout", "1")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    port = silent.getsockname()[1]
    try:
        with pytest.raises(DatabaseUnreachable, match=f"127.0.0.1:{port}"):
            open_repository(f"postgresql+psycopg://clerk@127.0.0.1:{port}/minutebook")
    finally:
        silent.close()
