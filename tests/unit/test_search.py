"""The action register's search: every filter, free text through FTS5, and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from storage import Repository, open_repository
from storage.action_query import ActionQuery, parse_query
from storage.domain import ActionStatus
from storage.search import fts_expression, search_actions
from tui.output import format_csv, format_json, format_table

TODAY = dt.date(2024, 6, 15)


@dataclass(frozen=True)
class Register:
    """Ids of the seeded actions, named for what each is."""

    board_meeting: int
    panel_meeting: int
    report: int
    terms: int
    data: int
    ways: int
    audit: int


def seed_register(repo: Repository) -> Register:
    """Two committees, five actions of every status, one with a diacritic in an update."""
    board = repo.create_committee("Safeguarding Partnership Board")
    panel = repo.create_committee("Child Death Overview Panel")
    board_meeting = repo.create_meeting(board.id, dt.date(2024, 3, 11))
    panel_meeting = repo.create_meeting(panel.id, dt.date(2024, 4, 1))
    board_item = repo.add_item(board_meeting, "Minutes and actions from the last meeting")
    panel_item = repo.add_item(panel_meeting, "Case reviews")
    report = repo.add_action(
        board_item.id,
        "Bob Probation",
        "Bring the reoffending report to the June Board",
        "June Board",
    )
    repo.add_action_update(report.id, "Report delayed: awaiting café data", meeting_id=None)
    terms = repo.add_action(
        board_item.id,
        "Alice Chair",
        'Circulate the revised "terms of reference" (draft)',
        "by 10 April 2024",
    )
    data = repo.add_action(
        board_item.id,
        "Detective Superintendent",
        "Share NEAR-miss data - county lines*",
        "2024-05-01",
    )
    repo.add_action_update(
        data.id, "Data shared at the May meeting", status=ActionStatus.DONE, meeting_id=None
    )
    ways = repo.add_action(board_item.id, "Early Help lead", "Review ways of working", "2024-12-31")
    repo.set_action_status(ways.id, ActionStatus.DROPPED)
    audit = repo.add_action(
        panel_item.id, "Bob Probation", "Audit 100% of panel_cases", "2024-06-30"
    )
    return Register(board_meeting, panel_meeting, report.id, terms.id, data.id, ways.id, audit.id)


@pytest.fixture
def register(repo: Repository) -> Register:
    return seed_register(repo)


def found(repo: Repository, line: str) -> list[int]:
    return [hit.action.id for hit in search_actions(repo, line, today=TODAY)]


def test_open_actions_by_default_sorted_by_due_date_with_undated_last(repo, register):
    assert found(repo, "") == [register.terms, register.audit, register.report]


def test_hits_carry_committee_meeting_date_and_updates(repo, register):
    [hit] = search_actions(repo, "reoffending", today=TODAY)
    assert hit.committee_name == "Safeguarding Partnership Board"
    assert hit.meeting_date == dt.date(2024, 3, 11)
    assert hit.meeting_id == register.board_meeting
    assert [u.text for u in hit.action.updates] == ["Report delayed: awaiting café data"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("status:all", ["terms", "data", "audit", "ways", "report"]),
        ("status:done", ["data"]),
        ("status:dropped", ["ways"]),
        ("status:closed", ["data", "ways"]),
        ("STATUS:Open", ["terms", "audit", "report"]),
        ("owner:bob", ["audit", "report"]),
        ('owner:"Bob Probation"', ["audit", "report"]),
        ("owner:alice status:all", ["terms"]),
        ("committee:panel", ["audit"]),
        ('committee:"partnership board"', ["terms", "report"]),
        ("due:<2024-05-01 status:all", ["terms"]),
        ("due:>2024-06-01 status:all", ["audit", "ways"]),
        ("due:2024-04-10", ["terms"]),
        ('due:"June Board"', ["report"]),
        ("due:june", ["report"]),
        ("overdue", ["terms"]),
        ("overdue status:all", ["terms"]),
        ("owner:bob committee:board", ["report"]),
    ],
)
def test_filters(repo, register, line, expected):
    assert found(repo, line) == [getattr(register, name) for name in expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reoffending", ["report"]),
        ("REOFF", ["report"]),
        ("Café", ["report"]),
        ("delayed awaiting", ["report"]),
        ("probation", ["audit", "report"]),
        ("bob audit", ["audit"]),
        ('"terms of reference"', ["terms"]),
        ('"reference of terms"', []),
        ("(draft", ["terms"]),
        ("NEAR-miss status:all", ["data"]),
        ("lines* status:all", ["data"]),
        ("shared status:done", ["data"]),
        ("100%", ["audit"]),
        ("panel_cases", ["audit"]),
    ],
)
def test_free_text(repo, register, line, expected):
    assert found(repo, line) == [getattr(register, name) for name in expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("_ owner:bob", ["audit", "report"]),
        ("-- owner:bob", ["audit", "report"]),
        ('"_" owner:bob', ["audit", "report"]),
        ("_", ["terms", "audit", "report"]),
        ("__ reoffending", ["report"]),
        ("_reoffending_", ["report"]),
        ("__panel__", ["audit"]),
        ("__init__", []),
    ],
)
def test_a_word_with_no_letter_or_digit_is_ignored(repo, register, line, expected):
    """Underscores are punctuation, as '-' is: they split words and are never searched."""
    assert found(repo, line) == [getattr(register, name) for name in expected]


def test_underscores_split_words_in_the_query_as_in_the_index():
    assert parse_query("panel_cases").phrases == (("panel", "cases"),)
    assert parse_query("_ __ -- owner:bob").phrases == ()
    assert parse_query("__init__").words == ["init"]
    # One letter at the end of the line waits for the next, underscores or not.
    assert parse_query("report d__").words == ["report"]


def sqlite_only(repo: Repository) -> None:
    if repo.engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")


def test_diacritics_are_folded(repo, register):
    sqlite_only(repo)
    assert found(repo, "cafe") == [register.report]


@pytest.mark.parametrize(
    "line",
    [
        '"',
        '""',
        '"unbalanced',
        "*",
        "-",
        "--",
        "-report",
        "NEAR",
        "NEAR(report data, 2)",
        "report NEAR/2 data",
        "(",
        ")",
        "((report",
        "report)",
        "OR",
        "AND NOT",
        "report OR",
        ":",
        "text:report",
        "owner:",
        'owner:"',
        "^report",
        "{text owner}: data",
        "+ report",
        "'; DROP TABLE action; --",
        "due:<",
        "due:>not-a-date",
        "\\",
        "%",
        "_",
        "\x00",
    ],
)
def test_fts_syntax_is_taken_as_plain_text(repo, register, line):
    search_actions(repo, line, today=TODAY)
    search_actions(repo, line + " status:all", today=TODAY)
    assert found(repo, "status:all") != []


def test_fts_expression_quotes_every_term_and_matches_words_as_prefixes():
    assert fts_expression(parse_query('near "x" (yes')) == '"near"* "x" "yes"*'
    assert fts_expression(parse_query("report ")) == '"report"*'
    assert fts_expression(parse_query('"terms of"')) == '"terms of"'
    assert fts_expression(parse_query('"terms of')) == '"terms of"*'
    assert fts_expression(parse_query("- * ( )")) == ""


def test_a_last_word_of_one_letter_waits_for_the_next():
    assert fts_expression(parse_query("report p")) == '"report"*'
    assert fts_expression(parse_query("report p ")) == '"report"* "p"*'
    assert fts_expression(parse_query("report pr")) == '"report"* "pr"*'


def test_unknown_filters_become_hints_and_are_ignored(repo, register):
    query = parse_query("colour:red reoffending")
    assert len(query.hints) == 1
    assert "colour:" in query.hints[0]
    assert found(repo, "colour:red reoffending") == [register.report]


@pytest.mark.parametrize("line", ["status:finished", "due:<tomorrow", "due:>2024-13-45"])
def test_malformed_filter_values_become_hints(line):
    query = parse_query(line)
    assert query.hints
    assert query.statuses == ActionQuery().statuses
    assert query.due_before is None and query.due_after is None


def test_times_and_words_ending_in_colons_are_not_filters():
    query = parse_query("10:30 meeting")
    assert query.hints == ()
    assert query.words == ["10", "30", "meeting"]


def test_search_accepts_an_engine_and_a_limit(repo, register):
    hits = search_actions(repo.engine, "status:all", today=TODAY, limit=2)
    assert [h.action.id for h in hits] == [register.terms, register.data]


def test_index_follows_every_change(repo, register):
    repo.update_action(register.terms, text="Circulate the safeguarding protocol")
    assert found(repo, "reference") == []
    assert found(repo, "protocol") == [register.terms]
    repo.update_action(register.terms, owner="Carol Clerk")
    assert found(repo, "carol") == [register.terms]
    repo.add_action_update(register.audit, "Auditors appointed")
    assert found(repo, "auditors") == [register.audit]
    repo.delete_action(register.audit)
    assert found(repo, "auditors") == []
    repo.delete_meeting(register.board_meeting)
    assert found(repo, "status:all") == []


def test_search_without_the_fts_index_falls_back_to_like(repo, register):
    sqlite_only(repo)
    with repo.engine.begin() as connection:
        connection.execute(text("DROP TABLE action_fts"))
    assert found(repo, "reoffending") == [register.report]
    assert found(repo, "delayed") == [register.report]
    assert found(repo, "100%") == [register.audit]
    # No search word holds a LIKE wildcard ('_' splits words here too), and an owner is
    # matched literally: b_b would otherwise match "Bob".
    assert found(repo, "_ owner:bob") == [register.audit, register.report]
    assert found(repo, "owner:b_b") == []
    assert found(repo, '"terms of reference"') == [register.terms]


def test_migration_indexes_actions_already_stored(db_path, register, repo):
    sqlite_only(repo)
    with repo.engine.begin() as connection:
        connection.execute(text("DROP TABLE action_fts"))
        connection.execute(text("DROP INDEX ix_action_register"))
        connection.execute(text("DROP INDEX ix_action_register_status"))
        for trigger in connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).scalars():
            connection.execute(text(f"DROP TRIGGER {trigger}"))
        # What the revisions after 0002 add, so that they can run again.
        connection.execute(text("DROP TABLE public_word"))
        connection.execute(text("ALTER TABLE committee DROP COLUMN house_style"))
        connection.execute(text("ALTER TABLE action DROP COLUMN after_text"))
        connection.execute(text("DROP TABLE vote"))
        connection.execute(text("DROP TABLE declaration"))
        for column in (
            "motion",
            "mover_id",
            "seconder_id",
            "votes_for",
            "votes_against",
            "abstained",
            "result",
            "publishable",
        ):
            connection.execute(text(f"ALTER TABLE decision DROP COLUMN {column}"))
        connection.execute(text("ALTER TABLE committee DROP COLUMN quorum"))
        for column in ("exempt", "exempt_reason", "public_summary"):
            connection.execute(text(f"ALTER TABLE agenda_item DROP COLUMN {column}"))
        connection.execute(text("ALTER TABLE person DROP COLUMN initials"))
        connection.execute(text("ALTER TABLE action DROP COLUMN confidential"))
        connection.execute(text("ALTER TABLE meeting DROP COLUMN approved_on"))
        connection.execute(text("ALTER TABLE meeting DROP COLUMN approved_at_meeting_id"))
        connection.execute(text("ALTER TABLE person DROP COLUMN email"))
        connection.execute(text("ALTER TABLE roster_entry DROP COLUMN roster_group"))
        connection.execute(text("ALTER TABLE roster_entry DROP COLUMN voting"))
        connection.execute(text("DROP TABLE meeting_change"))
        connection.execute(text("DROP TABLE correction"))
        connection.execute(text("ALTER TABLE agenda_item DROP COLUMN deferred_to_name"))
        connection.execute(
            text("ALTER TABLE roster_entry ADD COLUMN in_attendance BOOLEAN NOT NULL DEFAULT 0")
        )
        connection.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    repo.engine.dispose()
    reopened = open_repository(db_path)
    try:
        assert found(reopened, "cafe") == [register.report]
        assert found(reopened, "status:all") == [
            register.terms,
            register.data,
            register.audit,
            register.ways,
            register.report,
        ]
    finally:
        reopened.engine.dispose()


def test_table_fits_80_columns_and_marks_overdue(repo, register):
    hits = search_actions(repo, "status:all", today=TODAY)
    table = format_table(hits, today=TODAY, width=80)
    lines = table.splitlines()
    assert lines[0].split() == ["Due", "Owner", "Action", "Status", "Committee", "Meeting"]
    assert set(lines[1]) == {"-", " "}
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    assert "overdue" in table
    assert lines[-1] == "5 actions"


def table_words(table: str) -> set[str]:
    return {word for line in table.splitlines() for word in line.split()}


@pytest.mark.parametrize("width", [80, 100, 160])
def test_table_wraps_a_long_committee_name_at_spaces(repo, width):
    name = "Safeguarding Children Partnership Board and Multi-Agency Arrangements"
    committee = repo.create_committee(name)
    item = repo.add_item(repo.create_meeting(committee.id, dt.date(2024, 3, 11)), "Actions")
    repo.add_action(
        item.id,
        "Detective Superintendent (Constabulary)",
        "Bring the reoffending report, with the figures for each district, to the June Board",
        "by 10 June 2024",
    )
    table = format_table(search_actions(repo, ""), today=TODAY, width=width)
    assert all(len(line) <= width for line in table.splitlines())
    # Every word of every cell is on one line, never cut into pieces.
    assert set(name.split()) <= table_words(table)
    assert {"Superintendent", "(Constabulary)", "reoffending", "district,"} <= table_words(table)
    assert "Committee" in table_words(table)
    assert len(table.splitlines()) < 14


def test_table_prints_markup_and_escapes_as_typed(repo):
    committee = repo.create_committee("The [bold]Adults[/] Board :smile:")
    item = repo.add_item(repo.create_meeting(committee.id, dt.date(2024, 3, 11)), "Actions")
    repo.add_action(item.id, "[red]Bob[/red]", "Read [link=x]this[/link] \x1b[2J now", "")
    table = format_table(search_actions(repo, ""), today=TODAY, width=80)
    words = table_words(table)
    assert {"[bold]Adults[/]", ":smile:", "[red]Bob[/red]", "[link=x]this[/link]"} <= words
    assert "\x1b" not in table and "[2J" in words


def test_table_is_plain_text_at_the_width_asked(repo, register):
    hits = search_actions(repo, "status:all", today=TODAY)
    wide = format_table(hits, today=TODAY)
    assert 80 < max(len(line) for line in wide.splitlines()) <= 100
    assert len(wide.splitlines()) < len(format_table(hits, today=TODAY, width=80).splitlines())
    assert "\x1b" not in wide


def test_csv_has_a_row_per_action_with_updates(repo, register):
    rows = list(csv.DictReader(io.StringIO(format_csv(search_actions(repo, "status:all")))))
    assert [int(r["id"]) for r in rows] == [
        register.terms,
        register.data,
        register.audit,
        register.ways,
        register.report,
    ]
    report = rows[-1]
    assert report["due"] == "June Board" and report["due_date"] == ""
    assert report["latest_update"].endswith("Report delayed: awaiting café data")
    assert rows[0]["action"] == 'Circulate the revised "terms of reference" (draft)'


def test_json_lists_actions_with_their_updates(repo, register):
    records = json.loads(format_json(search_actions(repo, "status:done")))
    assert len(records) == 1
    assert records[0]["status"] == "done"
    assert records[0]["meeting_id"] == register.board_meeting
    assert records[0]["updates"][0]["text"].startswith("Data shared at the May meeting")
