"""Hostile files, URLs and text: one clear line and exit status 2, nothing written, no crash;
and every file minutebook writes is private, new, and never written through a link."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import BadInput, Repository, open_repository
from storage.agenda import parse_agenda
from storage.dates import parse_time_range
from storage.errors import DatabaseUnusable
from storage.files import private_folder, write_new_private, write_private
from storage.search import search_actions
from tests.unit.test_cli import assert_one_line_error, minutebook
from tui.launch import refused_by_database
from tui.output import format_csv, format_table


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_private_folders_and_new_files_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        folder = private_folder(tmp_path / "data" / "minutebook")
        first = write_new_private(folder, "unsaved-notes", ".txt", b"one")
        second = write_new_private(folder, "unsaved-notes", ".txt", b"two")
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    assert first != second and first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert mode(first) == mode(second) == 0o600


def test_a_link_is_never_written_through(tmp_path: Path) -> None:
    someone_elses = tmp_path / "theirs.txt"
    someone_elses.write_text("theirs")
    link = tmp_path / "dump.json"
    link.symlink_to(someone_elses)
    with pytest.raises(BadInput, match="already exists"):
        write_private(link, b"minutes", force=False)
    write_private(link, b"minutes", force=True)
    assert someone_elses.read_text() == "theirs"
    assert not link.is_symlink() and link.read_bytes() == b"minutes" and mode(link) == 0o600


def test_dump_refuses_to_replace_a_file_unless_forced(
    repo: Repository, meeting_id: int, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "dump.json"
    target.write_text("earlier")
    assert_one_line_error(
        minutebook("dump", str(meeting_id), "-o", str(target), db=db_path), "--force"
    )
    assert target.read_text() == "earlier"
    result = minutebook("dump", str(meeting_id), "-o", str(target), "--force", db=db_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["format"] == "minutebook-meeting"
    assert mode(target) == 0o600
    long_name = tmp_path / ("x" * 300 + ".json")
    assert_one_line_error(
        minutebook("dump", str(meeting_id), "-o", str(long_name), db=db_path), "too long"
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("foo://", "SQLite file or on a PostgreSQL server"),
        ("mysql://db.example.org/minutes", "SQLite file or on a PostgreSQL server"),
        ("http://example.org", "SQLite file or on a PostgreSQL server"),
        ("://", "not a database URL"),
        ("sqlite://", "in memory keeps nothing"),
        ("sqlite:///:memory:", "in memory keeps nothing"),
        (":memory:", "in memory keeps nothing"),
    ],
)
def test_databases_that_keep_nothing_or_are_not_supported(
    url: str, said: str, tmp_path: Path
) -> None:
    assert_one_line_error(minutebook("--db", url, "meetings", cwd=tmp_path), said)
    assert list(tmp_path.iterdir()) == []


def test_a_foreign_sqlite_file_is_left_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "accounts.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE ledger (amount INTEGER)")
    with pytest.raises(DatabaseUnusable, match="not minutebook's"):
        open_repository(foreign)
    with sqlite3.connect(foreign) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
    assert names == ["ledger"]


def test_errors_never_carry_what_was_typed(repo: Repository) -> None:
    with pytest.raises(sa.exc.IntegrityError) as raised, repo.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO agenda_item (meeting_id, title) VALUES (:m, :t)"),
            {"m": 999_999, "t": "Notes about Child Q"},
        )
        connection.execute(
            sa.text("INSERT INTO committee (id, name) VALUES (1, :n), (1, :n)"),
            {"n": "Child Q board"},
        )
    assert "Child Q" not in str(raised.value)


def test_a_database_that_refuses_is_one_line(monkeypatch, capsys) -> None:
    from tui import launch

    error = sa.exc.OperationalError("INSERT", {}, Exception("attempt to write a readonly database"))
    assert refused_by_database(error)

    def refuse() -> None:
        raise error

    monkeypatch.setattr("sys.argv", ["minutebook", "meetings"])
    monkeypatch.setattr("tui.cli.run_command", refuse)
    with pytest.raises(SystemExit) as exit_:
        launch.main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "minutebook: cannot use the database: the database file is read-only\n"
    )


def load_with(tmp_path: Path, db_path: Path, text: str) -> None:
    path = tmp_path / "meeting.json"
    path.write_text(text)
    assert_one_line_error(minutebook("load", str(path), db=db_path), "meeting.json")


def test_hostile_dumps_are_refused_whole(
    repo: Repository, meeting_id: int, db_path: Path, tmp_path: Path
) -> None:
    from storage.transfer import dumps_meeting

    good = dumps_meeting(repo.meeting(meeting_id))
    before = len(repo.meetings())
    load_with(tmp_path, db_path, "[" * 100_000 + "]" * 100_000)
    load_with(tmp_path, db_path, good.replace('"version": 1', '"version": ' + "9" * 5000))
    load_with(tmp_path, db_path, good.replace('"venue": "', '"venue": "\\ud800', 1))
    document = json.loads(good)
    document["reviewed"] = [
        {"owner": "Probation", "text": "Bring the findings", "raised_on": "2023-12-13"}
    ] * 2
    load_with(tmp_path, db_path, json.dumps(document))
    document = json.loads(good)
    document["attendance"][0]["arrived_at"] = "9999-12-31T23:59:59-14:00"
    load_with(tmp_path, db_path, json.dumps(document))
    assert len(repo.meetings()) == before


def test_spreadsheets_and_terminals_get_inert_text(repo: Repository, meeting_id: int) -> None:
    item = repo.meeting(meeting_id).items[0]
    repo.add_action(item.id, '=HYPERLINK("http://x")', "\x1b[31mred\x1b[0m and @SUM(A1)", "")
    hits = search_actions(repo, "status:all")
    table = format_table(hits)
    assert "\x1b" not in table and "[31mred" in table
    rows = format_csv(hits)
    assert "'=HYPERLINK" in rows and ",=" not in rows


def test_meetings_list_prints_no_escape_sequences(repo: Repository, db_path: Path) -> None:
    repo.create_committee("Board \x1b]0;pwned\x07 of \x9b2J")
    result = minutebook(
        "new", "Board \x1b]0;pwned\x07 of \x9b2J", "--date", "2024-01-01", db=db_path
    )
    assert result.returncode == 0, result.stderr
    listed = minutebook("meetings", db=db_path).stdout
    assert "\x1b" not in listed and "\x07" not in listed and "\x9b" not in listed


@pytest.mark.parametrize(
    ("agenda", "refused"),
    [
        ("Item one\n\x85Item two", "control characters"),
        ("Item one\x0cItem two", "control characters"),
        ("Item one\u2028Item two", "control characters"),
        ("Cllr \x1b[2J Smith", "control characters"),
    ],
)
def test_agenda_lines_that_would_split_or_hide(agenda: str, refused: str) -> None:
    with pytest.raises(BadInput, match=refused):
        parse_agenda(agenda)


def test_an_agenda_with_a_byte_order_mark_keeps_its_heading() -> None:
    rows = parse_agenda("\ufeff# Standing items\r\nAny Other Business\r\n")
    assert [(r.title, r.is_section) for r in rows] == [
        ("Standing items", True),
        ("Any Other Business", False),
    ]


def test_a_meeting_cannot_end_before_it_starts() -> None:
    assert parse_time_range("13.00-15.00") == ("13:00", "15:00")
    with pytest.raises(BadInput, match="ends before it starts"):
        parse_time_range("15:00-13:00")


def test_after_a_checkpoint_the_database_file_alone_holds_every_word(
    repo: Repository, meeting_id: int, db_path: Path, tmp_path: Path
) -> None:
    import shutil

    item = repo.meeting(meeting_id).items[0]
    repo.save_notes(item.id, "The last words before closing.")
    repo.checkpoint()
    copy = tmp_path / "copy.db"
    shutil.copyfile(db_path, copy)  # the .db alone, without its -wal file
    with sqlite3.connect(copy) as connection:
        [(notes,)] = connection.execute("SELECT notes FROM agenda_item WHERE id = ?", (item.id,))
    assert notes == "The last words before closing."


def test_keys_that_are_not_utf_8_are_read_as_latin_1() -> None:
    import inspect

    from textual.drivers import linux_driver

    from tui.terminal_input import read_any_byte

    # The reader this mends is the one Textual's driver makes by that name.
    assert 'getincrementaldecoder("utf-8")' in inspect.getsource(linux_driver.LinuxDriver)
    read_any_byte()
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"caf\xe9 ok \xc3", final=False) == "café ok "
    # A character split between two reads is still one UTF-8 character.
    assert decode(b"\xa9", final=True) == "é"


def test_a_damaged_database_is_refused_before_anything_is_written(
    repo: Repository, meeting_id: int, db_path: Path
) -> None:
    repo.checkpoint()
    repo.engine.dispose()
    with db_path.open("r+b") as file:
        file.seek(4096 * 3)
        file.write(b"\xde\xad" * 2048)
    before = db_path.read_bytes()
    for command in (("new", "Board", "--date", "2025-01-01"), ("dump", str(meeting_id))):
        assert_one_line_error(minutebook(*command, db=db_path), "is damaged")
    assert db_path.read_bytes() == before
