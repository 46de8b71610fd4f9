"""The command line as a user runs it: real processes, exit codes and one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import open_repository

AGENDA = """\
1. Minutes and actions from the last meeting
# Agenda Items for Discussion
Early Help | Early Help lead
- Lived experience
Any Other Business
"""


def minutebook(*args: str, db: Path | None = None, stdin: str = "", cwd: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "MINUTEBOOK_DB"}
    if db is not None:
        env["MINUTEBOOK_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-c", "from tui.launch import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("minutebook: ") and fragment in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture
def agenda_file(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.txt"
    path.write_text(AGENDA)
    return path


def test_new_prints_the_id_of_a_meeting_built_from_the_agenda(
    tmp_path: Path, agenda_file: Path
) -> None:
    db = tmp_path / "m.db"
    result = minutebook(
        "--db",
        str(db),
        "new",
        "SSP Board",
        "--date",
        "2024-03-11",
        "--time",
        "13.00-15:00",
        "--venue",
        "MS Teams Meeting",
        "--agenda",
        str(agenda_file),
    )
    assert result.returncode == 0, result.stderr
    meeting = open_repository(db).meeting(int(result.stdout))
    assert (meeting.committee.name, meeting.start_time, meeting.end_time) == (
        "SSP Board",
        "13:00",
        "15:00",
    )
    assert meeting.venue == "MS Teams Meeting"
    assert [i.heading for i in meeting.items] == [
        "1. Minutes and actions from the last meeting",
        "2. Early Help",
        "Lived experience",
        "3. Any Other Business",
    ]
    assert [s.title for s in meeting.sections] == ["Agenda Items for Discussion"]


def test_agenda_can_be_pasted_on_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    result = minutebook(
        "new", "Board", "--date", "2024-03-11", "--agenda", "-", db=db, stdin=AGENDA
    )
    assert result.returncode == 0, result.stderr
    assert len(open_repository(db).meeting(int(result.stdout)).items) == 4


def test_meetings_lists_newest_first(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    minutebook("new", "Board", "--date", "2024-03-11", db=db)
    minutebook("new", "Adults Board", "--date", "2024-06-10", "--time", "10:00-12:00", db=db)
    result = minutebook("meetings", db=db)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "2024-06-10 10:00-12:00" in lines[0] and "Adults Board" in lines[0]
    assert "2024-03-11" in lines[1] and "[draft]" in lines[1]
    only = minutebook("meetings", "--committee", "Board", db=db)
    assert len(only.stdout.splitlines()) == 1


def test_dump_then_load_gives_back_the_same_meeting(tmp_path: Path, agenda_file: Path) -> None:
    db, other = tmp_path / "m.db", tmp_path / "other.db"
    meeting_id = minutebook(
        "new", "Board", "--date", "2024-03-11", "--agenda", str(agenda_file), db=db
    ).stdout
    repo = open_repository(db)
    item = repo.meeting(int(meeting_id)).items[0]
    repo.save_notes(item.id, "Minutes **agreed**. Names: ||Child A||, 日本語, emoji 🙂")
    repo.add_action(item.id, "Probation", "Bring findings", "at the June Board")

    out = tmp_path / "meeting.json"
    assert minutebook("dump", "latest", "-o", str(out), db=db).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600
    loaded = minutebook("load", str(out), db=other)
    assert loaded.returncode == 0, loaded.stderr
    again = minutebook("dump", loaded.stdout.strip(), db=other)
    assert json.loads(again.stdout) == json.loads(out.read_text())
    by_date = minutebook("dump", "2024-03-11", db=db)
    assert json.loads(by_date.stdout) == json.loads(out.read_text())


def test_database_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    minutebook("new", "Board", "--date", "2024-03-11", db=db)
    assert db.stat().st_mode & 0o777 == 0o600


def test_db_option_wins_over_the_environment(tmp_path: Path) -> None:
    chosen, ignored = tmp_path / "chosen.db", tmp_path / "ignored.db"
    assert (
        minutebook(
            "--db", str(chosen), "new", "Board", "--date", "2024-03-11", db=ignored
        ).returncode
        == 0
    )
    assert chosen.exists() and not ignored.exists()


def test_db_accepts_a_sqlalchemy_url(tmp_path: Path) -> None:
    db = tmp_path / "url.db"
    assert (
        minutebook("--db", f"sqlite:///{db}", "new", "Board", "--date", "2024-03-11").returncode
        == 0
    )
    assert open_repository(db).meetings()[0].committee_name == "Board"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("dump", "42"), "no meeting with id 42"),
        (("dump", "2031-01-01"), "no meeting on 2031-01-01"),
        (("dump", "soon"), "not a meeting: 'soon'"),
        (("open", "42"), "no meeting with id 42"),
        (("new", "Board", "--date", "2024-02-30"), "not a date"),
        (("new", "Board", "--date", "2024-03-11", "--time", "13:00-"), "not a time"),
        (("new", "Board", "--date", "2024-03-11", "--time", "15:00-13:00"), "ends before"),
        (("new", "Board", "--date", "2024-03-11", "--time", "25:00-26:00"), "not a time"),
        (("new", "Board"), "--date"),
        (("new", "  ", "--date", "2024-03-11"), "needs a name"),
        (("frobnicate",), "No such command"),
        (("dump", "latest", "--colour"), "No such option"),
        (
            ("new", "Board", "--date", "2024-03-11", "--agenda", "missing.txt"),
            "missing.txt: no such file",
        ),
        (("load", "missing.json"), "missing.json: no such file"),
    ],
)
def test_bad_arguments_give_one_line_and_write_nothing(
    tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    db = tmp_path / "m.db"
    assert_one_line_error(minutebook(*args, db=db, cwd=tmp_path), fragment)
    if db.exists():
        assert open_repository(db).meetings() == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("Minutes\n# \n", "agenda.txt line 2: a '#' heading needs a title"),
        ("# Heading only\n", "no agenda items"),
        (b"\xff\xfe bad bytes", "not UTF-8 text"),
    ],
)
def test_malformed_agenda_writes_nothing(
    tmp_path: Path, content: str | bytes, fragment: str
) -> None:
    db, agenda = tmp_path / "m.db", tmp_path / "agenda.txt"
    if isinstance(content, bytes):
        agenda.write_bytes(content)
    else:
        agenda.write_text(content)
    result = minutebook("new", "Board", "--date", "2024-03-11", "--agenda", str(agenda), db=db)
    assert_one_line_error(result, fragment)
    repo = open_repository(db)
    assert repo.meetings() == [] and repo.committees() == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{oops", "not valid JSON"),
        ('{"format": "minutebook-meeting", "version": 99}', "format version 99 is not supported"),
        ('{"format": "something-else", "version": 1}', "not a minutebook meeting"),
        (
            '{"format": "minutebook-meeting", "version": 1, "committee": {"name": "B"},'
            ' "meeting": {"date": "2024-03-11"}, "items": [{"key": "i1"}]}',
            "items.0.title",
        ),
    ],
)
def test_malformed_json_writes_nothing(tmp_path: Path, content: str, fragment: str) -> None:
    db, file = tmp_path / "m.db", tmp_path / "in.json"
    file.write_text(content)
    assert_one_line_error(minutebook("load", str(file), db=db), fragment)
    assert open_repository(db).meetings() == []


def test_unusable_database_paths(tmp_path: Path) -> None:
    assert_one_line_error(
        minutebook("--db", str(tmp_path / "nowhere" / "m.db"), "meetings"), "does not exist"
    )
    not_sqlite = tmp_path / "minutes.docx"
    not_sqlite.write_bytes(b"PK\x03\x04 a word document")
    result = minutebook("--db", str(not_sqlite), "meetings")
    assert_one_line_error(result, f"{not_sqlite} is not a minutebook database")
    assert not_sqlite.read_bytes() == b"PK\x03\x04 a word document"
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    assert_one_line_error(minutebook("--db", str(corrupt), "meetings"), str(corrupt))
    assert corrupt.read_bytes() == b"SQLite format 3\x00" + b"\x07" * 5000


def test_dump_refuses_an_unwritable_output(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    minutebook("new", "Board", "--date", "2024-03-11", db=db)
    assert_one_line_error(
        minutebook("dump", "latest", "-o", str(tmp_path / "no" / "x.json"), db=db), "cannot write"
    )


def test_backup_copies_the_database_while_it_is_in_use(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    meeting_id = minutebook("new", "Board", "--date", "2024-03-11", db=db).stdout.strip()
    in_use = open_repository(db)  # another connection holds the file open meanwhile
    in_use.create_committee("Adults Board")
    copy = tmp_path / "copy.db"
    result = minutebook("backup", str(copy), db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    copied = open_repository(copy)
    assert [c.name for c in copied.committees()] == ["Adults Board", "Board"]
    assert [m.id for m in copied.meetings()] == [int(meeting_id)]
    assert_one_line_error(minutebook("backup", str(copy), db=db), "already exists")
    default = minutebook("backup", db=db, cwd=tmp_path)
    assert default.returncode == 0
    assert (tmp_path / default.stdout.strip()).name.startswith("minutebook-backup-")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_actions_table_takes_the_real_terminals_width(tmp_path: Path) -> None:
    import fcntl
    import pty
    import re
    import struct
    import termios

    db = tmp_path / "m.db"
    repo = open_repository(db)
    board = repo.create_committee("Safeguarding Children Partnership Board and Arrangements")
    item = repo.add_item(repo.create_meeting(board.id, dt.date(2024, 3, 11)), "Actions")
    repo.add_action(item.id, "[bold]Bob[/bold]", "Bring the findings " * 8, "June Board")
    repo.engine.dispose()
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 132, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env["MINUTEBOOK_DB"] = str(db)
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-c", "from tui.launch import main; main()", "actions"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    written = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process has gone and closed its end
            break
        if not chunk:
            break
        written += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = written.decode()
    assert "\x1b[" in text  # a terminal gets its headings in bold
    lines = re.sub(r"\x1b\[[0-9;]*m", "", text).replace("\r", "").splitlines()
    assert 100 < max(len(line) for line in lines) <= 132
    words = {word for line in lines for word in line.split()}
    assert {"[bold]Bob[/bold]", "Safeguarding", "Partnership", "Arrangements"} <= words


def test_a_meeting_with_its_start_time_alone(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    made = minutebook("new", "Board", "--date", "2024-03-11", "--time", "2pm", db=db)
    assert made.returncode == 0, made.stderr
    (meeting,) = open_repository(db).meetings()
    assert (meeting.start_time, meeting.end_time) == ("14:00", "")
    exported = minutebook("export", "latest", "-o", str(tmp_path / "m.docx"), db=db)
    assert exported.returncode == 0, exported.stderr
    import docx

    details = docx.Document(str(tmp_path / "m.docx")).tables[0]
    assert details.rows[1].cells[1].text == "Monday 11 March 2024 14.00"
