"""Files that are not a usable minutebook database, given to the app's entry points.

`minutebook --db FILE` and `minutebook --db FILE open 1` must each say so in one line on
stderr, exit with status 2, and leave the file exactly as it was.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import MINUTEBOOK, FaultLog, make_meetings
from tests.faults.test_save_faults import LOCKER

pytestmark = pytest.mark.faults

NOBODY = 65534
"""The uid and gid of a user with no rights of its own."""
AS_NOBODY = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


def not_sqlite(path: Path) -> None:
    path.write_text("Minutes of the Board, typed in a text editor.\n" * 50)


def random_after_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(1).randbytes(16000))


def pages_overwritten(path: Path) -> None:
    """A real minutebook database whose pages after the first are overwritten."""
    make_meetings(path, 3)
    data = bytearray(path.read_bytes())
    noise = random.Random(2).randbytes(len(data) - 4096)
    path.write_bytes(bytes(data[:4096]) + noise)


def truncated(path: Path) -> None:
    """A real minutebook database cut short, as a copy interrupted half way leaves it."""
    make_meetings(path, 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "not SQLite at all": not_sqlite,
    "SQLite header then noise": random_after_header,
    "pages after the first overwritten": pages_overwritten,
    "cut to a third of its length": truncated,
}


CASES = [(damage, ("open", "1")) for damage in BAD_FILES] + [
    (damage, ()) for damage in ("not SQLite at all", "pages after the first overwritten")
]
"""Every damage through `open`; the home screen's entry with two of them."""


@pytest.mark.parametrize(
    ("damage", "entry"),
    CASES,
    ids=[f"{damage}-{'open' if entry else 'home'}" for damage, entry in CASES],
)
def test_a_bad_file_gets_one_clear_line_and_is_left_untouched(
    damage: str,
    entry: tuple[str, ...],
    tmp_path: Path,
    app_env: dict[str, str],
    fault_log: FaultLog,
) -> None:
    path = tmp_path / "minutes.db"
    BAD_FILES[damage](path)
    before = path.read_bytes()
    files_before = sorted(os.listdir(tmp_path))
    result = subprocess.run(
        [MINUTEBOOK, "--db", str(path), *entry],
        env={**os.environ, **app_env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    untouched = path.read_bytes() == before
    fault_log.record(
        f"bad database file ({damage}), minutebook {' '.join(entry) or '(home)'}",
        1,
        int(not untouched),
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("minutebook: "), result.stderr
    assert "minutes.db" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert untouched
    assert sorted(os.listdir(tmp_path)) == files_before


@pytest.mark.parametrize(
    ("folder_mode", "said"),
    [(0o755, "is not writable"), (0o1777, "it belongs to root and you may not write to it")],
    ids=["folder and file theirs", "file theirs in a shared folder"],
)
def test_new_on_a_database_another_user_owns_is_refused_in_one_line(
    folder_mode: int, said: str, fault_log: FaultLog
) -> None:
    """A clerk without write permission on the team's file (mode 0644, someone else's)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as another user needs root and setpriv")
    with tempfile.TemporaryDirectory() as shared:  # pytest's own folders are root's alone
        folder = Path(shared)
        folder.chmod(folder_mode)
        database = folder / "minutes.db"
        make_meetings(database, 1)
        database.chmod(0o644)
        home = folder / "clerk"
        home.mkdir()
        os.chown(home, NOBODY, NOBODY)
        before = database.read_bytes()
        results = [
            subprocess.run(
                [*AS_NOBODY, MINUTEBOOK, "--db", str(database), *command],
                env={**os.environ, "HOME": str(home), "MINUTEBOOK_CONFIG_DIR": str(home / "c")},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=60,
            )
            for command in (["new", "Board", "--date", "2024-06-01"], ["open", "1"])
        ]
        untouched = database.read_bytes() == before
        left = sorted(os.listdir(folder))
    fault_log.record(
        f"minutebook new and open on a database another user owns ({oct(folder_mode)})",
        2,
        int(not untouched),
    )
    for result in results:
        lines = result.stderr.splitlines()
        assert result.returncode == 2, result.stderr
        assert len(lines) == 1 and said in lines[0], result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    assert untouched
    assert left == ["clerk", "minutes.db"]  # no -wal or -shm of ours to lock its owner out


def test_writers_to_a_database_another_program_holds_are_refused_in_one_line(
    tmp_path: Path, app_env: dict[str, str], fault_log: FaultLog
) -> None:
    """Another writer (a long `load`, say) holds the file for longer than SQLite waits
    (5 s): `load` and `new` each say the database is locked, exit 2, and add nothing."""
    source, target = tmp_path / "laptop.db", tmp_path / "team.db"
    make_meetings(source, 1)
    make_meetings(target, 1)
    dump = tmp_path / "meeting.json"
    env = {**os.environ, **app_env}
    subprocess.run(
        [MINUTEBOOK, "--db", str(source), "dump", "1", "-o", str(dump)], env=env, check=True
    )
    with subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as locker:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        results = [
            subprocess.run(
                [MINUTEBOOK, "--db", str(target), *command],
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=60,
            )
            for command in (["load", str(dump)], ["new", "Board", "--date", "2024-06-01"])
        ]
        assert locker.stdin is not None
        locker.stdin.write("\n")
        locker.stdin.close()
    meetings = subprocess.run(
        [MINUTEBOOK, "--db", str(target), "meetings"], env=env, capture_output=True, text=True
    )
    added = len(meetings.stdout.splitlines()) - 1
    fault_log.record("load and new while another program holds the database", 2, added)
    for result in results:
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            "minutebook: cannot use the database: the database is locked by another program\n"
        )
    assert added == 0
    assert not list((tmp_path / "config").glob("crash-*"))
