"""Run minutebook with a database that refuses writes while a flag file exists.

    python tests/faults/refusing_minutebook.py FLAG [minutebook arguments...]

While FLAG exists, every INSERT, UPDATE or DELETE fails with the very error SQLite gives
for a read-only database file. This stands in for a file that turns read-only under a
running app: a real one cannot be made from outside, because SQLite keeps writing
through the descriptors it already holds (test_save_faults.py shows that too).
"""

from __future__ import annotations

import sqlite3
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def main() -> None:
    flag = Path(sys.argv[1])
    sys.argv = ["minutebook", *sys.argv[2:]]

    @event.listens_for(Engine, "before_cursor_execute")
    def refuse_writes(
        _connection: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if flag.exists() and statement.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("attempt to write a readonly database")

    # Whatever the installed `minutebook` command runs, run it here.
    [script] = entry_points(group="console_scripts", name="minutebook")
    sys.exit(script.load()())


if __name__ == "__main__":
    main()
