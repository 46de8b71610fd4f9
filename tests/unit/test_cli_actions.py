"""`minutebook actions` in each format, and `minutebook attendance`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.unit.test_search import Register, seed_register
from tests.unit.test_search_attendance import seed_attendance


@pytest.fixture
def register(repo) -> Register:
    return seed_register(repo)


@pytest.fixture(autouse=True)
def no_terminal_settings(monkeypatch):
    """The tables' width and colour come from here alone, not from the shell running pytest."""
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def test_table_lists_open_actions_within_80_columns(minutebook, register, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    status, out, err = minutebook("actions")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Due", "Owner", "Action", "Status", "Committee", "Meeting"]
    assert all(len(line) <= 80 for line in lines)
    assert lines[-1] == "3 actions"
    assert "reoffending" in out and "Review ways" not in out


def test_piped_table_is_100_columns_of_plain_text(minutebook, register, monkeypatch):
    # Even when told to colour, output that is not a terminal gets no escape sequences.
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = minutebook("actions", "--status", "all")
    lines = out.splitlines()
    assert 80 < max(len(line) for line in lines) <= 100
    assert "\x1b" not in out


def test_table_wraps_names_at_spaces_and_prints_brackets_as_typed(minutebook, repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    name = "Safeguarding Children Partnership Board and Multi-Agency Arrangements"
    committee = repo.create_committee(name)
    item = repo.add_item(repo.create_meeting(committee.id, dt.date(2024, 3, 11)), "Actions")
    repo.add_action(item.id, "[bold]Bob[/bold]", "Bring the [red]findings[/red] to the Board", "")
    status, out, _ = minutebook("actions")
    words = {word for line in out.splitlines() for word in line.split()}
    assert status == 0
    assert all(len(line) <= 80 for line in out.splitlines())
    assert set(name.split()) <= words
    assert {"[bold]Bob[/bold]", "[red]findings[/red]"} <= words


def test_search_and_options_narrow_the_list(minutebook, register):
    _, out, _ = minutebook("actions", "report", "--status", "all", "--owner", "bob")
    assert out.splitlines()[-1] == "1 action"
    _, out, _ = minutebook("actions", "--committee", "panel")
    assert "Audit 100%" in out and out.splitlines()[-1] == "1 action"


def test_csv_for_a_spreadsheet(minutebook, register):
    status, out, _ = minutebook("actions", "--status", "all", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert len(rows) == 5
    assert {r["status"] for r in rows} == {"open", "done", "dropped"}
    assert rows[0]["committee"] == "Safeguarding Partnership Board"


def test_json_for_scripts(minutebook, register):
    status, out, _ = minutebook("actions", "owner:bob", "--format", "json")
    records = json.loads(out)
    assert status == 0
    assert [r["id"] for r in records] == [register.audit, register.report]
    assert records[1]["updates"][0]["text"] == "Report delayed: awaiting café data"


def test_fts_syntax_in_the_search_is_plain_text(minutebook, register):
    status, out, err = minutebook("actions", 'NEAR( "terms -of* (', "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("actions", "--format", "xml"), "--format xml: give table, csv or json"),
        (("actions", "--status", "late"), "--status late: give open, done, dropped"),
        (("actions", "colour:red"), "unknown filter colour:"),
        (("attendance", "No Such Board"), "no committee named 'No Such Board'"),
        (("attendance", "Safeguarding Partnership Board", "--since", "March"), "not a date"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(minutebook, register, arguments, message):
    status, out, err = minutebook(*arguments)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert message in err


def test_attendance_per_organisation_and_member(minutebook, repo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    seed_attendance(repo)
    status, out, err = minutebook("attendance", "Safeguarding Partnership Board")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Safeguarding Partnership Board: 3 meetings, 2024-01-08 to 2024-03-11"
    assert lines[2].split() == ["Organisation", "Attended", "Apologies", "Missed"]
    assert set(lines[3]) == {"-", " "}
    assert lines[4].split() == ["Constabulary", "1", "1", "1"]
    assert lines[5].split() == ["Probation", "2", "0", "1"]
    member = next(line for line in lines if line.startswith("Bob Probation"))
    assert member.split()[-4:] == ["1", "1", "0", "1"]
    assert all(len(line) <= 80 for line in lines)


def test_attendance_since_a_date(minutebook, repo):
    seed_attendance(repo)
    _, out, _ = minutebook("attendance", "Safeguarding Partnership Board", "--since", "2024-03-01")
    assert out.splitlines()[0] == "Safeguarding Partnership Board: 1 meeting, 2024-03-11"
