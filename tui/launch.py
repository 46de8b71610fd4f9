"""The `minutebook` console script.

`minutebook` and `minutebook open MEETING` go straight to the screens (`tui.startup`)
without loading the command-line framework (Typer and what it imports cost as much as
Textual itself); every other command goes through `tui.cli`, imported only then. No other
module of the app imports this one, so the dependency runs one way: launch to cli.
Whatever goes wrong ends in one line on stderr.
"""

from __future__ import annotations

import os
import sys

from storage.errors import MinutebookError
from tui.startup import EXIT_BAD_INPUT, ScreensRequest, open_screens


def screens_request(args: list[str]) -> ScreensRequest | None:
    """The request, if the arguments are that simple; None sends them to the full CLI."""
    db = os.environ.get("MINUTEBOOK_DB") or None
    rest = list(args)
    if len(rest) >= 2 and rest[0] == "--db":
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if not rest:
        return ScreensRequest(db, None)
    if len(rest) == 2 and rest[0] == "open" and not rest[1].startswith("-"):
        return ScreensRequest(db, rest[1])
    return None


def main() -> None:
    request = screens_request(sys.argv[1:])
    try:
        if request is None:
            from tui.cli import run_command

            run_command()
        else:
            open_screens(request)
    except MinutebookError as error:
        print(f"minutebook: {error}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if refused_by_database(error):
            from tui.problems import describe_failure

            print(
                f"minutebook: cannot use the database: {describe_failure(error)}", file=sys.stderr
            )
            sys.exit(EXIT_BAD_INPUT)
        from storage.files import write_crash_report

        print(
            f"minutebook: unexpected error; the details are in {write_crash_report()}",
            file=sys.stderr,
        )
        sys.exit(1)


def refused_by_database(error: BaseException) -> bool:
    """The database said no (read-only, locked, full, damaged): the clerk's to mend, no bug.
    Read from the class's module, so that this costs no import of SQLAlchemy."""
    for failure in (error, getattr(error, "orig", None)):
        kind = type(failure)
        if kind.__module__.startswith(("sqlalchemy.exc", "sqlite3", "psycopg")) and (
            kind.__name__ in ("OperationalError", "DatabaseError")
        ):
            return True
    return False
