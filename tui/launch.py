"""The `minutebook` console script.

`minutebook` and `minutebook open MEETING` go straight to the screens without loading the
command-line framework (Typer and what it imports cost as much as Textual itself); every
other command goes through `tui.cli`. Whatever goes wrong ends in one line on stderr.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from typing import TYPE_CHECKING, NamedTuple, cast

from storage.errors import MinutebookError

if TYPE_CHECKING:
    from storage.repository import Repository

EXIT_BAD_INPUT = 2


class ScreensRequest(NamedTuple):
    """Arguments that only open the screens: `[--db TARGET] [open MEETING]`."""

    db: str | None
    meeting: str | None


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


def repository_for_screens(db: str | None) -> Repository:
    """On an up-to-date SQLite file the repository opens in the background while the first
    screen draws (storage.quick); anything else is opened here and now."""
    from storage.quick import open_quickly

    opening = open_quickly(db)
    if opening is not None:
        return cast("Repository", opening)
    from storage import open_repository

    return open_repository(db)


def run_app(repository: Repository, meeting_id: int | None = None) -> None:
    from tui.app import MinutebookApp

    if sys.platform != "win32":
        from tui.terminal_input import read_any_byte

        read_any_byte()
    app = MinutebookApp(repository, meeting_id=meeting_id)
    # The app's own loop, not asyncio.run's, which at the end waits for every worker thread:
    # one may be waiting on a server that has stopped answering, for minutes.
    loop = asyncio.new_event_loop()
    app.run(loop=loop)
    if app.database_refused:
        # Every word is in the database or the recovery file: nothing is left to wait for.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(app.return_code or 1)
    loop.run_until_complete(loop.shutdown_default_executor())
    loop.close()
    if app.return_code:  # an unexpected error, or notes kept in a recovery file
        sys.exit(app.return_code)


def open_screens(request: ScreensRequest) -> None:
    # Importing Textual and building the first screen allocate enough to set off several
    # full garbage collections, each walking every object loaded so far; nothing made on
    # the way is garbage worth the wait. The app turns the collector back on once the
    # first screen is drawn.
    gc.disable()
    repository = repository_for_screens(request.db)
    meeting_id = repository.resolve_meeting(request.meeting) if request.meeting else None
    run_app(repository, meeting_id)


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
            from tui.saving import describe_failure

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
