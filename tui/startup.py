"""Opening the screens, for both ways in: the console script and the command line.

`tui.launch` (the console script) comes here straight from the arguments, without loading
the command-line framework; `tui.cli` comes here for `minutebook`, `open` and `demo`.
Importing this module costs nothing beyond the standard library: Textual, SQLAlchemy and
the repository are loaded only by the function that needs them, in the order that lets
the database open while Textual loads.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from storage.quick import Store

EXIT_BAD_INPUT = 2
"""The exit status of a mistake the user can mend: bad arguments, an unknown meeting, a
malformed file, a database that refuses."""


class ScreensRequest(NamedTuple):
    """Arguments that only open the screens: `[--db TARGET] [open MEETING]`."""

    db: str | None
    meeting: str | None


def repository_for_screens(db: str | None) -> Store:
    """On an up-to-date SQLite file or server the repository opens in the background while
    the first screen draws (storage.quick); anything else is opened here and now."""
    from storage.quick import open_quickly

    opening = open_quickly(db)
    if opening is not None:
        return opening
    from storage import open_repository

    return open_repository(db)


def run_app(repository: Store, meeting_id: int | None = None) -> None:
    from tui.app import MinutebookApp

    if sys.platform != "win32":
        from tui.terminal_input import read_any_byte

        read_any_byte()
    app = MinutebookApp(repository, meeting_id=meeting_id)
    app.owns_the_process = True
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
