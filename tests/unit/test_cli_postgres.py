"""The command line on PostgreSQL, as a user runs it: real processes given `--db URL`.

A meeting moves between a laptop's SQLite file and the team's server with `dump` and
`load`, and comes back the same. Skipped only when there is no PostgreSQL server to use.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import server_database

ROOT = Path(__file__).resolve().parents[2]

AGENDA = """\
Minutes and actions from the last meeting
# Agenda Items for Discussion
Early Help | Early Help lead
- Lived experience
Any Other Business
"""


def minutebook(*args: str, db: str, via_environment: bool = False, stdin: str = ""):
    env = {k: v for k, v in os.environ.items() if k != "MINUTEBOOK_DB"}
    if via_environment:
        env["MINUTEBOOK_DB"] = db
    else:
        args = ("--db", db, *args)
    return subprocess.run(
        [sys.executable, "-c", "from tui.launch import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture
def server(postgres_server: str) -> Iterator[str]:
    with server_database(postgres_server) as url:
        yield url


@pytest.fixture
def laptop(tmp_path: Path) -> str:
    return str(tmp_path / "laptop.db")


def test_new_meetings_and_actions_on_postgresql(server: str, tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.txt"
    agenda.write_text(AGENDA)
    meeting_id = ok(
        minutebook(
            "new",
            "Safeguarding Partnership Board",
            "--date",
            "2024-03-11",
            "--time",
            "13:00-15:00",
            "--agenda",
            str(agenda),
            db=server,
        )
    ).strip()
    assert meeting_id == "1"
    listed = ok(minutebook("meetings", db=server, via_environment=True))
    assert "Safeguarding Partnership Board" in listed
    document = json.loads(ok(minutebook("dump", "latest", db=server)))
    assert [item["title"] for item in document["items"]][:2] == [
        "Minutes and actions from the last meeting",
        "Early Help",
    ]
    assert ok(minutebook("actions", db=server)).splitlines()[-1] == "0 actions"


def test_dump_from_sqlite_load_into_postgresql_and_back(
    server: str, laptop: str, tmp_path: Path
) -> None:
    demo = ok(minutebook("demo", "--no-open", db=laptop)).strip()
    original = ok(minutebook("dump", demo, db=laptop))
    dump_file = tmp_path / "meeting.json"
    dump_file.write_text(original)

    on_server = ok(minutebook("load", str(dump_file), db=server)).strip()
    assert ok(minutebook("dump", on_server, db=server)) == original

    # Back to another laptop, from the server's own dump.
    server_dump = tmp_path / "from-server.json"
    ok(minutebook("dump", on_server, "-o", str(server_dump), db=server))
    other_laptop = str(tmp_path / "other.db")
    back = ok(minutebook("load", str(server_dump), db=other_laptop)).strip()
    assert ok(minutebook("dump", back, db=other_laptop)) == original

    # The action register reads the same on both (database ids aside).
    for line in ([], ["--status", "all"], ["report", "--status", "all"]):
        assert ok(minutebook("actions", *line, db=server)) == ok(
            minutebook("actions", *line, db=laptop)
        ), line
    records = [
        [without_ids(r) for r in json.loads(ok(minutebook("actions", "--format", "json", db=db)))]
        for db in (server, laptop)
    ]
    assert records[0] == records[1]


def without_ids(record: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in record.items() if k not in ("id", "meeting_id", "item_id")}
    kept["updates"] = [without_ids(update) for update in record.get("updates", [])]
    return kept


def test_actions_search_on_postgresql_matches_word_prefixes(
    server: str, laptop: str, tmp_path: Path
) -> None:
    demo = ok(minutebook("demo", "--no-open", db=laptop)).strip()
    dump_file = tmp_path / "meeting.json"
    dump_file.write_text(ok(minutebook("dump", demo, db=laptop)))
    ok(minutebook("load", str(dump_file), db=server))
    everything = json.loads(
        ok(minutebook("actions", "--status", "all", "--format", "json", db=server))
    )
    assert everything, "the demo meeting has actions"
    word = everything[0]["action"].split()[0]
    prefix = word[: max(2, len(word) - 2)]
    found = json.loads(
        ok(minutebook("actions", prefix, "--status", "all", "--format", "json", db=server))
    )
    assert everything[0]["id"] in [record["id"] for record in found]
    assert all(prefix.lower() in json.dumps(record, ensure_ascii=False).lower() for record in found)


def test_bad_input_on_postgresql_is_one_line(server: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    for result in (
        minutebook("load", str(bad), db=server),
        minutebook("dump", "99", db=server),
        minutebook("actions", "status:finished", db=server),
    ):
        assert result.returncode == 2, result
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith("minutebook: ")


def test_an_unreachable_server_is_one_line() -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    result = minutebook("meetings", db=f"postgresql+psycopg://clerk@127.0.0.1:{port}/minutes")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"minutebook: cannot reach the database server 127.0.0.1:{port}"
    )
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
